import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { PlatformStatistic, StatisticEntry, statisticEntryBody, statisticQuery } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, inScope } from '../divisions/index.js';
import { incidentDeathsInYear } from '../incidents/index.js';
import { hazardRectificationRate } from '../risks/index.js';
import { warningCoverageInYear } from '../warnings/index.js';
import { drillCountInYear } from '../plans/index.js';
import { divisionPopulation, equipmentComplianceRate, shelterAreaPerResident } from '../resources/index.js';
import { programmeStatistics, type StatisticRow } from './programme.table.js';

export interface ResolvedStatistic {
  value: number | null;
  source: 'computed' | 'manual' | null;
  entrySource: string | null;
}

interface PlatformDefinition {
  label: string;
  unit: string;
  method: string;
  /** null: the owning module does not offer it yet. */
  compute: ((db: DbOrTx, year: number, divisionCode: string, now: Date) => Promise<number | null>) | null;
}

const thisYear = (now: Date, year: number) => Number(now.toISOString().slice(0, 4)) === year;

/**
 * The platform's named statistics and how each is computed (documented in docs/user-guide/programme.md).
 * Snapshot figures (equipment, shelters) exist only for the current year: past years need a manual entry.
 */
export const PLATFORM_DEFINITIONS: Record<PlatformStatistic, PlatformDefinition> = {
  production_safety_deaths: {
    label: '生产安全事故死亡人数 Production-safety accident deaths',
    unit: '人',
    method:
      'sum of deaths of recorded incidents of category accident that occurred in the year (UTC+8) in the division and below',
    compute: async (db, year, divisionCode) =>
      (await incidentDeathsInYear(db, { year, divisionCode, categories: ['accident'] })).deaths,
  },
  natural_disaster_deaths: {
    label: '因自然灾害死亡人数 Natural-disaster deaths',
    unit: '人',
    method: 'sum of deaths of recorded incidents of category natural_disaster in the year in the division and below',
    compute: async (db, year, divisionCode) =>
      (await incidentDeathsInYear(db, { year, divisionCode, categories: ['natural_disaster'] })).deaths,
  },
  coal_mine_deaths: {
    label: '煤矿事故死亡人数 Coal-mine accident deaths',
    unit: '人',
    method:
      'sum of deaths of recorded accidents of type mine in the year (the platform does not tell coal from other mines)',
    compute: async (db, year, divisionCode) =>
      (await incidentDeathsInYear(db, { year, divisionCode, categories: ['accident'], types: ['mine'] })).deaths,
  },
  accident_count: {
    label: '生产安全事故起数 Accidents recorded',
    unit: '起',
    method: 'number of recorded incidents of category accident that occurred in the year in the division and below',
    compute: async (db, year, divisionCode) =>
      (await incidentDeathsInYear(db, { year, divisionCode, categories: ['accident'] })).incidents,
  },
  natural_disaster_loss_100m_yuan: {
    label: '自然灾害直接经济损失（亿元）Direct natural-disaster loss, 100 million yuan',
    unit: '亿元',
    method: 'sum of directLossYuan of recorded natural_disaster incidents in the year ÷ 100,000,000',
    compute: async (db, year, divisionCode) =>
      (await incidentDeathsInYear(db, { year, divisionCode, categories: ['natural_disaster'] })).directLossYuan / 1e8,
  },
  equipment_compliance_rate: {
    label: '装备达标率 Equipment compliance',
    unit: '%',
    method:
      'share of registered equipment (not retired) whose maintenance is not overdue today, × 100; current year only',
    compute: async (db, year, divisionCode, now) => {
      if (!thisYear(now, year)) return null;
      const r = await equipmentComplianceRate(db, divisionCode, now);
      return r === null ? null : r * 100;
    },
  },
  shelter_area_per_resident: {
    label: '人均避难场所面积 Shelter area per resident',
    unit: 'm²/人',
    method:
      'effective area of shelters not closed ÷ the resident population entered for the division; current year only',
    compute: async (db, year, divisionCode, now) =>
      thisYear(now, year) ? shelterAreaPerResident(db, divisionCode) : null,
  },
  population: {
    label: '常住人口 Resident population',
    unit: '人',
    method: 'the resident population an administrator entered for the division (resources → division figures)',
    compute: async (db, _year, divisionCode) => divisionPopulation(db, divisionCode),
  },
  drill_count: {
    label: '应急演练次数 Drills held',
    unit: '次',
    method: 'number of drills recorded with a date in the year in the division and below',
    compute: async (db, year, divisionCode) => drillCountInYear(db, divisionCode, year),
  },
  fire_coverage_5min: {
    label: '5分钟消防救援覆盖率 5-minute fire coverage',
    unit: '%',
    method: 'not available yet: the resources module does not offer it as a statistic; enter it manually',
    compute: null,
  },
  warning_coverage: {
    label: '预警信息公众覆盖率 Warning coverage',
    unit: '%',
    method:
      'mean coverage (people reached ÷ resident population of the target area) of the public warnings published in ' +
      'the year that target the division or below, over those whose area has a population entered, × 100',
    compute: async (db, year, divisionCode) => {
      const r = await warningCoverageInYear(db, divisionCode, year);
      return r === null ? null : r * 100;
    },
  },
  hazard_rectification_rate: {
    label: '隐患整改率 Hazard rectification rate',
    unit: '%',
    method:
      'of the hazards reported in the year in the division and below, the share closed or written off (销号) by now, × 100',
    compute: async (db, year, divisionCode) => {
      const r = await hazardRectificationRate(db, divisionCode, year);
      return r === null ? null : r * 100;
    },
  },
};

export function isPlatformStatistic(name: string): name is PlatformStatistic {
  return Object.hasOwn(PLATFORM_DEFINITIONS, name);
}

export function statisticCatalogue() {
  const items = Object.entries(PLATFORM_DEFINITIONS).map(([name, d]) => ({
    name,
    label: d.label,
    unit: d.unit,
    method: d.method,
    available: d.compute !== null,
  }));
  return { items, total: items.length };
}

/**
 * Values of the named statistics for a year and division: a manual entry (the official figure) when
 * there is one, else the platform's own figure, else null.
 */
export async function resolveStatistics(
  db: DbOrTx,
  names: string[],
  year: number,
  divisionCode: string,
  now: Date,
): Promise<Map<string, ResolvedStatistic>> {
  const unique = [...new Set(names)];
  const out = new Map<string, ResolvedStatistic>();
  if (!unique.length) return out;
  const manual = await db
    .select()
    .from(programmeStatistics)
    .where(
      and(
        inArray(programmeStatistics.statistic, unique),
        eq(programmeStatistics.year, year),
        eq(programmeStatistics.divisionCode, divisionCode),
      ),
    );
  const byName = new Map(manual.map((m) => [m.statistic, m]));
  for (const name of unique) {
    const m = byName.get(name);
    if (m) {
      out.set(name, { value: m.value, source: 'manual', entrySource: m.source });
      continue;
    }
    const def = isPlatformStatistic(name) ? PLATFORM_DEFINITIONS[name] : null;
    const value = def?.compute ? await def.compute(db, year, divisionCode, now) : null;
    out.set(name, { value, source: value === null ? null : 'computed', entrySource: null });
  }
  return out;
}

// ---- manual entries ----

type EntryInput = z.infer<typeof statisticEntryBody>;
type EntryQuery = z.infer<typeof statisticQuery>;

function toEntry(r: StatisticRow): StatisticEntry {
  return {
    id: r.id,
    statistic: r.statistic,
    year: r.year,
    divisionCode: r.divisionCode,
    value: r.value,
    source: r.source,
    note: r.note,
    enteredBy: { id: r.enteredBy, name: r.enteredByName },
    enteredAt: r.enteredAt.toISOString(),
  };
}

/** Enters (or corrects) the official figure of a statistic for a year and division, with its source. */
export async function enterStatistic(deps: Deps, ctx: RequestContext, input: EntryInput): Promise<StatisticEntry> {
  const actor = actorOf(ctx);
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    const [before] = await tx
      .select()
      .from(programmeStatistics)
      .where(
        and(
          eq(programmeStatistics.statistic, input.statistic),
          eq(programmeStatistics.year, input.year),
          eq(programmeStatistics.divisionCode, input.divisionCode),
        ),
      )
      .for('update');
    const values = {
      value: input.value,
      source: input.source,
      note: input.note ?? null,
      enteredBy: actor.userId,
      enteredByName: actor.displayName,
      enteredAt: now,
    };
    const [row] = await tx
      .insert(programmeStatistics)
      .values({ statistic: input.statistic, year: input.year, divisionCode: input.divisionCode, ...values })
      .onConflictDoUpdate({
        target: [programmeStatistics.statistic, programmeStatistics.year, programmeStatistics.divisionCode],
        set: values,
      })
      .returning();
    if (!row) throw new Error('upsert returned nothing');
    await recordAudit(tx, ctx, {
      action: before ? 'programme.statistic.update' : 'programme.statistic.create',
      entity: 'programme_statistic',
      entityId: row.id,
      before: before ?? null,
      after: row,
    });
    return toEntry(row);
  });
}

export async function listStatistics(deps: Deps, ctx: RequestContext, q: EntryQuery) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const where = and(
    inScope(programmeStatistics.divisionCode, actor.divisionCode),
    q.statistic ? eq(programmeStatistics.statistic, q.statistic) : undefined,
    q.year ? eq(programmeStatistics.year, q.year) : undefined,
    q.divisionCode ? eq(programmeStatistics.divisionCode, q.divisionCode) : undefined,
  );
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(programmeStatistics)
      .where(where)
      .orderBy(desc(programmeStatistics.year), asc(programmeStatistics.statistic))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(programmeStatistics).where(where),
  ]);
  return { items: rows.map(toEntry), total: total[0]?.n ?? 0 };
}
