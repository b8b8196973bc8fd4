import { useState, type HTMLAttributes } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Grid,
  Input,
  List,
  Select,
  Space,
  Table,
  Typography,
  type TablePaginationConfig,
} from 'antd';
import { FilterOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, HAZARD_STATES } from '@yingji/contracts';
import { useAuth, useUser } from '../app/auth';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { OrgSelect } from '../admin/OrgSelect';
import { RISKS_NS } from './i18n';
import {
  useHazards,
  useSupervision,
  type Hazard,
  type HazardCategory,
  type HazardLevel,
  type HazardState,
} from './api';
import { HazardLevelTag, HazardStateTag, OverdueTag } from './components';

function useHazardColumns() {
  const { t } = useTranslation(RISKS_NS);
  return [
    {
      title: t('hazards.fields.title'),
      dataIndex: 'title',
      key: 'title',
      render: (_: unknown, h: Hazard) => (
        <Link to={`/risks/hazards/${h.id}`} data-testid="hazard-link">
          {h.title}
        </Link>
      ),
    },
    { title: t('fields.org'), dataIndex: 'orgName', key: 'org' },
    {
      title: t('hazards.fields.status'),
      key: 'status',
      render: (_: unknown, h: Hazard) => <HazardStateTag state={h.status} />,
    },
    {
      title: t('hazards.fields.level'),
      key: 'level',
      render: (_: unknown, h: Hazard) => <HazardLevelTag level={h.level} />,
    },
    {
      title: t('hazards.fields.category'),
      key: 'category',
      render: (_: unknown, h: Hazard) => t(`categories.${h.category}`),
    },
    {
      title: t('hazards.fields.deadline'),
      key: 'deadline',
      render: (_: unknown, h: Hazard) => (
        <span>
          <span className={h.overdue ? 'risk-overdue-text' : undefined}>{formatTime(h.deadline)}</span>
          {h.overdue && <OverdueTag />}
        </span>
      ),
    },
    {
      title: t('fields.division'),
      key: 'division',
      render: (_: unknown, h: Hazard) => h.divisionName ?? h.divisionCode,
    },
    {
      title: t('hazards.fields.reportedAt'),
      key: 'reportedAt',
      render: (_: unknown, h: Hazard) => formatTime(h.reportedAt),
    },
  ];
}

/**
 * The hazards of a list page: a table, or on a phone a list of compact cards (title, state, organisation,
 * deadline) that opens the hazard with one tap.
 */
function HazardList({
  testId,
  loading,
  items,
  pagination,
  emptyText,
  overdueRows = false,
}: {
  testId: string;
  loading: boolean;
  items: Hazard[];
  pagination: TablePaginationConfig;
  emptyText: string;
  overdueRows?: boolean;
}) {
  const { t } = useTranslation(RISKS_NS);
  const columns = useHazardColumns();
  const phone = Grid.useBreakpoint().md === false;
  if (phone) {
    return (
      <List<Hazard>
        data-testid={testId}
        loading={loading}
        dataSource={items}
        pagination={{
          current: pagination.current,
          pageSize: pagination.pageSize,
          total: pagination.total,
          onChange: pagination.onChange,
          size: 'small',
          align: 'center',
        }}
        locale={{ emptyText }}
        renderItem={(h) => (
          <List.Item key={h.id} className="risk-hazard-item" data-id={h.id} data-status={h.status}>
            <Link to={`/risks/hazards/${h.id}`} className="risk-hazard-item-link" data-testid="hazard-link">
              <span className="risk-hazard-item-title">{h.title}</span>
              <Space size={4} wrap>
                <HazardStateTag state={h.status} />
                {h.level === 'major' && <HazardLevelTag level={h.level} />}
                {h.overdue && <OverdueTag />}
              </Space>
              <Typography.Text type="secondary" className="risk-hazard-item-meta">
                {h.orgName} · {t(`categories.${h.category}`)}
                {h.deadline ? ` · ${t('hazards.fields.deadline')} ${formatTime(h.deadline).slice(0, 10)}` : ''}
              </Typography.Text>
            </Link>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Hazard>
      rowKey="id"
      size="middle"
      data-testid={testId}
      loading={loading}
      dataSource={items}
      columns={columns}
      pagination={pagination}
      scroll={{ x: 960 }}
      rowClassName={(h) => (overdueRows && h.overdue ? 'risk-row-overdue' : '')}
      onRow={(h) => ({ 'data-id': h.id, 'data-status': h.status }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText }}
    />
  );
}

/** 隐患排查治理: every hazard in scope, filtered by status, level, category, organisation, division and overdue. */
export default function HazardsPage() {
  const { t } = useTranslation(RISKS_NS);
  const { can } = useAuth();
  const navigate = useNavigate();
  const [status, setStatus] = useState<HazardState | undefined>();
  const [level, setLevel] = useState<HazardLevel | undefined>();
  const [category, setCategory] = useState<HazardCategory | undefined>();
  const [orgId, setOrgId] = useState<string | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [openOnly, setOpenOnly] = useState(false);
  const [q, setQ] = useState('');
  const phone = Grid.useBreakpoint().md === false;
  const [showFilters, setShowFilters] = useState(false);
  // An enterprise sees its own hazards only: no organisation or division filter.
  const isEnterprise = useUser().roles.includes('enterprise');
  const paging = usePaging((total) => t('common.total', { total }));
  const list = useHazards({
    status,
    level,
    category,
    orgId,
    divisionCode,
    overdue: overdue || undefined,
    open: openOnly || undefined,
    q: q || undefined,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      paging.setPage(1);
    };

  return (
    <Card data-testid="hazards-page" title={t('tabs.hazards')}>
      <div className="page-toolbar">
        {can('hazard.report') && (
          <Button
            type="primary"
            size="large"
            icon={<PlusOutlined />}
            onClick={() => void navigate('/risks/hazards/new')}
            data-testid="hazard-create"
            className="risk-primary-action"
          >
            {t('hazards.report')}
          </Button>
        )}
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('hazards.searchPlaceholder')}
          aria-label={t('hazards.searchPlaceholder')}
          onSearch={(v) => reset(setQ)(v.trim())}
          data-testid="hazards-search"
        />
        {phone && (
          <Button
            icon={<FilterOutlined />}
            onClick={() => setShowFilters((v) => !v)}
            aria-expanded={showFilters}
            data-testid="hazards-filters-toggle"
          >
            {showFilters ? t('hazards.hideFilters') : t('hazards.showFilters')}
          </Button>
        )}
        {(!phone || showFilters) && (
          <>
            <Select<HazardState>
              allowClear
              style={{ width: 140 }}
              placeholder={t('hazards.fields.status')}
              value={status}
              onChange={reset(setStatus)}
              options={HAZARD_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))}
              data-testid="hazards-status-filter"
            />
            <Select<HazardLevel>
              allowClear
              style={{ width: 130 }}
              placeholder={t('hazards.fields.level')}
              value={level}
              onChange={reset(setLevel)}
              options={HAZARD_LEVELS.map((l) => ({ value: l, label: t(`hazardLevels.${l}`) }))}
            />
            <Select<HazardCategory>
              allowClear
              style={{ width: 140 }}
              placeholder={t('hazards.fields.category')}
              value={category}
              onChange={reset(setCategory)}
              options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
            />
            {!isEnterprise && <OrgSelect allowClear style={{ width: 200 }} value={orgId} onChange={reset(setOrgId)} />}
            {!isEnterprise && (
              <DivisionPicker
                allowClear
                style={{ width: 160 }}
                placeholder={t('fields.divisionFilter')}
                value={divisionCode}
                onChange={reset(setDivisionCode)}
              />
            )}
            <Checkbox
              checked={overdue}
              onChange={(e) => reset(setOverdue)(e.target.checked)}
              data-testid="hazards-overdue"
            >
              {t('hazards.overdueOnly')}
            </Checkbox>
            <Checkbox checked={openOnly} onChange={(e) => reset(setOpenOnly)(e.target.checked)}>
              {t('hazards.openOnly')}
            </Checkbox>
          </>
        )}
        <span className="page-toolbar-spacer" />
        {!phone && (
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <HazardList
        testId="hazards-table"
        loading={list.isFetching}
        items={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total ?? 0)}
        emptyText={t('hazards.empty')}
      />
    </Card>
  );
}

/** 挂牌督办: overdue hazards and major hazards not yet written off, overdue first, for the county. */
export function SupervisionPage() {
  const { t } = useTranslation(RISKS_NS);
  const [orgId, setOrgId] = useState<string | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const paging = usePaging((total) => t('common.total', { total }));
  const list = useSupervision({ orgId, divisionCode, page: paging.page, pageSize: paging.pageSize });
  return (
    <Card data-testid="supervision-page" title={t('tabs.supervision')}>
      <Typography.Paragraph type="secondary">{t('supervision.help')}</Typography.Paragraph>
      <div className="page-toolbar">
        <OrgSelect
          allowClear
          style={{ width: 220 }}
          value={orgId}
          onChange={(v) => {
            setOrgId(v);
            paging.setPage(1);
          }}
        />
        <DivisionPicker
          allowClear
          style={{ width: 180 }}
          placeholder={t('fields.divisionFilter')}
          value={divisionCode}
          onChange={(v) => {
            setDivisionCode(v);
            paging.setPage(1);
          }}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <HazardList
        testId="supervision-table"
        loading={list.isFetching}
        items={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total ?? 0)}
        emptyText={t('supervision.empty')}
        overdueRows
      />
    </Card>
  );
}
