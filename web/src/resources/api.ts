import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  EQUIPMENT_STATUSES,
  MOVEMENT_KINDS,
  NEAREST_KINDS,
  READINESS_TARGETS,
  RESERVE_MODES,
  SHELTER_GRADES,
  SHELTER_SETTINGS,
  SHELTER_STATUSES,
  SUPPLY_REQUEST_STATUSES,
  TEAM_CAPABILITIES,
  TEAM_KINDS,
  TEAM_STATUSES,
  WAREHOUSE_LEVELS,
} from '@yingji/contracts';
import { XLSX_CONTENT_TYPE } from '@yingji/contracts';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { ApiError, api, buildUrl, type ListResult } from '../app/api';
import i18n from '../app/i18n';

export type TeamKind = (typeof TEAM_KINDS)[number];
export type TeamCapability = (typeof TEAM_CAPABILITIES)[number];
export type TeamStatus = (typeof TEAM_STATUSES)[number];
export type WarehouseLevel = (typeof WAREHOUSE_LEVELS)[number];
export type ReserveMode = (typeof RESERVE_MODES)[number];
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export type ShelterSetting = (typeof SHELTER_SETTINGS)[number];
export type ShelterGrade = (typeof SHELTER_GRADES)[number];
export type ShelterStatus = (typeof SHELTER_STATUSES)[number];
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];
export type ExpertAvailability = 'available' | 'unavailable';
export type ReadinessMetric = keyof typeof READINESS_TARGETS;
export type NearestKind = (typeof NEAREST_KINDS)[number];
export type SupplyRequestStatus = (typeof SUPPLY_REQUEST_STATUSES)[number];

export interface LonLat {
  lon: number;
  lat: number;
}

export interface Team {
  id: string;
  name: string;
  kind: TeamKind;
  capabilities: string[];
  headcount: number;
  divisionCode: string;
  location: LonLat;
  status: TeamStatus;
  contactName: string | null;
  contactPhone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Warehouse {
  id: string;
  name: string;
  level: WarehouseLevel;
  divisionCode: string;
  location: LonLat;
  reserveMode: ReserveMode;
  managerName: string | null;
  managerPhone: string | null;
  capacityM3: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface SupplyItem {
  code: string;
  name: string;
  unit: string;
  category: string;
}

export interface Balance {
  warehouseId: string;
  warehouseName: string | null;
  divisionCode: string | null;
  itemCode: string;
  itemName: string | null;
  unit: string | null;
  batch: string;
  expiresOn: string | null;
  quantity: number;
}

export interface Movement {
  id: string;
  kind: MovementKind;
  itemCode: string;
  quantity: number;
  batch: string;
  fromWarehouseId: string | null;
  toWarehouseId: string | null;
  incidentId: string | null;
  toOrgId: string | null;
  reason: string | null;
  status: 'done' | 'in_transit';
  createdAt: string;
  receivedAt: string | null;
}

export interface MovementResult {
  movement: Movement;
  balances: Balance[];
}

export interface MovementBody {
  kind: MovementKind;
  itemCode: string;
  quantity: number;
  fromWarehouseId?: string;
  toWarehouseId?: string;
  incidentId?: string;
  toOrgId?: string;
  batch?: string;
  expiresOn?: string;
  reason?: string;
}

/** The few fields of an incident the issue form's picker needs. */
export interface IncidentOption {
  id: string;
  number: string;
  title: string;
}

export interface TeamFilters {
  kind?: TeamKind;
  capability?: TeamCapability;
  status?: TeamStatus;
  divisionCode?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export interface WarehouseFilters {
  level?: WarehouseLevel;
  divisionCode?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export interface ItemFilters {
  category?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export interface StockFilters {
  itemCode?: string;
  warehouseId?: string;
  divisionCode?: string;
  expiringWithinDays?: number;
  page: number;
  pageSize: number;
}

export interface Shelter {
  id: string;
  name: string;
  setting: ShelterSetting;
  grade: ShelterGrade;
  effectiveAreaM2: number;
  capacity: number;
  facilities: string[];
  divisionCode: string;
  location: LonLat;
  status: ShelterStatus;
}

export interface Equipment {
  id: string;
  name: string;
  type: string;
  quantity: number;
  ownerTeamId: string | null;
  divisionCode: string;
  location: LonLat;
  /** `YYYY-MM-DD`. */
  maintenanceDueOn: string | null;
  isMaintenanceOverdue: boolean;
  status: EquipmentStatus;
}

export interface Expert {
  id: string;
  name: string;
  fields: string[];
  organization: string | null;
  phone: string | null;
  divisionCode: string;
  location: LonLat;
  availability: ExpertAvailability;
}

/** One division's readiness figures; shares are 0–1, null when they cannot be worked out. */
export interface ReadinessRow {
  divisionCode: string;
  divisionName: string;
  population: number | null;
  shelterAreaPerResidentM2: number | null;
  firePersonnelPerMille: number | null;
  fireCoverage5min: number | null;
  equipmentMaintainedRate: number | null;
}

export interface ReadinessResult {
  items: ReadinessRow[];
  targets: Record<ReadinessMetric, number>;
}

/** Filters of the shelter, equipment and expert registers. */
export interface RegistryFilters {
  divisionCode?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** Query of `GET /api/v1/resources/nearest`. */
export interface NearestParams {
  lon: number;
  lat: number;
  kind: NearestKind;
  capability?: TeamCapability;
  itemCode?: string;
  minQuantity?: number;
  limit: number;
  maxMinutes: number;
}

/** One team or warehouse found near a point; `distanceMeters` is by road when the answer is routed. */
export interface NearestItem {
  id: string;
  kind: NearestKind;
  name: string;
  divisionCode: string;
  location: LonLat;
  travelSeconds: number;
  distanceMeters: number;
  capabilities?: string[];
  headcount?: number;
  quantity?: number;
  unit?: string;
}

export interface NearestResult {
  routed: boolean;
  items: NearestItem[];
}

export interface SupplyRequestLine {
  itemCode: string;
  quantity: number;
}

export interface ApprovedLine extends SupplyRequestLine {
  fromWarehouseId: string;
}

export interface SupplyRequest {
  id: string;
  requesterOrgId?: string;
  divisionCode: string;
  toWarehouseId: string;
  incidentId: string | null;
  lines: SupplyRequestLine[];
  reason: string | null;
  status: SupplyRequestStatus;
  approvedLines: ApprovedLine[];
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface SupplyRequestFilters {
  status?: SupplyRequestStatus;
  page: number;
  pageSize: number;
}

export interface CreateSupplyRequestBody {
  toWarehouseId: string;
  incidentId?: string;
  lines: SupplyRequestLine[];
  reason?: string;
}

export interface ApproveSupplyRequestBody {
  lines: ApprovedLine[];
  note?: string;
}

export interface RejectSupplyRequestBody {
  note: string;
}

/** What a successful Excel import answers. */
export interface ImportResult {
  created: number;
}

/** One problem of a refused import (`details` of 400 IMPORT_ROWS_INVALID). */
export interface ImportProblem {
  /** The row number Excel shows. */
  row: number;
  field: string;
  /** The column's header in the uploaded sheet. */
  column: string | null;
  code: string;
  message: string;
}

/** Every query of these pages starts with this key, so one invalidation can refresh them all. */
export const RESOURCES_KEY = 'resources';

export function useTeams(filters: TeamFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'teams', filters],
    queryFn: ({ signal }) => api.get<ListResult<Team>>('/teams', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useWarehouses(filters: WarehouseFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'warehouses', filters],
    queryFn: ({ signal }) => api.get<ListResult<Warehouse>>('/warehouses', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSupplyItems(filters: ItemFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'items', filters],
    queryFn: ({ signal }) => api.get<ListResult<SupplyItem>>('/supplies/items', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useStock(filters: StockFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'stock', filters],
    queryFn: ({ signal }) => api.get<ListResult<Balance>>('/supplies/stock', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useShelters(filters: RegistryFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'shelters', filters],
    queryFn: ({ signal }) => api.get<ListResult<Shelter>>('/shelters', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEquipment(filters: RegistryFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'equipment', filters],
    queryFn: ({ signal }) => api.get<ListResult<Equipment>>('/equipment', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useExperts(filters: RegistryFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'experts', filters],
    queryFn: ({ signal }) => api.get<ListResult<Expert>>('/experts', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSupplyRequests(filters: SupplyRequestFilters) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'requests', filters],
    queryFn: ({ signal }) => api.get<ListResult<SupplyRequest>>('/supplies/requests', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Readiness figures of the districts under `parent` (`GET /api/v1/resources/readiness`). */
export function useReadiness(parent: string) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'readiness', parent],
    queryFn: ({ signal }) => api.get<ReadinessResult>('/resources/readiness', { parent }, signal),
  });
}

/** `GET /api/v1/resources/coverage`: the share of a division reached in time, with the isochrone as GeoJSON. */
export interface CoverageResult {
  divisionCode: string;
  minutes: number;
  bases: number;
  share: number;
  sampledPoints: number;
  reachedPoints: number;
  method: string;
  isochrone: FeatureCollection<MultiPolygon, { minutes: number }>;
}

/** The 5-minute fire-station coverage of one division (nothing is asked until a division is chosen). */
export function useFireCoverage(divisionCode: string | undefined) {
  return useQuery({
    queryKey: [RESOURCES_KEY, 'coverage', 'fire_station', 5, divisionCode],
    queryFn: ({ signal }) =>
      api.get<CoverageResult>('/resources/coverage', { kind: 'fire_station', minutes: 5, divisionCode }, signal),
    enabled: !!divisionCode,
    staleTime: 60_000,
    retry: false,
  });
}

/** `details` of a 409 insufficient_stock answer. */
export function insufficientStock(err: unknown): { available: number; requested: number | null } | null {
  if (!(err instanceof ApiError) || err.code !== 'insufficient_stock') return null;
  const d = err.details;
  if (typeof d !== 'object' || d === null) return null;
  const { available, requested } = d as { available?: unknown; requested?: unknown };
  if (typeof available !== 'number') return null;
  return { available, requested: typeof requested === 'number' ? requested : null };
}

/** `details.problems` of a 400 MOVEMENT_INVALID answer. */
export function movementProblems(err: unknown): string[] {
  if (!(err instanceof ApiError) || err.code !== 'MOVEMENT_INVALID') return [];
  const d = err.details;
  if (typeof d !== 'object' || d === null) return [];
  const problems = (d as { problems?: unknown }).problems;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
}

/** Phone numbers as the server accepts them. */
export const PHONE_PATTERN = /^[0-9+\-() ]{3,30}$/;
/** Supply item codes as the server accepts them. */
export const ITEM_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;

/** The row problems of a refused import; empty for any other error. */
export function importProblems(err: unknown): ImportProblem[] {
  if (!(err instanceof ApiError) || err.code !== 'IMPORT_ROWS_INVALID' || !Array.isArray(err.details)) return [];
  return err.details.flatMap((d: unknown): ImportProblem[] => {
    if (typeof d !== 'object' || d === null) return [];
    const { row, field, column, code, message } = d as Record<string, unknown>;
    if (typeof row !== 'number' || typeof message !== 'string') return [];
    return [
      {
        row,
        field: typeof field === 'string' ? field : '',
        column: typeof column === 'string' ? column : null,
        code: typeof code === 'string' ? code : '',
        message,
      },
    ];
  });
}

/** The required columns a refused import lacked (`details.missing` of 400 IMPORT_COLUMNS_MISSING). */
export function importMissingColumns(err: unknown): { field: string; zh: string; en: string }[] {
  if (!(err instanceof ApiError) || err.code !== 'IMPORT_COLUMNS_MISSING') return [];
  const d = err.details;
  const missing = typeof d === 'object' && d !== null ? (d as { missing?: unknown }).missing : undefined;
  if (!Array.isArray(missing)) return [];
  return missing.flatMap((m: unknown) => {
    if (typeof m !== 'object' || m === null) return [];
    const { field, zh, en } = m as Record<string, unknown>;
    return typeof field === 'string' && typeof zh === 'string' && typeof en === 'string' ? [{ field, zh, en }] : [];
  });
}

/**
 * Posts an .xlsx as the raw request body (the import endpoints take the file itself, not a
 * multipart form) and answers the parsed JSON, or throws an {@link ApiError} like `api.post`.
 */
export async function uploadXlsx<T>(path: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path), {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Accept-Language': i18n.language || 'zh-CN',
        'Content-Type': XLSX_CONTENT_TYPE,
      },
      credentials: 'include',
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', i18n.t('common.networkError'));
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      throw new ApiError(
        res.status,
        e.code,
        e.message,
        e.details,
        typeof e.requestId === 'string' ? e.requestId : undefined,
      );
    }
    throw new ApiError(res.status, 'HTTP_ERROR', i18n.t('common.httpError', { status: res.status }));
  }
  return data as T;
}
