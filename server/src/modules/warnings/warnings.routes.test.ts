import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../platform/events.js';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';
import { parseCap } from './cap.js';
import { CAP_SAMPLES, readSample, validateCap, wellFormed } from './xmllint.testkit.js';

interface Message {
  identifier: string;
  msgType: string;
  direction: string;
  sender: string;
  sent: string;
  references: string | null;
}
interface Warning {
  id: string;
  status: string;
  level: number;
  colour: string;
  hazardType: string;
  headline: string;
  event: string;
  areaDesc: string;
  divisionCodes: string[];
  polygon: { coordinates: number[][][] } | null;
  createdBy: string | null;
  approvedBy: string | null;
  source: { identifier: string } | null;
  messages: Message[];
}

const HOUR = 3600_000;
const RING = [
  [113.35, 38.0],
  [113.55, 38.0],
  [113.55, 38.2],
  [113.35, 38.2],
  [113.35, 38.0],
];

function expectValid(xml: string) {
  const v = validateCap(xml);
  expect(v.ok, v.output).toBe(true);
}

describe.each(ENGINES)('public warnings and CAP 1.2 on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { demoResources: false });
    for (const u of ['admin', 'commander', 'yuxian', 'pingding', 'duty']) tokens[u] = await loginAs(t.app, u);
    t.deps.bus.subscribe((e) => {
      if (e.entity === 'warning') events.push(e);
    });
  });
  afterAll(async () => t?.close());

  const send = (user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: user ? auth(tokens[user] ?? '') : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const capOf = async (id: string, user: string | null = null) => {
    const res = await send(user, 'GET', `/api/v1/warnings/${id}/cap.xml`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/cap+xml');
    return res.body;
  };
  const importXml = (user: string, xml: string, type = 'application/cap+xml') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/warnings/cap',
      headers: { ...auth(tokens[user] ?? ''), 'content-type': type },
      payload: xml,
    });

  const body = () => {
    const now = Date.now();
    return {
      hazardType: 'rainstorm',
      level: 2,
      headline: '盂县发布暴雨橙色预警',
      description: '预计未来 6 小时盂县将出现 100 毫米以上降水，局地伴有雷电。',
      instruction: '停止户外作业，转移低洼地带人员 & 注意山洪。',
      divisionCodes: ['140322'],
      polygon: { type: 'Polygon', coordinates: [RING] },
      onset: new Date(now + HOUR).toISOString(),
      expires: new Date(now + 12 * HOUR).toISOString(),
      headlineEn: 'Rainstorm Orange Warning for Yu County',
      descriptionEn: 'Over 100 mm of rain expected within 6 hours.',
      instructionEn: 'Stop outdoor work; move people out of low-lying areas.',
    };
  };

  it('validates the draft: times, polygon ring, divisions and scope', async () => {
    const b = body();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...b, expires: b.onset }, 400, 'VALIDATION_FAILED'],
      [{ ...b, polygon: { type: 'Polygon', coordinates: [RING.slice(0, 4)] } }, 400, 'VALIDATION_FAILED'],
      [
        {
          ...b,
          polygon: {
            type: 'Polygon',
            coordinates: [
              [
                [200, 38],
                [113, 38],
                [113, 39],
                [200, 38],
              ],
            ],
          },
        },
        400,
        'VALIDATION_FAILED',
      ],
      [{ ...b, level: 5 }, 400, 'VALIDATION_FAILED'],
      [{ ...b, hazardType: 'meteor' }, 400, 'VALIDATION_FAILED'],
      [{ ...b, divisionCodes: ['149999'] }, 400, 'DIVISION_UNKNOWN'],
      [{ ...b, divisionCodes: ['140321'] }, 403, 'OUT_OF_SCOPE'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await send('yuxian', 'POST', '/api/v1/warnings', payload);
      expect(res.statusCode, res.body).toBe(status);
      expect(json(res).code).toBe(code);
    }
    const denied = await send('duty', 'POST', '/api/v1/warnings', b);
    expect(denied.statusCode).toBe(403);
    expect(json(denied).code).toBe('FORBIDDEN');
  });

  it('drafts, submits, refuses self-approval, publishes on approval by another user, updates and cancels', async () => {
    const created = await send('yuxian', 'POST', '/api/v1/warnings', body());
    expect(created.statusCode, created.body).toBe(201);
    const draft = json<Warning>(created);
    expect(draft).toMatchObject({
      status: 'draft',
      level: 2,
      colour: 'orange',
      event: '暴雨橙色预警',
      areaDesc: '盂县',
    });
    expect(draft.messages).toEqual([]);

    // A draft is not public; its drafter sees a preview.
    expect((await send(null, 'GET', `/api/v1/warnings/${draft.id}/cap.xml`)).statusCode).toBe(404);
    expect((await send('pingding', 'GET', `/api/v1/warnings/${draft.id}/cap.xml`)).statusCode).toBe(404);
    expect((await send('pingding', 'GET', `/api/v1/warnings/${draft.id}`)).statusCode).toBe(404);
    expectValid(await capOf(draft.id, 'yuxian'));
    const feed0 = await send(null, 'GET', '/api/v1/warnings/cap/feed.atom');
    expect(feed0.body).not.toContain(draft.id);

    // Approval needs a submitted warning.
    const early = await send('commander', 'POST', `/api/v1/warnings/${draft.id}/approve`);
    expect(early.statusCode).toBe(409);
    expect(json(early).code).toBe('WARNING_STATE_INVALID');

    const submitted = json<Warning>(await send('yuxian', 'POST', `/api/v1/warnings/${draft.id}/submit`));
    expect(submitted.status).toBe('pending_approval');

    const self = await send('yuxian', 'POST', `/api/v1/warnings/${draft.id}/approve`);
    expect(self.statusCode).toBe(403);
    expect(json(self).code).toBe('WARNING_SELF_APPROVAL');
    expect(json(self).message).toContain('起草人以外');
    const selfEn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/warnings/${draft.id}/approve`,
      headers: { ...auth(tokens.yuxian ?? ''), 'accept-language': 'en' },
    });
    expect(json(selfEn).message).toBe('A warning must be approved by someone other than its drafter.');
    expect((await send('pingding', 'POST', `/api/v1/warnings/${draft.id}/approve`)).statusCode).toBe(404);
    expect((await send('duty', 'POST', `/api/v1/warnings/${draft.id}/approve`)).statusCode).toBe(403);

    const approved = await send('commander', 'POST', `/api/v1/warnings/${draft.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const published = json<Warning>(approved);
    expect(published.status).toBe('published');
    expect(published.approvedBy).not.toBe(published.createdBy);
    expect(published.messages.map((m) => m.msgType)).toEqual(['Alert']);
    const alertMsg = published.messages[0] as Message;

    // Public: the CAP message and the feed, without a login.
    const alertXml = await capOf(draft.id);
    expectValid(alertXml);
    const alert = parseCap(alertXml);
    expect(alert).toMatchObject({
      identifier: alertMsg.identifier,
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
    });
    expect(alert.sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(alert.infos.map((i) => i.language)).toEqual(['zh-CN', 'en-US']);
    expect(alert.infos[0]).toMatchObject({ severity: 'Severe', categories: ['Met'], urgency: 'Expected' });
    expect(alert.infos[0]?.instruction).toContain('& 注意山洪');
    expect(alert.infos[0]?.areas[0]?.polygons).toEqual(['38,113.35 38,113.55 38.2,113.55 38.2,113.35 38,113.35']);
    expect(alert.infos[0]?.areas[0]?.geocodes).toEqual([{ valueName: 'GB/T 2260', value: '140322' }]);
    const feed = await send(null, 'GET', '/api/v1/warnings/cap/feed.atom');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed.body).toContain(`/api/v1/warnings/${draft.id}/cap.xml`);
    expect(feed.body).toContain('盂县发布暴雨橙色预警');
    const atom = wellFormed(feed.body);
    expect(atom.ok, atom.output).toBe(true);
    // Published warnings are readable by everyone signed in.
    expect((await send('pingding', 'GET', `/api/v1/warnings/${draft.id}`)).statusCode).toBe(200);
    // But only their issuer's scope may change them.
    const foreign = await send('pingding', 'PUT', `/api/v1/warnings/${draft.id}`, { level: 1 });
    expect(foreign.statusCode).toBe(403);

    // Update: a new message referencing the Alert.
    const upd = await send('yuxian', 'PUT', `/api/v1/warnings/${draft.id}`, {
      level: 1,
      headline: '盂县暴雨橙色预警升级为红色预警',
    });
    expect(upd.statusCode, upd.body).toBe(200);
    const updated = json<Warning>(upd);
    expect(updated).toMatchObject({ status: 'updated', level: 1, colour: 'red', event: '暴雨红色预警' });
    const updateXml = await capOf(draft.id);
    expectValid(updateXml);
    const update = parseCap(updateXml);
    expect(update.msgType).toBe('Update');
    expect(update.identifier).not.toBe(alert.identifier);
    expect(update.references).toBe(`${alert.sender},${alert.identifier},${alert.sent}`);
    expect(update.infos[0]?.severity).toBe('Extreme');

    // Cancel: references both earlier messages.
    const can = await send('yuxian', 'POST', `/api/v1/warnings/${draft.id}/cancel`);
    expect(can.statusCode, can.body).toBe(200);
    const cancelled = json<Warning>(can);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.messages.map((m) => m.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
    const cancelXml = await capOf(draft.id);
    expectValid(cancelXml);
    const cancel = parseCap(cancelXml);
    expect(cancel.msgType).toBe('Cancel');
    expect(cancel.references?.split(' ')).toEqual([
      `${alert.sender},${alert.identifier},${alert.sent}`,
      `${update.sender},${update.identifier},${update.sent}`,
    ]);
    expect((await send(null, 'GET', '/api/v1/warnings/cap/feed.atom')).body).not.toContain(draft.id);
    const again = await send('yuxian', 'PUT', `/api/v1/warnings/${draft.id}`, { level: 2 });
    expect(again.statusCode).toBe(409);

    // Events after commit, audit for every change.
    const mine = events.filter((e) => e.entityId === draft.id).map((e) => e.type);
    expect(mine).toEqual(['warning.published', 'warning.updated', 'warning.cancelled']);
    const audit = json<{ items: { action: string }[] }>(
      await send('admin', 'GET', `/api/v1/audit?entity=warning&id=${draft.id}&pageSize=50`),
    );
    expect(audit.items.map((a) => a.action).sort()).toEqual(
      ['warning.approve', 'warning.cancel', 'warning.create', 'warning.submit', 'warning.update'].sort(),
    );
  });

  it('lists with filters; expired is computed from expires', async () => {
    const b = body();
    const w = json<Warning>(
      await send('yuxian', 'POST', '/api/v1/warnings', {
        ...b,
        hazardType: 'fog',
        level: 3,
        headline: '盂县大雾黄色预警',
        onset: new Date(Date.now() - HOUR).toISOString(),
        expires: new Date(Date.now() + 10 * 60_000).toISOString(),
      }),
    );
    await send('yuxian', 'POST', `/api/v1/warnings/${w.id}/submit`);
    expect((await send('commander', 'POST', `/api/v1/warnings/${w.id}/approve`)).statusCode).toBe(200);
    const get = async (q: string) =>
      json<{ items: Warning[]; total: number }>(await send('yuxian', 'GET', `/api/v1/warnings?${q}`));
    expect((await get('hazardType=fog')).items.map((x) => x.id)).toEqual([w.id]);
    expect((await get('status=published&level=3')).items.map((x) => x.id)).toContain(w.id);
    // A draft is withdrawn without any CAP message.
    const d = json<Warning>(await send('yuxian', 'POST', '/api/v1/warnings', b));
    const withdrawn = json<Warning>(
      await send('yuxian', 'POST', `/api/v1/warnings/${d.id}/cancel`, { reason: '降雨减弱' }),
    );
    expect(withdrawn).toMatchObject({ status: 'cancelled', messages: [] });
    expect((await send(null, 'GET', `/api/v1/warnings/${d.id}/cap.xml`)).statusCode).toBe(404);
    expect((await get('status=cancelled')).items.map((x) => x.id)).toContain(d.id);
    // 20 minutes later: past expires, and within the 30-minute session idle limit.
    t.clock.advance(20 * 60_000);
    try {
      expect((await get('status=expired')).items.map((x) => x.id)).toContain(w.id);
      expect((await get('status=published')).items.map((x) => x.id)).not.toContain(w.id);
      expect(json<Warning>(await send('yuxian', 'GET', `/api/v1/warnings/${w.id}`)).status).toBe('expired');
      expect((await send(null, 'GET', '/api/v1/warnings/cap/feed.atom')).body).not.toContain(w.id);
      expectValid(await capOf(w.id));
    } finally {
      t.clock.advance(-20 * 60_000);
    }
  });

  it.each(CAP_SAMPLES)('imports %s and exports it again as valid CAP 1.2', async (name) => {
    const res = await importXml('commander', readSample(name));
    expect(res.statusCode, res.body).toBe(201);
    const w = json<Warning>(res);
    const source = parseCap(readSample(name));
    expect(w.status).toBe('draft');
    expect(w.source?.identifier).toBe(source.identifier);
    expect(w.divisionCodes).toEqual(['140300']);
    expect(w.messages.map((m) => [m.direction, m.identifier])).toEqual([['in', source.identifier]]);
    // The draft's preview, then the published message anyone can read.
    expectValid(await capOf(w.id, 'commander'));
    // The samples are years old: forwarding one needs new times first.
    const stale = await send('commander', 'POST', `/api/v1/warnings/${w.id}/submit`);
    expect(stale.statusCode).toBe(409);
    expect(json(stale).code).toBe('WARNING_EXPIRED');
    const retimed = await send('commander', 'PUT', `/api/v1/warnings/${w.id}`, {
      onset: new Date(Date.now() - 60_000).toISOString(),
      expires: new Date(Date.now() + 6 * HOUR).toISOString(),
    });
    expect(retimed.statusCode, retimed.body).toBe(200);
    expect(json<Warning>(retimed).status).toBe('draft');
    expect((await send('commander', 'POST', `/api/v1/warnings/${w.id}/submit`)).statusCode).toBe(200);
    const ok = await send('admin', 'POST', `/api/v1/warnings/${w.id}/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    const xml = await capOf(w.id);
    expectValid(xml);
    const out = parseCap(xml);
    expect(out.msgType).toBe('Alert');
    expect(out.infos[0]?.headline).toBe(source.infos[0]?.headline ?? source.infos[0]?.event);
    expect(out.infos[0]?.severity).toBe(source.infos[0]?.severity === 'Unknown' ? 'Minor' : source.infos[0]?.severity);
  });

  it('imports a Chinese CAP message with its polygon and GB/T 2260 geocodes', async () => {
    const created = json<Warning>(await send('yuxian', 'POST', '/api/v1/warnings', body()));
    const xml = await capOf(created.id, 'yuxian');
    const res = await importXml('yuxian', xml, 'application/xml');
    expect(res.statusCode, res.body).toBe(201);
    const w = json<Warning>(res);
    expect(w).toMatchObject({ hazardType: 'rainstorm', level: 2, divisionCodes: ['140322'], areaDesc: '盂县' });
    expect(w.polygon?.coordinates[0]).toEqual(RING);
    // A byte-order mark and a charset parameter are fine.
    const bom = await importXml('yuxian', `\ufeff${xml}`, 'application/cap+xml; charset=utf-8');
    expect(bom.statusCode, bom.body).toBe(201);
    // Outside the importer's scope.
    const foreign = await importXml('pingding', xml);
    expect(foreign.statusCode).toBe(403);
    expect(json(foreign).code).toBe('OUT_OF_SCOPE');
  });

  it('refuses malformed or non-CAP XML with a clear message', async () => {
    const bad = [
      '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>',
      '<rss version="2.0"><channel/></rss>',
      '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"><identifier>x</identifier></alert>',
      readSample('v1dot2_appendix_adot2.xml').replace('<severity>Severe</severity>', ''),
    ];
    for (const xml of bad) {
      const res = await importXml('commander', xml);
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).code).toBe('CAP_INVALID');
      expect(JSON.stringify(json(res).details)).toMatch(/reason/);
    }
    const asJson = await send('commander', 'POST', '/api/v1/warnings/cap', { xml: '<alert/>' });
    expect(asJson.statusCode).toBe(400);
    expect(json(asJson).code).toBe('CAP_INVALID');
    expect((await importXml('duty', readSample('v1dot2_appendix_adot1.xml'))).statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/warnings/cap',
          headers: { 'content-type': 'application/cap+xml' },
          payload: readSample('v1dot2_appendix_adot1.xml'),
        })
      ).statusCode,
    ).toBe(401);
  });
});
