import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Card, Empty, Input, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { INCIDENT_GRADES, INCIDENT_STATUSES } from '@yingji/contracts';
import { buildUrl } from '../app/api';
import { ErrorAlert, formatTime } from '../app/components';
import { useIncidentList, type Incident, type IncidentGrade, type IncidentStatus } from './api';
import { CasualtiesSummary, Countdown, GradeTag, isOverdueNow, nextDeadline, useIncidentLabel, useNow } from './shared';

type RowAttrs = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;

const PAGE_SIZE = 50;

/** The live board: incidents in scope, newest first, with the next reporting deadline ticking. */
export function IncidentBoard() {
  const { t } = useTranslation();
  const label = useIncidentLabel();
  const now = useNow();
  const [status, setStatus] = useState<IncidentStatus | 'all'>('open');
  const [grade, setGrade] = useState<IncidentGrade | undefined>();
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);

  const params = {
    status: status === 'all' ? undefined : status,
    grade,
    q: q || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useIncidentList(params);

  const columns = useMemo<TableColumnsType<Incident>>(
    () => [
      {
        title: t('incidents.fields.number'),
        dataIndex: 'number',
        width: 128,
        render: (n: string, r) => (
          <Link to={`/incidents/${r.id}`} className="incident-number">
            {n}
          </Link>
        ),
      },
      {
        title: t('incidents.fields.title'),
        dataIndex: 'title',
        ellipsis: { showTitle: false },
        render: (title: string, r) => (
          <Tooltip title={`${label(r.category)} · ${label(r.type)}`}>
            <Link to={`/incidents/${r.id}`}>{title}</Link>
          </Tooltip>
        ),
      },
      {
        title: t('incidents.fields.grade'),
        dataIndex: 'grade',
        width: 84,
        render: (g: IncidentGrade | null) => <GradeTag grade={g} />,
      },
      {
        title: t('incidents.board.division'),
        dataIndex: 'divisionName',
        width: 68,
        render: (name: string | null, r) => name ?? r.divisionCode,
      },
      {
        title: t('incidents.fields.receivedAt'),
        dataIndex: 'receivedAt',
        width: 96,
        render: (v: string) => (
          <Tooltip title={formatTime(v)}>
            <span className="incident-time-short">{dayjs(v).format('MM-DD HH:mm')}</span>
          </Tooltip>
        ),
      },
      {
        title: t('incidents.fields.nextDeadline'),
        key: 'deadline',
        width: 140,
        render: (_: unknown, r) => {
          if (r.status === 'closed') return <Typography.Text type="secondary">{label('closed')}</Typography.Text>;
          const next = nextDeadline(r);
          if (!next)
            return (
              <Typography.Text type="secondary">
                {r.grade ? t('incidents.chain.allReported') : t('incidents.gradePending')}
              </Typography.Text>
            );
          return (
            <Space orientation="vertical" size={0}>
              <Typography.Text type="secondary" className="incident-deadline-level">
                {t('incidents.chain.reportTo', { level: label(next.level) })}
              </Typography.Text>
              <Countdown to={next.dueAt} />
            </Space>
          );
        },
      },
      {
        title: t('incidents.fields.casualties'),
        key: 'casualties',
        width: 100,
        render: (_: unknown, r) => <CasualtiesSummary casualties={r.casualties} compact />,
      },
    ],
    [t, label],
  );

  const exportHref = buildUrl('/incidents/export.xlsx', { status: params.status, grade, q: params.q });

  return (
    <Card
      size="small"
      title={t('incidents.board.title')}
      extra={
        <Space size={4}>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('common.refresh')}
          </Button>
          <Button size="small" icon={<DownloadOutlined />} href={exportHref}>
            {t('incidents.exportExcel')}
          </Button>
        </Space>
      }
    >
      <div className="page-toolbar">
        <Select<IncidentStatus | 'all'>
          size="small"
          style={{ width: 110 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            ...INCIDENT_STATUSES.map((s) => ({ value: s, label: label(s) })),
            { value: 'all' as const, label: t('incidents.board.allStatuses') },
          ]}
          data-testid="board-status"
        />
        <Select<IncidentGrade>
          size="small"
          allowClear
          style={{ width: 120 }}
          placeholder={t('incidents.board.allGrades')}
          value={grade}
          onChange={(v) => {
            setGrade(v);
            setPage(1);
          }}
          options={INCIDENT_GRADES.map((g) => ({ value: g, label: label(g) }))}
        />
        <Input.Search
          size="small"
          allowClear
          style={{ width: 240 }}
          placeholder={t('incidents.board.searchPlaceholder')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          data-testid="board-search"
        />
        <span className="page-toolbar-spacer" />
        {list.data && (
          <Typography.Text type="secondary">{t('common.total', { total: list.data.total })}</Typography.Text>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />
      )}
      <div data-testid="incident-board">
        <Table<Incident>
          size="small"
          rowKey="id"
          className="incident-board"
          loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: 720 }}
          rowClassName={(r) => (r.status === 'open' && isOverdueNow(r, now) ? 'incident-overdue' : '')}
          onRow={(r) => {
            const attrs: RowAttrs = {
              'data-number': r.number,
              'data-grade': r.grade ?? 'none',
              'data-overdue': r.isOverdue ? 'true' : 'false',
            };
            return attrs;
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={status === 'open' && !q && !grade ? t('incidents.board.emptyOpen') : t('common.noData')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
        />
      </div>
    </Card>
  );
}
