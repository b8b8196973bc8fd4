import { and, asc, count, desc, eq, ilike, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import {
  HAZARD_OVERDUE_EVENT,
  RECTIFICATION_PLAN_ELEMENT_NAMES,
  type CreateHazardBody,
  type Hazard,
  type HazardCategory,
  type HazardDetail,
  type HazardLevel,
  type HazardQuery,
  type HazardState,
  type HazardStatistics,
  type HazardStatisticsQuery,
  type HazardTransition,
  type HazardTransitionBody,
  type RectificationPlanElement,
} from '@yingji/contracts';
import type { DbOrTx, Tx } from '../../db/client.js';
import { actorOf, systemContext, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJob } from '../../platform/jobs.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { divisions, escapeLike, inScope } from '../divisions/index.js';
import { notifyUsers } from '../notifications/index.js';
import { organizations, users } from '../org/index.js';
import { claimAttachments, toAttachmentMeta } from './attachments.service.js';
import {
  allowedFor,
  checkTransition,
  FINAL_STATES,
  isOverdue,
  isSupervised,
  ownOrgOnly,
  repeatChains,
} from './risks.rules.js';
import { canSee, checkOrg, scopeOf } from './risks.service.js';
import { attachments, hazards, hazardTransitions, riskPoints, type HazardRow } from './risks.table.js';

/** The durable overdue check of one hazard, due at its deadline. */
export const HAZARD_OVERDUE_JOB = 'hazard.overdue_check';

/** Open: not closed and not written off (the predicate of the partial indexes). */
const OPEN = sql`${hazards.status} NOT IN ('closed', 'written_off')`;
const overdueNow = (now: Date) =>
  and(OPEN, isNotNull(hazards.deadline), sql`${hazards.deadline} < ${now.toISOString()}::timestamptz`) as SQL;

const hazardColumns = {
  h: hazards,
  orgName: organizations.name,
  divisionName: divisions.name,
  riskPointName: riskPoints.name,
  reporterName: users.displayName,
};
type HazardJoined = {
  h: HazardRow;
  orgName: string | null;
  divisionName: string | null;
  riskPointName: string | null;
  reporterName: string | null;
};

function selectHazards(db: DbOrTx) {
  return db
    .select(hazardColumns)
    .from(hazards)
    .leftJoin(organizations, eq(organizations.id, hazards.orgId))
    .leftJoin(divisions, eq(divisions.code, hazards.divisionCode))
    .leftJoin(riskPoints, eq(riskPoints.id, hazards.riskPointId))
    .leftJoin(users, eq(users.id, hazards.reportedBy));
}

function toHazard(r: HazardJoined, actor: Actor, now: Date): Hazard {
  const h = r.h;
  return {
    id: h.id,
    orgId: h.orgId,
    orgName: r.orgName ?? '',
    divisionCode: h.divisionCode,
    divisionName: r.divisionName,
    riskPointId: h.riskPointId,
    riskPointName: r.riskPointName,
    source: h.source,
    level: h.level,
    category: h.category,
    title: h.title,
    description: h.description,
    location: h.lon !== null && h.lat !== null ? { lon: h.lon, lat: h.lat } : null,
    address: h.address,
    status: h.status,
    responsiblePerson: h.responsiblePerson,
    responsiblePhone: h.responsiblePhone,
    deadline: h.deadline?.toISOString() ?? null,
    costYuan: h.costYuan,
    overdue: isOverdue(h, now),
    supervised: isSupervised(h, now),
    plan: h.plan,
    reportedBy: { id: h.reportedBy, name: r.reporterName ?? '' },
    reportedAt: h.reportedAt.toISOString(),
    closedAt: h.closedAt?.toISOString() ?? null,
    updatedAt: h.updatedAt.toISOString(),
    allowedTransitions: allowedFor(h.status, h.level, actor.permissions),
  };
}

function emitHazard(
  emit: (e: {
    type: string;
    divisionCode: string;
    entity: string;
    entityId: string;
    data?: Record<string, unknown>;
  }) => void,
  type: string,
  h: HazardRow,
  data?: Record<string, unknown>,
) {
  emit({
    type,
    divisionCode: h.divisionCode,
    entity: 'hazard',
    entityId: h.id,
    // Events reach every user of the division (enterprises included), so they carry no details of the hazard.
    ...(data ? { data } : {}),
  });
}

async function scheduleOverdueCheck(tx: DbOrTx, id: string, deadline: Date | null) {
  if (!deadline) return;
  await enqueueJob(tx, {
    kind: HAZARD_OVERDUE_JOB,
    key: `${HAZARD_OVERDUE_JOB}:${id}:${deadline.toISOString()}`,
    runAt: deadline,
    payload: { hazardId: id },
  });
}

export async function createHazard(deps: Deps, ctx: RequestContext, input: CreateHazardBody): Promise<HazardDetail> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const org = await checkOrg(tx, actor, input.orgId);
    let divisionCode = org.divisionCode;
    if (input.riskPointId) {
      const [point] = await tx.select().from(riskPoints).where(eq(riskPoints.id, input.riskPointId));
      if (!point || point.orgId !== input.orgId)
        throw new AppError('RISK_ORG_INVALID', { riskPointId: input.riskPointId, orgId: input.orgId });
      divisionCode = point.divisionCode;
    }
    const deadline = input.deadline ? new Date(input.deadline) : null;
    const [row] = await tx
      .insert(hazards)
      .values({
        orgId: input.orgId,
        divisionCode,
        riskPointId: input.riskPointId ?? null,
        source: input.source,
        level: input.level,
        category: input.category,
        title: input.title,
        description: input.description,
        lon: input.location?.lon ?? null,
        lat: input.location?.lat ?? null,
        address: input.address ?? null,
        status: 'reported',
        responsiblePerson: input.responsiblePerson ?? null,
        responsiblePhone: input.responsiblePhone ?? null,
        deadline,
        costYuan: input.costYuan ?? null,
        reportedBy: actor.userId,
        reportedAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    const [transition] = await tx
      .insert(hazardTransitions)
      .values({
        hazardId: row.id,
        fromStatus: null,
        toStatus: 'reported',
        actorId: actor.userId,
        actorName: actor.displayName,
        at: now,
      })
      .returning();
    if (!transition) throw new Error('insert returned nothing');
    const files = await claimAttachments(tx, actor, input.attachments, row.id, transition.id);
    await scheduleOverdueCheck(tx, row.id, deadline);
    await recordAudit(tx, ctx, {
      action: 'hazard.report',
      entity: 'hazard',
      entityId: row.id,
      after: { ...row, attachments: files.map((f) => f.id) },
    });
    emitHazard(emit, 'hazard.reported', row);
    return row.id;
  });
  return getHazard(deps, ctx, id);
}

/** Users who moved the hazard into rectification or submitted it for verification. */
async function rectifiersOf(tx: DbOrTx, hazardId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ actorId: hazardTransitions.actorId })
    .from(hazardTransitions)
    .where(
      and(
        eq(hazardTransitions.hazardId, hazardId),
        inArray(hazardTransitions.toStatus, ['rectifying', 'pending_verification']),
      ),
    );
  return rows.map((r) => r.actorId);
}

async function lockHazard(tx: Tx, actor: Actor, id: string): Promise<HazardRow> {
  const [h] = await tx.select().from(hazards).where(eq(hazards.id, id)).for('update');
  if (!h || !canSee(actor, h)) throw new AppError('HAZARD_NOT_FOUND');
  return h;
}

export async function transitionHazard(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: HazardTransitionBody,
): Promise<HazardDetail> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockHazard(tx, actor, id);
    const deadline = input.deadline ? new Date(input.deadline) : before.deadline;
    const plan = input.to === 'plan_submitted' && input.plan ? input.plan : before.plan;
    const responsiblePerson = input.responsiblePerson ?? before.responsiblePerson;
    const verdict = checkTransition({
      from: before.status,
      to: input.to,
      level: before.level,
      actorId: actor.userId,
      permissions: actor.permissions,
      rectifierIds: await rectifiersOf(tx, id),
      hazard: { responsiblePerson, deadline, plan },
    });
    if (!verdict.ok) {
      const details =
        verdict.code === 'HAZARD_PLAN_INCOMPLETE'
          ? {
              ...verdict.details,
              missingNames: (verdict.details.missing as RectificationPlanElement[]).map(
                (k) => RECTIFICATION_PLAN_ELEMENT_NAMES[k],
              ),
            }
          : verdict.details;
      throw new AppError(verdict.code, details);
    }
    const deadlineChanged = (deadline?.getTime() ?? null) !== (before.deadline?.getTime() ?? null);
    const [after] = await tx
      .update(hazards)
      .set({
        status: input.to,
        responsiblePerson,
        responsiblePhone: input.responsiblePhone ?? before.responsiblePhone,
        deadline,
        costYuan: input.costYuan ?? before.costYuan,
        plan,
        closedAt: FINAL_STATES.includes(input.to) ? now : null,
        overdueNotified: deadlineChanged ? false : before.overdueNotified,
        updatedAt: now,
      })
      .where(eq(hazards.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    const [transition] = await tx
      .insert(hazardTransitions)
      .values({
        hazardId: id,
        fromStatus: before.status,
        toStatus: input.to,
        actorId: actor.userId,
        actorName: actor.displayName,
        at: now,
        note: input.note ?? null,
      })
      .returning();
    if (!transition) throw new Error('insert returned nothing');
    const files = await claimAttachments(tx, actor, input.attachments, id, transition.id);
    if (deadlineChanged) await scheduleOverdueCheck(tx, id, deadline);
    await recordAudit(tx, ctx, {
      action: 'hazard.transition',
      entity: 'hazard',
      entityId: id,
      before,
      after: { ...after, transition: { ...transition, attachments: files.map((f) => f.id) } },
    });
    emitHazard(emit, 'hazard.transitioned', after, { from: before.status, to: input.to });
  });
  return getHazard(deps, ctx, id);
}

export async function getHazard(deps: Deps, ctx: RequestContext, id: string): Promise<HazardDetail> {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const [row] = await selectHazards(db).where(eq(hazards.id, id));
  if (!row || !canSee(actor, row.h)) throw new AppError('HAZARD_NOT_FOUND');
  const [moves, files] = await Promise.all([
    db
      .select()
      .from(hazardTransitions)
      .where(eq(hazardTransitions.hazardId, id))
      .orderBy(asc(hazardTransitions.at), asc(hazardTransitions.id)),
    db.select().from(attachments).where(eq(attachments.hazardId, id)).orderBy(asc(attachments.uploadedAt)),
  ]);
  const transitions: HazardTransition[] = moves.map((m) => ({
    id: m.id,
    from: m.fromStatus,
    to: m.toStatus,
    actor: { id: m.actorId, name: m.actorName },
    at: m.at.toISOString(),
    note: m.note,
    attachments: files.filter((f) => f.transitionId === m.id).map(toAttachmentMeta),
  }));
  return { ...toHazard(row, actor, deps.now()), attachments: files.map(toAttachmentMeta), transitions };
}

function filterConds(actor: Actor, f: Partial<HazardQuery>, now: Date): SQL[] {
  const conds = scopeOf(actor, hazards);
  if (f.status) conds.push(eq(hazards.status, f.status));
  if (f.level) conds.push(eq(hazards.level, f.level));
  if (f.category) conds.push(eq(hazards.category, f.category));
  if (f.source) conds.push(eq(hazards.source, f.source));
  if (f.orgId) conds.push(eq(hazards.orgId, f.orgId));
  if (f.riskPointId) conds.push(eq(hazards.riskPointId, f.riskPointId));
  if (f.divisionCode) conds.push(inScope(hazards.divisionCode, f.divisionCode));
  if (f.overdue === true) conds.push(overdueNow(now));
  if (f.overdue === false) conds.push(sql`NOT ${overdueNow(now)}`);
  if (f.open === true) conds.push(OPEN);
  if (f.open === false) conds.push(sql`NOT (${OPEN})`);
  if (f.q) conds.push(ilike(hazards.title, `%${escapeLike(f.q)}%`));
  return conds;
}

/**
 * Counts of the hot supervision queries, shared per (scope, filter) within one second of the clock and dropped on
 * any hazard event: fifty county desks polling the same list cost one count a second, not fifty.
 */
const countCaches = new WeakMap<object, Map<string, Promise<number>>>();

function countCache(deps: Deps): Map<string, Promise<number>> {
  let cache = countCaches.get(deps.bus);
  if (!cache) {
    const fresh = new Map<string, Promise<number>>();
    deps.bus.subscribe((e) => {
      if (e.entity === 'hazard') fresh.clear();
    });
    countCaches.set(deps.bus, fresh);
    cache = fresh;
  }
  return cache;
}

function cachedCount(deps: Deps, key: string, now: Date, run: () => Promise<number>): Promise<number> {
  const cache = countCache(deps);
  const second = Math.floor(now.getTime() / 1000);
  const full = `${second}|${key}`;
  const hit = cache.get(full);
  if (hit) return hit;
  for (const k of cache.keys()) if (!k.startsWith(`${second}|`)) cache.delete(k);
  const p = run().catch((err: unknown) => {
    cache.delete(full);
    throw err;
  });
  cache.set(full, p);
  return p;
}

const scopeKey = (actor: Actor) => `${actor.divisionCode}|${ownOrgOnly(actor.roles) ? actor.orgId : ''}`;

export async function listHazards(
  deps: Deps,
  ctx: RequestContext,
  f: HazardQuery,
): Promise<{ items: Hazard[]; total: number }> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const where = and(...filterConds(actor, f, now));
  const order = f.overdue
    ? [asc(hazards.deadline), asc(hazards.id)]
    : [sql`${hazards.reportedAt} DESC`, desc(hazards.id)];
  const db = deps.database.db;
  const countAll = async () => (await db.select({ n: count() }).from(hazards).where(where))[0]?.n ?? 0;
  const filter = { ...f, page: undefined, pageSize: undefined };
  const [rows, total] = await Promise.all([
    selectHazards(db)
      .where(where)
      .orderBy(...order)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    f.overdue ? cachedCount(deps, `list|${scopeKey(actor)}|${JSON.stringify(filter)}`, now, countAll) : countAll(),
  ]);
  return { items: rows.map((r) => toHazard(r, actor, now)), total };
}

/**
 * The county's supervision list (督办): overdue hazards (by deadline), then open major hazards not yet overdue
 * (挂牌督办, by deadline). Two ordered queries, each served by its own partial index.
 */
export async function supervisionList(
  deps: Deps,
  ctx: RequestContext,
  f: { divisionCode?: string | undefined; orgId?: string | undefined; page: number; pageSize: number },
): Promise<{ items: Hazard[]; total: number }> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const base = filterConds(actor, { divisionCode: f.divisionCode, orgId: f.orgId }, now);
  const overdueWhere = and(...base, overdueNow(now));
  const majorWhere = and(
    ...base,
    sql`${hazards.level} = 'major' AND ${hazards.status} <> 'written_off'`,
    sql`NOT ${overdueNow(now)}`,
  );
  const db = deps.database.db;
  const key = `${scopeKey(actor)}|${f.divisionCode ?? ''}|${f.orgId ?? ''}`;
  const [nOverdue, nMajor] = await Promise.all([
    cachedCount(
      deps,
      `sup-overdue|${key}`,
      now,
      async () => (await db.select({ n: count() }).from(hazards).where(overdueWhere))[0]?.n ?? 0,
    ),
    cachedCount(
      deps,
      `sup-major|${key}`,
      now,
      async () => (await db.select({ n: count() }).from(hazards).where(majorWhere))[0]?.n ?? 0,
    ),
  ]);
  const offset = (f.page - 1) * f.pageSize;
  const first =
    offset < nOverdue
      ? await selectHazards(db)
          .where(overdueWhere)
          .orderBy(asc(hazards.deadline), asc(hazards.id))
          .limit(f.pageSize)
          .offset(offset)
      : [];
  const rest = f.pageSize - first.length;
  const second =
    rest > 0
      ? await selectHazards(db)
          .where(majorWhere)
          .orderBy(sql`${hazards.deadline} ASC NULLS LAST`, asc(hazards.id))
          .limit(rest)
          .offset(Math.max(0, offset - nOverdue))
      : [];
  return { items: [...first, ...second].map((r) => toHazard(r, actor, now)), total: nOverdue + nMajor };
}

// ---- statistics ----

const DAY_MS = 86_400_000;

export async function hazardStatistics(
  deps: Deps,
  ctx: RequestContext,
  f: HazardStatisticsQuery,
): Promise<HazardStatistics> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const to = f.to ?? now.toISOString().slice(0, 10);
  const from = f.from ?? new Date(new Date(`${to}T00:00:00Z`).getTime() - 365 * DAY_MS).toISOString().slice(0, 10);
  // Dates are calendar days in China Standard Time.
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + DAY_MS);
  const conds = filterConds(actor, { divisionCode: f.divisionCode, orgId: f.orgId }, now);
  conds.push(sql`${hazards.reportedAt} >= ${start.toISOString()}::timestamptz`);
  conds.push(sql`${hazards.reportedAt} < ${end.toISOString()}::timestamptz`);
  const where = and(...conds);
  const rectified = sql<number>`count(*) filter (where ${hazards.status} in ('closed', 'written_off'))::int`;
  const overdue = sql<number>`count(*) filter (where ${overdueNow(now)})::int`;
  const counts = { found: sql<number>`count(*)::int`, rectified, overdue };
  const rate = (c: { found: number; rectified: number }) => (c.found ? c.rectified / c.found : null);
  const withRate = <T extends { found: number; rectified: number; overdue: number }>(c: T) => ({
    ...c,
    rectificationRate: rate(c),
  });
  const period = sql.raw(`'${f.period}'`);
  const bucket = sql<string>`to_char(date_trunc(${period}, ${hazards.reportedAt} AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')`;
  const db = deps.database.db;
  const [totals, byPeriod, byEnterprise, byCategory, byLevel, repeatRows] = await Promise.all([
    db
      .select({
        ...counts,
        open: sql<number>`count(*) filter (where ${OPEN})::int`,
        major: sql<number>`count(*) filter (where ${hazards.level} = 'major')::int`,
        meanDays: sql<
          number | null
        >`(avg(extract(epoch from (${hazards.closedAt} - ${hazards.reportedAt}))) filter (where ${hazards.closedAt} is not null) / 86400)::float8`,
      })
      .from(hazards)
      .where(where),
    db
      .select({ period: bucket, ...counts })
      .from(hazards)
      .where(where)
      .groupBy(bucket)
      .orderBy(bucket),
    db
      .select({ orgId: hazards.orgId, orgName: organizations.name, ...counts })
      .from(hazards)
      .leftJoin(organizations, eq(organizations.id, hazards.orgId))
      .where(where)
      .groupBy(hazards.orgId, organizations.name)
      .orderBy(desc(sql`count(*)`), asc(organizations.name)),
    db
      .select({ category: hazards.category, ...counts })
      .from(hazards)
      .where(where)
      .groupBy(hazards.category)
      .orderBy(desc(sql`count(*)`)),
    db
      .select({ level: hazards.level, ...counts })
      .from(hazards)
      .where(where)
      .groupBy(hazards.level),
    db
      .select({
        id: hazards.id,
        riskPointId: hazards.riskPointId,
        category: hazards.category,
        reportedAt: hazards.reportedAt,
        riskPointName: riskPoints.name,
        orgName: organizations.name,
      })
      .from(hazards)
      .innerJoin(riskPoints, eq(riskPoints.id, hazards.riskPointId))
      .leftJoin(organizations, eq(organizations.id, hazards.orgId))
      .where(and(where, isNotNull(hazards.riskPointId)))
      .limit(100_000),
  ]);
  const t = totals[0] ?? { found: 0, rectified: 0, overdue: 0, open: 0, major: 0, meanDays: null };
  const names = new Map(repeatRows.map((r) => [r.riskPointId ?? '', { point: r.riskPointName, org: r.orgName ?? '' }]));
  const chains = repeatChains(
    repeatRows.map((r) => ({
      id: r.id,
      riskPointId: r.riskPointId ?? '',
      category: r.category,
      reportedAt: r.reportedAt,
    })),
  );
  return {
    from,
    to,
    totals: {
      found: t.found,
      rectified: t.rectified,
      overdue: t.overdue,
      rectificationRate: rate(t),
      open: t.open,
      major: t.major,
      meanDaysToClose: t.meanDays === null ? null : Math.round(Number(t.meanDays) * 100) / 100,
    },
    byPeriod: byPeriod.map(withRate),
    byEnterprise: byEnterprise.map((r) => withRate({ ...r, orgName: r.orgName ?? '' })),
    byCategory: byCategory.map((r) => withRate({ ...r, category: r.category as HazardCategory })),
    byLevel: byLevel.map((r) => withRate({ ...r, level: r.level as HazardLevel })),
    repeats: chains.map((c) => {
      const first = c[0];
      const n = names.get(first?.riskPointId ?? '');
      return {
        riskPointId: first?.riskPointId ?? '',
        riskPointName: n?.point ?? '',
        orgName: n?.org ?? '',
        category: (first?.category ?? 'other') as HazardCategory,
        count: c.length,
        hazardIds: c.map((h) => h.id),
      };
    }),
  };
}

// ---- overdue ----

/**
 * The durable overdue check of one hazard (a job at its deadline): a hazard still open past its deadline raises
 * `hazard.overdue` once, is audited, and its organisation's users are notified. It is then on the supervision list.
 */
export async function checkHazardOverdue(deps: Deps, hazardId: string): Promise<boolean> {
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [h] = await tx.select().from(hazards).where(eq(hazards.id, hazardId)).for('update');
    if (!h || h.overdueNotified || !isOverdue(h, now)) return false;
    await tx.update(hazards).set({ overdueNotified: true }).where(eq(hazards.id, hazardId));
    const staff = await tx.select({ id: users.id }).from(users).where(eq(users.orgId, h.orgId));
    await notifyUsers(
      tx,
      staff.map((u) => u.id),
      {
        kind: 'hazard.overdue',
        title: `隐患整改超期：${h.title}`,
        body: `隐患「${h.title}」整改期限为 ${h.deadline?.toISOString() ?? ''}，现已超期，已列入督办清单。`,
        entity: 'hazard',
        entityId: h.id,
      },
    );
    await recordAudit(tx, systemContext(), {
      action: 'hazard.overdue',
      entity: 'hazard',
      entityId: h.id,
      after: { deadline: h.deadline?.toISOString() ?? null, status: h.status as HazardState },
    });
    emitHazard(emit, HAZARD_OVERDUE_EVENT, h);
    return true;
  });
}
