import { describe, expect, it } from 'vitest';
import { calendarPeriod, drillCompliance, ruleSetOf, type DrillFact, type PlanFact } from './drills.rules.js';

// 临清市"十四五"应急管理体系规划 §四(二) (seed 001); half years are Jan–Jun and Jul–Dec.
const comp: PlanFact = {
  id: 'c',
  title: '综合',
  kind: 'enterprise_comprehensive',
  status: 'published',
  publishedAt: '2020-01-01',
};
const spec: PlanFact = {
  id: 's',
  title: '专项',
  kind: 'enterprise_special',
  status: 'published',
  publishedAt: '2020-01-01',
};
const onsite: PlanFact = { id: 'o', title: '现场', kind: 'onsite', status: 'published', publishedAt: '2020-01-01' };
// A government's own plan, in force long before the periods the tests ask about.
const gov: PlanFact = { id: 'g', title: '总体预案', kind: 'overall', status: 'published', publishedAt: '2020-01-01' };
const drill = (date: string, ...plans: PlanFact[]): DrillFact => ({
  date,
  plans: plans.map((p) => ({ id: p.id, kind: p.kind })),
});
const item = (items: ReturnType<typeof drillCompliance>, requirement: string, planId?: string) =>
  items.find((i) => i.requirement === requirement && i.planId === planId);

describe('rule sets', () => {
  it('governments, departments and rescue teams follow 各级政府每年至少组织1次预案演练', () => {
    expect(ruleSetOf({ kind: 'government', highRisk: false })).toBe('government');
    expect(ruleSetOf({ kind: 'department', highRisk: false })).toBe('government');
    expect(ruleSetOf({ kind: 'rescue_team', highRisk: false })).toBe('government');
  });
  it('高危行业企业、人员密集场所经营单位 vs 其他生产经营单位', () => {
    expect(ruleSetOf({ kind: 'enterprise', highRisk: true })).toBe('high_risk');
    expect(ruleSetOf({ kind: 'institution', highRisk: true })).toBe('high_risk');
    expect(ruleSetOf({ kind: 'enterprise', highRisk: false })).toBe('other');
  });
});

describe('calendar periods', () => {
  it('30 June closes the first half year, 1 July opens the second', () => {
    expect(calendarPeriod('2026-06-30', 6)).toEqual({ start: '2026-01-01', end: '2026-06-30' });
    expect(calendarPeriod('2026-07-01', 6)).toEqual({ start: '2026-07-01', end: '2026-12-31' });
    expect(calendarPeriod('2026-07-01', 6, -1)).toEqual({ start: '2026-01-01', end: '2026-06-30' });
    expect(calendarPeriod('2026-02-10', 6, -1)).toEqual({ start: '2025-07-01', end: '2025-12-31' });
    expect(calendarPeriod('2026-12-31', 12, 1)).toEqual({ start: '2027-01-01', end: '2027-12-31' });
  });
});

describe('government: at least 1 drill per calendar year', () => {
  it('a drill on 31 December counts for that year only', () => {
    const drills = [drill('2025-12-31')];
    expect(drillCompliance('government', [gov], drills, '2025-12-31')[0]).toMatchObject({
      requirement: 'annual_any',
      status: 'ok',
      dueBy: '2026-12-31',
      lastDrillAt: '2025-12-31',
    });
    // On 1 January the new year owes its own drill; last year was met, so it is due by year end.
    expect(drillCompliance('government', [gov], drills, '2026-01-01')[0]).toMatchObject({
      status: 'ok',
      dueBy: '2026-12-31',
    });
  });
  it('a year without a drill is overdue from 1 January; on 31 December it is still only due', () => {
    expect(drillCompliance('government', [gov], [drill('2024-05-01')], '2025-12-31')[0]).toMatchObject({
      status: 'due_soon',
      dueBy: '2025-12-31',
    });
    expect(drillCompliance('government', [gov], [drill('2024-05-01')], '2026-01-01')[0]).toMatchObject({
      status: 'overdue',
      dueBy: '2025-12-31',
    });
  });
  it('due soon within 30 days of the due date (1 December), not before (30 November)', () => {
    const last = [drill('2025-03-01')];
    expect(drillCompliance('government', [gov], last, '2026-12-01')[0]?.status).toBe('due_soon');
    expect(drillCompliance('government', [gov], last, '2026-11-30')[0]?.status).toBe('ok');
  });
  it('an organisation without a plan of its own owes no drill; one whose first plan came this year owes none for last year', () => {
    expect(drillCompliance('government', [], [], '2026-07-01')).toEqual([]);
    const fresh = { ...gov, publishedAt: '2026-03-01' };
    expect(drillCompliance('government', [fresh], [], '2026-07-01')[0]).toMatchObject({
      status: 'ok',
      dueBy: '2026-12-31',
    });
    expect(drillCompliance('government', [{ ...gov, status: 'draft' }], [], '2026-07-01')).toEqual([]);
  });
  it('drills after the day asked about are ignored', () => {
    expect(drillCompliance('government', [gov], [drill('2026-03-01')], '2026-02-01')[0]?.lastDrillAt).toBeNull();
  });
});

describe('high-risk enterprise: 每半年至少组织1次综合或专项预案演练', () => {
  const plans = [comp, spec, onsite];
  it('a comprehensive drill on 30 June meets the first half year; on 1 July the second half is owed', () => {
    const drills = [drill('2026-06-30', comp), drill('2025-12-01', comp)];
    expect(
      item(drillCompliance('high_risk', plans, drills, '2026-06-30'), 'halfyear_comprehensive_or_special'),
    ).toMatchObject({
      status: 'ok',
      dueBy: '2026-12-31',
    });
    expect(
      item(drillCompliance('high_risk', plans, drills, '2026-07-01'), 'halfyear_comprehensive_or_special'),
    ).toMatchObject({
      status: 'ok',
      dueBy: '2026-12-31',
    });
  });
  it('a drill on 1 July does not count for the first half: without one there, 1 July reports it overdue', () => {
    const drills = [drill('2026-07-01', spec), drill('2025-12-20', spec)];
    // On 1 July the second half is met but the first was not… the current half is what counts once met.
    expect(
      item(drillCompliance('high_risk', plans, drills, '2026-07-01'), 'halfyear_comprehensive_or_special')?.status,
    ).toBe('ok');
    const none = [drill('2025-12-20', spec)];
    expect(
      item(drillCompliance('high_risk', plans, none, '2026-06-30'), 'halfyear_comprehensive_or_special'),
    ).toMatchObject({
      status: 'due_soon',
      dueBy: '2026-06-30',
    });
    expect(
      item(drillCompliance('high_risk', plans, none, '2026-07-01'), 'halfyear_comprehensive_or_special'),
    ).toMatchObject({
      status: 'overdue',
      dueBy: '2026-06-30',
    });
  });
  it('an on-site plan drill does not count as a comprehensive or special drill', () => {
    const drills = [drill('2026-03-01', onsite)];
    expect(
      item(drillCompliance('high_risk', plans, drills, '2026-07-02'), 'halfyear_comprehensive_or_special')?.status,
    ).toBe('overdue');
  });
  it('每2年内所有专项预案至少演练1次: counted back from the day asked about, both ends included', () => {
    const drills = [drill('2024-11-23', spec)];
    expect(item(drillCompliance('high_risk', plans, drills, '2026-11-23'), 'special_plan', 's')).toMatchObject({
      status: 'due_soon',
      dueBy: '2026-11-23',
    });
    expect(item(drillCompliance('high_risk', plans, drills, '2026-11-24'), 'special_plan', 's')?.status).toBe(
      'overdue',
    );
    expect(item(drillCompliance('high_risk', plans, drills, '2026-10-24'), 'special_plan', 's')?.status).toBe(
      'due_soon',
    );
    expect(item(drillCompliance('high_risk', plans, drills, '2026-10-23'), 'special_plan', 's')?.status).toBe('ok');
  });
  it('a special plan never drilled is due 2 years after publication', () => {
    const fresh = { ...spec, id: 's2', publishedAt: '2025-03-01' };
    expect(item(drillCompliance('high_risk', [fresh], [], '2026-01-01'), 'special_plan', 's2')).toMatchObject({
      dueBy: '2027-03-01',
      status: 'ok',
      lastDrillAt: null,
    });
  });
  it('每半年所有现场处置方案至少演练1次, one item per on-site plan', () => {
    const o2: PlanFact = { ...onsite, id: 'o2', title: '现场2' };
    const drills = [drill('2026-02-01', onsite), drill('2025-10-01', onsite, o2)];
    const items = drillCompliance('high_risk', [comp, spec, onsite, o2], drills, '2026-07-01');
    expect(item(items, 'onsite_plan', 'o')).toMatchObject({ status: 'ok', dueBy: '2026-12-31' });
    expect(item(items, 'onsite_plan', 'o2')).toMatchObject({ status: 'overdue', dueBy: '2026-06-30' });
  });
  it('a plan published during the past half year owes no drill for it', () => {
    const late: PlanFact = { ...onsite, id: 'o3', publishedAt: '2026-03-01' };
    expect(item(drillCompliance('high_risk', [late], [], '2026-07-01'), 'onsite_plan', 'o3')).toMatchObject({
      status: 'ok',
      dueBy: '2026-12-31',
    });
  });
  it('drafts and superseded plans carry no per-plan requirement', () => {
    const items = drillCompliance(
      'high_risk',
      [comp, { ...spec, status: 'draft' }, { ...onsite, status: 'superseded' }],
      [],
      '2026-07-01',
    );
    expect(items.map((i) => i.requirement)).toEqual(['halfyear_comprehensive_or_special']);
  });
});

describe('other enterprises: yearly comprehensive/special, special every 3 years, on-site every year', () => {
  const plans = [comp, spec, onsite];
  it('每年至少组织1次综合或专项预案演练: 31 December still due, 1 January overdue', () => {
    const drills = [drill('2024-06-01', comp)];
    expect(item(drillCompliance('other', plans, drills, '2025-12-31'), 'annual_comprehensive_or_special')?.status).toBe(
      'due_soon',
    );
    expect(item(drillCompliance('other', plans, drills, '2026-01-01'), 'annual_comprehensive_or_special')?.status).toBe(
      'overdue',
    );
  });
  it('每3年内所有专项预案至少演练1次', () => {
    const drills = [drill('2023-11-23', spec)];
    expect(item(drillCompliance('other', plans, drills, '2026-11-23'), 'special_plan', 's')?.status).toBe('due_soon');
    expect(item(drillCompliance('other', plans, drills, '2026-11-24'), 'special_plan', 's')?.status).toBe('overdue');
  });
  it('每年所有现场处置方案至少演练1次', () => {
    const drills = [drill('2025-12-31', onsite)];
    expect(item(drillCompliance('other', plans, drills, '2026-06-30'), 'onsite_plan', 'o')).toMatchObject({
      status: 'ok',
      dueBy: '2026-12-31',
    });
  });
});
