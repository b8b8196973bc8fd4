import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';

interface Readiness {
  divisionCode: string;
  population: number | null;
  shelterAreaPerResidentM2: number | null;
  firePersonnelPerMille: number | null;
  fireCoverage5min: number | null;
  equipmentMaintainedRate: number | null;
}

describe.each(ENGINES)('shelters, equipment, experts and readiness on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { demoResources: false });
    for (const u of ['admin', 'commander', 'pingding', 'yuxian']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  const post = (u: string, url: string, body: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(tokens[u] ?? ''), payload: body as object });
  const get = (u: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(tokens[u] ?? '') });

  it('registers shelters, equipment and experts within scope; others read as not found', async () => {
    const s = await post('pingding', '/api/v1/shelters', {
      name: '平定县冠山广场避难场所',
      setting: 'outdoor',
      grade: 'fixed',
      effectiveAreaM2: 60_000,
      capacity: 30_000,
      facilities: ['供水', '照明', '厕所'],
      divisionCode: '140321',
      location: { lon: 113.63, lat: 37.79 },
    });
    expect(s.statusCode).toBe(201);
    expect(json(s)).toMatchObject({ grade: 'fixed', status: 'available', effectiveAreaM2: 60_000 });
    const id = json<{ id: string }>(s).id;
    const foreign = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/shelters/${id}`,
      headers: auth(tokens.yuxian ?? ''),
      payload: { status: 'closed' },
    });
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).code).toBe('SHELTER_NOT_FOUND');
    expect(json<{ total: number }>(await get('yuxian', '/api/v1/shelters')).total).toBe(0);
    const out = await post('pingding', '/api/v1/shelters', {
      name: 'x',
      setting: 'indoor',
      grade: 'emergency',
      effectiveAreaM2: 10,
      capacity: 5,
      divisionCode: '140322',
      location: { lon: 113.4, lat: 38.1 },
    });
    expect(out.statusCode).toBe(403);

    const past = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const future = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    for (const [name, due] of [
      ['排水车', past],
      ['照明车', future],
      ['应急发电车', future],
      ['生命探测仪', future],
    ] as const) {
      const r = await post('pingding', '/api/v1/equipment', {
        name,
        type: 'vehicle',
        quantity: 1,
        divisionCode: '140321',
        location: { lon: 113.64, lat: 37.8 },
        maintenanceDueOn: due,
      });
      expect(r.statusCode).toBe(201);
    }
    const list = json<{ items: { name: string; isMaintenanceOverdue: boolean }[] }>(
      await get('pingding', '/api/v1/equipment'),
    );
    expect(list.items.filter((e) => e.isMaintenanceOverdue).map((e) => e.name)).toEqual(['排水车']);

    const ex = await post('commander', '/api/v1/experts', {
      name: '王工',
      fields: ['危险化学品', '矿山'],
      organization: '太原理工大学',
      divisionCode: '140300',
      location: { lon: 113.58, lat: 37.86 },
    });
    expect(ex.statusCode).toBe(201);
    const bad = await post('commander', '/api/v1/experts', {
      name: '李工',
      fields: [],
      divisionCode: '140300',
      location: { lon: 113.58, lat: 37.86 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('readiness per county from the registries and the population an administrator enters', async () => {
    const before = json<{ items: Readiness[] }>(await get('commander', '/api/v1/resources/readiness?parent=140300'));
    const pd0 = before.items.find((r) => r.divisionCode === '140321');
    expect(pd0?.population).toBeNull();
    expect(pd0?.shelterAreaPerResidentM2).toBeNull();
    expect(pd0?.equipmentMaintainedRate).toBe(0.75);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/divisions/140321/figures',
      headers: auth(tokens.admin ?? ''),
      payload: { population: 300_000, year: 2025, source: '平定县统计公报' },
    });
    expect(put.statusCode).toBe(200);
    await post('pingding', '/api/v1/teams', {
      name: '平定县消防救援大队',
      kind: 'fire_rescue',
      capabilities: ['fire'],
      headcount: 90,
      divisionCode: '140321',
      location: { lon: 113.64, lat: 37.8 },
    });
    const after = json<{ items: Readiness[]; targets: Record<string, number> }>(
      await get('commander', '/api/v1/resources/readiness?parent=140300'),
    );
    const pd = after.items.find((r) => r.divisionCode === '140321')!;
    expect(pd.population).toBe(300_000);
    expect(pd.shelterAreaPerResidentM2).toBeCloseTo(0.2, 6);
    expect(pd.firePersonnelPerMille).toBeCloseTo(0.3, 6);
    expect(pd.fireCoverage5min).toBeGreaterThan(0);
    expect(after.targets).toEqual({
      shelterAreaPerResidentM2: 2.5,
      firePersonnelPerMille: 0.4,
      fireCoverage5min: 0.75,
      equipmentMaintainedRate: 0.8,
    });
    // a county user sees only its own county
    const own = json<{ items: Readiness[] }>(await get('pingding', '/api/v1/resources/readiness?parent=140300'));
    expect(own.items.map((r) => r.divisionCode)).toEqual(['140321']);
  });

  it('exports the shelters and teams in scope to Excel', async () => {
    const res = await get('pingding', '/api/v1/shelters/export.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('名称');
    expect(ws.getRow(2).getCell(1).value).toBe('平定县冠山广场避难场所');
    expect(ws.rowCount).toBe(2);
    const teams = await get('yuxian', '/api/v1/teams/export.xlsx');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(teams.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(1); // 盂县 has none of 平定县's teams
  });

  it('exports only what the list filters select', async () => {
    const sheetNames = async (url: string) => {
      const res = await get('commander', url);
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const names: string[] = [];
      wb.worksheets[0]!.eachRow((row, n) => {
        if (n > 1) names.push(String(row.getCell(1).value));
      });
      return names;
    };
    const all = await sheetNames('/api/v1/shelters/export.xlsx');
    expect(all).toContain('平定县冠山广场避难场所');
    expect(await sheetNames(`/api/v1/shelters/export.xlsx?q=${encodeURIComponent('冠山')}`)).toEqual([
      '平定县冠山广场避难场所',
    ]);
    expect(await sheetNames('/api/v1/shelters/export.xlsx?divisionCode=140322')).toEqual([]);
    const bad = await get('commander', '/api/v1/shelters/export.xlsx?divisionCode=abc');
    expect(bad.statusCode).toBe(400);
  });
});
