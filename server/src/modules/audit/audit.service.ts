import { and, asc, count, desc, eq, gt, type SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { AuditEntry } from '@yingji/contracts';
import type { Db, DbOrTx } from '../../db/client.js';
import type { RequestContext } from '../../platform/context.js';
import { auditLog } from './audit.table.js';
import { GENESIS_HASH, auditHash, checkLink, type BreakReason } from './audit.rules.js';

/** Advisory lock that serialises audit appends across all instances. */
const AUDIT_LOCK_KEY = 7_302_026_002;

export interface AuditRecord {
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one audit row inside the caller's transaction. The advisory lock is
 * held until that transaction ends, so the chain stays linear under concurrency.
 */
export async function recordAudit(tx: DbOrTx, ctx: RequestContext, rec: AuditRecord): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const seq = (last[0]?.seq ?? 0) + 1;
  const content = {
    seq,
    at: new Date(),
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor?.username ?? 'system',
    orgId: ctx.actor?.orgId ?? null,
    action: rec.action,
    entity: rec.entity,
    entityId: rec.entityId,
    before: jsonSafe(rec.before),
    after: jsonSafe(rec.after),
    requestId: ctx.requestId,
  };
  await tx.insert(auditLog).values({ ...content, prevHash, hash: auditHash(prevHash, content) });
}

function jsonSafe(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

export interface AuditFilter {
  entity?: string | undefined;
  id?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<{ items: AuditEntry[]; total: number }> {
  const conds: SQL[] = [];
  if (f.entity) conds.push(eq(auditLog.entity, f.entity));
  if (f.id) conds.push(eq(auditLog.entityId, f.id));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  const where = conds.length ? and(...conds) : undefined;
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.seq))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    total: totals[0]?.n ?? 0,
  };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: BreakReason } | null;
}

/** Recomputes the whole chain in pages and reports the first broken link. */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<VerifyResult> {
  let state = { lastSeq: 0, lastHash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, state.lastSeq))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    if (rows.length === 0) return { ok: true, checked, firstBroken: null };
    for (const r of rows) {
      const reason = checkLink(state, r);
      if (reason) return { ok: false, checked, firstBroken: { seq: r.seq, reason } };
      state = { lastSeq: r.seq, lastHash: r.hash };
      checked++;
    }
  }
}
