import { useState, type CSSProperties } from 'react';
import { Select, Spin, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgKind, Organization, PlanKind, ResponseLevel } from '@yingji/contracts';
import { useDivisions } from '../app/queries';
import { PLANS_NS } from './i18n';
import { today, useOrganizations, usePlanOptions, type Plan } from './api';
import {
  PLAN_STATUS_COLORS,
  RESPONSE_LEVEL_COLORS,
  REVIEW_STATUS_COLORS,
  planKindLabel,
  planStatusLabel,
  responseLevelFullLabel,
  responseLevelLabel,
  reviewStatusLabel,
  type PlanReviewStatus,
  type PlanStatus,
} from './labels';

// ---- tags ----

const KIND_COLORS: Record<PlanKind, string> = {
  overall: 'geekblue',
  special: 'blue',
  department: 'cyan',
  enterprise_comprehensive: 'purple',
  enterprise_special: 'magenta',
  onsite: 'orange',
};

export function PlanKindTag({ kind }: { kind: PlanKind }) {
  useTranslation(PLANS_NS);
  return (
    <Tag color={KIND_COLORS[kind]} data-kind={kind} className="plans-kind-tag">
      {planKindLabel(kind)}
    </Tag>
  );
}

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  useTranslation(PLANS_NS);
  return (
    <Tag color={PLAN_STATUS_COLORS[status]} data-status={status}>
      {planStatusLabel(status)}
    </Tag>
  );
}

/** Ⅰ级 (red) … Ⅳ级 (blue). */
export function ResponseLevelTag({
  level,
  full,
  style,
}: {
  level: ResponseLevel;
  full?: boolean;
  style?: CSSProperties;
}) {
  useTranslation(PLANS_NS);
  return (
    <Tag color={RESPONSE_LEVEL_COLORS[level]} data-level={level} style={style}>
      {full ? responseLevelFullLabel(level) : responseLevelLabel(level)}
    </Tag>
  );
}

export function ReviewStatusTag({ status }: { status: PlanReviewStatus }) {
  useTranslation(PLANS_NS);
  return (
    <Tag color={REVIEW_STATUS_COLORS[status]} data-status={status}>
      {reviewStatusLabel(status)}
    </Tag>
  );
}

/** A `YYYY-MM-DD` (or ISO time) as a date, or — . */
export function dateText(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '—';
}

/** 备案: the filing date (and number), or 待备案 with its due date, red once overdue. */
export function FilingStatus({ plan, showNumber }: { plan: Plan; showNumber?: boolean }) {
  const { t } = useTranslation(PLANS_NS);
  if (plan.filedAt) {
    return (
      <span data-testid="plan-filing" data-filing="filed">
        <Tag color="green">{t('filing.filed')}</Tag>
        <span className="plans-nowrap">{dateText(plan.filedAt)}</span>
        {showNumber && plan.filingNumber ? (
          <Typography.Text type="secondary"> · {plan.filingNumber}</Typography.Text>
        ) : null}
      </span>
    );
  }
  if (!plan.filingDueBy) {
    return (
      <Typography.Text type="secondary" data-testid="plan-filing" data-filing="none">
        {plan.status === 'draft' ? t('filing.notPublished') : '—'}
      </Typography.Text>
    );
  }
  const due = dateText(plan.filingDueBy);
  const overdue = due < today();
  return (
    <Tooltip title={t('filing.rule')}>
      <Typography.Text
        type={overdue ? 'danger' : 'warning'}
        strong={overdue}
        data-testid="plan-filing"
        data-filing={overdue ? 'overdue' : 'pending'}
      >
        <Tag color={overdue ? 'red' : 'orange'}>{overdue ? t('filing.overdue') : t('filing.pending')}</Tag>
        <span className="plans-nowrap">{t('filing.dueBy', { date: due })}</span>
      </Typography.Text>
    </Tooltip>
  );
}

// ---- divisions ----

function parentDivision(code: string): string | null {
  if (code.length === 9) return code.slice(0, 6);
  if (code.endsWith('0000')) return null;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

/** The name of one division (looked up among its siblings), or its code. */
export function DivisionName({ code }: { code: string }) {
  const parent = parentDivision(code);
  const siblings = useDivisions(parent ?? code.slice(0, 2) + '0000');
  const name = siblings.data?.items.find((d) => d.code === code)?.name;
  return (
    <span>
      {name ?? code}{' '}
      {name && (
        <Typography.Text type="secondary" className="hash-text">
          {code}
        </Typography.Text>
      )}
    </span>
  );
}

/** Does a user whose scope is `scopeCode` see division `code` (GB/T 2260 prefixes)? */
export function inDivisionScope(scopeCode: string, code: string): boolean {
  const prefix =
    scopeCode.length === 9
      ? scopeCode
      : scopeCode.endsWith('0000')
        ? scopeCode.slice(0, 2)
        : scopeCode.endsWith('00')
          ? scopeCode.slice(0, 4)
          : scopeCode;
  return code.startsWith(prefix);
}

// ---- pickers ----

const ORG_KIND_ORDER: OrgKind[] = ['department', 'government', 'rescue_team', 'institution', 'enterprise'];

interface OrgPickerProps {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  onOrg?: (org: Organization | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  id?: string;
  testId?: string;
  /** Kinds listed first (others follow); default: departments first. */
  preferKinds?: OrgKind[];
  'aria-label'?: string;
}

/** Organisation picker over every organisation in the user's view, grouped by kind, searchable by name. */
export function OrgPicker({
  value,
  onChange,
  onOrg,
  multiple,
  placeholder,
  allowClear,
  disabled,
  style,
  id,
  testId,
  preferKinds,
  'aria-label': ariaLabel,
}: OrgPickerProps) {
  const { t } = useTranslation(PLANS_NS);
  const { t: tApp } = useTranslation();
  const orgs = useOrganizations();
  const items = orgs.data ?? [];
  const order = [...(preferKinds ?? []), ...ORG_KIND_ORDER.filter((k) => !preferKinds?.includes(k))];
  const known = new Set(items.map((o) => o.id));
  const groups = order
    .map((kind) => ({
      label: tApp(`orgKinds.${kind}`),
      title: kind,
      options: items
        .filter((o) => o.kind === kind)
        .map((o) => ({ value: o.id, label: o.name, division: o.divisionName ?? '' })),
    }))
    .filter((g) => g.options.length > 0);
  const selected = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
  const unknown = selected.filter((v) => !known.has(v));
  const options = unknown.length
    ? [
        {
          label: t('orgs.outOfView'),
          title: 'unknown',
          options: unknown.map((v) => ({ value: v, label: t('orgs.unknown', { id: v.slice(0, 8) }), division: '' })),
        },
        ...groups,
      ]
    : groups;
  return (
    <Select<string | string[]>
      id={id}
      data-testid={testId}
      aria-label={ariaLabel}
      style={style}
      mode={multiple ? 'multiple' : undefined}
      disabled={disabled}
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      value={multiple ? selected : (value ?? undefined)}
      placeholder={placeholder ?? t('orgs.placeholder')}
      onChange={(v) => {
        onChange?.(v ?? undefined);
        if (onOrg && typeof v === 'string') onOrg(items.find((o) => o.id === v));
      }}
      options={options}
      loading={orgs.isFetching}
      maxTagCount="responsive"
      notFoundContent={
        orgs.isFetching ? <Spin size="small" /> : orgs.isError ? t('common.loadFailed') : t('common.noData')
      }
      optionRender={(option) => (
        <span>
          {option.label}
          {option.data.division ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              · {option.data.division}
            </Typography.Text>
          ) : null}
        </span>
      )}
    />
  );
}

/** Searchable plan picker (`GET /api/v1/plans?q=`), e.g. for the parent plan. */
export function PlanPicker({
  value,
  onChange,
  excludeId,
  currentTitle,
  placeholder,
  style,
  id,
  testId,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  excludeId?: string;
  /** The title of the current value when it is not among the first results. */
  currentTitle?: string;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  testId?: string;
}) {
  const { t } = useTranslation(PLANS_NS);
  const [q, setQ] = useState('');
  const search = usePlanOptions(q);
  const [known, setKnown] = useState<Record<string, string>>({});
  const options = (search.data?.items ?? [])
    .filter((p) => p.id !== excludeId)
    .map((p): { value: string; label: string; kind?: PlanKind } => ({ value: p.id, label: p.title, kind: p.kind }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: known[value] ?? currentTitle ?? value });
  }
  return (
    <Select<string>
      id={id}
      data-testid={testId}
      style={style}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      placeholder={placeholder ?? t('editor.parentPlaceholder')}
      onChange={(v) => {
        const label = options.find((o) => o.value === v)?.label;
        if (v && label) setKnown((k) => ({ ...k, [v]: label }));
        onChange?.(v ?? null);
      }}
      onClear={() => setQ('')}
      options={options}
      optionRender={(option) => (
        <span>
          {option.label}
          {option.data.kind ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              · {planKindLabel(option.data.kind)}
            </Typography.Text>
          ) : null}
        </span>
      )}
      notFoundContent={
        search.isFetching ? <Spin size="small" /> : search.isError ? t('common.loadFailed') : t('common.noData')
      }
    />
  );
}

/** Lets Enter in a text field submit a form whose buttons sit outside it (a drawer or modal footer). */
export function HiddenSubmit() {
  return <button type="submit" hidden aria-hidden tabIndex={-1} />;
}
