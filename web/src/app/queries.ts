import { useQuery } from '@tanstack/react-query';
import type { Division, PublicConfig } from '@yingji/contracts';
import { api, type ListResult } from './api';

export interface Health {
  status: 'ok';
  db: 'pglite' | 'postgres';
  version: string;
}

/** Public configuration; its key starts with 'public' so logging out does not drop it. */
export function usePublicConfig() {
  return useQuery({
    queryKey: ['public', 'config'],
    queryFn: ({ signal }) => api.get<PublicConfig>('/config', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export function useHealth() {
  return useQuery({
    queryKey: ['public', 'health'],
    queryFn: ({ signal }) => api.get<Health>('/health', undefined, signal),
    refetchInterval: 60_000,
    retry: false,
  });
}

export function fetchDivisions(parent: string, signal?: AbortSignal): Promise<ListResult<Division>> {
  return api.get<ListResult<Division>>('/divisions', { parent, pageSize: 200 }, signal);
}

export function useDivisions(parent: string) {
  return useQuery({
    queryKey: ['divisions', parent],
    queryFn: ({ signal }) => fetchDivisions(parent, signal),
    staleTime: 10 * 60_000,
  });
}
