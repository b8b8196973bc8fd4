import { z } from 'zod';
import { divisionCode, lonLat, pagination, text, uuid } from './schemas.js';

// ---- dual prevention (双重预防): risk register and hazard workflow ----

/** 重大 / 较大 / 一般 / 低 — the grade of a risk point. */
export const RISK_LEVELS = ['major', 'larger', 'general', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** 红 / 橙 / 黄 / 蓝 — one colour per level, in the same order. */
export const RISK_COLORS = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskColor = (typeof RISK_COLORS)[number];
/** 公司 / 车间 / 班组 / 岗位 — who controls the risk (分级管控). */
export const CONTROL_LEVELS = ['company', 'workshop', 'team', 'post'] as const;
export type ControlLevel = (typeof CONTROL_LEVELS)[number];
export const ASSESSMENT_METHODS = ['LEC', 'LS'] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];

/** Standard LEC scales (作业条件危险性分析法): the only values L, E and C may take. */
export const LEC_L_VALUES = [0.1, 0.2, 0.5, 1, 3, 6, 10] as const;
export const LEC_E_VALUES = [0.5, 1, 2, 3, 6, 10] as const;
export const LEC_C_VALUES = [1, 3, 7, 15, 40, 100] as const;
/** LS matrix (风险矩阵): L and S are integers 1..5. */
export const LS_MIN = 1;
export const LS_MAX = 5;

const scaleValue = (field: string, values: readonly number[]) =>
  z.number().refine((v) => values.includes(v), { message: `${field} must be one of ${values.join(', ')}` });
const lsValue = (field: string) =>
  z
    .number()
    .int({ message: `${field} must be a whole number from ${LS_MIN} to ${LS_MAX}` })
    .min(LS_MIN, { message: `${field} must be from ${LS_MIN} to ${LS_MAX}` })
    .max(LS_MAX, { message: `${field} must be from ${LS_MIN} to ${LS_MAX}` });

export const lecAssessmentInput = z.object({
  method: z.literal('LEC'),
  /** Likelihood (事故发生的可能性) */
  L: scaleValue('L', LEC_L_VALUES),
  /** Exposure (暴露于危险环境的频繁程度) */
  E: scaleValue('E', LEC_E_VALUES),
  /** Consequence (发生事故可能造成的后果) */
  C: scaleValue('C', LEC_C_VALUES),
});
export const lsAssessmentInput = z.object({
  method: z.literal('LS'),
  /** Likelihood (可能性) 1..5 */
  L: lsValue('L'),
  /** Severity (严重性) 1..5 */
  S: lsValue('S'),
});
export const assessmentInput = z.discriminatedUnion('method', [lecAssessmentInput, lsAssessmentInput]);
export type AssessmentInput = z.infer<typeof assessmentInput>;

/** One assessment of a risk point (the latest one is the point's current grade). */
export const riskAssessment = z.object({
  id: uuid,
  method: z.enum(ASSESSMENT_METHODS),
  /** The inputs as sent: {L, E, C} or {L, S}. */
  inputs: z.record(z.string(), z.number()),
  score: z.number(),
  level: z.enum(RISK_LEVELS),
  color: z.enum(RISK_COLORS),
  assessedBy: uuid,
  assessedByName: z.string(),
  assessedAt: z.string(),
  note: z.string().nullable(),
});
export type RiskAssessment = z.infer<typeof riskAssessment>;

/** 管控措施: engineering, management, training, personal protection, emergency. */
export const controlMeasures = z.object({
  engineering: z.string().trim().max(2000).optional(),
  management: z.string().trim().max(2000).optional(),
  training: z.string().trim().max(2000).optional(),
  ppe: z.string().trim().max(2000).optional(),
  emergency: z.string().trim().max(2000).optional(),
});
export type ControlMeasures = z.infer<typeof controlMeasures>;

const riskPointFields = {
  orgId: uuid,
  name: text(100),
  divisionCode,
  location: lonLat.optional(),
  address: z.string().trim().max(200).optional(),
  /** Industry / field (行业领域), e.g. 危险化学品, 煤矿, 建筑施工. */
  type: z.string().trim().max(50).optional(),
  description: z.string().trim().max(2000).optional(),
  /** Harms the point could cause (可能导致的事故类型), e.g. 火灾, 爆炸, 中毒和窒息. */
  possibleHarms: z.array(z.string().trim().min(1).max(30)).max(20).optional(),
  controlMeasures: controlMeasures.optional(),
  /** Overrides the control level that follows from the risk level. */
  controlLevel: z.enum(CONTROL_LEVELS).optional(),
  /** 责任人 */
  responsiblePerson: z.string().trim().max(50).optional(),
};

export const createRiskPointBody = z.object({ ...riskPointFields, assessment: assessmentInput });
export type CreateRiskPointBody = z.infer<typeof createRiskPointBody>;
/** Any subset of the fields; an `assessment` adds a new assessment (re-assessment) and regrades the point. */
export const updateRiskPointBody = z
  .object({
    ...riskPointFields,
    assessment: assessmentInput,
    assessmentNote: z.string().trim().max(500).optional(),
  })
  .partial()
  .strict();
export type UpdateRiskPointBody = z.infer<typeof updateRiskPointBody>;

export const riskPoint = z.object({
  id: uuid,
  orgId: uuid,
  orgName: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  type: z.string().nullable(),
  description: z.string().nullable(),
  possibleHarms: z.array(z.string()),
  controlMeasures,
  /** Current grade, from the latest assessment. */
  method: z.enum(ASSESSMENT_METHODS),
  score: z.number(),
  level: z.enum(RISK_LEVELS),
  color: z.enum(RISK_COLORS),
  controlLevel: z.enum(CONTROL_LEVELS),
  responsiblePerson: z.string().nullable(),
  assessedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RiskPoint = z.infer<typeof riskPoint>;
export const riskPointDetail = riskPoint.extend({ assessments: z.array(riskAssessment) });
export type RiskPointDetail = z.infer<typeof riskPointDetail>;
export const riskPointList = z.object({ items: z.array(riskPoint), total: z.number().int() });

export const riskPointQuery = pagination.extend({
  orgId: uuid.optional(),
  divisionCode: divisionCode.optional(),
  level: z.enum(RISK_LEVELS).optional(),
  controlLevel: z.enum(CONTROL_LEVELS).optional(),
  type: z.string().trim().max(50).optional(),
  q: z.string().trim().max(100).optional(),
});

export const riskStatistics = z.object({
  byLevel: z.object({ major: z.number(), larger: z.number(), general: z.number(), low: z.number() }),
  /** Enterprises with at least one red (major) risk point, most first. */
  enterprisesWithMajor: z.array(z.object({ orgId: uuid, orgName: z.string(), count: z.number().int() })),
});
export const riskStatisticsQuery = z.object({ divisionCode: divisionCode.optional(), orgId: uuid.optional() });

// ---- major hazard sources (重大危险源) ----

/** 一级 (1, most severe) to 四级 (4). */
export const MAJOR_HAZARD_GRADES = [1, 2, 3, 4] as const;
export const RESPONSIBLE_ROLES = ['principal', 'technical', 'operational'] as const;

export const hazardousSubstance = z.object({
  name: text(50),
  cas: z
    .string()
    .trim()
    .regex(/^\d{2,7}-\d{2}-\d$/, { message: 'cas must look like 71-43-2' })
    .optional(),
  /** Actual quantity on site, tonnes (q). */
  quantityTonnes: z.number().min(0).max(1e7),
  /** Threshold quantity of GB 18218, tonnes (Q). */
  thresholdTonnes: z.number().positive().max(1e7),
});
export const responsiblePerson = z.object({
  role: z.enum(RESPONSIBLE_ROLES),
  name: text(50),
  phone: z.string().trim().max(30).optional(),
});

const majorHazardSourceFields = {
  orgId: uuid,
  name: text(100),
  divisionCode,
  location: lonLat,
  address: z.string().trim().max(200).optional(),
  substances: z.array(hazardousSubstance).min(1).max(30),
  grade: z
    .number()
    .int()
    .min(1, { message: 'grade must be 1 (一级) to 4 (四级)' })
    .max(4, { message: 'grade must be 1 (一级) to 4 (四级)' }),
  /** Radius of the ring drawn on the risk map and used for nearby vulnerable targets, metres. */
  radiusMeters: z.number().int().min(50).max(20_000).default(1000),
  /** Codes of monitoring sensors installed at the source. */
  sensorCodes: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  responsiblePersons: z.array(responsiblePerson).max(10).default([]),
};
export const createMajorHazardSourceBody = z.object(majorHazardSourceFields);
export type CreateMajorHazardSourceBody = z.infer<typeof createMajorHazardSourceBody>;
export const updateMajorHazardSourceBody = z
  .object({
    ...majorHazardSourceFields,
    radiusMeters: z.number().int().min(50).max(20_000),
    sensorCodes: z.array(z.string().trim().min(1).max(40)).max(50),
    responsiblePersons: z.array(responsiblePerson).max(10),
  })
  .partial()
  .strict();
export type UpdateMajorHazardSourceBody = z.infer<typeof updateMajorHazardSourceBody>;

export const majorHazardSource = z.object({
  id: uuid,
  orgId: uuid,
  orgName: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  location: lonLat,
  address: z.string().nullable(),
  substances: z.array(hazardousSubstance),
  /** Σ q/Q over the substances (≥ 1 makes it a major hazard source under GB 18218). */
  ratio: z.number(),
  grade: z.number().int(),
  radiusMeters: z.number().int(),
  sensorCodes: z.array(z.string()),
  responsiblePersons: z.array(responsiblePerson),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MajorHazardSource = z.infer<typeof majorHazardSource>;
export const majorHazardSourceList = z.object({ items: z.array(majorHazardSource), total: z.number().int() });
export const majorHazardSourceQuery = pagination.extend({
  orgId: uuid.optional(),
  divisionCode: divisionCode.optional(),
  grade: z.coerce.number().int().min(1).max(4).optional(),
  q: z.string().trim().max(100).optional(),
});

// ---- vulnerable targets (脆弱性目标) ----

export const VULNERABLE_TARGET_KINDS = [
  'school',
  'kindergarten',
  'hospital',
  'elderly_home',
  'crowded_place',
  'residential',
  'other',
] as const;
export type VulnerableTargetKind = (typeof VULNERABLE_TARGET_KINDS)[number];

const vulnerableTargetFields = {
  name: text(100),
  kind: z.enum(VULNERABLE_TARGET_KINDS),
  divisionCode,
  location: lonLat,
  address: z.string().trim().max(200).optional(),
  /** People usually present (在校学生、床位、常住人数). */
  population: z.number().int().min(0).max(10_000_000).optional(),
  contact: z.string().trim().max(50).optional(),
  phone: z.string().trim().max(30).optional(),
};
export const createVulnerableTargetBody = z.object(vulnerableTargetFields);
export type CreateVulnerableTargetBody = z.infer<typeof createVulnerableTargetBody>;
export const updateVulnerableTargetBody = z.object(vulnerableTargetFields).partial().strict();
export type UpdateVulnerableTargetBody = z.infer<typeof updateVulnerableTargetBody>;

/** A red/orange risk point or a major hazard source within the radius of a vulnerable target. */
export const nearbyThreat = z.object({
  kind: z.enum(['risk_point', 'major_hazard_source']),
  id: uuid,
  name: z.string(),
  orgName: z.string(),
  /** Risk points: major/larger. */
  level: z.enum(RISK_LEVELS).nullable(),
  /** Major hazard sources: 1..4. */
  grade: z.number().int().nullable(),
  distanceMeters: z.number().int(),
});
export type NearbyThreat = z.infer<typeof nearbyThreat>;

export const vulnerableTarget = z.object({
  id: uuid,
  name: z.string(),
  kind: z.enum(VULNERABLE_TARGET_KINDS),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  location: lonLat,
  address: z.string().nullable(),
  population: z.number().int().nullable(),
  contact: z.string().nullable(),
  phone: z.string().nullable(),
  /** Red/orange risk points and major hazard sources within `radius` metres, nearest first. */
  nearby: z.array(nearbyThreat),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VulnerableTarget = z.infer<typeof vulnerableTarget>;
export const vulnerableTargetList = z.object({ items: z.array(vulnerableTarget), total: z.number().int() });
export const vulnerableTargetQuery = pagination.extend({
  divisionCode: divisionCode.optional(),
  kind: z.enum(VULNERABLE_TARGET_KINDS).optional(),
  q: z.string().trim().max(100).optional(),
  /** Radius for `nearby`, metres (default 2000). */
  radius: z.coerce.number().int().min(100).max(20_000).default(2000),
});
export const vulnerableTargetGetQuery = z.object({
  radius: z.coerce.number().int().min(100).max(20_000).default(2000),
});

// ---- three lists (三张清单) and the risk map (一张图) ----

export const RISK_LIST_NAMES = ['risks', 'major-hazard-sources', 'vulnerable-targets'] as const;
export type RiskListName = (typeof RISK_LIST_NAMES)[number];
export const riskListQuery = z.object({
  divisionCode: divisionCode.optional(),
  orgId: uuid.optional(),
});
export const riskListExportQuery = riskListQuery.extend({
  /** One list, or `all` for one workbook with three sheets. */
  list: z.enum([...RISK_LIST_NAMES, 'all']).default('all'),
});

export const RISK_MAP_LAYERS = ['risk_point', 'major_hazard_source', 'vulnerable_target'] as const;
export const riskMapQuery = z.object({
  divisionCode: divisionCode.optional(),
  /** Comma-separated layers; default all. */
  layers: z.string().trim().max(100).optional(),
});
export const riskMapFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    layer: z.enum(RISK_MAP_LAYERS),
    id: uuid,
    name: z.string(),
    orgName: z.string().nullable(),
    /** Risk points: their colour; major hazard sources: red; vulnerable targets: null. */
    color: z.enum(RISK_COLORS).nullable(),
    level: z.enum(RISK_LEVELS).nullable(),
    grade: z.number().int().nullable(),
    radiusMeters: z.number().int().nullable(),
    kind: z.enum(VULNERABLE_TARGET_KINDS).nullable(),
  }),
});
export type RiskMapFeature = z.infer<typeof riskMapFeature>;
export const riskMap = z.object({ type: z.literal('FeatureCollection'), features: z.array(riskMapFeature) });
export type RiskMap = z.infer<typeof riskMap>;

// ---- attachments (photos, PDFs) ----

export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** POST /api/v1/attachments?name=… with the raw file as the body. */
export const uploadAttachmentQuery = z.object({ name: z.string().trim().min(1).max(200).optional() });
export const attachmentMeta = z.object({
  id: uuid,
  name: z.string(),
  size: z.number().int(),
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  createdAt: z.string(),
});
export type AttachmentMeta = z.infer<typeof attachmentMeta>;

// ---- hazards (隐患排查治理) ----

export const HAZARD_SOURCES = ['self_inspection', 'government_inspection', 'report', 'sensor'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];
/** 一般事故隐患 / 重大事故隐患 */
export const HAZARD_LEVELS = ['general', 'major'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];
export const HAZARD_CATEGORIES = [
  'fire',
  'electrical',
  'mechanical',
  'hazchem',
  'gas',
  'confined_space',
  'work_at_height',
  'structural',
  'mine',
  'occupational_health',
  'management',
  'other',
] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];
export const HAZARD_CATEGORY_NAMES: Record<HazardCategory, string> = {
  fire: '消防安全',
  electrical: '电气安全',
  mechanical: '机械设备',
  hazchem: '危险化学品',
  gas: '燃气与有毒气体',
  confined_space: '有限空间',
  work_at_height: '高处作业',
  structural: '建构筑物',
  mine: '矿山安全',
  occupational_health: '职业健康',
  management: '安全管理',
  other: '其他',
};
/**
 * reported → assigned → rectifying → pending_verification → closed; a failed verification goes to
 * rejected and back to rectifying. Major hazards: assigned → plan_submitted → plan_approved → rectifying,
 * and after verification write_off_requested → written_off (销号) by the supervising county.
 */
export const HAZARD_STATES = [
  'reported',
  'assigned',
  'plan_submitted',
  'plan_approved',
  'rectifying',
  'pending_verification',
  'rejected',
  'closed',
  'write_off_requested',
  'written_off',
] as const;
export type HazardState = (typeof HAZARD_STATES)[number];
export const HAZARD_FINAL_STATES: readonly HazardState[] = ['closed', 'written_off'];
export const HAZARD_STATE_NAMES: Record<HazardState, string> = {
  reported: '已上报',
  assigned: '已交办',
  plan_submitted: '方案已提交',
  plan_approved: '方案已批准',
  rectifying: '整改中',
  pending_verification: '待验收',
  rejected: '验收未通过',
  closed: '已闭环',
  write_off_requested: '申请销号',
  written_off: '已销号',
};

/**
 * The rectification plan of a major hazard. All six elements are required before the plan is approved
 * (五落实: 责任、措施、资金、时限、预案).
 */
export const RECTIFICATION_PLAN_ELEMENTS = [
  'objective',
  'measures',
  'funding',
  'organisation',
  'timeline',
  'safetyAndContingency',
] as const;
export type RectificationPlanElement = (typeof RECTIFICATION_PLAN_ELEMENTS)[number];
export const RECTIFICATION_PLAN_ELEMENT_NAMES: Record<RectificationPlanElement, string> = {
  objective: '目标任务',
  measures: '方法措施',
  funding: '经费物资',
  organisation: '机构人员',
  timeline: '时限要求',
  safetyAndContingency: '安全措施和应急预案',
};
export const rectificationPlan = z.object({
  objective: z.string().trim().max(2000).optional(),
  measures: z.string().trim().max(2000).optional(),
  funding: z.string().trim().max(2000).optional(),
  organisation: z.string().trim().max(2000).optional(),
  timeline: z.string().trim().max(2000).optional(),
  safetyAndContingency: z.string().trim().max(2000).optional(),
});
export type RectificationPlan = z.infer<typeof rectificationPlan>;

const isoDateTime = z.iso.datetime({ offset: true });

export const createHazardBody = z.object({
  orgId: uuid,
  riskPointId: uuid.optional(),
  source: z.enum(HAZARD_SOURCES),
  level: z.enum(HAZARD_LEVELS),
  category: z.enum(HAZARD_CATEGORIES),
  title: text(100),
  description: text(4000),
  location: lonLat.optional(),
  address: z.string().trim().max(200).optional(),
  responsiblePerson: z.string().trim().max(50).optional(),
  responsiblePhone: z.string().trim().max(30).optional(),
  /** Rectification deadline (整改期限). */
  deadline: isoDateTime.optional(),
  /** Estimated cost of rectification, yuan. */
  costYuan: z.number().min(0).max(1e11).optional(),
  /** Ids from POST /api/v1/attachments. */
  attachments: z.array(uuid).max(20).default([]),
});
export type CreateHazardBody = z.infer<typeof createHazardBody>;

/**
 * Move a hazard. `assigned` needs a responsible person and a deadline (here or already on the hazard);
 * `plan_submitted` needs a `plan`. Other fields are optional and update the hazard.
 */
export const hazardTransitionBody = z.object({
  to: z.enum(HAZARD_STATES),
  note: z.string().trim().max(2000).optional(),
  attachments: z.array(uuid).max(20).default([]),
  responsiblePerson: z.string().trim().max(50).optional(),
  responsiblePhone: z.string().trim().max(30).optional(),
  deadline: isoDateTime.optional(),
  costYuan: z.number().min(0).max(1e11).optional(),
  plan: rectificationPlan.optional(),
});
export type HazardTransitionBody = z.infer<typeof hazardTransitionBody>;

export const actorRef = z.object({ id: uuid, name: z.string() });

export const hazardTransition = z.object({
  id: uuid,
  from: z.enum(HAZARD_STATES).nullable(),
  to: z.enum(HAZARD_STATES),
  actor: actorRef,
  at: z.string(),
  note: z.string().nullable(),
  attachments: z.array(attachmentMeta),
});
export type HazardTransition = z.infer<typeof hazardTransition>;

export const hazard = z.object({
  id: uuid,
  orgId: uuid,
  orgName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  riskPointId: uuid.nullable(),
  riskPointName: z.string().nullable(),
  source: z.enum(HAZARD_SOURCES),
  level: z.enum(HAZARD_LEVELS),
  category: z.enum(HAZARD_CATEGORIES),
  title: z.string(),
  description: z.string(),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  status: z.enum(HAZARD_STATES),
  responsiblePerson: z.string().nullable(),
  responsiblePhone: z.string().nullable(),
  deadline: z.string().nullable(),
  costYuan: z.number().nullable(),
  /** Deadline passed and not closed / written off. */
  overdue: z.boolean(),
  /** On the county's supervision list (督办): overdue, or a major hazard not yet written off. */
  supervised: z.boolean(),
  plan: rectificationPlan.nullable(),
  reportedBy: actorRef,
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** The states the caller may move the hazard to now (permission and scope; the verifier rule is checked on submit). */
  allowedTransitions: z.array(z.enum(HAZARD_STATES)),
});
export type Hazard = z.infer<typeof hazard>;
export const hazardDetail = hazard.extend({
  attachments: z.array(attachmentMeta),
  transitions: z.array(hazardTransition),
});
export type HazardDetail = z.infer<typeof hazardDetail>;
export const hazardList = z.object({ items: z.array(hazard), total: z.number().int() });

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const hazardQuery = pagination.extend({
  status: z.enum(HAZARD_STATES).optional(),
  level: z.enum(HAZARD_LEVELS).optional(),
  category: z.enum(HAZARD_CATEGORIES).optional(),
  source: z.enum(HAZARD_SOURCES).optional(),
  orgId: uuid.optional(),
  riskPointId: uuid.optional(),
  divisionCode: divisionCode.optional(),
  overdue: booleanQuery.optional(),
  /** Only open hazards (not closed / written off). */
  open: booleanQuery.optional(),
  q: z.string().trim().max(100).optional(),
});
export type HazardQuery = z.infer<typeof hazardQuery>;
/** GET /api/v1/hazards/supervision: overdue hazards and major hazards not yet written off, in the caller's scope. */
export const supervisionQuery = pagination.extend({
  divisionCode: divisionCode.optional(),
  orgId: uuid.optional(),
});

export const STATISTICS_PERIODS = ['week', 'month', 'quarter', 'year'] as const;
export const hazardStatisticsQuery = z.object({
  divisionCode: divisionCode.optional(),
  orgId: uuid.optional(),
  /** Reported on or after this date (default: one year ago). */
  from: z.iso.date().optional(),
  /** Reported before the end of this date (default: today). */
  to: z.iso.date().optional(),
  period: z.enum(STATISTICS_PERIODS).default('month'),
});
export type HazardStatisticsQuery = z.infer<typeof hazardStatisticsQuery>;

/** found: reported in the range; rectified: of those, closed or written off; overdue: of those, overdue now. */
export const hazardCounts = z.object({
  found: z.number().int(),
  rectified: z.number().int(),
  overdue: z.number().int(),
  /** rectified / found, 0..1; null when nothing was found. */
  rectificationRate: z.number().nullable(),
});
export const hazardStatistics = z.object({
  from: z.string(),
  to: z.string(),
  totals: hazardCounts.extend({
    open: z.number().int(),
    major: z.number().int(),
    /** Mean time from report to closed / written off, days; null when nothing closed. */
    meanDaysToClose: z.number().nullable(),
  }),
  /** Period start (ISO date) for week/month/quarter/year. */
  byPeriod: z.array(hazardCounts.extend({ period: z.string() })),
  byEnterprise: z.array(hazardCounts.extend({ orgId: uuid, orgName: z.string() })),
  byCategory: z.array(hazardCounts.extend({ category: z.enum(HAZARD_CATEGORIES) })),
  byLevel: z.array(hazardCounts.extend({ level: z.enum(HAZARD_LEVELS) })),
  /** Same category at the same risk point, reported within 90 days of each other. */
  repeats: z.array(
    z.object({
      riskPointId: uuid,
      riskPointName: z.string(),
      orgName: z.string(),
      category: z.enum(HAZARD_CATEGORIES),
      count: z.number().int(),
      hazardIds: z.array(uuid),
    }),
  ),
});
export type HazardStatistics = z.infer<typeof hazardStatistics>;

/** Event published once when a hazard passes its deadline while still open. */
export const HAZARD_OVERDUE_EVENT = 'hazard.overdue';
