import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { OsrmRouter } from './osrm-router.js';
import { accessSeconds, type LonLat } from './router.js';

/**
 * A fake OSRM: `/table/v1/driving/…` answers durations of 1000 s per degree (|Δlon| + |Δlat|),
 * snap distance 10 m (6 km above 50°N: off the network), and no route to points at lon 0.
 * `/broken/…` answers an OSRM error, `/garbage/…` no JSON.
 */
const seen: URL[] = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  seen.push(url);
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname.startsWith('/garbage/')) return void res.end('<html>bad gateway</html>');
  if (url.pathname.startsWith('/broken/')) return reply(400, { code: 'TooBig', message: 'Too many table coordinates' });
  const m = /^\/table\/v1\/driving\/([^/]+)$/.exec(url.pathname);
  if (!m?.[1]) return reply(400, { code: 'InvalidUrl', message: 'URL string malformed' });
  const coords = m[1].split(';').map((c) => c.split(',').map(Number) as [number, number]);
  const src = (url.searchParams.get('sources') ?? '').split(';').map(Number);
  const dst = (url.searchParams.get('destinations') ?? '').split(';').map(Number);
  const at = (i: number) => coords[i] as [number, number];
  const wp = (i: number) => ({ location: at(i), distance: at(i)[1] > 50 ? 6000 : 10, name: '' });
  reply(200, {
    code: 'Ok',
    durations: src.map((i) =>
      dst.map((j) =>
        at(j)[0] === 0 ? null : Math.round(1000 * (Math.abs(at(i)[0] - at(j)[0]) + Math.abs(at(i)[1] - at(j)[1]))),
      ),
    ),
    sources: src.map(wp),
    destinations: dst.map(wp),
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const fake = (p: LonLat, q: LonLat) => Math.round(1000 * (Math.abs(p.lon - q.lon) + Math.abs(p.lat - q.lat)));
const access = 2 * accessSeconds(10);

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
}

describe('OSRM adapter (table service)', () => {
  it('asks /table/v1/driving/ with the point as source and the candidates as destinations', async () => {
    const r = new OsrmRouter(`${base}/`);
    seen.length = 0;
    const from = { lon: 113.58, lat: 37.86 };
    const to = [
      { lon: 113.6, lat: 37.87 },
      { lon: 113.7, lat: 37.9 },
      { lon: 0, lat: 37.9 }, // no route
      { lon: 113.59, lat: 51 }, // 6 km from any road
      { lon: 114.5, lat: 38.5 }, // beyond the limit
    ];
    const t = await r.travelTimes(from, to, 600);
    expect(seen).toHaveLength(1);
    const url = seen[0] as URL;
    expect(url.pathname).toBe(
      '/table/v1/driving/113.580000,37.860000;113.600000,37.870000;113.700000,37.900000;0.000000,37.900000;113.590000,51.000000;114.500000,38.500000',
    );
    expect(url.searchParams.get('sources')).toBe('0');
    expect(url.searchParams.get('destinations')).toBe('1;2;3;4;5');
    expect(url.searchParams.get('annotations')).toBe('duration');
    expect(t[0]).toBeCloseTo(fake(from, to[0] as LonLat) + access, 6);
    expect(t[1]).toBeCloseTo(fake(from, to[1] as LonLat) + access, 6);
    expect(t.slice(2)).toEqual([null, null, null]);
    expect(await r.travelTimes(from, [], 600)).toEqual([]);
  });

  it('splits large tables into requests of at most maxTableSize coordinates and keeps the best base per point', async () => {
    const r = new OsrmRouter(base, { maxTableSize: 4, concurrency: 2 });
    seen.length = 0;
    const bases = [
      { lon: 113.5, lat: 37.8 },
      { lon: 113.6, lat: 37.9 },
      { lon: 113.7, lat: 37.85 },
    ];
    const points = Array.from({ length: 5 }, (_, i) => ({ lon: 113.52 + i * 0.05, lat: 37.82 + i * 0.02 }));
    const got = await r.reach(bases, points, 60);
    expect(seen).toHaveLength(2 * 3); // sources in chunks of 2, destinations in chunks of 2
    for (const u of seen) expect(u.pathname.split('/').pop()?.split(';').length).toBeLessThanOrEqual(4);
    points.forEach((p, j) => {
      const best = Math.min(...bases.map((b) => fake(b, p))) + access;
      const g = got[j];
      expect(g?.roadMeters).toBe(10);
      if (best <= 60) expect(g?.seconds).toBeCloseTo(best, 6);
      else expect(g?.seconds).toBeNull();
    });
    expect(got.some((g) => g.seconds === null)).toBe(true);
    expect(got.some((g) => g.seconds !== null)).toBe(true);
    expect(await r.reach([], points, 120)).toEqual(points.map(() => ({ seconds: null, roadMeters: 0 })));
  });

  it('answers LOCATION_OFF_NETWORK for a point far from roads and ROUTER_FAILED when the router fails', async () => {
    const r = new OsrmRouter(base);
    expect(await codeOf(r.travelTimes({ lon: 113.5, lat: 51 }, [{ lon: 113.6, lat: 37.9 }], 600))).toBe(
      'LOCATION_OFF_NETWORK',
    );
    expect(
      await codeOf(new OsrmRouter(`${base}/broken`).travelTimes({ lon: 1, lat: 1 }, [{ lon: 2, lat: 2 }], 60)),
    ).toBe('ROUTER_FAILED');
    expect(
      await codeOf(new OsrmRouter(`${base}/garbage`).travelTimes({ lon: 1, lat: 1 }, [{ lon: 2, lat: 2 }], 60)),
    ).toBe('ROUTER_FAILED');
    const closed = http.createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((ok) => closed.close(() => ok()));
    expect(
      await codeOf(new OsrmRouter(`http://127.0.0.1:${port}`).reach([{ lon: 1, lat: 1 }], [{ lon: 2, lat: 2 }], 60)),
    ).toBe('ROUTER_FAILED');
  });
});
