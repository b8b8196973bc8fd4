import { sql } from 'drizzle-orm';
import type { RuleInput } from '@yingji/contracts';
import type { Tx } from '../../db/client.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../audit/index.js';
import type { Ingestor } from './ingest.service.js';
import { sensorRules, sensors } from './monitoring.table.js';

export interface DemoSensor {
  code: string;
  name: string;
  type: string;
  divisionCode: string;
  location: { lon: number; lat: number };
  metrics: { name: string; unit: string }[];
  intervalSeconds: number;
  linked?: { kind: string; name: string };
  rules: RuleInput[];
  /** Typical value of each metric; the demo history and simulator wander around it. */
  baseline: Record<string, number>;
}

const HISTORY_HOURS = 6;

/** A calm, plausible value: the baseline with a daily swing and a little noise, never negative. */
export function demoValue(base: number, metric: string, t: number, seed: number): number {
  const swing = metric === 'temp' ? 3 : base === 0 ? 0 : Math.max(0.5, base * 0.25);
  const day = Math.sin(((t / 3_600_000 + seed) / 24) * 2 * Math.PI);
  const noise = Math.sin(t / 97_000 + seed * 7) * 0.3 + Math.sin(t / 13_000 + seed) * 0.2;
  return Math.max(0, Math.round((base + swing * (day + noise)) * 100) / 100);
}

/** Loads the demo sensors, their rules and the last hours of readings. */
export async function seedDemoSensors(tx: Tx, ctx: RequestContext, data: DemoSensor[], now: Date): Promise<void> {
  for (const [i, d] of data.entries()) {
    const [s] = await tx
      .insert(sensors)
      .values({
        code: d.code,
        name: d.name,
        type: d.type,
        divisionCode: d.divisionCode,
        lon: d.location.lon,
        lat: d.location.lat,
        metrics: d.metrics,
        intervalSeconds: d.intervalSeconds,
        linkedKind: d.linked?.kind ?? null,
        linkedName: d.linked?.name ?? null,
        lastSeenAt: now,
        lastValues: Object.fromEntries(
          d.metrics.map((m) => [m.name, demoValue(d.baseline[m.name] ?? 0, m.name, now.getTime(), i)]),
        ),
      })
      .returning();
    if (!s) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'sensor.create', entity: 'sensor', entityId: s.id, after: s });
    for (const r of d.rules) {
      await tx.insert(sensorRules).values({
        sensorCode: d.code,
        metric: r.metric ?? null,
        kind: r.kind,
        levels: r.levels,
        clearBelow: r.clearBelow ?? null,
        clearAbove: r.clearAbove ?? null,
        windowSeconds: r.windowSeconds ?? null,
        afterSeconds: r.afterSeconds ?? null,
        level: r.level ?? null,
      });
    }
    const rows: { c: string; t: string; v: Record<string, number> }[] = [];
    const step = Math.max(60, d.intervalSeconds) * 1000;
    for (let t = now.getTime() - HISTORY_HOURS * 3_600_000; t <= now.getTime(); t += step)
      rows.push({
        c: d.code,
        t: new Date(t).toISOString(),
        v: Object.fromEntries(d.metrics.map((m) => [m.name, demoValue(d.baseline[m.name] ?? 0, m.name, t, i)])),
      });
    await tx.execute(sql`
      INSERT INTO reading (sensor_code, ts, "values")
      SELECT x.c, x.t, x.v FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(c text, t timestamptz, v jsonb)
      ON CONFLICT DO NOTHING`);
  }
}

/**
 * Demo mode: keeps the demo sensors reporting calm values at their interval (in process), so the
 * charts move and nothing goes offline. It never trips a rule; alarms come from what users send.
 */
export function startDemoSimulator(ingestor: Ingestor, data: DemoSensor[], now: () => Date): () => void {
  const timers = data.map((d, i) => {
    const t = setInterval(() => {
      // A sensor with an open alarm is left to what users send, so the alarm is not cleared by the simulation.
      for (const k of ingestor.open.keys()) if (k.startsWith(`${d.code}|`) && !k.endsWith('|offline')) return;
      const at = now().getTime();
      ingestor.push(d.code, {
        ts: at,
        values: Object.fromEntries(d.metrics.map((m) => [m.name, demoValue(d.baseline[m.name] ?? 0, m.name, at, i)])),
      });
    }, d.intervalSeconds * 1000);
    t.unref();
    return t;
  });
  return () => timers.forEach((t) => clearInterval(t));
}
