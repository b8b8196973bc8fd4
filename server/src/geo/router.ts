import { AppError } from '../platform/errors.js';
import type { OsrmRouter } from './osrm-router.js';
import type { RoadGraph } from './road-graph.js';
import { ACCESS_SPEED_KMH } from './road-speeds.js';

export interface LonLat {
  lon: number;
  lat: number;
}

/** Travel time to a point and how far the point lies from the road it was snapped to. */
export interface Reach {
  /** Least travel seconds (off-road access included), or null when not reachable within the limit. */
  seconds: number | null;
  /** Metres from the point to its road (Infinity when no road is near). */
  roadMeters: number;
}

/**
 * Travel times by road, for nearest-resource and coverage queries. Two implementations:
 * the in-process `RoadGraph` (`GraphRouter`) and an external OSRM server (`OsrmRouter`).
 * Both count the off-road access at ACCESS_SPEED_KMH between a point and its road.
 */
export interface TravelRouter {
  readonly kind: 'graph' | 'osrm';
  /**
   * Seconds from `from` to each target, null when a target is not reachable within
   * `maxSeconds` or lies off the network. Throws LOCATION_OFF_NETWORK when `from` does.
   */
  travelTimes(from: LonLat, targets: readonly LonLat[], maxSeconds: number): Promise<(number | null)[]>;
  /** For each point, the least travel time from any source within `maxSeconds`. */
  reach(sources: readonly LonLat[], points: readonly LonLat[], maxSeconds: number): Promise<Reach[]>;
}

/** The configured router (Deps.router): in-process graph or external OSRM. */
export type Router = GraphRouter | OsrmRouter;

/** Farthest a point may lie from the road network and still be routed. */
export const MAX_SNAP_METERS = 5000;

export const accessSeconds = (meters: number) => meters / (ACCESS_SPEED_KMH / 3.6);

/** The in-process router: Dijkstra over the typed-array RoadGraph. */
export class GraphRouter implements TravelRouter {
  readonly kind = 'graph' as const;
  constructor(readonly graph: RoadGraph) {}

  async travelTimes(from: LonLat, targets: readonly LonLat[], maxSeconds: number): Promise<(number | null)[]> {
    const g = this.graph;
    const start = g.snap(from.lon, from.lat, MAX_SNAP_METERS);
    if (!start) throw new AppError('LOCATION_OFF_NETWORK');
    const out: (number | null)[] = targets.map(() => null);
    const byNode = new Map<number, { i: number; access: number }[]>();
    let left = 0;
    targets.forEach((t, i) => {
      const s = g.snap(t.lon, t.lat, MAX_SNAP_METERS);
      if (!s) return;
      left++;
      const entry = { i, access: accessSeconds(s.meters) };
      const list = byNode.get(s.node);
      if (list) list.push(entry);
      else byNode.set(s.node, [entry]);
    });
    if (left === 0) return out;
    g.search([{ node: start.node, seconds: accessSeconds(start.meters) }], maxSeconds, (node, secs) => {
      for (const h of byNode.get(node) ?? []) {
        left--;
        const t = secs + h.access;
        if (t <= maxSeconds) out[h.i] = t;
      }
      return left === 0;
    });
    return out;
  }

  async reach(sources: readonly LonLat[], points: readonly LonLat[], maxSeconds: number): Promise<Reach[]> {
    const g = this.graph;
    const starts = sources.flatMap((p) => {
      const s = g.snap(p.lon, p.lat, MAX_SNAP_METERS);
      return s ? [{ node: s.node, seconds: accessSeconds(s.meters) }] : [];
    });
    const dist = new Map<number, number>();
    if (starts.length) g.search(starts, maxSeconds, (n, s) => void dist.set(n, s));
    return points.map((p) => {
      const s = g.snap(p.lon, p.lat, MAX_SNAP_METERS);
      if (!s) return { seconds: null, roadMeters: Infinity };
      const d = dist.get(s.node);
      const t = d === undefined ? Infinity : d + accessSeconds(s.meters);
      return { seconds: t <= maxSeconds ? t : null, roadMeters: s.meters };
    });
  }
}
