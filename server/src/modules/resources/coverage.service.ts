import { and, eq } from 'drizzle-orm';
import { pointInGeometry, type AreaGeometry } from '../../geo/polygon.js';
import { actorOf, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { divisions, inScope } from '../divisions/index.js';
import { teams } from './resources.table.js';

const CELL_DEG = 0.01;

/**
 * Response coverage (e.g. 消防救援5分钟响应覆盖建成区面积): the share of the
 * division's road nodes reachable within `minutes` from any base, road nodes being
 * the stand-in for the built-up area until a built-up layer is loaded; and the
 * isochrone as 0.01° cells holding a reached node, as GeoJSON for the map.
 */
export async function coverage(
  deps: Deps,
  ctx: RequestContext,
  q: { kind: 'fire_station' | 'rescue_team'; minutes: number; divisionCode: string },
) {
  const actor = actorOf(ctx);
  const graph = deps.router;
  if (!graph) throw new AppError('ROUTER_UNAVAILABLE');
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
  const sources = bases.flatMap((b) => {
    const s = graph.snap(b.lon, b.lat);
    return s ? [{ node: s.node, seconds: s.meters / (20 / 3.6) }] : [];
  });
  const reached = new Uint8Array(graph.nodeCount);
  if (sources.length) graph.search(sources, q.minutes * 60, (n) => void (reached[n] = 1));
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
  const squares = [...cells].map((k) => {
    const [cx = 0, cy = 0] = k.split(',').map(Number);
    const [x0, y0, x1, y1] = [cx * CELL_DEG, cy * CELL_DEG, (cx + 1) * CELL_DEG, (cy + 1) * CELL_DEG];
    return [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ];
  });
  return {
    divisionCode: q.divisionCode,
    minutes: q.minutes,
    bases: sources.length,
    share: sampled ? hit / sampled : 0,
    sampledPoints: sampled,
    reachedPoints: hit,
    method: 'road nodes inside the division as the built-up-area sample; reach by road travel time',
    isochrone: {
      type: 'FeatureCollection' as const,
      features: squares.length
        ? [
            {
              type: 'Feature',
              properties: { minutes: q.minutes },
              geometry: { type: 'MultiPolygon', coordinates: squares },
            },
          ]
        : [],
    },
  };
}
