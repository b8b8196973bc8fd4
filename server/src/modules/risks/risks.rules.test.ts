import { describe, expect, it } from 'vitest';
import { createRiskPointBody, HAZARD_STATES, type HazardState, type Permission } from '@yingji/contracts';
import {
  allowedFor,
  bandOf,
  checkTransition,
  DEFAULT_BANDS,
  distanceMeters,
  grade,
  HAZARD_TRANSITIONS,
  isOverdue,
  isSupervised,
  missingPlanElements,
  ownOrgOnly,
  repeatChains,
  scoreOf,
  sniffContentType,
  thresholdRatio,
  transitionsFrom,
} from './risks.rules.js';

// 作业条件危险性分析法 (LEC), D = L × E × C:
// D > 320 重大风险 (red); 160 < D ≤ 320 较大风险 (orange); 70 < D ≤ 160 一般风险 (yellow); D ≤ 70 低风险 (blue).
describe('LEC bands (D = L×E×C)', () => {
  const lec = DEFAULT_BANDS.LEC;
  it('D = 70 is low: "D ≤ 70 低风险" includes 70', () => expect(bandOf(70, lec)).toBe('low'));
  it('D = 70.5 is general: "70 < D ≤ 160 一般风险"', () => expect(bandOf(70.5, lec)).toBe('general'));
  it('D = 160 is general: "70 < D ≤ 160" includes 160', () => expect(bandOf(160, lec)).toBe('general'));
  it('D = 160.5 is larger: "160 < D ≤ 320 较大风险"', () => expect(bandOf(160.5, lec)).toBe('larger'));
  it('D = 320 is larger: "160 < D ≤ 320" includes 320', () => expect(bandOf(320, lec)).toBe('larger'));
  it('D = 320.5 is major: "D > 320 重大风险"', () => expect(bandOf(320.5, lec)).toBe('major'));
  it('grades real inputs: 3×6×40 = 720 is major/red and controlled by the company', () =>
    expect(grade({ method: 'LEC', L: 3, E: 6, C: 40 })).toEqual({
      score: 720,
      level: 'major',
      color: 'red',
      controlLevel: 'company',
    }));
  it('1×6×40 = 240 is larger/orange, controlled by the workshop', () =>
    expect(grade({ method: 'LEC', L: 1, E: 6, C: 40 })).toMatchObject({
      score: 240,
      color: 'orange',
      controlLevel: 'workshop',
    }));
  it('3×6×7 = 126 is general/yellow, controlled by the team', () =>
    expect(grade({ method: 'LEC', L: 3, E: 6, C: 7 })).toMatchObject({
      score: 126,
      color: 'yellow',
      controlLevel: 'team',
    }));
  it('1×6×7 = 42 is low/blue, controlled at the post', () =>
    expect(grade({ method: 'LEC', L: 1, E: 6, C: 7 })).toMatchObject({
      score: 42,
      color: 'blue',
      controlLevel: 'post',
    }));
  it('computes 0.1×3×7 = 2.1 without floating-point noise', () =>
    expect(scoreOf({ method: 'LEC', L: 0.1, E: 3, C: 7 })).toBe(2.1));
});

// 风险矩阵 (LS), R = L × S with L, S ∈ 1..5: 20–25 重大; 15–16 较大; 9–12 一般; 1–8 低.
describe('LS matrix bands (R = L×S)', () => {
  const ls = DEFAULT_BANDS.LS;
  it('R = 8 is low ("1–8 低")', () => expect(bandOf(8, ls)).toBe('low'));
  it('R = 9 is general ("9–12 一般")', () => expect(bandOf(9, ls)).toBe('general'));
  it('R = 12 is general ("9–12 一般")', () => expect(bandOf(12, ls)).toBe('general'));
  it('R = 15 is larger ("15–16 较大")', () => expect(bandOf(15, ls)).toBe('larger'));
  it('R = 16 is larger ("15–16 较大")', () => expect(bandOf(16, ls)).toBe('larger'));
  it('R = 20 is major ("20–25 重大")', () => expect(bandOf(20, ls)).toBe('major'));
  it('4×5 grades major/red', () =>
    expect(grade({ method: 'LS', L: 4, S: 5 })).toMatchObject({ score: 20, color: 'red' }));
  it('bands are data: a stricter table regrades the same score', () => {
    const strict = {
      ...DEFAULT_BANDS,
      LS: [{ level: 'major' as const, min: 12, inclusive: true }, ...DEFAULT_BANDS.LS.slice(1)],
    };
    expect(grade({ method: 'LS', L: 3, S: 4 }, strict).level).toBe('major');
    expect(grade({ method: 'LS', L: 3, S: 4 }).level).toBe('general');
  });
});

// Standard LEC scales: L ∈ {0.1,0.2,0.5,1,3,6,10}, E ∈ {0.5,1,2,3,6,10}, C ∈ {1,3,7,15,40,100}.
describe('assessment input validation', () => {
  const base = { orgId: '00000000-0000-4000-8000-000000000000', name: '储罐区', divisionCode: '140321' };
  const issues = (assessment: unknown) =>
    createRiskPointBody.safeParse({ ...base, assessment }).error?.issues.map((i) => i.path.join('.')) ?? [];
  it('accepts every standard LEC value', () => {
    expect(issues({ method: 'LEC', L: 0.1, E: 0.5, C: 1 })).toEqual([]);
    expect(issues({ method: 'LEC', L: 10, E: 10, C: 100 })).toEqual([]);
  });
  it('rejects an L that is not on the scale, naming L', () =>
    expect(issues({ method: 'LEC', L: 4, E: 6, C: 40 })).toEqual(['assessment.L']));
  it('rejects E = 7 and C = 50, naming both', () =>
    expect(issues({ method: 'LEC', L: 3, E: 7, C: 50 })).toEqual(['assessment.E', 'assessment.C']));
  it('rejects LS values outside 1..5 and fractions', () => {
    expect(issues({ method: 'LS', L: 6, S: 2 })).toEqual(['assessment.L']);
    expect(issues({ method: 'LS', L: 2, S: 0 })).toEqual(['assessment.S']);
    expect(issues({ method: 'LS', L: 2.5, S: 3 })).toEqual(['assessment.L']);
  });
});

describe('hazard workflow', () => {
  const all: Permission[] = ['hazard.report', 'hazard.rectify', 'hazard.verify', 'hazard.supervise'];
  const ready = { responsiblePerson: '李红', deadline: new Date('2026-12-01T00:00:00Z'), plan: null };
  const check = (from: HazardState, to: HazardState, extra: Partial<Parameters<typeof checkTransition>[0]> = {}) =>
    checkTransition({
      from,
      to,
      level: 'general',
      actorId: 'u1',
      permissions: all,
      rectifierIds: [],
      hazard: ready,
      ...extra,
    });

  it('a general hazard goes reported → assigned → rectifying → pending_verification → closed', () => {
    const path: HazardState[] = ['reported', 'assigned', 'rectifying', 'pending_verification', 'closed'];
    for (let i = 1; i < path.length; i++) expect(check(path[i - 1]!, path[i]!).ok).toBe(true);
  });
  it('a major hazard adds plan_submitted/plan_approved and ends written_off (销号)', () => {
    const full = {
      objective: 'a',
      measures: 'b',
      funding: 'c',
      organisation: 'd',
      timeline: 'e',
      safetyAndContingency: 'f',
    };
    const path: HazardState[] = [
      'reported',
      'assigned',
      'plan_submitted',
      'plan_approved',
      'rectifying',
      'pending_verification',
      'write_off_requested',
      'written_off',
    ];
    for (let i = 1; i < path.length; i++)
      expect(check(path[i - 1]!, path[i]!, { level: 'major', hazard: { ...ready, plan: full } }).ok).toBe(true);
  });
  it('a failed verification goes to rejected and back to rectifying', () => {
    expect(check('pending_verification', 'rejected').ok).toBe(true);
    expect(check('rejected', 'rectifying').ok).toBe(true);
  });
  it('a major hazard cannot be closed directly, and a general one has no plan step', () => {
    expect(check('pending_verification', 'closed', { level: 'major' })).toMatchObject({
      ok: false,
      code: 'HAZARD_TRANSITION_INVALID',
      details: { allowed: ['rejected', 'write_off_requested'] },
    });
    expect(check('assigned', 'plan_submitted')).toMatchObject({
      ok: false,
      code: 'HAZARD_TRANSITION_INVALID',
      details: { from: 'assigned', allowed: ['rectifying'] },
    });
  });
  it('every (state, state) pair not in the table is refused with the allowed ones named', () => {
    for (const level of ['general', 'major'] as const)
      for (const from of HAZARD_STATES)
        for (const to of HAZARD_STATES) {
          const legal = HAZARD_TRANSITIONS.some((t) => t.from === from && t.to === to && t.levels.includes(level));
          const v = check(from, to, { level, hazard: { ...ready, plan: { objective: 'x' } } });
          if (!legal)
            expect(v).toEqual({
              ok: false,
              code: 'HAZARD_TRANSITION_INVALID',
              details: { from, to, allowed: transitionsFrom(from, level).map((t) => t.to) },
            });
        }
  });
  it('closed and written_off are final', () => {
    expect(transitionsFrom('closed', 'general')).toEqual([]);
    expect(transitionsFrom('written_off', 'major')).toEqual([]);
  });
  it('the verifier must not be the rectifier', () => {
    expect(check('pending_verification', 'closed', { rectifierIds: ['u1'] })).toMatchObject({
      ok: false,
      code: 'HAZARD_VERIFIER_IS_RECTIFIER',
    });
    expect(check('pending_verification', 'rejected', { rectifierIds: ['u1'] }).ok).toBe(false);
    expect(check('pending_verification', 'closed', { rectifierIds: ['u2'] }).ok).toBe(true);
  });
  it('who may do a transition is data: verifying needs hazard.verify, write-off needs hazard.supervise', () => {
    expect(check('pending_verification', 'closed', { permissions: ['hazard.rectify'] })).toMatchObject({
      ok: false,
      code: 'HAZARD_TRANSITION_FORBIDDEN',
      details: { requires: 'hazard.verify' },
    });
    expect(
      check('write_off_requested', 'written_off', { level: 'major', permissions: ['hazard.verify', 'hazard.rectify'] }),
    ).toMatchObject({ ok: false, details: { requires: 'hazard.supervise' } });
    expect(allowedFor('pending_verification', 'major', ['hazard.verify'])).toEqual(['rejected', 'write_off_requested']);
    expect(allowedFor('reported', 'general', ['hazard.report'])).toEqual([]);
  });
  it('assigning needs a responsible person and a deadline', () => {
    expect(check('reported', 'assigned', { hazard: { responsiblePerson: null, deadline: null, plan: null } })).toEqual({
      ok: false,
      code: 'HAZARD_TRANSITION_INCOMPLETE',
      details: { missing: ['responsiblePerson', 'deadline'] },
    });
  });
  // 重大事故隐患治理方案: 目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案 ("五落实").
  it('a major-hazard plan is approved only with all its elements (五落实)', () => {
    const partial = { objective: '消除隐患', measures: '更换阀门', funding: '35 万元' };
    expect(missingPlanElements(partial)).toEqual(['organisation', 'timeline', 'safetyAndContingency']);
    expect(check('plan_submitted', 'plan_approved', { level: 'major', hazard: { ...ready, plan: partial } })).toEqual({
      ok: false,
      code: 'HAZARD_PLAN_INCOMPLETE',
      details: { missing: ['organisation', 'timeline', 'safetyAndContingency'] },
    });
    expect(
      missingPlanElements({ ...partial, organisation: ' ', timeline: '30 日', safetyAndContingency: '警戒' }),
    ).toEqual(['organisation']);
  });
});

describe('overdue and supervision (督办)', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const past = new Date('2026-05-31T23:59:59Z');
  it('an open hazard past its deadline is overdue; a closed or written-off one is not', () => {
    expect(isOverdue({ deadline: past, status: 'rectifying' }, now)).toBe(true);
    expect(isOverdue({ deadline: past, status: 'closed' }, now)).toBe(false);
    expect(isOverdue({ deadline: past, status: 'written_off' }, now)).toBe(false);
    expect(isOverdue({ deadline: now, status: 'rectifying' }, now)).toBe(false);
    expect(isOverdue({ deadline: null, status: 'reported' }, now)).toBe(false);
  });
  it('a major hazard is supervised until written off', () => {
    expect(isSupervised({ deadline: null, status: 'write_off_requested', level: 'major' }, now)).toBe(true);
    expect(isSupervised({ deadline: null, status: 'written_off', level: 'major' }, now)).toBe(false);
    expect(isSupervised({ deadline: null, status: 'rectifying', level: 'general' }, now)).toBe(false);
  });
});

describe('repeat hazards: same category at the same risk point within 90 days', () => {
  const d = (s: string) => new Date(`${s}T00:00:00Z`);
  it('chains hazards 90 days apart or less, and breaks at 91', () => {
    const chains = repeatChains([
      { id: 'a', riskPointId: 'p', category: 'fire', reportedAt: d('2026-01-01') },
      { id: 'b', riskPointId: 'p', category: 'fire', reportedAt: d('2026-04-01') }, // 90 days later
      { id: 'c', riskPointId: 'p', category: 'fire', reportedAt: d('2026-07-01') }, // 91 days later
      { id: 'e', riskPointId: 'p', category: 'gas', reportedAt: d('2026-01-02') },
      { id: 'f', riskPointId: 'q', category: 'fire', reportedAt: d('2026-01-03') },
    ]);
    expect(chains.map((c) => c.map((h) => h.id))).toEqual([['a', 'b']]);
  });
});

describe('geometry, ratios, roles, attachments', () => {
  it('measures 1° of latitude as about 111.2 km', () =>
    expect(Math.round(distanceMeters({ lon: 113.6, lat: 37.8 }, { lon: 113.6, lat: 38.8 }) / 100)).toBe(1112));
  it('sums q/Q over the substances (GB 18218)', () =>
    expect(
      thresholdRatio([
        { quantityTonnes: 800, thresholdTonnes: 50 },
        { quantityTonnes: 1200, thresholdTonnes: 5000 },
      ]),
    ).toBe(16.24));
  it('only a purely enterprise user is limited to its own organisation', () => {
    expect(ownOrgOnly(['enterprise'])).toBe(true);
    expect(ownOrgOnly(['enterprise', 'county'])).toBe(false);
    expect(ownOrgOnly(['inspector'])).toBe(false);
  });
  it('recognises files by their first bytes', () => {
    expect(sniffContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffContentType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffContentType(new TextEncoder().encode('MZ\u0090\u0000'))).toBeNull();
  });
});
