import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { accessSeconds, MAX_SNAP_METERS, type LonLat, type Reach, type TravelRouter } from './router.js';

export interface OsrmOptions {
  /** OSRM profile in the URL (`/table/v1/<profile>/…`). */
  profile?: string;
  /** Most coordinates per table request (osrm-routed --max-table-size, default 100). */
  maxTableSize?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Table requests in flight at once. */
  concurrency?: number;
  fetch?: typeof fetch;
}

const waypoint = z.object({ distance: z.number().nonnegative().optional() });
/** The part of an OSRM table answer we read. */
const tableAnswer = z.object({
  code: z.string(),
  message: z.string().optional(),
  durations: z.array(z.array(z.number().nullable())).optional(),
  sources: z.array(waypoint).optional(),
  destinations: z.array(waypoint).optional(),
});

interface Table {
  /** durations[i][j]: seconds from source i to destination j on the road (null: no route). */
  durations: (number | null)[][];
  /** Metres from each source / destination to the road OSRM snapped it to. */
  sourceMeters: number[];
  destinationMeters: number[];
}

const coord = (p: LonLat) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`;

/**
 * Travel times from an external OSRM server (ROUTER_URL) through its table service:
 * `GET /table/v1/driving/{lon,lat;…}?sources=…&destinations=…&annotations=duration`.
 * Large tables are split into requests of at most `maxTableSize` coordinates. Snap
 * distances OSRM reports are turned into off-road access time, as in the graph router.
 */
export class OsrmRouter implements TravelRouter {
  readonly kind = 'osrm' as const;
  private readonly profile: string;
  private readonly maxTableSize: number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly fetch: typeof fetch;

  constructor(
    readonly baseUrl: string,
    opts: OsrmOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.profile = opts.profile ?? 'driving';
    this.maxTableSize = Math.max(2, opts.maxTableSize ?? 100);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  /** The table URL for sources then destinations, in that order in the coordinate list. */
  tableUrl(sources: readonly LonLat[], destinations: readonly LonLat[]): string {
    const coords = [...sources, ...destinations].map(coord).join(';');
    const src = sources.map((_, i) => i).join(';');
    const dst = destinations.map((_, j) => sources.length + j).join(';');
    return `${this.baseUrl}/table/v1/${this.profile}/${coords}?sources=${src}&destinations=${dst}&annotations=duration`;
  }

  private async request(sources: readonly LonLat[], destinations: readonly LonLat[]): Promise<Table> {
    const url = this.tableUrl(sources, destinations);
    let body: unknown;
    try {
      const res = await this.fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      body = await res.json();
    } catch (err) {
      throw new AppError('ROUTER_FAILED', { reason: err instanceof Error ? err.message : String(err) });
    }
    const parsed = tableAnswer.safeParse(body);
    if (!parsed.success) throw new AppError('ROUTER_FAILED', { reason: 'unexpected answer from the router' });
    const a = parsed.data;
    if (a.code !== 'Ok') throw new AppError('ROUTER_FAILED', { code: a.code, reason: a.message ?? a.code });
    const durations = a.durations ?? [];
    const ok =
      durations.length === sources.length &&
      durations.every((row) => row.length === destinations.length) &&
      (a.sources?.length ?? sources.length) === sources.length &&
      (a.destinations?.length ?? destinations.length) === destinations.length;
    if (!ok) throw new AppError('ROUTER_FAILED', { reason: 'the table does not match the request' });
    return {
      durations,
      sourceMeters: sources.map((_, i) => a.sources?.[i]?.distance ?? 0),
      destinationMeters: destinations.map((_, j) => a.destinations?.[j]?.distance ?? 0),
    };
  }

  /** The full sources × destinations table, split into requests of at most maxTableSize coordinates. */
  async table(sources: readonly LonLat[], destinations: readonly LonLat[]): Promise<Table> {
    const out: Table = {
      durations: sources.map(() => destinations.map((): number | null => null)),
      sourceMeters: sources.map(() => 0),
      destinationMeters: destinations.map(() => 0),
    };
    if (!sources.length || !destinations.length) return out;
    const srcChunk = Math.min(sources.length, Math.max(1, Math.floor(this.maxTableSize / 2)));
    const dstChunk = this.maxTableSize - srcChunk;
    const jobs: { s0: number; d0: number }[] = [];
    for (let s0 = 0; s0 < sources.length; s0 += srcChunk)
      for (let d0 = 0; d0 < destinations.length; d0 += dstChunk) jobs.push({ s0, d0 });
    let next = 0;
    const worker = async () => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        const { s0, d0 } = job;
        const src = sources.slice(s0, s0 + srcChunk);
        const dst = destinations.slice(d0, d0 + dstChunk);
        const t = await this.request(src, dst);
        t.durations.forEach((row, i) => {
          const target = out.durations[s0 + i] as (number | null)[];
          row.forEach((d, j) => (target[d0 + j] = d));
        });
        t.sourceMeters.forEach((m, i) => (out.sourceMeters[s0 + i] = m));
        t.destinationMeters.forEach((m, j) => (out.destinationMeters[d0 + j] = m));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, jobs.length) }, worker));
    return out;
  }

  async travelTimes(from: LonLat, targets: readonly LonLat[], maxSeconds: number): Promise<(number | null)[]> {
    if (!targets.length) return [];
    const t = await this.table([from], targets);
    const fromMeters = t.sourceMeters[0] ?? 0;
    if (fromMeters > MAX_SNAP_METERS) throw new AppError('LOCATION_OFF_NETWORK');
    const row = t.durations[0] ?? [];
    return targets.map((_, j) => {
      const d = row[j];
      const m = t.destinationMeters[j] ?? 0;
      if (d === null || d === undefined || m > MAX_SNAP_METERS) return null;
      const s = accessSeconds(fromMeters) + d + accessSeconds(m);
      return s <= maxSeconds ? s : null;
    });
  }

  async reach(sources: readonly LonLat[], points: readonly LonLat[], maxSeconds: number): Promise<Reach[]> {
    const t = await this.table(sources, points);
    return points.map((_, j) => {
      const m = t.destinationMeters[j] ?? 0;
      let best = Infinity;
      if (m <= MAX_SNAP_METERS)
        t.durations.forEach((row, i) => {
          const d = row[j];
          const sm = t.sourceMeters[i] ?? 0;
          if (d === null || d === undefined || sm > MAX_SNAP_METERS) return;
          best = Math.min(best, accessSeconds(sm) + d + accessSeconds(m));
        });
      return { seconds: best <= maxSeconds ? best : null, roadMeters: m };
    });
  }
}
