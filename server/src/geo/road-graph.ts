import Flatbush from 'flatbush';

/**
 * A directed road graph in compressed sparse row form (typed arrays), with
 * Dijkstra over a binary heap and a spatial index for snapping points to nodes.
 * Edge weights are travel seconds.
 */
export interface EdgeInput {
  from: number;
  to: number;
  seconds: number;
  meters: number;
}

const R = 6_371_008.8;
const RAD = Math.PI / 180;

export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Min-heap of (node, key) pairs on typed arrays; lazy deletion (stale entries are skipped by the caller). */
class Heap {
  private nodes: Uint32Array;
  private keys: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.nodes = new Uint32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }
  clear() {
    this.size = 0;
  }
  push(node: number, key: number) {
    if (this.size === this.nodes.length) {
      const n = new Uint32Array(this.nodes.length * 2);
      n.set(this.nodes);
      this.nodes = n;
      const k = new Float64Array(this.keys.length * 2);
      k.set(this.keys);
      this.keys = k;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = this.keys[p] as number;
      if (pk <= key) break;
      this.nodes[i] = this.nodes[p] as number;
      this.keys[i] = pk;
      i = p;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }
  /** Removes the minimum; its node and key are left in `topNode`/`topKey`. */
  topNode = 0;
  topKey = 0;
  pop(): boolean {
    if (this.size === 0) return false;
    this.topNode = this.nodes[0] as number;
    this.topKey = this.keys[0] as number;
    const n = --this.size;
    if (n === 0) return true;
    const node = this.nodes[n] as number;
    const key = this.keys[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (this.keys[c + 1] as number) < (this.keys[c] as number)) c++;
      if ((this.keys[c] as number) >= key) break;
      this.nodes[i] = this.nodes[c] as number;
      this.keys[i] = this.keys[c] as number;
      i = c;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
    return true;
  }
}

export interface Snap {
  node: number;
  meters: number;
}

export class RoadGraph {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly offsets: Uint32Array;
  readonly targets: Uint32Array;
  readonly seconds: Float32Array;
  readonly meters: Float32Array;
  private readonly index: Flatbush;
  private readonly dist: Float64Array;
  private readonly touched: Uint32Array;
  private touchedCount = 0;
  private readonly heap: Heap;
  private readonly kx: number;
  private readonly ky: number;

  constructor(
    lon: Float64Array,
    lat: Float64Array,
    edges: EdgeInput[] | { from: Uint32Array; to: Uint32Array; seconds: Float32Array; meters: Float32Array },
  ) {
    const n = lon.length;
    this.lon = lon;
    this.lat = lat;
    const m = Array.isArray(edges) ? edges.length : edges.from.length;
    const from = Array.isArray(edges) ? Uint32Array.from(edges, (e) => e.from) : edges.from;
    const to = Array.isArray(edges) ? Uint32Array.from(edges, (e) => e.to) : edges.to;
    const secs = Array.isArray(edges) ? Float32Array.from(edges, (e) => e.seconds) : edges.seconds;
    const mets = Array.isArray(edges) ? Float32Array.from(edges, (e) => e.meters) : edges.meters;
    this.offsets = new Uint32Array(n + 1);
    for (let i = 0; i < m; i++) {
      const k = (from[i] as number) + 1;
      this.offsets[k] = (this.offsets[k] as number) + 1;
    }
    for (let i = 0; i < n; i++) this.offsets[i + 1] = (this.offsets[i + 1] as number) + (this.offsets[i] as number);
    this.targets = new Uint32Array(m);
    this.seconds = new Float32Array(m);
    this.meters = new Float32Array(m);
    const fill = this.offsets.slice(0, n);
    for (let i = 0; i < m; i++) {
      const f = from[i] as number;
      const pos = fill[f] as number;
      fill[f] = pos + 1;
      this.targets[pos] = to[i] as number;
      this.seconds[pos] = secs[i] as number;
      this.meters[pos] = mets[i] as number;
    }
    // local equirectangular projection for snapping
    let latSum = 0;
    for (let i = 0; i < n; i++) latSum += lat[i] as number;
    const lat0 = n ? latSum / n : 0;
    this.kx = Math.cos(lat0 * RAD) * R * RAD;
    this.ky = R * RAD;
    this.index = new Flatbush(Math.max(1, n));
    for (let i = 0; i < n; i++) {
      const x = (lon[i] as number) * this.kx;
      const y = (lat[i] as number) * this.ky;
      this.index.add(x, y, x, y);
    }
    if (n === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
    this.dist = new Float64Array(n).fill(Infinity);
    this.touched = new Uint32Array(n);
    this.heap = new Heap(1024);
  }

  get nodeCount() {
    return this.lon.length;
  }
  get edgeCount() {
    return this.targets.length;
  }

  /** The nearest node to a point, within maxMeters. */
  snap(lon: number, lat: number, maxMeters = 5000): Snap | null {
    if (this.nodeCount === 0) return null;
    const [node] = this.index.neighbors(lon * this.kx, lat * this.ky, 1, maxMeters);
    if (node === undefined) return null;
    return { node, meters: haversineMeters(lon, lat, this.lon[node] as number, this.lat[node] as number) };
  }

  /**
   * Dijkstra from several sources (each with a starting time) up to maxSeconds.
   * `visit` is called once per settled node in order of travel time; returning
   * true stops the search. Not re-entrant: one search at a time per graph.
   */
  search(
    sources: { node: number; seconds: number }[],
    maxSeconds: number,
    visit: (node: number, seconds: number) => boolean | void,
  ): void {
    const dist = this.dist;
    for (let i = 0; i < this.touchedCount; i++) dist[this.touched[i] as number] = Infinity;
    this.touchedCount = 0;
    const heap = this.heap;
    heap.clear();
    const touch = (v: number, d: number) => {
      if (dist[v] === Infinity) this.touched[this.touchedCount++] = v;
      dist[v] = d;
      heap.push(v, d);
    };
    for (const s of sources)
      if (s.seconds < (dist[s.node] as number) && s.seconds <= maxSeconds) touch(s.node, s.seconds);
    const { offsets, targets, seconds } = this;
    while (heap.pop()) {
      const u = heap.topNode;
      const du = heap.topKey;
      if (du > (dist[u] as number)) continue; // stale entry
      if (visit(u, du) === true) return;
      const end = offsets[u + 1] as number;
      for (let e = offsets[u] as number; e < end; e++) {
        const v = targets[e] as number;
        const dv = du + (seconds[e] as number);
        if (dv < (dist[v] as number) && dv <= maxSeconds) touch(v, dv);
      }
    }
  }
}
