import { useMemo, useState } from 'react';
import { Button, Checkbox, Empty, Input, Select, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PROGRAMME_TASK_STATUSES } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { PROGRAMME_NS } from './i18n';
import {
  useProgrammeTasks,
  useProgrammeUnits,
  type Programme,
  type ProgrammeItemKind,
  type ProgrammeTask,
  type ProgrammeTaskStatus,
  type TaskFilters,
} from './api';
import { PercentBar, TaskStatusTag, UnitNames, deadlineOf, type RowAttrs } from './components';

type Filters = Omit<TaskFilters, 'kind'>;

/** 重点任务 / 重点工程 / 专项整治: the programme's items with filters by unit, status, lateness and section. */
export function TasksTab({ programme, kind }: { programme: Programme; kind: ProgrammeItemKind }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { can } = useAuth();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }), 50);
  const [qInput, setQInput] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const list = useProgrammeTasks(programme.id, { kind, ...filters, page, pageSize });
  // Every item of this kind (one page of up to 200), for the section filter.
  const all = useProgrammeTasks(programme.id, { kind, page: 1, pageSize: 200 });
  const units = useProgrammeUnits(programme.id);
  const sections = useMemo(
    () => [...new Set((all.data?.items ?? []).map((i) => i.section).filter(Boolean))],
    [all.data],
  );
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');
  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <>
      {!can('programme.manage') && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('tasks.scopeNote')}
        </Typography.Paragraph>
      )}
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('tasks.searchPlaceholder')}
          aria-label={t('tasks.searchPlaceholder')}
          value={qInput}
          onChange={(e) => {
            setQInput(e.target.value);
            if (!e.target.value && filters.q) setFilter({ q: undefined });
          }}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          enterButton={t('common.search')}
          data-testid="tasks-search"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220 }}
          placeholder={t('tasks.unitFilter')}
          aria-label={t('tasks.unitFilter')}
          value={filters.unitId}
          loading={units.isPending}
          onChange={(v) => setFilter({ unitId: v ?? undefined })}
          options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          data-testid="tasks-unit-filter"
        />
        {filters.unitId && (
          <Select<'any' | 'lead'>
            style={{ width: 130 }}
            value={filters.role ?? 'any'}
            aria-label={t('tasks.roleFilter')}
            onChange={(v) => setFilter({ role: v })}
            options={[
              { value: 'any', label: t('tasks.roleAny') },
              { value: 'lead', label: t('tasks.roleLead') },
            ]}
          />
        )}
        <Select<ProgrammeTaskStatus>
          allowClear
          style={{ width: 120 }}
          placeholder={t('tasks.statusFilter')}
          aria-label={t('tasks.statusFilter')}
          value={filters.status}
          onChange={(v) => setFilter({ status: v ?? undefined })}
          options={PROGRAMME_TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
          data-testid="tasks-status-filter"
        />
        {sections.length > 0 && (
          <Select<string>
            allowClear
            style={{ width: 240 }}
            placeholder={t('tasks.sectionFilter')}
            aria-label={t('tasks.sectionFilter')}
            value={filters.section}
            onChange={(v) => setFilter({ section: v ?? undefined })}
            options={sections.map((s) => ({ value: s, label: s }))}
            data-testid="tasks-section-filter"
          />
        )}
        <Checkbox
          checked={filters.overdue === 'true'}
          onChange={(e) => setFilter({ overdue: e.target.checked ? 'true' : undefined })}
          data-testid="tasks-overdue-filter"
        >
          {t('tasks.overdueOnly')}
        </Checkbox>
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<ProgrammeTask>
        rowKey="id"
        size="middle"
        data-testid="programme-tasks"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 1200 }}
        rowClassName={(r) => (r.status === 'late' ? 'programme-row-late' : '')}
        onRow={(r) => {
          const attrs: RowAttrs = {
            'data-testid': 'programme-task-row',
            'data-task-id': r.id,
            'data-number': r.number,
            'data-status': r.status,
          };
          return attrs;
        }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'tasks.empty')}
            />
          ),
        }}
        columns={[
          { title: t('fields.number'), dataIndex: 'number', width: 80 },
          {
            title: t('fields.taskTitle'),
            dataIndex: 'title',
            render: (title: string, r: ProgrammeTask) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/programme/tasks/${r.id}`} data-testid="programme-task-link">
                  {title}
                </Link>
                {r.section && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.section}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('fields.leadUnits'),
            key: 'lead',
            width: 200,
            render: (_: unknown, r: ProgrammeTask) => <UnitNames units={r.leadUnits} max={3} />,
          },
          {
            title: t('fields.responsibleUnits'),
            key: 'responsible',
            width: 200,
            render: (_: unknown, r: ProgrammeTask) => <UnitNames units={r.responsibleUnits} max={3} />,
          },
          {
            title: t('fields.deadline'),
            key: 'deadline',
            width: 110,
            render: (_: unknown, r: ProgrammeTask) => deadlineOf(r) ?? '—',
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: ProgrammeTaskStatus) => <TaskStatusTag status={s} />,
          },
          {
            title: t('fields.percent'),
            key: 'percent',
            width: 150,
            render: (_: unknown, r: ProgrammeTask) => <PercentBar percent={r.percentComplete} status={r.status} />,
          },
          {
            title: t('fields.lastReportAt'),
            dataIndex: 'lastReportAt',
            width: 160,
            render: (v: string | null) => formatTime(v),
          },
        ]}
      />
    </>
  );
}
