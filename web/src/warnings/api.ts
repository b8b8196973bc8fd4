import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createSubscriberBody,
  createWarningBody,
  Delivery,
  DeliveryChannel,
  DeliveryStatus,
  DeliverySummary,
  DivisionPopulation,
  HazardType,
  PublicWarning,
  Subscriber,
  SubscriberChannel,
  SubscriberKind,
  updateSubscriberBody,
  updateWarningBody,
  Warning,
  WarningMessage,
  WarningStatus,
} from '@yingji/contracts';
import { ApiError, api, apiRequest, buildUrl, type ListResult } from '../app/api';
import i18n from '../app/i18n';

export type {
  Delivery,
  DeliveryChannel,
  DeliveryStatus,
  DeliverySummary,
  DivisionPopulation,
  HazardType,
  PublicWarning,
  Subscriber,
  SubscriberChannel,
  SubscriberKind,
  Warning,
  WarningMessage,
  WarningStatus,
};
export type CreateSubscriberBody = z.input<typeof createSubscriberBody>;
export type UpdateSubscriberBody = z.input<typeof updateSubscriberBody>;
export type CreateWarningBody = z.input<typeof createWarningBody>;
export type UpdateWarningBody = z.input<typeof updateWarningBody>;
export type WarningPolygonValue = NonNullable<Warning['polygon']>;

export interface WarningFilters {
  status?: WarningStatus;
  hazardType?: HazardType;
  level?: number;
}

/** Every query of these pages starts with this key, so one invalidation refreshes them all. */
export const WARNINGS_KEY = 'warnings';

export function useWarnings(filters: WarningFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: [WARNINGS_KEY, 'list', filters],
    queryFn: ({ signal }) => api.get<ListResult<Warning>>('/warnings', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useWarning(id: string | undefined) {
  return useQuery({
    queryKey: [WARNINGS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Warning>(`/warnings/${id ?? ''}`, undefined, signal),
    enabled: !!id,
  });
}

/** The address of a warning's latest CAP message (public once published). */
export function capUrl(id: string): string {
  return buildUrl(`/warnings/${id}/cap.xml`);
}

export const FEED_URL = buildUrl('/warnings/cap/feed.atom');

function useWarningMutation<V>(fn: (v: V) => Promise<Warning>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (w) => {
      qc.setQueryData([WARNINGS_KEY, 'one', w.id], w);
      void qc.invalidateQueries({ queryKey: [WARNINGS_KEY] });
    },
  });
}

export function useCreateWarning() {
  return useWarningMutation((body: CreateWarningBody) => api.post<Warning>('/warnings', body));
}

export function useUpdateWarning(id: string) {
  return useWarningMutation((body: UpdateWarningBody) =>
    apiRequest<Warning>(`/warnings/${id}`, { method: 'PUT', body }),
  );
}

export function useSubmitWarning() {
  return useWarningMutation((id: string) => api.post<Warning>(`/warnings/${id}/submit`));
}

export function useApproveWarning() {
  return useWarningMutation((id: string) => api.post<Warning>(`/warnings/${id}/approve`));
}

export function useCancelWarning() {
  return useWarningMutation(({ id, reason }: { id: string; reason?: string }) =>
    api.post<Warning>(`/warnings/${id}/cancel`, reason ? { reason } : {}),
  );
}

/** Sends a CAP 1.2 message as `application/cap+xml`; the answer is the draft it became. */
export async function importCapXml(xml: string): Promise<Warning> {
  let res: Response;
  try {
    res = await fetch(buildUrl('/warnings/cap'), {
      method: 'POST',
      credentials: 'include',
      headers: {
        Accept: 'application/json',
        'Accept-Language': i18n.language || 'zh-CN',
        'Content-Type': 'application/cap+xml',
      },
      body: xml,
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
    const body = data as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } | undefined;
    if (body && typeof body.code === 'string' && typeof body.message === 'string')
      throw new ApiError(
        res.status,
        body.code,
        body.message,
        body.details,
        typeof body.requestId === 'string' ? body.requestId : undefined,
      );
    throw new ApiError(res.status, 'HTTP_ERROR', i18n.t('common.httpError', { status: res.status }));
  }
  return data as Warning;
}

export function useImportCap() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: importCapXml,
    onSuccess: (w) => {
      qc.setQueryData([WARNINGS_KEY, 'one', w.id], w);
      void qc.invalidateQueries({ queryKey: [WARNINGS_KEY] });
    },
  });
}

/** Delivery counts and coverage; polled every `intervalMs` while anything is still queued. */
export function useDeliverySummary(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [WARNINGS_KEY, 'deliveries', id],
    queryFn: ({ signal }) => api.get<DeliverySummary>(`/warnings/${id}/deliveries`, undefined, signal),
    enabled,
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return 5000;
      const busy = d.totals.queued > 0 || d.messages.some((m) => m.dispatchedAt === null);
      return busy ? 1500 : 15_000;
    },
  });
}

export interface DeliveryFilters {
  channel?: DeliveryChannel;
  status?: DeliveryStatus;
  q?: string;
}

export function useDeliveries(
  id: string,
  filters: DeliveryFilters & { page: number; pageSize: number },
  poll: boolean,
) {
  return useQuery({
    queryKey: [WARNINGS_KEY, 'deliveries', id, 'list', filters],
    queryFn: ({ signal }) =>
      api.get<ListResult<Delivery>>(`/warnings/${id}/deliveries/recipients`, { ...filters }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: poll ? 3000 : false,
  });
}

/** Active warnings for the public page; its key starts with 'public' so it survives logging out. */
export function usePublicWarnings(divisionCode?: string) {
  return useQuery({
    queryKey: ['public', 'warnings', divisionCode ?? ''],
    queryFn: ({ signal }) =>
      api.get<ListResult<PublicWarning>>('/public/warnings', { divisionCode, pageSize: 100 }, signal),
    refetchInterval: 30_000,
  });
}

export interface SubscriberFilters {
  q?: string;
  kind?: SubscriberKind;
  divisionCode?: string;
  channel?: SubscriberChannel;
  active?: 'true' | 'false';
}

export function useSubscribers(filters: SubscriberFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: [WARNINGS_KEY, 'subscribers', filters],
    queryFn: ({ signal }) => api.get<ListResult<Subscriber>>('/subscribers', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

function useSubscriberMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void qc.invalidateQueries({ queryKey: [WARNINGS_KEY, 'subscribers'] }),
  });
}

export function useCreateSubscriber() {
  return useSubscriberMutation((body: CreateSubscriberBody) => api.post<Subscriber>('/subscribers', body));
}

export function useUpdateSubscriber() {
  return useSubscriberMutation(({ id, body }: { id: string; body: UpdateSubscriberBody }) =>
    apiRequest<Subscriber>(`/subscribers/${id}`, { method: 'PUT', body }),
  );
}

export function useDeleteSubscriber() {
  return useSubscriberMutation((id: string) => apiRequest<void>(`/subscribers/${id}`, { method: 'DELETE' }));
}

export function useImportSubscribers() {
  return useSubscriberMutation((subscribers: CreateSubscriberBody[]) =>
    api.post<{ created: number; ids: string[] }>('/subscribers/import', { subscribers }),
  );
}

export function usePopulations(parent?: string) {
  return useQuery({
    queryKey: [WARNINGS_KEY, 'populations', parent ?? ''],
    queryFn: ({ signal }) => api.get<ListResult<DivisionPopulation>>('/warnings/populations', { parent }, signal),
  });
}

export function useSetPopulation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      code,
      population,
      year,
      source,
    }: {
      code: string;
      population: number;
      year: number;
      source?: string;
    }) => apiRequest<unknown>(`/divisions/${code}/figures`, { method: 'PUT', body: { population, year, source } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [WARNINGS_KEY, 'populations'] }),
  });
}
