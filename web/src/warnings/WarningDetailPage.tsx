import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Space,
  Spin,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  EditOutlined,
  FileTextOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useAuth, useUser } from '../app/auth';
import { ErrorAlert, FormError, formatTime, HiddenSubmit } from '../app/components';
import { WARNINGS_NS } from './i18n';
import {
  capUrl,
  useApproveWarning,
  useCancelWarning,
  useSubmitWarning,
  useWarning,
  type Warning,
  type WarningMessage,
} from './api';
import { LevelTag, levelColour, StatusTag, useHazardLabel } from './components';
import { DeliveryPanel } from './DeliveryPanel';
import { fromGeoJsonPolygon, WarningMap } from './WarningMap';
import './warnings.css';

function isIssued(w: Warning): boolean {
  return w.status === 'published' || w.status === 'updated' || w.messages.some((m) => m.direction === 'out');
}

/** The workflow buttons the current user may use on the warning. */
function WorkflowActions({ warning }: { warning: Warning }) {
  const { t } = useTranslation(WARNINGS_NS);
  const { can } = useAuth();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const submit = useSubmitWarning();
  const approve = useApproveWarning();
  const cancel = useCancelWarning();
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const s = warning.status;
  const canManage = can('warning.manage');
  const isDrafter = warning.createdBy === user.id;
  const issued = s === 'published' || s === 'updated';

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await fn();
      void message.success(done);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };

  const approveButton = (
    <Button
      type="primary"
      icon={<CheckCircleOutlined />}
      disabled={isDrafter || !can('warning.approve')}
      loading={approve.isPending}
      data-testid="warning-approve"
    >
      {t('actions.approve')}
    </Button>
  );

  return (
    <>
      <Space wrap data-testid="warning-actions">
        {canManage && s === 'draft' && (
          <Button
            icon={<EditOutlined />}
            onClick={() => navigate(`/warnings/${warning.id}/edit`)}
            data-testid="warning-edit"
          >
            {t('actions.edit')}
          </Button>
        )}
        {canManage && s === 'draft' && (
          <Popconfirm
            title={t('actions.submitConfirm')}
            onConfirm={() => run(() => submit.mutateAsync(warning.id), t('actions.submitted'))}
          >
            <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} data-testid="warning-submit">
              {t('actions.submit')}
            </Button>
          </Popconfirm>
        )}
        {s === 'pending_approval' &&
          (isDrafter || !can('warning.approve') ? (
            <Tooltip title={isDrafter ? t('actions.selfApproval') : t('actions.noApprovePermission')}>
              <span data-testid="warning-approve-disabled">{approveButton}</span>
            </Tooltip>
          ) : (
            <Popconfirm
              title={t('actions.approveConfirm')}
              onConfirm={() => run(() => approve.mutateAsync(warning.id), t('actions.approved'))}
            >
              {approveButton}
            </Popconfirm>
          ))}
        {canManage && issued && (
          <Button
            icon={<EditOutlined />}
            onClick={() => navigate(`/warnings/${warning.id}/edit`)}
            data-testid="warning-update"
          >
            {t('actions.update')}
          </Button>
        )}
        {canManage && (s === 'draft' || s === 'pending_approval' || issued) && (
          <Button danger icon={<StopOutlined />} onClick={() => setCancelOpen(true)} data-testid="warning-cancel">
            {issued ? t('actions.cancel') : t('actions.withdraw')}
          </Button>
        )}
      </Space>
      {s === 'pending_approval' && isDrafter && (
        <Typography.Paragraph
          type="secondary"
          style={{ marginTop: 8, marginBottom: 0 }}
          data-testid="self-approval-note"
        >
          {t('actions.selfApproval')}
        </Typography.Paragraph>
      )}
      {error !== null && (
        <div style={{ marginTop: 12 }}>
          <FormError error={error} />
        </div>
      )}
      <Modal
        open={cancelOpen}
        title={issued ? t('actions.cancelTitle') : t('actions.withdraw')}
        okText={issued ? t('actions.cancel') : t('actions.withdraw')}
        okButtonProps={{ danger: true, loading: cancel.isPending, 'data-testid': 'warning-cancel-ok' }}
        cancelText={t('common.cancel')}
        onCancel={() => setCancelOpen(false)}
        onOk={() =>
          void run(
            () => cancel.mutateAsync({ id: warning.id, reason: reason.trim() || undefined }),
            t('actions.cancelled'),
          ).then((ok) => ok && setCancelOpen(false))
        }
        destroyOnHidden
      >
        <Form
          layout="vertical"
          onFinish={() =>
            void run(
              () => cancel.mutateAsync({ id: warning.id, reason: reason.trim() || undefined }),
              t('actions.cancelled'),
            ).then((ok) => ok && setCancelOpen(false))
          }
        >
          <Typography.Paragraph type="secondary">
            {issued ? t('actions.cancelHint') : t('actions.withdrawConfirm')}
          </Typography.Paragraph>
          <Form.Item label={t('actions.cancelReason')}>
            <Input.TextArea
              rows={2}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="warning-cancel-reason"
            />
          </Form.Item>
          <HiddenSubmit />
        </Form>
      </Modal>
    </>
  );
}

function MessagesCard({ warning }: { warning: Warning }) {
  const { t } = useTranslation(WARNINGS_NS);
  const url = capUrl(warning.id);
  const hasOut = warning.messages.some((m) => m.direction === 'out');
  return (
    <Card
      size="small"
      title={t('detail.messages')}
      data-testid="warning-messages"
      extra={
        <a href={url} target="_blank" rel="noreferrer" data-testid="warning-cap-link">
          <FileTextOutlined /> {hasOut ? t('detail.capLink') : t('detail.previewCap')}
        </a>
      }
    >
      {warning.messages.length === 0 ? (
        <Typography.Text type="secondary">{t('detail.noMessages')}</Typography.Text>
      ) : (
        <Table<WarningMessage>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={warning.messages}
          scroll={{ x: 560 }}
          columns={[
            { title: t('detail.msgType'), dataIndex: 'msgType', render: (m: string) => t(`msgTypes.${m}`) },
            {
              title: t('detail.direction'),
              dataIndex: 'direction',
              render: (d: string) => (d === 'in' ? t('detail.directionIn') : t('detail.directionOut')),
            },
            {
              title: t('detail.identifier'),
              dataIndex: 'identifier',
              render: (v: string) => <Typography.Text className="hash-text">{v}</Typography.Text>,
            },
            { title: t('detail.sent'), dataIndex: 'sent', render: (v: string) => formatTime(v) },
            {
              title: t('detail.references'),
              dataIndex: 'references',
              ellipsis: true,
              render: (v: string | null) => (v ? <span title={v}>{v.split(' ').length}</span> : '—'),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** 预警详情: the fields, the area on the map, the workflow, the CAP messages and the dissemination. */
export default function WarningDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(WARNINGS_NS);
  const hazardLabel = useHazardLabel();
  const query = useWarning(id);

  if (query.isPending) return <Spin size="large" className="page-spin" />;
  if (query.isError)
    return (
      <Card>
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        <Link to="/warnings">{t('common.back')}</Link>
      </Card>
    );
  const w = query.data;
  const c = levelColour(w.level);
  const issued = isIssued(w);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="warning-detail" data-status={w.status}>
      <Card
        className="warning-detail-head"
        style={{ borderTop: `4px solid ${c.bg}` }}
        title={
          <Space wrap>
            <Link to="/warnings" aria-label={t('common.back')}>
              <ArrowLeftOutlined />
            </Link>
            <LevelTag level={w.level} />
            <span data-testid="warning-headline-text">{w.headline}</span>
            <StatusTag status={w.status} />
          </Space>
        }
      >
        {w.source && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={w.status === 'draft' ? t('detail.readyToForward') : t('detail.source')}
            description={t('detail.sourceText', {
              sender: w.source.sender,
              identifier: w.source.identifier,
              sent: formatTime(w.source.sent),
            })}
            data-testid="warning-source"
          />
        )}
        <WorkflowActions warning={w} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('detail.hazard')}>{hazardLabel(w.hazardType)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.level')}>
                <LevelTag level={w.level} />
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.event')}>{w.event}</Descriptions.Item>
              <Descriptions.Item label={t('detail.status')}>
                <StatusTag status={w.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.area')} span={2}>
                <span data-testid="warning-area">{w.areaDesc}</span>{' '}
                <Typography.Text type="secondary" className="hash-text">
                  {w.divisionCodes.join(', ')}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.onset')}>
                <span className="nowrap">{formatTime(w.onset)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.expires')}>
                <span className="nowrap">{formatTime(w.expires)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.org')}>{w.orgName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.polygon')}>
                {w.polygon
                  ? t('detail.polygonYes', { count: Math.max(0, (w.polygon.coordinates[0]?.length ?? 1) - 1) })
                  : t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.createdAt')}>
                <span className="nowrap">{formatTime(w.createdAt)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.publishedAt')}>
                <span className="nowrap">{formatTime(w.publishedAt)}</span>
              </Descriptions.Item>
              {w.cancelledAt && (
                <Descriptions.Item label={t('detail.cancelledAt')} span={2}>
                  {formatTime(w.cancelledAt)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('detail.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {w.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.instruction')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {w.instruction}
                </Typography.Paragraph>
              </Descriptions.Item>
              {(w.headlineEn || w.descriptionEn || w.instructionEn) && (
                <Descriptions.Item label={t('detail.english')} span={2}>
                  <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                    {w.headlineEn}
                  </Typography.Paragraph>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                    {w.descriptionEn}
                  </Typography.Paragraph>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                    {w.instructionEn}
                  </Typography.Paragraph>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <WarningMap
            divisionCodes={w.divisionCodes}
            polygon={fromGeoJsonPolygon(w.polygon)}
            colour={c.bg}
            height={380}
            testId="warning-detail-map"
          />
        </Col>
      </Row>
      <DeliveryPanel warningId={w.id} issued={issued} />
      <MessagesCard warning={w} />
    </Space>
  );
}
