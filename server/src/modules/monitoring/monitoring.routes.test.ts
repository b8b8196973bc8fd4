import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';
import { checkOffline, escalateAlarm } from './index.js';

interface Alarm {
  id: string;
  level: string;
  status: string;
  count: number;
  peakValue: number;
  lastValue: number;
  escalationStep: number;
  nextEscalationAt: string | null;
  incidentId: string | null;
  timeline?: { kind: string; text: string }[];
}

describe.each(ENGINES)('sensors, telemetry and alarms on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let seq = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { demoResources: false });
    for (const u of ['admin', 'commander', 'duty', 'pingding', 'yuxian', 'fire']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  const req = (method: 'GET' | 'POST' | 'PATCH', u: string, url: string, body?: unknown) =>
    t.app.inject({ method, url, headers: auth(tokens[u] ?? ''), ...(body ? { payload: body as object } : {}) });
  const sensor = async (code: string, divisionCode = '140302', u = 'commander') => {
    const r = await req('POST', u, '/api/v1/sensors', {
      code,
      name: `测试燃气井 ${code}`,
      type: 'gas_concentration',
      divisionCode,
      location: { lon: 113.6, lat: 37.86 },
      metrics: [
        { name: 'gas', unit: '%LEL' },
        { name: 'temp', unit: '℃' },
      ],
      intervalSeconds: 60,
    });
    expect(r.statusCode).toBe(201);
    const rule = await req('POST', u, `/api/v1/sensors/${code}/rules`, {
      metric: 'gas',
      kind: 'threshold',
      levels: [
        { op: '>=', value: 10, level: 'yellow' },
        { op: '>=', value: 25, level: 'orange' },
        { op: '>=', value: 50, level: 'red' },
      ],
      clearBelow: 8,
    });
    expect(rule.statusCode).toBe(201);
  };
  /** Readings a second apart, from now on (the clock moves with them). */
  const send = async (code: string, values: number[], u = 'commander') => {
    const items = values.map((gas) => ({
      sensorCode: code,
      ts: new Date(t.clock.now.getTime() + ++seq * 1000).toISOString(),
      values: { gas },
    }));
    const r = await req('POST', u, '/api/v1/telemetry', { items });
    expect(r.statusCode).toBe(200);
    return json<{ accepted: number; rejected: { index: number; reason: string }[] }>(r);
  };
  const alarmsOf = async (code: string) =>
    json<{ items: Alarm[] }>(await req('GET', 'commander', `/api/v1/alarms?sensorCode=${code}`)).items;

  it('raises one alarm, counts a persisting condition, escalates its level, holds in the band, clears', async () => {
    await sensor('T-GAS-1');
    await send('T-GAS-1', [2, 3, 9.9]);
    expect(await alarmsOf('T-GAS-1')).toEqual([]);
    await send('T-GAS-1', [12, 13]);
    let list = await alarmsOf('T-GAS-1');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ level: 'yellow', status: 'active', count: 2, peakValue: 13, lastValue: 13 });
    await send('T-GAS-1', [30, 9]); // orange, then inside the hysteresis band
    list = await alarmsOf('T-GAS-1');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ level: 'orange', status: 'active', count: 3, peakValue: 30 });
    await send('T-GAS-1', [7]);
    list = await alarmsOf('T-GAS-1');
    expect(list).toHaveLength(1);
    expect(list[0]?.status).toBe('cleared');
    const detail = json<Alarm>(await req('GET', 'commander', `/api/v1/alarms/${list[0]?.id}`));
    expect(detail.timeline?.map((e) => e.kind)).toEqual(['raised', 'level', 'cleared']);
    // The next trip is a new alarm.
    await send('T-GAS-1', [55]);
    list = await alarmsOf('T-GAS-1');
    expect(list.map((a) => [a.level, a.status])).toEqual([
      ['red', 'active'],
      ['orange', 'cleared'],
    ]);
    // The duty desk over the division was told.
    const notes = json<{ items: { kind: string }[] }>(await req('GET', 'duty', '/api/v1/notifications'));
    expect(notes.items.filter((n) => n.kind === 'alarm.raised').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad readings with a reason per item, keeps the good ones and counts the rest per sensor', async () => {
    await sensor('T-GAS-2');
    const ts = new Date(t.clock.now.getTime() + ++seq * 1000).toISOString();
    const r = json<{ accepted: number; rejected: { index: number; reason: string }[] }>(
      await req('POST', 'commander', '/api/v1/telemetry', {
        items: [
          { sensorCode: 'T-GAS-2', ts, values: { gas: 1 } },
          { sensorCode: 'T-GAS-2', ts, values: { gas: 'high' } },
          { sensorCode: 'T-GAS-2', ts: '2099-01-01T00:00:00Z', values: { gas: 1 } },
          { sensorCode: 'T-GAS-2', ts, values: { co: 1 } },
          { sensorCode: 'NO-SUCH', ts, values: { gas: 1 } },
          { sensorCode: 'T-GAS-2', ts: 'soon', values: { gas: 1 } },
        ],
      }),
    );
    expect(r.accepted).toBe(1);
    expect(r.rejected).toEqual([
      { index: 1, sensorCode: 'T-GAS-2', reason: 'non_numeric' },
      { index: 2, sensorCode: 'T-GAS-2', reason: 'future_timestamp' },
      { index: 3, sensorCode: 'T-GAS-2', reason: 'unknown_metric' },
      { index: 4, sensorCode: 'NO-SUCH', reason: 'unknown_sensor' },
      { index: 5, sensorCode: 'T-GAS-2', reason: 'bad_timestamp' },
    ]);
    const errs = json<{ items: { reason: string; count: number }[] }>(
      await req('GET', 'commander', '/api/v1/sensors/T-GAS-2/errors'),
    );
    expect(Object.fromEntries(errs.items.map((e) => [e.reason, e.count]))).toEqual({
      non_numeric: 1,
      future_timestamp: 1,
      unknown_metric: 1,
      bad_timestamp: 1,
    });
    // The same reading sent twice (a redelivered message) is stored once.
    await req('POST', 'commander', '/api/v1/telemetry', { items: [{ sensorCode: 'T-GAS-2', ts, values: { gas: 1 } }] });
    const n = rowsOf<{ n: number }>(
      await t.deps.database.db.execute(sql`SELECT count(*)::int AS n FROM reading WHERE sensor_code = 'T-GAS-2'`),
    )[0]?.n;
    expect(n).toBe(1);
    const s = json<{ lastValues: Record<string, number>; lastSeenAt: string }>(
      await req('GET', 'commander', '/api/v1/sensors/T-GAS-2'),
    );
    expect(s.lastValues).toEqual({ gas: 1 });
    expect(Date.parse(s.lastSeenAt)).toBe(Date.parse(ts));
  });

  it('validates sensors and rules with clear messages', async () => {
    await sensor('T-GAS-3');
    const dup = await req('POST', 'commander', '/api/v1/sensors', {
      code: 'T-GAS-3',
      type: 'gas_concentration',
      divisionCode: '140302',
      location: { lon: 113.6, lat: 37.86 },
      metrics: [{ name: 'gas', unit: '%LEL' }],
      intervalSeconds: 60,
    });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).code).toBe('SENSOR_CODE_TAKEN');
    const mixed = await req('POST', 'commander', '/api/v1/sensors/T-GAS-3/rules', {
      metric: 'gas',
      kind: 'threshold',
      levels: [
        { op: '>=', value: 10, level: 'yellow' },
        { op: '<', value: 1, level: 'red' },
      ],
    });
    expect(mixed.statusCode).toBe(400);
    expect(JSON.stringify(json(mixed).details)).toContain('all rise');
    const unknown = await req('POST', 'commander', '/api/v1/sensors/T-GAS-3/rules', {
      metric: 'co',
      kind: 'threshold',
      levels: [{ op: '>=', value: 10, level: 'yellow' }],
    });
    expect(json(unknown).code).toBe('RULE_METRIC_UNKNOWN');
    const slash = await req('POST', 'commander', '/api/v1/sensors', {
      code: 'a/b',
      type: 'gas_concentration',
      divisionCode: '140302',
      location: { lon: 113.6, lat: 37.86 },
      metrics: [{ name: 'gas', unit: '%LEL' }],
      intervalSeconds: 60,
    });
    expect(slash.statusCode).toBe(400);
    expect(JSON.stringify(json(slash).details)).toContain('no slashes');
    // A county registers only in its own county; another county cannot see its sensors.
    const out = await req('POST', 'pingding', '/api/v1/sensors', {
      code: 'T-OUT',
      type: 'rainfall',
      divisionCode: '140322',
      location: { lon: 113.4, lat: 38.1 },
      metrics: [{ name: 'rain1h', unit: 'mm' }],
      intervalSeconds: 300,
    });
    expect(out.statusCode).toBe(403);
    expect(json(out).code).toBe('OUT_OF_SCOPE');
    await sensor('T-PD-1', '140321', 'pingding');
    expect((await req('GET', 'yuxian', '/api/v1/sensors/T-PD-1')).statusCode).toBe(404);
    expect(json<{ total: number }>(await req('GET', 'yuxian', '/api/v1/sensors?q=T-PD')).total).toBe(0);
  });

  it('climbs the duty roster until someone acknowledges; acknowledging stops the ladder', async () => {
    const users = json<{ items: { id: string; username: string }[] }>(
      await req('GET', 'admin', '/api/v1/users?pageSize=200'),
    ).items;
    const dutyId = users.find((u) => u.username === 'duty')?.id;
    const commanderId = users.find((u) => u.username === 'commander')?.id;
    const start = new Date(t.clock.now.getTime() - 3_600_000).toISOString();
    const end = new Date(t.clock.now.getTime() + 48 * 3_600_000).toISOString();
    for (const [role, personName, userId] of [
      ['officer', '值班员 张伟', dutyId],
      ['leader', '带班领导 李强', commanderId],
    ] as const) {
      const r = await req('POST', 'admin', '/api/v1/duty/shifts', {
        startsAt: start,
        endsAt: end,
        role,
        personName,
        userId,
      });
      expect(r.statusCode).toBe(201);
    }
    await sensor('T-GAS-4');
    await send('T-GAS-4', [60]);
    const [a] = await alarmsOf('T-GAS-4');
    expect(a?.level).toBe('red');
    // Red: 5 minutes until the first step.
    expect(await escalateAlarm(t.deps, a!.id, 1)).toBe(false);
    t.clock.advance(5 * 60_000 + 1000);
    expect(await escalateAlarm(t.deps, a!.id, 1)).toBe(true);
    expect(await escalateAlarm(t.deps, a!.id, 1)).toBe(false);
    t.clock.advance(5 * 60_000 + 1000);
    expect(await escalateAlarm(t.deps, a!.id, 2)).toBe(true);
    let d = json<Alarm>(await req('GET', 'commander', `/api/v1/alarms/${a!.id}`));
    expect(d.escalationStep).toBe(2);
    const steps = d.timeline?.filter((e) => e.kind === 'escalated').map((e) => e.text) ?? [];
    expect(steps).toHaveLength(2);
    expect(steps[0]).toContain('值班员');
    expect(steps[1]).toContain('带班领导 李强');
    const leaderNotes = json<{ items: { kind: string }[] }>(await req('GET', 'commander', '/api/v1/notifications'));
    expect(leaderNotes.items.some((n) => n.kind === 'alarm.escalated')).toBe(true);

    const ack = await req('POST', 'duty', `/api/v1/alarms/${a!.id}/ack`, { note: '已派人核查' });
    expect(ack.statusCode).toBe(200);
    expect(json(ack)).toMatchObject({ status: 'acknowledged', nextEscalationAt: null });
    t.clock.advance(60 * 60_000);
    expect(await escalateAlarm(t.deps, a!.id, 3)).toBe(false);
    // An hour passed: the sessions idled out.
    for (const u of ['commander', 'duty', 'fire']) tokens[u] = await loginAs(t.app, u);
    d = json<Alarm>(await req('GET', 'commander', `/api/v1/alarms/${a!.id}`));
    expect(d.escalationStep).toBe(2);
    const again = await req('POST', 'duty', `/api/v1/alarms/${a!.id}/ack`, {});
    expect(json(again).code).toBe('ALARM_NOT_ACTIVE');
    // A liaison may read alarms but not handle them.
    const liaison = await req('POST', 'fire', `/api/v1/alarms/${a!.id}/ack`, {});
    expect(liaison.statusCode).toBe(403);
    expect(json(liaison).code).toBe('FORBIDDEN');
  });

  it('turns an alarm into a linked incident once', async () => {
    await sensor('T-GAS-5');
    await send('T-GAS-5', [27]);
    const [a] = await alarmsOf('T-GAS-5');
    const r = await req('POST', 'duty', `/api/v1/alarms/${a!.id}/incident`, { type: 'gas', title: '燃气泄漏告警' });
    expect(r.statusCode).toBe(201);
    const body = json<{ incidentId: string; alarm: Alarm }>(r);
    expect(body.alarm.incidentId).toBe(body.incidentId);
    const inc = json<{ source: string; title: string; divisionCode: string }>(
      await req('GET', 'duty', `/api/v1/incidents/${body.incidentId}`),
    );
    expect(inc).toMatchObject({ source: 'sensor', title: '燃气泄漏告警', divisionCode: '140302' });
    const twice = await req('POST', 'duty', `/api/v1/alarms/${a!.id}/incident`, {});
    expect(json(twice).code).toBe('ALARM_HAS_INCIDENT');
  });

  it('two officers turning the same alarm into an incident at once create one incident', async () => {
    await sensor('T-GAS-CONC');
    await send('T-GAS-CONC', [28]);
    const [a] = await alarmsOf('T-GAS-CONC');
    const count = async () => json<{ total: number }>(await req('GET', 'duty', '/api/v1/incidents?pageSize=1')).total;
    const before = await count();
    const both = await Promise.all([
      req('POST', 'duty', `/api/v1/alarms/${a!.id}/incident`, { type: 'gas', title: '并发一' }),
      req('POST', 'commander', `/api/v1/alarms/${a!.id}/incident`, { type: 'gas', title: '并发二' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(both.map((r) => r.statusCode === 409 && json(r).code).filter(Boolean)).toEqual(['ALARM_HAS_INCIDENT']);
    expect(await count()).toBe(before + 1);
  });

  it('series: raw readings and per-minute averages', async () => {
    await sensor('T-GAS-6');
    const base = Math.floor(t.clock.now.getTime() / 60_000) * 60_000 + 60_000;
    const items = [1, 2, 3, 4, 5, 6].map((gas, i) => ({
      sensorCode: 'T-GAS-6',
      ts: new Date(base + i * 20_000).toISOString(),
      values: { gas, temp: 10 },
    }));
    await req('POST', 'commander', '/api/v1/telemetry', { items });
    const from = new Date(base - 1000).toISOString();
    const to = new Date(base + 200_000).toISOString();
    const raw = json<{ points: { avg: number }[]; unit: string }>(
      await req('GET', 'commander', `/api/v1/sensors/T-GAS-6/series?metric=gas&step=raw&from=${from}&to=${to}`),
    );
    expect(raw.unit).toBe('%LEL');
    expect(raw.points.map((p) => p.avg)).toEqual([1, 2, 3, 4, 5, 6]);
    const m = json<{ points: { avg: number; min: number; max: number; n: number }[] }>(
      await req('GET', 'commander', `/api/v1/sensors/T-GAS-6/series?metric=gas&step=1m&from=${from}&to=${to}`),
    );
    expect(m.points).toEqual([
      expect.objectContaining({ avg: 2, min: 1, max: 3, n: 3 }),
      expect.objectContaining({ avg: 5, min: 4, max: 6, n: 3 }),
    ]);
  });

  it('a silent sensor goes offline with an alarm; its next reading brings it back and clears it', async () => {
    await sensor('T-GAS-7');
    await send('T-GAS-7', [1]);
    t.clock.advance(4 * 60_000);
    expect(await checkOffline(t.deps)).toBeGreaterThanOrEqual(1);
    let s = json<{ status: string }>(await req('GET', 'commander', '/api/v1/sensors/T-GAS-7'));
    expect(s.status).toBe('offline');
    const off = (await alarmsOf('T-GAS-7')).find((a) => a.status === 'active');
    expect(off).toBeDefined();
    await send('T-GAS-7', [1]);
    s = json<{ status: string }>(await req('GET', 'commander', '/api/v1/sensors/T-GAS-7'));
    expect(s.status).toBe('online');
    expect((await alarmsOf('T-GAS-7')).every((a) => a.status === 'cleared')).toBe(true);
  });
});
