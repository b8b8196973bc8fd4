import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';

interface List<T> {
  items: T[];
  total: number;
}
interface SupplyRequest {
  id: string;
  status: string;
  decisionNote: string | null;
  decidedAt: string | null;
  approvedLines: unknown[];
}

describe.each(ENGINES)('rejecting an allocation request (调拨申请驳回) on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const wh: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { demoResources: false });
    for (const u of ['commander', 'pingding', 'yuxian']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  const post = (user: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(tokens[user] ?? ''), payload: payload as object });
  const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(tokens[user] ?? '') });
  const stockOf = async (warehouseId: string) => {
    const s = json<List<{ quantity: number }>>(
      await get('commander', `/api/v1/supplies/stock?warehouseId=${warehouseId}&itemCode=TENT-12`),
    );
    return s.items.reduce((a, b) => a + b.quantity, 0);
  };
  const request = async (quantity: number) => {
    const res = await post('pingding', '/api/v1/supplies/requests', {
      toWarehouseId: wh.pd,
      lines: [{ itemCode: 'TENT-12', quantity }],
      reason: '山洪转移安置',
    });
    expect(res.statusCode).toBe(201);
    return json<SupplyRequest>(res).id;
  };

  it('sets up a city warehouse with stock and a county warehouse', async () => {
    const city = await post('commander', '/api/v1/warehouses', {
      name: '阳泉市应急物资储备库',
      level: 'city',
      divisionCode: '140300',
      location: { lon: 113.58, lat: 37.86 },
      reserveMode: 'government',
    });
    wh.city = json<{ id: string }>(city).id;
    const pd = await post('pingding', '/api/v1/warehouses', {
      name: '平定县应急物资储备点',
      level: 'county',
      divisionCode: '140321',
      location: { lon: 113.63, lat: 37.79 },
      reserveMode: 'government',
    });
    wh.pd = json<{ id: string }>(pd).id;
    expect(
      (
        await post('commander', '/api/v1/supplies/items', {
          code: 'TENT-12',
          name: '帐篷',
          unit: '顶',
          category: '生活类',
        })
      ).statusCode,
    ).toBe(201);
    const rec = await post('commander', '/api/v1/supplies/movements', {
      kind: 'receipt',
      itemCode: 'TENT-12',
      quantity: 100,
      toWarehouseId: wh.city,
    });
    expect(rec.statusCode).toBe(201);
  });

  it('the requesting county cannot reject its own request; a reason is required; another county does not see it', async () => {
    const id = await request(40);
    const self = await post('pingding', `/api/v1/supplies/requests/${id}/reject`, { note: '不需要了' });
    expect(self.statusCode).toBe(403);
    expect(json(self).code).toBe('SUPPLY_REQUEST_SELF_REJECTION');
    for (const body of [{}, { note: '   ' }, { note: 'x'.repeat(501) }]) {
      const bad = await post('commander', `/api/v1/supplies/requests/${id}/reject`, body);
      expect(bad.statusCode).toBe(400);
      expect(json<{ code: string; details: { path: string }[] }>(bad)).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: 'body.note' })],
      });
    }
    const foreign = await post('yuxian', `/api/v1/supplies/requests/${id}/reject`, { note: '不予调拨' });
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).code).toBe('SUPPLY_REQUEST_NOT_FOUND');
    const still = json<List<SupplyRequest>>(await get('pingding', '/api/v1/supplies/requests'));
    expect(still.items.find((r) => r.id === id)?.status).toBe('pending');
  });

  it('the city rejects with a reason: status rejected, stock untouched, audited, the requester notified', async () => {
    const id = await request(30);
    const cityBefore = await stockOf(wh.city!);
    const pdBefore = await stockOf(wh.pd!);
    const res = await post('commander', `/api/v1/supplies/requests/${id}/reject`, {
      note: '  市级库存需保障主城区，请向相邻县区协调  ',
    });
    expect(res.statusCode).toBe(200);
    const body = json<SupplyRequest>(res);
    expect(body).toMatchObject({
      id,
      status: 'rejected',
      decisionNote: '市级库存需保障主城区，请向相邻县区协调',
      approvedLines: [],
    });
    expect(body.decidedAt).not.toBeNull();
    // nothing moved
    expect(await stockOf(wh.city!)).toBe(cityBefore);
    expect(await stockOf(wh.pd!)).toBe(pdBefore);
    const moved = await t.deps.database.withConnection((q) =>
      q('SELECT count(*)::int AS n FROM supply_movement WHERE request_id = $1', [id]),
    );
    expect(moved).toEqual([{ n: 0 }]);
    // the requester sees the reason in the list
    const list = json<List<SupplyRequest>>(await get('pingding', '/api/v1/supplies/requests?status=rejected'));
    expect(list.items.map((r) => [r.id, r.decisionNote])).toEqual([[id, '市级库存需保障主城区，请向相邻县区协调']]);
    // audited with before and after
    const audit = await t.deps.database.withConnection((q) =>
      q(
        `SELECT action, before->>'status' AS "from", after->>'status' AS "to", after->>'decisionNote' AS note
           FROM audit_log WHERE entity = 'supply_request' AND entity_id = $1 ORDER BY seq`,
        [id],
      ),
    );
    expect(audit).toEqual([
      { action: 'supply_request.create', from: null, to: 'pending', note: null },
      {
        action: 'supply_request.reject',
        from: 'pending',
        to: 'rejected',
        note: '市级库存需保障主城区，请向相邻县区协调',
      },
    ]);
    // the requesting county's users are told, others are not
    const mine = json<List<{ kind: string; entityId: string; body: string }>>(
      await get('pingding', '/api/v1/notifications'),
    );
    const notice = mine.items.find((n) => n.kind === 'supply_request.rejected' && n.entityId === id);
    expect(notice?.body).toContain('市级库存需保障主城区');
    const theirs = json<List<{ kind: string }>>(await get('yuxian', '/api/v1/notifications'));
    expect(theirs.items.some((n) => n.kind === 'supply_request.rejected')).toBe(false);
  });

  it('a rejected request can be neither approved nor rejected again', async () => {
    const id = await request(10);
    expect((await post('commander', `/api/v1/supplies/requests/${id}/reject`, { note: '重复申请' })).statusCode).toBe(
      200,
    );
    const approve = await post('commander', `/api/v1/supplies/requests/${id}/approve`, {
      lines: [{ itemCode: 'TENT-12', quantity: 10, fromWarehouseId: wh.city }],
    });
    expect(approve.statusCode).toBe(409);
    expect(json(approve)).toMatchObject({ code: 'SUPPLY_REQUEST_NOT_PENDING', details: { status: 'rejected' } });
    const again = await post('commander', `/api/v1/supplies/requests/${id}/reject`, { note: '再次驳回' });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('SUPPLY_REQUEST_NOT_PENDING');
    expect(await stockOf(wh.pd!)).toBe(0);
  });

  it('an approved request cannot be rejected', async () => {
    const id = await request(5);
    const ok = await post('commander', `/api/v1/supplies/requests/${id}/approve`, {
      lines: [{ itemCode: 'TENT-12', quantity: 5, fromWarehouseId: wh.city }],
    });
    expect(ok.statusCode).toBe(200);
    const late = await post('commander', `/api/v1/supplies/requests/${id}/reject`, { note: '改为驳回' });
    expect(late.statusCode).toBe(409);
    expect(json(late).code).toBe('SUPPLY_REQUEST_NOT_PENDING');
  });
});
