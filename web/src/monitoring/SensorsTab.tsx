import { useState, type HTMLAttributes } from 'react';
import {
  App,
  Badge,
  Button,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { LINKED_KINDS, SENSOR_STATUSES, SENSOR_TYPES } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { DivisionCell, DivisionLocationRow, useDivisionNames, useNewRecordPlace, type LonLat } from '../app/place';
import { ErrorAlert, FormError, formatTime, usePaging, HiddenSubmit } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { MONITORING_NS } from './i18n';
import {
  useCreateSensor,
  useSensors,
  type CreateSensorInput,
  type LinkedKind,
  type Sensor,
  type SensorStatus,
  type SensorType,
} from './api';
import { LatestValues, SensorStatusTag } from './components';

type RowAttrs = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;

const CODE_PATTERN = /^[A-Za-z0-9][\w.-]{0,63}$/;
const METRIC_PATTERN = /^[A-Za-z][\w.-]{0,39}$/;

/** What a sensor of each type usually measures, to start the metrics list with. */
const DEFAULT_METRICS: Record<SensorType, { name: string; unit: string }[]> = {
  gas_concentration: [
    { name: 'gas', unit: '%LEL' },
    { name: 'temp', unit: '℃' },
  ],
  water_level: [{ name: 'level', unit: 'cm' }],
  bridge_strain: [{ name: 'strain', unit: 'με' }],
  rainfall: [{ name: 'rain1h', unit: 'mm' }],
  toxic_gas: [{ name: 'h2s', unit: 'ppm' }],
  pipe_pressure: [{ name: 'pressure', unit: 'MPa' }],
  tunnel_environment: [
    { name: 'temp', unit: '℃' },
    { name: 'humidity', unit: '%RH' },
    { name: 'o2', unit: '%VOL' },
    { name: 'h2s', unit: 'ppm' },
  ],
  other: [{ name: 'value', unit: '' }],
};

interface SensorFormValues {
  code: string;
  name?: string;
  type: SensorType;
  divisionCode: string;
  location: LonLat;
  metrics: { name: string; unit?: string }[];
  intervalSeconds: number;
  linkedKind?: LinkedKind;
  linkedName?: string;
}

function SensorFormModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(MONITORING_NS);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const place = useNewRecordPlace();
  const create = useCreateSensor();
  const [form] = Form.useForm<SensorFormValues>();
  const linkedKind = Form.useWatch('linkedKind', form);

  const onFinish = (v: SensorFormValues) => {
    const body: CreateSensorInput = {
      code: v.code.trim(),
      type: v.type,
      divisionCode: v.divisionCode,
      location: { lon: v.location.lon, lat: v.location.lat },
      metrics: v.metrics.map((m) => ({ name: m.name.trim(), unit: (m.unit ?? '').trim() })),
      intervalSeconds: v.intervalSeconds,
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      ...(v.linkedKind && v.linkedName?.trim() ? { linked: { kind: v.linkedKind, name: v.linkedName.trim() } } : {}),
    };
    create.mutate(body, {
      onSuccess: (s) => {
        message.success(t('sensors.created', { code: s.code }));
        onClose();
        void navigate(`/monitoring/sensors/${encodeURIComponent(s.code)}`);
      },
    });
  };

  return (
    <Modal
      open
      title={t('sensors.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ ...{ 'data-testid': 'sensor-form-submit' } }}
      destroyOnHidden
      width={680}
    >
      {create.isError && <FormError error={create.error} />}
      <Form<SensorFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="sensor-form"
        initialValues={{
          type: 'gas_concentration',
          metrics: DEFAULT_METRICS.gas_concentration,
          intervalSeconds: 60,
          ...place,
        }}
        onValuesChange={(changed: Partial<SensorFormValues>) => {
          if (changed.type && !form.isFieldTouched('metrics'))
            form.setFieldValue('metrics', DEFAULT_METRICS[changed.type]);
        }}
        onFinish={onFinish}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('sensors.code')}
              tooltip={t('sensors.codeHelp')}
              rules={[
                { required: true, whitespace: true, message: t('sensors.codeRequired') },
                { pattern: CODE_PATTERN, message: t('sensors.codeInvalid') },
              ]}
            >
              <Input autoFocus maxLength={64} autoComplete="off" placeholder="YQ-GAS-101" data-testid="sensor-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('sensors.name')}
              rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
            >
              <Input maxLength={100} autoComplete="off" data-testid="sensor-name" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="type"
              label={t('sensors.type')}
              rules={[{ required: true, message: t('sensors.typeRequired') }]}
            >
              <Select
                data-testid="sensor-type"
                options={SENSOR_TYPES.map((k) => ({ value: k, label: t(`sensorTypes.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="intervalSeconds"
              label={t('sensors.intervalSeconds')}
              rules={[{ required: true, message: t('sensors.intervalRequired') }]}
            >
              <InputNumber<number> min={1} max={86_400} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <DivisionLocationRow
          divisionLabel={t('sensors.division')}
          divisionRequired={t('sensors.divisionRequired')}
          isNew
          testIdPrefix="sensor"
        />
        <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
          {t('sensors.metrics')}
        </Typography.Text>
        <Form.List
          name="metrics"
          rules={[
            {
              validator: async (_, value: unknown[] | undefined) => {
                if (!value || value.length === 0) throw new Error(t('sensors.metricsRequired'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div className="monitoring-metric-rows" data-testid="sensor-metrics">
              {fields.map((field) => (
                <Row gutter={8} key={field.key} align="top">
                  <Col flex="auto">
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[
                        { required: true, whitespace: true, message: t('sensors.metricNameRequired') },
                        { pattern: METRIC_PATTERN, message: t('sensors.metricNameInvalid') },
                        ({ getFieldValue }) => ({
                          validator: async (_, name: string | undefined) => {
                            const all = (getFieldValue('metrics') as { name?: string }[] | undefined) ?? [];
                            if (name && all.filter((m) => m?.name?.trim() === name.trim()).length > 1)
                              throw new Error(t('sensors.metricNameDuplicate'));
                          },
                        }),
                      ]}
                    >
                      <Input
                        placeholder={t('sensors.metricName')}
                        aria-label={t('sensors.metricName')}
                        maxLength={40}
                      />
                    </Form.Item>
                  </Col>
                  <Col flex="140px">
                    <Form.Item name={[field.name, 'unit']} rules={[{ max: 20 }]}>
                      <Input
                        placeholder={t('sensors.metricUnit')}
                        aria-label={t('sensors.metricUnit')}
                        maxLength={20}
                      />
                    </Form.Item>
                  </Col>
                  <Col flex="32px">
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.cancel')}
                    />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                size="small"
                icon={<PlusOutlined />}
                disabled={fields.length >= 20}
                onClick={() => add({ name: '', unit: '' })}
                style={{ marginBottom: 12 }}
              >
                {t('sensors.addMetric')}
              </Button>
            </div>
          )}
        </Form.List>
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="linkedKind" label={t('sensors.linkedKind')}>
              <Select allowClear options={LINKED_KINDS.map((k) => ({ value: k, label: t(`linkedKinds.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="linkedName"
              label={t('sensors.linkedName')}
              dependencies={['linkedKind']}
              rules={[
                { required: !!linkedKind, whitespace: true, message: t('sensors.linkedNameRequired') },
                { max: 100, message: t('common.maxLength', { max: 100 }) },
              ]}
            >
              <Input maxLength={100} disabled={!linkedKind} />
            </Form.Item>
          </Col>
        </Row>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

/** 设备: the sensors in scope, server-paged, with filters and (for managers) 登记设备. */
export function SensorsTab() {
  const { t } = useTranslation(MONITORING_NS);
  const { can } = useAuth();
  const navigate = useNavigate();
  const divisionName = useDivisionNames();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [type, setType] = useState<SensorType | undefined>();
  const [status, setStatus] = useState<SensorStatus | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useSensors(
    { q: q || undefined, type, status, divisionCode, page, pageSize },
    { refetchInterval: 30_000 },
  );
  const filtered = !!(q || type || status || divisionCode);

  return (
    <>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('sensors.searchPlaceholder')}
          aria-label={t('sensors.searchPlaceholder')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          enterButton={t('common.search')}
          data-testid="sensors-search"
        />
        <Select<SensorType>
          allowClear
          style={{ width: 160 }}
          placeholder={t('sensors.typeFilter')}
          aria-label={t('sensors.typeFilter')}
          value={type}
          onChange={(v) => {
            setType(v ?? undefined);
            setPage(1);
          }}
          options={SENSOR_TYPES.map((k) => ({ value: k, label: t(`sensorTypes.${k}`) }))}
        />
        <Select<SensorStatus>
          allowClear
          style={{ width: 110 }}
          placeholder={t('sensors.statusFilter')}
          aria-label={t('sensors.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPage(1);
          }}
          options={SENSOR_STATUSES.map((s) => ({ value: s, label: t(`sensorStatuses.${s}`) }))}
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
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {can('monitoring.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="sensors-create">
            {t('sensors.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Sensor>
        rowKey="id"
        size="middle"
        data-testid="sensors-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        pagination={pagination(list.data?.total ?? 0)}
        onRow={(s) =>
          ({
            'data-code': s.code,
            'data-status': s.status,
            onDoubleClick: () => void navigate(`/monitoring/sensors/${encodeURIComponent(s.code)}`),
          }) as RowAttrs
        }
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'sensors.empty')}
            />
          ),
        }}
        columns={[
          {
            title: t('sensors.code'),
            dataIndex: 'code',
            width: 150,
            render: (code: string) => (
              <Link to={`/monitoring/sensors/${encodeURIComponent(code)}`} className="monitoring-code">
                {code}
              </Link>
            ),
          },
          {
            title: t('sensors.name'),
            dataIndex: 'name',
            ellipsis: true,
            render: (name: string | null, s) => (
              <Link to={`/monitoring/sensors/${encodeURIComponent(s.code)}`}>{name ?? s.code}</Link>
            ),
          },
          {
            title: t('sensors.type'),
            dataIndex: 'type',
            width: 130,
            render: (k: SensorType) => t(`sensorTypes.${k}`),
          },
          {
            title: t('sensors.division'),
            dataIndex: 'divisionCode',
            width: 100,
            render: (code: string) => <DivisionCell compact code={code} name={divisionName(code)} />,
          },
          {
            title: t('sensors.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: SensorStatus) => <SensorStatusTag status={s} />,
          },
          {
            title: t('sensors.lastSeen'),
            dataIndex: 'lastSeenAt',
            width: 120,
            render: (v: string | null) =>
              v ? (
                <Tooltip title={formatTime(v)}>
                  <span className="monitoring-time-short">{dayjs(v).format('MM-DD HH:mm:ss')}</span>
                </Tooltip>
              ) : (
                '—'
              ),
          },
          {
            title: t('sensors.latest'),
            key: 'latest',
            width: 260,
            render: (_: unknown, s) => <LatestValues sensor={s} />,
          },
          {
            title: t('sensors.openAlarms'),
            dataIndex: 'openAlarms',
            width: 100,
            align: 'center',
            render: (n: number) =>
              n > 0 ? <Badge count={n} /> : <Typography.Text type="secondary">0</Typography.Text>,
          },
        ]}
      />
      {creating && <SensorFormModal onClose={() => setCreating(false)} />}
    </>
  );
}
