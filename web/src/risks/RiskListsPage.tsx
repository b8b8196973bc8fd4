import { useState } from 'react';
import { Button, Card, Segmented, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RiskListName } from '@yingji/contracts';
import { ErrorAlert } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { OrgSelect } from '../admin/OrgSelect';
import { RISKS_NS } from './i18n';
import {
  riskListExportUrl,
  useMajorHazardList,
  useRiskList,
  useVulnerableList,
  type ListFilters,
  type MajorHazardSource,
  type RiskPoint,
  type VulnerableTarget,
} from './api';
import { formatDistance, RiskLevelTag } from './components';

const GRADE_COLORS = ['', 'red', 'volcano', 'orange', 'gold'];

function GradeTag({ grade }: { grade: number }) {
  const { t } = useTranslation(RISKS_NS);
  return <Tag color={GRADE_COLORS[grade] ?? 'default'}>{t(`grades.${grade}`)}</Tag>;
}

function RisksList({ filters }: { filters: ListFilters }) {
  const { t } = useTranslation(RISKS_NS);
  const list = useRiskList(filters);
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<RiskPoint>
      rowKey="id"
      size="small"
      data-testid="list-risks"
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
      scroll={{ x: 900 }}
      columns={[
        { title: t('register.name'), dataIndex: 'name', key: 'name' },
        { title: t('register.level'), key: 'level', render: (_, p) => <RiskLevelTag level={p.level} /> },
        { title: t('register.score'), key: 'score', render: (_, p) => `${p.score}（${p.method}）` },
        { title: t('register.controlLevel'), key: 'control', render: (_, p) => t(`controlLevels.${p.controlLevel}`) },
        { title: t('fields.org'), dataIndex: 'orgName', key: 'org' },
        { title: t('register.possibleHarms'), key: 'harms', render: (_, p) => p.possibleHarms.join('、') || '—' },
        { title: t('fields.division'), key: 'division', render: (_, p) => p.divisionName ?? p.divisionCode },
        { title: t('register.responsiblePerson'), key: 'resp', render: (_, p) => p.responsiblePerson ?? '—' },
      ]}
    />
  );
}

function MajorHazardSourcesList({ filters }: { filters: ListFilters }) {
  const { t } = useTranslation(RISKS_NS);
  const list = useMajorHazardList(filters);
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<MajorHazardSource>
      rowKey="id"
      size="small"
      data-testid="list-major-hazard-sources"
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
      scroll={{ x: 960 }}
      columns={[
        { title: t('mhs.name'), dataIndex: 'name', key: 'name' },
        { title: t('mhs.grade'), key: 'grade', render: (_, m) => <GradeTag grade={m.grade} /> },
        { title: t('fields.org'), dataIndex: 'orgName', key: 'org' },
        {
          title: t('mhs.substances'),
          key: 'substances',
          render: (_, m) =>
            m.substances.map((s) => (
              <div key={s.name}>
                {s.name} {s.quantityTonnes} t / {s.thresholdTonnes} t
              </div>
            )),
        },
        { title: t('mhs.ratio'), key: 'ratio', render: (_, m) => m.ratio.toFixed(2) },
        { title: t('mhs.radius'), key: 'radius', render: (_, m) => formatDistance(m.radiusMeters) },
        { title: t('mhs.sensors'), key: 'sensors', render: (_, m) => m.sensorCodes.join('、') || '—' },
        {
          title: t('mhs.responsible'),
          key: 'resp',
          render: (_, m) =>
            m.responsiblePersons.map((p) => `${t(`responsibleRoles.${p.role}`)}：${p.name}`).join('；') || '—',
        },
        { title: t('fields.division'), key: 'division', render: (_, m) => m.divisionName ?? m.divisionCode },
      ]}
    />
  );
}

function VulnerableTargetsList({ filters }: { filters: ListFilters }) {
  const { t } = useTranslation(RISKS_NS);
  const list = useVulnerableList(filters);
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<VulnerableTarget>
      rowKey="id"
      size="small"
      data-testid="list-vulnerable-targets"
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
      scroll={{ x: 900 }}
      columns={[
        { title: t('vt.name'), dataIndex: 'name', key: 'name' },
        { title: t('vt.kind'), key: 'kind', render: (_, v) => t(`targetKinds.${v.kind}`) },
        { title: t('vt.population'), key: 'pop', render: (_, v) => v.population ?? '—' },
        {
          title: t('vt.nearby'),
          key: 'nearby',
          render: (_, v) =>
            v.nearby.length === 0 ? (
              <Typography.Text type="secondary">{t('vt.nothingNearby')}</Typography.Text>
            ) : (
              v.nearby.map((n) => (
                <div key={n.id}>
                  {n.level ? <RiskLevelTag level={n.level} /> : <GradeTag grade={n.grade ?? 4} />}
                  {n.name}（{n.orgName}）{formatDistance(n.distanceMeters)}
                </div>
              ))
            ),
        },
        {
          title: t('vt.contact'),
          key: 'contact',
          render: (_, v) => [v.contact, v.phone].filter(Boolean).join(' ') || '—',
        },
        { title: t('fields.division'), key: 'division', render: (_, v) => v.divisionName ?? v.divisionCode },
      ]}
    />
  );
}

/** 三张清单: 较大以上安全风险清单, 重大危险源清单, 脆弱性目标清单 — each exportable to Excel, or all three in one workbook. */
export default function RiskListsPage() {
  const { t } = useTranslation(RISKS_NS);
  const [which, setWhich] = useState<RiskListName>('risks');
  const [orgId, setOrgId] = useState<string | undefined>();
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const filters: ListFilters = { orgId, divisionCode };
  return (
    <Card data-testid="risk-lists" title={t('tabs.lists')}>
      <div className="page-toolbar">
        <Segmented<RiskListName>
          value={which}
          onChange={setWhich}
          options={(['risks', 'major-hazard-sources', 'vulnerable-targets'] as const).map((l) => ({
            value: l,
            label: <span data-testid={`list-tab-${l}`}>{t(`lists.${l}`)}</span>,
          }))}
        />
        <OrgSelect allowClear style={{ width: 200 }} value={orgId} onChange={setOrgId} />
        <DivisionPicker
          allowClear
          style={{ width: 160 }}
          placeholder={t('fields.divisionFilter')}
          value={divisionCode}
          onChange={setDivisionCode}
        />
        <span className="page-toolbar-spacer" />
        <Button icon={<DownloadOutlined />} href={riskListExportUrl(which, filters)} data-testid="list-export">
          {t('lists.export')}
        </Button>
        <Button icon={<DownloadOutlined />} href={riskListExportUrl('all', filters)} data-testid="list-export-all">
          {t('lists.exportAll')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t(`lists.help.${which}`)}</Typography.Paragraph>
      {which === 'risks' && <RisksList filters={filters} />}
      {which === 'major-hazard-sources' && <MajorHazardSourcesList filters={filters} />}
      {which === 'vulnerable-targets' && <VulnerableTargetsList filters={filters} />}
    </Card>
  );
}
