import { useEffect } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  COMPLIANCE_STATUSES,
  DRILL_KINDS,
  DRILL_REQUIREMENTS,
  Drill as ContractDrill,
  Organization,
  Plan,
} from '@yingji/contracts';
import { api, type ListResult } from '../app/api';
import { useLiveEvents } from '../app/liveEvents';

export type DrillKind = (typeof DRILL_KINDS)[number];
export type DrillRequirement = (typeof DRILL_REQUIREMENTS)[number];
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];
export type RuleSet = 'government' | 'high_risk' | 'other';
export type ScheduleStatus = 'planned' | 'done' | 'missed';

export type Drill = ContractDrill;
export type FollowUp = Drill['followUps'][number];
export type { Organization, Plan };

/** One planned drill of an organisation's year plan (年度应急演练计划). */
export interface Schedule {
  id: string;
  orgId: string;
  orgName: string | null;
  plannedDate: string;
  planIds: string[];
  kind: DrillKind;
  title: string;
  drillId: string | null;
  status: ScheduleStatus;
}

export interface ComplianceItem {
  requirement: DrillRequirement;
  planId?: string;
  planTitle?: string;
  lastDrillAt: string | null;
  dueBy: string;
  status: ComplianceStatus;
}

export interface ComplianceResult {
  orgId: string;
  orgName: string;
  ruleSet: RuleSet;
  asOf: string;
  items: ComplianceItem[];
}

export interface ComplianceOrg {
  orgId: string;
  orgName: string;
  kind: string;
  divisionCode: string;
  highRisk: boolean;
  ruleSet: RuleSet;
  overdue: number;
  dueSoon: number;
  ok: number;
  nextDueBy: string | null;
}

export interface CreateDrillBody {
  orgId: string;
  planIds: string[];
  date: string;
  kind: DrillKind;
  doubleBlind: boolean;
  title?: string;
  participants?: number;
  evaluation?: string;
  score?: number;
  problems: string[];
  followUps: FollowUp[];
  scheduleId?: string;
}

export type UpdateDrillBody = Partial<Pick<CreateDrillBody, 'participants' | 'evaluation' | 'score' | 'problems'>> & {
  followUps?: FollowUp[];
};

export interface CreateScheduleBody {
  orgId: string;
  plannedDate: string;
  planIds: string[];
  kind: DrillKind;
  title: string;
}

export interface DrillFilters {
  orgId?: string;
  planId?: string;
  year?: number;
  kind?: DrillKind;
}

export interface ComplianceOrgFilters {
  asOf: string;
  divisionCode?: string;
  q?: string;
  onlyOverdue?: 'true';
  page: number;
  pageSize: number;
}

/** Every query of the drill pages starts with this key, so one invalidation can refresh them all. */
export const DRILLS_KEY = 'drills';

/** What another user's drill or schedule change announces on the live channel (within the viewer's scope). */
const DRILL_EVENT_TYPES = ['drill.recorded', 'drill.updated', 'drill_schedule.created'];

/** While mounted: drill records, the year's schedule and compliance refresh when anyone in scope changes them. */
export function useDrillsLive(): void {
  const queryClient = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    const stops = DRILL_EVENT_TYPES.map((type) =>
      subscribe(type, () => void queryClient.invalidateQueries({ queryKey: [DRILLS_KEY] })),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }, [queryClient, subscribe]);
}

/** Plans a drill can exercise: published ones, and superseded ones drilled before they were replaced. */
export const DRILLABLE_PLAN_STATUSES: readonly Plan['status'][] = ['published', 'superseded'];

export function useDrills(filters: DrillFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'list', filters],
    queryFn: ({ signal }) => api.get<ListResult<Drill>>('/drills', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

/** One drill; `shown` (the row that was clicked) is displayed while the fresh copy loads. */
export function useDrill(id: string, shown?: Drill) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Drill>(`/drills/${id}`, undefined, signal),
    placeholderData: shown && shown.id === id ? shown : undefined,
  });
}

export function useSchedules(orgId: string | undefined, year: number) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'schedules', orgId, year],
    queryFn: ({ signal }) =>
      api.get<ListResult<Schedule>>('/drill-schedules', { orgId, year, page: 1, pageSize: 200 }, signal),
    enabled: !!orgId,
    placeholderData: keepPreviousData,
  });
}

export function useComplianceOrgs(filters: ComplianceOrgFilters) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'compliance-orgs', filters],
    queryFn: ({ signal }) => api.get<ListResult<ComplianceOrg>>('/drills/compliance/orgs', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCompliance(orgId: string | null, asOf: string) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'compliance', orgId, asOf],
    queryFn: ({ signal }) => api.get<ComplianceResult>('/drills/compliance', { orgId, asOf }, signal),
    enabled: !!orgId,
  });
}

/** The plans of one organisation (up to 200), for pickers and for naming a schedule's plans. */
export function useOrgPlans(orgId: string | undefined) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'org-plans', orgId],
    queryFn: ({ signal }) => api.get<ListResult<Plan>>('/plans', { ownerOrgId: orgId, page: 1, pageSize: 200 }, signal),
    enabled: !!orgId,
    staleTime: 60_000,
  });
}

/** Plans in the user's scope whose title contains `q` (for the list filter). */
export function usePlanSearch(q: string, ownerOrgId: string | undefined) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'plan-search', q, ownerOrgId],
    queryFn: ({ signal }) =>
      api.get<ListResult<Plan>>('/plans', { q: q || undefined, ownerOrgId, page: 1, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Organisations in the user's scope whose name contains `q`. */
export function useOrgSearch(q: string) {
  return useQuery({
    queryKey: [DRILLS_KEY, 'org-search', q],
    queryFn: ({ signal }) =>
      api.get<ListResult<Organization>>('/organizations', { q: q || undefined, page: 1, pageSize: 200 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
