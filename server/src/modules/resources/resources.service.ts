import { and, asc, count, eq, gte, ilike, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { isInScope, scopePrefix } from '../../platform/scope.rules.js';
import { transact, type TxScope } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, escapeLike, inScope } from '../divisions/index.js';
import { incidents } from '../incidents/index.js';
import {
  checkMovement,
  initialStatus,
  movementEffects,
  receiptEffects,
  type Effect,
  type MovementKind,
} from './ledger.rules.js';
import {
  divisionFigures,
  equipment,
  experts,
  shelters,
  supplyBalances,
  supplyItems,
  supplyMovements,
  teams,
  warehouses,
} from './resources.table.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

// ---------------- teams ----------------
type TeamRow = typeof teams.$inferSelect;
function toTeam(r: TeamRow) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as 'fire_rescue',
    capabilities: r.capabilities,
    headcount: r.headcount,
    divisionCode: r.divisionCode,
    location: { lon: r.lon, lat: r.lat },
    status: r.status as 'available',
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export interface TeamInput {
  name: string;
  kind: string;
  capabilities: string[];
  headcount: number;
  divisionCode: string;
  location: { lon: number; lat: number };
  status: string;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
}

/** The row a new team is stored as (the create endpoint and the Excel import). */
export function teamValues(input: TeamInput): typeof teams.$inferInsert {
  return {
    name: input.name,
    kind: input.kind,
    capabilities: [...new Set(input.capabilities)],
    headcount: input.headcount,
    divisionCode: input.divisionCode,
    lon: input.location.lon,
    lat: input.location.lat,
    status: input.status,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
  };
}

export async function createTeam(deps: Deps, ctx: RequestContext, input: TeamInput) {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    const [row] = await tx.insert(teams).values(teamValues(input)).returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'team.create', entity: 'team', entityId: row.id, after: row });
    emit({ type: 'team.created', divisionCode: row.divisionCode, entity: 'team', entityId: row.id });
    return toTeam(row);
  });
}

export async function updateTeam(deps: Deps, ctx: RequestContext, id: string, patch: Partial<TeamInput>) {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(teams).where(eq(teams.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('TEAM_NOT_FOUND');
    if (patch.divisionCode) await assertDivisionInScope(tx, actor, patch.divisionCode);
    const set: Partial<typeof teams.$inferInsert> = { updatedAt: deps.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.capabilities !== undefined) set.capabilities = [...new Set(patch.capabilities)];
    if (patch.headcount !== undefined) set.headcount = patch.headcount;
    if (patch.divisionCode !== undefined) set.divisionCode = patch.divisionCode;
    if (patch.location !== undefined) Object.assign(set, { lon: patch.location.lon, lat: patch.location.lat });
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.contactName !== undefined) set.contactName = patch.contactName;
    if (patch.contactPhone !== undefined) set.contactPhone = patch.contactPhone;
    const [after] = await tx.update(teams).set(set).where(eq(teams.id, id)).returning();
    if (!after) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, { action: 'team.update', entity: 'team', entityId: id, before, after });
    emit({ type: 'team.updated', divisionCode: after.divisionCode, entity: 'team', entityId: id });
    return toTeam(after);
  });
}

export async function listTeams(
  deps: Deps,
  ctx: RequestContext,
  f: {
    kind?: string | undefined;
    capability?: string | undefined;
    status?: string | undefined;
    divisionCode?: string | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(teams.divisionCode, actor.divisionCode)];
  if (f.kind) conds.push(eq(teams.kind, f.kind));
  if (f.status) conds.push(eq(teams.status, f.status));
  if (f.capability) conds.push(sql`${teams.capabilities} @> ARRAY[${f.capability}]::text[]`);
  if (f.divisionCode) conds.push(inScope(teams.divisionCode, f.divisionCode));
  if (f.q) conds.push(ilike(teams.name, `%${escapeLike(f.q)}%`));
  const where = and(...conds);
  const [rows, totals] = await Promise.all([
    deps.database.db
      .select()
      .from(teams)
      .where(where)
      .orderBy(asc(teams.divisionCode), asc(teams.name))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    deps.database.db.select({ n: count() }).from(teams).where(where),
  ]);
  return { items: rows.map(toTeam), total: totals[0]?.n ?? 0 };
}

// ---------------- warehouses ----------------
type WarehouseRow = typeof warehouses.$inferSelect;
function toWarehouse(r: WarehouseRow) {
  return {
    id: r.id,
    name: r.name,
    level: r.level as 'city',
    divisionCode: r.divisionCode,
    location: { lon: r.lon, lat: r.lat },
    reserveMode: r.reserveMode as 'government',
    managerName: r.managerName,
    managerPhone: r.managerPhone,
    capacityM3: r.capacityM3,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export interface WarehouseInput {
  name: string;
  level: string;
  divisionCode: string;
  location: { lon: number; lat: number };
  reserveMode: string;
  managerName?: string | undefined;
  managerPhone?: string | undefined;
  capacityM3?: number | undefined;
}

/** The row a new warehouse is stored as (the create endpoint and the Excel import). */
export function warehouseValues(input: WarehouseInput): typeof warehouses.$inferInsert {
  return {
    name: input.name,
    level: input.level,
    divisionCode: input.divisionCode,
    lon: input.location.lon,
    lat: input.location.lat,
    reserveMode: input.reserveMode,
    managerName: input.managerName ?? null,
    managerPhone: input.managerPhone ?? null,
    capacityM3: input.capacityM3 ?? null,
  };
}

export async function createWarehouse(deps: Deps, ctx: RequestContext, input: WarehouseInput) {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    const [row] = await tx.insert(warehouses).values(warehouseValues(input)).returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'warehouse.create', entity: 'warehouse', entityId: row.id, after: row });
    emit({ type: 'warehouse.created', divisionCode: row.divisionCode, entity: 'warehouse', entityId: row.id });
    return toWarehouse(row);
  });
}

export async function updateWarehouse(deps: Deps, ctx: RequestContext, id: string, patch: Partial<WarehouseInput>) {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx }) => {
    const [before] = await tx.select().from(warehouses).where(eq(warehouses.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('WAREHOUSE_NOT_FOUND');
    if (patch.divisionCode) await assertDivisionInScope(tx, actor, patch.divisionCode);
    const set: Partial<typeof warehouses.$inferInsert> = { updatedAt: deps.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.level !== undefined) set.level = patch.level;
    if (patch.divisionCode !== undefined) set.divisionCode = patch.divisionCode;
    if (patch.location !== undefined) Object.assign(set, { lon: patch.location.lon, lat: patch.location.lat });
    if (patch.reserveMode !== undefined) set.reserveMode = patch.reserveMode;
    if (patch.managerName !== undefined) set.managerName = patch.managerName;
    if (patch.managerPhone !== undefined) set.managerPhone = patch.managerPhone;
    if (patch.capacityM3 !== undefined) set.capacityM3 = patch.capacityM3;
    const [after] = await tx.update(warehouses).set(set).where(eq(warehouses.id, id)).returning();
    if (!after) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, { action: 'warehouse.update', entity: 'warehouse', entityId: id, before, after });
    return toWarehouse(after);
  });
}

export async function listWarehouses(
  deps: Deps,
  ctx: RequestContext,
  f: {
    level?: string | undefined;
    divisionCode?: string | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(warehouses.divisionCode, actor.divisionCode)];
  if (f.level) conds.push(eq(warehouses.level, f.level));
  if (f.divisionCode) conds.push(inScope(warehouses.divisionCode, f.divisionCode));
  if (f.q) conds.push(ilike(warehouses.name, `%${escapeLike(f.q)}%`));
  const where = and(...conds);
  const [rows, totals] = await Promise.all([
    deps.database.db
      .select()
      .from(warehouses)
      .where(where)
      .orderBy(asc(warehouses.divisionCode), asc(warehouses.name))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    deps.database.db.select({ n: count() }).from(warehouses).where(where),
  ]);
  return { items: rows.map(toWarehouse), total: totals[0]?.n ?? 0 };
}

// ---------------- catalogue ----------------
export async function createSupplyItem(
  deps: Deps,
  ctx: RequestContext,
  input: { code: string; name: string; unit: string; category: string },
) {
  try {
    return await transact(deps.database, deps.bus, async ({ tx }) => {
      const [row] = await tx.insert(supplyItems).values(input).returning();
      if (!row) throw new Error('insert returned nothing');
      await recordAudit(tx, ctx, {
        action: 'supply_item.create',
        entity: 'supply_item',
        entityId: row.code,
        after: row,
      });
      return { code: row.code, name: row.name, unit: row.unit, category: row.category };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('SUPPLY_ITEM_CODE_TAKEN', { code: input.code });
    throw err;
  }
}

export async function listSupplyItems(
  deps: Deps,
  f: { category?: string | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const conds: SQL[] = [];
  if (f.category) conds.push(eq(supplyItems.category, f.category));
  if (f.q) {
    const p = `%${escapeLike(f.q)}%`;
    const c = or(ilike(supplyItems.name, p), ilike(supplyItems.code, p));
    if (c) conds.push(c);
  }
  const where = conds.length ? and(...conds) : undefined;
  const [rows, totals] = await Promise.all([
    deps.database.db
      .select()
      .from(supplyItems)
      .where(where)
      .orderBy(asc(supplyItems.code))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    deps.database.db.select({ n: count() }).from(supplyItems).where(where),
  ]);
  return {
    items: rows.map((r) => ({ code: r.code, name: r.name, unit: r.unit, category: r.category })),
    total: totals[0]?.n ?? 0,
  };
}

// ---------------- ledger ----------------
export interface MovementBody {
  kind: MovementKind;
  itemCode: string;
  quantity: number;
  fromWarehouseId?: string | undefined;
  toWarehouseId?: string | undefined;
  incidentId?: string | undefined;
  toOrgId?: string | undefined;
  batch?: string | undefined;
  expiresOn?: string | undefined;
  reason?: string | undefined;
}

async function warehouseInScope(tx: DbOrTx, actor: Actor, id: string) {
  const [w] = await tx.select().from(warehouses).where(eq(warehouses.id, id));
  if (!w || !isInScope(actor.divisionCode, w.divisionCode))
    throw new AppError('WAREHOUSE_NOT_FOUND', { warehouseId: id });
  return w;
}

/**
 * Applies balance changes. A decrease is one conditional UPDATE (`quantity >= q`)
 * under the row lock it takes, so concurrent issues serialise on the balance
 * row and none can take stock that is not there; the CHECK constraint backs it.
 */
async function applyEffects(
  tx: DbOrTx,
  itemCode: string,
  batch: string,
  effects: Effect[],
  expiresOn: Date | null,
  now: Date,
) {
  for (const e of effects) {
    if (e.delta < 0) {
      const q = -e.delta;
      const updated = await tx
        .update(supplyBalances)
        .set({ quantity: sql`${supplyBalances.quantity} - ${q}`, updatedAt: now })
        .where(
          and(
            eq(supplyBalances.warehouseId, e.warehouseId),
            eq(supplyBalances.itemCode, itemCode),
            eq(supplyBalances.batch, batch),
            gte(supplyBalances.quantity, q),
          ),
        )
        .returning({ quantity: supplyBalances.quantity });
      if (updated.length === 0) {
        const [b] = await tx
          .select({ quantity: supplyBalances.quantity })
          .from(supplyBalances)
          .where(
            and(
              eq(supplyBalances.warehouseId, e.warehouseId),
              eq(supplyBalances.itemCode, itemCode),
              eq(supplyBalances.batch, batch),
            ),
          );
        throw new AppError('insufficient_stock', {
          available: b?.quantity ?? 0,
          requested: q,
          warehouseId: e.warehouseId,
          itemCode,
          batch,
        });
      }
    } else {
      await tx
        .insert(supplyBalances)
        .values({ warehouseId: e.warehouseId, itemCode, batch, quantity: e.delta, expiresOn, updatedAt: now })
        .onConflictDoUpdate({
          target: [supplyBalances.warehouseId, supplyBalances.itemCode, supplyBalances.batch],
          set: { quantity: sql`${supplyBalances.quantity} + ${e.delta}`, updatedAt: now },
        });
    }
  }
}

type MovementRow = typeof supplyMovements.$inferSelect;
function toMovement(r: MovementRow) {
  return {
    id: r.id,
    kind: r.kind as MovementKind,
    itemCode: r.itemCode,
    quantity: r.quantity,
    batch: r.batch,
    fromWarehouseId: r.fromWarehouseId,
    toWarehouseId: r.toWarehouseId,
    incidentId: r.incidentId,
    toOrgId: r.toOrgId,
    reason: r.reason,
    status: r.status as 'done' | 'in_transit',
    createdAt: r.createdAt.toISOString(),
    receivedAt: iso(r.receivedAt),
  };
}

const balanceColumns = {
  warehouseId: supplyBalances.warehouseId,
  warehouseName: warehouses.name,
  divisionCode: warehouses.divisionCode,
  itemCode: supplyBalances.itemCode,
  itemName: supplyItems.name,
  unit: supplyItems.unit,
  batch: supplyBalances.batch,
  expiresOn: supplyBalances.expiresOn,
  quantity: supplyBalances.quantity,
};

async function balancesOf(db: DbOrTx, itemCode: string, batch: string, warehouseIds: string[]) {
  if (!warehouseIds.length) return [];
  const rows = await db
    .select(balanceColumns)
    .from(supplyBalances)
    .leftJoin(warehouses, eq(warehouses.id, supplyBalances.warehouseId))
    .leftJoin(supplyItems, eq(supplyItems.code, supplyBalances.itemCode))
    .where(
      and(
        eq(supplyBalances.itemCode, itemCode),
        eq(supplyBalances.batch, batch),
        sql`${supplyBalances.warehouseId} IN (${sql.join(
          warehouseIds.map((w) => sql`${w}`),
          sql`, `,
        )})`,
      ),
    );
  return rows.map((r) => ({ ...r, expiresOn: iso(r.expiresOn) }));
}

export async function recordMovement(deps: Deps, ctx: RequestContext, input: MovementBody) {
  return transact(deps.database, deps.bus, (scope) => moveInTx(scope, ctx, input, deps.now()));
}

/** One movement inside the caller's transaction: checks, balance changes, ledger row, audit, event. */
export async function moveInTx(
  { tx, emit }: TxScope,
  ctx: RequestContext,
  input: MovementBody & { requestId?: string | undefined },
  now: Date,
) {
  const actor = actorOf(ctx);
  const problems = checkMovement(input);
  if (problems.length) throw new AppError('MOVEMENT_INVALID', { problems });
  const batch = input.batch ?? '';
  const [item] = await tx.select().from(supplyItems).where(eq(supplyItems.code, input.itemCode));
  if (!item) throw new AppError('SUPPLY_ITEM_NOT_FOUND', { itemCode: input.itemCode });
  const from = input.fromWarehouseId ? await warehouseInScope(tx, actor, input.fromWarehouseId) : null;
  const to = input.toWarehouseId ? await warehouseInScope(tx, actor, input.toWarehouseId) : null;
  if (input.incidentId) {
    const [inc] = await tx
      .select({ d: incidents.divisionCode })
      .from(incidents)
      .where(eq(incidents.id, input.incidentId));
    if (!inc || !isInScope(actor.divisionCode, inc.d)) throw new AppError('INCIDENT_NOT_FOUND');
  }
  await applyEffects(
    tx,
    input.itemCode,
    batch,
    movementEffects(input),
    input.expiresOn ? new Date(input.expiresOn) : null,
    now,
  );
  const [row] = await tx
    .insert(supplyMovements)
    .values({
      kind: input.kind,
      itemCode: input.itemCode,
      quantity: input.quantity,
      batch,
      fromWarehouseId: from?.id ?? null,
      toWarehouseId: to?.id ?? null,
      incidentId: input.incidentId ?? null,
      toOrgId: input.toOrgId ?? null,
      requestId: input.requestId ?? null,
      reason: input.reason ?? null,
      status: initialStatus(input.kind),
      actorId: actor.userId,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  const balances = await balancesOf(
    tx,
    input.itemCode,
    batch,
    [from?.id, to?.id].filter((x): x is string => !!x),
  );
  await recordAudit(tx, ctx, {
    action: `supply.${input.kind}`,
    entity: 'supply_movement',
    entityId: row.id,
    after: { movement: row, balances },
  });
  emit({
    type: 'supply.moved',
    divisionCode: (from ?? to)?.divisionCode ?? null,
    entity: 'supply_movement',
    entityId: row.id,
    data: { kind: input.kind, itemCode: input.itemCode, quantity: input.quantity },
  });
  return { movement: toMovement(row), balances };
}

/** The destination confirms a transfer: the stock arrives there. */
export async function receiveTransfer(deps: Deps, ctx: RequestContext, id: string) {
  return transact(deps.database, deps.bus, (scope) => receiveInTx(scope, ctx, id, deps.now()));
}

export async function receiveInTx({ tx, emit }: TxScope, ctx: RequestContext, id: string, now: Date) {
  const actor = actorOf(ctx);
  const [m] = await tx.select().from(supplyMovements).where(eq(supplyMovements.id, id)).for('update');
  if (!m || m.status !== 'in_transit' || !m.toWarehouseId) throw new AppError('MOVEMENT_NOT_FOUND');
  const to = await warehouseInScope(tx, actor, m.toWarehouseId);
  await applyEffects(
    tx,
    m.itemCode,
    m.batch,
    receiptEffects({ toWarehouseId: to.id, quantity: m.quantity }),
    null,
    now,
  );
  const [after] = await tx
    .update(supplyMovements)
    .set({ status: 'done', receivedAt: now })
    .where(eq(supplyMovements.id, id))
    .returning();
  if (!after) throw new Error('update returned nothing');
  const balances = await balancesOf(tx, m.itemCode, m.batch, [to.id]);
  await recordAudit(tx, ctx, {
    action: 'supply.transfer_receive',
    entity: 'supply_movement',
    entityId: id,
    before: m,
    after,
  });
  emit({
    type: 'supply.moved',
    divisionCode: to.divisionCode,
    entity: 'supply_movement',
    entityId: id,
    data: { kind: 'transfer_receive' },
  });
  return { movement: toMovement(after), balances };
}

export async function listStock(
  deps: Deps,
  ctx: RequestContext,
  f: {
    itemCode?: string | undefined;
    warehouseId?: string | undefined;
    divisionCode?: string | undefined;
    expiringWithinDays?: number | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(warehouses.divisionCode, actor.divisionCode)];
  if (f.itemCode) conds.push(eq(supplyBalances.itemCode, f.itemCode));
  if (f.warehouseId) conds.push(eq(supplyBalances.warehouseId, f.warehouseId));
  if (f.divisionCode) conds.push(inScope(warehouses.divisionCode, f.divisionCode));
  if (f.expiringWithinDays !== undefined) {
    conds.push(isNotNull(supplyBalances.expiresOn));
    conds.push(lte(supplyBalances.expiresOn, new Date(deps.now().getTime() + f.expiringWithinDays * 86_400_000)));
  }
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(balanceColumns)
      .from(supplyBalances)
      .innerJoin(warehouses, eq(warehouses.id, supplyBalances.warehouseId))
      .leftJoin(supplyItems, eq(supplyItems.code, supplyBalances.itemCode))
      .where(where)
      .orderBy(
        f.expiringWithinDays !== undefined ? asc(supplyBalances.expiresOn) : asc(warehouses.name),
        asc(supplyBalances.itemCode),
      )
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: count() })
      .from(supplyBalances)
      .innerJoin(warehouses, eq(warehouses.id, supplyBalances.warehouseId))
      .where(where),
  ]);
  return { items: rows.map((r) => ({ ...r, expiresOn: iso(r.expiresOn) })), total: totals[0]?.n ?? 0 };
}

/** Demo data: catalogue, warehouses with opening stock (as ledger receipts), teams — in the seeding transaction. */
export async function seedDemoResources(
  tx: DbOrTx,
  ctx: RequestContext,
  d: {
    items: { code: string; name: string; unit: string; category: string }[];
    warehouses: {
      key: string;
      name: string;
      level: string;
      divisionCode: string;
      lon: number;
      lat: number;
      reserveMode: string;
      managerName: string;
    }[];
    stock: [string, string, number][];
    teams: {
      name: string;
      kind: string;
      capabilities: string[];
      headcount: number;
      divisionCode: string;
      lon: number;
      lat: number;
    }[];
    shelters: (typeof shelters.$inferInsert)[];
    equipment: (Omit<typeof equipment.$inferInsert, 'maintenanceDueOn'> & { dueDays: number })[];
    experts: (typeof experts.$inferInsert)[];
    population: [string, number][];
  },
) {
  const now = Date.now();
  for (const s of d.shelters) {
    const [row] = await tx.insert(shelters).values(s).returning();
    if (row) await recordAudit(tx, ctx, { action: 'shelter.create', entity: 'shelter', entityId: row.id, after: row });
  }
  for (const { dueDays, ...e } of d.equipment) {
    const [row] = await tx
      .insert(equipment)
      .values({ ...e, maintenanceDueOn: new Date(now + dueDays * 86_400_000) })
      .returning();
    if (row)
      await recordAudit(tx, ctx, { action: 'equipment.create', entity: 'equipment', entityId: row.id, after: row });
  }
  for (const x of d.experts) {
    const [row] = await tx.insert(experts).values(x).returning();
    if (row) await recordAudit(tx, ctx, { action: 'expert.create', entity: 'expert', entityId: row.id, after: row });
  }
  for (const [divisionCode, population] of d.population) {
    const values = { divisionCode, population, year: 2025, source: '演示数据' };
    await tx.insert(divisionFigures).values(values);
    await recordAudit(tx, ctx, {
      action: 'division_figure.set',
      entity: 'division',
      entityId: divisionCode,
      after: values,
    });
  }
  await tx.insert(supplyItems).values(d.items);
  const ids = new Map<string, string>();
  for (const w of d.warehouses) {
    const { key, ...values } = w;
    const [row] = await tx.insert(warehouses).values(values).returning();
    if (!row) throw new Error('insert returned nothing');
    ids.set(key, row.id);
    await recordAudit(tx, ctx, { action: 'warehouse.create', entity: 'warehouse', entityId: row.id, after: row });
  }
  for (const [key, itemCode, quantity] of d.stock) {
    const warehouseId = ids.get(key);
    if (!warehouseId) throw new Error(`demo stock: unknown warehouse ${key}`);
    await tx.insert(supplyBalances).values({ warehouseId, itemCode, quantity });
    const [m] = await tx
      .insert(supplyMovements)
      .values({ kind: 'receipt', itemCode, quantity, toWarehouseId: warehouseId, reason: '期初库存' })
      .returning();
    if (m)
      await recordAudit(tx, ctx, { action: 'supply.receipt', entity: 'supply_movement', entityId: m.id, after: m });
  }
  for (const t of d.teams) {
    const [row] = await tx.insert(teams).values(t).returning();
    if (row) await recordAudit(tx, ctx, { action: 'team.create', entity: 'team', entityId: row.id, after: row });
  }
}

/** Movements touching a warehouse in scope, newest first; `status=in_transit` lists transfers waiting for receipt. */
export async function listMovements(
  deps: Deps,
  ctx: RequestContext,
  f: {
    status?: 'done' | 'in_transit' | undefined;
    itemCode?: string | undefined;
    warehouseId?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = actorOf(ctx);
  const inScopeWarehouse = sql`EXISTS (SELECT 1 FROM ${warehouses} w WHERE w.id IN (${supplyMovements.fromWarehouseId}, ${supplyMovements.toWarehouseId}) AND w.division_code LIKE ${`${scopePrefix(actor.divisionCode)}%`})`;
  const conds: SQL[] = [inScopeWarehouse];
  if (f.status) conds.push(eq(supplyMovements.status, f.status));
  if (f.itemCode) conds.push(eq(supplyMovements.itemCode, f.itemCode));
  if (f.warehouseId)
    conds.push(sql`${f.warehouseId} IN (${supplyMovements.fromWarehouseId}, ${supplyMovements.toWarehouseId})`);
  const where = and(...conds);
  const [rows, totals] = await Promise.all([
    deps.database.db
      .select()
      .from(supplyMovements)
      .where(where)
      .orderBy(sql`${supplyMovements.createdAt} DESC`)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    deps.database.db.select({ n: count() }).from(supplyMovements).where(where),
  ]);
  return { items: rows.map(toMovement), total: totals[0]?.n ?? 0 };
}
