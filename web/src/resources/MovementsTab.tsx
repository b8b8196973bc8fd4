import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MOVEMENT_KINDS } from '@yingji/contracts';
import { ApiError, api, type ListResult } from '../app/api';
import { useAuth } from '../app/auth';
import { FormError, formatTime } from '../app/components';
import { OrgSelect } from '../admin/OrgSelect';
import { RESOURCES_NS } from './i18n';
import {
  RESOURCES_KEY,
  insufficientStock,
  movementProblems,
  type Balance,
  type MovementBody,
  type MovementKind,
  type MovementResult,
  type SupplyItem,
} from './api';
import { IncidentSelect, ItemSelect, WarehouseSelect, formatQuantity } from './components';
import { ExpiryTag } from './StockTab';

type Direction = 'in' | 'out';

interface MovementFormValues {
  kind: MovementKind;
  direction: Direction;
  itemCode?: string;
  quantity?: number | null;
  fromWarehouseId?: string;
  toWarehouseId?: string;
  incidentId?: string;
  toOrgId?: string;
  batch?: string;
  expiresOn?: Dayjs | null;
  reason?: string;
}

/** Which fields a kind of movement takes (mirrors the server's ledger rules). */
function shapeOf(kind: MovementKind, direction: Direction) {
  const adjustIn = kind === 'adjustment' && direction === 'in';
  const adjustOut = kind === 'adjustment' && direction === 'out';
  return {
    from: kind === 'issue' || kind === 'transfer' || kind === 'write_off' || adjustOut,
    to: kind === 'receipt' || kind === 'return' || kind === 'transfer' || adjustIn,
    recipient: kind === 'issue',
    expiry: kind === 'receipt' || kind === 'return' || adjustIn,
    reasonRequired: kind === 'adjustment' || kind === 'write_off',
  };
}

function toBody(v: MovementFormValues): MovementBody {
  const s = shapeOf(v.kind, v.direction);
  const batch = v.batch?.trim();
  const reason = v.reason?.trim();
  return {
    kind: v.kind,
    itemCode: v.itemCode ?? '',
    quantity: v.quantity ?? 0,
    ...(s.from && v.fromWarehouseId ? { fromWarehouseId: v.fromWarehouseId } : {}),
    ...(s.to && v.toWarehouseId ? { toWarehouseId: v.toWarehouseId } : {}),
    ...(s.recipient && v.incidentId ? { incidentId: v.incidentId } : {}),
    ...(s.recipient && v.toOrgId ? { toOrgId: v.toOrgId } : {}),
    ...(batch ? { batch } : {}),
    ...(s.expiry && v.expiresOn ? { expiresOn: v.expiresOn.format('YYYY-MM-DD') } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** Errors of a movement: 409 with the available quantity, 400 with the missing fields, else the server's message. */
function MovementError({ error, unit }: { error: unknown; unit: string }) {
  const { t } = useTranslation(RESOURCES_NS);
  const short = insufficientStock(error);
  const problems = movementProblems(error);
  const message = error instanceof ApiError ? error.message : undefined;
  if (short) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="movement-insufficient"
        title={message}
        description={
          short.requested === null
            ? t('movements.available', { available: formatQuantity(short.available), unit })
            : t('movements.availableRequested', {
                available: formatQuantity(short.available),
                requested: formatQuantity(short.requested),
                unit,
              })
        }
      />
    );
  }
  if (problems.length > 0) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="movement-invalid"
        title={message}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {problems.map((p) => (
              <li key={p}>{t(`problems.${p}`, { defaultValue: p })}</li>
            ))}
          </ul>
        }
      />
    );
  }
  return <FormError error={error} />;
}

function BalancesTable({ balances }: { balances: Balance[] }) {
  const { t } = useTranslation(RESOURCES_NS);
  return (
    <Table<Balance>
      size="small"
      rowKey={(r) => `${r.warehouseId}|${r.itemCode}|${r.batch}`}
      dataSource={balances}
      pagination={false}
      data-testid="movement-balances"
      locale={{ emptyText: <Empty description={t('movements.noBalances')} /> }}
      columns={[
        {
          title: t('stock.warehouse'),
          dataIndex: 'warehouseName',
          render: (n: string | null, r) => n ?? r.warehouseId,
        },
        {
          title: t('stock.batch'),
          dataIndex: 'batch',
          render: (b: string) => b || <Typography.Text type="secondary">{t('stock.noBatch')}</Typography.Text>,
        },
        {
          title: t('stock.expiresOn'),
          dataIndex: 'expiresOn',
          render: (v: string | null) => <ExpiryTag expiresOn={v} />,
        },
        {
          title: t('movements.balanceAfter'),
          dataIndex: 'quantity',
          align: 'right',
          render: (q: number, r) => (
            <span className="resources-quantity">
              <Typography.Text strong>{formatQuantity(q)}</Typography.Text> {r.unit ?? ''}
            </span>
          ),
        },
      ]}
    />
  );
}

function ResultCard({
  result,
  unit,
  onReceived,
}: {
  result: MovementResult;
  unit: string;
  onReceived: (r: MovementResult) => void;
}) {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const m = result.movement;
  const receive = useMutation({
    mutationFn: () => api.post<MovementResult>(`/supplies/movements/${m.id}/receive`),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'stock'] });
      onReceived(r);
    },
  });
  const itemName = result.balances.find((b) => b.itemCode === m.itemCode)?.itemName;
  const shownUnit = result.balances.find((b) => b.unit)?.unit ?? unit;
  return (
    <Card
      size="small"
      title={t('movements.resultTitle')}
      data-testid="movement-result"
      extra={
        <Tag color={m.status === 'in_transit' ? 'orange' : 'green'} data-testid="movement-status">
          {t(`movementStatuses.${m.status}`)}
        </Tag>
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'kind', label: t('movements.kind'), children: t(`movementKinds.${m.kind}`) },
          {
            key: 'item',
            label: t('movements.item'),
            children: (
              <span>
                {itemName ?? m.itemCode}{' '}
                <Typography.Text type="secondary" className="hash-text">
                  {m.itemCode}
                </Typography.Text>
              </span>
            ),
          },
          {
            key: 'quantity',
            label: t('movements.quantity'),
            children: `${formatQuantity(m.quantity)} ${shownUnit}`,
          },
          ...(m.batch ? [{ key: 'batch', label: t('stock.batch'), children: m.batch }] : []),
          ...(m.reason ? [{ key: 'reason', label: t('movements.reason'), children: m.reason }] : []),
          { key: 'at', label: t('movements.recordedAt'), children: formatTime(m.createdAt) },
          ...(m.receivedAt
            ? [{ key: 'received', label: t('movements.receivedAt'), children: formatTime(m.receivedAt) }]
            : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('movements.balancesTitle')}
      </Typography.Title>
      <BalancesTable balances={result.balances} />
      {m.status === 'in_transit' && (
        <div style={{ marginTop: 12 }}>
          <Typography.Paragraph type="secondary">{t('movements.inTransitHelp')}</Typography.Paragraph>
          {receive.isError && <MovementError error={receive.error} unit={shownUnit} />}
          {can('supply.move') && (
            <Button
              icon={<CheckOutlined />}
              loading={receive.isPending}
              onClick={() => receive.mutate()}
              data-testid="movement-receive"
            >
              {t('movements.receive')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}

/** Balances of one item in one warehouse, by batch: a hint for stock-out movements. */
function useSourceBalances(itemCode: string | undefined, warehouseId: string | undefined) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'stock', 'source', itemCode, warehouseId],
    queryFn: ({ signal }) =>
      api.get<ListResult<Balance>>('/supplies/stock', { itemCode, warehouseId, page: 1, pageSize: 100 }, signal),
    enabled: !!itemCode && !!warehouseId,
  });
}

const QUANTITY_STEP = 0.001;

export function MovementsTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MovementFormValues>();
  const [unit, setUnit] = useState('');
  const [result, setResult] = useState<MovementResult | null>(null);
  const kind = Form.useWatch('kind', form) ?? 'receipt';
  const direction = Form.useWatch('direction', form) ?? 'in';
  const itemCode = Form.useWatch('itemCode', form);
  const fromWarehouseId = Form.useWatch('fromWarehouseId', form);
  const batch = Form.useWatch('batch', form);
  const shape = shapeOf(kind, direction);
  const source = useSourceBalances(itemCode, shape.from ? fromWarehouseId : undefined);
  const sourceBalances = source.data?.items ?? [];
  const batchBalance = sourceBalances.find((b) => b.batch === (batch?.trim() ?? ''));

  const submit = useMutation({
    mutationFn: (body: MovementBody) => api.post<MovementResult>('/supplies/movements', body),
    onSuccess: (r) => {
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'stock'] });
      form.resetFields(['quantity', 'reason']);
    },
  });

  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} lg={13}>
        {submit.isError && <MovementError error={submit.error} unit={unit} />}
        <Form<MovementFormValues>
          form={form}
          layout="vertical"
          data-testid="movement-form"
          initialValues={{ kind: 'receipt', direction: 'in' }}
          onValuesChange={(changed: Partial<MovementFormValues>) => {
            if ('kind' in changed || 'direction' in changed) submit.reset();
          }}
          onFinish={(values) => {
            setResult(null);
            submit.mutate(toBody(values));
          }}
        >
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="kind" label={t('movements.kind')} rules={[{ required: true }]}>
                <Select
                  data-testid="movement-kind"
                  options={MOVEMENT_KINDS.map((k) => ({ value: k, label: t(`movementKinds.${k}`) }))}
                />
              </Form.Item>
            </Col>
            {kind === 'adjustment' && (
              <Col xs={24} sm={12}>
                <Form.Item name="direction" label={t('movements.direction')}>
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'in', label: t('movements.directionIn') },
                      { value: 'out', label: t('movements.directionOut') },
                    ]}
                  />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Typography.Paragraph type="secondary" data-testid="movement-kind-help">
            {t(`movementKindHelp.${kind}`)}
          </Typography.Paragraph>
          <Row gutter={12}>
            <Col xs={24} sm={14}>
              <Form.Item
                name="itemCode"
                label={t('movements.item')}
                rules={[{ required: true, message: t('movements.itemRequired') }]}
              >
                <ItemSelect
                  onItem={(item: SupplyItem | undefined) => setUnit(item?.unit ?? '')}
                  testId="movement-item"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item
                name="quantity"
                label={t('movements.quantity')}
                rules={[
                  { required: true, message: t('movements.quantityRequired') },
                  {
                    validator: (_, v: number | null | undefined) =>
                      v === null || v === undefined || (v > 0 && Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('movements.quantityInvalid'))),
                  },
                ]}
              >
                <InputNumber<number>
                  min={QUANTITY_STEP}
                  max={1e12}
                  style={{ width: '100%' }}
                  suffix={unit || undefined}
                  data-testid="movement-quantity"
                />
              </Form.Item>
            </Col>
          </Row>
          {(shape.from || shape.to) && (
            <Row gutter={12}>
              {shape.from && (
                <Col xs={24} sm={shape.to ? 12 : 24}>
                  <Form.Item
                    name="fromWarehouseId"
                    label={t('movements.fromWarehouse')}
                    rules={[{ required: true, message: t('problems.from_required') }]}
                  >
                    <WarehouseSelect testId="movement-from" />
                  </Form.Item>
                </Col>
              )}
              {shape.to && (
                <Col xs={24} sm={shape.from ? 12 : 24}>
                  <Form.Item
                    name="toWarehouseId"
                    label={t('movements.toWarehouse')}
                    dependencies={['fromWarehouseId']}
                    rules={[
                      { required: true, message: t('problems.to_required') },
                      ({ getFieldValue }) => ({
                        validator: (_, v: string | undefined) =>
                          shape.from && v && v === getFieldValue('fromWarehouseId')
                            ? Promise.reject(new Error(t('problems.same_warehouse')))
                            : Promise.resolve(),
                      }),
                    ]}
                  >
                    <WarehouseSelect testId="movement-to" excludeId={shape.from ? fromWarehouseId : undefined} />
                  </Form.Item>
                </Col>
              )}
            </Row>
          )}
          {shape.recipient && (
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="incidentId"
                  label={t('movements.incident')}
                  dependencies={['toOrgId']}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: (_, v: string | undefined) =>
                        v || getFieldValue('toOrgId')
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('problems.recipient_required'))),
                    }),
                  ]}
                >
                  <IncidentSelect allowClear testId="movement-incident" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="toOrgId" label={t('movements.toOrg')}>
                  <OrgSelect allowClear placeholder={t('pickers.org')} testId="movement-org" />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="batch"
                label={t('movements.batch')}
                tooltip={t('movements.batchHelp')}
                rules={[{ max: 40, message: t('common.maxLength', { max: 40 }) }]}
                extra={
                  shape.from && itemCode && fromWarehouseId && !source.isFetching
                    ? batchBalance
                      ? t('movements.batchAvailable', { available: formatQuantity(batchBalance.quantity), unit })
                      : t('movements.batchNone')
                    : undefined
                }
              >
                <AutoComplete
                  maxLength={40}
                  allowClear
                  placeholder={t('movements.batchPlaceholder')}
                  options={sourceBalances.map((b) => ({
                    value: b.batch,
                    label: `${b.batch || t('stock.noBatch')} · ${formatQuantity(b.quantity)} ${b.unit ?? ''}`,
                  }))}
                  data-testid="movement-batch"
                />
              </Form.Item>
            </Col>
            {shape.expiry && (
              <Col xs={24} sm={12}>
                <Form.Item name="expiresOn" label={t('movements.expiresOn')}>
                  <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} data-testid="movement-expires" />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Form.Item
            name="reason"
            label={shape.reasonRequired ? t('movements.reason') : t('movements.reasonOptional')}
            rules={[
              ...(shape.reasonRequired
                ? [{ required: true, whitespace: true, message: t('problems.reason_required') }]
                : []),
              { max: 500, message: t('common.maxLength', { max: 500 }) },
            ]}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="movement-reason" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SendOutlined />}
            loading={submit.isPending}
            data-testid="movement-submit"
          >
            {t('movements.submit')}
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={11}>
        {result ? (
          <ResultCard result={result} unit={unit} onReceived={setResult} />
        ) : (
          <Card size="small">
            <Empty description={t('movements.noResult')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}
