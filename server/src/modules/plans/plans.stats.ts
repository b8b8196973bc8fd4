import { and, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { inScope } from '../divisions/index.js';
import { drills } from './plans.table.js';

/** Drills recorded in a calendar year in the division and below (应急演练次数). */
export async function drillCountInYear(db: DbOrTx, divisionCode: string, year: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(drills)
    .where(
      and(
        inScope(drills.divisionCode, divisionCode),
        gte(drills.date, `${year}-01-01`),
        lte(drills.date, `${year}-12-31`),
      ),
    );
  return row?.n ?? 0;
}
