import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type DbOrTx } from '../db/client.js';
import { jobs } from './jobs.table.js';
import { backoffSeconds } from './jobs.rules.js';

export interface JobRow {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export type JobHandler = (job: JobRow) => Promise<void>;

export interface EnqueueOptions {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** De-duplication key: a second enqueue with the same key is ignored. */
  key?: string;
  maxAttempts?: number;
}

/** Adds a job inside the caller's transaction, so it exists only if the work commits. */
export async function enqueueJob(tx: DbOrTx, opts: EnqueueOptions): Promise<void> {
  await tx
    .insert(jobs)
    .values({
      kind: opts.kind,
      payload: opts.payload ?? {},
      runAt: opts.runAt ?? new Date(),
      key: opts.key ?? null,
      maxAttempts: opts.maxAttempts ?? 5,
    })
    .onConflictDoNothing();
}

export interface JobRunnerOptions {
  pollMs: number;
  /** How long a leased job stays ours before another instance may take it over. */
  leaseSeconds?: number;
  batchSize?: number;
  onError?: (err: unknown, job?: JobRow) => void;
}

/**
 * Polls the job table. Due rows are leased with FOR UPDATE SKIP LOCKED, so two
 * instances never take the same row; a lease that expires (its instance died)
 * makes the job due again. Jobs due while the server was down run on start.
 */
export class JobRunner {
  readonly workerId = `${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly database: Database,
    private readonly opts: JobRunnerOptions,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err) => this.opts.onError?.(err))
        .finally(() => {
          this.running = null;
          this.schedule(this.opts.pollMs);
        });
    }, ms);
  }

  /** Leases and runs due jobs once; returns how many ran. Exposed for tests and tools. */
  async runOnce(): Promise<number> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return 0;
    const lease = this.opts.leaseSeconds ?? 60;
    const batch = this.opts.batchSize ?? 20;
    const db = this.database.db;
    const leased = await db.execute(sql`
      UPDATE job SET status = 'running', attempts = attempts + 1, locked_by = ${this.workerId},
             locked_until = now() + make_interval(secs => ${lease})
       WHERE id IN (
         SELECT id FROM job
          WHERE kind IN (${sql.join(
            kinds.map((k) => sql`${k}`),
            sql`, `,
          )})
            AND ((status = 'pending' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
          ORDER BY run_at
          LIMIT ${batch}
          FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts, max_attempts`);
    const rows = rowsOf<{ id: string; kind: string; payload: unknown; attempts: number; max_attempts: number }>(leased);
    for (const r of rows) {
      const job: JobRow = {
        id: r.id,
        kind: r.kind,
        payload: r.payload,
        attempts: r.attempts,
        maxAttempts: r.max_attempts,
      };
      const handler = this.handlers.get(job.kind);
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(job);
        await db.execute(
          sql`UPDATE job SET status = 'done', finished_at = now(), locked_until = NULL, last_error = NULL
               WHERE id = ${job.id} AND locked_by = ${this.workerId}`,
        );
      } catch (err) {
        this.opts.onError?.(err, job);
        const failed = job.attempts >= job.maxAttempts;
        await db.execute(
          sql`UPDATE job SET status = ${failed ? 'failed' : 'pending'},
                 run_at = now() + make_interval(secs => ${backoffSeconds(job.attempts)}),
                 locked_until = NULL, last_error = ${String((err as Error)?.message ?? err).slice(0, 2000)},
                 finished_at = ${failed ? sql`now()` : null}
               WHERE id = ${job.id} AND locked_by = ${this.workerId}`,
        );
      }
    }
    return rows.length;
  }
}
