import { useState, type KeyboardEvent } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Result,
  Row,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, EditOutlined, LinkOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RESPONSE_LEVELS, type PlanAction, type PlanLevel, type ResponseLevel } from '@yingji/contracts';
import { ApiError } from '../app/api';
import { useAuth, useUser } from '../app/auth';
import { ErrorAlert, FormError, formatTime } from '../app/components';
import { PLANS_NS } from './i18n';
import { useAddEvaluation, useOrgNames, usePlan, usePlanEvaluations, type Plan, type PlanEvaluation } from './api';
import {
  actionAppliesAt,
  incidentValueLabel,
  levelMatchLabel,
  responseLevelFullLabel,
  triggerText,
  withinMinutesText,
} from './labels';
import {
  DivisionName,
  FilingStatus,
  PlanKindTag,
  PlanStatusTag,
  ResponseLevelTag,
  dateText,
  inDivisionScope,
} from './components';
import { PlanEditor } from './PlanEditor';
import './plans.css';

type LevelFilter = 'all' | ResponseLevel;

/** Only web addresses and paths of this site become links (never `javascript:` and the like). */
function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  return /^https?:\/\//i.test(u) || (u.startsWith('/') && !u.startsWith('//')) ? u : undefined;
}

function OrgName({ id }: { id: string | null | undefined }) {
  const { t } = useTranslation(PLANS_NS);
  const name = useOrgNames()(id);
  if (!id) return <>—</>;
  return name ? (
    <>{name}</>
  ) : (
    <Tooltip title={t('orgs.outOfViewHelp')}>
      <Typography.Text type="secondary">{t('orgs.unknown', { id: id.slice(0, 8) })}</Typography.Text>
    </Tooltip>
  );
}

function ParentPlanLink({ id }: { id: string }) {
  const { t } = useTranslation(PLANS_NS);
  const parent = usePlan(id);
  return (
    <Link to={`/plans/${id}`} data-testid="plan-parent-link">
      <LinkOutlined /> {parent.data?.title ?? (parent.isError ? t('detail.parentUnavailable') : '…')}
    </Link>
  );
}

function LevelCards({ plan, onShowActions }: { plan: Plan; onShowActions: (level: ResponseLevel) => void }) {
  const { t } = useTranslation(PLANS_NS);
  const levels = RESPONSE_LEVELS.flatMap((lvl) => plan.levels.filter((l) => l.level === lvl));
  if (levels.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noLevels')} />;
  return (
    <Row gutter={[12, 12]}>
      {levels.map((l: PlanLevel) => {
        const tasks = plan.actions.filter((a) => actionAppliesAt(a.level, l.level)).length;
        return (
          <Col xs={24} md={12} key={l.level}>
            <Card
              size="small"
              type="inner"
              className={`plans-level-view plans-level-view-${l.level}`}
              data-testid={`plan-level-${l.level}`}
              title={<ResponseLevelTag level={l.level} full />}
              extra={
                l.activatedBy ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('detail.activatedBy', { who: l.activatedBy })}
                  </Typography.Text>
                ) : undefined
              }
            >
              <Typography.Text type="secondary">{levelMatchLabel(l.match)}</Typography.Text>
              <ul className="plans-trigger-list">
                {l.triggers.map((tr, i) => (
                  <li key={i} data-testid="plan-trigger">
                    {triggerText(tr)}
                  </li>
                ))}
              </ul>
              {l.description && <Typography.Paragraph className="plans-pre">{l.description}</Typography.Paragraph>}
              <Typography.Link onClick={() => onShowActions(l.level)} data-testid={`plan-level-tasks-${l.level}`}>
                {t('detail.tasksAtLevel', { count: tasks })}
              </Typography.Link>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

interface ActionRow extends PlanAction {
  id: string;
  span: number;
}

function ActionsByDepartment({
  plan,
  filter,
  onFilter,
}: {
  plan: Plan;
  filter: LevelFilter;
  onFilter: (f: LevelFilter) => void;
}) {
  const { t } = useTranslation(PLANS_NS);
  const orgName = useOrgNames();
  const shown = plan.actions.filter((a) => filter === 'all' || actionAppliesAt(a.level, filter));
  const byDept = new Map<string, typeof shown>();
  for (const a of shown) byDept.set(a.departmentOrgId, [...(byDept.get(a.departmentOrgId) ?? []), a]);
  const name = (id: string) => orgName(id) ?? id;
  const rows: ActionRow[] = [...byDept.entries()]
    .sort(([a], [b]) => name(a).localeCompare(name(b), 'zh-CN'))
    .flatMap(([, list]) =>
      [...list]
        .sort(
          (x, y) =>
            RESPONSE_LEVELS.indexOf(y.level) - RESPONSE_LEVELS.indexOf(x.level) || x.withinMinutes - y.withinMinutes,
        )
        .map((a, i) => ({ ...a, span: i === 0 ? list.length : 0 })),
    );
  const defined = new Set(plan.levels.map((l) => l.level));
  return (
    <>
      <div className="page-toolbar">
        <span className="plans-inline-label">{t('detail.actionsAtLevel')}</span>
        <Segmented<LevelFilter>
          size="small"
          value={filter}
          onChange={onFilter}
          data-testid="plan-actions-filter"
          options={[
            { value: 'all', label: t('detail.allLevels') },
            ...RESPONSE_LEVELS.map((l) => ({
              value: l,
              label: responseLevelFullLabel(l),
              disabled: defined.size > 0 && !defined.has(l),
            })),
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('detail.actionsCount', { count: shown.length, departments: byDept.size })}
        </Typography.Text>
      </div>
      <Table<ActionRow>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        bordered
        scroll={{ x: 760 }}
        data-testid="plan-actions"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noActions')} /> }}
        columns={[
          {
            title: t('fields.department'),
            dataIndex: 'departmentOrgId',
            width: 200,
            onCell: (r) => ({ rowSpan: r.span }),
            render: (id: string) => (
              <Typography.Text strong>
                <OrgName id={id} />
              </Typography.Text>
            ),
          },
          {
            title: t('fields.actionLevel'),
            dataIndex: 'level',
            width: 80,
            render: (l: ResponseLevel) => <ResponseLevelTag level={l} />,
          },
          {
            title: t('fields.action'),
            dataIndex: 'action',
            render: (s: string) => <span className="plans-pre">{s}</span>,
          },
          {
            title: t('fields.timeLimit'),
            dataIndex: 'withinMinutes',
            width: 110,
            render: (m: number) => <span className="plans-nowrap">{withinMinutesText(m)}</span>,
          },
          {
            title: t('fields.group'),
            dataIndex: 'group',
            width: 140,
            render: (g: string | null | undefined) => g || '—',
          },
        ]}
      />
    </>
  );
}

function CommandStructure({ plan }: { plan: Plan }) {
  const { t } = useTranslation(PLANS_NS);
  const c = plan.command;
  if (!c.headquarters && !c.commander && c.groups.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noCommand')} />;
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('fields.headquarters')}>{c.headquarters || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('fields.commander')}>{c.commander || '—'}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey={(g) => g.name}
        pagination={false}
        dataSource={c.groups}
        scroll={{ x: 700 }}
        data-testid="plan-groups"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noGroups')} /> }}
        columns={[
          { title: t('fields.groupName'), dataIndex: 'name', width: 150, render: (n: string) => <strong>{n}</strong> },
          {
            title: t('fields.leadOrg'),
            dataIndex: 'leadOrgId',
            width: 180,
            render: (id: string | undefined) => <OrgName id={id} />,
          },
          {
            title: t('fields.memberOrgs'),
            dataIndex: 'memberOrgIds',
            render: (ids: string[]) =>
              ids.length ? (
                <Space size={[4, 4]} wrap>
                  {ids.map((id) => (
                    <Tag key={id}>
                      <OrgName id={id} />
                    </Tag>
                  ))}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('fields.duties'),
            dataIndex: 'duties',
            render: (d: string | undefined) => (d ? <span className="plans-pre">{d}</span> : '—'),
          },
        ]}
      />
    </>
  );
}

interface EvaluationFormValues {
  date: Dayjs;
  conclusion: string;
  needsRevision: boolean;
}

function EvaluationForm({ planId, onDone }: { planId: string; onDone: () => void }) {
  const { t } = useTranslation(PLANS_NS);
  const { message } = App.useApp();
  const [form] = Form.useForm<EvaluationFormValues>();
  const add = useAddEvaluation(planId);
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
      e.preventDefault();
      form.submit();
    }
  };
  return (
    <Form<EvaluationFormValues>
      form={form}
      layout="vertical"
      data-testid="evaluation-form"
      initialValues={{ date: dayjs(), needsRevision: false }}
      onKeyDown={onKeyDown}
      onFinish={(v) =>
        add.mutate(
          { date: v.date.format('YYYY-MM-DD'), conclusion: v.conclusion.trim(), needsRevision: v.needsRevision },
          {
            onSuccess: () => {
              message.success(t('evaluations.saved'));
              onDone();
            },
          },
        )
      }
    >
      {add.isError && <FormError error={add.error} />}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="date"
            label={t('evaluations.date')}
            rules={[{ required: true, message: t('evaluations.dateRequired') }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              format="YYYY-MM-DD"
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="evaluation-date"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="needsRevision" valuePropName="checked" label=" ">
            <Checkbox data-testid="evaluation-needs-revision">{t('evaluations.needsRevision')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="conclusion"
        label={t('evaluations.conclusion')}
        rules={[
          { required: true, whitespace: true, message: t('evaluations.conclusionRequired') },
          { max: 2000, message: t('common.maxLength', { max: 2000 }) },
        ]}
        extra={t('evaluations.hint')}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          placeholder={t('evaluations.conclusionPlaceholder')}
          data-testid="evaluation-conclusion"
        />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="evaluation-submit">
          {t('evaluations.submit')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

function Evaluations({ plan, canManage }: { plan: Plan; canManage: boolean }) {
  const { t } = useTranslation(PLANS_NS);
  const list = usePlanEvaluations(plan.id);
  const [adding, setAdding] = useState(false);
  const items = [...(list.data?.items ?? [])].sort((a, b) => b.date.localeCompare(a.date));
  return (
    <Card
      size="small"
      title={t('evaluations.title')}
      data-testid="plan-evaluations"
      extra={
        canManage && !adding ? (
          <Button size="small" type="primary" ghost onClick={() => setAdding(true)} data-testid="evaluation-add">
            {t('evaluations.add')}
          </Button>
        ) : undefined
      }
    >
      {adding && (
        <div className="plans-evaluation-form">
          <EvaluationForm planId={plan.id} onDone={() => setAdding(false)} />
        </div>
      )}
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <List<PlanEvaluation>
          size="small"
          loading={list.isPending}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('evaluations.empty')} /> }}
          renderItem={(e) => (
            <List.Item key={e.id} data-testid="evaluation-item">
              <div style={{ width: '100%' }}>
                <Space size={8} wrap>
                  <Typography.Text strong>{dateText(e.date)}</Typography.Text>
                  {e.needsRevision ? (
                    <Tag color="red">{t('evaluations.revise')}</Tag>
                  ) : (
                    <Tag color="green">{t('evaluations.noRevise')}</Tag>
                  )}
                </Space>
                <Typography.Paragraph className="plans-pre" style={{ margin: '4px 0 0' }}>
                  {e.conclusion}
                </Typography.Paragraph>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Attachments({ plan }: { plan: Plan }) {
  const { t } = useTranslation(PLANS_NS);
  return (
    <Card size="small" title={t('detail.attachments')} data-testid="plan-attachments">
      {plan.attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noAttachments')} />
      ) : (
        <List
          size="small"
          dataSource={plan.attachments}
          renderItem={(a, i) => {
            const href = safeHref(a.url);
            return (
              <List.Item key={`${a.name}-${i}`}>
                <Space size={6}>
                  <PaperClipOutlined />
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {a.name}
                    </a>
                  ) : (
                    <span>
                      {a.name}
                      {a.url ? <Typography.Text type="secondary"> · {a.url}</Typography.Text> : null}
                    </span>
                  )}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

/** One plan: header, scope, response levels with their conditions, actions by department, command, evaluations. */
export default function PlanDetailPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation(PLANS_NS);
  const { can } = useAuth();
  const user = useUser();
  const query = usePlan(id);
  const [editing, setEditing] = useState(false);
  const [levelFilter, setLevelFilter] = useState<LevelFilter>('all');

  if (query.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return (
        <Result
          status="404"
          subTitle={t('detail.notFound')}
          extra={<Link to="/plans">{t('detail.backToRegistry')}</Link>}
        />
      );
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const plan = query.data;
  const ownOnly = !user.roles.some((r) => r === 'admin' || r === 'commander' || r === 'county');
  const canManage =
    can('plan.manage') &&
    (!ownOnly || plan.ownerOrgId === user.orgId) &&
    inDivisionScope(user.divisionCode, plan.divisionCode);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="plan-detail">
      <Card size="small">
        <div className="plans-detail-header">
          <Space wrap size={8} align="center">
            <Link to="/plans" aria-label={t('detail.backToRegistry')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="plan-title">
              {plan.title}
            </Typography.Title>
            <PlanKindTag kind={plan.kind} />
            <PlanStatusTag status={plan.status} />
            {plan.version && <Tag>{t('detail.version', { version: plan.version })}</Tag>}
          </Space>
          {canManage && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="plan-edit">
              {t('detail.edit')}
            </Button>
          )}
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('fields.ownerOrg')}>{plan.ownerOrgName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('fields.division')}>
            <DivisionName code={plan.divisionCode} />
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.publishedAt')}>{dateText(plan.publishedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.filing')}>
            <FilingStatus plan={plan} showNumber />
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.filingOrg')}>{plan.filingOrg || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('fields.lastEvaluatedAt')}>
            {plan.lastEvaluatedAt ? dateText(plan.lastEvaluatedAt) : t('detail.neverEvaluated')}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.parentPlan')}>
            {plan.parentPlanId ? <ParentPlanLink id={plan.parentPlanId} /> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.updatedAt')}>{formatTime(plan.updatedAt)}</Descriptions.Item>
        </Descriptions>
        {plan.summary && (
          <Typography.Paragraph className="plans-pre" style={{ marginTop: 8, marginBottom: 0 }} type="secondary">
            {plan.summary}
          </Typography.Paragraph>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('detail.scope')} data-testid="plan-scope">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('fields.categories')}>
                  {plan.scope.categories.length ? (
                    <Space size={[4, 4]} wrap>
                      {plan.scope.categories.map((c) => (
                        <Tag key={c} color="blue">
                          {incidentValueLabel(c)}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('detail.allCategories')}</Typography.Text>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('fields.types')}>
                  {plan.scope.types.length ? (
                    <Space size={[4, 4]} wrap>
                      {plan.scope.types.map((ty) => (
                        <Tag key={ty}>{incidentValueLabel(ty)}</Tag>
                      ))}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">
                      {t(plan.scope.categories.length ? 'detail.allTypes' : 'detail.allTypesAnyCategory')}
                    </Typography.Text>
                  )}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('detail.levels')} data-testid="plan-levels">
              <LevelCards
                plan={plan}
                onShowActions={(lvl) => {
                  setLevelFilter(lvl);
                  document.getElementById('plan-actions-card')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                }}
              />
            </Card>
            <Card size="small" title={t('detail.actions')} id="plan-actions-card">
              <ActionsByDepartment plan={plan} filter={levelFilter} onFilter={setLevelFilter} />
            </Card>
            <Card size="small" title={t('detail.command')} data-testid="plan-command">
              <CommandStructure plan={plan} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Evaluations plan={plan} canManage={canManage} />
            <Attachments plan={plan} />
          </Space>
        </Col>
      </Row>
      {editing && <PlanEditor plan={plan} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
    </Space>
  );
}
