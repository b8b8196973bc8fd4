import { SaxesParser } from 'saxes';
import { haversineMeters, RoadGraph } from './road-graph.js';
import { speedFor } from './road-speeds.js';

/** Collects nodes and directed edges, then builds the typed-array graph. */
class GraphBuilder {
  lon: number[] = [];
  lat: number[] = [];
  from: number[] = [];
  to: number[] = [];
  secs: number[] = [];
  mets: number[] = [];

  node(lon: number, lat: number): number {
    this.lon.push(lon);
    this.lat.push(lat);
    return this.lon.length - 1;
  }

  road(a: number, b: number, kmh: number, oneway: 'no' | 'forward' | 'backward') {
    const meters = haversineMeters(
      this.lon[a] as number,
      this.lat[a] as number,
      this.lon[b] as number,
      this.lat[b] as number,
    );
    const seconds = meters / (kmh / 3.6);
    if (oneway !== 'backward') this.edge(a, b, seconds, meters);
    if (oneway !== 'forward') this.edge(b, a, seconds, meters);
  }

  private edge(a: number, b: number, seconds: number, meters: number) {
    this.from.push(a);
    this.to.push(b);
    this.secs.push(seconds);
    this.mets.push(meters);
  }

  build(): RoadGraph {
    return new RoadGraph(Float64Array.from(this.lon), Float64Array.from(this.lat), {
      from: Uint32Array.from(this.from),
      to: Uint32Array.from(this.to),
      seconds: Float32Array.from(this.secs),
      meters: Float32Array.from(this.mets),
    });
  }
}

function onewayOf(tags: Map<string, string>): 'no' | 'forward' | 'backward' {
  const v = tags.get('oneway');
  if (v === 'yes' || v === 'true' || v === '1') return 'forward';
  if (v === '-1' || v === 'reverse') return 'backward';
  if (tags.get('junction') === 'roundabout' || tags.get('highway') === 'motorway') return v === 'no' ? 'no' : 'forward';
  return 'no';
}

/**
 * Imports an OpenStreetMap XML extract (`.osm`): every way with a drivable
 * `highway` class becomes edges between its consecutive nodes, one-way where
 * tagged, timed by `ROAD_SPEEDS_KMH` (or a lower `maxspeed`). Only nodes used by
 * roads are kept.
 */
export function importOsmXml(xml: string): RoadGraph {
  const coords = new Map<string, [number, number]>();
  const ways: { refs: string[]; tags: Map<string, string> }[] = [];
  let way: { refs: string[]; tags: Map<string, string> } | null = null;
  const parser = new SaxesParser();
  parser.on('opentag', (t) => {
    const a = t.attributes as Record<string, string>;
    if (t.name === 'node' && a.id && a.lat && a.lon) coords.set(a.id, [Number(a.lon), Number(a.lat)]);
    else if (t.name === 'way') way = { refs: [], tags: new Map() };
    else if (way && t.name === 'nd' && a.ref) way.refs.push(a.ref);
    else if (way && t.name === 'tag' && a.k !== undefined && a.v !== undefined) way.tags.set(a.k, a.v);
  });
  parser.on('closetag', (t) => {
    if (t.name === 'way' && way) {
      ways.push(way);
      way = null;
    }
  });
  parser.write(xml).close();

  return buildOsmGraph(ways, (ref) => coords.get(ref));
}

/** An OSM way as the importers read it: node references in order and its tags. */
export interface OsmWay<Ref> {
  refs: Ref[];
  tags: Map<string, string>;
}

/** Tags the road importers read from a way; other tags may be left out when parsing. */
export const ROAD_TAGS = ['highway', 'maxspeed', 'oneway', 'junction'];

/**
 * The graph of the drivable ways (shared by the XML and PBF importers): edges between
 * consecutive nodes, one-way where tagged, timed by class or `maxspeed`; only nodes
 * used by roads become graph nodes, and references to unknown nodes are skipped.
 */
export function buildOsmGraph<Ref>(
  ways: Iterable<OsmWay<Ref>>,
  coordOf: (ref: Ref) => readonly [number, number] | undefined,
): RoadGraph {
  const b = new GraphBuilder();
  const ids = new Map<Ref, number>();
  const idOf = (ref: Ref): number | null => {
    const known = ids.get(ref);
    if (known !== undefined) return known;
    const c = coordOf(ref);
    if (!c) return null;
    const i = b.node(c[0], c[1]);
    ids.set(ref, i);
    return i;
  };
  for (const w of ways) {
    const kmh = speedFor(w.tags.get('highway'), w.tags.get('maxspeed'));
    if (kmh === null) continue;
    const oneway = onewayOf(w.tags);
    for (let i = 1; i < w.refs.length; i++) {
      const p = idOf(w.refs[i - 1] as Ref);
      const q = idOf(w.refs[i] as Ref);
      if (p !== null && q !== null && p !== q) b.road(p, q, kmh, oneway);
    }
  }
  return b.build();
}

interface LineFeature {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [number, number][] } | { type: string; coordinates: unknown };
  properties?: Record<string, unknown> | null;
}

/**
 * Imports GeoJSON LineStrings: properties `highway` (class) or `speed_kmh`, and
 * `oneway` (true / "yes" / "-1"). Line ends and vertices that share coordinates
 * (to 1e-7°) are the same node.
 */
export function importGeoJsonRoads(fc: { type: 'FeatureCollection'; features: LineFeature[] }): RoadGraph {
  const b = new GraphBuilder();
  const ids = new Map<string, number>();
  const idOf = (c: [number, number]) => {
    const key = `${c[0].toFixed(7)},${c[1].toFixed(7)}`;
    let i = ids.get(key);
    if (i === undefined) {
      i = b.node(c[0], c[1]);
      ids.set(key, i);
    }
    return i;
  };
  for (const f of fc.features) {
    if (f.geometry.type !== 'LineString') continue;
    const coords = f.geometry.coordinates as [number, number][];
    const p = f.properties ?? {};
    const kmh =
      typeof p.speed_kmh === 'number' && p.speed_kmh > 0
        ? p.speed_kmh
        : speedFor(typeof p.highway === 'string' ? p.highway : 'road');
    if (kmh === null) continue;
    const ow = p.oneway === true || p.oneway === 'yes' ? 'forward' : p.oneway === '-1' ? 'backward' : 'no';
    for (let i = 1; i < coords.length; i++) {
      const a = idOf(coords[i - 1] as [number, number]);
      const c = idOf(coords[i] as [number, number]);
      if (a !== c) b.road(a, c, kmh, ow);
    }
  }
  return b.build();
}

export { GraphBuilder };
