import { useState } from 'react';
import {
  Alert,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ASSESSMENT_METHODS,
  CONTROL_LEVELS,
  LEC_C_VALUES,
  LEC_E_VALUES,
  LEC_L_VALUES,
  LS_MAX,
  LS_MIN,
  type AssessmentMethod,
} from '@yingji/contracts';
import { useUser } from '../app/auth';
import { FormError, HiddenSubmit } from '../app/components';
import { DivisionLocationRow, useNewRecordPlace, type LonLat } from '../app/place';
import { OrgSelect } from '../admin/OrgSelect';
import { RISKS_NS } from './i18n';
import {
  useSaveRiskPoint,
  type AssessmentInput,
  type ControlLevel,
  type CreateRiskPointBody,
  type RiskPointDetail,
  type UpdateRiskPointBody,
} from './api';
import { RiskLevelTag } from './components';

const MEASURES = ['engineering', 'management', 'training', 'ppe', 'emergency'] as const;
const LS_VALUES = Array.from({ length: LS_MAX - LS_MIN + 1 }, (_, i) => LS_MIN + i);

interface Values {
  orgId: string;
  name: string;
  divisionCode: string;
  location?: LonLat;
  address?: string;
  type?: string;
  description?: string;
  possibleHarms?: string[];
  measures?: Partial<Record<(typeof MEASURES)[number], string>>;
  controlLevel?: ControlLevel;
  responsiblePerson?: string;
  method: AssessmentMethod;
  L?: number;
  E?: number;
  C?: number;
  S?: number;
  reassess?: boolean;
  assessmentNote?: string;
}

/** The product of the inputs as the method defines it (D = L×E×C, R = L×S); null until all are chosen. */
export function assessmentScore(v: Pick<Values, 'method' | 'L' | 'E' | 'C' | 'S'>): number | null {
  if (v.method === 'LEC') {
    if (v.L === undefined || v.E === undefined || v.C === undefined) return null;
    return Math.round(v.L * v.E * v.C * 1000) / 1000;
  }
  if (v.L === undefined || v.S === undefined) return null;
  return v.L * v.S;
}

function toAssessment(v: Values): AssessmentInput | undefined {
  if (v.method === 'LEC' && v.L !== undefined && v.E !== undefined && v.C !== undefined) {
    return { method: 'LEC', L: v.L, E: v.E, C: v.C };
  }
  if (v.method === 'LS' && v.L !== undefined && v.S !== undefined) return { method: 'LS', L: v.L, S: v.S };
  return undefined;
}

const HARM_SUGGESTIONS = ['火灾', '爆炸', '中毒和窒息', '灼烫', '触电', '机械伤害', '高处坠落', '物体打击', '坍塌'];

function scaleOptions(values: readonly number[], prefix: string, t: (k: string) => string) {
  return values.map((v) => ({ value: v, label: `${v} — ${t(`${prefix}.${String(v).replace('.', '_')}`)}` }));
}

/** The inputs of the chosen method and, live, the score they give. */
function AssessmentFields() {
  const { t } = useTranslation(RISKS_NS);
  const form = Form.useFormInstance<Values>();
  const method = Form.useWatch('method', form) ?? 'LEC';
  const L = Form.useWatch('L', form);
  const E = Form.useWatch('E', form);
  const C = Form.useWatch('C', form);
  const S = Form.useWatch('S', form);
  const score = assessmentScore({ method, L, E, C, S });
  const required = (field: string) => [{ required: true, message: t('assessment.required', { field }) }];
  return (
    <div className="risk-assessment" data-testid="risk-assessment">
      <Form.Item name="method" label={t('assessment.method')}>
        <Segmented<AssessmentMethod>
          options={ASSESSMENT_METHODS.map((m) => ({ value: m, label: t(`assessment.methods.${m}`) }))}
          onChange={() => form.setFieldsValue({ L: undefined, E: undefined, C: undefined, S: undefined })}
          data-testid="risk-method"
        />
      </Form.Item>
      {method === 'LEC' ? (
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="L" label={t('assessment.lec.L')} rules={required('L')}>
              <Select<number> options={scaleOptions(LEC_L_VALUES, 'assessment.lecL', t)} data-testid="risk-L" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="E" label={t('assessment.lec.E')} rules={required('E')}>
              <Select<number> options={scaleOptions(LEC_E_VALUES, 'assessment.lecE', t)} data-testid="risk-E" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="C" label={t('assessment.lec.C')} rules={required('C')}>
              <Select<number> options={scaleOptions(LEC_C_VALUES, 'assessment.lecC', t)} data-testid="risk-C" />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="L" label={t('assessment.ls.L')} rules={required('L')}>
              <Select<number> options={scaleOptions(LS_VALUES, 'assessment.lsL', t)} data-testid="risk-L" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="S" label={t('assessment.ls.S')} rules={required('S')}>
              <Select<number> options={scaleOptions(LS_VALUES, 'assessment.lsS', t)} data-testid="risk-S" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Space size="large" align="center" wrap>
        <Statistic
          title={method === 'LEC' ? t('assessment.scoreD') : t('assessment.scoreR')}
          value={score ?? '—'}
          data-testid="risk-live-score"
        />
        <Typography.Text type="secondary">{t('assessment.levelAfterSave')}</Typography.Text>
      </Space>
    </div>
  );
}

/**
 * Create or edit a risk point. Editing changes the facts; ticking 重新评估 adds a new assessment, which the
 * server grades. After saving, the server's grade (score, level, colour, control level) is shown.
 */
export function RiskFormModal({ editing, onClose }: { editing: RiskPointDetail | null; onClose: () => void }) {
  const { t } = useTranslation(RISKS_NS);
  const user = useUser();
  const isEnterprise = user.roles.includes('enterprise');
  const place = useNewRecordPlace();
  const [form] = Form.useForm<Values>();
  const reassess = Form.useWatch('reassess', form);
  const save = useSaveRiskPoint(editing?.id ?? null);
  const [saved, setSaved] = useState<RiskPointDetail | null>(null);

  const submit = (v: Values) => {
    const measures: Record<string, string> = {};
    for (const key of MEASURES) {
      const text = v.measures?.[key]?.trim();
      if (text) measures[key] = text;
    }
    const common = {
      orgId: v.orgId,
      name: v.name.trim(),
      divisionCode: v.divisionCode,
      location: v.location ? { lon: v.location.lon, lat: v.location.lat } : undefined,
      address: v.address?.trim() || undefined,
      type: v.type?.trim() || undefined,
      description: v.description?.trim() || undefined,
      possibleHarms: (v.possibleHarms ?? []).map((h) => h.trim()).filter(Boolean),
      controlMeasures: measures,
      controlLevel: v.controlLevel,
      responsiblePerson: v.responsiblePerson?.trim() || undefined,
    };
    const assessment = toAssessment(v);
    let body: CreateRiskPointBody | UpdateRiskPointBody;
    if (!editing) {
      if (!assessment) return;
      body = { ...common, assessment };
    } else {
      body = { ...common };
      if (v.reassess && assessment) {
        body.assessment = assessment;
        if (v.assessmentNote?.trim()) body.assessmentNote = v.assessmentNote.trim();
      }
    }
    save.mutate(body, { onSuccess: (detail) => setSaved(detail) });
  };

  const latest = editing?.assessments[0];
  const showAssessment = !editing || reassess;

  return (
    <Modal
      open
      title={editing ? t('register.editTitle') : t('register.createTitle')}
      okText={saved ? t('common.done') : t('common.save')}
      cancelText={t('common.cancel')}
      cancelButtonProps={{ style: saved ? { display: 'none' } : undefined }}
      onOk={() => (saved ? onClose() : form.submit())}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={760}
      okButtonProps={{ ...{ 'data-testid': 'risk-form-ok' } }}
    >
      {saved ? (
        <Result
          status="success"
          title={t('register.savedTitle', { name: saved.name })}
          data-testid="risk-saved"
          subTitle={
            <Descriptions column={1} size="small" className="risk-saved-grade">
              <Descriptions.Item label={t('register.score')}>
                <span data-testid="risk-saved-score">{saved.score}</span>（{t(`assessment.methods.${saved.method}`)}）
              </Descriptions.Item>
              <Descriptions.Item label={t('register.level')}>
                <RiskLevelTag level={saved.level} />
              </Descriptions.Item>
              <Descriptions.Item label={t('register.controlLevel')}>
                {t(`controlLevels.${saved.controlLevel}`)}
              </Descriptions.Item>
            </Descriptions>
          }
        />
      ) : (
        <>
          {save.isError && <FormError error={save.error} />}
          <Form<Values>
            form={form}
            layout="vertical"
            preserve={false}
            data-testid="risk-form"
            onFinish={submit}
            initialValues={
              editing
                ? {
                    orgId: editing.orgId,
                    name: editing.name,
                    divisionCode: editing.divisionCode,
                    location: editing.location ?? undefined,
                    address: editing.address ?? undefined,
                    type: editing.type ?? undefined,
                    description: editing.description ?? undefined,
                    possibleHarms: editing.possibleHarms,
                    measures: editing.controlMeasures,
                    responsiblePerson: editing.responsiblePerson ?? undefined,
                    method: latest?.method ?? 'LEC',
                    ...(latest ? latest.inputs : {}),
                    reassess: false,
                  }
                : {
                    orgId: isEnterprise ? user.orgId : undefined,
                    divisionCode: place.divisionCode,
                    location: place.location,
                    method: 'LEC',
                    possibleHarms: [],
                  }
            }
          >
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="orgId"
                  label={t('fields.org')}
                  rules={[{ required: true, message: t('fields.orgRequired') }]}
                >
                  {isEnterprise ? (
                    <Select disabled options={[{ value: user.orgId, label: user.orgName }]} />
                  ) : (
                    <OrgSelect testId="risk-org" />
                  )}
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="name"
                  label={t('register.name')}
                  rules={[{ required: true, whitespace: true, message: t('register.nameRequired') }]}
                >
                  <Input maxLength={100} data-testid="risk-name" />
                </Form.Item>
              </Col>
            </Row>
            <DivisionLocationRow
              divisionLabel={t('fields.division')}
              divisionRequired={t('fields.divisionRequired')}
              isNew={!editing}
            />
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="type" label={t('register.type')}>
                  <Input maxLength={50} placeholder={t('register.typePlaceholder')} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="address" label={t('register.address')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="description" label={t('register.description')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
            </Form.Item>
            <Form.Item name="possibleHarms" label={t('register.possibleHarms')}>
              <Select mode="tags" options={HARM_SUGGESTIONS.map((h) => ({ value: h, label: h }))} maxCount={20} />
            </Form.Item>
            <Typography.Text strong>{t('register.controlMeasures')}</Typography.Text>
            <Row gutter={12} style={{ marginTop: 8 }}>
              {MEASURES.map((key) => (
                <Col xs={24} sm={12} key={key}>
                  <Form.Item name={['measures', key]} label={t(`measures.${key}`)}>
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="responsiblePerson" label={t('register.responsiblePerson')}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="controlLevel"
                  label={t('register.controlLevel')}
                  extra={t('register.controlLevelHelp')}
                >
                  <Select<ControlLevel>
                    allowClear
                    placeholder={
                      editing
                        ? t('register.controlLevelCurrent', { level: t(`controlLevels.${editing.controlLevel}`) })
                        : t('register.controlLevelAuto')
                    }
                    options={CONTROL_LEVELS.map((c) => ({ value: c, label: t(`controlLevels.${c}`) }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            {editing && (
              <>
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={
                    <Space size={6} wrap>
                      {t('register.currentGrade')}
                      <RiskLevelTag level={editing.level} />
                      {t(`assessment.methods.${editing.method}`)} {editing.score}
                    </Space>
                  }
                />
                <Form.Item name="reassess" valuePropName="checked">
                  <Checkbox data-testid="risk-reassess">{t('register.reassess')}</Checkbox>
                </Form.Item>
              </>
            )}
            {showAssessment && <AssessmentFields />}
            {editing && reassess && (
              <Form.Item name="assessmentNote" label={t('register.assessmentNote')}>
                <Input maxLength={500} />
              </Form.Item>
            )}
            <HiddenSubmit />
          </Form>
        </>
      )}
    </Modal>
  );
}
