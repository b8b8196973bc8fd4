import { Suspense } from 'react';
import { Spin } from 'antd';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
// Importing the namespace name also registers the pages' strings with i18next.
import { RISKS_NS } from './i18n';
import { useHazardLiveSync } from './live';
import './risks.css';

interface TabDef {
  key: string;
  path: string;
  show: boolean;
}

/**
 * 双重预防: tabs 风险分级管控 / 三张清单 / 风险一张图 / 隐患排查治理 / 挂牌督办 / 统计分析 above their pages.
 * The tabs are plain links, wrapping onto a second line on a phone rather than hiding behind a menu.
 */
export default function RisksLayout() {
  const { t } = useTranslation(RISKS_NS);
  const { can } = useAuth();
  const location = useLocation();
  useHazardLiveSync();
  const readRisks = can('risk.read');
  const readHazards = can('hazard.read');
  const defs: TabDef[] = [
    { key: 'register', path: '/risks', show: readRisks },
    { key: 'lists', path: '/risks/lists', show: readRisks },
    { key: 'map', path: '/risks/map', show: readRisks },
    { key: 'hazards', path: '/risks/hazards', show: readHazards },
    { key: 'supervision', path: '/risks/supervision', show: readHazards },
    { key: 'stats', path: '/risks/stats', show: readHazards },
  ];
  const tabs = defs.filter((d) => d.show);
  const path = location.pathname.replace(/\/+$/, '');
  // A hazard's own pages (new, detail) sit under the hazards tab.
  const active = tabs.some((tab) => tab.path === path)
    ? path
    : path.startsWith('/risks/hazards')
      ? '/risks/hazards'
      : (tabs[0]?.path ?? '/risks');
  return (
    <div className="risks-module" data-testid="risks-module">
      <nav className="risks-nav" aria-label={t('title')}>
        {tabs.map((tab) => (
          <Link
            key={tab.key}
            to={tab.path}
            className={tab.path === active ? 'risks-nav-item risks-nav-active' : 'risks-nav-item'}
            aria-current={tab.path === active ? 'page' : undefined}
            data-testid={`risks-tab-${tab.key}`}
          >
            {t(`tabs.${tab.key}`)}
          </Link>
        ))}
      </nav>
      <Suspense fallback={<Spin size="large" className="page-spin" />}>
        <Outlet />
      </Suspense>
    </div>
  );
}
