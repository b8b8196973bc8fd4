import { describe, expect, it } from 'vitest';
import { demoRoadNetwork } from '../../geo/demo-network.js';
import { GraphRouter } from '../../geo/router.js';
import { rankByRoad, rankByRouter } from './nearest.service.js';

describe('ranking through the router interface', () => {
  const g = demoRoadNetwork();
  let seed = 5;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const candidates = Array.from({ length: 200 }, (_, i) => ({
    id: `r${i}`,
    lon: 113.0 + rnd() * 1.0,
    lat: 37.6 + rnd() * 0.7,
  }));

  it('rankByRouter on the in-process router agrees with the early-stopping rankByRoad', async () => {
    for (let q = 0; q < 8; q++) {
      const from = { lon: 113.2 + rnd() * 0.6, lat: 37.7 + rnd() * 0.5 };
      const maxSeconds = q % 2 ? 1e9 : 1200;
      const fast = rankByRoad(g, from, candidates, 10, maxSeconds);
      const generic = await rankByRouter(new GraphRouter(g), from, candidates, 10, maxSeconds);
      expect(generic.map((r) => r.item.id)).toEqual(fast.map((r) => r.item.id));
      expect(generic.map((r) => r.travelSeconds)).toEqual(fast.map((r) => expect.closeTo(r.travelSeconds, 6)));
    }
  });
});
