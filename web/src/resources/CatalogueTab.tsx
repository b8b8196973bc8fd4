import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Form, Input, Modal, Row, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, usePaging, HiddenSubmit } from '../app/components';
import { RESOURCES_NS } from './i18n';
import { ITEM_CODE_PATTERN, RESOURCES_KEY, useSupplyItems, type SupplyItem } from './api';

function ItemFormModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SupplyItem>();

  const save = useMutation({
    mutationFn: (v: SupplyItem) =>
      api.post<SupplyItem>('/supplies/items', {
        code: v.code.trim(),
        name: v.name.trim(),
        unit: v.unit.trim(),
        category: v.category.trim(),
      }),
    onSuccess: () => {
      message.success(t('common.created'));
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, 'items'] });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'SUPPLY_ITEM_CODE_TAKEN') {
        form.setFields([{ name: 'code', errors: [err.message] }]);
      }
    },
  });

  return (
    <Modal
      open
      title={t('catalogue.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && !(save.error instanceof ApiError && save.error.code === 'SUPPLY_ITEM_CODE_TAKEN') && (
        <FormError error={save.error} />
      )}
      <Form<SupplyItem>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="item-form"
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="code"
              label={t('catalogue.code')}
              tooltip={t('catalogue.codeHelp')}
              rules={[
                { required: true, whitespace: true, message: t('catalogue.codeRequired') },
                { pattern: ITEM_CODE_PATTERN, message: t('catalogue.codeInvalid') },
              ]}
            >
              <Input autoFocus maxLength={40} autoComplete="off" data-testid="item-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t('catalogue.name')}
              rules={[
                { required: true, whitespace: true, message: t('catalogue.nameRequired') },
                { max: 100, message: t('common.maxLength', { max: 100 }) },
              ]}
            >
              <Input maxLength={100} autoComplete="off" data-testid="item-name" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="unit"
              label={t('catalogue.unit')}
              rules={[
                { required: true, whitespace: true, message: t('catalogue.unitRequired') },
                { max: 10, message: t('common.maxLength', { max: 10 }) },
              ]}
            >
              <Input maxLength={10} autoComplete="off" placeholder={t('catalogue.unitPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="category"
              label={t('catalogue.category')}
              rules={[
                { required: true, whitespace: true, message: t('catalogue.categoryRequired') },
                { max: 40, message: t('common.maxLength', { max: 40 }) },
              ]}
            >
              <Input maxLength={40} autoComplete="off" placeholder={t('catalogue.categoryPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}

export function CatalogueTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [categoryInput, setCategoryInput] = useState('');
  const [category, setCategory] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useSupplyItems({ page, pageSize, q: q || undefined, category: category || undefined });
  const canManage = can('resource.manage');
  const filtered = !!(q || category);

  return (
    <>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('catalogue.searchPlaceholder')}
          aria-label={t('catalogue.searchPlaceholder')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          enterButton={t('common.search')}
          data-testid="items-search"
        />
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('catalogue.categoryFilter')}
          aria-label={t('catalogue.categoryFilter')}
          value={categoryInput}
          onChange={(e) => setCategoryInput(e.target.value)}
          onSearch={(v) => {
            setCategory(v.trim());
            setPage(1);
          }}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="items-create">
            {t('catalogue.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<SupplyItem>
        rowKey="code"
        size="middle"
        data-testid="items-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'catalogue.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('catalogue.code'),
            dataIndex: 'code',
            width: 180,
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          {
            title: t('catalogue.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          { title: t('catalogue.unit'), dataIndex: 'unit', width: 100 },
          {
            title: t('catalogue.category'),
            dataIndex: 'category',
            width: 180,
            render: (c: string) => (
              <Tag
                className="resources-clickable-tag"
                onClick={() => {
                  setCategoryInput(c);
                  setCategory(c);
                  setPage(1);
                }}
              >
                {c}
              </Tag>
            ),
          },
        ]}
      />
      {creating && <ItemFormModal onClose={() => setCreating(false)} />}
    </>
  );
}
