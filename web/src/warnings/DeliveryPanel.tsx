import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Card, Col, Input, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '@yingji/contracts';
import { ApiError } from '../app/api';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { useLiveEvents } from '../app/liveEvents';
import { WARNINGS_NS } from './i18n';
import {
  useDeliveries,
  useDeliverySummary,
  WARNINGS_KEY,
  type Delivery,
  type DeliveryChannel,
  type DeliveryFilters,
  type DeliveryStatus,
  type DeliverySummary,
} from './api';

const STATUS_BADGE: Record<DeliveryStatus, 'default' | 'processing' | 'success' | 'error' | 'warning'> = {
  queued: 'processing',
  sent: 'warning',
  delivered: 'success',
  failed: 'error',
};

function isBusy(d: DeliverySummary | undefined): boolean {
  return !!d && (d.totals.queued > 0 || d.messages.some((m) => m.dispatchedAt === null));
}

/** Refreshes the delivery queries of one warning on its `warning.delivery` live events. */
function useDeliveryLive(warningId: string) {
  const qc = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    const onDelivery = (data: unknown) => {
      const id = (data as { entityId?: unknown } | null)?.entityId;
      if (id === warningId) void qc.invalidateQueries({ queryKey: [WARNINGS_KEY, 'deliveries', warningId] });
    };
    // A state change (published by someone else, updated, cancelled, expired) refreshes the page too.
    const onChange = (data: unknown) => {
      const id = (data as { entityId?: unknown } | null)?.entityId;
      if (id === warningId) void qc.invalidateQueries({ queryKey: [WARNINGS_KEY] });
    };
    const offs = [
      subscribe('warning.delivery', onDelivery),
      ...['warning.published', 'warning.updated', 'warning.cancelled', 'warning.expired'].map((type) =>
        subscribe(type, onChange),
      ),
    ];
    return () => offs.forEach((off) => off());
  }, [qc, subscribe, warningId]);
}

/**
 * 分发情况 of a published warning: sent / delivered / failed per channel, the coverage
 * (people reached ÷ resident population of the target area) and the per-recipient list.
 * Live events refresh it; it also polls quickly while deliveries are queued.
 */
export function DeliveryPanel({ warningId, issued }: { warningId: string; issued: boolean }) {
  const { t } = useTranslation(WARNINGS_NS);
  const summary = useDeliverySummary(warningId, issued);
  useDeliveryLive(warningId);
  const busy = isBusy(summary.data);

  if (!issued)
    return (
      <Card title={t('delivery.title')} size="small" data-testid="delivery-panel" data-state="not-issued">
        <Typography.Text type="secondary">{t('delivery.notYet')}</Typography.Text>
      </Card>
    );

  const notAvailable = summary.error instanceof ApiError && summary.error.status === 404 && !summary.data;
  const d = summary.data;
  const cov = d?.coverage;
  const ratio = cov?.ratio ?? null;
  // Small coverages keep two decimals so a first batch of deliveries does not read as 0 %.
  const percentText = ratio === null ? null : `${(ratio * 100).toFixed(ratio < 0.01 ? 2 : 1)}%`;

  return (
    <Card
      title={t('delivery.title')}
      size="small"
      data-testid="delivery-panel"
      data-state={busy ? 'busy' : 'idle'}
      extra={
        d && (
          <Badge status={busy ? 'processing' : 'success'} text={busy ? t('delivery.inProgress') : t('delivery.done')} />
        )
      }
    >
      {summary.isError && !d && (
        <ErrorAlert
          error={notAvailable ? new Error(t('delivery.unavailable')) : summary.error}
          onRetry={() => void summary.refetch()}
        />
      )}
      {!d && summary.isPending && <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
      {d && cov && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic
                title={t('delivery.recipientsCount')}
                value={d.recipients}
                valueRender={(node) => <span data-testid="delivery-recipients">{node}</span>}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('delivery.sentOut')}
                value={d.totals.sent + d.totals.delivered}
                valueRender={(node) => (
                  <span data-testid="delivery-sent" data-value={d.totals.sent + d.totals.delivered}>
                    {node}
                  </span>
                )}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('delivery.delivered')}
                value={d.totals.delivered}
                valueRender={(node) => (
                  <span data-testid="delivery-delivered" data-value={d.totals.delivered}>
                    {node}
                  </span>
                )}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('delivery.failed')}
                value={d.totals.failed}
                styles={{ content: d.totals.failed > 0 ? { color: '#cf1322' } : undefined }}
                valueRender={(node) => <span data-testid="delivery-failed">{node}</span>}
              />
            </Col>
          </Row>
          <div className="warning-coverage" data-testid="delivery-coverage" data-reached={cov.reached}>
            <Typography.Text strong>{t('delivery.coverage')}</Typography.Text>
            {ratio !== null && percentText !== null && cov.population !== null ? (
              <>
                <Progress
                  percent={Math.min(100, ratio * 100)}
                  format={() => <span data-testid="delivery-coverage-percent">{percentText}</span>}
                  status={busy ? 'active' : 'normal'}
                />
                <Typography.Text type="secondary">
                  {t('delivery.coverageText', {
                    reached: cov.reached.toLocaleString(),
                    population: cov.population.toLocaleString(),
                  })}
                </Typography.Text>
              </>
            ) : (
              <div>
                <Typography.Text type="secondary">
                  {t('delivery.reached')}: {cov.reached.toLocaleString()} · {t('delivery.coverageUnknown')}
                </Typography.Text>
              </div>
            )}
            {cov.missingPopulation.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 8 }}
                title={t('delivery.missingPopulation', { codes: cov.missingPopulation.join('、') })}
              />
            )}
          </div>
          <Table
            size="small"
            rowKey="channel"
            pagination={false}
            style={{ marginTop: 16 }}
            data-testid="delivery-channels"
            dataSource={d.channels}
            onRow={(r) => ({ 'data-channel': r.channel }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('delivery.channel'),
                dataIndex: 'channel',
                render: (c: DeliveryChannel) => t(`delivery.channels.${c}`),
              },
              { title: t('delivery.total'), dataIndex: 'total', align: 'right' },
              { title: t('delivery.queued'), dataIndex: 'queued', align: 'right' },
              { title: t('delivery.sent'), dataIndex: 'sent', align: 'right' },
              { title: t('delivery.delivered'), dataIndex: 'delivered', align: 'right' },
              {
                title: t('delivery.failed'),
                dataIndex: 'failed',
                align: 'right',
                render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
              },
            ]}
          />
          <RecipientList warningId={warningId} poll={busy} />
        </>
      )}
    </Card>
  );
}

function RecipientList({ warningId, poll }: { warningId: string; poll: boolean }) {
  const { t } = useTranslation(WARNINGS_NS);
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }), 10);
  const [filters, setFilters] = useState<DeliveryFilters>({});
  const list = useDeliveries(warningId, { ...filters, page, pageSize }, poll);
  const setFilter = (patch: Partial<DeliveryFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  return (
    <div style={{ marginTop: 16 }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('delivery.recipients')}</Typography.Text>
        <Input.Search
          allowClear
          size="small"
          style={{ width: 180 }}
          placeholder={t('delivery.searchRecipient')}
          aria-label={t('delivery.searchRecipient')}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
        />
        <Select<DeliveryChannel>
          allowClear
          size="small"
          style={{ width: 130 }}
          placeholder={t('delivery.allChannels')}
          aria-label={t('delivery.channel')}
          value={filters.channel}
          onChange={(v) => setFilter({ channel: v ?? undefined })}
          options={DELIVERY_CHANNELS.map((c) => ({ value: c, label: t(`delivery.channels.${c}`) }))}
        />
        <Select<DeliveryStatus>
          allowClear
          size="small"
          style={{ width: 120 }}
          placeholder={t('delivery.allStatuses')}
          aria-label={t('delivery.status')}
          value={filters.status}
          onChange={(v) => setFilter({ status: v ?? undefined })}
          options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`delivery.statuses.${s}`) }))}
        />
      </Space>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Delivery>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        data-testid="delivery-recipients-table"
        scroll={{ x: 720 }}
        columns={[
          { title: t('delivery.recipient'), dataIndex: 'subscriberName' },
          {
            title: t('delivery.channel'),
            dataIndex: 'channel',
            render: (c: DeliveryChannel, r) => (
              <Space size={4}>
                {t(`delivery.channels.${c}`)}
                {r.fallbackFrom && (
                  <Tag>{t('delivery.fallbackFrom', { channel: t(`delivery.channels.${r.fallbackFrom}`) })}</Tag>
                )}
              </Space>
            ),
          },
          { title: t('delivery.address'), dataIndex: 'address' },
          {
            title: t('delivery.status'),
            dataIndex: 'status',
            render: (s: DeliveryStatus) => <Badge status={STATUS_BADGE[s]} text={t(`delivery.statuses.${s}`)} />,
          },
          { title: t('delivery.message'), dataIndex: 'msgType', render: (m: string) => t(`msgTypes.${m}`) },
          { title: t('delivery.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: t('delivery.sentAt'),
            dataIndex: 'sentAt',
            render: (v: string | null, r) => formatTime(r.deliveredAt ?? v),
          },
          {
            title: t('delivery.error'),
            dataIndex: 'lastError',
            ellipsis: true,
            render: (v: string | null) => v ?? '',
          },
        ]}
      />
    </div>
  );
}
