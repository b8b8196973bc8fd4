import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Button, Col, DatePicker, Empty, Form, Input, Modal, Row, Select, Space, Table, Typography } from 'antd';
import { EyeOutlined, FormOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DRILL_KINDS } from '@yingji/contracts';
import { api } from '../app/api';
import { useUser } from '../app/auth';
import { ErrorAlert, FormError } from '../app/components';
import { DRILLS_NS } from './i18n';
import {
  DRILLS_KEY,
  useOrgPlans,
  useSchedules,
  type CreateScheduleBody,
  type DrillKind,
  type Schedule,
  type ScheduleStatus,
  useDrillsLive,
} from './api';
import {
  DATE_FORMAT,
  DrillKindTags,
  DrillablePlanSelect,
  HiddenSubmit,
  OrgSelect,
  PlanTitles,
  ScheduleStatusTag,
  useDrillManager,
  yearOptions,
} from './components';
import { DrillFormModal, type DrillPrefill } from './DrillForm';
import { DrillDrawer } from './DrillDrawer';

interface ScheduleFormValues {
  plannedDate?: Dayjs | null;
  planIds: string[];
  kind: DrillKind;
  title?: string;
}

function ScheduleFormModal({
  orgId,
  orgName,
  year,
  onClose,
}: {
  orgId: string;
  orgName: string | null;
  year: number;
  onClose: () => void;
}) {
  const { t } = useTranslation(DRILLS_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ScheduleFormValues>();
  const now = dayjs();
  const defaultDate = now.year() === year ? now.add(1, 'month').startOf('month') : dayjs(`${year}-01-01`);

  const save = useMutation({
    mutationFn: (v: ScheduleFormValues) => {
      const body: CreateScheduleBody = {
        orgId,
        plannedDate: v.plannedDate ? v.plannedDate.format(DATE_FORMAT) : '',
        planIds: v.planIds,
        kind: v.kind,
        title: (v.title ?? '').trim(),
      };
      return api.post<Schedule>('/drill-schedules', body);
    },
    onSuccess: () => {
      message.success(t('common.created'));
      void queryClient.invalidateQueries({ queryKey: [DRILLS_KEY, 'schedules'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('schedule.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'schedule-form-submit' } as Record<string, string>}
    >
      {save.isError && <FormError error={save.error} />}
      <Typography.Paragraph type="secondary">
        {t('schedule.createFor', { org: orgName ?? '—', year })}
      </Typography.Paragraph>
      <Form<ScheduleFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="schedule-form"
        initialValues={{
          plannedDate: defaultDate.year() === year ? defaultDate : dayjs(`${year}-12-01`),
          planIds: [],
          kind: 'tabletop',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="title"
          label={t('schedule.title')}
          rules={[
            { required: true, whitespace: true, message: t('schedule.titleRequired') },
            { max: 200, message: t('common.maxLength', { max: 200 }) },
          ]}
        >
          <Input autoFocus maxLength={200} autoComplete="off" data-testid="schedule-form-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item
              name="plannedDate"
              label={t('schedule.plannedDate')}
              rules={[{ required: true, message: t('schedule.plannedDateRequired') }]}
            >
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} data-testid="schedule-form-date" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="kind" label={t('drills.kind')} rules={[{ required: true }]}>
              <Select options={DRILL_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="planIds"
          label={t('drills.plans')}
          rules={[{ required: true, type: 'array', min: 1, message: t('drills.plansRequired') }]}
        >
          <DrillablePlanSelect orgId={orgId} testId="schedule-form-plans" />
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

interface ScheduleRow extends Schedule {
  monthSpan: number;
}

/** Rows sorted by planned date, each month's first row spanning the month's rows. */
function byMonth(items: readonly Schedule[]): ScheduleRow[] {
  const sorted = [...items].sort(
    (a, b) => a.plannedDate.localeCompare(b.plannedDate) || a.title.localeCompare(b.title),
  );
  return sorted.map((s, i) => {
    const month = s.plannedDate.slice(0, 7);
    if (i > 0 && sorted[i - 1]?.plannedDate.slice(0, 7) === month) return { ...s, monthSpan: 0 };
    let span = 1;
    while (sorted[i + span]?.plannedDate.slice(0, 7) === month) span += 1;
    return { ...s, monthSpan: span };
  });
}

/** 年度演练计划: an organisation's planned drills of one year, by month, with their status. */
export function ScheduleTab() {
  useDrillsLive();
  const { t } = useTranslation(DRILLS_NS);
  const user = useUser();
  const { mayManage, ownOrgOnly } = useDrillManager();
  const [org, setOrg] = useState<{ id: string; name: string | null }>({ id: user.orgId, name: user.orgName });
  const [year, setYear] = useState(dayjs().year());
  const [creating, setCreating] = useState(false);
  const [recording, setRecording] = useState<DrillPrefill | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const list = useSchedules(org.id, year);
  const plans = useOrgPlans(org.id);
  const planTitle = new Map((plans.data?.items ?? []).map((p) => [p.id, p.title]));
  const items = list.data?.items ?? [];
  const rows = byMonth(items);
  const canManage = mayManage(org.id);
  const counts: Record<ScheduleStatus, number> = { planned: 0, done: 0, missed: 0 };
  for (const s of items) counts[s.status] += 1;

  return (
    <div data-testid="schedule-tab">
      <div className="page-toolbar">
        <OrgSelect
          style={{ width: 260 }}
          value={org.id}
          knownLabel={org.name}
          disabled={ownOrgOnly}
          onChange={(id, name) => {
            if (id) setOrg({ id, name: name ?? null });
          }}
          testId="schedule-org"
        />
        <Select<number>
          style={{ width: 120 }}
          value={year}
          onChange={setYear}
          options={yearOptions(true).map((y) => ({ value: y, label: t('common.yearLabel', { year: y }) }))}
          data-testid="schedule-year"
        />
        {items.length > 0 && (
          <Space size={12} data-testid="schedule-summary">
            <Typography.Text type="secondary">{t('schedule.summary', { total: items.length })}</Typography.Text>
            {(['done', 'planned', 'missed'] as const).map((s) => (
              <span key={s}>
                <ScheduleStatusTag status={s} />
                <span className="drills-number">{counts[s]}</span>
              </span>
            ))}
          </Space>
        )}
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="schedule-create"
          >
            {t('schedule.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<ScheduleRow>
        rowKey="id"
        size="middle"
        bordered
        data-testid="schedule-table"
        loading={list.isFetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{
          emptyText: (
            <Empty description={list.isError ? t('common.loadFailed') : t('schedule.empty', { year })}>
              {canManage && !list.isError && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('schedule.create')}
                </Button>
              )}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('schedule.month'),
            key: 'month',
            width: 90,
            onCell: (r) => ({ rowSpan: r.monthSpan }),
            render: (_: unknown, r) => (
              <span className="drills-month-cell">
                {dayjs(r.plannedDate.slice(0, 10)).format(t('schedule.monthFormat'))}
              </span>
            ),
          },
          {
            title: t('schedule.plannedDate'),
            dataIndex: 'plannedDate',
            width: 110,
            render: (d: string) => <span className="drills-number">{d.slice(0, 10)}</span>,
          },
          { title: t('schedule.title'), dataIndex: 'title', width: 240 },
          {
            title: t('drills.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (kind: DrillKind) => <DrillKindTags kind={kind} doubleBlind={false} />,
          },
          {
            title: t('drills.plans'),
            dataIndex: 'planIds',
            render: (ids: string[]) => <PlanTitles titles={ids.map((id) => planTitle.get(id) ?? id)} />,
          },
          {
            title: t('schedule.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: ScheduleStatus) => <ScheduleStatusTag status={s} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, r) =>
              r.drillId ? (
                <Button
                  type="link"
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => setViewing(r.drillId)}
                  data-testid={`schedule-view-${r.id}`}
                >
                  {t('schedule.viewDrill')}
                </Button>
              ) : canManage ? (
                <Button
                  type="link"
                  size="small"
                  icon={<FormOutlined />}
                  onClick={() =>
                    setRecording({
                      orgId: r.orgId,
                      orgName: r.orgName ?? org.name,
                      planIds: r.planIds,
                      kind: r.kind,
                      title: r.title,
                      scheduleId: r.id,
                      date: r.plannedDate.slice(0, 10),
                    })
                  }
                  data-testid={`schedule-record-${r.id}`}
                >
                  {t('drills.create')}
                </Button>
              ) : null,
          },
        ]}
      />
      {creating && (
        <ScheduleFormModal orgId={org.id} orgName={org.name} year={year} onClose={() => setCreating(false)} />
      )}
      {recording && (
        <DrillFormModal prefill={recording} onClose={() => setRecording(null)} onCreated={(d) => setViewing(d.id)} />
      )}
      {viewing && <DrillDrawer drillId={viewing} onClose={() => setViewing(null)} />}
    </div>
  );
}
