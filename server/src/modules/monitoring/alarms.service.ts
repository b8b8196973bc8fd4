import { and, asc, count, desc, eq, gt, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { Alarm, AlarmLevel } from '@yingji/contracts';
import { rowsOf, type DbOrTx, type Tx } from '../../db/client.js';
import { actorOf, systemContext, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJob } from '../../platform/jobs.js';
import { isInScope, parentOf } from '../../platform/scope.rules.js';
import { transact, type TxScope } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { inScope } from '../divisions/index.js';
import { createIncident, dutyShifts } from '../incidents/index.js';
import { notifyUsers } from '../notifications/index.js';
import { organizations, users } from '../org/index.js';
import { escalationTarget, LEVEL_RANK, nextEscalationAt } from './monitoring.rules.js';
import { alarmEvents, alarms, sensors, type AlarmRow } from './monitoring.table.js';

export const ESCALATE_JOB = 'alarm.escalate';
const LEVEL_ZH: Record<AlarmLevel, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

export interface AlarmKey {
  sensorCode: string;
  ruleKey: string;
}

/** The events every instance uses to keep its view of open alarms current. */
export interface AlarmEventData extends Record<string, unknown> {
  sensorCode: string;
  ruleKey: string;
  level: AlarmLevel;
  status: 'active' | 'acknowledged' | 'cleared';
}

function emitAlarm(emit: TxScope['emit'], type: string, a: AlarmRow, extra: Record<string, unknown> = {}) {
  const data: AlarmEventData = { sensorCode: a.sensorCode, ruleKey: a.ruleKey, level: a.level, status: a.status };
  emit({ type, divisionCode: a.divisionCode, entity: 'alarm', entityId: a.id, data: { ...data, ...extra } });
}

async function addEvent(
  tx: DbOrTx,
  alarmId: string,
  at: Date,
  kind: string,
  text: string,
  actorName: string | null = null,
) {
  await tx.insert(alarmEvents).values({ alarmId, at, kind, text, actorName });
}

/** Users of the duty desks over a division: duty officers and county staff of it and the divisions above. */
async function dutyDeskUsers(tx: DbOrTx, divisionCode: string): Promise<string[]> {
  const up: string[] = [];
  for (let c: string | null = divisionCode; c; c = parentOf(c)) up.push(c);
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(
      and(
        inArray(organizations.divisionCode, up),
        eq(organizations.kind, 'government'),
        eq(users.isActive, true),
        sql`${users.roles} && ARRAY['duty_officer','county']::text[]`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Who is on the roster now for the alarm's division (nearest division with a shift first). */
async function rosterNow(tx: DbOrTx, divisionCode: string, at: Date, role: 'officer' | 'leader') {
  for (let c: string | null = divisionCode; c; c = parentOf(c)) {
    const rows = await tx
      .select({ userId: dutyShifts.userId, personName: dutyShifts.personName })
      .from(dutyShifts)
      .where(
        and(
          eq(dutyShifts.divisionCode, c),
          eq(dutyShifts.role, role),
          lte(dutyShifts.startsAt, at),
          gt(dutyShifts.endsAt, at),
        ),
      )
      .orderBy(asc(dutyShifts.startsAt));
    if (rows.length) return rows;
  }
  return [];
}

export interface RaiseInput extends AlarmKey {
  ruleId: string | null;
  kind: 'threshold' | 'rate' | 'no_data' | 'offline';
  metric: string | null;
  level: AlarmLevel;
  value: number | null;
  /** When the condition was measured (the reading's time). */
  at: Date;
  /** When the platform saw it: the escalation clock starts here. */
  now: Date;
  divisionCode: string;
  lon: number;
  lat: number;
  sensorName: string | null;
}

/**
 * Opens the (sensor, rule) alarm, or — when another instance opened it first — counts into it.
 * A new alarm notifies the duty desks over the division and schedules the first escalation step.
 */
export async function raiseInTx(tx: Tx, emit: TxScope['emit'], r: RaiseInput, rising = true): Promise<AlarmRow> {
  const peak = rising
    ? sql`GREATEST(${alarms.peakValue}, excluded.peak_value)`
    : sql`LEAST(${alarms.peakValue}, excluded.peak_value)`;
  const result = await tx.execute(sql`
    INSERT INTO alarm (sensor_code, rule_key, rule_id, kind, metric, level, status, division_code, lon, lat,
                       raised_at, last_at, count, last_value, peak_value, escalation_step, next_escalation_at)
    VALUES (${r.sensorCode}, ${r.ruleKey}, ${r.ruleId}, ${r.kind}, ${r.metric}, ${r.level}, 'active', ${r.divisionCode},
            ${r.lon}, ${r.lat}, ${r.at.toISOString()}::timestamptz, ${r.at.toISOString()}::timestamptz, 1, ${r.value}, ${r.value},
            0, ${nextEscalationAt(r.now, r.level).toISOString()}::timestamptz)
    ON CONFLICT (sensor_code, rule_key) WHERE status <> 'cleared' DO UPDATE SET
      count = alarm.count + 1,
      last_at = GREATEST(alarm.last_at, excluded.last_at),
      last_value = excluded.last_value,
      peak_value = ${peak},
      level = CASE WHEN ${rankSql(sql`excluded.level`)} > ${rankSql(sql`alarm.level`)} THEN excluded.level ELSE alarm.level END
    RETURNING id, (xmax = 0) AS inserted`);
  const [row] = rowsOf<{ id: string; inserted: boolean }>(result);
  if (!row) throw new Error('alarm upsert returned nothing');
  // A new row is exactly what was inserted; only a row another instance opened first is read back.
  const a: AlarmRow | undefined = row.inserted
    ? {
        id: row.id,
        sensorCode: r.sensorCode,
        ruleKey: r.ruleKey,
        ruleId: r.ruleId,
        kind: r.kind,
        metric: r.metric,
        level: r.level,
        status: 'active',
        divisionCode: r.divisionCode,
        lon: r.lon,
        lat: r.lat,
        raisedAt: r.at,
        lastAt: r.at,
        count: 1,
        lastValue: r.value,
        peakValue: r.value,
        acknowledgedAt: null,
        acknowledgedBy: null,
        acknowledgedByName: null,
        clearedAt: null,
        escalationStep: 0,
        nextEscalationAt: nextEscalationAt(r.now, r.level),
        incidentId: null,
        createdAt: r.now,
      }
    : (await tx.select().from(alarms).where(eq(alarms.id, row.id)))[0];
  if (!a) throw new Error('alarm vanished');
  if (row.inserted) {
    const what =
      r.kind === 'offline' ? '设备离线' : r.kind === 'no_data' ? '无数据' : `${r.metric ?? ''} = ${r.value ?? ''}`;
    await addEvent(tx, a.id, r.at, 'raised', `${LEVEL_ZH[r.level]}告警：${r.sensorName ?? r.sensorCode} ${what}`);
    await notifyUsers(tx, await dutyDeskUsers(tx, r.divisionCode), {
      kind: 'alarm.raised',
      title: `${LEVEL_ZH[r.level]}告警：${r.sensorName ?? r.sensorCode}`,
      body: `${what}（${r.at.toISOString()}）`,
      entity: 'alarm',
      entityId: a.id,
    });
    await scheduleEscalation(tx, a);
    emitAlarm(emit, 'alarm.raised', a, { value: r.value, at: r.at.toISOString() });
  }
  return a;
}

function rankSql(col: SQL): SQL {
  return sql`(CASE ${col} WHEN 'red' THEN 4 WHEN 'orange' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END)`;
}

async function scheduleEscalation(tx: DbOrTx, a: AlarmRow) {
  if (!a.nextEscalationAt) return;
  await enqueueJob(tx, {
    kind: ESCALATE_JOB,
    key: `${ESCALATE_JOB}:${a.id}:${a.escalationStep + 1}:${a.level}`,
    runAt: a.nextEscalationAt,
    payload: { alarmId: a.id, step: a.escalationStep + 1 },
  });
}

/** Counts `n` more tripping readings into an open alarm; a higher level escalates it. Null when it is no longer open. */
export async function bumpInTx(
  tx: Tx,
  emit: TxScope['emit'],
  id: string,
  u: { n: number; at: Date; now: Date; value: number; peak: number; rising: boolean; level: AlarmLevel },
): Promise<AlarmRow | null> {
  const [before] = await tx
    .select()
    .from(alarms)
    .where(and(eq(alarms.id, id), ne(alarms.status, 'cleared')))
    .for('update');
  if (!before) return null;
  const escalated = LEVEL_RANK[u.level] > LEVEL_RANK[before.level];
  const peak =
    before.peakValue === null
      ? u.peak
      : u.rising
        ? Math.max(before.peakValue, u.peak)
        : Math.min(before.peakValue, u.peak);
  const set: Partial<typeof alarms.$inferInsert> = {
    count: before.count + u.n,
    lastAt: u.at > before.lastAt ? u.at : before.lastAt,
    lastValue: u.value,
    peakValue: peak,
  };
  if (escalated) {
    set.level = u.level;
    // A more severe level runs the ladder on its own, shorter clock.
    if (before.status === 'active') set.nextEscalationAt = nextEscalationAt(u.now, u.level);
  }
  const [after] = await tx.update(alarms).set(set).where(eq(alarms.id, id)).returning();
  if (!after) return null;
  if (escalated) {
    await addEvent(
      tx,
      id,
      u.at,
      'level',
      `告警升级：${LEVEL_ZH[before.level]} → ${LEVEL_ZH[u.level]}（${after.metric ?? ''} = ${u.value}）`,
    );
    if (after.status === 'active') await scheduleEscalation(tx, after);
    emitAlarm(emit, 'alarm.escalated', after, { reason: 'level', from: before.level });
  }
  return after;
}

export async function clearInTx(
  tx: Tx,
  emit: TxScope['emit'],
  id: string,
  at: Date,
  why: string,
): Promise<AlarmRow | null> {
  const [after] = await tx
    .update(alarms)
    .set({ status: 'cleared', clearedAt: at, nextEscalationAt: null })
    .where(and(eq(alarms.id, id), ne(alarms.status, 'cleared')))
    .returning();
  if (!after) return null;
  await addEvent(tx, id, at, 'cleared', why);
  emitAlarm(emit, 'alarm.cleared', after);
  return after;
}

/**
 * One step of the ladder for an alarm nobody has acknowledged: re-notify, and reach the next person
 * on the duty roster (officer → leader on call → everyone), each step on the alarm's timeline.
 */
export async function escalateAlarm(deps: Deps, alarmId: string, step: number): Promise<boolean> {
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [a] = await tx.select().from(alarms).where(eq(alarms.id, alarmId)).for('update');
    if (!a || a.status !== 'active' || a.escalationStep >= step) return false;
    if (a.nextEscalationAt && a.nextEscalationAt.getTime() > now.getTime()) return false;
    const target = escalationTarget(step);
    const officers = target === 'leader' ? [] : await rosterNow(tx, a.divisionCode, now, 'officer');
    const leaders = target === 'officer' ? [] : await rosterNow(tx, a.divisionCode, now, 'leader');
    const desk = target === 'all' ? await dutyDeskUsers(tx, a.divisionCode) : [];
    const people = [...officers, ...leaders];
    const recipients = [
      ...new Set([
        ...people.flatMap((p) => (p.userId ? [p.userId] : [])),
        ...desk,
        ...(people.length ? [] : await dutyDeskUsers(tx, a.divisionCode)),
      ]),
    ];
    const next = nextEscalationAt(now, a.level);
    const [after] = await tx
      .update(alarms)
      .set({ escalationStep: step, nextEscalationAt: next })
      .where(eq(alarms.id, alarmId))
      .returning();
    if (!after) return false;
    const who = people.map((p) => p.personName).join('、') || '值班席';
    const role = target === 'officer' ? '值班员' : target === 'leader' ? '带班领导' : '全体值班人员';
    await addEvent(
      tx,
      alarmId,
      now,
      'escalated',
      `第 ${step} 次升级：${LEVEL_ZH[a.level]}告警未确认，通知${role}（${who}）`,
    );
    await notifyUsers(tx, recipients, {
      kind: 'alarm.escalated',
      title: `告警未确认（第 ${step} 次提醒）：${a.sensorCode}`,
      body: `${LEVEL_ZH[a.level]}告警自 ${a.raisedAt.toISOString()} 起未确认，请立即处理。`,
      entity: 'alarm',
      entityId: alarmId,
    });
    await recordAudit(tx, systemContext(), {
      action: 'alarm.escalate',
      entity: 'alarm',
      entityId: alarmId,
      before: { escalationStep: a.escalationStep },
      after: { escalationStep: step, target, notified: recipients.length },
    });
    await scheduleEscalation(tx, after);
    emitAlarm(emit, 'alarm.escalated', after, { reason: 'unacknowledged', step, target });
    return true;
  });
}

// ---- reads and actions of users ----

const alarmColumns = { row: alarms, sensorName: sensors.name, sensorType: sensors.type };

function toAlarm(r: { row: AlarmRow; sensorName: string | null; sensorType: string | null }): Alarm {
  const a = r.row;
  return {
    id: a.id,
    sensorCode: a.sensorCode,
    sensorName: r.sensorName,
    sensorType: r.sensorType,
    ruleId: a.ruleId,
    kind: a.kind,
    metric: a.metric,
    level: a.level,
    status: a.status,
    divisionCode: a.divisionCode,
    location: { lon: a.lon, lat: a.lat },
    raisedAt: a.raisedAt.toISOString(),
    lastAt: a.lastAt.toISOString(),
    count: a.count,
    lastValue: a.lastValue,
    peakValue: a.peakValue,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedByName: a.acknowledgedByName,
    clearedAt: a.clearedAt?.toISOString() ?? null,
    escalationStep: a.escalationStep,
    nextEscalationAt: a.status === 'active' ? (a.nextEscalationAt?.toISOString() ?? null) : null,
    incidentId: a.incidentId,
  };
}

export async function listAlarms(
  deps: Deps,
  ctx: RequestContext,
  f: {
    status?: 'active' | 'acknowledged' | 'cleared' | 'open' | undefined;
    sensorCode?: string | undefined;
    level?: AlarmLevel | undefined;
    divisionCode?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(alarms.divisionCode, actor.divisionCode)];
  if (f.status === 'open') conds.push(ne(alarms.status, 'cleared'));
  else if (f.status) conds.push(eq(alarms.status, f.status));
  if (f.sensorCode) conds.push(eq(alarms.sensorCode, f.sensorCode));
  if (f.level) conds.push(eq(alarms.level, f.level));
  if (f.divisionCode) conds.push(inScope(alarms.divisionCode, f.divisionCode));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(alarmColumns)
      .from(alarms)
      .leftJoin(sensors, eq(sensors.code, alarms.sensorCode))
      .where(where)
      .orderBy(desc(alarms.raisedAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(alarms).where(where),
  ]);
  return { items: rows.map(toAlarm), total: totals[0]?.n ?? 0 };
}

export async function getAlarm(deps: Deps, ctx: RequestContext, id: string): Promise<Alarm> {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const [r] = await db
    .select(alarmColumns)
    .from(alarms)
    .leftJoin(sensors, eq(sensors.code, alarms.sensorCode))
    .where(eq(alarms.id, id));
  if (!r || !isInScope(actor.divisionCode, r.row.divisionCode)) throw new AppError('ALARM_NOT_FOUND');
  const events = await db
    .select()
    .from(alarmEvents)
    .where(eq(alarmEvents.alarmId, id))
    .orderBy(asc(alarmEvents.at), asc(alarmEvents.id));
  return {
    ...toAlarm(r),
    timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, text: e.text, actorName: e.actorName })),
  };
}

/** 确认: stops the escalation ladder. */
export async function acknowledgeAlarm(deps: Deps, ctx: RequestContext, id: string, note?: string) {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(alarms).where(eq(alarms.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('ALARM_NOT_FOUND');
    if (before.status !== 'active') throw new AppError('ALARM_NOT_ACTIVE', { status: before.status });
    const [after] = await tx
      .update(alarms)
      .set({
        status: 'acknowledged',
        acknowledgedAt: now,
        acknowledgedBy: actor.userId,
        acknowledgedByName: actor.displayName,
        nextEscalationAt: null,
      })
      .where(eq(alarms.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    await addEvent(tx, id, now, 'acknowledged', `已确认${note ? `：${note}` : ''}`, actor.displayName);
    await recordAudit(tx, ctx, { action: 'alarm.acknowledge', entity: 'alarm', entityId: id, before, after });
    emitAlarm(emit, 'alarm.acknowledged', after);
  });
  return getAlarm(deps, ctx, id);
}

/** 转为事件: creates an incident from the alarm (source: sensor) and links the two. */
export async function alarmToIncident(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: {
    title?: string | undefined;
    category: 'natural_disaster' | 'accident' | 'public_health' | 'social_security';
    type: string;
  },
) {
  const alarm = await getAlarm(deps, ctx, id);
  if (alarm.incidentId) throw new AppError('ALARM_HAS_INCIDENT', { incidentId: alarm.incidentId });
  const now = deps.now();
  // One transaction: if another user links the alarm first, this incident is rolled back with the link.
  const incident = await createIncident(
    deps,
    ctx,
    {
      category: input.category,
      type: input.type,
      title: input.title ?? `${alarm.sensorName ?? alarm.sensorCode} ${alarm.metric ?? ''}告警`,
      occurredAt: alarm.raisedAt,
      source: 'sensor',
      divisionCode: alarm.divisionCode,
      location: { lon: alarm.location.lon, lat: alarm.location.lat },
      casualties: { deaths: 0, missing: 0, seriousInjuries: 0, minorInjuries: 0 },
      description: `由监测告警生成：${alarm.sensorCode} ${alarm.metric ?? ''} 峰值 ${alarm.peakValue ?? ''}，${alarm.count} 次读数触发。`,
    },
    async ({ tx, emit }, created) => {
      const [after] = await tx
        .update(alarms)
        .set({ incidentId: created.id })
        .where(and(eq(alarms.id, id), sql`${alarms.incidentId} IS NULL`))
        .returning();
      if (!after) throw new AppError('ALARM_HAS_INCIDENT');
      await addEvent(tx, id, now, 'incident', `已转为事件 ${created.number}`, actorOf(ctx).displayName);
      await recordAudit(tx, ctx, {
        action: 'alarm.to_incident',
        entity: 'alarm',
        entityId: id,
        after: { incidentId: created.id },
      });
      emitAlarm(emit, 'alarm.updated', after, { incidentId: created.id });
    },
  );
  return { alarm: await getAlarm(deps, ctx, id), incidentId: incident.id, incidentNumber: incident.number };
}
