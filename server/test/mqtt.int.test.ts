/**
 * Telemetry through the machine's real Mosquitto (127.0.0.1:1883): one instance raising, escalating
 * and clearing an alarm from MQTT readings; two instances on one PostgreSQL splitting a QoS 1 stream,
 * one killed mid-stream and brought back, every reading landing exactly once.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import mqtt from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startServer } from '../bench/lib.js';
import { escalateAlarm } from '../src/modules/monitoring/index.js';
import { auth, buildTestApp, json, loginAs, PG_URL, type TestApp } from './helpers.js';

const BROKER = process.env.YINGJI_TEST_MQTT ?? 'mqtt://127.0.0.1:1883';

async function brokerUp(): Promise<boolean> {
  const u = new URL(BROKER);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.setTimeout(1500, () => {
      s.destroy();
      resolve(false);
    });
  });
}
const HAVE_BROKER = await brokerUp();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const tag = () => crypto.randomBytes(4).toString('hex');

describe.skipIf(!HAVE_BROKER)('telemetry over the real Mosquitto', () => {
  let t: TestApp;
  let token = '';
  let pub: mqtt.MqttClient;
  const run = tag();
  beforeAll(async () => {
    t = await buildTestApp(
      PG_URL ? 'postgres' : 'pglite',
      { mqttUrl: BROKER, instanceId: `it-${run}`, mqttShareGroup: `it${run}` },
      { demoResources: false, mqtt: true },
    );
    token = await loginAs(t.app, 'commander');
    pub = await mqtt.connectAsync(BROKER, { protocolVersion: 4, clientId: `it-pub-${run}` });
  });
  afterAll(async () => {
    await pub?.endAsync();
    await t?.close();
  });

  it('raises the alarm once, escalates it, clears it; bad payloads are counted, not fatal', async () => {
    const code = `IT-${run}`;
    const post = (url: string, body: unknown) =>
      t.app.inject({ method: 'POST', url, headers: auth(token), payload: body as object });
    expect(
      (
        await post('/api/v1/sensors', {
          code,
          type: 'gas_concentration',
          divisionCode: '140302',
          location: { lon: 113.6, lat: 37.86 },
          metrics: [{ name: 'gas', unit: '%LEL' }],
          intervalSeconds: 10,
        })
      ).statusCode,
    ).toBe(201);
    await post(`/api/v1/sensors/${code}/rules`, {
      metric: 'gas',
      kind: 'threshold',
      levels: [
        { op: '>=', value: 10, level: 'yellow' },
        { op: '>=', value: 50, level: 'red' },
      ],
      clearBelow: 8,
    });
    const raised: string[] = [];
    const off = t.deps.bus.subscribe((e) => {
      if (e.entity === 'alarm' && (e.data as { sensorCode?: string } | undefined)?.sensorCode === code)
        raised.push(e.type);
    });
    const topic = `yingji/telemetry/${code}`;
    const t0 = Date.now();
    const send = (gas: number, i: number, qos: 0 | 1 = 1) =>
      pub.publishAsync(topic, JSON.stringify({ ts: t0 + i * 1000, values: { gas } }), { qos });
    await send(3, 1);
    await send(55, 2);
    await send(60, 3, 0);
    await pub.publishAsync(topic, '{"ts": 1,', { qos: 1 });
    await pub.publishAsync(topic, JSON.stringify({ ts: t0, values: { gas: 'lots' } }), { qos: 1 });
    const alarm = await until('the alarm', async () => {
      const r = json<{ items: { id: string; count: number; level: string; status: string }[] }>(
        await t.app.inject({ method: 'GET', url: `/api/v1/alarms?sensorCode=${code}`, headers: auth(token) }),
      );
      return r.items[0]?.count === 2 ? r.items : undefined;
    });
    expect(alarm).toHaveLength(1);
    expect(alarm[0]).toMatchObject({ level: 'red', status: 'active', count: 2 });
    expect(raised.filter((x) => x === 'alarm.raised')).toHaveLength(1);

    t.clock.advance(5 * 60_000 + 1000);
    expect(await escalateAlarm(t.deps, alarm[0]!.id, 1)).toBe(true);
    await until('the escalation event', async () => raised.includes('alarm.escalated'));
    token = await loginAs(t.app, 'commander');

    await send(4, 4);
    await until('the alarm to clear', async () => raised.includes('alarm.cleared'));
    const errs = await until('the rejected counts', async () => {
      const r = json<{ items: { reason: string; count: number }[] }>(
        await t.app.inject({ method: 'GET', url: `/api/v1/sensors/${code}/errors`, headers: auth(token) }),
      );
      return r.items.length === 2 ? r.items : undefined;
    });
    expect(Object.fromEntries(errs.map((e) => [e.reason, e.count]))).toEqual({ malformed_json: 1, non_numeric: 1 });
    off();
  });
});

describe.skipIf(!HAVE_BROKER || !PG_URL)('two instances sharing PostgreSQL and Mosquitto', () => {
  const run = tag();
  const name = `yingji_mq_${run}`;
  let url = '';
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL ?? '' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(PG_URL ?? '');
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL ?? '' });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('split a QoS 1 stream; one killed mid-stream and restarted: every reading lands exactly once', async () => {
    const env = (id: string) => ({
      DATABASE_URL: url,
      MQTT_URL: BROKER,
      MQTT_SHARE_GROUP: `mq${run}`,
      INSTANCE_ID: `${id}-${run}`,
      SESSION_SECRET: 'two-instances-share-one-secret-0123456789',
    });
    let a = await startServer(env('a'));
    const b = await startServer(env('b'));
    const pub = await mqtt.connectAsync(BROKER, { protocolVersion: 4, clientId: `mq-pub-${run}` });
    try {
      const token = await login(a.origin, 'admin');
      const sensors = Array.from({ length: 20 }, (_, i) => `MQ-${run}-${i}`);
      for (const code of sensors) {
        const r = await fetch(`${a.origin}/api/v1/sensors`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            code,
            type: 'water_level',
            divisionCode: '140302',
            location: { lon: 113.6, lat: 37.86 },
            metrics: [{ name: 'level', unit: 'cm' }],
            intervalSeconds: 60,
          }),
        });
        expect(r.status).toBe(201);
      }
      const total = 3000;
      const t0 = Date.now() - 3_600_000;
      const publish = async (from: number, to: number) => {
        for (let i = from; i < to; i += 50) {
          await Promise.all(
            Array.from({ length: Math.min(50, to - i) }, (_, k) => {
              const n = i + k;
              return pub.publishAsync(
                `yingji/telemetry/${sensors[n % sensors.length]}`,
                JSON.stringify({ ts: t0 + n * 10, values: { level: n } }),
                { qos: 1 },
              );
            }),
          );
        }
      };
      const stats = async (origin: string) =>
        (await (
          await fetch(`${origin}/api/v1/telemetry/stats`, {
            headers: { authorization: `Bearer ${await login(origin, 'admin')}` },
          })
        ).json()) as { accepted: number; instanceId: string };

      await publish(0, 1000);
      await until('both instances to take part', async () => {
        const [sa, sb] = await Promise.all([stats(a.origin), stats(b.origin)]);
        return sa.accepted > 0 && sb.accepted > 0 && sa.accepted + sb.accepted >= 1000;
      });
      // Kill A without warning in the middle of the stream (messages in flight to it, some committed
      // but not yet acknowledged); it comes back under the same instance id.
      const streaming = publish(1000, 2000);
      await sleep(150);
      a.child.kill('SIGKILL');
      await new Promise((r) => a.child.once('exit', r));
      await streaming;
      a = await startServer(env('a'));
      await publish(2000, total);

      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const counted = await until(
          'every reading',
          async () => {
            const r = await db.query<{ n: number; distinct_values: number }>(
              `SELECT count(*)::int AS n, count(DISTINCT ("values"->>'level'))::int AS distinct_values
               FROM reading WHERE sensor_code LIKE $1`,
              [`MQ-${run}-%`],
            );
            const row = r.rows[0];
            return row && row.n >= total ? row : undefined;
          },
          60_000,
        );
        await sleep(500);
        const again = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM reading WHERE sensor_code LIKE $1`,
          [`MQ-${run}-%`],
        );
        expect(counted).toEqual({ n: total, distinct_values: total });
        expect(again.rows[0]?.n).toBe(total);
      } finally {
        await db.end();
      }
    } finally {
      await pub.endAsync();
      await a.stop();
      await b.stop();
    }
  }, 180_000);
});
