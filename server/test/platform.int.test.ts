import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase, rowsOf } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { organizations } from '../src/modules/org/index.js';
import { createEventBus, type DomainEvent } from '../src/platform/events.js';
import { enqueueJob, JobRunner } from '../src/platform/jobs.js';
import { jobs } from '../src/platform/jobs.table.js';
import { ENGINES, auth, buildTestApp, freshDatabase, json, loginAs, testConfig, type TestApp } from './helpers.js';

describe.each(ENGINES)('platform on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('health names the engine and version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok', db: engine, version: '0.1.0' });
  });

  it('serves the OpenAPI 3.1 document built from the same schemas, and its UI', async () => {
    const doc = json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      await t.app.inject({ method: 'GET', url: '/api/openapi.json' }),
    );
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/organizations',
      '/api/v1/users',
      '/api/v1/divisions',
      '/api/v1/audit',
    ]) {
      expect(doc.paths).toHaveProperty(p);
    }
    const body = JSON.stringify(doc.paths['/api/v1/organizations']?.post);
    expect(body).toContain('divisionCode');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/html/);
  });

  it('the demo city comes with resources: fire stations, warehouses with stock from the ledger', async () => {
    const token = await loginAs(t.app, 'duty');
    const teams = json<{ total: number }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/teams?kind=fire_rescue', headers: auth(token) }),
    );
    expect(teams.total).toBeGreaterThanOrEqual(4);
    const stock = json<{ items: { quantity: number }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/supplies/stock?itemCode=LIFE-TENT', headers: auth(token) }),
    );
    expect(stock.items.reduce((a, b) => a + b.quantity, 0)).toBe(800 + 200 + 150);
    const near = json<{ items: { name: string }[] }>(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/resources/nearest?lon=113.70&lat=37.76&kind=team&capability=hazchem',
        headers: auth(token),
      }),
    );
    expect(near.items[0]?.name).toBe('华鑫煤化工企业专职救援队');
  });

  it('migrating again applies nothing', async () => {
    expect((await migrate(t.deps.database)).applied).toEqual([]);
  });

  it('cube and earthdistance answer radius queries', async () => {
    // 阳泉 to 太原 is about 100 km as the crow flies
    const rows = rowsOf<{ km: number }>(
      await t.deps.database.db.execute(
        sql`SELECT (earth_distance(ll_to_earth(37.86, 113.58), ll_to_earth(37.87, 112.55)) / 1000)::float8 AS km`,
      ),
    );
    expect(rows[0]?.km).toBeGreaterThan(85);
    expect(rows[0]?.km).toBeLessThan(100);
  });

  it('division boundaries come as GeoJSON for the five districts', async () => {
    const token = await loginAs(t.app, 'duty');
    const fc = json<{ features: { properties: { code: string }; geometry: { type: string } }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/divisions/boundaries?parent=140300', headers: auth(token) }),
    );
    expect(fc.features.map((f) => f.properties.code)).toEqual(['140302', '140303', '140311', '140321', '140322']);
    expect(fc.features.every((f) => f.geometry.type === 'Polygon')).toBe(true);
  });

  it('live events reach the users whose scope covers them, over SSE', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const [pingding, yuxian, admin] = await Promise.all(['pingding', 'yuxian', 'admin'].map((u) => loginAs(t.app, u)));
    const collect = async (token: string) => {
      const ctrl = new AbortController();
      const res = await fetch(`${base}/api/v1/events`, { headers: auth(token), signal: ctrl.signal });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body?.getReader();
      let text = '';
      const done = (async () => {
        try {
          for (;;) {
            const chunk = await reader?.read();
            if (!chunk || chunk.done) break;
            text += new TextDecoder().decode(chunk.value);
          }
        } catch {
          /* aborted */
        }
      })();
      return {
        get text() {
          return text;
        },
        async stop() {
          ctrl.abort();
          await done;
        },
      };
    };
    const a = await collect(pingding ?? '');
    const b = await collect(yuxian ?? '');
    await new Promise((r) => setTimeout(r, 300));
    const created = await fetch(`${base}/api/v1/organizations`, {
      method: 'POST',
      headers: { ...auth(admin ?? ''), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '盂县某煤矿', kind: 'enterprise', divisionCode: '140322' }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const deadline = Date.now() + 5000;
    while (!b.text.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    await a.stop();
    await b.stop();
    expect(b.text).toContain('event: ready');
    expect(b.text).toContain('event: organization.created');
    expect(b.text).toContain(id);
    expect(a.text).toContain('event: ready');
    expect(a.text).not.toContain(id);
  });
});

describe.each(ENGINES)('durable jobs on %s', (engine) => {
  it('runs a due job once, retries a failing one with backoff, and picks up jobs due while down', async () => {
    const db = await freshDatabase(engine);
    try {
      await migrate(db.database);
      const runner = new JobRunner(db.database, { pollMs: 50 });
      const seen: string[] = [];
      runner.register('test.ok', async (j) => void seen.push(String((j.payload as { n: number }).n)));
      runner.register('test.fail', async () => {
        throw new Error('downstream unavailable');
      });
      // a job that fell due an hour ago, while no server was running
      await enqueueJob(db.database.db, { kind: 'test.ok', payload: { n: 1 }, runAt: new Date(Date.now() - 3600_000) });
      await enqueueJob(db.database.db, { kind: 'test.ok', payload: { n: 2 }, runAt: new Date(Date.now() + 3600_000) });
      await enqueueJob(db.database.db, { kind: 'test.fail', key: 'f1' });
      await enqueueJob(db.database.db, { kind: 'test.fail', key: 'f1' }); // same key: ignored
      expect(await runner.runOnce()).toBe(2);
      expect(seen).toEqual(['1']);
      expect(await runner.runOnce()).toBe(0); // nothing else due; the failed one backs off
      const failed = await db.database.db.select().from(jobs).where(eq(jobs.kind, 'test.fail'));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'downstream unavailable' });
      expect(failed[0]!.runAt.getTime()).toBeGreaterThan(Date.now() + 1000);
    } finally {
      await db.drop();
    }
  });
});

describe.runIf(ENGINES.includes('postgres'))('several instances on one PostgreSQL', () => {
  it('two servers starting at once migrate and seed once', async () => {
    const db = await freshDatabase('postgres');
    const second = await openDatabase({ databaseUrl: db.url ?? '', poolSize: 3 });
    try {
      const config = testConfig({ databaseUrl: db.url ?? undefined });
      const [a, b] = await Promise.all([
        buildApp(config, { database: db.database, startJobs: false }),
        buildApp(config, { database: second, startJobs: false }),
      ]);
      const migrations = [a.seeded.migrations, b.seeded.migrations].sort((x, y) => y.length - x.length);
      expect(migrations[0]?.length).toBeGreaterThan(0);
      expect(migrations[1]).toEqual([]);
      expect(a.seeded.organizations + b.seeded.organizations).toBeGreaterThan(0);
      expect(Math.min(a.seeded.organizations, b.seeded.organizations)).toBe(0);
      const n = await db.database.db.select({ n: count() }).from(organizations);
      expect(n[0]?.n).toBe(Math.max(a.seeded.organizations, b.seeded.organizations));
      const tags = rowsOf<{ n: number }>(
        await db.database.db.execute(sql`SELECT count(*)::int AS n FROM yingji_migration`),
      );
      expect(tags[0]?.n).toBe(migrations[0]?.length);
      await a.app.close();
      await b.app.close();
    } finally {
      await second.close();
      await db.drop();
    }
  });

  it('two job runners sharing the database never run a job twice', async () => {
    const db = await freshDatabase('postgres');
    const second = await openDatabase({ databaseUrl: db.url ?? '', poolSize: 3 });
    try {
      await migrate(db.database);
      const runs = new Map<number, number>();
      const handler = async (j: { payload: unknown }) => {
        const n = (j.payload as { n: number }).n;
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      };
      const r1 = new JobRunner(db.database, { pollMs: 10, batchSize: 5 });
      const r2 = new JobRunner(second, { pollMs: 10, batchSize: 5 });
      r1.register('test.count', handler);
      r2.register('test.count', handler);
      for (let n = 0; n < 60; n++) await enqueueJob(db.database.db, { kind: 'test.count', payload: { n } });
      const drain = async (r: JobRunner) => {
        let total = 0;
        for (let i = 0; i < 100; i++) {
          const got = await r.runOnce();
          total += got;
          if (got === 0) break;
        }
        return total;
      };
      const [c1, c2] = await Promise.all([drain(r1), drain(r2)]);
      expect(c1 + c2).toBe(60);
      expect(c1).toBeGreaterThan(0);
      expect(c2).toBeGreaterThan(0);
      expect(runs.size).toBe(60);
      expect([...runs.values()].every((v) => v === 1)).toBe(true);
    } finally {
      await second.close();
      await db.drop();
    }
  });

  it('events published on one instance reach the other through LISTEN/NOTIFY', async () => {
    const db = await freshDatabase('postgres');
    const other = await openDatabase({ databaseUrl: db.url ?? '', poolSize: 2 });
    const busA = await createEventBus(db.database, () => undefined);
    const busB = await createEventBus(other, () => undefined);
    try {
      const got: DomainEvent[] = [];
      busB.subscribe((e) => got.push(e));
      const e: DomainEvent = {
        type: 'test.ping',
        divisionCode: '140321',
        entity: 'x',
        entityId: '1',
        at: new Date().toISOString(),
      };
      await busA.publish([e]);
      const deadline = Date.now() + 3000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual([e]);
    } finally {
      await busA.close();
      await busB.close();
      await other.close();
      await db.drop();
    }
  });
});

describe('embedded data directory', () => {
  it('a PGlite data dir reopens after a clean close, without seeding twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-data-'));
    try {
      const config = testConfig({ dataDir: dir, databaseUrl: undefined });
      const first = await buildApp(config, { startJobs: false });
      expect(first.seeded.organizations).toBeGreaterThan(0);
      await first.app.close();
      const second = await buildApp(config, { startJobs: false });
      expect(second.seeded).toMatchObject({ migrations: [], organizations: 0, divisions: 0 });
      const n = await second.deps.database.db.select({ n: count() }).from(organizations);
      expect(n[0]?.n).toBe(first.seeded.organizations);
      await second.app.close();
      // and the closed database reopens once more at the engine level
      const again = await openDatabase({ dataDir: path.join(dir, 'pglite') });
      await again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
