import { and, eq } from 'drizzle-orm';
import { pointInGeometry, type AreaGeometry } from '../../geo/polygon.js';
import type { RoadGraph } from '../../geo/road-graph.js';
import type { TravelRouter } from '../../geo/router.js';
import { actorOf, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { divisions, inScope } from '../divisions/index.js';
import { teams } from './resources.table.js';

const CELL_DEG = 0.01;

interface Found {
  bases: number;
  sampled: number;
  hit: number;
  /** Reached cells as [minLon, minLat, maxLon, maxLat]. */
  cells: [number, number, number, number][];
  method: string;
}

/** In-process: one multi-source search from all bases; the division's road nodes are the sample. */
function graphCoverage(
  graph: RoadGraph,
  bases: { lon: number; lat: number }[],
  area: AreaGeometry | null,
  minutes: number,
): Found {
  const sources = bases.flatMap((b) => {
    const s = graph.snap(b.lon, b.lat);
    return s ? [{ node: s.node, seconds: s.meters / (20 / 3.6) }] : [];
  });
  const reached = new Uint8Array(graph.nodeCount);
  if (sources.length) graph.search(sources, minutes * 60, (n) => void (reached[n] = 1));
  let sampled = 0;
  let hit = 0;
  const cells = new Set<string>();
  for (let i = 0; i < graph.nodeCount; i++) {
    const lon = graph.lon[i] as number;
    const lat = graph.lat[i] as number;
    if (area && !pointInGeometry(lon, lat, area)) continue;
    sampled++;
    if (reached[i]) {
      hit++;
      cells.add(`${Math.floor(lon / CELL_DEG)},${Math.floor(lat / CELL_DEG)}`);
    }
  }
  return {
    bases: sources.length,
    sampled,
    hit,
    cells: [...cells].map((k) => {
      const [cx = 0, cy = 0] = k.split(',').map(Number);
      return [cx * CELL_DEG, cy * CELL_DEG, (cx + 1) * CELL_DEG, (cy + 1) * CELL_DEG];
    }),
    method: 'road nodes inside the division as the built-up-area sample; reach by road travel time',
  };
}

/** Most grid points sampled per query with an external router (each costs table entries per base). */
const OSRM_MAX_SAMPLES = 600;
const OSRM_MIN_STEP_DEG = 0.005;
/** A grid point counts as built-up when a road passes within this distance. */
const OSRM_ROAD_METERS = 500;

/**
 * External OSRM: there is no graph to walk, so the division is sampled on a grid (at most
 * OSRM_MAX_SAMPLES cell centres inside the boundary); points within OSRM_ROAD_METERS of a
 * road are the built-up sample, and the table service gives travel times from every base.
 */
async function osrmCoverage(
  router: TravelRouter,
  bases: { lon: number; lat: number }[],
  area: AreaGeometry | null,
  minutes: number,
): Promise<Found> {
  if (!area) throw new AppError('COVERAGE_NEEDS_BOUNDARY');
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  for (const ring of rings)
    for (const [lon = 0, lat = 0] of ring) {
      [minLon, minLat] = [Math.min(minLon, lon), Math.min(minLat, lat)];
      [maxLon, maxLat] = [Math.max(maxLon, lon), Math.max(maxLat, lat)];
    }
  const step = Math.max(OSRM_MIN_STEP_DEG, Math.sqrt(((maxLon - minLon) * (maxLat - minLat)) / OSRM_MAX_SAMPLES));
  const points: { lon: number; lat: number }[] = [];
  for (let lat = minLat + step / 2; lat < maxLat; lat += step)
    for (let lon = minLon + step / 2; lon < maxLon; lon += step)
      if (pointInGeometry(lon, lat, area)) points.push({ lon, lat });
  const reach = await router.reach(bases, points, minutes * 60);
  let sampled = 0;
  let hit = 0;
  const cells: Found['cells'] = [];
  reach.forEach((r, i) => {
    if (r.roadMeters > OSRM_ROAD_METERS) return;
    sampled++;
    if (r.seconds === null) return;
    hit++;
    const p = points[i] as { lon: number; lat: number };
    cells.push([p.lon - step / 2, p.lat - step / 2, p.lon + step / 2, p.lat + step / 2]);
  });
  return {
    bases: bases.length,
    sampled,
    hit,
    cells,
    method: `grid points (${step.toFixed(4)}°) inside the division within ${OSRM_ROAD_METERS} m of a road as the built-up-area sample; reach by road travel time from the external OSRM router`,
  };
}

/**
 * Response coverage (e.g. 消防救援5分钟响应覆盖建成区面积): the share of the
 * division's road nodes reachable within `minutes` from any base, road nodes being
 * the stand-in for the built-up area until a built-up layer is loaded; and the
 * isochrone as 0.01° cells holding a reached node, as GeoJSON for the map. With the
 * external OSRM router the sample is a grid inside the boundary (`osrmCoverage`).
 */
export async function coverage(
  deps: Deps,
  ctx: RequestContext,
  q: { kind: 'fire_station' | 'rescue_team'; minutes: number; divisionCode: string },
) {
  const actor = actorOf(ctx);
  const router = deps.router;
  if (!router) throw new AppError('ROUTER_UNAVAILABLE');
  if (!isInScope(actor.divisionCode, q.divisionCode))
    throw new AppError('OUT_OF_SCOPE', { divisionCode: q.divisionCode });
  const [div] = await deps.database.db.select().from(divisions).where(eq(divisions.code, q.divisionCode));
  if (!div) throw new AppError('DIVISION_UNKNOWN', { divisionCode: q.divisionCode });
  const area = div.boundary as AreaGeometry | null;
  const bases = await deps.database.db
    .select({ lon: teams.lon, lat: teams.lat })
    .from(teams)
    .where(
      and(
        inScope(teams.divisionCode, actor.divisionCode),
        q.kind === 'fire_station' ? eq(teams.kind, 'fire_rescue') : undefined,
      ),
    );
  const found =
    router.kind === 'graph'
      ? graphCoverage(router.graph, bases, area, q.minutes)
      : await osrmCoverage(router, bases, area, q.minutes);
  const squares = found.cells.map(([x0, y0, x1, y1]) => [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ]);
  return {
    divisionCode: q.divisionCode,
    minutes: q.minutes,
    bases: found.bases,
    share: found.sampled ? found.hit / found.sampled : 0,
    sampledPoints: found.sampled,
    reachedPoints: found.hit,
    method: found.method,
    isochrone: {
      type: 'FeatureCollection' as const,
      features: squares.length
        ? [
            {
              type: 'Feature' as const,
              properties: { minutes: q.minutes },
              geometry: { type: 'MultiPolygon' as const, coordinates: squares },
            },
          ]
        : [],
    },
  };
}
