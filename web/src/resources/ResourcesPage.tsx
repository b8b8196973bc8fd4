import type { ReactNode } from 'react';
import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
// Importing the namespace name also registers the pages' strings with i18next.
import { RESOURCES_NS } from './i18n';
import { TeamsTab } from './TeamsTab';
import { WarehousesTab } from './WarehousesTab';
import { StockTab } from './StockTab';
import { MovementsTab } from './MovementsTab';
import { CatalogueTab } from './CatalogueTab';
import { SheltersTab } from './SheltersTab';
import { EquipmentTab } from './EquipmentTab';
import { ExpertsTab } from './ExpertsTab';
import { ReadinessTab } from './ReadinessTab';
import { NearestTab } from './NearestTab';
import { RequestsTab } from './RequestsTab';
import './resources.css';

const TABS = [
  'teams',
  'warehouses',
  'stock',
  'movements',
  'requests',
  'nearest',
  'catalogue',
  'shelters',
  'equipment',
  'experts',
  'readiness',
] as const;
type TabKey = (typeof TABS)[number];

/** 应急资源: rescue teams, reserve warehouses, stock, the supplies ledger, supply requests, nearest resources, the catalogue, shelters, equipment, experts and readiness (`?tab=` picks a tab). */
export default function ResourcesPage() {
  const { t } = useTranslation(RESOURCES_NS);
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const canMove = can('supply.move');
  const visible = TABS.filter((k) => k !== 'movements' || canMove);
  const requested = params.get('tab');
  const active: TabKey = visible.find((k) => k === requested) ?? 'teams';

  const content: Record<TabKey, ReactNode> = {
    teams: <TeamsTab />,
    warehouses: <WarehousesTab />,
    stock: <StockTab />,
    movements: <MovementsTab />,
    requests: <RequestsTab />,
    nearest: <NearestTab />,
    catalogue: <CatalogueTab />,
    shelters: <SheltersTab />,
    equipment: <EquipmentTab />,
    experts: <ExpertsTab />,
    readiness: <ReadinessTab />,
  };

  return (
    <Card title={t('title')} data-testid="resources-page">
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
          label: <span data-testid={`resources-tab-${key}`}>{t(`tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
    </Card>
  );
}
