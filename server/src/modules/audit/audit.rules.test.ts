import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, canonicalJson, checkLink, type AuditContent } from './audit.rules.js';

const row = (seq: number, after: unknown): AuditContent => ({
  seq,
  at: new Date(Date.UTC(2026, 10, 23, 1, 2, 3, 456)),
  actorId: 'u1',
  actorName: 'duty',
  orgId: 'o1',
  action: 'organization.create',
  entity: 'organization',
  entityId: 'e1',
  before: null,
  after,
  requestId: 'r1',
});

describe('audit hash chain', () => {
  it('canonical JSON does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it('links a valid chain and detects an edited row, a broken link and a gap', () => {
    const r1 = row(1, { name: '市应急局' });
    const h1 = auditHash(GENESIS_HASH, r1);
    const r2 = row(2, { name: '平定县应急局' });
    const h2 = auditHash(h1, r2);
    const s0 = { lastSeq: 0, lastHash: GENESIS_HASH };
    expect(checkLink(s0, { ...r1, prevHash: GENESIS_HASH, hash: h1 })).toBeNull();
    expect(checkLink({ lastSeq: 1, lastHash: h1 }, { ...r2, prevHash: h1, hash: h2 })).toBeNull();
    // content edited after the fact
    expect(checkLink(s0, { ...r1, after: { name: '篡改' }, prevHash: GENESIS_HASH, hash: h1 })).toBe('hash_mismatch');
    // a row deleted before this one
    expect(checkLink({ lastSeq: 0, lastHash: GENESIS_HASH }, { ...r2, prevHash: h1, hash: h2 })).toBe('seq_gap');
    // the link to the previous row replaced
    expect(checkLink({ lastSeq: 1, lastHash: h1 }, { ...r2, prevHash: GENESIS_HASH, hash: h2 })).toBe(
      'prev_hash_mismatch',
    );
  });

  it('the hash changes with every field', () => {
    const base = row(1, { a: 1 });
    const h = auditHash(GENESIS_HASH, base);
    expect(auditHash(GENESIS_HASH, { ...base, actorId: 'u2' })).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...base, at: new Date(base.at.getTime() + 1) })).not.toBe(h);
    expect(auditHash('f'.repeat(64), base)).not.toBe(h);
  });
});
