import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Input, List, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RESPONSE_LEVELS, type Plan } from '@yingji/contracts';
import { api } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime } from '../app/components';
import { COMMAND_NS } from './i18n';
import {
  useActivateResponse,
  useIncidentResponses,
  usePlanMatches,
  type CommandResponse,
  type PlanMatch,
  type ResponseLevel,
} from './api';
import { LevelTag, ResponseStatusTag, useLevelLabel, useTriggerText } from './components';
import { useCommandLive } from './live';
import './command.css';

/** Ⅰ is the highest level (rank 4), Ⅳ the lowest (rank 1). */
function levelRank(level: ResponseLevel): number {
  return RESPONSE_LEVELS.length - RESPONSE_LEVELS.indexOf(level);
}

/** Tasks activation at a level creates: an action of level Ⅳ applies at every level, one of Ⅱ at Ⅱ and Ⅰ. */
function tasksAt(plan: Plan, level: ResponseLevel): number {
  return plan.actions.filter((a) => levelRank(a.level) <= levelRank(level)).length;
}

function MatchItem({
  match,
  incidentId,
  canActivate,
  activeResponse,
}: {
  match: PlanMatch;
  incidentId: string;
  canActivate: boolean;
  activeResponse: CommandResponse | undefined;
}) {
  const { t } = useTranslation(COMMAND_NS);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const levelLabel = useLevelLabel();
  const triggerText = useTriggerText();
  const [level, setLevel] = useState<ResponseLevel | undefined>(match.level ?? undefined);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const activate = useActivateResponse(incidentId);
  // The plan's own levels and actions, for the level choice and its task count.
  const plan = useQuery({
    queryKey: ['command-plan', match.planId],
    queryFn: ({ signal }) => api.get<Plan>(`/plans/${match.planId}`, undefined, signal),
    enabled: canActivate,
    staleTime: 60_000,
  });
  const levels: ResponseLevel[] = plan.data
    ? RESPONSE_LEVELS.filter((l) => plan.data.levels.some((pl) => pl.level === l))
    : [...RESPONSE_LEVELS];
  const chosen = level ?? match.level ?? undefined;
  const taskCount =
    chosen === undefined
      ? null
      : plan.data
        ? tasksAt(plan.data, chosen)
        : chosen === match.level
          ? match.taskCount
          : null;

  const onConfirm = () => {
    if (!chosen) return;
    const text = note.trim();
    activate.mutate(
      { planId: match.planId, level: chosen, ...(text ? { note: text } : {}) },
      {
        onSuccess: (board) => {
          setConfirming(false);
          message.success(t('match.activated', { level: levelLabel(board.level) }));
          void navigate(`/command/${board.id}`);
        },
      },
    );
  };

  return (
    <div
      className="command-match"
      data-testid="plan-match"
      data-plan-id={match.planId}
      data-level={match.level ?? 'none'}
      data-task-count={match.taskCount}
    >
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Space size={6} wrap>
          <Typography.Text strong data-testid="plan-match-title">
            {match.title}
          </Typography.Text>
          {match.level && <LevelTag level={match.level} testId="plan-match-level" />}
        </Space>
        {match.ownerOrgName && <Typography.Text type="secondary">{match.ownerOrgName}</Typography.Text>}
        {match.level ? (
          <>
            <Typography.Text>{t('match.matchedLevel', { level: levelLabel(match.level) })}</Typography.Text>
            {match.matched.length > 0 && (
              <Space size={4} wrap data-testid="plan-match-triggers">
                <Typography.Text type="secondary">{t('match.matchedBy')}：</Typography.Text>
                {match.matched.map((tr, i) => (
                  <Tag key={i} color="volcano" data-testid="plan-match-trigger">
                    {triggerText(tr)}
                  </Tag>
                ))}
              </Space>
            )}
          </>
        ) : (
          <Typography.Text type="secondary">{t('match.noLevel')}</Typography.Text>
        )}
        {canActivate && (
          <Space wrap size={8}>
            <Select<ResponseLevel>
              size="small"
              style={{ width: 140 }}
              value={chosen}
              placeholder={t('match.level')}
              onChange={setLevel}
              data-testid="plan-match-select"
              options={levels.map((l) => ({ value: l, label: t('levelResponse', { level: levelLabel(l) }) }))}
            />
            <Button
              type="primary"
              danger
              size="small"
              icon={<ThunderboltOutlined />}
              disabled={!chosen || activeResponse !== undefined}
              onClick={() => {
                activate.reset();
                setConfirming(true);
              }}
              data-testid="activate-response"
            >
              {t('match.activate')}
            </Button>
          </Space>
        )}
        {taskCount !== null && (
          <Typography.Text type="secondary" data-testid="plan-match-task-count" data-count={taskCount}>
            {t('match.taskCount', { count: taskCount })}
          </Typography.Text>
        )}
        {canActivate && activeResponse && (
          <Typography.Text type="warning">
            {t('match.activeExists')} · <Link to={`/command/${activeResponse.id}`}>{t('match.openBoard')}</Link>
          </Typography.Text>
        )}
      </Space>
      <Modal
        open={confirming}
        title={t('match.confirmTitle')}
        okText={t('match.activate')}
        okButtonProps={{ danger: true, loading: activate.isPending, ...{ 'data-testid': 'activate-confirm' } }}
        onOk={onConfirm}
        onCancel={() => setConfirming(false)}
        destroyOnHidden
      >
        {activate.isError && <FormError error={activate.error} />}
        <Typography.Paragraph>
          {t('match.confirmText', { plan: match.title, level: levelLabel(chosen) })}
        </Typography.Paragraph>
        {taskCount !== null && (
          <Typography.Paragraph>{t('match.taskCount', { count: taskCount })}</Typography.Paragraph>
        )}
        <Input.TextArea
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('match.notePlaceholder')}
          aria-label={t('match.note')}
          data-testid="activate-note"
        />
      </Modal>
    </div>
  );
}

function ResponseList({ responses }: { responses: CommandResponse[] }) {
  const { t } = useTranslation(COMMAND_NS);
  if (responses.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('match.noResponses')} style={{ margin: 8 }} />;
  return (
    <List<CommandResponse>
      size="small"
      data-testid="incident-responses"
      dataSource={responses}
      renderItem={(r) => (
        <List.Item
          key={r.id}
          data-testid="incident-response"
          data-response-id={r.id}
          actions={[
            <Link key="board" to={`/command/${r.id}`} data-testid="incident-response-link">
              {t('match.openBoard')}
            </Link>,
          ]}
        >
          <Space orientation="vertical" size={2}>
            <Space size={4} wrap>
              <LevelTag level={r.level} />
              <ResponseStatusTag status={r.status} />
              <Typography.Text>{r.planTitle ?? '—'}</Typography.Text>
            </Space>
            <Typography.Text type="secondary">
              {formatTime(r.activatedAt)}
              {r.activatedByName ? ` · ${r.activatedByName}` : ''} ·{' '}
              {t('responses.taskCounts', {
                open: r.taskCounts.open,
                done: r.taskCounts.done,
                overdue: r.taskCounts.overdue,
              })}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * 应急响应 on the incident page: the plans whose scope and triggers fit the incident, a level choice and the
 * "启动响应" button (response.manage), and the responses already running or ended, each linking to its board.
 */
export function IncidentResponseCard({ incident }: { incident: { id: string; status: string } }) {
  const { t } = useTranslation(COMMAND_NS);
  const { can } = useAuth();
  const canManage = can('response.manage');
  const canRead = canManage || can('task.read');
  useCommandLive();
  const matches = usePlanMatches(incident.id, canManage);
  const responses = useIncidentResponses(incident.id, canRead);
  if (!canRead) return null;

  const list = responses.data?.items ?? [];
  const canActivate = canManage && incident.status === 'open';
  const sortedMatches = matches.data?.items ?? [];

  return (
    <Card size="small" title={t('match.title')} data-testid="incident-response-card">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {canManage && (
          <div data-testid="plan-matches">
            <Typography.Text type="secondary">{t('match.plans')}</Typography.Text>
            {matches.isPending ? (
              <Skeleton active paragraph={{ rows: 2 }} />
            ) : matches.isError ? (
              <ErrorAlert error={matches.error} onRetry={() => void matches.refetch()} />
            ) : sortedMatches.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('match.none')} style={{ margin: 8 }} />
            ) : (
              <div style={{ marginTop: 8 }}>
                {sortedMatches.map((m) => (
                  <MatchItem
                    key={m.planId}
                    match={m}
                    incidentId={incident.id}
                    canActivate={canActivate}
                    activeResponse={list.find((r) => r.planId === m.planId && r.status === 'active')}
                  />
                ))}
              </div>
            )}
          </div>
        )}
        {!canManage && <Typography.Text type="secondary">{t('match.readOnly')}</Typography.Text>}
        <div>
          <Typography.Text type="secondary">{t('match.existing')}</Typography.Text>
          {responses.isPending ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : responses.isError ? (
            <ErrorAlert error={responses.error} onRetry={() => void responses.refetch()} />
          ) : (
            <ResponseList responses={list} />
          )}
        </div>
      </Space>
    </Card>
  );
}

export default IncidentResponseCard;
