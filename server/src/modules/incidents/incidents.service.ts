import { and, asc, count, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { INCIDENT_WARNINGS, type Incident, type IncidentWarningCode, type Locale } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJob } from '../../platform/jobs.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact, type TxScope } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, divisions, escapeLike, inScope } from '../divisions/index.js';
import { notifyUsers } from '../notifications/index.js';
import { organizations, users } from '../org/index.js';
import {
  divisionAtLevel,
  gradeAccident,
  holderOfStep,
  incidentNumber,
  investigation,
  isEnterpriseReportLate,
  isWithinSupplementWindow,
  levelOfDivision,
  reportingChain,
  stepStatus,
  supplementUntil,
  type Casualties,
  type Grade,
  type Level,
} from './incidents.rules.js';
import { incidentCounters, incidents, incidentUpdates, type IncidentRow } from './incidents.table.js';

export const OVERDUE_JOB = 'incident.report_overdue';

type Warning = { code: string; message: string };

function warning(code: IncidentWarningCode, locale: Locale): Warning {
  const w = INCIDENT_WARNINGS[code];
  return { code, message: locale === 'en-US' ? w.en : w.zh };
}

function reportedMap(row: IncidentRow): Partial<Record<Level, Date>> {
  const out: Partial<Record<Level, Date>> = {};
  for (const [k, v] of Object.entries(row.reported)) if (v) out[k as Level] = new Date(v);
  return out;
}

function chainOf(row: IncidentRow) {
  if (!row.grade) return [];
  return reportingChain(row.grade, row.receivingLevel, row.receivedAt, reportedMap(row));
}

function casualtiesOf(row: IncidentRow): Casualties {
  return {
    deaths: row.deaths,
    missing: row.missing,
    seriousInjuries: row.seriousInjuries,
    minorInjuries: row.minorInjuries,
  };
}

export function toIncident(
  row: IncidentRow,
  names: { divisionName: string | null; receivingOrgName: string | null },
  now: Date,
  warnings: Warning[] = [],
): Incident {
  const chain = chainOf(row);
  const steps = chain.map((s, i) => ({
    level: s.level,
    dueAt: s.dueAt.toISOString(),
    reportedAt: s.reportedAt?.toISOString() ?? null,
    status: row.status === 'closed' && !s.reportedAt ? ('skipped' as const) : stepStatus(chain, i, now),
  }));
  return {
    id: row.id,
    number: row.number,
    category: row.category as Incident['category'],
    type: row.type,
    title: row.title,
    description: row.description,
    occurredAt: row.occurredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    source: row.source as Incident['source'],
    divisionCode: row.divisionCode,
    divisionName: names.divisionName,
    location: { lon: row.lon, lat: row.lat, address: row.address },
    casualties: casualtiesOf(row),
    directLossYuan: row.directLossYuan,
    evacuated: row.evacuated,
    grade: row.grade,
    gradeReason: row.gradeReason,
    receivingOrgId: row.receivingOrgId,
    receivingOrgName: names.receivingOrgName,
    receivingLevel: row.receivingLevel,
    reportingChain: steps,
    isOverdue: steps.some((s) => s.status === 'overdue'),
    supplementUntil: row.category === 'accident' ? supplementUntil(row.occurredAt, row.type).toISOString() : null,
    investigation:
      row.category === 'accident' && row.grade
        ? (() => {
            const inv = investigation(row.grade, row.occurredAt);
            return { level: inv.level, dueAt: inv.dueAt.toISOString() };
          })()
        : null,
    flags: row.flags,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    warnings,
  };
}

const withNames = {
  row: incidents,
  divisionName: divisions.name,
  receivingOrgName: organizations.name,
};

async function loadIncident(db: DbOrTx, id: string) {
  const rows = await db
    .select(withNames)
    .from(incidents)
    .leftJoin(divisions, eq(divisions.code, incidents.divisionCode))
    .leftJoin(organizations, eq(organizations.id, incidents.receivingOrgId))
    .where(eq(incidents.id, id));
  return rows[0] ?? null;
}

/** Loads an incident in the actor's scope, locking it for update when in a transaction. */
async function lockInScope(tx: DbOrTx, actor: Actor, id: string): Promise<IncidentRow> {
  const rows = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  const row = rows[0];
  if (!row || !isInScope(actor.divisionCode, row.divisionCode)) throw new AppError('INCIDENT_NOT_FOUND');
  return row;
}

async function nextNumber(tx: DbOrTx, year: number): Promise<string> {
  const [r] = await tx
    .insert(incidentCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: incidentCounters.year, set: { last: sql`${incidentCounters.last} + 1` } })
    .returning({ last: incidentCounters.last });
  return incidentNumber(year, r?.last ?? 1);
}

/** Queues the overdue check of every step still waiting; keys make re-queueing idempotent. */
async function scheduleOverdueChecks(tx: DbOrTx, row: IncidentRow, now: Date) {
  if (row.status !== 'open') return;
  const chain = chainOf(row);
  for (let i = 0; i < chain.length; i++) {
    const step = chain[i];
    if (!step || stepStatus(chain, i, now) !== 'pending') continue;
    await enqueueJob(tx, {
      kind: OVERDUE_JOB,
      key: `${OVERDUE_JOB}:${row.id}:${step.level}:${step.dueAt.getTime()}`,
      payload: { incidentId: row.id, level: step.level },
      runAt: new Date(step.dueAt.getTime() + 1000),
    });
  }
}

function emitIncident(emit: TxScope['emit'], type: string, row: IncidentRow) {
  emit({
    type,
    divisionCode: row.divisionCode,
    entity: 'incident',
    entityId: row.id,
    data: { number: row.number, title: row.title, grade: row.grade, status: row.status },
  });
}

export interface CreateIncidentInput {
  category: Incident['category'];
  type: string;
  title: string;
  occurredAt: string;
  receivedAt?: string | undefined;
  source: Incident['source'];
  divisionCode: string;
  location: { lon: number; lat: number; address?: string | undefined };
  casualties: Casualties;
  directLossYuan?: number | undefined;
  evacuated?: number | undefined;
  description?: string | undefined;
  grade?: Grade | undefined;
  gradeReason?: string | undefined;
}

/**
 * Records a new incident. `alongside` runs inside the same transaction once the incident row exists:
 * another module's link to it (an alarm turned into this incident) commits with it or not at all.
 */
export async function createIncident(
  deps: Deps,
  ctx: RequestContext,
  input: CreateIncidentInput,
  alongside?: (scope: TxScope, incident: { id: string; number: string }) => Promise<void>,
): Promise<Incident> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const occurredAt = new Date(input.occurredAt);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const loss = Math.round(input.directLossYuan ?? 0);
  const warnings: Warning[] = [];
  const isAccident = input.category === 'accident';
  const grade: Grade | null = isAccident ? gradeAccident(input.casualties, loss) : (input.grade ?? null);
  if (!grade) warnings.push(warning('GRADE_PENDING', ctx.locale));
  const enterpriseLate = input.source === 'enterprise' && isEnterpriseReportLate(occurredAt, receivedAt);
  if (enterpriseLate) warnings.push(warning('ENTERPRISE_REPORT_LATE', ctx.locale));

  const row = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    const number = await nextNumber(tx, receivedAt.getUTCFullYear());
    const [created] = await tx
      .insert(incidents)
      .values({
        number,
        category: input.category,
        type: input.type,
        title: input.title,
        description: input.description ?? null,
        occurredAt,
        receivedAt,
        source: input.source,
        divisionCode: input.divisionCode,
        lon: input.location.lon,
        lat: input.location.lat,
        address: input.location.address ?? null,
        receivingOrgId: actor.orgId,
        receivingLevel: levelOfDivision(actor.divisionCode),
        ...input.casualties,
        directLossYuan: loss,
        evacuated: input.evacuated ?? 0,
        grade,
        gradeAssignedBy: !isAccident && grade ? actor.userId : null,
        gradeReason: !isAccident && grade ? (input.gradeReason ?? null) : null,
        flags: enterpriseLate ? ['enterprise_report_late'] : [],
        isEnterpriseLate: enterpriseLate,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error('insert returned nothing');
    await tx.insert(incidentUpdates).values({
      incidentId: created.id,
      kind: 'report',
      at: receivedAt,
      text: input.description ?? input.title,
      casualties: input.casualties,
      directLossYuan: loss,
      gradeAfter: grade,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await scheduleOverdueChecks(tx, created, now);
    await recordAudit(tx, ctx, { action: 'incident.create', entity: 'incident', entityId: created.id, after: created });
    emitIncident(emit, 'incident.reported', created);
    await alongside?.({ tx, emit }, { id: created.id, number: created.number });
    return created;
  });
  return getIncident(deps, ctx, row.id, warnings);
}

export async function getIncident(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  warnings: Warning[] = [],
): Promise<Incident> {
  const actor = actorOf(ctx);
  const found = await loadIncident(deps.database.db, id);
  if (!found || !isInScope(actor.divisionCode, found.row.divisionCode)) throw new AppError('INCIDENT_NOT_FOUND');
  const timeline = await deps.database.db
    .select()
    .from(incidentUpdates)
    .where(eq(incidentUpdates.incidentId, id))
    .orderBy(asc(incidentUpdates.at), asc(incidentUpdates.createdAt));
  return {
    ...toIncident(found.row, found, deps.now(), warnings),
    timeline: timeline.map((u) => ({
      id: u.id,
      kind: u.kind,
      at: u.at.toISOString(),
      text: u.text,
      casualties: u.casualties ?? null,
      directLossYuan: u.directLossYuan,
      evacuated: u.evacuated,
      applied: u.applied,
      gradeBefore: u.gradeBefore,
      gradeAfter: u.gradeAfter,
      actorName: u.actorName,
    })),
  };
}

export interface UpdateInput {
  kind: 'continuation' | 'supplement' | 'note' | 'closure';
  at?: string | undefined;
  casualties?: Casualties | undefined;
  directLossYuan?: number | undefined;
  evacuated?: number | undefined;
  text: string;
}

/** 续报/补报/备注/结案: numbers change the counted casualties and grade only within the Art. 13 window. */
export async function addIncidentUpdate(deps: Deps, ctx: RequestContext, id: string, input: UpdateInput) {
  const actor = actorOf(ctx);
  const now = deps.now();
  const at = input.at ? new Date(input.at) : now;
  const warnings: Warning[] = [];
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockInScope(tx, actor, id);
    if (before.status === 'closed' && input.kind !== 'note') throw new AppError('INCIDENT_CLOSED');
    const changesNumbers = input.casualties !== undefined || input.directLossYuan !== undefined;
    const inWindow = before.category !== 'accident' || isWithinSupplementWindow(before.occurredAt, before.type, at);
    const apply = changesNumbers && inWindow;
    if (changesNumbers && !inWindow) warnings.push(warning('SUPPLEMENT_WINDOW_CLOSED', ctx.locale));
    const set: Partial<typeof incidents.$inferInsert> = { updatedAt: now };
    let gradeAfter: Grade | null = before.grade;
    if (apply) {
      const cas = input.casualties ?? casualtiesOf(before);
      const loss = Math.round(input.directLossYuan ?? before.directLossYuan);
      Object.assign(set, cas, { directLossYuan: loss });
      if (before.category === 'accident') gradeAfter = gradeAccident(cas, loss);
      set.grade = gradeAfter;
    }
    // The evacuated count is an operational figure, not a graded one: it follows every update.
    if (input.evacuated !== undefined) set.evacuated = input.evacuated;
    if (input.kind === 'closure') {
      set.status = 'closed';
      set.closedAt = at;
    }
    const [after] = await tx.update(incidents).set(set).where(eq(incidents.id, id)).returning();
    if (!after) throw new Error('update returned nothing');
    await tx.insert(incidentUpdates).values({
      incidentId: id,
      kind: input.kind,
      at,
      text: input.text,
      casualties: input.casualties ?? null,
      directLossYuan: input.directLossYuan !== undefined ? Math.round(input.directLossYuan) : null,
      evacuated: input.evacuated ?? null,
      applied: changesNumbers ? apply : true,
      gradeBefore: before.grade,
      gradeAfter: after.grade,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await scheduleOverdueChecks(tx, after, now);
    await recordAudit(tx, ctx, {
      action: `incident.${input.kind}`,
      entity: 'incident',
      entityId: id,
      before,
      after,
    });
    emitIncident(emit, before.grade !== after.grade ? 'incident.regraded' : 'incident.updated', after);
  });
  return getIncident(deps, ctx, id, warnings);
}

/** Records that the report reached `level` (fills reportedAt and re-computes later deadlines). */
export async function recordEscalation(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { level: Level; at?: string | undefined },
) {
  const actor = actorOf(ctx);
  const now = deps.now();
  const at = input.at ? new Date(input.at) : now;
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockInScope(tx, actor, id);
    if (!chainOf(before).some((s) => s.level === input.level)) {
      throw new AppError('ESCALATION_LEVEL_INVALID', {
        level: input.level,
        chain: chainOf(before).map((s) => s.level),
      });
    }
    const reported = { ...before.reported, [input.level]: at.toISOString() };
    const [after] = await tx
      .update(incidents)
      .set({ reported, updatedAt: now })
      .where(eq(incidents.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    await tx.insert(incidentUpdates).values({
      incidentId: id,
      kind: 'escalation',
      at,
      text: `reported to ${input.level}`,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await scheduleOverdueChecks(tx, after, now);
    await recordAudit(tx, ctx, { action: 'incident.escalate', entity: 'incident', entityId: id, before, after });
    emitIncident(emit, 'incident.escalated', after);
  });
  return getIncident(deps, ctx, id);
}

/** Natural disasters, public-health and social-security events: the grade a user assigns, with who and why. */
export async function assignGrade(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { grade: Grade; reason: string },
) {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockInScope(tx, actor, id);
    if (before.category === 'accident') throw new AppError('INCIDENT_GRADE_BY_REGULATION');
    const [after] = await tx
      .update(incidents)
      .set({ grade: input.grade, gradeReason: input.reason, gradeAssignedBy: actor.userId, updatedAt: now })
      .where(eq(incidents.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    await tx.insert(incidentUpdates).values({
      incidentId: id,
      kind: 'grade',
      at: now,
      text: input.reason,
      gradeBefore: before.grade,
      gradeAfter: input.grade,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await scheduleOverdueChecks(tx, after, now);
    await recordAudit(tx, ctx, { action: 'incident.grade', entity: 'incident', entityId: id, before, after });
    emitIncident(emit, 'incident.regraded', after);
  });
  return getIncident(deps, ctx, id);
}

export interface IncidentFilter {
  status?: 'open' | 'closed' | undefined;
  grade?: Grade | undefined;
  category?: Incident['category'] | undefined;
  type?: string | undefined;
  divisionCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export function incidentConditions(actor: Actor, f: Omit<IncidentFilter, 'page' | 'pageSize'>): SQL | undefined {
  const conds: SQL[] = [inScope(incidents.divisionCode, actor.divisionCode)];
  if (f.status) conds.push(eq(incidents.status, f.status));
  if (f.grade) conds.push(eq(incidents.grade, f.grade));
  if (f.category) conds.push(eq(incidents.category, f.category));
  if (f.type) conds.push(eq(incidents.type, f.type));
  if (f.divisionCode) conds.push(inScope(incidents.divisionCode, f.divisionCode));
  if (f.from) conds.push(gte(incidents.occurredAt, new Date(f.from)));
  if (f.to) conds.push(lte(incidents.occurredAt, new Date(f.to)));
  if (f.q) {
    const p = `%${escapeLike(f.q)}%`;
    const c = or(ilike(incidents.title, p), ilike(incidents.number, p), ilike(incidents.address, p));
    if (c) conds.push(c);
  }
  return and(...conds);
}

/**
 * The live board (open incidents, no other filter) is asked for by every duty
 * desk every few seconds. Its pages are cached per scope for at most a second and
 * dropped on any incident event — events reach every instance (LISTEN/NOTIFY),
 * so no instance serves a board older than the last change it was told of.
 */
const BOARD_TTL_MS = 1000;
interface BoardCache {
  entries: Map<string, { at: number; value: Promise<{ items: Incident[]; total: number }> }>;
}
const boardCaches = new WeakMap<Deps, BoardCache>();

function boardCache(deps: Deps): BoardCache {
  let c = boardCaches.get(deps);
  if (!c) {
    const cache: BoardCache = { entries: new Map() };
    deps.bus.subscribe((e) => {
      if (e.entity === 'incident') cache.entries.clear();
    });
    boardCaches.set(deps, cache);
    c = cache;
  }
  return c;
}

function isBoardQuery(f: IncidentFilter): boolean {
  return f.status === 'open' && !f.grade && !f.category && !f.type && !f.divisionCode && !f.from && !f.to && !f.q;
}

export async function listIncidents(deps: Deps, ctx: RequestContext, f: IncidentFilter) {
  const actor = actorOf(ctx);
  if (isBoardQuery(f)) {
    const cache = boardCache(deps);
    const key = `${actor.divisionCode}|${f.page}|${f.pageSize}`;
    const hit = cache.entries.get(key);
    const nowMs = Date.now();
    if (hit && nowMs - hit.at < BOARD_TTL_MS) return hit.value;
    const value = queryIncidents(deps, actor, f);
    cache.entries.set(key, { at: nowMs, value });
    value.catch(() => cache.entries.delete(key));
    return value;
  }
  return queryIncidents(deps, actor, f);
}

async function queryIncidents(deps: Deps, actor: Actor, f: IncidentFilter) {
  const where = incidentConditions(actor, f);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(withNames)
      .from(incidents)
      .leftJoin(divisions, eq(divisions.code, incidents.divisionCode))
      .leftJoin(organizations, eq(organizations.id, incidents.receivingOrgId))
      .where(where)
      .orderBy(desc(incidents.receivedAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(incidents).where(where),
  ]);
  const now = deps.now();
  return { items: rows.map((r) => toIncident(r.row, r, now)), total: totals[0]?.n ?? 0 };
}

/**
 * The durable overdue check: raises `incident.report_overdue` and notifies the
 * duty officers of the late level, exactly once per step (the notified levels
 * are recorded on the incident under a row lock).
 */
export async function checkOverdue(deps: Deps, incidentId: string): Promise<number> {
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const rows = await tx.select().from(incidents).where(eq(incidents.id, incidentId)).for('update');
    const row = rows[0];
    if (!row || row.status !== 'open') return 0;
    const chain = chainOf(row);
    const fresh: { level: Level; late: Level; dueAt: Date }[] = [];
    chain.forEach((s, i) => {
      if (stepStatus(chain, i, now) === 'overdue' && !row.overdueNotified.includes(s.level)) {
        fresh.push({ level: s.level, late: holderOfStep(chain, i, row.receivingLevel), dueAt: s.dueAt });
      }
    });
    if (!fresh.length) return 0;
    await tx
      .update(incidents)
      .set({ overdueNotified: [...row.overdueNotified, ...fresh.map((f) => f.level)] })
      .where(eq(incidents.id, incidentId));
    for (const f of fresh) {
      const lateDivision = divisionAtLevel(row.divisionCode, f.late);
      const recipients = lateDivision
        ? await tx
            .select({ id: users.id })
            .from(users)
            .innerJoin(organizations, eq(organizations.id, users.orgId))
            .where(
              and(
                eq(organizations.divisionCode, lateDivision),
                eq(users.isActive, true),
                sql`${users.roles} && ARRAY['duty_officer','county']::text[]`,
              ),
            )
        : [];
      await notifyUsers(
        tx,
        recipients.map((r) => r.id),
        {
          kind: 'incident.report_overdue',
          title: `${row.number} 上报超时`,
          body: `${row.title}：应于 ${f.dueAt.toISOString()} 前报送至${f.level}级，现已超时。`,
          entity: 'incident',
          entityId: row.id,
        },
      );
      await recordAudit(
        tx,
        { actor: null, requestId: null, locale: 'zh-CN' },
        {
          action: 'incident.report_overdue',
          entity: 'incident',
          entityId: row.id,
          after: { level: f.level, lateLevel: f.late, dueAt: f.dueAt.toISOString(), notified: recipients.length },
        },
      );
      emit({
        type: 'incident.report_overdue',
        divisionCode: row.divisionCode,
        entity: 'incident',
        entityId: row.id,
        data: { number: row.number, level: f.level, lateLevel: f.late, dueAt: f.dueAt.toISOString() },
      });
    }
    return fresh.length;
  });
}

/**
 * Adds an entry written by another module (a response activated, its level changed, ended) to the
 * incident's timeline inside the caller's transaction, and tells the incident's viewers.
 */
export async function appendTimeline(
  tx: DbOrTx,
  emit: TxScope['emit'],
  entry: { incidentId: string; kind: string; at: Date; text: string; actorId: string | null; actorName: string | null },
): Promise<void> {
  const [row] = await tx
    .select({ divisionCode: incidents.divisionCode })
    .from(incidents)
    .where(eq(incidents.id, entry.incidentId));
  if (!row) throw new AppError('INCIDENT_NOT_FOUND');
  await tx.insert(incidentUpdates).values({
    incidentId: entry.incidentId,
    kind: entry.kind,
    at: entry.at,
    text: entry.text,
    actorId: entry.actorId,
    actorName: entry.actorName,
  });
  emit({ type: 'incident.updated', divisionCode: row.divisionCode, entity: 'incident', entityId: entry.incidentId });
}
