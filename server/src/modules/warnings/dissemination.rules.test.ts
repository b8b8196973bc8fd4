import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  areaPopulation,
  coverageRatio,
  isTargeted,
  maskAddress,
  nextChannel,
  outermostCodes,
  pointInPolygon,
  polygonsIntersect,
  RateLimiter,
  smsText,
  SMS_MAX_CHARS,
  webhookSignature,
  type OutgoingWarning,
  type Ring,
  type TargetArea,
} from './dissemination.rules.js';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('point in polygon', () => {
  const withHole = [square(0, 0, 10, 10), square(4, 4, 6, 6)];
  it('a point inside the outer ring is inside', () => expect(pointInPolygon(2, 2, withHole)).toBe(true));
  it('a point outside is outside', () => expect(pointInPolygon(11, 2, withHole)).toBe(false));
  it('a point in a hole is outside', () => expect(pointInPolygon(5, 5, withHole)).toBe(false));
  it('polygons that overlap intersect; ones apart do not', () => {
    expect(polygonsIntersect([square(0, 0, 2, 2)], [square(1, 1, 3, 3)])).toBe(true);
    // Crossing edges, no vertex of either inside the other.
    expect(polygonsIntersect([square(0, 1, 10, 2)], [square(4, -5, 5, 5)])).toBe(true);
    expect(polygonsIntersect([square(0, 0, 1, 1)], [square(2, 2, 3, 3)])).toBe(false);
  });
});

describe('targeting (定向发布: polygon or division)', () => {
  const polygon = { type: 'Polygon' as const, coordinates: [square(113.3, 38.1, 113.4, 38.2)] };
  const area: TargetArea = { divisionCodes: ['140322'], polygon, boundaries: [] };

  it('a subscriber located inside the polygon is targeted', () =>
    expect(isTargeted({ lon: 113.35, lat: 38.15, divisionCode: '140322' }, area)).toBe(true));
  it('a located subscriber outside the polygon is not, even in the targeted division', () =>
    expect(isTargeted({ lon: 113.6, lat: 38.25, divisionCode: '140322' }, area)).toBe(false));
  it('a subscriber without a location is targeted by its division (a town under the county)', () =>
    expect(isTargeted({ lon: null, lat: null, divisionCode: '140322101' }, area)).toBe(true));
  it('a subscriber of another county is not targeted', () =>
    expect(isTargeted({ lon: null, lat: null, divisionCode: '140321' }, area)).toBe(false));

  it('without a polygon, a division targets everything under it (the city targets its counties)', () => {
    const city: TargetArea = { divisionCodes: ['140300'], polygon: null, boundaries: [] };
    expect(isTargeted({ lon: 113.6, lat: 38.25, divisionCode: '140322' }, city)).toBe(true);
    expect(isTargeted({ lon: null, lat: null, divisionCode: '140400' }, city)).toBe(false);
  });
  it('without a polygon, a subscriber known only by a location is matched against the division boundary', () => {
    const county: TargetArea = {
      divisionCodes: ['140322'],
      polygon: null,
      boundaries: [{ type: 'Polygon', coordinates: [square(112.95, 37.97, 113.8, 38.35)] }],
    };
    expect(isTargeted({ lon: 113.5, lat: 38.3, divisionCode: null }, county)).toBe(true);
    expect(isTargeted({ lon: 113.9, lat: 37.7, divisionCode: null }, county)).toBe(false);
  });
});

describe('channel order and fallback', () => {
  const all = new Set(['sms', 'email', 'webhook'] as const);
  const person = { phone: '13800000000', email: 'a@example.com', webhookUrl: null, webhookSecret: null };
  it('the first preferred channel comes first', () =>
    expect(nextChannel(['email', 'sms'], null, all, person)).toBe('email'));
  it('after a channel that could not reach, the next one', () =>
    expect(nextChannel(['email', 'sms'], 'email', all, person)).toBe('sms'));
  it('after the last one, none', () => expect(nextChannel(['email', 'sms'], 'sms', all, person)).toBeNull());
  it('a channel this deployment lacks is skipped', () =>
    expect(nextChannel(['sms', 'email'], null, new Set(['email'] as const), person)).toBe('email'));
  it('a channel without an address is skipped', () =>
    expect(nextChannel(['webhook', 'sms'], null, all, person)).toBe('sms'));
});

describe('coverage (覆盖率 = people reached ÷ resident population of the target area)', () => {
  const figures: Record<string, number> = { '140321': 310_000, '140322': 300_000 };
  const kids: Record<string, string[]> = {
    '140300': ['140302', '140303', '140311', '140321', '140322'],
    '140302': [],
    '140303': [],
    '140311': [],
  };
  const pop = { own: (c: string) => figures[c] ?? null, children: (c: string) => kids[c] ?? [] };

  it('sums the targeted divisions’ figures', () =>
    expect(areaPopulation(['140321', '140322'], pop)).toEqual({ population: 610_000, missing: [] }));
  it('a division under another targeted one is not counted twice', () => {
    expect(outermostCodes(['140322', '140322101', '140300'])).toEqual(['140300']);
    expect(areaPopulation(['140322', '140322101'], pop).population).toBe(300_000);
  });
  it('a division without its own figure sums its children, listing those without one', () =>
    expect(areaPopulation(['140300'], pop)).toEqual({
      population: 610_000,
      missing: ['140302', '140303', '140311'],
    }));
  // 《阳泉市"十四五"应急体系规划》: "灾害预警信息发布公众覆盖率达到90%" — 达到 includes the bound.
  it('270,000 reached of 300,000 residents is 90%, which meets the 90% target', () => {
    const r = coverageRatio(270_000, 300_000);
    expect(r).toBeCloseTo(0.9, 12);
    expect((r ?? 0) >= 0.9).toBe(true);
  });
  it('without a population figure the ratio is unknown (null), not zero', () => {
    expect(coverageRatio(10, null)).toBeNull();
    expect(coverageRatio(10, 0)).toBeNull();
  });
  it('more people reached than residents (commuters) reads as 100%', () => expect(coverageRatio(12, 10)).toBe(1));
});

describe('rate limit per channel', () => {
  it('grants at most `rate` per second, refilling over time', () => {
    const l = new RateLimiter(2, 0);
    expect(l.take(10, 0)).toBe(2);
    expect(l.take(10, 0)).toBe(0);
    expect(l.take(10, 499)).toBe(0);
    expect(l.take(10, 500)).toBe(1);
    expect(l.take(10, 1500)).toBe(2);
    // Idle time does not build up more than one second's burst.
    expect(l.take(100, 60_000)).toBe(2);
  });
  it('unused grants go back', () => {
    const l = new RateLimiter(3, 0);
    expect(l.take(3, 0)).toBe(3);
    l.refund(2);
    expect(l.take(3, 0)).toBe(2);
  });
  it('a rate under one per second still lets one through', () => {
    const l = new RateLimiter(0.5, 0);
    expect(l.take(5, 0)).toBe(1);
    expect(l.take(5, 1000)).toBe(0);
    expect(l.take(5, 2000)).toBe(1);
  });
});

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body> (RFC 4231-style known vector)', () =>
    expect(webhookSignature('The quick brown fox jumps over the lazy dog', 'key')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    ));
  it('changes with the body', () => {
    const a = webhookSignature('{"a":1}', 'secret-secret-secret');
    const b = webhookSignature('{"a":2}', 'secret-secret-secret');
    expect(a).not.toBe(b);
    expect(a).toBe(`sha256=${crypto.createHmac('sha256', 'secret-secret-secret').update('{"a":1}').digest('hex')}`);
  });
});

describe('addresses and texts', () => {
  it('masks addresses in lists', () => {
    expect(maskAddress('sms', '13812345678')).toBe('138****5678');
    expect(maskAddress('email', 'zhang@example.com')).toBe('z***@example.com');
    expect(maskAddress('webhook', 'https://hooks.example.com/a/b?c=1')).toBe('hooks.example.com');
  });
  const w: OutgoingWarning = {
    warningId: '00000000-0000-4000-8000-000000000001',
    identifier: 'YJ-1-1',
    msgType: 'Alert',
    sent: '2026-07-01T08:00:00+08:00',
    hazardType: 'rainstorm',
    level: 2,
    colour: 'orange',
    event: '暴雨橙色预警',
    headline: '盂县气象台发布暴雨橙色预警',
    description: '预计未来6小时内盂县将出现50毫米以上降雨。',
    instruction: '停止户外作业；'.repeat(60),
    headlineEn: null,
    descriptionEn: null,
    instructionEn: null,
    areaDesc: '盂县',
    divisionCodes: ['140322'],
    polygon: null,
    onset: '2026-07-01T00:00:00.000Z',
    expires: '2026-07-01T12:00:00.000Z',
    orgName: '盂县应急局',
    capUrl: 'https://yingji.example/api/v1/warnings/x/cap.xml',
    pageUrl: 'https://yingji.example/public/warnings/x',
  };
  it('an SMS keeps the headline and the link and fits its length', () => {
    const t = smsText(w, 'zh-CN');
    expect(t.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(t.startsWith('【盂县应急局】盂县气象台发布暴雨橙色预警。停止户外作业')).toBe(true);
    expect(t.endsWith(' 详情：https://yingji.example/public/warnings/x')).toBe(true);
  });
  it('a Cancel says so and carries no defence guide', () => {
    const t = smsText({ ...w, msgType: 'Cancel' }, 'zh-CN');
    expect(t).toBe('【盂县应急局】【解除】盂县气象台发布暴雨橙色预警。 详情：https://yingji.example/public/warnings/x');
  });
});
