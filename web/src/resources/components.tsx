import { useState, type CSSProperties } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type ListResult } from '../app/api';
import { RESOURCES_NS } from './i18n';
import { RESOURCES_KEY, type IncidentOption, type SupplyItem, type Warehouse } from './api';

interface PickerProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  id?: string;
  testId?: string;
}

/** Searchable warehouse picker (`GET /api/v1/warehouses?q=`). */
export function WarehouseSelect({
  value,
  onChange,
  placeholder,
  allowClear,
  style,
  id,
  testId,
  excludeId,
}: PickerProps & { excludeId?: string }) {
  const { t } = useTranslation(RESOURCES_NS);
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: [RESOURCES_KEY, 'warehouses', 'options', q],
    queryFn: ({ signal }) =>
      api.get<ListResult<Warehouse>>('/warehouses', { q: q || undefined, page: 1, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
  });
  const [known, setKnown] = useState<Record<string, string>>({});
  const options = (search.data?.items ?? [])
    .filter((w) => w.id !== excludeId)
    .map((w) => ({ value: w.id, label: w.name }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: known[value] ?? value });
  }
  return (
    <Select<string>
      id={id}
      data-testid={testId}
      style={style}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => {
        const label = options.find((o) => o.value === v)?.label;
        if (v && label) setKnown((k) => ({ ...k, [v]: label }));
        onChange?.(v ?? undefined);
      }}
      onClear={() => setQ('')}
      placeholder={placeholder ?? t('pickers.warehouse')}
      allowClear={allowClear}
      options={options}
      notFoundContent={
        search.isFetching ? <Spin size="small" /> : search.isError ? t('common.loadFailed') : t('common.noData')
      }
    />
  );
}

/** Searchable supplies-catalogue picker; its value is the item code. */
export function ItemSelect({
  value,
  onChange,
  onItem,
  placeholder,
  allowClear,
  style,
  id,
  testId,
}: PickerProps & { onItem?: (item: SupplyItem | undefined) => void }) {
  const { t } = useTranslation(RESOURCES_NS);
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: [RESOURCES_KEY, 'items', 'options', q],
    queryFn: ({ signal }) =>
      api.get<ListResult<SupplyItem>>('/supplies/items', { q: q || undefined, page: 1, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
  });
  const [picked, setPicked] = useState<SupplyItem | null>(null);
  const items = search.data?.items ?? [];
  const options = items.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）`, unit: i.unit }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({
      value,
      label: picked?.code === value ? `${picked.name}（${picked.code}）` : value,
      unit: picked?.unit ?? '',
    });
  }
  return (
    <Select<string>
      id={id}
      data-testid={testId}
      style={style}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => {
        const item = items.find((i) => i.code === v) ?? (picked?.code === v ? picked : undefined);
        setPicked(item ?? null);
        onItem?.(item);
        onChange?.(v ?? undefined);
      }}
      onClear={() => setQ('')}
      placeholder={placeholder ?? t('pickers.item')}
      allowClear={allowClear}
      options={options}
      optionRender={(option) => (
        <span>
          {option.label}
          {option.data.unit ? <Typography.Text type="secondary"> · {option.data.unit}</Typography.Text> : null}
        </span>
      )}
      notFoundContent={
        search.isFetching ? <Spin size="small" /> : search.isError ? t('common.loadFailed') : t('common.noData')
      }
    />
  );
}

/** Picker of open incidents (`GET /api/v1/incidents?status=open&q=`). */
export function IncidentSelect({ value, onChange, placeholder, allowClear, style, id, testId }: PickerProps) {
  const { t } = useTranslation(RESOURCES_NS);
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: [RESOURCES_KEY, 'incidents', 'options', q],
    queryFn: ({ signal }) =>
      api.get<ListResult<IncidentOption>>('/incidents', { status: 'open', pageSize: 50, q: q || undefined }, signal),
    placeholderData: keepPreviousData,
  });
  const options = (search.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.number} ${i.title}` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select<string>
      id={id}
      data-testid={testId}
      style={style}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      onClear={() => setQ('')}
      placeholder={placeholder ?? t('pickers.incident')}
      allowClear={allowClear}
      options={options}
      notFoundContent={
        search.isFetching ? <Spin size="small" /> : search.isError ? t('common.loadFailed') : t('common.noData')
      }
    />
  );
}

/** Quantities are kept to three decimals by the server; show them without trailing zeros. */
export function formatQuantity(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}
