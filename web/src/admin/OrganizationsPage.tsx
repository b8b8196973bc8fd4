import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ORG_KINDS, type Organization, type OrgKind } from '@yingji/contracts';
import { api, type ListResult } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime, usePaging } from '../app/components';
import { DivisionPicker } from './DivisionPicker';
import { OrgSelect } from './OrgSelect';

interface OrgFormValues {
  name: string;
  kind: OrgKind;
  divisionCode: string;
  parentId?: string;
  highRisk: boolean;
}

const KIND_COLORS: Record<OrgKind, string> = {
  government: 'blue',
  department: 'geekblue',
  enterprise: 'orange',
  rescue_team: 'red',
  institution: 'purple',
};

function OrgFormModal({ editing, onClose }: { editing: Organization | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrgFormValues>();

  const save = useMutation({
    mutationFn: (values: OrgFormValues) => {
      const body = {
        name: values.name.trim(),
        kind: values.kind,
        divisionCode: values.divisionCode,
        parentId: values.parentId ?? null,
        highRisk: values.highRisk,
      };
      if (!editing) return api.post<Organization>('/organizations', body);
      const patch: Partial<typeof body> = {};
      if (body.name !== editing.name) patch.name = body.name;
      if (body.kind !== editing.kind) patch.kind = body.kind;
      if (body.divisionCode !== editing.divisionCode) patch.divisionCode = body.divisionCode;
      if (body.parentId !== editing.parentId) patch.parentId = body.parentId;
      if (body.highRisk !== editing.highRisk) patch.highRisk = body.highRisk;
      return api.patch<Organization>(`/organizations/${editing.id}`, patch);
    },
    onSuccess: () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('orgs.editTitle') : t('orgs.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <FormError error={save.error} />}
      <Form<OrgFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? {
                name: editing.name,
                kind: editing.kind,
                divisionCode: editing.divisionCode,
                parentId: editing.parentId ?? undefined,
                highRisk: editing.highRisk,
              }
            : { kind: 'government', highRisk: false }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('orgs.name')}
          rules={[
            { required: true, whitespace: true, message: t('orgs.nameRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true, message: t('orgs.kindRequired') }]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('orgs.division')}
          rules={[{ required: true, message: t('orgs.divisionRequired') }]}
        >
          <DivisionPicker />
        </Form.Item>
        <Form.Item name="parentId" label={t('orgs.parent')}>
          <OrgSelect allowClear excludeId={editing?.id} placeholder={t('orgs.parentPlaceholder')} />
        </Form.Item>
        <Form.Item name="highRisk" label={t('orgs.highRisk')} valuePropName="checked" tooltip={t('orgs.highRiskHelp')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<OrgKind | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [modal, setModal] = useState<{ open: boolean; editing: Organization | null }>({ open: false, editing: null });

  const list = useQuery({
    queryKey: ['organizations', 'list', { page, pageSize, q, kind, divisionCode }],
    queryFn: ({ signal }) =>
      api.get<ListResult<Organization>>('/organizations', { page, pageSize, q, kind, divisionCode }, signal),
    placeholderData: keepPreviousData,
  });

  const canCreate = can('organization.create');
  const canUpdate = can('organization.update');

  return (
    <Card title={t('nav.organizations')}>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('orgs.searchPlaceholder')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          enterButton={t('common.search')}
          data-testid="orgs-search"
        />
        <Select<OrgKind>
          allowClear
          style={{ width: 160 }}
          placeholder={t('orgs.kindFilter')}
          value={kind}
          onChange={(v) => {
            setKind(v ?? undefined);
            setPage(1);
          }}
          options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKinds.${k}`) }))}
        />
        <DivisionPicker
          allowClear
          style={{ width: 200 }}
          placeholder={t('orgs.divisionFilter')}
          value={divisionCode}
          onChange={(v) => {
            setDivisionCode(v);
            setPage(1);
          }}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setModal({ open: true, editing: null })}
            data-testid="orgs-create"
          >
            {t('common.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Organization>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('orgs.empty')} /> }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('orgs.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('orgs.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (k: OrgKind) => <Tag color={KIND_COLORS[k]}>{t(`orgKinds.${k}`)}</Tag>,
          },
          {
            title: t('orgs.division'),
            dataIndex: 'divisionCode',
            render: (_: string, o) => (
              <span>
                {o.divisionName ?? o.divisionCode}{' '}
                <Typography.Text type="secondary" className="hash-text">
                  {o.divisionCode}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t('orgs.highRisk'),
            dataIndex: 'highRisk',
            width: 110,
            render: (v: boolean) => (v ? <Tag color="red">{t('orgs.highRiskYes')}</Tag> : '—'),
          },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 180, render: (v: string) => formatTime(v) },
          ...(canUpdate
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 100,
                  render: (_: unknown, o: Organization) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setModal({ open: true, editing: o })}
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {modal.open && <OrgFormModal editing={modal.editing} onClose={() => setModal({ open: false, editing: null })} />}
    </Card>
  );
}
