/**
 * OASIS Common Alerting Protocol 1.2: generation and parsing as pure functions.
 * Element order follows CAP-v1.2.xsd (alert → info → area), which is a sequence.
 */
import { SaxesParser } from 'saxes';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

export interface CapValuePair {
  valueName: string;
  value: string;
}

export interface CapArea {
  areaDesc: string;
  /** Each "lat,lon lat,lon …", first pair equal to the last. */
  polygons: string[];
  circles: string[];
  geocodes: CapValuePair[];
}

export interface CapInfo {
  language: string;
  categories: CapCategory[];
  event: string;
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  eventCodes: CapValuePair[];
  effective?: string | undefined;
  onset?: string | undefined;
  expires?: string | undefined;
  senderName?: string | undefined;
  headline?: string | undefined;
  description?: string | undefined;
  instruction?: string | undefined;
  web?: string | undefined;
  contact?: string | undefined;
  parameters: CapValuePair[];
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string | undefined;
  scope: CapScope;
  restriction?: string | undefined;
  addresses?: string | undefined;
  codes: string[];
  note?: string | undefined;
  references?: string | undefined;
  incidents?: string | undefined;
  infos: CapInfo[];
}

// ---------------------------------------------------------------- time

/**
 * A CAP time: `YYYY-MM-DDThh:mm:ss+hh:mm`, no fractional seconds, never "Z" (the schema's pattern).
 * `offsetMinutes` defaults to China Standard Time (+08:00).
 */
export function capTime(at: Date, offsetMinutes = 480): string {
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + offsetMinutes * 60_000);
  const iso = local.toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${iso}${sign}${hh}:${mm}`;
}

const CAP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([-+]\d{2}:\d{2}|Z)$/;

/** Parses a CAP time (leniently accepting "Z" and fractions, which real feeds send); null when not a time. */
export function parseCapTime(s: string): Date | null {
  if (!CAP_TIME.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

// ---------------------------------------------------------------- polygons

export type LonLat = [number, number];

/** GeoJSON ring (lon/lat) → CAP polygon ("lat,lon" pairs separated by spaces), closed. */
export function ringToCapPolygon(ring: LonLat[]): string {
  const pts = [...ring];
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) pts.push(first);
  return pts.map(([lon, lat]) => `${lat},${lon}`).join(' ');
}

/** CAP polygon → GeoJSON ring (lon/lat); null when malformed, out of range, too short or not closed. */
export function capPolygonToRing(s: string): LonLat[] | null {
  const pairs = s.trim().split(/\s+/);
  const ring: LonLat[] = [];
  for (const p of pairs) {
    const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(p);
    if (!m) return null;
    const lat = Number(m[1]);
    const lon = Number(m[2]);
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
    ring.push([lon, lat]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) return null;
  return ring;
}

// ---------------------------------------------------------------- generation

/** Escapes text for element content and attribute values; drops characters XML 1.0 cannot carry. */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function el(out: string[], indent: string, name: string, value: string | undefined) {
  if (value === undefined || value === '') return;
  out.push(`${indent}<${name}>${escapeXml(value)}</${name}>`);
}

function pairs(out: string[], indent: string, name: string, list: CapValuePair[]) {
  for (const p of list) {
    out.push(`${indent}<${name}>`);
    el(out, `${indent}  `, 'valueName', p.valueName);
    el(out, `${indent}  `, 'value', p.value);
    out.push(`${indent}</${name}>`);
  }
}

/** Serialises an alert as CAP 1.2 XML (UTF-8). */
export function toCapXml(a: CapAlert): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<alert xmlns="${CAP_NS}">`];
  const i1 = '  ';
  el(out, i1, 'identifier', a.identifier);
  el(out, i1, 'sender', a.sender);
  el(out, i1, 'sent', a.sent);
  el(out, i1, 'status', a.status);
  el(out, i1, 'msgType', a.msgType);
  el(out, i1, 'source', a.source);
  el(out, i1, 'scope', a.scope);
  el(out, i1, 'restriction', a.restriction);
  el(out, i1, 'addresses', a.addresses);
  for (const c of a.codes) el(out, i1, 'code', c);
  el(out, i1, 'note', a.note);
  el(out, i1, 'references', a.references);
  el(out, i1, 'incidents', a.incidents);
  const i2 = '    ';
  const i3 = '      ';
  for (const info of a.infos) {
    out.push(`${i1}<info>`);
    el(out, i2, 'language', info.language);
    for (const c of info.categories) el(out, i2, 'category', c);
    el(out, i2, 'event', info.event);
    for (const r of info.responseTypes) el(out, i2, 'responseType', r);
    el(out, i2, 'urgency', info.urgency);
    el(out, i2, 'severity', info.severity);
    el(out, i2, 'certainty', info.certainty);
    pairs(out, i2, 'eventCode', info.eventCodes);
    el(out, i2, 'effective', info.effective);
    el(out, i2, 'onset', info.onset);
    el(out, i2, 'expires', info.expires);
    el(out, i2, 'senderName', info.senderName);
    el(out, i2, 'headline', info.headline);
    el(out, i2, 'description', info.description);
    el(out, i2, 'instruction', info.instruction);
    el(out, i2, 'web', info.web);
    el(out, i2, 'contact', info.contact);
    pairs(out, i2, 'parameter', info.parameters);
    for (const area of info.areas) {
      out.push(`${i2}<area>`);
      el(out, i3, 'areaDesc', area.areaDesc);
      for (const p of area.polygons) el(out, i3, 'polygon', p);
      for (const c of area.circles) el(out, i3, 'circle', c);
      pairs(out, i3, 'geocode', area.geocodes);
      out.push(`${i2}</area>`);
    }
    out.push(`${i1}</info>`);
  }
  out.push('</alert>', '');
  return out.join('\n');
}

// ---------------------------------------------------------------- parsing

export class CapParseError extends Error {}

interface XmlNode {
  name: string;
  uri: string;
  children: XmlNode[];
  text: string;
}

const MAX_DEPTH = 16;

/** A small namespace-aware tree of the document (text kept per element; no DTDs). */
function parseTree(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let error: string | null = null;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('doctype', () => {
    error ??= 'a DOCTYPE is not allowed';
  });
  parser.on('opentag', (t) => {
    const node: XmlNode = { name: t.local, uri: t.uri, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
    if (stack.length > MAX_DEPTH) error ??= 'the document is nested too deeply';
  });
  const onText = (s: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += s;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e);
  }
  if (error) throw new CapParseError(`not well-formed XML: ${error}`);
  if (!root) throw new CapParseError('no root element');
  return root;
}

function kids(n: XmlNode, name: string): XmlNode[] {
  return n.children.filter((c) => c.uri === CAP_NS && c.name === name);
}

function opt(n: XmlNode, name: string): string | undefined {
  const c = kids(n, name)[0];
  const v = c?.text.trim();
  return v ? v : undefined;
}

function req(n: XmlNode, name: string, where: string): string {
  const v = opt(n, name);
  if (v === undefined) throw new CapParseError(`<${where}> has no <${name}>`);
  return v;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  const hit = allowed.find((a) => a === value);
  if (!hit) throw new CapParseError(`<${name}> "${value}" is not one of ${allowed.join(', ')}`);
  return hit;
}

function valuePairs(n: XmlNode, name: string): CapValuePair[] {
  return kids(n, name).map((p) => ({ valueName: opt(p, 'valueName') ?? '', value: opt(p, 'value') ?? '' }));
}

function time(n: XmlNode, name: string): string | undefined {
  const v = opt(n, name);
  if (v !== undefined && !parseCapTime(v)) throw new CapParseError(`<${name}> "${v}" is not a CAP date-time`);
  return v;
}

function parseInfo(n: XmlNode): CapInfo {
  const categories = kids(n, 'category').map((c) => oneOf(c.text.trim(), CAP_CATEGORIES, 'category'));
  if (!categories.length) throw new CapParseError('<info> has no <category>');
  return {
    language: opt(n, 'language') ?? 'en-US',
    categories,
    event: req(n, 'event', 'info'),
    responseTypes: kids(n, 'responseType').map((c) => oneOf(c.text.trim(), CAP_RESPONSE_TYPES, 'responseType')),
    urgency: oneOf(req(n, 'urgency', 'info'), CAP_URGENCIES, 'urgency'),
    severity: oneOf(req(n, 'severity', 'info'), CAP_SEVERITIES, 'severity'),
    certainty: oneOf(req(n, 'certainty', 'info'), CAP_CERTAINTIES, 'certainty'),
    eventCodes: valuePairs(n, 'eventCode'),
    effective: time(n, 'effective'),
    onset: time(n, 'onset'),
    expires: time(n, 'expires'),
    senderName: opt(n, 'senderName'),
    headline: opt(n, 'headline'),
    description: opt(n, 'description'),
    instruction: opt(n, 'instruction'),
    web: opt(n, 'web'),
    contact: opt(n, 'contact'),
    parameters: valuePairs(n, 'parameter'),
    areas: kids(n, 'area').map((a) => ({
      areaDesc: req(a, 'areaDesc', 'area'),
      polygons: kids(a, 'polygon').map((p) => p.text.trim()),
      circles: kids(a, 'circle').map((c) => c.text.trim()),
      geocodes: valuePairs(a, 'geocode'),
    })),
  };
}

/** Parses a CAP 1.2 alert; throws CapParseError with a readable reason when it is not one. */
export function parseCap(xml: string): CapAlert {
  const root = parseTree(xml);
  if (root.name !== 'alert') throw new CapParseError(`the root element is <${root.name}>, not <alert>`);
  if (root.uri !== CAP_NS) throw new CapParseError(`the alert is not in the CAP 1.2 namespace (${CAP_NS})`);
  const sent = req(root, 'sent', 'alert');
  if (!parseCapTime(sent)) throw new CapParseError(`<sent> "${sent}" is not a CAP date-time`);
  return {
    identifier: req(root, 'identifier', 'alert'),
    sender: req(root, 'sender', 'alert'),
    sent,
    status: oneOf(req(root, 'status', 'alert'), CAP_STATUSES, 'status'),
    msgType: oneOf(req(root, 'msgType', 'alert'), CAP_MSG_TYPES, 'msgType'),
    source: opt(root, 'source'),
    scope: oneOf(req(root, 'scope', 'alert'), CAP_SCOPES, 'scope'),
    restriction: opt(root, 'restriction'),
    addresses: opt(root, 'addresses'),
    codes: kids(root, 'code').map((c) => c.text.trim()),
    note: opt(root, 'note'),
    references: opt(root, 'references'),
    incidents: opt(root, 'incidents'),
    infos: kids(root, 'info').map(parseInfo),
  };
}
