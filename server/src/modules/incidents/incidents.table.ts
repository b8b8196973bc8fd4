import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Casualties, Grade, Level } from './incidents.rules.js';

export const incidents = pgTable(
  'incident',
  {
    id: uuid().primaryKey().defaultRandom(),
    number: text().notNull(),
    category: text().notNull(),
    type: text().notNull(),
    title: text().notNull(),
    description: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    source: text().notNull(),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    address: text(),
    receivingOrgId: uuid().notNull(),
    receivingLevel: text().$type<Level>().notNull(),
    deaths: integer().notNull().default(0),
    missing: integer().notNull().default(0),
    seriousInjuries: integer().notNull().default(0),
    minorInjuries: integer().notNull().default(0),
    directLossYuan: bigint({ mode: 'number' }).notNull().default(0),
    /** People evacuated or relocated (紧急转移安置), a common plan trigger. */
    evacuated: integer().notNull().default(0),
    grade: text().$type<Grade>(),
    gradeAssignedBy: text(),
    gradeReason: text(),
    /** When each level above the receiving one got the report. */
    reported: jsonb().$type<Partial<Record<Level, string>>>().notNull().default({}),
    /** Levels whose overdue notice has gone out (once per step). */
    overdueNotified: text()
      .array()
      .$type<Level[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    flags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text({ enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    isEnterpriseLate: boolean().notNull().default(false),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incident_number_uq').on(t.number),
    // Plain DESC (not drizzle's DESC NULLS LAST) so ORDER BY received_at DESC can walk the index.
    index('incident_division_received_idx').on(sql`${t.divisionCode} text_pattern_ops`, sql`${t.receivedAt} DESC`),
    index('incident_open_received_idx')
      .on(sql`${t.receivedAt} DESC`)
      .where(sql`${t.status} = 'open'`),
    // The open board counts by scope with an index-only scan.
    index('incident_open_division_idx')
      .on(sql`${t.divisionCode} text_pattern_ops`)
      .where(sql`${t.status} = 'open'`),
    index('incident_occurred_idx').on(t.occurredAt),
  ],
);

export type IncidentRow = typeof incidents.$inferSelect;

export const incidentUpdates = pgTable(
  'incident_update',
  {
    id: uuid().primaryKey().defaultRandom(),
    incidentId: uuid()
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    text: text().notNull(),
    casualties: jsonb().$type<Casualties>(),
    directLossYuan: bigint({ mode: 'number' }),
    evacuated: integer(),
    /** False when the change came after the supplement window and was kept as a note only. */
    applied: boolean().notNull().default(true),
    gradeBefore: text(),
    gradeAfter: text(),
    actorId: uuid(),
    actorName: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incident_update_incident_idx').on(t.incidentId, t.at)],
);

/** Per-year counter for human-readable numbers (SJ-2026-000123). */
export const incidentCounters = pgTable('incident_counter', {
  year: integer().primaryKey(),
  last: integer().notNull().default(0),
});

/** Duty roster: who is on duty when, per organisation (值班表). */
export const dutyShifts = pgTable(
  'duty_shift',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull(),
    divisionCode: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    role: text({ enum: ['officer', 'leader'] }).notNull(),
    personName: text().notNull(),
    userId: uuid(),
    phone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('duty_shift_org_time_idx').on(t.orgId, t.startsAt)],
);

/** Handover notes between shifts (交接班记录). */
export const dutyHandovers = pgTable(
  'duty_handover',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull(),
    divisionCode: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    fromName: text().notNull(),
    toName: text().notNull(),
    text: text().notNull(),
    actorId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('duty_handover_org_time_idx').on(t.orgId, t.at)],
);
