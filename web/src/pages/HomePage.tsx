import { Badge, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Table, Tag } from 'antd';
import type { Division } from '@yingji/contracts';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth, useUser } from '../app/auth';
import { DutyNowCard } from '../incidents/DutyNowCard';
import { OpenIncidentsCard } from '../incidents/OpenIncidentsCard';
import { ErrorAlert } from '../app/components';
import { useDivisions, useHealth, usePublicConfig } from '../app/queries';

const DEFAULT_CITY_CODE = '140300';

function WelcomeCard({ divisionName }: { divisionName: string | null }) {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <Card title={t('home.welcome', { name: user.displayName })} data-testid="home-welcome">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('home.org')}>{user.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('home.division')}>
          {divisionName ? `${divisionName}（${user.divisionCode}）` : user.divisionCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('home.roles')}>
          <Space size={[4, 4]} wrap>
            {user.roles.map((r) => (
              <Tag key={r} color="blue">
                {t(`roles.${r}`)}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function HealthCard() {
  const { t } = useTranslation();
  const health = useHealth();
  return (
    <Card title={t('home.health')} data-testid="home-health">
      {health.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : health.isError ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Badge status="error" text={t('home.healthDown')} />
          <ErrorAlert error={health.error} onRetry={() => void health.refetch()} />
        </Space>
      ) : (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('home.status')}>
            <Badge status="success" text={t('home.healthOk')} />
          </Descriptions.Item>
          <Descriptions.Item label={t('home.db')}>{t(`home.dbKinds.${health.data.db}`)}</Descriptions.Item>
          <Descriptions.Item label={t('home.version')}>{health.data.version}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function ComingSoonCard({ title, description }: { title: string; description: string }) {
  return (
    <Card title={title}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />
    </Card>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const { can } = useAuth();
  const config = usePublicConfig();
  const cityCode = config.data?.city.code ?? DEFAULT_CITY_CODE;
  const cityName = config.data?.city.name ?? '';
  const districts = useDivisions(cityCode);

  const divisionName =
    user.divisionCode === cityCode && cityName
      ? cityName
      : (districts.data?.items.find((d) => d.code === user.divisionCode)?.name ?? null);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <WelcomeCard divisionName={divisionName} />
      </Col>
      <Col xs={24} lg={12}>
        <HealthCard />
      </Col>
      <Col xs={24} lg={12}>
        <Card
          title={cityName ? t('home.districts', { city: cityName }) : t('home.districtsNoCity')}
          extra={<Link to="/map">{t('home.viewOnMap')}</Link>}
          data-testid="home-districts"
        >
          {districts.isPending ? (
            <Skeleton active />
          ) : districts.isError ? (
            <ErrorAlert error={districts.error} onRetry={() => void districts.refetch()} />
          ) : (
            <Table<Division>
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={districts.data.items}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.districtsEmpty')} />,
              }}
              columns={[
                { title: t('divisions.name'), dataIndex: 'name', render: (name: string) => <strong>{name}</strong> },
                { title: t('divisions.code'), dataIndex: 'code' },
                {
                  title: t('divisions.level'),
                  dataIndex: 'level',
                  render: (level: Division['level']) => <Tag>{t(`divisionLevels.${level}`)}</Tag>,
                },
              ]}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Row gutter={[16, 16]}>
          {can('duty.read') && (
            <Col span={24}>
              <DutyNowCard />
            </Col>
          )}
          {can('incident.read') && (
            <Col xs={24} md={12}>
              <OpenIncidentsCard />
            </Col>
          )}
          <Col xs={24} md={12}>
            <ComingSoonCard title={t('home.activeWarnings')} description={t('home.activeWarningsEmpty')} />
          </Col>
        </Row>
      </Col>
    </Row>
  );
}
