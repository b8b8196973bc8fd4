import { useState, type ReactNode } from 'react';
import { Badge, Card, Empty, Segmented, Space, Table, Tabs, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { useLiveEvents } from '../app/liveEvents';
// Importing the namespace name also registers the pages' strings with i18next.
import { COMMAND_NS } from './i18n';
import { useResponses, useTasks, type CommandResponse, type ResponseStatus } from './api';
import { LevelTag, ResponseStatusTag, type RowAttrs } from './components';
import { useCommandLive } from './live';
import { TaskTable } from './TaskTable';
import './command.css';

const TABS = ['myTasks', 'responses', 'allTasks'] as const;
type TabKey = (typeof TABS)[number];

/** The open tasks of the user's own organisation, each with 签收 / 处置中 / 完成 and a report. */
function MyTasksTab() {
  const { t } = useTranslation(COMMAND_NS);
  const { user } = useAuth();
  const orgId = user?.orgId;
  const tasks = useTasks({ open: 'true', departmentOrgId: orgId, pageSize: 200 }, orgId !== undefined);
  if (tasks.isError) return <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />;
  const items = tasks.data?.items ?? [];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('task.myOrg', { org: user?.orgName ?? '' })} · {t('task.total', { total: tasks.data?.total ?? 0 })}
      </Typography.Text>
      <TaskTable
        mode="list"
        tasks={items}
        loading={tasks.isPending}
        canAct={() => true}
        emptyText={t('task.noOpen')}
        testId="my-tasks"
      />
    </Space>
  );
}

/** Every open task in the user's jurisdiction (commanders). */
function AllTasksTab() {
  const { t } = useTranslation(COMMAND_NS);
  const { user } = useAuth();
  const { page, pageSize, pagination } = usePaging((total) => t('task.total', { total }), 50);
  const tasks = useTasks({ open: 'true', page, pageSize });
  if (tasks.isError) return <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />;
  return (
    <TaskTable
      mode="list"
      tasks={tasks.data?.items ?? []}
      loading={tasks.isPending}
      canAct={(task) => task.departmentOrgId === user?.orgId}
      pagination={pagination(tasks.data?.total ?? 0)}
      emptyText={t('task.noOpen')}
      testId="all-tasks"
    />
  );
}

function ResponsesTab() {
  const { t } = useTranslation(COMMAND_NS);
  const [status, setStatus] = useState<ResponseStatus | 'all'>('all');
  const responses = useResponses({ status: status === 'all' ? undefined : status, pageSize: 200 });
  if (responses.isError) return <ErrorAlert error={responses.error} onRetry={() => void responses.refetch()} />;
  // Active responses first, newest first within each status.
  const items = [...(responses.data?.items ?? [])].sort(
    (a, b) =>
      (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1) || b.activatedAt.localeCompare(a.activatedAt),
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Segmented<ResponseStatus | 'all'>
        value={status}
        onChange={setStatus}
        data-testid="responses-status"
        options={[
          { value: 'all', label: t('responses.allStatuses') },
          { value: 'active', label: t('responseStatus.active') },
          { value: 'ended', label: t('responseStatus.ended') },
        ]}
      />
      <Table<CommandResponse>
        rowKey="id"
        size="middle"
        data-testid="responses-table"
        loading={responses.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('responses.none')} /> }}
        onRow={(r) => {
          const attrs: RowAttrs = { 'data-response-id': r.id, 'data-status': r.status };
          return attrs;
        }}
        columns={[
          {
            title: t('responses.incident'),
            key: 'incident',
            render: (_: unknown, r: CommandResponse) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/command/${r.id}`} data-testid="response-link">
                  {r.incidentTitle ?? r.incidentId}
                </Link>
                <Typography.Text type="secondary">{r.planTitle ?? '—'}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('responses.level'),
            key: 'level',
            width: 110,
            render: (_: unknown, r: CommandResponse) => <LevelTag level={r.level} />,
          },
          {
            title: t('responses.status'),
            key: 'status',
            width: 100,
            render: (_: unknown, r: CommandResponse) => <ResponseStatusTag status={r.status} />,
          },
          {
            title: t('responses.activatedAt'),
            key: 'activatedAt',
            width: 200,
            render: (_: unknown, r: CommandResponse) => (
              <Space orientation="vertical" size={0}>
                <span>{formatTime(r.activatedAt)}</span>
                {r.activatedByName && <Typography.Text type="secondary">{r.activatedByName}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('responses.tasks'),
            key: 'tasks',
            width: 240,
            render: (_: unknown, r: CommandResponse) => (
              <Space size={4}>
                <Badge status={r.taskCounts.overdue > 0 ? 'error' : r.taskCounts.open > 0 ? 'processing' : 'success'} />
                <span>
                  {t('responses.taskCounts', {
                    open: r.taskCounts.open,
                    done: r.taskCounts.done,
                    overdue: r.taskCounts.overdue,
                  })}
                </span>
              </Space>
            ),
          },
          {
            title: t('responses.endedAt'),
            key: 'endedAt',
            width: 170,
            render: (_: unknown, r: CommandResponse) => formatTime(r.endedAt),
          },
        ]}
      />
    </Space>
  );
}

/** 指挥调度: my tasks (签收 → 处置中 → 完成), the responses, and for commanders every open task (`?tab=`). */
export default function CommandPage() {
  const { t } = useTranslation(COMMAND_NS);
  const { can } = useAuth();
  const { connected } = useLiveEvents();
  const [params, setParams] = useSearchParams();
  useCommandLive();
  const canManage = can('response.manage');
  const visible = TABS.filter((k) => {
    if (k === 'myTasks') return can('task.update');
    if (k === 'responses') return canManage || can('task.read');
    return canManage;
  });
  const requested = params.get('tab');
  const fallback: TabKey = canManage ? 'responses' : (visible[0] ?? 'responses');
  const active: TabKey = visible.find((k) => k === requested) ?? fallback;

  const content: Record<TabKey, ReactNode> = {
    myTasks: <MyTasksTab />,
    responses: <ResponsesTab />,
    allTasks: <AllTasksTab />,
  };

  return (
    <Card
      title={t('title')}
      data-testid="command-page"
      extra={<Badge status={connected ? 'success' : 'default'} text={t('board.live')} />}
    >
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
          label: <span data-testid={`command-tab-${key}`}>{t(`tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
    </Card>
  );
}
