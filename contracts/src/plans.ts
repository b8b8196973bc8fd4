import { z } from 'zod';
import { divisionCode, pagination, text, uuid } from './schemas.js';
import { INCIDENT_CATEGORIES, INCIDENT_GRADES } from './incidents.js';

// ---- plans (预案) ----

/** 总体 / 专项 / 部门 (government); 综合 / 专项 / 现场处置方案 (enterprise). */
export const PLAN_KINDS = [
  'overall',
  'special',
  'department',
  'enterprise_comprehensive',
  'enterprise_special',
  'onsite',
] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['draft', 'published', 'superseded'] as const;
/** Ⅰ is the highest response level, Ⅳ the lowest. */
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

/** Incident fields a trigger condition may test. */
export const TRIGGER_NUMERIC_FIELDS = [
  'deaths',
  'missing',
  'deathsAndMissing',
  'seriousInjuries',
  'injuries',
  'evacuated',
  'directLossYuan',
] as const;
export const TRIGGER_FIELDS = [...TRIGGER_NUMERIC_FIELDS, 'grade', 'category', 'type'] as const;
export type TriggerField = (typeof TRIGGER_FIELDS)[number];
export const TRIGGER_OPS = ['>=', '>', '=', 'in'] as const;

/**
 * One condition of a response level, evaluated against an incident:
 * `deaths >= 3`, `grade in [larger, major]`, `type = hazchem`, `evacuated >= 1000`.
 * Numeric fields take a number; grade compares by severity with >= and >.
 */
export const trigger = z
  .object({
    field: z.enum(TRIGGER_FIELDS),
    op: z.enum(TRIGGER_OPS),
    value: z.union([
      z.number().min(0).max(1e13),
      z.string().trim().min(1).max(40),
      z.array(z.string().trim().min(1).max(40)).min(1).max(20),
    ]),
  })
  .superRefine((t, ctx) => {
    const numeric = (TRIGGER_NUMERIC_FIELDS as readonly string[]).includes(t.field);
    if (t.op === 'in' && !Array.isArray(t.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'op "in" needs a list of values' });
    if (t.op !== 'in' && Array.isArray(t.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `op "${t.op}" needs a single value` });
    if (numeric && t.op !== 'in' && typeof t.value !== 'number')
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${t.field} is compared with a number` });
    if (!numeric && typeof t.value === 'number')
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${t.field} is compared with text` });
    if ((t.field === 'category' || t.field === 'type') && (t.op === '>=' || t.op === '>'))
      ctx.addIssue({ code: 'custom', path: ['op'], message: `${t.field} takes "=" or "in"` });
    if (t.field === 'grade') {
      const values = Array.isArray(t.value) ? t.value : [t.value];
      for (const v of values)
        if (!(INCIDENT_GRADES as readonly string[]).includes(String(v)))
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `grade must be one of ${INCIDENT_GRADES.join(', ')}`,
          });
    }
  });
export type Trigger = z.infer<typeof trigger>;

export const planLevel = z.object({
  level: z.enum(RESPONSE_LEVELS),
  /** any: the level holds when one trigger holds (符合下列条件之一); all: when every trigger holds. */
  match: z.enum(['any', 'all']).default('any'),
  triggers: z.array(trigger).min(1).max(20),
  /** Who starts the response at this level (启动响应层级), e.g. 市应急指挥部总指挥. */
  activatedBy: z.string().trim().max(100).optional(),
  description: z.string().trim().max(1000).optional(),
});
export type PlanLevel = z.infer<typeof planLevel>;

/**
 * What a member department must do, within how many minutes of activation.
 * An action of level Ⅳ applies at every level; one of level Ⅱ applies at Ⅱ and Ⅰ.
 * `id` is kept stable across edits so a raised level never duplicates a task; the server assigns one when missing.
 */
export const planAction = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[\w-]{1,40}$/)
    .optional(),
  departmentOrgId: uuid,
  action: text(500),
  withinMinutes: z.number().int().min(0).max(10_080),
  level: z.enum(RESPONSE_LEVELS),
  group: z.string().trim().max(50).optional(),
});
export type PlanAction = z.infer<typeof planAction>;

export const commandStructure = z.object({
  /** 指挥部 */
  headquarters: z.string().trim().max(200).optional(),
  commander: z.string().trim().max(100).optional(),
  /** 工作组 */
  groups: z
    .array(
      z.object({
        name: text(50),
        leadOrgId: uuid.optional(),
        memberOrgIds: z.array(uuid).max(50).default([]),
        duties: z.string().trim().max(1000).optional(),
      }),
    )
    .max(30)
    .default([]),
});

export const planScope = z.object({
  categories: z.array(z.enum(INCIDENT_CATEGORIES)).max(4).default([]),
  /** Incident types (e.g. hazchem, flood); empty: every type of the categories. */
  types: z.array(z.string().trim().min(1).max(40)).max(40).default([]),
});

const isoDate = z.iso.date();

export const attachment = z.object({ name: text(200), url: z.string().trim().max(1000).optional() });

/** The fields of a plan, without defaults (an update sends only what changes). */
const planFields = {
  kind: z.enum(PLAN_KINDS),
  title: text(200),
  ownerOrgId: uuid,
  divisionCode,
  version: z.string().trim().max(40).optional(),
  publishedAt: isoDate.optional(),
  status: z.enum(PLAN_STATUSES),
  parentPlanId: uuid.nullish(),
  filedAt: isoDate.optional(),
  filingNumber: z.string().trim().max(100).optional(),
  filingOrg: z.string().trim().max(100).optional(),
  lastEvaluatedAt: isoDate.optional(),
  scope: planScope,
  levels: z.array(planLevel).max(4),
  command: commandStructure,
  actions: z.array(planAction).max(500),
  attachments: z.array(attachment).max(20),
  summary: z.string().trim().max(4000).optional(),
};
const planDefaults = {
  status: planFields.status.default('draft'),
  scope: planScope.default({ categories: [], types: [] }),
  levels: planFields.levels.default([]),
  command: commandStructure.default({ groups: [] }),
  actions: planFields.actions.default([]),
  attachments: planFields.attachments.default([]),
};

const levelsUnique = (levels: { level: string }[] | undefined) =>
  !levels || new Set(levels.map((l) => l.level)).size === levels.length;

export const createPlanBody = z
  .object({ ...planFields, ...planDefaults })
  .refine((p) => levelsUnique(p.levels), { path: ['levels'], message: 'each response level appears once' })
  .refine((p) => p.status !== 'published' || !!p.publishedAt, {
    path: ['publishedAt'],
    message: 'a published plan needs its publication date',
  });
export const updatePlanBody = z
  .object(planFields)
  .partial()
  .strict()
  .refine((p) => levelsUnique(p.levels), { path: ['levels'], message: 'each response level appears once' });

export const plan = z.object({
  id: uuid,
  kind: z.enum(PLAN_KINDS),
  title: z.string(),
  ownerOrgId: uuid,
  ownerOrgName: z.string().nullable(),
  divisionCode: z.string(),
  version: z.string().nullable(),
  publishedAt: z.string().nullable(),
  status: z.enum(PLAN_STATUSES),
  parentPlanId: uuid.nullable(),
  filedAt: z.string().nullable(),
  filingNumber: z.string().nullable(),
  filingOrg: z.string().nullable(),
  /** 备案 due: 20 working days after publication (应急管理部令第2号 art. 26). */
  filingDueBy: z.string().nullable(),
  lastEvaluatedAt: z.string().nullable(),
  scope: planScope,
  levels: z.array(planLevel),
  command: commandStructure,
  actions: z.array(planAction.extend({ id: z.string() })),
  attachments: z.array(attachment),
  summary: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Plan = z.infer<typeof plan>;

export const planQuery = pagination.extend({
  ownerOrgId: uuid.optional(),
  kind: z.enum(PLAN_KINDS).optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  divisionCode: divisionCode.optional(),
  q: z.string().trim().max(100).optional(),
});

export const planMatch = z.object({
  planId: uuid,
  title: z.string(),
  kind: z.enum(PLAN_KINDS),
  ownerOrgName: z.string().nullable(),
  divisionCode: z.string(),
  /** The highest level whose triggers hold; null when the plan's scope fits but no level's triggers hold. */
  level: z.enum(RESPONSE_LEVELS).nullable(),
  matched: z.array(trigger),
  /** Tasks activation at `level` would create. */
  taskCount: z.number().int(),
});
export const planMatchQuery = z.object({ incidentId: uuid });

export const PLAN_REVIEW_STATUSES = ['ok', 'due_soon', 'overdue'] as const;
export const planReview = z.object({
  planId: uuid,
  title: z.string(),
  kind: z.enum(PLAN_KINDS),
  ownerOrgId: uuid,
  ownerOrgName: z.string().nullable(),
  /** Why the plan is under a 3-year evaluation cycle. */
  basis: z.enum(['high_risk_enterprise', 'government']),
  lastEvaluatedAt: z.string().nullable(),
  dueBy: z.string(),
  status: z.enum(PLAN_REVIEW_STATUSES),
});
export const planReviewQuery = pagination.extend({
  asOf: isoDate.optional(),
  status: z.enum(PLAN_REVIEW_STATUSES).optional(),
});
export const planEvaluationBody = z.object({
  date: isoDate,
  conclusion: text(2000),
  /** True when the evaluation concluded the plan must be revised (art. 36). */
  needsRevision: z.boolean().default(false),
});

// ---- responses and command tasks ----

export const RESPONSE_STATUSES = ['active', 'ended'] as const;
export const TASK_STATUSES = ['pending', 'acknowledged', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const activateResponseBody = z.object({
  planId: uuid,
  level: z.enum(RESPONSE_LEVELS),
  note: z.string().trim().max(500).optional(),
});
export const changeLevelBody = z.object({
  level: z.enum(RESPONSE_LEVELS),
  note: z.string().trim().max(500).optional(),
});
export const endResponseBody = z.object({ note: z.string().trim().max(2000).optional() });

export const task = z.object({
  id: uuid,
  responseId: uuid,
  incidentId: uuid,
  incidentTitle: z.string().nullable(),
  actionId: z.string(),
  departmentOrgId: uuid,
  departmentName: z.string().nullable(),
  action: z.string(),
  level: z.enum(RESPONSE_LEVELS),
  group: z.string().nullable(),
  dueAt: z.string(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  lastReport: z.string().nullable(),
  updatedAt: z.string(),
});
export type Task = z.infer<typeof task>;

export const updateTaskBody = z
  .object({
    status: z.enum(['acknowledged', 'in_progress', 'done']).optional(),
    report: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((b) => b.status !== undefined || b.report !== undefined, { message: 'give a status or a report' });

export const taskQuery = pagination.extend({
  /** Default for department users: their own organisation's tasks. */
  departmentOrgId: uuid.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional(),
  responseId: uuid.optional(),
});

export const commandLogEntry = z.object({
  id: uuid,
  at: z.string(),
  kind: z.string(),
  text: z.string(),
  actorName: z.string().nullable(),
});
export const commandLogBody = z.object({ text: text(2000) });

export const responseSummary = z.object({
  durationMinutes: z.number().int(),
  tasks: z.number().int(),
  done: z.number().int(),
  doneOnTime: z.number().int(),
  cancelled: z.number().int(),
  /** Per department: tasks given (cancelled included), done, done after the due time, cancelled. */
  byDepartment: z.array(
    z.object({
      departmentOrgId: uuid,
      departmentName: z.string().nullable(),
      tasks: z.number().int(),
      done: z.number().int(),
      late: z.number().int(),
      cancelled: z.number().int(),
    }),
  ),
  levels: z.array(z.object({ level: z.enum(RESPONSE_LEVELS), at: z.string() })),
});

export const response = z.object({
  id: uuid,
  incidentId: uuid,
  incidentTitle: z.string().nullable(),
  planId: uuid,
  planTitle: z.string().nullable(),
  level: z.enum(RESPONSE_LEVELS),
  status: z.enum(RESPONSE_STATUSES),
  divisionCode: z.string(),
  activatedAt: z.string(),
  activatedByName: z.string().nullable(),
  endedAt: z.string().nullable(),
  summary: responseSummary.nullable(),
  taskCounts: z.object({
    open: z.number().int(),
    done: z.number().int(),
    overdue: z.number().int(),
    cancelled: z.number().int(),
  }),
});
export type Response = z.infer<typeof response>;

export const responseBoard = response.extend({
  tasks: z.array(task),
  log: z.array(commandLogEntry),
  incident: z.object({
    id: uuid,
    number: z.string(),
    title: z.string(),
    category: z.string(),
    type: z.string(),
    grade: z.string().nullable(),
    occurredAt: z.string(),
    address: z.string().nullable(),
    location: z.object({ lon: z.number(), lat: z.number() }),
    deaths: z.number().int(),
    missing: z.number().int(),
    seriousInjuries: z.number().int(),
    evacuated: z.number().int(),
  }),
});

export const responseQuery = pagination.extend({
  status: z.enum(RESPONSE_STATUSES).optional(),
  incidentId: uuid.optional(),
});

// ---- drills (演练) ----

export const DRILL_KINDS = ['tabletop', 'functional', 'full_scale'] as const;
export const followUp = z.object({
  action: text(500),
  owner: text(100),
  dueDate: isoDate,
  done: z.boolean().default(false),
});
export const createDrillBody = z.object({
  orgId: uuid,
  planIds: z.array(uuid).min(1).max(20),
  date: isoDate,
  kind: z.enum(DRILL_KINDS),
  doubleBlind: z.boolean().default(false),
  title: z.string().trim().max(200).optional(),
  participants: z.number().int().min(0).max(1_000_000).optional(),
  evaluation: z.string().trim().max(4000).optional(),
  /** 1–100, from the evaluation. */
  score: z.number().int().min(0).max(100).optional(),
  problems: z.array(text(500)).max(50).default([]),
  followUps: z.array(followUp).max(50).default([]),
  scheduleId: uuid.optional(),
});
export const updateDrillBody = z
  .object({
    participants: z.number().int().min(0).max(1_000_000),
    evaluation: z.string().trim().max(4000),
    score: z.number().int().min(0).max(100),
    problems: z.array(text(500)).max(50),
    followUps: z.array(followUp).max(50),
  })
  .partial()
  .strict();
export const drill = z.object({
  id: uuid,
  orgId: uuid,
  orgName: z.string().nullable(),
  divisionCode: z.string(),
  planIds: z.array(uuid),
  planTitles: z.array(z.string()),
  date: z.string(),
  kind: z.enum(DRILL_KINDS),
  doubleBlind: z.boolean(),
  title: z.string().nullable(),
  participants: z.number().int().nullable(),
  evaluation: z.string().nullable(),
  score: z.number().int().nullable(),
  problems: z.array(z.string()),
  followUps: z.array(followUp),
  scheduleId: uuid.nullable(),
  createdAt: z.string(),
});
export type Drill = z.infer<typeof drill>;
export const drillQuery = pagination.extend({
  orgId: uuid.optional(),
  planId: uuid.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(DRILL_KINDS).optional(),
});

/** The year's drill plan of an organisation (年度应急演练计划), one row per planned drill. */
export const createScheduleBody = z.object({
  orgId: uuid,
  plannedDate: isoDate,
  planIds: z.array(uuid).min(1).max(20),
  kind: z.enum(DRILL_KINDS),
  title: text(200),
});
export const schedule = z.object({
  id: uuid,
  orgId: uuid,
  orgName: z.string().nullable(),
  plannedDate: z.string(),
  planIds: z.array(uuid),
  kind: z.enum(DRILL_KINDS),
  title: z.string(),
  /** The drill recorded against this entry, if any. */
  drillId: uuid.nullable(),
  status: z.enum(['planned', 'done', 'missed']),
});
export const scheduleQuery = pagination.extend({
  orgId: uuid.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const DRILL_REQUIREMENTS = [
  'annual_any',
  'halfyear_comprehensive_or_special',
  'annual_comprehensive_or_special',
  'special_plan',
  'onsite_plan',
] as const;
export type DrillRequirement = (typeof DRILL_REQUIREMENTS)[number];
export const COMPLIANCE_STATUSES = ['ok', 'due_soon', 'overdue'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const complianceItem = z.object({
  requirement: z.enum(DRILL_REQUIREMENTS),
  planId: uuid.optional(),
  planTitle: z.string().optional(),
  lastDrillAt: z.string().nullable(),
  dueBy: z.string(),
  status: z.enum(COMPLIANCE_STATUSES),
});
export const complianceQuery = z.object({ orgId: uuid, asOf: isoDate.optional() });
export const complianceResult = z.object({
  orgId: uuid,
  orgName: z.string(),
  ruleSet: z.enum(['government', 'high_risk', 'other']),
  asOf: z.string(),
  items: z.array(complianceItem),
});
export const complianceOrgsQuery = pagination.extend({
  asOf: isoDate.optional(),
  divisionCode: divisionCode.optional(),
  q: z.string().trim().max(100).optional(),
  onlyOverdue: z.enum(['true', 'false']).optional(),
});
export const complianceOrg = z.object({
  orgId: uuid,
  orgName: z.string(),
  kind: z.string(),
  divisionCode: z.string(),
  highRisk: z.boolean(),
  ruleSet: z.enum(['government', 'high_risk', 'other']),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  ok: z.number().int(),
  nextDueBy: z.string().nullable(),
});
