import { describe, expect, it } from 'vitest';
import { demoRoadNetwork } from './demo-network.js';
import { RoadGraph, haversineMeters } from './road-graph.js';
import { importGeoJsonRoads, importOsmXml } from './road-import.js';
import { DIVISION_GEO } from './demo-city.geo.js';

function travelTimes(g: RoadGraph, from: number, max = Infinity): Map<number, number> {
  const out = new Map<number, number>();
  g.search([{ node: from, seconds: 0 }], max, (n, s) => void out.set(n, s));
  return out;
}

describe('road graph: Dijkstra over typed arrays', () => {
  it('matches Bellman–Ford on random graphs', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 20; trial++) {
      const n = 30;
      const lon = Float64Array.from({ length: n }, () => 113 + rnd());
      const lat = Float64Array.from({ length: n }, () => 37 + rnd());
      const edges = Array.from({ length: 90 }, () => ({
        from: Math.floor(rnd() * n),
        to: Math.floor(rnd() * n),
        seconds: 1 + Math.round(rnd() * 100),
        meters: 1,
      }));
      const g = new RoadGraph(lon, lat, edges);
      const got = travelTimes(g, 0);
      const d = new Array<number>(n).fill(Infinity);
      d[0] = 0;
      for (let k = 0; k < n; k++)
        for (const e of edges)
          if ((d[e.from] as number) + e.seconds < (d[e.to] as number)) d[e.to] = (d[e.from] as number) + e.seconds;
      for (let v = 0; v < n; v++) {
        if (d[v] === Infinity) expect(got.has(v)).toBe(false);
        else expect(got.get(v)).toBeCloseTo(d[v] as number, 3);
      }
    }
  });

  it('settles nodes in order of travel time and stops at the time limit', () => {
    const g = new RoadGraph(new Float64Array(4), new Float64Array(4), [
      { from: 0, to: 1, seconds: 10, meters: 1 },
      { from: 1, to: 2, seconds: 10, meters: 1 },
      { from: 2, to: 3, seconds: 10, meters: 1 },
    ]);
    const order: number[] = [];
    g.search([{ node: 0, seconds: 0 }], 20, (n) => void order.push(n));
    expect(order).toEqual([0, 1, 2]);
    // a second search on the same graph starts clean
    expect([...travelTimes(g, 2).entries()]).toEqual([
      [2, 0],
      [3, 10],
    ]);
  });
});

describe('importers', () => {
  const osm = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="37.860" lon="113.580"/>
  <node id="2" lat="37.860" lon="113.590"/>
  <node id="3" lat="37.870" lon="113.590"/>
  <node id="4" lat="37.870" lon="113.600"/>
  <node id="9" lat="37.900" lon="113.700"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <way id="13"><nd ref="3"/><nd ref="9"/><tag k="highway" v="secondary"/><tag k="maxspeed" v="20"/></way>
</osm>`;

  it('OSM XML: drivable ways only, one-way respected, speeds by class and maxspeed', () => {
    const g = importOsmXml(osm);
    expect(g.nodeCount).toBe(4); // node 4 is on a footway only
    // primary both ways (2), residential one way (1), secondary both ways (2)
    expect(g.edgeCount).toBe(5);
    const a = g.snap(113.58, 37.86);
    const c = g.snap(113.59, 37.87);
    expect(a?.meters).toBeLessThan(1);
    const t = travelTimes(g, a?.node ?? -1);
    const meters = haversineMeters(113.58, 37.86, 113.59, 37.86);
    const metersUp = haversineMeters(113.59, 37.86, 113.59, 37.87);
    expect(t.get(c?.node ?? -1)).toBeCloseTo(meters / (60 / 3.6) + metersUp / (30 / 3.6), 1);
    // against the one-way: no way back from 3 to 2 except … none
    const back = travelTimes(g, c?.node ?? -1);
    expect(back.has(a?.node ?? -1)).toBe(false);
    const far = g.snap(113.7, 37.9);
    const toFar = haversineMeters(113.59, 37.87, 113.7, 37.9) / (20 / 3.6);
    expect(back.get(far?.node ?? -1)).toBeCloseTo(toFar, 1);
  });

  it('GeoJSON lines: shared coordinates join, speed_kmh and oneway properties', () => {
    const g = importGeoJsonRoads({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [113.5, 37.8],
              [113.51, 37.8],
            ],
          },
          properties: { speed_kmh: 36 },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [113.51, 37.8],
              [113.52, 37.8],
            ],
          },
          properties: { highway: 'trunk', oneway: 'yes' },
        },
      ],
    });
    expect(g.nodeCount).toBe(3);
    expect(g.edgeCount).toBe(3);
    const start = g.snap(113.5, 37.8)?.node ?? -1;
    const end = g.snap(113.52, 37.8)?.node ?? -1;
    const d1 = haversineMeters(113.5, 37.8, 113.51, 37.8);
    expect(travelTimes(g, start).get(end)).toBeCloseTo(d1 / 10 + d1 / (80 / 3.6), 1);
    expect(travelTimes(g, end).has(start)).toBe(false);
  });
});

describe('the demo network of 阳泉市 (synthetic)', () => {
  it('joins every county seat to the centre within an hour by road', () => {
    const g = demoRoadNetwork();
    expect(g.edgeCount).toBeGreaterThan(10_000);
    const centre = DIVISION_GEO['140300']!.centroid;
    const from = g.snap(centre.lon, centre.lat)!.node;
    const t = travelTimes(g, from);
    for (const code of ['140302', '140303', '140311', '140321', '140322']) {
      const c = DIVISION_GEO[code]!.centroid;
      const s = t.get(g.snap(c.lon, c.lat)!.node);
      expect(s).toBeDefined();
      expect(s!).toBeLessThan(3600);
    }
  });
});
