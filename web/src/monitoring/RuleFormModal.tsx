import { App, Button, Col, Form, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ALARM_LEVELS, RULE_KINDS, THRESHOLD_OPS } from '@yingji/contracts';
import { FormError, HiddenSubmit } from '../app/components';
import { MONITORING_NS } from './i18n';
import { useAddRule, type AlarmLevel, type RuleInput, type RuleKind, type Sensor, type ThresholdOp } from './api';
import { useMetricLabel } from './components';

export const OP_LABELS: Record<ThresholdOp, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };
const RISING: readonly ThresholdOp[] = ['>=', '>'];

interface LevelRow {
  op?: ThresholdOp;
  value?: number | null;
  level?: AlarmLevel;
}

interface RuleFormValues {
  kind: RuleKind;
  metric?: string;
  levels?: LevelRow[];
  clear?: number | null;
  windowSeconds?: number | null;
  afterSeconds?: number | null;
  level?: AlarmLevel;
}

/** 新增规则: a threshold, rate-of-change or no-data rule of one sensor. */
export function RuleFormModal({ sensor, onClose }: { sensor: Sensor; onClose: () => void }) {
  const { t } = useTranslation(MONITORING_NS);
  const { message } = App.useApp();
  const metricLabel = useMetricLabel();
  const add = useAddRule(sensor.code);
  const [form] = Form.useForm<RuleFormValues>();
  const kind = Form.useWatch('kind', form) ?? 'threshold';
  const levels = Form.useWatch('levels', form);
  const rising = !(levels ?? []).some((l) => l?.op && !RISING.includes(l.op));

  const onFinish = (v: RuleFormValues) => {
    let body: RuleInput;
    if (v.kind === 'no_data') {
      body = { kind: 'no_data', levels: [], afterSeconds: v.afterSeconds ?? undefined, level: v.level };
    } else {
      const rows = (v.levels ?? []).flatMap((l) =>
        l.op && l.level && typeof l.value === 'number' ? [{ op: l.op, value: l.value, level: l.level }] : [],
      );
      const up = rows.every((r) => RISING.includes(r.op));
      body = {
        kind: v.kind,
        metric: v.metric,
        levels: rows,
        ...(typeof v.clear === 'number' ? (up ? { clearBelow: v.clear } : { clearAbove: v.clear }) : {}),
        ...(v.kind === 'rate' ? { windowSeconds: v.windowSeconds ?? undefined } : {}),
      };
    }
    add.mutate(body, {
      onSuccess: () => {
        message.success(t('rules.created'));
        onClose();
      },
    });
  };

  return (
    <Modal
      open
      title={t('rules.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={add.isPending}
      okButtonProps={{ ...{ 'data-testid': 'rule-form-submit' } }}
      destroyOnHidden
      width={620}
    >
      {add.isError && <FormError error={add.error} />}
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="rule-form"
        initialValues={{
          kind: 'threshold',
          metric: sensor.metrics[0]?.name,
          levels: [{ op: '>=', value: null, level: 'yellow' }],
          windowSeconds: 300,
          afterSeconds: Math.max(600, sensor.intervalSeconds * 5),
          level: 'blue',
        }}
        onFinish={onFinish}
      >
        <Form.Item name="kind" label={t('rules.kind')}>
          <Radio.Group
            optionType="button"
            options={RULE_KINDS.map((k) => ({ value: k, label: t(`ruleKinds.${k}`) }))}
            data-testid="rule-kind"
          />
        </Form.Item>

        {kind !== 'no_data' && (
          <>
            <Form.Item
              name="metric"
              label={t('rules.metric')}
              rules={[{ required: true, message: t('rules.metricRequired') }]}
              extra={kind === 'rate' ? t('rules.rateHelp') : undefined}
            >
              <Select
                options={sensor.metrics.map((m) => ({
                  value: m.name,
                  label: `${metricLabel(m.name)}（${m.name}${m.unit ? `, ${m.unit}` : ''}）`,
                }))}
                data-testid="rule-metric"
              />
            </Form.Item>
            <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
              {t('rules.levels')}
            </Typography.Text>
            <Form.List
              name="levels"
              rules={[
                {
                  validator: async (_, rows: LevelRow[] | undefined) => {
                    const list = rows ?? [];
                    if (list.length === 0) throw new Error(t('rules.levelsRequired'));
                    const up = list.filter((r) => r?.op && RISING.includes(r.op)).length;
                    if (up && up !== list.length) throw new Error(t('rules.mixedOps'));
                    const lv = list.map((r) => r?.level).filter(Boolean);
                    if (new Set(lv).size !== lv.length) throw new Error(t('rules.duplicateLevels'));
                  },
                },
              ]}
            >
              {(fields, { add: addRow, remove }, { errors }) => (
                <div className="monitoring-metric-rows" data-testid="rule-levels">
                  {fields.map((field) => (
                    <Row gutter={8} key={field.key} align="top" data-testid="rule-level-row">
                      <Col flex="96px">
                        <Form.Item name={[field.name, 'op']} rules={[{ required: true }]}>
                          <Select
                            aria-label={t('rules.op')}
                            options={THRESHOLD_OPS.map((op) => ({ value: op, label: OP_LABELS[op] }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col flex="auto">
                        <Form.Item
                          name={[field.name, 'value']}
                          rules={[{ required: true, message: t('rules.valueRequired') }]}
                        >
                          <InputNumber<number>
                            style={{ width: '100%' }}
                            placeholder={t('rules.value')}
                            aria-label={t('rules.value')}
                            data-testid="rule-level-value"
                          />
                        </Form.Item>
                      </Col>
                      <Col flex="120px">
                        <Form.Item name={[field.name, 'level']} rules={[{ required: true }]}>
                          <Select
                            aria-label={t('rules.level')}
                            options={ALARM_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col flex="32px">
                        <Button
                          type="text"
                          icon={<DeleteOutlined />}
                          disabled={fields.length <= 1}
                          onClick={() => remove(field.name)}
                          aria-label={t('common.cancel')}
                        />
                      </Col>
                    </Row>
                  ))}
                  <Form.ErrorList errors={errors} />
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= 4}
                    onClick={() => {
                      const used = new Set(
                        (form.getFieldValue('levels') as LevelRow[] | undefined)?.map((l) => l?.level),
                      );
                      const next =
                        ALARM_LEVELS.find((l) => !used.has(l) && l !== 'blue') ??
                        ALARM_LEVELS.find((l) => !used.has(l));
                      const last = (form.getFieldValue('levels') as LevelRow[] | undefined)?.at(-1);
                      addRow({ op: last?.op ?? '>=', value: null, level: next });
                    }}
                    style={{ marginBottom: 12 }}
                  >
                    {t('rules.addLevel')}
                  </Button>
                </div>
              )}
            </Form.List>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="clear"
                  label={rising ? t('rules.clearBelow') : t('rules.clearAbove')}
                  tooltip={t('rules.hysteresisHelp')}
                >
                  <InputNumber<number> style={{ width: '100%' }} data-testid="rule-clear" />
                </Form.Item>
              </Col>
              {kind === 'rate' && (
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="windowSeconds"
                    label={t('rules.windowSeconds')}
                    rules={[
                      { required: true, type: 'number', min: 10, max: 86_400, message: t('rules.windowRequired') },
                    ]}
                  >
                    <InputNumber<number> min={10} max={86_400} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </>
        )}

        {kind === 'no_data' && (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="afterSeconds"
                label={t('rules.afterSeconds')}
                rules={[{ required: true, type: 'number', min: 10, max: 604_800, message: t('rules.afterRequired') }]}
              >
                <InputNumber<number> min={10} max={604_800} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="level"
                label={t('rules.level')}
                rules={[{ required: true, message: t('rules.levelRequired') }]}
              >
                <Select options={ALARM_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}
