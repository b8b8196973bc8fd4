import { Card, Empty, Skeleton, Space, Table } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/components';
import { useIncidentList, type Incident, type IncidentGrade } from './api';
import { Countdown, GradeTag, nextDeadline } from './shared';

/** Home page: the most recent open incidents in scope. */
export function OpenIncidentsCard() {
  const { t } = useTranslation();
  const list = useIncidentList({ status: 'open', page: 1, pageSize: 5 });
  return (
    <Card
      title={t('home.openIncidents')}
      extra={<Link to="/incidents">{t('home.toDesk')}</Link>}
      data-testid="home-open-incidents"
    >
      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Incident>
          size="small"
          rowKey="id"
          pagination={false}
          showHeader={false}
          dataSource={list.data.items}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incidents.board.emptyOpen')} />,
          }}
          columns={[
            {
              dataIndex: 'title',
              render: (title: string, r) => {
                const next = nextDeadline(r);
                return (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/incidents/${r.id}`}>{title}</Link>
                    {next && <Countdown to={next.dueAt} />}
                  </Space>
                );
              },
            },
            { dataIndex: 'grade', width: 84, render: (g: IncidentGrade | null) => <GradeTag grade={g} /> },
          ]}
        />
      )}
    </Card>
  );
}
