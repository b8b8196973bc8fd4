import { Button, Card, Col, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { CalendarOutlined, PhoneOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ErrorAlert } from '../app/components';
import { useDutyNow, type DutyShift } from './api';

function shiftRange(s: DutyShift): string {
  const start = dayjs(s.startsAt);
  const end = dayjs(s.endsAt);
  return start.isSame(end, 'day')
    ? `${start.format('MM-DD HH:mm')}–${end.format('HH:mm')}`
    : `${start.format('MM-DD HH:mm')}–${end.format('MM-DD HH:mm')}`;
}

/** 今日值班: who is on duty now in the user's organisation. */
export function DutyNowCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const duty = useDutyNow();
  const sorted = [...(duty.data?.items ?? [])].sort((a, b) =>
    a.role === b.role ? a.startsAt.localeCompare(b.startsAt) : a.role === 'leader' ? -1 : 1,
  );

  return (
    <Card
      size="small"
      title={t('duty.now.title')}
      data-testid="duty-now"
      extra={
        <Button size="small" type="link" icon={<CalendarOutlined />} onClick={() => void navigate('/incidents/roster')}>
          {t('duty.now.openRoster')}
        </Button>
      }
    >
      {duty.isPending ? (
        <Skeleton active paragraph={{ rows: 1 }} title={false} />
      ) : duty.isError ? (
        <ErrorAlert error={duty.error} onRetry={() => void duty.refetch()} />
      ) : sorted.length === 0 ? (
        <Space className="duty-now-empty" data-testid="duty-now-empty">
          <Typography.Text type="secondary">{t('duty.now.empty')}</Typography.Text>
          <Button size="small" onClick={() => void navigate('/incidents/roster')}>
            {t('duty.now.arrange')}
          </Button>
        </Space>
      ) : (
        <Row gutter={[8, 8]}>
          {sorted.map((s) => (
            <Col key={s.id} xs={24} sm={12} md={8} className="duty-now-item" data-role={s.role}>
              <Space orientation="vertical" size={0}>
                <Space size={4}>
                  <Tag color={s.role === 'leader' ? 'red' : 'blue'}>{t(`duty.roles.${s.role}`)}</Tag>
                  <Typography.Text strong>{s.personName}</Typography.Text>
                </Space>
                {s.phone && (
                  <Typography.Text type="secondary">
                    <PhoneOutlined /> <a href={`tel:${s.phone}`}>{s.phone}</a>
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" className="duty-now-range">
                  {shiftRange(s)}
                </Typography.Text>
              </Space>
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
