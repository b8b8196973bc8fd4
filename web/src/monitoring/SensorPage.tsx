import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Popconfirm,
  Result,
  Row,
  Segmented,
  Skeleton,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api';
import { DivisionCell, useDivisionNames } from '../app/place';
import { useAuth } from '../app/auth';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { MONITORING_NS } from './i18n';
import {
  useAlarms,
  useIngestErrors,
  useRules,
  useSensor,
  useSeries,
  useUpdateSensor,
  type Alarm,
  type IngestError,
  type Sensor,
  type SensorRule,
  type SeriesStep,
} from './api';
import { AlarmDrawer, thresholdsOf } from './AlarmDrawer';
import { alarmRowProps, useAlarmColumns } from './AlarmsTab';
import { LatestValues, LevelTag, SensorStatusTag, useMetricLabel } from './components';
import { useMonitoringLive } from './live';
import { OP_LABELS, RuleFormModal } from './RuleFormModal';
import './monitoring.css';

const SeriesChart = lazy(() => import('./SeriesChart'));

const RANGES = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 } as const;
type RangeKey = keyof typeof RANGES;
const STEPS: readonly SeriesStep[] = ['raw', '1m', '1h'];
/** Raw readings over a week are too many to draw; a range that long goes per minute at least. */
const RAW_LIMIT_MS = RANGES['24h'];

function MetricChart({
  sensor,
  metric,
  unit,
  step,
  from,
  thresholds,
}: {
  sensor: Sensor;
  metric: string;
  unit: string;
  step: SeriesStep;
  from: string;
  thresholds: ReturnType<typeof thresholdsOf>;
}) {
  const { t } = useTranslation(MONITORING_NS);
  const metricLabel = useMetricLabel();
  const series = useSeries(sensor.code, { metric, step, from });
  return (
    <Card
      size="small"
      type="inner"
      title={`${metricLabel(metric)}（${metric}${unit ? `, ${unit}` : ''}）`}
      extra={
        series.data ? (
          <Typography.Text type="secondary">{t('chart.points', { n: series.data.points.length })}</Typography.Text>
        ) : null
      }
      data-testid={`sensor-chart-${metric}`}
    >
      {series.isError ? (
        <ErrorAlert error={series.error} onRetry={() => void series.refetch()} />
      ) : !series.data ? (
        <Skeleton.Node active style={{ width: '100%', height: 240 }} />
      ) : (
        <Suspense fallback={<Spin />}>
          <SeriesChart
            points={series.data.points}
            step={series.data.step}
            unit={unit}
            thresholds={thresholds}
            height={240}
            metric={metric}
            testId="sensor-series"
            span={{ from: Date.parse(from), to: Math.max(series.dataUpdatedAt, Date.parse(from) + 60_000) }}
          />
        </Suspense>
      )}
    </Card>
  );
}

function RulesTable({ rules, sensor }: { rules: readonly SensorRule[]; sensor: Sensor }) {
  const { t } = useTranslation(MONITORING_NS);
  const metricLabel = useMetricLabel();
  const unitOf = (metric: string | null) => sensor.metrics.find((m) => m.name === metric)?.unit ?? '';
  return (
    <Table<SensorRule>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={[...rules]}
      data-testid="sensor-rules"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rules.empty')} /> }}
      columns={[
        { title: t('rules.kind'), dataIndex: 'kind', width: 90, render: (_: unknown, r) => t(`ruleKinds.${r.kind}`) },
        {
          title: t('rules.metric'),
          dataIndex: 'metric',
          width: 130,
          render: (m: string | null, r) =>
            r.kind === 'no_data' ? '—' : `${metricLabel(m)}${r.kind === 'rate' ? ` · ${t('rules.perMinute')}` : ''}`,
        },
        {
          title: t('rules.levels'),
          key: 'levels',
          render: (_: unknown, r) =>
            r.kind === 'no_data' ? (
              <Space size={4}>
                {r.level && <LevelTag level={r.level} short />}
                {t('rules.after')} {t('common.seconds', { n: r.afterSeconds ?? 0 })}
              </Space>
            ) : (
              <div className="monitoring-rule-levels">
                {r.levels.map((l) => (
                  <span key={l.level} data-rule-level={l.level}>
                    <LevelTag level={l.level} short /> {OP_LABELS[l.op]} {l.value}
                    {r.kind === 'rate'
                      ? ` ${t('rules.perMinuteUnit', { unit: unitOf(r.metric) })}`
                      : unitOf(r.metric)
                        ? ` ${unitOf(r.metric)}`
                        : ''}
                  </span>
                ))}
              </div>
            ),
        },
        {
          title: t('rules.hysteresis'),
          key: 'clear',
          width: 140,
          render: (_: unknown, r) =>
            r.clearBelow !== null
              ? t('rules.clearBelowText', { v: r.clearBelow })
              : r.clearAbove !== null
                ? t('rules.clearAboveText', { v: r.clearAbove })
                : '—',
        },
        {
          title: t('rules.window'),
          dataIndex: 'windowSeconds',
          width: 90,
          render: (w: number | null) => (w ? t('common.seconds', { n: w }) : '—'),
        },
      ]}
    />
  );
}

function ErrorsTable({ items }: { items: readonly IngestError[] }) {
  const { t } = useTranslation(MONITORING_NS);
  return (
    <Table<IngestError>
      rowKey="reason"
      size="small"
      pagination={false}
      dataSource={[...items]}
      scroll={{ x: 560 }}
      data-testid="sensor-errors"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('errors.empty')} /> }}
      columns={[
        {
          title: t('errors.reason'),
          dataIndex: 'reason',
          width: 150,
          render: (r: string) => <Tag color="warning">{t(`errorReasons.${r}`, { defaultValue: r })}</Tag>,
        },
        { title: t('errors.count'), dataIndex: 'count', width: 64, align: 'right' },
        { title: t('errors.lastAt'), dataIndex: 'lastAt', width: 150, render: (v: string) => formatTime(v) },
        {
          title: t('errors.sample'),
          dataIndex: 'sample',
          ellipsis: { showTitle: false },
          render: (v: string | null) =>
            v ? (
              <Tooltip title={<code className="monitoring-sample">{v}</code>}>
                <code className="monitoring-sample">{v}</code>
              </Tooltip>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

function SensorAlarms({ code, onOpen }: { code: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation(MONITORING_NS);
  const { page, pageSize, pagination } = usePaging((total) => t('common.total', { total }), 10);
  const list = useAlarms({ sensorCode: code, page, pageSize });
  const columns = useAlarmColumns({ showSensor: false });
  return (
    <>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Alarm>
        rowKey="id"
        size="small"
        data-testid="sensor-alarms"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 900 }}
        pagination={pagination(list.data?.total ?? 0)}
        rowClassName={(a) => `monitoring-alarm-row monitoring-alarm-${a.status}`}
        onRow={(a) => alarmRowProps(a, onOpen)}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alarms.empty')} /> }}
      />
    </>
  );
}

/** One sensor: details, latest values, charts per metric, rules, rejected readings and alarms. */
export default function SensorPage() {
  const { t } = useTranslation(MONITORING_NS);
  const { code = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  useMonitoringLive();
  const divisionName = useDivisionNames();
  const sensor = useSensor(code);
  const rules = useRules(code);
  const errors = useIngestErrors(code);
  const update = useUpdateSensor(code);
  const [step, setStep] = useState<SeriesStep>('1m');
  const [range, setRange] = useState<RangeKey>('6h');
  const [anchor, setAnchor] = useState(() => Date.now());
  const [addingRule, setAddingRule] = useState(false);
  const [openAlarm, setOpenAlarm] = useState<string | null>(null);
  const mayManage = can('monitoring.manage');

  // The window slides with the clock.
  useEffect(() => {
    const timer = setInterval(() => setAnchor(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const from = useMemo(() => new Date(anchor - RANGES[range]).toISOString(), [anchor, range]);

  if (sensor.isError) {
    if (sensor.error instanceof ApiError && sensor.error.status === 404)
      return (
        <Result
          status="404"
          title={t('sensor.notFound')}
          extra={<Link to="/monitoring?tab=sensors">{t('sensor.back')}</Link>}
        />
      );
    return <ErrorAlert error={sensor.error} onRetry={() => void sensor.refetch()} />;
  }
  if (!sensor.data) return <Skeleton active />;
  const s = sensor.data;

  const toggle = () =>
    update.mutate(
      { status: s.status === 'disabled' ? 'online' : 'disabled' },
      {
        onSuccess: (after) =>
          message.success(after.status === 'disabled' ? t('sensor.disabledMsg') : t('sensor.enabledMsg')),
        onError: (err) => message.error(err.message),
      },
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="sensor-page" data-code={s.code}>
      <Card
        title={
          <Space wrap>
            <Link to="/monitoring?tab=sensors" aria-label={t('sensor.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span>{s.name ?? s.code}</span>
            <Typography.Text type="secondary" className="monitoring-code">
              {s.code}
            </Typography.Text>
            <span data-testid="sensor-status">
              <SensorStatusTag status={s.status} />
            </span>
          </Space>
        }
        extra={
          mayManage &&
          (s.status === 'disabled' ? (
            <Button
              icon={<PlayCircleOutlined />}
              loading={update.isPending}
              onClick={toggle}
              data-testid="sensor-enable"
            >
              {t('sensor.enable')}
            </Button>
          ) : (
            <Popconfirm title={t('sensor.disableConfirm')} onConfirm={toggle} okButtonProps={{ danger: true }}>
              <Button danger icon={<PauseCircleOutlined />} loading={update.isPending} data-testid="sensor-disable">
                {t('sensor.disable')}
              </Button>
            </Popconfirm>
          ))
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('sensors.type')}>{t(`sensorTypes.${s.type}`)}</Descriptions.Item>
              <Descriptions.Item label={t('sensors.division')}>
                <DivisionCell compact code={s.divisionCode} name={divisionName(s.divisionCode)} />
              </Descriptions.Item>
              <Descriptions.Item label={t('sensors.location')}>
                {s.location.lon.toFixed(5)}, {s.location.lat.toFixed(5)}
              </Descriptions.Item>
              <Descriptions.Item label={t('sensors.interval')}>
                {t('common.seconds', { n: s.intervalSeconds })}
              </Descriptions.Item>
              <Descriptions.Item label={t('sensors.linked')}>
                {s.linked ? `${t(`linkedKinds.${s.linked.kind}`)} · ${s.linked.name}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('sensors.openAlarms')}>{s.openAlarms}</Descriptions.Item>
              <Descriptions.Item label={t('sensors.lastSeen')}>{formatTime(s.lastSeenAt)}</Descriptions.Item>
              <Descriptions.Item label={t('sensors.createdAt')}>{formatTime(s.createdAt)}</Descriptions.Item>
            </Descriptions>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('sensor.latest')} data-testid="sensor-latest">
              <LatestValues sensor={s} style={{ fontSize: 16 }} />
            </Card>
          </Col>
        </Row>
      </Card>

      <Card
        title={t('sensor.charts')}
        extra={
          <Space wrap>
            <Typography.Text type="secondary">{t('sensor.step')}</Typography.Text>
            <Segmented<SeriesStep>
              size="small"
              value={step}
              onChange={setStep}
              options={STEPS.map((k) => ({
                value: k,
                label: t(`sensor.steps.${k}`),
                disabled: k === 'raw' && RANGES[range] > RAW_LIMIT_MS,
              }))}
              data-testid="sensor-step"
            />
            <Typography.Text type="secondary">{t('sensor.range')}</Typography.Text>
            <Segmented<RangeKey>
              size="small"
              value={range}
              onChange={(r) => {
                setRange(r);
                setAnchor(Date.now());
                if (step === 'raw' && RANGES[r] > RAW_LIMIT_MS) setStep('1m');
              }}
              options={(Object.keys(RANGES) as RangeKey[]).map((k) => ({ value: k, label: t(`sensor.ranges.${k}`) }))}
              data-testid="sensor-range"
            />
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          {s.metrics.map((m) => (
            <Col key={m.name} xs={24} xl={s.metrics.length > 1 ? 12 : 24}>
              <MetricChart
                sensor={s}
                metric={m.name}
                unit={m.unit}
                step={step}
                from={from}
                thresholds={thresholdsOf(rules.data?.items, m.name)}
              />
            </Col>
          ))}
        </Row>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={t('sensor.rules')}
            extra={
              mayManage && (
                <Button
                  size="small"
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setAddingRule(true)}
                  data-testid="rule-add"
                >
                  {t('rules.add')}
                </Button>
              )
            }
          >
            {rules.isError ? (
              <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />
            ) : (
              <RulesTable rules={rules.data?.items ?? []} sensor={s} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('sensor.errors')}>
            {errors.isError ? (
              <ErrorAlert error={errors.error} onRetry={() => void errors.refetch()} />
            ) : (
              <ErrorsTable items={errors.data?.items ?? []} />
            )}
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('sensor.alarms')}>
        <SensorAlarms code={s.code} onOpen={setOpenAlarm} />
      </Card>

      {addingRule && <RuleFormModal sensor={s} onClose={() => setAddingRule(false)} />}
      <AlarmDrawer alarmId={openAlarm} onClose={() => setOpenAlarm(null)} />
    </Space>
  );
}
