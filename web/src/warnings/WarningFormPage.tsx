import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, BulbOutlined } from '@ant-design/icons';
import { HAZARD_NAMES_ZH, HAZARD_TYPES, type HazardType, type Warning } from '@yingji/contracts';
import { useUser } from '../app/auth';
import { ErrorAlert, FormError } from '../app/components';
import { useDivisionNames } from '../app/place';
import { useDivisions, usePublicConfig } from '../app/queries';
import { WARNINGS_NS } from './i18n';
import {
  useCreateWarning,
  useSubmitWarning,
  useUpdateWarning,
  useWarning,
  type CreateWarningBody,
  type UpdateWarningBody,
} from './api';
import { levelColour, useHazardLabel } from './components';
import { fromGeoJsonPolygon, toGeoJsonPolygon, WarningMap, type DrawnPolygon } from './WarningMap';
import './warnings.css';

interface FormValues {
  hazardType: HazardType;
  level: 1 | 2 | 3 | 4;
  headline: string;
  description: string;
  instruction: string;
  time: [Dayjs, Dayjs];
  divisionCodes: string[];
  headlineEn?: string;
  descriptionEn?: string;
  instructionEn?: string;
}

const LEVEL_NAMES_ZH: Record<number, string> = { 1: '红色', 2: '橙色', 3: '黄色', 4: '蓝色' };

/** The usual headline of a warning: 「<单位>发布<灾种><颜色>预警」 (the warning's text is Chinese). */
export function suggestedHeadline(orgName: string, hazard: HazardType, level: number): string {
  return `${orgName}发布${HAZARD_NAMES_ZH[hazard]}${LEVEL_NAMES_ZH[level] ?? ''}预警`;
}

/** The divisions a user may target: their own (the city for province-level users) and its children. */
function useTargetDivisions() {
  const user = useUser();
  const config = usePublicConfig();
  const cityCode = config.data?.city.code ?? '140300';
  const base = user.divisionCode.endsWith('0000') ? cityCode : user.divisionCode;
  const names = useDivisionNames();
  const children = useDivisions(base);
  return useMemo(
    () => [
      { value: base, label: names(base) ?? base },
      ...(children.data?.items ?? []).map((d) => ({ value: d.code, label: d.name })),
    ],
    [base, names, children.data],
  );
}

function optional(v: string | undefined): string | undefined {
  const s = v?.trim();
  return s ? s : undefined;
}

/** 起草预警 (`/warnings/new`), 修改草稿 or 更新已发布预警 (`/warnings/:id/edit`): the form beside the map. */
export default function WarningFormPage() {
  const { id } = useParams();
  const existing = useWarning(id);
  if (id && existing.isPending) return <Spin size="large" className="page-spin" />;
  if (id && existing.isError) return <ErrorAlert error={existing.error} onRetry={() => void existing.refetch()} />;
  return <WarningForm key={id ?? 'new'} warning={existing.data} />;
}

function WarningForm({ warning }: { warning: Warning | undefined }) {
  const { t } = useTranslation(WARNINGS_NS);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const hazardLabel = useHazardLabel();
  const divisionOptions = useTargetDivisions();
  const [form] = Form.useForm<FormValues>();
  const [polygon, setPolygon] = useState<DrawnPolygon>(() => fromGeoJsonPolygon(warning?.polygon));
  const [polygonError, setPolygonError] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submitAfterSave = useRef(false);
  const headlineTouched = useRef(!!warning);
  const create = useCreateWarning();
  const update = useUpdateWarning(warning?.id ?? '');
  const submit = useSubmitWarning();
  const busy = create.isPending || update.isPending || submit.isPending;

  const issued = warning ? warning.status === 'published' || warning.status === 'updated' : false;
  const editable = !warning || warning.status === 'draft' || issued;

  const level = (Form.useWatch('level', form) ?? warning?.level ?? 2) as number;
  const hazardType = Form.useWatch('hazardType', form);
  const divisionCodes = Form.useWatch('divisionCodes', form) ?? warning?.divisionCodes ?? [];

  useEffect(() => {
    if (headlineTouched.current || !hazardType || !level) return;
    form.setFieldValue('headline', suggestedHeadline(user.orgName, hazardType, level));
  }, [form, hazardType, level, user.orgName]);

  const initialValues: Partial<FormValues> = warning
    ? {
        hazardType: warning.hazardType,
        level: warning.level as FormValues['level'],
        headline: warning.headline,
        description: warning.description,
        instruction: warning.instruction,
        time: [dayjs(warning.onset), dayjs(warning.expires)],
        divisionCodes: warning.divisionCodes,
        headlineEn: warning.headlineEn ?? undefined,
        descriptionEn: warning.descriptionEn ?? undefined,
        instructionEn: warning.instructionEn ?? undefined,
      }
    : {
        level: 2,
        time: [dayjs().startOf('minute'), dayjs().startOf('minute').add(24, 'hour')],
        divisionCodes: [],
      };

  const toggleDivision = (code: string) => {
    if (!divisionOptions.some((o) => o.value === code)) {
      void message.info(t('form.divisionOutOfScope'));
      return;
    }
    const current: string[] = form.getFieldValue('divisionCodes') ?? [];
    const next = current.includes(code) ? current.filter((c) => c !== code) : [...current, code];
    form.setFieldValue('divisionCodes', next);
    void form.validateFields(['divisionCodes']);
  };

  const onFinish = async (v: FormValues) => {
    if (polygon.vertices.length > 0 && !polygon.closed) {
      setPolygonError(true);
      return;
    }
    setError(null);
    const area = toGeoJsonPolygon(polygon);
    const fields = {
      hazardType: v.hazardType,
      level: v.level,
      headline: v.headline.trim(),
      description: v.description.trim(),
      instruction: v.instruction.trim(),
      divisionCodes: v.divisionCodes,
      onset: v.time[0].toISOString(),
      expires: v.time[1].toISOString(),
      headlineEn: optional(v.headlineEn),
      descriptionEn: optional(v.descriptionEn),
      instructionEn: optional(v.instructionEn),
    };
    try {
      let saved: Warning;
      if (!warning) {
        const body: CreateWarningBody = { ...fields, ...(area ? { polygon: area } : {}) };
        saved = await create.mutateAsync(body);
        void message.success(t('form.created'));
      } else {
        const body: UpdateWarningBody = { ...fields, polygon: area };
        saved = await update.mutateAsync(body);
        void message.success(issued ? t('form.updated') : t('form.saved'));
      }
      if (submitAfterSave.current && saved.status === 'draft') {
        saved = await submit.mutateAsync(saved.id);
        void message.success(t('form.submitted'));
      }
      navigate(`/warnings/${saved.id}`);
    } catch (err) {
      setError(err);
    }
  };

  const title = !warning ? t('form.newTitle') : issued ? t('form.updateTitle') : t('form.editTitle');
  const colour = levelColour(level).bg;

  return (
    <Card
      title={
        <Space>
          <Link to={warning ? `/warnings/${warning.id}` : '/warnings'} aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <span>{title}</span>
        </Space>
      }
      data-testid="warning-form-page"
    >
      {!editable && <Alert type="warning" showIcon title={t('form.notEditable')} style={{ marginBottom: 16 }} />}
      {issued && <Alert type="info" showIcon title={t('form.updateHint')} style={{ marginBottom: 16 }} />}
      {error !== null && <FormError error={error} />}
      <Row gutter={24}>
        <Col xs={24} xl={10}>
          <Form<FormValues>
            form={form}
            layout="vertical"
            initialValues={initialValues}
            onFinish={(v) => void onFinish(v)}
            disabled={!editable || busy}
            data-testid="warning-form"
          >
            <Row gutter={12}>
              <Col xs={24} sm={10} xl={24} xxl={10}>
                <Form.Item
                  name="hazardType"
                  label={t('form.hazardType')}
                  rules={[{ required: true, message: t('form.hazardRequired') }]}
                >
                  <Select<HazardType>
                    showSearch
                    optionFilterProp="label"
                    options={HAZARD_TYPES.map((h) => ({ value: h, label: hazardLabel(h) }))}
                    data-testid="warning-hazard"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={14} xl={24} xxl={14}>
                <Form.Item
                  name="level"
                  label={t('form.level')}
                  rules={[{ required: true, message: t('form.levelRequired') }]}
                >
                  <Radio.Group optionType="button" buttonStyle="solid" className="warning-level-radio">
                    {[1, 2, 3, 4].map((l) => (
                      <Radio.Button
                        key={l}
                        value={l}
                        data-testid={`warning-level-${l}`}
                        style={
                          level === l
                            ? {
                                background: levelColour(l).bg,
                                borderColor: levelColour(l).bg,
                                color: levelColour(l).fg,
                              }
                            : { borderTop: `3px solid ${levelColour(l).bg}` }
                        }
                      >
                        {t(`levelShort.${l}`)}
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label={t('form.headline')} required>
              <Space.Compact block>
                <Form.Item
                  name="headline"
                  noStyle
                  rules={[{ required: true, whitespace: true, message: t('form.headlineRequired') }]}
                >
                  <Input
                    maxLength={160}
                    onChange={() => {
                      headlineTouched.current = true;
                    }}
                    data-testid="warning-headline"
                    aria-label={t('form.headline')}
                  />
                </Form.Item>
                <Button
                  icon={<BulbOutlined />}
                  title={t('form.headlineSuggest')}
                  aria-label={t('form.headlineSuggest')}
                  onClick={() => {
                    const h = form.getFieldValue('hazardType') as HazardType | undefined;
                    if (h) form.setFieldValue('headline', suggestedHeadline(user.orgName, h, level));
                  }}
                />
              </Space.Compact>
            </Form.Item>
            <Form.Item
              name="description"
              label={t('form.description')}
              rules={[{ required: true, whitespace: true, message: t('form.descriptionRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={4000} data-testid="warning-description" />
            </Form.Item>
            <Form.Item
              name="instruction"
              label={t('form.instruction')}
              rules={[{ required: true, whitespace: true, message: t('form.instructionRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={4000} data-testid="warning-instruction" />
            </Form.Item>
            <Form.Item
              name="time"
              label={t('form.time')}
              rules={[
                { required: true, message: t('form.timeRequired') },
                {
                  validator: (_, v: [Dayjs, Dayjs] | undefined) =>
                    !v || v[1].isAfter(v[0]) ? Promise.resolve() : Promise.reject(new Error(t('form.timeOrder'))),
                },
              ]}
            >
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                placeholder={[t('form.onset'), t('form.expires')]}
                data-testid="warning-time"
              />
            </Form.Item>
            <Form.Item
              name="divisionCodes"
              label={t('form.divisions')}
              extra={t('form.divisionsHint')}
              rules={[{ required: true, type: 'array', min: 1, message: t('form.divisionsRequired') }]}
            >
              <Select<string[]>
                mode="multiple"
                showSearch
                optionFilterProp="label"
                options={divisionOptions}
                data-testid="warning-divisions"
              />
            </Form.Item>
            <Form.Item
              label={t('form.polygon')}
              validateStatus={polygonError ? 'error' : undefined}
              extra={t('form.polygonHint')}
            >
              <Typography.Text
                type={polygonError && !polygon.closed && polygon.vertices.length > 0 ? 'danger' : 'secondary'}
                data-testid="warning-polygon-state"
              >
                {polygon.vertices.length === 0
                  ? t('form.polygonNone')
                  : !polygon.closed
                    ? t('form.polygonOpen')
                    : t('form.polygonPoints', { count: polygon.vertices.length })}
              </Typography.Text>
            </Form.Item>
            <Collapse
              size="small"
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: 'en',
                  label: t('form.english'),
                  forceRender: true,
                  children: (
                    <>
                      <Form.Item name="headlineEn" label={t('form.headlineEn')}>
                        <Input maxLength={160} />
                      </Form.Item>
                      <Form.Item name="descriptionEn" label={t('form.descriptionEn')}>
                        <Input.TextArea rows={2} maxLength={4000} />
                      </Form.Item>
                      <Form.Item name="instructionEn" label={t('form.instructionEn')} style={{ marginBottom: 0 }}>
                        <Input.TextArea rows={2} maxLength={4000} />
                      </Form.Item>
                    </>
                  ),
                },
              ]}
            />
            <Space wrap>
              {issued ? (
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={busy}
                  onClick={() => (submitAfterSave.current = false)}
                  data-testid="warning-save-update"
                >
                  {t('form.saveUpdate')}
                </Button>
              ) : (
                <>
                  <Button
                    htmlType="submit"
                    loading={busy && !submitAfterSave.current}
                    onClick={() => (submitAfterSave.current = false)}
                    data-testid="warning-save-draft"
                  >
                    {t('form.saveDraft')}
                  </Button>
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={busy && submitAfterSave.current}
                    onClick={() => (submitAfterSave.current = true)}
                    data-testid="warning-save-submit"
                  >
                    {t('form.saveAndSubmit')}
                  </Button>
                </>
              )}
              <Button htmlType="button" onClick={() => navigate(warning ? `/warnings/${warning.id}` : '/warnings')}>
                {t('common.cancel')}
              </Button>
            </Space>
          </Form>
        </Col>
        <Col xs={24} xl={14}>
          <WarningMap
            editable={editable}
            divisionCodes={divisionCodes}
            polygon={polygon}
            colour={colour}
            onToggleDivision={toggleDivision}
            onPolygonChange={(p) => {
              setPolygon(p);
              if (p.closed || p.vertices.length === 0) setPolygonError(false);
            }}
            height={560}
          />
        </Col>
      </Row>
    </Card>
  );
}
