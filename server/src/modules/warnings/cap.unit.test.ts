import { describe, expect, it } from 'vitest';
import {
  capPolygonToRing,
  CapParseError,
  capTime,
  escapeXml,
  parseCap,
  parseCapTime,
  ringToCapPolygon,
  toCapXml,
  type LonLat,
} from './cap.js';
import {
  capToWarning,
  categoriesOf,
  effectiveStatus,
  hazardOfEvent,
  levelOfSeverity,
  severityOf,
  warningToCap,
  type CapWarning,
} from './warnings.rules.js';
import { CAP_SAMPLES, readSample, validateCap } from './xmllint.testkit.js';

const RING: LonLat[] = [
  [113.4, 38.0],
  [113.6, 38.0],
  [113.6, 38.2],
  [113.4, 38.2],
];

function sample(over: Partial<CapWarning> = {}): CapWarning {
  return {
    hazardType: 'rainstorm',
    level: 2,
    language: 'zh-CN',
    event: '暴雨橙色预警',
    headline: '盂县气象台发布暴雨橙色预警信号',
    description: '预计未来 3 小时内盂县大部将出现 50 毫米以上降水。',
    instruction: '停止户外作业；转移低洼地带人员。',
    headlineEn: null,
    descriptionEn: null,
    instructionEn: null,
    areaDesc: '盂县',
    divisionCodes: ['140322'],
    polygon: { type: 'Polygon', coordinates: [[...RING, RING[0] as LonLat]] },
    onset: new Date('2026-07-01T02:00:00Z'),
    expires: new Date('2026-07-01T14:00:00Z'),
    senderName: '盂县应急管理局',
    ...over,
  };
}

const ALERT = {
  identifier: 'YJ-1-1',
  sender: 'ema-140322@yingji.cn',
  sent: new Date('2026-07-01T01:30:00.789Z'),
  msgType: 'Alert' as const,
  references: [],
};

describe('CAP times', () => {
  it('writes seconds with an offset, never fractions or Z', () => {
    expect(capTime(new Date('2026-07-01T01:30:00.789Z'))).toBe('2026-07-01T09:30:00+08:00');
    expect(capTime(new Date('2026-07-01T01:30:00Z'), -300)).toBe('2026-06-30T20:30:00-05:00');
    expect(capTime(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T04:00:00+08:00');
  });
  it('reads offsets (and Z leniently), refuses other text', () => {
    expect(parseCapTime('2003-06-17T14:57:00-07:00')?.toISOString()).toBe('2003-06-17T21:57:00.000Z');
    expect(parseCapTime('2013-01-05T10:58:23-00:00')?.toISOString()).toBe('2013-01-05T10:58:23.000Z');
    expect(parseCapTime('2013-01-05T10:58:23Z')).not.toBeNull();
    expect(parseCapTime('yesterday')).toBeNull();
    expect(parseCapTime('2013-01-05 10:58')).toBeNull();
  });
});

describe('severity and categories', () => {
  it('maps red, orange, yellow, blue to Extreme, Severe, Moderate, Minor and back', () => {
    expect([1, 2, 3, 4].map((l) => severityOf(l as 1 | 2 | 3 | 4))).toEqual(['Extreme', 'Severe', 'Moderate', 'Minor']);
    expect(levelOfSeverity('Extreme')).toBe(1);
    expect(levelOfSeverity('Severe')).toBe(2);
    expect(levelOfSeverity('Moderate')).toBe(3);
    expect(levelOfSeverity('Minor')).toBe(4);
    expect(levelOfSeverity('Unknown')).toBe(4);
  });
  it('puts weather under Met, geological hazards under Geo, a chemical leak under Env and Safety', () => {
    expect(categoriesOf('rainstorm')).toEqual(['Met']);
    expect(categoriesOf('geological')).toEqual(['Geo']);
    expect(categoriesOf('hazchem_leak')).toEqual(['Env', 'Safety']);
    expect(categoriesOf('forest_fire')).toEqual(['Fire']);
  });
  it('recognises hazards named in Chinese or English', () => {
    expect(hazardOfEvent('暴雨橙色预警')).toBe('rainstorm');
    expect(hazardOfEvent('道路结冰黄色预警')).toBe('road_icing');
    expect(hazardOfEvent('SEVERE THUNDERSTORM')).toBe('lightning');
    expect(hazardOfEvent('Tsunami Cancellation')).toBe('geological');
    expect(hazardOfEvent('Child Abduction')).toBe('other');
  });
  it('reads a published warning past expires as expired', () => {
    const exp = new Date('2026-07-01T00:00:00Z');
    expect(effectiveStatus('published', exp, new Date('2026-07-01T00:00:01Z'))).toBe('expired');
    expect(effectiveStatus('published', exp, new Date('2026-06-30T00:00:00Z'))).toBe('published');
    expect(effectiveStatus('cancelled', exp, new Date('2026-07-02T00:00:00Z'))).toBe('cancelled');
  });
});

describe('polygons', () => {
  it('closes an open ring and writes lat,lon pairs', () => {
    expect(ringToCapPolygon(RING)).toBe('38,113.4 38,113.6 38.2,113.6 38.2,113.4 38,113.4');
    expect(ringToCapPolygon([...RING, RING[0] as LonLat])).toBe(ringToCapPolygon(RING));
  });
  it('reads a closed ring back as lon/lat and refuses open, short or out-of-range rings', () => {
    expect(capPolygonToRing('38,113.4 38,113.6 38.2,113.6 38,113.4')).toEqual([
      [113.4, 38],
      [113.6, 38],
      [113.6, 38.2],
      [113.4, 38],
    ]);
    expect(capPolygonToRing('38,113.4 38,113.6 38.2,113.6 38.2,113.4')).toBeNull();
    expect(capPolygonToRing('38,113.4 38,113.6 38,113.4')).toBeNull();
    expect(capPolygonToRing('95,113.4 38,113.6 38.2,113.6 95,113.4')).toBeNull();
    expect(capPolygonToRing('38;113.4 38,113.6 38.2,113.6 38;113.4')).toBeNull();
  });
});

describe('generation', () => {
  it('writes a CAP 1.2 Alert in schema order that validates against the OASIS schema', () => {
    const xml = toCapXml(warningToCap(sample(), ALERT));
    expect(xml).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
    expect(xml).toContain('<sent>2026-07-01T09:30:00+08:00</sent>');
    expect(xml).toContain('<status>Actual</status>');
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(xml).toContain('<scope>Public</scope>');
    expect(xml).not.toContain('<references>');
    expect(xml).toContain('<language>zh-CN</language>');
    expect(xml).toContain('<severity>Severe</severity>');
    expect(xml).toContain('<urgency>Expected</urgency>');
    expect(xml).toContain('<certainty>Likely</certainty>');
    expect(xml).toContain('<onset>2026-07-01T10:00:00+08:00</onset>');
    expect(xml).toContain('<polygon>38,113.4 38,113.6 38.2,113.6 38.2,113.4 38,113.4</polygon>');
    expect(xml).toMatch(/<geocode>\s*<valueName>GB\/T 2260<\/valueName>\s*<value>140322<\/value>\s*<\/geocode>/);
    const order = ['<identifier>', '<sender>', '<sent>', '<status>', '<msgType>', '<scope>', '<info>'];
    const at = order.map((t) => xml.indexOf(t));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    const v = validateCap(xml);
    expect(v.ok, v.output).toBe(true);
  });

  it('adds an en-US info when English text is given, and references on an Update', () => {
    const en = sample({ headlineEn: 'Rainstorm Orange Warning for Yu County', descriptionEn: 'Heavy rain expected.' });
    const refs = ['ema-140322@yingji.cn,YJ-1-1,2026-07-01T09:30:00+08:00'];
    const alert = warningToCap(en, { ...ALERT, identifier: 'YJ-1-2', msgType: 'Update', references: refs });
    expect(alert.infos.map((i) => i.language)).toEqual(['zh-CN', 'en-US']);
    expect(alert.infos[1]?.event).toBe('Rainstorm Orange Warning');
    const xml = toCapXml(alert);
    expect(xml).toContain(`<references>${refs[0]}</references>`);
    expect(xml).toContain('<msgType>Update</msgType>');
    const v = validateCap(xml);
    expect(v.ok, v.output).toBe(true);
  });

  it('escapes markup in text and reads it back unchanged', () => {
    const tricky = 'A <b>&amp;</b> "quoted" \'it\' ]]> & more';
    expect(escapeXml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&apos;');
    expect(escapeXml('a\u0001b\u0008c')).toBe('abc');
    const xml = toCapXml(warningToCap(sample({ headline: tricky, areaDesc: '盂县 & 平定县' }), ALERT));
    expect(xml).not.toContain('<b>');
    expect(xml).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    const back = parseCap(xml);
    expect(back.infos[0]?.headline).toBe(tricky);
    expect(back.infos[0]?.areas[0]?.areaDesc).toBe('盂县 & 平定县');
    const v = validateCap(xml);
    expect(v.ok, v.output).toBe(true);
  });
});

describe('parsing', () => {
  it.each(CAP_SAMPLES)('reads %s, makes a warning of it and writes it again as valid CAP', (name) => {
    const alert = parseCap(readSample(name));
    expect(alert.identifier).toBeTruthy();
    expect(alert.infos.length).toBeGreaterThan(0);
    const w = capToWarning(alert);
    expect(w.source.identifier).toBe(alert.identifier);
    const xml = toCapXml(
      warningToCap(
        {
          ...w,
          areaDesc: w.areaDesc ?? 'area',
          divisionCodes: w.divisionCodes.length ? w.divisionCodes : ['140300'],
          senderName: 'test',
        },
        ALERT,
      ),
    );
    const v = validateCap(xml);
    expect(v.ok, v.output).toBe(true);
  });

  it('maps the samples as expected', () => {
    const storm = capToWarning(parseCap(readSample('v1dot2_appendix_adot2.xml')));
    expect(storm.level).toBe(2);
    expect(storm.hazardType).toBe('lightning');
    expect(storm.polygon?.coordinates[0]?.[0]).toEqual([-120.14, 38.47]);
    expect(storm.expires.toISOString()).toBe('2003-06-17T23:00:00.000Z');
    const amber = capToWarning(parseCap(readSample('v1dot2_appendix_adot4.xml')));
    expect(amber.language).toBe('en-US');
    expect(amber.headline).toBe('Amber Alert in Los Angeles County');
    const tsunami = parseCap(readSample('google-PAAQ-4-mg5a94.xml'));
    expect(tsunami.msgType).toBe('Update');
    expect(tsunami.references?.split(' ')).toHaveLength(3);
  });

  it('reads a Chinese warning with GB/T 2260 geocodes and its English info', () => {
    const xml = toCapXml(
      warningToCap(sample({ headlineEn: 'Rainstorm warning', instructionEn: 'Stay indoors.' }), ALERT),
    );
    const w = capToWarning(parseCap(xml));
    expect(w).toMatchObject({
      hazardType: 'rainstorm',
      level: 2,
      divisionCodes: ['140322'],
      headlineEn: 'Rainstorm warning',
      instructionEn: 'Stay indoors.',
    });
    expect(w.polygon?.coordinates[0]).toHaveLength(5);
  });

  it.each([
    ['not XML', 'hello', /well-formed/],
    ['unclosed', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x', /well-formed/],
    ['another root', '<feed xmlns="http://www.w3.org/2005/Atom"/>', /root element is <feed>/],
    ['CAP 1.1', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"><identifier>x</identifier></alert>', /namespace/],
    [
      'no identifier',
      '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><sent>2003-06-17T14:57:00-07:00</sent></alert>',
      /identifier/,
    ],
    ['a DOCTYPE', '<!DOCTYPE alert [<!ENTITY x "y">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>', /DOCTYPE/],
  ])('refuses %s', (_name, xml, message) => {
    expect(() => parseCap(xml)).toThrow(CapParseError);
    expect(() => parseCap(xml)).toThrow(message);
  });

  it('refuses a bad enumeration value and a bad time', () => {
    const ok = readSample('v1dot2_appendix_adot2.xml');
    expect(() => parseCap(ok.replace('<severity>Severe', '<severity>Awful'))).toThrow(/severity/);
    expect(() => parseCap(ok.replace('2003-06-17T14:57:00-07:00', 'June 17'))).toThrow(/sent/);
    expect(() => capToWarning(parseCap(ok.replace('38.47,-120.14 38.34', '38.47,-120.15 38.34')))).toThrow(
      /closed ring/,
    );
  });
});
