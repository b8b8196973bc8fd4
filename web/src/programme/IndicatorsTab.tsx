import { useMemo, useState } from 'react';
import {
  App,
  AutoComplete,
  Button,
  Collapse,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, HiddenSubmit, formatTime } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { PROGRAMME_NS } from './i18n';
import {
  useEnterStatistic,
  useIndicators,
  useStatisticCatalogue,
  useStatisticEntries,
  type Indicator,
  type Programme,
  type StatisticEntry,
} from './api';
import { IndicatorStatusTag, UnitNames, formatValue, programmeYears, type RowAttrs } from './components';

interface EntryForm {
  statistic: string;
  year: number;
  divisionCode: string;
  value: number | null;
  source: string;
  note?: string;
}

/** 录入统计数据: a figure from the statistics (统计公报, 年鉴 …) for one statistic, year and division. */
function StatisticEntryModal({
  programme,
  initial,
  names,
  onClose,
}: {
  programme: Programme;
  initial: Partial<EntryForm>;
  names: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryForm>();
  const save = useEnterStatistic();
  const catalogue = useStatisticCatalogue();
  const labels = new Map((catalogue.data?.items ?? []).map((c) => [c.name, c]));
  const options = [...new Set([...names, ...(catalogue.data?.items ?? []).map((c) => c.name)])].map((n) => ({
    value: n,
    label: labels.get(n) ? `${n} · ${labels.get(n)?.label ?? ''}` : n,
  }));
  const submit = (v: EntryForm) => {
    if (v.value === null) return;
    save.mutate(
      {
        statistic: v.statistic.trim(),
        year: v.year,
        divisionCode: v.divisionCode,
        value: v.value,
        source: v.source.trim(),
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: () => {
          message.success(t('statistics.saved'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open
      title={t('statistics.enterTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'statistic-submit' }}
      destroyOnHidden
      width={560}
    >
      {save.isError && <FormError error={save.error} />}
      <Form<EntryForm>
        form={form}
        layout="vertical"
        initialValues={{ divisionCode: programme.divisionCode, ...initial }}
        onFinish={submit}
        data-testid="statistic-form"
      >
        <Form.Item
          name="statistic"
          label={t('statistics.statistic')}
          rules={[
            { required: true, message: t('form.required') },
            { pattern: /^[a-z][a-z0-9_]{1,59}$/, message: t('statistics.nameRule') },
          ]}
          extra={t('statistics.statisticHelp')}
        >
          <AutoComplete
            options={options}
            filterOption={(input, o) => String(o?.label ?? '').includes(input)}
            autoFocus
            data-testid="statistic-name"
          />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }} align="start">
          <Form.Item name="year" label={t('fields.year')} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item
            name="value"
            label={t('statistics.value')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <InputNumber style={{ width: 180 }} data-testid="statistic-value" />
          </Form.Item>
        </Space>
        <Form.Item
          name="divisionCode"
          label={t('statistics.division')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DivisionPicker />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('statistics.source')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 200, message: t('form.maxLength', { max: 200 }) },
          ]}
        >
          <Input placeholder={t('statistics.sourcePlaceholder')} data-testid="statistic-source" />
        </Form.Item>
        <Form.Item name="note" label={t('statistics.note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

function IndicatorDetail({ indicator: i, onEnter }: { indicator: Indicator; onEnter?: (statistic: string) => void }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const f = i.formula;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Descriptions size="small" column={{ xs: 1, lg: 2 }}>
        <Descriptions.Item label={t('indicators.formula')}>
          <code>
            {f.numerator}
            {f.denominator ? ` ÷ ${f.denominator}` : ''}
            {f.multiplier !== 1 ? ` × ${f.multiplier.toLocaleString()}` : ''}
          </code>
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.leadUnits')}>
          <UnitNames units={i.leadUnits} />
        </Descriptions.Item>
        <Descriptions.Item label={t('indicators.targetYear')}>
          {i.targetYear} · {i.targetText || formatValue(i.target)}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.responsibleUnits')}>
          <UnitNames units={i.responsibleUnits} />
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="statistic"
        pagination={false}
        dataSource={i.inputs}
        data-testid="indicator-inputs"
        columns={[
          { title: t('statistics.statistic'), dataIndex: 'statistic', render: (s: string) => <code>{s}</code> },
          {
            title: t('statistics.value'),
            dataIndex: 'value',
            align: 'right',
            render: (v: number | null) => formatValue(v),
          },
          {
            title: t('fields.valueSource'),
            dataIndex: 'source',
            render: (s: 'computed' | 'manual' | null, r) =>
              s ? (
                <Space size={4}>
                  <Tag color={s === 'computed' ? 'blue' : 'purple'}>{t(`valueSource.${s}`)}</Tag>
                  {r.entrySource && <Typography.Text type="secondary">{r.entrySource}</Typography.Text>}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('indicators.missing')}</Typography.Text>
              ),
          },
          ...(onEnter
            ? [
                {
                  title: t('common.actions'),
                  key: 'enter',
                  width: 100,
                  render: (_: unknown, r: { statistic: string }) => (
                    <Button size="small" type="link" onClick={() => onEnter(r.statistic)}>
                      {t('statistics.enter')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

/** Manual entries of one year (统计数据), with their source and who entered them. */
function EntriesTable({ year }: { year: number }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const [statistic, setStatistic] = useState<string | undefined>();
  const entries = useStatisticEntries({ year, statistic });
  return (
    <>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('statistics.filterPlaceholder')}
          aria-label={t('statistics.filterPlaceholder')}
          onSearch={(v) => setStatistic(/^[a-z][a-z0-9_]{1,59}$/.test(v.trim()) ? v.trim() : undefined)}
          data-testid="statistic-entries-filter"
        />
      </div>
      {entries.isError && (
        <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<StatisticEntry>
        size="small"
        rowKey="id"
        loading={entries.isFetching}
        dataSource={entries.data?.items ?? []}
        pagination={(entries.data?.total ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        data-testid="statistic-entries"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statistics.none')} /> }}
        columns={[
          { title: t('statistics.statistic'), dataIndex: 'statistic', render: (s: string) => <code>{s}</code> },
          { title: t('statistics.division'), dataIndex: 'divisionCode', width: 100 },
          { title: t('statistics.value'), dataIndex: 'value', align: 'right', render: (v: number) => formatValue(v) },
          { title: t('statistics.source'), dataIndex: 'source' },
          {
            title: t('statistics.enteredBy'),
            key: 'by',
            render: (_: unknown, r: StatisticEntry) => `${r.enteredBy.name ?? '—'} · ${formatTime(r.enteredAt)}`,
          },
        ]}
      />
    </>
  );
}

/** 指标监测: every indicator of a year against its baseline, the expected value on the line to the target, and status. */
export function IndicatorsTab({ programme }: { programme: Programme }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { can } = useAuth();
  const canManage = can('programme.manage');
  const [year, setYear] = useState<number | undefined>();
  const [entering, setEntering] = useState<Partial<EntryForm> | null>(null);
  const [showEntries, setShowEntries] = useState(false);
  const list = useIndicators(programme.id, year);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const shownYear = year ?? items[0]?.year ?? programmeYears(programme)[0] ?? programme.periodEnd;
  const names = useMemo(
    () => [...new Set(items.flatMap((i) => [i.formula.numerator, i.formula.denominator ?? ''].filter(Boolean)))],
    [items],
  );

  return (
    <>
      <div className="page-toolbar">
        <span className="programme-inline-label">{t('dashboard.year')}</span>
        <Select<number>
          style={{ width: 110 }}
          value={shownYear}
          onChange={setYear}
          aria-label={t('dashboard.year')}
          options={programmeYears(programme).map((y) => ({ value: y, label: String(y) }))}
          data-testid="indicators-year"
        />
        <span className="page-toolbar-spacer" />
        <Button onClick={() => setShowEntries((s) => !s)} data-testid="statistic-entries-toggle">
          {showEntries ? t('statistics.hideEntries') : t('statistics.showEntries')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {canManage && (
          <Button
            type="primary"
            icon={<EditOutlined />}
            onClick={() => setEntering({ year: shownYear })}
            data-testid="statistic-enter"
          >
            {t('statistics.enterTitle')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Indicator>
        rowKey="id"
        size="middle"
        data-testid="indicators-table"
        loading={list.isFetching}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1100 }}
        onRow={(r) => {
          const attrs: RowAttrs = {
            'data-testid': 'indicator-row',
            'data-status': r.status,
            'data-code': r.code ?? '',
          };
          return attrs;
        }}
        expandable={{
          expandedRowRender: (r) => (
            <IndicatorDetail
              indicator={r}
              onEnter={canManage ? (statistic) => setEntering({ statistic, year: r.year }) : undefined}
            />
          ),
        }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={list.isError ? t('common.loadFailed') : t('indicators.empty')}
            />
          ),
        }}
        columns={[
          { title: t('fields.code'), dataIndex: 'code', width: 60, render: (c: string | null) => c ?? '—' },
          {
            title: t('fields.indicator'),
            dataIndex: 'name',
            render: (name: string, r: Indicator) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{name}</Typography.Text>
                <Space size={4}>
                  <Tag>{t(`indicatorCategories.${r.category}`)}</Tag>
                  <Tag color={r.kind === 'binding' ? 'red' : 'default'}>{t(`indicatorKinds.${r.kind}`)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`directions.${r.direction}`)}
                  </Typography.Text>
                </Space>
              </Space>
            ),
          },
          { title: t('fields.unit'), dataIndex: 'unit', width: 90, render: (u: string) => u || '—' },
          {
            title: t('fields.baseline'),
            key: 'baseline',
            width: 110,
            align: 'right',
            render: (_: unknown, r: Indicator) => (
              <Tooltip title={t('indicators.baselineYear', { year: r.baselineYear })}>
                {formatValue(r.baseline)}
              </Tooltip>
            ),
          },
          {
            title: t('fields.target'),
            key: 'target',
            width: 130,
            align: 'right',
            render: (_: unknown, r: Indicator) => (
              <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
                <span>{formatValue(r.target)}</span>
                {r.targetText && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.targetText}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('fields.expected', { year: shownYear }),
            dataIndex: 'expected',
            width: 110,
            align: 'right',
            render: (v: number | null) => formatValue(v),
          },
          {
            title: t('fields.value', { year: shownYear }),
            dataIndex: 'value',
            width: 110,
            align: 'right',
            render: (v: number | null) => <Typography.Text strong>{formatValue(v)}</Typography.Text>,
          },
          {
            title: t('fields.valueSource'),
            dataIndex: 'valueSource',
            width: 100,
            render: (s: 'computed' | 'manual' | null) =>
              s ? <Tag color={s === 'computed' ? 'blue' : 'purple'}>{t(`valueSource.${s}`)}</Tag> : '—',
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: Indicator['status']) => <IndicatorStatusTag status={s} />,
          },
        ]}
      />
      {programme.objectives.length > 0 && (
        <Collapse
          size="small"
          style={{ marginTop: 16 }}
          data-testid="programme-objectives"
          items={[
            {
              key: 'objectives',
              label: t('indicators.objectives', { count: programme.objectives.length }),
              children: (
                <List
                  size="small"
                  dataSource={programme.objectives}
                  renderItem={(o) => (
                    <List.Item>
                      <List.Item.Meta
                        title={`${o.number} ${o.title}`}
                        description={
                          <>
                            <Typography.Paragraph className="programme-pre" style={{ marginBottom: 4 }}>
                              {o.text}
                            </Typography.Paragraph>
                            {o.leadUnits.length > 0 && (
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {t('fields.leadUnits')}：{o.leadUnits.join(t('listSeparator'))}
                                {o.responsibleUnits.length > 0 &&
                                  ` · ${t('fields.responsibleUnits')}：${o.responsibleUnits.join(t('listSeparator'))}`}
                              </Typography.Text>
                            )}
                          </>
                        }
                      />
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      )}
      {showEntries && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('statistics.entriesTitle', { year: shownYear })}</Typography.Title>
          <EntriesTable year={shownYear} />
        </div>
      )}
      {entering && (
        <StatisticEntryModal programme={programme} initial={entering} names={names} onClose={() => setEntering(null)} />
      )}
    </>
  );
}
