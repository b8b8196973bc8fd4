import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Segmented, Skeleton, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { STATISTICS_PERIODS } from '@yingji/contracts';
import { ErrorAlert } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { OrgSelect } from '../admin/OrgSelect';
import type { ChartOption } from '../incidents/EChart';
import { RISKS_NS } from './i18n';
import { useHazardStatistics, type HazardStatistics } from './api';

const EChart = lazy(() => import('../incidents/EChart'));

type Period = (typeof STATISTICS_PERIODS)[number];
type Counts = HazardStatistics['byPeriod'][number];

const COLORS = { found: '#1d5fb8', rectified: '#389e0d', overdue: '#cf1322', rate: '#fa8c16' };

function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Found / rectified / overdue bars per label, with the rectification rate as a line on the right axis. */
function countsOption(
  labels: string[],
  rows: Omit<Counts, 'period'>[],
  t: (k: string) => string,
  layout: 'rate' | 'plain' | 'horizontal' = 'plain',
) {
  const horizontal = layout === 'horizontal';
  const bar = (name: string, key: 'found' | 'rectified' | 'overdue') => ({
    type: 'bar' as const,
    name,
    data: rows.map((r) => r[key]),
    itemStyle: { color: COLORS[key] },
    barMaxWidth: 28,
  });
  const series = [
    bar(t('stats.found'), 'found'),
    bar(t('stats.rectified'), 'rectified'),
    bar(t('stats.overdue'), 'overdue'),
  ];
  if (horizontal) {
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: labels, inverse: true },
      series,
    } as ChartOption;
  }
  if (layout === 'plain') {
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    } as ChartOption;
  }
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      ...series,
      {
        type: 'line',
        name: t('stats.rate'),
        yAxisIndex: 1,
        data: rows.map((r) => (r.rectificationRate === null ? null : Math.round(r.rectificationRate * 1000) / 10)),
        itemStyle: { color: COLORS.rate },
      },
    ],
  } as ChartOption;
}

function ChartCard({
  title,
  option,
  height,
  empty,
  testId,
}: {
  title: string;
  option: ChartOption;
  height: number;
  empty: boolean;
  testId: string;
}) {
  const { t } = useTranslation(RISKS_NS);
  return (
    <Card size="small" title={title} className="risk-section" data-testid={testId}>
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.empty')} />
      ) : (
        <Suspense fallback={<Skeleton active />}>
          <EChart option={option} height={height} />
        </Suspense>
      )}
    </Card>
  );
}

/** 隐患统计分析: found / rectified / overdue by period, enterprise, category and level; rate, time to close, repeats. */
export default function HazardStatsPage() {
  const { t } = useTranslation(RISKS_NS);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(1, 'year').add(1, 'day'), dayjs()]);
  const [period, setPeriod] = useState<Period>('month');
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [orgId, setOrgId] = useState<string | undefined>();
  const stats = useHazardStatistics({
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    period,
    divisionCode,
    orgId,
  });
  const s = stats.data;

  const options = useMemo(() => {
    if (!s) return null;
    return {
      period: countsOption(
        s.byPeriod.map((r) => r.period),
        s.byPeriod,
        t,
        'rate',
      ),
      enterprise: countsOption(
        s.byEnterprise.map((r) => r.orgName),
        s.byEnterprise,
        t,
        'horizontal',
      ),
      category: countsOption(
        s.byCategory.map((r) => t(`categories.${r.category}`)),
        s.byCategory,
        t,
      ),
      level: countsOption(
        s.byLevel.map((r) => t(`hazardLevels.${r.level}`)),
        s.byLevel,
        t,
      ),
    };
  }, [s, t]);

  return (
    <div data-testid="hazard-stats">
      <Card className="risk-section">
        <div className="page-toolbar" style={{ marginBottom: 0 }}>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
            }}
          />
          <Segmented<Period>
            value={period}
            onChange={setPeriod}
            options={STATISTICS_PERIODS.map((p) => ({ value: p, label: t(`stats.periods.${p}`) }))}
          />
          <OrgSelect allowClear style={{ width: 200 }} value={orgId} onChange={setOrgId} />
          <DivisionPicker
            allowClear
            style={{ width: 160 }}
            placeholder={t('fields.divisionFilter')}
            value={divisionCode}
            onChange={setDivisionCode}
          />
        </div>
      </Card>
      {stats.isError && (
        <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} style={{ marginBottom: 16 }} />
      )}
      {stats.isPending && <Skeleton active />}
      {s && options && (
        <>
          <Card className="risk-section" data-testid="stats-totals">
            <Row gutter={[16, 16]}>
              <Col xs={12} sm={8} lg={3}>
                <Statistic title={t('stats.found')} value={s.totals.found} />
              </Col>
              <Col xs={12} sm={8} lg={3}>
                <Statistic
                  title={t('stats.rectified')}
                  value={s.totals.rectified}
                  styles={{ content: { color: COLORS.rectified } }}
                />
              </Col>
              <Col xs={12} sm={8} lg={3}>
                <Statistic
                  title={t('stats.overdue')}
                  value={s.totals.overdue}
                  styles={{ content: { color: COLORS.overdue } }}
                />
              </Col>
              <Col xs={12} sm={8} lg={3}>
                <Statistic title={t('stats.open')} value={s.totals.open} />
              </Col>
              <Col xs={12} sm={8} lg={3}>
                <Statistic title={t('stats.major')} value={s.totals.major} />
              </Col>
              <Col xs={12} sm={8} lg={4}>
                <Statistic
                  title={t('stats.rate')}
                  value={percent(s.totals.rectificationRate)}
                  data-testid="stats-rate"
                />
              </Col>
              <Col xs={24} sm={8} lg={5}>
                <Statistic
                  title={t('stats.meanDays')}
                  value={s.totals.meanDaysToClose === null ? '—' : s.totals.meanDaysToClose.toFixed(1)}
                  suffix={s.totals.meanDaysToClose === null ? undefined : t('stats.days')}
                />
              </Col>
            </Row>
          </Card>
          <ChartCard
            title={t('stats.byPeriod')}
            option={options.period}
            height={300}
            empty={s.byPeriod.length === 0}
            testId="stats-by-period"
          />
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <ChartCard
                title={t('stats.byEnterprise')}
                option={options.enterprise}
                height={Math.max(220, s.byEnterprise.length * 44 + 60)}
                empty={s.byEnterprise.length === 0}
                testId="stats-by-enterprise"
              />
            </Col>
            <Col xs={24} lg={12}>
              <ChartCard
                title={t('stats.byCategory')}
                option={options.category}
                height={300}
                empty={s.byCategory.length === 0}
                testId="stats-by-category"
              />
              <ChartCard
                title={t('stats.byLevel')}
                option={options.level}
                height={220}
                empty={s.byLevel.length === 0}
                testId="stats-by-level"
              />
            </Col>
          </Row>
          <Card size="small" title={t('stats.repeats')} className="risk-section" data-testid="stats-repeats">
            <Typography.Paragraph type="secondary">{t('stats.repeatsHelp')}</Typography.Paragraph>
            <Table
              rowKey={(r) => `${r.riskPointId}-${r.category}`}
              size="small"
              pagination={false}
              dataSource={s.repeats}
              scroll={{ x: 560 }}
              locale={{ emptyText: t('stats.noRepeats') }}
              columns={[
                { title: t('hazards.fields.riskPoint'), dataIndex: 'riskPointName', key: 'rp' },
                { title: t('fields.org'), dataIndex: 'orgName', key: 'org' },
                { title: t('hazards.fields.category'), key: 'cat', render: (_, r) => t(`categories.${r.category}`) },
                { title: t('stats.repeatCount'), dataIndex: 'count', key: 'count' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
