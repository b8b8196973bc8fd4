import { createOSMStream } from 'osm-pbf-parser-node';
import type { RoadGraph } from './road-graph.js';
import { buildOsmGraph, ROAD_TAGS, type OsmWay } from './road-import.js';
import { speedFor } from './road-speeds.js';

interface PbfWay {
  type: 'way';
  refs: number[];
  tags?: Record<string, string>;
}
interface PbfNode {
  type: 'node';
  id: number;
  lon: number;
  lat: number;
}

const isWay = (x: object): x is PbfWay => 'type' in x && x.type === 'way' && 'refs' in x && Array.isArray(x.refs);
const isNode = (x: object): x is PbfNode =>
  'type' in x && x.type === 'node' && 'id' in x && typeof x.id === 'number' && 'lon' in x && 'lat' in x;

/**
 * Imports an OpenStreetMap PBF extract (`.osm.pbf`) with the same rules as the XML
 * importer (`buildOsmGraph`: drivable `highway` classes, `maxspeed`, one-way). Two
 * streaming passes keep memory to the roads: the first keeps the drivable ways and
 * the ids of their nodes, the second the coordinates of those nodes only.
 */
export async function importOsmPbf(file: string): Promise<RoadGraph> {
  const ways: OsmWay<number>[] = [];
  const needed = new Set<number>();
  for await (const item of createOSMStream(file, { withTags: { node: false, way: ROAD_TAGS, relation: false } })) {
    if (!isWay(item) || !item.tags) continue;
    const tags = new Map(Object.entries(item.tags));
    if (speedFor(tags.get('highway'), tags.get('maxspeed')) === null) continue;
    ways.push({ refs: item.refs, tags });
    for (const r of item.refs) needed.add(r);
  }
  const coords = new Map<number, [number, number]>();
  for await (const item of createOSMStream(file, { withTags: false })) {
    if (isNode(item) && needed.has(item.id)) coords.set(item.id, [item.lon, item.lat]);
  }
  return buildOsmGraph(ways, (ref) => coords.get(ref));
}
