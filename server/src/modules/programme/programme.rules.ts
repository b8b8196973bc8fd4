import type {
  IndicatorDirection,
  IndicatorFormula,
  IndicatorStatus,
  ProgrammeTaskStatus,
  ReportingCycle,
} from '@yingji/contracts';

/**
 * Indicator status by linear interpolation (年度监测分析): the value a year should have reached lies on the
 * straight line from the baseline (十三五期末, e.g. 2020) to the target (2025). A value at or better than the
 * line is on track; worse by at most AT_RISK_SHARE of the planned change (or of the bound) is at risk;
 * beyond that, off track.
 */
export const AT_RISK_SHARE = 0.1;
const EPS = 1e-9;

export interface IndicatorTarget {
  direction: IndicatorDirection;
  baselineValue: number | null;
  baselineYear: number;
  targetYear: number;
  targetValue: number | null;
  /** 下降33% → 33 with direction decrease; 增长10% → 10 with direction increase. */
  targetRelativePercent: number | null;
  /** Bounds: whether the bound value itself meets the target ("<0.04" no; "≤", "达到", "以下含本数" yes). */
  boundInclusive: boolean;
}

/** The absolute target: the value given, or the baseline moved by the relative percentage. */
export function resolveTarget(t: IndicatorTarget): number | null {
  if (t.targetValue !== null) return t.targetValue;
  if (t.targetRelativePercent === null || t.baselineValue === null) return null;
  const share = t.targetRelativePercent / 100;
  const factor = t.direction === 'increase' ? 1 + share : 1 - share;
  return round(t.baselineValue * factor);
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

function isBound(d: IndicatorDirection): boolean {
  return d === 'upper_bound' || d === 'lower_bound';
}

/** True when `value` meets a bound (strictly unless inclusive). */
export function meetsBound(direction: IndicatorDirection, bound: number, inclusive: boolean, value: number): boolean {
  if (direction === 'upper_bound') return inclusive ? value <= bound + EPS : value < bound - EPS;
  if (direction === 'lower_bound') return inclusive ? value >= bound - EPS : value > bound + EPS;
  throw new Error(`${direction} is not a bound`);
}

/** Where the value should be in `year` on the line from baseline to target; null without a target. */
export function expectedValue(t: IndicatorTarget, year: number): number | null {
  const target = resolveTarget(t);
  if (target === null) return null;
  const base = t.baselineValue;
  if (base === null) return target;
  // A bound the baseline already meets is simply kept every year.
  if (isBound(t.direction) && meetsBound(t.direction, target, true, base)) return target;
  if (year <= t.baselineYear) return base;
  if (year >= t.targetYear) return target;
  const share = (year - t.baselineYear) / (t.targetYear - t.baselineYear);
  return round(base + (target - base) * share);
}

/** How much worse than expected the value is (positive = worse), in the indicator's direction. */
function shortfall(direction: IndicatorDirection, expected: number, value: number): number {
  return direction === 'decrease' || direction === 'upper_bound' ? value - expected : expected - value;
}

export function indicatorStatus(t: IndicatorTarget, year: number, value: number | null): IndicatorStatus {
  if (value === null || !Number.isFinite(value)) return 'no_data';
  const target = resolveTarget(t);
  const expected = expectedValue(t, year);
  if (target === null || expected === null) return 'no_data';
  const gap = shortfall(t.direction, expected, value);
  let tolerance: number;
  if (isBound(t.direction)) {
    // Once the line has reached the bound, the bound's own strictness decides.
    const onBound = Math.abs(expected - target) < EPS;
    if (onBound ? meetsBound(t.direction, target, t.boundInclusive, value) : gap <= EPS) return 'on_track';
    tolerance = AT_RISK_SHARE * Math.abs(target);
  } else {
    if (gap <= EPS) return 'on_track';
    const change = t.baselineValue === null ? 0 : Math.abs(target - t.baselineValue);
    tolerance = AT_RISK_SHARE * (change > 0 ? change : Math.abs(expected));
  }
  return gap <= tolerance + EPS ? 'at_risk' : 'off_track';
}

/** value = numerator ÷ denominator × multiplier; null when an input is missing or the denominator is 0. */
export function evaluateFormula(f: IndicatorFormula, values: Record<string, number | null>): number | null {
  const num = values[f.numerator];
  if (num === null || num === undefined) return null;
  let v = num;
  if (f.denominator) {
    const den = values[f.denominator];
    if (den === null || den === undefined || den === 0) return null;
    v = num / den;
  }
  return round(v * (f.multiplier ?? 1));
}

export function formulaStatistics(f: IndicatorFormula): string[] {
  return f.denominator ? [f.numerator, f.denominator] : [f.numerator];
}

// ---- reporting periods ----

export interface Period {
  key: string;
  start: string;
  end: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function formatDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return formatDay(d);
}

/** The period containing `day` (YYYY-MM-DD). */
export function periodOf(cycle: ReportingCycle, day: string): Period {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (cycle === 'monthly') return periodFromKey(cycle, `${y}-${pad(m)}`) as Period;
  return periodFromKey(cycle, `${y}-Q${Math.ceil(m / 3)}`) as Period;
}

/** Parses a period key of the cycle (2026-Q3 / 2026-09); null when it does not belong to the cycle. */
export function periodFromKey(cycle: ReportingCycle, key: string): Period | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  const mo = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (cycle === 'quarterly' && q) {
    const y = Number(q[1]);
    const n = Number(q[2]);
    const first = 3 * n - 2;
    return { key, start: `${y}-${pad(first)}-01`, end: `${y}-${pad(3 * n)}-${pad(lastDay(y, 3 * n))}` };
  }
  if (cycle === 'monthly' && mo) {
    const y = Number(mo[1]);
    const m = Number(mo[2]);
    return { key, start: `${y}-${pad(m)}-01`, end: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  }
  return null;
}

export function previousPeriod(cycle: ReportingCycle, p: Period): Period {
  return periodOf(cycle, addDays(p.start, -1));
}

/** The latest period that has ended by `day`: the one units report on now. */
export function reportingPeriod(cycle: ReportingCycle, day: string): Period {
  return previousPeriod(cycle, periodOf(cycle, day));
}

/** A period's report is due `dueDays` after the period ends (inclusive of that day). */
export function dueDateOf(p: Period, dueDays: number): string {
  return addDays(p.end, dueDays);
}

export function isOverdue(p: Period, dueDays: number, day: string): boolean {
  return day > dueDateOf(p, dueDays);
}

/** Reminders go out from `daysBefore` days before the due date until the due date. */
export function inReminderWindow(p: Period, dueDays: number, daysBefore: number, day: string): boolean {
  const due = dueDateOf(p, dueDays);
  return day >= addDays(due, -daysBefore) && day <= due;
}

// ---- tasks ----

/** The task's deadline: its own, else 31 December of its year, else of the fallback (the programme's last year). */
export function deadlineOf(deadline: string | null, year: number | null, fallbackYear: number): string {
  return deadline ?? `${year ?? fallbackYear}-12-31`;
}

/**
 * A task's % complete from the latest report of each unit: the lowest among the lead units that have an
 * account (a task is done when every lead unit says so); without such lead units, the highest reported.
 */
export function taskPercent(latestByUnit: ReadonlyMap<string, number>, leadUnitsWithAccount: string[]): number {
  if (leadUnitsWithAccount.length) return Math.min(...leadUnitsWithAccount.map((u) => latestByUnit.get(u) ?? 0));
  return latestByUnit.size ? Math.max(...latestByUnit.values()) : 0;
}

export function taskStatus(percent: number, hasReports: boolean, deadline: string, today: string): ProgrammeTaskStatus {
  if (percent >= 100) return 'completed';
  if (today > deadline) return 'late';
  return hasReports ? 'in_progress' : 'not_started';
}

/** The year indicators are shown for by default: this year, or the last year once the period is over. */
export function defaultYear(periodStart: number, periodEnd: number, today: string): number {
  const y = Number(today.slice(0, 4));
  return Math.min(Math.max(y, periodStart), periodEnd);
}
