import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { createDrillBody, createScheduleBody, Drill, PlanKind, updateDrillBody } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { escapeLike, inScope } from '../divisions/index.js';
import { notifyUsers } from '../notifications/index.js';
import { organizations, users } from '../org/index.js';
import { drillCompliance, ruleSetOf, type ComplianceItem, type DrillFact, type PlanFact } from './drills.rules.js';
import { addYears, formatDate } from './plans.rules.js';
import { drillReminders, drills, drillSchedules, plans } from './plans.table.js';

type DrillRow = typeof drills.$inferSelect;
type OrgRow = typeof organizations.$inferSelect;

/** An enterprise or department user records drills of its own organisation only. */
function assertOwnOrg(actor: Actor, orgId: string) {
  const broader = actor.roles.some((r) => r === 'admin' || r === 'commander' || r === 'county');
  if (!broader && orgId !== actor.orgId) throw new AppError('OUT_OF_SCOPE', { orgId });
}

async function orgInScope(db: DbOrTx, actor: Actor, orgId: string): Promise<OrgRow> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org || !isInScope(actor.divisionCode, org.divisionCode)) throw new AppError('ORGANIZATION_NOT_FOUND');
  return org;
}

/** The plans a drill exercises belong to the organisation and are in force (or were: superseded). */
async function checkDrillPlans(db: DbOrTx, orgId: string, planIds: string[]) {
  const ids = [...new Set(planIds)];
  const rows = await db
    .select({ id: plans.id, ownerOrgId: plans.ownerOrgId, status: plans.status })
    .from(plans)
    .where(inArray(plans.id, ids));
  const ok = rows.filter((p) => p.ownerOrgId === orgId && p.status !== 'draft').map((p) => p.id);
  const bad = ids.filter((id) => !ok.includes(id));
  if (bad.length) throw new AppError('DRILL_PLAN_INVALID', { planIds: bad });
  return ids;
}

async function planTitles(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: plans.id, title: plans.title }).from(plans).where(inArray(plans.id, ids));
  return new Map(rows.map((r) => [r.id, r.title]));
}

function toDrill(r: DrillRow, orgName: string | null, titles: Map<string, string>): Drill {
  return {
    id: r.id,
    orgId: r.orgId,
    orgName,
    divisionCode: r.divisionCode,
    planIds: r.planIds,
    planTitles: r.planIds.map((id) => titles.get(id) ?? ''),
    date: r.date,
    kind: r.kind as Drill['kind'],
    doubleBlind: r.doubleBlind,
    title: r.title,
    participants: r.participants,
    evaluation: r.evaluation,
    score: r.score,
    problems: r.problems,
    followUps: r.followUps,
    scheduleId: r.scheduleId,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function createDrill(deps: Deps, ctx: RequestContext, input: z.infer<typeof createDrillBody>) {
  const actor = actorOf(ctx);
  const now = deps.now();
  if (input.date > formatDate(now)) throw new AppError('DRILL_DATE_FUTURE');
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    assertOwnOrg(actor, input.orgId);
    const org = await orgInScope(tx, actor, input.orgId);
    const planIds = await checkDrillPlans(tx, org.id, input.planIds);
    if (input.scheduleId) {
      const [s] = await tx.select().from(drillSchedules).where(eq(drillSchedules.id, input.scheduleId));
      if (!s || s.orgId !== org.id) throw new AppError('SCHEDULE_NOT_FOUND');
    }
    const [row] = await tx
      .insert(drills)
      .values({
        orgId: org.id,
        divisionCode: org.divisionCode,
        planIds,
        date: input.date,
        kind: input.kind,
        doubleBlind: input.doubleBlind,
        title: input.title ?? null,
        participants: input.participants ?? null,
        evaluation: input.evaluation ?? null,
        score: input.score ?? null,
        problems: input.problems,
        followUps: input.followUps,
        scheduleId: input.scheduleId ?? null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'drill.create', entity: 'drill', entityId: row.id, after: row });
    emit({ type: 'drill.recorded', divisionCode: row.divisionCode, entity: 'drill', entityId: row.id });
    return row.id;
  });
  return getDrill(deps, ctx, id);
}

export async function updateDrill(deps: Deps, ctx: RequestContext, id: string, input: z.infer<typeof updateDrillBody>) {
  const actor = actorOf(ctx);
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(drills).where(eq(drills.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('DRILL_NOT_FOUND');
    assertOwnOrg(actor, before.orgId);
    const [after] = await tx
      .update(drills)
      .set({ ...input, updatedAt: deps.now() })
      .where(eq(drills.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'drill.update', entity: 'drill', entityId: id, before, after });
    emit({ type: 'drill.updated', divisionCode: before.divisionCode, entity: 'drill', entityId: id });
  });
  return getDrill(deps, ctx, id);
}

export async function getDrill(deps: Deps, ctx: RequestContext, id: string) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const [r] = await db
    .select({ row: drills, orgName: organizations.name })
    .from(drills)
    .leftJoin(organizations, eq(organizations.id, drills.orgId))
    .where(eq(drills.id, id));
  if (!r || !isInScope(actor.divisionCode, r.row.divisionCode)) throw new AppError('DRILL_NOT_FOUND');
  return toDrill(r.row, r.orgName, await planTitles(db, r.row.planIds));
}

export async function listDrills(
  deps: Deps,
  ctx: RequestContext,
  f: { orgId?: string; planId?: string; year?: number; kind?: string; page: number; pageSize: number },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(drills.divisionCode, actor.divisionCode)];
  if (f.orgId) conds.push(eq(drills.orgId, f.orgId));
  if (f.planId) conds.push(sql`${f.planId}::uuid = ANY(${drills.planIds})`);
  if (f.year) conds.push(gte(drills.date, `${f.year}-01-01`), lte(drills.date, `${f.year}-12-31`));
  if (f.kind) conds.push(eq(drills.kind, f.kind));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select({ row: drills, orgName: organizations.name })
      .from(drills)
      .leftJoin(organizations, eq(organizations.id, drills.orgId))
      .where(where)
      .orderBy(desc(drills.date), desc(drills.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(drills).where(where),
  ]);
  const titles = await planTitles(db, [...new Set(rows.flatMap((r) => r.row.planIds))]);
  return { items: rows.map((r) => toDrill(r.row, r.orgName, titles)), total: totals[0]?.n ?? 0 };
}

// ---- year drill plan (年度演练计划) ----

export async function createSchedule(deps: Deps, ctx: RequestContext, input: z.infer<typeof createScheduleBody>) {
  const actor = actorOf(ctx);
  const row = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    assertOwnOrg(actor, input.orgId);
    const org = await orgInScope(tx, actor, input.orgId);
    const planIds = await checkDrillPlans(tx, org.id, input.planIds);
    const [s] = await tx
      .insert(drillSchedules)
      .values({
        orgId: org.id,
        divisionCode: org.divisionCode,
        plannedDate: input.plannedDate,
        planIds,
        kind: input.kind,
        title: input.title,
      })
      .returning();
    if (!s) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'drill_schedule.create', entity: 'drill_schedule', entityId: s.id, after: s });
    emit({ type: 'drill_schedule.created', divisionCode: s.divisionCode, entity: 'drill_schedule', entityId: s.id });
    return s;
  });
  const page = await listSchedules(deps, ctx, { orgId: row.orgId, page: 1, pageSize: 200 });
  const found = page.items.find((s) => s.id === row.id);
  if (!found) throw new AppError('SCHEDULE_NOT_FOUND');
  return found;
}

export async function listSchedules(
  deps: Deps,
  ctx: RequestContext,
  f: { orgId?: string; year?: number; page: number; pageSize: number },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(drillSchedules.divisionCode, actor.divisionCode)];
  if (f.orgId) conds.push(eq(drillSchedules.orgId, f.orgId));
  if (f.year)
    conds.push(gte(drillSchedules.plannedDate, `${f.year}-01-01`), lte(drillSchedules.plannedDate, `${f.year}-12-31`));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select({ row: drillSchedules, orgName: organizations.name })
      .from(drillSchedules)
      .leftJoin(organizations, eq(organizations.id, drillSchedules.orgId))
      .where(where)
      .orderBy(asc(drillSchedules.plannedDate))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(drillSchedules).where(where),
  ]);
  const ids = rows.map((r) => r.row.id);
  const done = ids.length
    ? await db
        .select({ scheduleId: drills.scheduleId, id: drills.id })
        .from(drills)
        .where(inArray(drills.scheduleId, ids))
    : [];
  const drillOf = new Map(done.map((d) => [d.scheduleId, d.id]));
  const today = formatDate(deps.now());
  return {
    items: rows.map((r) => {
      const drillId = drillOf.get(r.row.id) ?? null;
      return {
        id: r.row.id,
        orgId: r.row.orgId,
        orgName: r.orgName,
        plannedDate: r.row.plannedDate,
        planIds: r.row.planIds,
        kind: r.row.kind as Drill['kind'],
        title: r.row.title,
        drillId,
        status: drillId ? ('done' as const) : r.row.plannedDate < today ? ('missed' as const) : ('planned' as const),
      };
    }),
    total: totals[0]?.n ?? 0,
  };
}

// ---- compliance (演练合规) ----

/** Plans and drills of a set of organisations, with drills since `since`. */
async function factsOf(db: DbOrTx, orgIds: string[], since: string) {
  const planRows = orgIds.length
    ? await db
        .select({
          id: plans.id,
          title: plans.title,
          kind: plans.kind,
          status: plans.status,
          publishedAt: plans.publishedAt,
          ownerOrgId: plans.ownerOrgId,
        })
        .from(plans)
        .where(inArray(plans.ownerOrgId, orgIds))
    : [];
  const drillRows = orgIds.length
    ? await db
        .select({ orgId: drills.orgId, date: drills.date, planIds: drills.planIds })
        .from(drills)
        .where(and(inArray(drills.orgId, orgIds), gte(drills.date, since)))
    : [];
  const kindOf = new Map<string, PlanKind>(planRows.map((p) => [p.id, p.kind]));
  const plansBy = new Map<string, PlanFact[]>();
  for (const p of planRows) plansBy.set(p.ownerOrgId, [...(plansBy.get(p.ownerOrgId) ?? []), p]);
  const drillsBy = new Map<string, DrillFact[]>();
  for (const d of drillRows) {
    const fact: DrillFact = {
      date: d.date,
      plans: d.planIds.flatMap((id) => {
        const kind = kindOf.get(id);
        return kind ? [{ id, kind }] : [];
      }),
    };
    drillsBy.set(d.orgId, [...(drillsBy.get(d.orgId) ?? []), fact]);
  }
  return { plansBy, drillsBy };
}

/** Far enough back for every rule (the longest is 3 years, plus the period before). */
const lookBack = (asOf: string) => addYears(asOf, -4);

function complianceOfOrg(org: OrgRow, facts: Awaited<ReturnType<typeof factsOf>>, asOf: string): ComplianceItem[] {
  return drillCompliance(ruleSetOf(org), facts.plansBy.get(org.id) ?? [], facts.drillsBy.get(org.id) ?? [], asOf);
}

export async function orgCompliance(deps: Deps, ctx: RequestContext, q: { orgId: string; asOf?: string | undefined }) {
  const actor = actorOf(ctx);
  const asOf = q.asOf ?? formatDate(deps.now());
  const db = deps.database.db;
  const org = await orgInScope(db, actor, q.orgId);
  const facts = await factsOf(db, [org.id], lookBack(asOf));
  return { orgId: org.id, orgName: org.name, ruleSet: ruleSetOf(org), asOf, items: complianceOfOrg(org, facts, asOf) };
}

/** Every organisation in scope with its counts by status, most overdue first. */
export async function complianceByOrg(
  deps: Deps,
  ctx: RequestContext,
  f: {
    asOf?: string | undefined;
    divisionCode?: string | undefined;
    q?: string | undefined;
    onlyOverdue?: 'true' | 'false' | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = actorOf(ctx);
  const asOf = f.asOf ?? formatDate(deps.now());
  const db = deps.database.db;
  const conds: SQL[] = [inScope(organizations.divisionCode, actor.divisionCode)];
  if (f.divisionCode) conds.push(inScope(organizations.divisionCode, f.divisionCode));
  if (f.q) conds.push(sql`${organizations.name} ILIKE ${`%${escapeLike(f.q)}%`}`);
  const orgs = await db
    .select()
    .from(organizations)
    .where(and(...conds));
  const facts = await factsOf(
    db,
    orgs.map((o) => o.id),
    lookBack(asOf),
  );
  const rows = orgs.map((o) => {
    const items = complianceOfOrg(o, facts, asOf);
    const n = (s: string) => items.filter((i) => i.status === s).length;
    const open = items.filter((i) => i.status !== 'ok').map((i) => i.dueBy);
    return {
      orgId: o.id,
      orgName: o.name,
      kind: o.kind,
      divisionCode: o.divisionCode,
      highRisk: o.highRisk,
      ruleSet: ruleSetOf(o),
      overdue: n('overdue'),
      dueSoon: n('due_soon'),
      ok: n('ok'),
      nextDueBy: open.sort()[0] ?? items.map((i) => i.dueBy).sort()[0] ?? null,
    };
  });
  const shown = f.onlyOverdue === 'true' ? rows.filter((r) => r.overdue > 0) : rows;
  shown.sort(
    (a, b) =>
      b.overdue - a.overdue ||
      b.dueSoon - a.dueSoon ||
      a.divisionCode.localeCompare(b.divisionCode) ||
      a.orgName.localeCompare(b.orgName),
  );
  return { items: shown.slice((f.page - 1) * f.pageSize, f.page * f.pageSize), total: shown.length };
}

export const DRILL_REMIND_JOB = 'drills.remind';

/**
 * Daily: for every organisation, each requirement due within 30 days is reminded once (per due date)
 * to the organisation's active users. Returns how many reminders went out.
 */
export async function sendDrillReminders(deps: Deps): Promise<number> {
  const asOf = formatDate(deps.now());
  return transact(deps.database, deps.bus, async ({ tx }) => {
    const orgs = await tx.select().from(organizations);
    const facts = await factsOf(
      tx,
      orgs.map((o) => o.id),
      lookBack(asOf),
    );
    let sent = 0;
    for (const o of orgs) {
      const due = complianceOfOrg(o, facts, asOf).filter((i) => i.status === 'due_soon');
      if (!due.length) continue;
      const recipients = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.orgId, o.id), eq(users.isActive, true)));
      for (const item of due) {
        const key = `${o.id}:${item.requirement}:${item.planId ?? ''}:${item.dueBy}`;
        const fresh = await tx.insert(drillReminders).values({ key }).onConflictDoNothing().returning();
        if (!fresh.length) continue;
        sent++;
        await notifyUsers(
          tx,
          recipients.map((r) => r.id),
          {
            kind: 'drill.due_soon',
            title: `应急演练即将到期：${o.name}`,
            body: `${item.planTitle ? `《${item.planTitle}》` : ''}应于 ${item.dueBy} 前完成演练（${item.requirement}）。`,
            entity: 'organization',
            entityId: o.id,
          },
        );
      }
    }
    return sent;
  });
}
