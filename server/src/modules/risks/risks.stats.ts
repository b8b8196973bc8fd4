import { and, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { inScope } from '../divisions/index.js';
import { hazards } from './risks.table.js';

/**
 * 隐患整改率 as the platform measures it: of the hazards reported in `year` in the division and below, the
 * share (0–1) closed or written off (销号) by now; null when none was reported.
 */
export async function hazardRectificationRate(db: DbOrTx, divisionCode: string, year: number): Promise<number | null> {
  const [row] = await db
    .select({
      found: sql<number>`count(*)::int`,
      rectified: sql<number>`count(*) filter (where ${hazards.status} in ('closed', 'written_off'))::int`,
    })
    .from(hazards)
    .where(
      and(
        inScope(hazards.divisionCode, divisionCode),
        gte(hazards.reportedAt, new Date(Date.UTC(year, 0, 1) - 8 * 3600_000)),
        lt(hazards.reportedAt, new Date(Date.UTC(year + 1, 0, 1) - 8 * 3600_000)),
      ),
    );
  return row && row.found > 0 ? row.rectified / row.found : null;
}
