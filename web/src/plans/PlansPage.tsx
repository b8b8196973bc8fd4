import type { ReactNode } from 'react';
import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { DrillsTab } from '../drills/DrillsTab';
import { ScheduleTab } from '../drills/ScheduleTab';
import { ComplianceTab } from '../drills/ComplianceTab';
// Importing the namespace name also registers the pages' strings with i18next.
import { PLANS_NS } from './i18n';
import { RegistryTab } from './RegistryTab';
import { ReviewsTab } from './ReviewsTab';
import './plans.css';

const TABS = ['registry', 'reviews', 'drills', 'schedule', 'compliance'] as const;
type TabKey = (typeof TABS)[number];
const DRILL_TABS: readonly TabKey[] = ['drills', 'schedule', 'compliance'];

/** 预案管理: the plan registry, evaluation reviews and, with drill.read, drills (`?tab=` picks a tab). */
export default function PlansPage() {
  const { t } = useTranslation(PLANS_NS);
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const canDrills = can('drill.read');
  const visible = TABS.filter((k) => canDrills || !DRILL_TABS.includes(k));
  const requested = params.get('tab');
  const active: TabKey = visible.find((k) => k === requested) ?? 'registry';

  const content: Record<TabKey, ReactNode> = {
    registry: <RegistryTab />,
    reviews: <ReviewsTab />,
    drills: <DrillsTab />,
    schedule: <ScheduleTab />,
    compliance: <ComplianceTab />,
  };

  return (
    <Card title={t('title')} data-testid="plans-page">
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
          label: <span data-testid={`plans-tab-${key}`}>{t(`tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
    </Card>
  );
}
