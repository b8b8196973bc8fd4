import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { App, Badge, Button, Card, Empty, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { AlertOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ErrorAlert, formatTime } from '../app/components';
import { MONITORING_NS } from './i18n';
import { useAlarms, type Alarm } from './api';
import { AlarmDrawer } from './AlarmDrawer';
import { AlarmStatusTag, EscalationCell, LevelTag, useMetricLabel, useSensorUnits, ValueWithUnit } from './components';
import { useMonitoringLive } from './live';
import './monitoring.css';

type RowAttrs = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;

const PANEL_SIZE = 20;
/** How long a new or escalated alarm stays highlighted. */
const HIGHLIGHT_MS = 20_000;

/**
 * 监测告警 on the duty desk: the open alarms, newest first, with their escalation clock. New alarms
 * arrive over the live event stream and are highlighted; a click opens the alarm's drawer.
 */
export function AlarmPanel() {
  const { t } = useTranslation(MONITORING_NS);
  const { notification } = App.useApp();
  const metricLabel = useMetricLabel();
  const unitOf = useSensorUnits();
  const list = useAlarms({ status: 'open', page: 1, pageSize: PANEL_SIZE }, { refetchInterval: 30_000 });
  const [openId, setOpenId] = useState<string | null>(null);
  const [fresh, setFresh] = useState<ReadonlyMap<string, 'raised' | 'escalated'>>(new Map());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);

  useMonitoringLive((type, event) => {
    const id = event.entityId;
    if (type === 'alarm.acknowledged' || type === 'alarm.cleared') {
      setFresh((prev) => {
        if (!prev.has(id)) return prev;
        const next = new Map(prev);
        next.delete(id);
        return next;
      });
      return;
    }
    if (type !== 'alarm.raised' && type !== 'alarm.escalated') return;
    const kind = type === 'alarm.raised' ? 'raised' : 'escalated';
    setFresh((prev) => new Map(prev).set(id, kind));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFresh((prev) => {
        const next = new Map(prev);
        next.delete(id);
        return next;
      });
    }, HIGHLIGHT_MS);
    timers.current.add(timer);
    if (type === 'alarm.raised' || event.data.reason === 'level') {
      const value = event.data.value;
      notification.open({
        key: `alarm-${id}`,
        type: event.data.level === 'red' || event.data.level === 'orange' ? 'error' : 'warning',
        title:
          type === 'alarm.raised'
            ? t('panel.newAlarm', { level: t(`levels.${event.data.level}`) })
            : `${t('panel.escalated')} · ${t(`levels.${event.data.level}`)}`,
        description: t('panel.newAlarmBody', {
          sensor: event.data.sensorCode,
          what: typeof value === 'number' ? String(value) : t(`levels.${event.data.level}`),
        }),
        duration: 8,
        placement: 'bottomRight',
        onClick: () => setOpenId(id),
        className: 'monitoring-alarm-notice',
      });
    }
  });

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const activeCount = items.filter((a) => a.status === 'active').length;

  const columns: TableColumnsType<Alarm> = [
    {
      title: t('alarm.level'),
      dataIndex: 'level',
      width: 56,
      render: (_: unknown, a) => <LevelTag level={a.level} short />,
    },
    {
      title: t('alarm.sensor'),
      key: 'sensor',
      ellipsis: { showTitle: false },
      render: (_: unknown, a) => (
        <Tooltip title={`${a.sensorName ?? a.sensorCode} · ${a.sensorCode}`}>
          <div className="monitoring-panel-sensor">
            <Typography.Text strong className="monitoring-panel-sensor-name">
              {a.sensorName ?? a.sensorCode}
            </Typography.Text>
            <Typography.Text type="secondary" className="monitoring-code">
              {a.sensorCode}
            </Typography.Text>
          </div>
        </Tooltip>
      ),
    },
    {
      title: t('alarm.value'),
      key: 'value',
      width: 150,
      render: (_: unknown, a) => {
        const unit = unitOf(a.sensorCode, a.metric);
        return (
          <div className="monitoring-panel-value">
            <Typography.Text type="secondary">
              {a.metric ? metricLabel(a.metric) : t(`alarmKinds.${a.kind}`)}
            </Typography.Text>
            <div>
              <Tooltip title={t('alarm.last')}>
                <Typography.Text strong data-testid="alarm-last-value">
                  <ValueWithUnit value={a.lastValue} unit={unit} />
                </Typography.Text>
              </Tooltip>
              {a.peakValue !== null && a.peakValue !== a.lastValue && (
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
    {
      title: t('alarm.count'),
      dataIndex: 'count',
      width: 56,
      align: 'right',
    },
    {
      title: t('alarm.raisedAt'),
      dataIndex: 'raisedAt',
      width: 86,
      render: (v: string) => (
        <Tooltip title={formatTime(v)}>
          <span className="monitoring-time-short">
            {dayjs(v).isSame(dayjs(), 'day') ? dayjs(v).format('HH:mm:ss') : dayjs(v).format('MM-DD HH:mm')}
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('alarm.escalation'),
      key: 'escalation',
      width: 150,
      render: (_: unknown, a) =>
        a.status === 'active' ? (
          <EscalationCell alarm={a} />
        ) : (
          <Space orientation="vertical" size={0}>
            <AlarmStatusTag status={a.status} />
            {a.acknowledgedByName && <Typography.Text type="secondary">{a.acknowledgedByName}</Typography.Text>}
          </Space>
        ),
    },
  ];

  return (
    <Card
      size="small"
      className="monitoring-panel"
      data-testid="alarm-panel"
      title={
        <Space>
          <AlertOutlined />
          {t('panel.title')}
          {activeCount > 0 && (
            <Badge
              count={activeCount}
              title={t('panel.activeCount', { n: activeCount })}
              data-testid="alarm-panel-active"
            />
          )}
        </Space>
      }
      extra={
        <Space size={4}>
          <Button
            size="small"
            type="text"
            icon={<ReloadOutlined />}
            aria-label={t('common.refresh')}
            onClick={() => void list.refetch()}
          />
          <Link to="/monitoring?tab=alarms">{t('panel.viewAll')}</Link>
        </Space>
      }
    >
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 8 }} />
      )}
      <Table<Alarm>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 620, y: 360 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('panel.empty')} /> }}
        rowClassName={(a) => {
          const f = fresh.get(a.id);
          return [
            'monitoring-alarm-row',
            `monitoring-alarm-${a.status}`,
            f ? `monitoring-alarm-fresh monitoring-alarm-fresh-${a.level}` : '',
          ].join(' ');
        }}
        onRow={(a) =>
          ({
            'data-alarm-id': a.id,
            'data-status': a.status,
            'data-level': a.level,
            'data-sensor': a.sensorCode,
            'data-fresh': fresh.has(a.id) ? 'true' : 'false',
            onClick: () => setOpenId(a.id),
            style: { cursor: 'pointer' },
          }) as RowAttrs
        }
      />
      {total > items.length && (
        <Typography.Text type="secondary" className="monitoring-panel-more">
          <Link to="/monitoring?tab=alarms">{t('panel.more', { n: total - items.length })}</Link>
        </Typography.Text>
      )}
      <AlarmDrawer alarmId={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}
