import { z } from 'zod';
import { divisionCode, pagination, text, uuid } from './schemas.js';

// ---- public warnings (预警信息发布) ----

export const HAZARD_TYPES = [
  'rainstorm',
  'gale',
  'cold_wave',
  'heat',
  'hail',
  'lightning',
  'fog',
  'road_icing',
  'forest_fire',
  'geological',
  'flash_flood',
  'urban_waterlogging',
  'hazchem_leak',
  'other',
] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];

/** Chinese names of the hazard types, as used in warning headlines. */
export const HAZARD_NAMES_ZH: Record<HazardType, string> = {
  rainstorm: '暴雨',
  gale: '大风',
  cold_wave: '寒潮',
  heat: '高温',
  hail: '冰雹',
  lightning: '雷电',
  fog: '大雾',
  road_icing: '道路结冰',
  forest_fire: '森林火险',
  geological: '地质灾害',
  flash_flood: '山洪',
  urban_waterlogging: '城市内涝',
  hazchem_leak: '危化品泄漏',
  other: '其他',
};

/** 1 = 一级红色 (highest), 2 = 二级橙色, 3 = 三级黄色, 4 = 四级蓝色. */
export const WARNING_LEVELS = [1, 2, 3, 4] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const WARNING_COLOURS: Record<WarningLevel, 'red' | 'orange' | 'yellow' | 'blue'> = {
  1: 'red',
  2: 'orange',
  3: 'yellow',
  4: 'blue',
};

export const WARNING_STATUSES = ['draft', 'pending_approval', 'published', 'updated', 'cancelled', 'expired'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];

const isoTime = z.iso.datetime({ offset: true });
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A GeoJSON Polygon of lon/lat positions; the outer ring must be closed and have at least 4 positions. */
export const warningPolygon = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(position).min(4).max(2000)).min(1).max(20),
  })
  .superRefine((p, ctx) => {
    p.coordinates.forEach((ring, i) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1])
        ctx.addIssue({ code: 'custom', path: ['coordinates', i], message: 'a ring must end where it starts' });
    });
  });
export type WarningPolygon = z.infer<typeof warningPolygon>;

const warningFields = {
  hazardType: z.enum(HAZARD_TYPES),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  headline: text(160),
  description: text(4000),
  instruction: text(4000),
  divisionCodes: z.array(divisionCode).min(1).max(200),
  polygon: warningPolygon.optional(),
  onset: isoTime,
  expires: isoTime,
  headlineEn: text(160).optional(),
  descriptionEn: text(4000).optional(),
  instructionEn: text(4000).optional(),
};

function expiresAfterOnset(b: { onset?: string | undefined; expires?: string | undefined }, ctx: z.RefinementCtx) {
  if (b.onset && b.expires && Date.parse(b.expires) <= Date.parse(b.onset))
    ctx.addIssue({ code: 'custom', path: ['expires'], message: 'expires must be after onset' });
}

export const createWarningBody = z.object(warningFields).strict().superRefine(expiresAfterOnset);
/** On a draft: an edit. On a published warning: issues a CAP Update. */
export const updateWarningBody = z
  .object({ ...warningFields, polygon: warningPolygon.nullable() })
  .partial()
  .strict()
  .superRefine(expiresAfterOnset);
/** The body is optional: a cancel may carry its reason. */
export const cancelWarningBody = z
  .object({ reason: text(500).optional() })
  .strict()
  .nullish();

export const warningQuery = pagination.extend({
  status: z.enum(WARNING_STATUSES).optional(),
  level: z.coerce.number().int().min(1).max(4).optional(),
  hazardType: z.enum(HAZARD_TYPES).optional(),
});

export const warningMessage = z.object({
  id: uuid,
  identifier: z.string(),
  msgType: z.enum(CAP_MSG_TYPES),
  direction: z.enum(['out', 'in']),
  sender: z.string(),
  sent: z.string(),
  references: z.string().nullable(),
});
export type WarningMessage = z.infer<typeof warningMessage>;

export const warning = z.object({
  id: uuid,
  hazardType: z.enum(HAZARD_TYPES),
  level: z.number().int(),
  colour: z.enum(['red', 'orange', 'yellow', 'blue']),
  status: z.enum(WARNING_STATUSES),
  headline: z.string(),
  description: z.string(),
  instruction: z.string(),
  headlineEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  instructionEn: z.string().nullable(),
  language: z.string(),
  event: z.string(),
  areaDesc: z.string(),
  divisionCodes: z.array(z.string()),
  polygon: z
    .object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) })
    .nullable(),
  onset: z.string(),
  expires: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  createdBy: z.string().nullable(),
  submittedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  source: z.object({ sender: z.string(), identifier: z.string(), sent: z.string() }).nullable(),
  messages: z.array(warningMessage),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Warning = z.infer<typeof warning>;
