import { describe, expect, it } from 'vitest';
import {
  dueDateOf,
  evaluateFormula,
  expectedValue,
  inReminderWindow,
  indicatorStatus,
  isOverdue,
  periodFromKey,
  periodOf,
  reportingPeriod,
  resolveTarget,
  taskPercent,
  taskStatus,
  defaultYear,
  type IndicatorTarget,
} from './programme.rules.js';

// 阳政办函〔2023〕36号 二(一)1 "十四五"核心指标: baseline 2020 (十三五期末), targets for 2025.
const base = { baselineYear: 2020, targetYear: 2025, boundInclusive: false } as const;

// 1. 生产安全事故死亡人数 "下降15%" (relative target, decrease); baseline 100 deaths → target 85.
const deaths: IndicatorTarget = {
  ...base,
  direction: 'decrease',
  baselineValue: 100,
  targetValue: null,
  targetRelativePercent: 15,
};
// 2. 亿元地区生产总值生产安全事故死亡率 "下降33%": target = baseline × 0.67.
const perGdp: IndicatorTarget = { ...deaths, baselineValue: 0.03, targetRelativePercent: 33 };
// 4. 煤矿百万吨死亡率 "<0.04" (upper bound, strict: 以下/小于 excludes the bound).
const coal: IndicatorTarget = {
  ...base,
  direction: 'upper_bound',
  baselineValue: 0.06,
  targetValue: 0.04,
  targetRelativePercent: null,
};
// 分项目标(1) 装备达标率 "达到80%" (lower bound, inclusive: 达到 includes the bound).
const equipment: IndicatorTarget = {
  ...base,
  direction: 'lower_bound',
  baselineValue: 60,
  targetValue: 80,
  targetRelativePercent: null,
  boundInclusive: true,
};
// 分项目标(5) 专业人才占比 "超过60%" (lower bound, strict: 超过 excludes the bound).
const talent: IndicatorTarget = { ...equipment, baselineValue: 40, targetValue: 60, boundInclusive: false };
// An increase to an absolute value: 综合减灾示范社区 from 20 to 70 (absolute target, increase).
const communities: IndicatorTarget = {
  ...base,
  direction: 'increase',
  baselineValue: 20,
  targetValue: 70,
  targetRelativePercent: null,
};

describe('targets', () => {
  it('"下降15%" resolves to baseline × 0.85', () => expect(resolveTarget(deaths)).toBe(85));
  it('"下降33%" resolves to baseline × 0.67', () => expect(resolveTarget(perGdp)).toBeCloseTo(0.0201, 9));
  it('"增长10%" resolves to baseline × 1.1', () =>
    expect(resolveTarget({ ...communities, targetValue: null, targetRelativePercent: 10 })).toBe(22));
  it('an absolute target is kept as given', () => expect(resolveTarget(communities)).toBe(70));
  it('a relative target without a baseline has no target', () =>
    expect(resolveTarget({ ...deaths, baselineValue: null })).toBeNull());
});

describe('expected value on the line from baseline to target', () => {
  it('in the baseline year it is the baseline', () => expect(expectedValue(deaths, 2020)).toBe(100));
  it('before the baseline year it is the baseline', () => expect(expectedValue(deaths, 2019)).toBe(100));
  it('in 2023, three fifths of the way: 100 − 15 × 3/5 = 91', () => expect(expectedValue(deaths, 2023)).toBe(91));
  it('in the target year it is the target', () => expect(expectedValue(deaths, 2025)).toBe(85));
  it('after the target year it stays at the target', () => expect(expectedValue(deaths, 2026)).toBe(85));
  it('a bound the baseline already meets is kept every year', () =>
    expect(expectedValue({ ...coal, baselineValue: 0.02 }, 2021)).toBe(0.04));
  it('a bound the baseline misses is approached on a line: 0.06 → 0.04, 2022 = 0.052', () =>
    expect(expectedValue(coal, 2022)).toBeCloseTo(0.052, 9));
});

describe('status: decrease (下降15%)', () => {
  // 2023 expected 91; planned change 15, so at risk up to 91 + 1.5.
  it('at the line is on track', () => expect(indicatorStatus(deaths, 2023, 91)).toBe('on_track'));
  it('better than the line is on track', () => expect(indicatorStatus(deaths, 2023, 80)).toBe('on_track'));
  it('worse by exactly 10 % of the change is at risk (bound included)', () =>
    expect(indicatorStatus(deaths, 2023, 92.5)).toBe('at_risk'));
  it('worse by more than 10 % of the change is off track', () =>
    expect(indicatorStatus(deaths, 2023, 92.6)).toBe('off_track'));
  it('in the baseline year the baseline itself is on track', () =>
    expect(indicatorStatus(deaths, 2020, 100)).toBe('on_track'));
  it('in the target year only the target or better is on track', () => {
    expect(indicatorStatus(deaths, 2025, 85)).toBe('on_track');
    expect(indicatorStatus(deaths, 2025, 86)).toBe('at_risk');
    expect(indicatorStatus(deaths, 2025, 87)).toBe('off_track');
  });
  it('下降33%: 2025 value 0.0201 is on track, 0.03 (no fall) is off track', () => {
    expect(indicatorStatus(perGdp, 2025, 0.0201)).toBe('on_track');
    expect(indicatorStatus(perGdp, 2025, 0.03)).toBe('off_track');
  });
  it('no value is no_data', () => expect(indicatorStatus(deaths, 2023, null)).toBe('no_data'));
});

describe('status: increase (absolute target 20 → 70)', () => {
  // 2022 expected 40; planned change 50, at risk down to 35.
  it('at the line is on track', () => expect(indicatorStatus(communities, 2022, 40)).toBe('on_track'));
  it('above the line is on track', () => expect(indicatorStatus(communities, 2022, 45)).toBe('on_track'));
  it('5 below (10 % of the change) is at risk', () => expect(indicatorStatus(communities, 2022, 35)).toBe('at_risk'));
  it('more than 5 below is off track', () => expect(indicatorStatus(communities, 2022, 34.9)).toBe('off_track'));
  it('target year: 70 on track, 69 at risk', () => {
    expect(indicatorStatus(communities, 2025, 70)).toBe('on_track');
    expect(indicatorStatus(communities, 2025, 69)).toBe('at_risk');
  });
});

describe('status: upper bound "<0.04" (小于, the bound itself misses)', () => {
  it('below the bound in the target year is on track', () =>
    expect(indicatorStatus(coal, 2025, 0.039)).toBe('on_track'));
  it('exactly at the bound in the target year is not on track (strict): at risk', () =>
    expect(indicatorStatus(coal, 2025, 0.04)).toBe('at_risk'));
  it('within 10 % of the bound above it is at risk', () => expect(indicatorStatus(coal, 2025, 0.044)).toBe('at_risk'));
  it('more than 10 % above the bound is off track', () => expect(indicatorStatus(coal, 2025, 0.045)).toBe('off_track'));
  it('on the way down, at the line (2022: 0.052) is on track', () =>
    expect(indicatorStatus(coal, 2022, 0.052)).toBe('on_track'));
  it('on the way down, above the line by more than 0.004 is off track', () =>
    expect(indicatorStatus(coal, 2022, 0.0565)).toBe('off_track'));
  it('a baseline already below the bound: staying below is on track', () =>
    expect(indicatorStatus({ ...coal, baselineValue: 0.03 }, 2021, 0.035)).toBe('on_track'));
  it('"≤0.04" (inclusive): the bound itself is on track', () =>
    expect(indicatorStatus({ ...coal, boundInclusive: true }, 2025, 0.04)).toBe('on_track'));
});

describe('status: lower bounds', () => {
  it('"达到80%" (inclusive): exactly 80 in 2025 is on track', () =>
    expect(indicatorStatus(equipment, 2025, 80)).toBe('on_track'));
  it('"达到80%": 79 is at risk (within 8), 71 off track', () => {
    expect(indicatorStatus(equipment, 2025, 79)).toBe('at_risk');
    expect(indicatorStatus(equipment, 2025, 71)).toBe('off_track');
  });
  it('"达到80%" in 2023 from 60: the line is at 72', () => {
    expect(expectedValue(equipment, 2023)).toBe(72);
    expect(indicatorStatus(equipment, 2023, 72)).toBe('on_track');
    expect(indicatorStatus(equipment, 2023, 70)).toBe('at_risk');
  });
  it('"超过60%" (strict): exactly 60 in 2025 is at risk, 60.1 on track', () => {
    expect(indicatorStatus(talent, 2025, 60)).toBe('at_risk');
    expect(indicatorStatus(talent, 2025, 60.1)).toBe('on_track');
  });
});

describe('formula over named statistics', () => {
  it('亿元GDP死亡率 = production_safety_deaths ÷ gdp_100m_yuan', () =>
    expect(
      evaluateFormula(
        { numerator: 'production_safety_deaths', denominator: 'gdp_100m_yuan', multiplier: 1 },
        { production_safety_deaths: 24, gdp_100m_yuan: 1200 },
      ),
    ).toBe(0.02));
  it('每百万人口因自然灾害死亡率 = natural_disaster_deaths ÷ population × 1,000,000', () =>
    expect(
      evaluateFormula(
        { numerator: 'natural_disaster_deaths', denominator: 'population', multiplier: 1_000_000 },
        { natural_disaster_deaths: 1, population: 1_250_000 },
      ),
    ).toBe(0.8));
  it('a missing input or a zero denominator gives no value', () => {
    const f = { numerator: 'coal_mine_deaths', denominator: 'coal_output_mt', multiplier: 1 };
    expect(evaluateFormula(f, { coal_mine_deaths: 1 })).toBeNull();
    expect(evaluateFormula(f, { coal_mine_deaths: 1, coal_output_mt: 0 })).toBeNull();
    expect(evaluateFormula(f, { coal_mine_deaths: null, coal_output_mt: 10 })).toBeNull();
  });
});

describe('reporting periods', () => {
  it('quarterly: 2026-08-15 lies in 2026-Q3 (Jul 1 – Sep 30)', () =>
    expect(periodOf('quarterly', '2026-08-15')).toEqual({ key: '2026-Q3', start: '2026-07-01', end: '2026-09-30' }));
  it('monthly: February 2024 ends on the 29th', () =>
    expect(periodFromKey('monthly', '2024-02')).toEqual({ key: '2024-02', start: '2024-02-01', end: '2024-02-29' }));
  it('a key of the other cycle is refused', () => {
    expect(periodFromKey('monthly', '2026-Q1')).toBeNull();
    expect(periodFromKey('quarterly', '2026-01')).toBeNull();
  });
  it('the period reported on now is the latest that has ended (across the new year)', () => {
    expect(reportingPeriod('quarterly', '2026-11-23').key).toBe('2026-Q3');
    expect(reportingPeriod('quarterly', '2027-01-05').key).toBe('2026-Q4');
    expect(reportingPeriod('monthly', '2026-01-10').key).toBe('2025-12');
  });
  it('due 10 days after the end; overdue only after the due date', () => {
    const q3 = periodFromKey('quarterly', '2026-Q3')!;
    expect(dueDateOf(q3, 10)).toBe('2026-10-10');
    expect(isOverdue(q3, 10, '2026-10-10')).toBe(false);
    expect(isOverdue(q3, 10, '2026-10-11')).toBe(true);
  });
  it('reminders from 5 days before the due date up to it', () => {
    const q3 = periodFromKey('quarterly', '2026-Q3')!;
    expect(inReminderWindow(q3, 10, 5, '2026-10-04')).toBe(false);
    expect(inReminderWindow(q3, 10, 5, '2026-10-05')).toBe(true);
    expect(inReminderWindow(q3, 10, 5, '2026-10-10')).toBe(true);
    expect(inReminderWindow(q3, 10, 5, '2026-10-11')).toBe(false);
  });
});

describe('tasks', () => {
  it('done only when every lead unit with an account reports 100 %', () => {
    const latest = new Map([
      ['a', 100],
      ['b', 70],
    ]);
    expect(taskPercent(latest, ['a', 'b'])).toBe(70);
    expect(taskPercent(latest, ['a'])).toBe(100);
    expect(taskPercent(new Map([['a', 100]]), ['a', 'c'])).toBe(0);
  });
  it('without lead units that have accounts, the highest report counts', () =>
    expect(
      taskPercent(
        new Map([
          ['x', 40],
          ['y', 60],
        ]),
        [],
      ),
    ).toBe(60));
  it('late after the deadline unless complete; the deadline day itself is not late', () => {
    expect(taskStatus(70, true, '2023-12-31', '2023-12-31')).toBe('in_progress');
    expect(taskStatus(70, true, '2023-12-31', '2024-01-01')).toBe('late');
    expect(taskStatus(100, true, '2023-12-31', '2026-01-01')).toBe('completed');
    expect(taskStatus(0, false, '2027-12-31', '2026-01-01')).toBe('not_started');
  });
  it('the default year is this year within the period, else its last year', () => {
    expect(defaultYear(2021, 2025, '2023-06-01')).toBe(2023);
    expect(defaultYear(2021, 2025, '2026-11-23')).toBe(2025);
    expect(defaultYear(2021, 2025, '2020-03-01')).toBe(2021);
  });
});
