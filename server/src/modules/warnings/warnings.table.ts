import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { HazardType, WarningPolygon, WarningStatus } from '@yingji/contracts';

export interface StoredSource {
  sender: string;
  identifier: string;
  sent: string;
  msgType: string;
  references: string | null;
}

/** A public warning (预警信息) and where it is in its workflow. */
export const warnings = pgTable(
  'warning',
  {
    id: uuid().primaryKey().defaultRandom(),
    hazardType: text().$type<HazardType>().notNull(),
    /** 1 = 一级红色 (highest) … 4 = 四级蓝色. */
    level: integer().notNull(),
    /** Stored status; published/updated past `expires` read as expired until the expiry job stores it. */
    status: text().$type<WarningStatus>().notNull().default('draft'),
    language: text().notNull().default('zh-CN'),
    event: text().notNull(),
    headline: text().notNull(),
    description: text().notNull(),
    instruction: text().notNull().default(''),
    headlineEn: text(),
    descriptionEn: text(),
    instructionEn: text(),
    areaDesc: text().notNull(),
    divisionCodes: text().array().notNull(),
    polygon: jsonb().$type<WarningPolygon>(),
    onset: timestamp({ withTimezone: true }).notNull(),
    expires: timestamp({ withTimezone: true }).notNull(),
    /** The issuing organisation's division: the scope drafts are visible in. */
    divisionCode: text().notNull(),
    orgId: uuid(),
    orgName: text(),
    createdBy: uuid(),
    submittedBy: uuid(),
    approvedBy: uuid(),
    publishedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    /** The upstream message a warning was imported from. */
    source: jsonb().$type<StoredSource>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('warning_status_idx').on(t.status, t.expires),
    index('warning_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
    index('warning_created_idx').on(sql`${t.createdAt} DESC`),
  ],
);
export type WarningRow = typeof warnings.$inferSelect;

/** One CAP 1.2 message per row: those sent (Alert, Update, Cancel) and the upstream one a warning came from. */
export const warningMessages = pgTable(
  'warning_message',
  {
    id: uuid().primaryKey().defaultRandom(),
    warningId: uuid()
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    /** Order of the warning's messages, from 1. */
    seq: integer().notNull(),
    direction: text({ enum: ['out', 'in'] }).notNull(),
    identifier: text().notNull(),
    sender: text().notNull(),
    /** As written in the message (CAP date-time with offset). */
    sent: text().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
    msgType: text().notNull(),
    references: text(),
    xml: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('warning_message_seq_uq').on(t.warningId, t.seq),
    uniqueIndex('warning_message_out_uq')
      .on(t.sender, t.identifier)
      .where(sql`${t.direction} = 'out'`),
  ],
);
export type WarningMessageRow = typeof warningMessages.$inferSelect;
