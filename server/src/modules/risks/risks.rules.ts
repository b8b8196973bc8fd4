/**
 * Dual prevention (双重预防) as data and pure functions: risk grading (LEC and the LS matrix), the control level
 * that follows from a grade, the hazard workflow, the five-element check of a major-hazard plan, overdue and
 * supervision, repeat hazards, distances and attachment sniffing.
 */
import {
  RECTIFICATION_PLAN_ELEMENTS,
  type AssessmentInput,
  type AssessmentMethod,
  type AttachmentContentType,
  type ControlLevel,
  type HazardLevel,
  type HazardState,
  type Permission,
  type RectificationPlan,
  type RectificationPlanElement,
  type RiskColor,
  type RiskLevel,
  type Role,
} from '@yingji/contracts';
import { haversineMeters } from '../../geo/road-graph.js';

// ---- risk grading ----

/** A band: scores above `min` (or at it, when `inclusive`) grade as `level`. Bands are checked in order. */
export interface Band {
  level: RiskLevel;
  min: number;
  inclusive: boolean;
}
export type BandTable = Record<AssessmentMethod, readonly Band[]>;

/**
 * Default bands.
 * LEC (作业条件危险性分析): D > 320 重大; 160 < D ≤ 320 较大; 70 < D ≤ 160 一般; D ≤ 70 低.
 * LS matrix (风险矩阵, common provincial practice): R 20–25 重大; 15–16 较大; 9–12 一般; 1–8 低.
 */
export const DEFAULT_BANDS: BandTable = {
  LEC: [
    { level: 'major', min: 320, inclusive: false },
    { level: 'larger', min: 160, inclusive: false },
    { level: 'general', min: 70, inclusive: false },
    { level: 'low', min: Number.NEGATIVE_INFINITY, inclusive: true },
  ],
  LS: [
    { level: 'major', min: 20, inclusive: true },
    { level: 'larger', min: 15, inclusive: true },
    { level: 'general', min: 9, inclusive: true },
    { level: 'low', min: Number.NEGATIVE_INFINITY, inclusive: true },
  ],
};

export const LEVEL_COLORS: Record<RiskLevel, RiskColor> = {
  major: 'red',
  larger: 'orange',
  general: 'yellow',
  low: 'blue',
};

/** 分级管控: major → company, larger → workshop (company oversight), general → team, low → post. */
export const DEFAULT_CONTROL_LEVELS: Record<RiskLevel, ControlLevel> = {
  major: 'company',
  larger: 'workshop',
  general: 'team',
  low: 'post',
};

/** The level of a score under a method's bands. */
export function bandOf(score: number, bands: readonly Band[]): RiskLevel {
  for (const b of bands) if (b.inclusive ? score >= b.min : score > b.min) return b.level;
  return 'low';
}

/** D = L × E × C or R = L × S, rounded to 4 decimals so 0.1 × 3 × 7 is 2.1, not 2.1000000000000005. */
export function scoreOf(input: AssessmentInput): number {
  const raw = input.method === 'LEC' ? input.L * input.E * input.C : input.L * input.S;
  return Math.round(raw * 10_000) / 10_000;
}

export interface Grade {
  score: number;
  level: RiskLevel;
  color: RiskColor;
  controlLevel: ControlLevel;
}

export function grade(input: AssessmentInput, bands: BandTable = DEFAULT_BANDS): Grade {
  const score = scoreOf(input);
  const level = bandOf(score, bands[input.method]);
  return { score, level, color: LEVEL_COLORS[level], controlLevel: DEFAULT_CONTROL_LEVELS[level] };
}

/** The inputs of an assessment without its method, as stored. */
export function inputsOf(input: AssessmentInput): Record<string, number> {
  return input.method === 'LEC' ? { L: input.L, E: input.E, C: input.C } : { L: input.L, S: input.S };
}

/** Σ q/Q over the substances of a major hazard source (GB 18218: ≥ 1 is a major hazard source). */
export function thresholdRatio(substances: readonly { quantityTonnes: number; thresholdTonnes: number }[]): number {
  const sum = substances.reduce((acc, s) => acc + s.quantityTonnes / s.thresholdTonnes, 0);
  return Math.round(sum * 1000) / 1000;
}

// ---- scope ----

/** A user holding only the enterprise role works on its own organisation's records and nothing else. */
export function ownOrgOnly(roles: readonly Role[]): boolean {
  return roles.length > 0 && roles.every((r) => r === 'enterprise');
}

// ---- hazard workflow ----

export type TransitionNeed = 'responsiblePerson' | 'deadline' | 'plan';

export interface HazardTransitionRule {
  from: HazardState;
  to: HazardState;
  /** Hazard levels the transition applies to. */
  levels: readonly HazardLevel[];
  /** Permission the actor needs (and the hazard must lie in the actor's scope). */
  permission: Permission;
  /** Actors of such a transition count as rectifiers of the hazard. */
  rectifies?: boolean;
  /** The actor verifies: they must not be a rectifier of the hazard. */
  verifies?: boolean;
  /** Fields the hazard must have (from the body or already) before the transition. */
  needs?: readonly TransitionNeed[];
  /** The rectification plan must hold all elements (五落实). */
  completePlan?: boolean;
}

const BOTH: readonly HazardLevel[] = ['general', 'major'];
const GENERAL: readonly HazardLevel[] = ['general'];
const MAJOR: readonly HazardLevel[] = ['major'];

/**
 * The hazard workflow (隐患排查治理, 原安监总局令第16号; 挂牌督办 and 销号 by the supervising regulator).
 * general: reported → assigned → rectifying → pending_verification → closed, rejected → rectifying.
 * major:   reported → assigned → plan_submitted → plan_approved → rectifying → pending_verification
 *          → write_off_requested → written_off.
 */
export const HAZARD_TRANSITIONS: readonly HazardTransitionRule[] = [
  {
    from: 'reported',
    to: 'assigned',
    levels: BOTH,
    permission: 'hazard.rectify',
    needs: ['responsiblePerson', 'deadline'],
  },
  { from: 'assigned', to: 'rectifying', levels: GENERAL, permission: 'hazard.rectify', rectifies: true },
  { from: 'assigned', to: 'plan_submitted', levels: MAJOR, permission: 'hazard.rectify', needs: ['plan'] },
  { from: 'plan_submitted', to: 'plan_approved', levels: MAJOR, permission: 'hazard.supervise', completePlan: true },
  { from: 'plan_submitted', to: 'assigned', levels: MAJOR, permission: 'hazard.supervise' },
  { from: 'plan_approved', to: 'rectifying', levels: MAJOR, permission: 'hazard.rectify', rectifies: true },
  { from: 'rectifying', to: 'pending_verification', levels: BOTH, permission: 'hazard.rectify', rectifies: true },
  { from: 'pending_verification', to: 'closed', levels: GENERAL, permission: 'hazard.verify', verifies: true },
  { from: 'pending_verification', to: 'rejected', levels: BOTH, permission: 'hazard.verify', verifies: true },
  {
    from: 'pending_verification',
    to: 'write_off_requested',
    levels: MAJOR,
    permission: 'hazard.verify',
    verifies: true,
  },
  { from: 'rejected', to: 'rectifying', levels: BOTH, permission: 'hazard.rectify', rectifies: true },
  { from: 'write_off_requested', to: 'written_off', levels: MAJOR, permission: 'hazard.supervise' },
  { from: 'write_off_requested', to: 'rejected', levels: MAJOR, permission: 'hazard.supervise' },
];

export const FINAL_STATES: readonly HazardState[] = ['closed', 'written_off'];

/** Every transition out of `from` for a hazard of `level`. */
export function transitionsFrom(from: HazardState, level: HazardLevel): HazardTransitionRule[] {
  return HAZARD_TRANSITIONS.filter((t) => t.from === from && t.levels.includes(level));
}

/** The states a holder of `permissions` may move the hazard to now. */
export function allowedFor(from: HazardState, level: HazardLevel, permissions: readonly Permission[]): HazardState[] {
  return transitionsFrom(from, level)
    .filter((t) => permissions.includes(t.permission))
    .map((t) => t.to);
}

export function missingPlanElements(plan: RectificationPlan | null | undefined): RectificationPlanElement[] {
  return RECTIFICATION_PLAN_ELEMENTS.filter((k) => !plan?.[k]?.trim());
}

export interface TransitionCheck {
  from: HazardState;
  to: HazardState;
  level: HazardLevel;
  actorId: string;
  permissions: readonly Permission[];
  /** Users who moved the hazard into rectifying or pending_verification. */
  rectifierIds: readonly string[];
  /** The hazard as it will be after the body's fields are applied. */
  hazard: { responsiblePerson: string | null; deadline: Date | null; plan: RectificationPlan | null };
}

export type TransitionVerdict =
  | { ok: true; rule: HazardTransitionRule }
  | {
      ok: false;
      code:
        | 'HAZARD_TRANSITION_INVALID'
        | 'HAZARD_TRANSITION_FORBIDDEN'
        | 'HAZARD_VERIFIER_IS_RECTIFIER'
        | 'HAZARD_TRANSITION_INCOMPLETE'
        | 'HAZARD_PLAN_INCOMPLETE';
      details: Record<string, unknown>;
    };

/** Decides one transition; the order of the checks is the order of the answers a user sees. */
export function checkTransition(c: TransitionCheck): TransitionVerdict {
  const rule = transitionsFrom(c.from, c.level).find((t) => t.to === c.to);
  if (!rule)
    return {
      ok: false,
      code: 'HAZARD_TRANSITION_INVALID',
      details: { from: c.from, to: c.to, allowed: transitionsFrom(c.from, c.level).map((t) => t.to) },
    };
  if (!c.permissions.includes(rule.permission))
    return { ok: false, code: 'HAZARD_TRANSITION_FORBIDDEN', details: { to: c.to, requires: rule.permission } };
  if (rule.verifies && c.rectifierIds.includes(c.actorId))
    return { ok: false, code: 'HAZARD_VERIFIER_IS_RECTIFIER', details: { to: c.to } };
  const missing = (rule.needs ?? []).filter((n) =>
    n === 'plan' ? !c.hazard.plan : n === 'deadline' ? !c.hazard.deadline : !c.hazard.responsiblePerson?.trim(),
  );
  if (missing.length) return { ok: false, code: 'HAZARD_TRANSITION_INCOMPLETE', details: { missing } };
  if (rule.completePlan) {
    const absent = missingPlanElements(c.hazard.plan);
    if (absent.length) return { ok: false, code: 'HAZARD_PLAN_INCOMPLETE', details: { missing: absent } };
  }
  return { ok: true, rule };
}

/** Deadline passed and the hazard is still open. */
export function isOverdue(h: { deadline: Date | null; status: HazardState }, now: Date): boolean {
  return !!h.deadline && h.deadline.getTime() < now.getTime() && !FINAL_STATES.includes(h.status);
}

/** On the supervision list (督办): overdue, or a major hazard not yet written off. */
export function isSupervised(
  h: { deadline: Date | null; status: HazardState; level: HazardLevel },
  now: Date,
): boolean {
  return isOverdue(h, now) || (h.level === 'major' && h.status !== 'written_off');
}

// ---- repeat hazards ----

export const REPEAT_WINDOW_DAYS = 90;

export interface RepeatCandidate {
  id: string;
  riskPointId: string;
  category: string;
  reportedAt: Date;
}

/**
 * Repeat hazards: the same category at the same risk point, each reported within `windowDays` of the
 * previous one. Returns the chains of two or more, longest first.
 */
export function repeatChains(
  hazards: readonly RepeatCandidate[],
  windowDays = REPEAT_WINDOW_DAYS,
): RepeatCandidate[][] {
  const groups = new Map<string, RepeatCandidate[]>();
  for (const h of hazards) {
    const key = `${h.riskPointId}|${h.category}`;
    const g = groups.get(key);
    if (g) g.push(h);
    else groups.set(key, [h]);
  }
  const windowMs = windowDays * 86_400_000;
  const chains: RepeatCandidate[][] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
    let chain: RepeatCandidate[] = [];
    for (const h of g) {
      const last = chain[chain.length - 1];
      if (last && h.reportedAt.getTime() - last.reportedAt.getTime() <= windowMs) chain.push(h);
      else {
        if (chain.length >= 2) chains.push(chain);
        chain = [h];
      }
    }
    if (chain.length >= 2) chains.push(chain);
  }
  return chains.sort((a, b) => b.length - a.length);
}

// ---- geometry ----

/** Great-circle distance in metres between two lon/lat points (the platform's one haversine). */
export function distanceMeters(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return haversineMeters(a.lon, a.lat, b.lon, b.lat);
}

/** A lon/lat box that contains every point within `meters` of `p` (for a coarse SQL pre-filter). */
export function boundingBox(p: { lon: number; lat: number }, meters: number) {
  const dLat = meters / 111_320;
  const dLon = meters / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return { minLon: p.lon - dLon, maxLon: p.lon + dLon, minLat: p.lat - dLat, maxLat: p.lat + dLat };
}

// ---- attachments ----

/** The type a file's first bytes say it is, or null when it is none of the accepted types. */
export function sniffContentType(buf: Uint8Array): AttachmentContentType | null {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => buf[i + k] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  if (at(0, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}
