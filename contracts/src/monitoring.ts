import { z } from 'zod';
import { divisionCode, lonLat, pagination, text, uuid } from './schemas.js';

// ---- sensors (物联感知) ----

export const SENSOR_TYPES = [
  'gas_concentration',
  'water_level',
  'bridge_strain',
  'rainfall',
  'toxic_gas',
  'pipe_pressure',
  'tunnel_environment',
  'other',
] as const;
export const SENSOR_STATUSES = ['online', 'offline', 'disabled'] as const;
export const LINKED_KINDS = [
  'pipe_segment',
  'bridge',
  'major_hazard',
  'risk_point',
  'underpass',
  'utility_tunnel',
  'other',
] as const;

const metricName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w.-]{0,39}$/, { message: 'metric: letters, digits, _ . -, starting with a letter (≤ 40)' });
export const sensorCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][\w.-]{0,63}$/, { message: 'sensor code: letters, digits, _ . -, no slashes (≤ 64)' });

export const createSensorBody = z.object({
  code: sensorCode,
  name: z.string().trim().max(100).optional(),
  type: z.enum(SENSOR_TYPES),
  divisionCode,
  location: lonLat,
  metrics: z
    .array(z.object({ name: metricName, unit: z.string().trim().max(20) }))
    .min(1)
    .max(20)
    .refine((m) => new Set(m.map((x) => x.name)).size === m.length, { message: 'metric names must be unique' }),
  intervalSeconds: z.number().int().min(1).max(86_400),
  linked: z.object({ kind: z.enum(LINKED_KINDS), name: text(100) }).optional(),
  ownerOrgId: uuid.optional(),
});
export const updateSensorBody = z
  .object({
    name: z.string().trim().max(100),
    location: lonLat,
    intervalSeconds: z.number().int().min(1).max(86_400),
    linked: z.object({ kind: z.enum(LINKED_KINDS), name: text(100) }).nullable(),
    status: z.enum(['online', 'disabled']),
  })
  .partial()
  .strict();

export const sensor = z.object({
  id: uuid,
  code: z.string(),
  name: z.string().nullable(),
  type: z.enum(SENSOR_TYPES),
  divisionCode: z.string(),
  location: lonLat,
  metrics: z.array(z.object({ name: z.string(), unit: z.string() })),
  intervalSeconds: z.number().int(),
  linked: z.object({ kind: z.enum(LINKED_KINDS), name: z.string() }).nullable(),
  ownerOrgId: uuid.nullable(),
  status: z.enum(SENSOR_STATUSES),
  lastSeenAt: z.string().nullable(),
  lastValues: z.record(z.string(), z.number()),
  openAlarms: z.number().int(),
  createdAt: z.string(),
});
export type Sensor = z.infer<typeof sensor>;

export const sensorQuery = pagination.extend({
  type: z.enum(SENSOR_TYPES).optional(),
  status: z.enum(SENSOR_STATUSES).optional(),
  divisionCode: divisionCode.optional(),
  q: z.string().trim().max(64).optional(),
});

// ---- rules ----

export const ALARM_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlarmLevel = (typeof ALARM_LEVELS)[number];
export const RULE_KINDS = ['threshold', 'rate', 'no_data'] as const;
export const THRESHOLD_OPS = ['>=', '>', '<=', '<'] as const;

export const ruleBody = z
  .object({
    metric: metricName.optional(),
    kind: z.enum(RULE_KINDS),
    /** threshold: value vs bound; rate: change per minute over `windowSeconds` vs bound. */
    levels: z
      .array(z.object({ op: z.enum(THRESHOLD_OPS), value: z.number().finite(), level: z.enum(ALARM_LEVELS) }))
      .max(4)
      .default([]),
    /** Hysteresis: an alarm of a rising rule (>=, >) clears only below this value; of a falling rule (<=, <) only above. */
    clearBelow: z.number().finite().optional(),
    clearAbove: z.number().finite().optional(),
    windowSeconds: z.number().int().min(10).max(86_400).optional(),
    /** no_data: raise when no reading arrived for this long. */
    afterSeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 86_400)
      .optional(),
    /** no_data alarm level. */
    level: z.enum(ALARM_LEVELS).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind !== 'no_data' && !r.metric)
      ctx.addIssue({ code: 'custom', path: ['metric'], message: `a ${r.kind} rule names a metric` });
    if (r.kind !== 'no_data' && r.levels.length === 0)
      ctx.addIssue({ code: 'custom', path: ['levels'], message: 'give at least one level' });
    if (r.kind === 'rate' && !r.windowSeconds)
      ctx.addIssue({ code: 'custom', path: ['windowSeconds'], message: 'a rate rule needs windowSeconds' });
    if (r.kind === 'no_data' && !r.afterSeconds)
      ctx.addIssue({ code: 'custom', path: ['afterSeconds'], message: 'a no_data rule needs afterSeconds' });
    const rising = r.levels.filter((l) => l.op === '>=' || l.op === '>').length;
    if (rising && rising !== r.levels.length)
      ctx.addIssue({
        code: 'custom',
        path: ['levels'],
        message: 'levels of one rule all rise (>=, >) or all fall (<=, <)',
      });
    if (new Set(r.levels.map((l) => l.level)).size !== r.levels.length)
      ctx.addIssue({ code: 'custom', path: ['levels'], message: 'each alarm level appears once' });
  });
export type RuleInput = z.infer<typeof ruleBody>;

export const rule = z.object({
  id: uuid,
  sensorCode: z.string(),
  metric: z.string().nullable(),
  kind: z.enum(RULE_KINDS),
  levels: z.array(z.object({ op: z.enum(THRESHOLD_OPS), value: z.number(), level: z.enum(ALARM_LEVELS) })),
  clearBelow: z.number().nullable(),
  clearAbove: z.number().nullable(),
  windowSeconds: z.number().int().nullable(),
  afterSeconds: z.number().int().nullable(),
  level: z.enum(ALARM_LEVELS).nullable(),
  createdAt: z.string(),
});

// ---- telemetry ----

export const telemetryItem = z.object({
  sensorCode: z.string().trim().min(1).max(64),
  ts: z.union([z.string().max(40), z.number()]),
  values: z.record(z.string(), z.unknown()),
});
export const telemetryBody = z.object({ items: z.array(telemetryItem).min(1).max(5000) });
export const telemetryResult = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), sensorCode: z.string().nullable(), reason: z.string() })),
});

export const INGEST_ERROR_REASONS = [
  'malformed_json',
  'bad_shape',
  'unknown_sensor',
  'non_numeric',
  'unknown_metric',
  'bad_timestamp',
  'future_timestamp',
  'disabled_sensor',
] as const;
export const ingestError = z.object({
  sensorCode: z.string(),
  reason: z.enum(INGEST_ERROR_REASONS),
  count: z.number().int(),
  lastAt: z.string(),
  sample: z.string().nullable(),
});

export const seriesQuery = z.object({
  metric: z.string().trim().min(1).max(40),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  step: z.enum(['raw', '1m', '1h']).default('1m'),
});
export const series = z.object({
  metric: z.string(),
  unit: z.string().nullable(),
  step: z.enum(['raw', '1m', '1h']),
  points: z.array(z.object({ t: z.string(), avg: z.number(), min: z.number(), max: z.number(), n: z.number().int() })),
});

// ---- alarms ----

export const ALARM_STATUSES = ['active', 'acknowledged', 'cleared'] as const;
export const alarm = z.object({
  id: uuid,
  sensorCode: z.string(),
  sensorName: z.string().nullable(),
  sensorType: z.string().nullable(),
  ruleId: uuid.nullable(),
  kind: z.enum([...RULE_KINDS, 'offline']),
  metric: z.string().nullable(),
  level: z.enum(ALARM_LEVELS),
  status: z.enum(ALARM_STATUSES),
  divisionCode: z.string(),
  location: lonLat,
  raisedAt: z.string(),
  lastAt: z.string(),
  count: z.number().int(),
  lastValue: z.number().nullable(),
  peakValue: z.number().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  clearedAt: z.string().nullable(),
  escalationStep: z.number().int(),
  nextEscalationAt: z.string().nullable(),
  incidentId: uuid.nullable(),
  timeline: z
    .array(z.object({ at: z.string(), kind: z.string(), text: z.string(), actorName: z.string().nullable() }))
    .optional(),
});
export type Alarm = z.infer<typeof alarm>;
export const alarmQuery = pagination.extend({
  status: z.enum([...ALARM_STATUSES, 'open']).optional(),
  sensorCode: z.string().trim().max(64).optional(),
  level: z.enum(ALARM_LEVELS).optional(),
  divisionCode: divisionCode.optional(),
});
export const ackBody = z.object({ note: z.string().trim().max(500).optional() });
export const alarmIncidentBody = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  category: z.enum(['natural_disaster', 'accident', 'public_health', 'social_security']).default('accident'),
  type: z.string().trim().min(1).max(40).default('gas'),
});
