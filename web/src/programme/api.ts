import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  XLSX_CONTENT_TYPE,
  type EvaluationKind,
  type Indicator,
  type IndicatorStatus,
  type Programme,
  type ProgrammeDashboard,
  type ProgrammeEvaluation,
  type ProgrammeItemKind,
  type ProgrammeStatus,
  type ProgrammeTask,
  type ProgrammeTaskStatus,
  type ProgrammeUnit,
  type ProgressReport,
  type ReportingCycle,
  type StatisticEntry,
  evaluationBody,
  progressBody,
  programmeTaskDetail,
  statisticCatalogueItem,
  statisticEntryBody,
  updateEvaluationBody,
} from '@yingji/contracts';
import i18n from '../app/i18n';
import { ApiError, api, apiRequest, buildUrl, type ListResult } from '../app/api';

export type {
  EvaluationKind,
  Indicator,
  IndicatorStatus,
  Programme,
  ProgrammeDashboard,
  ProgrammeEvaluation,
  ProgrammeItemKind,
  ProgrammeStatus,
  ProgrammeTask,
  ProgrammeTaskStatus,
  ProgrammeUnit,
  ProgressReport,
  ReportingCycle,
  StatisticEntry,
};
export type ProgrammeTaskDetail = z.infer<typeof programmeTaskDetail>;
export type StatisticCatalogueItem = z.infer<typeof statisticCatalogueItem>;
export type ProgressBody = z.input<typeof progressBody>;
export type StatisticEntryBody = z.input<typeof statisticEntryBody>;
export type EvaluationBody = z.input<typeof evaluationBody>;
export type UpdateEvaluationBody = z.input<typeof updateEvaluationBody>;
export type RecentReport = ProgrammeDashboard['recentReports'][number];
export type UnitNotReported = ProgrammeDashboard['unitsNotReported'][number];

export interface ProgrammeFilters {
  q?: string;
  status?: ProgrammeStatus;
}

export interface TaskFilters {
  kind?: ProgrammeItemKind;
  unitId?: string;
  role?: 'lead' | 'any';
  status?: ProgrammeTaskStatus;
  overdue?: 'true' | 'false';
  section?: string;
  q?: string;
}

/** Every query of these pages starts with 'programme', so one invalidation refreshes them all. */
export const PROGRAMME_KEY = 'programme';

export const programmeKeys = {
  all: [PROGRAMME_KEY] as const,
  list: (f: ProgrammeFilters & { page: number; pageSize: number }) => [PROGRAMME_KEY, 'list', f] as const,
  one: (id: string) => [PROGRAMME_KEY, 'one', id] as const,
  dashboard: (id: string, year?: number) => [PROGRAMME_KEY, 'dashboard', id, year ?? null] as const,
  indicators: (id: string, year?: number) => [PROGRAMME_KEY, 'indicators', id, year ?? null] as const,
  tasks: (id: string, f: TaskFilters & { page: number; pageSize: number }) => [PROGRAMME_KEY, 'tasks', id, f] as const,
  units: (id: string) => [PROGRAMME_KEY, 'units', id] as const,
  task: (id: string) => [PROGRAMME_KEY, 'task', id] as const,
  evaluations: (id: string) => [PROGRAMME_KEY, 'evaluations', id] as const,
  catalogue: () => [PROGRAMME_KEY, 'catalogue'] as const,
  statistics: (f: { statistic?: string; year?: number; divisionCode?: string }) =>
    [PROGRAMME_KEY, 'statistics', f] as const,
};

export function useProgrammes(filters: ProgrammeFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: programmeKeys.list(filters),
    queryFn: ({ signal }) => api.get<ListResult<Programme>>('/programmes', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProgramme(id: string) {
  return useQuery({
    queryKey: programmeKeys.one(id),
    queryFn: ({ signal }) => api.get<Programme>(`/programmes/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useDashboard(id: string, year?: number) {
  return useQuery({
    queryKey: programmeKeys.dashboard(id, year),
    queryFn: ({ signal }) => api.get<ProgrammeDashboard>(`/programmes/${id}/dashboard`, { year }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useIndicators(id: string, year?: number) {
  return useQuery({
    queryKey: programmeKeys.indicators(id, year),
    queryFn: ({ signal }) => api.get<ListResult<Indicator>>(`/programmes/${id}/indicators`, { year }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProgrammeTasks(
  id: string,
  filters: TaskFilters & { page: number; pageSize: number },
  enabled = true,
) {
  return useQuery({
    queryKey: programmeKeys.tasks(id, filters),
    queryFn: ({ signal }) => api.get<ListResult<ProgrammeTask>>(`/programmes/${id}/tasks`, { ...filters }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProgrammeUnits(id: string) {
  return useQuery({
    queryKey: programmeKeys.units(id),
    queryFn: ({ signal }) => api.get<ListResult<ProgrammeUnit>>(`/programmes/${id}/units`, undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export function useProgrammeTask(id: string) {
  return useQuery({
    queryKey: programmeKeys.task(id),
    queryFn: ({ signal }) => api.get<ProgrammeTaskDetail>(`/programme-tasks/${id}`, undefined, signal),
  });
}

/**
 * The items (tasks, projects, campaigns) of every listed programme where `orgId` is lead or responsible,
 * fetched per programme and kind and merged.
 */
export function useMyItems(programmes: Programme[], orgId: string | undefined) {
  const kinds: ProgrammeItemKind[] = ['task', 'project', 'campaign'];
  const pairs = programmes.flatMap((p) => kinds.map((kind) => ({ p, kind })));
  return useQueries({
    queries: pairs.map(({ p, kind }) => {
      const filters: TaskFilters & { page: number; pageSize: number } = {
        kind,
        unitId: orgId,
        page: 1,
        pageSize: 200,
      };
      return {
        queryKey: programmeKeys.tasks(p.id, filters),
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          api.get<ListResult<ProgrammeTask>>(`/programmes/${p.id}/tasks`, { ...filters }, signal),
        enabled: !!orgId,
      };
    }),
    combine: (results) => ({
      items: results.flatMap((r, i) => (r.data?.items ?? []).map((task) => ({ task, programme: pairs[i]!.p }))),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.isError)?.error ?? null,
      refetch: () => results.forEach((r) => void r.refetch()),
    }),
  });
}

export function useReportProgress(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProgressBody) => api.post<ProgressReport>(`/tasks/${taskId}/progress`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: programmeKeys.all }),
  });
}

export function useEvaluations(id: string) {
  return useQuery({
    queryKey: programmeKeys.evaluations(id),
    queryFn: ({ signal }) =>
      api.get<ListResult<ProgrammeEvaluation>>(`/programmes/${id}/evaluations`, { pageSize: 100 }, signal),
  });
}

export function useCreateEvaluation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EvaluationBody) => api.post<ProgrammeEvaluation>(`/programmes/${id}/evaluations`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: programmeKeys.evaluations(id) }),
  });
}

export function useUpdateEvaluation(programmeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEvaluationBody }) =>
      api.patch<ProgrammeEvaluation>(`/programme-evaluations/${id}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: programmeKeys.evaluations(programmeId) }),
  });
}

export function useStatisticCatalogue() {
  return useQuery({
    queryKey: programmeKeys.catalogue(),
    queryFn: ({ signal }) =>
      api.get<ListResult<StatisticCatalogueItem>>('/programme-statistics/catalogue', undefined, signal),
    staleTime: 10 * 60_000,
  });
}

export function useStatisticEntries(filters: { statistic?: string; year?: number; divisionCode?: string }) {
  return useQuery({
    queryKey: programmeKeys.statistics(filters),
    queryFn: ({ signal }) =>
      api.get<ListResult<StatisticEntry>>('/programme-statistics', { ...filters, pageSize: 200 }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEnterStatistic() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StatisticEntryBody) => api.post<StatisticEntry>('/programme-statistics', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: programmeKeys.all }),
  });
}

export const exportJsonUrl = (id: string) => buildUrl(`/programmes/${id}/export.json`);
export const exportXlsxUrl = (id: string) => buildUrl(`/programmes/${id}/export.xlsx`);

/** Loads a whole programme: a JSON document (as export.json gives) or an .xlsx workbook (as export.xlsx gives). */
export function useImportProgramme() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File): Promise<Programme> => {
      if (/\.json$/i.test(file.name) || file.type === 'application/json') {
        let doc: unknown;
        try {
          doc = JSON.parse(await file.text());
        } catch {
          throw new ApiError(400, 'IMPORT_FILE_INVALID', i18n.t('programme:import.notJson'));
        }
        return apiRequest<Programme>('/programmes', { method: 'POST', body: doc });
      }
      return uploadXlsx<Programme>('/programmes/import.xlsx', file);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: programmeKeys.all }),
  });
}

async function uploadXlsx<T>(path: string, file: Blob): Promise<T> {
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
    if (typeof e.code === 'string' && typeof e.message === 'string')
      throw new ApiError(
        res.status,
        e.code,
        e.message,
        e.details,
        typeof e.requestId === 'string' ? e.requestId : undefined,
      );
    throw new ApiError(res.status, 'HTTP_ERROR', i18n.t('common.httpError', { status: res.status }));
  }
  return data as T;
}

/** `details` of a PROGRAMME_IMPORT_INVALID answer: one line per problem. */
export function importProblems(err: unknown): { sheet?: string; row?: number; field?: string; message: string }[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return err.details.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { sheet, row, field, message, path } = d as Record<string, unknown>;
    if (typeof message !== 'string') return [];
    return [
      {
        sheet: typeof sheet === 'string' ? sheet : undefined,
        row: typeof row === 'number' ? row : undefined,
        field: typeof field === 'string' ? field : Array.isArray(path) ? path.map(String).join('.') : undefined,
        message,
      },
    ];
  });
}

/** The reporting periods a unit may report on: the latest ended one first, then the current and earlier ones. */
export function reportingPeriods(cycle: ReportingCycle, now = new Date()): string[] {
  const y = now.getFullYear();
  const m = now.getMonth(); // 0-based
  const out: string[] = [];
  if (cycle === 'quarterly') {
    const q = Math.floor(m / 3); // current quarter, 0-based
    // latest ended quarter, the current one, then three earlier ones
    const at = (offset: number) => {
      const n = y * 4 + q + offset;
      return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
    };
    out.push(at(-1), at(0), at(-2), at(-3), at(-4));
  } else {
    const at = (offset: number) => {
      const n = y * 12 + m + offset;
      return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    };
    out.push(at(-1), at(0), at(-2), at(-3), at(-4), at(-5), at(-6));
  }
  return out;
}
