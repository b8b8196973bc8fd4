/**
 * Pure rules of warning dissemination: who a warning targets, which channel comes next, the coverage
 * figure, rate limits, the webhook signature and the texts that go out.
 */
import crypto from 'node:crypto';
import {
  HAZARD_NAMES_ZH,
  type CapMsgType,
  type DeliveryStatus,
  type SubscriberChannel,
  type WarningPolygon,
} from '@yingji/contracts';
import { isInScope } from '../../platform/scope.rules.js';

export type Position = [number, number];
export type Ring = Position[];
export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}
/** GeoJSON Polygon or MultiPolygon coordinates, as division boundaries carry them. */
export type AreaGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export function bboxOfRings(rings: Ring[]): BBox {
  const b = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const ring of rings)
    for (const [lon, lat] of ring) {
      if (lon < b.minLon) b.minLon = lon;
      if (lon > b.maxLon) b.maxLon = lon;
      if (lat < b.minLat) b.minLat = lat;
      if (lat > b.maxLat) b.maxLat = lat;
    }
  return b;
}

export function bboxesOverlap(a: BBox, b: BBox): boolean {
  return a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat;
}

/** Even-odd ray casting; a point exactly on an edge may fall either way. */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const pi = ring[i] as Position;
    const pj = ring[j] as Position;
    if (pi[1] > lat !== pj[1] > lat && lon < ((pj[0] - pi[0]) * (lat - pi[1])) / (pj[1] - pi[1]) + pi[0])
      inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and in none of the holes. */
export function pointInPolygon(lon: number, lat: number, rings: Ring[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !pointInRing(lon, lat, outer)) return false;
  return !holes.some((h) => pointInRing(lon, lat, h));
}

export function pointInArea(lon: number, lat: number, g: AreaGeometry): boolean {
  if (g.type === 'Polygon') return pointInPolygon(lon, lat, g.coordinates);
  return g.coordinates.some((p) => pointInPolygon(lon, lat, p));
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) !== o(a, b, d) && o(c, d, a) !== o(c, d, b);
}

/** True when two polygons share any area: a vertex of one inside the other, or crossing edges. */
export function polygonsIntersect(a: Ring[], b: Ring[]): boolean {
  const oa = a[0];
  const ob = b[0];
  if (!oa || !ob || !bboxesOverlap(bboxOfRings([oa]), bboxOfRings([ob]))) return false;
  if (oa.some(([x, y]) => pointInPolygon(x, y, b))) return true;
  if (ob.some(([x, y]) => pointInPolygon(x, y, a))) return true;
  for (let i = 1; i < oa.length; i++)
    for (let j = 1; j < ob.length; j++)
      if (segmentsCross(oa[i - 1] as Position, oa[i] as Position, ob[j - 1] as Position, ob[j] as Position))
        return true;
  return false;
}

export function areaIntersectsPolygon(g: AreaGeometry, polygon: Ring[]): boolean {
  if (g.type === 'Polygon') return polygonsIntersect(g.coordinates, polygon);
  return g.coordinates.some((p) => polygonsIntersect(p, polygon));
}

/** What targeting knows of a subscriber. */
export interface TargetCandidate {
  lon: number | null;
  lat: number | null;
  divisionCode: string | null;
}

export interface TargetArea {
  divisionCodes: string[];
  polygon: WarningPolygon | null;
  /** Boundaries of the targeted divisions, for subscribers known only by a location. */
  boundaries: AreaGeometry[];
}

/**
 * Whether a warning reaches a subscriber. With a polygon, a subscriber with a location is targeted when
 * the location lies inside it (the polygon is the precise area); one without a location, by its division.
 * Without a polygon, by division (a division targets everything under it); a subscriber known only by a
 * location, when it lies inside a targeted division's boundary.
 */
export function isTargeted(s: TargetCandidate, area: TargetArea): boolean {
  const hasPoint = s.lon !== null && s.lat !== null;
  if (area.polygon && hasPoint) return pointInPolygon(s.lon as number, s.lat as number, area.polygon.coordinates);
  if (s.divisionCode) {
    const code = s.divisionCode;
    return area.divisionCodes.some((t) => isInScope(t, code));
  }
  if (hasPoint) return area.boundaries.some((b) => pointInArea(s.lon as number, s.lat as number, b));
  return false;
}

/** Addresses a subscriber has, by channel. */
export interface Reachable {
  phone: string | null;
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

export function hasAddress(s: Reachable, c: SubscriberChannel): boolean {
  if (c === 'sms') return !!s.phone;
  if (c === 'email') return !!s.email;
  return !!s.webhookUrl && !!s.webhookSecret;
}

/**
 * The subscriber's next channel after `after` (or the first when null) that is enabled here and has an
 * address; null when none is left.
 */
export function nextChannel(
  preferred: readonly SubscriberChannel[],
  after: SubscriberChannel | null,
  enabled: ReadonlySet<SubscriberChannel>,
  s: Reachable,
): SubscriberChannel | null {
  const start = after === null ? 0 : preferred.indexOf(after) + 1;
  if (after !== null && start === 0) return null;
  for (const c of preferred.slice(start)) if (enabled.has(c) && hasAddress(s, c)) return c;
  return null;
}

/** Statuses that count as reached. */
export function isReached(status: DeliveryStatus): boolean {
  return status === 'sent' || status === 'delivered';
}

/**
 * The targeted divisions whose population is summed: a code already under another targeted code is
 * dropped, so nothing is counted twice.
 */
export function outermostCodes(codes: readonly string[]): string[] {
  const unique = [...new Set(codes)];
  return unique.filter((c) => !unique.some((o) => o !== c && isInScope(o, c))).sort();
}

export interface PopulationOf {
  /** The division's own figure, when entered. */
  own(code: string): number | null;
  /** Its direct children. */
  children(code: string): string[];
}

/**
 * Resident population of an area: each division's own figure, else the sum of its children's (down the
 * tree); divisions where neither exists are listed as missing.
 */
export function areaPopulation(codes: readonly string[], p: PopulationOf): { population: number; missing: string[] } {
  let population = 0;
  const missing: string[] = [];
  const walk = (code: string, depth: number) => {
    const own = p.own(code);
    if (own !== null) {
      population += own;
      return;
    }
    const kids = depth < 3 ? p.children(code) : [];
    if (!kids.length) {
      missing.push(code);
      return;
    }
    for (const k of kids) walk(k, depth + 1);
  };
  for (const c of outermostCodes(codes)) walk(c, 0);
  return { population, missing };
}

/**
 * Coverage (覆盖率) = people reached ÷ resident population of the target area, at most 1; null without
 * a population.
 */
export function coverageRatio(reached: number, population: number | null): number | null {
  if (!population || population <= 0) return null;
  return Math.min(1, reached / population);
}

/** A token bucket per channel: `rate` sends per second, bursts of at most one second's worth. */
export class RateLimiter {
  private tokens: number;
  private at: number;

  constructor(
    readonly rate: number,
    now: number,
  ) {
    this.tokens = Math.max(1, rate);
    this.at = now;
  }

  private refill(now: number) {
    const capacity = Math.max(1, this.rate);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = Math.max(this.at, now);
  }

  /** Takes up to `want` whole tokens; returns how many were granted. */
  take(want: number, now: number): number {
    this.refill(now);
    const n = Math.max(0, Math.min(want, Math.floor(this.tokens)));
    this.tokens -= n;
    return n;
  }

  /** Gives back tokens taken but not used. */
  refund(n: number): void {
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + n);
  }
}

/** `X-Yingji-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** 138****0000; z***@example.com; the host of a URL. */
export function maskAddress(channel: string, address: string): string {
  if (channel === 'sms') return address.replace(/^(\+86)?(\d{3})\d{4}(\d{4})$/, '$1$2****$3');
  if (channel === 'email') {
    const at = address.indexOf('@');
    return at > 0 ? `${address.slice(0, 1)}***${address.slice(at)}` : '***';
  }
  if (channel === 'webhook') {
    try {
      return new URL(address).host;
    } catch {
      return '***';
    }
  }
  return address;
}

/** What the texts of a message are made of. */
export interface OutgoingWarning {
  warningId: string;
  identifier: string;
  msgType: CapMsgType;
  sent: string;
  hazardType: keyof typeof HAZARD_NAMES_ZH;
  level: number;
  colour: string;
  event: string;
  headline: string;
  description: string;
  instruction: string;
  headlineEn: string | null;
  descriptionEn: string | null;
  instructionEn: string | null;
  areaDesc: string;
  divisionCodes: string[];
  polygon: WarningPolygon | null;
  onset: string;
  expires: string;
  orgName: string | null;
  capUrl: string;
  pageUrl: string;
}

const PREFIX_ZH: Record<CapMsgType, string> = { Alert: '', Update: '【更新】', Cancel: '【解除】' };
const PREFIX_EN: Record<CapMsgType, string> = { Alert: '', Update: '[Update] ', Cancel: '[Cancelled] ' };
export const SMS_MAX_CHARS = 350;

function pickLang(w: OutgoingWarning, language: string) {
  const en = language === 'en-US' && !!w.headlineEn;
  return {
    en,
    headline: en ? (w.headlineEn ?? w.headline) : w.headline,
    description: en ? (w.descriptionEn ?? w.description) : w.description,
    instruction: en ? (w.instructionEn ?? w.instruction) : w.instruction,
  };
}

/** The SMS: signature, headline, the defence guide cut to fit, the link. */
export function smsText(w: OutgoingWarning, language: string): string {
  const t = pickLang(w, language);
  const head = t.en
    ? `[Yingji] ${PREFIX_EN[w.msgType]}${t.headline}. `
    : `【${w.orgName ?? '应急预警'}】${PREFIX_ZH[w.msgType]}${t.headline}。`;
  const tail = t.en ? ` Details: ${w.pageUrl}` : ` 详情：${w.pageUrl}`;
  const body = w.msgType === 'Cancel' ? '' : t.instruction;
  const room = Math.max(0, SMS_MAX_CHARS - head.length - tail.length);
  const cut = body.length > room ? `${body.slice(0, Math.max(0, room - 1))}…` : body;
  return `${head}${cut}${tail}`;
}

export function emailSubject(w: OutgoingWarning, language: string): string {
  const t = pickLang(w, language);
  return t.en ? `${PREFIX_EN[w.msgType]}${t.headline}` : `${PREFIX_ZH[w.msgType]}${t.headline}`;
}

export function emailText(w: OutgoingWarning, language: string): string {
  const t = pickLang(w, language);
  const lines = t.en
    ? [
        t.headline,
        '',
        t.description,
        '',
        `What to do: ${t.instruction}`,
        '',
        `Area: ${w.areaDesc}`,
        `Effective: ${w.onset} – ${w.expires}`,
        `Issued by: ${w.orgName ?? 'Emergency Management Bureau'}`,
        `CAP message: ${w.capUrl}`,
      ]
    : [
        t.headline,
        '',
        t.description,
        '',
        `防御指南：${t.instruction}`,
        '',
        `影响区域：${w.areaDesc}`,
        `有效时间：${w.onset} 至 ${w.expires}`,
        `发布单位：${w.orgName ?? '应急管理局'}`,
        `CAP 消息：${w.capUrl}`,
      ];
  return `${lines.join('\n')}\n`;
}

/** The JSON a webhook receives: the CAP link and the warning's fields. */
export function webhookPayload(w: OutgoingWarning, deliveryId: string) {
  return {
    deliveryId,
    warningId: w.warningId,
    identifier: w.identifier,
    msgType: w.msgType,
    sent: w.sent,
    capUrl: w.capUrl,
    hazardType: w.hazardType,
    level: w.level,
    colour: w.colour,
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
    onset: w.onset,
    expires: w.expires,
    sender: w.orgName,
  };
}
