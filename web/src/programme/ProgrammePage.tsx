import type { ReactNode } from 'react';
import { Button, Card, Descriptions, Result, Space, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert } from '../app/components';
// Importing the namespace name also registers the pages' strings with i18next.
import { PROGRAMME_NS } from './i18n';
import { useProgramme, type Programme } from './api';
import { ProgrammeStatusTag } from './components';
import { ExportProgrammeButton } from './ImportExport';
import { DashboardTab } from './DashboardTab';
import { IndicatorsTab } from './IndicatorsTab';
import { TasksTab } from './TasksTab';
import { EvaluationsTab } from './EvaluationsTab';
import './programme.css';

const TABS = ['dashboard', 'indicators', 'tasks', 'projects', 'campaigns', 'evaluations'] as const;
type TabKey = (typeof TABS)[number];

function Header({ programme }: { programme: Programme }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const c = programme.counts;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} data-testid="programme-header">
      <Descriptions.Item label={t('fields.issuer')}>{programme.issuer}</Descriptions.Item>
      <Descriptions.Item label={t('fields.documentNumber')}>{programme.documentNumber ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('fields.period')}>
        {t('header.period', { start: programme.periodStart, end: programme.periodEnd, base: programme.baselineYear })}
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.reportingCycle')}>
        {t(`cycles.${programme.reportingCycle}`)} · {t('header.dueDays', { days: programme.reportDueDays })}
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.contents')} span={{ xs: 1, md: 2, xl: 4 }}>
        {t('header.counts', {
          indicators: c.indicators,
          tasks: c.tasks,
          projects: c.projects,
          campaigns: c.campaigns,
          units: c.units,
        })}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** One programme: dashboard (plan officers), indicators, tasks, projects, campaigns and evaluations. */
export default function ProgrammePage() {
  const { t } = useTranslation(PROGRAMME_NS);
  const { id = '' } = useParams();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const programme = useProgramme(id);
  const canManage = can('programme.manage');
  const visible = TABS.filter((k) => k !== 'dashboard' || canManage);
  const requested = params.get('tab');
  const active: TabKey = visible.find((k) => k === requested) ?? visible[0] ?? 'tasks';

  if (programme.isPending) return <Card loading />;
  if (programme.isError) {
    if (programme.error instanceof ApiError && programme.error.status === 404)
      return (
        <Card>
          <Result
            status="404"
            title={t('detail.notFound')}
            extra={
              <Link to="/programme">
                <Button>{t('detail.back')}</Button>
              </Link>
            }
          />
        </Card>
      );
    return (
      <Card>
        <ErrorAlert error={programme.error} onRetry={() => void programme.refetch()} />
      </Card>
    );
  }
  const p = programme.data;
  const content: Record<TabKey, ReactNode> = {
    dashboard: <DashboardTab programme={p} />,
    indicators: <IndicatorsTab programme={p} />,
    tasks: <TasksTab programme={p} kind="task" />,
    projects: <TasksTab programme={p} kind="project" />,
    campaigns: <TasksTab programme={p} kind="campaign" />,
    evaluations: <EvaluationsTab programme={p} />,
  };

  return (
    <Card
      data-testid="programme-page"
      title={
        <Space size={8} wrap>
          <Link to="/programme" aria-label={t('detail.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Text strong data-testid="programme-title" className="programme-title">
            {p.title}
          </Typography.Text>
          <ProgrammeStatusTag status={p.status} />
        </Space>
      }
      extra={<ExportProgrammeButton id={p.id} />}
    >
      <Header programme={p} />
      <Tabs
        activeKey={active}
        destroyOnHidden
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={visible.map((key) => ({
          key,
          label: <span data-testid={`programme-tab-${key}`}>{t(`tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
    </Card>
  );
}
