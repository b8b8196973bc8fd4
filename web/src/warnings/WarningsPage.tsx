import type { ReactNode } from 'react';
import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
// Importing the namespace name also registers the pages' strings with i18next.
import { WARNINGS_NS } from './i18n';
import { WarningListTab } from './WarningListTab';
import { IncomingTab } from './IncomingTab';
import { SubscribersTab } from './SubscribersTab';
import { PopulationTab } from './PopulationTab';
import './warnings.css';

const TABS = ['list', 'incoming', 'subscribers', 'population'] as const;
type TabKey = (typeof TABS)[number];

/** 预警发布: the warnings, upstream CAP import, subscribers and division population (`?tab=` picks a tab). */
export default function WarningsPage() {
  const { t } = useTranslation(WARNINGS_NS);
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const allowed: Record<TabKey, boolean> = {
    list: true,
    incoming: can('warning.manage'),
    subscribers: can('subscriber.manage'),
    population: can('warning.read'),
  };
  const visible = TABS.filter((k) => allowed[k]);
  const requested = params.get('tab');
  const active: TabKey = visible.find((k) => k === requested) ?? 'list';

  const content: Record<TabKey, ReactNode> = {
    list: <WarningListTab />,
    incoming: <IncomingTab />,
    subscribers: <SubscribersTab />,
    population: <PopulationTab />,
  };

  return (
    <Card title={t('title')} data-testid="warnings-page">
      <Tabs
        activeKey={active}
        destroyOnHidden
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={visible.map((key) => ({
          key,
          label: <span data-testid={`warnings-tab-${key}`}>{t(`tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
    </Card>
  );
}
