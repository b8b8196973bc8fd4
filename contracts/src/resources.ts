import { z } from 'zod';
import { divisionCode, lonLat, pagination, text, uuid } from './schemas.js';

export const TEAM_KINDS = ['fire_rescue', 'professional', 'enterprise', 'social', 'militia'] as const;
export const TEAM_CAPABILITIES = [
  'hazchem',
  'mine',
  'flood',
  'water_rescue',
  'earthquake_search',
  'forest_fire',
  'medical',
  'power',
  'comms',
  'road_clearance',
  'fire',
] as const;
export const TEAM_STATUSES = ['available', 'deployed', 'unavailable'] as const;
export const WAREHOUSE_LEVELS = ['city', 'county', 'town'] as const;
export const RESERVE_MODES = ['government', 'agreement', 'enterprise', 'capacity'] as const;
export const MOVEMENT_KINDS = ['receipt', 'issue', 'transfer', 'adjustment', 'return', 'write_off'] as const;

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,30}$/, { message: 'phone: digits, spaces, + - ( ) only' });

export const team = z.object({
  id: uuid,
  name: z.string(),
  kind: z.enum(TEAM_KINDS),
  capabilities: z.array(z.string()),
  headcount: z.number().int(),
  divisionCode: z.string(),
  location: lonLat,
  status: z.enum(TEAM_STATUSES),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createTeamBody = z.object({
  name: text(100),
  kind: z.enum(TEAM_KINDS),
  capabilities: z.array(z.enum(TEAM_CAPABILITIES)).max(20).default([]),
  headcount: z.number().int().min(0).max(100_000),
  divisionCode,
  location: lonLat,
  status: z.enum(TEAM_STATUSES).default('available'),
  contactName: z.string().trim().max(50).optional(),
  contactPhone: phone.optional(),
});
export const updateTeamBody = z
  .object({
    name: text(100),
    kind: z.enum(TEAM_KINDS),
    capabilities: z.array(z.enum(TEAM_CAPABILITIES)).max(20),
    headcount: z.number().int().min(0).max(100_000),
    divisionCode,
    location: lonLat,
    status: z.enum(TEAM_STATUSES),
    contactName: z.string().trim().max(50),
    contactPhone: phone,
  })
  .partial()
  .strict();
export const teamQuery = pagination.extend({
  kind: z.enum(TEAM_KINDS).optional(),
  capability: z.enum(TEAM_CAPABILITIES).optional(),
  status: z.enum(TEAM_STATUSES).optional(),
  divisionCode: divisionCode.optional(),
  q: z.string().trim().max(100).optional(),
});

export const warehouse = z.object({
  id: uuid,
  name: z.string(),
  level: z.enum(WAREHOUSE_LEVELS),
  divisionCode: z.string(),
  location: lonLat,
  reserveMode: z.enum(RESERVE_MODES),
  managerName: z.string().nullable(),
  managerPhone: z.string().nullable(),
  capacityM3: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createWarehouseBody = z.object({
  name: text(100),
  level: z.enum(WAREHOUSE_LEVELS),
  divisionCode,
  location: lonLat,
  reserveMode: z.enum(RESERVE_MODES),
  managerName: z.string().trim().max(50).optional(),
  managerPhone: phone.optional(),
  capacityM3: z.number().min(0).max(1e9).optional(),
});
export const updateWarehouseBody = createWarehouseBody.partial().strict();
export const warehouseQuery = pagination.extend({
  level: z.enum(WAREHOUSE_LEVELS).optional(),
  divisionCode: divisionCode.optional(),
  q: z.string().trim().max(100).optional(),
});

export const supplyItem = z.object({ code: z.string(), name: z.string(), unit: z.string(), category: z.string() });
export const createSupplyItemBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'code: 1–40 letters, digits, _ . -' }),
  name: text(100),
  unit: text(10),
  category: text(40),
});
export const supplyItemQuery = pagination.extend({
  category: z.string().trim().max(40).optional(),
  q: z.string().trim().max(100).optional(),
});

const quantity = z.number().positive().max(1e12).multipleOf(0.001);

export const movementBody = z.object({
  kind: z.enum(MOVEMENT_KINDS),
  itemCode: z.string().trim().min(1).max(40),
  quantity,
  fromWarehouseId: uuid.optional(),
  toWarehouseId: uuid.optional(),
  incidentId: uuid.optional(),
  toOrgId: uuid.optional(),
  batch: z.string().trim().max(40).optional(),
  expiresOn: z.iso.date().optional(),
  reason: z.string().trim().max(500).optional(),
});

export const movement = z.object({
  id: uuid,
  kind: z.enum(MOVEMENT_KINDS),
  itemCode: z.string(),
  quantity: z.number(),
  batch: z.string(),
  fromWarehouseId: uuid.nullable(),
  toWarehouseId: uuid.nullable(),
  incidentId: uuid.nullable(),
  toOrgId: uuid.nullable(),
  reason: z.string().nullable(),
  status: z.enum(['done', 'in_transit']),
  createdAt: z.string(),
  receivedAt: z.string().nullable(),
});

export const balance = z.object({
  warehouseId: uuid,
  warehouseName: z.string().nullable(),
  divisionCode: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string().nullable(),
  unit: z.string().nullable(),
  batch: z.string(),
  expiresOn: z.string().nullable(),
  quantity: z.number(),
});
export const movementResult = z.object({ movement, balances: z.array(balance) });
export const stockQuery = pagination.extend({
  itemCode: z.string().trim().max(40).optional(),
  warehouseId: uuid.optional(),
  divisionCode: divisionCode.optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
});

const requestLine = z.object({ itemCode: z.string().trim().min(1).max(40), quantity });
export const createSupplyRequestBody = z.object({
  toWarehouseId: uuid,
  incidentId: uuid.optional(),
  lines: z.array(requestLine).min(1).max(50),
  reason: z.string().trim().max(500).optional(),
});
export const approveSupplyRequestBody = z.object({
  lines: z
    .array(requestLine.extend({ fromWarehouseId: uuid }))
    .min(1)
    .max(100),
  note: z.string().trim().max(500).optional(),
});
/** 驳回: the reason is required and shown to the requester. */
export const rejectSupplyRequestBody = z.object({ note: text(500) });
export const SUPPLY_REQUEST_STATUSES = ['pending', 'approved', 'partially_approved', 'rejected', 'received'] as const;
export const supplyRequest = z.object({
  id: uuid,
  requesterOrgId: uuid,
  divisionCode: z.string(),
  toWarehouseId: uuid,
  incidentId: uuid.nullable(),
  lines: z.array(z.object({ itemCode: z.string(), quantity: z.number() })),
  reason: z.string().nullable(),
  status: z.enum(SUPPLY_REQUEST_STATUSES),
  approvedLines: z.array(z.object({ itemCode: z.string(), quantity: z.number(), fromWarehouseId: z.string() })),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const supplyRequestQuery = pagination.extend({ status: z.enum(SUPPLY_REQUEST_STATUSES).optional() });

export const NEAREST_KINDS = ['team', 'supply'] as const;
export const nearestQuery = z
  .object({
    lon: z.coerce.number().min(-180).max(180),
    lat: z.coerce.number().min(-90).max(90),
    kind: z.enum(NEAREST_KINDS),
    capability: z.enum(TEAM_CAPABILITIES).optional(),
    itemCode: z.string().trim().max(40).optional(),
    minQuantity: z.coerce.number().min(0).max(1e12).default(1),
    limit: z.coerce.number().int().min(1).max(50).default(10),
    maxMinutes: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(120),
  })
  .refine((q) => q.kind !== 'supply' || !!q.itemCode, {
    path: ['itemCode'],
    message: 'itemCode is required for kind=supply',
  });
export const nearestItem = z.object({
  id: z.string(),
  kind: z.enum(NEAREST_KINDS),
  name: z.string(),
  divisionCode: z.string(),
  location: lonLat,
  travelSeconds: z.number(),
  distanceMeters: z.number(),
  capabilities: z.array(z.string()).optional(),
  headcount: z.number().optional(),
  quantity: z.number().optional(),
  unit: z.string().optional(),
});
export const nearestResult = z.object({ items: z.array(nearestItem), routed: z.boolean() });

export const COVERAGE_KINDS = ['fire_station', 'rescue_team'] as const;
export const coverageQuery = z.object({
  kind: z.enum(COVERAGE_KINDS).default('fire_station'),
  minutes: z.coerce.number().min(1).max(120).default(5),
  divisionCode: divisionCode.default('140300'),
});
/** A GeoJSON position [lon, lat]. */
const geoPosition = z.array(z.number()).min(2).max(3);
export const isochroneFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({ minutes: z.number() }),
  geometry: z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(z.array(geoPosition))),
  }),
});
export const coverageResult = z.object({
  divisionCode: z.string(),
  minutes: z.number(),
  bases: z.number().int(),
  /** Share (0–1) of the division's road-network sample points reachable in time: the built-up-area proxy. */
  share: z.number(),
  sampledPoints: z.number().int(),
  reachedPoints: z.number().int(),
  method: z.string(),
  /**
   * The isochrone as GeoJSON for the map: one MultiPolygon feature (empty when nothing is reached)
   * made of the sample cells reached within `minutes` from any base.
   */
  isochrone: z.object({ type: z.literal('FeatureCollection'), features: z.array(isochroneFeature) }),
});

// ---- shelters, equipment, experts, division figures, readiness ----
export const SHELTER_SETTINGS = ['indoor', 'outdoor'] as const;
export const SHELTER_GRADES = ['emergency', 'fixed', 'central'] as const;
export const SHELTER_STATUSES = ['available', 'in_use', 'closed'] as const;
export const shelter = z.object({
  id: uuid,
  name: z.string(),
  setting: z.enum(SHELTER_SETTINGS),
  grade: z.enum(SHELTER_GRADES),
  effectiveAreaM2: z.number(),
  capacity: z.number().int(),
  facilities: z.array(z.string()),
  divisionCode: z.string(),
  location: lonLat,
  status: z.enum(SHELTER_STATUSES),
});
export const createShelterBody = z.object({
  name: text(100),
  setting: z.enum(SHELTER_SETTINGS),
  grade: z.enum(SHELTER_GRADES),
  effectiveAreaM2: z.number().positive().max(1e8),
  capacity: z.number().int().min(0).max(10_000_000),
  facilities: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  divisionCode,
  location: lonLat,
  status: z.enum(SHELTER_STATUSES).default('available'),
});
export const updateShelterBody = createShelterBody.partial().strict();

export const EQUIPMENT_STATUSES = ['ready', 'in_use', 'maintenance', 'retired'] as const;
export const equipmentItem = z.object({
  id: uuid,
  name: z.string(),
  type: z.string(),
  quantity: z.number().int(),
  ownerTeamId: uuid.nullable(),
  divisionCode: z.string(),
  location: lonLat,
  maintenanceDueOn: z.string().nullable(),
  isMaintenanceOverdue: z.boolean(),
  status: z.enum(EQUIPMENT_STATUSES),
});
export const createEquipmentBody = z.object({
  name: text(100),
  type: text(40),
  quantity: z.number().int().min(1).max(1_000_000),
  ownerTeamId: uuid.optional(),
  divisionCode,
  location: lonLat,
  maintenanceDueOn: z.iso.date().optional(),
  status: z.enum(EQUIPMENT_STATUSES).default('ready'),
});
export const updateEquipmentBody = createEquipmentBody.partial().strict();

export const expert = z.object({
  id: uuid,
  name: z.string(),
  fields: z.array(z.string()),
  organization: z.string().nullable(),
  phone: z.string().nullable(),
  divisionCode: z.string(),
  location: lonLat,
  availability: z.enum(['available', 'unavailable']),
});
export const createExpertBody = z.object({
  name: text(50),
  fields: z.array(z.string().trim().min(1).max(40)).min(1).max(20),
  organization: z.string().trim().max(100).optional(),
  phone: phone.optional(),
  divisionCode,
  location: lonLat,
  availability: z.enum(['available', 'unavailable']).default('available'),
});
export const updateExpertBody = createExpertBody.partial().strict();

export const registryQuery = pagination.extend({
  divisionCode: divisionCode.optional(),
  q: z.string().trim().max(100).optional(),
});

export const divisionFigureBody = z.object({
  population: z.number().int().min(1).max(200_000_000),
  year: z.number().int().min(2000).max(2100),
  source: z.string().trim().max(200).optional(),
});

/** Readiness targets from the plans (阳泉/山西 十四五): the figure and the target it is held to. */
export const readinessRow = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  population: z.number().nullable(),
  shelterAreaPerResidentM2: z.number().nullable(),
  firePersonnelPerMille: z.number().nullable(),
  fireCoverage5min: z.number().nullable(),
  equipmentMaintainedRate: z.number().nullable(),
});
export const READINESS_TARGETS = {
  shelterAreaPerResidentM2: 2.5,
  firePersonnelPerMille: 0.4,
  fireCoverage5min: 0.75,
  equipmentMaintainedRate: 0.8,
} as const;

export const movementQuery = pagination.extend({
  status: z.enum(['done', 'in_transit']).optional(),
  itemCode: z.string().trim().max(40).optional(),
  warehouseId: uuid.optional(),
});

// ---- Excel import (批量导入) of teams and warehouses ----
/** The media type of an .xlsx upload, sent as the raw request body. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest .xlsx accepted by the import endpoints. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Most data rows one import may hold; larger registers are imported in several files. */
export const IMPORT_MAX_ROWS = 1000;
/** Most row problems listed in one answer. */
export const IMPORT_MAX_PROBLEMS = 500;
/** One problem of an import: the row as Excel numbers it, the field (`location.lon`), its column header. */
export const importRowProblem = z.object({
  row: z.number().int(),
  field: z.string(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export const importResult = z.object({ created: z.number().int() });
