import { and, asc, count, eq, ilike, isNotNull, like, or, type SQL } from 'drizzle-orm';
import type { Division, DivisionLevel } from '@yingji/contracts';
import type { Db, DbOrTx } from '../../db/client.js';
import { divisions } from './divisions.table.js';
import { loadDivisionSeed } from './divisions.data.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isInScope, scopePrefix } from '../../platform/scope.rules.js';

type DivisionRow = typeof divisions.$inferSelect;

function toDivision(r: DivisionRow): Division {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parentCode,
    centroid: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
  };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface DivisionFilter {
  parent?: string | undefined;
  level?: DivisionLevel | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listDivisions(db: Db, f: DivisionFilter): Promise<{ items: Division[]; total: number }> {
  const conds: SQL[] = [];
  if (f.parent) conds.push(eq(divisions.parentCode, f.parent));
  if (f.level) conds.push(eq(divisions.level, f.level));
  if (f.q) {
    const p = `%${escapeLike(f.q)}%`;
    const cond = or(ilike(divisions.name, p), like(divisions.code, `${escapeLike(f.q)}%`));
    if (cond) conds.push(cond);
  }
  const where = conds.length ? and(...conds) : undefined;
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(divisions)
      .where(where)
      .orderBy(asc(divisions.code))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(divisions).where(where),
  ]);
  return { items: rows.map(toDivision), total: totals[0]?.n ?? 0 };
}

export async function findDivision(db: DbOrTx, code: string): Promise<Division | null> {
  const rows = await db.select().from(divisions).where(eq(divisions.code, code));
  return rows[0] ? toDivision(rows[0]) : null;
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    properties: { code: string; name: string; level: string };
    geometry: unknown;
  }[];
}

/** Boundaries of the children of `parent` (or of `parent` itself with self=true), as GeoJSON. */
export async function divisionBoundaries(db: Db, parent: string, self = false): Promise<BoundaryCollection> {
  const rows = await db
    .select()
    .from(divisions)
    .where(and(self ? eq(divisions.code, parent) : eq(divisions.parentCode, parent), isNotNull(divisions.boundary)))
    .orderBy(asc(divisions.code));
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      properties: { code: r.code, name: r.name, level: r.level },
      geometry: r.boundary,
    })),
  };
}

/** Loads the division tree when the table is empty; returns how many rows were written. */
export async function seedDivisions(db: DbOrTx): Promise<number> {
  const existing = await db.select({ n: count() }).from(divisions);
  if ((existing[0]?.n ?? 0) > 0) return 0;
  const rows = loadDivisionSeed();
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(divisions)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
  }
  return rows.length;
}

/** SQL condition: `column` is within the scope of `scopeCode` (the division and everything under it). */
export function inScope(column: Parameters<typeof like>[0], scopeCode: string): SQL {
  return like(column, `${scopePrefix(scopeCode)}%`);
}

/**
 * A record may be placed in `code` by this actor: the division exists (else
 * DIVISION_UNKNOWN) and lies in the actor's scope (else OUT_OF_SCOPE). A null
 * actor is the system itself and has no scope limit.
 */
export async function assertDivisionInScope(db: DbOrTx, actor: Actor | null, code: string): Promise<void> {
  if (!(await findDivision(db, code))) throw new AppError('DIVISION_UNKNOWN', { divisionCode: code });
  if (actor && !isInScope(actor.divisionCode, code)) {
    throw new AppError('OUT_OF_SCOPE', { divisionCode: code, scope: actor.divisionCode });
  }
}
