import { useState, type HTMLAttributes } from 'react';
import { Button, Empty, Input, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DivisionCell, useDivisionNames } from '../app/place';
import { ALARM_LEVELS } from '@yingji/contracts';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { MONITORING_NS } from './i18n';
import { useAlarms, type Alarm, type AlarmLevel, type AlarmListParams } from './api';
import { AlarmStatusTag, EscalationCell, LevelTag, useMetricLabel, useSensorUnits, ValueWithUnit } from './components';

type RowAttrs = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;
type StatusFilter = NonNullable<AlarmListParams['status']>;
const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'active', 'acknowledged', 'cleared'];

/** The alarm columns shared by the alarms tab and a sensor's alarms. */
export function useAlarmColumns(options: { showSensor: boolean }): TableColumnsType<Alarm> {
  const { t } = useTranslation(MONITORING_NS);
  const metricLabel = useMetricLabel();
  const unitOf = useSensorUnits();
  const divisionName = useDivisionNames();
  return [
    {
      title: t('alarm.level'),
      dataIndex: 'level',
      width: 80,
      render: (level: AlarmLevel) => <LevelTag level={level} />,
    },
    {
      title: t('alarm.status'),
      dataIndex: 'status',
      width: 90,
      render: (_: unknown, a) => <AlarmStatusTag status={a.status} />,
    },
    ...(options.showSensor
      ? [
          {
            title: t('alarm.sensor'),
            key: 'sensor',
            render: (_: unknown, a: Alarm) => (
              <div className="monitoring-panel-sensor">
                <Link
                  to={`/monitoring/sensors/${encodeURIComponent(a.sensorCode)}`}
                  onClick={(e) => e.stopPropagation()}
                >
                  {a.sensorName ?? a.sensorCode}
                </Link>
                <Typography.Text type="secondary" className="monitoring-code">
                  {a.sensorCode}
                </Typography.Text>
              </div>
            ),
          },
        ]
      : []),
    {
      title: t('alarm.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (_: unknown, a) => t(`alarmKinds.${a.kind}`),
    },
    {
      title: t('alarm.value'),
      key: 'value',
      width: 170,
      render: (_: unknown, a) => {
        const unit = unitOf(a.sensorCode, a.metric);
        return (
          <div className="monitoring-panel-value">
            <Typography.Text type="secondary">{metricLabel(a.metric)}</Typography.Text>
            <div>
              <ValueWithUnit value={a.lastValue} unit={unit} />
              {a.peakValue !== null && (
                <Typography.Text type="secondary">
                  {' '}
                  / {t('alarm.peak')} {a.peakValue}
                </Typography.Text>
              )}
            </div>
          </div>
        );
      },
    },
    { title: t('alarm.count'), dataIndex: 'count', width: 70, align: 'right' },
    {
      title: t('alarm.division'),
      dataIndex: 'divisionCode',
      width: 100,
      render: (code: string) => <DivisionCell compact code={code} name={divisionName(code)} />,
    },
    {
      title: t('alarm.raisedAt'),
      dataIndex: 'raisedAt',
      width: 170,
      render: (v: string) => <span className="monitoring-time-short">{formatTime(v)}</span>,
    },
    {
      title: t('alarm.escalation'),
      key: 'escalation',
      width: 160,
      render: (_: unknown, a) =>
        a.status === 'cleared' ? (
          <Tooltip title={t('alarm.clearedAt')}>
            <span className="monitoring-time-short">{formatTime(a.clearedAt)}</span>
          </Tooltip>
        ) : (
          <EscalationCell alarm={a} />
        ),
    },
  ];
}

export function alarmRowProps(a: Alarm, onOpen: (id: string) => void): RowAttrs {
  return {
    'data-alarm-id': a.id,
    'data-status': a.status,
    'data-level': a.level,
    onClick: () => onOpen(a.id),
    style: { cursor: 'pointer' },
  } as RowAttrs;
}

/** 告警: every alarm in scope, server-paged, with filters; a row opens the alarm's drawer. */
export function AlarmsTab({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation(MONITORING_NS);
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [status, setStatus] = useState<StatusFilter | undefined>('open');
  const [level, setLevel] = useState<AlarmLevel | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [sensorInput, setSensorInput] = useState('');
  const [sensorCode, setSensorCode] = useState('');
  const list = useAlarms(
    { status, level, divisionCode, sensorCode: sensorCode || undefined, page, pageSize },
    { refetchInterval: 30_000 },
  );
  const columns = useAlarmColumns({ showSensor: true });
  const filtered = !!(status || level || divisionCode || sensorCode);

  return (
    <>
      <div className="page-toolbar">
        <Select<StatusFilter>
          allowClear
          style={{ width: 130 }}
          placeholder={t('alarms.statusFilter')}
          aria-label={t('alarms.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPage(1);
          }}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: t(`alarmStatuses.${s}`) }))}
          data-testid="alarms-status-filter"
        />
        <Select<AlarmLevel>
          allowClear
          style={{ width: 110 }}
          placeholder={t('alarms.levelFilter')}
          aria-label={t('alarms.levelFilter')}
          value={level}
          onChange={(v) => {
            setLevel(v ?? undefined);
            setPage(1);
          }}
          options={[...ALARM_LEVELS].reverse().map((l) => ({ value: l, label: t(`levels.${l}`) }))}
        />
        <DivisionPicker
          allowClear
          style={{ width: 180 }}
          placeholder={t('common.divisionFilter')}
          value={divisionCode}
          onChange={(v) => {
            setDivisionCode(v);
            setPage(1);
          }}
        />
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('alarms.sensorFilter')}
          aria-label={t('alarms.sensorFilter')}
          value={sensorInput}
          onChange={(e) => setSensorInput(e.target.value)}
          onSearch={(v) => {
            setSensorCode(v.trim());
            setPage(1);
          }}
          enterButton={t('common.search')}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Alarm>
        rowKey="id"
        size="middle"
        data-testid="alarms-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 1100 }}
        pagination={pagination(list.data?.total ?? 0)}
        rowClassName={(a) => `monitoring-alarm-row monitoring-alarm-${a.status}`}
        onRow={(a) => alarmRowProps(a, onOpen)}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'alarms.empty')}
            />
          ),
        }}
      />
    </>
  );
}
