import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvents } from '../app/liveEvents';
import { monitoringKeys, type AlarmLevel, type AlarmStatus } from './api';

/** Server events about alarms and sensors. */
export const ALARM_EVENT_TYPES = [
  'alarm.raised',
  'alarm.escalated',
  'alarm.acknowledged',
  'alarm.cleared',
  'alarm.updated',
] as const;
export const SENSOR_EVENT_TYPES = ['sensor.created', 'sensor.updated'] as const;

export type MonitoringEventType = (typeof ALARM_EVENT_TYPES)[number] | (typeof SENSOR_EVENT_TYPES)[number];

/** What an `alarm.*` event carries (`entityId` is the alarm id). */
export interface AlarmEvent {
  type: string;
  entity: 'alarm';
  entityId: string;
  divisionCode: string;
  data: {
    sensorCode: string;
    ruleKey: string;
    level: AlarmLevel;
    status: AlarmStatus;
    value?: number | null;
    reason?: 'level' | 'unacknowledged';
  };
}

function isAlarmEvent(v: unknown): v is AlarmEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as { entity?: unknown; entityId?: unknown; data?: unknown };
  return e.entity === 'alarm' && typeof e.entityId === 'string' && typeof e.data === 'object' && e.data !== null;
}

const changeListeners = new Set<() => void>();

/** For code outside React (the map layer): called whenever an alarm or a sensor changed on the server. */
export function onMonitoringChanged(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => {
    changeListeners.delete(listener);
  };
}

/**
 * While mounted: refreshes this module's queries on every alarm or sensor event, and hands the
 * alarm events to `onAlarm` (the duty desk's panel highlights new alarms with it).
 */
export function useMonitoringLive(onAlarm?: (type: MonitoringEventType, event: AlarmEvent) => void): void {
  const queryClient = useQueryClient();
  const { subscribe } = useLiveEvents();
  const onAlarmRef = useRef(onAlarm);
  useEffect(() => {
    onAlarmRef.current = onAlarm;
  });
  useEffect(() => {
    const stops = [...ALARM_EVENT_TYPES, ...SENSOR_EVENT_TYPES].map((type) =>
      subscribe(type, (data) => {
        void queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
        for (const listener of changeListeners) listener();
        if (isAlarmEvent(data)) onAlarmRef.current?.(type, data);
      }),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }, [queryClient, subscribe]);
}
