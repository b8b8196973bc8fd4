import { useEffect, useState, type CSSProperties } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Division } from '@yingji/contracts';
import { Col, Form, InputNumber, Row, Select, Space, Spin, Typography } from 'antd';
import { DivisionPicker } from '../admin/DivisionPicker';
import { useTranslation } from 'react-i18next';
import { api, type ListResult } from '../app/api';
import { useUser } from '../app/auth';
import { fetchDivisions, useDivisions, usePublicConfig } from '../app/queries';
import { RESOURCES_NS } from './i18n';
import { RESOURCES_KEY, type IncidentOption, type LonLat, type SupplyItem, type Warehouse } from './api';

const DEFAULT_CITY_CODE = '140300';
const DEFAULT_CENTER: LonLat = { lon: 113.58, lat: 37.86 };

/** The centre of the city the platform serves, for new points. */
export function useCityCenter(): LonLat {
  const config = usePublicConfig();
  return config.data?.city.center ?? DEFAULT_CENTER;
}

/** The division whose children list holds `code` (GB/T 2260), or null for a province. */
function parentCodeOf(code: string): string | null {
  if (code.length === 9) return code.slice(0, 6);
  if (code.endsWith('0000')) return null;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

/**
 * The centroid of a division, read from its parent's children list (the list the division
 * picker and the name lookups load too, so it is usually cached); null while loading or unknown.
 */
export function useDivisionCentroid(code: string | undefined): LonLat | null {
  const parent = code ? parentCodeOf(code) : null;
  const query = useQuery({
    queryKey: parent ? ['divisions', parent] : ['divisions', 'search', code],
    queryFn: ({ signal }) =>
      parent
        ? fetchDivisions(parent, signal)
        : api.get<ListResult<Division>>('/divisions', { q: code, pageSize: 20 }, signal),
    enabled: !!code && /^\d{6}(\d{3})?$/.test(code),
    staleTime: 10 * 60_000,
  });
  return query.data?.items.find((d) => d.code === code)?.centroid ?? null;
}

/**
 * Where a new record starts: the user's own division and its centroid (the city centre until
 * the centroid is known, or when the division has none).
 */
export function useNewRecordPlace(): { divisionCode: string; location: LonLat } {
  const { divisionCode } = useUser();
  const center = useCityCenter();
  const centroid = useDivisionCentroid(divisionCode);
  return { divisionCode, location: centroid ?? center };
}

/** Names of the province's cities and of the served city's districts, by code (others show their code). */
export function useDivisionNames(): (code: string | null | undefined) => string | undefined {
  const config = usePublicConfig();
  const cityCode = config.data?.city.code ?? DEFAULT_CITY_CODE;
  const cities = useDivisions(`${cityCode.slice(0, 2)}0000`);
  const districts = useDivisions(cityCode);
  const names = new Map<string, string>();
  for (const d of [...(cities.data?.items ?? []), ...(districts.data?.items ?? [])]) names.set(d.code, d.name);
  return (code) => (code ? names.get(code) : undefined);
}

export function DivisionCell({ code, name }: { code: string | null; name: string | undefined }) {
  if (!code) return <>—</>;
  return (
    <span>
      {name ?? code}{' '}
      {name && (
        <Typography.Text type="secondary" className="hash-text">
          {code}
        </Typography.Text>
      )}
    </span>
  );
}

/** A longitude / latitude pair for forms (`value` is `{lon, lat}`). */
export function LonLatInput({
  value,
  onChange,
  id,
}: {
  value?: Partial<LonLat> | null;
  onChange?: (value: Partial<LonLat>) => void;
  id?: string;
}) {
  const { t } = useTranslation(RESOURCES_NS);
  const set = (patch: Partial<LonLat>) => onChange?.({ ...value, ...patch });
  return (
    <Space.Compact block>
      <InputNumber<number>
        id={id}
        aria-label={t('location.lon')}
        placeholder={t('location.lon')}
        prefix={t('location.lonShort')}
        min={-180}
        max={180}
        step={0.0001}
        precision={6}
        style={{ width: '50%' }}
        value={value?.lon ?? null}
        onChange={(v) => set({ lon: v ?? undefined })}
        data-testid="resources-lon"
      />
      <InputNumber<number>
        aria-label={t('location.lat')}
        placeholder={t('location.lat')}
        prefix={t('location.latShort')}
        min={-90}
        max={90}
        step={0.0001}
        precision={6}
        style={{ width: '50%' }}
        value={value?.lat ?? null}
        onChange={(v) => set({ lat: v ?? undefined })}
        data-testid="resources-lat"
      />
    </Space.Compact>
  );
}

/** Form rule for {@link LonLatInput}: both numbers present and in range. */
export function lonLatValidator(message: string) {
  return (_: unknown, value: Partial<LonLat> | null | undefined) =>
    value &&
    typeof value.lon === 'number' &&
    typeof value.lat === 'number' &&
    Math.abs(value.lon) <= 180 &&
    Math.abs(value.lat) <= 90
      ? Promise.resolve()
      : Promise.reject(new Error(message));
}

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

/** Lets Enter in a text field submit a form whose buttons sit outside it (a modal footer). */
export function HiddenSubmit() {
  return <button type="submit" hidden aria-hidden tabIndex={-1} />;
}

/**
 * The division and map position of a registry record: one row of every resource form. For a new
 * record (`isNew`; the form starts from {@link useNewRecordPlace}) the position follows the chosen
 * division's centroid until the user enters a position of their own.
 */
export function DivisionLocationRow({
  divisionLabel,
  divisionRequired,
  isNew = false,
}: {
  divisionLabel: string;
  divisionRequired: string;
  isNew?: boolean;
}) {
  const { t } = useTranslation(RESOURCES_NS);
  const form = Form.useFormInstance<{ divisionCode?: string; location?: Partial<LonLat> }>();
  const divisionCode = Form.useWatch('divisionCode', form);
  const centroid = useDivisionCentroid(isNew ? divisionCode : undefined);
  useEffect(() => {
    if (!isNew || !centroid || form.isFieldTouched('location')) return;
    const current = form.getFieldValue('location') as Partial<LonLat> | undefined;
    if (current?.lon === centroid.lon && current.lat === centroid.lat) return;
    form.setFieldValue('location', centroid);
  }, [isNew, centroid, form]);
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item name="divisionCode" label={divisionLabel} rules={[{ required: true, message: divisionRequired }]}>
          <DivisionPicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name="location"
          label={t('location.label')}
          rules={[{ validator: lonLatValidator(t('location.invalid')) }]}
        >
          <LonLatInput />
        </Form.Item>
      </Col>
    </Row>
  );
}
