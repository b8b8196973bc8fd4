import { useCallback, useSyncExternalStore, type ReactNode } from 'react';
import { Alert, Button, Space, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { INCIDENT_WARNINGS, incidentLabel, type IncidentWarningCode } from '@yingji/contracts';
import { formatTime } from '../app/components';
import type { Casualties, ChainStep, Incident, IncidentGrade, ReportLevel } from './api';

// ---- labels ----

/** Labels of categories, types, grades, levels, sources, statuses and timeline kinds in the UI language. */
export function useIncidentLabel(): (key: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  return useCallback((key: string | null | undefined) => incidentLabel(key, lang), [lang]);
}

// ---- a clock shared by every countdown on the page ----

let nowMs = Date.now();
const tickListeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

function subscribeTick(listener: () => void): () => void {
  tickListeners.add(listener);
  if (!ticker) {
    nowMs = Date.now();
    ticker = setInterval(() => {
      nowMs = Date.now();
      for (const l of tickListeners) l();
    }, 1000);
  }
  return () => {
    tickListeners.delete(listener);
    if (tickListeners.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
}

/** The current time in ms, updated every second while mounted. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribeTick,
    () => nowMs,
    () => nowMs,
  );
}

// ---- grade ----

export const GRADE_COLORS: Record<IncidentGrade, string> = {
  general: 'blue',
  larger: 'gold',
  major: 'orange',
  especially_major: 'red',
};

/** Hex colours of the grades for the map (same hues as the tags). */
export const GRADE_HEX: Record<IncidentGrade | 'none', string> = {
  general: '#1677ff',
  larger: '#d4b106',
  major: '#fa8c16',
  especially_major: '#cf1322',
  none: '#8c8c8c',
};

export function GradeTag({ grade, testId }: { grade: IncidentGrade | null; testId?: string }) {
  const { t } = useTranslation();
  const label = useIncidentLabel();
  return (
    <Tag
      color={grade ? GRADE_COLORS[grade] : 'default'}
      data-grade={grade ?? 'none'}
      data-testid={testId}
      className="incident-grade-tag"
    >
      {grade ? label(grade) : t('incidents.gradePending')}
    </Tag>
  );
}

// ---- deadlines ----

/** The earliest step of the reporting chain that still waits to be reported. */
export function nextDeadline(incident: Pick<Incident, 'reportingChain'>): ChainStep | null {
  let best: ChainStep | null = null;
  for (const step of incident.reportingChain) {
    if (step.status !== 'pending' && step.status !== 'overdue') continue;
    if (!best || Date.parse(step.dueAt) < Date.parse(best.dueAt)) best = step;
  }
  return best;
}

/** True when the server says so or a pending step's deadline passed since the data was loaded. */
export function isOverdueNow(incident: Pick<Incident, 'reportingChain' | 'isOverdue'>, now: number): boolean {
  if (incident.isOverdue) return true;
  const next = nextDeadline(incident);
  return !!next && Date.parse(next.dueAt) < now;
}

export function useFormatDuration(): (ms: number) => string {
  const { t } = useTranslation();
  return useCallback(
    (ms: number) => {
      const total = Math.floor(Math.abs(ms) / 1000);
      const days = Math.floor(total / 86_400);
      const h = Math.floor((total % 86_400) / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      const hms = [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
      return days > 0 ? t('incidents.countdown.withDays', { days, time: hms }) : hms;
    },
    [t],
  );
}

/** Live countdown to a deadline: the time left, or (red) how long it is overdue. */
export function Countdown({ to }: { to: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const format = useFormatDuration();
  const diff = Date.parse(to) - now;
  const overdue = diff < 0;
  const soon = !overdue && diff < 30 * 60_000;
  return (
    <Typography.Text
      type={overdue ? 'danger' : soon ? 'warning' : undefined}
      strong={overdue || soon}
      className="incident-countdown"
      data-overdue={overdue ? 'true' : 'false'}
    >
      {overdue
        ? t('incidents.countdown.overdue', { time: format(diff) })
        : t('incidents.countdown.remaining', { time: format(diff) })}
    </Typography.Text>
  );
}

/** "接报 → 市级 → 省级…" with due times, countdowns, and optionally a button per step still to report. */
export function ReportingChain({
  incident,
  onMarkReported,
  markingLevel,
}: {
  incident: Incident;
  onMarkReported?: (level: ReportLevel) => void;
  markingLevel?: ReportLevel | null;
}) {
  const { t } = useTranslation();
  const label = useIncidentLabel();
  const chainStatusColor: Record<ChainStep['status'], string> = {
    reported: 'success',
    pending: 'processing',
    overdue: 'error',
    skipped: 'default',
  };
  const items = [
    {
      key: 'received',
      status: 'finish' as const,
      title: (
        <span data-testid="chain-step" data-level={incident.receivingLevel} data-status="received">
          {t('incidents.chain.received', {
            org: incident.receivingOrgName ?? label(incident.receivingLevel),
          })}
        </span>
      ),
      content: <Typography.Text type="secondary">{formatTime(incident.receivedAt)}</Typography.Text>,
    },
    ...incident.reportingChain.map((step) => {
      const waiting = step.status === 'pending' || step.status === 'overdue';
      return {
        key: step.level,
        status:
          step.status === 'reported'
            ? ('finish' as const)
            : step.status === 'overdue'
              ? ('error' as const)
              : step.status === 'pending'
                ? ('process' as const)
                : ('wait' as const),
        title: (
          <span data-testid="chain-step" data-level={step.level} data-status={step.status}>
            {t('incidents.chain.reportTo', { level: label(step.level) })}{' '}
            <Tag color={chainStatusColor[step.status]}>{t(`incidents.chainStatus.${step.status}`)}</Tag>
          </span>
        ),
        content: (
          <Space orientation="vertical" size={2}>
            <Typography.Text type="secondary">
              {t('incidents.chain.dueAt', { time: formatTime(step.dueAt) })}
            </Typography.Text>
            {step.reportedAt && (
              <Typography.Text type="secondary">
                {t('incidents.chain.reportedAt', { time: formatTime(step.reportedAt) })}
              </Typography.Text>
            )}
            {waiting && <Countdown to={step.dueAt} />}
            {waiting && onMarkReported && (
              <Button
                size="small"
                type={step.status === 'overdue' ? 'primary' : 'default'}
                danger={step.status === 'overdue'}
                loading={markingLevel === step.level}
                onClick={() => onMarkReported(step.level)}
                data-testid={`mark-reported-${step.level}`}
              >
                {t('incidents.chain.markReported')}
              </Button>
            )}
          </Space>
        ),
      };
    }),
  ];
  return (
    <div data-testid="reporting-chain">
      <Steps orientation="vertical" size="small" items={items} />
      {incident.reportingChain.length === 0 && (
        <Typography.Text type="secondary">{t('incidents.chain.empty')}</Typography.Text>
      )}
    </div>
  );
}

// ---- small pieces ----

export function CasualtiesSummary({ casualties, compact }: { casualties: Casualties; compact?: boolean }) {
  const { t } = useTranslation();
  if (compact) {
    const parts = (
      [
        ['deaths', casualties.deaths],
        ['missing', casualties.missing],
        ['serious', casualties.seriousInjuries],
        ['minor', casualties.minorInjuries],
      ] as const
    ).filter(([, n]) => n > 0);
    return (
      <span className="incident-casualties" data-deaths={casualties.deaths}>
        {parts.length === 0
          ? t('incidents.casualtiesNone')
          : parts.map(([k, n]) => t(`incidents.casualtiesCompact.${k}`, { count: n })).join(' · ')}
      </span>
    );
  }
  return (
    <span className="incident-casualties">
      {t('incidents.casualtiesShort', {
        deaths: casualties.deaths,
        missing: casualties.missing,
        serious: casualties.seriousInjuries,
        minor: casualties.minorInjuries,
      })}
    </span>
  );
}

/** Yuan with the 万元 equivalent. */
export function useFormatLoss(): (yuan: number | null | undefined) => string {
  const { t } = useTranslation();
  return useCallback(
    (yuan: number | null | undefined) => {
      if (yuan === null || yuan === undefined) return '—';
      return t('incidents.lossValue', {
        yuan: yuan.toLocaleString(),
        wan: (yuan / 10_000).toLocaleString(undefined, { maximumFractionDigits: 2 }),
      });
    },
    [t],
  );
}

function isWarningCode(code: string): code is IncidentWarningCode {
  return Object.hasOwn(INCIDENT_WARNINGS, code);
}

/** What the server accepted but did not apply, as warnings. */
export function IncidentWarnings({ warnings }: { warnings: Incident['warnings'] }): ReactNode {
  const { i18n } = useTranslation();
  if (warnings.length === 0) return null;
  const en = i18n.language === 'en-US';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="incident-warnings">
      {warnings.map((w) => {
        const known = isWarningCode(w.code) ? INCIDENT_WARNINGS[w.code] : null;
        return (
          <Alert
            key={w.code}
            type="warning"
            showIcon
            data-code={w.code}
            title={known ? (en ? known.en : known.zh) : w.message}
          />
        );
      })}
    </Space>
  );
}

export function FlagTags({ flags }: { flags: readonly string[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {flags.map((f) => (
        <Tag key={f} color="volcano" data-flag={f}>
          {t(`incidents.flagLabels.${f}`, { defaultValue: f })}
        </Tag>
      ))}
    </Space>
  );
}
