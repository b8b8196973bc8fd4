import { useState, type ReactNode } from 'react';
import { App, Button, Empty, Input, Modal, Space, Table, Typography, type TablePaginationConfig } from 'antd';
import { CheckOutlined, FormOutlined, PlayCircleOutlined, SendOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FormError, formatTime } from '../app/components';
import { Countdown } from '../incidents/shared';
import { COMMAND_NS } from './i18n';
import { useUpdateTask, type CommandTask, type TaskMove } from './api';
import { OverdueTag, PlainText, TaskStatusTag, isOpenTask, nextMove, useLevelLabel, type RowAttrs } from './components';

const MOVE_ICONS: Record<TaskMove, ReactNode> = {
  acknowledged: <CheckOutlined />,
  in_progress: <PlayCircleOutlined />,
  done: <SendOutlined />,
};
const MOVE_LABELS: Record<TaskMove, string> = {
  acknowledged: 'task.acknowledge',
  in_progress: 'task.start',
  done: 'task.done',
};
const MOVE_TEST_IDS: Record<TaskMove, string> = {
  acknowledged: 'task-ack',
  in_progress: 'task-start',
  done: 'task-done',
};

/** The next forward step of a task (签收 → 处置中 → 完成) and a progress report; 完成 and 报告 ask for the text. */
export function TaskActions({ task }: { task: CommandTask }) {
  const { t } = useTranslation(COMMAND_NS);
  const { message } = App.useApp();
  const update = useUpdateTask();
  const [dialog, setDialog] = useState<'done' | 'report' | null>(null);
  const [report, setReport] = useState('');
  const move = nextMove(task.status);
  if (!isOpenTask(task)) return <Typography.Text type="secondary">{t('task.finished')}</Typography.Text>;

  const send = (status: TaskMove | undefined, text: string) => {
    update.mutate(
      { id: task.id, ...(status ? { status } : {}), ...(text ? { report: text } : {}) },
      {
        onSuccess: (updated) => {
          setDialog(null);
          setReport('');
          message.success(
            status ? t('task.saved', { status: t(`taskStatus.${updated.status}`) }) : t('task.reportSaved'),
          );
        },
        onError: (err) => {
          if (!dialog) message.error(err.message);
        },
      },
    );
  };

  const open = (which: 'done' | 'report') => {
    update.reset();
    setReport('');
    setDialog(which);
  };

  return (
    <>
      <Space size={4} wrap>
        {move && (
          <Button
            size="small"
            type={move === 'acknowledged' ? 'primary' : 'default'}
            icon={MOVE_ICONS[move]}
            loading={update.isPending && dialog === null}
            onClick={() => (move === 'done' ? open('done') : send(move, ''))}
            data-testid={MOVE_TEST_IDS[move]}
          >
            {t(MOVE_LABELS[move])}
          </Button>
        )}
        <Button size="small" icon={<FormOutlined />} onClick={() => open('report')} data-testid="task-report">
          {t('task.report')}
        </Button>
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog === 'done' ? t('task.doneTitle') : t('task.reportTitle')}
        okText={dialog === 'done' ? t('task.done') : t('task.report')}
        okButtonProps={{
          loading: update.isPending,
          disabled: dialog === 'report' && report.trim() === '',
          ...{ 'data-testid': 'task-dialog-submit' },
        }}
        onOk={() => send(dialog === 'done' ? 'done' : undefined, report.trim())}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        {update.isError && dialog !== null && <FormError error={update.error} />}
        <Typography.Paragraph type="secondary">{task.action}</Typography.Paragraph>
        {dialog === 'done' && <Typography.Paragraph>{t('task.doneText')}</Typography.Paragraph>}
        <Input.TextArea
          rows={3}
          maxLength={2000}
          value={report}
          onChange={(e) => setReport(e.target.value)}
          placeholder={t('task.reportPlaceholder')}
          data-testid="task-report-text"
        />
      </Modal>
    </>
  );
}

function DueCell({ task }: { task: CommandTask }) {
  const { t } = useTranslation(COMMAND_NS);
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text>{formatTime(task.dueAt)}</Typography.Text>
      {isOpenTask(task) ? (
        <Countdown to={task.dueAt} />
      ) : task.doneAt ? (
        <Typography.Text type="secondary">{t('task.doneAt', { time: formatTime(task.doneAt) })}</Typography.Text>
      ) : null}
    </Space>
  );
}

export interface TaskTableProps {
  tasks: CommandTask[];
  loading?: boolean;
  /** 'board': grouped by department on one response; 'list': tasks across responses, with their incident. */
  mode: 'board' | 'list';
  /** Whether the current user may move this task on. */
  canAct?: (task: CommandTask) => boolean;
  pagination?: TablePaginationConfig | false;
  emptyText?: string;
  testId?: string;
}

/** Tasks with live status, due countdown, last report; overdue rows red. */
export function TaskTable({ tasks, loading, mode, canAct, pagination = false, emptyText, testId }: TaskTableProps) {
  const { t } = useTranslation(COMMAND_NS);
  const levelLabel = useLevelLabel();
  const anyActions = canAct !== undefined && tasks.some((x) => canAct(x));

  // On the board, rows of one department sit together and share one department cell.
  const rows =
    mode === 'board'
      ? [...tasks].sort(
          (a, b) =>
            (a.departmentName ?? a.departmentOrgId).localeCompare(b.departmentName ?? b.departmentOrgId, 'zh-CN') ||
            a.dueAt.localeCompare(b.dueAt),
        )
      : tasks;
  const spans = new Map<string, number>();
  if (mode === 'board') {
    for (let i = 0; i < rows.length;) {
      let j = i;
      while (j < rows.length && rows[j]?.departmentOrgId === rows[i]?.departmentOrgId) j++;
      const first = rows[i];
      if (first) spans.set(first.id, j - i);
      i = j;
    }
  }

  return (
    <Table<CommandTask>
      rowKey="id"
      size="small"
      className="command-task-table"
      data-testid={testId}
      loading={loading}
      dataSource={rows}
      pagination={pagination}
      scroll={{ x: (mode === 'board' ? 140 : 220) + 260 + 110 + 160 + 180 + (anyActions ? 190 : 0) }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('task.none')} /> }}
      rowClassName={(r) =>
        [
          r.overdue ? 'command-task-overdue' : '',
          isOpenTask(r) ? '' : 'command-task-closed',
          r.status === 'cancelled' ? 'command-task-cancelled' : '',
        ]
          .filter(Boolean)
          .join(' ')
      }
      onRow={(r) => {
        const attrs: RowAttrs = {
          'data-testid': 'task-row',
          'data-task-id': r.id,
          'data-status': r.status,
          'data-overdue': r.overdue ? 'true' : 'false',
          'data-department': r.departmentName ?? r.departmentOrgId,
        };
        return attrs;
      }}
      columns={[
        mode === 'board'
          ? {
              title: t('task.department'),
              key: 'department',
              width: 140,
              onCell: (r: CommandTask) => ({ rowSpan: spans.get(r.id) ?? 0 }),
              render: (_: unknown, r: CommandTask) => (
                <Typography.Text strong data-testid="task-department">
                  {r.departmentName ?? '—'}
                </Typography.Text>
              ),
            }
          : {
              title: t('task.incident'),
              key: 'incident',
              width: 220,
              render: (_: unknown, r: CommandTask) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text>{r.incidentTitle ?? '—'}</Typography.Text>
                  <Space size={6}>
                    <Typography.Text type="secondary">{r.departmentName ?? ''}</Typography.Text>
                    <Link to={`/command/${r.responseId}`} data-testid="task-board-link">
                      {t('task.openBoard')}
                    </Link>
                  </Space>
                </Space>
              ),
            },
        {
          title: t('task.action'),
          key: 'action',
          width: 260,
          render: (_: unknown, r: CommandTask) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text data-testid="task-action">{r.action}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {levelLabel(r.level)}
                {r.group ? ` · ${r.group}` : ''}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('task.status'),
          key: 'status',
          width: 110,
          render: (_: unknown, r: CommandTask) => (
            <Space size={2} wrap>
              <TaskStatusTag status={r.status} />
              {r.overdue && <OverdueTag />}
            </Space>
          ),
        },
        {
          title: t('task.dueAt'),
          key: 'due',
          width: 160,
          render: (_: unknown, r: CommandTask) => <DueCell task={r} />,
        },
        {
          title: t('task.lastReport'),
          key: 'report',
          width: 180,
          render: (_: unknown, r: CommandTask) => (
            <Space orientation="vertical" size={0}>
              <PlainText text={r.lastReport} />
              {r.acknowledgedAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('task.acknowledgedAt', { time: formatTime(r.acknowledgedAt) })}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        ...(anyActions
          ? [
              {
                title: t('task.operations'),
                key: 'ops',
                width: 190,
                render: (_: unknown, r: CommandTask) => (canAct?.(r) ? <TaskActions task={r} /> : null),
              },
            ]
          : []),
      ]}
    />
  );
}
