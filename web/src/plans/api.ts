import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Organization,
  Plan,
  PlanKind,
  createPlanBody,
  planEvaluationBody,
  planReview,
  updatePlanBody,
} from '@yingji/contracts';
import { ApiError, api, apiRequest, buildUrl, type ListResult } from '../app/api';
import type { PlanReviewStatus, PlanStatus } from './labels';

export type { Plan, PlanKind } from '@yingji/contracts';
export type CreatePlanBody = z.input<typeof createPlanBody>;
export type UpdatePlanBody = z.input<typeof updatePlanBody>;
export type PlanReview = z.infer<typeof planReview>;
export type PlanEvaluationBody = z.input<typeof planEvaluationBody>;

export interface PlanEvaluation {
  id: string;
  date: string;
  conclusion: string;
  needsRevision: boolean;
  createdAt: string;
}

export interface PlanFilters {
  q?: string;
  kind?: PlanKind;
  status?: PlanStatus;
  ownerOrgId?: string;
  divisionCode?: string;
}

export interface ReviewFilters {
  asOf?: string;
  status?: PlanReviewStatus;
}

/** Every query of these pages starts with this key, so one invalidation can refresh them all. */
export const PLANS_KEY = 'plans';

export function usePlans(filters: PlanFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: [PLANS_KEY, 'list', filters],
    queryFn: ({ signal }) => api.get<ListResult<Plan>>('/plans', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The Excel file of the registry with the same filters as the table (the server serves it at `/plans/export.xlsx`). */
export function plansExportUrl(filters: PlanFilters): string {
  return buildUrl('/plans/export.xlsx', { ...filters });
}

export function usePlan(id: string | null | undefined) {
  return useQuery({
    queryKey: [PLANS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Plan>(`/plans/${id ?? ''}`, undefined, signal),
    enabled: !!id,
  });
}

export function usePlanReviews(filters: ReviewFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: [PLANS_KEY, 'reviews', filters],
    queryFn: ({ signal }) => api.get<ListResult<PlanReview>>('/plans/reviews', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePlanEvaluations(planId: string) {
  return useQuery({
    queryKey: [PLANS_KEY, 'evaluations', planId],
    queryFn: ({ signal }) =>
      api.get<ListResult<PlanEvaluation>>(`/plans/${planId}/evaluations`, { pageSize: 200 }, signal),
  });
}

/** Creates a plan (POST) or replaces the structured content of one (PUT). */
export function useSavePlan(editingId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePlanBody) =>
      editingId
        ? apiRequest<Plan>(`/plans/${editingId}`, { method: 'PUT', body: body satisfies UpdatePlanBody })
        : api.post<Plan>('/plans', body),
    onSuccess: (plan) => {
      queryClient.setQueryData([PLANS_KEY, 'one', plan.id], plan);
      void queryClient.invalidateQueries({ queryKey: [PLANS_KEY] });
    },
  });
}

export function useAddEvaluation(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PlanEvaluationBody) => api.post<Plan>(`/plans/${planId}/evaluations`, body),
    onSuccess: (plan) => {
      queryClient.setQueryData([PLANS_KEY, 'one', plan.id], plan);
      void queryClient.invalidateQueries({ queryKey: [PLANS_KEY] });
    },
  });
}

/** Plans for a picker (`GET /api/v1/plans?q=`). */
export function usePlanOptions(q: string) {
  return useQuery({
    queryKey: [PLANS_KEY, 'options', q],
    queryFn: ({ signal }) => api.get<ListResult<Plan>>('/plans', { q: q || undefined, page: 1, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
  });
}

const ORG_PAGE_SIZE = 200;
const ORG_MAX_PAGES = 10;

/** Every organisation the user may see (`GET /api/v1/organizations`, page by page), for pickers and names. */
export function useOrganizations() {
  return useQuery({
    queryKey: ['organizations', 'all-in-scope'],
    queryFn: async ({ signal }) => {
      const items: Organization[] = [];
      for (let page = 1; page <= ORG_MAX_PAGES; page++) {
        const res = await api.get<ListResult<Organization>>(
          '/organizations',
          { page, pageSize: ORG_PAGE_SIZE },
          signal,
        );
        items.push(...res.items);
        if (items.length >= res.total || res.items.length < ORG_PAGE_SIZE) break;
      }
      return items;
    },
    staleTime: 5 * 60_000,
  });
}

/** Organisation name by id; undefined when the organisation is outside the user's view. */
export function useOrgNames(): (id: string | null | undefined) => string | undefined {
  const orgs = useOrganizations();
  const names = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  return (id) => (id ? names.get(id) : undefined);
}

/** `details.orgIds` of a PLAN_DEPARTMENT_INVALID answer. */
export function invalidDepartments(err: unknown): string[] {
  if (!(err instanceof ApiError) || err.code !== 'PLAN_DEPARTMENT_INVALID') return [];
  const d = err.details;
  if (typeof d !== 'object' || d === null) return [];
  const ids = (d as { orgIds?: unknown }).orgIds;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** Field problems of a VALIDATION_FAILED answer as `{path, message}` (path like `body.levels.0.triggers.1.value`). */
export function validationProblems(err: unknown): { path: string; message: string }[] {
  if (!(err instanceof ApiError)) return [];
  const d = err.details;
  const list: unknown[] = Array.isArray(d)
    ? d
    : typeof d === 'object' && d !== null && Array.isArray((d as { issues?: unknown }).issues)
      ? (d as { issues: unknown[] }).issues
      : [];
  return list.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    const p = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : '';
    return [{ path: p, message }];
  });
}

/** Today as `YYYY-MM-DD` in local time. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
