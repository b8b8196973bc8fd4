import { inArray, ne, sql } from 'drizzle-orm';
import type { AlarmLevel } from '@yingji/contracts';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../platform/deps.js';
import type { DomainEvent } from '../../platform/events.js';
import { transact, type TxScope } from '../../platform/transaction.js';
import { bumpInTx, clearInTx, raiseInTx, type AlarmEventData } from './alarms.service.js';
import { decide, parseReading, ratePerMinute, type Decision, type ParseResult } from './monitoring.rules.js';
import { alarms, sensorRules, sensors, type RuleRow, type SensorRow } from './monitoring.table.js';

export interface SensorInfo {
  code: string;
  name: string | null;
  divisionCode: string;
  lon: number;
  lat: number;
  metrics: Set<string>;
  status: SensorRow['status'];
  intervalSeconds: number;
  rules: RuleRow[];
}

interface Pending {
  /** Parsed on arrival, so the work overlaps the previous batch's database round trip. */
  parsed: ParseResult;
  /** Called once the reading is committed (or refused for good): acknowledges the MQTT message. */
  ack?: (() => void) | undefined;
  /** For the HTTP route: where the outcome of this item goes. */
  onResult?: ((r: { ok: true } | { ok: false; reason: string }) => void) | undefined;
}

interface OpenAlarm {
  id: string;
  level: AlarmLevel;
}

export interface IngestStats {
  accepted: number;
  rejected: number;
  batches: number;
  retries: number;
  /** Time spent processing batches, and the part of it waiting for the database. */
  busyMs: number;
  dbMs: number;
}

const RATE_WINDOW_CAP = 600;

/**
 * Turns a stream of readings into committed rows with rules evaluated, in batches: a batch is flushed
 * when it holds `maxBatch` readings or after `lingerMs`, in one transaction (readings with COPY-like
 * multi-row insert from one JSON parameter, sensor last-seen, rejected counts, alarm changes).
 * Messages are acknowledged only after the commit, so a crash leaves them with the broker; the
 * (sensor, ts) key makes a redelivered message land once. A failed batch is retried, never dropped.
 */
export class Ingestor {
  private buf: Pending[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private paused = false;
  private unsubscribe: (() => void) | null = null;
  readonly sensors = new Map<string, SensorInfo>();
  /** Open alarms by `${sensorCode}|${ruleKey}`; kept current by this instance's writes and every instance's events. */
  readonly open = new Map<string, OpenAlarm>();
  private points = new Map<string, { t: number; v: number }[]>();
  /** Reading time last written to each sensor's row by this instance. */
  private seenWritten = new Map<string, number>();
  readonly stats: IngestStats = { accepted: 0, rejected: 0, batches: 0, retries: 0, busyMs: 0, dbMs: 0 };

  constructor(
    private readonly deps: Deps,
    private readonly opts: { maxBatch?: number; lingerMs?: number } = {},
  ) {}

  async start(): Promise<void> {
    await this.reloadSensors();
    const rows = await this.deps.database.db
      .select({ id: alarms.id, sensorCode: alarms.sensorCode, ruleKey: alarms.ruleKey, level: alarms.level })
      .from(alarms)
      .where(ne(alarms.status, 'cleared'));
    for (const r of rows) this.open.set(`${r.sensorCode}|${r.ruleKey}`, { id: r.id, level: r.level });
    this.unsubscribe = this.deps.bus.subscribe((e) => this.onEvent(e));
  }

  private onEvent(e: DomainEvent) {
    if (e.entity === 'sensor') {
      const code = typeof e.data?.code === 'string' ? e.data.code : null;
      if (code) this.sensors.delete(code);
      return;
    }
    if (e.entity !== 'alarm' || !e.data) return;
    const d = e.data as AlarmEventData;
    const key = `${d.sensorCode}|${d.ruleKey}`;
    if (d.status === 'cleared') {
      if (this.open.get(key)?.id === e.entityId) this.open.delete(key);
    } else this.open.set(key, { id: e.entityId, level: d.level });
  }

  async reloadSensors(codes?: string[]): Promise<void> {
    const db = this.deps.database.db;
    const rows = codes
      ? codes.length
        ? await db.select().from(sensors).where(inArray(sensors.code, codes))
        : []
      : await db.select().from(sensors);
    const rules = rows.length
      ? await db
          .select()
          .from(sensorRules)
          .where(
            inArray(
              sensorRules.sensorCode,
              rows.map((r) => r.code),
            ),
          )
      : [];
    for (const s of rows)
      this.sensors.set(s.code, {
        code: s.code,
        name: s.name,
        divisionCode: s.divisionCode,
        lon: s.lon,
        lat: s.lat,
        metrics: new Set(s.metrics.map((m) => m.name)),
        status: s.status,
        intervalSeconds: s.intervalSeconds,
        rules: rules.filter((r) => r.sensorCode === s.code),
      });
  }

  /** Queues one reading. `sensorCode` null means the topic named no valid sensor. */
  push(sensorCode: string | null, payload: unknown, ack?: () => void, onResult?: Pending['onResult']): void {
    // While shutting down, take nothing new: an unacknowledged message stays with the broker.
    if (this.paused) return onResult?.({ ok: false, reason: 'shutting_down' });
    this.buf.push({ parsed: parseReading(sensorCode, payload, this.deps.now()), ack, onResult });
    if (this.buf.length >= (this.opts.maxBatch ?? 5000)) this.kick();
    else if (!this.timer)
      this.timer = setTimeout(() => {
        this.timer = null;
        this.kick();
      }, this.opts.lingerMs ?? 20);
  }

  private kick() {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.buf.length && !this.stopped) this.kick();
    });
  }

  private async loop() {
    while (this.buf.length) {
      const batch = this.buf.splice(0, this.opts.maxBatch ?? 5000);
      for (let attempt = 0; ; attempt++) {
        try {
          await this.process(batch);
          break;
        } catch (err) {
          this.stats.retries++;
          this.deps.log.error({ err, attempt, size: batch.length }, 'telemetry batch failed; retrying');
          if (this.stopped && attempt >= 2) return;
          await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** attempt)));
        }
      }
    }
  }

  /** Waits until everything queued so far is committed. */
  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.buf.length || this.running) {
      if (!this.running) this.kick();
      await this.running;
    }
  }

  pause(): void {
    this.paused = true;
  }

  async stop(): Promise<void> {
    await this.drain();
    this.stopped = true;
    this.unsubscribe?.();
  }

  private async process(batch: Pending[]) {
    const started = performance.now();
    const now = this.deps.now();
    const parsed = batch.map((p) => p.parsed);
    const missing = [
      ...new Set(parsed.flatMap((r) => (r.sensorCode && !this.sensors.has(r.sensorCode) ? [r.sensorCode] : []))),
    ];
    if (missing.length) await this.reloadSensors(missing);

    const errors = new Map<string, { sensorCode: string; reason: string; count: number; sample: string }>();
    const reject = (i: number, code: string | null, reason: string, sample: string) => {
      const k = `${code ?? '?'}|${reason}`;
      const e = errors.get(k) ?? { sensorCode: code ?? '?', reason, count: 0, sample };
      e.count++;
      e.sample = sample;
      errors.set(k, e);
      batch[i]?.onResult?.({ ok: false, reason });
    };
    const good: { i: number; code: string; ts: Date; values: Record<string, number> }[] = [];
    parsed.forEach((r, i) => {
      if (!r.ok) return reject(i, r.sensorCode, r.reason, r.sample);
      const s = this.sensors.get(r.sensorCode);
      if (!s) return reject(i, r.sensorCode, 'unknown_sensor', JSON.stringify(r.values).slice(0, 200));
      if (s.status === 'disabled') return reject(i, r.sensorCode, 'disabled_sensor', '');
      const unknown = Object.keys(r.values).find((m) => !s.metrics.has(m));
      if (unknown) return reject(i, r.sensorCode, 'unknown_metric', unknown);
      good.push({ i, code: r.sensorCode, ts: r.ts, values: r.values });
    });

    const opened: [string, OpenAlarm][] = [];
    const closed: string[] = [];
    const dbStarted = performance.now();
    const written: [string, number][] = [];
    await transact(this.deps.database, this.deps.bus, async ({ tx, emit }) => {
      let fresh = good;
      if (good.length) {
        const inserted = await tx.execute(sql`
          INSERT INTO reading (sensor_code, ts, "values")
          SELECT x.c, x.t, x.v FROM jsonb_to_recordset(${JSON.stringify(
            good.map((g) => ({ c: g.code, t: g.ts.toISOString(), v: g.values })),
          )}::jsonb) AS x(c text, t timestamptz, v jsonb)
          ON CONFLICT DO NOTHING
          RETURNING sensor_code, ts`);
        // A redelivered message is stored once and evaluated once.
        const rows = (inserted as unknown as { rows: { sensor_code: string; ts: string | Date }[] }).rows;
        const seen = new Set(rows.map((r) => `${r.sensor_code}|${new Date(r.ts).getTime()}`));
        fresh = good.filter((g) => seen.has(`${g.code}|${g.ts.getTime()}`));
        const latest = new Map<string, (typeof good)[number]>();
        for (const g of good) {
          const cur = latest.get(g.code);
          if (!cur || cur.ts < g.ts) latest.set(g.code, g);
        }
        // A sensor's row (last seen, latest values) is rewritten at most once per reporting interval
        // (and at least every 30 s): the readings table has every value, and offline detection allows 3 intervals.
        for (const [code, g] of latest) {
          const s = this.sensors.get(code);
          const written = this.seenWritten.get(code);
          const every = Math.min(30, s?.intervalSeconds ?? 30) * 1000;
          if (s?.status !== 'offline' && written !== undefined && g.ts.getTime() - written < every) latest.delete(code);
        }
        if (latest.size)
          await tx.execute(sql`
          UPDATE sensor SET last_seen_at = x.t, last_values = x.v,
            status = CASE WHEN sensor.status = 'offline' THEN 'online' ELSE sensor.status END
          FROM jsonb_to_recordset(${JSON.stringify(
            [...latest.values()].map((g) => ({ c: g.code, t: g.ts.toISOString(), v: g.values })),
          )}::jsonb) AS x(c text, t timestamptz, v jsonb)
          WHERE sensor.code = x.c AND (sensor.last_seen_at IS NULL OR sensor.last_seen_at < x.t)`);
        for (const [code, g] of latest) written.push([code, g.ts.getTime()]);
      }
      if (errors.size) {
        await tx.execute(sql`
          INSERT INTO ingest_error (sensor_code, reason, count, last_at, sample)
          SELECT x.c, x.r, x.n, ${now.toISOString()}::timestamptz, x.s
          FROM jsonb_to_recordset(${JSON.stringify(
            [...errors.values()].map((e) => ({ c: e.sensorCode.slice(0, 64), r: e.reason, n: e.count, s: e.sample })),
          )}::jsonb) AS x(c text, r text, n int, s text)
          ON CONFLICT (sensor_code, reason) DO UPDATE SET count = ingest_error.count + excluded.count,
            last_at = excluded.last_at, sample = excluded.sample`);
      }
      await this.evaluate(tx, emit, fresh, now, opened, closed);
    });
    this.stats.dbMs += performance.now() - dbStarted;
    for (const [code, t] of written) this.seenWritten.set(code, t);
    for (const [k, a] of opened) this.open.set(k, a);
    for (const k of closed) this.open.delete(k);
    for (const g of good) {
      const s = this.sensors.get(g.code);
      if (s && s.status === 'offline') s.status = 'online';
    }
    this.stats.batches++;
    this.stats.accepted += good.length;
    this.stats.rejected += batch.length - good.length;
    for (const g of good) batch[g.i]?.onResult?.({ ok: true });
    for (const p of batch) p.ack?.();
    this.stats.busyMs += performance.now() - started;
  }

  /**
   * Runs every rule of each fresh reading in time order against this instance's view of open alarms,
   * collapsing consecutive trips of one alarm into one update.
   */
  private async evaluate(
    tx: Tx,
    emit: TxScope['emit'],
    readings: { code: string; ts: Date; values: Record<string, number> }[],
    now: Date,
    opened: [string, OpenAlarm][],
    closed: string[],
  ) {
    if (!readings.length) return;
    const state = new Map<string, OpenAlarm | null>();
    const view = (k: string) => (state.has(k) ? (state.get(k) ?? null) : (this.open.get(k) ?? null));
    interface Bump {
      id: string;
      n: number;
      at: Date;
      value: number;
      peak: number;
      rising: boolean;
      level: AlarmLevel;
    }
    const bumps = new Map<string, Bump>();
    const flushBump = async (k: string) => {
      const b = bumps.get(k);
      if (!b) return;
      bumps.delete(k);
      const after = await bumpInTx(tx, emit, b.id, { ...b, now });
      if (!after) state.set(k, null);
      else state.set(k, { id: after.id, level: after.level });
    };
    const sorted = [...readings].sort((a, b) => a.ts.getTime() - b.ts.getTime());
    for (const r of sorted) {
      const s = this.sensors.get(r.code);
      if (!s) continue;
      // A reading ends the sensor's offline and no-data alarms.
      for (const key of [
        `${r.code}|offline`,
        ...s.rules.filter((x) => x.kind === 'no_data').map((x) => `${r.code}|${x.id}`),
      ]) {
        const o = view(key);
        if (o) {
          await flushBump(key);
          await clearInTx(tx, emit, o.id, r.ts, '恢复上报数据');
          state.set(key, null);
        }
      }
      for (const rule of s.rules) {
        if (rule.kind === 'no_data' || !rule.metric) continue;
        const raw = r.values[rule.metric];
        if (raw === undefined) continue;
        let v = raw;
        if (rule.kind === 'rate') {
          const pk = `${r.code}|${rule.metric}`;
          const pts = this.points.get(pk) ?? [];
          pts.push({ t: r.ts.getTime(), v: raw });
          const windowMs = (rule.windowSeconds ?? 60) * 1000;
          while (pts.length > RATE_WINDOW_CAP || (pts[0] && pts[0].t < r.ts.getTime() - windowMs)) pts.shift();
          this.points.set(pk, pts);
          const rate = ratePerMinute(pts, rule.windowSeconds ?? 60, r.ts.getTime());
          if (rate === null) continue;
          v = rate;
        }
        const key = `${r.code}|${rule.id}`;
        const open = view(key);
        const d: Decision = decide(rule, v, open?.level ?? null);
        const rising = rule.levels.every((b) => b.op === '>=' || b.op === '>');
        if (d.action === 'raise') {
          await flushBump(key);
          const a = await raiseInTx(
            tx,
            emit,
            {
              sensorCode: r.code,
              ruleKey: rule.id,
              ruleId: rule.id,
              kind: rule.kind,
              metric: rule.metric,
              level: d.level,
              value: v,
              at: r.ts,
              now,
              divisionCode: s.divisionCode,
              lon: s.lon,
              lat: s.lat,
              sensorName: s.name,
            },
            rising,
          );
          state.set(key, { id: a.id, level: a.level });
        } else if (d.action === 'update' && open) {
          const b = bumps.get(key);
          if (b) {
            b.n++;
            b.at = r.ts;
            b.value = v;
            b.peak = rising ? Math.max(b.peak, v) : Math.min(b.peak, v);
            b.level = d.level;
          } else bumps.set(key, { id: open.id, n: 1, at: r.ts, value: v, peak: v, rising, level: d.level });
          state.set(key, { id: open.id, level: d.level });
        } else if (d.action === 'clear' && open) {
          await flushBump(key);
          await clearInTx(tx, emit, open.id, r.ts, `恢复正常（${rule.metric} = ${v}）`);
          state.set(key, null);
        }
      }
    }
    for (const k of [...bumps.keys()]) await flushBump(k);
    for (const [k, a] of state) {
      if (a) opened.push([k, a]);
      else closed.push(k);
    }
  }
}
