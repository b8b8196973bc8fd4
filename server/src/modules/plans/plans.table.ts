import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PlanAction, PlanKind, PlanLevel, ResponseLevel, TaskStatus } from '@yingji/contracts';
import { incidents } from '../incidents/index.js';
import { organizations } from '../org/index.js';

export interface StoredScope {
  categories: string[];
  types: string[];
}
export interface StoredCommand {
  headquarters?: string | undefined;
  commander?: string | undefined;
  groups: { name: string; leadOrgId?: string | undefined; memberOrgIds: string[]; duties?: string | undefined }[];
}
export type StoredAction = PlanAction & { id: string };

/** Emergency plans (应急预案) with their structured content. */
export const plans = pgTable(
  'plan',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().$type<PlanKind>().notNull(),
    title: text().notNull(),
    ownerOrgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    divisionCode: text().notNull(),
    version: text(),
    publishedAt: date({ mode: 'string' }),
    status: text({ enum: ['draft', 'published', 'superseded'] })
      .notNull()
      .default('draft'),
    parentPlanId: uuid(),
    filedAt: date({ mode: 'string' }),
    filingNumber: text(),
    filingOrg: text(),
    lastEvaluatedAt: date({ mode: 'string' }),
    scope: jsonb().$type<StoredScope>().notNull().default({ categories: [], types: [] }),
    levels: jsonb().$type<PlanLevel[]>().notNull().default([]),
    command: jsonb().$type<StoredCommand>().notNull().default({ groups: [] }),
    actions: jsonb().$type<StoredAction[]>().notNull().default([]),
    attachments: jsonb().$type<{ name: string; url?: string | undefined }[]>().notNull().default([]),
    summary: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.parentPlanId], foreignColumns: [t.id], name: 'plan_parent_fk' }),
    index('plan_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
    index('plan_owner_idx').on(t.ownerOrgId),
  ],
);
export type PlanRow = typeof plans.$inferSelect;

/** Plan evaluations (预案评估), art. 35. */
export const planEvaluations = pgTable(
  'plan_evaluation',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    date: date({ mode: 'string' }).notNull(),
    conclusion: text().notNull(),
    needsRevision: boolean().notNull().default(false),
    actorId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_evaluation_plan_idx').on(t.planId, t.date)],
);

/** An activated response (启动应急响应) of one plan to one incident. */
export const responses = pgTable(
  'response',
  {
    id: uuid().primaryKey().defaultRandom(),
    incidentId: uuid()
      .notNull()
      .references(() => incidents.id, { onDelete: 'restrict' }),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'restrict' }),
    level: text().$type<ResponseLevel>().notNull(),
    status: text({ enum: ['active', 'ended'] })
      .notNull()
      .default('active'),
    divisionCode: text().notNull(),
    /** Every level the response has been at, in order. */
    levelHistory: jsonb().$type<{ level: ResponseLevel; at: string }[]>().notNull().default([]),
    activatedAt: timestamp({ withTimezone: true }).notNull(),
    activatedBy: uuid(),
    activatedByName: text(),
    endedAt: timestamp({ withTimezone: true }),
    summary: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('response_incident_idx').on(t.incidentId),
    // One active response per incident and plan.
    uniqueIndex('response_active_uq')
      .on(t.incidentId, t.planId)
      .where(sql`${t.status} = 'active'`),
    index('response_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
  ],
);
export type ResponseRow = typeof responses.$inferSelect;

/** A task of a member department under a response (指挥任务). */
export const responseTasks = pgTable(
  'response_task',
  {
    id: uuid().primaryKey().defaultRandom(),
    responseId: uuid()
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    incidentId: uuid().notNull(),
    actionId: text().notNull(),
    departmentOrgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    action: text().notNull(),
    level: text().$type<ResponseLevel>().notNull(),
    group: text(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    status: text().$type<TaskStatus>().notNull().default('pending'),
    acknowledgedAt: timestamp({ withTimezone: true }),
    doneAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    lastReport: text(),
    overdueNotified: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('response_task_response_idx').on(t.responseId),
    index('response_task_department_idx').on(t.departmentOrgId, t.status),
    // Raising a level never duplicates an open task of the same action.
    uniqueIndex('response_task_open_uq')
      .on(t.responseId, t.actionId)
      .where(sql`${t.status} <> 'cancelled'`),
  ],
);
export type TaskRow = typeof responseTasks.$inferSelect;

/** Command log (指挥日志): what was decided and reported during a response. */
export const commandLog = pgTable(
  'command_log',
  {
    id: uuid().primaryKey().defaultRandom(),
    responseId: uuid()
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull(),
    kind: text().notNull(),
    text: text().notNull(),
    taskId: uuid(),
    actorId: uuid(),
    actorName: text(),
  },
  (t) => [index('command_log_response_idx').on(t.responseId, t.at)],
);

export interface StoredFollowUp {
  action: string;
  owner: string;
  dueDate: string;
  done: boolean;
}

/** Drill records (演练记录). */
export const drills = pgTable(
  'drill',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    divisionCode: text().notNull(),
    planIds: uuid().array().notNull(),
    date: date({ mode: 'string' }).notNull(),
    kind: text().notNull(),
    doubleBlind: boolean().notNull().default(false),
    title: text(),
    participants: integer(),
    evaluation: text(),
    score: integer(),
    problems: jsonb().$type<string[]>().notNull().default([]),
    followUps: jsonb().$type<StoredFollowUp[]>().notNull().default([]),
    scheduleId: uuid(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('drill_org_date_idx').on(t.orgId, t.date),
    index('drill_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
  ],
);

/** The year's drill plan of an organisation (年度应急演练计划). */
export const drillSchedules = pgTable(
  'drill_schedule',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    divisionCode: text().notNull(),
    plannedDate: date({ mode: 'string' }).notNull(),
    planIds: uuid().array().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('drill_schedule_org_idx').on(t.orgId, t.plannedDate)],
);

/** Reminders sent, so each due date is reminded once. */
export const drillReminders = pgTable('drill_reminder', {
  key: text().primaryKey(),
  sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
