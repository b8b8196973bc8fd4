import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { createPlanBody, Plan, PlanKind, ResponseLevel, updatePlanBody } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope, parentOf, scopePrefix } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, escapeLike, inScope } from '../divisions/index.js';
import { incidents } from '../incidents/index.js';
import { organizations } from '../org/index.js';
import {
  actionsAtLevel,
  dueStatus,
  evaluationBasis,
  evaluationDueBy,
  filingDueBy,
  formatDate,
  highestLevel,
  levelRank,
  scopeFits,
  withActionIds,
  type IncidentFacts,
} from './plans.rules.js';
import { planEvaluations, plans, type PlanRow } from './plans.table.js';

export type CreatePlanInput = z.infer<typeof createPlanBody>;
export type UpdatePlanInput = z.infer<typeof updatePlanBody>;

export function toPlan(r: PlanRow, ownerOrgName: string | null): Plan {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    ownerOrgId: r.ownerOrgId,
    ownerOrgName,
    divisionCode: r.divisionCode,
    version: r.version,
    publishedAt: r.publishedAt,
    status: r.status,
    parentPlanId: r.parentPlanId,
    filedAt: r.filedAt,
    filingNumber: r.filingNumber,
    filingOrg: r.filingOrg,
    filingDueBy: r.publishedAt ? filingDueBy(r.publishedAt) : null,
    lastEvaluatedAt: r.lastEvaluatedAt,
    scope: {
      categories: r.scope.categories as Plan['scope']['categories'],
      types: r.scope.types,
    },
    levels: r.levels,
    command: r.command,
    actions: r.actions,
    attachments: r.attachments,
    summary: r.summary,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Plans a user may read: those of their division and below, and the plans of the divisions above
 * them (a county works under the city's plans: 预案衔接).
 */
export function planVisible(actor: Actor): SQL {
  return or(
    inScope(plans.divisionCode, actor.divisionCode),
    inArray(plans.divisionCode, divisionsAbove(actor.divisionCode)),
  ) as SQL;
}

/** The division and every division above it (county → city → province). */
function divisionsAbove(code: string): string[] {
  const up: string[] = [];
  for (let c: string | null = code; c; c = parentOf(c)) up.push(c);
  return up;
}

export function canReadPlan(actor: Actor, divisionCode: string): boolean {
  return isInScope(actor.divisionCode, divisionCode) || isInScope(divisionCode, actor.divisionCode);
}

/** An enterprise user writes only its own organisation's plans; other roles write within their scope. */
function assertCanOwn(actor: Actor, ownerOrgId: string) {
  const broader = actor.roles.some((r) => r === 'admin' || r === 'commander' || r === 'county');
  if (!broader && ownerOrgId !== actor.orgId) throw new AppError('PLAN_OWNER_ONLY');
}

async function checkOwner(tx: DbOrTx, actor: Actor, ownerOrgId: string) {
  assertCanOwn(actor, ownerOrgId);
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, ownerOrgId));
  if (!org || !isInScope(actor.divisionCode, org.divisionCode)) throw new AppError('ORGANIZATION_NOT_FOUND');
  return org;
}

/** Every department an action or working group names exists and belongs to the plan's area or above it. */
async function checkDepartments(tx: DbOrTx, divisionCode: string, orgIds: string[]) {
  const ids = [...new Set(orgIds)];
  if (!ids.length) return;
  const rows = await tx
    .select({ id: organizations.id, divisionCode: organizations.divisionCode })
    .from(organizations)
    .where(inArray(organizations.id, ids));
  const ok = new Set(
    rows
      .filter((o) => isInScope(o.divisionCode, divisionCode) || isInScope(divisionCode, o.divisionCode))
      .map((o) => o.id),
  );
  const bad = ids.filter((id) => !ok.has(id));
  if (bad.length) throw new AppError('PLAN_DEPARTMENT_INVALID', { orgIds: bad });
}

function namedOrgs(p: { actions: { departmentOrgId: string }[]; command: CreatePlanInput['command'] }): string[] {
  return [
    ...p.actions.map((a) => a.departmentOrgId),
    ...p.command.groups.flatMap((g) => [...(g.leadOrgId ? [g.leadOrgId] : []), ...g.memberOrgIds]),
  ];
}

async function checkParent(tx: DbOrTx, actor: Actor, id: string | null, parentId: string | null | undefined) {
  if (!parentId) return;
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 20; depth++) {
    if (cursor === id) throw new AppError('PLAN_PARENT_INVALID');
    const [p]: { parentPlanId: string | null; divisionCode: string }[] = await tx
      .select({ parentPlanId: plans.parentPlanId, divisionCode: plans.divisionCode })
      .from(plans)
      .where(eq(plans.id, cursor));
    if (!p || (depth === 0 && !canReadPlan(actor, p.divisionCode))) throw new AppError('PLAN_PARENT_INVALID');
    cursor = p.parentPlanId;
  }
}

export async function createPlan(deps: Deps, ctx: RequestContext, input: CreatePlanInput): Promise<Plan> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    await checkOwner(tx, actor, input.ownerOrgId);
    await checkDepartments(tx, input.divisionCode, namedOrgs(input));
    await checkParent(tx, actor, null, input.parentPlanId);
    const [row] = await tx
      .insert(plans)
      .values({
        kind: input.kind,
        title: input.title,
        ownerOrgId: input.ownerOrgId,
        divisionCode: input.divisionCode,
        version: input.version ?? null,
        publishedAt: input.publishedAt ?? null,
        status: input.status,
        parentPlanId: input.parentPlanId ?? null,
        filedAt: input.filedAt ?? null,
        filingNumber: input.filingNumber ?? null,
        filingOrg: input.filingOrg ?? null,
        lastEvaluatedAt: input.lastEvaluatedAt ?? null,
        scope: input.scope,
        levels: input.levels,
        command: input.command,
        actions: withActionIds(input.actions),
        attachments: input.attachments,
        summary: input.summary ?? null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'plan.create', entity: 'plan', entityId: row.id, after: row });
    emit({ type: 'plan.created', divisionCode: row.divisionCode, entity: 'plan', entityId: row.id });
    return row.id;
  });
  return getPlan(deps, ctx, id);
}

export async function updatePlan(deps: Deps, ctx: RequestContext, id: string, input: UpdatePlanInput): Promise<Plan> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(plans).where(eq(plans.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('PLAN_NOT_FOUND');
    assertCanOwn(actor, before.ownerOrgId);
    const divisionCode = input.divisionCode ?? before.divisionCode;
    if (input.divisionCode) await assertDivisionInScope(tx, actor, input.divisionCode);
    if (input.ownerOrgId) await checkOwner(tx, actor, input.ownerOrgId);
    const merged = {
      actions: input.actions ?? before.actions,
      command: input.command ?? before.command,
    };
    await checkDepartments(tx, divisionCode, namedOrgs(merged));
    if (input.parentPlanId !== undefined) await checkParent(tx, actor, id, input.parentPlanId);
    const publishedAt = input.publishedAt ?? before.publishedAt;
    if ((input.status ?? before.status) === 'published' && !publishedAt)
      throw new AppError('VALIDATION_FAILED', [
        { path: 'body.publishedAt', message: 'a published plan needs its publication date' },
      ]);
    const set: Partial<typeof plans.$inferInsert> = { updatedAt: now };
    for (const key of [
      'kind',
      'title',
      'ownerOrgId',
      'divisionCode',
      'version',
      'publishedAt',
      'status',
      'filedAt',
      'filingNumber',
      'filingOrg',
      'lastEvaluatedAt',
      'scope',
      'levels',
      'command',
      'attachments',
      'summary',
    ] as const) {
      if (input[key] !== undefined) Object.assign(set, { [key]: input[key] });
    }
    if (input.parentPlanId !== undefined) set.parentPlanId = input.parentPlanId;
    // Existing ids are kept, so tasks of a running response stay tied to their action.
    if (input.actions) set.actions = withActionIds(input.actions);
    const [after] = await tx.update(plans).set(set).where(eq(plans.id, id)).returning();
    if (!after) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, { action: 'plan.update', entity: 'plan', entityId: id, before, after });
    emit({ type: 'plan.updated', divisionCode: after.divisionCode, entity: 'plan', entityId: id });
  });
  return getPlan(deps, ctx, id);
}

async function loadPlan(db: DbOrTx, id: string) {
  const [r] = await db
    .select({ row: plans, ownerOrgName: organizations.name })
    .from(plans)
    .leftJoin(organizations, eq(organizations.id, plans.ownerOrgId))
    .where(eq(plans.id, id));
  return r;
}

export async function getPlan(deps: Deps, ctx: RequestContext, id: string): Promise<Plan> {
  const actor = actorOf(ctx);
  const r = await loadPlan(deps.database.db, id);
  if (!r || !canReadPlan(actor, r.row.divisionCode)) throw new AppError('PLAN_NOT_FOUND');
  return toPlan(r.row, r.ownerOrgName);
}

export interface PlanFilter {
  ownerOrgId?: string | undefined;
  kind?: PlanKind | undefined;
  status?: 'draft' | 'published' | 'superseded' | undefined;
  divisionCode?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listPlans(deps: Deps, ctx: RequestContext, f: PlanFilter) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [planVisible(actor)];
  if (f.ownerOrgId) conds.push(eq(plans.ownerOrgId, f.ownerOrgId));
  if (f.kind) conds.push(eq(plans.kind, f.kind));
  if (f.status) conds.push(eq(plans.status, f.status));
  if (f.divisionCode) conds.push(inScope(plans.divisionCode, f.divisionCode));
  if (f.q) conds.push(ilike(plans.title, `%${escapeLike(f.q)}%`));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select({ row: plans, ownerOrgName: organizations.name })
      .from(plans)
      .leftJoin(organizations, eq(organizations.id, plans.ownerOrgId))
      .where(where)
      .orderBy(asc(plans.divisionCode), asc(plans.kind), asc(plans.title))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(plans).where(where),
  ]);
  return { items: rows.map((r) => toPlan(r.row, r.ownerOrgName)), total: totals[0]?.n ?? 0 };
}

export function factsOf(i: typeof incidents.$inferSelect): IncidentFacts {
  return {
    category: i.category,
    type: i.type,
    grade: i.grade,
    divisionCode: i.divisionCode,
    deaths: i.deaths,
    missing: i.missing,
    seriousInjuries: i.seriousInjuries,
    minorInjuries: i.minorInjuries,
    evacuated: i.evacuated,
    directLossYuan: i.directLossYuan,
  };
}

/**
 * Published plans whose scope fits the incident, each with the highest level whose triggers hold
 * and which triggers matched; those with a level first (highest first), then the closest plan
 * (county before city).
 */
export async function matchPlans(deps: Deps, ctx: RequestContext, incidentId: string) {
  const actor = actorOf(ctx);
  const [inc] = await deps.database.db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!inc || !isInScope(actor.divisionCode, inc.divisionCode)) throw new AppError('INCIDENT_NOT_FOUND');
  const facts = factsOf(inc);
  // Candidates: published plans of the incident's division or any division above it.
  const divisionsUp = divisionsAbove(inc.divisionCode);
  const rows = await deps.database.db
    .select({ row: plans, ownerOrgName: organizations.name })
    .from(plans)
    .leftJoin(organizations, eq(organizations.id, plans.ownerOrgId))
    .where(and(eq(plans.status, 'published'), inArray(plans.divisionCode, divisionsUp)));
  const items = rows
    .filter((r) => scopeFits(r.row, facts))
    .map((r) => {
      const { level, matched } = highestLevel(r.row, facts);
      return {
        planId: r.row.id,
        title: r.row.title,
        kind: r.row.kind,
        ownerOrgName: r.ownerOrgName,
        divisionCode: r.row.divisionCode,
        level,
        matched,
        taskCount: level ? actionsAtLevel(r.row.actions, level).length : 0,
      };
    });
  const rank = (l: ResponseLevel | null) => (l ? levelRank(l) : 0);
  items.sort(
    (a, b) =>
      rank(b.level) - rank(a.level) ||
      scopePrefix(b.divisionCode).length - scopePrefix(a.divisionCode).length ||
      a.title.localeCompare(b.title),
  );
  return { items };
}

export async function recordEvaluation(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { date: string; conclusion: string; needsRevision: boolean },
): Promise<Plan> {
  const actor = actorOf(ctx);
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(plans).where(eq(plans.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('PLAN_NOT_FOUND');
    assertCanOwn(actor, before.ownerOrgId);
    const [ev] = await tx
      .insert(planEvaluations)
      .values({
        planId: id,
        date: input.date,
        conclusion: input.conclusion,
        needsRevision: input.needsRevision,
        actorId: actor.userId,
      })
      .returning();
    const last = before.lastEvaluatedAt && before.lastEvaluatedAt > input.date ? before.lastEvaluatedAt : input.date;
    const [after] = await tx
      .update(plans)
      .set({ lastEvaluatedAt: last, updatedAt: deps.now() })
      .where(eq(plans.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'plan.evaluate',
      entity: 'plan',
      entityId: id,
      before,
      after: { ...after, evaluation: ev },
    });
    emit({ type: 'plan.updated', divisionCode: before.divisionCode, entity: 'plan', entityId: id });
  });
  return getPlan(deps, ctx, id);
}

export async function listEvaluations(deps: Deps, ctx: RequestContext, id: string) {
  await getPlan(deps, ctx, id);
  const rows = await deps.database.db
    .select()
    .from(planEvaluations)
    .where(eq(planEvaluations.planId, id))
    .orderBy(desc(planEvaluations.date));
  return {
    items: rows.map((r) => ({
      id: r.id,
      date: r.date,
      conclusion: r.conclusion,
      needsRevision: r.needsRevision,
      createdAt: r.createdAt.toISOString(),
    })),
    total: rows.length,
  };
}

/**
 * Plans under the 3-year evaluation cycle in the user's scope with their next due date,
 * overdue first. The cycle rules are in plans.rules.ts (evaluationBasis).
 */
export async function planReviews(
  deps: Deps,
  ctx: RequestContext,
  f: { asOf?: string | undefined; status?: 'ok' | 'due_soon' | 'overdue' | undefined; page: number; pageSize: number },
) {
  const actor = actorOf(ctx);
  const asOf = f.asOf ?? formatDate(deps.now());
  const rows = await deps.database.db
    .select({
      row: plans,
      ownerOrgName: organizations.name,
      ownerKind: organizations.kind,
      highRisk: organizations.highRisk,
    })
    .from(plans)
    .innerJoin(organizations, eq(organizations.id, plans.ownerOrgId))
    .where(and(inScope(plans.divisionCode, actor.divisionCode), eq(plans.status, 'published')));
  const order = { overdue: 0, due_soon: 1, ok: 2 } as const;
  const all = rows.flatMap((r) => {
    const basis = evaluationBasis(r.row, { kind: r.ownerKind, highRisk: r.highRisk });
    if (!basis || !r.row.publishedAt) return [];
    const dueBy = evaluationDueBy(r.row.lastEvaluatedAt, r.row.publishedAt);
    const status = dueStatus(dueBy, asOf);
    if (f.status && f.status !== status) return [];
    return [
      {
        planId: r.row.id,
        title: r.row.title,
        kind: r.row.kind,
        ownerOrgId: r.row.ownerOrgId,
        ownerOrgName: r.ownerOrgName,
        basis,
        lastEvaluatedAt: r.row.lastEvaluatedAt,
        dueBy,
        status,
      },
    ];
  });
  all.sort((a, b) => order[a.status] - order[b.status] || a.dueBy.localeCompare(b.dueBy));
  return { items: all.slice((f.page - 1) * f.pageSize, f.page * f.pageSize), total: all.length };
}
