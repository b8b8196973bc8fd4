import { and, asc, count, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { READINESS_TARGETS } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, divisions, escapeLike, inScope } from '../divisions/index.js';
import { coverage } from './coverage.service.js';
import { divisionFigures, equipment, experts, shelters, teams } from './resources.table.js';

function scopeFilter(
  actor: Actor,
  col: { divisionCode: PgColumn; name: PgColumn },
  f: { divisionCode?: string | undefined; q?: string | undefined },
) {
  const conds: SQL[] = [inScope(col.divisionCode, actor.divisionCode)];
  if (f.divisionCode) conds.push(inScope(col.divisionCode, f.divisionCode));
  if (f.q) conds.push(ilike(col.name, `%${escapeLike(f.q)}%`));
  return and(...conds);
}

const loc = (r: { lon: number; lat: number }) => ({ lon: r.lon, lat: r.lat });

// ---------------- shelters ----------------
type ShelterRow = typeof shelters.$inferSelect;
const toShelter = (r: ShelterRow) => ({
  id: r.id,
  name: r.name,
  setting: r.setting as 'indoor' | 'outdoor',
  grade: r.grade as 'emergency' | 'fixed' | 'central',
  effectiveAreaM2: r.effectiveAreaM2,
  capacity: r.capacity,
  facilities: r.facilities,
  divisionCode: r.divisionCode,
  location: loc(r),
  status: r.status as 'available' | 'in_use' | 'closed',
});
export interface ShelterInput {
  name: string;
  setting: string;
  grade: string;
  effectiveAreaM2: number;
  capacity: number;
  facilities: string[];
  divisionCode: string;
  location: { lon: number; lat: number };
  status: string;
}
export const shelterValues = (i: Partial<ShelterInput>) => {
  const { location, ...rest } = i;
  return { ...rest, ...(location ? { lon: location.lon, lat: location.lat } : {}) };
};

// ---------------- equipment ----------------
type EquipmentRow = typeof equipment.$inferSelect;
const toEquipment = (now: Date) => (r: EquipmentRow) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  quantity: r.quantity,
  ownerTeamId: r.ownerTeamId,
  divisionCode: r.divisionCode,
  location: loc(r),
  // Stored as 00:00 Beijing time (see equipmentValues), so read back in +08:00 or the day would shift.
  maintenanceDueOn: r.maintenanceDueOn
    ? new Date(r.maintenanceDueOn.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
    : null,
  isMaintenanceOverdue: !!r.maintenanceDueOn && r.maintenanceDueOn < now,
  status: r.status as 'ready' | 'in_use' | 'maintenance' | 'retired',
});
export interface EquipmentInput {
  name: string;
  type: string;
  quantity: number;
  ownerTeamId?: string | undefined;
  divisionCode: string;
  location: { lon: number; lat: number };
  maintenanceDueOn?: string | undefined;
  status: string;
}
export const equipmentValues = (i: Partial<EquipmentInput>) => {
  const { location, maintenanceDueOn, ...rest } = i;
  return {
    ...rest,
    ...(location ? { lon: location.lon, lat: location.lat } : {}),
    ...(maintenanceDueOn !== undefined ? { maintenanceDueOn: new Date(`${maintenanceDueOn}T00:00:00+08:00`) } : {}),
  };
};

// ---------------- experts ----------------
type ExpertRow = typeof experts.$inferSelect;
const toExpert = (r: ExpertRow) => ({
  id: r.id,
  name: r.name,
  fields: r.fields,
  organization: r.organization,
  phone: r.phone,
  divisionCode: r.divisionCode,
  location: loc(r),
  availability: r.availability as 'available' | 'unavailable',
});
export interface ExpertInput {
  name: string;
  fields: string[];
  organization?: string | undefined;
  phone?: string | undefined;
  divisionCode: string;
  location: { lon: number; lat: number };
  availability: string;
}
export const expertValues = (i: Partial<ExpertInput>) => {
  const { location, ...rest } = i;
  return { ...rest, ...(location ? { lon: location.lon, lat: location.lat } : {}) };
};

/**
 * The three plain registries share one shape: create and update within the
 * actor's division scope (audited), and a scoped, searchable, paged list.
 */
function registry<Row extends { id: string; divisionCode: string }, Input extends { divisionCode: string }, Dto>(spec: {
  entity: string;
  notFound: 'SHELTER_NOT_FOUND' | 'EQUIPMENT_NOT_FOUND' | 'EXPERT_NOT_FOUND';
  insert: (tx: DbOrTx, values: Input) => Promise<Row | undefined>;
  update: (tx: DbOrTx, id: string, patch: Partial<Input>, now: Date) => Promise<Row | undefined>;
  lock: (tx: DbOrTx, id: string) => Promise<Row | undefined>;
  page: (deps: Deps, where: SQL | undefined, page: number, pageSize: number) => Promise<{ rows: Row[]; total: number }>;
  where: (actor: Actor, f: { divisionCode?: string | undefined; q?: string | undefined }) => SQL | undefined;
  toDto: (deps: Deps) => (r: Row) => Dto;
}) {
  return {
    async create(deps: Deps, ctx: RequestContext, input: Input): Promise<Dto> {
      const actor = actorOf(ctx);
      return transact(deps.database, deps.bus, async ({ tx, emit }) => {
        await assertDivisionInScope(tx, actor, input.divisionCode);
        const row = await spec.insert(tx, input);
        if (!row) throw new Error('insert returned nothing');
        await recordAudit(tx, ctx, {
          action: `${spec.entity}.create`,
          entity: spec.entity,
          entityId: row.id,
          after: row,
        });
        emit({ type: `${spec.entity}.created`, divisionCode: row.divisionCode, entity: spec.entity, entityId: row.id });
        return spec.toDto(deps)(row);
      });
    },
    async update(deps: Deps, ctx: RequestContext, id: string, patch: Partial<Input>): Promise<Dto> {
      const actor = actorOf(ctx);
      return transact(deps.database, deps.bus, async ({ tx, emit }) => {
        const before = await spec.lock(tx, id);
        if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError(spec.notFound);
        if (patch.divisionCode) await assertDivisionInScope(tx, actor, patch.divisionCode);
        const after = await spec.update(tx, id, patch, deps.now());
        if (!after) throw new Error('update returned nothing');
        await recordAudit(tx, ctx, {
          action: `${spec.entity}.update`,
          entity: spec.entity,
          entityId: id,
          before,
          after,
        });
        emit({ type: `${spec.entity}.updated`, divisionCode: after.divisionCode, entity: spec.entity, entityId: id });
        return spec.toDto(deps)(after);
      });
    },
    async list(
      deps: Deps,
      ctx: RequestContext,
      f: { divisionCode?: string | undefined; q?: string | undefined; page: number; pageSize: number },
    ) {
      const { rows, total } = await spec.page(deps, spec.where(actorOf(ctx), f), f.page, f.pageSize);
      return { items: rows.map(spec.toDto(deps)), total };
    },
  };
}

export const shelterRegistry = registry<ShelterRow, ShelterInput, ReturnType<typeof toShelter>>({
  entity: 'shelter',
  notFound: 'SHELTER_NOT_FOUND',
  insert: async (tx, v) =>
    (
      await tx
        .insert(shelters)
        .values(shelterValues(v) as ShelterRow)
        .returning()
    )[0],
  update: async (tx, id, p, now) =>
    (
      await tx
        .update(shelters)
        .set({ ...shelterValues(p), updatedAt: now })
        .where(eq(shelters.id, id))
        .returning()
    )[0],
  lock: async (tx, id) => (await tx.select().from(shelters).where(eq(shelters.id, id)).for('update'))[0],
  page: async (deps, where, page, pageSize) => {
    const [rows, totals] = await Promise.all([
      deps.database.db
        .select()
        .from(shelters)
        .where(where)
        .orderBy(asc(shelters.divisionCode), asc(shelters.name))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      deps.database.db.select({ n: count() }).from(shelters).where(where),
    ]);
    return { rows, total: totals[0]?.n ?? 0 };
  },
  where: (actor, f) => scopeFilter(actor, shelters, f),
  toDto: () => toShelter,
});

export const equipmentRegistry = registry<EquipmentRow, EquipmentInput, ReturnType<ReturnType<typeof toEquipment>>>({
  entity: 'equipment',
  notFound: 'EQUIPMENT_NOT_FOUND',
  insert: async (tx, v) =>
    (
      await tx
        .insert(equipment)
        .values(equipmentValues(v) as EquipmentRow)
        .returning()
    )[0],
  update: async (tx, id, p, now) =>
    (
      await tx
        .update(equipment)
        .set({ ...equipmentValues(p), updatedAt: now })
        .where(eq(equipment.id, id))
        .returning()
    )[0],
  lock: async (tx, id) => (await tx.select().from(equipment).where(eq(equipment.id, id)).for('update'))[0],
  page: async (deps, where, page, pageSize) => {
    const [rows, totals] = await Promise.all([
      deps.database.db
        .select()
        .from(equipment)
        .where(where)
        .orderBy(asc(equipment.maintenanceDueOn), asc(equipment.name))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      deps.database.db.select({ n: count() }).from(equipment).where(where),
    ]);
    return { rows, total: totals[0]?.n ?? 0 };
  },
  where: (actor, f) => scopeFilter(actor, equipment, f),
  toDto: (deps) => toEquipment(deps.now()),
});

export const expertRegistry = registry<ExpertRow, ExpertInput, ReturnType<typeof toExpert>>({
  entity: 'expert',
  notFound: 'EXPERT_NOT_FOUND',
  insert: async (tx, v) =>
    (
      await tx
        .insert(experts)
        .values(expertValues(v) as ExpertRow)
        .returning()
    )[0],
  update: async (tx, id, p, now) =>
    (
      await tx
        .update(experts)
        .set({ ...expertValues(p), updatedAt: now })
        .where(eq(experts.id, id))
        .returning()
    )[0],
  lock: async (tx, id) => (await tx.select().from(experts).where(eq(experts.id, id)).for('update'))[0],
  page: async (deps, where, page, pageSize) => {
    const [rows, totals] = await Promise.all([
      deps.database.db
        .select()
        .from(experts)
        .where(where)
        .orderBy(asc(experts.name))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      deps.database.db.select({ n: count() }).from(experts).where(where),
    ]);
    return { rows, total: totals[0]?.n ?? 0 };
  },
  where: (actor, f) => scopeFilter(actor, experts, f),
  toDto: () => toExpert,
});

/** An administrator enters the resident population of a division (常住人口), with its year and source. */
export async function setDivisionFigures(
  deps: Deps,
  ctx: RequestContext,
  code: string,
  input: { population: number; year: number; source?: string | undefined },
) {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx }) => {
    await assertDivisionInScope(tx, actor, code);
    const [before] = await tx.select().from(divisionFigures).where(eq(divisionFigures.divisionCode, code));
    const values = {
      divisionCode: code,
      population: input.population,
      year: input.year,
      source: input.source ?? null,
      updatedAt: deps.now(),
    };
    await tx
      .insert(divisionFigures)
      .values(values)
      .onConflictDoUpdate({ target: divisionFigures.divisionCode, set: values });
    await recordAudit(tx, ctx, {
      action: 'division_figure.set',
      entity: 'division',
      entityId: code,
      before: before ?? null,
      after: values,
    });
    return values;
  });
}

/**
 * Readiness per division against the plans' targets: shelter area per resident
 * (≥ 2.5 m²), full-time fire personnel per resident (0.4‰), 5-minute fire
 * coverage (≥ 75%) and equipment maintained on time (≥ 80%). A ratio needing the
 * population is null until an administrator enters it.
 */
export async function readiness(deps: Deps, ctx: RequestContext, parent: string) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const children = await db
    .select()
    .from(divisions)
    .where(eq(divisions.parentCode, parent))
    .orderBy(asc(divisions.code));
  const rows = [];
  const now = deps.now();
  for (const d of children.filter((c) => isInScope(actor.divisionCode, c.code))) {
    const [fig] = await db.select().from(divisionFigures).where(eq(divisionFigures.divisionCode, d.code));
    const [sh] = await db
      .select({ area: sql<number>`coalesce(sum(${shelters.effectiveAreaM2}), 0)::float8` })
      .from(shelters)
      .where(and(inScope(shelters.divisionCode, d.code), sql`${shelters.status} <> 'closed'`));
    const [fire] = await db
      .select({ n: sql<number>`coalesce(sum(${teams.headcount}), 0)::int` })
      .from(teams)
      .where(and(inScope(teams.divisionCode, d.code), eq(teams.kind, 'fire_rescue')));
    const [eq_] = await db
      .select({
        total: sql<number>`count(*)::int`,
        onTime: sql<number>`count(*) FILTER (WHERE ${equipment.maintenanceDueOn} IS NULL OR ${equipment.maintenanceDueOn} >= ${now})::int`,
      })
      .from(equipment)
      .where(and(inScope(equipment.divisionCode, d.code), sql`${equipment.status} <> 'retired'`));
    const cov =
      deps.router && d.boundary
        ? await coverage(deps, ctx, { kind: 'fire_station', minutes: 5, divisionCode: d.code })
        : null;
    const pop = fig?.population ?? null;
    rows.push({
      divisionCode: d.code,
      divisionName: d.name,
      population: pop,
      shelterAreaPerResidentM2: pop ? (sh?.area ?? 0) / pop : null,
      firePersonnelPerMille: pop ? ((fire?.n ?? 0) / pop) * 1000 : null,
      fireCoverage5min: cov ? cov.share : null,
      equipmentMaintainedRate: eq_ && eq_.total > 0 ? eq_.onTime / eq_.total : null,
    });
  }
  return { items: rows, total: rows.length, targets: READINESS_TARGETS };
}
