import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAZARD_STATES,
  type HazardDetail,
  type HazardState,
  type HazardStatistics,
  type MajorHazardSource,
  type RiskMap,
  type RiskPoint,
  type RiskPointDetail,
  type VulnerableTarget,
} from '@yingji/contracts';
import { hazardRectificationRate } from './risks.stats.js';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';
import { checkHazardOverdue } from './index.js';
import { distanceMeters, HAZARD_TRANSITIONS } from './risks.rules.js';

type List<T> = { items: T[]; total: number };
type ErrorBody = { code: string; message: string; details?: unknown };

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF demo photo')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR')]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)]);
const FULL_PLAN = {
  objective: '30 日内消除隐患',
  measures: '更换紧急切断阀并联锁测试',
  funding: '专项资金 35 万元',
  organisation: '总经理任组长，设备部实施',
  timeline: '批准后 30 日内完成',
  safetyAndContingency: '整改期间设警戒区，启动现场处置方案',
};

describe.each(ENGINES)('dual prevention on %s', (engine) => {
  let t: TestApp;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const orgOf: Record<string, string> = {};
  const nameOf: Record<string, string> = {};
  const USERS = ['admin', 'commander', 'pingding', 'yuxian', 'enterprise', 'inspector', 'ruifeng', 'jindong', 'fire'];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-risks-'));
    t = await buildTestApp(engine, { dataDir }, { demoResources: false });
    for (const u of USERS) {
      tokens[u] = await loginAs(t.app, u);
      const me = json<{ user: { orgId: string; displayName: string } }>(await get(u, '/api/v1/auth/me')).user;
      orgOf[u] = me.orgId;
      nameOf[u] = me.displayName;
    }
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', u: string, url: string, body?: unknown) =>
    t.app.inject({ method, url, headers: auth(tokens[u] ?? ''), ...(body ? { payload: body as object } : {}) });
  const get = (u: string, url: string) => req('GET', u, url);
  const upload = (u: string, body: Buffer, contentType: string, name = 'photo.jpg') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/attachments?name=${encodeURIComponent(name)}`,
      headers: { ...auth(tokens[u] ?? ''), 'content-type': contentType },
      payload: body,
    });
  const inDays = (d: number) => new Date(t.clock.now.getTime() + d * 86_400_000).toISOString();

  const newHazard = async (level: 'general' | 'major', u = 'enterprise', extra: Record<string, unknown> = {}) => {
    const r = await req('POST', u, '/api/v1/hazards', {
      orgId: orgOf.enterprise,
      source: u === 'enterprise' ? 'self_inspection' : 'government_inspection',
      level,
      category: 'hazchem',
      title: `${level === 'major' ? '重大' : '一般'}隐患 测试`,
      description: '测试隐患描述',
      ...extra,
    });
    expect(r.statusCode, r.body).toBe(201);
    return json<HazardDetail>(r);
  };
  const move = (u: string, id: string, to: HazardState, extra: Record<string, unknown> = {}) =>
    req('POST', u, `/api/v1/hazards/${id}/transitions`, { to, ...extra });
  const moveOk = async (u: string, id: string, to: HazardState, extra: Record<string, unknown> = {}) => {
    const r = await move(u, id, to, extra);
    expect(r.statusCode, `${to}: ${r.body}`).toBe(200);
    const h = json<HazardDetail>(r);
    expect(h.status).toBe(to);
    return h;
  };
  /** Who does each move in these tests: the enterprise rectifies, the inspector verifies, the county supervises. */
  const actorFor = (to: HazardState, from: HazardState): string => {
    if (to === 'plan_approved' || to === 'written_off' || (from === 'plan_submitted' && to === 'assigned'))
      return 'pingding';
    if (from === 'write_off_requested') return 'pingding';
    if (to === 'closed' || to === 'write_off_requested' || (from === 'pending_verification' && to === 'rejected'))
      return 'inspector';
    return 'enterprise';
  };
  const GENERAL_PATH: HazardState[] = ['reported', 'assigned', 'rectifying', 'pending_verification', 'closed'];
  const MAJOR_PATH: HazardState[] = [
    'reported',
    'assigned',
    'plan_submitted',
    'plan_approved',
    'rectifying',
    'pending_verification',
    'write_off_requested',
    'written_off',
  ];
  const extraFor = (to: HazardState) =>
    to === 'assigned'
      ? { responsiblePerson: '李红', deadline: inDays(10) }
      : to === 'plan_submitted'
        ? { plan: FULL_PLAN }
        : {};
  /** A hazard of `level` driven to `state` along the main path (rejected: via a failed verification). */
  const hazardAt = async (level: 'general' | 'major', state: HazardState) => {
    const h = await newHazard(level);
    const main = level === 'general' ? GENERAL_PATH : MAJOR_PATH;
    const route =
      state === 'rejected'
        ? [...main.slice(1, main.indexOf('pending_verification') + 1), 'rejected' as const]
        : main.slice(1, main.indexOf(state) + 1);
    let from: HazardState = 'reported';
    for (const to of route) {
      await moveOk(actorFor(to, from), h.id, to, extraFor(to));
      from = to;
    }
    return h.id;
  };

  it('documents every route in the OpenAPI description', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(json<{ paths: Record<string, unknown> }>(r).paths);
    for (const p of [
      '/api/v1/risks',
      '/api/v1/hazards',
      '/api/v1/hazards/{id}/transitions',
      '/api/v1/attachments',
      '/api/v1/risk-map',
    ])
      expect(paths).toContain(p);
  });

  // ---- risk register ----

  it('grades a risk point by LEC (D = 3×6×40 = 720 → major, red, company) and keeps the re-assessment history', async () => {
    const r = await req('POST', 'enterprise', '/api/v1/risks', {
      orgId: orgOf.enterprise,
      name: '粗苯装车鹤位',
      divisionCode: '140321',
      location: { lon: 113.662, lat: 37.801 },
      type: '危险化学品',
      possibleHarms: ['火灾', '爆炸'],
      assessment: { method: 'LEC', L: 3, E: 6, C: 40 },
    });
    expect(r.statusCode, r.body).toBe(201);
    const created = json<RiskPointDetail>(r);
    expect(created).toMatchObject({ score: 720, level: 'major', color: 'red', controlLevel: 'company', method: 'LEC' });
    expect(created.assessments).toHaveLength(1);
    expect(created.assessments[0]).toMatchObject({ method: 'LEC', inputs: { L: 3, E: 6, C: 40 }, score: 720 });

    const re = await req('PUT', 'enterprise', `/api/v1/risks/${created.id}`, {
      assessment: { method: 'LS', L: 3, S: 3 },
      assessmentNote: '增设紧急切断后复评',
    });
    expect(re.statusCode, re.body).toBe(200);
    const after = json<RiskPointDetail>(re);
    expect(after).toMatchObject({ score: 9, level: 'general', color: 'yellow', controlLevel: 'team', method: 'LS' });
    expect(after.assessments.map((a) => a.score)).toEqual([9, 720]);
    expect(after.assessments[0]?.note).toBe('增设紧急切断后复评');

    const audit = json<List<{ action: string }>>(
      await get('admin', `/api/v1/audit?entity=risk_point&id=${created.id}`),
    );
    expect(audit.items.map((a) => a.action)).toEqual(['risk.reassess', 'risk.create']);
  });

  it('grades by the LS matrix (4×5 = 20 → major) and lets the control level be set by hand', async () => {
    const r = await req('POST', 'pingding', '/api/v1/risks', {
      orgId: orgOf.ruifeng,
      name: '燃气烘干炉',
      divisionCode: '140321',
      assessment: { method: 'LS', L: 4, S: 5 },
      controlLevel: 'workshop',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(json<RiskPoint>(r)).toMatchObject({ score: 20, level: 'major', color: 'red', controlLevel: 'workshop' });
  });

  it('answers 400 naming the field when an LEC or LS input is off its scale', async () => {
    const base = { orgId: orgOf.enterprise, name: '测试点', divisionCode: '140321' };
    const lec = await req('POST', 'enterprise', '/api/v1/risks', {
      ...base,
      assessment: { method: 'LEC', L: 4, E: 6, C: 40 },
    });
    expect(lec.statusCode).toBe(400);
    const body = json<ErrorBody & { details: { path: string; message: string }[] }>(lec);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.path)).toEqual(['body.assessment.L']);
    expect(body.details[0]?.message).toContain('0.1, 0.2, 0.5, 1, 3, 6, 10');
    const ls = await req('POST', 'enterprise', '/api/v1/risks', { ...base, assessment: { method: 'LS', L: 3, S: 6 } });
    expect(json<{ details: { path: string }[] }>(ls).details.map((d) => d.path)).toEqual(['body.assessment.S']);
    const method = await req('POST', 'enterprise', '/api/v1/risks', { ...base, assessment: { method: 'XYZ', L: 1 } });
    expect(method.statusCode).toBe(400);
  });

  it('keeps an enterprise to its own organisation and a county to its own county', async () => {
    const foreign = await req('POST', 'enterprise', '/api/v1/risks', {
      orgId: orgOf.ruifeng,
      name: '别家的风险点',
      divisionCode: '140321',
      assessment: { method: 'LS', L: 1, S: 1 },
    });
    expect(foreign.statusCode).toBe(403);
    expect(json<ErrorBody>(foreign).code).toBe('RISK_OWN_ORG_ONLY');
    const county = await req('POST', 'yuxian', '/api/v1/risks', {
      orgId: orgOf.enterprise,
      name: '越界登记',
      divisionCode: '140321',
      assessment: { method: 'LS', L: 1, S: 1 },
    });
    expect(county.statusCode).toBe(403);
    expect(json<ErrorBody>(county).code).toBe('OUT_OF_SCOPE');

    const mine = json<List<RiskPoint>>(await get('enterprise', '/api/v1/risks?pageSize=200'));
    expect(mine.total).toBeGreaterThan(0);
    expect(new Set(mine.items.map((p) => p.orgId))).toEqual(new Set([orgOf.enterprise]));

    const pd = json<List<RiskPoint>>(await get('pingding', '/api/v1/risks?pageSize=200'));
    expect(pd.items.every((p) => p.divisionCode.startsWith('140321'))).toBe(true);
    expect(new Set(pd.items.map((p) => p.orgName)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(pd.items.map((p) => p.color))).toEqual(new Set(['red', 'orange', 'yellow', 'blue']));

    const yx = json<List<RiskPoint>>(await get('yuxian', '/api/v1/risks?pageSize=200'));
    expect(yx.items.every((p) => p.divisionCode.startsWith('140322'))).toBe(true);
    const hx = mine.items[0];
    const hidden = await get('yuxian', `/api/v1/risks/${hx?.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(json<ErrorBody>(hidden).code).toBe('RISK_POINT_NOT_FOUND');
    expect((await get('jindong', `/api/v1/risks/${hx?.id}`)).statusCode).toBe(404);

    const city = json<List<RiskPoint>>(await get('commander', '/api/v1/risks?pageSize=200'));
    expect(city.total).toBe(pd.total + yx.total);
    const reds = json<List<RiskPoint>>(await get('commander', '/api/v1/risks?level=major&pageSize=200'));
    expect(reds.items.every((p) => p.color === 'red')).toBe(true);
  });

  it('counts risk points by level and names the enterprises with red risks', async () => {
    const s = json<{ byLevel: Record<string, number>; enterprisesWithMajor: { orgName: string; count: number }[] }>(
      await get('yuxian', '/api/v1/risks/statistics'),
    );
    const all = json<List<RiskPoint>>(await get('yuxian', '/api/v1/risks?pageSize=200')).items;
    for (const level of ['major', 'larger', 'general', 'low'])
      expect(s.byLevel[level]).toBe(all.filter((p) => p.level === level).length);
    expect(s.enterprisesWithMajor.map((e) => e.orgName)).toContain('盂县晋东化工有限公司');
  });

  // ---- major hazard sources, vulnerable targets, lists, map ----

  it('records a major hazard source with linked sensors and its Σq/Q, refusing unknown sensor codes', async () => {
    const base = {
      orgId: orgOf.enterprise,
      name: '焦油罐区',
      divisionCode: '140321',
      location: { lon: 113.659, lat: 37.799 },
      substances: [{ name: '煤焦油', quantityTonnes: 6000, thresholdTonnes: 5000 }],
      grade: 4,
    };
    const bad = await req('POST', 'enterprise', '/api/v1/major-hazard-sources', {
      ...base,
      sensorCodes: ['NO-SUCH-1'],
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ details: { path: string }[] }>(bad).details[0]?.path).toBe('body.sensorCodes');
    const ok = await req('POST', 'enterprise', '/api/v1/major-hazard-sources', {
      ...base,
      sensorCodes: ['HX-TOX-001'],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const s = json<MajorHazardSource>(ok);
    expect(s).toMatchObject({ ratio: 1.2, grade: 4, radiusMeters: 1000, sensorCodes: ['HX-TOX-001'] });
    const upd = json<MajorHazardSource>(
      await req('PUT', 'enterprise', `/api/v1/major-hazard-sources/${s.id}`, { radiusMeters: 800 }),
    );
    expect(upd.radiusMeters).toBe(800);
    expect((await get('yuxian', `/api/v1/major-hazard-sources/${s.id}`)).statusCode).toBe(404);
    expect((await req('DELETE', 'enterprise', `/api/v1/major-hazard-sources/${s.id}`)).statusCode).toBe(204);
    expect((await get('enterprise', `/api/v1/major-hazard-sources/${s.id}`)).statusCode).toBe(404);
  });

  it('lists each vulnerable target with its distance to every red/orange risk and major hazard source nearby', async () => {
    const list = json<List<VulnerableTarget>>(await get('pingding', '/api/v1/vulnerable-targets?radius=2000'));
    const school = list.items.find((x) => x.name === '平定县第二中学');
    if (!school) throw new Error('demo school missing');
    const sources = json<List<MajorHazardSource>>(await get('pingding', '/api/v1/major-hazard-sources')).items;
    const benzene = sources.find((s) => s.name === '粗苯罐区重大危险源');
    if (!benzene) throw new Error('demo source missing');
    const near = school.nearby.find((n) => n.id === benzene.id);
    expect(near?.kind).toBe('major_hazard_source');
    expect(near?.distanceMeters).toBe(Math.round(distanceMeters(school.location, benzene.location)));
    expect(school.nearby.every((n) => n.distanceMeters <= 2000)).toBe(true);
    expect(school.nearby.map((n) => n.distanceMeters)).toEqual(
      [...school.nearby.map((n) => n.distanceMeters)].sort((a, b) => a - b),
    );
    expect(
      school.nearby.filter((n) => n.kind === 'risk_point').every((n) => n.level === 'major' || n.level === 'larger'),
    ).toBe(true);
    // A smaller radius keeps only what lies within it.
    const tight = json<VulnerableTarget>(await get('pingding', `/api/v1/vulnerable-targets/${school.id}?radius=100`));
    expect(tight.nearby.every((n) => n.distanceMeters <= 100)).toBe(true);

    const refused = await req('POST', 'enterprise', '/api/v1/vulnerable-targets', {
      name: '某小学',
      kind: 'school',
      divisionCode: '140321',
      location: { lon: 113.6, lat: 37.8 },
    });
    expect(refused.statusCode).toBe(403);
    expect(json<ErrorBody>(refused).code).toBe('VULNERABLE_TARGET_GOVERNMENT_ONLY');
    const created = await req('POST', 'pingding', '/api/v1/vulnerable-targets', {
      name: '冠山镇中心小学',
      kind: 'school',
      divisionCode: '140321',
      location: { lon: 113.6605, lat: 37.8012 },
      population: 900,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(json<VulnerableTarget>(created).nearby.length).toBeGreaterThan(0);
  });

  it('serves the three lists and exports them to Excel, and draws the risk map as GeoJSON', async () => {
    const risks = json<List<RiskPoint>>(await get('pingding', '/api/v1/risk-lists/risks'));
    expect(risks.total).toBeGreaterThan(0);
    expect(risks.items.every((p) => p.level === 'major' || p.level === 'larger')).toBe(true);
    const x = await get('pingding', '/api/v1/risk-lists/export?list=all');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['较大以上安全风险清单', '重大危险源清单', '脆弱性目标清单']);
    expect(wb.worksheets[0]?.rowCount).toBe(risks.total + 1);
    expect(wb.worksheets[0]?.getRow(1).getCell(1).value).toBe('风险点名称');

    const map = json<RiskMap>(await get('pingding', '/api/v1/risk-map'));
    expect(map.type).toBe('FeatureCollection');
    const layers = new Set(map.features.map((f) => f.properties.layer));
    expect(layers).toEqual(new Set(['risk_point', 'major_hazard_source', 'vulnerable_target']));
    const colour = { major: 'red', larger: 'orange', general: 'yellow', low: 'blue' } as const;
    for (const f of map.features.filter((f) => f.properties.layer === 'risk_point'))
      expect(f.properties.color).toBe(colour[f.properties.level ?? 'low']);
    expect(
      map.features
        .filter((f) => f.properties.layer === 'major_hazard_source')
        .every((f) => (f.properties.radiusMeters ?? 0) > 0),
    ).toBe(true);
    const ent = json<RiskMap>(await get('enterprise', '/api/v1/risk-map?layers=risk_point'));
    expect(new Set(ent.features.map((f) => f.properties.orgName))).toEqual(new Set(['阳泉华鑫煤化工有限公司']));
  });

  // ---- hazards ----

  it('runs a general hazard from report with a photo to closure, every move a row with actor, note and photos', async () => {
    const photo = json<{ id: string; size: number; contentType: string; name: string }>(
      await upload('enterprise', JPEG, 'image/jpeg', '现场照片.jpg'),
    );
    expect(photo).toMatchObject({ size: JPEG.length, contentType: 'image/jpeg', name: '现场照片.jpg' });
    const h = await newHazard('general', 'enterprise', { attachments: [photo.id] });
    expect(h).toMatchObject({ status: 'reported', overdue: false, supervised: false });
    expect(h.allowedTransitions).toEqual(['assigned']);
    expect(h.transitions).toEqual([
      expect.objectContaining({ from: null, to: 'reported', attachments: [expect.objectContaining({ id: photo.id })] }),
    ]);

    await moveOk('enterprise', h.id, 'assigned', {
      responsiblePerson: '李红',
      deadline: inDays(7),
      note: '交储运车间',
    });
    await moveOk('enterprise', h.id, 'rectifying');
    const done = json<{ id: string }>(await upload('enterprise', PNG, 'image/png', 'after.png'));
    await moveOk('enterprise', h.id, 'pending_verification', { note: '已整改', attachments: [done.id] });

    const self = await move('enterprise', h.id, 'closed');
    expect(self.statusCode).toBe(403);
    expect(json<ErrorBody>(self)).toMatchObject({ code: 'HAZARD_VERIFIER_IS_RECTIFIER' });
    expect(json<ErrorBody>(self).message).toContain('整改人以外');

    const closed = await moveOk('inspector', h.id, 'closed', { note: '复查合格' });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.allowedTransitions).toEqual([]);
    expect(closed.transitions.map((m) => [m.from, m.to, m.actor.name])).toEqual([
      [null, 'reported', nameOf.enterprise],
      ['reported', 'assigned', nameOf.enterprise],
      ['assigned', 'rectifying', nameOf.enterprise],
      ['rectifying', 'pending_verification', nameOf.enterprise],
      ['pending_verification', 'closed', nameOf.inspector],
    ]);
    expect(closed.transitions[3]).toMatchObject({
      note: '已整改',
      attachments: [expect.objectContaining({ id: done.id })],
    });
    expect(closed.attachments.map((a) => a.id).sort()).toEqual([photo.id, done.id].sort());
    const audit = json<List<{ action: string }>>(await get('admin', `/api/v1/audit?entity=hazard&id=${h.id}`));
    expect(audit.items.map((a) => a.action)).toEqual([...Array(4).fill('hazard.transition'), 'hazard.report']);
  });

  it('allows every legal transition and refuses every illegal one with 409 naming the allowed states', async () => {
    const legal = new Set(HAZARD_TRANSITIONS.flatMap((r) => r.levels.map((l) => `${l}:${r.from}>${r.to}`)));
    const covered = new Set<string>();
    for (const level of ['general', 'major'] as const) {
      const states = HAZARD_STATES.filter((s) =>
        level === 'general'
          ? !['plan_submitted', 'plan_approved', 'write_off_requested', 'written_off'].includes(s)
          : s !== 'closed',
      );
      for (const state of states) {
        const id = await hazardAt(level, state);
        const allowed = HAZARD_TRANSITIONS.filter((r) => r.from === state && r.levels.includes(level)).map((r) => r.to);
        for (const to of HAZARD_STATES) {
          if (legal.has(`${level}:${state}>${to}`)) continue;
          const r = await move('admin', id, to, extraFor(to));
          expect(r.statusCode, `${level} ${state} → ${to}`).toBe(409);
          expect(json<ErrorBody>(r)).toMatchObject({
            code: 'HAZARD_TRANSITION_INVALID',
            details: { from: state, to, allowed },
          });
        }
        // Each legal move out of this state, on a fresh hazard in it.
        for (const to of allowed) {
          const fresh = await hazardAt(level, state);
          const actor = actorFor(to, state);
          await moveOk(actor, fresh, to, extraFor(to));
          covered.add(`${level}:${state}>${to}`);
        }
      }
    }
    expect(covered).toEqual(legal);
  });

  it('checks who may make a move: permission and scope', async () => {
    const h = await newHazard('general');
    const noRight = await move('inspector', h.id, 'assigned', { responsiblePerson: '李红', deadline: inDays(3) });
    expect(noRight.statusCode).toBe(403);
    expect(json<ErrorBody>(noRight)).toMatchObject({
      code: 'HAZARD_TRANSITION_FORBIDDEN',
      details: { requires: 'hazard.rectify' },
    });
    const missing = await move('enterprise', h.id, 'assigned');
    expect(missing.statusCode).toBe(400);
    expect(json<ErrorBody>(missing)).toMatchObject({
      code: 'HAZARD_TRANSITION_INCOMPLETE',
      details: { missing: ['responsiblePerson', 'deadline'] },
    });
    const otherCounty = await move('yuxian', h.id, 'assigned', { responsiblePerson: '李红', deadline: inDays(3) });
    expect(otherCounty.statusCode).toBe(404);
    expect(json<ErrorBody>(otherCounty).code).toBe('HAZARD_NOT_FOUND');
    expect((await move('jindong', h.id, 'assigned', { responsiblePerson: 'x', deadline: inDays(3) })).statusCode).toBe(
      404,
    );
    expect((await move('ruifeng', h.id, 'assigned', { responsiblePerson: 'x', deadline: inDays(3) })).statusCode).toBe(
      404,
    );

    const major = await hazardAt('major', 'plan_submitted');
    const ent = await move('enterprise', major, 'plan_approved');
    expect(ent.statusCode).toBe(403);
    expect(json<ErrorBody>(ent)).toMatchObject({ details: { requires: 'hazard.supervise' } });
    expect((await move('yuxian', major, 'plan_approved')).statusCode).toBe(404);
    // The city supervises every county.
    const cityApproves = await move('commander', major, 'plan_approved');
    expect(cityApproves.statusCode, cityApproves.body).toBe(200);
  });

  it('approves a major-hazard plan only with all five elements (五落实)', async () => {
    const h = await newHazard('major', 'inspector');
    await moveOk('enterprise', h.id, 'assigned', { responsiblePerson: '王建国', deadline: inDays(30) });
    const needsPlan = await move('enterprise', h.id, 'plan_submitted');
    expect(json<ErrorBody>(needsPlan)).toMatchObject({
      code: 'HAZARD_TRANSITION_INCOMPLETE',
      details: { missing: ['plan'] },
    });
    await moveOk('enterprise', h.id, 'plan_submitted', {
      plan: { objective: FULL_PLAN.objective, measures: FULL_PLAN.measures, funding: FULL_PLAN.funding },
    });
    const refused = await move('pingding', h.id, 'plan_approved');
    expect(refused.statusCode).toBe(409);
    expect(json<ErrorBody>(refused)).toMatchObject({
      code: 'HAZARD_PLAN_INCOMPLETE',
      details: {
        missing: ['organisation', 'timeline', 'safetyAndContingency'],
        missingNames: ['机构人员', '时限要求', '安全措施和应急预案'],
      },
    });
    expect(json<ErrorBody>(refused).message).toContain('五落实');
    const back = await moveOk('pingding', h.id, 'assigned', { note: '方案要素不全，退回' });
    expect(back.plan).toMatchObject({ objective: FULL_PLAN.objective });
    await moveOk('enterprise', h.id, 'plan_submitted', { plan: FULL_PLAN });
    const approved = await moveOk('pingding', h.id, 'plan_approved', { note: '同意，挂牌督办' });
    expect(approved.plan).toEqual(FULL_PLAN);
    expect(approved.supervised).toBe(true);
  });

  it('lets only one of two simultaneous verifications through', async () => {
    const id = await hazardAt('general', 'pending_verification');
    const [a, b] = await Promise.all([move('inspector', id, 'closed'), move('pingding', id, 'rejected')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const h = json<HazardDetail>(await get('pingding', `/api/v1/hazards/${id}`));
    expect(h.transitions.filter((m) => m.from === 'pending_verification')).toHaveLength(1);
  });

  it('scopes hazard lists: an enterprise sees its own, a county all of its enterprises', async () => {
    const mine = json<List<{ orgId: string }>>(await get('enterprise', '/api/v1/hazards?pageSize=200'));
    expect(mine.total).toBeGreaterThan(0);
    expect(new Set(mine.items.map((h) => h.orgId))).toEqual(new Set([orgOf.enterprise]));
    const rf = json<List<{ orgId: string }>>(await get('ruifeng', '/api/v1/hazards?pageSize=200'));
    expect(new Set(rf.items.map((h) => h.orgId))).toEqual(new Set([orgOf.ruifeng]));
    const pd = json<List<{ orgName: string; divisionCode: string }>>(
      await get('pingding', '/api/v1/hazards?pageSize=200'),
    );
    expect(pd.items.every((h) => h.divisionCode.startsWith('140321'))).toBe(true);
    expect(new Set(pd.items.map((h) => h.orgName))).toEqual(
      new Set(['阳泉华鑫煤化工有限公司', '平定县瑞丰耐火材料有限公司', '阳泉鑫盛液化气储配有限公司']),
    );
    const filtered = json<List<{ orgId: string }>>(
      await get('pingding', `/api/v1/hazards?orgId=${orgOf.ruifeng}&pageSize=200`),
    );
    expect(filtered.total).toBe(rf.total);
    const yx = json<List<{ divisionCode: string }>>(await get('yuxian', '/api/v1/hazards?pageSize=200'));
    expect(yx.items.every((h) => h.divisionCode.startsWith('140322'))).toBe(true);
    const city = json<List<unknown>>(await get('commander', '/api/v1/hazards?pageSize=1'));
    expect(city.total).toBe(pd.total + yx.total);
    const foreign = await req('POST', 'enterprise', '/api/v1/hazards', {
      orgId: orgOf.jindong,
      source: 'self_inspection',
      level: 'general',
      category: 'fire',
      title: '别家隐患',
      description: 'x',
    });
    expect(json<ErrorBody>(foreign).code).toBe('RISK_OWN_ORG_ONLY');
  });

  it('has the demo in every state, with major hazards under supervision', async () => {
    const all = json<List<{ status: HazardState; level: string; supervised: boolean; title: string }>>(
      await get('commander', '/api/v1/hazards?pageSize=200'),
    );
    const demo = all.items.filter((h) => !h.title.includes('测试'));
    expect(new Set(demo.map((h) => h.status))).toEqual(new Set(HAZARD_STATES));
    expect(demo.filter((h) => h.level === 'major' && h.supervised).length).toBeGreaterThanOrEqual(2);
  });

  it('raises an overdue hazard once and puts it on the county supervision list', async () => {
    const h = await newHazard('general');
    await moveOk('enterprise', h.id, 'assigned', { responsiblePerson: '李红', deadline: inDays(10 / 1440) });
    const before = json<List<{ id: string }>>(
      await get('pingding', '/api/v1/hazards?overdue=true&divisionCode=140321&pageSize=200'),
    );
    expect(before.items.map((x) => x.id)).not.toContain(h.id);
    const events: string[] = [];
    const off = t.deps.bus.subscribe((e) => {
      if (e.type === 'hazard.overdue' && e.entityId === h.id) events.push(e.type);
    });
    // 20 minutes on: past the deadline, within the 30-minute session idle limit.
    t.clock.advance(20 * 60_000);
    try {
      const overdue = json<List<{ id: string; overdue: boolean; deadline: string }>>(
        await get('pingding', '/api/v1/hazards?overdue=true&divisionCode=140321&pageSize=200'),
      );
      expect(overdue.items.find((x) => x.id === h.id)).toMatchObject({ overdue: true });
      expect(overdue.items.every((x) => x.overdue)).toBe(true);
      const deadlines = overdue.items.map((x) => x.deadline);
      expect(deadlines).toEqual([...deadlines].sort());
      expect(await checkHazardOverdue(t.deps, h.id)).toBe(true);
      expect(await checkHazardOverdue(t.deps, h.id)).toBe(false);
      await new Promise((r) => setTimeout(r, 50));
      expect(events).toEqual(['hazard.overdue']);
      const notes = json<List<{ kind: string; entityId: string }>>(await get('enterprise', '/api/v1/notifications'));
      expect(notes.items.filter((n) => n.kind === 'hazard.overdue' && n.entityId === h.id)).toHaveLength(1);
      const sup = json<List<{ id: string; overdue: boolean; supervised: boolean; level: string; status: string }>>(
        await get('pingding', '/api/v1/hazards/supervision?pageSize=200'),
      );
      expect(sup.items.find((x) => x.id === h.id)).toMatchObject({ overdue: true, supervised: true });
      expect(sup.items.every((x) => x.overdue || (x.level === 'major' && x.status !== 'written_off'))).toBe(true);
      const firstRegular = sup.items.findIndex((x) => !x.overdue);
      expect(sup.items.slice(firstRegular === -1 ? sup.items.length : firstRegular).every((x) => !x.overdue)).toBe(
        true,
      );
      expect(
        (await get('yuxian', '/api/v1/hazards/supervision?pageSize=200')).json().items.map((x: { id: string }) => x.id),
      ).not.toContain(h.id);
    } finally {
      off();
    }
  });

  it('computes statistics: rates, mean time to close, repeat hazards', async () => {
    const s = json<HazardStatistics>(await get('pingding', '/api/v1/hazards/statistics?period=month'));
    expect(s.totals.found).toBeGreaterThan(0);
    expect(s.totals.rectificationRate).toBeCloseTo(s.totals.rectified / s.totals.found, 10);
    expect(s.byEnterprise.reduce((n, e) => n + e.found, 0)).toBe(s.totals.found);
    expect(s.byPeriod.reduce((n, e) => n + e.found, 0)).toBe(s.totals.found);
    expect(s.byLevel.reduce((n, e) => n + e.rectified, 0)).toBe(s.totals.rectified);
    expect(s.totals.meanDaysToClose).not.toBeNull();
    const repeat = s.repeats.find((r) => r.riskPointName === '焦炉炉顶作业');
    expect(repeat).toMatchObject({ category: 'fire', count: 2, orgName: '阳泉华鑫煤化工有限公司' });
    const list = json<List<{ id: string; category: string; riskPointName: string }>>(
      await get('pingding', '/api/v1/hazards?category=fire&pageSize=200'),
    );
    expect(
      repeat?.hazardIds.every((id) => list.items.some((h) => h.id === id && h.riskPointName === '焦炉炉顶作业')),
    ).toBe(true);
    const ent = json<HazardStatistics>(await get('enterprise', '/api/v1/hazards/statistics'));
    expect(ent.byEnterprise.map((e) => e.orgName)).toEqual(['阳泉华鑫煤化工有限公司']);
  });

  it('offers the year’s rectification rate as a platform statistic, agreeing with the hazard list', async () => {
    const all = json<List<{ status: string; reportedAt: string; divisionCode: string }>>(
      await get('admin', '/api/v1/hazards?pageSize=200'),
    );
    expect(all.total).toBeLessThanOrEqual(200);
    const year = new Date(t.clock.now.getTime() + 8 * 3600_000).getUTCFullYear();
    const inYear = (h: { reportedAt: string }) =>
      new Date(Date.parse(h.reportedAt) + 8 * 3600_000).getUTCFullYear() === year;
    for (const code of ['140300', '140321']) {
      const found = all.items.filter((h) => inYear(h) && h.divisionCode.startsWith(code === '140300' ? '1403' : code));
      const rectified = found.filter((h) => h.status === 'closed' || h.status === 'written_off');
      expect(found.length).toBeGreaterThan(0);
      expect(await hazardRectificationRate(t.deps.database.db, code, year)).toBeCloseTo(
        rectified.length / found.length,
        10,
      );
    }
    expect(await hazardRectificationRate(t.deps.database.db, '140303', year)).toBeNull(); // none reported in 矿区
  });

  // ---- attachments ----

  it('checks uploads by their content and size, and serves them only in scope', async () => {
    const exe = await upload('enterprise', EXE, 'image/jpeg', 'virus.jpg');
    expect(exe.statusCode).toBe(415);
    expect(json<ErrorBody>(exe)).toMatchObject({
      code: 'ATTACHMENT_TYPE_INVALID',
      details: { declared: 'image/jpeg', detected: null },
    });
    const mislabelled = await upload('enterprise', PNG, 'image/jpeg');
    expect(json<ErrorBody>(mislabelled)).toMatchObject({
      code: 'ATTACHMENT_TYPE_INVALID',
      details: { detected: 'image/png' },
    });
    expect(json<ErrorBody>(await upload('enterprise', JPEG, 'application/octet-stream')).code).toBe(
      'ATTACHMENT_TYPE_INVALID',
    );
    const big = await upload('enterprise', Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]), 'image/jpeg');
    expect(big.statusCode).toBe(413);
    expect(json<ErrorBody>(big)).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    expect(json<ErrorBody>(big).message).toContain('10 MB');
    const noRight = await upload('fire', JPEG, 'image/jpeg');
    expect(noRight.statusCode).toBe(403);

    const a = json<{ id: string }>(await upload('enterprise', JPEG, 'image/jpeg'));
    const own = await get('enterprise', `/api/v1/attachments/${a.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(own.rawPayload, JPEG)).toBe(0);
    expect((await get('pingding', `/api/v1/attachments/${a.id}`)).statusCode).toBe(404);
    expect(fs.existsSync(path.join(dataDir, 'attachments', a.id))).toBe(true);

    const h = await newHazard('general', 'enterprise', { attachments: [a.id] });
    const county = await get('pingding', `/api/v1/attachments/${a.id}`);
    expect(county.statusCode).toBe(200);
    expect(Buffer.compare(county.rawPayload, JPEG)).toBe(0);
    expect((await get('inspector', `/api/v1/attachments/${a.id}`)).statusCode).toBe(200);
    expect(json<ErrorBody>(await get('yuxian', `/api/v1/attachments/${a.id}`)).code).toBe('ATTACHMENT_NOT_FOUND');
    expect((await get('jindong', `/api/v1/attachments/${a.id}`)).statusCode).toBe(404);

    const reuse = await req('POST', 'enterprise', '/api/v1/hazards', {
      orgId: orgOf.enterprise,
      source: 'self_inspection',
      level: 'general',
      category: 'fire',
      title: '重复使用附件',
      description: 'x',
      attachments: [a.id],
    });
    expect(reuse.statusCode).toBe(400);
    expect(json<ErrorBody>(reuse)).toMatchObject({ code: 'ATTACHMENT_INVALID', details: { attachments: [a.id] } });
    const someoneElses = json<{ id: string }>(await upload('inspector', JPEG, 'image/jpeg'));
    const steal = await move('enterprise', h.id, 'assigned', {
      responsiblePerson: 'x',
      deadline: inDays(2),
      attachments: [someoneElses.id],
    });
    expect(json<ErrorBody>(steal).code).toBe('ATTACHMENT_INVALID');
    // The refused move left nothing behind.
    expect(json<HazardDetail>(await get('enterprise', `/api/v1/hazards/${h.id}`)).status).toBe('reported');
  });
});
