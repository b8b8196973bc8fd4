/**
 * Drill compliance (演练合规). The rules are data: seed 001 (《临清市"十四五"应急管理体系规划》 §四(二)):
 * "各级政府每年至少组织1次预案演练；高危行业企业、人员密集场所经营单位每半年至少组织1次综合或专项预案演练，
 *  每2年内所有专项预案至少演练1次，每半年所有现场处置方案至少演练1次；其他生产经营单位每年至少组织1次综合或
 *  专项预案演练，每3年内所有专项预案至少演练1次，每年所有现场处置方案至少演练1次。"
 * Half years are January–June and July–December; years are calendar years; "within 2 (3) years"
 * counts back from the day asked about, that day and the day 2 (3) years before it included.
 */
import type { ComplianceStatus, DrillRequirement, PlanKind } from '@yingji/contracts';
import { addYears, dueStatus, formatDate } from './plans.rules.js';

export type RuleSet = 'government' | 'high_risk' | 'other';

export type Period = { kind: 'calendar'; months: 6 | 12 } | { kind: 'rolling'; years: number };

export interface DrillRule {
  requirement: DrillRequirement;
  /** `org`: one item for the organisation; `plan`: one item per published plan of `planKinds`. */
  per: 'org' | 'plan';
  /** Which plans a drill must exercise to count; null: any drill of the organisation. */
  planKinds: readonly PlanKind[] | null;
  period: Period;
}

const COMPREHENSIVE_OR_SPECIAL: readonly PlanKind[] = ['enterprise_comprehensive', 'enterprise_special'];

export const DRILL_RULES: Record<RuleSet, readonly DrillRule[]> = {
  // 各级政府每年至少组织1次预案演练
  government: [{ requirement: 'annual_any', per: 'org', planKinds: null, period: { kind: 'calendar', months: 12 } }],
  // 高危行业企业、人员密集场所经营单位
  high_risk: [
    {
      requirement: 'halfyear_comprehensive_or_special',
      per: 'org',
      planKinds: COMPREHENSIVE_OR_SPECIAL,
      period: { kind: 'calendar', months: 6 },
    },
    {
      requirement: 'special_plan',
      per: 'plan',
      planKinds: ['enterprise_special'],
      period: { kind: 'rolling', years: 2 },
    },
    { requirement: 'onsite_plan', per: 'plan', planKinds: ['onsite'], period: { kind: 'calendar', months: 6 } },
  ],
  // 其他生产经营单位
  other: [
    {
      requirement: 'annual_comprehensive_or_special',
      per: 'org',
      planKinds: COMPREHENSIVE_OR_SPECIAL,
      period: { kind: 'calendar', months: 12 },
    },
    {
      requirement: 'special_plan',
      per: 'plan',
      planKinds: ['enterprise_special'],
      period: { kind: 'rolling', years: 3 },
    },
    { requirement: 'onsite_plan', per: 'plan', planKinds: ['onsite'], period: { kind: 'calendar', months: 12 } },
  ],
};

/**
 * Governments, their departments and public rescue teams follow the government rule; enterprises and
 * institutions (schools, hospitals, venues) follow the high-risk rule when flagged `highRisk`
 * (矿山、危险化学品、烟花爆竹、金属冶炼、建筑施工、交通运输, or a crowded place), the other rule otherwise.
 */
export function ruleSetOf(org: { kind: string; highRisk: boolean }): RuleSet {
  if (org.kind === 'enterprise' || org.kind === 'institution') return org.highRisk ? 'high_risk' : 'other';
  return 'government';
}

/** The calendar period (half year or year) holding `date`, as inclusive first and last days. */
export function calendarPeriod(date: string, months: 6 | 12, shift = 0): { start: string; end: string } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const perYear = 12 / months;
  const idx = y * perYear + Math.floor((m - 1) / months) + shift;
  const py = Math.floor(idx / perYear);
  const startMonth = (idx - py * perYear) * months + 1;
  const start = new Date(Date.UTC(py, startMonth - 1, 1));
  const end = new Date(Date.UTC(py, startMonth - 1 + months, 0));
  return { start: formatDate(start), end: formatDate(end) };
}

export interface DrillFact {
  date: string;
  plans: readonly { id: string; kind: PlanKind }[];
}
export interface PlanFact {
  id: string;
  title: string;
  kind: PlanKind;
  status: string;
  publishedAt: string | null;
}
export interface ComplianceItem {
  requirement: DrillRequirement;
  planId?: string;
  planTitle?: string;
  lastDrillAt: string | null;
  dueBy: string;
  status: ComplianceStatus;
}

function evaluate(
  period: Period,
  dates: readonly string[],
  asOf: string,
  since: string | null,
): Pick<ComplianceItem, 'lastDrillAt' | 'dueBy' | 'status'> {
  const past = dates.filter((d) => d <= asOf).sort();
  const last = past.at(-1) ?? null;
  if (period.kind === 'rolling') {
    const dueBy = addYears(last ?? since ?? asOf, period.years);
    return { lastDrillAt: last, dueBy, status: dueStatus(dueBy, asOf) };
  }
  const cur = calendarPeriod(asOf, period.months);
  const within = (p: { start: string; end: string }) => past.some((d) => d >= p.start && d <= p.end);
  if (within(cur)) return { lastDrillAt: last, dueBy: calendarPeriod(asOf, period.months, 1).end, status: 'ok' };
  const prev = calendarPeriod(asOf, period.months, -1);
  // A plan owes a drill for a past period only if it was in force for the whole of it.
  const owedPrev = since === null || since <= prev.start;
  if (owedPrev && !within(prev)) return { lastDrillAt: last, dueBy: prev.end, status: 'overdue' };
  return { lastDrillAt: last, dueBy: cur.end, status: dueStatus(cur.end, asOf) };
}

/**
 * One item per requirement of the organisation's rule set that applies (it has a published plan the
 * requirement is about), and for per-plan requirements one per published plan of that kind. Drills after
 * `asOf` are ignored; no period before a plan's publication is owed.
 */
export function drillCompliance(
  ruleSet: RuleSet,
  plans: readonly PlanFact[],
  drills: readonly DrillFact[],
  asOf: string,
): ComplianceItem[] {
  const items: ComplianceItem[] = [];
  for (const rule of DRILL_RULES[ruleSet]) {
    if (rule.per === 'org') {
      const kinds = rule.planKinds;
      // The requirement is to drill the organisation's own plans: it applies once it has a published plan of
      // those kinds, and owes nothing for periods before its first one.
      const inForce = plans.filter(
        (p) =>
          p.status === 'published' && (!kinds || kinds.includes(p.kind)) && (!p.publishedAt || p.publishedAt <= asOf),
      );
      if (!inForce.length) continue;
      const since = inForce.some((p) => !p.publishedAt)
        ? null
        : (inForce.map((p) => p.publishedAt ?? '').sort()[0] ?? null);
      const dates = drills.filter((d) => !kinds || d.plans.some((p) => kinds.includes(p.kind))).map((d) => d.date);
      items.push({ requirement: rule.requirement, ...evaluate(rule.period, dates, asOf, since) });
      continue;
    }
    for (const p of plans) {
      if (p.status !== 'published' || !rule.planKinds?.includes(p.kind)) continue;
      if (p.publishedAt && p.publishedAt > asOf) continue;
      const dates = drills.filter((d) => d.plans.some((x) => x.id === p.id)).map((d) => d.date);
      items.push({
        requirement: rule.requirement,
        planId: p.id,
        planTitle: p.title,
        ...evaluate(rule.period, dates, asOf, p.publishedAt),
      });
    }
  }
  return items;
}
