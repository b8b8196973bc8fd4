import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert, FormError, formatTime } from '../app/components';
import { DRILLS_NS } from './i18n';
import { DRILLS_KEY, useDrill, type Drill, type FollowUp, type UpdateDrillBody } from './api';
import { DrillKindTags, HiddenSubmit, shortDate, today, useDrillManager } from './components';
import {
  FollowUpsField,
  ProblemsField,
  cleanProblems,
  fromFollowUps,
  toFollowUps,
  type FollowUpFormValue,
} from './DrillForm';

interface EditValues {
  participants?: number | null;
  score?: number | null;
  evaluation?: string;
  problems?: (string | undefined)[];
  followUps?: FollowUpFormValue[];
}

function sameFollowUps(a: readonly FollowUp[], b: readonly FollowUp[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only what changed, so an unchanged field is never sent (and never audited) again. */
function changes(drill: Drill, v: EditValues): UpdateDrillBody {
  const patch: UpdateDrillBody = {};
  const evaluation = (v.evaluation ?? '').trim();
  if (evaluation !== (drill.evaluation ?? '')) patch.evaluation = evaluation;
  if (typeof v.participants === 'number' && v.participants !== drill.participants) patch.participants = v.participants;
  if (typeof v.score === 'number' && v.score !== drill.score) patch.score = v.score;
  const problems = cleanProblems(v.problems);
  if (problems.join('\n') !== drill.problems.join('\n')) patch.problems = problems;
  const followUps = toFollowUps(v.followUps);
  if (!sameFollowUps(followUps, drill.followUps)) patch.followUps = followUps;
  return patch;
}

function EditForm({ drill, onDone }: { drill: Drill; onDone: () => void }) {
  const { t } = useTranslation(DRILLS_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditValues>();
  const save = useMutation({
    mutationFn: (patch: UpdateDrillBody) => api.patch<Drill>(`/drills/${drill.id}`, patch),
    onSuccess: (updated) => {
      queryClient.setQueryData([DRILLS_KEY, 'one', drill.id], updated);
      void queryClient.invalidateQueries({ queryKey: [DRILLS_KEY] });
      message.success(t('common.saved'));
      onDone();
    },
  });
  return (
    <Form<EditValues>
      form={form}
      layout="vertical"
      data-testid="drill-edit-form"
      initialValues={{
        participants: drill.participants,
        score: drill.score,
        evaluation: drill.evaluation ?? '',
        problems: drill.problems,
        followUps: fromFollowUps(drill.followUps),
      }}
      onFinish={(v) => {
        const patch = changes(drill, v);
        if (Object.keys(patch).length === 0) onDone();
        else save.mutate(patch);
      }}
    >
      {save.isError && <FormError error={save.error} />}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="participants" label={t('drills.participants')}>
            <InputNumber<number> min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="score" label={t('drills.score')}>
            <InputNumber<number> min={0} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="evaluation"
        label={t('drills.evaluation')}
        rules={[{ max: 4000, message: t('common.maxLength', { max: 4000 }) }]}
      >
        <Input.TextArea rows={4} maxLength={4000} data-testid="drill-edit-evaluation" />
      </Form.Item>
      <ProblemsField />
      <FollowUpsField />
      <HiddenSubmit />
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="drill-edit-save">
          {t('common.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

function FollowUpTable({ drill, editable }: { drill: Drill; editable: boolean }) {
  const { t } = useTranslation(DRILLS_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const now = today();
  const tick = useMutation({
    mutationFn: (followUps: FollowUp[]) => api.patch<Drill>(`/drills/${drill.id}`, { followUps }),
    onSuccess: (updated) => {
      queryClient.setQueryData([DRILLS_KEY, 'one', drill.id], updated);
      void queryClient.invalidateQueries({ queryKey: [DRILLS_KEY, 'list'] });
      message.success(t('common.saved'));
    },
  });
  if (drill.followUps.length === 0) {
    return <Typography.Text type="secondary">{t('drills.noFollowUps')}</Typography.Text>;
  }
  return (
    <>
      {tick.isError && <ErrorAlert error={tick.error} style={{ marginBottom: 8 }} />}
      <Table<FollowUp & { index: number }>
        rowKey="index"
        size="small"
        pagination={false}
        data-testid="drill-followups-table"
        dataSource={drill.followUps.map((f, index) => ({ ...f, index }))}
        columns={[
          {
            title: t('drills.followUpDone'),
            dataIndex: 'done',
            width: 60,
            align: 'center',
            render: (done: boolean, r) => (
              <Checkbox
                checked={done}
                disabled={!editable || tick.isPending}
                aria-label={`${t('drills.followUpDone')} ${r.action}`}
                data-testid={`drill-followup-tick-${r.index}`}
                onChange={(e) =>
                  tick.mutate(drill.followUps.map((f, i) => (i === r.index ? { ...f, done: e.target.checked } : f)))
                }
              />
            ),
          },
          {
            title: t('drills.followUpAction'),
            dataIndex: 'action',
            render: (action: string, r) => (r.done ? <span className="drills-done-text">{action}</span> : action),
          },
          { title: t('drills.followUpOwner'), dataIndex: 'owner', width: 110 },
          {
            title: t('drills.followUpDue'),
            dataIndex: 'dueDate',
            width: 120,
            render: (due: string, r) =>
              !r.done && due < now ? (
                <Typography.Text type="danger" title={t('drills.followUpOverdue')}>
                  {due} <Tag color="red">{t('drills.followUpOverdue')}</Tag>
                </Typography.Text>
              ) : (
                due
              ),
          },
        ]}
      />
    </>
  );
}

/** A drill's record: what was drilled, the evaluation, problems found and follow-up actions (editable). */
export function DrillDrawer({ drillId, shown, onClose }: { drillId: string; shown?: Drill; onClose: () => void }) {
  const { t } = useTranslation(DRILLS_NS);
  const { mayManage } = useDrillManager();
  const query = useDrill(drillId, shown);
  const [editing, setEditing] = useState(false);
  const drill = query.data;
  const editable = !!drill && mayManage(drill.orgId);
  const openFollowUps = drill ? drill.followUps.filter((f) => !f.done).length : 0;

  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      destroyOnHidden
      data-testid="drill-drawer"
      title={drill ? (drill.title ?? t('drills.untitled')) : t('drills.detailTitle')}
      extra={
        editable && !editing ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="drill-edit">
            {t('drills.editRecord')}
          </Button>
        ) : undefined
      }
    >
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {!drill && query.isPending && <Skeleton active />}
      {drill && (
        <>
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'org', label: t('drills.org'), children: drill.orgName ?? '—', span: 2 },
              { key: 'date', label: t('drills.date'), children: shortDate(drill.date) },
              {
                key: 'kind',
                label: t('drills.kind'),
                children: <DrillKindTags kind={drill.kind} doubleBlind={drill.doubleBlind} />,
              },
              {
                key: 'plans',
                label: t('drills.plans'),
                span: 2,
                children:
                  drill.planTitles.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="drills-rule-list" style={{ marginTop: 0 }}>
                      {drill.planTitles.map((title, i) => (
                        <li key={`${i}-${title}`}>{title}</li>
                      ))}
                    </ul>
                  ),
              },
              { key: 'participants', label: t('drills.participants'), children: drill.participants ?? '—' },
              { key: 'score', label: t('drills.score'), children: drill.score ?? '—' },
              {
                key: 'schedule',
                label: t('drills.schedule'),
                children: drill.scheduleId ? t('drills.fromSchedule') : t('drills.unscheduled'),
              },
              { key: 'createdAt', label: t('drills.createdAt'), children: formatTime(drill.createdAt) },
            ]}
          />
          {editing ? (
            <div style={{ marginTop: 20 }}>
              <EditForm drill={drill} onDone={() => setEditing(false)} />
            </div>
          ) : (
            <>
              <div className="drills-section-title">{t('drills.evaluation')}</div>
              {drill.evaluation ? (
                <Typography.Paragraph className="drills-multiline" data-testid="drill-evaluation">
                  {drill.evaluation}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t('drills.noEvaluation')}</Typography.Text>
              )}
              <div className="drills-section-title">
                {t('drills.problems')} <Typography.Text type="secondary">({drill.problems.length})</Typography.Text>
              </div>
              {drill.problems.length === 0 ? (
                <Typography.Text type="secondary">{t('drills.noProblems')}</Typography.Text>
              ) : (
                <ol className="drills-rule-list" data-testid="drill-problem-list">
                  {drill.problems.map((p, i) => (
                    <li key={`${i}-${p}`}>{p}</li>
                  ))}
                </ol>
              )}
              <div className="drills-section-title">
                {t('drills.followUps')}{' '}
                <Typography.Text type="secondary">
                  {t('drills.followUpsOpen', { open: openFollowUps, total: drill.followUps.length })}
                </Typography.Text>
              </div>
              <FollowUpTable drill={drill} editable={editable} />
            </>
          )}
        </>
      )}
      {!drill && !query.isPending && !query.isError && <Empty />}
    </Drawer>
  );
}
