import { useCallback, type HTMLAttributes } from 'react';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIncidentLabel } from '../incidents/shared';
import { COMMAND_NS } from './i18n';
import type { CommandTask, ResponseLevel, ResponseStatus, TaskMove, TaskStatus, Trigger } from './api';

/** Attributes of a table row, with data-* for tests and styling. */
export type RowAttrs = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;

export const LEVEL_COLORS: Record<ResponseLevel, string> = {
  I: 'red',
  II: 'orange',
  III: 'gold',
  IV: 'blue',
};

export const TASK_STATUS_COLORS: Record<TaskStatus, string> = {
  pending: 'default',
  acknowledged: 'blue',
  in_progress: 'processing',
  done: 'success',
  cancelled: 'default',
};

const OP_KEYS: Record<Trigger['op'], string> = { '>=': 'gte', '>': 'gt', '=': 'eq', in: 'in' };

/** The next forward move of a task, or null once it is done or cancelled. */
export function nextMove(status: TaskStatus): TaskMove | null {
  if (status === 'pending') return 'acknowledged';
  if (status === 'acknowledged') return 'in_progress';
  if (status === 'in_progress') return 'done';
  return null;
}

export function isOpenTask(task: Pick<CommandTask, 'status'>): boolean {
  return task.status !== 'done' && task.status !== 'cancelled';
}

/** "Ⅲ级" / "Level III". */
export function useLevelLabel(): (level: ResponseLevel | null | undefined) => string {
  const { t } = useTranslation(COMMAND_NS);
  return useCallback((level) => (level ? t(`levels.${level}`) : '—'), [t]);
}

/** A trigger as people read it: "死亡人数 ≥ 3", "事件等级 ≥ 较大". */
export function useTriggerText(): (trigger: Trigger) => string {
  const { t } = useTranslation(COMMAND_NS);
  const label = useIncidentLabel();
  return useCallback(
    (trigger: Trigger) => {
      const format = (v: string | number) => (typeof v === 'number' ? v.toLocaleString() : label(v));
      const value = Array.isArray(trigger.value)
        ? trigger.value.map(format).join(t('trigger.listSeparator'))
        : format(trigger.value);
      return `${t(`trigger.fields.${trigger.field}`)} ${t(`trigger.ops.${OP_KEYS[trigger.op]}`)} ${value}`;
    },
    [t, label],
  );
}

export function LevelTag({ level, testId }: { level: ResponseLevel; testId?: string }) {
  const { t } = useTranslation(COMMAND_NS);
  return (
    <Tag color={LEVEL_COLORS[level]} data-level={level} data-testid={testId}>
      {t('levelResponse', { level: t(`levels.${level}`) })}
    </Tag>
  );
}

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation(COMMAND_NS);
  return (
    <Tag color={TASK_STATUS_COLORS[status]} data-testid="task-status" data-status={status}>
      {t(`taskStatus.${status}`)}
    </Tag>
  );
}

export function ResponseStatusTag({ status }: { status: ResponseStatus }) {
  const { t } = useTranslation(COMMAND_NS);
  return (
    <Tag color={status === 'active' ? 'processing' : 'default'} data-testid="response-status" data-status={status}>
      {t(`responseStatus.${status}`)}
    </Tag>
  );
}

export function OverdueTag() {
  const { t } = useTranslation(COMMAND_NS);
  return (
    <Tag color="error" data-testid="task-overdue">
      {t('task.overdue')}
    </Tag>
  );
}

/** Multi-line text (reports, log entries) kept as typed. */
export function PlainText({ text, secondary }: { text: string | null; secondary?: boolean }) {
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text type={secondary ? 'secondary' : undefined} className="command-plain-text">
      {text}
    </Typography.Text>
  );
}
