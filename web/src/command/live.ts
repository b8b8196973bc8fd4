import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvents } from '../app/liveEvents';
import { commandKeys } from './api';

/** Server events of responses and tasks; incident changes also move plan matches and the boards' summaries. */
export const COMMAND_EVENT_TYPES = [
  'response.activated',
  'response.level_changed',
  'response.ended',
  'response.logged',
  'task.updated',
  'task.overdue',
  'incident.updated',
  'incident.regraded',
] as const;

/** While mounted: refreshes this module's queries whenever a response, a task or an incident changes. */
export function useCommandLive(): void {
  const queryClient = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    const onEvent = () => void queryClient.invalidateQueries({ queryKey: commandKeys.all });
    const stops = COMMAND_EVENT_TYPES.map((type) => subscribe(type, onEvent));
    return () => {
      for (const stop of stops) stop();
    };
  }, [queryClient, subscribe]);
}
