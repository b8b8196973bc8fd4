/**
 * Where a record sits: divisions (GB/T 2260) and longitude / latitude positions, shared by the
 * module forms and tables (resources, monitoring, …).
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Division } from '@yingji/contracts';
import { Col, Form, InputNumber, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DivisionPicker } from '../admin/DivisionPicker';
import { api, type ListResult } from './api';
import { useUser } from './auth';
import { fetchDivisions, useDivisions, usePublicConfig } from './queries';

export interface LonLat {
  lon: number;
  lat: number;
}

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

/**
 * A division in a table or description: its name followed by its code, or (`compact`) the name
 * alone with the code as its tooltip.
 */
export function DivisionCell({
  code,
  name,
  compact = false,
}: {
  code: string | null;
  name: string | undefined;
  compact?: boolean;
}) {
  if (!code) return <>—</>;
  if (compact) return <span title={code}>{name ?? code}</span>;
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

/**
 * A longitude / latitude pair for forms (`value` is `{lon, lat}`); with `testIdPrefix` the two
 * inputs carry `data-testid` `<prefix>-lon` and `<prefix>-lat`.
 */
export function LonLatInput({
  value,
  onChange,
  id,
  testIdPrefix,
}: {
  value?: Partial<LonLat> | null;
  onChange?: (value: Partial<LonLat>) => void;
  id?: string;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<LonLat>) => onChange?.({ ...value, ...patch });
  return (
    <Space.Compact block>
      <InputNumber<number>
        id={id}
        aria-label={t('place.lon')}
        placeholder={t('place.lon')}
        prefix={t('place.lonShort')}
        min={-180}
        max={180}
        step={0.0001}
        precision={6}
        style={{ width: '50%' }}
        value={value?.lon ?? null}
        onChange={(v) => set({ lon: v ?? undefined })}
        data-testid={testIdPrefix ? `${testIdPrefix}-lon` : undefined}
      />
      <InputNumber<number>
        aria-label={t('place.lat')}
        placeholder={t('place.lat')}
        prefix={t('place.latShort')}
        min={-90}
        max={90}
        step={0.0001}
        precision={6}
        style={{ width: '50%' }}
        value={value?.lat ?? null}
        onChange={(v) => set({ lat: v ?? undefined })}
        data-testid={testIdPrefix ? `${testIdPrefix}-lat` : undefined}
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

/**
 * The division and map position of a record: one row of a form whose fields are `divisionCode`
 * and `location`. For a new record (`isNew`; the form starts from {@link useNewRecordPlace}) the
 * position follows the chosen division's centroid until the user enters a position of their own.
 */
export function DivisionLocationRow({
  divisionLabel,
  divisionRequired,
  isNew = false,
  testIdPrefix,
}: {
  divisionLabel: string;
  divisionRequired: string;
  isNew?: boolean;
  /** Passed on to {@link LonLatInput}. */
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
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
          label={t('place.label')}
          rules={[{ validator: lonLatValidator(t('place.invalid')) }]}
        >
          <LonLatInput testIdPrefix={testIdPrefix} />
        </Form.Item>
      </Col>
    </Row>
  );
}
