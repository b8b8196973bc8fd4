import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Rescue teams (应急救援队伍). */
export const teams = pgTable(
  'team',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: text().notNull(),
    capabilities: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    headcount: integer().notNull().default(0),
    divisionCode: text().notNull(),
    orgId: uuid(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    status: text().notNull().default('available'),
    contactName: text(),
    contactPhone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('team_division_idx').on(sql`${t.divisionCode} text_pattern_ops`)],
);

/** Reserve warehouses and points (储备库/点) at city, county and town level. */
export const warehouses = pgTable(
  'warehouse',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    level: text().notNull(),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    reserveMode: text().notNull(),
    managerName: text(),
    managerPhone: text(),
    capacityM3: doublePrecision(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('warehouse_division_idx').on(sql`${t.divisionCode} text_pattern_ops`)],
);

/** The supplies catalogue (物资目录). */
export const supplyItems = pgTable('supply_item', {
  code: text().primaryKey(),
  name: text().notNull(),
  unit: text().notNull(),
  category: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Stock per warehouse, item and batch, derived from the ledger and updated in
 * the movement's transaction. The CHECK is the last line of defence: stock can
 * never go below zero, whatever the concurrency.
 */
export const supplyBalances = pgTable(
  'supply_balance',
  {
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id),
    itemCode: text()
      .notNull()
      .references(() => supplyItems.code),
    batch: text().notNull().default(''),
    expiresOn: timestamp({ withTimezone: true }),
    quantity: numeric({ precision: 16, scale: 3, mode: 'number' }).notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'supply_balance_pk', columns: [t.warehouseId, t.itemCode, t.batch] }),
    check('supply_balance_non_negative', sql`${t.quantity} >= 0`),
    index('supply_balance_item_idx').on(t.itemCode),
  ],
);

/** The ledger: every movement of stock, append-only. */
export const supplyMovements = pgTable(
  'supply_movement',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    itemCode: text()
      .notNull()
      .references(() => supplyItems.code),
    quantity: numeric({ precision: 16, scale: 3, mode: 'number' }).notNull(),
    batch: text().notNull().default(''),
    fromWarehouseId: uuid(),
    toWarehouseId: uuid(),
    incidentId: uuid(),
    toOrgId: uuid(),
    /** The allocation request (调拨申请) this movement fulfils, if any. */
    requestId: uuid(),
    reason: text(),
    /** Transfers are in transit until the receiving warehouse confirms. */
    status: text().notNull().default('done'),
    actorId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('supply_movement_positive', sql`${t.quantity} > 0`),
    index('supply_movement_request_idx').on(t.requestId),
    index('supply_movement_item_idx').on(t.itemCode, t.createdAt),
  ],
);

/**
 * Allocation requests (调拨申请): a county asks for items for an incident; a
 * higher level approves all or part from chosen warehouses, which sends the
 * transfers in the same transaction; the requester confirms receipt.
 */
export const supplyRequests = pgTable(
  'supply_request',
  {
    id: uuid().primaryKey().defaultRandom(),
    requesterOrgId: uuid().notNull(),
    divisionCode: text().notNull(),
    toWarehouseId: uuid()
      .notNull()
      .references(() => warehouses.id),
    incidentId: uuid(),
    lines: jsonb().$type<{ itemCode: string; quantity: number }[]>().notNull(),
    reason: text(),
    status: text().notNull().default('pending'),
    approvedLines: jsonb().$type<{ itemCode: string; quantity: number; fromWarehouseId: string }[]>(),
    decidedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    requestedBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('supply_request_division_idx').on(sql`${t.divisionCode} text_pattern_ops`, t.status)],
);

/** Emergency shelters (应急避难场所). */
export const shelters = pgTable(
  'shelter',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** indoor / outdoor */
    setting: text().notNull(),
    /** 紧急 emergency / 固定 fixed / 中心 central */
    grade: text().notNull(),
    effectiveAreaM2: doublePrecision().notNull(),
    capacity: integer().notNull(),
    facilities: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    polygon: jsonb(),
    status: text().notNull().default('available'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('shelter_division_idx').on(sql`${t.divisionCode} text_pattern_ops`)],
);

/** Equipment (装备) with its maintenance due date. */
export const equipment = pgTable(
  'equipment',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    type: text().notNull(),
    quantity: integer().notNull().default(1),
    ownerTeamId: uuid(),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    maintenanceDueOn: timestamp({ withTimezone: true }),
    status: text().notNull().default('ready'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('equipment_division_idx').on(sql`${t.divisionCode} text_pattern_ops`)],
);

/** The experts pool (专家库). */
export const experts = pgTable(
  'expert',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    fields: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    organization: text(),
    phone: text(),
    divisionCode: text().notNull(),
    lon: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    availability: text().notNull().default('available'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('expert_division_idx').on(sql`${t.divisionCode} text_pattern_ops`)],
);

/** Figures an administrator enters per division for readiness ratios (常住人口 etc.). */
export const divisionFigures = pgTable('division_figure', {
  divisionCode: text().primaryKey(),
  population: integer().notNull(),
  year: integer().notNull(),
  source: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
