import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { inScope } from '../divisions/index.js';
import { divisionFigures, equipment, shelters } from './resources.table.js';

/** Resident population (常住人口) an administrator entered for the division, or null. */
export async function divisionPopulation(db: DbOrTx, divisionCode: string): Promise<number | null> {
  const [fig] = await db.select().from(divisionFigures).where(eq(divisionFigures.divisionCode, divisionCode));
  return fig?.population ?? null;
}

/**
 * Share (0–1) of registered equipment in the division and below that is not retired and whose
 * maintenance is not overdue on `asOf` (装备达标率 as the platform can measure it); null without equipment.
 */
export async function equipmentComplianceRate(db: DbOrTx, divisionCode: string, asOf: Date): Promise<number | null> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      ok: sql<number>`count(*) FILTER (WHERE ${equipment.maintenanceDueOn} IS NULL OR ${equipment.maintenanceDueOn} >= ${asOf})::int`,
    })
    .from(equipment)
    .where(and(inScope(equipment.divisionCode, divisionCode), sql`${equipment.status} <> 'retired'`));
  return row && row.total > 0 ? row.ok / row.total : null;
}

/** Effective shelter area (m²) of open shelters per resident in the division and below; null without population. */
export async function shelterAreaPerResident(db: DbOrTx, divisionCode: string): Promise<number | null> {
  const population = await divisionPopulation(db, divisionCode);
  if (!population) return null;
  const [row] = await db
    .select({ area: sql<number>`coalesce(sum(${shelters.effectiveAreaM2}), 0)::float8` })
    .from(shelters)
    .where(and(inScope(shelters.divisionCode, divisionCode), sql`${shelters.status} <> 'closed'`));
  return (row?.area ?? 0) / population;
}
