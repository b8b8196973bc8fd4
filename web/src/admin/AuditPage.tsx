import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Input, Row, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@yingji/contracts';
import { api, errorMessage, type ListResult } from '../app/api';
import { ErrorAlert, formatTime, usePaging } from '../app/components';

interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' } | null;
}

interface Filters {
  entity: string;
  id: string;
  action: string;
}

const EMPTY_FILTERS: Filters = { entity: '', id: '', action: '' };

function JsonBlock({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">{t('audit.noSnapshot')}</Typography.Text>;
  // Rendered as text, never as HTML: the snapshot holds user-entered data.
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

function AuditDetail({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`audit-detail-${entry.seq}`}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <JsonBlock value={entry.before} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <JsonBlock value={entry.after} />
        </Col>
      </Row>
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">
          {t('audit.requestId')}: <span className="hash-text">{entry.requestId ?? '—'}</span>
        </Typography.Text>
        <br />
        <Typography.Text type="secondary">
          {t('audit.prevHash')}: <span className="hash-text">{entry.prevHash}</span>
        </Typography.Text>
        <br />
        <Typography.Text type="secondary">
          {t('audit.hash')}: <span className="hash-text">{entry.hash}</span>
        </Typography.Text>
      </div>
    </div>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);

  const list = useQuery({
    queryKey: ['audit', 'list', { page, pageSize, ...filters }],
    queryFn: ({ signal }) =>
      api.get<ListResult<AuditEntry>>(
        '/audit',
        { page, pageSize, entity: filters.entity.trim(), id: filters.id.trim(), action: filters.action.trim() },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

  const verify = useMutation({ mutationFn: () => api.get<VerifyResult>('/audit/verify') });

  const apply = () => {
    setFilters(draft);
    setPage(1);
  };

  return (
    <Card title={t('nav.audit')}>
      <div className="page-toolbar">
        <Input
          allowClear
          style={{ width: 160 }}
          placeholder={t('audit.entity')}
          value={draft.entity}
          onChange={(e) => setDraft({ ...draft, entity: e.target.value })}
          onPressEnter={apply}
        />
        <Input
          allowClear
          style={{ width: 220 }}
          placeholder={t('audit.entityId')}
          value={draft.id}
          onChange={(e) => setDraft({ ...draft, id: e.target.value })}
          onPressEnter={apply}
        />
        <Input
          allowClear
          style={{ width: 180 }}
          placeholder={t('audit.action')}
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          onPressEnter={apply}
        />
        <Button type="primary" icon={<SearchOutlined />} onClick={apply}>
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            setFilters(EMPTY_FILTERS);
            setPage(1);
          }}
        >
          {t('common.reset')}
        </Button>
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate()}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </div>
      {verify.isError && (
        <Alert type="error" showIcon closable style={{ marginBottom: 16 }} title={errorMessage(verify.error)} />
      )}
      {verify.data && (
        <Alert
          data-testid="audit-verify-result"
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          style={{ marginBottom: 16 }}
          title={
            verify.data.ok
              ? t('audit.verifyOk', { checked: verify.data.checked })
              : t('audit.verifyBroken', { checked: verify.data.checked })
          }
          description={
            verify.data.firstBroken
              ? t('audit.firstBroken', {
                  seq: verify.data.firstBroken.seq,
                  reason: t(`audit.reasons.${verify.data.firstBroken.reason}`),
                })
              : undefined
          }
        />
      )}
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<AuditEntry>
        rowKey="seq"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
        expandable={{ expandedRowRender: (entry) => <AuditDetail entry={entry} /> }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => formatTime(v) },
          {
            title: t('audit.actor'),
            dataIndex: 'actorName',
            // Entries without an actor id were written by the system itself (seeding, jobs, logins).
            render: (v: string | null, entry: AuditEntry) =>
              entry.actorId ? (
                (v ?? entry.actorId)
              ) : (
                <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
              ),
          },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Tag color="blue">{v}</Tag> },
          { title: t('audit.entity'), dataIndex: 'entity' },
          {
            title: t('audit.entityId'),
            dataIndex: 'entityId',
            render: (v: string) => (
              <Tooltip title={v}>
                <span className="hash-text">{v.length > 13 ? `${v.slice(0, 8)}…` : v}</span>
              </Tooltip>
            ),
          },
          {
            title: t('audit.hash'),
            dataIndex: 'hash',
            width: 120,
            render: (v: string) => (
              <Tooltip title={v}>
                <span className="hash-text">{v.slice(0, 10)}</span>
              </Tooltip>
            ),
          },
        ]}
      />
    </Card>
  );
}
