import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { OrgKind, Role } from '@yingji/contracts';

export const organizations = pgTable(
  'organization',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: text().$type<OrgKind>().notNull(),
    divisionCode: text().notNull(),
    parentId: uuid(),
    highRisk: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'organization_parent_fk' }),
    index('organization_division_code_idx').on(t.divisionCode),
    uniqueIndex('organization_division_name_uq').on(t.divisionCode, t.name),
  ],
);

export const users = pgTable(
  'app_user',
  {
    id: uuid().primaryKey().defaultRandom(),
    username: text().notNull(),
    passwordHash: text().notNull(),
    displayName: text().notNull(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    roles: text()
      .array()
      .$type<Role[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    isActive: boolean().notNull().default(true),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('app_user_username_uq').on(sql`lower(${t.username})`), index('app_user_org_idx').on(t.orgId)],
);
