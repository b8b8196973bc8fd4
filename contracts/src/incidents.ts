import { z } from 'zod';
import { divisionCode, lonLat, pagination, text, uuid } from './schemas.js';

export const INCIDENT_CATEGORIES = ['natural_disaster', 'accident', 'public_health', 'social_security'] as const;
export const ACCIDENT_TYPES = [
  'mine',
  'hazchem',
  'fire',
  'road_traffic',
  'construction',
  'industrial',
  'gas',
  'special_equipment',
  'other',
] as const;
/** Types of the other categories, for the form; accidents use ACCIDENT_TYPES. */
export const OTHER_INCIDENT_TYPES = [
  'flood',
  'rainstorm',
  'earthquake',
  'geological',
  'forest_fire',
  'drought',
  'snow_ice',
  'epidemic',
  'food_poisoning',
  'mass_event',
  'other',
] as const;
export const INCIDENT_SOURCES = [
  'phone',
  'linkage_110',
  'linkage_119',
  'linkage_120',
  'linkage_122',
  'enterprise',
  'public',
  'sensor',
] as const;
export const INCIDENT_GRADES = ['general', 'larger', 'major', 'especially_major'] as const;
export const REPORT_LEVELS = ['county', 'city', 'province', 'national'] as const;
export const INCIDENT_UPDATE_KINDS = ['continuation', 'supplement', 'note', 'closure'] as const;
export const INCIDENT_STATUSES = ['open', 'closed'] as const;

const count = z.number().int().min(0).max(1_000_000);
export const casualties = z.object({
  deaths: count,
  missing: count,
  seriousInjuries: count,
  minorInjuries: count,
});
const isoTime = z.iso.datetime({ offset: true });
const lossYuan = z.number().min(0).max(1e13);

export const createIncidentBody = z
  .object({
    category: z.enum(INCIDENT_CATEGORIES),
    type: z.string().trim().min(1).max(40),
    title: text(200),
    occurredAt: isoTime,
    receivedAt: isoTime.optional(),
    source: z.enum(INCIDENT_SOURCES),
    divisionCode,
    location: lonLat.extend({ address: z.string().trim().max(300).optional() }),
    casualties: casualties.default({ deaths: 0, missing: 0, seriousInjuries: 0, minorInjuries: 0 }),
    directLossYuan: lossYuan.optional(),
    evacuated: count.optional(),
    description: z.string().trim().max(5000).optional(),
    /** For categories graded by the plan in force (not production-safety accidents). */
    grade: z.enum(INCIDENT_GRADES).optional(),
    gradeReason: z.string().trim().max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.category === 'accident' && !(ACCIDENT_TYPES as readonly string[]).includes(v.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `accident type must be one of ${ACCIDENT_TYPES.join(', ')}`,
      });
    }
    if (v.category === 'accident' && v.grade) {
      ctx.addIssue({
        code: 'custom',
        path: ['grade'],
        message: 'an accident is graded by Decree 493 from its numbers; do not send grade',
      });
    }
    if (v.receivedAt && Date.parse(v.receivedAt) < Date.parse(v.occurredAt)) {
      ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'receivedAt is before occurredAt' });
    }
  });

export const incidentUpdateBody = z.object({
  kind: z.enum(INCIDENT_UPDATE_KINDS),
  at: isoTime.optional(),
  casualties: casualties.optional(),
  directLossYuan: lossYuan.optional(),
  /** People evacuated so far; a running figure, updated whenever it changes. */
  evacuated: count.optional(),
  text: text(5000),
});

export const escalationBody = z.object({ level: z.enum(REPORT_LEVELS), at: isoTime.optional() });
export const gradeBody = z.object({ grade: z.enum(INCIDENT_GRADES), reason: text(500) });

export const chainStep = z.object({
  level: z.enum(REPORT_LEVELS),
  dueAt: z.string(),
  reportedAt: z.string().nullable(),
  status: z.enum(['reported', 'pending', 'overdue', 'skipped']),
});

export const timelineEntry = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  text: z.string(),
  casualties: casualties.nullable(),
  directLossYuan: z.number().nullable(),
  evacuated: z.number().int().nullable(),
  applied: z.boolean(),
  gradeBefore: z.string().nullable(),
  gradeAfter: z.string().nullable(),
  actorName: z.string().nullable(),
});

export const incident = z.object({
  id: uuid,
  number: z.string(),
  category: z.enum(INCIDENT_CATEGORIES),
  type: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  occurredAt: z.string(),
  receivedAt: z.string(),
  source: z.enum(INCIDENT_SOURCES),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  location: z.object({ lon: z.number(), lat: z.number(), address: z.string().nullable() }),
  casualties,
  directLossYuan: z.number(),
  evacuated: z.number().int(),
  grade: z.enum(INCIDENT_GRADES).nullable(),
  gradeReason: z.string().nullable(),
  receivingOrgId: uuid,
  receivingOrgName: z.string().nullable(),
  receivingLevel: z.enum(REPORT_LEVELS),
  reportingChain: z.array(chainStep),
  isOverdue: z.boolean(),
  supplementUntil: z.string().nullable(),
  investigation: z.object({ level: z.enum(REPORT_LEVELS), dueAt: z.string() }).nullable(),
  flags: z.array(z.string()),
  status: z.enum(INCIDENT_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  timeline: z.array(timelineEntry).optional(),
});
export type Incident = z.infer<typeof incident>;

export const incidentQuery = pagination.extend({
  status: z.enum(INCIDENT_STATUSES).optional(),
  grade: z.enum(INCIDENT_GRADES).optional(),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
  type: z.string().trim().max(40).optional(),
  divisionCode: divisionCode.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  q: z.string().trim().max(100).optional(),
});

export const STATS_GROUPS = ['month', 'category', 'type', 'division', 'grade'] as const;
export const incidentStatsQuery = z.object({
  groupBy: z.enum(STATS_GROUPS).default('month'),
  from: isoTime.optional(),
  to: isoTime.optional(),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
  divisionCode: divisionCode.optional(),
});
export const incidentStatsRow = z.object({
  key: z.string(),
  label: z.string(),
  incidents: z.number(),
  deaths: z.number(),
  missing: z.number(),
  seriousInjuries: z.number(),
  minorInjuries: z.number(),
  directLossYuan: z.number(),
});

// ---- duty roster ----
export const dutyShift = z.object({
  id: uuid,
  orgId: uuid,
  orgName: z.string().nullable(),
  divisionCode: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  role: z.enum(['officer', 'leader']),
  personName: z.string(),
  userId: uuid.nullable(),
  phone: z.string().nullable(),
});
export const createDutyShiftBody = z
  .object({
    orgId: uuid.optional(),
    startsAt: isoTime,
    endsAt: isoTime,
    role: z.enum(['officer', 'leader']),
    personName: text(50),
    userId: uuid.optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{3,30}$/, { message: 'phone: digits, spaces, + - ( ) only' })
      .optional(),
  })
  .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), {
    path: ['endsAt'],
    message: 'endsAt must be after startsAt',
  });
export const dutyQuery = z.object({ at: isoTime.optional(), orgId: uuid.optional() });
export const dutyHandover = z.object({
  id: uuid,
  orgId: uuid,
  at: z.string(),
  fromName: z.string(),
  toName: z.string(),
  text: z.string(),
});
export const createHandoverBody = z.object({
  orgId: uuid.optional(),
  fromName: text(50),
  toName: text(50),
  text: text(5000),
});

export const notification = z.object({
  id: uuid,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  entity: z.string(),
  entityId: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** Messages for things the platform accepted but did not apply (the `warnings` array). */
export const INCIDENT_WARNINGS = {
  SUPPLEMENT_WINDOW_CLOSED: {
    zh: '已超过补报期限（事故发生之日起30日，道路交通、火灾7日），伤亡变化已记入时间线，但不再改变统计的伤亡人数和事故等级。',
    en: 'The supplementary-report window (30 days from the accident, 7 for road traffic and fire) has closed: the change is on the timeline but does not change the counted casualties or the grade.',
  },
  ENTERPRISE_REPORT_LATE: {
    zh: '企业直报晚于事故发生后1小时（《生产安全事故报告和调查处理条例》第九条），已标记迟报。',
    en: 'The enterprise report came more than 1 hour after the accident (Decree 493 art. 9); it is flagged late.',
  },
  GRADE_PENDING: {
    zh: '该类事件按现行应急预案分级，请指挥长或县区用户确定等级后再计算上报时限。',
    en: 'This kind of event is graded by the emergency plan in force; reporting deadlines start once a grade is assigned.',
  },
} as const;
export type IncidentWarningCode = keyof typeof INCIDENT_WARNINGS;

/** Labels the server uses in documents and spreadsheets (the web app has its own i18n files). */
export const INCIDENT_LABELS: Record<string, { zh: string; en: string }> = {
  natural_disaster: { zh: '自然灾害', en: 'Natural disaster' },
  accident: { zh: '事故灾难', en: 'Accident' },
  public_health: { zh: '公共卫生事件', en: 'Public health' },
  social_security: { zh: '社会安全事件', en: 'Social security' },
  mine: { zh: '矿山', en: 'Mine' },
  hazchem: { zh: '危险化学品', en: 'Hazardous chemicals' },
  fire: { zh: '火灾', en: 'Fire' },
  road_traffic: { zh: '道路交通', en: 'Road traffic' },
  construction: { zh: '建筑施工', en: 'Construction' },
  industrial: { zh: '工贸', en: 'Industry and trade' },
  gas: { zh: '城镇燃气', en: 'Town gas' },
  special_equipment: { zh: '特种设备', en: 'Special equipment' },
  other: { zh: '其他', en: 'Other' },
  flood: { zh: '洪涝', en: 'Flood' },
  rainstorm: { zh: '暴雨', en: 'Rainstorm' },
  earthquake: { zh: '地震', en: 'Earthquake' },
  geological: { zh: '地质灾害', en: 'Geological hazard' },
  forest_fire: { zh: '森林火灾', en: 'Forest fire' },
  drought: { zh: '干旱', en: 'Drought' },
  snow_ice: { zh: '雪灾冰冻', en: 'Snow and ice' },
  epidemic: { zh: '传染病疫情', en: 'Epidemic' },
  food_poisoning: { zh: '食物中毒', en: 'Food poisoning' },
  mass_event: { zh: '群体性事件', en: 'Mass incident' },
  general: { zh: '一般', en: 'General' },
  larger: { zh: '较大', en: 'Larger' },
  major: { zh: '重大', en: 'Major' },
  especially_major: { zh: '特别重大', en: 'Especially major' },
  county: { zh: '县级', en: 'County' },
  city: { zh: '市级', en: 'City' },
  province: { zh: '省级', en: 'Province' },
  national: { zh: '国家级', en: 'National' },
  phone: { zh: '电话', en: 'Phone' },
  linkage_110: { zh: '110联动', en: '110 linkage' },
  linkage_119: { zh: '119联动', en: '119 linkage' },
  linkage_120: { zh: '120联动', en: '120 linkage' },
  linkage_122: { zh: '122联动', en: '122 linkage' },
  enterprise: { zh: '企业直报', en: 'Enterprise report' },
  public: { zh: '群众报告', en: 'Public report' },
  sensor: { zh: '传感器告警', en: 'Sensor alarm' },
  open: { zh: '处置中', en: 'Open' },
  closed: { zh: '已结案', en: 'Closed' },
  report: { zh: '首报', en: 'First report' },
  continuation: { zh: '续报', en: 'Continuation' },
  supplement: { zh: '补报', en: 'Supplement' },
  note: { zh: '备注', en: 'Note' },
  closure: { zh: '结案', en: 'Closure' },
  escalation: { zh: '上报', en: 'Escalation' },
  grade: { zh: '定级', en: 'Grading' },
  response: { zh: '应急响应', en: 'Emergency response' },
};

export function incidentLabel(key: string | null | undefined, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  if (!key) return '';
  const l = INCIDENT_LABELS[key];
  return l ? (locale === 'en-US' ? l.en : l.zh) : key;
}
