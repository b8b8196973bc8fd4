import ExcelJS from 'exceljs';
import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  createTeamBody,
  createWarehouseBody,
  IMPORT_MAX_PROBLEMS,
  IMPORT_MAX_ROWS,
  type ErrorCode,
} from '@yingji/contracts';
import { actorOf, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { errorMessage } from '../../platform/i18n.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { divisions } from '../divisions/index.js';
import {
  issueField,
  issueMessage,
  matchHeader,
  plainCell,
  rowToBody,
  type HeaderMatch,
  type ImportProblem,
  type PlainCell,
  type SheetColumn,
} from './import.rules.js';
import { teamValues, warehouseValues } from './resources.service.js';
import { TEAM_COLUMNS, WAREHOUSE_COLUMNS } from './resources.sheets.js';
import { teams, warehouses } from './resources.table.js';

interface SheetRow {
  /** The row number Excel shows. */
  row: number;
  body: Record<string, unknown>;
}

/**
 * Reads the first worksheet: the first non-empty row is the header, every later non-blank row
 * is data. An unreadable file, a header without the required columns, no rows or too many are
 * refused as a whole.
 */
async function readSheet<T>(file: Buffer, columns: SheetColumn<T>[]) {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_FILE_INVALID');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_FILE_INVALID');
  const lines: { row: number; cells: Map<number, PlainCell> }[] = [];
  ws.eachRow({ includeEmpty: false }, (r, row) => {
    const cells = new Map<number, PlainCell>();
    r.eachCell({ includeEmpty: false }, (cell, col) => {
      const v = plainCell(cell.value);
      if (v !== null && !(typeof v === 'string' && v.trim() === '')) cells.set(col, v);
    });
    if (cells.size) lines.push({ row, cells });
  });
  const [head, ...data] = lines;
  if (!head) throw new AppError('IMPORT_NO_ROWS');
  const headers = new Map<number, string>();
  for (const [col, v] of head.cells) headers.set(col, v instanceof Date ? v.toISOString() : String(v));
  const match: HeaderMatch<T> = matchHeader(columns, headers);
  if (match.missing.length) {
    throw new AppError('IMPORT_COLUMNS_MISSING', {
      missing: match.missing.map((c) => ({ field: c.key, zh: c.zh, en: c.en })),
    });
  }
  const rows: SheetRow[] = [];
  for (const { row, cells } of data) {
    const { body, blank } = rowToBody(match.byColumn, cells);
    if (!blank) rows.push({ row, body });
  }
  if (rows.length === 0) throw new AppError('IMPORT_NO_ROWS');
  if (rows.length > IMPORT_MAX_ROWS)
    throw new AppError('IMPORT_TOO_MANY_ROWS', { max: IMPORT_MAX_ROWS, rows: rows.length });
  return { rows, headerOf: match.headerOf };
}

/**
 * Every row through the create endpoint's schema, then every division through the scope rule
 * (unknown code: DIVISION_UNKNOWN, outside the caller's scope: OUT_OF_SCOPE). Any problem
 * refuses the whole file with IMPORT_ROWS_INVALID and the problems by row.
 */
async function validateRows<S extends z.ZodType<{ divisionCode: string }>>(
  deps: Deps,
  ctx: RequestContext,
  schema: S,
  sheet: { rows: SheetRow[]; headerOf: Map<string, string> },
): Promise<z.output<S>[]> {
  const actor = actorOf(ctx);
  const problems: ImportProblem[] = [];
  const valid: { row: number; data: z.output<S> }[] = [];
  // The division of every row that gives a well-formed one, so a row is told all it needs at once.
  const placed: { row: number; divisionCode: string }[] = [];
  for (const { row, body } of sheet.rows) {
    const parsed = schema.safeParse(body, { reportInput: true });
    if (parsed.success) {
      valid.push({ row, data: parsed.data });
      placed.push({ row, divisionCode: parsed.data.divisionCode });
      continue;
    }
    for (const issue of parsed.error.issues) {
      problems.push({
        row,
        ...issueField(issue, sheet.headerOf),
        code: 'VALIDATION_FAILED',
        message: issueMessage(issue, ctx.locale),
      });
    }
    const code = body.divisionCode;
    if (typeof code === 'string' && !parsed.error.issues.some((i) => i.path[0] === 'divisionCode')) {
      placed.push({ row, divisionCode: code });
    }
  }
  const codes = [...new Set(placed.map((p) => p.divisionCode))];
  const known = new Set(
    codes.length
      ? (
          await deps.database.db.select({ code: divisions.code }).from(divisions).where(inArray(divisions.code, codes))
        ).map((d) => d.code)
      : [],
  );
  const column = sheet.headerOf.get('divisionCode') ?? null;
  for (const { row, divisionCode } of placed) {
    const code: ErrorCode | null = !known.has(divisionCode)
      ? 'DIVISION_UNKNOWN'
      : isInScope(actor.divisionCode, divisionCode)
        ? null
        : 'OUT_OF_SCOPE';
    if (code) problems.push({ row, field: 'divisionCode', column, code, message: errorMessage(code, ctx.locale) });
  }
  if (problems.length) {
    // By row, and within a row in the order of the sheet's columns.
    const keys = [...sheet.headerOf.keys()];
    const rank = (field: string) => {
      const i = keys.findIndex((k) => field === k || field.startsWith(`${k}.`));
      return i < 0 ? keys.length : i;
    };
    problems.sort((a, b) => a.row - b.row || rank(a.field) - rank(b.field));
    throw new AppError('IMPORT_ROWS_INVALID', problems.slice(0, IMPORT_MAX_PROBLEMS));
  }
  return valid.map((v) => v.data);
}

/** 批量导入救援队伍: all rows or none, one audit row and one event per team. */
export async function importTeams(deps: Deps, ctx: RequestContext, file: Buffer): Promise<{ created: number }> {
  const sheet = await readSheet(file, TEAM_COLUMNS);
  const inputs = await validateRows(deps, ctx, createTeamBody, sheet);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const rows = await tx.insert(teams).values(inputs.map(teamValues)).returning();
    for (const row of rows) {
      await recordAudit(tx, ctx, { action: 'team.import', entity: 'team', entityId: row.id, after: row });
      emit({ type: 'team.created', divisionCode: row.divisionCode, entity: 'team', entityId: row.id });
    }
    return { created: rows.length };
  });
}

/** 批量导入储备库: all rows or none, one audit row and one event per warehouse. */
export async function importWarehouses(deps: Deps, ctx: RequestContext, file: Buffer): Promise<{ created: number }> {
  const sheet = await readSheet(file, WAREHOUSE_COLUMNS);
  const inputs = await validateRows(deps, ctx, createWarehouseBody, sheet);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const rows = await tx.insert(warehouses).values(inputs.map(warehouseValues)).returning();
    for (const row of rows) {
      await recordAudit(tx, ctx, { action: 'warehouse.import', entity: 'warehouse', entityId: row.id, after: row });
      emit({ type: 'warehouse.created', divisionCode: row.divisionCode, entity: 'warehouse', entityId: row.id });
    }
    return { created: rows.length };
  });
}
