import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, PoweroffOutlined, SwapOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { INCIDENT_GRADES, RESPONSE_LEVELS, type Plan } from '@yingji/contracts';
import { ApiError, api } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime } from '../app/components';
import { useLiveEvents } from '../app/liveEvents';
import { GradeTag, useIncidentLabel } from '../incidents/shared';
import type { IncidentGrade } from '../incidents/api';
// Importing the namespace name also registers the pages' strings with i18next.
import { COMMAND_NS } from './i18n';
import {
  useAddLogEntry,
  useChangeLevel,
  useEndResponse,
  useResponseBoard,
  type CommandTask,
  type ResponseBoard,
  type ResponseLevel,
} from './api';
import { LevelTag, PlainText, ResponseStatusTag, useLevelLabel } from './components';
import { BoardMap } from './BoardMap';
import { useCommandLive } from './live';
import { TaskTable } from './TaskTable';
import './command.css';

const LOG_KIND_COLORS: Record<string, string> = {
  activated: 'red',
  level_changed: 'orange',
  ended: 'default',
  note: 'blue',
  task: 'cyan',
  overdue: 'error',
};

type Summary = NonNullable<ResponseBoard['summary']>;
type DepartmentRow = Summary['byDepartment'][number];

function levelRank(level: ResponseLevel): number {
  return RESPONSE_LEVELS.length - RESPONSE_LEVELS.indexOf(level);
}

function asGrade(grade: string | null): IncidentGrade | null {
  return grade !== null && (INCIDENT_GRADES as readonly string[]).includes(grade) ? (grade as IncidentGrade) : null;
}

function IncidentSummary({ board }: { board: ResponseBoard }) {
  const { t } = useTranslation(COMMAND_NS);
  const label = useIncidentLabel();
  const inc = board.incident;
  return (
    <Card
      size="small"
      title={t('board.incident')}
      extra={
        <Link to={`/incidents/${inc.id}`} data-testid="board-incident-link">
          {t('board.openIncident')}
        </Link>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 4 }} data-testid="board-incident">
        <Descriptions.Item label={t('board.number')}>
          <span data-testid="board-incident-number">{inc.number}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('board.grade')}>
          <Space size={4}>
            <GradeTag grade={asGrade(inc.grade)} testId="board-incident-grade" />
            <Typography.Text type="secondary">
              {label(inc.category)} · {label(inc.type)}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('board.titleField')} span={{ xs: 1, sm: 2 }}>
          <span data-testid="board-incident-title">{inc.title}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('board.occurredAt')}>{formatTime(inc.occurredAt)}</Descriptions.Item>
        <Descriptions.Item label={t('board.address')}>{inc.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('board.deaths')}>
          <span data-testid="board-deaths">{t('board.people', { count: inc.deaths })}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('board.missing')}>{t('board.people', { count: inc.missing })}</Descriptions.Item>
        <Descriptions.Item label={t('board.seriousInjuries')}>
          {t('board.people', { count: inc.seriousInjuries })}
        </Descriptions.Item>
        <Descriptions.Item label={t('board.evacuated')}>
          <span data-testid="board-evacuated">{t('board.people', { count: inc.evacuated })}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Raise or lower the response level (confirm with an optional reason). */
function LevelControl({ board }: { board: ResponseBoard }) {
  const { t } = useTranslation(COMMAND_NS);
  const { message } = App.useApp();
  const levelLabel = useLevelLabel();
  const change = useChangeLevel(board.id);
  const [target, setTarget] = useState<ResponseLevel | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const plan = useQuery({
    queryKey: ['command-plan', board.planId],
    queryFn: ({ signal }) => api.get<Plan>(`/plans/${board.planId}`, undefined, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const levels = plan.data
    ? RESPONSE_LEVELS.filter((l) => plan.data.levels.some((pl) => pl.level === l))
    : [...RESPONSE_LEVELS];
  const chosen = target ?? board.level;
  const raising = levelRank(chosen) > levelRank(board.level);

  const onConfirm = () => {
    const text = note.trim();
    change.mutate(
      { level: chosen, ...(text ? { note: text } : {}) },
      {
        onSuccess: (b) => {
          setConfirming(false);
          setTarget(undefined);
          setNote('');
          message.success(t('board.levelChanged', { level: levelLabel(b.level) }));
        },
      },
    );
  };

  return (
    <Space size={4}>
      <Select<ResponseLevel>
        value={chosen}
        onChange={setTarget}
        style={{ width: 130 }}
        aria-label={t('board.level')}
        data-testid="board-level-select"
        options={levels.map((l) => ({ value: l, label: t('levelResponse', { level: levelLabel(l) }) }))}
      />
      <Button
        icon={<SwapOutlined />}
        disabled={chosen === board.level}
        onClick={() => {
          change.reset();
          setConfirming(true);
        }}
        data-testid="board-level-apply"
      >
        {chosen === board.level ? t('board.changeLevel') : raising ? t('board.raise') : t('board.lower')}
      </Button>
      <Modal
        open={confirming}
        title={raising ? t('board.raise') : t('board.lower')}
        okText={raising ? t('board.raise') : t('board.lower')}
        okButtonProps={{ loading: change.isPending, ...{ 'data-testid': 'board-level-confirm' } }}
        onOk={onConfirm}
        onCancel={() => setConfirming(false)}
        destroyOnHidden
      >
        {change.isError && <FormError error={change.error} />}
        <Typography.Paragraph>
          {raising
            ? t('board.raiseConfirm', { level: levelLabel(chosen) })
            : t('board.lowerConfirm', { level: levelLabel(chosen) })}
        </Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('board.levelNote')}
          aria-label={t('board.levelNote')}
        />
      </Modal>
    </Space>
  );
}

function EndControl({ board }: { board: ResponseBoard }) {
  const { t } = useTranslation(COMMAND_NS);
  const { message } = App.useApp();
  const end = useEndResponse(board.id);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  return (
    <>
      <Button
        danger
        icon={<PoweroffOutlined />}
        onClick={() => {
          end.reset();
          setConfirming(true);
        }}
        data-testid="board-end"
      >
        {t('board.end')}
      </Button>
      <Modal
        open={confirming}
        title={t('board.endTitle')}
        okText={t('board.end')}
        okButtonProps={{ danger: true, loading: end.isPending, ...{ 'data-testid': 'board-end-confirm' } }}
        onOk={() => {
          const text = note.trim();
          end.mutate(text ? { note: text } : {}, {
            onSuccess: () => {
              setConfirming(false);
              message.success(t('board.ended'));
            },
          });
        }}
        onCancel={() => setConfirming(false)}
        destroyOnHidden
      >
        {end.isError && <FormError error={end.error} />}
        <Typography.Paragraph>{t('board.endText')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('board.endNote')}
          aria-label={t('board.endNote')}
          data-testid="board-end-note"
        />
      </Modal>
    </>
  );
}

function SummaryCard({ summary, tasks }: { summary: Summary; tasks: CommandTask[] }) {
  const { t } = useTranslation(COMMAND_NS);
  const levelLabel = useLevelLabel();
  const late = Math.max(0, summary.done - summary.doneOnTime);
  // The summary counts a department's tasks without the cancelled ones; the board's tasks give both.
  const assigned = (orgId: string) => tasks.filter((x) => x.departmentOrgId === orgId).length;
  const cancelled = (orgId: string) =>
    tasks.filter((x) => x.departmentOrgId === orgId && x.status === 'cancelled').length;
  return (
    <Card size="small" title={t('summary.title')} data-testid="response-summary">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6} xl={4}>
          <Statistic
            title={t('summary.duration')}
            value={t('summary.durationValue', {
              hours: Math.floor(summary.durationMinutes / 60),
              minutes: summary.durationMinutes % 60,
            })}
          />
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Statistic title={t('summary.tasks')} value={summary.tasks} />
        </Col>
        <Col xs={12} md={6} xl={4}>
          <span data-testid="summary-done-on-time">
            <Statistic title={t('summary.doneOnTime')} value={summary.doneOnTime} />
          </span>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <span data-testid="summary-late">
            <Statistic title={t('summary.late')} value={late} />
          </span>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <span data-testid="summary-cancelled">
            <Statistic title={t('summary.cancelled')} value={summary.cancelled} />
          </span>
        </Col>
        <Col xs={24} xl={4}>
          <Typography.Text type="secondary">{t('summary.levels')}</Typography.Text>
          <div>
            {summary.levels.map((l) => (
              <div key={`${l.level}-${l.at}`}>
                {levelLabel(l.level)} · {formatTime(l.at)}
              </div>
            ))}
          </div>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('summary.byDepartment')}
      </Typography.Title>
      <Table<DepartmentRow>
        rowKey="departmentOrgId"
        size="small"
        pagination={false}
        dataSource={summary.byDepartment}
        data-testid="summary-departments"
        columns={[
          { title: t('summary.department'), key: 'name', render: (_: unknown, r) => r.departmentName ?? '—' },
          {
            title: t('summary.assigned'),
            key: 'assigned',
            width: 110,
            align: 'right',
            render: (_: unknown, r) => assigned(r.departmentOrgId),
          },
          { title: t('summary.done'), dataIndex: 'done', width: 100, align: 'right' },
          {
            title: t('summary.late'),
            dataIndex: 'late',
            width: 100,
            align: 'right',
            render: (late: number) => (late > 0 ? <Typography.Text type="danger">{late}</Typography.Text> : late),
          },
          {
            title: t('summary.cancelled'),
            key: 'cancelled',
            width: 100,
            align: 'right',
            render: (_: unknown, r) => cancelled(r.departmentOrgId),
          },
        ]}
      />
    </Card>
  );
}

function CommandLog({ board, canWrite }: { board: ResponseBoard; canWrite: boolean }) {
  const { t } = useTranslation(COMMAND_NS);
  const { message } = App.useApp();
  const add = useAddLogEntry(board.id);
  const [text, setText] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const count = board.log.length;
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const submit = () => {
    const value = text.trim();
    if (!value) {
      message.warning(t('log.required'));
      return;
    }
    add.mutate(
      { text: value },
      {
        onSuccess: () => {
          setText('');
          message.success(t('log.saved'));
        },
      },
    );
  };

  return (
    <Card size="small" title={t('log.title')} data-testid="command-log">
      <div className="command-log" ref={listRef}>
        {count === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('log.empty')} />
        ) : (
          board.log.map((e) => (
            <div key={e.id} className="command-log-entry" data-testid="log-entry" data-kind={e.kind}>
              <Space size={4}>
                <Tag color={LOG_KIND_COLORS[e.kind] ?? 'default'}>
                  {t(`log.kinds.${e.kind}`, { defaultValue: e.kind })}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(e.at)}
                  {e.actorName ? ` · ${e.actorName}` : ''}
                </Typography.Text>
              </Space>
              <div>
                <PlainText text={e.text} />
              </div>
            </div>
          ))
        )}
      </div>
      {canWrite && (
        <>
          {add.isError && <FormError error={add.error} />}
          <Input.TextArea
            rows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={(e) => {
              if (e.ctrlKey || e.metaKey) submit();
            }}
            placeholder={t('log.placeholder')}
            aria-label={t('log.title')}
            data-testid="log-text"
          />
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            loading={add.isPending}
            onClick={submit}
            data-testid="log-submit"
          >
            {t('log.add')}
          </Button>
        </>
      )}
    </Card>
  );
}

/** 指挥看板 of one response: incident, level, tasks by department (live), map of nearby forces, command log. */
export default function ResponseBoardPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation(COMMAND_NS);
  const { can, user } = useAuth();
  const { connected } = useLiveEvents();
  useCommandLive();
  const query = useResponseBoard(id);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return (
        <Result status="404" subTitle={t('board.notFound')} extra={<Link to="/command">{t('board.back')}</Link>} />
      );
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const board = query.data;
  const active = board.status === 'active';
  const canManage = can('response.manage');
  const canUpdateTasks = can('task.update');
  const counts = board.taskCounts;

  return (
    <Space
      orientation="vertical"
      size={16}
      style={{ width: '100%' }}
      data-testid="response-board"
      data-response-id={board.id}
      data-status={board.status}
    >
      <Card size="small">
        <div className="command-board-header">
          <Space wrap size={8} align="center">
            <Link to="/command?tab=responses" aria-label={t('board.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="board-plan-title">
              {board.planTitle ?? '—'}
            </Typography.Title>
            <LevelTag level={board.level} testId="board-level" />
            <ResponseStatusTag status={board.status} />
            <Typography.Text type="secondary">
              {t('board.activatedAt', { time: formatTime(board.activatedAt) })}
              {board.activatedByName ? ` · ${t('board.activatedBy', { name: board.activatedByName })}` : ''}
              {board.endedAt ? ` · ${t('board.endedAt', { time: formatTime(board.endedAt) })}` : ''}
            </Typography.Text>
            <Badge status={connected ? 'success' : 'default'} text={t('board.live')} />
          </Space>
          {canManage && active && (
            <Space wrap size={8}>
              <LevelControl board={board} />
              <EndControl board={board} />
            </Space>
          )}
        </div>
      </Card>
      {board.summary && <SummaryCard summary={board.summary} tasks={board.tasks} />}
      <IncidentSummary board={board} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('board.tasks')} data-testid="board-tasks">
            <Row gutter={16} style={{ marginBottom: 12 }} data-testid="board-task-counts">
              {(['open', 'done', 'overdue', 'cancelled'] as const).map((k) => (
                <Col key={k} xs={12} md={6}>
                  <span data-testid={`board-count-${k}`} data-count={counts[k]}>
                    <Statistic
                      title={t(`board.taskCounts.${k}`)}
                      value={counts[k]}
                      styles={k === 'overdue' && counts[k] > 0 ? { content: { color: '#cf1322' } } : undefined}
                    />
                  </span>
                </Col>
              ))}
            </Row>
            <TaskTable
              mode="board"
              tasks={board.tasks}
              canAct={(task) => active && canUpdateTasks && task.departmentOrgId === user?.orgId}
              testId="board-task-table"
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <CommandLog board={board} canWrite={canManage && active} />
            <Card size="small" title={t('map.title')}>
              <BoardMap location={board.incident.location} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
