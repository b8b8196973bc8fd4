import { describe, expect, it } from 'vitest';
import type { PlanLevel, Trigger } from '@yingji/contracts';
import {
  actionsAtLevel,
  addYears,
  dueStatus,
  evaluationBasis,
  evaluationDueBy,
  filingDueBy,
  highestLevel,
  levelChange,
  scopeFits,
  taskTransition,
  triggerHolds,
  withActionIds,
  type IncidentFacts,
} from './plans.rules.js';

const facts = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({
  category: 'accident',
  type: 'hazchem',
  grade: 'larger',
  divisionCode: '140321',
  deaths: 3,
  missing: 0,
  seriousInjuries: 0,
  minorInjuries: 0,
  evacuated: 0,
  directLossYuan: 0,
  ...over,
});
const t = (field: Trigger['field'], op: Trigger['op'], value: Trigger['value']): Trigger => ({ field, op, value });

describe('trigger conditions', () => {
  it('"死亡3人以上" — >= includes the bound', () => {
    expect(triggerHolds(t('deaths', '>=', 3), facts({ deaths: 3 }))).toBe(true);
    expect(triggerHolds(t('deaths', '>=', 3), facts({ deaths: 2 }))).toBe(false);
    expect(triggerHolds(t('deaths', '>', 3), facts({ deaths: 3 }))).toBe(false);
  });
  it('deathsAndMissing and injuries add up', () => {
    expect(triggerHolds(t('deathsAndMissing', '>=', 10), facts({ deaths: 6, missing: 4 }))).toBe(true);
    expect(triggerHolds(t('injuries', '>=', 10), facts({ seriousInjuries: 4, minorInjuries: 5 }))).toBe(false);
  });
  it('grade compares by severity; "in" and "=" compare by value', () => {
    expect(triggerHolds(t('grade', '>=', 'larger'), facts({ grade: 'major' }))).toBe(true);
    expect(triggerHolds(t('grade', '>=', 'major'), facts({ grade: 'larger' }))).toBe(false);
    expect(triggerHolds(t('grade', '>', 'larger'), facts({ grade: 'larger' }))).toBe(false);
    expect(triggerHolds(t('grade', '>=', 'general'), facts({ grade: null }))).toBe(false);
    expect(triggerHolds(t('grade', 'in', ['larger', 'major']), facts({ grade: 'major' }))).toBe(true);
    expect(triggerHolds(t('type', '=', 'hazchem'), facts())).toBe(true);
    expect(triggerHolds(t('type', 'in', ['fire', 'mine']), facts())).toBe(false);
  });
});

const levels: PlanLevel[] = [
  { level: 'IV', match: 'any', triggers: [t('deaths', '>=', 1), t('evacuated', '>=', 100)] },
  { level: 'III', match: 'any', triggers: [t('deaths', '>=', 3), t('evacuated', '>=', 1000)] },
  { level: 'II', match: 'all', triggers: [t('deaths', '>=', 10), t('type', '=', 'hazchem')] },
];
const plan = { divisionCode: '140300', scope: { categories: ['accident'], types: ['hazchem'] }, levels };

describe('plan matching', () => {
  it('picks the highest level whose triggers hold and names the matched ones', () => {
    expect(highestLevel(plan, facts({ deaths: 3, evacuated: 1200 }))).toEqual({
      level: 'III',
      matched: [t('deaths', '>=', 3), t('evacuated', '>=', 1000)],
    });
    expect(highestLevel(plan, facts({ deaths: 0, evacuated: 999 })).level).toBe('IV');
    expect(highestLevel(plan, facts({ deaths: 0, evacuated: 99 })).level).toBeNull();
  });
  it('a level with match=all needs every trigger', () => {
    expect(highestLevel(plan, facts({ deaths: 10 })).level).toBe('II');
    expect(highestLevel(plan, facts({ deaths: 10, type: 'fire' })).level).toBe('III');
  });
  it('scope: the incident lies in the plan’s division and its category and type are covered; empty lists cover all', () => {
    expect(scopeFits(plan, facts())).toBe(true);
    expect(scopeFits(plan, facts({ divisionCode: '140100' }))).toBe(false);
    expect(scopeFits(plan, facts({ type: 'fire' }))).toBe(false);
    expect(
      scopeFits(
        { ...plan, scope: { categories: [], types: [] } },
        facts({ category: 'natural_disaster', type: 'flood' }),
      ),
    ).toBe(true);
    // A county plan does not cover an incident of the city centre.
    expect(scopeFits({ ...plan, divisionCode: '140321' }, facts({ divisionCode: '140302' }))).toBe(false);
  });
});

const actions = withActionIds([
  { departmentOrgId: 'fire', action: '出动', withinMinutes: 15, level: 'IV' as const },
  { departmentOrgId: 'police', action: '警戒', withinMinutes: 30, level: 'III' as const },
  { departmentOrgId: 'health', action: '救治', withinMinutes: 30, level: 'III' as const },
  { departmentOrgId: 'press', action: '发布', withinMinutes: 120, level: 'II' as const },
  { departmentOrgId: 'army', action: '支援', withinMinutes: 180, level: 'I' as const },
]);

describe('tasks of a level', () => {
  it('a level takes its own actions and those of every lower level', () => {
    expect(actionsAtLevel(actions, 'IV').map((a) => a.id)).toEqual(['a1']);
    expect(actionsAtLevel(actions, 'III').map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    expect(actionsAtLevel(actions, 'I')).toHaveLength(5);
  });
  it('raising adds only what is missing; a done task is not repeated', () => {
    const tasks = [
      { id: 't1', actionId: 'a1', status: 'done' },
      { id: 't2', actionId: 'a2', status: 'pending' },
      { id: 't3', actionId: 'a3', status: 'acknowledged' },
    ];
    const up = levelChange(actions, tasks, 'II');
    expect(up.add.map((a) => a.id)).toEqual(['a4']);
    expect(up.cancel).toEqual([]);
  });
  it('lowering cancels unfinished tasks of higher levels and keeps done ones', () => {
    const tasks = [
      { id: 't1', actionId: 'a1', status: 'pending' },
      { id: 't2', actionId: 'a2', status: 'done' },
      { id: 't3', actionId: 'a3', status: 'in_progress' },
      { id: 't4', actionId: 'a4', status: 'pending' },
    ];
    expect(levelChange(actions, tasks, 'IV')).toEqual({ add: [], cancel: ['t3', 't4'] });
  });
  it('action ids are stable: kept when present, numbered after the highest otherwise, duplicates renumbered', () => {
    const ids = withActionIds([
      { id: 'a7', departmentOrgId: 'x', action: 'x', withinMinutes: 1, level: 'IV' },
      { departmentOrgId: 'x', action: 'y', withinMinutes: 1, level: 'IV' },
      { id: 'a7', departmentOrgId: 'x', action: 'z', withinMinutes: 1, level: 'IV' },
    ]).map((a) => a.id);
    expect(ids).toEqual(['a7', 'a8', 'a9']);
  });
  it('task statuses move forward only; done and cancelled are closed', () => {
    expect(taskTransition('pending', 'done')).toBe('ok');
    expect(taskTransition('in_progress', 'acknowledged')).toBe('backwards');
    expect(taskTransition('acknowledged', 'acknowledged')).toBe('ok');
    expect(taskTransition('done', undefined)).toBe('closed');
    expect(taskTransition('cancelled', 'done')).toBe('closed');
  });
});

describe('filing and evaluation cycles', () => {
  it('备案 within 20 working days of publication (应急管理部令第2号 art. 26), weekends skipped', () => {
    expect(filingDueBy('2026-01-05')).toBe('2026-02-02'); // Monday → four weeks later
    expect(filingDueBy('2026-01-09')).toBe('2026-02-06'); // Friday
    expect(filingDueBy('2026-01-10')).toBe('2026-02-06'); // Saturday counts from Monday
  });
  it('art. 35: high-risk enterprises evaluate every 3 years; government plans too (国办发〔2024〕5号); others are not listed', () => {
    expect(
      evaluationBasis({ kind: 'enterprise_special', status: 'published' }, { kind: 'enterprise', highRisk: true }),
    ).toBe('high_risk_enterprise');
    expect(
      evaluationBasis({ kind: 'enterprise_special', status: 'published' }, { kind: 'enterprise', highRisk: false }),
    ).toBeNull();
    expect(evaluationBasis({ kind: 'special', status: 'published' }, { kind: 'government', highRisk: false })).toBe(
      'government',
    );
    expect(evaluationBasis({ kind: 'special', status: 'draft' }, { kind: 'government', highRisk: false })).toBeNull();
    expect(evaluationDueBy(null, '2023-06-20')).toBe('2026-06-20');
    expect(evaluationDueBy('2025-01-10', '2020-01-01')).toBe('2028-01-10');
  });
  it('overdue the day after the due date; due soon within 30 days', () => {
    expect(dueStatus('2026-06-20', '2026-06-20')).toBe('due_soon');
    expect(dueStatus('2026-06-20', '2026-06-21')).toBe('overdue');
    expect(dueStatus('2026-06-20', '2026-05-21')).toBe('due_soon');
    expect(dueStatus('2026-06-20', '2026-05-20')).toBe('ok');
  });
  it('29 February plus years falls on 28 February', () => {
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});
