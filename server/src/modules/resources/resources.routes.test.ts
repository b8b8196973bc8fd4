import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';

interface Balance {
  warehouseId: string;
  itemCode: string;
  quantity: number;
}
interface List<T> {
  items: T[];
  total: number;
}

describe.each(ENGINES)('resources and the supplies ledger on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const wh: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { demoResources: false });
    for (const u of ['commander', 'pingding', 'yuxian', 'fire', 'duty']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  const post = (user: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(tokens[user] ?? ''), payload: payload as object });
  const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(tokens[user] ?? '') });
  const stockOf = async (warehouseId: string, itemCode: string) => {
    const s = json<List<Balance>>(
      await get('commander', `/api/v1/supplies/stock?warehouseId=${warehouseId}&itemCode=${itemCode}`),
    );
    return s.items.reduce((a, b) => a + b.quantity, 0);
  };

  it('registers warehouses at city and county level, and the catalogue', async () => {
    const city = await post('commander', '/api/v1/warehouses', {
      name: '阳泉市应急物资储备库',
      level: 'city',
      divisionCode: '140300',
      location: { lon: 113.58, lat: 37.86 },
      reserveMode: 'government',
      managerName: '孙库管',
    });
    expect(city.statusCode).toBe(201);
    wh.city = json<{ id: string }>(city).id;
    const pd = await post('pingding', '/api/v1/warehouses', {
      name: '平定县应急物资储备点',
      level: 'county',
      divisionCode: '140321',
      location: { lon: 113.63, lat: 37.79 },
      reserveMode: 'government',
    });
    expect(pd.statusCode).toBe(201);
    wh.pd = json<{ id: string }>(pd).id;
    const yx = await post('yuxian', '/api/v1/warehouses', {
      name: '盂县应急物资储备点',
      level: 'county',
      divisionCode: '140322',
      location: { lon: 113.41, lat: 38.09 },
      reserveMode: 'agreement',
    });
    wh.yx = json<{ id: string }>(yx).id;
    for (const item of [
      { code: 'TENT-12', name: '救灾帐篷（12㎡）', unit: '顶', category: '生活类' },
      { code: 'QUILT', name: '棉被', unit: '床', category: '生活类' },
      { code: 'PUMP', name: '潜水泵', unit: '台', category: '抢险类' },
    ]) {
      expect((await post('commander', '/api/v1/supplies/items', item)).statusCode).toBe(201);
    }
    const dup = await post('commander', '/api/v1/supplies/items', {
      code: 'TENT-12',
      name: 'x',
      unit: '顶',
      category: '生活类',
    });
    expect(dup.statusCode).toBe(409);
    const pdList = json<List<{ id: string }>>(await get('pingding', '/api/v1/warehouses'));
    expect(pdList.items.map((w) => w.id)).toEqual([wh.pd]);
  });

  it('receipt, issue to an incident, and an issue that cannot be met answers 409 insufficient_stock', async () => {
    const rec = await post('commander', '/api/v1/supplies/movements', {
      kind: 'receipt',
      itemCode: 'TENT-12',
      quantity: 100,
      toWarehouseId: wh.city,
    });
    expect(rec.statusCode).toBe(201);
    expect(json<{ balances: Balance[] }>(rec).balances).toEqual([
      expect.objectContaining({ warehouseId: wh.city, itemCode: 'TENT-12', quantity: 100 }),
    ]);
    const inc = json<{ id: string }>(
      await post('pingding', '/api/v1/incidents', {
        category: 'natural_disaster',
        type: 'flood',
        title: '平定县山洪',
        occurredAt: new Date().toISOString(),
        source: 'phone',
        divisionCode: '140321',
        location: { lon: 113.7, lat: 37.7 },
      }),
    );
    const issue = await post('commander', '/api/v1/supplies/movements', {
      kind: 'issue',
      itemCode: 'TENT-12',
      quantity: 30,
      fromWarehouseId: wh.city,
      incidentId: inc.id,
    });
    expect(issue.statusCode).toBe(201);
    expect(await stockOf(wh.city!, 'TENT-12')).toBe(70);
    const tooMuch = await post('commander', '/api/v1/supplies/movements', {
      kind: 'issue',
      itemCode: 'TENT-12',
      quantity: 71,
      fromWarehouseId: wh.city,
      incidentId: inc.id,
    });
    expect(tooMuch.statusCode).toBe(409);
    expect(json(tooMuch)).toMatchObject({ code: 'insufficient_stock', details: { available: 70, requested: 71 } });
    expect(await stockOf(wh.city!, 'TENT-12')).toBe(70);
    const noRecipient = await post('commander', '/api/v1/supplies/movements', {
      kind: 'issue',
      itemCode: 'TENT-12',
      quantity: 1,
      fromWarehouseId: wh.city,
    });
    expect(noRecipient.statusCode).toBe(400);
    expect(json(noRecipient)).toMatchObject({
      code: 'MOVEMENT_INVALID',
      details: { problems: ['recipient_required'] },
    });
  });

  it('a transfer is in transit until received: out of the source at once, into the destination on receipt', async () => {
    const tr = await post('commander', '/api/v1/supplies/movements', {
      kind: 'transfer',
      itemCode: 'TENT-12',
      quantity: 20,
      fromWarehouseId: wh.city,
      toWarehouseId: wh.pd,
    });
    expect(tr.statusCode).toBe(201);
    const m = json<{ movement: { id: string; status: string } }>(tr).movement;
    expect(m.status).toBe('in_transit');
    expect(await stockOf(wh.city!, 'TENT-12')).toBe(50);
    expect(await stockOf(wh.pd!, 'TENT-12')).toBe(0);
    // 盂县 cannot receive 平定县's transfer
    expect(json(await post('yuxian', `/api/v1/supplies/movements/${m.id}/receive`, {})).code).toBe(
      'WAREHOUSE_NOT_FOUND',
    );
    const waiting = json<List<{ id: string }>>(await get('pingding', '/api/v1/supplies/movements?status=in_transit'));
    expect(waiting.items.map((x) => x.id)).toEqual([m.id]);
    expect(json<List<unknown>>(await get('yuxian', '/api/v1/supplies/movements?status=in_transit')).total).toBe(0);
    const rcv = await post('pingding', `/api/v1/supplies/movements/${m.id}/receive`, {});
    expect(rcv.statusCode).toBe(200);
    expect(await stockOf(wh.pd!, 'TENT-12')).toBe(20);
    expect(json(await post('pingding', `/api/v1/supplies/movements/${m.id}/receive`, {})).code).toBe(
      'MOVEMENT_NOT_FOUND',
    );
  });

  it('stock-take adjustments need a reason; a county cannot move another county’s stock', async () => {
    const noReason = await post('pingding', '/api/v1/supplies/movements', {
      kind: 'adjustment',
      itemCode: 'TENT-12',
      quantity: 1,
      fromWarehouseId: wh.pd,
    });
    expect(json(noReason).code).toBe('MOVEMENT_INVALID');
    const adj = await post('pingding', '/api/v1/supplies/movements', {
      kind: 'adjustment',
      itemCode: 'TENT-12',
      quantity: 2,
      fromWarehouseId: wh.pd,
      reason: '盘点发现破损2顶',
    });
    expect(adj.statusCode).toBe(201);
    expect(await stockOf(wh.pd!, 'TENT-12')).toBe(18);
    const foreign = await post('yuxian', '/api/v1/supplies/movements', {
      kind: 'write_off',
      itemCode: 'TENT-12',
      quantity: 1,
      fromWarehouseId: wh.pd,
      reason: 'x',
    });
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).code).toBe('WAREHOUSE_NOT_FOUND');
    expect(
      (
        await post('fire', '/api/v1/supplies/movements', {
          kind: 'receipt',
          itemCode: 'TENT-12',
          quantity: 1,
          toWarehouseId: wh.city,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('expiring batches are listed first', async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    await post('commander', '/api/v1/supplies/items', {
      code: 'WATER',
      name: '瓶装水',
      unit: '箱',
      category: '生活类',
    });
    await post('commander', '/api/v1/supplies/movements', {
      kind: 'receipt',
      itemCode: 'WATER',
      quantity: 10,
      toWarehouseId: wh.city,
      batch: 'B2',
      expiresOn: later,
    });
    await post('commander', '/api/v1/supplies/movements', {
      kind: 'receipt',
      itemCode: 'WATER',
      quantity: 5,
      toWarehouseId: wh.city,
      batch: 'B1',
      expiresOn: soon,
    });
    const exp = json<List<{ batch: string; expiresOn: string }>>(
      await get('commander', '/api/v1/supplies/stock?itemCode=WATER&expiringWithinDays=30'),
    );
    expect(exp.items.map((b) => b.batch)).toEqual(['B1']);
  });

  it('stock never goes negative under concurrency: 60 concurrent issues of 1 against a balance of 25', async () => {
    await post('commander', '/api/v1/supplies/movements', {
      kind: 'receipt',
      itemCode: 'PUMP',
      quantity: 25,
      toWarehouseId: wh.city,
    });
    const orgs = json<List<{ id: string }>>(await get('commander', '/api/v1/organizations?q=市水利局'));
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        post('commander', '/api/v1/supplies/movements', {
          kind: 'issue',
          itemCode: 'PUMP',
          quantity: 1,
          fromWarehouseId: wh.city,
          toOrgId: orgs.items[0]?.id,
        }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 201).length;
    const refused = results.filter((r) => r.statusCode === 409);
    expect(ok).toBe(25);
    expect(refused).toHaveLength(35);
    expect(refused.every((r) => json(r).code === 'insufficient_stock')).toBe(true);
    expect(await stockOf(wh.city!, 'PUMP')).toBe(0);
    // the ledger agrees with the balance: receipts − issues
    const rows = await t.deps.database.withConnection((q) =>
      q(
        `SELECT kind, sum(quantity)::float8 AS q FROM supply_movement WHERE item_code = 'PUMP' GROUP BY kind ORDER BY kind`,
      ),
    );
    expect(rows).toEqual([
      { kind: 'issue', q: 25 },
      { kind: 'receipt', q: 25 },
    ]);
  });

  it('teams: register, filter by capability, scope', async () => {
    const res = await post('commander', '/api/v1/teams', {
      name: '阳泉市危化品救援队',
      kind: 'professional',
      capabilities: ['hazchem', 'fire'],
      headcount: 40,
      divisionCode: '140300',
      location: { lon: 113.57, lat: 37.85 },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ status: 'available', capabilities: ['hazchem', 'fire'] });
    await post('pingding', '/api/v1/teams', {
      name: '平定县矿山救护队',
      kind: 'enterprise',
      capabilities: ['mine'],
      headcount: 20,
      divisionCode: '140321',
      location: { lon: 113.63, lat: 37.79 },
    });
    const hz = json<List<{ name: string }>>(await get('duty', '/api/v1/teams?capability=hazchem'));
    expect(hz.items.map((x) => x.name)).toEqual(['阳泉市危化品救援队']);
    const pd = json<List<{ name: string }>>(await get('pingding', '/api/v1/teams'));
    expect(pd.items.map((x) => x.name)).toEqual(['平定县矿山救护队']);
    const bad = await post('commander', '/api/v1/teams', {
      name: 'x',
      kind: 'army',
      capabilities: ['flying'],
      headcount: -1,
      divisionCode: '140300',
      location: { lon: 200, lat: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      json<{ details: { path: string }[] }>(bad)
        .details.map((d) => d.path)
        .sort(),
    ).toEqual(['body.capabilities.0', 'body.headcount', 'body.kind', 'body.location.lon']);
  });

  it('allocation request: a county asks, the city approves part from its warehouse in one transaction, the county confirms', async () => {
    await post('commander', '/api/v1/supplies/movements', {
      kind: 'receipt',
      itemCode: 'QUILT',
      quantity: 300,
      toWarehouseId: wh.city,
    });
    const req = await post('pingding', '/api/v1/supplies/requests', {
      toWarehouseId: wh.pd,
      lines: [
        { itemCode: 'QUILT', quantity: 200 },
        { itemCode: 'TENT-12', quantity: 80 },
      ],
      reason: '山洪转移安置',
    });
    expect(req.statusCode).toBe(201);
    const id = json<{ id: string; status: string }>(req).id;
    // the county cannot approve its own request
    const self = await post('pingding', `/api/v1/supplies/requests/${id}/approve`, {
      lines: [{ itemCode: 'QUILT', quantity: 1, fromWarehouseId: wh.pd }],
    });
    expect(self.statusCode).toBe(403);
    // asking more tents than the city has: nothing is sent, the request stays pending
    const tentsBefore = await stockOf(wh.city!, 'TENT-12');
    const quiltsBefore = await stockOf(wh.city!, 'QUILT');
    const tooMuch = await post('commander', `/api/v1/supplies/requests/${id}/approve`, {
      lines: [
        { itemCode: 'QUILT', quantity: 200, fromWarehouseId: wh.city },
        { itemCode: 'TENT-12', quantity: 80, fromWarehouseId: wh.city },
      ],
    });
    expect(tentsBefore).toBeLessThan(80);
    expect(tooMuch.statusCode).toBe(409);
    expect(json(tooMuch).code).toBe('insufficient_stock');
    expect(await stockOf(wh.city!, 'QUILT')).toBe(quiltsBefore);
    // approve part
    const part = await post('commander', `/api/v1/supplies/requests/${id}/approve`, {
      lines: [
        { itemCode: 'QUILT', quantity: 200, fromWarehouseId: wh.city },
        { itemCode: 'TENT-12', quantity: tentsBefore, fromWarehouseId: wh.city },
      ],
      note: '帐篷库存不足，先调拨现有库存',
    });
    expect(part.statusCode).toBe(200);
    expect(json(part).status).toBe('partially_approved');
    expect(await stockOf(wh.city!, 'QUILT')).toBe(quiltsBefore - 200);
    const pdQuilts = await stockOf(wh.pd!, 'QUILT');
    const conf = await post('pingding', `/api/v1/supplies/requests/${id}/confirm`, {});
    expect(conf.statusCode).toBe(200);
    expect(json(conf).status).toBe('received');
    expect(await stockOf(wh.pd!, 'QUILT')).toBe(pdQuilts + 200);
    expect(
      (
        await post('commander', `/api/v1/supplies/requests/${id}/approve`, {
          lines: [{ itemCode: 'QUILT', quantity: 1, fromWarehouseId: wh.city }],
        })
      ).statusCode,
    ).toBe(409);
  });

  it('nearest by road: available teams by travel time, capability filter, stocked warehouses only', async () => {
    const near = await get('duty', '/api/v1/resources/nearest?lon=113.62&lat=37.80&kind=team&limit=5');
    expect(near.statusCode).toBe(200);
    const body = json<{ routed: boolean; items: { name: string; travelSeconds: number; distanceMeters: number }[] }>(
      near,
    );
    expect(body.routed).toBe(true);
    expect(body.items.map((i) => i.name)).toEqual(['平定县矿山救护队', '阳泉市危化品救援队']);
    expect(body.items[0]!.travelSeconds).toBeLessThan(body.items[1]!.travelSeconds);
    expect(body.items[0]!.distanceMeters).toBeGreaterThan(500);
    const hz = json<{ items: { name: string }[] }>(
      await get('duty', '/api/v1/resources/nearest?lon=113.62&lat=37.80&kind=team&capability=hazchem'),
    );
    expect(hz.items.map((i) => i.name)).toEqual(['阳泉市危化品救援队']);
    // a deployed team is not offered
    const teams = json<List<{ id: string; name: string }>>(await get('commander', '/api/v1/teams?q=平定县矿山'));
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${teams.items[0]!.id}`,
      headers: auth(tokens.pingding ?? ''),
      payload: { status: 'deployed' },
    });
    const after = json<{ items: { name: string }[] }>(
      await get('duty', '/api/v1/resources/nearest?lon=113.62&lat=37.80&kind=team'),
    );
    expect(after.items.map((i) => i.name)).toEqual(['阳泉市危化品救援队']);
    // warehouses holding at least the asked quantity
    const q = json<{ items: { name: string; quantity: number }[] }>(
      await get('duty', '/api/v1/resources/nearest?lon=113.62&lat=37.80&kind=supply&itemCode=QUILT&minQuantity=150'),
    );
    expect(q.items.length).toBeGreaterThan(0);
    expect(q.items.every((i) => i.quantity >= 150)).toBe(true);
    const noItem = await get('duty', '/api/v1/resources/nearest?lon=113.62&lat=37.80&kind=supply');
    expect(noItem.statusCode).toBe(400);
    const off = await get('duty', '/api/v1/resources/nearest?lon=100&lat=30&kind=team');
    expect(off.statusCode).toBe(400);
    expect(json(off).code).toBe('LOCATION_OFF_NETWORK');
  });

  it('coverage: the share of the district reachable in 5 minutes grows with a second fire station', async () => {
    const cov = (u: string) => get(u, '/api/v1/resources/coverage?kind=fire_station&minutes=5&divisionCode=140302');
    const none = json<{ share: number; bases: number; sampledPoints: number }>(await cov('duty'));
    expect(none.bases).toBe(0);
    expect(none.share).toBe(0);
    expect(none.sampledPoints).toBeGreaterThan(5);
    const station = (name: string, lon: number, lat: number) =>
      post('commander', '/api/v1/teams', {
        name,
        kind: 'fire_rescue',
        capabilities: ['fire'],
        headcount: 30,
        divisionCode: '140302',
        location: { lon, lat },
      });
    expect((await station('城区消防站', 113.625, 37.845)).statusCode).toBe(201);
    const one = json<{ share: number; isochrone: { features: unknown[] } }>(await cov('duty'));
    expect(one.share).toBeGreaterThan(0);
    expect(one.isochrone.features).toHaveLength(1);
    await station('城区北消防站', 113.575, 37.885);
    const two = json<{ share: number }>(await cov('duty'));
    expect(two.share).toBeGreaterThan(one.share);
    expect(two.share).toBeLessThanOrEqual(1);
    expect(json(await get('pingding', '/api/v1/resources/coverage?divisionCode=140302')).code).toBe('OUT_OF_SCOPE');
  });
});
