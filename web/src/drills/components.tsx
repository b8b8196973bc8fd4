import { useState, type CSSProperties } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Select, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '@yingji/contracts';
import { useAuth } from '../app/auth';
import { DRILLS_NS } from './i18n';
import './drills.css';
import {
  DRILLABLE_PLAN_STATUSES,
  useOrgPlans,
  useOrgSearch,
  usePlanSearch,
  type ComplianceStatus,
  type DrillKind,
  type Plan,
  type ScheduleStatus,
} from './api';

export const KIND_COLORS: Record<DrillKind, string> = {
  tabletop: 'blue',
  functional: 'cyan',
  full_scale: 'purple',
};

export const COMPLIANCE_COLORS: Record<ComplianceStatus, string> = {
  ok: 'green',
  due_soon: 'orange',
  overdue: 'red',
};

export const SCHEDULE_STATUS_COLORS: Record<ScheduleStatus, string> = {
  planned: 'blue',
  done: 'green',
  missed: 'red',
};

export const DATE_FORMAT = 'YYYY-MM-DD';

/** Today as the server's dates are written (local calendar day). */
export function today(): string {
  return dayjs().format(DATE_FORMAT);
}

/** For date pickers of things that already happened: every day after today is disabled. */
export function isFuture(d: Dayjs): boolean {
  return d.isAfter(dayjs(), 'day');
}

/** The date part of a server date or timestamp. */
export function shortDate(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '—';
}

/** Years offered by the year pickers: this year (or next, for plans) back to nine years ago. */
export function yearOptions(withNext = false): number[] {
  const first = dayjs().year() + (withNext ? 1 : 0);
  return Array.from({ length: withNext ? 11 : 10 }, (_, i) => first - i);
}

/** Roles that may record drills of any organisation in their scope; the others only their own. */
const SCOPE_WIDE_ROLES: readonly Role[] = ['admin', 'commander', 'county'];

/** Whether the user may record drills and schedules, and for which organisations. */
export function useDrillManager(): { canManage: boolean; ownOrgOnly: boolean; mayManage: (orgId: string) => boolean } {
  const { user, can } = useAuth();
  const canManage = can('drill.manage');
  // Enterprise and department users keep their own organisation's drills (the server refuses others).
  const ownOrgOnly = canManage && !!user && !user.roles.some((r) => SCOPE_WIDE_ROLES.includes(r));
  return {
    canManage,
    ownOrgOnly,
    mayManage: (orgId) => canManage && (!ownOrgOnly || user?.orgId === orgId),
  };
}

export function DrillKindTags({ kind, doubleBlind }: { kind: DrillKind; doubleBlind: boolean }) {
  const { t } = useTranslation(DRILLS_NS);
  return (
    <span className="drills-tags">
      <Tag color={KIND_COLORS[kind]}>{t(`kinds.${kind}`)}</Tag>
      {doubleBlind && <Tag color="magenta">{t('drills.doubleBlind')}</Tag>}
    </span>
  );
}

export function ComplianceStatusTag({ status }: { status: ComplianceStatus }) {
  const { t } = useTranslation(DRILLS_NS);
  return (
    <Tag color={COMPLIANCE_COLORS[status]} data-testid={`compliance-status-${status}`}>
      {t(`complianceStatuses.${status}`)}
    </Tag>
  );
}

export function ScheduleStatusTag({ status }: { status: ScheduleStatus }) {
  const { t } = useTranslation(DRILLS_NS);
  return <Tag color={SCHEDULE_STATUS_COLORS[status]}>{t(`scheduleStatuses.${status}`)}</Tag>;
}

/** Plan titles as a short list of tags; the rest are counted. */
export function PlanTitles({ titles, max = 2 }: { titles: readonly string[]; max?: number }) {
  const { t } = useTranslation(DRILLS_NS);
  if (titles.length === 0) return <>—</>;
  const shown = titles.slice(0, max);
  return (
    <span className="drills-tags">
      {shown.map((title, i) => (
        <Tag key={`${i}-${title}`} className="drills-plan-tag" title={title}>
          {title}
        </Tag>
      ))}
      {titles.length > max && (
        <Typography.Text type="secondary" title={titles.slice(max).join('\n')}>
          {t('common.more', { count: titles.length - max })}
        </Typography.Text>
      )}
    </span>
  );
}

interface PickerProps {
  value?: string | null;
  /** The picked id and, when known, its name. */
  onChange?: (value: string | undefined, label?: string) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  id?: string;
  testId?: string;
}

/**
 * Searchable organisation picker (`GET /api/v1/organizations?q=`). `knownLabel` names the current
 * value while it is not among the loaded options (the user's own organisation, a schedule's).
 */
export function OrgSelect({
  value,
  onChange,
  placeholder,
  allowClear,
  disabled,
  style,
  id,
  testId,
  knownLabel,
}: PickerProps & { knownLabel?: string | null }) {
  const { t } = useTranslation(DRILLS_NS);
  const [q, setQ] = useState('');
  const search = useOrgSearch(q);
  const [known, setKnown] = useState<Record<string, string>>({});
  const options = (search.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: known[value] ?? knownLabel ?? value });
  }
  return (
    <Select<string>
      id={id}
      data-testid={testId}
      style={style}
      disabled={disabled}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => {
        const label = options.find((o) => o.value === v)?.label;
        if (v && label) setKnown((k) => ({ ...k, [v]: label }));
        onChange?.(v ?? undefined, label);
      }}
      onClear={() => setQ('')}
      onOpenChange={(open) => {
        if (!open) setQ('');
      }}
      placeholder={placeholder ?? t('pickers.org')}
      allowClear={allowClear}
      options={options}
      notFoundContent={
        search.isFetching ? <Spin size="small" /> : search.isError ? t('common.loadFailed') : t('common.noData')
      }
    />
  );
}

function planLabel(p: Plan, t: (key: string) => string): string {
  return `${p.title}${p.version ? ` ${p.version}` : ''} · ${t(`planKinds.${p.kind}`)}`;
}

/**
 * The published (or superseded) plans of one organisation, several at a time
 * (`GET /api/v1/plans?ownerOrgId=&pageSize=200`).
 */
export function DrillablePlanSelect({
  orgId,
  value,
  onChange,
  id,
  testId,
}: {
  orgId: string | undefined;
  value?: string[];
  onChange?: (value: string[]) => void;
  id?: string;
  testId?: string;
}) {
  const { t } = useTranslation(DRILLS_NS);
  const plans = useOrgPlans(orgId);
  const drillable = (plans.data?.items ?? []).filter((p) => DRILLABLE_PLAN_STATUSES.includes(p.status));
  const options = drillable.map((p) => ({
    value: p.id,
    label: planLabel(p, t),
    superseded: p.status === 'superseded',
  }));
  for (const v of value ?? []) {
    if (!options.some((o) => o.value === v)) options.push({ value: v, label: v, superseded: false });
  }
  return (
    <Select<string[]>
      id={id}
      data-testid={testId}
      mode="multiple"
      disabled={!orgId}
      loading={plans.isFetching}
      value={value ?? []}
      onChange={(v) => onChange?.(v)}
      placeholder={orgId ? t('pickers.plans') : t('pickers.orgFirst')}
      optionFilterProp="label"
      maxCount={20}
      options={options}
      optionRender={(option) => (
        <span>
          {option.label}
          {option.data.superseded ? <Tag style={{ marginInlineStart: 6 }}>{t('planStatuses.superseded')}</Tag> : null}
        </span>
      )}
      notFoundContent={
        plans.isFetching ? (
          <Spin size="small" />
        ) : plans.isError ? (
          t('common.loadFailed')
        ) : (
          t('pickers.noDrillablePlans')
        )
      }
    />
  );
}

/** One plan, for the list filter: the chosen organisation's plans, or any plan in scope by title. */
export function PlanFilterSelect({
  ownerOrgId,
  value,
  onChange,
  style,
}: {
  ownerOrgId: string | undefined;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  style?: CSSProperties;
}) {
  const { t } = useTranslation(DRILLS_NS);
  const [q, setQ] = useState('');
  const search = usePlanSearch(q, ownerOrgId);
  const [known, setKnown] = useState<Record<string, string>>({});
  const options = (search.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: known[value] ?? value });
  return (
    <Select<string>
      style={style}
      data-testid="drills-filter-plan"
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v) => {
        const label = options.find((o) => o.value === v)?.label;
        if (v && label) setKnown((k) => ({ ...k, [v]: label }));
        onChange(v ?? undefined);
      }}
      onClear={() => setQ('')}
      onOpenChange={(open) => {
        if (!open) setQ('');
      }}
      placeholder={t('filters.plan')}
      options={options}
      popupMatchSelectWidth={360}
      notFoundContent={
        search.isFetching ? <Spin size="small" /> : search.isError ? t('common.loadFailed') : t('common.noData')
      }
    />
  );
}

/** Lets Enter in a text field submit a form whose buttons sit outside it (a modal footer). */
export function HiddenSubmit() {
  return <button type="submit" hidden aria-hidden tabIndex={-1} />;
}
