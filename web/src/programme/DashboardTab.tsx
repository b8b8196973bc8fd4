import { lazy, Suspense, useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Empty,
  List,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { INDICATOR_STATUSES, PROGRAMME_TASK_STATUSES } from '@yingji/contracts';
import { ErrorAlert, formatTime } from '../app/components';
import type { ChartOption } from '../incidents/EChart';
import { PROGRAMME_NS } from './i18n';
import {
  useDashboard,
  useProgrammeTasks,
  type Indicator,
  type Programme,
  type ProgrammeTask,
  type ProgrammeTaskStatus,
  type RecentReport,
  type UnitNotReported,
} from './api';
import {
  INDICATOR_STATUS_HEX,
  IndicatorStatusTag,
  PercentBar,
  TASK_STATUS_HEX,
  UnitNames,
  deadlineOf,
  formatValue,
  programmeYears,
  type RowAttrs,
} from './components';

const EChart = lazy(() => import('../incidents/EChart'));

function IndicatorCard({ indicator: i }: { indicator: Indicator }) {
  const { t } = useTranslation(PROGRAMME_NS);
  return (
    <div
      className={`programme-indicator-card programme-indicator-${i.status}`}
      data-testid="dashboard-indicator"
      data-status={i.status}
      style={{ borderInlineStartColor: INDICATOR_STATUS_HEX[i.status] }}
    >
      <div className="programme-indicator-head">
        <Typography.Paragraph strong ellipsis={{ rows: 2, tooltip: i.name }} className="programme-indicator-name">
          {i.code ? `${i.code} ` : ''}
          {i.name}
        </Typography.Paragraph>
        <IndicatorStatusTag status={i.status} />
      </div>
      <div className="programme-indicator-value">
        <span style={{ color: INDICATOR_STATUS_HEX[i.status] }}>{formatValue(i.value)}</span>
        <Typography.Text type="secondary"> {i.unit}</Typography.Text>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dashboard.indicatorLine', {
          baseline: formatValue(i.baseline),
          expected: formatValue(i.expected),
          target: i.targetText || formatValue(i.target),
        })}
        {i.valueSource && ` · ${t(`valueSource.${i.valueSource}`)}`}
      </Typography.Text>
    </div>
  );
}

interface SectionRow {
  section: string;
  total: number;
  counts: Record<ProgrammeTaskStatus, number>;
}

/** Tasks by the document's section and status: a stacked bar chart and its table. */
function SectionBreakdown({ programme }: { programme: Programme }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const tasks = useProgrammeTasks(programme.id, { kind: 'task', page: 1, pageSize: 200 });
  const rows = useMemo<SectionRow[]>(() => {
    const map = new Map<string, SectionRow>();
    for (const task of tasks.data?.items ?? []) {
      const key = task.section || t('dashboard.noSection');
      const row = map.get(key) ?? {
        section: key,
        total: 0,
        counts: { not_started: 0, in_progress: 0, completed: 0, late: 0 },
      };
      row.total += 1;
      row.counts[task.status] += 1;
      map.set(key, row);
    }
    return [...map.values()];
  }, [tasks.data, t]);

  const option = useMemo<ChartOption>(() => {
    const short = (s: string) => (s.length > 14 ? `${s.slice(0, 13)}…` : s);
    const order = [...rows].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: order.map((r) => short(r.section)) },
      series: PROGRAMME_TASK_STATUSES.map((s) => ({
        type: 'bar' as const,
        stack: 'status',
        name: t(`taskStatus.${s}`),
        data: order.map((r) => r.counts[s]),
        itemStyle: { color: TASK_STATUS_HEX[s] },
        barMaxWidth: 18,
      })),
    };
  }, [rows, t]);

  if (tasks.isError) return <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />;
  if (tasks.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noTasks')} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 300 }} />}>
          <EChart option={option} height={Math.max(240, rows.length * 34 + 48)} />
        </Suspense>
      </Col>
      <Col xs={24} xl={12}>
        <Table<SectionRow>
          size="small"
          rowKey="section"
          pagination={false}
          dataSource={rows}
          data-testid="dashboard-sections"
          columns={[
            { title: t('fields.section'), dataIndex: 'section', ellipsis: true },
            { title: t('dashboard.total'), dataIndex: 'total', width: 60, align: 'right' },
            ...PROGRAMME_TASK_STATUSES.map((s) => ({
              title: t(`taskStatus.${s}`),
              key: s,
              width: 84,
              align: 'right' as const,
              render: (_: unknown, r: SectionRow) =>
                r.counts[s] > 0 && s === 'late' ? (
                  <Typography.Text type="danger">{r.counts[s]}</Typography.Text>
                ) : (
                  r.counts[s]
                ),
            })),
          ]}
        />
      </Col>
    </Row>
  );
}

/** 实施看板 of the plan officer: indicators against target, late items, units that have not reported, reports. */
export function DashboardTab({ programme }: { programme: Programme }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const [year, setYear] = useState<number | undefined>();
  const dash = useDashboard(programme.id, year);

  if (dash.isError) return <ErrorAlert error={dash.error} onRetry={() => void dash.refetch()} />;
  if (dash.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  const d = dash.data;
  const late = d.lateTasks;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="programme-dashboard">
      <div className="page-toolbar" style={{ marginBottom: 0 }}>
        <span className="programme-inline-label">{t('dashboard.year')}</span>
        <Select<number>
          style={{ width: 110 }}
          value={d.year}
          onChange={setYear}
          aria-label={t('dashboard.year')}
          options={programmeYears(programme).map((y) => ({ value: y, label: String(y) }))}
          data-testid="dashboard-year"
        />
        <Typography.Text data-testid="dashboard-period">
          {t('dashboard.period', { period: d.period.key, due: d.period.dueDate.slice(0, 10) })}{' '}
          {d.period.overdue && <Tag color="error">{t('dashboard.periodOverdue')}</Tag>}
        </Typography.Text>
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void dash.refetch()} loading={dash.isFetching}>
          {t('common.refresh')}
        </Button>
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('dashboard.lateTasks')}
              value={late.length}
              styles={{ content: { color: late.length > 0 ? '#cf1322' : undefined } }}
              formatter={(v) => (
                <span data-testid="late-count" data-count={late.length}>
                  {v}
                </span>
              )}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('dashboard.unitsNotReported')}
              value={d.unitsNotReported.length}
              styles={{ content: { color: d.unitsNotReported.length > 0 ? '#d48806' : undefined } }}
              formatter={(v) => (
                <span data-testid="not-reported-count" data-count={d.unitsNotReported.length}>
                  {v}
                </span>
              )}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('dashboard.tasksCompleted')}
              value={d.taskStatus.completed ?? 0}
              suffix={`/ ${PROGRAMME_TASK_STATUSES.reduce((n, s) => n + (d.taskStatus[s] ?? 0), 0)}`}
            />
            <div className="programme-status-strip" data-testid="dashboard-task-status">
              {PROGRAMME_TASK_STATUSES.map((s) => (
                <span key={s} data-status={s} data-count={d.taskStatus[s] ?? 0}>
                  <span className="programme-dot" style={{ background: TASK_STATUS_HEX[s] }} />
                  {t(`taskStatus.${s}`)} {d.taskStatus[s] ?? 0}
                </span>
              ))}
            </div>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('dashboard.indicatorsOnTrack')}
              value={d.indicatorStatus.on_track ?? 0}
              suffix={`/ ${d.indicators.length}`}
            />
            <div className="programme-status-strip" data-testid="dashboard-indicator-status">
              {INDICATOR_STATUSES.map((s) => (
                <span key={s} data-status={s} data-count={d.indicatorStatus[s] ?? 0}>
                  <span className="programme-dot" style={{ background: INDICATOR_STATUS_HEX[s] }} />
                  {t(`indicatorStatus.${s}`)} {d.indicatorStatus[s] ?? 0}
                </span>
              ))}
            </div>
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('dashboard.indicatorsTitle', { year: d.year })}>
        {d.indicators.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('indicators.empty')} />
        ) : (
          <div className="programme-indicator-grid">
            {d.indicators.map((i) => (
              <IndicatorCard key={i.id} indicator={i} />
            ))}
          </div>
        )}
      </Card>

      <Card
        size="small"
        title={
          <span>
            {t('dashboard.lateTitle')} <Tag color={late.length > 0 ? 'error' : 'default'}>{late.length}</Tag>
          </span>
        }
      >
        <Table<ProgrammeTask>
          size="small"
          rowKey="id"
          data-testid="late-tasks"
          dataSource={late}
          pagination={late.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          scroll={{ x: 900 }}
          onRow={(r) => {
            const attrs: RowAttrs = {
              'data-testid': 'late-task-row',
              'data-task-id': r.id,
              'data-number': r.number,
            };
            return attrs;
          }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noLate')} />,
          }}
          columns={[
            {
              title: t('fields.number'),
              key: 'number',
              width: 110,
              render: (_: unknown, r: ProgrammeTask) => (
                <Space size={4}>
                  {r.kind !== 'task' && <Tag>{t(`kinds.${r.kind}`)}</Tag>}
                  <span>{r.number}</span>
                </Space>
              ),
            },
            {
              title: t('fields.taskTitle'),
              dataIndex: 'title',
              render: (title: string, r: ProgrammeTask) => (
                <Link to={`/programme/tasks/${r.id}`} data-testid="late-task-link">
                  {title}
                </Link>
              ),
            },
            {
              title: t('fields.leadUnits'),
              key: 'lead',
              width: 280,
              render: (_: unknown, r: ProgrammeTask) => <UnitNames units={r.leadUnits} max={4} />,
            },
            {
              title: t('fields.deadline'),
              key: 'deadline',
              width: 100,
              render: (_: unknown, r: ProgrammeTask) => deadlineOf(r) ?? '—',
            },
            {
              title: t('fields.percent'),
              key: 'percent',
              width: 140,
              render: (_: unknown, r: ProgrammeTask) => <PercentBar percent={r.percentComplete} status={r.status} />,
            },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card
            size="small"
            title={
              <span>
                {t('dashboard.notReportedTitle', { period: d.period.key })}{' '}
                <Tag color={d.unitsNotReported.length > 0 ? 'warning' : 'default'}>{d.unitsNotReported.length}</Tag>
              </span>
            }
          >
            <List<UnitNotReported>
              size="small"
              dataSource={d.unitsNotReported}
              data-testid="units-not-reported"
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.allReported')} />,
              }}
              pagination={d.unitsNotReported.length > 8 ? { pageSize: 8, size: 'small' } : false}
              renderItem={(u) => (
                <List.Item data-testid="unit-not-reported" data-unit={u.unit.name}>
                  <Typography.Text strong>{u.unit.name}</Typography.Text>
                  <Tooltip title={u.taskNumbers.join(t('listSeparator'))}>
                    <Typography.Text type="secondary">
                      {t('dashboard.unitTasks', {
                        count: u.tasks,
                        numbers:
                          u.taskNumbers.slice(0, 6).join(t('listSeparator')) + (u.taskNumbers.length > 6 ? '…' : ''),
                      })}
                    </Typography.Text>
                  </Tooltip>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('dashboard.recentTitle')}>
            <List<RecentReport>
              size="small"
              dataSource={d.recentReports}
              data-testid="recent-reports"
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noReports')} />,
              }}
              renderItem={(r) => (
                <List.Item data-testid="recent-report" data-task-id={r.taskId} data-unit={r.unit.name}>
                  <List.Item.Meta
                    title={
                      <Space size={8} wrap>
                        <Typography.Text strong>{r.unit.name}</Typography.Text>
                        <Link to={`/programme/tasks/${r.taskId}`}>
                          {r.taskNumber} {r.taskTitle}
                        </Link>
                        <Tag color={r.percentComplete >= 100 ? 'success' : 'processing'}>{r.percentComplete}%</Tag>
                        <Tag>{r.period}</Tag>
                        {r.late && <Tag color="warning">{t('report.lateFiled')}</Tag>}
                      </Space>
                    }
                    description={
                      <>
                        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                          {r.text}
                        </Typography.Paragraph>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.reportedBy.name ?? '—'} · {formatTime(r.reportedAt)}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('dashboard.sectionsTitle')}>
        <SectionBreakdown programme={programme} />
      </Card>
    </Space>
  );
}
