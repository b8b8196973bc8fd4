import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Database } from '../db/client.js';

/** A domain event, emitted after the transaction that caused it commits. */
export interface DomainEvent {
  type: string;
  /** Division the event belongs to; null = visible to every signed-in user. */
  divisionCode: string | null;
  entity: string;
  entityId: string;
  at: string;
  data?: Record<string, unknown>;
}

export type EventHandler = (e: DomainEvent) => void;

export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
  subscribe(handler: EventHandler): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'yingji_events';

/**
 * PGlite: one process, so events stay in process. PostgreSQL: events go
 * through NOTIFY and come back through LISTEN on every instance (this one
 * included), so all instances see the same stream in the same order.
 */
export async function createEventBus(database: Database, onError: (err: unknown) => void): Promise<EventBus> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const dispatch = (e: DomainEvent) => {
    for (const l of emitter.listeners('event') as EventHandler[]) {
      try {
        l(e);
      } catch (err) {
        onError(err);
      }
    }
  };
  const subscribe = (h: EventHandler) => {
    emitter.on('event', h);
    return () => void emitter.off('event', h);
  };

  if (database.kind === 'pglite' || !database.url) {
    return {
      async publish(events) {
        for (const e of events) dispatch(e);
      },
      subscribe,
      async close() {
        emitter.removeAllListeners();
      },
    };
  }

  const url = database.url;
  let client: pg.Client | null = null;
  let closing = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        dispatch(JSON.parse(msg.payload) as DomainEvent);
      } catch (err) {
        onError(err);
      }
    });
    c.on('error', (err) => {
      onError(err);
      if (!closing) setTimeout(() => void connect().catch(onError), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    client = c;
  };
  await connect();

  return {
    async publish(events) {
      for (const e of events) {
        await database.withConnection((q) => q('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(e)]));
      }
    },
    subscribe,
    async close() {
      closing = true;
      emitter.removeAllListeners();
      await client?.end().catch(() => undefined);
    },
  };
}
