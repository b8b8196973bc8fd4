import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { demoRoadNetwork } from './demo-network.js';
import { accessSeconds, GraphRouter } from './router.js';

describe('in-process router (TravelRouter over the RoadGraph)', () => {
  const g = demoRoadNetwork();
  const r = new GraphRouter(g);
  let seed = 11;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const pts = Array.from({ length: 80 }, () => ({ lon: 113.1 + rnd() * 0.8, lat: 37.65 + rnd() * 0.6 }));

  /** Reference: full multi-source Dijkstra, then each point's node time plus its access. */
  function reference(sources: { lon: number; lat: number }[]) {
    const dist = new Map<number, number>();
    const starts = sources.map((p) => {
      const s = g.snap(p.lon, p.lat)!;
      return { node: s.node, seconds: accessSeconds(s.meters) };
    });
    g.search(starts, Infinity, (n, s) => void dist.set(n, s));
    return pts.map((p) => {
      const s = g.snap(p.lon, p.lat)!;
      return (dist.get(s.node) ?? Infinity) + accessSeconds(s.meters);
    });
  }

  it('travelTimes: one search from the point, limited by maxSeconds', async () => {
    const from = { lon: 113.58, lat: 37.86 };
    const ref = reference([from]);
    const t = await r.travelTimes(from, pts, 900);
    t.forEach((v, i) => {
      const want = ref[i] as number;
      if (want <= 900) expect(v).toBeCloseTo(want, 6);
      else expect(v).toBeNull();
    });
    expect(t.some((v) => v === null)).toBe(true);
    expect(t.some((v) => v !== null)).toBe(true);
    await expect(r.travelTimes({ lon: 100, lat: 30 }, pts, 900)).rejects.toBeInstanceOf(AppError);
  });

  it('reach: the best of several sources per point, with the distance to the road', async () => {
    const sources = [
      { lon: 113.3, lat: 37.8 },
      { lon: 113.8, lat: 38.1 },
    ];
    const ref = reference(sources);
    const got = await r.reach(sources, [...pts, { lon: 100, lat: 30 }], 1200);
    pts.forEach((_, i) => {
      const want = ref[i] as number;
      if (want <= 1200) expect(got[i]?.seconds).toBeCloseTo(want, 6);
      else expect(got[i]?.seconds).toBeNull();
      expect(got[i]?.roadMeters).toBeLessThan(5000);
    });
    expect(got[pts.length]).toEqual({ seconds: null, roadMeters: Infinity });
  });
});
