import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Typography,
  type FormInstance,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  ACCIDENT_TYPES,
  INCIDENT_CATEGORIES,
  INCIDENT_GRADES,
  OTHER_INCIDENT_TYPES,
  PLAN_KINDS,
  PLAN_STATUSES,
  RESPONSE_LEVELS,
  TRIGGER_FIELDS,
  incidentLabel,
  type PlanKind,
  type ResponseLevel,
  type Trigger,
  type TriggerField,
} from '@yingji/contracts';
import { ApiError, errorMessage } from '../app/api';
import { useUser } from '../app/auth';
import { DivisionPicker } from '../admin/DivisionPicker';
import { PLANS_NS } from './i18n';
import {
  invalidDepartments,
  useOrgNames,
  useSavePlan,
  validationProblems,
  type CreatePlanBody,
  type Plan,
} from './api';
import {
  incidentValueLabel,
  isNumericTriggerField,
  planKindLabel,
  planStatusLabel,
  responseLevelFullLabel,
  responseLevelLabel,
  triggerFieldLabel,
  triggerOpLabel,
  triggerOpSymbol,
  type PlanStatus,
  type TriggerOp,
} from './labels';
import { HiddenSubmit, OrgPicker, PlanPicker, ResponseLevelTag } from './components';

type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
type TriggerValue = Trigger['value'];

interface TriggerRowValues {
  field?: TriggerField;
  op?: TriggerOp;
  value?: TriggerValue | null;
}

interface LevelValues {
  enabled: boolean;
  match: 'any' | 'all';
  activatedBy?: string;
  description?: string;
  triggers: TriggerRowValues[];
}

interface GroupValues {
  name?: string;
  leadOrgId?: string;
  memberOrgIds?: string[];
  duties?: string;
}

interface ActionValues {
  id?: string;
  departmentOrgId?: string;
  action?: string;
  withinMinutes?: number | null;
  level?: ResponseLevel;
  group?: string;
}

interface AttachmentValues {
  name?: string;
  url?: string;
}

export interface PlanFormValues {
  kind: PlanKind;
  title: string;
  ownerOrgId: string;
  divisionCode: string;
  version?: string;
  status: PlanStatus;
  publishedAt?: Dayjs | null;
  parentPlanId?: string | null;
  filedAt?: Dayjs | null;
  filingNumber?: string;
  filingOrg?: string;
  lastEvaluatedAt?: Dayjs | null;
  summary?: string;
  attachments: AttachmentValues[];
  categories: IncidentCategory[];
  types: string[];
  levels: Record<ResponseLevel, LevelValues>;
  headquarters?: string;
  commander?: string;
  groups: GroupValues[];
  actions: ActionValues[];
}

// ---- trigger helpers ----

const GRADE_BY_LEVEL: Record<ResponseLevel, (typeof INCIDENT_GRADES)[number]> = {
  I: 'especially_major',
  II: 'major',
  III: 'larger',
  IV: 'general',
};

/** Operators that make sense for a field: numbers compare, grades compare by severity, categories and types match. */
function opsFor(field: TriggerField | undefined): TriggerOp[] {
  if (!field || isNumericTriggerField(field)) return ['>=', '>', '='];
  if (field === 'grade') return ['>=', '>', '=', 'in'];
  return ['=', 'in'];
}

function defaultOp(field: TriggerField | undefined): TriggerOp {
  return field === 'category' || field === 'type' ? '=' : '>=';
}

/** A new level's first condition: the matching incident grade (Ⅰ级 ↔ 特别重大, … Ⅳ级 ↔ 一般). */
function defaultTrigger(level: ResponseLevel): TriggerRowValues {
  return { field: 'grade', op: '>=', value: GRADE_BY_LEVEL[level] };
}

function emptyLevel(level: ResponseLevel, enabled: boolean): LevelValues {
  return { enabled, match: 'any', triggers: [defaultTrigger(level)] };
}

const ALL_TYPES = [...new Set([...ACCIDENT_TYPES, ...OTHER_INCIDENT_TYPES])];
const OTHER_ONLY_TYPES = OTHER_INCIDENT_TYPES.filter((ty) => !(ACCIDENT_TYPES as readonly string[]).includes(ty));

/** Incident types to offer for the chosen categories (accident types for 事故灾难, the others for the rest). */
function typeOptions(categories: readonly string[] | undefined, tGroup: (key: string) => string) {
  const cats = categories ?? [];
  const accident = cats.length === 0 || cats.includes('accident');
  const other = cats.length === 0 || cats.some((c) => c !== 'accident');
  const groups: { label: string; title: string; options: { value: string; label: string }[] }[] = [];
  if (accident)
    groups.push({
      label: tGroup('accident'),
      title: 'accident',
      options: ACCIDENT_TYPES.map((ty) => ({ value: ty, label: incidentValueLabel(ty) })),
    });
  if (other)
    groups.push({
      label: tGroup('other'),
      title: 'other',
      options: (accident ? OTHER_ONLY_TYPES : OTHER_INCIDENT_TYPES).map((ty) => ({
        value: ty,
        label: incidentValueLabel(ty),
      })),
    });
  return groups;
}

/** A typed type that reads like a known one (矿山, Mine) becomes its code (mine); others stay as typed. */
function normalizeTypes(values: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    const v = raw.trim();
    if (!v) continue;
    const known = ALL_TYPES.find(
      (ty) =>
        ty === v || incidentLabel(ty, 'zh-CN') === v || incidentLabel(ty, 'en-US').toLowerCase() === v.toLowerCase(),
    );
    const code = known ?? v;
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

// ---- form ↔ body ----

const toDay = (s: string | null | undefined) => (s ? dayjs(s.slice(0, 10)) : null);
const dayText = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const trimmed = (s: string | null | undefined) => {
  const v = s?.trim() ?? '';
  return v || undefined;
};
/** An optional text: trimmed, or '' to clear what the plan had, or left out. */
const textField = (s: string | undefined, before: string | null | undefined) => trimmed(s) ?? (before ? '' : undefined);

function toFormValues(plan: Plan | null, defaults: { orgId: string; divisionCode: string; kind: PlanKind }) {
  const levels = Object.fromEntries(
    RESPONSE_LEVELS.map((lvl) => {
      const l = plan?.levels.find((x) => x.level === lvl);
      const v: LevelValues = l
        ? {
            enabled: true,
            match: l.match,
            activatedBy: l.activatedBy ?? undefined,
            description: l.description ?? undefined,
            triggers: l.triggers.map((tr) => ({ field: tr.field, op: tr.op, value: tr.value })),
          }
        : emptyLevel(lvl, !plan);
      return [lvl, v];
    }),
  ) as Record<ResponseLevel, LevelValues>;
  const values: PlanFormValues = plan
    ? {
        kind: plan.kind,
        title: plan.title,
        ownerOrgId: plan.ownerOrgId,
        divisionCode: plan.divisionCode,
        version: plan.version ?? undefined,
        status: plan.status,
        publishedAt: toDay(plan.publishedAt),
        parentPlanId: plan.parentPlanId,
        filedAt: toDay(plan.filedAt),
        filingNumber: plan.filingNumber ?? undefined,
        filingOrg: plan.filingOrg ?? undefined,
        lastEvaluatedAt: toDay(plan.lastEvaluatedAt),
        summary: plan.summary ?? undefined,
        attachments: plan.attachments.map((a) => ({ name: a.name, url: a.url ?? undefined })),
        categories: plan.scope.categories,
        types: plan.scope.types,
        levels,
        headquarters: plan.command.headquarters ?? undefined,
        commander: plan.command.commander ?? undefined,
        groups: plan.command.groups.map((g) => ({
          name: g.name,
          leadOrgId: g.leadOrgId ?? undefined,
          memberOrgIds: g.memberOrgIds,
          duties: g.duties ?? undefined,
        })),
        actions: plan.actions.map((a) => ({
          id: a.id,
          departmentOrgId: a.departmentOrgId,
          action: a.action,
          withinMinutes: a.withinMinutes,
          level: a.level,
          group: a.group ?? undefined,
        })),
      }
    : {
        kind: defaults.kind,
        title: '',
        ownerOrgId: defaults.orgId,
        divisionCode: defaults.divisionCode,
        status: 'draft',
        parentPlanId: null,
        attachments: [],
        categories: [],
        types: [],
        levels,
        groups: [],
        actions: [],
      };
  return values;
}

function toTrigger(r: TriggerRowValues): Trigger {
  const field = r.field ?? 'deaths';
  const op = r.op ?? defaultOp(field);
  let value: TriggerValue;
  if (op === 'in') {
    const list = Array.isArray(r.value) ? r.value : r.value === null || r.value === undefined ? [] : [r.value];
    value = list.map(String);
  } else {
    const one = Array.isArray(r.value) ? r.value[0] : r.value;
    value = isNumericTriggerField(field) ? Number(one ?? 0) : String(one ?? '');
  }
  return { field, op, value };
}

function toBody(v: PlanFormValues, before: Plan | null): CreatePlanBody {
  const levels = RESPONSE_LEVELS.filter((lvl) => v.levels[lvl]?.enabled).map((lvl) => {
    const l = v.levels[lvl];
    return {
      level: lvl,
      match: l.match,
      triggers: (l.triggers ?? []).map(toTrigger),
      ...(trimmed(l.activatedBy) ? { activatedBy: trimmed(l.activatedBy) } : {}),
      ...(trimmed(l.description) ? { description: trimmed(l.description) } : {}),
    };
  });
  const body: CreatePlanBody = {
    kind: v.kind,
    title: v.title.trim(),
    ownerOrgId: v.ownerOrgId,
    divisionCode: v.divisionCode,
    status: v.status,
    parentPlanId: v.parentPlanId ?? null,
    scope: { categories: v.categories ?? [], types: (v.types ?? []).map((s) => s.trim()).filter(Boolean) },
    levels,
    command: {
      ...(trimmed(v.headquarters) ? { headquarters: trimmed(v.headquarters) } : {}),
      ...(trimmed(v.commander) ? { commander: trimmed(v.commander) } : {}),
      groups: (v.groups ?? []).map((g) => ({
        name: (g.name ?? '').trim(),
        ...(g.leadOrgId ? { leadOrgId: g.leadOrgId } : {}),
        memberOrgIds: g.memberOrgIds ?? [],
        ...(trimmed(g.duties) ? { duties: trimmed(g.duties) } : {}),
      })),
    },
    actions: (v.actions ?? []).map((a) => ({
      ...(a.id ? { id: a.id } : {}),
      departmentOrgId: a.departmentOrgId ?? '',
      action: (a.action ?? '').trim(),
      withinMinutes: a.withinMinutes ?? 0,
      level: a.level ?? 'IV',
      ...(trimmed(a.group) ? { group: trimmed(a.group) } : {}),
    })),
    attachments: (v.attachments ?? []).map((a) => ({
      name: (a.name ?? '').trim(),
      ...(trimmed(a.url) ? { url: trimmed(a.url) } : {}),
    })),
  };
  const version = textField(v.version, before?.version);
  if (version !== undefined) body.version = version;
  const filingNumber = textField(v.filingNumber, before?.filingNumber);
  if (filingNumber !== undefined) body.filingNumber = filingNumber;
  const filingOrg = textField(v.filingOrg, before?.filingOrg);
  if (filingOrg !== undefined) body.filingOrg = filingOrg;
  const summary = textField(v.summary, before?.summary);
  if (summary !== undefined) body.summary = summary;
  const publishedAt = dayText(v.publishedAt);
  if (publishedAt) body.publishedAt = publishedAt;
  const filedAt = dayText(v.filedAt);
  if (filedAt) body.filedAt = filedAt;
  const lastEvaluatedAt = dayText(v.lastEvaluatedAt);
  if (lastEvaluatedAt) body.lastEvaluatedAt = lastEvaluatedAt;
  return body;
}

// ---- server problems → readable text and form fields ----

type FormPath = (string | number)[];

const TOP_FIELDS = new Set([
  'kind',
  'title',
  'ownerOrgId',
  'divisionCode',
  'version',
  'publishedAt',
  'status',
  'parentPlanId',
  'filedAt',
  'filingNumber',
  'filingOrg',
  'lastEvaluatedAt',
  'summary',
]);

const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);

/** `body.levels.0.triggers.1.value` → the form field it came from, when there is one. */
function formPathOf(path: string, body: CreatePlanBody | undefined): FormPath | null {
  const s = path.split('.').filter(Boolean);
  if (s[0] === 'body') s.shift();
  const [head, a, b, c, d] = s;
  if (!head) return null;
  if (TOP_FIELDS.has(head)) return [head];
  if (head === 'scope' && (a === 'categories' || a === 'types')) return [a];
  if (head === 'levels') {
    const i = num(a);
    const lvl = i !== undefined ? body?.levels?.[i]?.level : undefined;
    if (!lvl || !b) return null;
    if (b === 'triggers') {
      const j = num(c);
      return j !== undefined && d ? ['levels', lvl, 'triggers', j, d] : null;
    }
    return ['levels', lvl, b];
  }
  if (head === 'command') {
    if (a === 'headquarters' || a === 'commander') return [a];
    const i = num(b);
    if (a === 'groups' && i !== undefined && c) return ['groups', i, c];
    return null;
  }
  if (head === 'actions' || head === 'attachments') {
    const i = num(a);
    return i !== undefined && b ? [head, i, b] : null;
  }
  return null;
}

function useDescribePath() {
  const { t } = useTranslation(PLANS_NS);
  return (path: string, body: CreatePlanBody | undefined): string => {
    const s = path.split('.').filter(Boolean);
    if (s[0] === 'body') s.shift();
    const [head, a, b, c, d] = s;
    if (!head) return t('editor.problems.general');
    const field = (key: string | undefined) => (key ? t(`editor.problemFields.${key}`, { defaultValue: key }) : '');
    const nth = (x: string | undefined) => (num(x) ?? 0) + 1;
    const parts: string[] = [];
    if (head === 'levels') {
      const lvl = body?.levels?.[num(a) ?? -1]?.level;
      parts.push(lvl ? responseLevelFullLabel(lvl) : t('editor.sections.levels'));
      if (b === 'triggers' && c !== undefined) {
        parts.push(t('editor.problems.trigger', { n: nth(c) }));
        if (d) parts.push(field(d));
      } else if (b) parts.push(field(b));
    } else if (head === 'actions') {
      parts.push(a !== undefined ? t('editor.problems.action', { n: nth(a) }) : t('editor.sections.actions'));
      if (b) parts.push(field(b));
    } else if (head === 'attachments') {
      parts.push(a !== undefined ? t('editor.problems.attachment', { n: nth(a) }) : t('editor.sections.attachments'));
      if (b) parts.push(field(b));
    } else if (head === 'command') {
      if (a === 'groups') {
        parts.push(b !== undefined ? t('editor.problems.group', { n: nth(b) }) : t('editor.groups'));
        if (c) parts.push(field(c));
      } else parts.push(field(a ?? 'command'));
    } else if (head === 'scope') {
      parts.push(field(a ?? 'scope'));
    } else {
      parts.push(field(head));
    }
    return parts.filter(Boolean).join(' › ');
  };
}

function ServerProblems({
  error,
  body,
  onJump,
}: {
  error: unknown;
  body: CreatePlanBody | undefined;
  onJump: (path: FormPath) => void;
}) {
  const { t } = useTranslation(PLANS_NS);
  const describe = useDescribePath();
  const orgName = useOrgNames();
  const problems = validationProblems(error);
  const badOrgs = invalidDepartments(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="plan-editor-error"
      title={errorMessage(error)}
      description={
        problems.length > 0 || badOrgs.length > 0 || requestId ? (
          <>
            {problems.length > 0 && (
              <ul className="plans-problem-list">
                {problems.map((p, i) => {
                  const target = formPathOf(p.path, body);
                  return (
                    <li key={`${p.path}-${i}`}>
                      {target ? (
                        <Typography.Link onClick={() => onJump(target)}>{describe(p.path, body)}</Typography.Link>
                      ) : (
                        <Typography.Text strong>{describe(p.path, body)}</Typography.Text>
                      )}
                      ：{p.message}
                    </li>
                  );
                })}
              </ul>
            )}
            {badOrgs.length > 0 && (
              <div>
                {t('editor.problems.departments')}
                {badOrgs.map((id) => orgName(id) ?? id.slice(0, 8)).join('、')}
              </div>
            )}
            {requestId && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('common.requestId', { id: requestId })}
              </Typography.Text>
            )}
          </>
        ) : undefined
      }
    />
  );
}

// ---- keyboard ----

/** Enter moves to the next field (the last one saving); Ctrl+Enter saves from anywhere. */
function onEnterNavigate(submit: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      submit();
      return;
    }
    if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON' || target.tagName === 'A') return;
    // An open dropdown (select, date picker) and the tag inputs take Enter for themselves.
    if (target.getAttribute('aria-expanded') === 'true') return;
    if (target.closest('.ant-select-multiple, .ant-picker-dropdown, .ant-select-dropdown')) return;
    e.preventDefault();
    const focusables = Array.from(
      e.currentTarget.querySelectorAll<HTMLElement>(
        'input:not([type=hidden]):not([disabled]):not([tabindex="-1"]), textarea:not([disabled])',
      ),
    ).filter((el) => el.offsetParent !== null);
    const idx = focusables.indexOf(target);
    const next = idx >= 0 ? focusables[idx + 1] : undefined;
    if (next) next.focus();
    else submit();
  };
}

// ---- sections ----

function TriggerValueInput({
  field,
  op,
  value,
  onChange,
  id,
}: {
  field: TriggerField | undefined;
  op: TriggerOp | undefined;
  value?: TriggerValue | null;
  onChange?: (v: TriggerValue | null) => void;
  id?: string;
}) {
  const { t } = useTranslation(PLANS_NS);
  const multiple = op === 'in';
  const common = { id, style: { width: '100%' }, 'aria-label': t('editor.triggerValue') };
  if (!field || isNumericTriggerField(field)) {
    return (
      <InputNumber<number>
        {...common}
        min={0}
        max={1e13}
        precision={field === 'directLossYuan' ? 2 : 0}
        placeholder={t('editor.triggerValue')}
        suffix={field === 'directLossYuan' ? t('editor.unitYuan') : t('editor.unitPeople')}
        value={typeof value === 'number' ? value : null}
        onChange={(v) => onChange?.(v)}
      />
    );
  }
  const options =
    field === 'grade'
      ? INCIDENT_GRADES.map((g) => ({ value: g, label: incidentValueLabel(g) }))
      : field === 'category'
        ? INCIDENT_CATEGORIES.map((c) => ({ value: c, label: incidentValueLabel(c) }))
        : ALL_TYPES.map((ty) => ({ value: ty, label: incidentValueLabel(ty) }));
  const current = multiple
    ? Array.isArray(value)
      ? value
      : value === null || value === undefined
        ? []
        : [String(value)]
    : Array.isArray(value)
      ? value[0]
      : value === null || value === undefined
        ? undefined
        : String(value);
  return (
    <Select<string | string[]>
      {...common}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('editor.triggerValue')}
      options={options}
      value={current}
      onChange={(v) => onChange?.(v ?? null)}
      maxTagCount="responsive"
    />
  );
}

function TriggerRow({
  form,
  level,
  name,
  onRemove,
  canRemove,
}: {
  form: FormInstance<PlanFormValues>;
  level: ResponseLevel;
  name: number;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const { t } = useTranslation(PLANS_NS);
  const base = ['levels', level, 'triggers', name] as const;
  const row = Form.useWatch<TriggerRowValues | undefined>(base, form);
  const field = row?.field;
  const op = row?.op;
  const valueRule = {
    validator: (_: unknown, v: TriggerValue | null | undefined) => {
      const empty = v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
      return empty ? Promise.reject(new Error(t('editor.triggerValueRequired'))) : Promise.resolve();
    },
  };
  return (
    <Row gutter={8} align="top" wrap={false} data-testid={`trigger-${level}-${name}`}>
      <Col flex="170px">
        <Form.Item name={[name, 'field']} rules={[{ required: true, message: t('editor.triggerFieldRequired') }]}>
          <Select<TriggerField>
            aria-label={t('editor.triggerField')}
            showSearch={{ optionFilterProp: 'label' }}
            options={TRIGGER_FIELDS.map((f) => ({ value: f, label: triggerFieldLabel(f) }))}
            onChange={(f) => {
              const ops = opsFor(f);
              const nextOp = op && ops.includes(op) ? op : defaultOp(f);
              const wasNumeric = isNumericTriggerField(field);
              const keep = field === f || (wasNumeric && isNumericTriggerField(f));
              form.setFieldValue([...base, 'op'] as const, nextOp);
              if (!keep) form.setFieldValue([...base, 'value'] as const, f === 'grade' ? GRADE_BY_LEVEL[level] : null);
            }}
          />
        </Form.Item>
      </Col>
      <Col flex="120px">
        <Form.Item name={[name, 'op']} rules={[{ required: true, message: t('editor.triggerOpRequired') }]}>
          <Select<TriggerOp>
            aria-label={t('editor.triggerOp')}
            showSearch={{ optionFilterProp: 'label' }}
            options={opsFor(field).map((o) => ({
              value: o,
              label: `${triggerOpSymbol(o)} ${triggerOpLabel(o)}`,
            }))}
            onChange={(o) => {
              const v = form.getFieldValue([...base, 'value'] as const) as TriggerValue | null | undefined;
              if (o === 'in' && !Array.isArray(v))
                form.setFieldValue([...base, 'value'] as const, v === null || v === undefined ? [] : [String(v)]);
              if (o !== 'in' && Array.isArray(v)) form.setFieldValue([...base, 'value'] as const, v[0] ?? null);
            }}
          />
        </Form.Item>
      </Col>
      <Col flex="auto">
        <Form.Item name={[name, 'value']} rules={[valueRule]}>
          <TriggerValueInput field={field} op={op} />
        </Form.Item>
      </Col>
      <Col flex="32px">
        <Button
          type="text"
          icon={<DeleteOutlined />}
          disabled={!canRemove}
          onClick={onRemove}
          aria-label={t('editor.removeTrigger')}
        />
      </Col>
    </Row>
  );
}

function LevelCard({ form, level }: { form: FormInstance<PlanFormValues>; level: ResponseLevel }) {
  const { t } = useTranslation(PLANS_NS);
  const enabled = Form.useWatch<boolean | undefined>(['levels', level, 'enabled'], form);
  return (
    <Card
      size="small"
      type="inner"
      className={enabled ? 'plans-level-card' : 'plans-level-card plans-level-card-off'}
      data-testid={`level-card-${level}`}
      title={<ResponseLevelTag level={level} full />}
      extra={
        <Space size={6}>
          <Typography.Text type="secondary">{t('editor.levelEnabled')}</Typography.Text>
          <Form.Item name={['levels', level, 'enabled']} valuePropName="checked" noStyle>
            <Switch
              size="small"
              aria-label={t('editor.levelEnabledAria', { level: responseLevelLabel(level) })}
              data-testid={`level-enabled-${level}`}
            />
          </Form.Item>
        </Space>
      }
    >
      {!enabled ? (
        <Typography.Text type="secondary">{t('editor.levelOff')}</Typography.Text>
      ) : (
        <>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name={['levels', level, 'match']} label={t('editor.match')}>
                <Radio.Group
                  optionType="button"
                  size="small"
                  options={[
                    { value: 'any', label: t('match.any') },
                    { value: 'all', label: t('match.all') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name={['levels', level, 'activatedBy']}
                label={t('fields.activatedBy')}
                rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
              >
                <Input maxLength={100} placeholder={t('editor.activatedByPlaceholder')} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('editor.triggers')}</Typography.Text>
          <Form.List
            name={['levels', level, 'triggers']}
            rules={[
              {
                validator: (_, rows: unknown[] | undefined) =>
                  rows && rows.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('editor.triggersRequired'))),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <div style={{ marginTop: 8 }}>
                {fields.map((f) => (
                  <TriggerRow
                    key={f.key}
                    form={form}
                    level={level}
                    name={f.name}
                    canRemove={fields.length > 1}
                    onRemove={() => remove(f.name)}
                  />
                ))}
                <Form.Item>
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= 20}
                    onClick={() => add({ field: 'deaths', op: '>=', value: null })}
                    data-testid={`add-trigger-${level}`}
                  >
                    {t('editor.addTrigger')}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </Form.Item>
              </div>
            )}
          </Form.List>
          <Form.Item
            name={['levels', level, 'description']}
            label={t('fields.levelDescription')}
            rules={[{ max: 1000, message: t('common.maxLength', { max: 1000 }) }]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
        </>
      )}
    </Card>
  );
}

function GroupsSection() {
  const { t } = useTranslation(PLANS_NS);
  return (
    <Form.List name="groups">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              type="inner"
              style={{ marginBottom: 12 }}
              title={t('editor.groupN', { n: i + 1 })}
              extra={
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(f.name)}
                  aria-label={t('editor.removeGroup')}
                />
              }
            >
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name={[f.name, 'name']}
                    label={t('fields.groupName')}
                    rules={[
                      { required: true, whitespace: true, message: t('editor.groupNameRequired') },
                      { max: 50, message: t('common.maxLength', { max: 50 }) },
                    ]}
                  >
                    <Input maxLength={50} placeholder={t('editor.groupNamePlaceholder')} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name={[f.name, 'leadOrgId']} label={t('fields.leadOrg')}>
                    <OrgPicker allowClear />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name={[f.name, 'memberOrgIds']} label={t('fields.memberOrgs')}>
                <OrgPicker multiple allowClear />
              </Form.Item>
              <Form.Item
                name={[f.name, 'duties']}
                label={t('fields.duties')}
                rules={[{ max: 1000, message: t('common.maxLength', { max: 1000 }) }]}
                style={{ marginBottom: 0 }}
              >
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
              </Form.Item>
            </Card>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            disabled={fields.length >= 30}
            onClick={() => add({ memberOrgIds: [] })}
            data-testid="add-group"
          >
            {t('editor.addGroup')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function ActionsSection({ form }: { form: FormInstance<PlanFormValues> }) {
  const { t } = useTranslation(PLANS_NS);
  const groups = Form.useWatch<GroupValues[] | undefined>('groups', form);
  const groupOptions = [...new Set((groups ?? []).map((g) => g?.name?.trim()).filter((n): n is string => !!n))].map(
    (n) => ({ value: n }),
  );
  return (
    <Form.List name="actions">
      {(fields, { add, remove }) => (
        <>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={fields}
            scroll={{ x: 900 }}
            data-testid="actions-editor"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.noActions')} /> }}
            className="plans-actions-editor"
            columns={[
              {
                title: t('fields.department'),
                key: 'department',
                width: 220,
                render: (_: unknown, f) => (
                  <>
                    <Form.Item name={[f.name, 'id']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'departmentOrgId']}
                      rules={[{ required: true, message: t('editor.departmentRequired') }]}
                    >
                      <OrgPicker aria-label={t('fields.department')} testId={`action-department-${f.name}`} />
                    </Form.Item>
                  </>
                ),
              },
              {
                title: t('fields.action'),
                key: 'action',
                render: (_: unknown, f) => (
                  <Form.Item
                    name={[f.name, 'action']}
                    rules={[
                      { required: true, whitespace: true, message: t('editor.actionRequired') },
                      { max: 500, message: t('common.maxLength', { max: 500 }) },
                    ]}
                  >
                    <Input.TextArea
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      maxLength={500}
                      aria-label={t('fields.action')}
                      data-testid={`action-text-${f.name}`}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('fields.withinMinutes'),
                key: 'withinMinutes',
                width: 130,
                render: (_: unknown, f) => (
                  <Form.Item
                    name={[f.name, 'withinMinutes']}
                    rules={[{ required: true, message: t('editor.withinRequired') }]}
                  >
                    <InputNumber<number>
                      min={0}
                      max={10_080}
                      precision={0}
                      style={{ width: '100%' }}
                      suffix={t('editor.unitMinutes')}
                      aria-label={t('fields.withinMinutes')}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('fields.actionLevel'),
                key: 'level',
                width: 100,
                render: (_: unknown, f) => (
                  <Form.Item name={[f.name, 'level']} rules={[{ required: true, message: t('editor.levelRequired') }]}>
                    <Select<ResponseLevel>
                      aria-label={t('fields.actionLevel')}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={RESPONSE_LEVELS.map((l) => ({ value: l, label: responseLevelLabel(l) }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('fields.group'),
                key: 'group',
                width: 150,
                render: (_: unknown, f) => (
                  <Form.Item
                    name={[f.name, 'group']}
                    rules={[{ max: 50, message: t('common.maxLength', { max: 50 }) }]}
                  >
                    <AutoComplete options={groupOptions} aria-label={t('fields.group')} maxLength={50} allowClear />
                  </Form.Item>
                ),
              },
              {
                key: 'remove',
                width: 44,
                render: (_: unknown, f) => (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    aria-label={t('editor.removeAction')}
                  />
                ),
              },
            ]}
          />
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            disabled={fields.length >= 500}
            onClick={() => {
              const prev = (form.getFieldValue('actions') as ActionValues[] | undefined)?.at(-1);
              add({ level: prev?.level ?? 'IV', withinMinutes: prev?.withinMinutes ?? 30, group: prev?.group });
            }}
            data-testid="add-action"
          >
            {t('editor.addAction')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
            {t('editor.actionLevelHelp')}
          </Typography.Paragraph>
        </>
      )}
    </Form.List>
  );
}

function AttachmentsSection() {
  const { t } = useTranslation(PLANS_NS);
  return (
    <Form.List name="attachments">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Row gutter={8} key={f.key} align="top" wrap={false}>
              <Col flex="280px">
                <Form.Item
                  name={[f.name, 'name']}
                  rules={[
                    { required: true, whitespace: true, message: t('editor.attachmentNameRequired') },
                    { max: 200, message: t('common.maxLength', { max: 200 }) },
                  ]}
                >
                  <Input maxLength={200} placeholder={t('fields.attachmentName')} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col flex="auto">
                <Form.Item
                  name={[f.name, 'url']}
                  rules={[{ max: 1000, message: t('common.maxLength', { max: 1000 }) }]}
                >
                  <Input maxLength={1000} placeholder={t('fields.attachmentUrl')} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col flex="32px">
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(f.name)}
                  aria-label={t('editor.removeAttachment')}
                />
              </Col>
            </Row>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            disabled={fields.length >= 20}
            onClick={() => add({})}
            data-testid="add-attachment"
          >
            {t('editor.addAttachment')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

// ---- the editor ----

/** Create (plan = null) or edit a plan in a drawer; an edit sends the whole structured content with PUT. */
export function PlanEditor({
  plan,
  onClose,
  onSaved,
}: {
  plan: Plan | null;
  onClose: () => void;
  onSaved: (plan: Plan) => void;
}) {
  const { t } = useTranslation(PLANS_NS);
  const { message, modal } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<PlanFormValues>();
  const save = useSavePlan(plan?.id ?? null);
  const sentRef = useRef<CreatePlanBody | undefined>(undefined);
  const errorRef = useRef<HTMLDivElement>(null);
  const ownOnly = !user.roles.some((r) => r === 'admin' || r === 'commander' || r === 'county');
  const isEnterprise = user.roles.includes('enterprise');
  const categories = Form.useWatch<string[] | undefined>('categories', form);
  const status = Form.useWatch<PlanStatus | undefined>('status', form);

  const [initialValues] = useState(() =>
    toFormValues(plan, {
      orgId: user.orgId,
      divisionCode: user.divisionCode,
      kind: isEnterprise ? 'enterprise_comprehensive' : 'special',
    }),
  );

  // Mark the fields the server named, and bring the problem list into view.
  useEffect(() => {
    if (!save.isError) return;
    const problems = validationProblems(save.error);
    const fields = problems.flatMap((p) => {
      const path = formPathOf(p.path, sentRef.current);
      return path ? [{ name: path, errors: [p.message] }] : [];
    });
    const badOrgs = new Set(invalidDepartments(save.error));
    if (badOrgs.size) {
      (sentRef.current?.actions ?? []).forEach((a, i) => {
        if (badOrgs.has(a.departmentOrgId))
          fields.push({ name: ['actions', i, 'departmentOrgId'], errors: [t('editor.problems.departmentHere')] });
      });
    }
    // The paths come from the server's answer, so they are not typed against the form.
    if (fields.length) (form as FormInstance).setFields(fields);
    errorRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [save.isError, save.error, form, t]);

  const submit = () => form.submit();
  const close = () => {
    if (!form.isFieldsTouched() || save.isPending) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('editor.discardTitle'),
      content: t('editor.discardContent'),
      okText: t('editor.discard'),
      cancelText: t('editor.keepEditing'),
      okButtonProps: { danger: true },
      onOk: onClose,
    });
  };
  const jump = (path: FormPath) => {
    form.scrollToField(path, { block: 'center' });
    form.focusField(path);
  };

  return (
    <Drawer
      open
      title={plan ? t('editor.editTitle', { title: plan.title }) : t('editor.createTitle')}
      size={Math.min(1040, typeof window === 'undefined' ? 1040 : window.innerWidth)}
      onClose={close}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="plan-editor"
      footer={
        <div className="plans-drawer-footer">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('editor.keyboardHint')}
          </Typography.Text>
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={submit} data-testid="plan-save">
              {t('common.save')}
            </Button>
          </Space>
        </div>
      }
    >
      <div ref={errorRef}>
        {save.isError && <ServerProblems error={save.error} body={sentRef.current} onJump={jump} />}
      </div>
      <Form<PlanFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        scrollToFirstError={{ block: 'center' }}
        onKeyDown={onEnterNavigate(submit)}
        data-testid="plan-form"
        onFinish={(values) => {
          const body = toBody(values, plan);
          sentRef.current = body;
          save.mutate(body, {
            onSuccess: (saved) => {
              message.success(plan ? t('common.saved') : t('common.created'));
              onSaved(saved);
            },
          });
        }}
      >
        <Card size="small" title={t('editor.sections.basic')} className="plans-editor-section">
          <Row gutter={12}>
            <Col xs={24} md={16}>
              <Form.Item
                name="title"
                label={t('fields.title')}
                rules={[
                  { required: true, whitespace: true, message: t('editor.titleRequired') },
                  { max: 200, message: t('common.maxLength', { max: 200 }) },
                ]}
              >
                <Input
                  autoFocus
                  maxLength={200}
                  autoComplete="off"
                  placeholder={t('editor.titlePlaceholder')}
                  data-testid="plan-title"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t('fields.kind')} rules={[{ required: true }]}>
                <Select<PlanKind>
                  data-testid="plan-kind"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={PLAN_KINDS.map((k) => ({ value: k, label: planKindLabel(k) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="ownerOrgId"
                label={t('fields.ownerOrg')}
                rules={[{ required: true, message: t('editor.ownerRequired') }]}
                extra={ownOnly ? t('editor.ownOrgOnly') : undefined}
              >
                <OrgPicker
                  disabled={ownOnly}
                  preferKinds={['government', 'department']}
                  testId="plan-owner"
                  onOrg={(org) => {
                    if (org) form.setFieldValue('divisionCode', org.divisionCode);
                  }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="divisionCode"
                label={t('fields.division')}
                rules={[{ required: true, message: t('editor.divisionRequired') }]}
              >
                <DivisionPicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={12} md={6}>
              <Form.Item name="status" label={t('fields.status')} rules={[{ required: true }]}>
                <Select<PlanStatus>
                  data-testid="plan-status"
                  options={PLAN_STATUSES.map((s) => ({ value: s, label: planStatusLabel(s) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="version"
                label={t('fields.version')}
                rules={[{ max: 40, message: t('common.maxLength', { max: 40 }) }]}
              >
                <Input maxLength={40} placeholder={t('editor.versionPlaceholder')} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="publishedAt"
                label={t('fields.publishedAt')}
                rules={[
                  {
                    required: status === 'published',
                    message: t('editor.publishedAtRequired'),
                  },
                ]}
              >
                <DatePicker
                  style={{ width: '100%' }}
                  format="YYYY-MM-DD"
                  allowClear={!plan?.publishedAt}
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                  data-testid="plan-published-at"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lastEvaluatedAt" label={t('fields.lastEvaluatedAt')}>
                <DatePicker
                  style={{ width: '100%' }}
                  format="YYYY-MM-DD"
                  allowClear={!plan?.lastEvaluatedAt}
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="parentPlanId" label={t('fields.parentPlan')} extra={t('editor.parentHelp')}>
            <PlanPicker excludeId={plan?.id} testId="plan-parent" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={12} md={6}>
              <Form.Item name="filedAt" label={t('fields.filedAt')}>
                <DatePicker
                  style={{ width: '100%' }}
                  format="YYYY-MM-DD"
                  allowClear={!plan?.filedAt}
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={9}>
              <Form.Item
                name="filingNumber"
                label={t('fields.filingNumber')}
                rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
              >
                <Input maxLength={100} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={9}>
              <Form.Item
                name="filingOrg"
                label={t('fields.filingOrg')}
                rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
              >
                <Input maxLength={100} autoComplete="off" placeholder={t('editor.filingOrgPlaceholder')} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -8 }}>
            {plan?.filingDueBy && !plan.filedAt
              ? t('editor.filingDue', { date: plan.filingDueBy.slice(0, 10) })
              : t('filing.rule')}
          </Typography.Paragraph>
          <Form.Item
            name="summary"
            label={t('fields.summary')}
            rules={[{ max: 4000, message: t('common.maxLength', { max: 4000 }) }]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} showCount />
          </Form.Item>
        </Card>

        <Card size="small" title={t('editor.sections.scope')} className="plans-editor-section">
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <Form.Item name="categories" label={t('fields.categories')} extra={t('editor.categoriesHelp')}>
                <Select<IncidentCategory[]>
                  mode="multiple"
                  optionFilterProp="label"
                  allowClear
                  data-testid="plan-categories"
                  options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: incidentValueLabel(c) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item
                name="types"
                label={t('fields.types')}
                normalize={normalizeTypes}
                extra={t('editor.typesHelp')}
                rules={[
                  {
                    validator: (_, v: string[] | undefined) =>
                      (v ?? []).length <= 40 && (v ?? []).every((s) => s.trim().length <= 40)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('editor.typesInvalid'))),
                  },
                ]}
              >
                <Select<string[]>
                  mode="tags"
                  allowClear
                  data-testid="plan-types"
                  tokenSeparators={[',', '，', '、']}
                  options={typeOptions(categories, (k) => t(`editor.typeGroups.${k}`))}
                  optionFilterProp="label"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          title={t('editor.sections.levels')}
          className="plans-editor-section"
          extra={<Typography.Text type="secondary">{t('editor.levelsHelp')}</Typography.Text>}
        >
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {RESPONSE_LEVELS.map((lvl) => (
              <LevelCard key={lvl} form={form} level={lvl} />
            ))}
          </Space>
        </Card>

        <Card size="small" title={t('editor.sections.command')} className="plans-editor-section">
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="headquarters"
                label={t('fields.headquarters')}
                rules={[{ max: 200, message: t('common.maxLength', { max: 200 }) }]}
              >
                <Input maxLength={200} autoComplete="off" placeholder={t('editor.headquartersPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="commander"
                label={t('fields.commander')}
                rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
              >
                <Input maxLength={100} autoComplete="off" placeholder={t('editor.commanderPlaceholder')} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('editor.groups')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <GroupsSection />
          </div>
        </Card>

        <Card size="small" title={t('editor.sections.actions')} className="plans-editor-section">
          <ActionsSection form={form} />
        </Card>

        <Card size="small" title={t('editor.sections.attachments')} className="plans-editor-section">
          <AttachmentsSection />
        </Card>
        <HiddenSubmit />
      </Form>
    </Drawer>
  );
}
