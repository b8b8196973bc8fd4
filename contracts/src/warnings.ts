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

// ---- dissemination (预警信息传播): subscribers, channels, deliveries, coverage ----

/**
 * Channels a subscriber can be reached on, in the subscriber's order of preference. `inapp` is the
 * platform's own live stream and notifications (signed-in users of the targeted divisions), not a
 * subscriber channel; it is counted per message in the delivery summary.
 */
export const SUBSCRIBER_CHANNELS = ['sms', 'email', 'webhook'] as const;
export type SubscriberChannel = (typeof SUBSCRIBER_CHANNELS)[number];
export const DELIVERY_CHANNELS = ['sms', 'email', 'webhook', 'inapp'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** queued → sent (handed to the provider) → delivered (the receiver confirmed); failed after the last attempt. */
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SUBSCRIBER_KINDS = ['person', 'organization'] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];
export const SUBSCRIBER_LANGUAGES = ['zh-CN', 'en-US'] as const;

/** Mainland mobile number (11 digits from 1), optionally with +86. */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^(\+86)?1[3-9]\d{9}$/, { message: 'phone must be a mainland mobile number, e.g. 13800000000' });
const emailAddress = z.email({ message: 'email must be an e-mail address' }).max(254);
const webhookUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s]+$/i, { message: 'webhookUrl must be an http(s) URL' });

const subscriberFields = {
  kind: z.enum(SUBSCRIBER_KINDS),
  name: text(100),
  phone: phoneNumber.nullish(),
  email: emailAddress.nullish(),
  /** Where the person lives or works: targeted when inside a warning's polygon. */
  location: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).nullish(),
  /** Targeted when a warning targets this division or one above it. */
  divisionCode: divisionCode.nullish(),
  /** Order of preference; the next one is tried when one could not reach the subscriber. */
  channels: z.array(z.enum(SUBSCRIBER_CHANNELS)).min(1).max(3),
  language: z.enum(SUBSCRIBER_LANGUAGES).default('zh-CN'),
  webhookUrl: webhookUrl.nullish(),
  /** HMAC-SHA256 key of the webhook signature; never returned. */
  webhookSecret: z.string().min(16, { message: 'webhookSecret must be at least 16 characters' }).max(200).nullish(),
  active: z.boolean().default(true),
};

type SubscriberShape = {
  kind?: SubscriberKind | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  location?: { lon: number; lat: number } | null | undefined;
  divisionCode?: string | null | undefined;
  channels?: SubscriberChannel[] | undefined;
  webhookUrl?: string | null | undefined;
  webhookSecret?: string | null | undefined;
};

/** Every channel named needs its address; a subscriber needs a place (location or division). */
export function checkSubscriber(s: SubscriberShape, ctx: z.RefinementCtx, partial = false) {
  if (!partial && !s.location && !s.divisionCode)
    ctx.addIssue({ code: 'custom', path: ['divisionCode'], message: 'give a location or a divisionCode (or both)' });
  if (!partial && s.kind === 'person' && !s.phone && !s.email)
    ctx.addIssue({ code: 'custom', path: ['phone'], message: 'a person needs a phone or an e-mail (or both)' });
  const channels = s.channels ?? [];
  if (new Set(channels).size !== channels.length)
    ctx.addIssue({ code: 'custom', path: ['channels'], message: 'a channel may be listed once' });
  if (partial) return;
  if (channels.includes('sms') && !s.phone)
    ctx.addIssue({ code: 'custom', path: ['phone'], message: 'the sms channel needs a phone' });
  if (channels.includes('email') && !s.email)
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'the email channel needs an e-mail' });
  if (channels.includes('webhook') && !s.webhookUrl)
    ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'the webhook channel needs a webhookUrl' });
  if (channels.includes('webhook') && !s.webhookSecret)
    ctx.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'the webhook channel needs a webhookSecret' });
}

export const createSubscriberBody = z
  .object(subscriberFields)
  .strict()
  .superRefine((s, ctx) => checkSubscriber(s, ctx));
/** A partial change; the merged subscriber is checked again by the server (same messages). */
export const updateSubscriberBody = z
  .object(subscriberFields)
  .omit({ kind: true })
  .partial()
  .strict()
  .superRefine((s, ctx) => checkSubscriber(s, ctx, true));
/** Bulk import: all or nothing; each entry is checked like a single create (paths body.subscribers.<i>.<field>). */
export const importSubscribersBody = z.object({ subscribers: z.array(createSubscriberBody).min(1).max(2000) }).strict();
export const importSubscribersResult = z.object({ created: z.number().int(), ids: z.array(uuid) });

export const subscriberQuery = pagination.extend({
  /** Name, phone or e-mail contains. */
  q: z.string().trim().max(100).optional(),
  kind: z.enum(SUBSCRIBER_KINDS).optional(),
  /** This division and below. */
  divisionCode: divisionCode.optional(),
  channel: z.enum(SUBSCRIBER_CHANNELS).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const subscriber = z.object({
  id: uuid,
  kind: z.enum(SUBSCRIBER_KINDS),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  location: z.object({ lon: z.number(), lat: z.number() }).nullable(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  channels: z.array(z.enum(SUBSCRIBER_CHANNELS)),
  language: z.enum(SUBSCRIBER_LANGUAGES),
  webhookUrl: z.string().nullable(),
  hasWebhookSecret: z.boolean(),
  active: z.boolean(),
  /** The division scope that manages the subscriber (its creator's). */
  ownerDivisionCode: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscriber = z.infer<typeof subscriber>;

/** Resident population per division (常住人口), as entered through PUT /api/v1/divisions/:code/figures. */
export const divisionPopulation = z.object({
  divisionCode: z.string(),
  name: z.string(),
  level: z.string(),
  population: z.number().int().nullable(),
  year: z.number().int().nullable(),
  source: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type DivisionPopulation = z.infer<typeof divisionPopulation>;
export const populationQuery = z.object({ parent: divisionCode.optional() });

const statusCounts = z.object({
  queued: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
});
export type DeliveryStatusCounts = z.infer<typeof statusCounts>;

/**
 * Coverage (覆盖率) = people reached ÷ resident population of the target area. People reached: distinct
 * person subscribers with at least one delivery sent or delivered for any message of the warning. Target
 * area: the targeted divisions (a division's own figure, else the sum of its children's); for a warning
 * with a polygon, the divisions it targets plus the counties whose boundary the polygon intersects.
 */
export const warningCoverage = z.object({
  reached: z.number().int(),
  population: z.number().int().nullable(),
  /** reached ÷ population, 0..1; null without population figures. */
  ratio: z.number().nullable(),
  /** The divisions whose population was summed. */
  divisionCodes: z.array(z.string()),
  /** Divisions of the area without a population figure (the ratio then understates the population). */
  missingPopulation: z.array(z.string()),
});
export type WarningCoverage = z.infer<typeof warningCoverage>;

export const deliverySummary = z.object({
  warningId: uuid,
  /** Subscribers selected by targeting, over all messages (distinct). */
  recipients: z.number().int(),
  channels: z.array(statusCounts.extend({ channel: z.enum(DELIVERY_CHANNELS) })),
  totals: statusCounts,
  /** One row per CAP message sent: how many subscribers targeting selected for it. */
  messages: z.array(
    z.object({
      identifier: z.string(),
      msgType: z.enum(CAP_MSG_TYPES),
      sent: z.string(),
      selected: z.number().int().nullable(),
      dispatchedAt: z.string().nullable(),
    }),
  ),
  coverage: warningCoverage,
});
export type DeliverySummary = z.infer<typeof deliverySummary>;

export const deliveryQuery = pagination.extend({
  channel: z.enum(DELIVERY_CHANNELS).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  /** Recipient name contains. */
  q: z.string().trim().max(100).optional(),
});

export const delivery = z.object({
  /** A sequential number (as a string). */
  id: z.string(),
  messageIdentifier: z.string(),
  msgType: z.enum(CAP_MSG_TYPES),
  subscriberId: uuid,
  subscriberName: z.string(),
  subscriberKind: z.enum(SUBSCRIBER_KINDS),
  channel: z.enum(DELIVERY_CHANNELS),
  /** Masked address: 138****0000, z***@example.com, the webhook host. */
  address: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** The channel this one replaced after it could not reach the subscriber. */
  fallbackFrom: z.enum(DELIVERY_CHANNELS).nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.infer<typeof delivery>;

/** An active published warning as the public page shows it (no login). */
export const publicWarning = z.object({
  id: uuid,
  hazardType: z.enum(HAZARD_TYPES),
  level: z.number().int(),
  colour: z.enum(['red', 'orange', 'yellow', 'blue']),
  status: z.enum(['published', 'updated']),
  event: z.string(),
  headline: z.string(),
  description: z.string(),
  instruction: z.string(),
  headlineEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  instructionEn: z.string().nullable(),
  areaDesc: z.string(),
  divisionCodes: z.array(z.string()),
  polygon: z
    .object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) })
    .nullable(),
  onset: z.string(),
  expires: z.string(),
  orgName: z.string().nullable(),
  publishedAt: z.string(),
  /** The latest message: its type and when it was sent. */
  msgType: z.enum(CAP_MSG_TYPES),
  sent: z.string(),
  /** Path of the CAP 1.2 message, e.g. /api/v1/warnings/<id>/cap.xml. */
  capUrl: z.string(),
});
export type PublicWarning = z.infer<typeof publicWarning>;
export const publicWarningQuery = pagination.extend({
  /** Warnings targeting this division, one above it, or one below it. */
  divisionCode: divisionCode.optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
