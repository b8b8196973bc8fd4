import ExcelJS from 'exceljs';
import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  createEquipmentBody,
  createExpertBody,
  createShelterBody,
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
import type { DbOrTx } from '../../db/client.js';
import { equipmentValues, expertValues, shelterValues } from './registries.service.js';
import { teamValues, warehouseValues } from './resources.service.js';
import {
  EQUIPMENT_COLUMNS,
  EXPERT_COLUMNS,
  SHELTER_COLUMNS,
  TEAM_COLUMNS,
  WAREHOUSE_COLUMNS,
} from './resources.sheets.js';
import { equipment, experts, shelters, teams, warehouses } from './resources.table.js';

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
  check?: (rows: { row: number; data: z.output<S> }[]) => Promise<ImportProblem[]>,
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
  if (check) {
    for (const p of await check(valid))
      problems.push({ ...p, column: p.column ?? sheet.headerOf.get(p.field) ?? null });
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

interface ImportSpec<S extends z.ZodType<{ divisionCode: string }>, T> {
  /** The audited entity and the prefix of its audit action and event (`team` → `team.import`, `team.created`). */
  entity: 'team' | 'warehouse' | 'shelter' | 'equipment' | 'expert';
  columns: SheetColumn<T>[];
  schema: S;
  /** Inserts the validated rows and returns them as stored. */
  insert: (tx: DbOrTx, inputs: z.output<S>[]) => Promise<{ id: string; divisionCode: string }[]>;
  /** Checks beyond the schema and the division, per row (e.g. a referenced record in scope). */
  check?: (deps: Deps, ctx: RequestContext, rows: { row: number; data: z.output<S> }[]) => Promise<ImportProblem[]>;
}

/** 批量导入: all rows or none, one audit row and one event per record. */
function importer<S extends z.ZodType<{ divisionCode: string }>, T>(spec: ImportSpec<S, T>) {
  return async (deps: Deps, ctx: RequestContext, file: Buffer): Promise<{ created: number }> => {
    const sheet = await readSheet(file, spec.columns);
    const check = spec.check;
    const inputs = await validateRows(deps, ctx, spec.schema, sheet, check && ((rows) => check(deps, ctx, rows)));
    return transact(deps.database, deps.bus, async ({ tx, emit }) => {
      const rows = await spec.insert(tx, inputs);
      for (const row of rows) {
        await recordAudit(tx, ctx, {
          action: `${spec.entity}.import`,
          entity: spec.entity,
          entityId: row.id,
          after: row,
        });
        emit({ type: `${spec.entity}.created`, divisionCode: row.divisionCode, entity: spec.entity, entityId: row.id });
      }
      return { created: rows.length };
    });
  };
}

/** 批量导入救援队伍. */
export const importTeams = importer({
  entity: 'team',
  columns: TEAM_COLUMNS,
  schema: createTeamBody,
  insert: (tx, inputs) => tx.insert(teams).values(inputs.map(teamValues)).returning(),
});

/** 批量导入储备库. */
export const importWarehouses = importer({
  entity: 'warehouse',
  columns: WAREHOUSE_COLUMNS,
  schema: createWarehouseBody,
  insert: (tx, inputs) => tx.insert(warehouses).values(inputs.map(warehouseValues)).returning(),
});

/** 批量导入应急避难场所. */
export const importShelters = importer({
  entity: 'shelter',
  columns: SHELTER_COLUMNS,
  schema: createShelterBody,
  insert: (tx, inputs) =>
    tx
      .insert(shelters)
      .values(inputs.map((i) => shelterValues(i) as typeof shelters.$inferInsert))
      .returning(),
});

/** 批量导入装备: an owner team, when given, must exist within the caller's scope (else TEAM_NOT_FOUND). */
export const importEquipment = importer({
  entity: 'equipment',
  columns: EQUIPMENT_COLUMNS,
  schema: createEquipmentBody,
  insert: (tx, inputs) =>
    tx
      .insert(equipment)
      .values(inputs.map((i) => equipmentValues(i) as typeof equipment.$inferInsert))
      .returning(),
  check: async (deps, ctx, rows) => {
    const ids = [...new Set(rows.flatMap((r) => (r.data.ownerTeamId ? [r.data.ownerTeamId] : [])))];
    if (!ids.length) return [];
    const actor = actorOf(ctx);
    const found = await deps.database.db
      .select({ id: teams.id, divisionCode: teams.divisionCode })
      .from(teams)
      .where(inArray(teams.id, ids));
    const visible = new Set(found.filter((t) => isInScope(actor.divisionCode, t.divisionCode)).map((t) => t.id));
    return rows
      .filter((r) => r.data.ownerTeamId && !visible.has(r.data.ownerTeamId))
      .map((r) => ({
        row: r.row,
        field: 'ownerTeamId',
        column: null,
        code: 'TEAM_NOT_FOUND',
        message: errorMessage('TEAM_NOT_FOUND', ctx.locale),
      }));
  },
});

/** 批量导入专家. */
export const importExperts = importer({
  entity: 'expert',
  columns: EXPERT_COLUMNS,
  schema: createExpertBody,
  insert: (tx, inputs) =>
    tx
      .insert(experts)
      .values(inputs.map((i) => expertValues(i) as typeof experts.$inferInsert))
      .returning(),
});
