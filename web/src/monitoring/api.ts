import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Alarm,
  ALARM_LEVELS,
  ALARM_STATUSES,
  alarmIncidentBody,
  ingestError,
  INGEST_ERROR_REASONS,
  LINKED_KINDS,
  rule,
  RULE_KINDS,
  RuleInput,
  Sensor,
  SENSOR_STATUSES,
  SENSOR_TYPES,
  series,
  THRESHOLD_OPS,
} from '@yingji/contracts';
import { api, type ListResult } from '../app/api';

/** The parsed (output) type of one of the contracts' schemas. */
type Parsed<S extends { parse: (v: unknown) => unknown }> = ReturnType<S['parse']>;

export type { Alarm, RuleInput, Sensor };
export type SensorRule = Parsed<typeof rule>;
export type Series = Parsed<typeof series>;
export type SeriesPoint = Series['points'][number];
export type IngestError = Parsed<typeof ingestError>;
export type SensorType = (typeof SENSOR_TYPES)[number];
export type SensorStatus = (typeof SENSOR_STATUSES)[number];
export type LinkedKind = (typeof LINKED_KINDS)[number];
export type AlarmLevel = (typeof ALARM_LEVELS)[number];
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export type AlarmKind = Alarm['kind'];
export type AlarmTimelineEntry = NonNullable<Alarm['timeline']>[number];
export type RuleKind = (typeof RULE_KINDS)[number];
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];
export type IngestErrorReason = (typeof INGEST_ERROR_REASONS)[number];
export type SeriesStep = Series['step'];
export type AlarmIncidentInput = Parsed<typeof alarmIncidentBody>;

export interface CreateSensorInput {
  code: string;
  name?: string;
  type: SensorType;
  divisionCode: string;
  location: { lon: number; lat: number };
  metrics: { name: string; unit: string }[];
  intervalSeconds: number;
  linked?: { kind: LinkedKind; name: string };
}

export interface SensorListParams {
  type?: SensorType;
  status?: SensorStatus;
  divisionCode?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface AlarmListParams {
  status?: AlarmStatus | 'open';
  level?: AlarmLevel;
  sensorCode?: string;
  divisionCode?: string;
  page?: number;
  pageSize?: number;
}

export interface SeriesParams {
  metric: string;
  step: SeriesStep;
  from?: string;
  to?: string;
}

export interface AlarmIncidentResult {
  alarm: Alarm;
  incidentId: string;
  incidentNumber: string;
}

/** Every query of this module starts with 'monitoring' so live events can refresh them together. */
export const monitoringKeys = {
  all: ['monitoring'] as const,
  sensors: (params: SensorListParams) => ['monitoring', 'sensors', params] as const,
  sensor: (code: string) => ['monitoring', 'sensor', code] as const,
  rules: (code: string) => ['monitoring', 'sensor', code, 'rules'] as const,
  errors: (code: string) => ['monitoring', 'sensor', code, 'errors'] as const,
  series: (code: string, params: SeriesParams) => ['monitoring', 'sensor', code, 'series', params] as const,
  alarms: (params: AlarmListParams) => ['monitoring', 'alarms', params] as const,
  alarm: (id: string) => ['monitoring', 'alarm', id] as const,
};

export function useSensors(params: SensorListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: monitoringKeys.sensors(params),
    queryFn: ({ signal }) => api.get<ListResult<Sensor>>('/sensors', { ...params }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}

export function useSensor(code: string, enabled = true) {
  return useQuery({
    queryKey: monitoringKeys.sensor(code),
    queryFn: ({ signal }) => api.get<Sensor>(`/sensors/${encodeURIComponent(code)}`, undefined, signal),
    refetchInterval: 30_000,
    enabled: enabled && !!code,
  });
}

export function useRules(code: string, enabled = true) {
  return useQuery({
    queryKey: monitoringKeys.rules(code),
    queryFn: ({ signal }) =>
      api.get<ListResult<SensorRule>>(`/sensors/${encodeURIComponent(code)}/rules`, undefined, signal),
    enabled: enabled && !!code,
  });
}

export function useIngestErrors(code: string) {
  return useQuery({
    queryKey: monitoringKeys.errors(code),
    queryFn: ({ signal }) =>
      api.get<ListResult<IngestError>>(`/sensors/${encodeURIComponent(code)}/errors`, undefined, signal),
    refetchInterval: 60_000,
  });
}

export function useSeries(code: string, params: SeriesParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: monitoringKeys.series(code, params),
    queryFn: ({ signal }) => api.get<Series>(`/sensors/${encodeURIComponent(code)}/series`, { ...params }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
    enabled: !!code && !!params.metric,
  });
}

export function useAlarms(params: AlarmListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: monitoringKeys.alarms(params),
    queryFn: ({ signal }) => api.get<ListResult<Alarm>>('/alarms', { ...params }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}

export function useAlarm(id: string | null) {
  return useQuery({
    queryKey: monitoringKeys.alarm(id ?? ''),
    queryFn: ({ signal }) => api.get<Alarm>(`/alarms/${id ?? ''}`, undefined, signal),
    enabled: !!id,
  });
}

/** Puts a fresh copy of an alarm into the caches that show it, then refreshes the lists. */
function useAlarmSaved() {
  const queryClient = useQueryClient();
  return (alarm: Alarm) => {
    queryClient.setQueryData(monitoringKeys.alarm(alarm.id), alarm);
    void queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
  };
}

export function useAckAlarm() {
  const saved = useAlarmSaved();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note?: string }) =>
      api.post<Alarm>(`/alarms/${id}/ack`, note ? { note } : {}),
    onSuccess: saved,
  });
}

export function useAlarmToIncident() {
  const saved = useAlarmSaved();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<AlarmIncidentInput> }) =>
      api.post<AlarmIncidentResult>(`/alarms/${id}/incident`, body),
    onSuccess: (res) => saved(res.alarm),
  });
}

export function useCreateSensor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSensorInput) => api.post<Sensor>('/sensors', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: monitoringKeys.all }),
  });
}

export function useUpdateSensor(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: { status?: 'online' | 'disabled' }) =>
      api.patch<Sensor>(`/sensors/${encodeURIComponent(code)}`, patch),
    onSuccess: (s) => {
      queryClient.setQueryData(monitoringKeys.sensor(code), s);
      void queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
    },
  });
}

export function useAddRule(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RuleInput) => api.post<SensorRule>(`/sensors/${encodeURIComponent(code)}/rules`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: monitoringKeys.rules(code) }),
  });
}
