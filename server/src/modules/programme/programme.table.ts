import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
import type {
  EvaluationKind,
  IndicatorDirection,
  IndicatorFormula,
  ProgrammeItemKind,
  ProgrammeStatus,
  ReportingCycle,
} from '@yingji/contracts';
import { organizations } from '../org/index.js';

export interface StoredObjective {
  number: string;
  title: string;
  text: string;
  leadUnits: string[];
  responsibleUnits: string[];
}

/** An implementation programme (规划实施方案) that breaks a five-year plan into indicators, tasks and projects. */
export const programmes = pgTable(
  'programme',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    issuer: text().notNull(),
    documentNumber: text(),
    issuedOn: date({ mode: 'string' }),
    divisionCode: text().notNull(),
    periodStart: integer().notNull(),
    periodEnd: integer().notNull(),
    baselineYear: integer().notNull(),
    status: text().$type<ProgrammeStatus>().notNull().default('active'),
    reportingCycle: text().$type<ReportingCycle>().notNull().default('quarterly'),
    reportDueDays: integer().notNull().default(10),
    reminderDaysBefore: integer().notNull().default(5),
    summary: text().notNull().default(''),
    /** 分项目标 as text: [{number, title, text, leadUnits, responsibleUnits}] (unit names as written). */
    objectives: jsonb().$type<StoredObjective[]>().notNull().default([]),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('programme_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
    uniqueIndex('programme_document_uq').on(t.divisionCode, t.documentNumber),
  ],
);
export type ProgrammeRow = typeof programmes.$inferSelect;

/** A unit the programme names (牵头 / 按职责分工负责); orgId when it is an organisation of the platform. */
export const programmeUnits = pgTable(
  'programme_unit',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    orgId: uuid().references(() => organizations.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('programme_unit_name_uq').on(t.programmeId, t.name), index('programme_unit_org_idx').on(t.orgId)],
);
export type ProgrammeUnitRow = typeof programmeUnits.$inferSelect;

/** Indicators (核心指标, 分项目标) with baseline, target and the formula over named statistics. */
export const programmeIndicators = pgTable(
  'programme_indicator',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    code: text(),
    category: text({ enum: ['core', 'sub'] })
      .notNull()
      .default('core'),
    name: text().notNull(),
    unit: text().notNull().default(''),
    kind: text({ enum: ['expected', 'binding'] })
      .notNull()
      .default('expected'),
    direction: text().$type<IndicatorDirection>().notNull(),
    baselineValue: doublePrecision(),
    baselineYear: integer().notNull(),
    targetYear: integer().notNull(),
    targetValue: doublePrecision(),
    targetRelativePercent: doublePrecision(),
    boundInclusive: boolean().notNull().default(false),
    targetText: text().notNull().default(''),
    formula: jsonb().$type<IndicatorFormula>().notNull(),
    leadUnitIds: uuid().array().notNull(),
    responsibleUnitIds: uuid().array().notNull(),
    note: text(),
  },
  (t) => [index('programme_indicator_programme_idx').on(t.programmeId, t.position)],
);
export type IndicatorRow = typeof programmeIndicators.$inferSelect;

export interface StoredMilestone {
  title: string;
  due?: string | undefined;
  done: boolean;
}

/** Key tasks (重点任务), key projects (重点工程) and campaign areas (专项整治). */
export const programmeTasks = pgTable(
  'programme_task',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: text().$type<ProgrammeItemKind>().notNull().default('task'),
    number: text().notNull(),
    section: text().notNull().default(''),
    title: text().notNull(),
    text: text().notNull().default(''),
    year: integer(),
    deadline: date({ mode: 'string' }),
    leadUnitIds: uuid().array().notNull(),
    responsibleUnitIds: uuid().array().notNull(),
    milestones: jsonb().$type<StoredMilestone[]>().notNull().default([]),
    /** Kept by every report under the task's row lock: the lowest latest % of the lead units. */
    percentComplete: integer().notNull().default(0),
    completedAt: timestamp({ withTimezone: true }),
    lastReportAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('programme_task_number_uq').on(t.programmeId, t.kind, t.number),
    index('programme_task_programme_idx').on(t.programmeId, t.kind, t.position),
  ],
);
export type ProgrammeTaskRow = typeof programmeTasks.$inferSelect;

export interface StoredEvidence {
  name: string;
  url?: string | undefined;
}

/** A unit's progress report on a task for one period (进展报送). */
export const programmeReports = pgTable(
  'programme_report',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    taskId: uuid()
      .notNull()
      .references(() => programmeTasks.id, { onDelete: 'cascade' }),
    unitId: uuid()
      .notNull()
      .references(() => programmeUnits.id, { onDelete: 'cascade' }),
    period: text().notNull(),
    text: text().notNull(),
    percentComplete: integer().notNull(),
    evidence: jsonb().$type<StoredEvidence[]>().notNull().default([]),
    problems: text().notNull().default(''),
    nextSteps: text().notNull().default(''),
    late: boolean().notNull().default(false),
    reportedBy: uuid(),
    reportedByName: text(),
    reportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('programme_report_task_idx').on(t.taskId, t.unitId, t.reportedAt),
    index('programme_report_period_idx').on(t.programmeId, t.period),
  ],
);
export type ProgressReportRow = typeof programmeReports.$inferSelect;

/** Manual statistics per year and division (统计数据), with their source and who entered them. */
export const programmeStatistics = pgTable(
  'programme_statistic',
  {
    id: uuid().primaryKey().defaultRandom(),
    statistic: text().notNull(),
    year: integer().notNull(),
    divisionCode: text().notNull(),
    value: doublePrecision().notNull(),
    source: text().notNull(),
    note: text(),
    enteredBy: uuid(),
    enteredByName: text(),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('programme_statistic_uq').on(t.statistic, t.year, t.divisionCode)],
);
export type StatisticRow = typeof programmeStatistics.$inferSelect;

/** Annual monitoring, mid-term and final evaluations: a snapshot and the editable conclusions. */
export const programmeEvaluations = pgTable(
  'programme_evaluation',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    kind: text().$type<EvaluationKind>().notNull(),
    year: integer().notNull(),
    conclusions: text().notNull().default(''),
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    createdBy: uuid(),
    createdByName: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('programme_evaluation_programme_idx').on(t.programmeId, t.createdAt)],
);
export type EvaluationRow = typeof programmeEvaluations.$inferSelect;

/** Reminders sent, so each unit is reminded once per period. */
export const programmeReminders = pgTable('programme_reminder', {
  key: text().primaryKey(),
  sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
