import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type {
  AssessmentMethod,
  AttachmentContentType,
  ControlLevel,
  ControlMeasures,
  HazardCategory,
  HazardLevel,
  HazardSource,
  HazardState,
  RectificationPlan,
  RiskLevel,
  VulnerableTargetKind,
} from '@yingji/contracts';
import { organizations, users } from '../org/index.js';

export interface StoredSubstance {
  name: string;
  cas?: string | undefined;
  quantityTonnes: number;
  thresholdTonnes: number;
}
export interface StoredResponsible {
  role: 'principal' | 'technical' | 'operational';
  name: string;
  phone?: string | undefined;
}

/** Risk points (风险点) with their current grade (from the latest assessment). */
export const riskPoints = pgTable(
  'risk_point',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    divisionCode: text().notNull(),
    lon: doublePrecision(),
    lat: doublePrecision(),
    address: text(),
    type: text(),
    description: text(),
    possibleHarms: jsonb().$type<string[]>().notNull().default([]),
    controlMeasures: jsonb().$type<ControlMeasures>().notNull().default({}),
    method: text().$type<AssessmentMethod>().notNull(),
    score: doublePrecision().notNull(),
    level: text().$type<RiskLevel>().notNull(),
    controlLevel: text().$type<ControlLevel>().notNull(),
    /** The control level was set by hand and does not follow the level. */
    controlLevelSet: boolean().notNull().default(false),
    responsiblePerson: text(),
    assessedAt: timestamp({ withTimezone: true }).notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('risk_point_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
    index('risk_point_org_idx').on(t.orgId),
    index('risk_point_level_idx').on(t.level),
  ],
);
export type RiskPointRow = typeof riskPoints.$inferSelect;

/** Every assessment of a risk point (re-assessment history). */
export const riskAssessments = pgTable(
  'risk_assessment',
  {
    id: uuid().primaryKey().defaultRandom(),
    riskPointId: uuid()
      .notNull()
      .references(() => riskPoints.id, { onDelete: 'cascade' }),
    method: text().$type<AssessmentMethod>().notNull(),
    inputs: jsonb().$type<Record<string, number>>().notNull(),
    score: doublePrecision().notNull(),
    level: text().$type<RiskLevel>().notNull(),
    assessedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    assessedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    note: text(),
  },
  (t) => [index('risk_assessment_point_idx').on(t.riskPointId, t.assessedAt)],
);
export type RiskAssessmentRow = typeof riskAssessments.$inferSelect;

/** Major hazard sources (重大危险源). */
export const majorHazardSources = pgTable(
  'major_hazard_source',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    address: text(),
    substances: jsonb().$type<StoredSubstance[]>().notNull().default([]),
    ratio: doublePrecision().notNull(),
    grade: integer().notNull(),
    radiusMeters: integer().notNull().default(1000),
    sensorCodes: jsonb().$type<string[]>().notNull().default([]),
    responsiblePersons: jsonb().$type<StoredResponsible[]>().notNull().default([]),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('major_hazard_source_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
    index('major_hazard_source_org_idx').on(t.orgId),
  ],
);
export type MajorHazardSourceRow = typeof majorHazardSources.$inferSelect;

/** Vulnerable targets (脆弱性目标): schools, hospitals, elderly homes, crowded places. */
export const vulnerableTargets = pgTable(
  'vulnerable_target',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: text().$type<VulnerableTargetKind>().notNull(),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    address: text(),
    population: integer(),
    contact: text(),
    phone: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('vulnerable_target_division_idx').on(sql`${t.divisionCode} text_pattern_ops`)],
);
export type VulnerableTargetRow = typeof vulnerableTargets.$inferSelect;

/** Hazards (隐患) and where they stand in the workflow. */
export const hazards = pgTable(
  'hazard',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    divisionCode: text().notNull(),
    riskPointId: uuid().references(() => riskPoints.id, { onDelete: 'set null' }),
    source: text().$type<HazardSource>().notNull(),
    level: text().$type<HazardLevel>().notNull(),
    category: text().$type<HazardCategory>().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    lon: doublePrecision(),
    lat: doublePrecision(),
    address: text(),
    status: text().$type<HazardState>().notNull().default('reported'),
    responsiblePerson: text(),
    responsiblePhone: text(),
    deadline: timestamp({ withTimezone: true }),
    costYuan: doublePrecision(),
    plan: jsonb().$type<RectificationPlan>(),
    reportedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    /** The overdue event was raised (once). */
    overdueNotified: boolean().notNull().default(false),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The county's supervision list: open hazards of a division tree by deadline.
    index('hazard_open_deadline_idx')
      .on(sql`${t.divisionCode} text_pattern_ops`, t.deadline)
      .where(sql`${t.status} NOT IN ('closed', 'written_off')`),
    // The same list in deadline order: a page of the overdue list reads a few index entries, not the whole county.
    index('hazard_open_by_deadline_idx')
      .on(t.deadline, sql`${t.divisionCode} text_pattern_ops`)
      .where(sql`${t.status} NOT IN ('closed', 'written_off')`),
    // Open major hazards (挂牌督办) of a division tree.
    index('hazard_open_major_idx')
      .on(sql`${t.divisionCode} text_pattern_ops`, t.deadline)
      .where(sql`${t.level} = 'major' AND ${t.status} <> 'written_off'`),
    index('hazard_division_reported_idx').on(sql`${t.divisionCode} text_pattern_ops`, sql`${t.reportedAt} DESC`),
    index('hazard_org_reported_idx').on(t.orgId, sql`${t.reportedAt} DESC`),
    index('hazard_risk_point_idx').on(t.riskPointId),
  ],
);
export type HazardRow = typeof hazards.$inferSelect;

/** Every move of a hazard: who, when, from what to what, with a note and photos. */
export const hazardTransitions = pgTable(
  'hazard_transition',
  {
    id: uuid().primaryKey().defaultRandom(),
    hazardId: uuid()
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    fromStatus: text().$type<HazardState>(),
    toStatus: text().$type<HazardState>().notNull(),
    actorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    actorName: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    note: text(),
  },
  (t) => [index('hazard_transition_hazard_idx').on(t.hazardId, t.at)],
);
export type HazardTransitionRow = typeof hazardTransitions.$inferSelect;

/** Uploaded files (photos, PDFs): stored on disk, attached to a hazard (and one of its transitions) once. */
export const attachments = pgTable(
  'attachment',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    size: integer().notNull(),
    contentType: text().$type<AttachmentContentType>().notNull(),
    sha256: text().notNull(),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    hazardId: uuid().references(() => hazards.id, { onDelete: 'cascade' }),
    transitionId: uuid().references(() => hazardTransitions.id, { onDelete: 'cascade' }),
  },
  (t) => [index('attachment_hazard_idx').on(t.hazardId), index('attachment_transition_idx').on(t.transitionId)],
);
export type AttachmentRow = typeof attachments.$inferSelect;
