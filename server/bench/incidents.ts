/**
 * Incident figures on PostgreSQL (DATABASE_URL, or the machine's own at
 * 127.0.0.1:5432/test): a fresh database is created for the run and dropped after.
 *  - create: throughput and p99 of POST /api/v1/incidents at 50 concurrent clients
 *  - board: p99 of GET /api/v1/incidents?status=open&pageSize=50 at 50 concurrent
 *    clients with 1,000,000 incidents in the table (goal p99 ≤ 50 ms)
 *  - baseline: GET /api/v1/health p99 at the same concurrency, same run
 * Usage: npm run bench -- incidents [rows=1000000]
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';

const root = path.resolve(import.meta.dirname, '../..');
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const ROWS = Number(process.argv[2] ?? 1_000_000);
const CONCURRENCY = 50;
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = `yingji_bench_${crypto.randomBytes(4).toString('hex')}`;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function load(total: number, fn: (i: number) => Promise<void>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        await fn(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { rps: total / secs, p50: pct(lat, 50), p99: pct(lat, 99) };
}

const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
// The server runs in its own process, as in production; this process is the load generator.
const port = await freePort();
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: url.toString(),
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    MQTT_PORT: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/api/v1/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 1200) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = async (username: string) => {
    const r = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'Yingji@2026' }),
    });
    return ((await r.json()) as { token: string }).token;
  };
  const county = await login('pingding');
  const city = await login('duty');

  const health = await load(2000, async () => {
    const r = await fetch(`${origin}/api/v1/health`);
    await r.arrayBuffer();
  });
  console.log(`baseline.health_rps ${health.rps.toFixed(0)}`);
  console.log(`baseline.health_p99_ms ${health.p99.toFixed(1)}`);

  const create = await load(2000, async (i) => {
    const r = await fetch(`${origin}/api/v1/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${county}` },
      body: JSON.stringify({
        category: 'accident',
        type: 'mine',
        title: `压测事故 ${i}`,
        occurredAt: new Date().toISOString(),
        source: 'phone',
        divisionCode: '140321',
        location: { lon: 113.63, lat: 37.79 },
        casualties: { deaths: i % 12, missing: 0, seriousInjuries: 0, minorInjuries: 0 },
      }),
    });
    if (r.status !== 201) throw new Error(`create ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  });
  console.log(`incidents.create_rps ${create.rps.toFixed(0)}`);
  console.log(`incidents.create_p50_ms ${create.p50.toFixed(1)}`);
  console.log(`incidents.create_p99_ms ${create.p99.toFixed(1)}`);

  const orgId = (await database.withConnection((q) => q(`SELECT id FROM organization WHERE name = '平定县应急局'`)))[0]
    ?.id;
  const t0 = performance.now();
  const batch = 200_000;
  for (let from = 0; from < ROWS; from += batch) {
    const to = Math.min(ROWS, from + batch) - 1;
    await database.withConnection((q) =>
      q(
        `INSERT INTO incident (number, category, type, title, occurred_at, received_at, source, division_code, lon, lat,
                               receiving_org_id, receiving_level, deaths, grade, status)
         SELECT 'BK-' || g, 'accident', (ARRAY['mine','hazchem','fire','road_traffic','gas'])[1 + g % 5], '历史事件 ' || g,
                now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval + interval '10 minutes',
                'phone', (ARRAY['140302','140303','140311','140321','140322'])[1 + g % 5], 113.6, 37.85,
                $1, 'county', g % 4, (ARRAY['general','general','general','larger'])[1 + g % 4],
                CASE WHEN g % 200 = 0 THEN 'open' ELSE 'closed' END
           FROM generate_series($2::int, $3::int) AS g`,
        [orgId, from, to],
      ),
    );
  }
  // What autovacuum does in production after a bulk load: statistics and the visibility map.
  await database.withConnection((q) => q('VACUUM ANALYZE incident'));
  console.log(`incidents.bulk_rows ${ROWS} (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s, 0.5% open)`);

  let seen = 0;
  const board = await load(2000, async () => {
    const r = await fetch(`${origin}/api/v1/incidents?status=open&pageSize=50`, {
      headers: { authorization: `Bearer ${city}` },
    });
    const body = (await r.json()) as { items: unknown[]; total: number };
    seen = body.total;
  });
  console.log(`incidents.board_open_total ${seen}`);
  console.log(`incidents.board_rps ${board.rps.toFixed(0)}`);
  console.log(`incidents.board_p50_ms ${board.p50.toFixed(1)}`);
  console.log(`incidents.board_p99_ms ${board.p99.toFixed(1)} (goal ≤ 50)`);
  console.log(`incidents.board_p99_over_health_p99 ${(board.p99 / health.p99).toFixed(2)}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
