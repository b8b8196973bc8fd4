import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Advisory lock key for migrations: any constant shared by all instances. */
const MIGRATION_LOCK_KEY = 7_302_026_001;

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the committed SQL migrations (drizzle-kit's folder format) that are
 * not yet recorded. Holds a session-level advisory lock, so instances that
 * start together migrate once: the others wait, then find nothing to do.
 * Each migration runs in its own transaction together with its journal row.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  return database.withConnection(async (query) => {
    await query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await query(
        `CREATE TABLE IF NOT EXISTS yingji_migration (
           tag text PRIMARY KEY,
           hash text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const done = new Map((await query('SELECT tag, hash FROM yingji_migration')).map((r) => [r.tag, r.hash]));
      const applied: string[] = [];
      for (const entry of entries) {
        const sqlText = fs.readFileSync(path.join(dir, `${entry.tag}.sql`), 'utf8');
        const hash = crypto.createHash('sha256').update(sqlText).digest('hex');
        const seen = done.get(entry.tag);
        if (seen !== undefined) {
          if (seen !== hash) {
            throw new Error(
              `Migration ${entry.tag} was changed after it was applied; committed migrations must never be edited.`,
            );
          }
          continue;
        }
        await query('BEGIN');
        try {
          for (const statement of sqlText.split('--> statement-breakpoint')) {
            if (statement.trim()) await query(statement);
          }
          await query('INSERT INTO yingji_migration (tag, hash) VALUES ($1, $2)', [entry.tag, hash]);
          await query('COMMIT');
        } catch (err) {
          await query('ROLLBACK');
          throw new Error(`Migration ${entry.tag} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(entry.tag);
      }
      return { applied };
    } finally {
      await query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}
