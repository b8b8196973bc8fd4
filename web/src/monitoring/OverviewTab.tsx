import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Spin, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { ALARM_LEVELS, SENSOR_STATUSES } from '@yingji/contracts';
import { api, type ListResult } from '../app/api';
import type { ChartOption } from '../incidents/EChart';
import { MONITORING_NS } from './i18n';
import { monitoringKeys, type AlarmListParams, type SensorListParams } from './api';
import { LEVEL_HEX, SENSOR_STATUS_HEX } from './components';

const EChart = lazy(() => import('../incidents/EChart'));

/** How many records a list has (one row asked for, the total read). */
function useCount(path: '/sensors' | '/alarms', params: SensorListParams | AlarmListParams) {
  const query = { ...params, page: 1, pageSize: 1 };
  return useQuery({
    queryKey:
      path === '/sensors'
        ? monitoringKeys.sensors(query as SensorListParams)
        : monitoringKeys.alarms(query as AlarmListParams),
    queryFn: ({ signal }) => api.get<ListResult<unknown>>(path, { ...query }, signal),
    refetchInterval: 60_000,
    select: (r) => r.total,
  });
}

/** 概览: sensors by status and open alarms by level. */
export function OverviewTab() {
  const { t } = useTranslation(MONITORING_NS);
  const sensorsTotal = useCount('/sensors', {});
  const online = useCount('/sensors', { status: 'online' });
  const offline = useCount('/sensors', { status: 'offline' });
  const disabled = useCount('/sensors', { status: 'disabled' });
  const open = useCount('/alarms', { status: 'open' });
  const active = useCount('/alarms', { status: 'active' });
  const acknowledged = useCount('/alarms', { status: 'acknowledged' });
  const red = useCount('/alarms', { status: 'open', level: 'red' });
  const orange = useCount('/alarms', { status: 'open', level: 'orange' });
  const yellow = useCount('/alarms', { status: 'open', level: 'yellow' });
  const blue = useCount('/alarms', { status: 'open', level: 'blue' });
  const byLevel = { red: red.data, orange: orange.data, yellow: yellow.data, blue: blue.data };
  const byStatus = { online: online.data, offline: offline.data, disabled: disabled.data };

  const levels = [...ALARM_LEVELS].reverse();
  const levelOption: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: levels.map((l) => t(`levels.${l}`)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('overview.count'),
        type: 'bar',
        barMaxWidth: 48,
        data: levels.map((l) => ({ value: byLevel[l] ?? 0, itemStyle: { color: LEVEL_HEX[l] } })),
      },
    ],
  };

  const statusOption: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: SENSOR_STATUSES.map((s) => t(`sensorStatuses.${s}`)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('overview.count'),
        type: 'bar',
        barMaxWidth: 48,
        data: SENSOR_STATUSES.map((s) => ({ value: byStatus[s] ?? 0, itemStyle: { color: SENSOR_STATUS_HEX[s] } })),
      },
    ],
  };

  const stat = (title: string, value: number | undefined, testId: string, color?: string) => (
    <Col xs={12} md={6}>
      <Card size="small" className="monitoring-stat-card" data-testid={testId}>
        <Statistic title={title} value={value ?? '—'} styles={color ? { content: { color } } : undefined} />
      </Card>
    </Col>
  );

  return (
    <Row gutter={[16, 16]} data-testid="monitoring-overview">
      {stat(t('overview.sensorsTotal'), sensorsTotal.data, 'overview-sensors')}
      {stat(t('overview.offline'), offline.data, 'overview-offline', '#8c8c8c')}
      {stat(t('overview.activeTotal'), active.data, 'overview-active', '#cf1322')}
      {stat(t('overview.acknowledgedTotal'), acknowledged.data, 'overview-acknowledged', '#1677ff')}
      <Col xs={24} lg={12}>
        <Card size="small" title={`${t('overview.byLevel')} · ${open.data ?? '—'}`}>
          <Suspense fallback={<Spin />}>
            <EChart option={levelOption} height={240} />
          </Suspense>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={`${t('overview.sensorsTotal')} · ${sensorsTotal.data ?? '—'}`}>
          <Suspense fallback={<Spin />}>
            <EChart option={statusOption} height={240} />
          </Suspense>
        </Card>
      </Col>
    </Row>
  );
}
