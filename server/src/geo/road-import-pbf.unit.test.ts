import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOsmPbf, type PbfInput } from '../../test/fixtures/osm-pbf-writer.js';
import { loadConfig } from '../config.js';
import { loadRouter } from './load-router.js';
import { importOsmPbf } from './road-import-pbf.js';
import { importOsmXml } from './road-import.js';
import type { RoadGraph } from './road-graph.js';

const nodes = [
  { id: 1, lat: 37.86, lon: 113.58 },
  { id: 2, lat: 37.86, lon: 113.59 },
  { id: 3, lat: 37.87, lon: 113.59 },
  { id: 4, lat: 37.87, lon: 113.6 },
  { id: 9, lat: 37.9, lon: 113.7 },
];
const ways: PbfInput['ways'] = [
  { id: 10, refs: [1, 2], tags: { highway: 'primary', name: '桃北路' } },
  { id: 11, refs: [2, 3], tags: { highway: 'residential', oneway: 'yes' } },
  { id: 12, refs: [3, 4], tags: { highway: 'footway' } },
  { id: 13, refs: [3, 9], tags: { highway: 'secondary', maxspeed: '20' } },
  { id: 14, refs: [9, 1], tags: { highway: 'primary', oneway: '-1' } },
];
const xml = `<osm version="0.6">${nodes.map((n) => `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}"/>`).join('')}${ways
  .map(
    (w) =>
      `<way id="${w.id}">${w.refs.map((r) => `<nd ref="${r}"/>`).join('')}${Object.entries(w.tags)
        .map(([k, v]) => `<tag k="${k}" v="${v}"/>`)
        .join('')}</way>`,
  )
  .join('')}</osm>`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-pbf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function times(g: RoadGraph, lon: number, lat: number): Map<string, number> {
  const out = new Map<string, number>();
  const s = g.snap(lon, lat);
  if (!s) return out;
  g.search([{ node: s.node, seconds: 0 }], Infinity, (n, t) => {
    out.set(`${(g.lon[n] as number).toFixed(5)},${(g.lat[n] as number).toFixed(5)}`, t);
  });
  return out;
}

describe('OSM PBF import', () => {
  it('builds the same graph as the XML importer: classes, maxspeed, one-way both ways round', async () => {
    const file = path.join(dir, 'small.osm.pbf');
    fs.writeFileSync(file, writeOsmPbf({ nodes, ways }));
    const g = await importOsmPbf(file);
    const x = importOsmXml(xml);
    expect(g.nodeCount).toBe(4); // node 4 is on a footway only
    expect(g.edgeCount).toBe(6); // primary 2, residential 1, secondary 2, reversed one-way 1
    expect(g.edgeCount).toBe(x.edgeCount);
    for (const [lon, lat] of [
      [113.58, 37.86],
      [113.59, 37.87],
      [113.7, 37.9],
    ] as const) {
      const a = times(g, lon, lat);
      const b = times(x, lon, lat);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [k, t] of a) expect(t).toBeCloseTo(b.get(k) ?? -1, 3);
    }
    // oneway=-1 on 9→1: drivable from 1 to 9 only
    const from1 = times(g, 113.58, 37.86);
    expect(from1.has('113.70000,37.90000')).toBe(true);
    // ROAD_NETWORK=….osm.pbf loads it as the in-process router; ROUTER_URL takes precedence
    const router = await loadRouter(loadConfig({ DEMO: 'true', ROAD_NETWORK: file }));
    expect(router?.kind === 'graph' && router.graph.edgeCount).toBe(6);
    const osrm = await loadRouter(loadConfig({ DEMO: 'true', ROAD_NETWORK: file, ROUTER_URL: 'http://router:5000' }));
    expect(osrm?.kind).toBe('osrm');
  });

  it('reads a few dozen nodes in dense blocks with negative deltas and skips unknown references', async () => {
    const grid = Array.from({ length: 36 }, (_, i) => ({
      id: 1000 - i * 7,
      lon: 113.5 + (i % 6) * 0.01,
      lat: 37.8 + Math.floor(i / 6) * 0.01,
    }));
    const rows = Array.from({ length: 6 }, (_, r) => ({
      id: 500 + r,
      refs: [...grid.slice(r * 6, r * 6 + 6).map((n) => n.id), 99_999],
      tags: { highway: 'tertiary' },
    }));
    const file = path.join(dir, 'grid.osm.pbf');
    fs.writeFileSync(file, writeOsmPbf({ nodes: grid, ways: rows }));
    const g = await importOsmPbf(file);
    expect(g.nodeCount).toBe(36);
    expect(g.edgeCount).toBe(6 * 5 * 2);
    const s = g.snap(113.53, 37.85);
    expect(s?.meters).toBeLessThan(1);
  });
});
