import { and, asc, count, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { createSensorBody, RuleInput, Sensor, updateSensorBody } from '@yingji/contracts';
import { rowsOf } from '../../db/client.js';
import { actorOf, systemContext, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, escapeLike, inScope } from '../divisions/index.js';
import { raiseInTx } from './alarms.service.js';
import { isOffline } from './monitoring.rules.js';
import { alarms, ingestErrors, sensorRules, sensors, type RuleRow, type SensorRow } from './monitoring.table.js';

function toSensor(s: SensorRow, openAlarms: number): Sensor {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    type: s.type as Sensor['type'],
    divisionCode: s.divisionCode,
    location: { lon: s.lon, lat: s.lat },
    metrics: s.metrics,
    intervalSeconds: s.intervalSeconds,
    linked:
      s.linkedKind && s.linkedName
        ? { kind: s.linkedKind as NonNullable<Sensor['linked']>['kind'], name: s.linkedName }
        : null,
    ownerOrgId: s.ownerOrgId,
    status: s.status,
    lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
    lastValues: s.lastValues,
    openAlarms,
    createdAt: s.createdAt.toISOString(),
  };
}

function toRule(r: RuleRow) {
  return {
    id: r.id,
    sensorCode: r.sensorCode,
    metric: r.metric,
    kind: r.kind,
    levels: r.levels,
    clearBelow: r.clearBelow,
    clearAbove: r.clearAbove,
    windowSeconds: r.windowSeconds,
    afterSeconds: r.afterSeconds,
    level: r.level,
    createdAt: r.createdAt.toISOString(),
  };
}

const openCount = sql<number>`(SELECT count(*)::int FROM alarm a WHERE a.sensor_code = ${sensors.code} AND a.status <> 'cleared')`;

async function loadInScope(deps: Deps, ctx: RequestContext, code: string) {
  const actor = actorOf(ctx);
  const [s] = await deps.database.db.select().from(sensors).where(eq(sensors.code, code));
  if (!s || !isInScope(actor.divisionCode, s.divisionCode)) throw new AppError('SENSOR_NOT_FOUND');
  return s;
}

export async function createSensor(deps: Deps, ctx: RequestContext, input: z.infer<typeof createSensorBody>) {
  const actor = actorOf(ctx);
  const now = deps.now();
  const row = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    try {
      const [s] = await tx
        .insert(sensors)
        .values({
          code: input.code,
          name: input.name ?? null,
          type: input.type,
          divisionCode: input.divisionCode,
          lon: input.location.lon,
          lat: input.location.lat,
          metrics: input.metrics,
          intervalSeconds: input.intervalSeconds,
          linkedKind: input.linked?.kind ?? null,
          linkedName: input.linked?.name ?? null,
          ownerOrgId: input.ownerOrgId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (!s) throw new Error('insert returned nothing');
      await recordAudit(tx, ctx, { action: 'sensor.create', entity: 'sensor', entityId: s.id, after: s });
      emit({
        type: 'sensor.created',
        divisionCode: s.divisionCode,
        entity: 'sensor',
        entityId: s.id,
        data: { code: s.code },
      });
      return s;
    } catch (err) {
      if (isUniqueViolation(err, 'sensor_code_uq')) throw new AppError('SENSOR_CODE_TAKEN', { code: input.code });
      throw err;
    }
  });
  return toSensor(row, 0);
}

export async function updateSensor(
  deps: Deps,
  ctx: RequestContext,
  code: string,
  input: z.infer<typeof updateSensorBody>,
) {
  const before = await loadInScope(deps, ctx, code);
  const row = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const set: Partial<typeof sensors.$inferInsert> = { updatedAt: deps.now() };
    if (input.name !== undefined) set.name = input.name;
    if (input.location) Object.assign(set, { lon: input.location.lon, lat: input.location.lat });
    if (input.intervalSeconds !== undefined) set.intervalSeconds = input.intervalSeconds;
    if (input.linked !== undefined)
      Object.assign(set, { linkedKind: input.linked?.kind ?? null, linkedName: input.linked?.name ?? null });
    if (input.status !== undefined) set.status = input.status;
    const [after] = await tx.update(sensors).set(set).where(eq(sensors.code, code)).returning();
    if (!after) throw new AppError('SENSOR_NOT_FOUND');
    await recordAudit(tx, ctx, { action: 'sensor.update', entity: 'sensor', entityId: after.id, before, after });
    emit({
      type: 'sensor.updated',
      divisionCode: after.divisionCode,
      entity: 'sensor',
      entityId: after.id,
      data: { code },
    });
    return after;
  });
  return getSensor(deps, ctx, row.code);
}

export async function getSensor(deps: Deps, ctx: RequestContext, code: string) {
  await loadInScope(deps, ctx, code);
  const [r] = await deps.database.db
    .select({ s: sensors, open: openCount })
    .from(sensors)
    .where(eq(sensors.code, code));
  if (!r) throw new AppError('SENSOR_NOT_FOUND');
  return toSensor(r.s, r.open);
}

export async function listSensors(
  deps: Deps,
  ctx: RequestContext,
  f: { type?: string; status?: string; divisionCode?: string; q?: string; page: number; pageSize: number },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(sensors.divisionCode, actor.divisionCode)];
  if (f.type) conds.push(eq(sensors.type, f.type));
  if (f.status) conds.push(eq(sensors.status, f.status as SensorRow['status']));
  if (f.divisionCode) conds.push(inScope(sensors.divisionCode, f.divisionCode));
  if (f.q)
    conds.push(or(ilike(sensors.code, `%${escapeLike(f.q)}%`), ilike(sensors.name, `%${escapeLike(f.q)}%`)) as SQL);
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select({ s: sensors, open: openCount })
      .from(sensors)
      .where(where)
      .orderBy(asc(sensors.code))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(sensors).where(where),
  ]);
  return { items: rows.map((r) => toSensor(r.s, r.open)), total: totals[0]?.n ?? 0 };
}

export async function addRule(deps: Deps, ctx: RequestContext, code: string, input: RuleInput) {
  const s = await loadInScope(deps, ctx, code);
  if (input.metric && !s.metrics.some((m) => m.name === input.metric))
    throw new AppError('RULE_METRIC_UNKNOWN', { metric: input.metric, metrics: s.metrics.map((m) => m.name) });
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [r] = await tx
      .insert(sensorRules)
      .values({
        sensorCode: code,
        metric: input.metric ?? null,
        kind: input.kind,
        levels: input.levels,
        clearBelow: input.clearBelow ?? null,
        clearAbove: input.clearAbove ?? null,
        windowSeconds: input.windowSeconds ?? null,
        afterSeconds: input.afterSeconds ?? null,
        level: input.level ?? (input.kind === 'no_data' ? 'yellow' : null),
      })
      .returning();
    if (!r) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'sensor_rule.create', entity: 'sensor', entityId: s.id, after: r });
    emit({ type: 'sensor.updated', divisionCode: s.divisionCode, entity: 'sensor', entityId: s.id, data: { code } });
    return toRule(r);
  });
}

export async function listRules(deps: Deps, ctx: RequestContext, code: string) {
  await loadInScope(deps, ctx, code);
  const rows = await deps.database.db
    .select()
    .from(sensorRules)
    .where(eq(sensorRules.sensorCode, code))
    .orderBy(asc(sensorRules.createdAt));
  return { items: rows.map(toRule), total: rows.length };
}

export async function listIngestErrors(deps: Deps, ctx: RequestContext, code: string) {
  await loadInScope(deps, ctx, code);
  const rows = await deps.database.db
    .select()
    .from(ingestErrors)
    .where(eq(ingestErrors.sensorCode, code))
    .orderBy(desc(ingestErrors.lastAt));
  return {
    items: rows.map((r) => ({
      sensorCode: r.sensorCode,
      reason: r.reason as 'bad_shape',
      count: r.count,
      lastAt: r.lastAt.toISOString(),
      sample: r.sample,
    })),
    total: rows.length,
  };
}

const STEP_SECONDS = { '1m': 60, '1h': 3600 } as const;

/** Readings of one metric: raw, or averaged per minute / hour (with min, max and count) for charts. */
export async function readSeries(
  deps: Deps,
  ctx: RequestContext,
  code: string,
  q: { metric: string; from?: string | undefined; to?: string | undefined; step: 'raw' | '1m' | '1h' },
) {
  const s = await loadInScope(deps, ctx, code);
  const metric = s.metrics.find((m) => m.name === q.metric);
  if (!metric) throw new AppError('RULE_METRIC_UNKNOWN', { metric: q.metric, metrics: s.metrics.map((m) => m.name) });
  const to = q.to ? new Date(q.to) : deps.now();
  const defaultSpan = q.step === '1h' ? 7 * 86_400_000 : q.step === '1m' ? 6 * 3_600_000 : 3_600_000;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - defaultSpan);
  const value = sql`("values"->>${q.metric})::float8`;
  const range = sql`sensor_code = ${code} AND ts >= ${from.toISOString()}::timestamptz AND ts <= ${to.toISOString()}::timestamptz AND "values" ? ${q.metric}`;
  const result =
    q.step === 'raw'
      ? await deps.database.db.execute(
          sql`SELECT ts AS t, ${value} AS avg, ${value} AS min, ${value} AS max, 1 AS n FROM reading WHERE ${range} ORDER BY ts LIMIT 5000`,
        )
      : await deps.database.db.execute(sql`
          SELECT date_bin(${`${STEP_SECONDS[q.step]} seconds`}::interval, ts, '2000-01-01T00:00:00Z'::timestamptz) AS t,
                 avg(${value}) AS avg, min(${value}) AS min, max(${value}) AS max, count(*)::int AS n
          FROM reading WHERE ${range} GROUP BY 1 ORDER BY 1 LIMIT 5000`);
  const rows = rowsOf<{ t: string | Date; avg: number; min: number; max: number; n: number }>(result);
  return {
    metric: q.metric,
    unit: metric.unit,
    step: q.step,
    points: rows.map((r) => ({
      t: new Date(r.t).toISOString(),
      avg: Number(r.avg),
      min: Number(r.min),
      max: Number(r.max),
      n: Number(r.n),
    })),
  };
}

// ---- background work ----

/**
 * Sensors silent for 3 intervals go offline with an `offline` alarm; a no_data rule raises its own
 * alarm after its `afterSeconds`. A reading clears both (ingest.service.ts).
 */
export async function checkOffline(deps: Deps): Promise<number> {
  const now = deps.now();
  const db = deps.database.db;
  const online = await db.select().from(sensors).where(ne(sensors.status, 'disabled'));
  const noData = await db.select().from(sensorRules).where(eq(sensorRules.kind, 'no_data'));
  let raised = 0;
  for (const s of online) {
    const silentFor = now.getTime() - (s.lastSeenAt ?? s.createdAt).getTime();
    const goesOffline = s.status === 'online' && isOffline(s.lastSeenAt, s.intervalSeconds, s.createdAt, now);
    const rules = noData.filter((r) => r.sensorCode === s.code && silentFor > (r.afterSeconds ?? Infinity) * 1000);
    if (!goesOffline && !rules.length) continue;
    await transact(deps.database, deps.bus, async ({ tx, emit }) => {
      const base = {
        divisionCode: s.divisionCode,
        lon: s.lon,
        lat: s.lat,
        sensorName: s.name,
        at: now,
        now,
        value: null,
        metric: null,
      };
      if (goesOffline) {
        const [after] = await tx
          .update(sensors)
          .set({ status: 'offline' })
          .where(and(eq(sensors.code, s.code), eq(sensors.status, 'online')))
          .returning();
        if (after) {
          await recordAudit(tx, systemContext(), {
            action: 'sensor.offline',
            entity: 'sensor',
            entityId: s.id,
            before: { status: 'online' },
            after: { status: 'offline', lastSeenAt: s.lastSeenAt?.toISOString() ?? null },
          });
          await raiseInTx(tx, emit, {
            ...base,
            sensorCode: s.code,
            ruleKey: 'offline',
            ruleId: null,
            kind: 'offline',
            level: 'yellow',
          });
          emit({
            type: 'sensor.updated',
            divisionCode: s.divisionCode,
            entity: 'sensor',
            entityId: s.id,
            data: { code: s.code },
          });
          raised++;
        }
      }
      for (const r of rules) {
        const [open] = await tx
          .select({ id: alarms.id })
          .from(alarms)
          .where(and(eq(alarms.sensorCode, s.code), eq(alarms.ruleKey, r.id), ne(alarms.status, 'cleared')));
        if (open) continue;
        await raiseInTx(tx, emit, {
          ...base,
          sensorCode: s.code,
          ruleKey: r.id,
          ruleId: r.id,
          kind: 'no_data',
          level: r.level ?? 'yellow',
        });
        raised++;
      }
    });
  }
  return raised;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Daily partitions of `reading` from yesterday to a week ahead; partitions older than the retention
 * are dropped (and old rows of the default partition deleted). Returns the partitions created.
 */
export async function maintainPartitions(deps: Deps, retentionDays: number): Promise<number> {
  const now = deps.now();
  let created = 0;
  await deps.database.withConnection(async (query) => {
    const existing = new Set(
      (
        await query(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'reading'`,
        )
      ).map((r) => String(r.name)),
    );
    for (let i = -1; i <= 7; i++) {
      const d = new Date(now.getTime() + i * 86_400_000);
      const name = `reading_p${day(d).replace(/-/g, '')}`;
      if (existing.has(name)) continue;
      const next = new Date(d.getTime() + 86_400_000);
      try {
        await query(
          `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF reading FOR VALUES FROM ('${day(d)}T00:00:00Z') TO ('${day(next)}T00:00:00Z')`,
        );
        created++;
      } catch (err) {
        // Rows for that day already sit in the default partition (late backfill): leave them there.
        deps.log.warn({ err, partition: name }, 'reading partition not created');
      }
    }
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
    for (const name of existing) {
      const m = /^reading_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!m) continue;
      const end = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`).getTime() + 86_400_000;
      if (end <= cutoff.getTime()) await query(`DROP TABLE IF EXISTS "${name}"`);
    }
    await query(`DELETE FROM reading_default WHERE ts < $1`, [cutoff.toISOString()]);
  });
  return created;
}
