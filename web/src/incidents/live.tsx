import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvents } from '../app/liveEvents';

/** Server events about incidents; any of them makes the board, details and map layer refresh. */
export const INCIDENT_EVENT_TYPES = [
  'incident.reported',
  'incident.updated',
  'incident.regraded',
  'incident.escalated',
  'incident.report_overdue',
] as const;

export interface IncidentEvent {
  type: string;
  entity: 'incident';
  entityId: string;
  divisionCode: string;
  data: { number: string; title: string; grade: string | null; status: string };
  at?: string;
}

const changeListeners = new Set<() => void>();

/** For code outside React (the map layer): called whenever incidents changed on the server. */
export function onIncidentsChanged(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => {
    changeListeners.delete(listener);
  };
}

function notifyIncidentsChanged(): void {
  for (const listener of changeListeners) listener();
}

/** Mounted once in the shell: refreshes incident queries and notifications on live events. */
export function IncidentLiveSync() {
  const queryClient = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    const onEvent = () => {
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      notifyIncidentsChanged();
    };
    const stops = INCIDENT_EVENT_TYPES.map((type) => subscribe(type, onEvent));
    return () => {
      for (const stop of stops) stop();
    };
  }, [queryClient, subscribe]);
  return null;
}
