import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { inScope } from '../divisions/index.js';
import { incidents } from './incidents.table.js';

export interface IncidentYearFilter {
  year: number;
  /** The division and everything under it. */
  divisionCode: string;
  categories?: string[];
  types?: string[];
}

/**
 * Deaths and incident count of recorded incidents that occurred in a calendar year (Beijing time,
 * UTC+8) in a division and below: the platform's figure for 生产安全事故死亡人数 (category accident),
 * 因自然灾害死亡人数 (category natural_disaster) and 煤矿事故死亡人数 (type mine).
 */
export async function incidentDeathsInYear(
  db: DbOrTx,
  f: IncidentYearFilter,
): Promise<{ deaths: number; incidents: number; directLossYuan: number }> {
  const from = new Date(`${f.year}-01-01T00:00:00+08:00`);
  const to = new Date(`${f.year + 1}-01-01T00:00:00+08:00`);
  const [row] = await db
    .select({
      deaths: sql<number>`coalesce(sum(${incidents.deaths}), 0)::int`,
      incidents: sql<number>`count(*)::int`,
      directLossYuan: sql<number>`coalesce(sum(${incidents.directLossYuan}), 0)::float8`,
    })
    .from(incidents)
    .where(
      and(
        inScope(incidents.divisionCode, f.divisionCode),
        gte(incidents.occurredAt, from),
        lt(incidents.occurredAt, to),
        f.categories?.length ? inArray(incidents.category, f.categories) : undefined,
        f.types?.length ? inArray(incidents.type, f.types) : undefined,
      ),
    );
  return { deaths: row?.deaths ?? 0, incidents: row?.incidents ?? 0, directLossYuan: row?.directLossYuan ?? 0 };
}
