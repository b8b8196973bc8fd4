/**
 * Pure rules of monitoring: parsing telemetry, threshold and rate rules with hysteresis,
 * offline detection and the escalation ladder of unacknowledged alarms.
 */
import type { AlarmLevel } from '@yingji/contracts';

export const LEVEL_RANK: Record<AlarmLevel, number> = { blue: 1, yellow: 2, orange: 3, red: 4 };

// ---- telemetry ----

/** Readings dated more than this far ahead of the server clock are refused (clock drift is allowed). */
export const MAX_FUTURE_MS = 5 * 60_000;

export type ParseResult =
  | { ok: true; sensorCode: string; ts: Date; values: Record<string, number> }
  | { ok: false; sensorCode: string | null; reason: ParseFailure; sample: string };
export type ParseFailure = 'malformed_json' | 'bad_shape' | 'non_numeric' | 'bad_timestamp' | 'future_timestamp';

const SENSOR_CODE = /^[A-Za-z0-9][\w.-]{0,63}$/;

/** The sensor code of an MQTT topic `yingji/telemetry/{sensorCode}`, or null. */
export function sensorOfTopic(topic: string): string | null {
  const m = /^yingji\/telemetry\/([^/]+)$/.exec(topic);
  return m?.[1] && SENSOR_CODE.test(m[1]) ? m[1] : null;
}

function sampleOf(payload: unknown): string {
  const s =
    typeof payload === 'string'
      ? payload
      : Buffer.isBuffer(payload)
        ? payload.toString('utf8')
        : JSON.stringify(payload);
  return (s ?? '').slice(0, 200);
}

/**
 * Checks one reading `{"ts": ISO-8601 | epoch ms, "values": {"<metric>": number}}`.
 * Accepts a raw payload (Buffer or string: parsed as JSON) or an already parsed object.
 */
export function parseReading(sensorCode: string | null, payload: unknown, now: Date): ParseResult {
  let body: unknown = payload;
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    try {
      body = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
    } catch {
      return { ok: false, sensorCode, reason: 'malformed_json', sample: sampleOf(payload) };
    }
  }
  if (!sensorCode || !body || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, sensorCode, reason: 'bad_shape', sample: sampleOf(payload) };
  const { ts, values } = body as { ts?: unknown; values?: unknown };
  if (!values || typeof values !== 'object' || Array.isArray(values) || Object.keys(values).length === 0)
    return { ok: false, sensorCode, reason: 'bad_shape', sample: sampleOf(payload) };
  let at: Date;
  if (typeof ts === 'number' && Number.isFinite(ts)) at = new Date(ts);
  else if (typeof ts === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(ts)) at = new Date(ts);
  else return { ok: false, sensorCode, reason: 'bad_timestamp', sample: sampleOf(payload) };
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000)
    return { ok: false, sensorCode, reason: 'bad_timestamp', sample: sampleOf(payload) };
  if (at.getTime() > now.getTime() + MAX_FUTURE_MS)
    return { ok: false, sensorCode, reason: 'future_timestamp', sample: sampleOf(payload) };
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      return { ok: false, sensorCode, reason: 'non_numeric', sample: sampleOf(payload) };
    out[k] = v;
  }
  return { ok: true, sensorCode, ts: at, values: out };
}

// ---- threshold and rate rules ----

export interface LevelBound {
  op: '>=' | '>' | '<=' | '<';
  value: number;
  level: AlarmLevel;
}
export interface ThresholdRule {
  levels: readonly LevelBound[];
  clearBelow?: number | null | undefined;
  clearAbove?: number | null | undefined;
}

function holds(b: LevelBound, v: number): boolean {
  switch (b.op) {
    case '>=':
      return v >= b.value;
    case '>':
      return v > b.value;
    case '<=':
      return v <= b.value;
    case '<':
      return v < b.value;
  }
}

/** The most severe level whose bound holds, or null. */
export function levelOf(rule: ThresholdRule, v: number): AlarmLevel | null {
  let best: AlarmLevel | null = null;
  for (const b of rule.levels) if (holds(b, v) && (!best || LEVEL_RANK[b.level] > LEVEL_RANK[best])) best = b.level;
  return best;
}

/**
 * Whether an open alarm of this rule may clear at value v. Without a clear bound the alarm clears as
 * soon as no level holds; with one (hysteresis) a rising rule clears only below `clearBelow`, a falling
 * one only above `clearAbove`, so a value oscillating around the bound does not flap.
 */
export function clears(rule: ThresholdRule, v: number): boolean {
  if (levelOf(rule, v)) return false;
  const rising = rule.levels.every((b) => b.op === '>=' || b.op === '>');
  if (rising && rule.clearBelow != null) return v < rule.clearBelow;
  if (!rising && rule.clearAbove != null) return v > rule.clearAbove;
  return true;
}

export type Decision =
  | { action: 'none' }
  | { action: 'raise'; level: AlarmLevel }
  /** Still tripping: count it; `escalated` when the level rose. */
  | { action: 'update'; level: AlarmLevel; escalated: boolean }
  /** Back inside the hysteresis band: the alarm stays open, nothing counted. */
  | { action: 'hold' }
  | { action: 'clear' };

/** What one value does to the (sensor, rule) alarm, given the level of its open alarm (null when none). */
export function decide(rule: ThresholdRule, v: number, open: AlarmLevel | null): Decision {
  const level = levelOf(rule, v);
  if (level) {
    if (!open) return { action: 'raise', level };
    const escalated = LEVEL_RANK[level] > LEVEL_RANK[open];
    return { action: 'update', level: escalated ? level : open, escalated };
  }
  if (!open) return { action: 'none' };
  return clears(rule, v) ? { action: 'clear' } : { action: 'hold' };
}

/**
 * Rate of change per minute over a window: (latest − earliest in window) / minutes between them.
 * Null until two readings at least 1 second apart lie in the window.
 */
export function ratePerMinute(
  points: readonly { t: number; v: number }[],
  windowSeconds: number,
  now: number,
): number | null {
  const inWindow = points.filter((p) => p.t >= now - windowSeconds * 1000 && p.t <= now);
  if (inWindow.length < 2) return null;
  let first = inWindow[0]!;
  let last = inWindow[0]!;
  for (const p of inWindow) {
    if (p.t < first.t) first = p;
    if (p.t > last.t) last = p;
  }
  const minutes = (last.t - first.t) / 60_000;
  if (minutes < 1 / 60) return null;
  return (last.v - first.v) / minutes;
}

// ---- offline and escalation ----

/** A sensor is offline when no reading arrived within this many intervals. */
export const OFFLINE_INTERVALS = 3;
export function isOffline(lastSeenAt: Date | null, intervalSeconds: number, createdAt: Date, now: Date): boolean {
  const since = lastSeenAt ?? createdAt;
  return now.getTime() - since.getTime() > OFFLINE_INTERVALS * intervalSeconds * 1000;
}

/** Minutes an alarm of each level may stay unacknowledged before the next step of the ladder. */
export const ESCALATION_MINUTES: Record<AlarmLevel, number> = { red: 5, orange: 15, yellow: 30, blue: 60 };

/**
 * Who an unacknowledged alarm goes to at each step: step 1 the duty officer on shift, step 2 the
 * leader on call (带班领导), step 3 and on the leader again together with every duty officer of the
 * division's emergency bureau — until someone acknowledges.
 */
export type EscalationTarget = 'officer' | 'leader' | 'all';
export function escalationTarget(step: number): EscalationTarget {
  if (step <= 1) return 'officer';
  if (step === 2) return 'leader';
  return 'all';
}

export function nextEscalationAt(from: Date, level: AlarmLevel): Date {
  return new Date(from.getTime() + ESCALATION_MINUTES[level] * 60_000);
}
