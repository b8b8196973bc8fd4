import ExcelJS from 'exceljs';
import { asc, eq } from 'drizzle-orm';
import { programmeDocument, type ProgrammeDocument, type Programme } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { organizations } from '../org/index.js';
import { createProgramme, loadProgramme, unitsOf } from './programme.service.js';
import { programmeIndicators, programmes, programmeTasks } from './programme.table.js';

/** The whole programme as the JSON document POST /api/v1/programmes takes. */
export async function exportDocument(deps: Deps, ctx: RequestContext, id: string): Promise<ProgrammeDocument> {
  const db = deps.database.db;
  const p = await loadProgramme(db, actorOf(ctx), id);
  return documentOf(db, p.id);
}

async function documentOf(db: DbOrTx, programmeId: string): Promise<ProgrammeDocument> {
  const [p] = await db.select().from(programmes).where(eq(programmes.id, programmeId));
  if (!p) throw new AppError('PROGRAMME_NOT_FOUND');
  const units = await unitsOf(db, programmeId);
  const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const name = (id: string) => units.byId.get(id)?.name ?? '';
  const indicators = await db
    .select()
    .from(programmeIndicators)
    .where(eq(programmeIndicators.programmeId, programmeId))
    .orderBy(asc(programmeIndicators.position));
  const tasks = await db
    .select()
    .from(programmeTasks)
    .where(eq(programmeTasks.programmeId, programmeId))
    .orderBy(asc(programmeTasks.kind), asc(programmeTasks.position));
  return {
    title: p.title,
    issuer: p.issuer,
    documentNumber: p.documentNumber,
    issuedOn: p.issuedOn,
    divisionCode: p.divisionCode,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    baselineYear: p.baselineYear,
    status: p.status,
    reportingCycle: p.reportingCycle,
    reportDueDays: p.reportDueDays,
    reminderDaysBefore: p.reminderDaysBefore,
    summary: p.summary,
    objectives: p.objectives,
    units: [...units.byId.values()].map((u) =>
      u.orgId ? { name: u.name, orgName: orgName.get(u.orgId) ?? u.name } : { name: u.name, orgId: null },
    ),
    indicators: indicators.map((i) => ({
      ...(i.code ? { code: i.code } : {}),
      category: i.category,
      name: i.name,
      unit: i.unit,
      kind: i.kind,
      direction: i.direction,
      baselineValue: i.baselineValue,
      baselineYear: i.baselineYear,
      targetYear: i.targetYear,
      targetValue: i.targetValue,
      targetRelativePercent: i.targetRelativePercent,
      boundInclusive: i.boundInclusive,
      targetText: i.targetText,
      formula: { ...i.formula, multiplier: i.formula.multiplier ?? 1 },
      leadUnits: i.leadUnitIds.map(name),
      responsibleUnits: i.responsibleUnitIds.map(name),
      ...(i.note ? { note: i.note } : {}),
    })),
    tasks: tasks.map((t) => ({
      kind: t.kind,
      number: t.number,
      section: t.section,
      title: t.title,
      text: t.text,
      year: t.year,
      deadline: t.deadline,
      leadUnits: t.leadUnitIds.map(name),
      responsibleUnits: t.responsibleUnitIds.map(name),
      milestones: t.milestones.map((m) => ({ title: m.title, done: m.done, ...(m.due ? { due: m.due } : {}) })),
    })),
  };
}

// ---- Excel ----

const LIST_SEP = '、';
const META_ROWS: [keyof ProgrammeDocument, string][] = [
  ['title', '标题 Title'],
  ['issuer', '发文机关 Issuer'],
  ['documentNumber', '发文字号 Document number'],
  ['issuedOn', '成文日期 Issued on'],
  ['divisionCode', '行政区划 Division code'],
  ['periodStart', '规划期起 Period start'],
  ['periodEnd', '规划期止 Period end'],
  ['baselineYear', '基期年 Baseline year'],
  ['status', '状态 Status'],
  ['reportingCycle', '报送周期 Reporting cycle (monthly/quarterly)'],
  ['reportDueDays', '期末后报送天数 Report due days'],
  ['reminderDaysBefore', '提前提醒天数 Reminder days before'],
  ['summary', '说明 Summary'],
];
const INDICATOR_COLS = [
  ['code', '序号 No.'],
  ['category', '类别 Category (core/sub)'],
  ['name', '指标 Indicator'],
  ['unit', '单位 Unit'],
  ['kind', '属性 Kind (expected/binding)'],
  ['direction', '方向 Direction (decrease/increase/upper_bound/lower_bound)'],
  ['baselineValue', '基期值 Baseline value'],
  ['baselineYear', '基期年 Baseline year'],
  ['targetYear', '目标年 Target year'],
  ['targetValue', '目标值 Target value'],
  ['targetRelativePercent', '相对目标% Relative target %'],
  ['boundInclusive', '含边界 Bound inclusive (是/否)'],
  ['targetText', '目标表述 Target as written'],
  ['numerator', '分子统计项 Numerator statistic'],
  ['denominator', '分母统计项 Denominator statistic'],
  ['multiplier', '系数 Multiplier'],
  ['leadUnits', '牵头单位 Lead units (、)'],
  ['responsibleUnits', '责任单位 Responsible units (、)'],
  ['note', '备注 Note'],
] as const;
const TASK_COLS = [
  ['number', '编号 No.'],
  ['section', '章节 Section'],
  ['title', '标题 Title'],
  ['text', '内容 Text'],
  ['year', '年度 Year'],
  ['deadline', '期限 Deadline (YYYY-MM-DD)'],
  ['leadUnits', '牵头单位 Lead units (、)'],
  ['responsibleUnits', '责任单位 Responsible units (、)'],
  ['milestones', '里程碑 Milestones (、)'],
] as const;
const TASK_SHEETS = [
  ['task', '重点任务'],
  ['project', '重点工程'],
  ['campaign', '专项整治'],
] as const;
const UNIT_COLS = [
  ['name', '文件中的单位名称 Unit as named'],
  ['orgName', '平台单位名称 Organisation (blank: none)'],
] as const;

function sheet(wb: ExcelJS.Workbook, name: string, headers: readonly (readonly [string, string])[], rows: unknown[][]) {
  const ws = wb.addWorksheet(name);
  ws.columns = headers.map(([key, header]) => ({ key, header, width: key === 'text' ? 60 : 18 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function exportXlsx(deps: Deps, ctx: RequestContext, id: string): Promise<Buffer> {
  const doc = await exportDocument(deps, ctx, id);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Yingji';
  sheet(
    wb,
    '方案',
    [
      ['field', '字段 Field'],
      ['label', '说明 Label'],
      ['value', '值 Value'],
    ],
    META_ROWS.map(([k, label]) => [k, label, doc[k] as string | number | null]),
  );
  sheet(
    wb,
    '指标',
    INDICATOR_COLS,
    doc.indicators.map((i) => [
      i.code ?? '',
      i.category,
      i.name,
      i.unit,
      i.kind,
      i.direction,
      i.baselineValue,
      i.baselineYear,
      i.targetYear,
      i.targetValue,
      i.targetRelativePercent,
      i.boundInclusive ? '是' : '否',
      i.targetText,
      i.formula.numerator,
      i.formula.denominator ?? '',
      i.formula.multiplier,
      i.leadUnits.join(LIST_SEP),
      i.responsibleUnits.join(LIST_SEP),
      i.note ?? '',
    ]),
  );
  for (const [kind, name] of TASK_SHEETS)
    sheet(
      wb,
      name,
      TASK_COLS,
      doc.tasks
        .filter((t) => t.kind === kind)
        .map((t) => [
          t.number,
          t.section,
          t.title,
          t.text,
          t.year,
          t.deadline,
          t.leadUnits.join(LIST_SEP),
          t.responsibleUnits.join(LIST_SEP),
          t.milestones.map((m) => m.title).join(LIST_SEP),
        ]),
    );
  sheet(
    wb,
    '单位',
    UNIT_COLS,
    doc.units.map((u) => [u.name, u.orgName ?? '']),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface CellIssue {
  sheet: string;
  row: number | null;
  field: string;
  message: string;
}

function cellValue(v: ExcelJS.CellValue): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v)
    return (
      v.richText
        .map((t) => t.text)
        .join('')
        .trim() || null
    );
  if (typeof v === 'object' && 'result' in v) return cellValue(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  // Error cells (#N/A …) carry no value.
  return null;
}

function rowsOf(
  ws: ExcelJS.Worksheet | undefined,
  keys: readonly string[],
): { row: number; v: Record<string, unknown> }[] {
  if (!ws) return [];
  const out: { row: number; v: Record<string, unknown> }[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const v: Record<string, unknown> = {};
    keys.forEach((k, i) => (v[k] = cellValue(r.getCell(i + 1).value)));
    if (Object.values(v).some((x) => x !== null)) out.push({ row: n, v });
  });
  return out;
}

const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(/[、,，;；]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Reads the workbook export.xlsx writes (sheets 方案, 指标, 重点任务, 重点工程, 专项整治, 单位). */
export async function parseProgrammeXlsx(buffer: Buffer): Promise<ProgrammeDocument> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_FILE_INVALID');
  }
  const meta = wb.getWorksheet('方案');
  if (!meta)
    throw new AppError('PROGRAMME_IMPORT_INVALID', [
      { sheet: '方案', row: null, field: '', message: 'sheet 方案 is missing' },
    ]);
  const raw: Record<string, unknown> = {};
  const metaRows = new Map<string, number>();
  for (const { row, v } of rowsOf(meta, ['field', 'label', 'value'])) {
    const key = str(v.field);
    const numeric = ['periodStart', 'periodEnd', 'baselineYear', 'reportDueDays', 'reminderDaysBefore'].includes(key);
    raw[key] = numeric ? num(v.value) : v.value === null ? undefined : str(v.value);
    metaRows.set(key, row);
  }
  const indicatorRows = rowsOf(
    wb.getWorksheet('指标'),
    INDICATOR_COLS.map(([k]) => k),
  );
  raw.indicators = indicatorRows.map(({ v }) => ({
    ...(v.code !== null ? { code: str(v.code) } : {}),
    category: v.category ?? undefined,
    name: str(v.name),
    unit: str(v.unit),
    kind: v.kind ?? undefined,
    direction: v.direction,
    baselineValue: num(v.baselineValue),
    baselineYear: num(v.baselineYear),
    targetYear: num(v.targetYear),
    targetValue: num(v.targetValue),
    targetRelativePercent: num(v.targetRelativePercent),
    boundInclusive: v.boundInclusive === '是' || v.boundInclusive === true || v.boundInclusive === 'true',
    targetText: str(v.targetText),
    formula: {
      numerator: str(v.numerator),
      ...(v.denominator ? { denominator: str(v.denominator) } : {}),
      multiplier: num(v.multiplier) ?? 1,
    },
    leadUnits: list(v.leadUnits),
    responsibleUnits: list(v.responsibleUnits),
    ...(v.note ? { note: str(v.note) } : {}),
  }));
  const taskRows: { sheet: string; row: number }[] = [];
  const tasks: unknown[] = [];
  for (const [kind, name] of TASK_SHEETS)
    for (const { row, v } of rowsOf(
      wb.getWorksheet(name),
      TASK_COLS.map(([k]) => k),
    )) {
      taskRows.push({ sheet: name, row });
      tasks.push({
        kind,
        number: str(v.number),
        section: str(v.section),
        title: str(v.title),
        text: str(v.text),
        year: num(v.year),
        deadline: v.deadline ? str(v.deadline) : null,
        leadUnits: list(v.leadUnits),
        responsibleUnits: list(v.responsibleUnits),
        milestones: list(v.milestones).map((title) => ({ title, done: false })),
      });
    }
  raw.tasks = tasks;
  raw.units = rowsOf(
    wb.getWorksheet('单位'),
    UNIT_COLS.map(([k]) => k),
  ).map(({ v }) => (v.orgName ? { name: str(v.name), orgName: str(v.orgName) } : { name: str(v.name), orgId: null }));
  const parsed = programmeDocument.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues: CellIssue[] = parsed.error.issues.map((i) => {
    const [head, idx, field] = i.path;
    if (head === 'indicators' && typeof idx === 'number')
      return { sheet: '指标', row: indicatorRows[idx]?.row ?? null, field: String(field ?? ''), message: i.message };
    if (head === 'tasks' && typeof idx === 'number')
      return {
        sheet: taskRows[idx]?.sheet ?? '',
        row: taskRows[idx]?.row ?? null,
        field: String(field ?? ''),
        message: i.message,
      };
    return { sheet: '方案', row: metaRows.get(String(head)) ?? null, field: String(head ?? ''), message: i.message };
  });
  throw new AppError('PROGRAMME_IMPORT_INVALID', issues.slice(0, 100));
}

export async function importXlsx(deps: Deps, ctx: RequestContext, buffer: Buffer): Promise<Programme> {
  return createProgramme(deps, ctx, await parseProgrammeXlsx(buffer));
}
