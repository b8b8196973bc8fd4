import { useState } from 'react';
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { READINESS_TARGETS } from '@yingji/contracts';
import { ErrorAlert } from '../app/components';
import { usePublicConfig } from '../app/queries';
import { CoverageMap } from './CoverageMap';
import { RESOURCES_NS } from './i18n';
import { useReadiness, type ReadinessMetric, type ReadinessRow } from './api';

const DEFAULT_PARENT = '140300';

const METRICS: readonly ReadinessMetric[] = [
  'shelterAreaPerResidentM2',
  'firePersonnelPerMille',
  'fireCoverage5min',
  'equipmentMaintainedRate',
];

/** Figures that need the division's resident population before they can be worked out. */
const NEEDS_POPULATION: ReadonlySet<ReadinessMetric> = new Set(['shelterAreaPerResidentM2', 'firePersonnelPerMille']);

/** A figure with its unit: m² per resident, ‰ (per thousand residents) or a percentage of a 0–1 share. */
export function formatReadiness(metric: ReadinessMetric, value: number): string {
  switch (metric) {
    case 'shelterAreaPerResidentM2':
      return `${value.toFixed(2)} m²`;
    case 'firePersonnelPerMille':
      return `${value.toFixed(2)}‰`;
    case 'fireCoverage5min':
    case 'equipmentMaintainedRate':
      return `${(value * 100).toFixed(1)}%`;
  }
}

function MetricCell({
  metric,
  value,
  target,
  population,
}: {
  metric: ReadinessMetric;
  value: number | null;
  target: number;
  population: number | null;
}) {
  const { t } = useTranslation(RESOURCES_NS);
  if (value === null) {
    const hint = NEEDS_POPULATION.has(metric) && population === null ? t('readiness.populationNeeded') : null;
    return (
      <Typography.Text type="secondary" data-testid="readiness-missing">
        —{hint && <span style={{ fontSize: 12 }}> {hint}</span>}
      </Typography.Text>
    );
  }
  const met = value >= target;
  return (
    <Space size={4} wrap>
      <span className="resources-quantity">{formatReadiness(metric, value)}</span>
      <Tag
        color={met ? 'green' : 'red'}
        title={t('readiness.targetHint', { target: formatReadiness(metric, target) })}
        data-testid={met ? 'readiness-met' : 'readiness-unmet'}
      >
        {met ? t('readiness.met') : t('readiness.unmet')}
      </Tag>
    </Space>
  );
}

export function ReadinessTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const config = usePublicConfig();
  const parent = config.data?.city.code ?? DEFAULT_PARENT;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const report = useReadiness(parent);
  const targets = { ...READINESS_TARGETS, ...report.data?.targets };

  return (
    <>
      <div className="page-toolbar">
        <Typography.Text type="secondary">{t('readiness.help')}</Typography.Text>
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void report.refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      {report.isError && (
        <ErrorAlert error={report.error} onRetry={() => void report.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<ReadinessRow>
        rowKey="divisionCode"
        size="middle"
        data-testid="readiness-table"
        loading={report.isFetching}
        dataSource={report.data?.items ?? []}
        scroll={{ x: 960 }}
        locale={{
          emptyText: <Empty description={report.isError ? t('common.loadFailed') : t('readiness.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize,
          showSizeChanger: true,
          hideOnSinglePage: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, ps) => {
            setPage(ps !== pageSize ? 1 : p);
            setPageSize(ps);
          },
        }}
        columns={[
          {
            title: t('readiness.division'),
            dataIndex: 'divisionName',
            render: (name: string, r) => (
              <span>
                <Typography.Text strong>{name || r.divisionCode}</Typography.Text>{' '}
                <Typography.Text type="secondary" className="hash-text">
                  {r.divisionCode}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t('readiness.population'),
            dataIndex: 'population',
            width: 130,
            align: 'right',
            render: (p: number | null) =>
              p === null ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                <span className="resources-quantity">{p.toLocaleString()}</span>
              ),
          },
          ...METRICS.map((metric) => ({
            title: (
              <span>
                {t(`readiness.metrics.${metric}`)}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t('readiness.target', { target: formatReadiness(metric, targets[metric]) })}
                </Typography.Text>
              </span>
            ),
            key: metric,
            width: 190,
            render: (_: unknown, r: ReadinessRow) => (
              <MetricCell metric={metric} value={r[metric]} target={targets[metric]} population={r.population} />
            ),
          })),
        ]}
      />
      <CoverageMap rows={report.data?.items ?? []} />
    </>
  );
}
