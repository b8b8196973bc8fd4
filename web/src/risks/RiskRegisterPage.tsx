import { useState } from 'react';
import { Button, Card, Descriptions, Drawer, Empty, Input, Select, Skeleton, Space, Table, Typography } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CONTROL_LEVELS, RISK_LEVELS } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { ErrorAlert, formatTime, usePaging } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { OrgSelect } from '../admin/OrgSelect';
import { RISKS_NS } from './i18n';
import {
  useRiskPoint,
  useRiskPoints,
  type ControlLevel,
  type RiskLevel,
  type RiskPoint,
  type RiskPointDetail,
} from './api';
import { RiskLevelTag } from './components';
import { RiskFormModal } from './RiskForm';

const MEASURES = ['engineering', 'management', 'training', 'ppe', 'emergency'] as const;

/** One risk point: its facts, control measures and every assessment, newest first (re-assessment history). */
function RiskDrawer({
  id,
  onClose,
  onEdit,
}: {
  id: string;
  onClose: () => void;
  onEdit: (d: RiskPointDetail) => void;
}) {
  const { t } = useTranslation(RISKS_NS);
  const { can } = useAuth();
  const point = useRiskPoint(id);
  const d = point.data;
  return (
    <Drawer
      open
      onClose={onClose}
      size={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)}
      title={d?.name ?? t('register.detail')}
      data-testid="risk-drawer"
      extra={
        d &&
        can('risk.manage') && (
          <Button icon={<EditOutlined />} onClick={() => onEdit(d)} data-testid="risk-edit">
            {t('register.editOrReassess')}
          </Button>
        )
      }
    >
      {point.isPending && <Skeleton active />}
      {point.isError && <ErrorAlert error={point.error} onRetry={() => void point.refetch()} />}
      {d && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
            <Descriptions.Item label={t('register.level')}>
              <RiskLevelTag level={d.level} />
            </Descriptions.Item>
            <Descriptions.Item label={t('register.score')}>
              {d.score}（{t(`assessment.methods.${d.method}`)}）
            </Descriptions.Item>
            <Descriptions.Item label={t('register.controlLevel')}>
              {t(`controlLevels.${d.controlLevel}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.org')}>{d.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('fields.division')}>{d.divisionName ?? d.divisionCode}</Descriptions.Item>
            <Descriptions.Item label={t('register.type')}>{d.type ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('register.address')}>{d.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('register.responsiblePerson')}>{d.responsiblePerson ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('register.possibleHarms')} span={2}>
              {d.possibleHarms.length ? d.possibleHarms.join('、') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('register.description')} span={2}>
              <span className="risk-pre">{d.description ?? '—'}</span>
            </Descriptions.Item>
            {MEASURES.map((key) => (
              <Descriptions.Item key={key} label={t(`measures.${key}`)} span={2}>
                <span className="risk-pre">{d.controlMeasures[key] || '—'}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Title level={5}>{t('register.history')}</Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            data-testid="risk-history"
            dataSource={d.assessments}
            scroll={{ x: 560 }}
            columns={[
              { title: t('register.assessedAt'), key: 'at', render: (_, a) => formatTime(a.assessedAt) },
              { title: t('assessment.method'), key: 'method', render: (_, a) => t(`assessment.methods.${a.method}`) },
              {
                title: t('register.inputs'),
                key: 'inputs',
                render: (_, a) =>
                  (a.method === 'LEC' ? ['L', 'E', 'C'] : ['L', 'S'])
                    .filter((k) => a.inputs[k] !== undefined)
                    .map((k) => `${k}=${a.inputs[k]}`)
                    .join(' · '),
              },
              { title: t('register.score'), dataIndex: 'score', key: 'score' },
              { title: t('register.level'), key: 'level', render: (_, a) => <RiskLevelTag level={a.level} /> },
              { title: t('register.assessedBy'), dataIndex: 'assessedByName', key: 'by' },
              { title: t('register.assessmentNote'), key: 'note', render: (_, a) => a.note ?? '' },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

/** 风险分级管控: the risk register with its filters; a row opens the point, its measures and its assessment history. */
export default function RiskRegisterPage() {
  const { t } = useTranslation(RISKS_NS);
  const { can } = useAuth();
  const [level, setLevel] = useState<RiskLevel | undefined>();
  const [controlLevel, setControlLevel] = useState<ControlLevel | undefined>();
  const [orgId, setOrgId] = useState<string | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [type, setType] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<RiskPointDetail | null | 'new'>(null);
  const paging = usePaging((total) => t('common.total', { total }));
  const list = useRiskPoints({
    level,
    controlLevel,
    orgId,
    divisionCode,
    type: type || undefined,
    q: q || undefined,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      paging.setPage(1);
    };

  return (
    <Card data-testid="risk-register" title={t('tabs.register')}>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('register.searchPlaceholder')}
          aria-label={t('register.searchPlaceholder')}
          onSearch={(v) => reset(setQ)(v.trim())}
          data-testid="risks-search"
        />
        <Select<RiskLevel>
          allowClear
          style={{ width: 150 }}
          placeholder={t('register.levelFilter')}
          value={level}
          onChange={reset(setLevel)}
          options={RISK_LEVELS.map((l) => ({ value: l, label: <RiskLevelTag level={l} /> }))}
          data-testid="risks-level-filter"
        />
        <Select<ControlLevel>
          allowClear
          style={{ width: 130 }}
          placeholder={t('register.controlLevel')}
          value={controlLevel}
          onChange={reset(setControlLevel)}
          options={CONTROL_LEVELS.map((c) => ({ value: c, label: t(`controlLevels.${c}`) }))}
        />
        <OrgSelect allowClear style={{ width: 200 }} value={orgId} onChange={reset(setOrgId)} />
        <DivisionPicker
          allowClear
          style={{ width: 160 }}
          placeholder={t('fields.divisionFilter')}
          value={divisionCode}
          onChange={reset(setDivisionCode)}
        />
        <Input.Search
          allowClear
          style={{ width: 160 }}
          placeholder={t('register.typeFilter')}
          aria-label={t('register.typeFilter')}
          onSearch={(v) => reset(setType)(v.trim())}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </Button>
        {can('risk.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="risk-create">
            {t('register.create')}
          </Button>
        )}
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      <Table<RiskPoint>
        rowKey="id"
        size="middle"
        data-testid="risks-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total ?? 0)}
        scroll={{ x: 980 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('register.empty')} /> }}
        onRow={(p) => ({ onClick: () => setOpen(p.id), className: 'risk-row-clickable' })}
        columns={[
          {
            title: t('register.name'),
            key: 'name',
            render: (_, p) => (
              <Typography.Link onClick={() => setOpen(p.id)} data-testid="risk-link">
                {p.name}
              </Typography.Link>
            ),
          },
          { title: t('register.level'), key: 'level', render: (_, p) => <RiskLevelTag level={p.level} /> },
          {
            title: t('register.score'),
            key: 'score',
            render: (_, p) => `${p.score}（${p.method}）`,
          },
          { title: t('register.controlLevel'), key: 'control', render: (_, p) => t(`controlLevels.${p.controlLevel}`) },
          { title: t('fields.org'), dataIndex: 'orgName', key: 'org' },
          { title: t('register.type'), key: 'type', render: (_, p) => p.type ?? '—' },
          { title: t('fields.division'), key: 'division', render: (_, p) => p.divisionName ?? p.divisionCode },
          { title: t('register.assessedAt'), key: 'assessedAt', render: (_, p) => formatTime(p.assessedAt) },
        ]}
      />
      {open && (
        <RiskDrawer
          id={open}
          onClose={() => setOpen(null)}
          onEdit={(d) => {
            setEditing(d);
          }}
        />
      )}
      {editing && <RiskFormModal editing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
