import { useCallback, useSyncExternalStore, type CSSProperties } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type ListResult } from '../app/api';
import { MONITORING_NS } from './i18n';
import type { Alarm, AlarmLevel, AlarmStatus, Sensor, SensorStatus } from './api';

/** Colours of the four alarm levels (GB/T 27967 style: red the most severe). */
export const LEVEL_HEX: Record<AlarmLevel, string> = {
  red: '#cf1322',
  orange: '#fa8c16',
  yellow: '#fadb14',
  blue: '#1677ff',
};
const LEVEL_TEXT: Record<AlarmLevel, string> = { red: '#fff', orange: '#fff', yellow: '#262626', blue: '#fff' };
export const LEVEL_RANK: Record<AlarmLevel, number> = { blue: 1, yellow: 2, orange: 3, red: 4 };

export const SENSOR_STATUS_HEX: Record<SensorStatus, string> = {
  online: '#389e0d',
  offline: '#8c8c8c',
  disabled: '#bfbfbf',
};

/** A solid tag in the alarm level's colour: 红 / 橙 / 黄 / 蓝 (or the full 红色 …). */
export function LevelTag({ level, short = false }: { level: AlarmLevel; short?: boolean }) {
  const { t } = useTranslation(MONITORING_NS);
  return (
    <Tag
      className="monitoring-level-tag"
      data-level={level}
      style={{ background: LEVEL_HEX[level], color: LEVEL_TEXT[level], borderColor: LEVEL_HEX[level] }}
    >
      {short ? t(`levelsShort.${level}`) : t(`levels.${level}`)}
    </Tag>
  );
}

const ALARM_STATUS_COLORS: Record<AlarmStatus, string> = {
  active: 'error',
  acknowledged: 'processing',
  cleared: 'default',
};

export function AlarmStatusTag({ status }: { status: AlarmStatus }) {
  const { t } = useTranslation(MONITORING_NS);
  return (
    <Tag color={ALARM_STATUS_COLORS[status]} data-status={status} className="monitoring-alarm-status">
      {t(`alarmStatuses.${status}`)}
    </Tag>
  );
}

const SENSOR_STATUS_COLORS: Record<SensorStatus, string> = {
  online: 'success',
  offline: 'default',
  disabled: 'warning',
};

export function SensorStatusTag({ status }: { status: SensorStatus }) {
  const { t } = useTranslation(MONITORING_NS);
  return (
    <Tag color={SENSOR_STATUS_COLORS[status]} data-status={status} className="monitoring-sensor-status">
      {t(`sensorStatuses.${status}`)}
    </Tag>
  );
}

// ---- a clock shared by every countdown ----

let nowMs = Date.now();
const tickListeners = new Set<() => void>();
let tickTimer: ReturnType<typeof setInterval> | undefined;

function subscribeTick(listener: () => void): () => void {
  tickListeners.add(listener);
  if (!tickTimer) {
    nowMs = Date.now();
    tickTimer = setInterval(() => {
      nowMs = Date.now();
      for (const l of tickListeners) l();
    }, 1000);
  }
  return () => {
    tickListeners.delete(listener);
    if (tickListeners.size === 0 && tickTimer) {
      clearInterval(tickTimer);
      tickTimer = undefined;
    }
  };
}

/** The current time, updated every second while some component shows it. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribeTick,
    () => nowMs,
    () => nowMs,
  );
}

export function useFormatDuration(): (ms: number) => string {
  const { t } = useTranslation(MONITORING_NS);
  return useCallback(
    (ms: number) => {
      const total = Math.max(0, Math.round(Math.abs(ms) / 1000));
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      if (h > 0) return t('duration.hours', { h, m });
      if (m > 0) return t('duration.minutes', { m, s });
      return t('duration.seconds', { s });
    },
    [t],
  );
}

/** Who the alarm's escalation has reached (step 1 officer, 2 leader, 3+ everyone). */
export function useEscalationStep(): (step: number) => string {
  const { t } = useTranslation(MONITORING_NS);
  return (step) =>
    step <= 0 ? t('escalation.step0') : t('escalation.stepN', { step, who: t(`escalation.step${Math.min(step, 3)}`) });
}

/** The escalation step and, while the alarm waits for acknowledgement, the time until the next step. */
export function EscalationCell({ alarm }: { alarm: Pick<Alarm, 'status' | 'escalationStep' | 'nextEscalationAt'> }) {
  const { t } = useTranslation(MONITORING_NS);
  const stepLabel = useEscalationStep();
  return (
    <Space orientation="vertical" size={0} className="monitoring-escalation">
      <Typography.Text className="monitoring-escalation-step" data-step={alarm.escalationStep}>
        {stepLabel(alarm.escalationStep)}
      </Typography.Text>
      {alarm.status === 'active' && alarm.nextEscalationAt ? (
        <EscalationCountdown to={alarm.nextEscalationAt} />
      ) : (
        <Typography.Text type="secondary" className="monitoring-escalation-stopped" data-testid="escalation-stopped">
          {t('escalation.stopped')}
        </Typography.Text>
      )}
    </Space>
  );
}

export function EscalationCountdown({ to }: { to: string }) {
  const { t } = useTranslation(MONITORING_NS);
  const now = useNow();
  const format = useFormatDuration();
  const diff = Date.parse(to) - now;
  return (
    <Typography.Text
      type={diff < 60_000 ? 'danger' : diff < 5 * 60_000 ? 'warning' : 'secondary'}
      className="monitoring-countdown"
      data-testid="escalation-countdown"
      data-next={to}
    >
      {diff <= 0 ? t('escalation.due') : t('escalation.next', { time: format(diff) })}
    </Typography.Text>
  );
}

// ---- values and labels ----

/** A reading without float noise: at most three decimals. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return String(Math.round(v * 1000) / 1000);
}

export function useMetricLabel(): (metric: string | null | undefined) => string {
  const { t } = useTranslation(MONITORING_NS);
  return (metric) => (metric ? t(`metrics.${metric}`, { defaultValue: metric }) : '—');
}

/**
 * Units of the sensors in scope, by sensor code and metric (one list, kept for a few minutes),
 * for lists of alarms, which do not carry units.
 */
export function useSensorUnits(): (sensorCode: string, metric: string | null) => string {
  const sensors = useQuery({
    // Under the module's key, so a new sensor (a live event) brings its units in.
    queryKey: ['monitoring', 'units'],
    queryFn: ({ signal }) => api.get<ListResult<Sensor>>('/sensors', { pageSize: 200 }, signal),
    staleTime: 5 * 60_000,
  });
  const byCode = new Map<string, Sensor>();
  for (const s of sensors.data?.items ?? []) byCode.set(s.code, s);
  return (code, metric) => byCode.get(code)?.metrics.find((m) => m.name === metric)?.unit ?? '';
}

/** `value unit`, or a dash. */
export function ValueWithUnit({ value, unit }: { value: number | null | undefined; unit?: string | null }) {
  return (
    <span className="monitoring-value">
      {formatValue(value)}
      {unit && value !== null && value !== undefined ? <span className="monitoring-unit"> {unit}</span> : null}
    </span>
  );
}

/** The latest value of every metric of a sensor, with units. */
export function LatestValues({ sensor, style }: { sensor: Sensor; style?: CSSProperties }) {
  const metricLabel = useMetricLabel();
  const entries = sensor.metrics.filter((m) => sensor.lastValues[m.name] !== undefined);
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[12, 0]} wrap style={style} className="monitoring-latest">
      {entries.map((m) => (
        <span key={m.name} data-metric={m.name}>
          <Typography.Text type="secondary">{metricLabel(m.name)} </Typography.Text>
          <ValueWithUnit value={sensor.lastValues[m.name]} unit={m.unit} />
        </span>
      ))}
    </Space>
  );
}
