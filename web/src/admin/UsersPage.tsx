import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { EditOutlined, LockOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ROLES, type Role, type User } from '@yingji/contracts';
import { api, type ListResult } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime, usePaging } from '../app/components';
import { OrgSelect } from './OrgSelect';

interface UserFormValues {
  username: string;
  password?: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  isActive: boolean;
}

function isLocked(u: User): boolean {
  return !!u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs());
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

function UserFormModal({ editing, onClose }: { editing: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserFormValues>();
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  const save = useMutation({
    mutationFn: (values: UserFormValues) => {
      if (!editing) {
        return api.post<User>('/users', {
          username: values.username.trim(),
          password: values.password ?? '',
          displayName: values.displayName.trim(),
          orgId: values.orgId,
          roles: values.roles,
        });
      }
      const patch: Partial<Pick<UserFormValues, 'displayName' | 'orgId' | 'roles' | 'isActive' | 'password'>> = {};
      const displayName = values.displayName.trim();
      if (displayName !== editing.displayName) patch.displayName = displayName;
      if (values.orgId !== editing.orgId) patch.orgId = values.orgId;
      if (!sameRoles(values.roles, editing.roles)) patch.roles = values.roles;
      if (values.isActive !== editing.isActive) patch.isActive = values.isActive;
      if (values.password) patch.password = values.password;
      return api.patch<User>(`/users/${editing.id}`, patch);
    },
    onSuccess: () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('users.editTitle', { username: editing.username }) : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <FormError error={save.error} />}
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? {
                username: editing.username,
                displayName: editing.displayName,
                orgId: editing.orgId,
                roles: editing.roles,
                isActive: editing.isActive,
              }
            : { roles: ['viewer'], isActive: true }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={editing ? undefined : t('users.usernameHelp')}
          rules={[
            { required: true, whitespace: true, message: t('users.usernameRequired') },
            { pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, message: t('users.usernameHelp') },
          ]}
        >
          <Input disabled={!!editing} autoFocus={!editing} autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('users.displayNameRequired') },
            { max: 50, message: t('common.maxLength', { max: 50 }) },
          ]}
        >
          <Input autoFocus={!!editing} maxLength={50} />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('users.orgRequired') }]}>
          <OrgSelect />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, message: t('users.rolesRequired') }]}
        >
          <Select mode="multiple" options={roleOptions} />
        </Form.Item>
        <Form.Item
          name="password"
          label={editing ? t('users.newPassword') : t('users.password')}
          extra={t('users.passwordHelp')}
          rules={editing ? [] : [{ required: true, message: t('users.passwordRequired') }]}
        >
          <Input.Password
            autoComplete="new-password"
            placeholder={editing ? t('users.newPasswordPlaceholder') : undefined}
          />
        </Form.Item>
        {editing && (
          <Form.Item name="isActive" label={t('users.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [orgId, setOrgId] = useState<string | undefined>();
  const [role, setRole] = useState<Role | undefined>();
  const [modal, setModal] = useState<{ open: boolean; editing: User | null }>({ open: false, editing: null });

  const list = useQuery({
    queryKey: ['users', 'list', { page, pageSize, q, orgId, role }],
    queryFn: ({ signal }) => api.get<ListResult<User>>('/users', { page, pageSize, q, orgId, role }, signal),
    placeholderData: keepPreviousData,
  });

  const canCreate = can('user.create');
  const canUpdate = can('user.update');

  return (
    <Card title={t('nav.users')}>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('users.searchPlaceholder')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          enterButton={t('common.search')}
        />
        <OrgSelect
          allowClear
          style={{ width: 220 }}
          placeholder={t('users.orgFilter')}
          value={orgId}
          onChange={(v) => {
            setOrgId(v);
            setPage(1);
          }}
        />
        <Select<Role>
          allowClear
          style={{ width: 160 }}
          placeholder={t('users.roleFilter')}
          value={role}
          onChange={(v) => {
            setRole(v ?? undefined);
            setPage(1);
          }}
          options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, editing: null })}>
            {t('common.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<User>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('users.empty')} /> }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('users.username'),
            dataIndex: 'username',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.org'), dataIndex: 'orgName' },
          {
            title: t('users.roles'),
            dataIndex: 'roles',
            render: (roles: Role[]) => (
              <Space size={[4, 4]} wrap>
                {roles.map((r) => (
                  <Tag key={r} color="blue">
                    {t(`roles.${r}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('users.status'),
            key: 'status',
            width: 150,
            render: (_: unknown, u: User) => (
              <Space size={4} wrap>
                {u.isActive ? (
                  <Tag color="green">{t('users.statusActive')}</Tag>
                ) : (
                  <Tag>{t('users.statusDisabled')}</Tag>
                )}
                {isLocked(u) && (
                  <Tooltip title={t('users.lockedUntil', { time: formatTime(u.lockedUntil) })}>
                    <Tag color="red" icon={<LockOutlined />}>
                      {t('users.statusLocked')}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('users.lastLoginAt'),
            dataIndex: 'lastLoginAt',
            width: 180,
            render: (v: string | null) => formatTime(v),
          },
          ...(canUpdate
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 100,
                  render: (_: unknown, u: User) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setModal({ open: true, editing: u })}
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {modal.open && <UserFormModal editing={modal.editing} onClose={() => setModal({ open: false, editing: null })} />}
    </Card>
  );
}
