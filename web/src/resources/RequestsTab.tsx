import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import {
  CheckOutlined,
  CloseOutlined,
  DeleteOutlined,
  InboxOutlined,
  PlusOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SUPPLY_REQUEST_STATUSES } from '@yingji/contracts';
import { api, errorMessage, type ListResult } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime, usePaging, HiddenSubmit } from '../app/components';
import { RESOURCES_NS } from './i18n';
import {
  RESOURCES_KEY,
  insufficientStock,
  useSupplyRequests,
  type ApproveSupplyRequestBody,
  type CreateSupplyRequestBody,
  type RejectSupplyRequestBody,
  type SupplyItem,
  type SupplyRequest,
  type SupplyRequestStatus,
  type Warehouse,
} from './api';
import { IncidentSelect, ItemSelect, WarehouseSelect, formatQuantity } from './components';

export const REQUEST_STATUS_COLORS: Record<SupplyRequestStatus, string> = {
  pending: 'gold',
  approved: 'green',
  partially_approved: 'cyan',
  rejected: 'red',
  received: 'blue',
};

const QUANTITY_STEP = 0.001;

function isQuantity(v: number | null | undefined): boolean {
  return typeof v === 'number' && v > 0 && Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6;
}

/** Names of warehouses and items for the table (first 200 of each; others show their id / code). */
function useNames() {
  const warehouses = useQuery({
    queryKey: [RESOURCES_KEY, 'warehouses', 'names'],
    queryFn: ({ signal }) => api.get<ListResult<Warehouse>>('/warehouses', { page: 1, pageSize: 200 }, signal),
    placeholderData: keepPreviousData,
  });
  const items = useQuery({
    queryKey: [RESOURCES_KEY, 'items', 'names'],
    queryFn: ({ signal }) => api.get<ListResult<SupplyItem>>('/supplies/items', { page: 1, pageSize: 200 }, signal),
    placeholderData: keepPreviousData,
  });
  const warehouseNames = new Map((warehouses.data?.items ?? []).map((w) => [w.id, w.name]));
  const itemsByCode = new Map((items.data?.items ?? []).map((i) => [i.code, i]));
  return {
    warehouse: (id: string) => warehouseNames.get(id) ?? id,
    item: (code: string) => itemsByCode.get(code),
  };
}

type Names = ReturnType<typeof useNames>;

function LineText({ names, itemCode, quantity }: { names: Names; itemCode: string; quantity: number }) {
  const item = names.item(itemCode);
  return (
    <span>
      {item?.name ?? itemCode} × {formatQuantity(quantity)}
      {item?.unit ? ` ${item.unit}` : ''}
    </span>
  );
}

interface CreateFormValues {
  toWarehouseId?: string;
  incidentId?: string;
  lines: { itemCode?: string; quantity?: number | null }[];
  reason?: string;
}

function CreateRequestModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateFormValues>();
  const create = useMutation({
    mutationFn: (body: CreateSupplyRequestBody) => api.post<SupplyRequest>('/supplies/requests', body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'requests'] });
      message.success(t('requests.createdMessage'));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('requests.create')}
      width={640}
      onCancel={onClose}
      okText={t('requests.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'requests-create-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {create.isError && <FormError error={create.error} />}
      <Form<CreateFormValues>
        form={form}
        layout="vertical"
        data-testid="requests-create-form"
        initialValues={{ lines: [{}] }}
        onFinish={(v) => {
          const reason = v.reason?.trim();
          create.mutate({
            toWarehouseId: v.toWarehouseId ?? '',
            ...(v.incidentId ? { incidentId: v.incidentId } : {}),
            lines: v.lines.map((l) => ({ itemCode: l.itemCode ?? '', quantity: l.quantity ?? 0 })),
            ...(reason ? { reason } : {}),
          });
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="toWarehouseId"
              label={t('requests.toWarehouse')}
              rules={[{ required: true, message: t('requests.toWarehouseRequired') }]}
            >
              <WarehouseSelect testId="requests-to" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="incidentId" label={t('requests.incidentOptional')}>
              <IncidentSelect allowClear testId="requests-incident" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('requests.lines')}</Typography.Text>
        <Form.List
          name="lines"
          rules={[
            {
              validator: (_, lines: unknown[] | undefined) =>
                lines && lines.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('requests.linesRequired'))),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Row gutter={8} key={field.key} align="top">
                  <Col flex="auto">
                    <Form.Item
                      name={[field.name, 'itemCode']}
                      rules={[{ required: true, message: t('movements.itemRequired') }]}
                    >
                      <ItemSelect testId={`requests-line-item-${field.name}`} />
                    </Form.Item>
                  </Col>
                  <Col flex="160px">
                    <Form.Item
                      name={[field.name, 'quantity']}
                      rules={[
                        { required: true, message: t('movements.quantityRequired') },
                        {
                          validator: (_, v: number | null | undefined) =>
                            v === null || v === undefined || isQuantity(v)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('movements.quantityInvalid'))),
                        },
                      ]}
                    >
                      <InputNumber<number>
                        min={QUANTITY_STEP}
                        max={1e12}
                        style={{ width: '100%' }}
                        placeholder={t('movements.quantity')}
                        data-testid={`requests-line-quantity-${field.name}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col flex="40px">
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('requests.removeLine')}
                    />
                  </Col>
                </Row>
              ))}
              <Form.Item>
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  disabled={fields.length >= 50}
                  onClick={() => add({})}
                  data-testid="requests-add-line"
                >
                  {t('requests.addLine')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            </div>
          )}
        </Form.List>
        <Form.Item
          name="reason"
          label={t('requests.reasonOptional')}
          rules={[{ max: 500, message: t('common.maxLength', { max: 500 }) }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="requests-reason" />
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

interface ApproveFormValues {
  lines: { fromWarehouseId?: string; quantity?: number | null }[];
  note?: string;
}

function ApproveModal({ request, names, onClose }: { request: SupplyRequest; names: Names; onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ApproveFormValues>();
  const approve = useMutation({
    mutationFn: (body: ApproveSupplyRequestBody) =>
      api.post<SupplyRequest>(`/supplies/requests/${request.id}/approve`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY] });
      message.success(t('requests.approvedMessage'));
      onClose();
    },
  });
  const short = insufficientStock(approve.error);

  return (
    <Modal
      open
      title={t('requests.approveTitle')}
      width={720}
      onCancel={onClose}
      okText={t('requests.approve')}
      cancelText={t('common.cancel')}
      confirmLoading={approve.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'requests-approve-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {approve.isError && (
        <div data-testid="requests-approve-error">
          <FormError error={approve.error} />
          {short && (
            <Typography.Paragraph type="secondary">
              {short.requested === null
                ? t('movements.available', { available: formatQuantity(short.available), unit: '' })
                : t('movements.availableRequested', {
                    available: formatQuantity(short.available),
                    requested: formatQuantity(short.requested),
                    unit: '',
                  })}
            </Typography.Paragraph>
          )}
        </div>
      )}
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'to', label: t('requests.toWarehouse'), children: names.warehouse(request.toWarehouseId) },
          ...(request.reason ? [{ key: 'reason', label: t('requests.reason'), children: request.reason }] : []),
        ]}
      />
      <Form<ApproveFormValues>
        form={form}
        layout="vertical"
        data-testid="requests-approve-form"
        initialValues={{ lines: request.lines.map((l) => ({ quantity: l.quantity })) }}
        onFinish={(v) => {
          const lines = request.lines.flatMap((l, i) => {
            const line = v.lines[i];
            const quantity = line?.quantity ?? 0;
            return quantity > 0 && line?.fromWarehouseId
              ? [{ itemCode: l.itemCode, quantity, fromWarehouseId: line.fromWarehouseId }]
              : [];
          });
          if (lines.length === 0) {
            void message.error(t('requests.approveNothing'));
            return;
          }
          const note = v.note?.trim();
          approve.mutate({ lines, ...(note ? { note } : {}) });
        }}
      >
        {request.lines.map((l, i) => (
          <Row gutter={8} key={`${l.itemCode}-${i}`} align="top">
            <Col xs={24} sm={8}>
              <Form.Item label={i === 0 ? t('requests.requestedLine') : undefined}>
                <Typography.Text>
                  <LineText names={names} itemCode={l.itemCode} quantity={l.quantity} />
                </Typography.Text>
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item
                name={['lines', i, 'fromWarehouseId']}
                label={i === 0 ? t('requests.fromWarehouse') : undefined}
                dependencies={[['lines', i, 'quantity']]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v: string | undefined) =>
                      v || !((getFieldValue(['lines', i, 'quantity']) as number | null | undefined) ?? 0)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('requests.fromWarehouseRequired'))),
                  }),
                ]}
              >
                <WarehouseSelect excludeId={request.toWarehouseId} testId={`requests-approve-from-${i}`} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={6}>
              <Form.Item
                name={['lines', i, 'quantity']}
                label={i === 0 ? t('requests.approvedQuantity') : undefined}
                rules={[
                  {
                    validator: (_, v: number | null | undefined) =>
                      v === null || v === undefined || v === 0 || (isQuantity(v) && v <= l.quantity)
                        ? Promise.resolve()
                        : Promise.reject(
                            new Error(t('requests.approvedQuantityInvalid', { max: formatQuantity(l.quantity) })),
                          ),
                  },
                ]}
              >
                <InputNumber<number>
                  min={0}
                  max={l.quantity}
                  style={{ width: '100%' }}
                  data-testid={`requests-approve-quantity-${i}`}
                />
              </Form.Item>
            </Col>
          </Row>
        ))}
        <Form.Item
          name="note"
          label={t('requests.noteOptional')}
          rules={[{ max: 500, message: t('common.maxLength', { max: 500 }) }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="requests-approve-note" />
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

interface RejectFormValues {
  note?: string;
}

/** 驳回: a pending request is turned down with a reason the requester sees. */
function RejectModal({ request, names, onClose }: { request: SupplyRequest; names: Names; onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RejectFormValues>();
  const reject = useMutation({
    mutationFn: (body: RejectSupplyRequestBody) =>
      api.post<SupplyRequest>(`/supplies/requests/${request.id}/reject`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'requests'] });
      message.success(t('requests.rejectedMessage'));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('requests.rejectTitle')}
      width={560}
      onCancel={onClose}
      okText={t('requests.reject')}
      okButtonProps={{ danger: true, 'data-testid': 'requests-reject-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={reject.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {reject.isError && <FormError error={reject.error} />}
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'to', label: t('requests.toWarehouse'), children: names.warehouse(request.toWarehouseId) },
          {
            key: 'lines',
            label: t('requests.lines'),
            children: (
              <div className="resources-lines" style={{ display: 'flex', flexDirection: 'column' }}>
                {request.lines.map((l, i) => (
                  <LineText key={`${l.itemCode}-${i}`} names={names} itemCode={l.itemCode} quantity={l.quantity} />
                ))}
              </div>
            ),
          },
          ...(request.reason ? [{ key: 'reason', label: t('requests.reason'), children: request.reason }] : []),
        ]}
      />
      <Form<RejectFormValues>
        form={form}
        layout="vertical"
        data-testid="requests-reject-form"
        onFinish={(v) => reject.mutate({ note: (v.note ?? '').trim() })}
      >
        <Form.Item
          name="note"
          label={t('requests.rejectNote')}
          rules={[
            { required: true, whitespace: true, message: t('requests.rejectNoteRequired') },
            { max: 500, message: t('common.maxLength', { max: 500 }) },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            autoFocus
            placeholder={t('requests.rejectNotePlaceholder')}
            data-testid="requests-reject-note"
          />
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

/** 调拨申请: requests for supplies into a warehouse, their approval from source warehouses and receipt. */
export function RequestsTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const { can, user } = useAuth();
  const queryClient = useQueryClient();
  const canMove = can('supply.move');
  const canManage = can('resource.manage');
  // As the server rules: a request is decided by a level above it, never by the requesting level.
  const mayDecide = (r: SupplyRequest) => canManage && r.divisionCode !== user?.divisionCode;
  const names = useNames();
  const [status, setStatus] = useState<SupplyRequestStatus | undefined>();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [creating, setCreating] = useState(false);
  const [approving, setApproving] = useState<SupplyRequest | null>(null);
  const [rejecting, setRejecting] = useState<SupplyRequest | null>(null);
  const list = useSupplyRequests({ status, page, pageSize });

  const confirm = useMutation({
    mutationFn: (id: string) => api.post<SupplyRequest>(`/supplies/requests/${id}/confirm`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY] });
      message.success(t('requests.receivedMessage'));
    },
    onError: (err) => {
      message.error(errorMessage(err));
    },
  });

  return (
    <>
      <div className="page-toolbar">
        <Select<SupplyRequestStatus>
          allowClear
          style={{ width: 160 }}
          placeholder={t('requests.statusFilter')}
          aria-label={t('requests.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPage(1);
          }}
          options={SUPPLY_REQUEST_STATUSES.map((s) => ({ value: s, label: t(`requestStatuses.${s}`) }))}
          data-testid="requests-status-filter"
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {canMove && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="requests-create"
          >
            {t('requests.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<SupplyRequest>
        rowKey="id"
        size="middle"
        data-testid="requests-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(status ? 'common.noMatch' : 'requests.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('requests.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatTime(v),
          },
          {
            title: t('requests.toWarehouse'),
            dataIndex: 'toWarehouseId',
            width: 180,
            render: (id: string) => names.warehouse(id),
          },
          {
            title: t('requests.lines'),
            dataIndex: 'lines',
            render: (lines: SupplyRequest['lines']) => (
              <div className="resources-lines" style={{ display: 'flex', flexDirection: 'column' }}>
                {lines.map((l, i) => (
                  <LineText key={`${l.itemCode}-${i}`} names={names} itemCode={l.itemCode} quantity={l.quantity} />
                ))}
              </div>
            ),
          },
          {
            title: t('requests.approvedLines'),
            dataIndex: 'approvedLines',
            render: (lines: SupplyRequest['approvedLines']) =>
              lines.length === 0 ? (
                '—'
              ) : (
                <div className="resources-lines" style={{ display: 'flex', flexDirection: 'column' }}>
                  {lines.map((l, i) => (
                    <span key={`${l.itemCode}-${l.fromWarehouseId}-${i}`}>
                      <LineText names={names} itemCode={l.itemCode} quantity={l.quantity} />
                      <Typography.Text type="secondary">
                        {' '}
                        {t('requests.from', { warehouse: names.warehouse(l.fromWarehouseId) })}
                      </Typography.Text>
                    </span>
                  ))}
                </div>
              ),
          },
          {
            title: t('requests.reason'),
            dataIndex: 'reason',
            width: 160,
            render: (v: string | null, r: SupplyRequest) => (
              <span>
                {v ?? '—'}
                {r.decisionNote && (
                  <Typography.Text
                    type={r.status === 'rejected' ? 'danger' : 'secondary'}
                    style={{ display: 'block' }}
                    data-testid={r.status === 'rejected' ? 'requests-reject-reason' : undefined}
                  >
                    {r.status === 'rejected'
                      ? t('requests.rejectReason', { note: r.decisionNote })
                      : t('requests.note', { note: r.decisionNote })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('requests.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: SupplyRequestStatus) => (
              <Tag color={REQUEST_STATUS_COLORS[s]} data-testid="requests-status">
                {t(`requestStatuses.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, r: SupplyRequest) => {
              if (r.status === 'pending' && mayDecide(r)) {
                return (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <Button
                      type="link"
                      size="small"
                      icon={<CheckOutlined />}
                      onClick={() => setApproving(r)}
                      data-testid="requests-approve"
                    >
                      {t('requests.approve')}
                    </Button>
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<CloseOutlined />}
                      onClick={() => setRejecting(r)}
                      data-testid="requests-reject"
                    >
                      {t('requests.reject')}
                    </Button>
                  </span>
                );
              }
              if ((r.status === 'approved' || r.status === 'partially_approved') && canMove) {
                return (
                  <Button
                    type="link"
                    size="small"
                    icon={<InboxOutlined />}
                    loading={confirm.isPending && confirm.variables === r.id}
                    onClick={() => confirm.mutate(r.id)}
                    data-testid="requests-confirm"
                  >
                    {t('requests.confirm')}
                  </Button>
                );
              }
              return '—';
            },
          },
        ]}
      />
      {creating && <CreateRequestModal onClose={() => setCreating(false)} />}
      {approving && <ApproveModal request={approving} names={names} onClose={() => setApproving(null)} />}
      {rejecting && <RejectModal request={rejecting} names={names} onClose={() => setRejecting(null)} />}
    </>
  );
}
