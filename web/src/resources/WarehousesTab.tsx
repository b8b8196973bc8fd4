import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Form, Input, InputNumber, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RESERVE_MODES, WAREHOUSE_LEVELS } from '@yingji/contracts';
import { api, buildUrl } from '../app/api';
import { DivisionCell, useNewRecordPlace, useDivisionNames, DivisionLocationRow } from '../app/place';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, usePaging, HiddenSubmit } from '../app/components';
import { RESOURCES_NS } from './i18n';
import { RegistryToolbar } from './RegistryToolbar';
import {
  PHONE_PATTERN,
  RESOURCES_KEY,
  useWarehouses,
  type LonLat,
  type ReserveMode,
  type Warehouse,
  type WarehouseLevel,
} from './api';

const LEVEL_COLORS: Record<WarehouseLevel, string> = { city: 'blue', county: 'geekblue', town: 'cyan' };

/** The warehouse level that matches a division code (a new warehouse starts at the user's own level). */
function levelOfDivision(code: string): WarehouseLevel {
  if (code.length === 9) return 'town';
  return code.endsWith('00') ? 'city' : 'county';
}

interface WarehouseFormValues {
  name: string;
  level: WarehouseLevel;
  reserveMode: ReserveMode;
  divisionCode: string;
  location: LonLat;
  managerName?: string;
  managerPhone?: string;
  capacityM3?: number | null;
}

function WarehouseFormModal({ editing, onClose }: { editing: Warehouse | null; onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const place = useNewRecordPlace();
  const [form] = Form.useForm<WarehouseFormValues>();

  const save = useMutation({
    mutationFn: (v: WarehouseFormValues) => {
      const managerName = v.managerName?.trim() ?? '';
      const managerPhone = v.managerPhone?.trim() ?? '';
      const capacityM3 = typeof v.capacityM3 === 'number' ? v.capacityM3 : undefined;
      const body = {
        name: v.name.trim(),
        level: v.level,
        reserveMode: v.reserveMode,
        divisionCode: v.divisionCode,
        location: { lon: v.location.lon, lat: v.location.lat },
      };
      if (!editing) {
        return api.post<Warehouse>('/warehouses', {
          ...body,
          ...(managerName ? { managerName } : {}),
          ...(managerPhone ? { managerPhone } : {}),
          ...(capacityM3 !== undefined ? { capacityM3 } : {}),
        });
      }
      const patch: Record<string, unknown> = {};
      if (body.name !== editing.name) patch.name = body.name;
      if (body.level !== editing.level) patch.level = body.level;
      if (body.reserveMode !== editing.reserveMode) patch.reserveMode = body.reserveMode;
      if (body.divisionCode !== editing.divisionCode) patch.divisionCode = body.divisionCode;
      if (body.location.lon !== editing.location.lon || body.location.lat !== editing.location.lat) {
        patch.location = body.location;
      }
      if (managerName !== (editing.managerName ?? '')) patch.managerName = managerName;
      // The server takes neither an empty phone number nor an empty capacity: cleared fields keep the old value.
      if (managerPhone && managerPhone !== (editing.managerPhone ?? '')) patch.managerPhone = managerPhone;
      if (capacityM3 !== undefined && capacityM3 !== editing.capacityM3) patch.capacityM3 = capacityM3;
      return api.patch<Warehouse>(`/warehouses/${editing.id}`, patch);
    },
    onSuccess: () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'warehouses'] });
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'stock'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('warehouses.editTitle') : t('warehouses.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {save.isError && <FormError error={save.error} />}
      <Form<WarehouseFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="warehouse-form"
        initialValues={
          editing
            ? {
                name: editing.name,
                level: editing.level,
                reserveMode: editing.reserveMode,
                divisionCode: editing.divisionCode,
                location: editing.location,
                managerName: editing.managerName ?? undefined,
                managerPhone: editing.managerPhone ?? undefined,
                capacityM3: editing.capacityM3,
              }
            : { level: levelOfDivision(place.divisionCode), reserveMode: 'government', ...place }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('warehouses.name')}
          rules={[
            { required: true, whitespace: true, message: t('warehouses.nameRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input autoFocus maxLength={100} autoComplete="off" data-testid="warehouse-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="level" label={t('warehouses.level')} rules={[{ required: true }]}>
              <Select options={WAREHOUSE_LEVELS.map((l) => ({ value: l, label: t(`warehouseLevels.${l}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="reserveMode" label={t('warehouses.reserveMode')} rules={[{ required: true }]}>
              <Select options={RESERVE_MODES.map((m) => ({ value: m, label: t(`reserveModes.${m}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <DivisionLocationRow
          testIdPrefix="resources"
          isNew={!editing}
          divisionLabel={t('warehouses.division')}
          divisionRequired={t('warehouses.divisionRequired')}
        />
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="managerName"
              label={t('warehouses.managerName')}
              rules={[{ max: 50, message: t('common.maxLength', { max: 50 }) }]}
            >
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="managerPhone"
              label={t('warehouses.managerPhone')}
              rules={[{ pattern: PHONE_PATTERN, message: t('common.phoneInvalid') }]}
            >
              <Input maxLength={30} autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="capacityM3" label={t('warehouses.capacity')}>
              <InputNumber<number> min={0} max={1e9} style={{ width: '100%' }} suffix="m³" />
            </Form.Item>
          </Col>
        </Row>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

export function WarehousesTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const divisionName = useDivisionNames();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [q, setQ] = useState('');
  const [level, setLevel] = useState<WarehouseLevel | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [modal, setModal] = useState<{ open: boolean; editing: Warehouse | null }>({ open: false, editing: null });
  const list = useWarehouses({ page, pageSize, q: q || undefined, level, divisionCode });
  const canManage = can('resource.manage');
  const filtered = !!(q || level || divisionCode);

  return (
    <>
      <RegistryToolbar
        registry="warehouses"
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
        exportHref={buildUrl('/warehouses/export.xlsx', { q: q || undefined, level, divisionCode })}
        canManage={canManage}
        onCreate={() => setModal({ open: true, editing: null })}
      >
        <Select<WarehouseLevel>
          allowClear
          style={{ width: 130 }}
          placeholder={t('warehouses.levelFilter')}
          aria-label={t('warehouses.levelFilter')}
          value={level}
          onChange={(v) => {
            setLevel(v ?? undefined);
            setPage(1);
          }}
          options={WAREHOUSE_LEVELS.map((l) => ({ value: l, label: t(`warehouseLevels.${l}`) }))}
        />
      </RegistryToolbar>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Warehouse>
        rowKey="id"
        size="middle"
        data-testid="warehouses-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'warehouses.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('warehouses.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('warehouses.level'),
            dataIndex: 'level',
            width: 100,
            render: (l: WarehouseLevel) => <Tag color={LEVEL_COLORS[l]}>{t(`warehouseLevels.${l}`)}</Tag>,
          },
          {
            title: t('warehouses.reserveMode'),
            dataIndex: 'reserveMode',
            width: 140,
            render: (m: ReserveMode) => t(`reserveModes.${m}`),
          },
          {
            title: t('warehouses.division'),
            dataIndex: 'divisionCode',
            width: 180,
            render: (code: string) => <DivisionCell code={code} name={divisionName(code)} />,
          },
          {
            title: t('warehouses.manager'),
            key: 'manager',
            width: 170,
            render: (_: unknown, r: Warehouse) =>
              r.managerName || r.managerPhone ? [r.managerName, r.managerPhone].filter(Boolean).join(' ') : '—',
          },
          {
            title: t('warehouses.capacity'),
            dataIndex: 'capacityM3',
            width: 120,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : `${v.toLocaleString()} m³`),
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, r: Warehouse) => (
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
        <WarehouseFormModal editing={modal.editing} onClose={() => setModal({ open: false, editing: null })} />
      )}
    </>
  );
}
