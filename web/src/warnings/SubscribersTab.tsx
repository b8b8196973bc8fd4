import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  App,
  Button,
  Col,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DeleteOutlined, EditOutlined, ImportOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { SUBSCRIBER_CHANNELS, SUBSCRIBER_KINDS } from '@yingji/contracts';
import { ErrorAlert, FormError, HiddenSubmit, usePaging } from '../app/components';
import { DivisionCell, LonLatInput, type LonLat } from '../app/place';
import { DivisionPicker } from '../admin/DivisionPicker';
import { WARNINGS_NS } from './i18n';
import {
  useCreateSubscriber,
  useDeleteSubscriber,
  useImportSubscribers,
  useSubscribers,
  useUpdateSubscriber,
  type CreateSubscriberBody,
  type Subscriber,
  type SubscriberChannel,
  type SubscriberFilters,
  type SubscriberKind,
} from './api';
import { parseSubscriberCsv } from './subscriberCsv';

interface SubscriberForm {
  kind: SubscriberKind;
  name: string;
  phone?: string;
  email?: string;
  divisionCode?: string;
  location?: Partial<LonLat>;
  channels: SubscriberChannel[];
  language: 'zh-CN' | 'en-US';
  webhookUrl?: string;
  webhookSecret?: string;
  active: boolean;
}

function blankToNull(v: string | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

function toBody(v: SubscriberForm): Omit<CreateSubscriberBody, 'kind'> {
  const loc = v.location;
  return {
    name: v.name.trim(),
    phone: blankToNull(v.phone),
    email: blankToNull(v.email),
    divisionCode: v.divisionCode ?? null,
    location: loc && typeof loc.lon === 'number' && typeof loc.lat === 'number' ? { lon: loc.lon, lat: loc.lat } : null,
    channels: v.channels,
    language: v.language,
    webhookUrl: blankToNull(v.webhookUrl),
    ...(v.webhookSecret?.trim() ? { webhookSecret: v.webhookSecret.trim() } : {}),
    active: v.active,
  };
}

/** 订阅用户: people and organisations who receive warnings, with search, create / edit and bulk import. */
export function SubscribersTab() {
  const { t } = useTranslation(WARNINGS_NS);
  const { message } = App.useApp();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [filters, setFilters] = useState<SubscriberFilters>({});
  const list = useSubscribers({ ...filters, page, pageSize });
  const create = useCreateSubscriber();
  const update = useUpdateSubscriber();
  const remove = useDeleteSubscriber();
  const bulk = useImportSubscribers();
  const [editing, setEditing] = useState<Subscriber | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [csv, setCsv] = useState('');
  const [csvProblems, setCsvProblems] = useState<string[]>([]);
  const [form] = Form.useForm<SubscriberForm>();
  const kind = Form.useWatch('kind', form);
  const channels = Form.useWatch('channels', form) ?? [];
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;

  const setFilter = (patch: Partial<SubscriberFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const open = (s: Subscriber | 'new') => {
    create.reset();
    update.reset();
    form.resetFields();
    if (s !== 'new')
      form.setFieldsValue({
        kind: s.kind,
        name: s.name,
        phone: s.phone ?? undefined,
        email: s.email ?? undefined,
        divisionCode: s.divisionCode ?? undefined,
        location: s.location ?? undefined,
        channels: s.channels,
        language: s.language,
        webhookUrl: s.webhookUrl ?? undefined,
        active: s.active,
      });
    setEditing(s);
  };

  const save = async (v: SubscriberForm) => {
    try {
      if (editing === 'new') await create.mutateAsync({ kind: v.kind, ...toBody(v) });
      else if (editing) await update.mutateAsync({ id: editing.id, body: toBody(v) });
      void message.success(t('subscribers.saved'));
      setEditing(null);
    } catch {
      // shown in the modal from the mutation's error
    }
  };

  const runImport = async () => {
    const parsed = parseSubscriberCsv(csv);
    setCsvProblems(parsed.problems);
    if (parsed.problems.length > 0 || parsed.rows.length === 0) return;
    try {
      const res = await bulk.mutateAsync(parsed.rows);
      void message.success(t('subscribers.imported', { count: res.created }));
      setImportOpen(false);
      setCsv('');
    } catch {
      // shown in the modal
    }
  };

  return (
    <>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('subscribers.search')}
          aria-label={t('subscribers.search')}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          data-testid="subscribers-search"
        />
        <Select<SubscriberKind>
          allowClear
          style={{ width: 120 }}
          placeholder={t('subscribers.kind')}
          aria-label={t('subscribers.kind')}
          value={filters.kind}
          onChange={(v) => setFilter({ kind: v ?? undefined })}
          options={SUBSCRIBER_KINDS.map((k) => ({ value: k, label: t(`subscribers.kinds.${k}`) }))}
        />
        <Select<SubscriberChannel>
          allowClear
          style={{ width: 130 }}
          placeholder={t('subscribers.channels')}
          aria-label={t('subscribers.channels')}
          value={filters.channel}
          onChange={(v) => setFilter({ channel: v ?? undefined })}
          options={SUBSCRIBER_CHANNELS.map((c) => ({ value: c, label: t(`delivery.channels.${c}`) }))}
        />
        <DivisionPicker
          allowClear
          style={{ width: 180 }}
          placeholder={t('subscribers.division')}
          value={filters.divisionCode}
          onChange={(v) => setFilter({ divisionCode: v })}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} data-testid="subscribers-import">
          {t('subscribers.import')}
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="subscribers-new">
          {t('subscribers.new')}
        </Button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />
      )}
      <Table<Subscriber>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 960 }}
        data-testid="subscribers-table"
        columns={[
          { title: t('subscribers.name'), dataIndex: 'name' },
          {
            title: t('subscribers.kind'),
            dataIndex: 'kind',
            render: (k: SubscriberKind) => t(`subscribers.kinds.${k}`),
          },
          { title: t('subscribers.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: t('subscribers.email'), dataIndex: 'email', ellipsis: true, render: (v: string | null) => v ?? '—' },
          {
            title: t('subscribers.division'),
            dataIndex: 'divisionCode',
            render: (c: string | null, s) => <DivisionCell code={c} name={s.divisionName ?? undefined} compact />,
          },
          {
            title: t('subscribers.channels'),
            dataIndex: 'channels',
            render: (cs: SubscriberChannel[]) => (
              <Space size={2} wrap>
                {cs.map((c, i) => (
                  <Tag key={c}>
                    {i + 1}. {t(`delivery.channels.${c}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('subscribers.active'),
            dataIndex: 'active',
            render: (a: boolean) => (a ? t('common.yes') : t('common.no')),
          },
          {
            title: '',
            key: 'actions',
            width: 110,
            render: (_: unknown, s) => (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => open(s)}
                  aria-label={t('subscribers.edit')}
                />
                <Popconfirm
                  title={t('subscribers.deleteConfirm')}
                  onConfirm={() =>
                    remove.mutateAsync(s.id).then(
                      () => void message.success(t('subscribers.deleted')),
                      (err: unknown) => void message.error(err instanceof Error ? err.message : String(err)),
                    )
                  }
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('subscribers.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('subscribers.new') : t('subscribers.edit')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        width={640}
        forceRender
      >
        {saveError && <FormError error={saveError} />}
        <Form<SubscriberForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'person', channels: ['sms'], language: 'zh-CN', active: true }}
          onFinish={(v) => void save(v)}
          data-testid="subscriber-form"
        >
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item name="kind" label={t('subscribers.kind')}>
                <Radio.Group
                  disabled={editing !== 'new'}
                  options={SUBSCRIBER_KINDS.map((k) => ({ value: k, label: t(`subscribers.kinds.${k}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item
                name="name"
                label={t('subscribers.name')}
                rules={[{ required: true, whitespace: true, message: t('subscribers.nameRequired') }]}
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="phone" label={t('subscribers.phone')}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="email"
                label={t('subscribers.email')}
                rules={[{ type: 'email', message: t('subscribers.emailInvalid') }]}
              >
                <Input maxLength={254} inputMode="email" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="divisionCode" label={t('subscribers.division')}>
                <DivisionPicker allowClear style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="location" label={t('subscribers.location')}>
                <LonLatInput />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <Form.Item
                name="channels"
                label={t('subscribers.channelsOrder')}
                rules={[{ required: true, type: 'array', min: 1, message: t('subscribers.channelsRequired') }]}
              >
                <Select<SubscriberChannel[]>
                  mode="multiple"
                  options={SUBSCRIBER_CHANNELS.map((c) => ({ value: c, label: t(`delivery.channels.${c}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={4}>
              <Form.Item name="language" label={t('subscribers.language')}>
                <Select
                  options={[
                    { value: 'zh-CN', label: '中文' },
                    { value: 'en-US', label: 'English' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={4}>
              <Form.Item name="active" label={t('subscribers.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            {(kind === 'organization' || channels.includes('webhook')) && (
              <>
                <Col xs={24} sm={12}>
                  <Form.Item name="webhookUrl" label={t('subscribers.webhookUrl')}>
                    <Input maxLength={500} placeholder="https://" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="webhookSecret"
                    label={t('subscribers.webhookSecret')}
                    extra={
                      editing !== 'new' && editing?.hasWebhookSecret ? t('subscribers.webhookSecretKept') : undefined
                    }
                  >
                    <Input.Password maxLength={200} autoComplete="new-password" />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          <HiddenSubmit />
        </Form>
      </Modal>
      <Modal
        open={importOpen}
        title={t('subscribers.import')}
        okText={t('subscribers.importRun')}
        cancelText={t('common.cancel')}
        confirmLoading={bulk.isPending}
        onOk={() => void runImport()}
        onCancel={() => setImportOpen(false)}
        width={720}
      >
        <Typography.Paragraph type="secondary">{t('subscribers.importHint')}</Typography.Paragraph>
        <Typography.Paragraph>
          <Typography.Text code>kind,name,phone,email,divisionCode,lon,lat,channels,language</Typography.Text>
        </Typography.Paragraph>
        {bulk.isError && <FormError error={bulk.error} />}
        {csvProblems.length > 0 && (
          <ErrorAlert error={new Error(csvProblems.slice(0, 8).join('；'))} style={{ marginBottom: 12 }} />
        )}
        <Input.TextArea
          rows={10}
          value={csv}
          spellCheck={false}
          className="cap-xml-input"
          onChange={(e) => setCsv(e.target.value)}
          placeholder={'person,张三,13800000000,,140322,,,sms|email,zh-CN'}
          aria-label={t('subscribers.import')}
        />
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then(setCsv);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} style={{ marginTop: 8 }}>
            {t('subscribers.importFile')}
          </Button>
        </Upload>
      </Modal>
    </>
  );
}
