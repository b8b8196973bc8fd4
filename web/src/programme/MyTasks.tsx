import { useMemo, useState } from 'react';
import dayjs from 'dayjs';
import { Alert, Button, Empty, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { ErrorAlert, formatTime } from '../app/components';
import { PROGRAMME_NS } from './i18n';
import { useMyItems, useProgrammes, type Programme, type ProgrammeTask } from './api';
import { PercentBar, TaskStatusTag, UnitNames, deadlineOf, isLeadOf, type RowAttrs } from './components';

interface Row {
  task: ProgrammeTask;
  programme: Programme;
}

type Show = 'open' | 'all';

const STATUS_ORDER = { late: 0, not_started: 1, in_progress: 2, completed: 3 } as const;

/**
 * 我的任务: every task, project and campaign where the user's organisation is lead or responsible,
 * late ones first, then those still waiting for this period's report; each with 立即填报.
 */
export function MyTasks() {
  const { t } = useTranslation(PROGRAMME_NS);
  const { user, can } = useAuth();
  const navigate = useNavigate();
  const orgId = user?.orgId ?? undefined;
  const [show, setShow] = useState<Show>('open');
  const programmes = useProgrammes({ status: 'active', page: 1, pageSize: 100 });
  const mine = useMyItems(programmes.data?.items ?? [], orgId);
  const canReport = can('programme.report');

  const dueFor = (task: ProgrammeTask) => task.reportsDue.some((u) => u.orgId === orgId);
  const rows = useMemo<Row[]>(
    () =>
      [...mine.items]
        .filter((r) => show === 'all' || r.task.status !== 'completed')
        .sort(
          (a, b) =>
            STATUS_ORDER[a.task.status] - STATUS_ORDER[b.task.status] ||
            Number(b.task.reportsDue.some((u) => u.orgId === orgId)) -
              Number(a.task.reportsDue.some((u) => u.orgId === orgId)) ||
            (deadlineOf(a.task) ?? '9999').localeCompare(deadlineOf(b.task) ?? '9999') ||
            a.task.number.localeCompare(b.task.number, 'zh-CN', { numeric: true }),
        ),
    [mine.items, show, orgId],
  );
  const late = mine.items.filter((r) => r.task.status === 'late').length;
  const due = mine.items.filter((r) => r.task.status !== 'completed' && dueFor(r.task)).length;
  const multi = (programmes.data?.items.length ?? 0) > 1;

  if (!orgId) return <Empty description={t('mine.noOrg')} />;
  const error = programmes.error ?? mine.error;
  if (error)
    return (
      <ErrorAlert
        error={error}
        onRetry={() => {
          void programmes.refetch();
          mine.refetch();
        }}
      />
    );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="my-programme-tasks">
      <div className="page-toolbar" style={{ marginBottom: 0 }}>
        <Typography.Text>
          {t('mine.org', { org: user?.orgName ?? '' })}
          {' · '}
          <span data-testid="my-total" data-count={mine.items.length}>
            {t('mine.total', { count: mine.items.length })}
          </span>
        </Typography.Text>
        <Segmented<Show>
          size="small"
          value={show}
          onChange={setShow}
          options={[
            { value: 'open', label: t('mine.showOpen') },
            { value: 'all', label: t('mine.showAll') },
          ]}
          data-testid="my-show"
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => mine.refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      {(late > 0 || due > 0) && (
        <Alert
          type={late > 0 ? 'error' : 'warning'}
          showIcon
          data-testid="my-alert"
          title={[
            late > 0 ? t('mine.lateCount', { count: late }) : null,
            due > 0 ? t('mine.dueCount', { count: due }) : null,
          ]
            .filter(Boolean)
            .join(t('listSeparator'))}
        />
      )}
      <Table<Row>
        rowKey={(r) => r.task.id}
        size="middle"
        data-testid="my-tasks-table"
        loading={programmes.isPending || mine.isPending}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 1200 }}
        rowClassName={(r) => (r.task.status === 'late' ? 'programme-row-late' : '')}
        onRow={(r) => {
          const attrs: RowAttrs = {
            'data-testid': 'my-task-row',
            'data-task-id': r.task.id,
            'data-number': r.task.number,
            'data-kind': r.task.kind,
            'data-status': r.task.status,
          };
          return attrs;
        }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={show === 'open' ? t('mine.noneOpen') : t('mine.none')}
            />
          ),
        }}
        columns={[
          {
            title: t('fields.number'),
            key: 'number',
            width: 110,
            render: (_: unknown, r: Row) => (
              <Space size={4}>
                <Tag>{t(`kinds.${r.task.kind}`)}</Tag>
                <span>{r.task.number}</span>
              </Space>
            ),
          },
          {
            title: t('fields.taskTitle'),
            key: 'title',
            render: (_: unknown, r: Row) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/programme/tasks/${r.task.id}`} data-testid="my-task-link">
                  {r.task.title}
                </Link>
                {multi && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.programme.title}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('fields.myRole'),
            key: 'role',
            width: 80,
            render: (_: unknown, r: Row) =>
              isLeadOf(r.task, orgId) ? <Tag color="blue">{t('roles.lead')}</Tag> : <Tag>{t('roles.responsible')}</Tag>,
          },
          {
            title: t('fields.leadUnits'),
            key: 'lead',
            width: 180,
            render: (_: unknown, r: Row) => <UnitNames units={r.task.leadUnits} max={3} />,
          },
          {
            title: t('fields.deadline'),
            key: 'deadline',
            width: 100,
            render: (_: unknown, r: Row) => deadlineOf(r.task) ?? '—',
          },
          {
            title: t('fields.status'),
            key: 'status',
            width: 120,
            render: (_: unknown, r: Row) => (
              <Space orientation="vertical" size={2}>
                <TaskStatusTag status={r.task.status} />
                {r.task.status !== 'completed' && dueFor(r.task) && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="my-report-due">
                    {t('mine.reportDue')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('fields.percent'),
            key: 'percent',
            width: 130,
            render: (_: unknown, r: Row) => <PercentBar percent={r.task.percentComplete} status={r.task.status} />,
          },
          {
            title: t('fields.lastReportAt'),
            key: 'last',
            width: 110,
            render: (_: unknown, r: Row) => (
              <Tooltip title={formatTime(r.task.lastReportAt)}>
                {r.task.lastReportAt ? dayjs(r.task.lastReportAt).format('YYYY-MM-DD') : '—'}
              </Tooltip>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            fixed: 'right',
            render: (_: unknown, r: Row) =>
              canReport && r.programme.status === 'active' ? (
                <Button
                  type={r.task.status === 'late' || dueFor(r.task) ? 'primary' : 'default'}
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => void navigate(`/programme/tasks/${r.task.id}?report=1`)}
                  data-testid="report-now"
                >
                  {t('mine.reportNow')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
