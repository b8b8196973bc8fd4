import { z } from 'zod';
import { DIVISION_LEVELS, ORG_KINDS, ROLES } from './enums.js';
import { PERMISSIONS } from './permissions.js';

/** GB/T 2260 code: 6 digits (province/city/county) or 9 digits (town/street). */
export const divisionCode = z
  .string()
  .regex(/^\d{6}(\d{3})?$/, { message: 'divisionCode must be a GB/T 2260 code of 6 or 9 digits' });

export const uuid = z.uuid();

/** Free text: trimmed, no control characters except newline and tab. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), {
      message: 'must not contain control characters',
    });

export const pagination = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
  requestId: z.string().optional(),
});

export const lonLat = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

// ---- auth ----
export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const sessionUser = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  orgId: uuid,
  orgName: z.string(),
  divisionCode: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const loginResponse = z.object({ token: z.string(), user: sessionUser, expiresAt: z.string() });

// ---- divisions ----
export const division = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(DIVISION_LEVELS),
  parentCode: z.string().nullable(),
  centroid: lonLat.nullable(),
});
export type Division = z.infer<typeof division>;

export const divisionQuery = pagination.extend({
  parent: divisionCode.optional(),
  level: z.enum(DIVISION_LEVELS).optional(),
  q: z.string().trim().max(50).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(200),
});

// ---- organisations ----
export const organization = z.object({
  id: uuid,
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  parentId: uuid.nullable(),
  highRisk: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organization = z.infer<typeof organization>;

export const createOrganizationBody = z.object({
  name: text(100),
  kind: z.enum(ORG_KINDS),
  divisionCode,
  parentId: uuid.nullish(),
  highRisk: z.boolean().optional().default(false),
});
export const updateOrganizationBody = createOrganizationBody.partial().strict();

export const organizationQuery = pagination.extend({
  divisionCode: divisionCode.optional(),
  kind: z.enum(ORG_KINDS).optional(),
  q: z.string().trim().max(100).optional(),
});

// ---- users ----
export const user = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  orgId: uuid,
  orgName: z.string(),
  divisionCode: z.string(),
  roles: z.array(z.enum(ROLES)),
  isActive: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;

export const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, {
    message: 'username: 3–32 letters, digits, _ . -, starting with a letter',
  });

export const createUserBody = z.object({
  username,
  password: z.string().min(1).max(256),
  displayName: text(50),
  orgId: uuid,
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
});
export const updateUserBody = z
  .object({
    displayName: text(50),
    orgId: uuid,
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    isActive: z.boolean(),
    password: z.string().min(1).max(256),
  })
  .partial()
  .strict();

export const userQuery = pagination.extend({
  orgId: uuid.optional(),
  role: z.enum(ROLES).optional(),
  q: z.string().trim().max(64).optional(),
});

// ---- audit ----
export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  orgId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = pagination.extend({
  entity: z.string().trim().max(50).optional(),
  id: z.string().trim().max(100).optional(),
  actorId: uuid.optional(),
  action: z.string().trim().max(80).optional(),
});

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z
    .object({ seq: z.number().int(), reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'seq_gap']) })
    .nullable(),
});

// ---- health & public config ----
export const health = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() });

export const publicConfig = z.object({
  version: z.string(),
  demo: z.boolean(),
  mapTileUrl: z.string().nullable(),
  mapAttribution: z.string().nullable(),
  city: z.object({ code: z.string(), name: z.string(), center: lonLat }),
});
export type PublicConfig = z.infer<typeof publicConfig>;
