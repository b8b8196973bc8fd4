/**
 * Incident rules: accident grading, the reporting chain and its deadlines,
 * supplementary-report windows and investigation responsibility.
 * Source: 《生产安全事故报告和调查处理条例》(State Council Decree 493, 2007).
 * "以上" includes the number, "以下" excludes it. Pure functions over plain data.
 */

import { INCIDENT_GRADES, REPORT_LEVELS } from '@yingji/contracts';

export type Grade = (typeof INCIDENT_GRADES)[number];
/** Administrative levels a report climbs, lowest first. */
export const LEVELS = REPORT_LEVELS;
export type Level = (typeof REPORT_LEVELS)[number];

export interface Casualties {
  deaths: number;
  missing: number;
  seriousInjuries: number;
  minorInjuries: number;
}

/** Art. 3 thresholds, as data: the lower bound (inclusive, 以上) of each grade per measure. */
export const GRADE_THRESHOLDS: { grade: Grade; deaths: number; seriousInjuries: number; directLossYuan: number }[] = [
  { grade: 'especially_major', deaths: 30, seriousInjuries: 100, directLossYuan: 100_000_000 },
  { grade: 'major', deaths: 10, seriousInjuries: 50, directLossYuan: 50_000_000 },
  { grade: 'larger', deaths: 3, seriousInjuries: 10, directLossYuan: 10_000_000 },
];

/**
 * Art. 3: the grade is the highest any one measure reaches. Deaths are counted
 * with the missing (死亡（含失踪）); serious injuries include acute industrial poisoning.
 */
export function gradeAccident(c: Casualties, directLossYuan: number): Grade {
  const deaths = c.deaths + c.missing;
  for (const t of GRADE_THRESHOLDS) {
    if (deaths >= t.deaths || c.seriousInjuries >= t.seriousInjuries || directLossYuan >= t.directLossYuan) {
      return t.grade;
    }
  }
  return 'general';
}

/** Art. 10: how far up a report of each grade must go. */
export const REPORT_TARGET: Record<Grade, Level> = {
  general: 'city',
  larger: 'province',
  major: 'national',
  especially_major: 'national',
};

/** Art. 10: each level passes the report up within 2 hours. */
export const STEP_HOURS = 2;
/** Art. 9: the unit reports to the county level within 1 hour of the accident. */
export const ENTERPRISE_REPORT_HOURS = 1;

export interface ChainStep {
  level: Level;
  dueAt: Date;
  reportedAt: Date | null;
}

export type StepStatus = 'reported' | 'pending' | 'overdue' | 'skipped';

const levelIndex = (l: Level) => LEVELS.indexOf(l);

/**
 * The levels still to be reached, in order, above the receiving level up to the
 * grade's target. Step deadlines: 2 h after the actual receipt at the level
 * below, or, while that has not happened, 2 h after the previous step's deadline.
 */
export function reportingChain(
  grade: Grade,
  receivingLevel: Level,
  receivedAt: Date,
  reported: Partial<Record<Level, Date>> = {},
): ChainStep[] {
  const target = levelIndex(REPORT_TARGET[grade]);
  const steps: ChainStep[] = [];
  let base = receivedAt;
  for (let i = levelIndex(receivingLevel) + 1; i <= target; i++) {
    const level = LEVELS[i] as Level;
    const dueAt = new Date(base.getTime() + STEP_HOURS * 3600_000);
    const reportedAt = reported[level] ?? null;
    steps.push({ level, dueAt, reportedAt });
    base = reportedAt ?? dueAt;
  }
  return steps;
}

/** A step is skipped when a higher level already has the report (Art. 10 allows skipping a level). */
export function stepStatus(chain: ChainStep[], index: number, now: Date): StepStatus {
  const step = chain[index];
  if (!step) throw new Error(`no step ${index}`);
  if (step.reportedAt) return 'reported';
  if (chain.slice(index + 1).some((s) => s.reportedAt)) return 'skipped';
  return now > step.dueAt ? 'overdue' : 'pending';
}

/** Art. 9: an enterprise's own report must reach the county within 1 hour of the accident. */
export function isEnterpriseReportLate(occurredAt: Date, receivedAt: Date): boolean {
  return receivedAt.getTime() - occurredAt.getTime() > ENTERPRISE_REPORT_HOURS * 3600_000;
}

/** Art. 13: casualty changes are supplemented within 30 days, 7 for road-traffic and fire accidents. */
export function supplementWindowDays(type: string): number {
  return type === 'road_traffic' || type === 'fire' ? 7 : 30;
}

export function supplementUntil(occurredAt: Date, type: string): Date {
  return new Date(occurredAt.getTime() + supplementWindowDays(type) * 86_400_000);
}

/** Whether a casualty change reported at `at` still changes the counted casualties and grade. */
export function isWithinSupplementWindow(occurredAt: Date, type: string, at: Date): boolean {
  return at.getTime() <= supplementUntil(occurredAt, type).getTime();
}

/** Art. 19: who investigates; Art. 29: report within 60 days of the accident. */
export const INVESTIGATION_LEVEL: Record<Grade, Level> = {
  general: 'county',
  larger: 'city',
  major: 'province',
  especially_major: 'national',
};
export const INVESTIGATION_DAYS = 60;

export function investigation(grade: Grade, occurredAt: Date): { level: Level; dueAt: Date } {
  return {
    level: INVESTIGATION_LEVEL[grade],
    dueAt: new Date(occurredAt.getTime() + INVESTIGATION_DAYS * 86_400_000),
  };
}

/** The administrative level of a GB/T 2260 division code. */
export function levelOfDivision(code: string): Level {
  if (code.length === 9) return 'county'; // a town's report is received at its county
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** Document number people quote on the phone: SJ-2026-000123. */
export function incidentNumber(year: number, seq: number): string {
  return `SJ-${year}-${String(seq).padStart(6, '0')}`;
}

/** The division at `level` that contains `code` (the office that holds the report at that level). */
export function divisionAtLevel(code: string, level: Level): string | null {
  switch (level) {
    case 'county':
      return code.length === 9 ? code.slice(0, 6) : code;
    case 'city':
      return `${code.slice(0, 4)}00`;
    case 'province':
      return `${code.slice(0, 2)}0000`;
    case 'national':
      return null;
  }
}

/** The level that holds the report before `chain[index]`: the one that is late when that step is overdue. */
export function holderOfStep(chain: ChainStep[], index: number, receivingLevel: Level): Level {
  return index === 0 ? receivingLevel : (chain[index - 1]?.level ?? receivingLevel);
}
