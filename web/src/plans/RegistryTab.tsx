import { useState } from 'react';
import { Button, Empty, Input, Select, Table, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PLAN_KINDS, PLAN_STATUSES, type PlanKind } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { ErrorAlert, usePaging } from '../app/components';
import { PLANS_NS } from './i18n';
import { plansExportUrl, usePlans, type Plan, type PlanFilters } from './api';
import { planKindLabel, planStatusLabel, type PlanStatus } from './labels';
import { DivisionName, FilingStatus, OrgPicker, PlanKindTag, PlanStatusTag, dateText } from './components';
import { PlanEditor } from './PlanEditor';

/** 预案库: the plans in the user's view, server-paged, with filters, Excel export and 新建预案. */
export function RegistryTab() {
  const { t } = useTranslation(PLANS_NS);
  const { can } = useAuth();
  const navigate = useNavigate();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [qInput, setQInput] = useState('');
  const [filters, setFilters] = useState<PlanFilters>({});
  const [creating, setCreating] = useState(false);
  const list = usePlans({ ...filters, page, pageSize });
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');
  const canManage = can('plan.manage');

  const setFilter = (patch: Partial<PlanFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('registry.searchPlaceholder')}
          aria-label={t('registry.searchPlaceholder')}
          value={qInput}
          onChange={(e) => {
            setQInput(e.target.value);
            if (!e.target.value && filters.q) setFilter({ q: undefined });
          }}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          enterButton={t('common.search')}
          data-testid="plans-search"
        />
        <Select<PlanKind>
          allowClear
          style={{ width: 170 }}
          placeholder={t('registry.kindFilter')}
          aria-label={t('registry.kindFilter')}
          value={filters.kind}
          onChange={(v) => setFilter({ kind: v ?? undefined })}
          options={PLAN_KINDS.map((k) => ({ value: k, label: planKindLabel(k) }))}
          data-testid="plans-kind-filter"
        />
        <Select<PlanStatus>
          allowClear
          style={{ width: 120 }}
          placeholder={t('registry.statusFilter')}
          aria-label={t('registry.statusFilter')}
          value={filters.status}
          onChange={(v) => setFilter({ status: v ?? undefined })}
          options={PLAN_STATUSES.map((s) => ({ value: s, label: planStatusLabel(s) }))}
          data-testid="plans-status-filter"
        />
        <OrgPicker
          allowClear
          style={{ width: 220 }}
          placeholder={t('registry.ownerFilter')}
          aria-label={t('registry.ownerFilter')}
          preferKinds={['government', 'department']}
          value={filters.ownerOrgId}
          onChange={(v) => setFilter({ ownerOrgId: typeof v === 'string' ? v : undefined })}
          testId="plans-owner-filter"
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        <Button icon={<DownloadOutlined />} href={plansExportUrl(filters)} data-testid="plans-export">
          {t('common.exportExcel')}
        </Button>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plans-create">
            {t('registry.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Plan>
        rowKey="id"
        size="middle"
        data-testid="plans-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1170 }}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'registry.empty')}
            >
              {!filtered && !list.isError && canManage && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('registry.create')}
                </Button>
              )}
            </Empty>
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('fields.title'),
            dataIndex: 'title',
            width: 240,
            render: (title: string, r: Plan) => (
              <Link to={`/plans/${r.id}`} data-testid="plan-link">
                <Typography.Text strong style={{ color: 'inherit' }}>
                  {title}
                </Typography.Text>
              </Link>
            ),
          },
          {
            title: t('fields.kind'),
            dataIndex: 'kind',
            width: 150,
            render: (kind: PlanKind) => <PlanKindTag kind={kind} />,
          },
          {
            title: t('fields.ownerOrg'),
            dataIndex: 'ownerOrgName',
            width: 170,
            render: (name: string | null) => name ?? '—',
          },
          {
            title: t('fields.division'),
            dataIndex: 'divisionCode',
            width: 140,
            render: (code: string) => <DivisionName code={code} />,
          },
          {
            title: t('fields.version'),
            dataIndex: 'version',
            width: 80,
            render: (v: string | null) => v || '—',
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: PlanStatus) => <PlanStatusTag status={s} />,
          },
          {
            title: t('fields.publishedAt'),
            dataIndex: 'publishedAt',
            width: 110,
            render: (d: string | null) => dateText(d),
          },
          {
            title: t('fields.filing'),
            key: 'filing',
            width: 190,
            fixed: 'right',
            render: (_: unknown, r: Plan) => <FilingStatus plan={r} />,
          },
        ]}
      />
      {creating && (
        <PlanEditor
          plan={null}
          onClose={() => setCreating(false)}
          onSaved={(plan) => {
            setCreating(false);
            void navigate(`/plans/${plan.id}`);
          }}
        />
      )}
    </>
  );
}
