import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login, startServer } from '../bench/lib.js';

describe('graceful shutdown of the embedded platform', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-stop-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('SIGTERM ends open event streams, exits 0, and the PGlite data dir reopens with its data', async () => {
    const env = { DATA_DIR: dir, DATABASE_URL: '' };
    const first = await startServer(env);
    const token = await login(first.origin, 'admin');
    const created = await fetch(`${first.origin}/api/v1/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '关机测试单位', kind: 'institution', divisionCode: '140300' }),
    });
    expect(created.status).toBe(201);
    // a live event stream stays open; shutdown must not wait on it
    const stream = await fetch(`${first.origin}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(stream.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    const t0 = Date.now();
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await stream.body?.cancel().catch(() => undefined);

    const second = await startServer(env);
    try {
      const token2 = await login(second.origin, 'admin');
      const found = await fetch(`${second.origin}/api/v1/organizations?q=${encodeURIComponent('关机测试单位')}`, {
        headers: { authorization: `Bearer ${token2}` },
      });
      expect(((await found.json()) as { total: number }).total).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
