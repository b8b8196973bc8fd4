/** Pure rules of public warnings: levels, CAP mapping both ways, the status a reader sees. */
import {
  HAZARD_NAMES_ZH,
  HAZARD_TYPES,
  WARNING_COLOURS,
  type HazardType,
  type WarningLevel,
  type WarningPolygon,
  type WarningStatus,
} from '@yingji/contracts';
import {
  capPolygonToRing,
  CapParseError,
  capTime,
  parseCapTime,
  ringToCapPolygon,
  type CapAlert,
  type CapCategory,
  type CapInfo,
  type CapSeverity,
  type LonLat,
} from './cap.js';

export const GB2260 = 'GB/T 2260';

const COLOUR_ZH: Record<WarningLevel, string> = { 1: '红色', 2: '橙色', 3: '黄色', 4: '蓝色' };
const COLOUR_EN: Record<WarningLevel, string> = { 1: 'Red', 2: 'Orange', 3: 'Yellow', 4: 'Blue' };
const HAZARD_EN: Record<HazardType, string> = {
  rainstorm: 'Rainstorm',
  gale: 'Gale',
  cold_wave: 'Cold Wave',
  heat: 'Heat',
  hail: 'Hail',
  lightning: 'Lightning',
  fog: 'Fog',
  road_icing: 'Road Icing',
  forest_fire: 'Forest Fire Danger',
  geological: 'Geological Hazard',
  flash_flood: 'Flash Flood',
  urban_waterlogging: 'Urban Waterlogging',
  hazchem_leak: 'Hazardous Chemical Leak',
  other: 'Public',
};

/** red → Extreme, orange → Severe, yellow → Moderate, blue → Minor. */
export function severityOf(level: WarningLevel): CapSeverity {
  const map: Record<WarningLevel, CapSeverity> = { 1: 'Extreme', 2: 'Severe', 3: 'Moderate', 4: 'Minor' };
  return map[level];
}

/** The way back; "Unknown" reads as the lowest level. */
export function levelOfSeverity(s: CapSeverity): WarningLevel {
  const map: Record<CapSeverity, WarningLevel> = { Extreme: 1, Severe: 2, Moderate: 3, Minor: 4, Unknown: 4 };
  return map[s];
}

export function asLevel(n: number): WarningLevel {
  return n === 1 || n === 2 || n === 3 ? n : 4;
}

export function colourOf(level: WarningLevel) {
  return WARNING_COLOURS[level];
}

/** CAP categories of a hazard type. */
export function categoriesOf(h: HazardType): CapCategory[] {
  switch (h) {
    case 'geological':
      return ['Geo'];
    case 'flash_flood':
      return ['Met', 'Geo'];
    case 'forest_fire':
      return ['Fire'];
    case 'hazchem_leak':
      return ['Env', 'Safety'];
    case 'road_icing':
      return ['Met', 'Transport'];
    case 'urban_waterlogging':
      return ['Met', 'Infra'];
    case 'other':
      return ['Other'];
    default:
      return ['Met'];
  }
}

/** "暴雨橙色预警". */
export function eventZh(h: HazardType, level: WarningLevel): string {
  return `${h === 'other' ? '' : HAZARD_NAMES_ZH[h]}${COLOUR_ZH[level]}预警`;
}

/** "Rainstorm Orange Warning". */
export function eventEn(h: HazardType, level: WarningLevel): string {
  return `${HAZARD_EN[h]} ${COLOUR_EN[level]} Warning`;
}

/** A published or updated warning past its `expires` reads as expired. */
export function effectiveStatus(status: WarningStatus, expires: Date, now: Date): WarningStatus {
  return (status === 'published' || status === 'updated') && expires.getTime() <= now.getTime() ? 'expired' : status;
}

/** Statuses a CAP message has gone out for: public. */
export function isIssued(status: WarningStatus): boolean {
  return status === 'published' || status === 'updated' || status === 'cancelled' || status === 'expired';
}

export interface CapWarning {
  hazardType: HazardType;
  level: WarningLevel;
  language: string;
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
  onset: Date;
  expires: Date;
  senderName: string;
}

export interface CapMessageMeta {
  identifier: string;
  sender: string;
  sent: Date;
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** Earlier messages, each "sender,identifier,sent". */
  references: string[];
}

/** "sender,identifier,sent" of one message, as CAP `references` lists them. */
export function referenceOf(m: { sender: string; identifier: string; sent: string }): string {
  return `${m.sender},${m.identifier},${m.sent}`;
}

/** The CAP 1.2 alert of one message of a warning. */
export function warningToCap(w: CapWarning, m: CapMessageMeta): CapAlert {
  const sent = capTime(m.sent);
  const started = w.onset.getTime() <= m.sent.getTime();
  const area = {
    areaDesc: w.areaDesc,
    polygons: (w.polygon?.coordinates ?? []).slice(0, 1).map((ring) => ringToCapPolygon(ring as LonLat[])),
    circles: [],
    geocodes: w.divisionCodes.map((value) => ({ valueName: GB2260, value })),
  };
  const base: Omit<CapInfo, 'language' | 'event' | 'headline' | 'description' | 'instruction'> = {
    categories: categoriesOf(w.hazardType),
    responseTypes: m.msgType === 'Cancel' ? ['AllClear'] : [],
    urgency: m.msgType === 'Cancel' ? 'Past' : started ? 'Immediate' : 'Expected',
    severity: severityOf(w.level),
    certainty: started ? 'Observed' : 'Likely',
    eventCodes: [],
    onset: capTime(w.onset),
    expires: capTime(w.expires),
    senderName: w.senderName,
    parameters: [],
    areas: [area],
  };
  const infos: CapInfo[] = [
    {
      ...base,
      language: w.language,
      event: w.event,
      headline: w.headline,
      description: w.description,
      instruction: w.instruction,
    },
  ];
  if (w.headlineEn && !w.language.toLowerCase().startsWith('en')) {
    infos.push({
      ...base,
      language: 'en-US',
      event: eventEn(w.hazardType, w.level),
      headline: w.headlineEn,
      description: w.descriptionEn ?? undefined,
      instruction: w.instructionEn ?? undefined,
    });
  }
  return {
    identifier: m.identifier,
    sender: m.sender,
    sent,
    status: 'Actual',
    msgType: m.msgType,
    scope: 'Public',
    codes: [],
    references: m.references.length ? m.references.join(' ') : undefined,
    infos,
  };
}

// ---------------------------------------------------------------- import

const HAZARD_WORDS: [RegExp, HazardType][] = [
  [/道路结冰|road ic|\bicing\b|black ice/i, 'road_icing'],
  [/森林火险|森林火|forest fire|wildfire|fire weather|red flag/i, 'forest_fire'],
  [/地质灾害|滑坡|泥石流|崩塌|geolog|landslide|debris flow|mudslide|earthquake|tsunami|地震|海啸/i, 'geological'],
  [/山洪|flash flood/i, 'flash_flood'],
  [/城市内涝|内涝|waterlogging|urban flood|flood/i, 'urban_waterlogging'],
  [/危化品|危险化学品|泄漏|hazmat|hazardous material|chemical|toxic/i, 'hazchem_leak'],
  [/暴雨|rainstorm|heavy rain/i, 'rainstorm'],
  [/冰雹|hail/i, 'hail'],
  [/雷电|雷暴|thunder|lightning/i, 'lightning'],
  [/大风|台风|gale|high wind|wind|typhoon|hurricane/i, 'gale'],
  [/寒潮|cold wave|freeze|frost|extreme cold|wind chill/i, 'cold_wave'],
  [/高温|heat/i, 'heat'],
  [/大雾|fog/i, 'fog'],
];

/** The hazard type an upstream event names; "other" when none fits. */
export function hazardOfEvent(event: string): HazardType {
  for (const [re, h] of HAZARD_WORDS) if (re.test(event)) return h;
  return 'other';
}

/** Chinese warnings name their colour; it wins over a generic severity. */
export function levelOf(info: Pick<CapInfo, 'event' | 'headline' | 'severity'>): WarningLevel {
  const text = `${info.event} ${info.headline ?? ''}`;
  if (text.includes('红色')) return 1;
  if (text.includes('橙色')) return 2;
  if (text.includes('黄色')) return 3;
  if (text.includes('蓝色')) return 4;
  return levelOfSeverity(info.severity);
}

export interface ImportedWarning {
  hazardType: HazardType;
  level: WarningLevel;
  language: string;
  event: string;
  headline: string;
  description: string;
  instruction: string;
  headlineEn: string | null;
  descriptionEn: string | null;
  instructionEn: string | null;
  areaDesc: string | null;
  /** GB/T 2260 geocodes of the message's areas; empty means "the importer's own division". */
  divisionCodes: string[];
  polygon: WarningPolygon | null;
  onset: Date;
  expires: Date;
  source: { sender: string; identifier: string; sent: string; msgType: string; references: string | null };
}

const DAY_MS = 24 * 3600 * 1000;

/** A draft warning from an upstream CAP alert: the zh info (else the first) leads; an en info gives the English text. */
export function capToWarning(a: CapAlert): ImportedWarning {
  const primary = a.infos.find((i) => i.language.toLowerCase().startsWith('zh')) ?? a.infos[0];
  if (!primary) throw new CapParseError('the alert has no <info> to make a warning from');
  const en = a.infos.find((i) => i !== primary && i.language.toLowerCase().startsWith('en'));
  const sent = parseCapTime(a.sent);
  if (!sent) throw new CapParseError(`<sent> "${a.sent}" is not a CAP date-time`);
  const onset = parseCapTime(primary.onset ?? primary.effective ?? a.sent) ?? sent;
  const expires = primary.expires ? (parseCapTime(primary.expires) ?? onset) : new Date(onset.getTime() + DAY_MS);
  if (expires.getTime() < onset.getTime()) throw new CapParseError('<expires> is before <onset>');
  const areas = a.infos.flatMap((i) => (i === primary ? i.areas : []));
  const divisionCodes = [
    ...new Set(
      areas.flatMap((ar) =>
        ar.geocodes.filter((g) => g.valueName.replace(/\s+/g, '').toUpperCase() === 'GB/T2260').map((g) => g.value),
      ),
    ),
  ];
  for (const code of divisionCodes)
    if (!/^\d{6}(\d{3})?$/.test(code)) throw new CapParseError(`geocode "${code}" is not a GB/T 2260 code`);
  const rings: LonLat[][] = [];
  for (const ar of areas)
    for (const p of ar.polygons) {
      const ring = capPolygonToRing(p);
      if (!ring) throw new CapParseError(`<polygon> "${p.slice(0, 80)}" is not a closed ring of lat,lon pairs`);
      rings.push(ring);
    }
  const headline = primary.headline ?? primary.event;
  return {
    hazardType: hazardOfEvent(`${primary.event} ${en?.event ?? ''}`),
    level: levelOf(primary),
    language: primary.language,
    event: primary.event,
    headline,
    description: primary.description ?? headline,
    instruction: primary.instruction ?? '',
    headlineEn: en ? (en.headline ?? en.event) : null,
    descriptionEn: en?.description ?? null,
    instructionEn: en?.instruction ?? null,
    areaDesc: areas.length ? areas.map((ar) => ar.areaDesc).join('; ') : null,
    divisionCodes,
    // The first polygon is the warning's polygon (a warning holds one; multi-area messages keep their geocodes).
    polygon: rings[0] ? { type: 'Polygon', coordinates: [rings[0]] } : null,
    onset,
    expires,
    source: {
      sender: a.sender,
      identifier: a.identifier,
      sent: a.sent,
      msgType: a.msgType,
      references: a.references ?? null,
    },
  };
}

export function isHazardType(s: string): s is HazardType {
  return (HAZARD_TYPES as readonly string[]).includes(s);
}
