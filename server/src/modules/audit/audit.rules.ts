import crypto from 'node:crypto';

/** The hash of the (virtual) row before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  orgId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** JSON with object keys sorted at every depth, so jsonb's reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function auditHash(prevHash: string, row: AuditContent): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    orgId: row.orgId,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
  });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export type BreakReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';

export interface ChainState {
  lastSeq: number;
  lastHash: string;
}

/**
 * Checks one stored row against the chain so far. Returns the reason it is
 * broken, or null when it links correctly.
 */
export function checkLink(
  state: ChainState,
  row: AuditContent & { prevHash: string; hash: string },
): BreakReason | null {
  if (row.seq !== state.lastSeq + 1) return 'seq_gap';
  if (row.prevHash !== state.lastHash) return 'prev_hash_mismatch';
  if (auditHash(row.prevHash, row) !== row.hash) return 'hash_mismatch';
  return null;
}
