import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DeliveryChannel, DeliveryStatus, SubscriberChannel, SubscriberKind } from '@yingji/contracts';
import { warningMessages, warnings } from './warnings.table.js';

/** Someone (a person or an organisation) who receives public warnings for a place. */
export const subscribers = pgTable(
  'subscriber',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().$type<SubscriberKind>().notNull(),
    name: text().notNull(),
    phone: text(),
    email: text(),
    lon: doublePrecision(),
    lat: doublePrecision(),
    divisionCode: text(),
    /** The division that manages the subscriber: its division, or its creator's when it has only a location. */
    scopeCode: text().notNull(),
    /** In order of preference. */
    channels: text().array().$type<SubscriberChannel[]>().notNull(),
    language: text().$type<'zh-CN' | 'en-US'>().notNull().default('zh-CN'),
    webhookUrl: text(),
    webhookSecret: text(),
    active: boolean().notNull().default(true),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Removed subscribers stay, so the deliveries made to them keep their recipient. */
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // The bounding-box prefilter of polygon targeting: a range on lon, then lat.
    index('subscriber_location_idx').on(t.lon, t.lat),
    index('subscriber_division_idx').on(sql`${t.divisionCode} text_pattern_ops`),
    index('subscriber_scope_idx').on(sql`${t.scopeCode} text_pattern_ops`),
    index('subscriber_created_idx').on(sql`${t.createdAt} DESC`),
  ],
);
export type SubscriberRow = typeof subscribers.$inferSelect;

/**
 * One delivery of one CAP message to one subscriber on one channel: unique, so nothing goes out twice.
 * A fan-out table (a warning over a city can queue hundreds of thousands of rows in one statement), so
 * it has a sequential key and no foreign keys: its warning, message and subscriber are read in the same
 * transaction that writes it, and none of them is ever deleted (subscribers are soft-deleted). Per-row
 * foreign-key checks were more than half of the enqueue time at a million subscribers.
 */
export const warningDeliveries = pgTable(
  'warning_delivery',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    warningId: uuid().notNull(),
    messageId: uuid().notNull(),
    subscriberId: uuid().notNull(),
    channel: text().$type<DeliveryChannel>().notNull(),
    status: text().$type<DeliveryStatus>().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** The channel that could not reach the subscriber before this one. */
    fallbackFrom: text().$type<DeliveryChannel>(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    /** Leased by a worker until then; a lease that runs out (the instance died) makes the delivery due again. */
    lockedUntil: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    providerRef: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('warning_delivery_uq').on(t.messageId, t.subscriberId, t.channel),
    index('warning_delivery_due_idx')
      .on(t.channel, t.nextAttemptAt)
      .where(sql`${t.status} = 'queued'`),
    index('warning_delivery_warning_idx').on(t.warningId, t.channel, t.status),
  ],
);
export type WarningDeliveryRow = typeof warningDeliveries.$inferSelect;

/** Targeting of one sent CAP message: done once (the job's key and this primary key). */
export const warningDispatches = pgTable('warning_dispatch', {
  messageId: uuid()
    .primaryKey()
    .references(() => warningMessages.id, { onDelete: 'cascade' }),
  warningId: uuid()
    .notNull()
    .references(() => warnings.id, { onDelete: 'cascade' }),
  /** Subscribers selected. */
  selected: integer().notNull(),
  /** Signed-in users notified in the platform. */
  inapp: integer().notNull(),
  dispatchedAt: timestamp({ withTimezone: true }).notNull(),
});
