import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { HAZARD_OVERDUE_EVENT } from '@yingji/contracts';
import { useLiveEvents } from '../app/liveEvents';
import { RISKS_KEY } from './api';

/** Server events about hazards (each carries the hazard's id and division; the pages reload what they show). */
export const HAZARD_EVENT_TYPES = ['hazard.reported', 'hazard.transitioned', HAZARD_OVERDUE_EVENT] as const;

/**
 * While a 双重预防 page is open, hazard events from others (the county approving a plan, an inspector
 * closing a hazard, a deadline passing) refresh the lists, the open hazard and the statistics.
 */
export function useHazardLiveSync(): void {
  const queryClient = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (timer) return;
      // Several events may arrive together (a transition and an overdue check): reload once.
      timer = setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: [RISKS_KEY] });
      }, 300);
    };
    const stops = HAZARD_EVENT_TYPES.map((type) => subscribe(type, refresh));
    return () => {
      for (const stop of stops) stop();
      if (timer) clearTimeout(timer);
    };
  }, [queryClient, subscribe]);
}
