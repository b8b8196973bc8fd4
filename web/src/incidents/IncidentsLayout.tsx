import { Suspense } from 'react';
import { Spin, Tabs } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import './incidents.css';

/** The duty-desk module: tabs 值班台 / 统计 / 值班表 above its pages. */
export default function IncidentsLayout() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = [
    { key: '/incidents', label: <span data-testid="incidents-tab-desk">{t('incidents.tabs.desk')}</span> },
    { key: '/incidents/stats', label: <span data-testid="incidents-tab-stats">{t('incidents.tabs.stats')}</span> },
    ...(can('duty.read')
      ? [
          {
            key: '/incidents/roster',
            label: <span data-testid="incidents-tab-roster">{t('incidents.tabs.roster')}</span>,
          },
        ]
      : []),
  ];
  const path = location.pathname.replace(/\/+$/, '');
  const active = tabs.some((tab) => tab.key === path) ? path : '/incidents';
  return (
    <div className="incidents-module">
      <Tabs
        className="incidents-tabs"
        activeKey={active}
        items={tabs}
        onChange={(key) => void navigate(key)}
        size="small"
      />
      <Suspense fallback={<Spin size="large" className="page-spin" />}>
        <Outlet />
      </Suspense>
    </div>
  );
}
