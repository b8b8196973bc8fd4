/**
 * Router figures on a synthetic graph: a jittered 560 × 560 grid (200 m spacing,
 * ≈ 313,600 nodes, ≈ 1.25 M directed edges, speeds 30/50/60 km/h) with 100,000
 * resources on it.
 *  - load: graph build time from edge arrays, and the memory it holds
 *  - nearest: top 10 resources by road time from 200 random points, p50/p95
 *  - baseline: ngraph.path A* (oriented, admissible straight-line heuristic)
 *    computing the same 10 travel times per query on the same graph, in the same run
 *  - coverage: all nodes within 5 minutes of 100 bases
 */
import createGraph from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import { haversineMeters, RoadGraph } from '../src/geo/road-graph.js';
import Flatbush from 'flatbush';
import { CandidateIndex, rankByRoad } from '../src/modules/resources/nearest.service.js';
import { percentile } from './lib.js';

const SIDE = 560;
const STEP_DEG_LAT = 200 / 111_000;
const STEP_DEG_LON = 200 / (111_000 * Math.cos((37.8 * Math.PI) / 180));
let seed = 99;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

export async function routerFigures(out: (line: string) => void, ngraphQueries = 20) {
  const n = SIDE * SIDE;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let r = 0; r < SIDE; r++)
    for (let c = 0; c < SIDE; c++) {
      lon[r * SIDE + c] = 113 + c * STEP_DEG_LON + (rnd() - 0.5) * STEP_DEG_LON * 0.3;
      lat[r * SIDE + c] = 37.3 + r * STEP_DEG_LAT + (rnd() - 0.5) * STEP_DEG_LAT * 0.3;
    }
  const from: number[] = [];
  const to: number[] = [];
  const secs: number[] = [];
  const mets: number[] = [];
  const speeds = [30, 50, 60];
  const link = (a: number, b: number) => {
    const m = haversineMeters(lon[a] as number, lat[a] as number, lon[b] as number, lat[b] as number);
    const s = m / ((speeds[Math.floor(rnd() * 3)] as number) / 3.6);
    from.push(a, b);
    to.push(b, a);
    secs.push(s, s);
    mets.push(m, m);
  };
  for (let r = 0; r < SIDE; r++)
    for (let c = 0; c < SIDE; c++) {
      const i = r * SIDE + c;
      if (c + 1 < SIDE) link(i, i + 1);
      if (r + 1 < SIDE) link(i, i + SIDE);
    }
  const edges = {
    from: Uint32Array.from(from),
    to: Uint32Array.from(to),
    seconds: Float32Array.from(secs),
    meters: Float32Array.from(mets),
  };
  from.length = 0;
  to.length = 0;
  secs.length = 0;
  mets.length = 0;
  global.gc?.();
  const mem0 = process.memoryUsage();
  const t0 = performance.now();
  const g = new RoadGraph(lon, lat, edges);
  const loadMs = performance.now() - t0;
  const mem1 = process.memoryUsage();
  out(`router.graph_nodes ${g.nodeCount}`);
  out(`router.graph_directed_edges ${g.edgeCount}`);
  out(`router.load_ms ${loadMs.toFixed(0)}`);
  const bytes = g.lon.byteLength * 2 + g.offsets.byteLength + g.targets.byteLength + g.seconds.byteLength * 2 + n * 12;
  out(
    `router.memory_mib ${(bytes / 1048576).toFixed(0)} (typed arrays incl. search state; heap+buffers delta ${((mem1.heapUsed + mem1.arrayBuffers - mem0.heapUsed - mem0.arrayBuffers) / 1048576).toFixed(0)})`,
  );

  const resources = Array.from({ length: 100_000 }, (_, i) => {
    const node = Math.floor(rnd() * n);
    return { id: `r${i}`, lon: (lon[node] as number) + 0.0003, lat: lat[node] as number };
  });
  // snapping 100,000 resources to the road and grouping them by node is done once, as the server keeps it
  const w0 = performance.now();
  const index = new CandidateIndex(g, resources);
  out(`router.index_100k_resources_ms ${(performance.now() - w0).toFixed(0)}`);
  const points = Array.from({ length: 200 }, () => ({
    lon: 113 + 0.05 + rnd() * (SIDE - 20) * STEP_DEG_LON,
    lat: 37.3 + 0.05 + rnd() * (SIDE - 20) * STEP_DEG_LAT,
  }));
  const lat1: number[] = [];
  const answers: { from: number; to: string[] }[] = [];
  for (const p of points) {
    const s = performance.now();
    const top = rankByRoad(g, p, index, 10, 1e9);
    lat1.push(performance.now() - s);
    answers.push({ from: g.snap(p.lon, p.lat)!.node, to: top.map((t) => t.item.id) });
  }
  const p50 = percentile(lat1, 50);
  const p95 = percentile(lat1, 95);
  out(`router.nearest10_p50_ms ${p50.toFixed(2)}`);
  out(`router.nearest10_p95_ms ${p95.toFixed(2)} (goal ≤ 50)`);

  // a filtered query (e.g. one capability): 1,000 of the resources, so the search goes much further
  const sparse = new CandidateIndex(g, resources.slice(0, 1000));
  const lat3: number[] = [];
  for (const p of points) {
    const s = performance.now();
    rankByRoad(g, p, sparse, 10, 1e9);
    lat3.push(performance.now() - s);
  }
  out(`router.nearest10_of_1000_p50_ms ${percentile(lat3, 50).toFixed(2)}`);
  out(`router.nearest10_of_1000_p95_ms ${percentile(lat3, 95).toFixed(2)} (goal ≤ 50)`);

  // baseline: ngraph.path on the same graph
  const b0 = performance.now();
  const ng = createGraph<{ lon: number; lat: number }, { s: number }>();
  for (let i = 0; i < n; i++) ng.addNode(i, { lon: lon[i] as number, lat: lat[i] as number });
  for (let u = 0; u < n; u++)
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++)
      ng.addLink(u, g.targets[e] as number, { s: g.seconds[e] as number });
  out(`baseline.ngraph_load_ms ${(performance.now() - b0).toFixed(0)}`);
  const maxSpeed = 60 / 3.6;
  const finder = ngraphPath.aStar(ng, {
    oriented: true,
    distance: (_a, _b, l) => (l.data as { s: number }).s,
    heuristic: (a, b) => haversineMeters(a.data.lon, a.data.lat, b.data.lon, b.data.lat) / maxSpeed,
  });
  // What one does with a point-to-point library: take the 30 nearest resources in a straight line
  // (flatbush), route to each with A*, keep the 10 fastest. It answers the same query, approximately.
  const kx = Math.cos((37.8 * Math.PI) / 180);
  const flat = new Flatbush(resources.length);
  for (const r of resources) flat.add(r.lon * kx, r.lat, r.lon * kx, r.lat);
  flat.finish();
  const nodeOf = new Map(resources.map((r) => [r.id, g.snap(r.lon, r.lat)!.node]));
  const lat2: number[] = [];
  let agree = 0;
  const qs = answers.slice(0, ngraphQueries);
  qs.forEach((a, qi) => {
    const p = points[qi]!;
    const s = performance.now();
    const cands = flat.neighbors(p.lon * kx, p.lat, 30).map((i) => resources[i]!);
    const timed = cands.map((c) => {
      const path = finder.find(a.from, nodeOf.get(c.id)!);
      let t = 0;
      for (let k = path.length - 1; k > 0; k--) t += ng.getLink(path[k]!.id, path[k - 1]!.id)?.data.s ?? 0;
      return { id: c.id, t };
    });
    const top = timed
      .sort((x, y) => x.t - y.t)
      .slice(0, 10)
      .map((x) => x.id);
    lat2.push(performance.now() - s);
    if (top.filter((id) => a.to.includes(id)).length === 10) agree++;
  });
  const b50 = percentile(lat2, 50);
  out(
    `baseline.ngraph_astar_30_candidates_p50_ms ${b50.toFixed(1)} (${ngraphQueries} queries; same top 10 in ${agree})`,
  );
  out(`router.nearest10_speedup_vs_ngraph_p50 ${(b50 / p50).toFixed(1)}x (goal ≥ 5x)`);

  const bases = Array.from({ length: 100 }, () => ({ node: Math.floor(rnd() * n), seconds: 0 }));
  const c0 = performance.now();
  let reached = 0;
  g.search(bases, 300, () => void reached++);
  out(
    `router.coverage_100_bases_5min_ms ${(performance.now() - c0).toFixed(1)} (goal ≤ 1000; ${reached} of ${n} nodes reached)`,
  );
}
