/**
 * Pure rules of digital emergency plans: trigger evaluation, plan matching, the
 * tasks a response level creates, level changes, filing and evaluation cycles.
 */
import {
  INCIDENT_GRADES,
  RESPONSE_LEVELS,
  type PlanAction,
  type PlanKind,
  type PlanLevel,
  type ResponseLevel,
  type Trigger,
} from '@yingji/contracts';
import { isInScope } from '../../platform/scope.rules.js';

/** What a trigger can read from an incident. */
export interface IncidentFacts {
  category: string;
  type: string;
  grade: string | null;
  divisionCode: string;
  deaths: number;
  missing: number;
  seriousInjuries: number;
  minorInjuries: number;
  evacuated: number;
  directLossYuan: number;
}

/** Ⅰ is the highest level: rank 4; Ⅳ the lowest: rank 1. */
export function levelRank(level: ResponseLevel): number {
  return RESPONSE_LEVELS.length - RESPONSE_LEVELS.indexOf(level);
}

function gradeRank(grade: string | null): number {
  return grade === null ? 0 : (INCIDENT_GRADES as readonly string[]).indexOf(grade) + 1;
}

function fieldValue(f: IncidentFacts, field: Trigger['field']): number | string | null {
  switch (field) {
    case 'deaths':
      return f.deaths;
    case 'missing':
      return f.missing;
    case 'deathsAndMissing':
      return f.deaths + f.missing;
    case 'seriousInjuries':
      return f.seriousInjuries;
    case 'injuries':
      return f.seriousInjuries + f.minorInjuries;
    case 'evacuated':
      return f.evacuated;
    case 'directLossYuan':
      return f.directLossYuan;
    case 'grade':
      return f.grade;
    case 'category':
      return f.category;
    case 'type':
      return f.type;
  }
}

/** Does one condition hold for the incident? `>=` on a number includes the bound (以上). */
export function triggerHolds(t: Trigger, f: IncidentFacts): boolean {
  const v = fieldValue(f, t.field);
  if (v === null) return false;
  if (t.op === 'in') return Array.isArray(t.value) && t.value.map(String).includes(String(v));
  if (t.op === '=') return String(v) === String(t.value);
  if (t.field === 'grade') {
    const have = gradeRank(typeof v === 'string' ? v : null);
    const want = gradeRank(String(t.value));
    if (have === 0) return false;
    return t.op === '>=' ? have >= want : have > want;
  }
  if (typeof v !== 'number' || typeof t.value !== 'number') return false;
  return t.op === '>=' ? v >= t.value : v > t.value;
}

/** The triggers of a level that hold; the level holds when any (or, for match=all, every) trigger holds. */
export function levelHolds(level: PlanLevel, f: IncidentFacts): { holds: boolean; matched: Trigger[] } {
  const matched = level.triggers.filter((t) => triggerHolds(t, f));
  const holds = level.match === 'all' ? matched.length === level.triggers.length : matched.length > 0;
  return { holds, matched: holds ? matched : [] };
}

export interface MatchablePlan {
  divisionCode: string;
  scope: { categories: readonly string[]; types: readonly string[] };
  levels: readonly PlanLevel[];
}

/** A plan's scope fits when the incident lies in its division and its category and type are covered (empty = any). */
export function scopeFits(p: MatchablePlan, f: IncidentFacts): boolean {
  if (!isInScope(p.divisionCode, f.divisionCode)) return false;
  if (p.scope.categories.length && !p.scope.categories.includes(f.category)) return false;
  if (p.scope.types.length && !p.scope.types.includes(f.type)) return false;
  return true;
}

/** The highest level whose triggers hold, and which triggers matched. */
export function highestLevel(p: MatchablePlan, f: IncidentFacts): { level: ResponseLevel | null; matched: Trigger[] } {
  const byRank = [...p.levels].sort((a, b) => levelRank(b.level) - levelRank(a.level));
  for (const l of byRank) {
    const r = levelHolds(l, f);
    if (r.holds) return { level: l.level, matched: r.matched };
  }
  return { level: null, matched: [] };
}

/**
 * The actions that apply at a response level: those of that level and of every
 * lower level (a Ⅳ action applies at Ⅲ, Ⅱ and Ⅰ; a Ⅱ action only at Ⅱ and Ⅰ).
 */
export function actionsAtLevel<A extends Pick<PlanAction, 'level'>>(actions: readonly A[], level: ResponseLevel): A[] {
  const rank = levelRank(level);
  return actions.filter((a) => levelRank(a.level) <= rank);
}

/**
 * The change of tasks when a response moves to `level`. `tasks` are the response's tasks that are not
 * cancelled. Add the actions that now apply and have no such task (a done task is not repeated);
 * cancel the unfinished tasks whose action no longer applies (a done task stays done).
 */
export function levelChange<A extends Pick<PlanAction, 'level'> & { id: string }>(
  actions: readonly A[],
  tasks: readonly { id: string; actionId: string; status: string }[],
  level: ResponseLevel,
): { add: A[]; cancel: string[] } {
  const applies = actionsAtLevel(actions, level);
  const applyIds = new Set(applies.map((a) => a.id));
  const have = new Set(tasks.map((t) => t.actionId));
  return {
    add: applies.filter((a) => !have.has(a.id)),
    cancel: tasks.filter((t) => t.status !== 'done' && !applyIds.has(t.actionId)).map((t) => t.id),
  };
}

/** Task statuses move forward only; a step may be skipped (pending → done). */
export const TASK_ORDER = ['pending', 'acknowledged', 'in_progress', 'done'] as const;
export function taskTransition(
  from: string,
  to: (typeof TASK_ORDER)[number] | undefined,
): 'ok' | 'closed' | 'backwards' {
  if (from === 'done' || from === 'cancelled') return 'closed';
  if (to === undefined) return 'ok';
  const a = TASK_ORDER.indexOf(from as (typeof TASK_ORDER)[number]);
  const b = TASK_ORDER.indexOf(to);
  return b < a ? 'backwards' : 'ok';
}

/** Gives every action a stable id: keeps the ones it has, numbers the rest after the highest `a<n>`. */
export function withActionIds<A extends PlanAction>(actions: readonly A[]): (A & { id: string })[] {
  let next = 1;
  for (const a of actions) {
    const m = a.id ? /^a(\d+)$/.exec(a.id) : null;
    if (m) next = Math.max(next, Number(m[1]) + 1);
  }
  const seen = new Set<string>();
  return actions.map((a) => {
    let id = a.id;
    if (!id || seen.has(id)) id = `a${next++}`;
    seen.add(id);
    return { ...a, id };
  });
}

// ---- dates (YYYY-MM-DD, calendar arithmetic in UTC) ----

export function parseDate(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}
export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
export function addDays(d: string, n: number): string {
  const x = parseDate(d);
  x.setUTCDate(x.getUTCDate() + n);
  return formatDate(x);
}
/** Adds whole years; 29 February becomes 28 February in a common year. */
export function addYears(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
  return `${String(y + n).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / 86_400_000);
}

/**
 * 备案 is due within 20 working days of publication (《生产安全事故应急预案管理办法》 art. 26;
 * 国办发〔2024〕5号 for government plans). Working days here are Monday–Friday; public holidays
 * and their make-up working days are not modelled, so the date is a lower bound in holiday weeks.
 */
export const FILING_WORKING_DAYS = 20;
export function filingDueBy(publishedAt: string, workingDays = FILING_WORKING_DAYS): string {
  let d = publishedAt;
  let left = workingDays;
  while (left > 0) {
    d = addDays(d, 1);
    const wd = parseDate(d).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

/** Reminders go out this many days before a due date. */
export const DUE_SOON_DAYS = 30;
export type DueStatus = 'ok' | 'due_soon' | 'overdue';
/** Overdue the day after `dueBy`; due soon within DUE_SOON_DAYS of it (the due day included). */
export function dueStatus(dueBy: string, asOf: string): DueStatus {
  const left = daysBetween(asOf, dueBy);
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_DAYS ? 'due_soon' : 'ok';
}

/** Plan evaluation (评估) cycle in years. */
export const EVALUATION_CYCLE_YEARS = 3;

/**
 * Which plans are under the 3-year evaluation cycle:
 * - enterprises of high-risk industries (mining, metal smelting, construction, hazardous materials,
 *   fireworks …) — 《生产安全事故应急预案管理办法》 art. 35: "应当每三年进行一次应急预案评估";
 * - government plans (overall, special, department) — 国办发〔2024〕5号: evaluated in principle every 3 years.
 * Plans of other enterprises are not listed. Drafts and superseded plans are not listed.
 */
export function evaluationBasis(
  plan: { kind: PlanKind; status: string },
  owner: { kind: string; highRisk: boolean },
): 'high_risk_enterprise' | 'government' | null {
  if (plan.status !== 'published') return null;
  if (plan.kind === 'overall' || plan.kind === 'special' || plan.kind === 'department') return 'government';
  if (owner.highRisk) return 'high_risk_enterprise';
  return null;
}

/** Next evaluation: three years after the last one, or after publication when never evaluated. */
export function evaluationDueBy(lastEvaluatedAt: string | null, publishedAt: string): string {
  return addYears(lastEvaluatedAt ?? publishedAt, EVALUATION_CYCLE_YEARS);
}
