import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ACCIDENT_TYPES,
  INCIDENT_CATEGORIES,
  INCIDENT_GRADES,
  INCIDENT_SOURCES,
  OTHER_INCIDENT_TYPES,
} from '@yingji/contracts';
import { useAuth, useUser } from '../app/auth';
import { FormError } from '../app/components';
import { useDivisions, usePublicConfig } from '../app/queries';
import { DivisionPicker } from '../admin/DivisionPicker';
import {
  useCreateIncident,
  type Incident,
  type IncidentCategory,
  type IncidentGrade,
  type IncidentSource,
} from './api';
import { GradeTag, IncidentWarnings, ReportingChain, useIncidentLabel } from './shared';
import type { LonLat } from './MiniMap';

const MiniMap = lazy(() => import('./MiniMap'));

const DEFAULT_CITY = { code: '140300', center: { lon: 113.58, lat: 37.86 } };

interface RecordValues {
  category: IncidentCategory;
  type?: string;
  title: string;
  occurredAt: Dayjs;
  source: IncidentSource;
  divisionCode: string;
  lon: number | null;
  lat: number | null;
  address?: string;
  deaths: number | null;
  missing: number | null;
  seriousInjuries: number | null;
  minorInjuries: number | null;
  directLossYuan?: number | null;
  evacuated?: number | null;
  description?: string;
  grade?: IncidentGrade;
  gradeReason?: string;
}

export function typesOf(category: IncidentCategory | undefined): readonly string[] {
  return category === 'accident' ? ACCIDENT_TYPES : OTHER_INCIDENT_TYPES;
}

const count = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : 0);

/** Enter moves to the next field (the last one being the save button); Ctrl+Enter saves from anywhere. */
function useEnterNavigation(submit: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      submit();
      return;
    }
    if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON' || target.tagName === 'A') return;
    // An open dropdown (select, tree select, date picker) takes Enter for itself.
    if (target.getAttribute('aria-expanded') === 'true') return;
    if (target.closest('.ant-picker-dropdown, .ant-select-dropdown')) return;
    e.preventDefault();
    const focusables = Array.from(
      e.currentTarget.querySelectorAll<HTMLElement>(
        'input:not([type=hidden]):not([disabled]):not([tabindex="-1"]), textarea:not([disabled]), button[type=submit]',
      ),
    ).filter((el) => el.offsetParent !== null);
    const idx = focusables.indexOf(target);
    const next = idx >= 0 ? focusables[idx + 1] : undefined;
    if (next) next.focus();
    else submit();
  };
}

function RecordResult({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const label = useIncidentLabel();
  return (
    <Card
      size="small"
      type="inner"
      className="incident-result"
      data-testid="incident-result"
      data-number={incident.number}
      title={
        <Space wrap>
          <span>{t('incidents.result.title')}</span>
          <Link to={`/incidents/${incident.id}`} data-testid="incident-result-link">
            {incident.number}
          </Link>
          <GradeTag grade={incident.grade} testId="incident-result-grade" />
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          {incident.title}（{label(incident.category)} · {label(incident.type)}）
        </Typography.Text>
        {incident.gradeReason && <Typography.Text type="secondary">{incident.gradeReason}</Typography.Text>}
        <IncidentWarnings warnings={incident.warnings} />
        <ReportingChain incident={incident} />
      </Space>
    </Card>
  );
}

/** 接报: the form a duty officer fills in while on the phone. */
export function IncidentRecordForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const { can } = useAuth();
  const label = useIncidentLabel();
  const config = usePublicConfig();
  const cityCode = config.data?.city.code ?? DEFAULT_CITY.code;
  const cityCenter = config.data?.city.center ?? DEFAULT_CITY.center;
  const districts = useDivisions(cityCode);
  const [form] = Form.useForm<RecordValues>();
  const create = useCreateIncident();
  const [saved, setSaved] = useState<Incident | null>(null);
  const locationTouched = useRef(false);

  const category = Form.useWatch('category', form);
  const divisionCode = Form.useWatch('divisionCode', form);
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const loss = Form.useWatch('directLossYuan', form);
  const canGrade = can('incident.grade');

  const initialValues = useMemo<Partial<RecordValues>>(
    () => ({
      category: 'accident',
      source: 'phone',
      occurredAt: dayjs(),
      divisionCode: user.divisionCode,
      lon: null,
      lat: null,
      deaths: 0,
      missing: 0,
      seriousInjuries: 0,
      minorInjuries: 0,
    }),
    [user.divisionCode],
  );

  // Until the officer sets a location, it follows the chosen district's centre.
  const centroid = useMemo<LonLat | null>(() => {
    if (!divisionCode) return null;
    if (divisionCode === cityCode) return cityCenter;
    const county = districts.data?.items.find((d) => d.code === divisionCode.slice(0, 6));
    return county?.centroid ?? null;
  }, [divisionCode, cityCode, cityCenter, districts.data]);
  useEffect(() => {
    if (!locationTouched.current && centroid) form.setFieldsValue({ lon: centroid.lon, lat: centroid.lat });
  }, [centroid, form]);

  const submit = () => form.submit();
  const onKeyDown = useEnterNavigation(submit);

  const onFinish = (v: RecordValues) => {
    const isAccident = v.category === 'accident';
    create.mutate(
      {
        category: v.category,
        type: v.type ?? 'other',
        title: v.title.trim(),
        occurredAt: v.occurredAt.format(),
        source: v.source,
        divisionCode: v.divisionCode,
        location: {
          lon: Number(v.lon),
          lat: Number(v.lat),
          ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        },
        casualties: {
          deaths: count(v.deaths),
          missing: count(v.missing),
          seriousInjuries: count(v.seriousInjuries),
          minorInjuries: count(v.minorInjuries),
        },
        ...(typeof v.directLossYuan === 'number' ? { directLossYuan: v.directLossYuan } : {}),
        ...(typeof v.evacuated === 'number' ? { evacuated: v.evacuated } : {}),
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        ...(!isAccident && v.grade ? { grade: v.grade } : {}),
        ...(!isAccident && v.grade && v.gradeReason?.trim() ? { gradeReason: v.gradeReason.trim() } : {}),
      },
      {
        onSuccess: (incident) => {
          setSaved(incident);
          message.success(t('incidents.form.saved', { number: incident.number }));
          locationTouched.current = false;
          form.resetFields();
          form.setFieldsValue({
            occurredAt: dayjs(),
            ...(centroid ? { lon: centroid.lon, lat: centroid.lat } : {}),
          });
        },
      },
    );
  };

  const typeOptions = typesOf(category).map((k) => ({ value: k, label: label(k) }));
  const numberField = (name: keyof RecordValues, text: string, testId?: string) => (
    <Col span={12}>
      <Form.Item name={name} label={text} rules={[{ type: 'integer', min: 0, message: t('incidents.form.countRule') }]}>
        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} data-testid={testId} />
      </Form.Item>
    </Col>
  );

  return (
    <Card title={t('incidents.form.title')} size="small" className="incident-form-card">
      {saved && <RecordResult incident={saved} />}
      {create.isError && <FormError error={create.error} />}
      <Form<RecordValues>
        form={form}
        layout="vertical"
        size="small"
        initialValues={initialValues}
        onFinish={onFinish}
        onKeyDown={onKeyDown}
        data-testid="incident-form"
        className="incident-form"
      >
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="category" label={t('incidents.fields.category')} rules={[{ required: true }]}>
              <Select
                options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(c) }))}
                onChange={() => form.setFieldsValue({ type: undefined, grade: undefined, gradeReason: undefined })}
                data-testid="incident-category"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="type"
              label={t('incidents.fields.type')}
              rules={[{ required: true, message: t('incidents.form.typeRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={typeOptions}
                placeholder={t('incidents.form.typePlaceholder')}
                data-testid="incident-type"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="title"
          label={t('incidents.fields.title')}
          rules={[
            { required: true, whitespace: true, message: t('incidents.form.titleRequired') },
            { max: 200, message: t('common.maxLength', { max: 200 }) },
          ]}
        >
          <Input
            maxLength={200}
            placeholder={t('incidents.form.titlePlaceholder')}
            data-testid="incident-title"
            autoComplete="off"
          />
        </Form.Item>
        <Row gutter={8}>
          <Col span={14}>
            <Form.Item name="occurredAt" label={t('incidents.fields.occurredAt')} rules={[{ required: true }]}>
              <DatePicker
                showTime
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
                data-testid="incident-occurred-at"
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="source" label={t('incidents.fields.source')} rules={[{ required: true }]}>
              <Select options={INCIDENT_SOURCES.map((s) => ({ value: s, label: label(s) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="divisionCode"
          label={t('incidents.fields.division')}
          rules={[{ required: true, message: t('incidents.form.divisionRequired') }]}
        >
          <DivisionPicker />
        </Form.Item>
        <Suspense fallback={<Skeleton.Node active className="incident-minimap-skeleton" />}>
          <MiniMap
            value={typeof lon === 'number' && typeof lat === 'number' ? { lon, lat } : null}
            onPick={(p) => {
              locationTouched.current = true;
              form.setFieldsValue({ lon: p.lon, lat: p.lat });
            }}
          />
        </Suspense>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item
              name="lon"
              label={t('incidents.fields.lon')}
              rules={[{ required: true, message: t('incidents.form.locationRequired') }]}
            >
              <InputNumber
                min={-180}
                max={180}
                step={0.001}
                precision={6}
                style={{ width: '100%' }}
                onChange={() => (locationTouched.current = true)}
                data-testid="incident-lon"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="lat"
              label={t('incidents.fields.lat')}
              rules={[{ required: true, message: t('incidents.form.locationRequired') }]}
            >
              <InputNumber
                min={-90}
                max={90}
                step={0.001}
                precision={6}
                style={{ width: '100%' }}
                onChange={() => (locationTouched.current = true)}
                data-testid="incident-lat"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="address"
          label={t('incidents.fields.address')}
          rules={[{ max: 300, message: t('common.maxLength', { max: 300 }) }]}
        >
          <Input maxLength={300} autoComplete="off" />
        </Form.Item>
        <Divider titlePlacement="start" plain className="incident-form-divider">
          {t('incidents.fields.casualties')}
        </Divider>
        <Row gutter={8}>
          {numberField('deaths', t('incidents.fields.deaths'), 'incident-deaths')}
          {numberField('missing', t('incidents.fields.missing'), 'incident-missing')}
          {numberField('seriousInjuries', t('incidents.fields.seriousInjuries'), 'incident-serious')}
          {numberField('minorInjuries', t('incidents.fields.minorInjuries'), 'incident-minor')}
        </Row>
        <Form.Item
          name="directLossYuan"
          label={t('incidents.fields.directLossYuan')}
          extra={
            typeof loss === 'number'
              ? t('incidents.form.lossWan', {
                  wan: (loss / 10_000).toLocaleString(undefined, { maximumFractionDigits: 4 }),
                })
              : t('incidents.form.lossHelp')
          }
        >
          <InputNumber min={0} max={1e13} step={10_000} style={{ width: '100%' }} data-testid="incident-loss" />
        </Form.Item>
        <Form.Item name="evacuated" label={t('incidents.fields.evacuated')} extra={t('incidents.form.evacuatedHelp')}>
          <InputNumber
            min={0}
            max={1_000_000}
            precision={0}
            style={{ width: '100%' }}
            data-testid="incident-evacuated"
          />
        </Form.Item>
        {category && category !== 'accident' && canGrade && (
          <Row gutter={8}>
            <Col span={10}>
              <Form.Item name="grade" label={t('incidents.fields.grade')} extra={t('incidents.form.gradeHelp')}>
                <Select allowClear options={INCIDENT_GRADES.map((g) => ({ value: g, label: label(g) }))} />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item
                name="gradeReason"
                label={t('incidents.fields.gradeReason')}
                rules={[{ max: 500, message: t('common.maxLength', { max: 500 }) }]}
              >
                <Input maxLength={500} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {category === 'accident' && (
          <Typography.Paragraph type="secondary" className="incident-form-note">
            {t('incidents.form.accidentGradeNote')}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="description"
          label={t('incidents.fields.description')}
          rules={[{ max: 5000, message: t('common.maxLength', { max: 5000 }) }]}
        >
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text type="secondary" className="incident-form-keys">
            {t('incidents.form.keyboardHint')}
          </Typography.Text>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={create.isPending}
            data-testid="incident-submit"
          >
            {t('incidents.form.submit')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
