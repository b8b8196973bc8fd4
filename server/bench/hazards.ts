/**
 * Hazard figures on PostgreSQL (DATABASE_URL, or the machine's own at 127.0.0.1:5432/test): a fresh database is
 * created for the run and dropped after.
 *  - supervision: p99 of the county supervision list, GET /api/v1/hazards?overdue=true&divisionCode=140321
 *    (pageSize 20, as 平定县), at 50 concurrent clients with 1,000,000 hazards in the table
 *  - supervision_list: the same for GET /api/v1/hazards/supervision (overdue and open major hazards)
 *  - baseline: GET /api/v1/health p99 at the same concurrency, same run
 * Usage: npm run bench -- hazards [rows=1000000]
 */
import { openDatabase } from '../src/db/client.js';
import { load as loadN, login, scratchDatabase, startServer } from './lib.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const CONCURRENCY = 50;
const REQUESTS = 3000;
const load = (total: number, fn: (i: number) => Promise<void>) => loadN(total, CONCURRENCY, fn);
const COUNTIES = ['140302', '140303', '140311', '140321', '140322'];

const scratch = await scratchDatabase();
const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
// The server runs in its own process, as in production; this process is the load generator.
const server = await startServer({ DATABASE_URL: scratch.url });
try {
  const origin = server.origin;
  const county = await login(origin, 'pingding');

  const health = await load(2000, async () => {
    const r = await fetch(`${origin}/api/v1/health`);
    await r.arrayBuffer();
  });
  console.log(`baseline.health_rps ${health.rps.toFixed(0)}`);
  console.log(`baseline.health_p99_ms ${health.p99.toFixed(1)}`);

  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    database.withConnection((run) => run(text, params)) as Promise<T[]>;
  // Four enterprises per county (the demo's, and more made here) so the rows spread over realistic owners.
  for (const code of COUNTIES)
    for (let i = 1; i <= 4; i++)
      await q(
        `INSERT INTO organization (name, kind, division_code) VALUES ($1, 'enterprise', $2) ON CONFLICT DO NOTHING`,
        [`压测企业 ${code}-${i}`, code],
      );
  const orgs = await q<{ id: string; division_code: string }>(
    `SELECT id, division_code FROM organization WHERE kind = 'enterprise' AND division_code = ANY($1) ORDER BY id`,
    [COUNTIES],
  );
  const reporter = (await q<{ id: string }>(`SELECT id FROM app_user WHERE username = 'inspector'`))[0]?.id;
  await q(`CREATE TEMP TABLE IF NOT EXISTS bench_org (n int, id uuid, division text)`);
  await q(`TRUNCATE bench_org`);
  for (const [n, o] of orgs.entries()) await q(`INSERT INTO bench_org VALUES ($1, $2, $3)`, [n, o.id, o.division_code]);

  const t0 = performance.now();
  const batch = 200_000;
  for (let from = 0; from < ROWS; from += batch) {
    const to = Math.min(ROWS, from + batch) - 1;
    // Reported over the last three years; 85% closed or written off; deadlines 7–60 days after the report, so
    // nearly all of the 15% still open are past their deadline (a pessimistic backlog).
    await database.withConnection((run) =>
      run(
        `INSERT INTO hazard (org_id, division_code, source, level, category, title, description, status,
                             responsible_person, deadline, reported_by, reported_at, closed_at, updated_at)
         SELECT o.id, o.division,
                (ARRAY['self_inspection','government_inspection','report','sensor'])[1 + g % 4],
                CASE WHEN g % 50 = 0 THEN 'major' ELSE 'general' END,
                (ARRAY['fire','electrical','mechanical','hazchem','gas','confined_space','work_at_height','management'])[1 + g % 8],
                '历史隐患 ' || g, '压测数据', s.status, '责任人', r.at + ((7 + g % 54) || ' days')::interval, $1, r.at,
                CASE WHEN s.status IN ('closed','written_off') THEN r.at + ((1 + g % 30) || ' days')::interval END, r.at
           FROM generate_series($2::int, $3::int) AS g
           JOIN bench_org o ON o.n = abs(hashint4(g)) % $4
           CROSS JOIN LATERAL (SELECT now() - ((g % 1095) || ' days')::interval - ((g % 1440) || ' minutes')::interval AS at) r
           CROSS JOIN LATERAL (SELECT CASE
                 WHEN g % 100 < 85 THEN CASE WHEN g % 50 = 0 THEN 'written_off' ELSE 'closed' END
                 ELSE (ARRAY['reported','assigned','rectifying','pending_verification','rejected'])[1 + g % 5]
               END AS status) s`,
        [reporter, from, to, orgs.length],
      ),
    );
  }
  // What autovacuum does in production after a bulk load: statistics and the visibility map.
  await q('VACUUM ANALYZE hazard');
  const [counts] = await q<{ open_overdue: number; county_overdue: number }>(
    `SELECT count(*) FILTER (WHERE status NOT IN ('closed','written_off') AND deadline < now())::int AS open_overdue,
            count(*) FILTER (WHERE status NOT IN ('closed','written_off') AND deadline < now()
                              AND division_code LIKE '140321%')::int AS county_overdue
       FROM hazard`,
  );
  console.log(
    `hazards.bulk_rows ${ROWS} (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `${counts?.open_overdue} overdue in all, ${counts?.county_overdue} in 平定县)`,
  );

  const url = `${origin}/api/v1/hazards?overdue=true&divisionCode=140321&pageSize=20`;
  const get = async (u: string) => {
    const r = await fetch(u, { headers: { authorization: `Bearer ${county}` } });
    if (r.status !== 200) throw new Error(`${u}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { items: unknown[]; total: number };
  };
  const first = await get(url);
  for (let i = 0; i < 100; i++) await get(url); // warm-up
  const list = await load(REQUESTS, async () => void (await get(url)));
  console.log(`hazards.supervision_total ${first.total}`);
  console.log(`hazards.supervision_rps ${list.rps.toFixed(0)}`);
  console.log(`hazards.supervision_p50_ms ${list.p50.toFixed(1)}`);
  console.log(`hazards.supervision_p99_ms ${list.p99.toFixed(1)}`);
  console.log(`hazards.supervision_p99_over_health_p99 ${(list.p99 / health.p99).toFixed(2)}`);

  const supUrl = `${origin}/api/v1/hazards/supervision?pageSize=20`;
  const sup = await load(REQUESTS, async () => void (await get(supUrl)));
  console.log(`hazards.supervision_list_p99_ms ${sup.p99.toFixed(1)}`);
} finally {
  await server.stop();
  await database.close();
  await scratch.drop();
}
