import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Form, Input, InputNumber, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SHELTER_GRADES, SHELTER_SETTINGS, SHELTER_STATUSES } from '@yingji/contracts';
import { api, buildUrl } from '../app/api';
import { DivisionCell, useNewRecordPlace, useDivisionNames, DivisionLocationRow } from '../app/place';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, usePaging, HiddenSubmit } from '../app/components';
import { RegistryToolbar } from './RegistryToolbar';
import { RESOURCES_NS } from './i18n';
import {
  RESOURCES_KEY,
  useShelters,
  type LonLat,
  type Shelter,
  type ShelterGrade,
  type ShelterSetting,
  type ShelterStatus,
} from './api';
import { formatQuantity } from './components';

export const SHELTER_STATUS_COLORS: Record<ShelterStatus, string> = {
  available: 'green',
  in_use: 'orange',
  closed: 'default',
};

const GRADE_COLORS: Record<ShelterGrade, string> = {
  emergency: 'cyan',
  fixed: 'blue',
  central: 'geekblue',
};

interface ShelterFormValues {
  name: string;
  setting: ShelterSetting;
  grade: ShelterGrade;
  effectiveAreaM2: number;
  capacity: number;
  facilities: string[];
  divisionCode: string;
  location: LonLat;
  status: ShelterStatus;
}

/** Facility names as the server takes them: trimmed, non-empty, at most 40 characters, no repeats. */
function cleanTags(tags: string[] | undefined): string[] {
  const out: string[] = [];
  for (const tag of tags ?? []) {
    const v = tag.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

function ShelterFormModal({ editing, onClose }: { editing: Shelter | null; onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const place = useNewRecordPlace();
  const [form] = Form.useForm<ShelterFormValues>();

  const save = useMutation({
    mutationFn: (v: ShelterFormValues) => {
      const body = {
        name: v.name.trim(),
        setting: v.setting,
        grade: v.grade,
        effectiveAreaM2: v.effectiveAreaM2,
        capacity: v.capacity,
        facilities: cleanTags(v.facilities),
        divisionCode: v.divisionCode,
        location: { lon: v.location.lon, lat: v.location.lat },
        status: v.status,
      };
      if (!editing) return api.post<Shelter>('/shelters', body);
      const patch: Record<string, unknown> = {};
      if (body.name !== editing.name) patch.name = body.name;
      if (body.setting !== editing.setting) patch.setting = body.setting;
      if (body.grade !== editing.grade) patch.grade = body.grade;
      if (body.effectiveAreaM2 !== editing.effectiveAreaM2) patch.effectiveAreaM2 = body.effectiveAreaM2;
      if (body.capacity !== editing.capacity) patch.capacity = body.capacity;
      if (body.facilities.join('\n') !== editing.facilities.join('\n')) patch.facilities = body.facilities;
      if (body.divisionCode !== editing.divisionCode) patch.divisionCode = body.divisionCode;
      if (body.location.lon !== editing.location.lon || body.location.lat !== editing.location.lat) {
        patch.location = body.location;
      }
      if (body.status !== editing.status) patch.status = body.status;
      return api.patch<Shelter>(`/shelters/${editing.id}`, patch);
    },
    onSuccess: () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'shelters'] });
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'readiness'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('shelters.editTitle') : t('shelters.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {save.isError && <FormError error={save.error} />}
      <Form<ShelterFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="shelter-form"
        initialValues={
          editing
            ? {
                name: editing.name,
                setting: editing.setting,
                grade: editing.grade,
                effectiveAreaM2: editing.effectiveAreaM2,
                capacity: editing.capacity,
                facilities: editing.facilities,
                divisionCode: editing.divisionCode,
                location: editing.location,
                status: editing.status,
              }
            : { setting: 'outdoor', grade: 'emergency', status: 'available', facilities: [], ...place }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('shelters.name')}
          rules={[
            { required: true, whitespace: true, message: t('shelters.nameRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input autoFocus maxLength={100} autoComplete="off" data-testid="shelter-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="setting" label={t('shelters.setting')} rules={[{ required: true }]}>
              <Select options={SHELTER_SETTINGS.map((s) => ({ value: s, label: t(`shelterSettings.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="grade" label={t('shelters.grade')} rules={[{ required: true }]}>
              <Select options={SHELTER_GRADES.map((g) => ({ value: g, label: t(`shelterGrades.${g}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="status" label={t('shelters.status')} rules={[{ required: true }]}>
              <Select options={SHELTER_STATUSES.map((s) => ({ value: s, label: t(`shelterStatuses.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item
              name="effectiveAreaM2"
              label={t('shelters.effectiveArea')}
              rules={[
                { required: true, message: t('shelters.areaRequired') },
                { type: 'number', min: 0.01, message: t('shelters.areaRequired') },
              ]}
            >
              <InputNumber<number>
                min={0}
                max={1e8}
                precision={2}
                suffix="m²"
                style={{ width: '100%' }}
                data-testid="shelter-area"
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="capacity"
              label={t('shelters.capacity')}
              rules={[{ required: true, message: t('shelters.capacityRequired') }]}
            >
              <InputNumber<number>
                min={0}
                max={10_000_000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="shelter-capacity"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="facilities"
          label={t('shelters.facilities')}
          extra={t('shelters.facilitiesHelp')}
          rules={[
            {
              validator: (_: unknown, v: string[] | undefined) =>
                (v ?? []).length <= 30 && (v ?? []).every((f) => f.trim().length <= 40)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('shelters.facilitiesInvalid'))),
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
        </Form.Item>
        <DivisionLocationRow
          testIdPrefix="resources"
          isNew={!editing}
          divisionLabel={t('shelters.division')}
          divisionRequired={t('common.divisionRequired')}
        />
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

export function SheltersTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const divisionName = useDivisionNames();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [q, setQ] = useState('');
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [modal, setModal] = useState<{ open: boolean; editing: Shelter | null }>({ open: false, editing: null });
  const list = useShelters({ page, pageSize, q: q || undefined, divisionCode });
  const canManage = can('resource.manage');
  const filtered = !!(q || divisionCode);

  return (
    <>
      <RegistryToolbar
        registry="shelters"
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
        exportHref={buildUrl('/shelters/export.xlsx', { q: q || undefined, divisionCode })}
        canManage={canManage}
        onCreate={() => setModal({ open: true, editing: null })}
      />
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Shelter>
        rowKey="id"
        size="middle"
        data-testid="shelters-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'shelters.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('shelters.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('shelters.grade'),
            dataIndex: 'grade',
            width: 130,
            render: (g: ShelterGrade, r) => (
              <span>
                <Tag color={GRADE_COLORS[g]}>{t(`shelterGrades.${g}`)}</Tag>
                <Typography.Text type="secondary">{t(`shelterSettings.${r.setting}`)}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('shelters.effectiveArea'),
            dataIndex: 'effectiveAreaM2',
            width: 130,
            align: 'right',
            render: (a: number) => <span className="resources-quantity">{formatQuantity(a)} m²</span>,
          },
          {
            title: t('shelters.capacity'),
            dataIndex: 'capacity',
            width: 110,
            align: 'right',
            render: (c: number) => <span className="resources-quantity">{c}</span>,
          },
          {
            title: t('shelters.facilities'),
            dataIndex: 'facilities',
            render: (facilities: string[]) =>
              facilities.length === 0
                ? '—'
                : facilities.map((f) => (
                    <Tag key={f} style={{ marginBottom: 2 }}>
                      {f}
                    </Tag>
                  )),
          },
          {
            title: t('shelters.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: ShelterStatus) => <Tag color={SHELTER_STATUS_COLORS[s]}>{t(`shelterStatuses.${s}`)}</Tag>,
          },
          {
            title: t('shelters.division'),
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
                  render: (_: unknown, r: Shelter) => (
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
        <ShelterFormModal editing={modal.editing} onClose={() => setModal({ open: false, editing: null })} />
      )}
    </>
  );
}
