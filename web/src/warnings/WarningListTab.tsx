import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { Button, DatePicker, Empty, Select, Space, Table, Typography } from 'antd';
import { GlobalOutlined, PlusOutlined, ReloadOutlined, WifiOutlined } from '@ant-design/icons';
import { HAZARD_TYPES, WARNING_STATUSES, type HazardType, type WarningStatus } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { useLiveEvents } from '../app/liveEvents';
import { DivisionPicker } from '../admin/DivisionPicker';
import { WARNINGS_NS } from './i18n';
import { FEED_URL, useWarnings, WARNINGS_KEY, type Warning, type WarningFilters } from './api';
import { LevelTag, StatusTag, useHazardLabel } from './components';

/** The significant prefix of a GB/T 2260 code (140300 → 1403, 140322 → 140322, 140000 → 14). */
function prefixOf(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** A warning concerns a division when it targets it, one above it or one below it. */
export function concernsDivision(w: Pick<Warning, 'divisionCodes'>, code: string): boolean {
  const p = prefixOf(code);
  return w.divisionCodes.some((c) => c.startsWith(p) || code.startsWith(prefixOf(c)));
}

/** A warning is in force some time within [from, to] (whole days). */
export function overlapsDays(w: Pick<Warning, 'onset' | 'expires'>, from: Dayjs, to: Dayjs): boolean {
  const start = from.startOf('day').valueOf();
  const end = to.endOf('day').valueOf();
  return Date.parse(w.onset) <= end && Date.parse(w.expires) >= start;
}

const STATE_EVENTS = ['warning.published', 'warning.updated', 'warning.cancelled', 'warning.expired'];

/** Refreshes the warning lists when a warning is published, updated, cancelled or expires anywhere. */
function useWarningListLive() {
  const qc = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    const offs = STATE_EVENTS.map((type) =>
      subscribe(type, () => void qc.invalidateQueries({ queryKey: [WARNINGS_KEY, 'list'] })),
    );
    return () => offs.forEach((off) => off());
  }, [qc, subscribe]);
}

/** How many recent warnings the division and date filters look through (the API's largest page). */
const LOCAL_WINDOW = 200;

/** 预警信息: the warnings in the user's view with status / hazard / level (server) and division / date filters. */
export function WarningListTab() {
  const { t, i18n } = useTranslation(WARNINGS_NS);
  const { can } = useAuth();
  const navigate = useNavigate();
  const hazardLabel = useHazardLabel();
  useWarningListLive();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [filters, setFilters] = useState<WarningFilters>({});
  const [division, setDivision] = useState<string | undefined>();
  const [days, setDays] = useState<[Dayjs, Dayjs] | null>(null);
  const local = !!division || !!days;
  const list = useWarnings(local ? { ...filters, page: 1, pageSize: LOCAL_WINDOW } : { ...filters, page, pageSize });
  const filtered = Object.values(filters).some((v) => v !== undefined) || local;

  const setFilter = (patch: Partial<WarningFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const rows = useMemo(() => {
    const items = list.data?.items ?? [];
    if (!local) return items;
    return items.filter(
      (w) => (!division || concernsDivision(w, division)) && (!days || overlapsDays(w, days[0], days[1])),
    );
  }, [list.data, local, division, days]);

  return (
    <>
      <div className="page-toolbar">
        <Select<WarningStatus>
          allowClear
          style={{ width: 130 }}
          placeholder={t('list.statusFilter')}
          aria-label={t('list.statusFilter')}
          value={filters.status}
          onChange={(v) => setFilter({ status: v ?? undefined })}
          options={WARNING_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          data-testid="warnings-status-filter"
        />
        <Select<HazardType>
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 140 }}
          placeholder={t('list.hazardFilter')}
          aria-label={t('list.hazardFilter')}
          value={filters.hazardType}
          onChange={(v) => setFilter({ hazardType: v ?? undefined })}
          options={HAZARD_TYPES.map((h) => ({ value: h, label: hazardLabel(h) }))}
          data-testid="warnings-hazard-filter"
        />
        <Select<number>
          allowClear
          style={{ width: 140 }}
          placeholder={t('list.levelFilter')}
          aria-label={t('list.levelFilter')}
          value={filters.level}
          onChange={(v) => setFilter({ level: v ?? undefined })}
          options={[1, 2, 3, 4].map((l) => ({ value: l, label: <LevelTag level={l} /> }))}
          data-testid="warnings-level-filter"
        />
        <DivisionPicker
          allowClear
          style={{ width: 180 }}
          placeholder={t('list.divisionFilter')}
          value={division}
          onChange={(v) => {
            setDivision(v);
            setPage(1);
          }}
        />
        <DatePicker.RangePicker
          allowClear
          style={{ width: 250 }}
          placeholder={[t('list.dateFrom'), t('list.dateTo')]}
          aria-label={t('list.dateFilter')}
          value={days}
          onChange={(v) => {
            setDays(v && v[0] && v[1] ? [v[0], v[1]] : null);
            setPage(1);
          }}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        <span className="page-toolbar-spacer" />
        <Space wrap>
          <a href="/public/warnings" target="_blank" rel="noreferrer" data-testid="warnings-public-link">
            <GlobalOutlined /> {t('list.publicPage')}
          </a>
          <a href={FEED_URL} target="_blank" rel="noreferrer" data-testid="warnings-feed-link">
            <WifiOutlined /> {t('list.feed')}
          </a>
          {can('warning.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/warnings/new')}
              data-testid="warnings-new"
            >
              {t('list.new')}
            </Button>
          )}
        </Space>
      </div>
      {local && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('list.filterNote', { count: LOCAL_WINDOW })}
        </Typography.Paragraph>
      )}
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />
      )}
      <Table<Warning>
        rowKey="id"
        size="middle"
        loading={list.isFetching && !list.data}
        dataSource={rows}
        data-testid="warnings-table"
        scroll={{ x: 1200 }}
        pagination={
          local
            ? { pageSize: 20, showTotal: (total) => t('common.total', { total }) }
            : pagination(list.data?.total ?? 0)
        }
        locale={{
          emptyText: <Empty description={filtered ? t('common.noMatch') : t('common.noData')} />,
        }}
        onRow={(w) =>
          ({
            'data-id': w.id,
            'data-status': w.status,
            'data-level': w.level,
            className: `warning-row warning-row-level-${w.level}`,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('list.level'),
            dataIndex: 'level',
            width: 120,
            render: (l: number) => <LevelTag level={l} />,
          },
          {
            title: t('list.headline'),
            dataIndex: 'headline',
            width: 300,
            render: (h: string, w) => (
              <Link to={`/warnings/${w.id}`} data-testid="warning-link">
                {(i18n.language === 'en-US' && w.headlineEn) || h}
              </Link>
            ),
          },
          { title: t('list.hazard'), dataIndex: 'hazardType', width: 110, render: (h: HazardType) => hazardLabel(h) },
          {
            title: t('list.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: WarningStatus) => <StatusTag status={s} />,
          },
          { title: t('list.area'), dataIndex: 'areaDesc', ellipsis: true },
          { title: t('list.onset'), dataIndex: 'onset', width: 170, render: (v: string) => formatTime(v) },
          { title: t('list.expires'), dataIndex: 'expires', width: 170, render: (v: string) => formatTime(v) },
          { title: t('list.org'), dataIndex: 'orgName', ellipsis: true, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}
