/**
 * Labels of the plan registry in the UI language, for these pages and for the command board:
 * plan kinds and statuses, response levels, trigger conditions, evaluation reviews.
 * The plain functions read the current language; components that call {@link usePlanLabels}
 * (or `useTranslation('plans')`) re-render when it changes.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  RESPONSE_LEVELS,
  TRIGGER_NUMERIC_FIELDS,
  incidentLabel,
  type PLAN_REVIEW_STATUSES,
  type PLAN_STATUSES,
  type PlanKind,
  type PlanLevel,
  type ResponseLevel,
  type Trigger,
  type TriggerField,
} from '@yingji/contracts';
import { currentLang } from '../app/i18n';
import i18n, { PLANS_NS } from './i18n';

export type PlanStatus = (typeof PLAN_STATUSES)[number];
export type PlanReviewStatus = (typeof PLAN_REVIEW_STATUSES)[number];
export type PlanReviewBasis = 'high_risk_enterprise' | 'government';
export type TriggerOp = Trigger['op'];

const tp = (key: string, options?: Record<string, unknown>): string => i18n.t(key, { ns: PLANS_NS, ...options });

/** Tag colours of the plan statuses. */
export const PLAN_STATUS_COLORS: Record<PlanStatus, string> = {
  draft: 'default',
  published: 'green',
  superseded: 'volcano',
};

/** Tag colours of the response levels: Ⅰ red, Ⅱ orange, Ⅲ yellow, Ⅳ blue (the usual warning colours). */
export const RESPONSE_LEVEL_COLORS: Record<ResponseLevel, string> = {
  I: 'red',
  II: 'orange',
  III: 'gold',
  IV: 'blue',
};

/** Tag colours of the evaluation review statuses. */
export const REVIEW_STATUS_COLORS: Record<PlanReviewStatus, string> = {
  ok: 'green',
  due_soon: 'orange',
  overdue: 'red',
};

/** 总体应急预案, 专项应急预案, … */
export function planKindLabel(kind: PlanKind | string): string {
  return tp(`kinds.${kind}`, { defaultValue: kind });
}

/** 草稿, 已发布, 已废止. */
export function planStatusLabel(status: PlanStatus | string): string {
  return tp(`statuses.${status}`, { defaultValue: status });
}

/** Ⅰ级 … Ⅳ级 (Level I … Level IV). */
export function responseLevelLabel(level: ResponseLevel | string): string {
  return tp(`levels.${level}`, { defaultValue: level });
}

/** Ⅰ级响应 … Ⅳ级响应. */
export function responseLevelFullLabel(level: ResponseLevel | string): string {
  return tp(`levelsFull.${level}`, { defaultValue: level });
}

/** Ⅰ is the highest level: rank 4; Ⅳ the lowest: rank 1. */
export function responseLevelRank(level: ResponseLevel): number {
  return RESPONSE_LEVELS.length - RESPONSE_LEVELS.indexOf(level);
}

/** Does an action of level `actionLevel` apply when the response runs at `at`? (a Ⅳ action applies at every level) */
export function actionAppliesAt(actionLevel: ResponseLevel, at: ResponseLevel): boolean {
  return responseLevelRank(actionLevel) <= responseLevelRank(at);
}

/** 死亡人数, 事件等级, … */
export function triggerFieldLabel(field: TriggerField | string): string {
  return tp(`triggerFields.${field}`, { defaultValue: field });
}

export function isNumericTriggerField(field: string | undefined): boolean {
  return !!field && (TRIGGER_NUMERIC_FIELDS as readonly string[]).includes(field);
}

const OP_SYMBOLS: Record<TriggerOp, string> = { '>=': '≥', '>': '>', '=': '=', in: '∈' };

/** ≥, >, =, ∈. */
export function triggerOpSymbol(op: TriggerOp | string): string {
  return OP_SYMBOLS[op as TriggerOp] ?? op;
}

/** The words of an operator: 不少于, 大于, 等于, 属于. */
export function triggerOpLabel(op: TriggerOp | string): string {
  return tp(`triggerOps.${op === '>=' ? 'gte' : op === '>' ? 'gt' : op === '=' ? 'eq' : 'in'}`);
}

/** A count or an amount of yuan: `1,000`; in Chinese large round amounts read `5000万` / `1亿`. */
export function formatTriggerNumber(field: string, n: number): string {
  const lang = currentLang();
  if (field === 'directLossYuan' && lang === 'zh-CN') {
    if (n >= 1e8 && n % 1e6 === 0) return `${n / 1e8}亿`;
    if (n >= 1e4 && n % 1e2 === 0) return `${n / 1e4}万`;
  }
  return n.toLocaleString(lang);
}

function valueText(field: string, v: string | number): string {
  if (typeof v === 'number') return formatTriggerNumber(field, v);
  if (isNumericTriggerField(field) && /^\d+(\.\d+)?$/.test(v)) return formatTriggerNumber(field, Number(v));
  return incidentLabel(v, currentLang());
}

/** The value side of a condition: `3`, `较大, 重大`, `危险化学品`. */
export function triggerValueText(trigger: Pick<Trigger, 'field' | 'value'>): string {
  const values = Array.isArray(trigger.value) ? trigger.value : [trigger.value];
  return values.map((v) => valueText(trigger.field, v)).join(currentLang() === 'zh-CN' ? '、' : ', ');
}

/** One condition in words: `死亡人数 ≥ 3`, `事件等级 ∈ 较大、重大`, `事件类型 = 危险化学品`. */
export function triggerText(trigger: Trigger): string {
  return `${triggerFieldLabel(trigger.field)} ${triggerOpSymbol(trigger.op)} ${triggerValueText(trigger)}`;
}

/** A level's conditions in one line, joined by 或 (match any) or 且 (match all). */
export function levelConditionText(level: Pick<PlanLevel, 'match' | 'triggers'>): string {
  const joiner = tp(level.match === 'all' ? 'match.allJoiner' : 'match.anyJoiner');
  return level.triggers.map(triggerText).join(joiner);
}

/** 符合下列条件之一 / 同时符合下列条件. */
export function levelMatchLabel(match: PlanLevel['match'] | undefined): string {
  return tp(match === 'all' ? 'match.all' : 'match.any');
}

/** 正常, 即将到期, 已逾期. */
export function reviewStatusLabel(status: PlanReviewStatus | string): string {
  return tp(`reviewStatuses.${status}`, { defaultValue: status });
}

/** Why a plan is on the 3-year evaluation cycle, with its legal basis. */
export function reviewBasisLabel(basis: PlanReviewBasis | string): string {
  return tp(`reviewBasis.${basis}`, { defaultValue: basis });
}

/** `时限 30 分钟` in words: 30分钟内 / 2小时内 / 立即. */
export function withinMinutesText(minutes: number): string {
  if (minutes === 0) return tp('within.immediately');
  if (minutes % 1440 === 0) return tp('within.days', { count: minutes / 1440 });
  if (minutes >= 60 && minutes % 60 === 0) return tp('within.hours', { count: minutes / 60 });
  return tp('within.minutes', { count: minutes });
}

/** Incident categories, types and grades (shared with the incident desk). */
export function incidentValueLabel(key: string | null | undefined): string {
  return incidentLabel(key, currentLang());
}

export interface PlanLabels {
  planKindLabel: typeof planKindLabel;
  planStatusLabel: typeof planStatusLabel;
  responseLevelLabel: typeof responseLevelLabel;
  responseLevelFullLabel: typeof responseLevelFullLabel;
  triggerFieldLabel: typeof triggerFieldLabel;
  triggerText: typeof triggerText;
  triggerValueText: typeof triggerValueText;
  levelConditionText: typeof levelConditionText;
  levelMatchLabel: typeof levelMatchLabel;
  reviewStatusLabel: typeof reviewStatusLabel;
  reviewBasisLabel: typeof reviewBasisLabel;
  withinMinutesText: typeof withinMinutesText;
  incidentValueLabel: typeof incidentValueLabel;
}

/** The label functions, with a re-render when the UI language changes. */
export function usePlanLabels(): PlanLabels {
  const { i18n: instance } = useTranslation(PLANS_NS);
  const lang = instance.language;
  return useMemo(
    () => ({
      planKindLabel,
      planStatusLabel,
      responseLevelLabel,
      responseLevelFullLabel,
      triggerFieldLabel,
      triggerText,
      triggerValueText,
      levelConditionText,
      levelMatchLabel,
      reviewStatusLabel,
      reviewBasisLabel,
      withinMinutesText,
      incidentValueLabel,
    }),
    // The functions read the language themselves; the memo only changes identity with it.
    [lang],
  );
}
