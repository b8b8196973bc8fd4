import { and, asc, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Indicator,
  IndicatorStatus,
  ProgressReport,
  Programme,
  ProgrammeDocument,
  ProgrammeTask,
  ProgrammeTaskStatus,
  ProgrammeUnit,
  progressBody,
  programmeQuery,
  programmeTaskQuery,
  updateProgrammeBody,
} from '@yingji/contracts';
import { INDICATOR_STATUSES, PROGRAMME_TASK_STATUSES } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope, parentOf } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, escapeLike, inScope } from '../divisions/index.js';
import { organizations } from '../org/index.js';
import {
  deadlineOf,
  defaultYear,
  dueDateOf,
  evaluateFormula,
  expectedValue,
  formatDay,
  formulaStatistics,
  indicatorStatus,
  isOverdue,
  periodFromKey,
  reportingPeriod,
  resolveTarget,
  taskPercent,
  taskStatus,
  type Period,
} from './programme.rules.js';
import { resolveStatistics } from './programme.statistics.js';
import {
  programmeIndicators,
  programmeReports,
  programmes,
  programmeTasks,
  programmeUnits,
  type ProgrammeRow,
  type ProgrammeTaskRow,
  type ProgrammeUnitRow,
  type ProgressReportRow,
} from './programme.table.js';

type UpdateInput = z.infer<typeof updateProgrammeBody>;
type TaskQuery = z.infer<typeof programmeTaskQuery>;
type ProgressInput = z.infer<typeof progressBody>;

// ---- who may see what ----

export function canManage(actor: Actor): boolean {
  return actor.permissions.includes('programme.manage');
}

/** The division and every division above it (a county works under the city's programme). */
function divisionsAbove(code: string): string[] {
  const up: string[] = [];
  for (let c: string | null = code; c; c = parentOf(c)) up.push(c);
  return up;
}

function readable(actor: Actor, divisionCode: string): boolean {
  return isInScope(actor.divisionCode, divisionCode) || isInScope(divisionCode, actor.divisionCode);
}

/** A manager sees all of a programme in their division tree; others see the items of their organisation. */
function seesEverything(actor: Actor, p: ProgrammeRow): boolean {
  return canManage(actor) && isInScope(actor.divisionCode, p.divisionCode);
}

export async function loadProgramme(db: DbOrTx, actor: Actor, id: string): Promise<ProgrammeRow> {
  const [p] = await db.select().from(programmes).where(eq(programmes.id, id));
  if (!p || !readable(actor, p.divisionCode)) throw new AppError('PROGRAMME_NOT_FOUND');
  return p;
}

async function loadManaged(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<ProgrammeRow> {
  const q = db.select().from(programmes).where(eq(programmes.id, id));
  const [p] = lock ? await q.for('update') : await q;
  if (!p || !readable(actor, p.divisionCode)) throw new AppError('PROGRAMME_NOT_FOUND');
  if (!seesEverything(actor, p)) throw new AppError('FORBIDDEN');
  return p;
}

export function today(deps: Deps): string {
  return formatDay(deps.now());
}

// ---- units ----

export interface UnitIndex {
  byId: Map<string, ProgrammeUnitRow>;
}

export async function unitsOf(db: DbOrTx, programmeId: string): Promise<UnitIndex> {
  const rows = await db
    .select()
    .from(programmeUnits)
    .where(eq(programmeUnits.programmeId, programmeId))
    .orderBy(asc(programmeUnits.name));
  return { byId: new Map(rows.map((u) => [u.id, u])) };
}

function unitRefs(units: UnitIndex, ids: string[]): ProgrammeUnit[] {
  return ids.flatMap((id) => {
    const u = units.byId.get(id);
    return u ? [{ id: u.id, name: u.name, orgId: u.orgId }] : [];
  });
}

/**
 * Resolves every unit name of the document to a programme unit: the explicit mapping (orgId or orgName),
 * else an organisation of exactly that name in the programme's division or below; else a named unit.
 */
async function insertUnits(tx: DbOrTx, programmeId: string, doc: ProgrammeDocument): Promise<Map<string, string>> {
  const names = new Set<string>();
  for (const u of doc.units) names.add(u.name);
  for (const i of doc.indicators) for (const n of [...i.leadUnits, ...i.responsibleUnits]) names.add(n);
  for (const t of doc.tasks) for (const n of [...t.leadUnits, ...t.responsibleUnits]) names.add(n);
  const orgs = await tx
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inScope(organizations.divisionCode, doc.divisionCode));
  const orgByName = new Map<string, string>();
  // The first organisation of a name wins; names are unique in practice within one division tree.
  for (const o of orgs) if (!orgByName.has(o.name)) orgByName.set(o.name, o.id);
  const orgIds = new Set(orgs.map((o) => o.id));
  const mapping = new Map(doc.units.map((u) => [u.name, u]));
  const values = [...names].map((name) => {
    const m = mapping.get(name);
    if (m?.orgId && !orgIds.has(m.orgId))
      throw new AppError('VALIDATION_FAILED', [
        { path: 'body.units', message: `organisation ${m.orgId} of ${name} is not in the programme's division` },
      ]);
    // An explicit null keeps the name a named unit even when an organisation has that name.
    const orgId = m?.orgId !== undefined ? m.orgId : (orgByName.get(m?.orgName ?? name) ?? null);
    return { programmeId, name, orgId };
  });
  const rows = values.length ? await tx.insert(programmeUnits).values(values).returning() : [];
  return new Map(rows.map((r) => [r.name, r.id]));
}

// ---- programmes ----

export async function createProgramme(deps: Deps, ctx: RequestContext, doc: ProgrammeDocument): Promise<Programme> {
  const actor = ctx.actor;
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, doc.divisionCode);
    if (actor && !canManage(actor)) throw new AppError('FORBIDDEN');
    return insertProgramme(tx, ctx, doc, now, emit);
  });
  return getProgramme(deps, ctx, id);
}

/** Inserts a whole programme inside the caller's transaction (used by create, import and the demo seed). */
export async function insertProgramme(
  tx: DbOrTx,
  ctx: RequestContext,
  doc: ProgrammeDocument,
  now: Date,
  emit?: (e: { type: string; divisionCode: string | null; entity: string; entityId: string }) => void,
): Promise<string> {
  if (doc.documentNumber) {
    const [dup] = await tx
      .select({ id: programmes.id })
      .from(programmes)
      .where(and(eq(programmes.divisionCode, doc.divisionCode), eq(programmes.documentNumber, doc.documentNumber)));
    if (dup) throw new AppError('PROGRAMME_EXISTS', { id: dup.id, documentNumber: doc.documentNumber });
  }
  const [p] = await tx
    .insert(programmes)
    .values({
      title: doc.title,
      issuer: doc.issuer,
      documentNumber: doc.documentNumber,
      issuedOn: doc.issuedOn,
      divisionCode: doc.divisionCode,
      periodStart: doc.periodStart,
      periodEnd: doc.periodEnd,
      baselineYear: doc.baselineYear,
      status: doc.status,
      reportingCycle: doc.reportingCycle,
      reportDueDays: doc.reportDueDays,
      reminderDaysBefore: doc.reminderDaysBefore,
      summary: doc.summary,
      objectives: doc.objectives,
      createdBy: ctx.actor?.userId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!p) throw new Error('insert returned nothing');
  const unitIds = await insertUnits(tx, p.id, doc);
  const idsOf = (names: string[]) => [...new Set(names.map((n) => unitIds.get(n) as string))];
  if (doc.indicators.length)
    await tx.insert(programmeIndicators).values(
      doc.indicators.map((i, position) => ({
        programmeId: p.id,
        position,
        code: i.code ?? null,
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
        formula: i.formula,
        leadUnitIds: idsOf(i.leadUnits),
        responsibleUnitIds: idsOf(i.responsibleUnits),
        note: i.note ?? null,
      })),
    );
  if (doc.tasks.length)
    await tx.insert(programmeTasks).values(
      doc.tasks.map((t, position) => ({
        programmeId: p.id,
        position,
        kind: t.kind,
        number: t.number,
        section: t.section,
        title: t.title,
        text: t.text,
        year: t.year,
        deadline: t.deadline,
        leadUnitIds: idsOf(t.leadUnits),
        responsibleUnitIds: idsOf(t.responsibleUnits).filter((u) => !idsOf(t.leadUnits).includes(u)),
        milestones: t.milestones,
        createdAt: now,
        updatedAt: now,
      })),
    );
  await recordAudit(tx, ctx, {
    action: 'programme.create',
    entity: 'programme',
    entityId: p.id,
    after: { ...p, units: unitIds.size, indicators: doc.indicators.length, tasks: doc.tasks.length },
  });
  emit?.({ type: 'programme.created', divisionCode: p.divisionCode, entity: 'programme', entityId: p.id });
  return p.id;
}

async function countsOf(db: DbOrTx, p: ProgrammeRow, day: string): Promise<Programme['counts']> {
  const [tasks, indicators, reports, units] = await Promise.all([
    db
      .select({
        kind: programmeTasks.kind,
        percent: programmeTasks.percentComplete,
        deadline: programmeTasks.deadline,
        year: programmeTasks.year,
      })
      .from(programmeTasks)
      .where(eq(programmeTasks.programmeId, p.id)),
    db
      .select({ id: programmeIndicators.id })
      .from(programmeIndicators)
      .where(eq(programmeIndicators.programmeId, p.id)),
    db.select({ id: programmeReports.id }).from(programmeReports).where(eq(programmeReports.programmeId, p.id)),
    db.select({ id: programmeUnits.id }).from(programmeUnits).where(eq(programmeUnits.programmeId, p.id)),
  ]);
  const byKind = (k: string) => tasks.filter((t) => t.kind === k).length;
  return {
    indicators: indicators.length,
    tasks: byKind('task'),
    projects: byKind('project'),
    campaigns: byKind('campaign'),
    completed: tasks.filter((t) => t.percent >= 100).length,
    late: tasks.filter((t) => t.percent < 100 && day > deadlineOf(t.deadline, t.year, p.periodEnd)).length,
    reports: reports.length,
    units: units.length,
  };
}

export function toProgramme(p: ProgrammeRow, counts: Programme['counts']): Programme {
  return {
    id: p.id,
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
    counts,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function getProgramme(deps: Deps, ctx: RequestContext, id: string): Promise<Programme> {
  const db = deps.database.db;
  const p = await loadProgramme(db, actorOf(ctx), id);
  return toProgramme(p, await countsOf(db, p, today(deps)));
}

export async function listProgrammes(
  deps: Deps,
  ctx: RequestContext,
  q: z.infer<typeof programmeQuery>,
): Promise<{ items: Programme[]; total: number }> {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const where = and(
    or(
      inScope(programmes.divisionCode, actor.divisionCode),
      inArray(programmes.divisionCode, divisionsAbove(actor.divisionCode)),
    ),
    q.status ? eq(programmes.status, q.status) : undefined,
    q.q ? ilike(programmes.title, `%${escapeLike(q.q)}%`) : undefined,
  ) as SQL;
  const rows = await db
    .select()
    .from(programmes)
    .where(where)
    .orderBy(desc(programmes.periodEnd), asc(programmes.title));
  const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const day = today(deps);
  const items = [];
  for (const p of page) items.push(toProgramme(p, await countsOf(db, p, day)));
  return { items, total: rows.length };
}

export async function updateProgramme(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: UpdateInput,
): Promise<Programme> {
  const actor = actorOf(ctx);
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await loadManaged(tx, actor, id, true);
    const [after] = await tx
      .update(programmes)
      .set({ ...input, updatedAt: deps.now() })
      .where(eq(programmes.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'programme.update', entity: 'programme', entityId: id, before, after });
    emit({ type: 'programme.updated', divisionCode: before.divisionCode, entity: 'programme', entityId: id });
  });
  return getProgramme(deps, ctx, id);
}

// ---- indicators ----

export async function computeIndicators(db: DbOrTx, p: ProgrammeRow, year: number, now: Date): Promise<Indicator[]> {
  const [rows, units] = await Promise.all([
    db
      .select()
      .from(programmeIndicators)
      .where(eq(programmeIndicators.programmeId, p.id))
      .orderBy(asc(programmeIndicators.position)),
    unitsOf(db, p.id),
  ]);
  const stats = await resolveStatistics(
    db,
    rows.flatMap((r) => formulaStatistics(r.formula)),
    year,
    p.divisionCode,
    now,
  );
  return rows.map((r) => {
    const inputs = formulaStatistics(r.formula).map((statistic) => {
      const s = stats.get(statistic) ?? { value: null, source: null, entrySource: null };
      return { statistic, value: s.value, source: s.source, entrySource: s.entrySource };
    });
    const value = evaluateFormula(r.formula, Object.fromEntries(inputs.map((i) => [i.statistic, i.value])));
    const t = {
      direction: r.direction,
      baselineValue: r.baselineValue,
      baselineYear: r.baselineYear,
      targetYear: r.targetYear,
      targetValue: r.targetValue,
      targetRelativePercent: r.targetRelativePercent,
      boundInclusive: r.boundInclusive,
    };
    const valueSource =
      value === null ? null : inputs.some((i) => i.source === 'computed') ? ('computed' as const) : ('manual' as const);
    return {
      id: r.id,
      code: r.code,
      category: r.category,
      name: r.name,
      unit: r.unit,
      kind: r.kind,
      direction: r.direction,
      targetText: r.targetText,
      formula: { ...r.formula, multiplier: r.formula.multiplier ?? 1 },
      baselineYear: r.baselineYear,
      targetYear: r.targetYear,
      baseline: r.baselineValue,
      target: resolveTarget(t),
      boundInclusive: r.boundInclusive,
      year,
      expected: expectedValue(t, year),
      value,
      valueSource,
      status: indicatorStatus(t, year, value),
      inputs,
      leadUnits: unitRefs(units, r.leadUnitIds),
      responsibleUnits: unitRefs(units, r.responsibleUnitIds),
    };
  });
}

export async function listIndicators(deps: Deps, ctx: RequestContext, id: string, year: number | undefined) {
  const db = deps.database.db;
  const p = await loadProgramme(db, actorOf(ctx), id);
  const y = year ?? defaultYear(p.periodStart, p.periodEnd, today(deps));
  const items = await computeIndicators(db, p, y, deps.now());
  return { items, total: items.length };
}

// ---- tasks ----

export interface TaskView {
  task: ProgrammeTask;
  row: ProgrammeTaskRow;
}

function currentPeriod(p: ProgrammeRow, day: string): Period {
  return reportingPeriod(p.reportingCycle, day);
}

/** Every item of a kind (or all kinds) of a programme with status and the units still to report. */
export async function taskViews(
  db: DbOrTx,
  p: ProgrammeRow,
  day: string,
  kind?: ProgrammeTask['kind'],
): Promise<{ views: TaskView[]; units: UnitIndex }> {
  const [rows, units] = await Promise.all([
    db
      .select()
      .from(programmeTasks)
      .where(and(eq(programmeTasks.programmeId, p.id), kind ? eq(programmeTasks.kind, kind) : undefined))
      .orderBy(asc(programmeTasks.kind), asc(programmeTasks.position)),
    unitsOf(db, p.id),
  ]);
  const period = currentPeriod(p, day);
  const filed = await db
    .select({ taskId: programmeReports.taskId, unitId: programmeReports.unitId })
    .from(programmeReports)
    .where(and(eq(programmeReports.programmeId, p.id), eq(programmeReports.period, period.key)));
  const filedSet = new Set(filed.map((f) => `${f.taskId}:${f.unitId}`));
  const views = rows.map((row) => {
    const deadline = deadlineOf(row.deadline, row.year, p.periodEnd);
    const status = taskStatus(row.percentComplete, row.lastReportAt !== null, deadline, day);
    const assigned = [...row.leadUnitIds, ...row.responsibleUnitIds];
    const reportsDue =
      status === 'completed'
        ? []
        : unitRefs(units, assigned).filter((u) => u.orgId !== null && !filedSet.has(`${row.id}:${u.id}`));
    const task: ProgrammeTask = {
      id: row.id,
      programmeId: row.programmeId,
      kind: row.kind,
      number: row.number,
      section: row.section,
      title: row.title,
      text: row.text,
      year: row.year,
      deadline,
      leadUnits: unitRefs(units, row.leadUnitIds),
      responsibleUnits: unitRefs(units, row.responsibleUnitIds),
      milestones: row.milestones,
      status,
      percentComplete: row.percentComplete,
      overdue: status === 'late',
      lastReportAt: row.lastReportAt?.toISOString() ?? null,
      reportsDue,
    };
    return { task, row };
  });
  return { views, units };
}

function orgUnitIds(units: UnitIndex, orgId: string): Set<string> {
  return new Set([...units.byId.values()].filter((u) => u.orgId === orgId).map((u) => u.id));
}

function assignedTo(row: ProgrammeTaskRow, unitIds: Set<string>, role: 'lead' | 'any'): boolean {
  const ids = role === 'lead' ? row.leadUnitIds : [...row.leadUnitIds, ...row.responsibleUnitIds];
  return ids.some((id) => unitIds.has(id));
}

export async function listTasks(deps: Deps, ctx: RequestContext, id: string, q: TaskQuery) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const p = await loadProgramme(db, actor, id);
  const { views, units } = await taskViews(db, p, today(deps), q.kind);
  const mine = orgUnitIds(units, actor.orgId);
  let list = seesEverything(actor, p) ? views : views.filter((v) => assignedTo(v.row, mine, 'any'));
  if (q.unitId) {
    const wanted = units.byId.has(q.unitId) ? new Set([q.unitId]) : orgUnitIds(units, q.unitId);
    list = list.filter((v) => assignedTo(v.row, wanted, q.role));
  }
  if (q.status) list = list.filter((v) => v.task.status === q.status);
  if (q.overdue !== undefined) list = list.filter((v) => v.task.overdue === q.overdue);
  if (q.section) list = list.filter((v) => v.task.section === q.section);
  if (q.q) {
    const needle = q.q.toLowerCase();
    list = list.filter((v) => `${v.task.number} ${v.task.title} ${v.task.text}`.toLowerCase().includes(needle));
  }
  return {
    items: list.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map((v) => v.task),
    total: list.length,
  };
}

export async function listUnits(deps: Deps, ctx: RequestContext, id: string) {
  const db = deps.database.db;
  const p = await loadProgramme(db, actorOf(ctx), id);
  const units = await unitsOf(db, p.id);
  const items = [...units.byId.values()].map((u) => ({ id: u.id, name: u.name, orgId: u.orgId }));
  return { items, total: items.length };
}

function toReport(r: ProgressReportRow, units: UnitIndex): ProgressReport {
  const u = units.byId.get(r.unitId);
  return {
    id: r.id,
    taskId: r.taskId,
    unit: { id: r.unitId, name: u?.name ?? '', orgId: u?.orgId ?? null },
    period: r.period,
    text: r.text,
    percentComplete: r.percentComplete,
    evidence: r.evidence,
    problems: r.problems,
    nextSteps: r.nextSteps,
    reportedBy: { id: r.reportedBy, name: r.reportedByName },
    reportedAt: r.reportedAt.toISOString(),
    late: r.late,
  };
}

/**
 * The task as this user may see it: a manager sees every report; a lead unit sees every unit's reports;
 * a responsible unit sees only its own. Not assigned (and not a manager): not found.
 */
async function visibleTask(db: DbOrTx, actor: Actor, taskId: string) {
  const [row] = await db.select().from(programmeTasks).where(eq(programmeTasks.id, taskId));
  if (!row) throw new AppError('PROGRAMME_TASK_NOT_FOUND');
  const [p] = await db.select().from(programmes).where(eq(programmes.id, row.programmeId));
  if (!p || !readable(actor, p.divisionCode)) throw new AppError('PROGRAMME_TASK_NOT_FOUND');
  const units = await unitsOf(db, p.id);
  const mine = orgUnitIds(units, actor.orgId);
  const all = seesEverything(actor, p);
  if (!all && !assignedTo(row, mine, 'any')) throw new AppError('PROGRAMME_TASK_NOT_FOUND');
  const seesAllReports = all || assignedTo(row, mine, 'lead');
  return { row, p, units, mine, seesAllReports };
}

export async function taskReports(deps: Deps, ctx: RequestContext, taskId: string) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const { row, units, mine, seesAllReports } = await visibleTask(db, actor, taskId);
  const rows = await db
    .select()
    .from(programmeReports)
    .where(
      and(
        eq(programmeReports.taskId, row.id),
        seesAllReports ? undefined : inArray(programmeReports.unitId, [...mine]),
      ),
    )
    .orderBy(desc(programmeReports.reportedAt));
  const items = rows.map((r) => toReport(r, units));
  return { items, total: items.length };
}

export async function getTask(deps: Deps, ctx: RequestContext, taskId: string) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const { row, p } = await visibleTask(db, actor, taskId);
  const { views } = await taskViews(db, p, today(deps), row.kind);
  const view = views.find((v) => v.row.id === row.id);
  if (!view) throw new AppError('PROGRAMME_TASK_NOT_FOUND');
  const reports = await taskReports(deps, ctx, taskId);
  return { ...view.task, reports: reports.items };
}

/** Recomputes a task's % complete from the latest report of each unit (inside the task's row lock). */
export async function refreshTaskProgress(tx: DbOrTx, row: ProgrammeTaskRow, units: UnitIndex, now: Date) {
  const reports = await tx
    .select({ unitId: programmeReports.unitId, percent: programmeReports.percentComplete })
    .from(programmeReports)
    .where(eq(programmeReports.taskId, row.id))
    .orderBy(asc(programmeReports.reportedAt), asc(programmeReports.id));
  const latest = new Map<string, number>();
  for (const r of reports) latest.set(r.unitId, r.percent);
  const leadsWithOrg = row.leadUnitIds.filter((id) => units.byId.get(id)?.orgId);
  const percent = taskPercent(latest, leadsWithOrg);
  const completedAt = percent >= 100 ? (row.completedAt ?? now) : null;
  return { percent, completedAt };
}

export async function fileProgress(
  deps: Deps,
  ctx: RequestContext,
  taskId: string,
  input: ProgressInput,
): Promise<ProgressReport> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const day = formatDay(now);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    // The row lock serialises reports on one task, so its % complete is always computed from every report.
    const [row] = await tx.select().from(programmeTasks).where(eq(programmeTasks.id, taskId)).for('update');
    if (!row) throw new AppError('PROGRAMME_TASK_NOT_FOUND');
    const [p] = await tx.select().from(programmes).where(eq(programmes.id, row.programmeId));
    if (!p || !readable(actor, p.divisionCode)) throw new AppError('PROGRAMME_TASK_NOT_FOUND');
    const units = await unitsOf(tx, p.id);
    const mine = orgUnitIds(units, actor.orgId);
    const assigned = [...row.leadUnitIds, ...row.responsibleUnitIds].filter((id) => mine.has(id));
    if (!assigned.length) throw new AppError('PROGRAMME_NOT_YOUR_TASK', { taskId, number: row.number });
    if (p.status !== 'active') throw new AppError('PROGRAMME_CLOSED', { status: p.status });
    const unitId = row.leadUnitIds.find((id) => mine.has(id)) ?? (assigned[0] as string);
    const key = input.period ?? reportingPeriod(p.reportingCycle, day).key;
    const period = periodFromKey(p.reportingCycle, key);
    if (!period || period.start > day)
      throw new AppError('PROGRAMME_PERIOD_INVALID', { period: key, cycle: p.reportingCycle });
    const [report] = await tx
      .insert(programmeReports)
      .values({
        programmeId: p.id,
        taskId: row.id,
        unitId,
        period: period.key,
        text: input.text,
        percentComplete: input.percentComplete,
        evidence: input.evidence,
        problems: input.problems,
        nextSteps: input.nextSteps,
        late: isOverdue(period, p.reportDueDays, day),
        reportedBy: actor.userId,
        reportedByName: actor.displayName,
        reportedAt: now,
      })
      .returning();
    if (!report) throw new Error('insert returned nothing');
    const { percent, completedAt } = await refreshTaskProgress(tx, row, units, now);
    const milestones = row.milestones.map((m, i) => (input.milestonesDone.includes(i) ? { ...m, done: true } : m));
    const [after] = await tx
      .update(programmeTasks)
      .set({ percentComplete: percent, completedAt, lastReportAt: now, milestones, updatedAt: now })
      .where(eq(programmeTasks.id, row.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'programme.report',
      entity: 'programme_task',
      entityId: row.id,
      before: { percentComplete: row.percentComplete, completedAt: row.completedAt, milestones: row.milestones },
      after: {
        report,
        percentComplete: after?.percentComplete,
        completedAt: after?.completedAt,
        milestones: after?.milestones,
      },
    });
    emit({
      type: 'programme.reported',
      divisionCode: p.divisionCode,
      entity: 'programme_task',
      entityId: row.id,
      data: { programmeId: p.id, period: period.key, percentComplete: percent },
    });
    return toReport(report, units);
  });
}

// ---- dashboard ----

export function countBy<K extends string>(keys: readonly K[], values: K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v] += 1;
  return out;
}

export async function dashboard(deps: Deps, ctx: RequestContext, id: string, year: number | undefined) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const p = await loadManaged(db, actor, id);
  const day = today(deps);
  const y = year ?? defaultYear(p.periodStart, p.periodEnd, day);
  const [indicators, { views, units }] = await Promise.all([
    computeIndicators(db, p, y, deps.now()),
    taskViews(db, p, day),
  ]);
  const period = currentPeriod(p, day);
  const notReported = new Map<string, { unit: ProgrammeUnit; tasks: number; taskNumbers: string[] }>();
  for (const v of views)
    for (const u of v.task.reportsDue) {
      const e = notReported.get(u.id) ?? { unit: u, tasks: 0, taskNumbers: [] };
      e.tasks += 1;
      e.taskNumbers.push(v.task.number);
      notReported.set(u.id, e);
    }
  const recent = await db
    .select()
    .from(programmeReports)
    .where(eq(programmeReports.programmeId, p.id))
    .orderBy(desc(programmeReports.reportedAt))
    .limit(10);
  const taskById = new Map(views.map((v) => [v.row.id, v.row]));
  return {
    programme: toProgramme(p, await countsOf(db, p, day)),
    year: y,
    period: {
      ...period,
      dueDate: dueDateOf(period, p.reportDueDays),
      overdue: isOverdue(period, p.reportDueDays, day),
    },
    indicators,
    indicatorStatus: countBy<IndicatorStatus>(
      INDICATOR_STATUSES,
      indicators.map((i) => i.status),
    ),
    taskStatus: countBy<ProgrammeTaskStatus>(
      PROGRAMME_TASK_STATUSES,
      views.map((v) => v.task.status),
    ),
    lateTasks: views.filter((v) => v.task.status === 'late').map((v) => v.task),
    unitsNotReported: [...notReported.values()].sort(
      (a, b) => b.tasks - a.tasks || a.unit.name.localeCompare(b.unit.name),
    ),
    recentReports: recent.map((r) => ({
      ...toReport(r, units),
      taskNumber: taskById.get(r.taskId)?.number ?? '',
      taskTitle: taskById.get(r.taskId)?.title ?? '',
    })),
  };
}
