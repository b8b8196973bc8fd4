import { useState, type ReactNode } from 'react';
import { Button, Card, Empty, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PROGRAMME_STATUSES } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { ErrorAlert, usePaging } from '../app/components';
// Importing the namespace name also registers the pages' strings with i18next.
import { PROGRAMME_NS } from './i18n';
import { useProgrammes, type Programme, type ProgrammeFilters, type ProgrammeStatus } from './api';
import { ProgrammeStatusTag, type RowAttrs } from './components';
import { ImportProgrammeButton } from './ImportExport';
import { MyTasks } from './MyTasks';
import './programme.css';

const TABS = ['programmes', 'mine'] as const;
type TabKey = (typeof TABS)[number];

function ProgrammesTab() {
  const { t } = useTranslation(PROGRAMME_NS);
  const { can } = useAuth();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [qInput, setQInput] = useState('');
  const [filters, setFilters] = useState<ProgrammeFilters>({});
  const list = useProgrammes({ ...filters, page, pageSize });
  const filtered = !!filters.q || !!filters.status;
  const setFilter = (patch: Partial<ProgrammeFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('list.searchPlaceholder')}
          aria-label={t('list.searchPlaceholder')}
          value={qInput}
          onChange={(e) => {
            setQInput(e.target.value);
            if (!e.target.value && filters.q) setFilter({ q: undefined });
          }}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          enterButton={t('common.search')}
          data-testid="programmes-search"
        />
        <Select<ProgrammeStatus>
          allowClear
          style={{ width: 140 }}
          placeholder={t('list.statusFilter')}
          aria-label={t('list.statusFilter')}
          value={filters.status}
          onChange={(v) => setFilter({ status: v ?? undefined })}
          options={PROGRAMME_STATUSES.map((s) => ({ value: s, label: t(`programmeStatus.${s}`) }))}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {can('programme.manage') && <ImportProgrammeButton />}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Programme>
        rowKey="id"
        size="middle"
        data-testid="programmes-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 1000 }}
        onRow={(r) => {
          const attrs: RowAttrs = { 'data-programme-id': r.id };
          return attrs;
        }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'list.empty')}
            />
          ),
        }}
        columns={[
          {
            title: t('fields.title'),
            dataIndex: 'title',
            render: (title: string, r: Programme) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/programme/${r.id}`} data-testid="programme-link">
                  <Typography.Text strong style={{ color: 'inherit' }}>
                    {title}
                  </Typography.Text>
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[r.issuer, r.documentNumber].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('fields.period'),
            key: 'period',
            width: 120,
            render: (_: unknown, r: Programme) => `${r.periodStart}–${r.periodEnd}`,
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: ProgrammeStatus) => <ProgrammeStatusTag status={s} />,
          },
          {
            title: t('counts.indicators'),
            key: 'indicators',
            width: 80,
            align: 'right',
            render: (_: unknown, r: Programme) => r.counts.indicators,
          },
          {
            title: t('counts.tasks'),
            key: 'tasks',
            width: 80,
            align: 'right',
            render: (_: unknown, r: Programme) => r.counts.tasks,
          },
          {
            title: t('counts.projects'),
            key: 'projects',
            width: 80,
            align: 'right',
            render: (_: unknown, r: Programme) => r.counts.projects,
          },
          {
            title: t('counts.completed'),
            key: 'completed',
            width: 90,
            align: 'right',
            render: (_: unknown, r: Programme) => r.counts.completed,
          },
          {
            title: t('counts.late'),
            key: 'late',
            width: 80,
            align: 'right',
            render: (_: unknown, r: Programme) =>
              r.counts.late > 0 ? <Typography.Text type="danger">{r.counts.late}</Typography.Text> : 0,
          },
        ]}
      />
    </>
  );
}

/** 规划实施: the programmes in the user's view and, for reporting units, 我的任务 (`?tab=` picks a tab). */
export default function ProgrammesPage() {
  const { t } = useTranslation(PROGRAMME_NS);
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const canReport = can('programme.report');
  const visible = TABS.filter((k) => k !== 'mine' || canReport);
  const requested = params.get('tab');
  // A unit liaison lands on its own tasks; plan officers on the programmes.
  const fallback: TabKey = canReport && !can('programme.manage') ? 'mine' : 'programmes';
  const active: TabKey = visible.find((k) => k === requested) ?? fallback;

  const content: Record<TabKey, ReactNode> = {
    programmes: <ProgrammesTab />,
    mine: <MyTasks />,
  };

  return (
    <Card title={t('title')} data-testid="programmes-page">
      <Tabs
        activeKey={active}
        destroyOnHidden
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={visible.map((key) => ({
          key,
          label: <span data-testid={`programme-tab-${key}`}>{t(`tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
    </Card>
  );
}
