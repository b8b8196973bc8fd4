import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, testConfig, type TestApp } from '../../../test/helpers.js';
import type { ChannelAdapter } from './channels.js';
import { warningCoverageInYear } from './warnings.stats.js';
import { deliveryWorkerOf } from './dissemination.jobs.js';
import { DeliveryWorker, dispatchMessage } from './dissemination.service.js';

const HOUR = 3600_000;
const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

interface Sub {
  id: string;
  name: string;
  hasWebhookSecret: boolean;
  channels: string[];
  divisionCode: string | null;
  ownerDivisionCode: string;
}
interface DeliveryItem {
  subscriberName: string;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  fallbackFrom: string | null;
  address: string;
  msgType: string;
}
interface ChannelCounts {
  channel: string;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  total: number;
}
interface Summary {
  recipients: number;
  channels: ChannelCounts[];
  totals: Omit<ChannelCounts, 'channel'>;
  messages: { msgType: string; selected: number | null }[];
  coverage: {
    reached: number;
    population: number | null;
    ratio: number | null;
    divisionCodes: string[];
    missingPopulation: string[];
  };
}

/** What the test's SMTP server received. */
interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** Decodes the RFC 2047 words of a header and the transfer encoding of a single-part body. */
function decodeMail(raw: string) {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1] ?? '';
  const words = (s: string) =>
    s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
  const bodyRaw = rest.join('\n\n');
  const cte = header('Content-Transfer-Encoding').toLowerCase();
  const body =
    cte === 'base64'
      ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(
            bodyRaw
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : bodyRaw;
  return { subject: words(header('Subject')), body, warningHeader: header('X-Yingji-Warning') };
}

describe.each(ENGINES)('warning dissemination on %s', (engine) => {
  let t: TestApp;
  let worker: DeliveryWorker;
  let dataDir: string;
  const tokens: Record<string, string> = {};

  const mails: Mail[] = [];
  let smtp: SMTPServer;
  const hooks: { headers: http.IncomingHttpHeaders; raw: string }[] = [];
  let hookServer: http.Server;
  const texts: { to: string; text: string; ref: string; authorization: string | undefined }[] = [];
  let smsServer: http.Server;
  let smsAnswer = 200;
  const HOOK_SECRET = 'org-webhook-secret-0123456789';

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    hookServer = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, raw });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    smsServer = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        if (smsAnswer !== 200) {
          res.writeHead(smsAnswer, { 'content-type': 'application/json' }).end('{"error":"gateway busy"}');
          return;
        }
        const b = JSON.parse(raw) as { to: string; text: string; ref: string };
        texts.push({ ...b, authorization: req.headers.authorization });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'sent', id: `m${texts.length}` }));
      });
    });
    await new Promise<void>((resolve) => smsServer.listen(0, '127.0.0.1', resolve));

    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-dissemination-'));
    const base = testConfig().delivery;
    t = await buildTestApp(
      engine,
      {
        dataDir,
        delivery: {
          ...base,
          publicUrl: 'https://yingji.example.gov.cn',
          smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
          smtpFrom: '阳泉市应急管理局 <yjj@yq.example.gov.cn>',
          smsUrl: `http://127.0.0.1:${(smsServer.address() as AddressInfo).port}/send`,
          smsKey: 'sms-test-key',
          webhookMode: 'on',
          outboxSink: false,
          rates: { sms: 1000, email: 1000, webhook: 1000 },
          maxAttempts: 2,
        },
      },
      { demoResources: false },
    );
    const w = deliveryWorkerOf(t.deps);
    if (!w) throw new Error('no delivery worker');
    worker = w;
    for (const u of ['admin', 'commander', 'yuxian', 'pingding', 'duty']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await new Promise<void>((resolve) => hookServer?.close(() => resolve()));
    await new Promise<void>((resolve) => smsServer?.close(() => resolve()));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (
    user: string | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    lang = 'zh-CN',
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(user ? auth(tokens[user] ?? '') : {}), 'accept-language': lang },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  const addSubscriber = async (user: string, s: Record<string, unknown>) => {
    const res = await send(user, 'POST', '/api/v1/subscribers', { kind: 'person', language: 'zh-CN', ...s });
    expect(res.statusCode, res.body).toBe(201);
    return json<Sub>(res);
  };

  /** Drafts (as `by`), submits and has the commander approve; runs the dispatch job. */
  const publish = async (by: string, extra: Record<string, unknown>) => {
    const now = t.clock.now.getTime();
    const created = await send(by, 'POST', '/api/v1/warnings', {
      hazardType: 'rainstorm',
      level: 2,
      headline: '盂县气象台发布暴雨橙色预警',
      description: '预计未来6小时内将出现50毫米以上降雨，局地伴有雷电。',
      instruction: '停止户外作业，转移低洼地带人员，注意防范山洪。',
      onset: new Date(now).toISOString(),
      expires: new Date(now + 12 * HOUR).toISOString(),
      ...extra,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = json<{ id: string }>(created).id;
    expect((await send(by, 'POST', `/api/v1/warnings/${id}/submit`)).statusCode).toBe(200);
    const approved = await send('commander', 'POST', `/api/v1/warnings/${id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    await t.deps.jobs.runOnce();
    return id;
  };
  const summaryOf = async (id: string) => {
    const res = await send('duty', 'GET', `/api/v1/warnings/${id}/deliveries`);
    expect(res.statusCode, res.body).toBe(200);
    return json<Summary>(res);
  };
  const recipientsOf = async (id: string, query = '') => {
    const res = await send('duty', 'GET', `/api/v1/warnings/${id}/deliveries/recipients?pageSize=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return json<{ items: DeliveryItem[]; total: number }>(res);
  };
  const drain = async () => {
    for (let i = 0; i < 10; i++) {
      const n = await worker.runOnce();
      if (!Object.values(n).some((x) => x)) return;
    }
  };
  const channelOf = (s: Summary, c: string) => s.channels.find((x) => x.channel === c);

  it('validates subscribers field by field, in the caller’s language', async () => {
    const noPhone = await send('yuxian', 'POST', '/api/v1/subscribers', {
      kind: 'person',
      name: '王伟',
      email: 'wang@example.com',
      divisionCode: '140322',
      channels: ['sms'],
    });
    expect(noPhone.statusCode).toBe(400);
    expect(json(noPhone)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '请求内容不符合要求，请检查标注的字段。',
      details: [{ path: 'body.phone', code: 'custom', message: '取值无效（the sms channel needs a phone）' }],
    });
    const nowhere = await send(
      'yuxian',
      'POST',
      '/api/v1/subscribers',
      { kind: 'person', name: '李娜', phone: '12345', channels: ['sms', 'sms'] },
      'en-US',
    );
    expect(nowhere.statusCode).toBe(400);
    const b = json<{ message: string; details: { path: string; message: string }[] }>(nowhere);
    expect(b.message).toBe('The request is not valid; check the fields listed in details.');
    expect(b.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'body.phone',
          message: 'phone must be a mainland mobile number, e.g. 13800000000',
        }),
        expect.objectContaining({ path: 'body.divisionCode', message: 'give a location or a divisionCode (or both)' }),
        expect.objectContaining({ path: 'body.channels', message: 'a channel may be listed once' }),
      ]),
    );
    const hook = await send('yuxian', 'POST', '/api/v1/subscribers', {
      kind: 'organization',
      name: '盂县第二中学',
      divisionCode: '140322',
      channels: ['webhook'],
      webhookUrl: 'ftp://example.com/x',
      webhookSecret: 'short',
    });
    expect(json<{ details: unknown }>(hook).details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'body.webhookUrl',
          message: '格式不正确（webhookUrl must be an http(s) URL）',
        }),
        expect.objectContaining({
          path: 'body.webhookSecret',
          message: '长度至少 16（webhookSecret must be at least 16 characters）',
        }),
      ]),
    );
  });

  it('keeps subscribers: create, read in scope only, search, page, edit (re-checked), delete', async () => {
    const a = await addSubscriber('pingding', {
      name: '张建华',
      phone: '13912340001',
      divisionCode: '140321100',
      channels: ['sms'],
    });
    expect(a).toMatchObject({ name: '张建华', divisionCode: '140321100', ownerDivisionCode: '140321100' });
    expect(a).not.toHaveProperty('webhookSecret');
    const outside = await send('pingding', 'POST', '/api/v1/subscribers', {
      kind: 'person',
      name: '越界',
      phone: '13912340002',
      divisionCode: '140322',
      channels: ['sms'],
    });
    expect(outside.statusCode).toBe(403);
    expect(json(outside)).toMatchObject({ code: 'OUT_OF_SCOPE' });
    // 盂县 staff do not see 平定县's subscribers; the city does.
    const hidden = await send('yuxian', 'GET', `/api/v1/subscribers/${a.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(json(hidden)).toMatchObject({ code: 'SUBSCRIBER_NOT_FOUND', message: '预警订阅者不存在。' });
    expect((await send('commander', 'GET', `/api/v1/subscribers/${a.id}`)).statusCode).toBe(200);

    const found = json<{ items: Sub[]; total: number }>(
      await send('pingding', 'GET', `/api/v1/subscribers?q=${encodeURIComponent('张建')}`),
    );
    expect(found.items.map((s) => s.name)).toEqual(['张建华']);
    const page = json<{ items: Sub[]; total: number }>(
      await send('commander', 'GET', '/api/v1/subscribers?pageSize=1&page=1'),
    );
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(1);

    const broken = await send('pingding', 'PUT', `/api/v1/subscribers/${a.id}`, { phone: null });
    expect(broken.statusCode).toBe(400);
    expect(json<{ details: unknown }>(broken).details).toEqual([
      { path: 'body.phone', code: 'custom', message: '取值无效（a person needs a phone or an e-mail (or both)）' },
      { path: 'body.phone', code: 'custom', message: '取值无效（the sms channel needs a phone）' },
    ]);
    const edited = await send('pingding', 'PUT', `/api/v1/subscribers/${a.id}`, {
      email: 'zhang@example.com',
      channels: ['email', 'sms'],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(json<Sub>(edited).channels).toEqual(['email', 'sms']);

    expect((await send('pingding', 'DELETE', `/api/v1/subscribers/${a.id}`)).statusCode).toBe(204);
    expect((await send('pingding', 'GET', `/api/v1/subscribers/${a.id}`)).statusCode).toBe(404);
    const audit = await send('admin', 'GET', `/api/v1/audit?entity=subscriber&id=${a.id}`);
    const actions = json<{ items: { action: string }[] }>(audit).items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['subscriber.create', 'subscriber.update', 'subscriber.delete']));
  });

  it('imports a list all or nothing', async () => {
    const good = (i: number) => ({
      kind: 'person',
      name: `导入${i}`,
      phone: `1391234100${i}`,
      divisionCode: '140321101',
      location: { lon: 113.52, lat: 37.9 },
      channels: ['sms'],
    });
    const bad = await send('pingding', 'POST', '/api/v1/subscribers/import', {
      subscribers: [good(1), { ...good(2), channels: ['email'] }, good(3)],
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ details: unknown }>(bad).details).toEqual([
      { path: 'body.subscribers.1.email', code: 'custom', message: '取值无效（the email channel needs an e-mail）' },
    ]);
    const none = json<{ total: number }>(
      await send('pingding', 'GET', `/api/v1/subscribers?q=${encodeURIComponent('导入')}`),
    );
    expect(none.total).toBe(0);
    const ok = await send('pingding', 'POST', '/api/v1/subscribers/import', {
      subscribers: [good(1), good(2), good(3)],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(json<{ created: number; ids: string[] }>(ok)).toMatchObject({ created: 3 });
    const all = json<{ items: Sub[] }>(
      await send('pingding', 'GET', `/api/v1/subscribers?q=${encodeURIComponent('导入')}`),
    );
    expect(all.items.map((s) => s.name).sort()).toEqual(['导入1', '导入2', '导入3']);
  });

  it('targets by polygon and by division; a subscriber outside is not selected', async () => {
    const inside = await addSubscriber('yuxian', {
      name: '甲 多边形内',
      phone: '13912342001',
      location: { lon: 113.35, lat: 38.15 },
      divisionCode: '140322100',
      channels: ['sms'],
    });
    await addSubscriber('yuxian', {
      name: '乙 多边形外',
      phone: '13912342002',
      location: { lon: 113.6, lat: 38.25 },
      divisionCode: '140322',
      channels: ['sms'],
    });
    await addSubscriber('yuxian', {
      name: '丙 仅乡镇',
      phone: '13912342003',
      divisionCode: '140322101',
      channels: ['sms'],
    });
    await addSubscriber('pingding', {
      name: '丁 平定',
      phone: '13912342004',
      divisionCode: '140321',
      channels: ['sms'],
    });
    await addSubscriber('yuxian', {
      name: '戊 仅位置',
      phone: '13912342005',
      location: { lon: 113.5, lat: 38.3 },
      channels: ['sms'],
    });
    await addSubscriber('pingding', {
      name: '己 平定位置',
      phone: '13912342006',
      location: { lon: 113.9, lat: 37.7 },
      channels: ['sms'],
    });
    const mine = (items: DeliveryItem[]) =>
      items
        .map((i) => i.subscriberName)
        .filter((n) => /^[甲乙丙丁戊己] /.test(n))
        .sort();

    const byPolygon = await publish('yuxian', {
      divisionCodes: ['140322'],
      polygon: { type: 'Polygon', coordinates: [square(113.3, 38.1, 113.4, 38.2)] },
    });
    expect(mine((await recipientsOf(byPolygon)).items)).toEqual(['丙 仅乡镇', '甲 多边形内']);

    const byDivision = await publish('yuxian', { divisionCodes: ['140322'] });
    expect(mine((await recipientsOf(byDivision)).items)).toEqual([
      '丙 仅乡镇',
      '乙 多边形外',
      '戊 仅位置',
      '甲 多边形内',
    ]);

    await drain();
    const delivered = await recipientsOf(byPolygon);
    expect(delivered.items.find((i) => i.subscriberName === inside.name)).toMatchObject({
      channel: 'sms',
      status: 'sent',
      attempts: 1,
      address: '139****2001',
      msgType: 'Alert',
    });
    const toInside = texts.filter((x) => x.to === '13912342001');
    expect(toInside).toHaveLength(2);
    expect(toInside[0]?.authorization).toBe('Bearer sms-test-key');
    expect(toInside[0]?.text).toContain('盂县气象台发布暴雨橙色预警');

    // An inactive subscriber is not targeted (and these stay out of the later warnings).
    const list = json<{ items: Sub[] }>(await send('commander', 'GET', '/api/v1/subscribers?pageSize=200'));
    for (const s of list.items.filter((x) => /^[甲乙丙丁戊己] /.test(x.name))) {
      const user = s.ownerDivisionCode.startsWith('140321') ? 'pingding' : 'yuxian';
      expect((await send(user, 'PUT', `/api/v1/subscribers/${s.id}`, { active: false })).statusCode).toBe(200);
    }
    const again = await publish('yuxian', { divisionCodes: ['140322'] });
    expect(mine((await recipientsOf(again)).items)).toEqual([]);
  });

  it('sends e-mail through SMTP and signed webhooks; counts and coverage add up', async () => {
    const population = await send('pingding', 'PUT', '/api/v1/divisions/140321/figures', {
      population: 310_000,
      year: 2020,
      source: '第七次全国人口普查（演示）',
    });
    expect(population.statusCode, population.body).toBe(200);
    const pops = json<{ items: { divisionCode: string; population: number | null }[] }>(
      await send('pingding', 'GET', '/api/v1/warnings/populations'),
    );
    expect(pops.items[0]).toMatchObject({ divisionCode: '140321', population: 310_000 });

    await addSubscriber('pingding', {
      name: '邮件 居民',
      email: 'resident@example.com',
      location: { lon: 113.95, lat: 37.65 },
      divisionCode: '140321',
      channels: ['email'],
    });
    const org = await addSubscriber('pingding', {
      kind: 'organization',
      name: '平定县第一中学',
      location: { lon: 113.96, lat: 37.66 },
      divisionCode: '140321',
      channels: ['webhook'],
      webhookUrl: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks/yingji`,
      webhookSecret: HOOK_SECRET,
    });
    expect(org.hasWebhookSecret).toBe(true);
    const id = await publish('pingding', {
      headline: '平定县发布暴雨橙色预警',
      divisionCodes: ['140321'],
      polygon: { type: 'Polygon', coordinates: [square(113.9, 37.6, 114.0, 37.7)] },
    });
    const before = await summaryOf(id);
    expect(before.recipients).toBe(2);
    expect(channelOf(before, 'email')).toMatchObject({ queued: 1, total: 1 });
    expect(channelOf(before, 'webhook')).toMatchObject({ queued: 1, total: 1 });
    expect(before.coverage).toMatchObject({ reached: 0, population: 310_000, ratio: 0, divisionCodes: ['140321'] });

    await drain();
    const mail = mails.find((m) => m.to.includes('resident@example.com'));
    expect(mail?.from).toBe('yjj@yq.example.gov.cn');
    const decoded = decodeMail(mail?.raw ?? '');
    expect(decoded.subject).toBe('平定县发布暴雨橙色预警');
    expect(decoded.body).toContain('防御指南：停止户外作业，转移低洼地带人员，注意防范山洪。');
    expect(decoded.body).toContain(`CAP 消息：https://yingji.example.gov.cn/api/v1/warnings/${id}/cap.xml`);

    expect(hooks).toHaveLength(1);
    const hook = hooks[0];
    const expected = `sha256=${crypto
      .createHmac('sha256', HOOK_SECRET)
      .update(hook?.raw ?? '')
      .digest('hex')}`;
    expect(hook?.headers['x-yingji-signature']).toBe(expected);
    expect(hook?.headers['content-type']).toContain('application/json');
    const payload = JSON.parse(hook?.raw ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      warningId: id,
      msgType: 'Alert',
      level: 2,
      colour: 'orange',
      headline: '平定县发布暴雨橙色预警',
      capUrl: `https://yingji.example.gov.cn/api/v1/warnings/${id}/cap.xml`,
      divisionCodes: ['140321'],
    });
    expect(String(payload.identifier)).toMatch(new RegExp(`^YJ-${id}-1$`));

    const after = await summaryOf(id);
    expect(channelOf(after, 'email')).toMatchObject({ queued: 0, sent: 1, total: 1 });
    expect(channelOf(after, 'webhook')).toMatchObject({ queued: 0, delivered: 1, total: 1 });
    // Organisations are not people: one person reached of 310,000 residents.
    expect(after.coverage).toMatchObject({ reached: 1, population: 310_000, missingPopulation: [] });
    expect(after.coverage.ratio).toBeCloseTo(1 / 310_000, 12);
    // The year's coverage as a platform statistic: the mean over the warnings published for 平定县 this year.
    const listed = json<{ items: { id: string; publishedAt: string | null; divisionCodes: string[] }[] }>(
      await send('admin', 'GET', '/api/v1/warnings?pageSize=200'),
    );
    const year = new Date(t.clock.now.getTime() + 8 * 3600_000).getUTCFullYear();
    const ratios: number[] = [];
    for (const w of listed.items) {
      if (!w.publishedAt || !w.divisionCodes.some((c) => c.startsWith('140321'))) continue;
      if (new Date(Date.parse(w.publishedAt) + 8 * 3600_000).getUTCFullYear() !== year) continue;
      const r = (await summaryOf(w.id)).coverage.ratio;
      if (r !== null) ratios.push(r);
    }
    expect(ratios.length).toBeGreaterThan(0);
    expect(await warningCoverageInYear(t.deps.database.db, '140321', year)).toBeCloseTo(
      ratios.reduce((a, b) => a + b, 0) / ratios.length,
      12,
    );
    // The platform's own users of 平定县 and the city were notified in-app.
    expect(channelOf(after, 'inapp')?.delivered).toBeGreaterThanOrEqual(2);
    expect(after.messages).toEqual([expect.objectContaining({ msgType: 'Alert', selected: 2 })]);

    // Never twice: another dispatch of the same message and more passes send nothing new.
    const msgId = (
      await t.deps.database.db.query.warningMessages.findFirst({
        where: (m, { eq }) => eq(m.warningId, id),
      })
    )?.id;
    expect(await dispatchMessage(t.deps, msgId ?? '', worker.enabled)).toBeNull();
    await drain();
    expect(hooks).toHaveLength(1);
    expect(mails.filter((m) => m.to.includes('resident@example.com'))).toHaveLength(1);
    expect((await summaryOf(id)).totals.total).toBe(after.totals.total);

    // An Update goes out again, once, as a new message; the webhook sees msgType Update.
    const upd = await send('pingding', 'PUT', `/api/v1/warnings/${id}`, { level: 1 });
    expect(upd.statusCode, upd.body).toBe(200);
    await t.deps.jobs.runOnce();
    await t.deps.jobs.runOnce();
    await drain();
    expect(hooks).toHaveLength(2);
    expect(JSON.parse(hooks[1]?.raw ?? '{}')).toMatchObject({ msgType: 'Update', level: 1, colour: 'red' });
  });

  it('retries a failing channel with backoff, then falls back to the next; other channels go on', async () => {
    await addSubscriber('pingding', {
      name: '回退 居民',
      phone: '13912343001',
      email: 'fallback@example.com',
      location: { lon: 113.56, lat: 37.62 },
      channels: ['sms', 'email'],
    });
    await addSubscriber('pingding', {
      name: '邮件 邻居',
      email: 'neighbour@example.com',
      location: { lon: 113.57, lat: 37.63 },
      channels: ['email'],
    });
    smsAnswer = 503;
    const id = await publish('pingding', {
      headline: '平定县西部发布大风蓝色预警',
      hazardType: 'gale',
      level: 4,
      divisionCodes: ['140321'],
      polygon: { type: 'Polygon', coordinates: [square(113.55, 37.6, 113.6, 37.65)] },
    });
    await worker.runOnce();
    let items = (await recipientsOf(id)).items;
    expect(items.find((i) => i.channel === 'sms')).toMatchObject({
      subscriberName: '回退 居民',
      status: 'queued',
      attempts: 1,
      lastError: 'HTTP 503: {"error":"gateway busy"}',
    });
    // The failing SMS gateway did not hold up e-mail.
    expect(items.find((i) => i.subscriberName === '邮件 邻居')).toMatchObject({ channel: 'email', status: 'sent' });
    // Not due before its backoff.
    expect((await worker.runOnce()).sms ?? 0).toBe(0);
    t.clock.advance(5_000);
    await worker.runOnce();
    items = (await recipientsOf(id)).items;
    expect(items.find((i) => i.channel === 'sms')).toMatchObject({ status: 'failed', attempts: 2 });
    expect(items.find((i) => i.subscriberName === '回退 居民' && i.channel === 'email')).toMatchObject({
      status: 'queued',
      fallbackFrom: 'sms',
    });
    await drain();
    expect(mails.filter((m) => m.to.includes('fallback@example.com'))).toHaveLength(1);
    const s = await summaryOf(id);
    expect(channelOf(s, 'sms')).toMatchObject({ failed: 1, total: 1 });
    expect(channelOf(s, 'email')).toMatchObject({ sent: 2, total: 2 });
    expect(s.coverage.reached).toBe(2);
    const failed = await recipientsOf(id, '&status=failed');
    expect(failed.items.map((i) => [i.subscriberName, i.channel])).toEqual([['回退 居民', 'sms']]);
    smsAnswer = 200;
  });

  it('keeps each channel within its rate per second', async () => {
    const sent: string[] = [];
    const counting: ChannelAdapter = {
      channel: 'sms',
      target: 'test',
      send: async (_w, to) => {
        sent.push(to.phone ?? '');
        return { status: 'sent' };
      },
    };
    for (let i = 0; i < 5; i++)
      await addSubscriber('yuxian', {
        name: `限速${i}`,
        phone: `1391234400${i}`,
        location: { lon: 113.01 + i * 0.001, lat: 38.31 },
        channels: ['sms'],
      });
    const id = await publish('yuxian', {
      divisionCodes: ['140322'],
      polygon: { type: 'Polygon', coordinates: [square(113.0, 38.3, 113.02, 38.32)] },
    });
    const limited = new DeliveryWorker(t.deps, [counting], { rates: { sms: 2 } });
    expect(await limited.runOnce()).toEqual({ sms: 2 });
    expect(await limited.runOnce()).toEqual({ sms: 0 });
    t.clock.advance(500);
    expect(await limited.runOnce()).toEqual({ sms: 1 });
    t.clock.advance(1000);
    expect(await limited.runOnce()).toEqual({ sms: 2 });
    expect(sent).toHaveLength(5);
    expect(channelOf(await summaryOf(id), 'sms')).toMatchObject({ sent: 5, queued: 0 });
  });

  it('lists active warnings publicly; cancel and expiry drop them', async () => {
    const id = await publish('yuxian', {
      headline: '盂县发布森林火险黄色预警',
      hazardType: 'forest_fire',
      level: 3,
      divisionCodes: ['140322'],
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/public/warnings?divisionCode=140322101' });
    expect(list.statusCode).toBe(200);
    const found = json<{ items: Record<string, unknown>[] }>(list).items.find((w) => w.id === id);
    expect(found).toMatchObject({
      headline: '盂县发布森林火险黄色预警',
      level: 3,
      colour: 'yellow',
      status: 'published',
      msgType: 'Alert',
      areaDesc: '盂县',
      capUrl: `/api/v1/warnings/${id}/cap.xml`,
    });
    const elsewhere = json<{ items: { id: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/public/warnings?divisionCode=140321' }),
    );
    expect(elsewhere.items.map((w) => w.id)).not.toContain(id);

    // Cancelled: gone from the list, and the Cancel goes to the same people.
    const other = await publish('yuxian', {
      headline: '盂县发布大雾黄色预警',
      hazardType: 'fog',
      level: 3,
      divisionCodes: ['140322'],
    });
    expect((await send('yuxian', 'POST', `/api/v1/warnings/${other}/cancel`, { reason: '雾已消散' })).statusCode).toBe(
      200,
    );
    await t.deps.jobs.runOnce();
    const ids = async () =>
      json<{ items: { id: string }[] }>(
        await t.app.inject({ method: 'GET', url: '/api/v1/public/warnings' }),
      ).items.map((w) => w.id);
    expect(await ids()).not.toContain(other);
    const cancelSummary = await summaryOf(other);
    expect(cancelSummary.messages.map((m) => m.msgType)).toEqual(['Alert', 'Cancel']);
    expect(cancelSummary.messages[1]?.selected).toBe(cancelSummary.messages[0]?.selected);

    // Past its expiry, the expiry job stores `expired`; the public list and the feed drop it.
    t.clock.advance(13 * HOUR);
    // Sessions idle out over thirteen hours: sign in again.
    for (const u of ['admin', 'duty']) tokens[u] = await loginAs(t.app, u);
    const { expireWarnings } = await import('./dissemination.service.js');
    expect(await expireWarnings(t.deps)).toBeGreaterThanOrEqual(1);
    expect(await ids()).not.toContain(id);
    const w = json<{ status: string }>(await send('duty', 'GET', `/api/v1/warnings/${id}`));
    expect(w.status).toBe('expired');
    const expiredList = json<{ items: { id: string }[] }>(await send('duty', 'GET', '/api/v1/warnings?status=expired'));
    expect(expiredList.items.map((x) => x.id)).toContain(id);
    const audit = json<{ items: { action: string }[] }>(
      await send('admin', 'GET', `/api/v1/audit?entity=warning&id=${id}`),
    );
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining(['warning.approve', 'warning.dispatch', 'warning.expire']),
    );
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/warnings/${id}/cap.xml` })).statusCode).toBe(200);
  });
});
