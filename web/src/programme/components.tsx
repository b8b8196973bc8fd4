import type { HTMLAttributes } from 'react';
import { Progress, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { PROGRAMME_NS } from './i18n';
import type {
  IndicatorStatus,
  Programme,
  ProgrammeStatus,
  ProgrammeTask,
  ProgrammeTaskStatus,
  ProgrammeUnit,
} from './api';

/** Attributes of a table row, with data-* for tests and styling. */
export type RowAttrs = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;

export const INDICATOR_STATUS_COLORS: Record<IndicatorStatus, string> = {
  on_track: 'success',
  at_risk: 'warning',
  off_track: 'error',
  no_data: 'default',
};

/** The same colours as plain CSS colours, for charts. */
export const INDICATOR_STATUS_HEX: Record<IndicatorStatus, string> = {
  on_track: '#389e0d',
  at_risk: '#d48806',
  off_track: '#cf1322',
  no_data: '#bfbfbf',
};

export const TASK_STATUS_COLORS: Record<ProgrammeTaskStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  completed: 'success',
  late: 'error',
};

export const TASK_STATUS_HEX: Record<ProgrammeTaskStatus, string> = {
  not_started: '#bfbfbf',
  in_progress: '#1d5fb8',
  completed: '#389e0d',
  late: '#cf1322',
};

const PROGRAMME_STATUS_COLORS: Record<ProgrammeStatus, string> = {
  draft: 'default',
  active: 'blue',
  closed: 'default',
};

export function IndicatorStatusTag({ status }: { status: IndicatorStatus }) {
  const { t } = useTranslation(PROGRAMME_NS);
  return (
    <Tag color={INDICATOR_STATUS_COLORS[status]} data-testid="indicator-status" data-status={status}>
      {t(`indicatorStatus.${status}`)}
    </Tag>
  );
}

export function TaskStatusTag({ status }: { status: ProgrammeTaskStatus }) {
  const { t } = useTranslation(PROGRAMME_NS);
  return (
    <Tag color={TASK_STATUS_COLORS[status]} data-testid="task-status" data-status={status}>
      {t(`taskStatus.${status}`)}
    </Tag>
  );
}

export function ProgrammeStatusTag({ status }: { status: ProgrammeStatus }) {
  const { t } = useTranslation(PROGRAMME_NS);
  return <Tag color={PROGRAMME_STATUS_COLORS[status]}>{t(`programmeStatus.${status}`)}</Tag>;
}

/** The units of a task; the user's own organisation is highlighted, units without an account are grey. */
export function UnitNames({ units, max }: { units: ProgrammeUnit[]; max?: number }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { user } = useAuth();
  if (units.length === 0) return <>—</>;
  const shown = max !== undefined ? units.slice(0, max) : units;
  const rest = units.length - shown.length;
  return (
    <span className="programme-units">
      {shown.map((u, i) => (
        <span key={u.id}>
          {i > 0 && t('listSeparator')}
          {u.orgId !== null && u.orgId === user?.orgId ? (
            <Typography.Text strong className="programme-unit-mine" data-testid="unit-mine">
              {u.name}
            </Typography.Text>
          ) : u.orgId === null ? (
            <Tooltip title={t('units.noAccount')}>
              <Typography.Text type="secondary">{u.name}</Typography.Text>
            </Tooltip>
          ) : (
            u.name
          )}
        </span>
      ))}
      {rest > 0 && (
        <Tooltip
          title={units
            .slice(shown.length)
            .map((u) => u.name)
            .join(t('listSeparator'))}
        >
          <Typography.Text type="secondary"> {t('units.more', { count: rest })}</Typography.Text>
        </Tooltip>
      )}
    </span>
  );
}

export function PercentBar({ percent, status }: { percent: number; status: ProgrammeTaskStatus }) {
  return (
    <Progress
      percent={Math.round(percent)}
      size="small"
      status={status === 'completed' ? 'success' : 'normal'}
      strokeColor={status === 'late' ? TASK_STATUS_HEX.late : undefined}
      format={(p) => `${p ?? 0}%`}
      style={{ minWidth: 100, marginBottom: 0 }}
    />
  );
}

/** A number as people read it: up to 4 decimals, thousands separated. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 10 ? 2 : 4;
  return value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** The deadline of a task: its date, else 31 December of its year. */
export function deadlineOf(task: Pick<ProgrammeTask, 'deadline' | 'year'>): string | null {
  if (task.deadline) return task.deadline.slice(0, 10);
  return task.year !== null ? `${task.year}-12-31` : null;
}

/** Whether the user's organisation is among the lead or responsible units. */
export function isMyTask(task: Pick<ProgrammeTask, 'leadUnits' | 'responsibleUnits'>, orgId: string | undefined) {
  if (!orgId) return false;
  return [...task.leadUnits, ...task.responsibleUnits].some((u) => u.orgId === orgId);
}

export function isLeadOf(task: Pick<ProgrammeTask, 'leadUnits'>, orgId: string | undefined) {
  return !!orgId && task.leadUnits.some((u) => u.orgId === orgId);
}

/** Years a programme can be looked at: its period, up to the current year. */
export function programmeYears(p: Programme): number[] {
  const last = Math.min(p.periodEnd, Math.max(p.periodStart, new Date().getFullYear()));
  const out: number[] = [];
  for (let y = last; y >= p.periodStart; y--) out.push(y);
  return out;
}
