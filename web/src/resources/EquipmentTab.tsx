import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  DatePicker,
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
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EQUIPMENT_STATUSES } from '@yingji/contracts';
import { api, buildUrl } from '../app/api';
import { DivisionCell, useNewRecordPlace, useDivisionNames, DivisionLocationRow } from '../app/place';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, usePaging, HiddenSubmit } from '../app/components';
import { RegistryToolbar } from './RegistryToolbar';
import { RESOURCES_NS } from './i18n';
import { RESOURCES_KEY, useEquipment, type Equipment, type EquipmentStatus, type LonLat } from './api';

export const EQUIPMENT_STATUS_COLORS: Record<EquipmentStatus, string> = {
  ready: 'green',
  in_use: 'orange',
  maintenance: 'gold',
  retired: 'default',
};

interface EquipmentFormValues {
  name: string;
  type: string;
  quantity: number;
  status: EquipmentStatus;
  divisionCode: string;
  location: LonLat;
  maintenanceDueOn?: Dayjs | null;
}

function EquipmentFormModal({ editing, onClose }: { editing: Equipment | null; onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const place = useNewRecordPlace();
  const [form] = Form.useForm<EquipmentFormValues>();

  const save = useMutation({
    mutationFn: (v: EquipmentFormValues) => {
      const maintenanceDueOn = v.maintenanceDueOn ? v.maintenanceDueOn.format('YYYY-MM-DD') : '';
      const body = {
        name: v.name.trim(),
        type: v.type.trim(),
        quantity: v.quantity,
        divisionCode: v.divisionCode,
        location: { lon: v.location.lon, lat: v.location.lat },
        status: v.status,
      };
      if (!editing) {
        return api.post<Equipment>('/equipment', { ...body, ...(maintenanceDueOn ? { maintenanceDueOn } : {}) });
      }
      const patch: Record<string, unknown> = {};
      if (body.name !== editing.name) patch.name = body.name;
      if (body.type !== editing.type) patch.type = body.type;
      if (body.quantity !== editing.quantity) patch.quantity = body.quantity;
      if (body.divisionCode !== editing.divisionCode) patch.divisionCode = body.divisionCode;
      if (body.location.lon !== editing.location.lon || body.location.lat !== editing.location.lat) {
        patch.location = body.location;
      }
      if (body.status !== editing.status) patch.status = body.status;
      // The server does not take an empty date: a cleared field leaves the old one.
      if (maintenanceDueOn && maintenanceDueOn !== editing.maintenanceDueOn) patch.maintenanceDueOn = maintenanceDueOn;
      return api.patch<Equipment>(`/equipment/${editing.id}`, patch);
    },
    onSuccess: () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'equipment'] });
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'readiness'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('equipment.editTitle') : t('equipment.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {save.isError && <FormError error={save.error} />}
      <Form<EquipmentFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="equipment-form"
        initialValues={
          editing
            ? {
                name: editing.name,
                type: editing.type,
                quantity: editing.quantity,
                status: editing.status,
                divisionCode: editing.divisionCode,
                location: editing.location,
                maintenanceDueOn: editing.maintenanceDueOn ? dayjs(editing.maintenanceDueOn) : null,
              }
            : { quantity: 1, status: 'ready', ...place }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t('equipment.name')}
              rules={[
                { required: true, whitespace: true, message: t('equipment.nameRequired') },
                { max: 100, message: t('common.maxLength', { max: 100 }) },
              ]}
            >
              <Input autoFocus maxLength={100} autoComplete="off" data-testid="equipment-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="type"
              label={t('equipment.type')}
              rules={[
                { required: true, whitespace: true, message: t('equipment.typeRequired') },
                { max: 40, message: t('common.maxLength', { max: 40 }) },
              ]}
            >
              <Input maxLength={40} autoComplete="off" placeholder={t('equipment.typePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item
              name="quantity"
              label={t('equipment.quantity')}
              rules={[{ required: true, message: t('equipment.quantityRequired') }]}
            >
              <InputNumber<number> min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="status" label={t('equipment.status')} rules={[{ required: true }]}>
              <Select options={EQUIPMENT_STATUSES.map((s) => ({ value: s, label: t(`equipmentStatuses.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="maintenanceDueOn" label={t('equipment.maintenanceDueOn')}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
        </Row>
        <DivisionLocationRow
          testIdPrefix="resources"
          isNew={!editing}
          divisionLabel={t('equipment.division')}
          divisionRequired={t('common.divisionRequired')}
        />
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

export function EquipmentTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const divisionName = useDivisionNames();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [q, setQ] = useState('');
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [modal, setModal] = useState<{ open: boolean; editing: Equipment | null }>({ open: false, editing: null });
  const list = useEquipment({ page, pageSize, q: q || undefined, divisionCode });
  const canManage = can('resource.manage');
  const filtered = !!(q || divisionCode);

  return (
    <>
      <RegistryToolbar
        registry="equipment"
        onSearch={(v) => {
          setQ(v);
          setPage(1);
        }}
        divisionCode={divisionCode}
        onDivisionChange={(v) => {
          setDivisionCode(v);
          setPage(1);
        }}
        onRefresh={() => void list.refetch()}
        exportHref={buildUrl('/equipment/export.xlsx', { q: q || undefined, divisionCode })}
        canManage={canManage}
        onCreate={() => setModal({ open: true, editing: null })}
      />
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Equipment>
        rowKey="id"
        size="middle"
        data-testid="equipment-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 960 }}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'equipment.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('equipment.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('equipment.type'),
            dataIndex: 'type',
            width: 140,
          },
          {
            title: t('equipment.quantity'),
            dataIndex: 'quantity',
            width: 90,
            align: 'right',
            render: (n: number) => <span className="resources-quantity">{n}</span>,
          },
          {
            title: t('equipment.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: EquipmentStatus) => <Tag color={EQUIPMENT_STATUS_COLORS[s]}>{t(`equipmentStatuses.${s}`)}</Tag>,
          },
          {
            title: t('equipment.maintenanceDueOn'),
            dataIndex: 'maintenanceDueOn',
            width: 190,
            render: (due: string | null, r) =>
              r.isMaintenanceOverdue ? (
                <Tag color="red" data-testid="equipment-overdue">
                  {due ? t('equipment.overdueOn', { date: due }) : t('equipment.overdue')}
                </Tag>
              ) : (
                (due ?? '—')
              ),
          },
          {
            title: t('equipment.division'),
            dataIndex: 'divisionCode',
            width: 180,
            render: (code: string) => <DivisionCell code={code} name={divisionName(code)} />,
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, r: Equipment) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setModal({ open: true, editing: r })}
                      aria-label={`${t('common.edit')} ${r.name}`}
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {modal.open && (
        <EquipmentFormModal editing={modal.editing} onClose={() => setModal({ open: false, editing: null })} />
      )}
    </>
  );
}
