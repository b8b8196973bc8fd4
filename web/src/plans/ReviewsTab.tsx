import { useState } from 'react';
import dayjs from 'dayjs';
import { Alert, Badge, Button, DatePicker, Empty, Segmented, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { PlanKind } from '@yingji/contracts';
import { ErrorAlert, usePaging } from '../app/components';
import { PLANS_NS } from './i18n';
import { usePlanReviews, type PlanReview } from './api';
import { reviewBasisLabel, type PlanReviewBasis, type PlanReviewStatus } from './labels';
import { PlanKindTag, ReviewStatusTag, dateText } from './components';

type StatusFilter = 'all' | PlanReviewStatus;

/** 评估复核: published plans on the 3-year evaluation cycle, overdue and due soon first. */
export function ReviewsTab() {
  const { t } = useTranslation(PLANS_NS);
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [status, setStatus] = useState<StatusFilter>('all');
  const [asOf, setAsOf] = useState<string | undefined>();
  const list = usePlanReviews({ asOf, status: status === 'all' ? undefined : status, page, pageSize });
  // Small counts for the filter: how many are overdue or due soon on that date.
  const overdue = usePlanReviews({ asOf, status: 'overdue', page: 1, pageSize: 1 });
  const dueSoon = usePlanReviews({ asOf, status: 'due_soon', page: 1, pageSize: 1 });
  const count = (n: number | undefined, color: string) =>
    n ? <Badge count={n} color={color} size="small" style={{ marginInlineStart: 4 }} /> : null;

  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('reviews.rule')} />
      <div className="page-toolbar">
        <Segmented<StatusFilter>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          data-testid="reviews-status"
          options={[
            { value: 'all', label: t('reviews.all') },
            {
              value: 'overdue',
              label: (
                <span>
                  {t('reviewStatuses.overdue')}
                  {count(overdue.data?.total, 'red')}
                </span>
              ),
            },
            {
              value: 'due_soon',
              label: (
                <span>
                  {t('reviewStatuses.due_soon')}
                  {count(dueSoon.data?.total, 'orange')}
                </span>
              ),
            },
            { value: 'ok', label: t('reviewStatuses.ok') },
          ]}
        />
        <span className="plans-inline-label">{t('reviews.asOf')}</span>
        <DatePicker
          allowClear
          placeholder={t('reviews.asOfToday')}
          aria-label={t('reviews.asOf')}
          value={asOf ? dayjs(asOf) : null}
          onChange={(d) => {
            setAsOf(d ? d.format('YYYY-MM-DD') : undefined);
            setPage(1);
          }}
          data-testid="reviews-asof"
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<PlanReview>
        rowKey="planId"
        size="middle"
        data-testid="reviews-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        rowClassName={(r) => (r.status === 'overdue' ? 'plans-row-overdue' : '')}
        locale={{
          emptyText: (
            <Empty
              description={
                list.isError ? t('common.loadFailed') : t(status === 'all' ? 'reviews.empty' : 'reviews.emptyStatus')
              }
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('fields.title'),
            dataIndex: 'title',
            render: (title: string, r: PlanReview) => (
              <Link to={`/plans/${r.planId}`} data-testid="review-plan-link">
                {title}
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
            width: 200,
            render: (name: string | null) => name ?? '—',
          },
          {
            title: t('reviews.basis'),
            dataIndex: 'basis',
            width: 260,
            render: (b: PlanReviewBasis) => <Typography.Text type="secondary">{reviewBasisLabel(b)}</Typography.Text>,
          },
          {
            title: t('fields.lastEvaluatedAt'),
            dataIndex: 'lastEvaluatedAt',
            width: 120,
            render: (d: string | null) =>
              d ? dateText(d) : <Typography.Text type="secondary">{t('reviews.never')}</Typography.Text>,
          },
          {
            title: t('reviews.dueBy'),
            dataIndex: 'dueBy',
            width: 120,
            render: (d: string, r: PlanReview) => (
              <Typography.Text type={r.status === 'overdue' ? 'danger' : undefined} strong={r.status !== 'ok'}>
                {dateText(d)}
              </Typography.Text>
            ),
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: PlanReviewStatus) => <ReviewStatusTag status={s} />,
          },
        ]}
      />
    </>
  );
}
