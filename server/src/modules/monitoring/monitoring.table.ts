import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AlarmLevel } from '@yingji/contracts';

/**
 * Sensors (物联感知设备). Readings live in the `reading` table, partitioned by day and written with
 * plain SQL (see migrations/0005 and ingest.service.ts); it is not part of this Drizzle schema.
 */
export const sensors = pgTable(
  'sensor',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique('sensor_code_uq'),
    name: text(),
    type: text().notNull(),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    metrics: jsonb().$type<{ name: string; unit: string }[]>().notNull(),
    intervalSeconds: integer().notNull(),
    linkedKind: text(),
    linkedName: text(),
    ownerOrgId: uuid(),
    status: text({ enum: ['online', 'offline', 'disabled'] })
      .notNull()
      .default('online'),
    lastSeenAt: timestamp({ withTimezone: true }),
    lastValues: jsonb().$type<Record<string, number>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sensor_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
    index('sensor_online_seen_idx')
      .on(t.lastSeenAt)
      .where(sql`${t.status} = 'online'`),
  ],
);
export type SensorRow = typeof sensors.$inferSelect;

export interface StoredBound {
  op: '>=' | '>' | '<=' | '<';
  value: number;
  level: AlarmLevel;
}

/** Alarm rules of a sensor: threshold, rate of change, no data. */
export const sensorRules = pgTable(
  'sensor_rule',
  {
    id: uuid().primaryKey().defaultRandom(),
    sensorCode: text()
      .notNull()
      .references(() => sensors.code, { onDelete: 'cascade' }),
    metric: text(),
    kind: text({ enum: ['threshold', 'rate', 'no_data'] }).notNull(),
    levels: jsonb().$type<StoredBound[]>().notNull().default([]),
    clearBelow: doublePrecision(),
    clearAbove: doublePrecision(),
    windowSeconds: integer(),
    afterSeconds: integer(),
    level: text().$type<AlarmLevel>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sensor_rule_sensor_idx').on(t.sensorCode)],
);
export type RuleRow = typeof sensorRules.$inferSelect;

/** Alarms (告警): one open alarm per sensor and rule; a persisting condition updates it. */
export const alarms = pgTable(
  'alarm',
  {
    id: uuid().primaryKey().defaultRandom(),
    sensorCode: text().notNull(),
    /** The rule's id, or `offline` for the sensor's own offline detection. */
    ruleKey: text().notNull(),
    ruleId: uuid(),
    kind: text({ enum: ['threshold', 'rate', 'no_data', 'offline'] }).notNull(),
    metric: text(),
    level: text().$type<AlarmLevel>().notNull(),
    status: text({ enum: ['active', 'acknowledged', 'cleared'] })
      .notNull()
      .default('active'),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    raisedAt: timestamp({ withTimezone: true }).notNull(),
    lastAt: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(1),
    lastValue: doublePrecision(),
    peakValue: doublePrecision(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: uuid(),
    acknowledgedByName: text(),
    clearedAt: timestamp({ withTimezone: true }),
    escalationStep: integer().notNull().default(0),
    nextEscalationAt: timestamp({ withTimezone: true }),
    incidentId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alarm_open_uq')
      .on(t.sensorCode, t.ruleKey)
      .where(sql`${t.status} <> 'cleared'`),
    index('alarm_raised_idx').on(sql`${t.raisedAt} DESC`),
    index('alarm_open_idx')
      .on(t.status)
      .where(sql`${t.status} <> 'cleared'`),
    index('alarm_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
  ],
);
export type AlarmRow = typeof alarms.$inferSelect;

/** What happened to an alarm (告警时间线): raised, level changes, escalation steps, acknowledgement, clearing. */
export const alarmEvents = pgTable(
  'alarm_event',
  {
    id: uuid().primaryKey().defaultRandom(),
    alarmId: uuid()
      .notNull()
      .references(() => alarms.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull(),
    kind: text().notNull(),
    text: text().notNull(),
    actorName: text(),
  },
  (t) => [index('alarm_event_alarm_idx').on(t.alarmId, t.at)],
);

/** Rejected telemetry counted per sensor code and reason, with the last sample. */
export const ingestErrors = pgTable(
  'ingest_error',
  {
    sensorCode: text().notNull(),
    reason: text().notNull(),
    count: integer().notNull().default(0),
    lastAt: timestamp({ withTimezone: true }).notNull(),
    sample: text(),
  },
  (t) => [primaryKey({ columns: [t.sensorCode, t.reason] })],
);
