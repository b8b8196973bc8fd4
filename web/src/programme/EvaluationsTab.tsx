import { useState } from 'react';
import {
  App,
  Button,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, EditOutlined, FileAddOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EVALUATION_KINDS, INDICATOR_STATUSES, PROGRAMME_TASK_STATUSES } from '@yingji/contracts';
import { buildUrl } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, HiddenSubmit, formatTime } from '../app/components';
import { PROGRAMME_NS } from './i18n';
import {
  useCreateEvaluation,
  useEvaluations,
  useUpdateEvaluation,
  type EvaluationKind,
  type Programme,
  type ProgrammeEvaluation,
} from './api';
import { INDICATOR_STATUS_HEX, TASK_STATUS_HEX, type RowAttrs } from './components';

/** The report's address as a same-site link. */
function docxHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : buildUrl(url);
}

/** The year an evaluation of this kind looks at by default: the last full year, mid-period, or the end. */
function defaultYear(p: Programme, kind: EvaluationKind): number {
  if (kind === 'final') return p.periodEnd;
  if (kind === 'midterm') return p.periodStart + Math.floor((p.periodEnd - p.periodStart) / 2);
  return Math.min(p.periodEnd, Math.max(p.periodStart, new Date().getFullYear() - 1));
}

interface CreateValues {
  kind: EvaluationKind;
  year: number;
  conclusions: string;
}

function CreateModal({ programme, onClose }: { programme: Programme; onClose: () => void }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateEvaluation(programme.id);
  return (
    <Modal
      open
      title={t('evaluations.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('evaluations.generate')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'evaluation-submit' }}
      destroyOnHidden
      width={640}
    >
      {create.isError && <FormError error={create.error} />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'annual', year: defaultYear(programme, 'annual'), conclusions: '' }}
        onValuesChange={(changed: Partial<CreateValues>) => {
          if (changed.kind) form.setFieldValue('year', defaultYear(programme, changed.kind));
        }}
        onFinish={(v) =>
          create.mutate(
            { kind: v.kind, year: v.year, conclusions: v.conclusions?.trim() ?? '' },
            {
              onSuccess: () => {
                message.success(t('evaluations.created'));
                onClose();
              },
            },
          )
        }
        data-testid="evaluation-form"
      >
        <Space size={16} align="start" wrap>
          <Form.Item name="kind" label={t('evaluations.kind')} rules={[{ required: true }]}>
            <Select<EvaluationKind>
              style={{ width: 200 }}
              options={EVALUATION_KINDS.map((k) => ({ value: k, label: t(`evaluationKinds.${k}`) }))}
              data-testid="evaluation-kind"
            />
          </Form.Item>
          <Form.Item
            name="year"
            label={t('fields.year')}
            rules={[{ required: true, message: t('form.required') }]}
            extra={t('evaluations.yearHelp', { start: programme.periodStart, end: programme.periodEnd })}
          >
            <InputNumber
              min={programme.periodStart}
              max={programme.periodEnd}
              precision={0}
              style={{ width: 110 }}
              data-testid="evaluation-year"
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="conclusions"
          label={t('evaluations.conclusions')}
          rules={[{ max: 20000, message: t('form.maxLength', { max: 20000 }) }]}
          extra={t('evaluations.conclusionsHelp')}
        >
          <Input.TextArea rows={6} />
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

function EditModal({
  programme,
  evaluation,
  onClose,
}: {
  programme: Programme;
  evaluation: ProgrammeEvaluation;
  onClose: () => void;
}) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ conclusions: string; refresh: boolean }>();
  const update = useUpdateEvaluation(programme.id);
  return (
    <Modal
      open
      title={t('evaluations.editTitle', {
        kind: t(`evaluationKinds.${evaluation.kind}`),
        year: evaluation.year,
      })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      okButtonProps={{ 'data-testid': 'evaluation-save' }}
      destroyOnHidden
      width={720}
    >
      {update.isError && <FormError error={update.error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ conclusions: evaluation.conclusions, refresh: false }}
        onFinish={(v) =>
          update.mutate(
            { id: evaluation.id, body: { conclusions: v.conclusions?.trim() ?? '', refresh: v.refresh } },
            {
              onSuccess: () => {
                message.success(t('common.saved'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="conclusions"
          label={t('evaluations.conclusions')}
          rules={[{ max: 20000, message: t('form.maxLength', { max: 20000 }) }]}
        >
          <Input.TextArea rows={12} autoFocus data-testid="evaluation-conclusions" />
        </Form.Item>
        <Form.Item name="refresh" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('evaluations.refresh')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Counts<K extends string>({
  keys,
  counts,
  colors,
  label,
}: {
  keys: readonly K[];
  counts: Partial<Record<K, number>>;
  colors: Record<K, string>;
  label: (k: K) => string;
}) {
  return (
    <span className="programme-status-strip">
      {keys
        .filter((k) => (counts[k] ?? 0) > 0)
        .map((k) => (
          <span key={k}>
            <span className="programme-dot" style={{ background: colors[k] }} />
            {label(k)} {counts[k]}
          </span>
        ))}
    </span>
  );
}

/** 评估: annual monitoring, mid-term and final evaluations, each a .docx with editable conclusions. */
export function EvaluationsTab({ programme }: { programme: Programme }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { can } = useAuth();
  const canManage = can('programme.manage');
  const list = useEvaluations(programme.id);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ProgrammeEvaluation | null>(null);

  return (
    <>
      <div className="page-toolbar">
        <Typography.Text type="secondary">{t('evaluations.help')}</Typography.Text>
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {canManage && (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            onClick={() => setCreating(true)}
            data-testid="evaluation-create"
          >
            {t('evaluations.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<ProgrammeEvaluation>
        rowKey="id"
        size="middle"
        data-testid="evaluations-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        onRow={(r) => {
          const attrs: RowAttrs = { 'data-testid': 'evaluation-row', 'data-kind': r.kind, 'data-year': String(r.year) };
          return attrs;
        }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('evaluations.empty')}>
              {canManage && !list.isError && (
                <Button type="primary" icon={<FileAddOutlined />} onClick={() => setCreating(true)}>
                  {t('evaluations.create')}
                </Button>
              )}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('evaluations.kind'),
            key: 'kind',
            width: 170,
            render: (_: unknown, r: ProgrammeEvaluation) => (
              <Space size={4}>
                <Tag color={r.kind === 'final' ? 'purple' : r.kind === 'midterm' ? 'blue' : 'default'}>
                  {t(`evaluationKinds.${r.kind}`)}
                </Tag>
                <span>{r.year}</span>
              </Space>
            ),
          },
          {
            title: t('evaluations.summary'),
            key: 'summary',
            render: (_: unknown, r: ProgrammeEvaluation) => (
              <Space orientation="vertical" size={2}>
                <span>
                  <Typography.Text type="secondary">{t('tabs.indicators')}：</Typography.Text>
                  <Counts
                    keys={INDICATOR_STATUSES}
                    counts={r.summary.indicators}
                    colors={INDICATOR_STATUS_HEX}
                    label={(k) => t(`indicatorStatus.${k}`)}
                  />
                </span>
                <span>
                  <Typography.Text type="secondary">{t('tabs.tasks')}：</Typography.Text>
                  <Counts
                    keys={PROGRAMME_TASK_STATUSES}
                    counts={r.summary.tasks}
                    colors={TASK_STATUS_HEX}
                    label={(k) => t(`taskStatus.${k}`)}
                  />
                </span>
                {r.summary.lateItems > 0 && (
                  <Typography.Text type="danger">
                    {t('evaluations.lateItems', { count: r.summary.lateItems })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('evaluations.conclusions'),
            dataIndex: 'conclusions',
            width: 280,
            render: (c: string) =>
              c ? (
                <Typography.Paragraph ellipsis={{ rows: 3, tooltip: c }} style={{ marginBottom: 0 }}>
                  {c}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t('evaluations.noConclusions')}</Typography.Text>
              ),
          },
          {
            title: t('evaluations.createdBy'),
            key: 'by',
            width: 170,
            render: (_: unknown, r: ProgrammeEvaluation) => (
              <Space orientation="vertical" size={0}>
                <span>{r.createdBy.name ?? '—'}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(r.updatedAt)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            fixed: 'right',
            render: (_: unknown, r: ProgrammeEvaluation) => (
              <Space size={4} wrap>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  href={docxHref(r.docxUrl)}
                  download
                  data-testid="evaluation-download"
                >
                  {t('evaluations.download')}
                </Button>
                {canManage && (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(r)}
                    data-testid="evaluation-edit"
                  >
                    {t('evaluations.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && <CreateModal programme={programme} onClose={() => setCreating(false)} />}
      {editing && <EditModal programme={programme} evaluation={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
