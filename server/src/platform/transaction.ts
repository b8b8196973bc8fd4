import type { Database, Tx } from '../db/client.js';
import type { DomainEvent, EventBus } from './events.js';

export interface TxScope {
  tx: Tx;
  /** Queue an event; it is published only if the transaction commits. */
  emit(e: Omit<DomainEvent, 'at'>): void;
}

/** Runs fn in one transaction and publishes its events after commit. */
export async function transact<T>(database: Database, bus: EventBus, fn: (scope: TxScope) => Promise<T>): Promise<T> {
  const pending: DomainEvent[] = [];
  const result = await database.db.transaction(async (tx) =>
    fn({ tx, emit: (e) => pending.push({ ...e, at: new Date().toISOString() }) }),
  );
  if (pending.length) await bus.publish(pending);
  return result;
}
