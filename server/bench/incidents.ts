/**
 * Incident figures on PostgreSQL (DATABASE_URL, or the machine's own at
 * 127.0.0.1:5432/test): a fresh database is created for the run and dropped after.
 *  - create: throughput and p99 of POST /api/v1/incidents at 50 concurrent clients
 *  - board: p99 of GET /api/v1/incidents?status=open&pageSize=50 at 50 concurrent
 *    clients with 1,000,000 incidents in the table (goal p99 ≤ 50 ms)
 *  - baseline: GET /api/v1/health p99 at the same concurrency, same run
 * Usage: npm run bench -- incidents [rows=1000000]
 */
import { openDatabase } from '../src/db/client.js';
import { load as loadN, login, scratchDatabase, startServer } from './lib.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const CONCURRENCY = 50;
const load = (total: number, fn: (i: number) => Promise<void>) => loadN(total, CONCURRENCY, fn);

const scratch = await scratchDatabase();
const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
// The server runs in its own process, as in production; this process is the load generator.
const server = await startServer({ DATABASE_URL: scratch.url });
try {
  const origin = server.origin;
  const login_ = (u: string) => login(origin, u);
  const county = await login_('pingding');
  const city = await login_('duty');

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
  await server.stop();
  await database.close();
  await scratch.drop();
}
