import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Skeleton,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { RECTIFICATION_PLAN_ELEMENTS } from '@yingji/contracts';
import { ApiError } from '../app/api';
import { useUser } from '../app/auth';
import { ErrorAlert, FormError, formatTime, HiddenSubmit } from '../app/components';
import { RISKS_NS } from './i18n';
import {
  useHazard,
  useTransitionHazard,
  type AttachmentMeta,
  type HazardDetail,
  type HazardState,
  type HazardTransitionBody,
  type RectificationPlan,
} from './api';
import { AttachmentThumbs, formatYuan, HazardLevelTag, HazardStateTag, OverdueTag } from './components';
import { PhotoPicker } from './PhotoPicker';

/** The i18n key of the button that moves a hazard from `from` to `to`. */
function actionKey(from: HazardState, to: HazardState): string {
  if (from === 'plan_submitted' && to === 'assigned') return 'actions.returnPlan';
  if (from === 'write_off_requested' && to === 'rejected') return 'actions.refuseWriteOff';
  return `actions.${to}`;
}

const DANGER_TARGETS: readonly HazardState[] = ['rejected'];

interface TransitionValues {
  note?: string;
  photos?: AttachmentMeta[];
  responsiblePerson?: string;
  responsiblePhone?: string;
  deadline?: Dayjs | null;
  costYuan?: number | null;
  plan?: RectificationPlan;
}

function trimPlan(plan: RectificationPlan | undefined): RectificationPlan {
  const out: RectificationPlan = {};
  for (const key of RECTIFICATION_PLAN_ELEMENTS) {
    const v = plan?.[key]?.trim();
    if (v) out[key] = v;
  }
  return out;
}

/** The form of one transition: a note and photos, plus what that step needs (assignment, the plan). */
function TransitionModal({ hazard, to, onClose }: { hazard: HazardDetail; to: HazardState; onClose: () => void }) {
  const { t } = useTranslation(RISKS_NS);
  const { message } = App.useApp();
  const [form] = Form.useForm<TransitionValues>();
  const [uploading, setUploading] = useState(false);
  const move = useTransitionHazard(hazard.id);
  const assigning = to === 'assigned' && hazard.status === 'reported';
  const planning = to === 'plan_submitted';
  const noteRequired = to === 'rejected' || (hazard.status === 'plan_submitted' && to === 'assigned');

  const submit = (v: TransitionValues) => {
    const body: HazardTransitionBody = {
      to,
      note: v.note?.trim() || undefined,
      attachments: (v.photos ?? []).map((p) => p.id),
    };
    if (assigning) {
      body.responsiblePerson = v.responsiblePerson?.trim() || undefined;
      body.responsiblePhone = v.responsiblePhone?.trim() || undefined;
      body.deadline = v.deadline ? v.deadline.endOf('day').format() : undefined;
      if (v.costYuan !== null && v.costYuan !== undefined) body.costYuan = v.costYuan;
    }
    if (planning) body.plan = trimPlan(v.plan);
    move.mutate(body, {
      onSuccess: () => {
        message.success(t('hazards.moved', { state: t(`states.${to}`) }));
        onClose();
      },
    });
  };

  const incomplete = move.error instanceof ApiError && move.error.code === 'HAZARD_PLAN_INCOMPLETE' ? move.error : null;

  return (
    <Modal
      open
      title={t(actionKey(hazard.status, to))}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        disabled: uploading,
        danger: DANGER_TARGETS.includes(to),
        ...{ 'data-testid': 'transition-submit' },
      }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={move.isPending}
      destroyOnHidden
      width={planning ? 720 : 520}
      className="risk-transition-modal"
    >
      {move.isError && <FormError error={move.error} />}
      {incomplete && <PlanMissing error={incomplete} />}
      <Form<TransitionValues>
        form={form}
        layout="vertical"
        data-testid="transition-form"
        data-to={to}
        onFinish={submit}
        initialValues={{
          responsiblePerson: hazard.responsiblePerson ?? undefined,
          responsiblePhone: hazard.responsiblePhone ?? undefined,
          deadline: hazard.deadline ? dayjs(hazard.deadline) : undefined,
          costYuan: hazard.costYuan ?? undefined,
          plan: hazard.plan ?? {},
          photos: [],
        }}
      >
        {assigning && (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="responsiblePerson"
                label={t('hazards.fields.responsiblePerson')}
                rules={[{ required: true, whitespace: true, message: t('hazards.fields.responsibleRequired') }]}
              >
                <Input maxLength={50} data-testid="transition-responsible" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="responsiblePhone" label={t('hazards.fields.responsiblePhone')}>
                <Input maxLength={30} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="deadline"
                label={t('hazards.fields.deadline')}
                rules={[{ required: true, message: t('hazards.fields.deadlineRequired') }]}
              >
                <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="transition-deadline" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="costYuan" label={t('hazards.fields.costYuan')}>
                <InputNumber<number> min={0} max={1e11} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {planning && (
          <>
            <Typography.Paragraph type="secondary">{t('plan.help')}</Typography.Paragraph>
            {RECTIFICATION_PLAN_ELEMENTS.map((key) => (
              <Form.Item key={key} name={['plan', key]} label={t(`plan.elements.${key}`)}>
                <Input.TextArea
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  maxLength={2000}
                  placeholder={t(`plan.placeholders.${key}`)}
                  data-testid={`plan-${key}`}
                />
              </Form.Item>
            ))}
          </>
        )}
        <Form.Item
          name="note"
          label={t('hazards.fields.note')}
          rules={noteRequired ? [{ required: true, whitespace: true, message: t('hazards.fields.noteRequired') }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="transition-note" />
        </Form.Item>
        <Form.Item name="photos" label={t('hazards.fields.photos')}>
          <PhotoPicker testId="transition-photo" onBusyChange={setUploading} />
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

function PlanMissing({ error }: { error: ApiError }) {
  const { t } = useTranslation(RISKS_NS);
  const details = error.details as { missing?: unknown } | undefined;
  const missing = Array.isArray(details?.missing) ? details.missing.filter((m) => typeof m === 'string') : [];
  if (missing.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('plan.missing', { list: missing.map((m) => t(`plan.elements.${m}`)).join('、') })}
    />
  );
}

/** The five-element rectification plan of a major hazard, with the elements still missing marked. */
function PlanCard({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation(RISKS_NS);
  const plan = hazard.plan ?? {};
  const missing = RECTIFICATION_PLAN_ELEMENTS.filter((k) => !plan[k]?.trim());
  return (
    <Card size="small" title={t('plan.title')} className="risk-section" data-testid="hazard-plan">
      {!hazard.plan ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.none')} />
      ) : (
        <>
          {missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('plan.missing', { list: missing.map((m) => t(`plan.elements.${m}`)).join('、') })}
            />
          )}
          <Descriptions column={1} size="small" bordered>
            {RECTIFICATION_PLAN_ELEMENTS.map((key) => (
              <Descriptions.Item key={key} label={t(`plan.elements.${key}`)}>
                <span className="risk-pre">{plan[key] || '—'}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      )}
    </Card>
  );
}

function HazardTimeline({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation(RISKS_NS);
  return (
    <Timeline
      data-testid="hazard-timeline"
      items={hazard.transitions.map((tr) => ({
        key: tr.id,
        color: tr.to === 'rejected' ? 'red' : tr.to === 'closed' || tr.to === 'written_off' ? 'green' : 'blue',
        content: (
          <div className="risk-timeline-item" data-testid="timeline-entry" data-to={tr.to} data-from={tr.from ?? ''}>
            <Space size={4} wrap>
              <HazardStateTag state={tr.to} />
              <Typography.Text strong data-testid="timeline-actor">
                {tr.actor.name}
              </Typography.Text>
              <Typography.Text type="secondary">{formatTime(tr.at)}</Typography.Text>
            </Space>
            {tr.from && (
              <div>
                <Typography.Text type="secondary">
                  {t('hazards.fromTo', { from: t(`states.${tr.from}`), to: t(`states.${tr.to}`) })}
                </Typography.Text>
              </div>
            )}
            {tr.note && <div className="risk-pre risk-timeline-note">{tr.note}</div>}
            <AttachmentThumbs items={tr.attachments} size={64} />
          </div>
        ),
      }))}
    />
  );
}

/** 隐患详情: facts, photos, the rectification plan, the transition timeline and the steps the user may take now. */
export default function HazardDetailPage() {
  const { t } = useTranslation(RISKS_NS);
  const { id } = useParams<{ id: string }>();
  const hazard = useHazard(id);
  const [moving, setMoving] = useState<HazardState | null>(null);
  const user = useUser();

  if (hazard.isPending) return <Skeleton active />;
  if (hazard.isError) return <ErrorAlert error={hazard.error} onRetry={() => void hazard.refetch()} />;
  const h = hazard.data;
  // Whoever rectified a hazard may not verify it (the server refuses; the buttons say why beforehand).
  const isRectifier = h.transitions.some(
    (tr) => (tr.to === 'rectifying' || tr.to === 'pending_verification') && tr.actor.id === user.id,
  );

  return (
    <div className="risk-hazard-detail" data-testid="hazard-detail" data-status={h.status} data-id={h.id}>
      <Card
        className="risk-section"
        title={
          <span className="risk-card-title">
            <Link to="/risks/hazards" aria-label={t('common.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span className="risk-card-title-text">{h.title}</span>
          </span>
        }
      >
        <Space size={4} wrap className="risk-hazard-tags">
          <HazardStateTag state={h.status} />
          <HazardLevelTag level={h.level} />
          {h.overdue && <OverdueTag />}
        </Space>
        {h.allowedTransitions.length > 0 ? (
          <div className="risk-actions" data-testid="hazard-actions">
            {h.allowedTransitions.map((to) => {
              const ownWork = isRectifier && h.status === 'pending_verification';
              return (
                <Button
                  key={to}
                  size="large"
                  type={DANGER_TARGETS.includes(to) ? 'default' : 'primary'}
                  danger={DANGER_TARGETS.includes(to)}
                  disabled={ownWork}
                  title={ownWork ? t('hazards.verifierIsRectifier') : undefined}
                  onClick={() => setMoving(to)}
                  data-testid={`transition-${to}`}
                >
                  {t(actionKey(h.status, to))}
                </Button>
              );
            })}
            {isRectifier && h.status === 'pending_verification' && (
              <Typography.Text type="secondary" data-testid="hazard-own-rectification">
                {t('hazards.verifierIsRectifier')}
              </Typography.Text>
            )}
          </div>
        ) : (
          <Typography.Text type="secondary" data-testid="hazard-no-actions">
            {t('hazards.noActions')}
          </Typography.Text>
        )}
        <Descriptions
          column={{ xs: 1, sm: 2, lg: 3 }}
          size="small"
          style={{ marginTop: 16 }}
          data-testid="hazard-facts"
        >
          <Descriptions.Item label={t('fields.org')}>{h.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('fields.division')}>{h.divisionName ?? h.divisionCode}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.category')}>{t(`categories.${h.category}`)}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.source')}>{t(`sources.${h.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.riskPoint')}>{h.riskPointName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.address')}>{h.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.responsiblePerson')}>
            {h.responsiblePerson ?? '—'}
            {h.responsiblePhone ? ` ${h.responsiblePhone}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.deadline')}>
            <span className={h.overdue ? 'risk-overdue-text' : undefined}>{formatTime(h.deadline)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.costYuan')}>{formatYuan(h.costYuan)}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.reportedBy')}>
            {h.reportedBy.name} · {formatTime(h.reportedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('hazards.fields.closedAt')}>{formatTime(h.closedAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph className="risk-pre" style={{ marginTop: 8 }} data-testid="hazard-description">
          {h.description}
        </Typography.Paragraph>
        <AttachmentThumbs
          items={h.transitions.find((tr) => tr.from === null)?.attachments ?? h.attachments}
          size={96}
        />
      </Card>
      {(h.level === 'major' || h.plan) && <PlanCard hazard={h} />}
      <Card size="small" title={t('hazards.timeline')} className="risk-section">
        <HazardTimeline hazard={h} />
      </Card>
      {moving && <TransitionModal hazard={h} to={moving} onClose={() => setMoving(null)} />}
    </div>
  );
}
