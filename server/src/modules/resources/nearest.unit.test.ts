import { describe, expect, it } from 'vitest';
import { demoRoadNetwork } from '../../geo/demo-network.js';
import { ACCESS_SPEED_KMH } from '../../geo/road-speeds.js';
import { rankByRoad } from './nearest.service.js';

describe('nearest by road travel time', () => {
  const g = demoRoadNetwork();
  let seed = 42;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const candidates = Array.from({ length: 300 }, (_, i) => ({
    id: `r${i}`,
    lon: 113.0 + rnd() * 1.0,
    lat: 37.6 + rnd() * 0.7,
  }));

  it('returns the same top 10 as a full search over every candidate, in order of travel time', () => {
    for (let q = 0; q < 10; q++) {
      const from = { lon: 113.2 + rnd() * 0.6, lat: 37.7 + rnd() * 0.5 };
      const got = rankByRoad(g, from, candidates, 10, 1e9);
      // reference: full Dijkstra, then every candidate's time
      const start = g.snap(from.lon, from.lat)!;
      const dist = new Map<number, number>();
      g.search(
        [{ node: start.node, seconds: start.meters / (ACCESS_SPEED_KMH / 3.6) }],
        1e9,
        (n, s) => void dist.set(n, s),
      );
      const all = candidates
        .map((c) => {
          const s = g.snap(c.lon, c.lat)!;
          return { id: c.id, t: (dist.get(s.node) ?? Infinity) + s.meters / (ACCESS_SPEED_KMH / 3.6) };
        })
        .sort((a, b) => a.t - b.t)
        .slice(0, 10);
      expect(got.map((r) => r.travelSeconds)).toEqual(all.map((a) => expect.closeTo(a.t, 6)));
      expect(got.map((r) => r.item.id)).toEqual(all.map((a) => a.id));
    }
  });

  it('leaves out what lies beyond the time limit', () => {
    const from = { lon: 113.58, lat: 37.86 };
    const within = rankByRoad(g, from, candidates, 300, 15 * 60);
    expect(within.length).toBeGreaterThan(0);
    expect(within.length).toBeLessThan(300);
    expect(within.every((r) => r.travelSeconds <= 15 * 60)).toBe(true);
  });
});
