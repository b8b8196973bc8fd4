import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  commandLogEntry,
  planMatch,
  response,
  responseBoard,
  RESPONSE_STATUSES,
  ResponseLevel,
  task,
  TaskStatus,
  Trigger,
} from '@yingji/contracts';
import { api, type ListResult } from '../app/api';

/** The parsed (output) type of one of the contracts' schemas. */
type Parsed<S extends { parse: (v: unknown) => unknown }> = ReturnType<S['parse']>;

export type PlanMatch = Parsed<typeof planMatch>;
export type CommandResponse = Parsed<typeof response>;
export type ResponseBoard = Parsed<typeof responseBoard>;
export type CommandTask = Parsed<typeof task>;
export type CommandLogEntry = Parsed<typeof commandLogEntry>;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];
export type { ResponseLevel, TaskStatus, Trigger };

/** Forward moves of a task a department may make. */
export type TaskMove = 'acknowledged' | 'in_progress' | 'done';

export interface TaskListParams {
  departmentOrgId?: string;
  status?: TaskStatus;
  open?: 'true' | 'false';
  responseId?: string;
  page?: number;
  pageSize?: number;
}

export interface ResponseListParams {
  status?: ResponseStatus;
  incidentId?: string;
  page?: number;
  pageSize?: number;
}

/** Every query of this module starts with 'command' so live events can refresh them together. */
export const commandKeys = {
  all: ['command'] as const,
  match: (incidentId: string) => ['command', 'match', incidentId] as const,
  incidentResponses: (incidentId: string) => ['command', 'incident-responses', incidentId] as const,
  responses: (params: ResponseListParams) => ['command', 'responses', params] as const,
  board: (id: string) => ['command', 'board', id] as const,
  tasks: (params: TaskListParams) => ['command', 'tasks', params] as const,
};

export function usePlanMatches(incidentId: string, enabled = true) {
  return useQuery({
    queryKey: commandKeys.match(incidentId),
    queryFn: ({ signal }) => api.get<{ items: PlanMatch[] }>('/plans/match', { incidentId }, signal),
    enabled,
  });
}

export function useIncidentResponses(incidentId: string, enabled = true) {
  return useQuery({
    queryKey: commandKeys.incidentResponses(incidentId),
    queryFn: ({ signal }) =>
      api.get<ListResult<CommandResponse>>(`/incidents/${incidentId}/responses`, undefined, signal),
    enabled,
  });
}

export function useResponses(params: ResponseListParams, enabled = true) {
  return useQuery({
    queryKey: commandKeys.responses(params),
    queryFn: ({ signal }) => api.get<ListResult<CommandResponse>>('/responses', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useResponseBoard(id: string) {
  return useQuery({
    queryKey: commandKeys.board(id),
    queryFn: ({ signal }) => api.get<ResponseBoard>(`/responses/${id}`, undefined, signal),
  });
}

export function useTasks(params: TaskListParams, enabled = true) {
  return useQuery({
    queryKey: commandKeys.tasks(params),
    queryFn: ({ signal }) => api.get<ListResult<CommandTask>>('/tasks', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** After a change to a response: keep the board answer and refresh the rest of the module (and the incident). */
function useStoreBoard() {
  const queryClient = useQueryClient();
  return (board: ResponseBoard) => {
    queryClient.setQueryData(commandKeys.board(board.id), board);
    void queryClient.invalidateQueries({
      queryKey: commandKeys.all,
      predicate: (q) => !(q.queryKey[1] === 'board' && q.queryKey[2] === board.id),
    });
    void queryClient.invalidateQueries({ queryKey: ['incidents', 'detail', board.incidentId] });
  };
}

export function useActivateResponse(incidentId: string) {
  const store = useStoreBoard();
  return useMutation({
    mutationFn: (body: { planId: string; level: ResponseLevel; note?: string }) =>
      api.post<ResponseBoard>(`/incidents/${incidentId}/responses`, body),
    onSuccess: store,
  });
}

export function useChangeLevel(responseId: string) {
  const store = useStoreBoard();
  return useMutation({
    mutationFn: (body: { level: ResponseLevel; note?: string }) =>
      api.patch<ResponseBoard>(`/responses/${responseId}`, body),
    onSuccess: store,
  });
}

export function useEndResponse(responseId: string) {
  const store = useStoreBoard();
  return useMutation({
    mutationFn: (body: { note?: string }) => api.post<ResponseBoard>(`/responses/${responseId}/end`, body),
    onSuccess: store,
  });
}

export function useAddLogEntry(responseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { text: string }) => api.post<CommandLogEntry>(`/responses/${responseId}/log`, body),
    onSuccess: (entry) => {
      queryClient.setQueryData<ResponseBoard>(commandKeys.board(responseId), (old) =>
        old && !old.log.some((e) => e.id === entry.id) ? { ...old, log: [...old.log, entry] } : old,
      );
      void queryClient.invalidateQueries({ queryKey: commandKeys.board(responseId) });
    },
  });
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; status?: TaskMove; report?: string }) =>
      api.patch<CommandTask>(`/tasks/${id}`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData<ResponseBoard>(commandKeys.board(updated.responseId), (old) =>
        old ? { ...old, tasks: old.tasks.map((x) => (x.id === updated.id ? updated : x)) } : old,
      );
      void queryClient.invalidateQueries({ queryKey: commandKeys.all });
    },
  });
}
