/**
 * npm run bench -- telemetry [messages=100000]
 *
 * One run, one broker: a dedicated Mosquitto (max_inflight_messages 1000, max_queued_messages 1000000,
 * no persistence — the settings docs/deployment.md asks for) pinned with the load generator to core 0;
 * the consumer (a plain mqtt.js subscriber for the baseline, the platform for the real run) pinned to
 * core 1. PostgreSQL is the machine's own server and is not pinned.
 *
 * - baseline: raw Mosquitto → one QoS 1 subscriber, messages/s from the generator's start to the last message;
 * - platform: 10,000 sensors with a threshold rule each; messages/s from the generator's start to the last
 *   reading committed (rules evaluated); ratio to the baseline;
 * - alarm latency under that load: a probe publishes a tripping reading for a fresh sensor every 50 ms;
 *   time from publish to `alarm.raised` on the live channel (SSE), p50 / p99 — flat out, and at steady 5,000 and
 *   10,000 msg/s (below what the platform sustains, so no backlog builds).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { freePort, login, percentile, root, scratchDatabase } from './lib.js';

const N = Number(process.argv[2] ?? 100_000);
const SENSORS = 10_000;
const PROBES = 800;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(
  cmd: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(cmd[0]!, cmd.slice(1), {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  });
  return { child, lines, exited: new Promise((r) => child.once('exit', r)) };
}
const tsx = (core: number, file: string, args: string[]) => [
  'taskset',
  '-c',
  String(core),
  process.execPath,
  '--import',
  'tsx',
  file,
  ...args,
];

async function main() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-mq-'));
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_inflight_messages 1000',
      'max_queued_messages 1000000',
      'log_type error',
    ].join('\n') + '\n',
  );
  const broker = run(['taskset', '-c', '0', 'mosquitto', '-c', conf]);
  await sleep(500);
  const url = `mqtt://127.0.0.1:${port}`;
  console.log(
    `telemetry bench: ${N} messages, ${SENSORS} sensors, broker ${url} (core 0, with the generator); consumer on core 1`,
  );

  // ---- baseline ----
  const sub = run(tsx(1, 'server/bench/telemetry/sub.ts', [url, String(N), '120']));
  while (!sub.lines.includes('ready')) await sleep(50);
  const gen0 = run(tsx(0, 'server/bench/telemetry/gen.ts', [url, String(N), '4', String(SENSORS), 'B', '500']));
  await gen0.exited;
  await sub.exited;
  const g0 = JSON.parse(gen0.lines.at(-1) ?? '{}') as { rate: number; startedAt: number };
  const s0 = JSON.parse(sub.lines.at(-1) ?? '{}') as { received: number; lastAt: number };
  const baseline = s0.received / ((s0.lastAt - g0.startedAt) / 1000);
  console.log(
    `baseline (raw Mosquitto → mqtt.js QoS 1 subscriber): ${s0.received}/${N} received, ${baseline.toFixed(0)} msg/s (publishers ${g0.rate.toFixed(0)} msg/s)`,
  );

  // ---- platform ----
  const db = await scratchDatabase();
  const serverPort = await freePort();
  const server = run(tsx(1, 'server/src/main.ts', []), {
    DATABASE_URL: db.url,
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    PORT: String(serverPort),
    MQTT_URL: url,
    INSTANCE_ID: `bench-${process.pid}`,
    MQTT_SHARE_GROUP: `bench${process.pid}`,
  });
  const origin = `http://127.0.0.1:${serverPort}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/api/v1/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (server.child.exitCode !== null || i > 1200) throw new Error('server did not start');
    await sleep(100);
  }
  const pgc = new pg.Client({ connectionString: db.url });
  await pgc.connect();
  const rule = JSON.stringify([
    { op: '>=', value: 10, level: 'yellow' },
    { op: '>=', value: 25, level: 'orange' },
    { op: '>=', value: 50, level: 'red' },
  ]);
  for (const [prefix, count] of [
    ['B', SENSORS],
    ['P', PROBES],
  ] as const) {
    await pgc.query(
      `INSERT INTO sensor (code, type, division_code, lon, lat, metrics, interval_seconds)
       SELECT $1 || '-' || g, 'gas_concentration', '140302', 113.6, 37.86, '[{"name":"gas","unit":"%LEL"},{"name":"temp","unit":"℃"}]'::jsonb, 3600
       FROM generate_series(0, $2::int - 1) g`,
      [prefix, count],
    );
    await pgc.query(
      `INSERT INTO sensor_rule (sensor_code, metric, kind, levels, clear_below)
       SELECT $1 || '-' || g, 'gas', 'threshold', $3::jsonb, 8 FROM generate_series(0, $2::int - 1) g`,
      [prefix, count, rule],
    );
  }

  // Live channel: when does alarm.raised for each probe arrive?
  const token = await login(origin, 'admin');
  const raisedAt = new Map<string, number>();
  const ac = new AbortController();
  const sse = fetch(`${origin}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: ac.signal,
  }).then(async (res) => {
    const reader = res.body?.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = (await reader?.read()) ?? { done: true, value: undefined };
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!line.startsWith('data:')) continue;
        try {
          const e = JSON.parse(line.slice(5)) as { type: string; data?: { sensorCode?: string } };
          if (e.type === 'alarm.raised' && e.data?.sensorCode?.startsWith('P-'))
            raisedAt.set(e.data.sensorCode, Date.now());
        } catch {
          /* not an event */
        }
      }
    }
  });
  sse.catch(() => undefined);
  await sleep(500);

  const probe = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: `probe-${process.pid}` });
  let probeNo = 0;
  /** One load phase: the generator at `rate` msg/s (0 = flat out) while probes trip fresh sensors. */
  const phase = async (label: string, n: number, rate: number, offset: number) => {
    const before =
      (await pgc.query<{ n: number }>(`SELECT count(*)::int AS n FROM reading WHERE sensor_code LIKE 'B-%'`)).rows[0]
        ?.n ?? 0;
    const sentAt = new Map<string, number>();
    let probing = true;
    const probes = (async () => {
      while (probing && probeNo < PROBES) {
        const code = `P-${probeNo++}`;
        sentAt.set(code, Date.now());
        await probe.publishAsync(
          `yingji/telemetry/${code}`,
          JSON.stringify({ ts: Date.now(), values: { gas: 60, temp: 12 } }),
          {
            qos: 1,
          },
        );
        await sleep(50);
      }
    })();
    const gen = run(
      tsx(0, 'server/bench/telemetry/gen.ts', [
        url,
        String(n),
        '4',
        String(SENSORS),
        'B',
        '500',
        String(rate),
        String(offset),
      ]),
    );
    let committedAt = 0;
    let rows = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const r = await pgc.query<{ n: number; e: number }>(
        `SELECT (SELECT count(*)::int FROM reading WHERE sensor_code LIKE 'B-%') AS n,
                (SELECT coalesce(sum(count), 0)::int FROM ingest_error WHERE sensor_code LIKE 'B-%') AS e`,
      );
      rows = (r.rows[0]?.n ?? 0) - before;
      rejected = r.rows[0]?.e ?? 0;
      if (rows + rejected >= n) {
        committedAt = Date.now();
        break;
      }
      await sleep(100);
    }
    await gen.exited;
    probing = false;
    await probes;
    await sleep(1500);
    const g = JSON.parse(gen.lines.at(-1) ?? '{}') as { rate: number; startedAt: number };
    const got = committedAt ? n / ((committedAt - g.startedAt) / 1000) : NaN;
    const lat = [...sentAt].flatMap(([code, t]) => {
      const r = raisedAt.get(code);
      return r ? [r - t] : [];
    });
    console.log(
      `${label}: ${rows}/${n} rows (${rejected} rejected), ${got.toFixed(0)} msg/s committed (publishers ${g.rate.toFixed(0)} msg/s); alarm latency publish → alarm.raised on SSE: n=${lat.length}/${sentAt.size}, p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms`,
    );
    return got;
  };
  const platform = await phase(
    'platform, flat out (MQTT QoS 1 → rows committed, rules evaluated, 10,000 sensors)',
    N,
    0,
    0,
  );
  console.log(`ratio platform / baseline: ${(platform / baseline).toFixed(2)}`);
  await phase('platform at a steady 5,000 msg/s', Math.min(N, 50_000), 5000, -7_200_000);
  await phase('platform at a steady 10,000 msg/s', Math.min(N, 100_000), 10_000, -5_400_000);
  const st = (await (
    await fetch(`${origin}/api/v1/telemetry/stats`, {
      headers: { authorization: `Bearer ${await login(origin, 'admin')}` },
    })
  ).json()) as Record<string, number>;
  console.log(
    `platform ingestion: ${st.batches} batches, ${Math.round(st.busyMs ?? 0)} ms busy of which ${Math.round(st.dbMs ?? 0)} ms in the database transaction`,
  );
  ac.abort();
  await probe.endAsync();
  await pgc.end();
  server.child.kill('SIGTERM');
  await server.exited;
  await db.drop();
  broker.child.kill('SIGTERM');
  await broker.exited;
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
