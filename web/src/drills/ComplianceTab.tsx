import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert,
  Badge,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { FormOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DivisionPicker } from '../admin/DivisionPicker';
import { ErrorAlert, usePaging } from '../app/components';
import { DRILLS_NS } from './i18n';
import {
  useCompliance,
  useComplianceOrgs,
  useDrillsLive,
  type ComplianceItem,
  type ComplianceOrg,
  type RuleSet,
} from './api';
import { ComplianceStatusTag, DATE_FORMAT, shortDate, today, useDrillManager } from './components';
import { DrillFormModal } from './DrillForm';

/** The rules of 《临清市"十四五"应急管理体系规划》§四(二) that apply to one rule set, as a list. */
function RuleExplanation({ ruleSet }: { ruleSet: RuleSet }) {
  const { t } = useTranslation(DRILLS_NS);
  const lines = t(`rules.${ruleSet}.items`, { returnObjects: true });
  return (
    <Alert
      type="info"
      showIcon
      data-testid="compliance-rules"
      title={t(`rules.${ruleSet}.title`)}
      description={
        <>
          <ul className="drills-rule-list">
            {(Array.isArray(lines) ? lines : []).map((line) => (
              <li key={String(line)}>{String(line)}</li>
            ))}
          </ul>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 12 }}>
            {t('rules.source')} {t('rules.periods')}
          </Typography.Text>
        </>
      }
    />
  );
}

function DaysLeft({ dueBy, asOf }: { dueBy: string; asOf: string }) {
  const { t } = useTranslation(DRILLS_NS);
  const days = dayjs(dueBy).diff(dayjs(asOf), 'day');
  if (days < 0) return <Typography.Text type="danger">{t('compliance.daysOverdue', { count: -days })}</Typography.Text>;
  return <Typography.Text type="secondary">{t('compliance.daysLeft', { count: days })}</Typography.Text>;
}

function ComplianceDrawer({ org, asOf, onClose }: { org: ComplianceOrg; asOf: string; onClose: () => void }) {
  const { t } = useTranslation(DRILLS_NS);
  const { mayManage } = useDrillManager();
  const result = useCompliance(org.orgId, asOf);
  const [recording, setRecording] = useState(false);
  const ruleSet = result.data?.ruleSet ?? org.ruleSet;
  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      destroyOnHidden
      data-testid="compliance-drawer"
      title={t('compliance.drawerTitle', { org: org.orgName })}
      extra={
        mayManage(org.orgId) ? (
          <Button icon={<FormOutlined />} onClick={() => setRecording(true)} data-testid="compliance-record">
            {t('drills.create')}
          </Button>
        ) : undefined
      }
    >
      <RuleExplanation ruleSet={ruleSet} />
      <Descriptions
        size="small"
        column={2}
        style={{ marginTop: 16 }}
        items={[
          { key: 'ruleSet', label: t('compliance.ruleSet'), children: t(`ruleSets.${ruleSet}`) },
          { key: 'asOf', label: t('compliance.asOf'), children: result.data?.asOf ?? asOf },
        ]}
      />
      {result.isError && <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />}
      {result.isPending && <Skeleton active />}
      {result.data && (
        <Table<ComplianceItem & { key: string }>
          size="middle"
          pagination={false}
          data-testid="compliance-items"
          dataSource={result.data.items.map((item, i) => ({ ...item, key: `${item.requirement}-${item.planId ?? i}` }))}
          rowClassName={(r) => (r.status === 'overdue' ? 'drills-row-overdue' : '')}
          locale={{ emptyText: <Empty description={t('compliance.noItems')} /> }}
          columns={[
            {
              title: t('compliance.requirement'),
              dataIndex: 'requirement',
              render: (req: ComplianceItem['requirement']) => t(`requirements.${req}`),
            },
            {
              title: t('compliance.plan'),
              dataIndex: 'planTitle',
              render: (title: string | undefined) => title ?? <Typography.Text type="secondary">—</Typography.Text>,
            },
            {
              title: t('compliance.lastDrill'),
              dataIndex: 'lastDrillAt',
              width: 110,
              render: (d: string | null) =>
                d ? (
                  <span className="drills-number">{shortDate(d)}</span>
                ) : (
                  <Typography.Text type="secondary">{t('compliance.never')}</Typography.Text>
                ),
            },
            {
              title: t('compliance.dueBy'),
              dataIndex: 'dueBy',
              width: 120,
              render: (d: string, r) => (
                <div>
                  <span className="drills-number">{shortDate(d)}</span>
                  {r.status !== 'ok' && (
                    <div>
                      <DaysLeft dueBy={d} asOf={result.data.asOf} />
                    </div>
                  )}
                </div>
              ),
            },
            {
              title: t('compliance.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: ComplianceItem['status']) => <ComplianceStatusTag status={s} />,
            },
          ]}
        />
      )}
      {recording && (
        <DrillFormModal prefill={{ orgId: org.orgId, orgName: org.orgName }} onClose={() => setRecording(false)} />
      )}
    </Drawer>
  );
}

/** 演练合规: every organisation in scope against the drill-frequency rules, most overdue first. */
export function ComplianceTab() {
  useDrillsLive();
  const { t } = useTranslation(DRILLS_NS);
  const { page, pageSize, setPage, pagination } = usePaging((total) => t('common.total', { total }));
  const [asOf, setAsOf] = useState(today);
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [open, setOpen] = useState<ComplianceOrg | null>(null);
  const list = useComplianceOrgs({
    asOf,
    divisionCode,
    q: q || undefined,
    onlyOverdue: onlyOverdue ? 'true' : undefined,
    page,
    pageSize,
  });
  const filtered = !!(divisionCode || q || onlyOverdue);

  return (
    <div data-testid="compliance-tab">
      <div className="page-toolbar">
        <DatePicker
          allowClear={false}
          format={DATE_FORMAT}
          value={dayjs(asOf)}
          prefix={<Typography.Text type="secondary">{t('compliance.asOf')}</Typography.Text>}
          onChange={(d: Dayjs | null) => {
            if (!d) return;
            setAsOf(d.format(DATE_FORMAT));
            setPage(1);
          }}
          data-testid="compliance-asof"
        />
        <DivisionPicker
          allowClear
          style={{ width: 180 }}
          placeholder={t('filters.division')}
          value={divisionCode}
          onChange={(v) => {
            setDivisionCode(v);
            setPage(1);
          }}
        />
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('filters.orgName')}
          aria-label={t('filters.orgName')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          enterButton={t('common.search')}
          data-testid="compliance-search"
        />
        <label className="drills-switch-label">
          <Switch
            checked={onlyOverdue}
            onChange={(v) => {
              setOnlyOverdue(v);
              setPage(1);
            }}
            data-testid="compliance-only-overdue"
          />
          {t('compliance.onlyOverdue')}
        </label>
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<ComplianceOrg>
        rowKey="orgId"
        size="middle"
        data-testid="compliance-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 960 }}
        rowClassName={() => 'drills-clickable-row'}
        onRow={(r) => ({ onClick: () => setOpen(r) })}
        locale={{
          emptyText: (
            <Empty
              description={list.isError ? t('common.loadFailed') : t(filtered ? 'common.noMatch' : 'compliance.empty')}
            />
          ),
        }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          {
            title: t('compliance.org'),
            dataIndex: 'orgName',
            render: (name: string, r) => (
              <Button
                type="link"
                size="small"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen(r);
                }}
              >
                {name}
              </Button>
            ),
          },
          {
            title: t('compliance.orgKind'),
            dataIndex: 'kind',
            width: 110,
            render: (kind: string, r) => (
              <span>
                {t(`orgKinds.${kind}`, { defaultValue: kind })}
                {r.highRisk && (
                  <Tag color="volcano" style={{ marginInlineStart: 6 }}>
                    {t('compliance.highRisk')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: t('compliance.ruleSet'),
            dataIndex: 'ruleSet',
            width: 200,
            render: (rs: RuleSet) => t(`ruleSets.${rs}`),
          },
          {
            title: t('complianceStatuses.overdue'),
            dataIndex: 'overdue',
            width: 90,
            align: 'center',
            render: (n: number) =>
              n > 0 ? (
                <Badge count={n} color="#cf1322" showZero={false} data-testid="compliance-overdue-badge" />
              ) : (
                <Typography.Text type="secondary">0</Typography.Text>
              ),
          },
          {
            title: t('complianceStatuses.due_soon'),
            dataIndex: 'dueSoon',
            width: 100,
            align: 'center',
            render: (n: number) =>
              n > 0 ? (
                <Badge count={n} color="#fa8c16" showZero={false} />
              ) : (
                <Typography.Text type="secondary">0</Typography.Text>
              ),
          },
          {
            title: t('complianceStatuses.ok'),
            dataIndex: 'ok',
            width: 80,
            align: 'center',
            render: (n: number) => <span className="drills-number">{n}</span>,
          },
          {
            title: t('compliance.nextDueBy'),
            dataIndex: 'nextDueBy',
            width: 120,
            render: (d: string | null) => <span className="drills-number">{shortDate(d)}</span>,
          },
        ]}
      />
      {open && <ComplianceDrawer org={open} asOf={asOf} onClose={() => setOpen(null)} />}
    </div>
  );
}
