import { lazy, Suspense, useMemo, useState } from 'react';
import { Button, Card, DatePicker, Empty, Segmented, Select, Skeleton, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { INCIDENT_CATEGORIES, STATS_GROUPS } from '@yingji/contracts';
import { buildUrl } from '../app/api';
import { ErrorAlert } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { useIncidentStats, type IncidentCategory, type IncidentStatsRow, type StatsGroup } from './api';
import { useIncidentLabel } from './shared';
import type { ChartOption } from './EChart';

const EChart = lazy(() => import('./EChart'));

const LABELLED_GROUPS: readonly StatsGroup[] = ['category', 'type', 'grade'];

export default function IncidentStatsPage() {
  const { t } = useTranslation();
  const label = useIncidentLabel();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [category, setCategory] = useState<IncidentCategory | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [groupBy, setGroupBy] = useState<StatsGroup>('month');

  const filters = {
    from: range[0].startOf('day').format(),
    to: range[1].endOf('day').format(),
    category,
    divisionCode,
  };
  const stats = useIncidentStats({ groupBy, ...filters });

  const rowLabel = useMemo(
    () => (row: IncidentStatsRow) => (LABELLED_GROUPS.includes(groupBy) ? label(row.key) : row.label || row.key),
    [groupBy, label],
  );
  const rows = useMemo(() => stats.data?.items ?? [], [stats.data]);

  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: rows.map(rowLabel) },
      yAxis: [
        { type: 'value', name: t('incidents.stats.incidents'), minInterval: 1 },
        { type: 'value', name: t('incidents.stats.people'), minInterval: 1 },
      ],
      series: [
        {
          type: 'bar',
          name: t('incidents.stats.incidents'),
          data: rows.map((r) => r.incidents),
          itemStyle: { color: '#1d5fb8' },
          barMaxWidth: 36,
        },
        {
          type: 'line',
          name: t('incidents.fields.deaths'),
          yAxisIndex: 1,
          data: rows.map((r) => r.deaths),
          itemStyle: { color: '#cf1322' },
        },
        {
          type: 'line',
          name: t('incidents.fields.seriousInjuries'),
          yAxisIndex: 1,
          data: rows.map((r) => r.seriousInjuries),
          itemStyle: { color: '#fa8c16' },
        },
      ],
    }),
    [rows, rowLabel, t],
  );

  const exportHref = buildUrl('/incidents/export.xlsx', filters);
  const wan = (yuan: number) => (yuan / 10_000).toLocaleString(undefined, { maximumFractionDigits: 2 });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="incident-stats">
      <Card size="small">
        <div className="page-toolbar" style={{ marginBottom: 0 }}>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
            }}
          />
          <Select<IncidentCategory>
            allowClear
            style={{ width: 150 }}
            placeholder={t('incidents.stats.allCategories')}
            value={category}
            onChange={setCategory}
            options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(c) }))}
          />
          <DivisionPicker
            allowClear
            style={{ width: 200 }}
            value={divisionCode}
            onChange={setDivisionCode}
            placeholder={t('incidents.stats.allDivisions')}
          />
          <span className="page-toolbar-spacer" />
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="stats-export">
            {t('incidents.exportExcel')}
          </Button>
        </div>
      </Card>
      <Card
        size="small"
        title={t('incidents.stats.title')}
        extra={
          <Segmented<StatsGroup>
            size="small"
            value={groupBy}
            onChange={setGroupBy}
            options={STATS_GROUPS.map((g) => ({ value: g, label: t(`incidents.stats.groupBy.${g}`) }))}
          />
        }
      >
        {stats.isError ? (
          <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />
        ) : stats.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incidents.stats.empty')} />
        ) : (
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
            <EChart option={option} />
          </Suspense>
        )}
      </Card>
      <Card size="small">
        <Table<IncidentStatsRow>
          size="small"
          rowKey="key"
          loading={stats.isFetching}
          dataSource={stats.isError ? [] : rows}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} /> }}
          columns={[
            {
              title: t(`incidents.stats.groupBy.${groupBy}`),
              key: 'label',
              render: (_: unknown, r) => rowLabel(r),
            },
            { title: t('incidents.stats.incidents'), dataIndex: 'incidents', align: 'right' },
            { title: t('incidents.fields.deaths'), dataIndex: 'deaths', align: 'right' },
            { title: t('incidents.fields.missing'), dataIndex: 'missing', align: 'right' },
            { title: t('incidents.fields.seriousInjuries'), dataIndex: 'seriousInjuries', align: 'right' },
            { title: t('incidents.fields.minorInjuries'), dataIndex: 'minorInjuries', align: 'right' },
            {
              title: t('incidents.stats.lossWan'),
              dataIndex: 'directLossYuan',
              align: 'right',
              render: (v: number) => wan(v),
            },
          ]}
          summary={(data) => {
            if (data.length === 0) return null;
            const sum = (k: keyof Omit<IncidentStatsRow, 'key' | 'label'>) => data.reduce((s, r) => s + r[k], 0);
            return (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('incidents.stats.total')}</Typography.Text>
                </Table.Summary.Cell>
                {(['incidents', 'deaths', 'missing', 'seriousInjuries', 'minorInjuries'] as const).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1} align="right">
                    <Typography.Text strong>{sum(k)}</Typography.Text>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={6} align="right">
                  <Typography.Text strong>{wan(sum('directLossYuan'))}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            );
          }}
        />
      </Card>
    </Space>
  );
}
