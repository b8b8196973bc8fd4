import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, FileWordOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { INCIDENT_GRADES, INCIDENT_UPDATE_KINDS } from '@yingji/contracts';
import { ApiError, errorMessage } from '../app/api';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime } from '../app/components';
import { IncidentResponseCard } from '../command/IncidentResponseCard';
import {
  reportDocxUrl,
  useAddIncidentUpdate,
  useAssignGrade,
  useIncident,
  useRecordEscalation,
  type Casualties,
  type Incident,
  type IncidentGrade,
  type IncidentUpdateKind,
  type ReportLevel,
  type TimelineEntry,
} from './api';
import {
  CasualtiesSummary,
  FlagTags,
  GradeTag,
  IncidentWarnings,
  ReportingChain,
  useFormatLoss,
  useIncidentLabel,
} from './shared';

const KIND_COLORS: Record<string, string> = {
  report: 'blue',
  continuation: 'cyan',
  supplement: 'purple',
  note: 'default',
  closure: 'green',
  escalation: 'geekblue',
  grade: 'magenta',
  response: 'red',
};

interface UpdateValues extends Casualties {
  kind: IncidentUpdateKind;
  text: string;
  directLossYuan: number | null;
}

function sameCasualties(a: Casualties, b: Casualties): boolean {
  return (
    a.deaths === b.deaths &&
    a.missing === b.missing &&
    a.seriousInjuries === b.seriousInjuries &&
    a.minorInjuries === b.minorInjuries
  );
}

const count = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : 0);

function UpdateForm({ incident, onSaved }: { incident: Incident; onSaved: (inc: Incident) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const label = useIncidentLabel();
  const [form] = Form.useForm<UpdateValues>();
  const add = useAddIncidentUpdate(incident.id);
  const kind = Form.useWatch('kind', form);
  const loss = Form.useWatch('directLossYuan', form);

  const current = incident.casualties;
  const currentLoss = incident.directLossYuan;
  // Numbers the officer has not touched follow the incident as it changes (live updates, own saves).
  useEffect(() => {
    const touched = form.isFieldsTouched(['deaths', 'missing', 'seriousInjuries', 'minorInjuries', 'directLossYuan']);
    if (!touched) form.setFieldsValue({ ...current, directLossYuan: currentLoss });
  }, [current, currentLoss, form]);

  const onFinish = (v: UpdateValues) => {
    const casualties: Casualties = {
      deaths: count(v.deaths),
      missing: count(v.missing),
      seriousInjuries: count(v.seriousInjuries),
      minorInjuries: count(v.minorInjuries),
    };
    const changedCasualties = !sameCasualties(casualties, current);
    const changedLoss = typeof v.directLossYuan === 'number' && v.directLossYuan !== currentLoss;
    add.mutate(
      {
        kind: v.kind,
        text: v.text.trim(),
        ...(changedCasualties ? { casualties } : {}),
        ...(changedLoss && typeof v.directLossYuan === 'number' ? { directLossYuan: v.directLossYuan } : {}),
      },
      {
        onSuccess: (inc) => {
          message.success(t('incidents.update.saved', { kind: label(v.kind) }));
          form.resetFields();
          form.setFieldsValue({
            kind: v.kind === 'closure' ? 'note' : v.kind,
            ...inc.casualties,
            directLossYuan: inc.directLossYuan,
          });
          onSaved(inc);
        },
      },
    );
  };

  return (
    <Card size="small" title={t('incidents.update.title')}>
      {add.isError && <FormError error={add.error} />}
      <Form<UpdateValues>
        form={form}
        layout="vertical"
        size="small"
        data-testid="update-form"
        initialValues={{ kind: 'continuation', ...current, directLossYuan: currentLoss }}
        onFinish={onFinish}
      >
        <Form.Item name="kind" label={t('incidents.update.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="update-kind"
            options={INCIDENT_UPDATE_KINDS.map((k) => ({ value: k, label: label(k) }))}
          />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('incidents.update.text')}
          rules={[
            { required: true, whitespace: true, message: t('incidents.update.textRequired') },
            { max: 5000, message: t('common.maxLength', { max: 5000 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={5000} data-testid="update-text" />
        </Form.Item>
        {kind !== 'note' && (
          <>
            <Typography.Paragraph type="secondary" className="incident-form-note">
              {t('incidents.update.casualtiesHelp')}
            </Typography.Paragraph>
            <Row gutter={8}>
              {(
                [
                  ['deaths', 'update-deaths'],
                  ['missing', 'update-missing'],
                  ['seriousInjuries', 'update-serious'],
                  ['minorInjuries', 'update-minor'],
                ] as const
              ).map(([name, testId]) => (
                <Col span={12} key={name}>
                  <Form.Item name={name} label={t(`incidents.fields.${name}`)}>
                    <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} data-testid={testId} />
                  </Form.Item>
                </Col>
              ))}
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
              <InputNumber min={0} max={1e13} step={10_000} style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="update-submit">
          {t('incidents.update.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function GradeForm({ incident, onSaved }: { incident: Incident; onSaved: (inc: Incident) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const label = useIncidentLabel();
  const [form] = Form.useForm<{ grade: IncidentGrade; reason: string }>();
  const assign = useAssignGrade(incident.id);
  return (
    <Card size="small" title={t('incidents.gradeForm.title')}>
      {assign.isError && <FormError error={assign.error} />}
      <Form
        form={form}
        layout="vertical"
        size="small"
        data-testid="grade-form"
        initialValues={{ grade: incident.grade ?? undefined }}
        onFinish={(v) =>
          assign.mutate(
            { grade: v.grade, reason: v.reason.trim() },
            {
              onSuccess: (inc) => {
                message.success(t('incidents.gradeForm.saved'));
                form.setFieldsValue({ reason: '' });
                onSaved(inc);
              },
            },
          )
        }
      >
        <Form.Item
          name="grade"
          label={t('incidents.fields.grade')}
          rules={[{ required: true, message: t('incidents.gradeForm.gradeRequired') }]}
        >
          <Select options={INCIDENT_GRADES.map((g) => ({ value: g, label: label(g) }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('incidents.fields.gradeReason')}
          rules={[
            { required: true, whitespace: true, message: t('incidents.gradeForm.reasonRequired') },
            { max: 500, message: t('common.maxLength', { max: 500 }) },
          ]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={assign.isPending}>
          {t('incidents.gradeForm.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function TimelineItemContent({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const label = useIncidentLabel();
  const formatLoss = useFormatLoss();
  return (
    <Space orientation="vertical" size={2} data-kind={entry.kind} data-applied={entry.applied ? 'true' : 'false'}>
      <Space size={4} wrap>
        <Tag color={KIND_COLORS[entry.kind] ?? 'default'}>{label(entry.kind)}</Tag>
        {!entry.applied && (
          <Tag color="warning" data-testid="timeline-not-applied">
            {t('incidents.timeline.notApplied')}
          </Tag>
        )}
        {entry.actorName && <Typography.Text type="secondary">{entry.actorName}</Typography.Text>}
      </Space>
      <Typography.Text className="incident-timeline-text">{entry.text}</Typography.Text>
      {entry.casualties && (
        <Typography.Text type="secondary">
          <CasualtiesSummary casualties={entry.casualties} />
        </Typography.Text>
      )}
      {entry.directLossYuan !== null && entry.directLossYuan > 0 && (
        <Typography.Text type="secondary">
          {t('incidents.fields.directLossYuan')}：{formatLoss(entry.directLossYuan)}
        </Typography.Text>
      )}
      {entry.gradeAfter && entry.gradeAfter !== entry.gradeBefore && (
        <Typography.Text type="secondary">
          {t('incidents.timeline.gradeChange', {
            before: entry.gradeBefore ? label(entry.gradeBefore) : t('incidents.gradePending'),
            after: label(entry.gradeAfter),
          })}
        </Typography.Text>
      )}
    </Space>
  );
}

function Details({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const label = useIncidentLabel();
  const formatLoss = useFormatLoss();
  const loc = incident.location;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="incident-descriptions">
      <Descriptions.Item label={t('incidents.fields.category')}>{label(incident.category)}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.type')}>{label(incident.type)}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.occurredAt')}>{formatTime(incident.occurredAt)}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.receivedAt')}>{formatTime(incident.receivedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.source')}>{label(incident.source)}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.division')}>
        {incident.divisionName ? `${incident.divisionName}（${incident.divisionCode}）` : incident.divisionCode}
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.location')} span={2}>
        {loc.address ? `${loc.address} · ` : ''}
        {loc.lon.toFixed(5)}, {loc.lat.toFixed(5)}
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.casualties')} span={2}>
        <span data-testid="incident-casualties">
          <CasualtiesSummary casualties={incident.casualties} />
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.directLossYuan')}>
        {formatLoss(incident.directLossYuan)}
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.receivingOrg')}>
        {incident.receivingOrgName ?? '—'}（{label(incident.receivingLevel)}）
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.gradeReason')} span={2}>
        {incident.gradeReason ?? (incident.category === 'accident' ? t('incidents.detail.gradeByRegulation') : '—')}
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.supplementUntil')}>
        {formatTime(incident.supplementUntil)}
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.investigation')}>
        {incident.investigation
          ? t('incidents.detail.investigation', {
              level: label(incident.investigation.level),
              time: formatTime(incident.investigation.dueAt),
            })
          : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.fields.flags')} span={2}>
        <FlagTags flags={incident.flags} />
      </Descriptions.Item>
      {incident.closedAt && (
        <Descriptions.Item label={t('incidents.fields.closedAt')} span={2}>
          {formatTime(incident.closedAt)}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('incidents.fields.description')} span={2}>
        <span className="incident-timeline-text">{incident.description ?? '—'}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function IncidentDetailPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const label = useIncidentLabel();
  const query = useIncident(id);
  const escalate = useRecordEscalation(id);
  const [warnings, setWarnings] = useState<Incident['warnings']>([]);
  const [marking, setMarking] = useState<ReportLevel | null>(null);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return (
        <Result
          status="404"
          subTitle={t('incidents.detail.notFound')}
          extra={<Link to="/incidents">{t('incidents.detail.backToDesk')}</Link>}
        />
      );
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const incident = query.data;
  const canUpdate = can('incident.update') && incident.status === 'open';
  const timeline = [...(incident.timeline ?? [])].sort((a, b) => a.at.localeCompare(b.at));

  const onMarkReported = (level: ReportLevel) => {
    setMarking(level);
    escalate.mutate(
      { level },
      {
        onSuccess: (inc) => {
          setWarnings(inc.warnings);
          message.success(t('incidents.chain.marked', { level: label(level) }));
        },
        onError: (err) => message.error(errorMessage(err)),
        onSettled: () => setMarking(null),
      },
    );
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="incident-detail">
      <Card size="small">
        <div className="incident-detail-header">
          <Space wrap size={8} align="center">
            <Link to="/incidents" aria-label={t('incidents.detail.backToDesk')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="incident-number">
              {incident.number}
            </Typography.Title>
            <GradeTag grade={incident.grade} testId="incident-grade" />
            <Tag color={incident.status === 'open' ? 'processing' : 'default'} data-testid="incident-status">
              {label(incident.status)}
            </Tag>
            {incident.isOverdue && <Tag color="error">{t('incidents.chainStatus.overdue')}</Tag>}
            <Typography.Text strong>{incident.title}</Typography.Text>
          </Space>
          <Button icon={<FileWordOutlined />} href={reportDocxUrl(incident.id)} download data-testid="download-docx">
            {t('incidents.detail.downloadReport')}
          </Button>
        </div>
      </Card>
      <IncidentWarnings warnings={warnings} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('incidents.detail.info')}>
              <Details incident={incident} />
            </Card>
            <Card size="small" title={t('incidents.detail.timeline')} data-testid="incident-timeline">
              {timeline.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <Timeline
                  items={timeline.map((e) => ({
                    key: e.id,
                    color: !e.applied
                      ? 'orange'
                      : e.kind === 'response'
                        ? 'red'
                        : KIND_COLORS[e.kind] === 'default'
                          ? 'gray'
                          : 'blue',
                    title: formatTime(e.at),
                    content: <TimelineItemContent entry={e} />,
                  }))}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('incidents.detail.chain')}>
              <ReportingChain
                incident={incident}
                onMarkReported={can('incident.update') ? onMarkReported : undefined}
                markingLevel={marking}
              />
            </Card>
            <IncidentResponseCard incident={incident} />
            {canUpdate && <UpdateForm incident={incident} onSaved={(inc) => setWarnings(inc.warnings)} />}
            {incident.category !== 'accident' && can('incident.grade') && incident.status === 'open' && (
              <GradeForm incident={incident} onSaved={(inc) => setWarnings(inc.warnings)} />
            )}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
