import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';

/** A fake OSRM table service: 10,000 s per degree (≈ 40 km/h) (|Δlon| + |Δlat|), every point 10 m from a road. */
const seen: string[] = [];
let failing = false;
const osrm = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  seen.push(url.pathname);
  res.setHeader('content-type', 'application/json');
  const m = /^\/table\/v1\/driving\/([^/]+)$/.exec(url.pathname);
  if (failing || !m?.[1]) return void res.writeHead(400).end(JSON.stringify({ code: 'InvalidQuery' }));
  const c = m[1].split(';').map((p) => p.split(',').map(Number) as [number, number]);
  const ids = (k: string) => (url.searchParams.get(k) ?? '').split(';').map(Number);
  const at = (i: number) => c[i] as [number, number];
  const wp = (i: number) => ({ location: at(i), distance: 10 });
  res.end(
    JSON.stringify({
      code: 'Ok',
      durations: ids('sources').map((i) =>
        ids('destinations').map((j) => 10_000 * (Math.abs(at(i)[0] - at(j)[0]) + Math.abs(at(i)[1] - at(j)[1]))),
      ),
      sources: ids('sources').map(wp),
      destinations: ids('destinations').map(wp),
    }),
  );
});
const ACCESS = 2 * (10 / (20 / 3.6));

describe.each(ENGINES)('nearest and coverage through an external OSRM router on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    await new Promise<void>((ok) => osrm.listen(0, '127.0.0.1', ok));
    const routerUrl = `http://127.0.0.1:${(osrm.address() as AddressInfo).port}`;
    t = await buildTestApp(engine, { routerUrl }, { demoResources: false });
    for (const u of ['commander', 'duty']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((ok) => osrm.close(() => ok()));
  });
  const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(tokens[user] ?? '') });
  const station = (name: string, lon: number, lat: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: auth(tokens.commander ?? ''),
      payload: {
        name,
        kind: 'fire_rescue',
        capabilities: ['fire'],
        headcount: 30,
        divisionCode: '140302',
        location: { lon, lat },
      },
    });

  it('ranks teams by the travel times OSRM answers', async () => {
    expect((await station('城区消防站', 113.625, 37.845)).statusCode).toBe(201);
    expect((await station('城区北消防站', 113.575, 37.885)).statusCode).toBe(201);
    expect((await station('远郊消防站', 114.5, 38.5)).statusCode).toBe(201);
    seen.length = 0;
    const r = await get('duty', '/api/v1/resources/nearest?lon=113.58&lat=37.88&kind=team&maxMinutes=20');
    expect(r.statusCode).toBe(200);
    const body = json<{ routed: boolean; items: { name: string; travelSeconds: number }[] }>(r);
    expect(body.routed).toBe(true);
    expect(body.items.map((i) => i.name)).toEqual(['城区北消防站', '城区消防站']); // the far one is beyond 20 min
    expect(body.items[0]?.travelSeconds).toBe(Math.round(10_000 * (0.005 + 0.005) + ACCESS));
    expect(body.items[1]?.travelSeconds).toBe(Math.round(10_000 * (0.045 + 0.035) + ACCESS));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^\/table\/v1\/driving\/113\.580000,37\.880000;/);
  });

  it('computes coverage on grid points of the division with the isochrone as GeoJSON', async () => {
    const r = await get('duty', '/api/v1/resources/coverage?kind=fire_station&minutes=2&divisionCode=140302');
    expect(r.statusCode).toBe(200);
    const c = json<{
      share: number;
      sampledPoints: number;
      reachedPoints: number;
      method: string;
      isochrone: { features: { geometry: { type: string; coordinates: number[][][][] } }[] };
    }>(r);
    expect(c.sampledPoints).toBeGreaterThan(20);
    expect(c.share).toBeGreaterThan(0);
    expect(c.share).toBeLessThan(1);
    expect(c.method).toContain('OSRM');
    expect(c.isochrone.features[0]?.geometry.type).toBe('MultiPolygon');
    expect(c.isochrone.features[0]?.geometry.coordinates).toHaveLength(c.reachedPoints);
  });

  it('answers 503 ROUTER_FAILED with a message when the router fails', async () => {
    failing = true;
    try {
      const r = await get('duty', '/api/v1/resources/nearest?lon=113.58&lat=37.88&kind=team');
      expect(r.statusCode).toBe(503);
      expect(json(r).code).toBe('ROUTER_FAILED');
    } finally {
      failing = false;
    }
  });
});
