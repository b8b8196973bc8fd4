import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssessmentInput,
  AttachmentMeta,
  ControlLevel,
  CreateHazardBody,
  CreateRiskPointBody,
  Hazard,
  HazardCategory,
  HazardDetail,
  HazardLevel,
  HazardSource,
  HazardState,
  HazardStatistics,
  HazardTransitionBody,
  MajorHazardSource,
  RectificationPlan,
  RiskLevel,
  RiskMap,
  RiskPoint,
  RiskPointDetail,
  UpdateRiskPointBody,
  VulnerableTarget,
} from '@yingji/contracts';
import i18n from '../app/i18n';
import { api, ApiError, apiRequest, buildUrl, type ListResult } from '../app/api';

export type {
  AssessmentInput,
  AttachmentMeta,
  ControlLevel,
  CreateHazardBody,
  CreateRiskPointBody,
  Hazard,
  HazardCategory,
  HazardDetail,
  HazardLevel,
  HazardSource,
  HazardState,
  HazardStatistics,
  HazardTransitionBody,
  MajorHazardSource,
  RectificationPlan,
  RiskLevel,
  RiskMap,
  RiskPoint,
  RiskPointDetail,
  UpdateRiskPointBody,
  VulnerableTarget,
};

/** First element of every query key of this module (invalidate it to refresh all its views). */
export const RISKS_KEY = 'risks';

type Query = Record<string, string | number | boolean | undefined>;

function useList<T>(key: string, path: string, params: Query, enabled = true) {
  return useQuery({
    queryKey: [RISKS_KEY, key, params],
    queryFn: ({ signal }) => api.get<ListResult<T>>(path, params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

// ---- risk points ----

export interface RiskFilters extends Query {
  level?: RiskLevel;
  controlLevel?: ControlLevel;
  orgId?: string;
  divisionCode?: string;
  type?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export const useRiskPoints = (params: RiskFilters) => useList<RiskPoint>('points', '/risks', params);

export function useRiskPoint(id: string | null) {
  return useQuery({
    queryKey: [RISKS_KEY, 'point', id],
    queryFn: ({ signal }) => api.get<RiskPointDetail>(`/risks/${id ?? ''}`, undefined, signal),
    enabled: !!id,
  });
}

export function useSaveRiskPoint(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRiskPointBody | UpdateRiskPointBody) =>
      id
        ? apiPut<RiskPointDetail>(`/risks/${id}`, body)
        : api.post<RiskPointDetail>('/risks', body as CreateRiskPointBody),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [RISKS_KEY] }),
  });
}

/** PUT with a JSON body (the shared client covers GET, POST and PATCH). */
function apiPut<T>(path: string, body: unknown): Promise<T> {
  return apiRequest<T>(path, { method: 'PUT', body });
}

// ---- three lists ----

export interface ListFilters extends Query {
  divisionCode?: string;
  orgId?: string;
}

export const useRiskList = (params: ListFilters) => useList<RiskPoint>('list-risks', '/risk-lists/risks', params);
export const useMajorHazardList = (params: ListFilters) =>
  useList<MajorHazardSource>('list-mhs', '/risk-lists/major-hazard-sources', params);
export const useVulnerableList = (params: ListFilters) =>
  useList<VulnerableTarget>('list-vt', '/risk-lists/vulnerable-targets', params);

export function riskListExportUrl(
  list: 'risks' | 'major-hazard-sources' | 'vulnerable-targets' | 'all',
  f: ListFilters,
) {
  return buildUrl('/risk-lists/export', { list, divisionCode: f.divisionCode, orgId: f.orgId });
}

export function fetchRiskMap(divisionCode?: string, signal?: AbortSignal): Promise<RiskMap> {
  return api.get<RiskMap>('/risk-map', { divisionCode }, signal);
}

// ---- hazards ----

export interface HazardFilters extends Query {
  status?: HazardState;
  level?: HazardLevel;
  category?: HazardCategory;
  source?: HazardSource;
  orgId?: string;
  divisionCode?: string;
  overdue?: boolean;
  open?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
}

export const useHazards = (params: HazardFilters) => useList<Hazard>('hazards', '/hazards', params);
export const useSupervision = (params: { divisionCode?: string; orgId?: string; page?: number; pageSize?: number }) =>
  useList<Hazard>('supervision', '/hazards/supervision', params);

export function useHazard(id: string | undefined) {
  return useQuery({
    queryKey: [RISKS_KEY, 'hazard', id],
    queryFn: ({ signal }) => api.get<HazardDetail>(`/hazards/${id ?? ''}`, undefined, signal),
    enabled: !!id,
  });
}

export function useCreateHazard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateHazardBody) => api.post<HazardDetail>('/hazards', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [RISKS_KEY] }),
  });
}

export function useTransitionHazard(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HazardTransitionBody) => api.post<HazardDetail>(`/hazards/${id}/transitions`, body),
    onSuccess: (detail) => {
      queryClient.setQueryData([RISKS_KEY, 'hazard', id], detail);
      void queryClient.invalidateQueries({ queryKey: [RISKS_KEY] });
    },
  });
}

export interface HazardStatsParams extends Query {
  divisionCode?: string;
  orgId?: string;
  from?: string;
  to?: string;
  period?: 'week' | 'month' | 'quarter' | 'year';
}

export function useHazardStatistics(params: HazardStatsParams) {
  return useQuery({
    queryKey: [RISKS_KEY, 'hazard-stats', params],
    queryFn: ({ signal }) => api.get<HazardStatistics>('/hazards/statistics', params, signal),
    placeholderData: keepPreviousData,
  });
}

// ---- attachments ----

export function attachmentUrl(id: string): string {
  return buildUrl(`/attachments/${id}`);
}

/** Uploads one file as the raw request body (`POST /api/v1/attachments?name=`). */
export async function uploadAttachment(file: File): Promise<AttachmentMeta> {
  let res: Response;
  try {
    res = await fetch(buildUrl('/attachments', { name: file.name || undefined }), {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Accept-Language': i18n.language || 'zh-CN',
        'Content-Type': file.type || 'application/octet-stream',
      },
      credentials: 'include',
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', i18n.t('common.networkError'));
  }
  const data = (await res.json().catch(() => undefined)) as
    (AttachmentMeta & { code?: string; message?: string; requestId?: string }) | undefined;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      data?.code ?? 'HTTP_ERROR',
      data?.message ?? i18n.t('common.httpError', { status: res.status }),
      undefined,
      data?.requestId,
    );
  }
  if (!data) throw new ApiError(res.status, 'HTTP_ERROR', i18n.t('common.httpError', { status: res.status }));
  return data;
}
