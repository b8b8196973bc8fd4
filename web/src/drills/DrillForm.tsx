import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  App,
  Alert,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DRILL_KINDS } from '@yingji/contracts';
import { api } from '../app/api';
import { useUser } from '../app/auth';
import { FormError } from '../app/components';
import { DRILLS_NS } from './i18n';
import { DRILLS_KEY, type CreateDrillBody, type Drill, type DrillKind, type FollowUp } from './api';
import { DATE_FORMAT, DrillablePlanSelect, HiddenSubmit, OrgSelect, isFuture, useDrillManager } from './components';

/** What a drill form starts with when it records a planned drill (年度计划) or a drill of a given organisation. */
export interface DrillPrefill {
  orgId: string;
  orgName?: string | null;
  planIds?: string[];
  kind?: DrillKind;
  title?: string;
  scheduleId?: string;
  /** Planned date; used as the drill date when it is not in the future. */
  date?: string;
}

export interface FollowUpFormValue {
  action?: string;
  owner?: string;
  dueDate?: Dayjs | null;
  done?: boolean;
}

interface DrillFormValues {
  orgId?: string;
  planIds: string[];
  date?: Dayjs | null;
  kind: DrillKind;
  doubleBlind: boolean;
  title?: string;
  participants?: number | null;
  evaluation?: string;
  score?: number | null;
  problems?: (string | undefined)[];
  followUps?: FollowUpFormValue[];
}

/** Problems as the server takes them: trimmed, blanks dropped. */
export function cleanProblems(list: (string | undefined)[] | undefined): string[] {
  return (list ?? []).map((p) => (p ?? '').trim()).filter((p) => p.length > 0);
}

export function toFollowUps(list: FollowUpFormValue[] | undefined): FollowUp[] {
  return (list ?? []).map((f) => ({
    action: (f.action ?? '').trim(),
    owner: (f.owner ?? '').trim(),
    dueDate: f.dueDate ? f.dueDate.format(DATE_FORMAT) : '',
    done: !!f.done,
  }));
}

export function fromFollowUps(list: readonly FollowUp[]): FollowUpFormValue[] {
  return list.map((f) => ({ action: f.action, owner: f.owner, dueDate: dayjs(f.dueDate), done: f.done }));
}

/** The problems (存在问题) list of a drill form. */
export function ProblemsField() {
  const { t } = useTranslation(DRILLS_NS);
  return (
    <Form.List name="problems">
      {(fields, { add, remove }) => (
        <div data-testid="drill-problems">
          <Typography.Text strong>{t('drills.problems')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            {fields.map((field, i) => (
              <Row gutter={8} key={field.key} align="top" wrap={false}>
                <Col flex="auto">
                  <Form.Item
                    name={field.name}
                    rules={[{ max: 500, message: t('common.maxLength', { max: 500 }) }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input
                      maxLength={500}
                      prefix={<Typography.Text type="secondary">{i + 1}.</Typography.Text>}
                      placeholder={t('drills.problemPlaceholder')}
                      data-testid={`drill-problem-${field.name}`}
                    />
                  </Form.Item>
                </Col>
                <Col flex="32px">
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('drills.removeProblem')}
                  />
                </Col>
              </Row>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              disabled={fields.length >= 50}
              onClick={() => add('')}
              style={{ marginBottom: 16 }}
              data-testid="drill-add-problem"
            >
              {t('drills.addProblem')}
            </Button>
          </div>
        </div>
      )}
    </Form.List>
  );
}

/** The follow-up actions (整改措施) list of a drill form: action, owner, due date, done. */
export function FollowUpsField() {
  const { t } = useTranslation(DRILLS_NS);
  return (
    <Form.List name="followUps">
      {(fields, { add, remove }) => (
        <div data-testid="drill-followups">
          <Typography.Text strong>{t('drills.followUps')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Row gutter={8} key={field.key} align="top" wrap={false}>
                <Col flex="auto">
                  <Form.Item
                    name={[field.name, 'action']}
                    rules={[
                      { required: true, whitespace: true, message: t('drills.followUpActionRequired') },
                      { max: 500, message: t('common.maxLength', { max: 500 }) },
                    ]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input
                      maxLength={500}
                      placeholder={t('drills.followUpAction')}
                      aria-label={t('drills.followUpAction')}
                      data-testid={`drill-followup-action-${field.name}`}
                    />
                  </Form.Item>
                </Col>
                <Col flex="130px">
                  <Form.Item
                    name={[field.name, 'owner']}
                    rules={[
                      { required: true, whitespace: true, message: t('drills.followUpOwnerRequired') },
                      { max: 100, message: t('common.maxLength', { max: 100 }) },
                    ]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input
                      maxLength={100}
                      placeholder={t('drills.followUpOwner')}
                      aria-label={t('drills.followUpOwner')}
                      data-testid={`drill-followup-owner-${field.name}`}
                    />
                  </Form.Item>
                </Col>
                <Col flex="140px">
                  <Form.Item
                    name={[field.name, 'dueDate']}
                    rules={[{ required: true, message: t('drills.followUpDueRequired') }]}
                    style={{ marginBottom: 8 }}
                  >
                    <DatePicker
                      format={DATE_FORMAT}
                      style={{ width: '100%' }}
                      placeholder={t('drills.followUpDue')}
                      aria-label={t('drills.followUpDue')}
                      data-testid={`drill-followup-due-${field.name}`}
                    />
                  </Form.Item>
                </Col>
                <Col flex="none">
                  <Form.Item name={[field.name, 'done']} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox
                      style={{ whiteSpace: 'nowrap', paddingTop: 5 }}
                      data-testid={`drill-followup-done-${field.name}`}
                    >
                      {t('drills.followUpDone')}
                    </Checkbox>
                  </Form.Item>
                </Col>
                <Col flex="32px">
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('drills.removeFollowUp')}
                  />
                </Col>
              </Row>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              disabled={fields.length >= 50}
              onClick={() => add({ done: false })}
              data-testid="drill-add-followup"
            >
              {t('drills.addFollowUp')}
            </Button>
          </div>
        </div>
      )}
    </Form.List>
  );
}

/** 录入演练: records a drill (`POST /api/v1/drills`), optionally against a planned drill of the year plan. */
export function DrillFormModal({
  prefill,
  onClose,
  onCreated,
}: {
  prefill?: DrillPrefill;
  onClose: () => void;
  onCreated?: (drill: Drill) => void;
}) {
  const { t } = useTranslation(DRILLS_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const user = useUser();
  const { ownOrgOnly } = useDrillManager();
  const [form] = Form.useForm<DrillFormValues>();
  const orgId = Form.useWatch('orgId', form);

  const initialOrgId = prefill?.orgId ?? user.orgId;
  const initialOrgName = prefill ? (prefill.orgName ?? null) : user.orgName;
  const plannedDate = prefill?.date ? dayjs(prefill.date) : null;

  const save = useMutation({
    mutationFn: (v: DrillFormValues) => {
      const title = v.title?.trim();
      const evaluation = v.evaluation?.trim();
      const body: CreateDrillBody = {
        orgId: v.orgId ?? '',
        planIds: v.planIds,
        date: v.date ? v.date.format(DATE_FORMAT) : '',
        kind: v.kind,
        doubleBlind: v.doubleBlind,
        ...(title ? { title } : {}),
        ...(typeof v.participants === 'number' ? { participants: v.participants } : {}),
        ...(evaluation ? { evaluation } : {}),
        ...(typeof v.score === 'number' ? { score: v.score } : {}),
        problems: cleanProblems(v.problems),
        followUps: toFollowUps(v.followUps),
        ...(prefill?.scheduleId ? { scheduleId: prefill.scheduleId } : {}),
      };
      return api.post<Drill>('/drills', body);
    },
    onSuccess: (drill) => {
      message.success(t('drills.created'));
      void queryClient.invalidateQueries({ queryKey: [DRILLS_KEY] });
      onCreated?.(drill);
      onClose();
    },
  });

  return (
    <Modal
      open
      title={prefill?.scheduleId ? t('drills.createFromSchedule') : t('drills.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={760}
      okButtonProps={{ 'data-testid': 'drill-form-submit' } as Record<string, string>}
    >
      {prefill?.scheduleId && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('drills.fromScheduleHint')} />
      )}
      {save.isError && <FormError error={save.error} />}
      <Form<DrillFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="drill-form"
        initialValues={{
          orgId: initialOrgId,
          planIds: prefill?.planIds ?? [],
          date: plannedDate && !isFuture(plannedDate) ? plannedDate : dayjs(),
          kind: prefill?.kind ?? 'tabletop',
          doubleBlind: false,
          title: prefill?.title,
          problems: [],
          followUps: [],
        }}
        onValuesChange={(changed: Partial<DrillFormValues>) => {
          if ('orgId' in changed) form.setFieldValue('planIds', []);
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="orgId"
              label={t('drills.org')}
              rules={[{ required: true, message: t('drills.orgRequired') }]}
            >
              <OrgSelect
                knownLabel={initialOrgName}
                disabled={ownOrgOnly || !!prefill?.scheduleId}
                testId="drill-form-org"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="date"
              label={t('drills.date')}
              rules={[{ required: true, message: t('drills.dateRequired') }]}
              extra={plannedDate && isFuture(plannedDate) ? t('drills.plannedFor', { date: prefill?.date }) : undefined}
            >
              <DatePicker
                format={DATE_FORMAT}
                disabledDate={isFuture}
                style={{ width: '100%' }}
                data-testid="drill-form-date"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="kind" label={t('drills.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="drill-form-kind"
                options={DRILL_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="planIds"
          label={t('drills.plans')}
          extra={t('drills.plansHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('drills.plansRequired') }]}
        >
          <DrillablePlanSelect orgId={orgId} testId="drill-form-plans" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="title"
              label={t('drills.title')}
              rules={[{ max: 200, message: t('common.maxLength', { max: 200 }) }]}
            >
              <Input maxLength={200} placeholder={t('drills.titlePlaceholder')} data-testid="drill-form-title" />
            </Form.Item>
          </Col>
          <Col xs={8} sm={4}>
            <Form.Item name="participants" label={t('drills.participants')}>
              <InputNumber<number>
                min={0}
                max={1_000_000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="drill-form-participants"
              />
            </Form.Item>
          </Col>
          <Col xs={8} sm={4}>
            <Form.Item name="score" label={t('drills.score')}>
              <InputNumber<number>
                min={0}
                max={100}
                precision={0}
                style={{ width: '100%' }}
                data-testid="drill-form-score"
              />
            </Form.Item>
          </Col>
          <Col xs={8} sm={4}>
            <Form.Item name="doubleBlind" label={t('drills.doubleBlind')} valuePropName="checked">
              <Switch data-testid="drill-form-double-blind" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="evaluation"
          label={t('drills.evaluation')}
          rules={[{ max: 4000, message: t('common.maxLength', { max: 4000 }) }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={4000}
            placeholder={t('drills.evaluationPlaceholder')}
            data-testid="drill-form-evaluation"
          />
        </Form.Item>
        <ProblemsField />
        <FollowUpsField />
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}
