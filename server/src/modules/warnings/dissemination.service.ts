import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import {
  DELIVERY_CHANNELS,
  type CapMsgType,
  type Delivery,
  type DeliveryChannel,
  type DeliveryStatus,
  type DeliverySummary,
  type DivisionPopulation,
  type PublicWarning,
  type SubscriberChannel,
  type WarningCoverage,
} from '@yingji/contracts';
import { rowsOf, type DbOrTx } from '../../db/client.js';
import { actorOf, systemContext, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import type { DomainEvent } from '../../platform/events.js';
import { backoffSeconds } from '../../platform/jobs.rules.js';
import { isInScope, parentOf, scopePrefix } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { divisions } from '../divisions/index.js';
import { notifyUsers } from '../notifications/index.js';
import { organizations, users } from '../org/index.js';
import { DeliveryError, type ChannelAdapter, type Recipient, type SendResult } from './channels.js';
import {
  areaIntersectsPolygon,
  areaPopulation,
  bboxOfRings,
  coverageRatio,
  maskAddress,
  nextChannel,
  outermostCodes,
  RateLimiter,
  type AreaGeometry,
  type OutgoingWarning,
  type Ring,
} from './dissemination.rules.js';
import { subscribers, warningDeliveries, warningDispatches } from './dissemination.table.js';
import { asLevel, colourOf } from './warnings.rules.js';
import { warningMessages, warnings, type WarningMessageRow, type WarningRow } from './warnings.table.js';

export { DISPATCH_JOB } from './warnings.service.js';
export const EXPIRE_JOB = 'warning.expire';

function outgoingOf(w: WarningRow, m: WarningMessageRow, publicUrl: string): OutgoingWarning {
  const level = asLevel(w.level);
  const msgType: CapMsgType = m.msgType === 'Update' || m.msgType === 'Cancel' ? m.msgType : 'Alert';
  return {
    warningId: w.id,
    identifier: m.identifier,
    msgType,
    sent: m.sent,
    hazardType: w.hazardType,
    level,
    colour: colourOf(level),
    event: w.event,
    headline: w.headline,
    description: w.description,
    instruction: w.instruction,
    headlineEn: w.headlineEn,
    descriptionEn: w.descriptionEn,
    instructionEn: w.instructionEn,
    areaDesc: w.areaDesc,
    divisionCodes: w.divisionCodes,
    polygon: w.polygon,
    onset: w.onset.toISOString(),
    expires: w.expires.toISOString(),
    orgName: w.orgName,
    capUrl: `${publicUrl}/api/v1/warnings/${w.id}/cap.xml`,
    pageUrl: `${publicUrl}/public/warnings/${w.id}`,
  };
}

// ---------------------------------------------------------------- targeting

const LIVE = sql`s.active AND s.deleted_at IS NULL`;

function divisionMatch(codes: string[]): SQL {
  if (!codes.length) return sql`false`;
  return sql`(${sql.join(
    outermostCodes(codes).map((c) => sql`s.division_code LIKE ${`${scopePrefix(c)}%`}`),
    sql` OR `,
  )})`;
}

/** PostgreSQL's built-in polygon literal of a ring: ((lon,lat),…). */
function ringLiteral(ring: Ring): string {
  return `(${ring.map(([x, y]) => `(${x},${y})`).join(',')})`;
}

/**
 * The subscriber's location inside a polygon (holes excluded): a bounding-box range the (lon, lat) index
 * serves, then the exact test with the built-in `point <@ polygon`.
 */
function insidePolygon(rings: Ring[]): SQL {
  const [outer, ...holes] = rings;
  if (!outer) return sql`false`;
  const b = bboxOfRings([outer]);
  return sql`(s.lon BETWEEN ${b.minLon} AND ${b.maxLon} AND s.lat BETWEEN ${b.minLat} AND ${b.maxLat}
    AND point(s.lon, s.lat) <@ ${ringLiteral(outer)}::polygon${sql.join(
      holes.map((h) => sql` AND NOT (point(s.lon, s.lat) <@ ${ringLiteral(h)}::polygon)`),
      sql``,
    )})`;
}

function insideArea(g: AreaGeometry): SQL {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!polys.length) return sql`false`;
  return sql`(${sql.join(polys.map(insidePolygon), sql` OR `)})`;
}

/**
 * The first of the subscriber's channels (at most three, each once) that is enabled here and has its
 * address: a plain expression, evaluated once per row.
 */
function firstChannel(enabled: ReadonlySet<SubscriberChannel>): SQL {
  const usable = (i: number) => sql`(s.channels[${sql.raw(String(i))}] = ANY(${`{${[...enabled].join(',')}}`}::text[])
    AND CASE s.channels[${sql.raw(String(i))}] WHEN 'sms' THEN s.phone IS NOT NULL
      WHEN 'email' THEN s.email IS NOT NULL
      WHEN 'webhook' THEN s.webhook_url IS NOT NULL AND s.webhook_secret IS NOT NULL
      ELSE false END)`;
  return sql`CASE WHEN ${usable(1)} THEN s.channels[1] WHEN ${usable(2)} THEN s.channels[2]
    WHEN ${usable(3)} THEN s.channels[3] END`;
}

async function boundariesOf(db: DbOrTx, codes: string[]): Promise<AreaGeometry[]> {
  if (!codes.length) return [];
  const rows = await db.select({ boundary: divisions.boundary }).from(divisions).where(inArray(divisions.code, codes));
  return rows.flatMap((r) => (r.boundary ? [r.boundary as AreaGeometry] : []));
}

/**
 * Which subscribers a warning reaches, as SQL conditions on `subscriber s` — the rule of `isTargeted`
 * (dissemination.rules.ts): with a polygon, a located subscriber by the polygon, one without a location
 * by its division; without a polygon, by division, and one known only by a location by the targeted
 * divisions' boundaries. Two disjoint conditions, so each can use its own index.
 */
export async function targetConditions(
  db: DbOrTx,
  area: { divisionCodes: string[]; polygon: WarningRow['polygon'] },
): Promise<SQL[]> {
  const codes = outermostCodes(area.divisionCodes);
  if (area.polygon)
    return [
      sql`s.lon IS NOT NULL AND s.lat IS NOT NULL AND ${insidePolygon(area.polygon.coordinates as Ring[])}`,
      sql`(s.lon IS NULL OR s.lat IS NULL) AND ${divisionMatch(codes)}`,
    ];
  const boundaries = await boundariesOf(db, codes);
  return [
    sql`s.division_code IS NOT NULL AND ${divisionMatch(codes)}`,
    boundaries.length
      ? sql`s.division_code IS NULL AND s.lon IS NOT NULL AND s.lat IS NOT NULL
          AND (${sql.join(boundaries.map(insideArea), sql` OR `)})`
      : sql`false`,
  ];
}

/**
 * Queues one delivery per targeted subscriber on the first channel that can reach them, straight from
 * the subscriber table (`INSERT … SELECT`, in subscriber order so the unique index grows at its end).
 * Subscribers no enabled channel can reach are left out. The unique (message, subscriber, channel) key
 * refuses a second row for the same message.
 */
export async function enqueueDeliveries(
  tx: DbOrTx,
  w: { id: string; divisionCodes: string[]; polygon: WarningRow['polygon'] },
  messageId: string,
  enabled: ReadonlySet<SubscriberChannel>,
  now: Date,
): Promise<number> {
  if (!enabled.size) return 0;
  // Room to sort a few hundred thousand keys in memory.
  await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
  let queued = 0;
  for (const cond of await targetConditions(tx, w)) {
    const res = await tx.execute(sql`
      INSERT INTO warning_delivery (warning_id, message_id, subscriber_id, channel, next_attempt_at)
      SELECT ${w.id}::uuid, ${messageId}::uuid, t.id, t.ch, ${now.toISOString()}::timestamptz
        FROM (SELECT s.id, ${firstChannel(enabled)} AS ch FROM subscriber s WHERE ${LIVE} AND ${cond}) AS t
       WHERE t.ch IS NOT NULL
       ORDER BY t.id`);
    const r = res as { rowCount?: number | null; affectedRows?: number };
    queued += Number(r.rowCount ?? r.affectedRows ?? 0);
  }
  return queued;
}

/** Signed-in users of the organisations in, under or above the targeted divisions. */
async function platformUsersOf(tx: DbOrTx, codes: string[]): Promise<string[]> {
  const up = new Set<string>();
  for (const code of codes) for (let c: string | null = parentOf(code); c; c = parentOf(c)) up.add(c);
  const under = outermostCodes(codes).map((c) => like(organizations.divisionCode, `${scopePrefix(c)}%`));
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(
      and(eq(users.isActive, true), or(...under, up.size ? inArray(organizations.divisionCode, [...up]) : undefined)),
    );
  return rows.map((r) => r.id);
}

const TITLE_PREFIX: Record<CapMsgType, string> = { Alert: '预警发布', Update: '预警更新', Cancel: '预警解除' };

/**
 * Targeting of one sent message (the `warning.dispatch` job): the deliveries are queued, the platform's
 * users notified, in one transaction; a second run for the same message does nothing.
 */
export async function dispatchMessage(
  deps: Deps,
  messageId: string,
  enabled: ReadonlySet<SubscriberChannel>,
): Promise<{ selected: number; inapp: number } | null> {
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [m] = await tx.select().from(warningMessages).where(eq(warningMessages.id, messageId));
    if (!m || m.direction !== 'out') return null;
    // Serialises two runs of the same message; the second finds the dispatch row and stops.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`warning.dispatch:${messageId}`}))`);
    const [done] = await tx.select().from(warningDispatches).where(eq(warningDispatches.messageId, messageId));
    if (done) return null;
    const [w] = await tx.select().from(warnings).where(eq(warnings.id, m.warningId));
    if (!w) return null;
    const queued = await enqueueDeliveries(tx, w, m.id, enabled, now);
    const userIds = await platformUsersOf(tx, w.divisionCodes);
    const msgType: CapMsgType = m.msgType === 'Update' || m.msgType === 'Cancel' ? m.msgType : 'Alert';
    await notifyUsers(tx, userIds, {
      kind: `warning.${msgType.toLowerCase()}`,
      title: `${TITLE_PREFIX[msgType]}：${w.headline}`,
      body: `${w.areaDesc}（${w.onset.toISOString()} — ${w.expires.toISOString()}）`,
      entity: 'warning',
      entityId: w.id,
    });
    const row = { messageId, warningId: w.id, selected: queued, inapp: userIds.length, dispatchedAt: now };
    await tx.insert(warningDispatches).values(row);
    await recordAudit(tx, systemContext(), {
      action: 'warning.dispatch',
      entity: 'warning',
      entityId: w.id,
      after: { ...row, identifier: m.identifier },
    });
    emit({
      type: 'warning.delivery',
      divisionCode: null,
      entity: 'warning',
      entityId: w.id,
      data: { identifier: m.identifier, selected: queued, inapp: userIds.length },
    });
    return { selected: queued, inapp: userIds.length };
  });
}

// ---------------------------------------------------------------- delivery worker

interface LeasedRow {
  /** bigint, as the driver returns it. */
  id: string | number;
  warning_id: string;
  message_id: string;
  subscriber_id: string;
  attempts: number;
}

export interface DeliveryWorkerOptions {
  /** Rows leased per channel per pass (also bounded by the channel's rate). */
  batch?: number;
  /** Sends in flight per channel. */
  concurrency?: number;
  leaseSeconds?: number;
  /** Override the configured rates (per second). */
  rates?: Partial<Record<SubscriberChannel, number>>;
  maxAttempts?: number;
}

/**
 * Sends queued deliveries. Each channel is leased and sent on its own (FOR UPDATE SKIP LOCKED, so
 * instances share the work), at most its rate per second; a failing channel never holds the others.
 * A failure retries with backoff; the last failure (or a permanent one) hands the subscriber to their
 * next channel. Rows live in the database, so deliveries survive a restart.
 */
export class DeliveryWorker {
  readonly adapters = new Map<SubscriberChannel, ChannelAdapter>();
  private limiters = new Map<SubscriberChannel, RateLimiter>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private lastEvent = new Map<string, number>();

  constructor(
    private readonly deps: Deps,
    adapters: ChannelAdapter[],
    private readonly opts: DeliveryWorkerOptions = {},
  ) {
    const start = deps.now().getTime();
    for (const a of adapters) {
      this.adapters.set(a.channel, a);
      const rate = opts.rates?.[a.channel] ?? deps.config.delivery.rates[a.channel];
      this.limiters.set(a.channel, new RateLimiter(rate, start));
    }
  }

  get enabled(): ReadonlySet<SubscriberChannel> {
    return new Set(this.adapters.keys());
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await Promise.all([...this.adapters.values()].map((a) => a.close?.()));
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err) => this.deps.log.error({ err }, 'warning delivery pass failed'))
        .finally(() => {
          this.running = null;
          this.schedule(this.deps.config.delivery.pollMs);
        });
    }, ms);
  }

  /** One pass over every channel; returns how many deliveries were attempted per channel. */
  async runOnce(): Promise<Partial<Record<SubscriberChannel, number>>> {
    const channels = [...this.adapters.keys()];
    const results = await Promise.allSettled(channels.map((c) => this.runChannel(c)));
    const out: Partial<Record<SubscriberChannel, number>> = {};
    results.forEach((r, i) => {
      const c = channels[i] as SubscriberChannel;
      if (r.status === 'fulfilled') out[c] = r.value;
      else this.deps.log.error({ err: r.reason, channel: c }, 'warning delivery channel failed');
    });
    return out;
  }

  private async runChannel(channel: SubscriberChannel): Promise<number> {
    const adapter = this.adapters.get(channel);
    const limiter = this.limiters.get(channel);
    if (!adapter || !limiter) return 0;
    const now = this.deps.now();
    const granted = limiter.take(this.opts.batch ?? 200, now.getTime());
    if (!granted) return 0;
    const lease = new Date(now.getTime() + (this.opts.leaseSeconds ?? 60) * 1000);
    const db = this.deps.database.db;
    const leased = rowsOf<LeasedRow>(
      await db.execute(sql`
        UPDATE warning_delivery SET attempts = attempts + 1, locked_until = ${lease.toISOString()}::timestamptz
         WHERE id IN (
           SELECT id FROM warning_delivery
            WHERE channel = ${channel} AND status = 'queued' AND next_attempt_at <= ${now.toISOString()}::timestamptz
              AND (locked_until IS NULL OR locked_until < ${now.toISOString()}::timestamptz)
            ORDER BY next_attempt_at
            LIMIT ${granted}
            FOR UPDATE SKIP LOCKED)
        RETURNING id, warning_id, message_id, subscriber_id, attempts`),
    );
    limiter.refund(granted - leased.length);
    if (!leased.length) return 0;

    const subs = await db
      .select()
      .from(subscribers)
      .where(inArray(subscribers.id, [...new Set(leased.map((l) => l.subscriber_id))]));
    const subById = new Map(subs.map((s) => [s.id, s]));
    const msgs = await db
      .select()
      .from(warningMessages)
      .where(inArray(warningMessages.id, [...new Set(leased.map((l) => l.message_id))]));
    const ws = await db
      .select()
      .from(warnings)
      .where(inArray(warnings.id, [...new Set(leased.map((l) => l.warning_id))]));
    const wById = new Map(ws.map((w) => [w.id, w]));
    const outgoing = new Map<string, OutgoingWarning>();
    for (const m of msgs) {
      const w = wById.get(m.warningId);
      if (w) outgoing.set(m.id, outgoingOf(w, m, this.deps.config.delivery.publicUrl));
    }

    const queue = [...leased];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const sub = subById.get(row.subscriber_id);
        const out = outgoing.get(row.message_id);
        let result: SendResult | DeliveryError;
        if (!sub || !out) result = new DeliveryError('subscriber or message gone', true);
        else if (!sub.active || sub.deletedAt) result = new DeliveryError('subscriber no longer active', true);
        else {
          const to: Recipient = {
            id: sub.id,
            name: sub.name,
            phone: sub.phone,
            email: sub.email,
            webhookUrl: sub.webhookUrl,
            webhookSecret: sub.webhookSecret,
            language: sub.language,
          };
          try {
            result = await adapter.send(out, to, String(row.id));
          } catch (err) {
            result = err instanceof DeliveryError ? err : new DeliveryError(String((err as Error)?.message), false);
          }
        }
        await this.settle(channel, row, sub ?? null, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 8, leased.length) }, worker));
    await this.announce([...new Set(leased.map((l) => l.warning_id))]);
    return leased.length;
  }

  private async settle(
    channel: SubscriberChannel,
    row: LeasedRow,
    sub: typeof subscribers.$inferSelect | null,
    result: SendResult | DeliveryError,
  ) {
    const now = this.deps.now();
    const db = this.deps.database.db;
    if (!(result instanceof DeliveryError)) {
      await db
        .update(warningDeliveries)
        .set({
          status: result.status,
          sentAt: now,
          deliveredAt: result.status === 'delivered' ? now : null,
          providerRef: result.ref ?? null,
          lockedUntil: null,
          lastError: null,
        })
        .where(eq(warningDeliveries.id, Number(row.id)));
      return;
    }
    const maxAttempts = this.opts.maxAttempts ?? this.deps.config.delivery.maxAttempts;
    const error = result.message.slice(0, 1000);
    if (!result.permanent && row.attempts < maxAttempts) {
      await db
        .update(warningDeliveries)
        .set({
          lockedUntil: null,
          lastError: error,
          nextAttemptAt: new Date(now.getTime() + backoffSeconds(row.attempts) * 1000),
        })
        .where(eq(warningDeliveries.id, Number(row.id)));
      return;
    }
    // The last failure: the subscriber's next channel takes over, in the same transaction.
    const next = sub ? nextChannel(sub.channels, channel, this.enabled, sub) : null;
    await db.transaction(async (tx) => {
      await tx
        .update(warningDeliveries)
        .set({ status: 'failed', lockedUntil: null, lastError: error })
        .where(eq(warningDeliveries.id, Number(row.id)));
      if (next && sub && sub.active && !sub.deletedAt)
        await tx
          .insert(warningDeliveries)
          .values({
            warningId: row.warning_id,
            messageId: row.message_id,
            subscriberId: row.subscriber_id,
            channel: next,
            fallbackFrom: channel,
            nextAttemptAt: now,
          })
          .onConflictDoNothing();
    });
  }

  /** A live event per warning whose counts changed, at most once a second each. */
  private async announce(warningIds: string[]) {
    const now = this.deps.now();
    const events: DomainEvent[] = [];
    for (const id of warningIds) {
      const last = this.lastEvent.get(id) ?? 0;
      if (now.getTime() - last < 1000) continue;
      this.lastEvent.set(id, now.getTime());
      events.push({
        type: 'warning.delivery',
        divisionCode: null,
        entity: 'warning',
        entityId: id,
        at: now.toISOString(),
      });
    }
    if (events.length) await this.deps.bus.publish(events);
    if (this.lastEvent.size > 1000) this.lastEvent.clear();
  }
}

// ---------------------------------------------------------------- reading

function emptyCounts() {
  return { queued: 0, sent: 0, delivered: 0, failed: 0, total: 0 };
}

interface FigureRow {
  division_code: string;
  population: number;
  year: number;
  source: string | null;
  updated_at: string | Date;
}

/** Population figures (table `division_figure`, entered through PUT /api/v1/divisions/:code/figures). */
async function figuresOf(db: DbOrTx, prefixes: string[]): Promise<Map<string, FigureRow>> {
  if (!prefixes.length) return new Map();
  const rows = rowsOf<FigureRow>(
    await db.execute(sql`SELECT division_code, population, year, source, updated_at FROM division_figure
      WHERE ${sql.join(
        prefixes.map((p) => sql`division_code LIKE ${`${p}%`}`),
        sql` OR `,
      )}`),
  );
  return new Map(rows.map((r) => [r.division_code, r]));
}

/** The divisions a polygon-only area adds: the counties whose boundary the polygon intersects. */
async function countiesUnder(db: DbOrTx, polygon: Ring[]): Promise<string[]> {
  const rows = await db
    .select({ code: divisions.code, boundary: divisions.boundary })
    .from(divisions)
    .where(eq(divisions.level, 'county'));
  return rows
    .filter((r) => r.boundary && areaIntersectsPolygon(r.boundary as AreaGeometry, polygon))
    .map((r) => r.code);
}

export async function coverageOf(db: DbOrTx, w: WarningRow): Promise<WarningCoverage> {
  const codes = [...w.divisionCodes];
  if (w.polygon) codes.push(...(await countiesUnder(db, w.polygon.coordinates as Ring[])));
  const area = outermostCodes(codes);
  const figures = await figuresOf(
    db,
    area.map((c) => scopePrefix(c)),
  );
  const kids = await db
    .select({ code: divisions.code, parentCode: divisions.parentCode })
    .from(divisions)
    .where(or(...area.map((c) => like(divisions.code, `${scopePrefix(c)}%`)), sql`false`));
  const children = new Map<string, string[]>();
  for (const k of kids) if (k.parentCode) children.set(k.parentCode, [...(children.get(k.parentCode) ?? []), k.code]);
  const { population, missing } = areaPopulation(area, {
    own: (c) => (figures.has(c) ? Number(figures.get(c)?.population) : null),
    children: (c) => children.get(c) ?? [],
  });
  const [r] = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(DISTINCT d.subscriber_id)::int AS n FROM warning_delivery d
      JOIN subscriber s ON s.id = d.subscriber_id
      WHERE d.warning_id = ${w.id}::uuid AND d.status IN ('sent', 'delivered') AND s.kind = 'person'`),
  );
  const reached = Number(r?.n ?? 0);
  const pop = population > 0 ? population : null;
  return {
    reached,
    population: pop,
    ratio: coverageRatio(reached, pop),
    divisionCodes: area,
    missingPopulation: missing,
  };
}

export async function deliverySummaryOf(deps: Deps, w: WarningRow): Promise<DeliverySummary> {
  const db = deps.database.db;
  const counts = await db
    .select({ channel: warningDeliveries.channel, status: warningDeliveries.status, n: sql<number>`count(*)::int` })
    .from(warningDeliveries)
    .where(eq(warningDeliveries.warningId, w.id))
    .groupBy(warningDeliveries.channel, warningDeliveries.status);
  const [rec] = await db
    .select({ n: sql<number>`count(DISTINCT ${warningDeliveries.subscriberId})::int` })
    .from(warningDeliveries)
    .where(eq(warningDeliveries.warningId, w.id));
  const msgs = await db
    .select({
      identifier: warningMessages.identifier,
      msgType: warningMessages.msgType,
      sent: warningMessages.sent,
      selected: warningDispatches.selected,
      inapp: warningDispatches.inapp,
      dispatchedAt: warningDispatches.dispatchedAt,
    })
    .from(warningMessages)
    .leftJoin(warningDispatches, eq(warningDispatches.messageId, warningMessages.id))
    .where(and(eq(warningMessages.warningId, w.id), eq(warningMessages.direction, 'out')))
    .orderBy(asc(warningMessages.seq));
  const byChannel = new Map<DeliveryChannel, ReturnType<typeof emptyCounts>>(
    DELIVERY_CHANNELS.map((c) => [c, emptyCounts()]),
  );
  const totals = emptyCounts();
  for (const c of counts) {
    const slot = byChannel.get(c.channel);
    const n = Number(c.n);
    if (!slot) continue;
    slot[c.status] += n;
    slot.total += n;
    totals[c.status] += n;
    totals.total += n;
  }
  const inapp = byChannel.get('inapp');
  const inappUsers = msgs.reduce((s, m) => s + Number(m.inapp ?? 0), 0);
  if (inapp) {
    inapp.delivered += inappUsers;
    inapp.total += inappUsers;
    totals.delivered += inappUsers;
    totals.total += inappUsers;
  }
  return {
    warningId: w.id,
    recipients: Number(rec?.n ?? 0),
    channels: DELIVERY_CHANNELS.map((channel) => ({ channel, ...(byChannel.get(channel) ?? emptyCounts()) })),
    totals,
    messages: msgs.map((m) => ({
      identifier: m.identifier,
      msgType: m.msgType === 'Update' || m.msgType === 'Cancel' ? m.msgType : 'Alert',
      sent: m.sent,
      selected: m.selected ?? null,
      dispatchedAt: m.dispatchedAt?.toISOString() ?? null,
    })),
    coverage: await coverageOf(db, w),
  };
}

export interface DeliveryFilter {
  channel?: DeliveryChannel | undefined;
  status?: DeliveryStatus | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listDeliveries(deps: Deps, w: WarningRow, f: DeliveryFilter) {
  const db = deps.database.db;
  const conds: SQL[] = [eq(warningDeliveries.warningId, w.id)];
  if (f.channel) conds.push(eq(warningDeliveries.channel, f.channel));
  if (f.status) conds.push(eq(warningDeliveries.status, f.status));
  if (f.q) conds.push(sql`${subscribers.name} ILIKE ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    db
      .select({ d: warningDeliveries, s: subscribers, m: warningMessages })
      .from(warningDeliveries)
      .innerJoin(subscribers, eq(subscribers.id, warningDeliveries.subscriberId))
      .innerJoin(warningMessages, eq(warningMessages.id, warningDeliveries.messageId))
      .where(where)
      .orderBy(desc(warningMessages.seq), asc(subscribers.name), asc(warningDeliveries.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(warningDeliveries)
      .innerJoin(subscribers, eq(subscribers.id, warningDeliveries.subscriberId))
      .where(where),
  ]);
  const items: Delivery[] = rows.map(({ d, s, m }) => {
    const raw =
      d.channel === 'sms' ? s.phone : d.channel === 'email' ? s.email : d.channel === 'webhook' ? s.webhookUrl : '';
    return {
      id: String(d.id),
      messageIdentifier: m.identifier,
      msgType: m.msgType === 'Update' || m.msgType === 'Cancel' ? m.msgType : 'Alert',
      subscriberId: s.id,
      subscriberName: s.name,
      subscriberKind: s.kind,
      channel: d.channel,
      address: maskAddress(d.channel, raw ?? ''),
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      fallbackFrom: d.fallbackFrom,
      nextAttemptAt: d.status === 'queued' ? d.nextAttemptAt.toISOString() : null,
      sentAt: d.sentAt?.toISOString() ?? null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    };
  });
  return { items, total: Number(total?.n ?? 0) };
}

/** Active published warnings for the public page: no login, newest first. */
export async function listPublicWarnings(
  deps: Deps,
  f: { divisionCode?: string | undefined; page: number; pageSize: number },
) {
  const now = deps.now();
  const db = deps.database.db;
  const conds: SQL[] = [
    inArray(warnings.status, ['published', 'updated']),
    sql`${warnings.expires} > ${now.toISOString()}::timestamptz`,
  ];
  if (f.divisionCode) {
    const code = f.divisionCode;
    const up: string[] = [];
    for (let c: string | null = code; c; c = parentOf(c)) up.push(c);
    // Targets this division, one above it (the whole city), or one below it.
    conds.push(sql`(${warnings.divisionCodes} && ${`{${up.join(',')}}`}::text[]
      OR EXISTS (SELECT 1 FROM unnest(${warnings.divisionCodes}) AS t(c) WHERE t.c LIKE ${`${scopePrefix(code)}%`}))`);
  }
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(warnings)
      .where(where)
      .orderBy(asc(warnings.level), desc(warnings.publishedAt), desc(warnings.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(warnings)
      .where(where),
  ]);
  const ids = rows.map((r) => r.id);
  const msgs = ids.length
    ? await db
        .select()
        .from(warningMessages)
        .where(and(inArray(warningMessages.warningId, ids), eq(warningMessages.direction, 'out')))
        .orderBy(asc(warningMessages.seq))
    : [];
  const items: PublicWarning[] = rows.map((r) => {
    const latest = msgs.filter((m) => m.warningId === r.id).at(-1);
    const level = asLevel(r.level);
    return {
      id: r.id,
      hazardType: r.hazardType,
      level,
      colour: colourOf(level),
      status: r.status === 'updated' ? 'updated' : 'published',
      event: r.event,
      headline: r.headline,
      description: r.description,
      instruction: r.instruction,
      headlineEn: r.headlineEn,
      descriptionEn: r.descriptionEn,
      instructionEn: r.instructionEn,
      areaDesc: r.areaDesc,
      divisionCodes: r.divisionCodes,
      polygon: r.polygon,
      onset: r.onset.toISOString(),
      expires: r.expires.toISOString(),
      orgName: r.orgName,
      publishedAt: (r.publishedAt ?? r.updatedAt).toISOString(),
      msgType: latest?.msgType === 'Update' ? 'Update' : 'Alert',
      sent: latest?.sent ?? (r.publishedAt ?? r.updatedAt).toISOString(),
      capUrl: `/api/v1/warnings/${r.id}/cap.xml`,
    };
  });
  return { items, total: Number(total?.n ?? 0) };
}

/** Published warnings past their expiry become `expired` (the feed and the public list drop them). */
export async function expireWarnings(deps: Deps): Promise<number> {
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const due = await tx
      .select()
      .from(warnings)
      .where(
        and(
          inArray(warnings.status, ['published', 'updated']),
          sql`${warnings.expires} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .for('update', { skipLocked: true });
    for (const before of due) {
      const [after] = await tx
        .update(warnings)
        .set({ status: 'expired', updatedAt: now })
        .where(eq(warnings.id, before.id))
        .returning();
      await recordAudit(tx, systemContext(), {
        action: 'warning.expire',
        entity: 'warning',
        entityId: before.id,
        before,
        after,
      });
      emit({
        type: 'warning.expired',
        divisionCode: null,
        entity: 'warning',
        entityId: before.id,
        data: { level: before.level, hazardType: before.hazardType, divisionCodes: before.divisionCodes },
      });
    }
    return due.length;
  });
}

/** Population per division for the coverage figure: the parent itself, then its children in scope. */
export async function listPopulations(
  deps: Deps,
  ctx: RequestContext,
  parent: string | undefined,
): Promise<{ items: DivisionPopulation[]; total: number }> {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const root = parent ?? actor.divisionCode;
  const rows = await db
    .select({ code: divisions.code, name: divisions.name, level: divisions.level })
    .from(divisions)
    .where(or(eq(divisions.code, root), eq(divisions.parentCode, root)))
    .orderBy(asc(divisions.code));
  const visible = rows.filter((d) => isInScope(actor.divisionCode, d.code) || d.code === actor.divisionCode);
  const figures = await figuresOf(db, [scopePrefix(root)]);
  const items = visible
    .sort((a, b) => (a.code === root ? -1 : b.code === root ? 1 : a.code.localeCompare(b.code)))
    .map((d) => {
      const f = figures.get(d.code);
      return {
        divisionCode: d.code,
        name: d.name,
        level: d.level,
        population: f ? Number(f.population) : null,
        year: f ? Number(f.year) : null,
        source: f?.source ?? null,
        updatedAt: f ? new Date(f.updated_at).toISOString() : null,
      };
    });
  return { items, total: items.length };
}
