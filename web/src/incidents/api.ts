import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  INCIDENT_CATEGORIES,
  INCIDENT_GRADES,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
  INCIDENT_UPDATE_KINDS,
  Incident,
  REPORT_LEVELS,
  STATS_GROUPS,
} from '@yingji/contracts';
import { api, type ListResult } from '../app/api';

export type { Incident };
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export type IncidentGrade = (typeof INCIDENT_GRADES)[number];
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentUpdateKind = (typeof INCIDENT_UPDATE_KINDS)[number];
export type ReportLevel = (typeof REPORT_LEVELS)[number];
export type StatsGroup = (typeof STATS_GROUPS)[number];
export type ChainStep = Incident['reportingChain'][number];
export type TimelineEntry = NonNullable<Incident['timeline']>[number];
export type Casualties = Incident['casualties'];
export type DutyRole = 'officer' | 'leader';

export interface DutyShift {
  id: string;
  orgId: string;
  orgName: string | null;
  divisionCode: string;
  startsAt: string;
  endsAt: string;
  role: DutyRole;
  personName: string;
  userId: string | null;
  phone: string | null;
}

export interface DutyHandover {
  id: string;
  orgId: string;
  at: string;
  fromName: string;
  toName: string;
  text: string;
}

export interface IncidentStatsRow {
  key: string;
  label: string;
  incidents: number;
  deaths: number;
  missing: number;
  seriousInjuries: number;
  minorInjuries: number;
  directLossYuan: number;
}

export interface IncidentListParams {
  status?: IncidentStatus;
  grade?: IncidentGrade;
  category?: IncidentCategory;
  type?: string;
  divisionCode?: string;
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface CreateIncidentInput {
  category: IncidentCategory;
  type: string;
  title: string;
  occurredAt: string;
  receivedAt?: string;
  source: IncidentSource;
  divisionCode: string;
  location: { lon: number; lat: number; address?: string };
  casualties: Casualties;
  directLossYuan?: number;
  description?: string;
  grade?: IncidentGrade;
  gradeReason?: string;
}

export interface IncidentUpdateInput {
  kind: IncidentUpdateKind;
  at?: string;
  casualties?: Casualties;
  directLossYuan?: number;
  text: string;
}

export interface StatsParams {
  groupBy: StatsGroup;
  from?: string;
  to?: string;
  category?: IncidentCategory;
  divisionCode?: string;
}

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  entity: string;
  entityId: string;
  createdAt: string;
  readAt: string | null;
}

/** Every query of this module starts with 'incidents' or 'duty' so live events can refresh them together. */
export const incidentKeys = {
  all: ['incidents'] as const,
  list: (params: IncidentListParams) => ['incidents', 'list', params] as const,
  detail: (id: string) => ['incidents', 'detail', id] as const,
  stats: (params: StatsParams) => ['incidents', 'stats', params] as const,
  mapLayer: ['incidents', 'map'] as const,
};

export function useIncidentList(params: IncidentListParams) {
  return useQuery({
    queryKey: incidentKeys.list(params),
    queryFn: ({ signal }) => api.get<ListResult<Incident>>('/incidents', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: incidentKeys.detail(id),
    queryFn: ({ signal }) => api.get<Incident>(`/incidents/${id}`, undefined, signal),
  });
}

export function useIncidentStats(params: StatsParams) {
  return useQuery({
    queryKey: incidentKeys.stats(params),
    queryFn: ({ signal }) => api.get<ListResult<IncidentStatsRow>>('/incidents/stats', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

/** After a change made here: keep the answer as the detail and refresh the lists. */
function useStoreIncident() {
  const queryClient = useQueryClient();
  return (incident: Incident) => {
    // The list answers have no timeline: only a full answer replaces the cached detail.
    if (incident.timeline) queryClient.setQueryData(incidentKeys.detail(incident.id), incident);
    void queryClient.invalidateQueries({
      queryKey: incidentKeys.all,
      predicate: (q) => !(q.queryKey[1] === 'detail' && q.queryKey[2] === incident.id && incident.timeline),
    });
  };
}

export function useCreateIncident() {
  const store = useStoreIncident();
  return useMutation({
    mutationFn: (body: CreateIncidentInput) => api.post<Incident>('/incidents', body),
    onSuccess: store,
  });
}

export function useAddIncidentUpdate(id: string) {
  const store = useStoreIncident();
  return useMutation({
    mutationFn: (body: IncidentUpdateInput) => api.post<Incident>(`/incidents/${id}/updates`, body),
    onSuccess: store,
  });
}

export function useRecordEscalation(id: string) {
  const store = useStoreIncident();
  return useMutation({
    mutationFn: (body: { level: ReportLevel; at?: string }) => api.post<Incident>(`/incidents/${id}/escalations`, body),
    onSuccess: store,
  });
}

export function useAssignGrade(id: string) {
  const store = useStoreIncident();
  return useMutation({
    mutationFn: (body: { grade: IncidentGrade; reason: string }) => api.post<Incident>(`/incidents/${id}/grade`, body),
    onSuccess: store,
  });
}

// ---- duty roster ----

export const dutyKeys = {
  all: ['duty'] as const,
  now: ['duty', 'now'] as const,
  shifts: (from: string, to: string) => ['duty', 'shifts', from, to] as const,
  handovers: ['duty', 'handovers'] as const,
};

export function useDutyNow(enabled = true) {
  return useQuery({
    queryKey: dutyKeys.now,
    queryFn: ({ signal }) => api.get<ListResult<DutyShift>>('/duty/now', undefined, signal),
    refetchInterval: 5 * 60_000,
    enabled,
  });
}

export function useDutyShifts(from: string, to: string) {
  return useQuery({
    queryKey: dutyKeys.shifts(from, to),
    queryFn: ({ signal }) => api.get<ListResult<DutyShift>>('/duty/shifts', { from, to }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDutyHandovers() {
  return useQuery({
    queryKey: dutyKeys.handovers,
    queryFn: ({ signal }) => api.get<ListResult<DutyHandover>>('/duty/handovers', undefined, signal),
  });
}

export function useCreateShift() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { startsAt: string; endsAt: string; role: DutyRole; personName: string; phone?: string }) =>
      api.post<DutyShift>('/duty/shifts', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dutyKeys.all }),
  });
}

export function useCreateHandover() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { fromName: string; toName: string; text: string }) =>
      api.post<DutyHandover>('/duty/handovers', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dutyKeys.handovers }),
  });
}

// ---- downloads (cookie-authenticated plain links) ----

export function reportDocxUrl(id: string): string {
  return `/api/v1/incidents/${id}/report.docx`;
}
