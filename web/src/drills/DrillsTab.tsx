import { useState } from 'react';
import { Button, Empty, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DRILL_KINDS } from '@yingji/contracts';
import { buildUrl } from '../app/api';
import { ErrorAlert, usePaging } from '../app/components';
import { DRILLS_NS } from './i18n';
import { useDrills, useDrillsLive, type Drill, type DrillFilters, type DrillKind } from './api';
import {
  DrillKindTags,
  OrgSelect,
  PlanFilterSelect,
  PlanTitles,
  shortDate,
  today,
  useDrillManager,
  yearOptions,
} from './components';
import { DrillFormModal } from './DrillForm';
import { DrillDrawer } from './DrillDrawer';

function FollowUpCount({ drill }: { drill: Drill }) {
  const { t } = useTranslation(DRILLS_NS);
  const total = drill.followUps.length;
  if (total === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const open = drill.followUps.filter((f) => !f.done);
  const now = today();
  const overdue = open.filter((f) => f.dueDate < now).length;
  return (
    <span className="drills-number" title={overdue > 0 ? t('drills.followUpsOverdue', { count: overdue }) : undefined}>
      <Typography.Text type={overdue > 0 ? 'danger' : open.length > 0 ? 'warning' : 'success'}>
        {open.length}
      </Typography.Text>{' '}
      / {total}
    </span>
  );
}

/** 演练记录: every drill in the user's scope, newest first, with filters, Excel export and the record drawer. */
export function DrillsTab() {
  useDrillsLive();
  const { t } = useTranslation(DRILLS_NS);
  const { canManage } = useDrillManager();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [filters, setFilters] = useState<DrillFilters>({});
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Drill | null>(null);
  const list = useDrills({ ...filters, page, pageSize });
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const setFilter = (patch: Partial<DrillFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <div data-testid="drills-tab">
      <div className="page-toolbar">
        <OrgSelect
          allowClear
          style={{ width: 200 }}
          placeholder={t('filters.org')}
          value={filters.orgId}
          onChange={(orgId) => setFilter({ orgId, planId: undefined })}
          testId="drills-filter-org"
        />
        <Select<number>
          allowClear
          style={{ width: 120 }}
          placeholder={t('filters.year')}
          value={filters.year}
          onChange={(year) => setFilter({ year: year ?? undefined })}
          options={yearOptions().map((y) => ({ value: y, label: t('common.yearLabel', { year: y }) }))}
          data-testid="drills-filter-year"
        />
        <Select<DrillKind>
          allowClear
          style={{ width: 130 }}
          placeholder={t('filters.kind')}
          value={filters.kind}
          onChange={(kind) => setFilter({ kind: kind ?? undefined })}
          options={DRILL_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          data-testid="drills-filter-kind"
        />
        <PlanFilterSelect
          style={{ width: 200 }}
          ownerOrgId={filters.orgId}
          value={filters.planId}
          onChange={(planId) => setFilter({ planId })}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={buildUrl('/drills/export.xlsx', { ...filters })}
          data-testid="drills-export"
        >
          {t('common.exportExcel')}
        </Button>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="drills-create">
            {t('drills.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Drill>
        rowKey="id"
        size="middle"
        data-testid="drills-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        rowClassName={() => 'drills-clickable-row'}
        onRow={(r) => ({ onClick: () => setOpen(r) })}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'drills.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('drills.date'),
            dataIndex: 'date',
            width: 110,
            render: (d: string) => <span className="drills-number">{shortDate(d)}</span>,
          },
          { title: t('drills.org'), dataIndex: 'orgName', width: 160, render: (n: string | null) => n ?? '—' },
          {
            title: t('drills.title'),
            dataIndex: 'title',
            width: 180,
            render: (title: string | null, r) => (
              <Button
                type="link"
                size="small"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen(r);
                }}
              >
                {title ?? t('drills.untitled')}
              </Button>
            ),
          },
          {
            title: t('drills.plans'),
            dataIndex: 'planTitles',
            render: (titles: string[]) => <PlanTitles titles={titles} />,
          },
          {
            title: t('drills.kind'),
            dataIndex: 'kind',
            width: 140,
            render: (kind: DrillKind, r) => <DrillKindTags kind={kind} doubleBlind={r.doubleBlind} />,
          },
          {
            title: t('drills.participants'),
            dataIndex: 'participants',
            width: 80,
            align: 'right',
            render: (n: number | null) => <span className="drills-number">{n ?? '—'}</span>,
          },
          {
            title: t('drills.score'),
            dataIndex: 'score',
            width: 80,
            align: 'right',
            render: (s: number | null) =>
              s === null ? (
                '—'
              ) : (
                <Tag color={s >= 85 ? 'green' : s >= 60 ? 'gold' : 'red'} className="drills-number">
                  {s}
                </Tag>
              ),
          },
          {
            title: t('drills.problemsCount'),
            dataIndex: 'problems',
            width: 70,
            align: 'right',
            render: (p: string[]) => <span className="drills-number">{p.length}</span>,
          },
          {
            title: t('drills.followUpsColumn'),
            key: 'followUps',
            width: 124,
            align: 'right',
            render: (_: unknown, r) => <FollowUpCount drill={r} />,
          },
        ]}
      />
      {creating && <DrillFormModal onClose={() => setCreating(false)} onCreated={(d) => setOpen(d)} />}
      {open && <DrillDrawer drillId={open.id} shown={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
