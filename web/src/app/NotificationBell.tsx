import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Popover, Spin, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type ListResult } from './api';
import { ErrorAlert, formatTime } from './components';

interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  entity: string;
  entityId: string;
  createdAt: string;
  readAt: string | null;
}

const UNREAD_KEY = ['notifications', 'unread'] as const;

/** Header bell: unread notifications (overdue reports and the like); opening one marks it read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: ({ signal }) =>
      api.get<ListResult<AppNotification>>('/notifications', { unread: 'true', pageSize: 20 }, signal),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post<void>(`/notifications/${id}/read`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });

  const items = unread.data?.items ?? [];
  const open = (n: AppNotification) => {
    markRead.mutate(n.id);
    if (n.entity === 'incident' && n.entityId) void navigate(`/incidents/${n.entityId}`);
    else if (n.entity === 'alarm' && n.entityId) void navigate(`/monitoring?tab=alarms&alarm=${n.entityId}`);
    else if (n.entity === 'response' && n.entityId) void navigate(`/command/${n.entityId}`);
  };

  const content = (
    <div className="notification-list" data-testid="notification-list">
      {unread.isPending ? (
        <Spin size="small" />
      ) : unread.isError ? (
        <ErrorAlert error={unread.error} onRetry={() => void unread.refetch()} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        items.map((n) => (
          <button type="button" key={n.id} className="notification-item" onClick={() => open(n)}>
            <Typography.Text strong>{n.title}</Typography.Text>
            <Typography.Text className="notification-body">{n.body}</Typography.Text>
            <Typography.Text type="secondary" className="notification-time">
              {formatTime(n.createdAt)}
            </Typography.Text>
          </button>
        ))
      )}
    </div>
  );

  const total = unread.data?.total ?? 0;
  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" placement="bottomRight">
      <Badge count={total} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notifications.title')}
          title={t('notifications.title')}
          data-testid="notification-bell"
          data-count={String(total)}
        />
      </Badge>
    </Popover>
  );
}
