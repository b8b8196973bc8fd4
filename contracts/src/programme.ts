import { z } from 'zod';
import { divisionCode, pagination, text, uuid } from './schemas.js';

// ---- plan implementation (规划实施) ----

export const PROGRAMME_STATUSES = ['draft', 'active', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
/** How often units report progress (按月 / 按季度), set per programme. */
export const REPORTING_CYCLES = ['monthly', 'quarterly'] as const;
export type ReportingCycle = (typeof REPORTING_CYCLES)[number];
/** 预期性 / 约束性. */
export const INDICATOR_KINDS = ['expected', 'binding'] as const;
/**
 * decrease / increase: the target is a value to reach (absolute, or relative to the baseline: "下降33%");
 * upper_bound / lower_bound: the value must stay below ("<0.04") or above ("达到80%") the target.
 */
export const INDICATOR_DIRECTIONS = ['decrease', 'increase', 'upper_bound', 'lower_bound'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];
/** core: 核心指标; sub: a figure named in the 分项目标. */
export const INDICATOR_CATEGORIES = ['core', 'sub'] as const;
export const INDICATOR_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];
/** task: 重点任务; project: 重点工程; campaign: 专项整治 area. */
export const PROGRAMME_ITEM_KINDS = ['task', 'project', 'campaign'] as const;
export type ProgrammeItemKind = (typeof PROGRAMME_ITEM_KINDS)[number];
/** late: the deadline has passed and the item is not complete. */
export const PROGRAMME_TASK_STATUSES = ['not_started', 'in_progress', 'completed', 'late'] as const;
export type ProgrammeTaskStatus = (typeof PROGRAMME_TASK_STATUSES)[number];
export const EVALUATION_KINDS = ['annual', 'midterm', 'final'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
export const VALUE_SOURCES = ['computed', 'manual'] as const;

/**
 * Statistics the platform computes from its own records, per year and division (and below).
 * A manual entry for the same statistic, year and division takes precedence (the official figure).
 * Those marked `null` in the catalogue are registered but not yet offered by their module.
 */
export const PLATFORM_STATISTICS = [
  'production_safety_deaths',
  'natural_disaster_deaths',
  'coal_mine_deaths',
  'accident_count',
  'natural_disaster_loss_100m_yuan',
  'equipment_compliance_rate',
  'shelter_area_per_resident',
  'population',
  'drill_count',
  'fire_coverage_5min',
  'warning_coverage',
  'hazard_rectification_rate',
] as const;
export type PlatformStatistic = (typeof PLATFORM_STATISTICS)[number];

/** A statistic name: lower-case letters, digits and underscores (gdp_100m_yuan, coal_output_mt). */
export const statisticName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,59}$/, { message: 'a statistic name is lower-case letters, digits and _ (2–60)' });

/** value = numerator ÷ denominator × multiplier (e.g. natural_disaster_deaths ÷ population × 1,000,000). */
export const indicatorFormula = z.object({
  numerator: statisticName,
  denominator: statisticName.optional(),
  multiplier: z.number().positive().max(1e9).default(1),
});
export type IndicatorFormula = z.infer<typeof indicatorFormula>;

const year = z.number().int().min(2000).max(2100);
const isoDate = z.iso.date();
const unitNames = z.array(text(100)).max(60);

/** A unit as the document names it; orgId when it is (or maps to) an organisation of the platform. */
export const programmeUnit = z.object({ id: uuid, name: z.string(), orgId: uuid.nullable() });
export type ProgrammeUnit = z.infer<typeof programmeUnit>;

export const indicatorInput = z
  .object({
    /** 序号 in the document, e.g. "1". */
    code: z.string().trim().max(20).optional(),
    category: z.enum(INDICATOR_CATEGORIES).default('core'),
    name: text(200),
    /** 计量单位: 人, 人/亿元, %, ‰ … */
    unit: z.string().trim().max(40).default(''),
    kind: z.enum(INDICATOR_KINDS).default('expected'),
    direction: z.enum(INDICATOR_DIRECTIONS),
    baselineValue: z.number().min(-1e15).max(1e15).nullable().default(null),
    baselineYear: year,
    targetYear: year,
    /** Absolute target or bound. */
    targetValue: z.number().min(-1e15).max(1e15).nullable().default(null),
    /** Relative target in percent of the baseline: 33 with direction decrease = 下降33%. */
    targetRelativePercent: z.number().min(0).max(1000).nullable().default(null),
    /** For bounds: true when the bound itself satisfies the target (以上/以下含本数, "达到", "≤"). */
    boundInclusive: z.boolean().default(false),
    /** The target as the document writes it: "下降15%", "<0.04". */
    targetText: z.string().trim().max(100).default(''),
    formula: indicatorFormula,
    leadUnits: unitNames.default([]),
    responsibleUnits: unitNames.default([]),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((i, ctx) => {
    const bound = i.direction === 'upper_bound' || i.direction === 'lower_bound';
    if (i.targetValue === null && i.targetRelativePercent === null)
      ctx.addIssue({ code: 'custom', path: ['targetValue'], message: 'give targetValue or targetRelativePercent' });
    if (i.targetValue !== null && i.targetRelativePercent !== null)
      ctx.addIssue({ code: 'custom', path: ['targetRelativePercent'], message: 'give only one kind of target' });
    if (bound && i.targetValue === null)
      ctx.addIssue({ code: 'custom', path: ['targetValue'], message: 'a bound needs targetValue' });
    if (i.targetRelativePercent !== null && i.baselineValue === null)
      ctx.addIssue({ code: 'custom', path: ['baselineValue'], message: 'a relative target needs the baseline value' });
    if (i.targetYear <= i.baselineYear)
      ctx.addIssue({ code: 'custom', path: ['targetYear'], message: 'targetYear must be after baselineYear' });
  });
export type IndicatorInput = z.input<typeof indicatorInput>;

/** 分项目标: the document's sub-targets, kept as text with their units (measurable figures are indicators). */
export const objective = z.object({
  number: z.string().trim().max(20),
  title: text(300),
  text: z.string().trim().max(5000).default(''),
  leadUnits: z.array(text(100)).max(60).default([]),
  responsibleUnits: z.array(text(100)).max(60).default([]),
});

export const milestone = z.object({ title: text(200), due: isoDate.optional(), done: z.boolean().default(false) });

export const taskInput = z.object({
  kind: z.enum(PROGRAMME_ITEM_KINDS).default('task'),
  /** As numbered in the document: "(22)", "2.(3)". Unique per kind within a programme. */
  number: text(20),
  /** The document's section (category): "1.深化应急管理体制机制改革". */
  section: z.string().trim().max(200).default(''),
  title: text(300),
  text: z.string().trim().max(5000).default(''),
  year: year.nullable().default(null),
  /** Defaults to 31 December of `year`, or of the programme's last year when neither is given. */
  deadline: isoDate.nullable().default(null),
  leadUnits: unitNames.min(1),
  responsibleUnits: unitNames.default([]),
  milestones: z.array(milestone).max(50).default([]),
});
export type TaskInput = z.input<typeof taskInput>;

/** The whole programme as one JSON document: POST /api/v1/programmes takes it, export.json returns it. */
export const programmeDocument = z
  .object({
    title: text(300),
    /** 发文机关 */
    issuer: text(100),
    /** 发文字号, e.g. 阳政办函〔2023〕36号 */
    documentNumber: z.string().trim().max(100).nullable().default(null),
    issuedOn: isoDate.nullable().default(null),
    divisionCode,
    periodStart: year,
    periodEnd: year,
    baselineYear: year,
    status: z.enum(PROGRAMME_STATUSES).default('active'),
    reportingCycle: z.enum(REPORTING_CYCLES).default('quarterly'),
    /** A period's report is due this many days after the period ends. */
    reportDueDays: z.number().int().min(0).max(60).default(10),
    /** Units are reminded this many days before the due date. */
    reminderDaysBefore: z.number().int().min(0).max(30).default(5),
    summary: z.string().trim().max(5000).default(''),
    /**
     * Optional mapping of the names the document uses to organisations: orgId, or orgName when the document
     * spells the organisation differently (市交通局 → 市交通运输局). Other names are matched by exact name
     * among the organisations of the programme's division and below; unmatched names stay named units.
     */
    units: z
      .array(
        z.object({
          name: text(100),
          orgId: uuid.nullable().optional(),
          orgName: z.string().trim().max(100).optional(),
        }),
      )
      .max(300)
      .default([]),
    objectives: z.array(objective).max(50).default([]),
    indicators: z.array(indicatorInput).max(100).default([]),
    tasks: z.array(taskInput).max(500).default([]),
  })
  .superRefine((p, ctx) => {
    if (p.periodEnd < p.periodStart)
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'periodEnd is before periodStart' });
    const seen = new Set<string>();
    p.tasks.forEach((t, i) => {
      const key = `${t.kind ?? 'task'}:${t.number}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['tasks', i, 'number'], message: `number ${t.number} is used twice` });
      seen.add(key);
    });
  });
export type ProgrammeDocument = z.infer<typeof programmeDocument>;

export const programmeCounts = z.object({
  indicators: z.number().int(),
  tasks: z.number().int(),
  projects: z.number().int(),
  campaigns: z.number().int(),
  completed: z.number().int(),
  late: z.number().int(),
  reports: z.number().int(),
  units: z.number().int(),
});

export const programme = z.object({
  id: uuid,
  title: z.string(),
  issuer: z.string(),
  documentNumber: z.string().nullable(),
  issuedOn: z.string().nullable(),
  divisionCode: z.string(),
  periodStart: z.number().int(),
  periodEnd: z.number().int(),
  baselineYear: z.number().int(),
  status: z.enum(PROGRAMME_STATUSES),
  reportingCycle: z.enum(REPORTING_CYCLES),
  reportDueDays: z.number().int(),
  reminderDaysBefore: z.number().int(),
  summary: z.string(),
  objectives: z.array(
    z.object({
      number: z.string(),
      title: z.string(),
      text: z.string(),
      leadUnits: z.array(z.string()),
      responsibleUnits: z.array(z.string()),
    }),
  ),
  counts: programmeCounts,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Programme = z.infer<typeof programme>;

export const programmeQuery = pagination.extend({
  status: z.enum(PROGRAMME_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
});

export const updateProgrammeBody = z
  .object({
    title: text(300),
    status: z.enum(PROGRAMME_STATUSES),
    reportingCycle: z.enum(REPORTING_CYCLES),
    reportDueDays: z.number().int().min(0).max(60),
    reminderDaysBefore: z.number().int().min(0).max(30),
    summary: z.string().trim().max(5000),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

// ---- indicators ----

export const indicatorInputValue = z.object({
  statistic: z.string(),
  value: z.number().nullable(),
  source: z.enum(VALUE_SOURCES).nullable(),
  /** For a manual entry: where the figure comes from (统计公报 …). */
  entrySource: z.string().nullable(),
});

export const indicator = z.object({
  id: uuid,
  code: z.string().nullable(),
  category: z.enum(INDICATOR_CATEGORIES),
  name: z.string(),
  unit: z.string(),
  kind: z.enum(INDICATOR_KINDS),
  direction: z.enum(INDICATOR_DIRECTIONS),
  targetText: z.string(),
  formula: indicatorFormula,
  baselineYear: z.number().int(),
  targetYear: z.number().int(),
  baseline: z.number().nullable(),
  /** The absolute target (a relative one resolved against the baseline) or the bound. */
  target: z.number().nullable(),
  boundInclusive: z.boolean(),
  year: z.number().int(),
  /** Where the value should be this year on the straight line from baseline to target. */
  expected: z.number().nullable(),
  value: z.number().nullable(),
  /** computed: at least one input came from the platform's own records; manual: all entered. null: no value. */
  valueSource: z.enum(VALUE_SOURCES).nullable(),
  status: z.enum(INDICATOR_STATUSES),
  inputs: z.array(indicatorInputValue),
  leadUnits: z.array(programmeUnit),
  responsibleUnits: z.array(programmeUnit),
});
export type Indicator = z.infer<typeof indicator>;

/** year defaults to the current year, or the programme's last year once the period is over. */
export const indicatorQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

// ---- statistics (manual entries) ----

export const statisticEntryBody = z.object({
  statistic: statisticName,
  year,
  divisionCode,
  value: z.number().min(-1e15).max(1e15),
  /** 来源: 统计公报, 年鉴, 部门报送 … */
  source: text(200),
  note: z.string().trim().max(1000).optional(),
});

export const statisticEntry = z.object({
  id: uuid,
  statistic: z.string(),
  year: z.number().int(),
  divisionCode: z.string(),
  value: z.number(),
  source: z.string(),
  note: z.string().nullable(),
  enteredBy: z.object({ id: uuid.nullable(), name: z.string().nullable() }),
  enteredAt: z.string(),
});
export type StatisticEntry = z.infer<typeof statisticEntry>;

export const statisticQuery = pagination.extend({
  statistic: statisticName.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  divisionCode: divisionCode.optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});

export const statisticCatalogueItem = z.object({
  name: z.string(),
  label: z.string(),
  unit: z.string(),
  /** How the platform computes it, or why it is not available yet. */
  method: z.string(),
  available: z.boolean(),
});

// ---- tasks, projects, campaigns ----

export const programmeTask = z.object({
  id: uuid,
  programmeId: uuid,
  kind: z.enum(PROGRAMME_ITEM_KINDS),
  number: z.string(),
  section: z.string(),
  title: z.string(),
  text: z.string(),
  year: z.number().int().nullable(),
  deadline: z.string().nullable(),
  leadUnits: z.array(programmeUnit),
  responsibleUnits: z.array(programmeUnit),
  milestones: z.array(z.object({ title: z.string(), due: z.string().optional(), done: z.boolean() })),
  status: z.enum(PROGRAMME_TASK_STATUSES),
  /** The latest % complete reported by a lead unit (else by any unit); 0 before any report. */
  percentComplete: z.number(),
  overdue: z.boolean(),
  lastReportAt: z.string().nullable(),
  /** Units (with an account) that have not reported on it for the current reporting period. */
  reportsDue: z.array(programmeUnit),
});
export type ProgrammeTask = z.infer<typeof programmeTask>;

const boolParam = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const programmeTaskQuery = pagination.extend({
  kind: z.enum(PROGRAMME_ITEM_KINDS).default('task'),
  /** A programme unit id or an organisation id: items where it is lead or responsible. */
  unitId: uuid.optional(),
  /** lead: only items the unit leads; any (default): lead or responsible. */
  role: z.enum(['lead', 'any']).default('any'),
  status: z.enum(PROGRAMME_TASK_STATUSES).optional(),
  overdue: boolParam,
  section: z.string().trim().max(200).optional(),
  q: z.string().trim().max(100).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});

export const evidence = z.object({ name: text(200), url: z.string().trim().max(1000).optional() });

export const progressBody = z.object({
  /** "2026-Q3" (quarterly) or "2026-09" (monthly); defaults to the current reporting period. */
  period: z
    .string()
    .trim()
    .regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, { message: 'period is YYYY-Qn or YYYY-MM' })
    .optional(),
  text: text(5000),
  percentComplete: z.number().int().min(0).max(100),
  /** Evidence as names and links (files are kept where the unit keeps them). */
  evidence: z.array(evidence).max(20).default([]),
  problems: z.string().trim().max(2000).default(''),
  nextSteps: z.string().trim().max(2000).default(''),
  /** Indexes of milestones the report marks as reached. */
  milestonesDone: z.array(z.number().int().min(0).max(49)).max(50).default([]),
});

export const progressReport = z.object({
  id: uuid,
  taskId: uuid,
  unit: programmeUnit,
  period: z.string(),
  text: z.string(),
  percentComplete: z.number(),
  evidence: z.array(z.object({ name: z.string(), url: z.string().optional() })),
  problems: z.string(),
  nextSteps: z.string(),
  reportedBy: z.object({ id: uuid.nullable(), name: z.string().nullable() }),
  reportedAt: z.string(),
  /** Filed after the period's due date. */
  late: z.boolean(),
});
export type ProgressReport = z.infer<typeof progressReport>;

export const programmeTaskDetail = programmeTask.extend({ reports: z.array(progressReport) });

export const reportingPeriod = z.object({
  key: z.string(),
  start: z.string(),
  end: z.string(),
  dueDate: z.string(),
});

// ---- dashboard ----

export const programmeDashboard = z.object({
  programme,
  year: z.number().int(),
  /** The latest period that has ended: the one units report on now. */
  period: reportingPeriod.extend({ overdue: z.boolean() }),
  indicators: z.array(indicator),
  indicatorStatus: z.record(z.enum(INDICATOR_STATUSES), z.number().int()),
  taskStatus: z.record(z.enum(PROGRAMME_TASK_STATUSES), z.number().int()),
  lateTasks: z.array(programmeTask),
  unitsNotReported: z.array(
    z.object({ unit: programmeUnit, tasks: z.number().int(), taskNumbers: z.array(z.string()) }),
  ),
  recentReports: z.array(progressReport.extend({ taskNumber: z.string(), taskTitle: z.string() })),
});
export type ProgrammeDashboard = z.infer<typeof programmeDashboard>;

export const dashboardQuery = indicatorQuery;

// ---- evaluations ----

export const evaluationBody = z.object({
  kind: z.enum(EVALUATION_KINDS),
  year,
  /** 评估结论: editable afterwards; included in the document. */
  conclusions: z.string().trim().max(20000).default(''),
});

export const updateEvaluationBody = z
  .object({
    conclusions: z.string().trim().max(20000),
    /** Take a fresh snapshot of indicators and tasks (otherwise only the conclusions change). */
    refresh: z.boolean().default(false),
  })
  .partial()
  .refine((b) => b.conclusions !== undefined || b.refresh === true, { message: 'nothing to change' });

export const programmeEvaluation = z.object({
  id: uuid,
  programmeId: uuid,
  kind: z.enum(EVALUATION_KINDS),
  year: z.number().int(),
  conclusions: z.string(),
  summary: z.object({
    indicators: z.record(z.enum(INDICATOR_STATUSES), z.number().int()),
    tasks: z.record(z.enum(PROGRAMME_TASK_STATUSES), z.number().int()),
    lateItems: z.number().int(),
  }),
  /** GET it for the .docx (年度监测分析报告 / 中期评估报告 / 总结评估报告). */
  docxUrl: z.string(),
  createdBy: z.object({ id: uuid.nullable(), name: z.string().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProgrammeEvaluation = z.infer<typeof programmeEvaluation>;
