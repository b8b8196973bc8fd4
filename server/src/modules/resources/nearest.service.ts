import { and, eq, gte, sql } from 'drizzle-orm';
import { haversineMeters, type RoadGraph } from '../../geo/road-graph.js';
import type { Router, TravelRouter } from '../../geo/router.js';
import { ACCESS_SPEED_KMH } from '../../geo/road-speeds.js';
import { actorOf, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { inScope } from '../divisions/index.js';
import { supplyBalances, supplyItems, teams, warehouses } from './resources.table.js';

export interface Candidate {
  id: string;
  lon: number;
  lat: number;
}

export interface Ranked<T extends Candidate> {
  item: T;
  travelSeconds: number;
  distanceMeters: number;
}

const accessSeconds = (meters: number) => meters / (ACCESS_SPEED_KMH / 3.6);

/** Snapped road nodes of resources, kept per graph and location so repeated queries do not snap again. */
const snapCache = new WeakMap<RoadGraph, Map<string, { key: string; node: number; meters: number } | null>>();

function snapCandidate(graph: RoadGraph, c: Candidate) {
  let cache = snapCache.get(graph);
  if (!cache) {
    cache = new Map();
    snapCache.set(graph, cache);
  }
  const key = `${c.lon},${c.lat}`;
  const hit = cache.get(c.id);
  if (hit && hit.key === key) return hit;
  const s = graph.snap(c.lon, c.lat);
  const v = s ? { key, node: s.node, meters: s.meters } : null;
  cache.set(c.id, v);
  return v;
}

/** Candidates grouped by their road node, with the off-road access time from each to its node. */
export class CandidateIndex<T extends Candidate> {
  readonly byNode = new Map<number, { item: T; access: number }[]>();
  constructor(graph: RoadGraph, candidates: T[]) {
    for (const c of candidates) {
      const s = snapCandidate(graph, c);
      if (!s) continue;
      const entry = { item: c, access: accessSeconds(s.meters) };
      const list = this.byNode.get(s.node);
      if (list) list.push(entry);
      else this.byNode.set(s.node, [entry]);
    }
  }
}

/**
 * The `limit` candidates nearest by road travel time from a point: one Dijkstra
 * from the point's road node, collecting candidates as their nodes settle, and
 * stopping once no unsettled node can beat the current k-th best (travel time
 * includes the off-road access at both ends).
 */
export function rankByRoad<T extends Candidate>(
  graph: RoadGraph,
  from: { lon: number; lat: number },
  candidates: T[] | CandidateIndex<T>,
  limit: number,
  maxSeconds: number,
): Ranked<T>[] {
  const start = graph.snap(from.lon, from.lat);
  if (!start) throw new AppError('LOCATION_OFF_NETWORK');
  const { byNode } = candidates instanceof CandidateIndex ? candidates : new CandidateIndex(graph, candidates);
  const found: Ranked<T>[] = [];
  let kth = Infinity;
  graph.search([{ node: start.node, seconds: accessSeconds(start.meters) }], maxSeconds, (node, secs) => {
    if (secs > kth) return true;
    const here = byNode.get(node);
    if (here) {
      for (const h of here) {
        const t = secs + h.access;
        if (t > maxSeconds) continue;
        found.push({
          item: h.item,
          travelSeconds: t,
          distanceMeters: haversineMeters(from.lon, from.lat, h.item.lon, h.item.lat),
        });
      }
      if (found.length >= limit) {
        found.sort((a, b) => a.travelSeconds - b.travelSeconds);
        found.length = Math.min(found.length, limit * 2);
        kth = (found[limit - 1] as Ranked<T>).travelSeconds;
      }
    }
    return false;
  });
  return found.sort((a, b) => a.travelSeconds - b.travelSeconds).slice(0, limit);
}

/** Straight-line bound for external routers: nothing farther than this speed allows can be reached in time. */
const TOP_SPEED_KMH = 200;

/**
 * The `limit` candidates nearest by road travel time through any TravelRouter (the
 * external OSRM one): candidates that cannot be reached even at TOP_SPEED_KMH in a
 * straight line are left out, the rest go in one table query from the point.
 */
export async function rankByRouter<T extends Candidate>(
  router: TravelRouter,
  from: { lon: number; lat: number },
  candidates: T[],
  limit: number,
  maxSeconds: number,
): Promise<Ranked<T>[]> {
  const near = candidates
    .map((item) => ({ item, distanceMeters: haversineMeters(from.lon, from.lat, item.lon, item.lat) }))
    .filter((c) => c.distanceMeters <= maxSeconds * (TOP_SPEED_KMH / 3.6));
  const times = await router.travelTimes(
    from,
    near.map((c) => c.item),
    maxSeconds,
  );
  return near
    .flatMap((c, i) => {
      const t = times[i];
      return t === null || t === undefined ? [] : [{ ...c, travelSeconds: t }];
    })
    .sort((a, b) => a.travelSeconds - b.travelSeconds)
    .slice(0, limit);
}

/** The in-process graph ranks with its early-stopping search; an external router through its table. */
function rank<T extends Candidate>(
  router: Router,
  from: { lon: number; lat: number },
  candidates: T[],
  limit: number,
  maxSeconds: number,
): Promise<Ranked<T>[]> {
  return router.kind === 'graph'
    ? Promise.resolve(rankByRoad(router.graph, from, candidates, limit, maxSeconds))
    : rankByRouter(router, from, candidates, limit, maxSeconds);
}

export interface NearestQuery {
  lon: number;
  lat: number;
  kind: 'team' | 'supply';
  capability?: string | undefined;
  itemCode?: string | undefined;
  minQuantity: number;
  limit: number;
  maxMinutes: number;
}

export async function nearestResources(deps: Deps, ctx: RequestContext, q: NearestQuery) {
  const actor = actorOf(ctx);
  const router = deps.router;
  if (!router) throw new AppError('ROUTER_UNAVAILABLE');
  const db = deps.database.db;
  const maxSeconds = q.maxMinutes * 60;
  if (q.kind === 'team') {
    const rows = await db
      .select()
      .from(teams)
      .where(
        and(
          inScope(teams.divisionCode, actor.divisionCode),
          eq(teams.status, 'available'),
          q.capability ? sql`${teams.capabilities} @> ARRAY[${q.capability}]::text[]` : undefined,
        ),
      );
    const ranked = await rank(router, q, rows, q.limit, maxSeconds);
    return {
      routed: true,
      items: ranked.map((r) => ({
        id: r.item.id,
        kind: 'team' as const,
        name: r.item.name,
        divisionCode: r.item.divisionCode,
        location: { lon: r.item.lon, lat: r.item.lat },
        travelSeconds: Math.round(r.travelSeconds),
        distanceMeters: Math.round(r.distanceMeters),
        capabilities: r.item.capabilities,
        headcount: r.item.headcount,
      })),
    };
  }
  const rows = await db
    .select({
      id: warehouses.id,
      name: warehouses.name,
      divisionCode: warehouses.divisionCode,
      lon: warehouses.lon,
      lat: warehouses.lat,
      quantity: sql<number>`sum(${supplyBalances.quantity})::float8`,
      unit: supplyItems.unit,
    })
    .from(supplyBalances)
    .innerJoin(warehouses, eq(warehouses.id, supplyBalances.warehouseId))
    .innerJoin(supplyItems, eq(supplyItems.code, supplyBalances.itemCode))
    .where(
      and(
        inScope(warehouses.divisionCode, actor.divisionCode),
        eq(supplyBalances.itemCode, q.itemCode ?? ''),
        gte(supplyBalances.quantity, 0),
      ),
    )
    .groupBy(warehouses.id, supplyItems.unit)
    .having(sql`sum(${supplyBalances.quantity}) >= ${q.minQuantity}`);
  const ranked = await rank(router, q, rows, q.limit, maxSeconds);
  return {
    routed: true,
    items: ranked.map((r) => ({
      id: r.item.id,
      kind: 'supply' as const,
      name: r.item.name,
      divisionCode: r.item.divisionCode,
      location: { lon: r.item.lon, lat: r.item.lat },
      travelSeconds: Math.round(r.travelSeconds),
      distanceMeters: Math.round(r.distanceMeters),
      quantity: r.item.quantity,
      unit: r.item.unit,
    })),
  };
}
