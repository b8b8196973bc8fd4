import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';
import { runAuditVerify } from '../../cli/audit-verify.js';

describe.each(ENGINES)('audit trail on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(async () => t?.close());

  const verify = async () =>
    json<{ ok: boolean; checked: number; firstBroken: { seq: number; reason: string } | null }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: auth(admin) }),
    );

  it('only admins read the audit trail', async () => {
    const duty = await loginAs(t.app, 'duty');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: auth(duty) });
    expect(res.statusCode).toBe(403);
  });

  it('the seeded chain verifies', async () => {
    const r = await verify();
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(50);
  });

  it('refuses UPDATE and DELETE on audit rows', async () => {
    await expect(t.deps.database.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow();
    await expect(t.deps.database.db.execute(sql`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow();
  });

  it('tampering with one row makes verify (API and CLI) name it', async () => {
    const before = await verify();
    const target = Math.floor(before.checked / 2);
    // someone with table-owner rights disables the guard and edits a row
    await t.deps.database.withConnection(async (q) => {
      await q('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await q(`UPDATE audit_log SET after = '{"name":"篡改"}'::jsonb WHERE seq = $1`, [target]);
      await q('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toEqual({ seq: target, reason: 'hash_mismatch' });
    expect(r.checked).toBe(target - 1);
    const lines: string[] = [];
    const code = await runAuditVerify(t.deps.database, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain(`seq ${target}`);
  });

  it('a deleted row shows as a gap', async () => {
    const r0 = await verify();
    const broken = r0.firstBroken?.seq ?? 0;
    await t.deps.database.withConnection(async (q) => {
      await q('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await q('DELETE FROM audit_log WHERE seq = $1', [broken - 3]);
      await q('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    const r = await verify();
    expect(r.firstBroken).toEqual({ seq: broken - 2, reason: 'seq_gap' });
  });
});
