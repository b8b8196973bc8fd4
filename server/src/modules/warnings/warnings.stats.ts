import { and, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { scopePrefix } from '../../platform/scope.rules.js';
import { coverageOf } from './dissemination.service.js';
import { warnings } from './warnings.table.js';

/**
 * 预警信息公众覆盖率 as the platform measures it: the mean coverage (people reached ÷ resident population,
 * 0–1) of the warnings published in `year` (Beijing time) that target the division or anything under it,
 * counting only warnings whose target area has a population entered; null when there is none.
 */
export async function warningCoverageInYear(db: DbOrTx, divisionCode: string, year: number): Promise<number | null> {
  const prefix = `${scopePrefix(divisionCode)}%`;
  const rows = await db
    .select()
    .from(warnings)
    .where(
      and(
        isNotNull(warnings.publishedAt),
        gte(warnings.publishedAt, new Date(Date.UTC(year, 0, 1) - 8 * 3600_000)),
        lt(warnings.publishedAt, new Date(Date.UTC(year + 1, 0, 1) - 8 * 3600_000)),
        sql`EXISTS (SELECT 1 FROM unnest(${warnings.divisionCodes}) AS c WHERE c LIKE ${prefix})`,
      ),
    );
  const ratios: number[] = [];
  for (const w of rows) {
    const c = await coverageOf(db, w);
    if (c.ratio !== null) ratios.push(c.ratio);
  }
  return ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
}
