import type { ReactNode } from 'react';
import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
// Importing the namespace name also registers the pages' strings with i18next.
import { MONITORING_NS } from './i18n';
import { AlarmsTab } from './AlarmsTab';
import { SensorsTab } from './SensorsTab';
import { OverviewTab } from './OverviewTab';
import { AlarmDrawer } from './AlarmDrawer';
import { useMonitoringLive } from './live';
import './monitoring.css';

const TABS = ['alarms', 'sensors', 'overview'] as const;
type TabKey = (typeof TABS)[number];

/** 监测预警: alarms, sensors and an overview (`?tab=` picks a tab, `?alarm=<id>` opens an alarm). */
export default function MonitoringPage() {
  const { t } = useTranslation(MONITORING_NS);
  const [params, setParams] = useSearchParams();
  useMonitoringLive();
  const requested = params.get('tab');
  const active: TabKey = TABS.find((k) => k === requested) ?? 'alarms';
  const alarmId = params.get('alarm');

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const content: Record<TabKey, ReactNode> = {
    alarms: <AlarmsTab onOpen={(id) => setParam('alarm', id)} />,
    sensors: <SensorsTab />,
    overview: <OverviewTab />,
  };

  return (
    <Card title={t('title')} data-testid="monitoring-page">
      <Tabs
        activeKey={active}
        destroyOnHidden
        onChange={(key) => setParam('tab', key)}
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={`monitoring-tab-${key}`}>{t(`tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
      <AlarmDrawer alarmId={alarmId} onClose={() => setParam('alarm', null)} />
    </Card>
  );
}
