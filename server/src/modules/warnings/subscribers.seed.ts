import { and, eq, like } from 'drizzle-orm';
import type { SubscriberChannel } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../audit/index.js';
import { divisions } from '../divisions/index.js';
import { bboxOfRings, pointInArea, type AreaGeometry } from './dissemination.rules.js';
import { subscribers } from './dissemination.table.js';

/** Demo subscribers per county of 阳泉市 (illustrative people, not real). */
const PEOPLE_PER_COUNTY: Record<string, number> = {
  '140302': 50,
  '140303': 50,
  '140311': 60,
  '140321': 70,
  '140322': 70,
};

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '晓东',
  '海燕',
  '文博',
  '子涵',
  '雨轩',
];

/** Organisations with signed webhooks (example.com addresses: in the demo, webhooks go to a file sink). */
const DEMO_ORG_SUBSCRIBERS = [
  { name: '盂县第一中学', divisionCode: '140322', slug: 'yuxian-no1-middle-school', email: 'office@yxyz.example.com' },
  { name: '平定县人民医院', divisionCode: '140321', slug: 'pingding-hospital', email: null },
  { name: '阳泉市第一人民医院', divisionCode: '140302', slug: 'yq-first-hospital', email: 'duty@yqyy.example.com' },
  {
    name: '阳泉华鑫煤化工有限公司',
    divisionCode: '140321',
    slug: 'huaxin-coal-chem',
    email: 'safety@huaxin.example.com',
  },
];

/** A small deterministic generator, so every demo start has the same subscribers. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo city's subscribers: a few hundred people across its counties and a few organisations. */
export async function seedDemoSubscribers(tx: DbOrTx, ctx: RequestContext, now: Date): Promise<number> {
  const counties = await tx
    .select()
    .from(divisions)
    .where(and(like(divisions.code, '1403%'), eq(divisions.level, 'county')));
  const rand = rng(140300);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const rows: (typeof subscribers.$inferInsert)[] = [];
  let n = 0;
  for (const c of counties) {
    const count = PEOPLE_PER_COUNTY[c.code] ?? 0;
    const boundary = c.boundary as AreaGeometry | null;
    const box = boundary
      ? bboxOfRings(boundary.type === 'Polygon' ? boundary.coordinates : boundary.coordinates.flat())
      : null;
    for (let i = 0; i < count; i++) {
      n++;
      let lon = (c.lon ?? 113.58) + (rand() - 0.5) * 0.1;
      let lat = (c.lat ?? 37.86) + (rand() - 0.5) * 0.1;
      if (box && boundary)
        for (let tries = 0; tries < 50; tries++) {
          const x = box.minLon + rand() * (box.maxLon - box.minLon);
          const y = box.minLat + rand() * (box.maxLat - box.minLat);
          if (pointInArea(x, y, boundary)) {
            lon = x;
            lat = y;
            break;
          }
        }
      const r = rand();
      const channels: SubscriberChannel[] = r < 0.5 ? ['sms'] : r < 0.9 ? ['sms', 'email'] : ['email', 'sms'];
      const phone = `139${String(1403_0000 + n * 37)
        .padStart(8, '0')
        .slice(-8)}`;
      rows.push({
        kind: 'person',
        name: `${pick([...SURNAMES])}${pick(GIVEN)}`,
        phone,
        email: channels.includes('email') ? `resident${n}@example.com` : null,
        lon: Math.round(lon * 1e5) / 1e5,
        lat: Math.round(lat * 1e5) / 1e5,
        // Every fifth person gave only a location (targeted by the polygon or the county's boundary).
        divisionCode: n % 5 === 0 ? null : c.code,
        scopeCode: c.code,
        channels,
        language: n % 20 === 0 ? 'en-US' : 'zh-CN',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  for (const o of DEMO_ORG_SUBSCRIBERS) {
    const county = counties.find((c) => c.code === o.divisionCode);
    rows.push({
      kind: 'organization',
      name: o.name,
      email: o.email,
      lon: county?.lon ?? null,
      lat: county?.lat ?? null,
      divisionCode: o.divisionCode,
      scopeCode: o.divisionCode,
      channels: o.email ? ['webhook', 'email'] : ['webhook'],
      webhookUrl: `https://hooks.example.com/yingji/${o.slug}`,
      webhookSecret: `demo-secret-${o.slug}`,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (!rows.length) return 0;
  const inserted = await tx.insert(subscribers).values(rows).returning({ id: subscribers.id });
  await recordAudit(tx, ctx, {
    action: 'subscriber.import',
    entity: 'subscriber',
    entityId: inserted[0]?.id ?? '00000000-0000-0000-0000-000000000000',
    after: { created: inserted.length, source: 'demo' },
  });
  return inserted.length;
}
