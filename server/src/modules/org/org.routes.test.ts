import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';

interface Org {
  id: string;
  name: string;
  divisionCode: string;
  kind: string;
}
interface List<T> {
  items: T[];
  total: number;
}

describe.each(ENGINES)('organisations, users and scope on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const auditCount = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?pageSize=1',
      headers: auth(tokens.admin ?? ''),
    });
    return json<List<unknown>>(res).total;
  };

  beforeAll(async () => {
    t = await buildTestApp(engine);
    for (const u of ['admin', 'duty', 'fire', 'pingding', 'yuxian']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(tokens[user] ?? '') });
  const post = (user: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(tokens[user] ?? ''), payload: payload as object });

  it('the demo city has its five districts and the member departments the plan names', async () => {
    const res = await get('duty', '/api/v1/divisions?parent=140300');
    const d = json<List<{ code: string; name: string; level: string; centroid: { lon: number } | null }>>(res);
    expect(d.items.map((x) => `${x.code}${x.name}`)).toEqual([
      '140302城区',
      '140303矿区',
      '140311郊区',
      '140321平定县',
      '140322盂县',
    ]);
    expect(d.items.every((x) => x.level === 'county' && x.centroid !== null)).toBe(true);
    const orgs = json<List<Org>>(await get('duty', '/api/v1/organizations?pageSize=200&divisionCode=140300'));
    const names = orgs.items.map((o) => o.name);
    for (const n of [
      '市应急局',
      '市消防救援支队',
      '市住建局',
      '市交通运输局',
      '市水利局',
      '市规划和自然资源局',
      '市卫健委',
      '市气象局',
      '市能源局',
    ]) {
      expect(names).toContain(n);
    }
  });

  it('a county user sees only its own county in lists; a city user sees all five', async () => {
    const pd = json<List<Org>>(await get('pingding', '/api/v1/organizations?pageSize=200'));
    expect(pd.total).toBeGreaterThan(0);
    expect(pd.items.every((o) => o.divisionCode.startsWith('140321'))).toBe(true);
    const city = json<List<Org>>(await get('duty', '/api/v1/organizations?pageSize=200'));
    const counties = new Set(city.items.map((o) => o.divisionCode).filter((c) => c !== '140300'));
    expect([...counties].sort()).toEqual(['140302', '140303', '140311', '140321', '140322']);
    expect(city.total).toBe(city.items.length);
  });

  it("a county user gets 404 (not 403) for another county's record", async () => {
    const yx = json<List<Org>>(await get('yuxian', '/api/v1/organizations?q=盂县应急局'));
    const target = yx.items[0];
    expect(target?.name).toBe('盂县应急局');
    const res = await get('pingding', `/api/v1/organizations/${target?.id}`);
    expect(res.statusCode).toBe(404);
    expect(json(res).code).toBe('ORGANIZATION_NOT_FOUND');
    // and cannot change it either
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${target?.id}`,
      headers: auth(tokens.pingding ?? ''),
      payload: { name: '改名' },
    });
    expect(patch.statusCode).toBe(404);
    expect((await get('yuxian', `/api/v1/organizations/${target?.id}`)).statusCode).toBe(200);
  });

  it('a department user cannot create organisations (403)', async () => {
    const res = await post('fire', '/api/v1/organizations', {
      name: '新单位',
      kind: 'department',
      divisionCode: '140300',
    });
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('FORBIDDEN');
  });

  it('a county user creates within its county but not in another', async () => {
    const ok = await post('pingding', '/api/v1/organizations', {
      name: '平定县某化工企业',
      kind: 'enterprise',
      divisionCode: '140321',
      highRisk: true,
    });
    expect(ok.statusCode).toBe(201);
    expect(json<Org>(ok)).toMatchObject({
      name: '平定县某化工企业',
      divisionCode: '140321',
      kind: 'enterprise',
      highRisk: true,
    });
    const no = await post('pingding', '/api/v1/organizations', {
      name: '越界企业',
      kind: 'enterprise',
      divisionCode: '140322',
    });
    expect(no.statusCode).toBe(403);
    expect(json(no).code).toBe('OUT_OF_SCOPE');
    const dup = await post('pingding', '/api/v1/organizations', {
      name: '平定县某化工企业',
      kind: 'enterprise',
      divisionCode: '140321',
    });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).code).toBe('ORGANIZATION_NAME_TAKEN');
  });

  it('every write produces exactly one audit row with before and after', async () => {
    const n0 = await auditCount();
    const created = await post('admin', '/api/v1/organizations', {
      name: '市应急物资储备中心',
      kind: 'institution',
      divisionCode: '140300',
    });
    expect(created.statusCode).toBe(201);
    const org = json<Org>(created);
    expect(await auditCount()).toBe(n0 + 1);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}`,
      headers: auth(tokens.admin ?? ''),
      payload: { name: '市应急物资储备库' },
    });
    expect(patched.statusCode).toBe(200);
    expect(await auditCount()).toBe(n0 + 2);
    const trail = json<
      List<{ action: string; before: { name: string } | null; after: { name: string }; actorName: string }>
    >(await get('admin', `/api/v1/audit?entity=organization&id=${org.id}`));
    expect(trail.items.map((i) => i.action)).toEqual(['organization.update', 'organization.create']);
    expect(trail.items[0]?.before?.name).toBe('市应急物资储备中心');
    expect(trail.items[0]?.after.name).toBe('市应急物资储备库');
    expect(trail.items[0]?.actorName).toBe('admin');
    // a refused write leaves no audit row
    await post('fire', '/api/v1/organizations', { name: 'x', kind: 'department', divisionCode: '140300' });
    expect(await auditCount()).toBe(n0 + 2);

    const user = await post('admin', '/api/v1/users', {
      username: 'liaison.water',
      password: 'Water-Bureau-2026',
      displayName: '水利局联络员',
      orgId: org.id,
      roles: ['department'],
    });
    expect(user.statusCode).toBe(201);
    expect(JSON.stringify(json(user))).not.toMatch(/hash|argon/i);
    expect(await auditCount()).toBe(n0 + 3);
  });

  it('users: password policy, unique username, scope of the list', async () => {
    const orgs = json<List<Org>>(await get('admin', '/api/v1/organizations?q=市水利局'));
    const orgId = orgs.items[0]?.id;
    const weak = await post('admin', '/api/v1/users', {
      username: 'weakling',
      password: 'short1A',
      displayName: 'x',
      orgId,
      roles: ['viewer'],
    });
    expect(weak.statusCode).toBe(400);
    expect(json(weak).code).toBe('PASSWORD_TOO_WEAK');
    const taken = await post('admin', '/api/v1/users', {
      username: 'DUTY',
      password: 'Another-Pass-2026',
      displayName: 'x',
      orgId,
      roles: ['viewer'],
    });
    expect(taken.statusCode).toBe(409);
    expect(json(taken).code).toBe('USERNAME_TAKEN');
    const pdUsers = json<List<{ username: string; divisionCode: string }>>(await get('pingding', '/api/v1/users'));
    // a county sees the users of its own county's organisations, and nobody else's
    const pdNames = pdUsers.items.map((u) => u.username);
    expect(pdNames).toEqual(expect.arrayContaining(['enterprise', 'inspector', 'pingding']));
    expect(pdNames).not.toContain('yuxian');
    expect(pdNames).not.toContain('duty');
    expect(pdUsers.items.every((u) => u.divisionCode.startsWith('140321'))).toBe(true);
    const fireUsers = await get('fire', '/api/v1/users');
    expect(fireUsers.statusCode).toBe(403);
  });

  describe('bad input gets a clear 4xx and loses nothing', () => {
    it('malformed JSON → 400 INVALID_JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...auth(tokens.admin ?? ''), 'content-type': 'application/json' },
        payload: '{"name": "未闭合',
      });
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ code: 'INVALID_JSON', message: '请求体不是合法的 JSON。' });
    });

    it('wrong types, missing fields and unknown enum values name the field', async () => {
      const res = await post('admin', '/api/v1/organizations', { name: 42, kind: 'spaceship' });
      expect(res.statusCode).toBe(400);
      const body = json<{ code: string; details: { path: string; message: string }[] }>(res);
      expect(body.code).toBe('VALIDATION_FAILED');
      const paths = body.details.map((d) => d.path).sort();
      expect(paths).toEqual(['body.divisionCode', 'body.kind', 'body.name']);
      const kind = body.details.find((d) => d.path === 'body.kind');
      expect(kind?.message).toMatch(/取值无效.*government/);
      const en = await t.app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...auth(tokens.admin ?? ''), 'accept-language': 'en' },
        payload: { name: '单位', kind: 'department', divisionCode: '999' },
      });
      expect(json<{ message: string; details: { path: string; message: string }[] }>(en)).toMatchObject({
        message: 'The request is not valid; check the fields listed in details.',
        details: [{ path: 'body.divisionCode', message: 'divisionCode must be a GB/T 2260 code of 6 or 9 digits' }],
      });
    });

    it('an unknown division code is refused', async () => {
      const res = await post('admin', '/api/v1/organizations', {
        name: '不存在区划的单位',
        kind: 'department',
        divisionCode: '149999',
      });
      expect(res.statusCode).toBe(400);
      expect(json(res).code).toBe('DIVISION_UNKNOWN');
    });

    it('a 10 MB body → 413', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...auth(tokens.admin ?? ''), 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024), kind: 'department', divisionCode: '140300' }),
      });
      expect(res.statusCode).toBe(413);
      expect(json(res).code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('SQL-looking strings and <script> are stored and returned as inert text', async () => {
      const evil = "市'); DROP TABLE organization; -- <script>alert(1)</script>";
      const res = await post('admin', '/api/v1/organizations', {
        name: evil,
        kind: 'department',
        divisionCode: '140300',
      });
      expect(res.statusCode).toBe(201);
      const org = json<Org>(res);
      expect(org.name).toBe(evil);
      const back = json<Org>(await get('admin', `/api/v1/organizations/${org.id}`));
      expect(back.name).toBe(evil);
      const search = json<List<Org>>(await get('admin', `/api/v1/organizations?q=${encodeURIComponent("'); DROP")}`));
      expect(search.items.map((o) => o.id)).toContain(org.id);
      // the table is still there and % in a search is literal
      const pct = json<List<Org>>(await get('admin', `/api/v1/organizations?q=${encodeURIComponent('%')}`));
      expect(pct.total).toBe(0);
    });

    it('unknown routes answer 404 JSON, and unknown fields in a patch are refused', async () => {
      const res = await get('admin', '/api/v1/no-such-thing');
      expect(res.statusCode).toBe(404);
      expect(json(res).code).toBe('NOT_FOUND');
      const orgs = json<List<Org>>(await get('admin', '/api/v1/organizations?pageSize=1'));
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${orgs.items[0]?.id}`,
        headers: auth(tokens.admin ?? ''),
        payload: { id: '00000000-0000-0000-0000-000000000000' },
      });
      expect(patch.statusCode).toBe(400);
      expect(json(patch).code).toBe('VALIDATION_FAILED');
    });

    it('pagination is bounded: pageSize over 200 is refused', async () => {
      const res = await get('admin', '/api/v1/organizations?pageSize=500');
      expect(res.statusCode).toBe(400);
      const page2 = json<List<Org>>(await get('admin', '/api/v1/organizations?pageSize=10&page=2'));
      const page1 = json<List<Org>>(await get('admin', '/api/v1/organizations?pageSize=10&page=1'));
      expect(page2.items).toHaveLength(10);
      expect(page2.items[0]?.id).not.toBe(page1.items[0]?.id);
      expect(page2.total).toBe(page1.total);
    });
  });
});
