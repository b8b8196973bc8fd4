import { useState } from 'react';
import dayjs from 'dayjs';
import { Button, Empty, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../app/api';
import { DivisionCell, useDivisionNames } from '../app/place';
import { ErrorAlert, usePaging } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { RESOURCES_NS } from './i18n';
import { useStock, type Balance } from './api';
import { ItemSelect, WarehouseSelect, formatQuantity } from './components';

/** "即将过期" means within this many days. */
export const EXPIRING_DAYS = 30;

export function ExpiryTag({ expiresOn }: { expiresOn: string | null }) {
  const { t } = useTranslation(RESOURCES_NS);
  if (!expiresOn) return <>—</>;
  const day = dayjs(expiresOn).format('YYYY-MM-DD');
  const days = dayjs(day).diff(dayjs().startOf('day'), 'day');
  if (days < 0) return <Tag color="red">{t('stock.expired', { date: day })}</Tag>;
  if (days <= EXPIRING_DAYS) return <Tag color="orange">{t('stock.expiresIn', { date: day, days })}</Tag>;
  return <span>{day}</span>;
}

export function StockTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const divisionName = useDivisionNames();
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [itemCode, setItemCode] = useState<string | undefined>();
  const [warehouseId, setWarehouseId] = useState<string | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [expiring, setExpiring] = useState(false);
  const list = useStock({
    page,
    pageSize,
    itemCode,
    warehouseId,
    divisionCode,
    expiringWithinDays: expiring ? EXPIRING_DAYS : undefined,
  });
  const filtered = !!(itemCode || warehouseId || divisionCode || expiring);

  return (
    <>
      <div className="page-toolbar">
        <ItemSelect
          allowClear
          style={{ width: 220 }}
          placeholder={t('stock.itemFilter')}
          value={itemCode}
          onChange={(v) => {
            setItemCode(v);
            setPage(1);
          }}
          testId="stock-item-filter"
        />
        <WarehouseSelect
          allowClear
          style={{ width: 220 }}
          placeholder={t('stock.warehouseFilter')}
          value={warehouseId}
          onChange={(v) => {
            setWarehouseId(v);
            setPage(1);
          }}
          testId="stock-warehouse-filter"
        />
        <DivisionPicker
          allowClear
          style={{ width: 180 }}
          placeholder={t('common.divisionFilter')}
          value={divisionCode}
          onChange={(v) => {
            setDivisionCode(v);
            setPage(1);
          }}
        />
        <label className="resources-switch-label">
          <Switch
            checked={expiring}
            onChange={(v) => {
              setExpiring(v);
              setPage(1);
            }}
            data-testid="stock-expiring"
          />
          <span>{t('stock.expiringSwitch', { days: EXPIRING_DAYS })}</span>
        </label>
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={buildUrl('/supplies/stock/export.xlsx', {
            itemCode,
            warehouseId,
            divisionCode,
            expiringWithinDays: expiring ? EXPIRING_DAYS : undefined,
          })}
          data-testid="stock-export"
        >
          {t('common.exportExcel')}
        </Button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<Balance>
        rowKey={(r) => `${r.warehouseId}|${r.itemCode}|${r.batch}`}
        size="middle"
        data-testid="stock-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{
          emptyText: (
            <Empty
              description={
                list.isError
                  ? t('common.loadFailed')
                  : expiring
                    ? t('stock.emptyExpiring', { days: EXPIRING_DAYS })
                    : t(filtered ? 'common.noMatch' : 'stock.empty')
              }
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('stock.warehouse'),
            dataIndex: 'warehouseName',
            render: (name: string | null, r) => <Typography.Text strong>{name ?? r.warehouseId}</Typography.Text>,
          },
          {
            title: t('stock.division'),
            dataIndex: 'divisionCode',
            width: 170,
            render: (code: string | null) => <DivisionCell code={code} name={divisionName(code)} />,
          },
          {
            title: t('stock.item'),
            dataIndex: 'itemCode',
            render: (code: string, r) => (
              <span>
                {r.itemName ?? code}{' '}
                <Typography.Text type="secondary" className="hash-text">
                  {code}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t('stock.batch'),
            dataIndex: 'batch',
            width: 130,
            render: (b: string) => b || <Typography.Text type="secondary">{t('stock.noBatch')}</Typography.Text>,
          },
          {
            title: t('stock.expiresOn'),
            dataIndex: 'expiresOn',
            width: 190,
            render: (v: string | null) => <ExpiryTag expiresOn={v} />,
          },
          {
            title: t('stock.quantity'),
            dataIndex: 'quantity',
            width: 140,
            align: 'right',
            render: (q: number, r) => (
              <span className="resources-quantity">
                <Typography.Text strong type={q <= 0 ? 'secondary' : undefined}>
                  {formatQuantity(q)}
                </Typography.Text>{' '}
                {r.unit ?? ''}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
