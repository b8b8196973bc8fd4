import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Form, Input, InputNumber, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TEAM_CAPABILITIES, TEAM_KINDS, TEAM_STATUSES } from '@yingji/contracts';
import { api, buildUrl } from '../app/api';
import { DivisionCell, useNewRecordPlace, useDivisionNames, DivisionLocationRow } from '../app/place';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, usePaging, HiddenSubmit } from '../app/components';
import { RESOURCES_NS } from './i18n';
import { RegistryToolbar } from './RegistryToolbar';
import {
  PHONE_PATTERN,
  RESOURCES_KEY,
  useTeams,
  type LonLat,
  type Team,
  type TeamCapability,
  type TeamKind,
  type TeamStatus,
} from './api';

export const TEAM_STATUS_COLORS: Record<TeamStatus, string> = {
  available: 'green',
  deployed: 'orange',
  unavailable: 'default',
};

const KIND_COLORS: Record<TeamKind, string> = {
  fire_rescue: 'red',
  professional: 'volcano',
  enterprise: 'orange',
  social: 'cyan',
  militia: 'geekblue',
};

interface TeamFormValues {
  name: string;
  kind: TeamKind;
  capabilities: TeamCapability[];
  headcount: number;
  status: TeamStatus;
  divisionCode: string;
  location: LonLat;
  contactName?: string;
  contactPhone?: string;
}

function TeamFormModal({ editing, onClose }: { editing: Team | null; onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const place = useNewRecordPlace();
  const [form] = Form.useForm<TeamFormValues>();

  const save = useMutation({
    mutationFn: (v: TeamFormValues) => {
      const contactName = v.contactName?.trim() ?? '';
      const contactPhone = v.contactPhone?.trim() ?? '';
      const body = {
        name: v.name.trim(),
        kind: v.kind,
        capabilities: v.capabilities,
        headcount: v.headcount,
        status: v.status,
        divisionCode: v.divisionCode,
        location: { lon: v.location.lon, lat: v.location.lat },
      };
      if (!editing) {
        return api.post<Team>('/teams', {
          ...body,
          ...(contactName ? { contactName } : {}),
          ...(contactPhone ? { contactPhone } : {}),
        });
      }
      const patch: Record<string, unknown> = {};
      if (body.name !== editing.name) patch.name = body.name;
      if (body.kind !== editing.kind) patch.kind = body.kind;
      if ([...body.capabilities].sort().join() !== [...editing.capabilities].sort().join()) {
        patch.capabilities = body.capabilities;
      }
      if (body.headcount !== editing.headcount) patch.headcount = body.headcount;
      if (body.status !== editing.status) patch.status = body.status;
      if (body.divisionCode !== editing.divisionCode) patch.divisionCode = body.divisionCode;
      if (body.location.lon !== editing.location.lon || body.location.lat !== editing.location.lat) {
        patch.location = body.location;
      }
      if (contactName !== (editing.contactName ?? '')) patch.contactName = contactName;
      // The server does not take an empty phone number: a cleared field leaves the old one.
      if (contactPhone && contactPhone !== (editing.contactPhone ?? '')) patch.contactPhone = contactPhone;
      return api.patch<Team>(`/teams/${editing.id}`, patch);
    },
    onSuccess: () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'teams'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('teams.editTitle') : t('teams.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {save.isError && <FormError error={save.error} />}
      <Form<TeamFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="team-form"
        initialValues={
          editing
            ? {
                name: editing.name,
                kind: editing.kind,
                capabilities: editing.capabilities.filter((c): c is TeamCapability =>
                  (TEAM_CAPABILITIES as readonly string[]).includes(c),
                ),
                headcount: editing.headcount,
                status: editing.status,
                divisionCode: editing.divisionCode,
                location: editing.location,
                contactName: editing.contactName ?? undefined,
                contactPhone: editing.contactPhone ?? undefined,
              }
            : { kind: 'professional', capabilities: [], status: 'available', headcount: 0, ...place }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('teams.name')}
          rules={[
            { required: true, whitespace: true, message: t('teams.nameRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input autoFocus maxLength={100} autoComplete="off" data-testid="team-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="kind"
              label={t('teams.kind')}
              rules={[{ required: true, message: t('teams.kindRequired') }]}
            >
              <Select options={TEAM_KINDS.map((k) => ({ value: k, label: t(`teamKinds.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="headcount"
              label={t('teams.headcount')}
              rules={[{ required: true, message: t('teams.headcountRequired') }]}
            >
              <InputNumber<number> min={0} max={100_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="status" label={t('teams.status')} rules={[{ required: true }]}>
              <Select options={TEAM_STATUSES.map((s) => ({ value: s, label: t(`teamStatuses.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="capabilities" label={t('teams.capabilities')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('teams.capabilitiesPlaceholder')}
            options={TEAM_CAPABILITIES.map((c) => ({ value: c, label: t(`capabilities.${c}`) }))}
            optionFilterProp="label"
          />
        </Form.Item>
        <DivisionLocationRow
          testIdPrefix="resources"
          isNew={!editing}
          divisionLabel={t('teams.division')}
          divisionRequired={t('teams.divisionRequired')}
        />
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactName"
              label={t('teams.contactName')}
              rules={[{ max: 50, message: t('common.maxLength', { max: 50 }) }]}
            >
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactPhone"
              label={t('teams.contactPhone')}
              rules={[{ pattern: PHONE_PATTERN, message: t('common.phoneInvalid') }]}
            >
              <Input maxLength={30} autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

export function TeamsTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const divisionName = useDivisionNames();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<TeamKind | undefined>();
  const [capability, setCapability] = useState<TeamCapability | undefined>();
  const [status, setStatus] = useState<TeamStatus | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [modal, setModal] = useState<{ open: boolean; editing: Team | null }>({ open: false, editing: null });
  const list = useTeams({ page, pageSize, q: q || undefined, kind, capability, status, divisionCode });
  const canManage = can('resource.manage');
  const filtered = !!(q || kind || capability || status || divisionCode);

  return (
    <>
      <RegistryToolbar
        registry="teams"
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
        exportHref={buildUrl('/teams/export.xlsx', { q: q || undefined, kind, capability, status, divisionCode })}
        canManage={canManage}
        onCreate={() => setModal({ open: true, editing: null })}
      >
        <Select<TeamKind>
          allowClear
          style={{ width: 170 }}
          placeholder={t('teams.kindFilter')}
          aria-label={t('teams.kindFilter')}
          value={kind}
          onChange={(v) => {
            setKind(v ?? undefined);
            setPage(1);
          }}
          options={TEAM_KINDS.map((k) => ({ value: k, label: t(`teamKinds.${k}`) }))}
        />
        <Select<TeamCapability>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 150 }}
          placeholder={t('teams.capabilityFilter')}
          aria-label={t('teams.capabilityFilter')}
          value={capability}
          onChange={(v) => {
            setCapability(v ?? undefined);
            setPage(1);
          }}
          options={TEAM_CAPABILITIES.map((c) => ({ value: c, label: t(`capabilities.${c}`) }))}
        />
        <Select<TeamStatus>
          allowClear
          style={{ width: 120 }}
          placeholder={t('teams.statusFilter')}
          aria-label={t('teams.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPage(1);
          }}
          options={TEAM_STATUSES.map((s) => ({ value: s, label: t(`teamStatuses.${s}`) }))}
        />
      </RegistryToolbar>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Team>
        rowKey="id"
        size="middle"
        data-testid="teams-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 960 }}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'teams.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('teams.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('teams.kind'),
            dataIndex: 'kind',
            width: 170,
            render: (k: TeamKind) => <Tag color={KIND_COLORS[k]}>{t(`teamKinds.${k}`)}</Tag>,
          },
          {
            title: t('teams.capabilities'),
            dataIndex: 'capabilities',
            render: (caps: string[]) =>
              caps.length === 0
                ? '—'
                : caps.map((c) => (
                    <Tag key={c} style={{ marginBottom: 2 }}>
                      {t(`capabilities.${c}`, { defaultValue: c })}
                    </Tag>
                  )),
          },
          {
            title: t('teams.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: TeamStatus) => <Tag color={TEAM_STATUS_COLORS[s]}>{t(`teamStatuses.${s}`)}</Tag>,
          },
          {
            title: t('teams.headcount'),
            dataIndex: 'headcount',
            width: 90,
            align: 'right',
          },
          {
            title: t('teams.division'),
            dataIndex: 'divisionCode',
            width: 180,
            render: (code: string) => <DivisionCell code={code} name={divisionName(code)} />,
          },
          {
            title: t('teams.contact'),
            key: 'contact',
            width: 170,
            render: (_: unknown, r: Team) =>
              r.contactName || r.contactPhone ? [r.contactName, r.contactPhone].filter(Boolean).join(' ') : '—',
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, r: Team) => (
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
      {modal.open && <TeamFormModal editing={modal.editing} onClose={() => setModal({ open: false, editing: null })} />}
    </>
  );
}
