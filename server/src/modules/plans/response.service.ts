import { and, asc, count, desc, eq, inArray, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { ResponseLevel, TaskStatus } from '@yingji/contracts';
import type { DbOrTx, Tx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { enqueueJob } from '../../platform/jobs.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact, type TxScope } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { inScope } from '../divisions/index.js';
import { appendTimeline, incidents } from '../incidents/index.js';
import { notifyUsers } from '../notifications/index.js';
import { organizations, users } from '../org/index.js';
import { actionsAtLevel, levelChange, levelRank, taskTransition } from './plans.rules.js';
import { canReadPlan } from './plans.service.js';
import {
  commandLog,
  plans,
  responses,
  responseTasks,
  type ResponseRow,
  type StoredAction,
  type TaskRow,
} from './plans.table.js';

export const TASK_OVERDUE_JOB = 'response.task_overdue';
const OPEN: TaskStatus[] = ['pending', 'acknowledged', 'in_progress'];
const LEVEL_ZH: Record<ResponseLevel, string> = { I: 'Ⅰ级', II: 'Ⅱ级', III: 'Ⅲ级', IV: 'Ⅳ级' };
const STATUS_ZH: Record<string, string> = {
  acknowledged: '签收',
  in_progress: '开始处置',
  done: '完成',
};

/** Who works only their own organisation's tasks: liaisons without command rights. */
function ownTasksOnly(actor: Actor): boolean {
  return !actor.permissions.includes('response.manage');
}

function isOverdue(t: Pick<TaskRow, 'status' | 'dueAt'>, now: Date): boolean {
  return OPEN.includes(t.status) && t.dueAt.getTime() < now.getTime();
}

const taskColumns = {
  row: responseTasks,
  departmentName: organizations.name,
  incidentTitle: incidents.title,
};

function toTask(r: { row: TaskRow; departmentName: string | null; incidentTitle: string | null }, now: Date) {
  const t = r.row;
  return {
    id: t.id,
    responseId: t.responseId,
    incidentId: t.incidentId,
    incidentTitle: r.incidentTitle,
    actionId: t.actionId,
    departmentOrgId: t.departmentOrgId,
    departmentName: r.departmentName,
    action: t.action,
    level: t.level,
    group: t.group,
    dueAt: t.dueAt.toISOString(),
    status: t.status,
    overdue: isOverdue(t, now),
    acknowledgedAt: t.acknowledgedAt?.toISOString() ?? null,
    doneAt: t.doneAt?.toISOString() ?? null,
    lastReport: t.lastReport,
    updatedAt: t.updatedAt.toISOString(),
  };
}

async function addLog(
  tx: DbOrTx,
  actor: Actor | null,
  e: { responseId: string; at: Date; kind: string; text: string; taskId?: string },
) {
  const [row] = await tx
    .insert(commandLog)
    .values({
      responseId: e.responseId,
      at: e.at,
      kind: e.kind,
      text: e.text,
      taskId: e.taskId ?? null,
      actorId: actor?.userId ?? null,
      actorName: actor?.displayName ?? null,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

/** The liaisons of the departments: their active users with a liaison or duty role. */
async function liaisonsOf(tx: DbOrTx, orgIds: string[]) {
  if (!orgIds.length) return new Map<string, string[]>();
  const rows = await tx
    .select({ id: users.id, orgId: users.orgId })
    .from(users)
    .where(
      and(
        inArray(users.orgId, orgIds),
        eq(users.isActive, true),
        sql`${users.roles} && ARRAY['department','enterprise','duty_officer','county']::text[]`,
      ),
    );
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.orgId, [...(m.get(r.orgId) ?? []), r.id]);
  return m;
}

async function createTasks(
  tx: Tx,
  response: ResponseRow,
  actions: StoredAction[],
  at: Date,
  planTitle: string,
  incidentTitle: string,
): Promise<TaskRow[]> {
  if (!actions.length) return [];
  const rows = await tx
    .insert(responseTasks)
    .values(
      actions.map((a) => ({
        responseId: response.id,
        incidentId: response.incidentId,
        actionId: a.id,
        departmentOrgId: a.departmentOrgId,
        action: a.action,
        level: a.level,
        group: a.group ?? null,
        dueAt: new Date(at.getTime() + a.withinMinutes * 60_000),
        createdAt: at,
        updatedAt: at,
      })),
    )
    .returning();
  const liaisons = await liaisonsOf(
    tx,
    rows.map((r) => r.departmentOrgId),
  );
  for (const t of rows) {
    await enqueueJob(tx, {
      kind: TASK_OVERDUE_JOB,
      key: `${TASK_OVERDUE_JOB}:${t.id}`,
      runAt: t.dueAt,
      payload: { taskId: t.id },
    });
    await notifyUsers(tx, liaisons.get(t.departmentOrgId) ?? [], {
      kind: 'response.task_assigned',
      title: `应急响应任务：${incidentTitle}`,
      body: `《${planTitle}》${LEVEL_ZH[response.level]}响应：${t.action}（${t.dueAt.toISOString()} 前）`,
      entity: 'response',
      entityId: response.id,
    });
  }
  return rows;
}

async function lockResponse(tx: Tx, actor: Actor, id: string) {
  const [r] = await tx.select().from(responses).where(eq(responses.id, id)).for('update');
  if (!r || !isInScope(actor.divisionCode, r.divisionCode)) throw new AppError('RESPONSE_NOT_FOUND');
  return r;
}

async function planOf(tx: DbOrTx, planId: string) {
  const [p] = await tx.select().from(plans).where(eq(plans.id, planId));
  if (!p) throw new AppError('PLAN_NOT_FOUND');
  return p;
}

function emitResponse(emit: TxScope['emit'], type: string, r: ResponseRow, data?: Record<string, unknown>) {
  emit({ type, divisionCode: r.divisionCode, entity: 'response', entityId: r.id, ...(data ? { data } : {}) });
}

/**
 * 启动响应: one task per action of the level and of the levels below it, each due `withinMinutes`
 * after activation; liaisons notified; the incident's timeline and the command log written; all in
 * one transaction with the audit row.
 */
export async function activateResponse(
  deps: Deps,
  ctx: RequestContext,
  incidentId: string,
  input: { planId: string; level: ResponseLevel; note?: string | undefined },
) {
  const actor = actorOf(ctx);
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [inc] = await tx.select().from(incidents).where(eq(incidents.id, incidentId)).for('update');
    if (!inc || !isInScope(actor.divisionCode, inc.divisionCode)) throw new AppError('INCIDENT_NOT_FOUND');
    if (inc.status !== 'open') throw new AppError('INCIDENT_CLOSED');
    const plan = await planOf(tx, input.planId);
    if (!canReadPlan(actor, plan.divisionCode)) throw new AppError('PLAN_NOT_FOUND');
    if (plan.status !== 'published') throw new AppError('PLAN_NOT_PUBLISHED');
    if (!plan.levels.some((l) => l.level === input.level)) throw new AppError('PLAN_LEVEL_UNDEFINED');
    const active = await tx
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.incidentId, incidentId), eq(responses.planId, plan.id), eq(responses.status, 'active')));
    if (active.length) throw new AppError('RESPONSE_ALREADY_ACTIVE', { responseId: active[0]?.id });
    let response: ResponseRow | undefined;
    try {
      [response] = await tx
        .insert(responses)
        .values({
          incidentId,
          planId: plan.id,
          level: input.level,
          divisionCode: inc.divisionCode,
          levelHistory: [{ level: input.level, at: now.toISOString() }],
          activatedAt: now,
          activatedBy: actor.userId,
          activatedByName: actor.displayName,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
    } catch (err) {
      if (isUniqueViolation(err, 'response_active_uq')) throw new AppError('RESPONSE_ALREADY_ACTIVE');
      throw err;
    }
    if (!response) throw new Error('insert returned nothing');
    const tasks = await createTasks(
      tx,
      response,
      actionsAtLevel(plan.actions, input.level),
      now,
      plan.title,
      inc.title,
    );
    const text = `启动《${plan.title}》${LEVEL_ZH[input.level]}应急响应，派发任务 ${tasks.length} 项${input.note ? `。${input.note}` : ''}`;
    await addLog(tx, actor, { responseId: response.id, at: now, kind: 'activated', text });
    await appendTimeline(tx, emit, {
      incidentId,
      kind: 'response',
      at: now,
      text,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await recordAudit(tx, ctx, {
      action: 'response.activate',
      entity: 'response',
      entityId: response.id,
      after: { ...response, taskIds: tasks.map((t) => t.id) },
    });
    emitResponse(emit, 'response.activated', response, { incidentId });
    return response.id;
  });
  return getBoard(deps, ctx, id);
}

/** 调整响应级别: raising adds the actions that now apply; lowering cancels unfinished tasks of the higher levels. */
export async function changeLevel(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { level: ResponseLevel; note?: string | undefined },
) {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockResponse(tx, actor, id);
    if (before.status !== 'active') throw new AppError('RESPONSE_ENDED');
    if (before.level === input.level) throw new AppError('RESPONSE_SAME_LEVEL');
    const plan = await planOf(tx, before.planId);
    if (!plan.levels.some((l) => l.level === input.level)) throw new AppError('PLAN_LEVEL_UNDEFINED');
    const [inc] = await tx
      .select({ title: incidents.title })
      .from(incidents)
      .where(eq(incidents.id, before.incidentId));
    const tasks = await tx
      .select()
      .from(responseTasks)
      .where(and(eq(responseTasks.responseId, id), ne(responseTasks.status, 'cancelled')));
    const change = levelChange(plan.actions, tasks, input.level);
    if (change.cancel.length)
      await tx
        .update(responseTasks)
        .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
        .where(inArray(responseTasks.id, change.cancel));
    const [after] = await tx
      .update(responses)
      .set({
        level: input.level,
        levelHistory: [...before.levelHistory, { level: input.level, at: now.toISOString() }],
        updatedAt: now,
      })
      .where(eq(responses.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    const added = await createTasks(tx, after, change.add, now, plan.title, inc?.title ?? '');
    const verb = levelRank(input.level) > levelRank(before.level) ? '提升' : '降低';
    const text = `响应级别由${LEVEL_ZH[before.level]}${verb}为${LEVEL_ZH[input.level]}：新增任务 ${added.length} 项，取消任务 ${change.cancel.length} 项${input.note ? `。${input.note}` : ''}`;
    await addLog(tx, actor, { responseId: id, at: now, kind: 'level_changed', text });
    await appendTimeline(tx, emit, {
      incidentId: before.incidentId,
      kind: 'response',
      at: now,
      text: `《${plan.title}》${text}`,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await recordAudit(tx, ctx, {
      action: 'response.change_level',
      entity: 'response',
      entityId: id,
      before,
      after: { ...after, addedTaskIds: added.map((t) => t.id), cancelledTaskIds: change.cancel },
    });
    emitResponse(emit, 'response.level_changed', after, { incidentId: after.incidentId });
  });
  return getBoard(deps, ctx, id);
}

/**
 * The figures of a response for its summary (响应总结). Per department: tasks given (cancelled ones
 * included), done, done late (after the due time), cancelled.
 */
export function summarise(r: ResponseRow, tasks: (TaskRow & { departmentName: string | null })[], endedAt: Date) {
  type Dept = {
    departmentOrgId: string;
    departmentName: string | null;
    tasks: number;
    done: number;
    late: number;
    cancelled: number;
  };
  const byDept = new Map<string, Dept>();
  let done = 0;
  let doneOnTime = 0;
  let cancelled = 0;
  for (const t of tasks) {
    const d = byDept.get(t.departmentOrgId) ?? {
      departmentOrgId: t.departmentOrgId,
      departmentName: t.departmentName,
      tasks: 0,
      done: 0,
      late: 0,
      cancelled: 0,
    };
    byDept.set(t.departmentOrgId, d);
    d.tasks++;
    if (t.status === 'cancelled') {
      cancelled++;
      d.cancelled++;
    } else if (t.status === 'done') {
      done++;
      d.done++;
      if (t.doneAt && t.doneAt.getTime() <= t.dueAt.getTime()) doneOnTime++;
      else d.late++;
    }
  }
  return {
    durationMinutes: Math.round((endedAt.getTime() - r.activatedAt.getTime()) / 60_000),
    tasks: tasks.length,
    done,
    doneOnTime,
    cancelled,
    byDepartment: [...byDept.values()].sort((a, b) => (a.departmentName ?? '').localeCompare(b.departmentName ?? '')),
    levels: r.levelHistory,
  };
}

/** 响应终止: unfinished tasks are cancelled, the board closes and the summary is kept. */
export async function endResponse(deps: Deps, ctx: RequestContext, id: string, input: { note?: string | undefined }) {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockResponse(tx, actor, id);
    if (before.status !== 'active') throw new AppError('RESPONSE_ENDED');
    const plan = await planOf(tx, before.planId);
    await tx
      .update(responseTasks)
      .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
      .where(and(eq(responseTasks.responseId, id), inArray(responseTasks.status, OPEN)));
    const tasks = await tx
      .select({ row: responseTasks, departmentName: organizations.name })
      .from(responseTasks)
      .leftJoin(organizations, eq(organizations.id, responseTasks.departmentOrgId))
      .where(eq(responseTasks.responseId, id));
    const summary = summarise(
      before,
      tasks.map((t) => ({ ...t.row, departmentName: t.departmentName })),
      now,
    );
    const [after] = await tx
      .update(responses)
      .set({ status: 'ended', endedAt: now, summary, updatedAt: now })
      .where(eq(responses.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    const text = `终止《${plan.title}》应急响应：任务 ${summary.tasks} 项，完成 ${summary.done} 项（按时 ${summary.doneOnTime} 项），取消 ${summary.cancelled} 项${input.note ? `。${input.note}` : ''}`;
    await addLog(tx, actor, { responseId: id, at: now, kind: 'ended', text });
    await appendTimeline(tx, emit, {
      incidentId: before.incidentId,
      kind: 'response',
      at: now,
      text,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await recordAudit(tx, ctx, { action: 'response.end', entity: 'response', entityId: id, before, after });
    emitResponse(emit, 'response.ended', after, { incidentId: after.incidentId });
  });
  return getBoard(deps, ctx, id);
}

export async function addLogEntry(deps: Deps, ctx: RequestContext, id: string, text: string) {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const r = await lockResponse(tx, actor, id);
    if (r.status !== 'active') throw new AppError('RESPONSE_ENDED');
    const row = await addLog(tx, actor, { responseId: id, at: deps.now(), kind: 'note', text });
    await recordAudit(tx, ctx, { action: 'response.log', entity: 'response', entityId: id, after: row });
    emitResponse(emit, 'response.logged', r);
    return { id: row.id, at: row.at.toISOString(), kind: row.kind, text: row.text, actorName: row.actorName };
  });
}

async function taskCounts(db: DbOrTx, ids: string[], now: Date) {
  const m = new Map<string, { open: number; done: number; overdue: number; cancelled: number }>();
  if (!ids.length) return m;
  const rows = await db
    .select({
      responseId: responseTasks.responseId,
      open: sql<number>`count(*) filter (where ${responseTasks.status} in ('pending','acknowledged','in_progress'))::int`,
      done: sql<number>`count(*) filter (where ${responseTasks.status} = 'done')::int`,
      overdue: sql<number>`count(*) filter (where ${responseTasks.status} in ('pending','acknowledged','in_progress') and ${responseTasks.dueAt} < ${now.toISOString()}::timestamptz)::int`,
      cancelled: sql<number>`count(*) filter (where ${responseTasks.status} = 'cancelled')::int`,
    })
    .from(responseTasks)
    .where(inArray(responseTasks.responseId, ids))
    .groupBy(responseTasks.responseId);
  for (const r of rows) m.set(r.responseId, { open: r.open, done: r.done, overdue: r.overdue, cancelled: r.cancelled });
  return m;
}

const responseColumns = { row: responses, incidentTitle: incidents.title, planTitle: plans.title };

function toResponse(
  r: { row: ResponseRow; incidentTitle: string | null; planTitle: string | null },
  counts: { open: number; done: number; overdue: number; cancelled: number } | undefined,
) {
  const x = r.row;
  return {
    id: x.id,
    incidentId: x.incidentId,
    incidentTitle: r.incidentTitle,
    planId: x.planId,
    planTitle: r.planTitle,
    level: x.level,
    status: x.status,
    divisionCode: x.divisionCode,
    activatedAt: x.activatedAt.toISOString(),
    activatedByName: x.activatedByName,
    endedAt: x.endedAt?.toISOString() ?? null,
    summary: (x.summary as ReturnType<typeof summarise> | null) ?? null,
    taskCounts: counts ?? { open: 0, done: 0, overdue: 0, cancelled: 0 },
  };
}

export async function listResponses(
  deps: Deps,
  ctx: RequestContext,
  f: { status?: 'active' | 'ended' | undefined; incidentId?: string | undefined; page: number; pageSize: number },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(responses.divisionCode, actor.divisionCode)];
  if (f.status) conds.push(eq(responses.status, f.status));
  if (f.incidentId) conds.push(eq(responses.incidentId, f.incidentId));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(responseColumns)
      .from(responses)
      .leftJoin(incidents, eq(incidents.id, responses.incidentId))
      .leftJoin(plans, eq(plans.id, responses.planId))
      .where(where)
      .orderBy(asc(responses.status), desc(responses.activatedAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(responses).where(where),
  ]);
  const counts = await taskCounts(
    db,
    rows.map((r) => r.row.id),
    deps.now(),
  );
  return { items: rows.map((r) => toResponse(r, counts.get(r.row.id))), total: totals[0]?.n ?? 0 };
}

/** The command board: the response, its incident, every task and the command log. */
export async function getBoard(deps: Deps, ctx: RequestContext, id: string) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const [r] = await db
    .select(responseColumns)
    .from(responses)
    .leftJoin(incidents, eq(incidents.id, responses.incidentId))
    .leftJoin(plans, eq(plans.id, responses.planId))
    .where(eq(responses.id, id));
  if (!r || !isInScope(actor.divisionCode, r.row.divisionCode)) throw new AppError('RESPONSE_NOT_FOUND');
  const now = deps.now();
  const [[inc], tasks, log, counts] = await Promise.all([
    db.select().from(incidents).where(eq(incidents.id, r.row.incidentId)),
    db
      .select(taskColumns)
      .from(responseTasks)
      .leftJoin(organizations, eq(organizations.id, responseTasks.departmentOrgId))
      .leftJoin(incidents, eq(incidents.id, responseTasks.incidentId))
      .where(eq(responseTasks.responseId, id))
      .orderBy(asc(organizations.name), asc(responseTasks.dueAt), asc(responseTasks.actionId)),
    db.select().from(commandLog).where(eq(commandLog.responseId, id)).orderBy(asc(commandLog.at), asc(commandLog.id)),
    taskCounts(db, [id], now),
  ]);
  if (!inc) throw new AppError('INCIDENT_NOT_FOUND');
  return {
    ...toResponse(r, counts.get(id)),
    tasks: tasks.map((t) => toTask(t, now)),
    log: log.map((l) => ({ id: l.id, at: l.at.toISOString(), kind: l.kind, text: l.text, actorName: l.actorName })),
    incident: {
      id: inc.id,
      number: inc.number,
      title: inc.title,
      category: inc.category,
      type: inc.type,
      grade: inc.grade,
      occurredAt: inc.occurredAt.toISOString(),
      address: inc.address,
      location: { lon: inc.lon, lat: inc.lat },
      deaths: inc.deaths,
      missing: inc.missing,
      seriousInjuries: inc.seriousInjuries,
      evacuated: inc.evacuated,
    },
  };
}

function taskScope(actor: Actor): SQL {
  if (ownTasksOnly(actor)) return eq(responseTasks.departmentOrgId, actor.orgId);
  return or(inScope(responses.divisionCode, actor.divisionCode), eq(responseTasks.departmentOrgId, actor.orgId)) as SQL;
}

export async function listTasks(
  deps: Deps,
  ctx: RequestContext,
  f: {
    departmentOrgId?: string | undefined;
    status?: TaskStatus | undefined;
    open?: 'true' | 'false' | undefined;
    responseId?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [taskScope(actor)];
  if (f.departmentOrgId) conds.push(eq(responseTasks.departmentOrgId, f.departmentOrgId));
  if (f.status) conds.push(eq(responseTasks.status, f.status));
  if (f.open === 'true') conds.push(inArray(responseTasks.status, OPEN));
  if (f.open === 'false') conds.push(notInArray(responseTasks.status, OPEN));
  if (f.responseId) conds.push(eq(responseTasks.responseId, f.responseId));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(taskColumns)
      .from(responseTasks)
      .innerJoin(responses, eq(responses.id, responseTasks.responseId))
      .leftJoin(organizations, eq(organizations.id, responseTasks.departmentOrgId))
      .leftJoin(incidents, eq(incidents.id, responseTasks.incidentId))
      .where(where)
      .orderBy(asc(responseTasks.dueAt), asc(responseTasks.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: count() })
      .from(responseTasks)
      .innerJoin(responses, eq(responses.id, responseTasks.responseId))
      .where(where),
  ]);
  const now = deps.now();
  return { items: rows.map((r) => toTask(r, now)), total: totals[0]?.n ?? 0 };
}

/** A liaison acknowledges, starts, finishes or reports on a task of their own department. */
export async function updateTask(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { status?: 'acknowledged' | 'in_progress' | 'done' | undefined; report?: string | undefined },
) {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [found] = await tx
      .select({ task: responseTasks, response: responses, departmentName: organizations.name })
      .from(responseTasks)
      .innerJoin(responses, eq(responses.id, responseTasks.responseId))
      .leftJoin(organizations, eq(organizations.id, responseTasks.departmentOrgId))
      .where(eq(responseTasks.id, id))
      .for('update', { of: responseTasks });
    const visible =
      found &&
      (ownTasksOnly(actor)
        ? found.task.departmentOrgId === actor.orgId
        : isInScope(actor.divisionCode, found.response.divisionCode) || found.task.departmentOrgId === actor.orgId);
    if (!found || !visible) throw new AppError('TASK_NOT_FOUND');
    const before = found.task;
    const move = taskTransition(before.status, input.status);
    if (move === 'closed') throw new AppError('TASK_CLOSED');
    if (move === 'backwards') throw new AppError('TASK_STATUS_BACKWARDS', { from: before.status, to: input.status });
    const set: Partial<typeof responseTasks.$inferInsert> = { updatedAt: now };
    if (input.status) set.status = input.status;
    if (input.status && !before.acknowledgedAt) set.acknowledgedAt = now;
    if (input.status === 'done') set.doneAt = now;
    if (input.report) set.lastReport = input.report;
    const [after] = await tx.update(responseTasks).set(set).where(eq(responseTasks.id, id)).returning();
    if (!after) throw new Error('update returned nothing');
    const what = input.status && input.status !== before.status ? STATUS_ZH[input.status] : '报告';
    await addLog(tx, actor, {
      responseId: before.responseId,
      at: now,
      kind: 'task',
      taskId: id,
      text: `${found.departmentName ?? ''}${what}任务「${before.action}」${input.report ? `：${input.report}` : ''}`,
    });
    await recordAudit(tx, ctx, { action: 'task.update', entity: 'task', entityId: id, before, after });
    emit({
      type: 'task.updated',
      divisionCode: found.response.divisionCode,
      entity: 'task',
      entityId: id,
      data: { responseId: before.responseId, status: after.status },
    });
  });
  const [row] = await deps.database.db
    .select(taskColumns)
    .from(responseTasks)
    .leftJoin(organizations, eq(organizations.id, responseTasks.departmentOrgId))
    .leftJoin(incidents, eq(incidents.id, responseTasks.incidentId))
    .where(eq(responseTasks.id, id));
  if (!row) throw new AppError('TASK_NOT_FOUND');
  return toTask(row, now);
}

/**
 * The durable overdue check of one task (a job at its due time): an unfinished task past its due
 * time raises `task.overdue` once, notifies its department's liaisons and the commander who activated.
 */
export async function checkTaskOverdue(deps: Deps, taskId: string): Promise<boolean> {
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [found] = await tx
      .select({ task: responseTasks, response: responses, departmentName: organizations.name })
      .from(responseTasks)
      .innerJoin(responses, eq(responses.id, responseTasks.responseId))
      .leftJoin(organizations, eq(organizations.id, responseTasks.departmentOrgId))
      .where(eq(responseTasks.id, taskId))
      .for('update', { of: responseTasks });
    if (!found || found.task.overdueNotified || !isOverdue(found.task, now)) return false;
    const t = found.task;
    await tx.update(responseTasks).set({ overdueNotified: true }).where(eq(responseTasks.id, taskId));
    const liaisons = await liaisonsOf(tx, [t.departmentOrgId]);
    const recipients = [
      ...(liaisons.get(t.departmentOrgId) ?? []),
      ...(found.response.activatedBy ? [found.response.activatedBy] : []),
    ];
    await notifyUsers(tx, [...new Set(recipients)], {
      kind: 'response.task_overdue',
      title: `任务超时：${found.departmentName ?? ''}`,
      body: `「${t.action}」应于 ${t.dueAt.toISOString()} 前完成，现已超时。`,
      entity: 'response',
      entityId: t.responseId,
    });
    await addLog(tx, null, {
      responseId: t.responseId,
      at: now,
      kind: 'overdue',
      taskId,
      text: `${found.departmentName ?? ''}任务「${t.action}」已超时`,
    });
    await recordAudit(
      tx,
      { actor: null, requestId: null, locale: 'zh-CN' },
      {
        action: 'task.overdue',
        entity: 'task',
        entityId: taskId,
        after: { dueAt: t.dueAt.toISOString(), status: t.status },
      },
    );
    emit({
      type: 'task.overdue',
      divisionCode: found.response.divisionCode,
      entity: 'task',
      entityId: taskId,
      data: { responseId: t.responseId },
    });
    return true;
  });
}
