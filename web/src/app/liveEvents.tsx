import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { API_BASE } from './api';

export type LiveEventHandler = (data: unknown, event: MessageEvent<string>) => void;

export interface LiveEvents {
  /** True while the event stream is open (after the server's `ready` event). */
  connected: boolean;
  /** Listen to one event type; returns the function that stops listening. */
  subscribe(type: string, handler: LiveEventHandler): () => void;
}

const LiveEventsContext = createContext<LiveEvents | null>(null);

const EVENTS_URL = `${API_BASE}/events`;
const MAX_RETRY_MS = 30_000;

function parseData(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * One EventSource (`/api/v1/events`, cookie-authenticated) shared by the whole app shell.
 * The browser reconnects by itself after network errors; when the stream is closed for good
 * (for instance the server answered an error status) it is reopened with a growing delay.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const [connected, setConnected] = useState(false);
  const handlersRef = useRef(new Map<string, Set<LiveEventHandler>>());
  const sourceRef = useRef<EventSource | null>(null);
  const attachedRef = useRef(new Set<string>());

  const attach = useCallback((source: EventSource, type: string) => {
    source.addEventListener(type, (ev) => {
      const message = ev as MessageEvent<string>;
      const data = parseData(message.data);
      for (const handler of handlersRef.current.get(type) ?? []) handler(data, message);
    });
  }, []);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let stopped = false;
    let retryMs = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const open = () => {
      if (stopped) return;
      const source = new EventSource(EVENTS_URL, { withCredentials: true });
      sourceRef.current = source;
      attachedRef.current = new Set();
      source.addEventListener('ready', () => {
        retryMs = 1000;
        setConnected(true);
      });
      source.onopen = () => setConnected(true);
      source.onerror = () => {
        setConnected(false);
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          timer = setTimeout(open, retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        }
      };
      for (const type of handlersRef.current.keys()) {
        attach(source, type);
        attachedRef.current.add(type);
      }
    };
    open();

    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      sourceRef.current?.close();
      sourceRef.current = null;
      setConnected(false);
    };
  }, [attach]);

  const subscribe = useCallback(
    (type: string, handler: LiveEventHandler) => {
      let set = handlersRef.current.get(type);
      if (!set) {
        set = new Set();
        handlersRef.current.set(type, set);
      }
      set.add(handler);
      const source = sourceRef.current;
      if (source && !attachedRef.current.has(type)) {
        attach(source, type);
        attachedRef.current.add(type);
      }
      return () => {
        handlersRef.current.get(type)?.delete(handler);
      };
    },
    [attach],
  );

  const value = useMemo<LiveEvents>(() => ({ connected, subscribe }), [connected, subscribe]);
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

/**
 * Live server events. Without arguments it gives the connection state and `subscribe`;
 * with a type and handler it also listens to that event type while the component is mounted.
 */
export function useLiveEvents(type?: string, handler?: LiveEventHandler): LiveEvents {
  const ctx = useContext(LiveEventsContext);
  if (!ctx) throw new Error('useLiveEvents must be used inside <LiveEventsProvider>');
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  const { subscribe } = ctx;
  useEffect(() => {
    if (!type) return;
    return subscribe(type, (data, event) => handlerRef.current?.(data, event));
  }, [type, subscribe]);
  return ctx;
}
