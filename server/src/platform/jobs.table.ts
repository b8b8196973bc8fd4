import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Durable jobs and timers, leased with FOR UPDATE SKIP LOCKED so no two instances run one twice. */
export const jobs = pgTable(
  'job',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    /** Optional de-duplication key: enqueueing the same key twice keeps one job. */
    key: text(),
    payload: jsonb().notNull().default({}),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: text({ enum: ['pending', 'running', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('job_due_idx').on(t.status, t.runAt), uniqueIndex('job_key_uq').on(t.key)],
);
