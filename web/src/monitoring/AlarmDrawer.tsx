import { lazy, Suspense, useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Spin,
  Timeline,
  Typography,
} from 'antd';
import { CheckOutlined, ExportOutlined, FileAddOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DivisionCell, useDivisionNames } from '../app/place';
import { ACCIDENT_TYPES, INCIDENT_CATEGORIES, incidentLabel, OTHER_INCIDENT_TYPES } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime, HiddenSubmit } from '../app/components';
import { currentLang } from '../app/i18n';
import { MONITORING_NS } from './i18n';
import {
  useAckAlarm,
  useAlarm,
  useAlarmToIncident,
  useRules,
  useSensor,
  useSeries,
  type Alarm,
  type AlarmIncidentInput,
  type AlarmTimelineEntry,
  type SensorRule,
  type SensorType,
} from './api';
import { AlarmStatusTag, EscalationCell, LevelTag, useMetricLabel, ValueWithUnit } from './components';
import type { Threshold } from './SeriesChart';

const SeriesChart = lazy(() => import('./SeriesChart'));

/** How often the open drawer re-reads the last hour of readings (live events refresh it too). */
const CHART_REFRESH_MS = 10_000;
const HOUR_MS = 3_600_000;

type IncidentCategory = AlarmIncidentInput['category'];

/** The incident a sensor's alarm most likely is, for the 转为事件 form. */
const INCIDENT_DEFAULTS: Record<SensorType, { category: IncidentCategory; type: string }> = {
  gas_concentration: { category: 'accident', type: 'gas' },
  water_level: { category: 'natural_disaster', type: 'rainstorm' },
  bridge_strain: { category: 'accident', type: 'other' },
  rainfall: { category: 'natural_disaster', type: 'rainstorm' },
  toxic_gas: { category: 'accident', type: 'hazchem' },
  pipe_pressure: { category: 'accident', type: 'gas' },
  tunnel_environment: { category: 'accident', type: 'other' },
  other: { category: 'accident', type: 'other' },
};

function typesOf(category: IncidentCategory): readonly string[] {
  return category === 'accident' ? ACCIDENT_TYPES : OTHER_INCIDENT_TYPES;
}

const TIMELINE_COLORS: Record<string, string> = {
  raised: 'red',
  level: 'red',
  escalated: 'orange',
  acknowledged: 'blue',
  cleared: 'green',
  incident: 'purple',
};

/** Threshold levels of the rules on one metric, for the chart's dashed lines. */
export function thresholdsOf(rules: readonly SensorRule[] | undefined, metric: string | null): Threshold[] {
  if (!rules || !metric) return [];
  return rules
    .filter((r) => r.kind === 'threshold' && r.metric === metric)
    .flatMap((r) => r.levels.map((l) => ({ value: l.value, level: l.level })));
}

function AckModal({ alarm, onClose }: { alarm: Alarm; onClose: () => void }) {
  const { t } = useTranslation(MONITORING_NS);
  const { message } = App.useApp();
  const ack = useAckAlarm();
  const [form] = Form.useForm<{ note?: string }>();
  return (
    <Modal
      open
      title={t('drawer.ackTitle')}
      okText={t('drawer.ack')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={ack.isPending}
      okButtonProps={{ ...{ 'data-testid': 'alarm-ack-submit' } }}
      destroyOnHidden
    >
      {ack.isError && <FormError error={ack.error} />}
      <Typography.Paragraph type="secondary">{t('drawer.ackHelp')}</Typography.Paragraph>
      <Form<{ note?: string }>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          ack.mutate(
            { id: alarm.id, note: v.note?.trim() || undefined },
            {
              onSuccess: () => {
                message.success(t('drawer.acked'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="note"
          label={t('drawer.ackNote')}
          rules={[{ max: 500, message: t('common.maxLength', { max: 500 }) }]}
        >
          <Input.TextArea
            autoFocus
            rows={3}
            maxLength={500}
            placeholder={t('drawer.ackNotePlaceholder')}
            data-testid="alarm-ack-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface IncidentFormValues {
  title: string;
  category: IncidentCategory;
  type: string;
}

function ToIncidentModal({ alarm, onClose }: { alarm: Alarm; onClose: () => void }) {
  const { t } = useTranslation(MONITORING_NS);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const metricLabel = useMetricLabel();
  const convert = useAlarmToIncident();
  const [form] = Form.useForm<IncidentFormValues>();
  const category = Form.useWatch('category', form);
  const lang = currentLang();
  const defaults = INCIDENT_DEFAULTS[(alarm.sensorType ?? 'other') as SensorType] ?? INCIDENT_DEFAULTS.other;
  const title = t('drawer.defaultIncidentTitle', {
    sensor: alarm.sensorName ?? alarm.sensorCode,
    what: alarm.metric ? metricLabel(alarm.metric) : t(`alarmKinds.${alarm.kind}`),
    level: t(`levels.${alarm.level}`),
  });

  return (
    <Modal
      open
      title={t('drawer.toIncidentTitle')}
      okText={t('drawer.toIncident')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={convert.isPending}
      okButtonProps={{ ...{ 'data-testid': 'alarm-incident-submit' } }}
      destroyOnHidden
    >
      {convert.isError && <FormError error={convert.error} />}
      <Form<IncidentFormValues>
        form={form}
        layout="vertical"
        initialValues={{ title, ...defaults }}
        onFinish={(v) =>
          convert.mutate(
            { id: alarm.id, body: { title: v.title.trim(), category: v.category, type: v.type } },
            {
              onSuccess: (res) => {
                message.success(t('drawer.converted', { number: res.incidentNumber }));
                onClose();
                void navigate(`/incidents/${res.incidentId}`);
              },
            },
          )
        }
      >
        <Form.Item
          name="title"
          label={t('drawer.incidentTitle')}
          rules={[
            { required: true, whitespace: true, message: t('drawer.incidentTitleRequired') },
            { max: 200, message: t('common.maxLength', { max: 200 }) },
          ]}
        >
          <Input maxLength={200} data-testid="alarm-incident-title" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="category" label={t('drawer.category')} style={{ width: '50%' }} rules={[{ required: true }]}>
            <Select
              options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: incidentLabel(c, lang) }))}
              onChange={(c: IncidentCategory) => {
                const types = typesOf(c);
                if (!types.includes(form.getFieldValue('type') as string)) form.setFieldValue('type', types[0]);
              }}
            />
          </Form.Item>
          <Form.Item name="type" label={t('drawer.type')} style={{ width: '50%' }} rules={[{ required: true }]}>
            <Select
              options={typesOf(category ?? defaults.category).map((k) => ({ value: k, label: incidentLabel(k, lang) }))}
            />
          </Form.Item>
        </Space.Compact>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

function AlarmTimeline({ entries }: { entries: readonly AlarmTimelineEntry[] }) {
  const { t } = useTranslation(MONITORING_NS);
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="alarm-timeline"
      items={entries.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: TIMELINE_COLORS[e.kind] ?? 'gray',
        title: formatTime(e.at),
        content: (
          <div data-kind={e.kind} className="monitoring-timeline-entry">
            <Typography.Text strong>{t(`timelineKinds.${e.kind}`, { defaultValue: e.kind })}</Typography.Text>
            {e.actorName && <Typography.Text type="secondary"> · {e.actorName}</Typography.Text>}
            <div>{e.text}</div>
          </div>
        ),
      }))}
    />
  );
}

function AlarmDetails({ alarm }: { alarm: Alarm }) {
  const { t } = useTranslation(MONITORING_NS);
  const { can } = useAuth();
  const metricLabel = useMetricLabel();
  const divisionName = useDivisionNames();
  const sensor = useSensor(alarm.sensorCode);
  const rules = useRules(alarm.sensorCode);
  const series = useSeries(
    alarm.sensorCode,
    { metric: alarm.metric ?? '', step: 'raw' },
    { refetchInterval: CHART_REFRESH_MS },
  );
  const [dialog, setDialog] = useState<'ack' | 'incident' | null>(null);
  const unit = sensor.data?.metrics.find((m) => m.name === alarm.metric)?.unit ?? series.data?.unit ?? '';
  const thresholds = useMemo(() => thresholdsOf(rules.data?.items, alarm.metric), [rules.data, alarm.metric]);
  const mayHandle = can('alarm.handle');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="monitoring-drawer-head">
        <Space wrap>
          <LevelTag level={alarm.level} />
          <span data-testid="alarm-drawer-status" data-status={alarm.status}>
            <AlarmStatusTag status={alarm.status} />
          </span>
          <Typography.Text type="secondary">{t(`alarmKinds.${alarm.kind}`)}</Typography.Text>
        </Space>
        <Space wrap>
          {mayHandle && alarm.status === 'active' && (
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('ack')} data-testid="alarm-ack">
              {t('drawer.ack')}
            </Button>
          )}
          {alarm.incidentId ? (
            <Link to={`/incidents/${alarm.incidentId}`} data-testid="alarm-incident-link">
              <Button icon={<ExportOutlined />}>{t('drawer.openIncident')}</Button>
            </Link>
          ) : (
            mayHandle &&
            alarm.status !== 'cleared' && (
              <Button icon={<FileAddOutlined />} onClick={() => setDialog('incident')} data-testid="alarm-to-incident">
                {t('drawer.toIncident')}
              </Button>
            )
          )}
        </Space>
      </div>

      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('alarm.sensor')} span={2}>
          <Link to={`/monitoring/sensors/${encodeURIComponent(alarm.sensorCode)}`} data-testid="alarm-sensor-link">
            {alarm.sensorName ?? alarm.sensorCode}
          </Link>{' '}
          <Typography.Text type="secondary" className="monitoring-code">
            {alarm.sensorCode}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('alarm.metric')}>{metricLabel(alarm.metric)}</Descriptions.Item>
        <Descriptions.Item label={t('alarm.division')}>
          <DivisionCell compact code={alarm.divisionCode} name={divisionName(alarm.divisionCode)} />
        </Descriptions.Item>
        <Descriptions.Item label={t('alarm.last')}>
          <ValueWithUnit value={alarm.lastValue} unit={unit} />
        </Descriptions.Item>
        <Descriptions.Item label={t('alarm.peak')}>
          <ValueWithUnit value={alarm.peakValue} unit={unit} />
        </Descriptions.Item>
        <Descriptions.Item label={t('alarm.raisedAt')}>{formatTime(alarm.raisedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alarm.count')}>{alarm.count}</Descriptions.Item>
        <Descriptions.Item label={t('alarm.lastAt')}>{formatTime(alarm.lastAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alarm.escalation')}>
          <EscalationCell alarm={alarm} />
        </Descriptions.Item>
        {alarm.acknowledgedAt && (
          <Descriptions.Item label={t('alarm.ackBy')} span={2}>
            {alarm.acknowledgedByName ?? '—'} · {formatTime(alarm.acknowledgedAt)}
          </Descriptions.Item>
        )}
        {alarm.clearedAt && (
          <Descriptions.Item label={t('alarm.clearedAt')} span={2}>
            {formatTime(alarm.clearedAt)}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Card size="small" title={`${t('drawer.chart')} · ${metricLabel(alarm.metric)}${unit ? `（${unit}）` : ''}`}>
        {!alarm.metric ? (
          <Typography.Text type="secondary">{t('drawer.noMetric')}</Typography.Text>
        ) : series.isError ? (
          <ErrorAlert error={series.error} onRetry={() => void series.refetch()} />
        ) : !series.data ? (
          <Skeleton.Node active style={{ width: '100%', height: 240 }} />
        ) : (
          <Suspense fallback={<Spin />}>
            <SeriesChart
              points={series.data.points}
              step="raw"
              unit={unit}
              thresholds={thresholds}
              height={240}
              testId="alarm-chart"
              metric={alarm.metric}
              span={{ from: series.dataUpdatedAt - HOUR_MS, to: series.dataUpdatedAt }}
            />
          </Suspense>
        )}
      </Card>

      <Card size="small" title={t('drawer.timeline')}>
        <AlarmTimeline entries={alarm.timeline ?? []} />
      </Card>

      {dialog === 'ack' && <AckModal alarm={alarm} onClose={() => setDialog(null)} />}
      {dialog === 'incident' && <ToIncidentModal alarm={alarm} onClose={() => setDialog(null)} />}
    </Space>
  );
}

/** 告警详情: the alarm, its sensor's last hour, its log, and 确认 / 转为事件. */
export function AlarmDrawer({ alarmId, onClose }: { alarmId: string | null; onClose: () => void }) {
  const { t } = useTranslation(MONITORING_NS);
  const query = useAlarm(alarmId);
  return (
    <Drawer
      open={!!alarmId}
      size={Math.min(680, typeof window === 'undefined' ? 680 : window.innerWidth)}
      onClose={onClose}
      destroyOnHidden
      title={
        query.data ? `${t('drawer.title')} · ${query.data.sensorName ?? query.data.sensorCode}` : t('drawer.title')
      }
      data-testid="alarm-drawer"
      extra={
        query.data ? (
          <Link to={`/monitoring/sensors/${encodeURIComponent(query.data.sensorCode)}`}>{t('drawer.openSensor')}</Link>
        ) : undefined
      }
    >
      {query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data || query.data.id !== alarmId ? (
        <Skeleton active />
      ) : (
        <AlarmDetails key={query.data.id} alarm={query.data} />
      )}
    </Drawer>
  );
}
