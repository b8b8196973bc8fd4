import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, HAZARD_SOURCES } from '@yingji/contracts';
import { useUser } from '../app/auth';
import { FormError } from '../app/components';
import { OrgSelect } from '../admin/OrgSelect';
import { RISKS_NS } from './i18n';
import {
  useCreateHazard,
  useRiskPoints,
  type AttachmentMeta,
  type HazardCategory,
  type HazardLevel,
  type HazardSource,
} from './api';
import { PhotoPicker } from './PhotoPicker';

interface Values {
  orgId: string;
  riskPointId?: string;
  source: HazardSource;
  level: HazardLevel;
  category: HazardCategory;
  title: string;
  description: string;
  address?: string;
  responsiblePerson?: string;
  responsiblePhone?: string;
  deadline?: Dayjs | null;
  costYuan?: number | null;
  photos?: AttachmentMeta[];
}

/** The risk points of one organisation, to link a hazard to. */
function RiskPointSelect({
  orgId,
  value,
  onChange,
  id,
}: {
  orgId: string | undefined;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation(RISKS_NS);
  const points = useRiskPoints({ orgId, page: 1, pageSize: 200 });
  return (
    <Select<string>
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      disabled={!orgId}
      loading={points.isFetching}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      placeholder={t('hazards.riskPointPlaceholder')}
      options={(orgId ? (points.data?.items ?? []) : []).map((p) => ({ value: p.id, label: p.name }))}
      data-testid="hazard-risk-point"
    />
  );
}

/**
 * 隐患登记: one column, large fields and buttons, so it works on a phone; photos go straight to the
 * camera. An enterprise records hazards of its own organisation only.
 */
export default function HazardReportPage() {
  const { t } = useTranslation(RISKS_NS);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const isEnterprise = user.roles.includes('enterprise');
  const [form] = Form.useForm<Values>();
  const orgId = Form.useWatch('orgId', form);
  const [uploading, setUploading] = useState(false);
  const create = useCreateHazard();

  const submit = (v: Values) => {
    create.mutate(
      {
        orgId: v.orgId,
        riskPointId: v.riskPointId || undefined,
        source: v.source,
        level: v.level,
        category: v.category,
        title: v.title.trim(),
        description: v.description.trim(),
        address: v.address?.trim() || undefined,
        responsiblePerson: v.responsiblePerson?.trim() || undefined,
        responsiblePhone: v.responsiblePhone?.trim() || undefined,
        deadline: v.deadline ? v.deadline.endOf('day').format() : undefined,
        costYuan: v.costYuan ?? undefined,
        attachments: (v.photos ?? []).map((p) => p.id),
      },
      {
        onSuccess: (h) => {
          message.success(t('hazards.reported'));
          void navigate(`/risks/hazards/${h.id}`, { replace: true });
        },
      },
    );
  };

  return (
    <Card
      className="risk-phone-card"
      title={
        <span className="risk-card-title">
          <Link to="/risks/hazards" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('hazards.reportTitle')}
        </span>
      }
      data-testid="hazard-report-page"
    >
      {create.isError && <FormError error={create.error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        className="risk-phone-form"
        data-testid="hazard-form"
        initialValues={{
          orgId: isEnterprise ? user.orgId : undefined,
          source: isEnterprise ? 'self_inspection' : 'government_inspection',
          level: 'general',
          photos: [],
        }}
        onFinish={submit}
        scrollToFirstError
      >
        <Form.Item name="orgId" label={t('fields.org')} rules={[{ required: true, message: t('fields.orgRequired') }]}>
          {isEnterprise ? (
            <Select
              disabled
              options={[{ value: user.orgId, label: user.orgName }]}
              data-testid="hazard-org"
              aria-label={t('fields.org')}
            />
          ) : (
            <OrgSelect testId="hazard-org" />
          )}
        </Form.Item>
        <Form.Item
          name="title"
          label={t('hazards.fields.title')}
          rules={[{ required: true, whitespace: true, message: t('hazards.fields.titleRequired') }]}
        >
          <Input maxLength={100} placeholder={t('hazards.fields.titlePlaceholder')} data-testid="hazard-title" />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('hazards.fields.category')}
          rules={[{ required: true, message: t('hazards.fields.categoryRequired') }]}
        >
          <Select<HazardCategory>
            data-testid="hazard-category"
            placeholder={t('hazards.fields.categoryPlaceholder')}
            options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="level" label={t('hazards.fields.level')} rules={[{ required: true }]}>
          <Select<HazardLevel>
            data-testid="hazard-level"
            options={HAZARD_LEVELS.map((l) => ({ value: l, label: t(`hazardLevels.${l}`) }))}
          />
        </Form.Item>
        <Form.Item name="source" label={t('hazards.fields.source')} rules={[{ required: true }]}>
          <Select<HazardSource>
            data-testid="hazard-source"
            options={HAZARD_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('hazards.fields.description')}
          rules={[{ required: true, whitespace: true, message: t('hazards.fields.descriptionRequired') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={4000}
            placeholder={t('hazards.fields.descriptionPlaceholder')}
            data-testid="hazard-description"
          />
        </Form.Item>
        <Form.Item name="photos" label={t('hazards.fields.photos')} valuePropName="value">
          <PhotoPicker testId="hazard-photo" onBusyChange={setUploading} />
        </Form.Item>
        <Form.Item name="riskPointId" label={t('hazards.fields.riskPoint')}>
          <RiskPointSelect orgId={orgId} />
        </Form.Item>
        <Form.Item name="address" label={t('hazards.fields.address')}>
          <Input maxLength={200} data-testid="hazard-address" />
        </Form.Item>
        <Form.Item name="responsiblePerson" label={t('hazards.fields.responsiblePerson')}>
          <Input maxLength={50} data-testid="hazard-responsible" />
        </Form.Item>
        <Form.Item name="responsiblePhone" label={t('hazards.fields.responsiblePhone')}>
          <Input maxLength={30} inputMode="tel" data-testid="hazard-phone" />
        </Form.Item>
        <Form.Item name="deadline" label={t('hazards.fields.deadline')}>
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly
            data-testid="hazard-deadline"
            disabledDate={(d) => d.isBefore(new Date(), 'day')}
          />
        </Form.Item>
        <Form.Item name="costYuan" label={t('hazards.fields.costYuan')}>
          <InputNumber<number> min={0} max={1e11} style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
        <Typography.Paragraph type="secondary" className="risk-form-note">
          {t('hazards.reportNote')}
        </Typography.Paragraph>
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={create.isPending}
          disabled={uploading}
          data-testid="hazard-submit"
        >
          {uploading ? t('attachments.uploading') : t('hazards.submit')}
        </Button>
      </Form>
    </Card>
  );
}
