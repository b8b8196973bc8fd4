import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../org/index.js';

/** Login sessions. The id is an HMAC of the bearer token, so a leaked table cannot be replayed. */
export const sessions = pgTable(
  'session',
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('session_user_idx').on(t.userId), index('session_last_seen_idx').on(t.lastSeenAt)],
);
