import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Result,
  Row,
  Segmented,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, EditOutlined, LinkOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, formatTime } from '../app/components';
// Importing the namespace name also registers the pages' strings with i18next.
import { PROGRAMME_NS } from './i18n';
import { useProgramme, useProgrammeTask, type ProgressReport, type ProgrammeTaskDetail } from './api';
import { PercentBar, TaskStatusTag, UnitNames, deadlineOf, isLeadOf, isMyTask } from './components';
import { ProgressForm } from './ProgressForm';
import './programme.css';

/** Only web addresses become links (never `javascript:` and the like). */
function safeHref(url: string | undefined): string | undefined {
  const u = url?.trim();
  return u && /^https?:\/\//i.test(u) ? u : undefined;
}

function ReportItem({ report: r }: { report: ProgressReport }) {
  const { t } = useTranslation(PROGRAMME_NS);
  return (
    <List.Item data-testid="progress-report" data-unit={r.unit.name} data-period={r.period}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space size={8} wrap>
          <Typography.Text strong>{r.unit.name}</Typography.Text>
          <Tag>{r.period}</Tag>
          <Tag color={r.percentComplete >= 100 ? 'success' : 'processing'} data-testid="progress-report-percent">
            {r.percentComplete}%
          </Tag>
          {r.late && <Tag color="warning">{t('report.lateFiled')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.reportedBy.name ?? t('report.byImport')} · {formatTime(r.reportedAt)}
          </Typography.Text>
        </Space>
        <Typography.Paragraph className="programme-pre" style={{ marginBottom: 0 }} data-testid="progress-report-text">
          {r.text}
        </Typography.Paragraph>
        {r.problems && (
          <Typography.Text>
            <Typography.Text type="secondary">{t('report.problems')}：</Typography.Text>
            <span className="programme-pre">{r.problems}</span>
          </Typography.Text>
        )}
        {r.nextSteps && (
          <Typography.Text>
            <Typography.Text type="secondary">{t('report.nextSteps')}：</Typography.Text>
            <span className="programme-pre">{r.nextSteps}</span>
          </Typography.Text>
        )}
        {r.evidence.length > 0 && (
          <Space size={12} wrap>
            <PaperClipOutlined />
            {r.evidence.map((e, i) => {
              const href = safeHref(e.url);
              return href ? (
                <Typography.Link key={i} href={href} target="_blank" rel="noopener noreferrer">
                  <LinkOutlined /> {e.name}
                </Typography.Link>
              ) : (
                <Typography.Text key={i}>{e.name}</Typography.Text>
              );
            })}
          </Space>
        )}
      </Space>
    </List.Item>
  );
}

function Reports({ task }: { task: ProgrammeTaskDetail }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const [unit, setUnit] = useState<string>('all');
  const units = useMemo(() => [...new Set(task.reports.map((r) => r.unit.name))], [task.reports]);
  const shown = [...task.reports]
    .filter((r) => unit === 'all' || r.unit.name === unit)
    .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
  return (
    <>
      {units.length > 1 && (
        <Segmented<string>
          size="small"
          value={unit}
          onChange={setUnit}
          style={{ marginBottom: 8, maxWidth: '100%', overflowX: 'auto' }}
          options={[{ value: 'all', label: t('report.allUnits') }, ...units.map((u) => ({ value: u, label: u }))]}
          data-testid="progress-unit-filter"
        />
      )}
      <List<ProgressReport>
        dataSource={shown}
        data-testid="progress-reports"
        pagination={shown.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.none')} /> }}
        renderItem={(r) => <ReportItem report={r} />}
      />
    </>
  );
}

/** One task, project or campaign: its text, units, milestones, every report the user may see, and 填报进展. */
export default function TaskDetailPage() {
  const { t } = useTranslation(PROGRAMME_NS);
  const { taskId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { user, can } = useAuth();
  const task = useProgrammeTask(taskId);
  const programme = useProgramme(task.data?.programmeId ?? '');
  const formRef = useRef<HTMLDivElement>(null);
  const reporting = params.get('report') === '1';
  const setReporting = (on: boolean) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (on) next.set('report', '1');
        else next.delete('report');
        return next;
      },
      { replace: true },
    );

  const data = task.data;
  const mine = data ? isMyTask(data, user?.orgId) : false;
  const canReport = can('programme.report') && mine && programme.data?.status === 'active';
  const showForm = reporting && canReport;

  useEffect(() => {
    if (showForm) formRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [showForm]);

  if (task.isPending) return <Card loading />;
  if (task.isError || !data) {
    if (task.error instanceof ApiError && task.error.status === 404)
      return (
        <Card>
          <Result
            status="404"
            title={t('task.notFound')}
            subTitle={t('task.notFoundHelp')}
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
        <ErrorAlert error={task.error} onRetry={() => void task.refetch()} />
      </Card>
    );
  }

  const myLatest = [...data.reports]
    .filter((r) => r.unit.orgId === user?.orgId)
    .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))[0];
  const dueForMe = data.reportsDue.some((u) => u.orgId === user?.orgId);
  const lead = isLeadOf(data, user?.orgId);
  const tabForKind = data.kind === 'task' ? 'tasks' : data.kind === 'project' ? 'projects' : 'campaigns';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="programme-task-page">
      <Card
        title={
          <Space size={8} wrap>
            <Link to={`/programme/${data.programmeId}?tab=${tabForKind}`} aria-label={t('detail.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Tag>{t(`kinds.${data.kind}`)}</Tag>
            <Typography.Text strong data-testid="task-title" className="programme-title">
              {data.number} {data.title}
            </Typography.Text>
            <TaskStatusTag status={data.status} />
          </Space>
        }
        extra={
          canReport && !showForm ? (
            <Button
              type={data.status === 'late' || dueForMe ? 'primary' : 'default'}
              icon={<EditOutlined />}
              onClick={() => setReporting(true)}
              data-testid="report-open"
            >
              {t('mine.reportNow')}
            </Button>
          ) : undefined
        }
      >
        {programme.data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            <Link to={`/programme/${data.programmeId}`}>{programme.data.title}</Link>
            {data.section && ` · ${data.section}`}
          </Typography.Paragraph>
        )}
        {data.status === 'late' && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('task.lateAlert')} />
        )}
        {dueForMe && data.status !== 'completed' && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('task.dueAlert')} />
        )}
        <Row gutter={[24, 12]}>
          <Col xs={24} lg={16}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('fields.leadUnits')} span={{ xs: 1, md: 2 }}>
                <UnitNames units={data.leadUnits} />
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.responsibleUnits')} span={{ xs: 1, md: 2 }}>
                <UnitNames units={data.responsibleUnits} />
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.deadline')}>{deadlineOf(data) ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fields.lastReportAt')}>{formatTime(data.lastReportAt)}</Descriptions.Item>
              <Descriptions.Item label={t('fields.percent')} span={{ xs: 1, md: 2 }}>
                <div style={{ maxWidth: 320 }} data-testid="task-percent" data-percent={data.percentComplete}>
                  <PercentBar percent={data.percentComplete} status={data.status} />
                </div>
              </Descriptions.Item>
              {data.reportsDue.length > 0 && (
                <Descriptions.Item label={t('task.reportsDue')} span={{ xs: 1, md: 2 }}>
                  <UnitNames units={data.reportsDue} />
                </Descriptions.Item>
              )}
            </Descriptions>
            {data.text && (
              <Typography.Paragraph className="programme-pre programme-task-text" data-testid="task-text">
                {data.text}
              </Typography.Paragraph>
            )}
          </Col>
          <Col xs={24} lg={8}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('task.milestones')}
            </Typography.Title>
            {data.milestones.length === 0 ? (
              <Typography.Text type="secondary">{t('task.noMilestones')}</Typography.Text>
            ) : (
              <Steps
                orientation="vertical"
                size="small"
                items={data.milestones.map((m) => ({
                  title: m.title,
                  content: m.due,
                  status: m.done ? 'finish' : 'wait',
                }))}
              />
            )}
          </Col>
        </Row>
      </Card>

      {showForm && (
        <div ref={formRef}>
          <Card title={t('report.formTitle')} data-testid="progress-form-card">
            <ProgressForm
              task={data}
              cycle={programme.data?.reportingCycle ?? 'quarterly'}
              initialPercent={myLatest?.percentComplete ?? data.percentComplete}
              onDone={() => setReporting(false)}
              onCancel={() => setReporting(false)}
            />
          </Card>
        </div>
      )}

      <Card
        title={
          <span>
            {t('report.listTitle')} <Tag>{data.reports.length}</Tag>
          </span>
        }
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {can('programme.manage') ? t('report.seeAll') : lead ? t('report.seeLead') : t('report.seeOwn')}
          </Typography.Text>
        }
      >
        <Reports task={data} />
      </Card>
    </Space>
  );
}
