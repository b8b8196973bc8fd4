import { Suspense, useMemo, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Grid, Layout, Menu, Space, Spin, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  ApartmentOutlined,
  BellOutlined,
  ClusterOutlined,
  DeploymentUnitOutlined,
  FileProtectOutlined,
  GlobalOutlined,
  HomeOutlined,
  LogoutOutlined,
  PhoneOutlined,
  ProjectOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '@yingji/contracts';
import { useAuth, useUser } from './auth';
import { currentLang, setLang } from './i18n';
import { useLiveEvents } from './liveEvents';
import { PLACEHOLDER_MODULES } from './modules';
import { NotificationBell } from './NotificationBell';
import { IncidentLiveSync } from '../incidents/live';

const { Header, Sider, Content } = Layout;

const PLACEHOLDER_ICONS: Record<string, ReactNode> = {
  risks: <SafetyOutlined />,
};

const ADMIN_ITEMS: { key: string; path: string; permission: Permission; icon: ReactNode }[] = [
  {
    key: 'organizations',
    path: '/admin/organizations',
    permission: 'organization.update',
    icon: <ApartmentOutlined />,
  },
  { key: 'users', path: '/admin/users', permission: 'user.read', icon: <TeamOutlined /> },
  { key: 'audit', path: '/admin/audit', permission: 'audit.read', icon: <AuditOutlined /> },
];

function LiveIndicator() {
  const { t } = useTranslation();
  const { connected } = useLiveEvents();
  const label = connected ? t('header.live.connected') : t('header.live.disconnected');
  return (
    <Tooltip title={label}>
      <Badge
        status={connected ? 'success' : 'default'}
        aria-label={label}
        data-testid="live-indicator"
        data-connected={connected ? 'true' : 'false'}
      />
    </Tooltip>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout, can } = useAuth();
  const location = useLocation();
  const fullBleed = location.pathname === '/map';
  // On a phone the header keeps icons only (and the user's name), so it fits beside the folded menu.
  const phone = Grid.useBreakpoint().sm === false;

  const items = useMemo<MenuProps['items']>(() => {
    const list: NonNullable<MenuProps['items']> = [
      { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('nav.home')}</Link> },
      {
        key: '/map',
        icon: <GlobalOutlined />,
        label: (
          <Link to="/map" data-testid="nav-map">
            {t('nav.map')}
          </Link>
        ),
      },
      ...(can('incident.read')
        ? [
            {
              key: '/incidents',
              icon: <PhoneOutlined />,
              label: (
                <Link to="/incidents" data-testid="nav-incidents">
                  {t('nav.incidents')}
                </Link>
              ),
            },
          ]
        : []),
      ...(can('resource.read')
        ? [
            {
              key: '/resources',
              icon: <ClusterOutlined />,
              label: (
                <Link to="/resources" data-testid="nav-resources">
                  {t('nav.resources')}
                </Link>
              ),
            },
          ]
        : []),
      ...(can('task.read')
        ? [
            {
              key: '/command',
              icon: <DeploymentUnitOutlined />,
              label: (
                <Link to="/command" data-testid="nav-command">
                  {t('nav.command')}
                </Link>
              ),
            },
          ]
        : []),
      ...(can('plan.read')
        ? [
            {
              key: '/plans',
              icon: <FileProtectOutlined />,
              label: (
                <Link to="/plans" data-testid="nav-plans">
                  {t('nav.plans')}
                </Link>
              ),
            },
          ]
        : []),
      ...(can('monitoring.read')
        ? [
            {
              key: '/monitoring',
              icon: <AlertOutlined />,
              label: (
                <Link to="/monitoring" data-testid="nav-monitoring">
                  {t('nav.monitoring')}
                </Link>
              ),
            },
          ]
        : []),
      ...(can('warning.read')
        ? [
            {
              key: '/warnings',
              icon: <BellOutlined />,
              label: (
                <Link to="/warnings" data-testid="nav-warnings">
                  {t('nav.warnings')}
                </Link>
              ),
            },
          ]
        : []),
      ...(can('risk.read') || can('hazard.read')
        ? [
            {
              key: '/risks',
              icon: <SafetyOutlined />,
              label: (
                <Link to={can('risk.read') ? '/risks' : '/risks/hazards'} data-testid="nav-risks">
                  {t('nav.risks')}
                </Link>
              ),
            },
          ]
        : []),
      ...(can('programme.read')
        ? [
            {
              key: '/programme',
              icon: <ProjectOutlined />,
              label: (
                <Link to="/programme" data-testid="nav-programme">
                  {t('nav.programme')}
                </Link>
              ),
            },
          ]
        : []),
      ...PLACEHOLDER_MODULES.map((m) => ({
        key: m.path,
        icon: PLACEHOLDER_ICONS[m.key],
        className: 'nav-soon',
        label: (
          <Link to={m.path} data-testid={`nav-${m.key}`}>
            <span>{t(`nav.${m.key}`)}</span>
            <Tag className="nav-soon-tag" variant="filled" title={t('app.underConstruction')}>
              {t('app.soonTag')}
            </Tag>
          </Link>
        ),
      })),
    ];
    const admin = ADMIN_ITEMS.filter((a) => can(a.permission));
    if (admin.length > 0) {
      list.push({
        key: 'admin',
        type: 'group',
        label: (
          <span className="nav-group-title">
            <SettingOutlined /> {t('nav.admin')}
          </span>
        ),
        children: admin.map((a) => ({
          key: a.path,
          icon: a.icon,
          label: (
            <Link to={a.path} data-testid={`nav-${a.key}`}>
              {t(`nav.${a.key}`)}
            </Link>
          ),
        })),
      });
    }
    return list;
  }, [t, can]);

  const selectedKey = location.pathname.startsWith('/admin/')
    ? location.pathname.split('/').slice(0, 3).join('/')
    : '/' + (location.pathname.split('/')[1] ?? '');
  const nextLang = currentLang() === 'zh-CN' ? 'en-US' : 'zh-CN';

  return (
    <Layout className="shell">
      {can('incident.read') && <IncidentLiveSync />}
      <Sider width={232} breakpoint="lg" collapsedWidth={64} className="shell-sider" theme="dark">
        <div className="shell-brand" title={t('app.title')}>
          <SafetyOutlined className="shell-brand-icon" />
          <span className="shell-brand-text">{t('app.shortTitle')}</span>
        </div>
        <Menu theme="dark" mode="inline" items={items} selectedKeys={[selectedKey]} />
      </Sider>
      <Layout className="shell-main">
        <Header className="shell-header" style={phone ? { padding: '0 12px' } : undefined}>
          {!phone && (
            <Typography.Title level={4} className="shell-title">
              {t('app.title')}
            </Typography.Title>
          )}
          <Space
            size={phone ? 'small' : 'middle'}
            className="shell-header-right"
            style={phone ? { marginInlineStart: 'auto' } : undefined}
          >
            <LiveIndicator />
            {can('notification.read') && <NotificationBell />}
            <Space size={4}>
              <UserOutlined />
              <span data-testid="user-name" className="shell-user-name">
                {user.displayName}
              </span>
              {!phone && (
                <Typography.Text type="secondary" data-testid="user-org">
                  {user.orgName}
                </Typography.Text>
              )}
            </Space>
            <Button
              data-testid="lang-toggle"
              icon={<TranslationOutlined />}
              onClick={() => setLang(nextLang)}
              title={t('lang.toggleTitle')}
              aria-label={t('lang.toggleTitle')}
            >
              {phone ? null : t('lang.toggle')}
            </Button>
            <Button
              data-testid="logout"
              icon={<LogoutOutlined />}
              onClick={() => void logout()}
              title={t('header.logout')}
              aria-label={t('header.logout')}
            >
              {phone ? null : t('header.logout')}
            </Button>
          </Space>
        </Header>
        <Content className={fullBleed ? 'shell-content shell-content-full' : 'shell-content'}>
          <Suspense fallback={<Spin size="large" className="page-spin" />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
