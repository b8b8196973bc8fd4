import { App, Button, Checkbox, Col, Form, Input, InputNumber, Row, Select, Slider, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FormError } from '../app/components';
import { PROGRAMME_NS } from './i18n';
import { reportingPeriods, useReportProgress, type ProgrammeTaskDetail, type ReportingCycle } from './api';

interface Values {
  period: string;
  text: string;
  percentComplete: number;
  evidence: { name: string; url?: string }[];
  problems: string;
  nextSteps: string;
  milestonesDone: number[];
}

const URL_RULE = /^https?:\/\/\S+$/i;

/** 填报进展: text, % complete, evidence (names and links), problems, next steps and milestones reached. */
export function ProgressForm({
  task,
  cycle,
  initialPercent,
  onDone,
  onCancel,
}: {
  task: ProgrammeTaskDetail;
  cycle: ReportingCycle;
  initialPercent: number;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const report = useReportProgress(task.id);
  const periods = reportingPeriods(cycle);
  const openMilestones = task.milestones.map((m, i) => ({ ...m, i })).filter((m) => !m.done);

  const submit = (v: Values) =>
    report.mutate(
      {
        period: v.period,
        text: v.text.trim(),
        percentComplete: v.percentComplete,
        evidence: (v.evidence ?? [])
          .filter((e) => e.name?.trim())
          .map((e) => ({ name: e.name.trim(), url: e.url?.trim() || undefined })),
        problems: v.problems?.trim() ?? '',
        nextSteps: v.nextSteps?.trim() ?? '',
        milestonesDone: v.milestonesDone ?? [],
      },
      {
        onSuccess: () => {
          message.success(t('report.saved'));
          form.resetFields();
          onDone();
        },
      },
    );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        period: periods[0],
        percentComplete: initialPercent,
        evidence: [],
        problems: '',
        nextSteps: '',
        milestonesDone: [],
      }}
      data-testid="progress-form"
    >
      {report.isError && <FormError error={report.error} />}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="period"
            label={t('report.period')}
            rules={[{ required: true, message: t('form.required') }]}
            extra={t('report.periodHelp')}
          >
            <Select
              options={periods.map((p, i) => ({
                value: p,
                label: i === 0 ? t('report.periodLatest', { period: p }) : p,
              }))}
              data-testid="progress-period"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item label={t('report.percent')} required>
            <Space.Compact block>
              <Form.Item name="percentComplete" noStyle rules={[{ required: true, message: t('form.required') }]}>
                <Slider min={0} max={100} step={5} style={{ flex: 1, margin: '10px 16px 0 6px' }} />
              </Form.Item>
              <Form.Item name="percentComplete" noStyle>
                <InputNumber
                  min={0}
                  max={100}
                  precision={0}
                  suffix="%"
                  style={{ width: 110 }}
                  aria-label={t('report.percent')}
                  data-testid="progress-percent"
                />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="text"
        label={t('report.text')}
        rules={[
          { required: true, whitespace: true, message: t('form.required') },
          { max: 5000, message: t('form.maxLength', { max: 5000 }) },
        ]}
      >
        <Input.TextArea
          rows={4}
          autoFocus
          placeholder={t('report.textPlaceholder')}
          showCount
          maxLength={5000}
          data-testid="progress-text"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="problems" label={t('report.problems')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="progress-problems" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="nextSteps" label={t('report.nextSteps')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="progress-next-steps" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('report.evidence')} extra={t('report.evidenceHelp')}>
        <Form.List name="evidence">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }} wrap>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[
                      { required: true, whitespace: true, message: t('report.evidenceNameRequired') },
                      { max: 200 },
                    ]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input
                      placeholder={t('report.evidenceName')}
                      aria-label={`${t('report.evidenceName')} ${index + 1}`}
                      style={{ width: 260 }}
                      data-testid="evidence-name"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'url']}
                    rules={[{ pattern: URL_RULE, message: t('report.evidenceUrlRule') }, { max: 1000 }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input
                      placeholder={t('report.evidenceUrl')}
                      aria-label={`${t('report.evidenceUrl')} ${index + 1}`}
                      style={{ width: 340 }}
                      data-testid="evidence-url"
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('report.evidenceRemove')}
                  />
                </Space>
              ))}
              {fields.length < 20 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="evidence-add">
                  {t('report.evidenceAdd')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      </Form.Item>
      {openMilestones.length > 0 && (
        <Form.Item name="milestonesDone" label={t('report.milestones')}>
          <Checkbox.Group
            options={openMilestones.map((m) => ({
              value: m.i,
              label: m.due ? `${m.title}（${m.due}）` : m.title,
            }))}
          />
        </Form.Item>
      )}
      <Space>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SendOutlined />}
          loading={report.isPending}
          data-testid="progress-submit"
        >
          {t('report.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Typography.Text type="secondary">{t('report.whoSees')}</Typography.Text>
      </Space>
    </Form>
  );
}
