import { describe, expect, it } from 'vitest';
import {
  gradeAccident,
  incidentNumber,
  investigation,
  isEnterpriseReportLate,
  isWithinSupplementWindow,
  levelOfDivision,
  reportingChain,
  stepStatus,
  supplementUntil,
  type Casualties,
} from './incidents.rules.js';

const c = (deaths = 0, seriousInjuries = 0, missing = 0): Casualties => ({
  deaths,
  missing,
  seriousInjuries,
  minorInjuries: 0,
});
const H = 3600_000;

describe('Decree 493 art. 3 grading — "以上包括本数，以下不包括本数"; the highest measure wins', () => {
  // 特别重大事故，是指造成30人以上死亡，或者100人以上重伤（包括急性工业中毒），或者1亿元以上直接经济损失的事故
  it.each([
    [c(30), 0, 'especially_major'],
    [c(0, 100), 0, 'especially_major'],
    [c(), 100_000_000, 'especially_major'],
  ])('特别重大: 30人以上死亡 / 100人以上重伤 / 1亿元以上 — %o, loss %d', (cas, loss, g) =>
    expect(gradeAccident(cas, loss)).toBe(g),
  );
  // 重大事故，是指造成10人以上30人以下死亡，或者50人以上100人以下重伤，或者5000万元以上1亿元以下直接经济损失的事故
  it.each([
    [c(10), 0, 'major'],
    [c(29), 0, 'major'],
    [c(0, 50), 0, 'major'],
    [c(0, 99), 0, 'major'],
    [c(), 50_000_000, 'major'],
    [c(), 99_999_999, 'major'],
  ])('重大: 10人以上30人以下死亡 / 50–99 重伤 / 5000万元以上1亿元以下 — %o, loss %d', (cas, loss, g) =>
    expect(gradeAccident(cas, loss)).toBe(g),
  );
  // 较大事故，是指造成3人以上10人以下死亡，或者10人以上50人以下重伤，或者1000万元以上5000万元以下直接经济损失的事故
  it.each([
    [c(3), 0, 'larger'],
    [c(9), 0, 'larger'],
    [c(0, 10), 0, 'larger'],
    [c(0, 49), 0, 'larger'],
    [c(), 10_000_000, 'larger'],
    [c(), 49_999_999, 'larger'],
  ])('较大: 3人以上10人以下死亡 / 10–49 重伤 / 1000万元以上5000万元以下 — %o, loss %d', (cas, loss, g) =>
    expect(gradeAccident(cas, loss)).toBe(g),
  );
  // 一般事故，是指造成3人以下死亡，或者10人以下重伤，或者1000万元以下直接经济损失的事故
  it.each([
    [c(2), 0, 'general'],
    [c(0, 9), 0, 'general'],
    [c(), 9_999_999, 'general'],
    [c(), 0, 'general'],
  ])('一般: 3人以下死亡 / 10人以下重伤 / 1000万元以下 — %o, loss %d', (cas, loss, g) =>
    expect(gradeAccident(cas, loss)).toBe(g),
  );
  it('deaths are counted including the missing (死亡（含失踪）): 2 dead + 1 missing is 较大', () =>
    expect(gradeAccident(c(2, 0, 1), 0)).toBe('larger'));
  it('the highest measure decides: 1 death but 60 serious injuries is 重大', () =>
    expect(gradeAccident(c(1, 60), 0)).toBe('major'));
});

describe('Decree 493 art. 10 reporting chain — "每级上报的时间不得超过2小时"', () => {
  const received = new Date('2026-11-23T02:00:00Z');
  it('一般 received by a county goes up to the city (设区的市) only', () => {
    const ch = reportingChain('general', 'county', received);
    expect(ch.map((s) => s.level)).toEqual(['city']);
    expect(ch[0]?.dueAt.toISOString()).toBe('2026-11-23T04:00:00.000Z');
  });
  it('较大 goes up to the province; deadlines chain 2 h after the previous deadline while unreported', () => {
    const ch = reportingChain('larger', 'county', received);
    expect(ch.map((s) => [s.level, s.dueAt.toISOString()])).toEqual([
      ['city', '2026-11-23T04:00:00.000Z'],
      ['province', '2026-11-23T06:00:00.000Z'],
    ]);
  });
  it('重大 and 特别重大 go up to the national level (国务院安全生产监督管理部门)', () => {
    expect(reportingChain('major', 'county', received).map((s) => s.level)).toEqual(['city', 'province', 'national']);
    expect(reportingChain('especially_major', 'city', received).map((s) => s.level)).toEqual(['province', 'national']);
  });
  it('a later step is due 2 h after the actual receipt below it', () => {
    const ch = reportingChain('major', 'county', received, { city: new Date('2026-11-23T02:30:00Z') });
    expect(ch[1]?.dueAt.toISOString()).toBe('2026-11-23T04:30:00.000Z');
    expect(ch[2]?.dueAt.toISOString()).toBe('2026-11-23T06:30:00.000Z');
  });
  it('the chain starts at the receiving level: a city-received 一般 accident has no step left', () =>
    expect(reportingChain('general', 'city', received)).toEqual([]));
  it('overdue after the deadline, not at it; skipped when a higher level already has it (越级上报)', () => {
    const ch = reportingChain('larger', 'county', received, { province: new Date('2026-11-23T03:00:00Z') });
    expect(stepStatus(ch, 0, new Date('2026-11-23T05:00:00Z'))).toBe('skipped');
    expect(stepStatus(ch, 1, new Date('2026-11-23T05:00:00Z'))).toBe('reported');
    const open = reportingChain('general', 'county', received);
    expect(stepStatus(open, 0, new Date('2026-11-23T04:00:00Z'))).toBe('pending');
    expect(stepStatus(open, 0, new Date('2026-11-23T04:00:01Z'))).toBe('overdue');
  });
});

describe('Decree 493 art. 9 — 单位负责人接到报告后，应当于1小时内向县级以上…报告', () => {
  const occurred = new Date('2026-11-23T02:00:00Z');
  it('an enterprise report 60 minutes after the accident is on time', () =>
    expect(isEnterpriseReportLate(occurred, new Date(occurred.getTime() + H))).toBe(false));
  it('61 minutes is late', () =>
    expect(isEnterpriseReportLate(occurred, new Date(occurred.getTime() + H + 60_000))).toBe(true));
});

describe('Decree 493 art. 13 — 伤亡人数发生变化的，自事故发生之日起30日内（道路交通、火灾7日内）及时补报', () => {
  const occurred = new Date('2026-11-01T00:00:00Z');
  it('30 days for a mine accident', () =>
    expect(supplementUntil(occurred, 'mine').toISOString()).toBe('2026-12-01T00:00:00.000Z'));
  it('7 days for road traffic and fire', () => {
    expect(supplementUntil(occurred, 'road_traffic').toISOString()).toBe('2026-11-08T00:00:00.000Z');
    expect(supplementUntil(occurred, 'fire').toISOString()).toBe('2026-11-08T00:00:00.000Z');
  });
  it('a change on the last moment counts; one after it does not', () => {
    expect(isWithinSupplementWindow(occurred, 'fire', new Date('2026-11-08T00:00:00Z'))).toBe(true);
    expect(isWithinSupplementWindow(occurred, 'fire', new Date('2026-11-08T00:00:01Z'))).toBe(false);
  });
});

describe('Decree 493 art. 19 and 29 — who investigates, report within 60 days', () => {
  const occurred = new Date('2026-11-01T00:00:00Z');
  it.each([
    ['general', 'county'],
    ['larger', 'city'],
    ['major', 'province'],
    ['especially_major', 'national'],
  ] as const)('%s → %s government', (g, level) => {
    const inv = investigation(g, occurred);
    expect(inv.level).toBe(level);
    expect(inv.dueAt.toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });
});

describe('levels and numbers', () => {
  it('division level of the receiving organisation', () => {
    expect(levelOfDivision('140321')).toBe('county');
    expect(levelOfDivision('140300')).toBe('city');
    expect(levelOfDivision('140000')).toBe('province');
    expect(levelOfDivision('140321100')).toBe('county');
  });
  it('SJ-YYYY-NNNNNN', () => expect(incidentNumber(2026, 123)).toBe('SJ-2026-000123'));
});

describe('who is late for an overdue step', () => {
  it('the receiving county is late for the city step; the city for the province step', async () => {
    const { divisionAtLevel, holderOfStep } = await import('./incidents.rules.js');
    const ch = reportingChain('larger', 'county', new Date('2026-11-23T02:00:00Z'));
    expect(holderOfStep(ch, 0, 'county')).toBe('county');
    expect(holderOfStep(ch, 1, 'county')).toBe('city');
    expect(divisionAtLevel('140321', 'county')).toBe('140321');
    expect(divisionAtLevel('140321100', 'county')).toBe('140321');
    expect(divisionAtLevel('140321', 'city')).toBe('140300');
    expect(divisionAtLevel('140321', 'province')).toBe('140000');
    expect(divisionAtLevel('140321', 'national')).toBeNull();
  });
});
