import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Form, Input, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, buildUrl } from '../app/api';
import { DivisionCell, useNewRecordPlace, useDivisionNames, DivisionLocationRow } from '../app/place';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, usePaging, HiddenSubmit } from '../app/components';
import { RegistryToolbar } from './RegistryToolbar';
import { RESOURCES_NS } from './i18n';
import { PHONE_PATTERN, RESOURCES_KEY, useExperts, type Expert, type ExpertAvailability, type LonLat } from './api';

const AVAILABILITIES: readonly ExpertAvailability[] = ['available', 'unavailable'];

const AVAILABILITY_COLORS: Record<ExpertAvailability, string> = {
  available: 'green',
  unavailable: 'default',
};

interface ExpertFormValues {
  name: string;
  fields: string[];
  organization?: string;
  phone?: string;
  divisionCode: string;
  location: LonLat;
  availability: ExpertAvailability;
}

/** Fields of expertise as the server takes them: trimmed, non-empty, no repeats. */
function cleanFields(fields: string[] | undefined): string[] {
  const out: string[] = [];
  for (const f of fields ?? []) {
    const v = f.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

function ExpertFormModal({ editing, onClose }: { editing: Expert | null; onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const place = useNewRecordPlace();
  const [form] = Form.useForm<ExpertFormValues>();

  const save = useMutation({
    mutationFn: (v: ExpertFormValues) => {
      const organization = v.organization?.trim() ?? '';
      const phone = v.phone?.trim() ?? '';
      const body = {
        name: v.name.trim(),
        fields: cleanFields(v.fields),
        divisionCode: v.divisionCode,
        location: { lon: v.location.lon, lat: v.location.lat },
        availability: v.availability,
      };
      if (!editing) {
        return api.post<Expert>('/experts', {
          ...body,
          ...(organization ? { organization } : {}),
          ...(phone ? { phone } : {}),
        });
      }
      const patch: Record<string, unknown> = {};
      if (body.name !== editing.name) patch.name = body.name;
      if (body.fields.join('\n') !== editing.fields.join('\n')) patch.fields = body.fields;
      if (body.divisionCode !== editing.divisionCode) patch.divisionCode = body.divisionCode;
      if (body.location.lon !== editing.location.lon || body.location.lat !== editing.location.lat) {
        patch.location = body.location;
      }
      if (body.availability !== editing.availability) patch.availability = body.availability;
      if (organization !== (editing.organization ?? '')) patch.organization = organization;
      // The server does not take an empty phone number: a cleared field leaves the old one.
      if (phone && phone !== (editing.phone ?? '')) patch.phone = phone;
      return api.patch<Expert>(`/experts/${editing.id}`, patch);
    },
    onSuccess: () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'experts'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('experts.editTitle') : t('experts.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {save.isError && <FormError error={save.error} />}
      <Form<ExpertFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="expert-form"
        initialValues={
          editing
            ? {
                name: editing.name,
                fields: editing.fields,
                organization: editing.organization ?? undefined,
                phone: editing.phone ?? undefined,
                divisionCode: editing.divisionCode,
                location: editing.location,
                availability: editing.availability,
              }
            : { fields: [], availability: 'available', ...place }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t('experts.name')}
              rules={[
                { required: true, whitespace: true, message: t('experts.nameRequired') },
                { max: 50, message: t('common.maxLength', { max: 50 }) },
              ]}
            >
              <Input autoFocus maxLength={50} autoComplete="off" data-testid="expert-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="availability" label={t('experts.availability')} rules={[{ required: true }]}>
              <Select options={AVAILABILITIES.map((a) => ({ value: a, label: t(`expertAvailability.${a}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="fields"
          label={t('experts.fields')}
          extra={t('experts.fieldsHelp')}
          rules={[
            {
              validator: (_: unknown, v: string[] | undefined) => {
                const fields = cleanFields(v);
                if (fields.length === 0) return Promise.reject(new Error(t('experts.fieldsRequired')));
                if (fields.length > 20 || fields.some((f) => f.length > 40)) {
                  return Promise.reject(new Error(t('experts.fieldsInvalid')));
                }
                return Promise.resolve();
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} data-testid="expert-fields" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="organization"
              label={t('experts.organization')}
              rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
            >
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="phone"
              label={t('experts.phone')}
              rules={[{ pattern: PHONE_PATTERN, message: t('common.phoneInvalid') }]}
            >
              <Input maxLength={30} autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <DivisionLocationRow
          testIdPrefix="resources"
          isNew={!editing}
          divisionLabel={t('experts.division')}
          divisionRequired={t('common.divisionRequired')}
        />
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

export function ExpertsTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const divisionName = useDivisionNames();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [q, setQ] = useState('');
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [modal, setModal] = useState<{ open: boolean; editing: Expert | null }>({ open: false, editing: null });
  const list = useExperts({ page, pageSize, q: q || undefined, divisionCode });
  const canManage = can('resource.manage');
  const filtered = !!(q || divisionCode);

  return (
    <>
      <RegistryToolbar
        registry="experts"
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
        exportHref={buildUrl('/experts/export.xlsx', { q: q || undefined, divisionCode })}
        canManage={canManage}
        onCreate={() => setModal({ open: true, editing: null })}
      />
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Expert>
        rowKey="id"
        size="middle"
        data-testid="experts-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 960 }}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'experts.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('experts.name'),
            dataIndex: 'name',
            width: 120,
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('experts.fields'),
            dataIndex: 'fields',
            render: (fields: string[]) =>
              fields.length === 0
                ? '—'
                : fields.map((f) => (
                    <Tag key={f} style={{ marginBottom: 2 }}>
                      {f}
                    </Tag>
                  )),
          },
          {
            title: t('experts.organization'),
            dataIndex: 'organization',
            render: (o: string | null) => o || '—',
          },
          {
            title: t('experts.phone'),
            dataIndex: 'phone',
            width: 140,
            render: (p: string | null) => p || '—',
          },
          {
            title: t('experts.availability'),
            dataIndex: 'availability',
            width: 100,
            render: (a: ExpertAvailability) => <Tag color={AVAILABILITY_COLORS[a]}>{t(`expertAvailability.${a}`)}</Tag>,
          },
          {
            title: t('experts.division'),
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
                  render: (_: unknown, r: Expert) => (
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
        <ExpertFormModal editing={modal.editing} onClose={() => setModal({ open: false, editing: null })} />
      )}
    </>
  );
}
