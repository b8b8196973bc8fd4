import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TEAM_HEADER = ['名称', '类别', '专长', '人数', '行政区划', '经度', '纬度', '状态', '联系人', '电话'];
const WAREHOUSE_HEADER = ['名称', '级别', '行政区划', '经度', '纬度', '储备方式', '负责人', '电话', '库容（m³）'];
const SHELTER_HEADER = [
  '名称',
  '类型',
  '等级',
  '有效面积（㎡）',
  '容纳人数',
  '设施',
  '行政区划',
  '经度',
  '纬度',
  '状态',
];
const EQUIPMENT_HEADER = ['名称', '类型', '数量', '所属队伍ID', '行政区划', '经度', '纬度', '下次维护日期', '状态'];
const EXPERT_HEADER = ['姓名', '专业领域', '工作单位', '电话', '行政区划', '经度', '纬度', '可用状态'];

type Cell = string | number | null;

async function sheet(header: string[], rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readRows(payload: Buffer): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const out: Cell[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    out.push((row.values as Cell[]).slice(1));
  });
  return out;
}

interface Problem {
  row: number;
  field: string;
  column: string | null;
  code: string;
  message: string;
}
interface List<T> {
  items: T[];
  total: number;
}

describe.each(ENGINES)(
  'Excel import of teams, warehouses, shelters, equipment and experts (批量导入) on %s',
  (engine) => {
    let t: TestApp;
    const tokens: Record<string, string> = {};
    beforeAll(async () => {
      t = await buildTestApp(engine, {}, { demoResources: false });
      for (const u of ['commander', 'pingding', 'yuxian', 'fire']) tokens[u] = await loginAs(t.app, u);
    });
    afterAll(async () => t?.close());

    const upload = (user: string, url: string, file: Buffer, lang = 'zh-CN') =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...auth(tokens[user] ?? ''), 'content-type': XLSX, 'accept-language': lang },
        payload: file,
      });
    const get = (user: string, url: string, lang = 'zh-CN') =>
      t.app.inject({ method: 'GET', url, headers: { ...auth(tokens[user] ?? ''), 'accept-language': lang } });
    const teamCount = async (user: string) => json<List<unknown>>(await get(user, '/api/v1/teams')).total;
    const auditCount = (action: string) =>
      t.deps.database.withConnection(async (q) => {
        const rows = await q('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action]);
        return (rows[0] as { n: number }).n;
      });

    it('the templates are empty sheets with the header row the export writes, in the request’s language', async () => {
      const zh = await get('pingding', '/api/v1/teams/import-template');
      expect(zh.statusCode).toBe(200);
      expect(zh.headers['content-type']).toBe(XLSX);
      expect(await readRows(zh.rawPayload)).toEqual([TEAM_HEADER]);
      const en = await get('pingding', '/api/v1/warehouses/import-template', 'en-US');
      expect(await readRows(en.rawPayload)).toEqual([
        ['Name', 'Level', 'Division', 'Lon', 'Lat', 'Reserve mode', 'Manager', 'Phone', 'Capacity (m³)'],
      ]);
      const wh = await get('pingding', '/api/v1/warehouses/import-template');
      expect(await readRows(wh.rawPayload)).toEqual([WAREHOUSE_HEADER]);
    });

    it('a valid sheet imports every row, one audit row per team, blank rows skipped', async () => {
      const file = await sheet(TEAM_HEADER, [
        [
          '平定县矿山救护队',
          'enterprise',
          'mine、medical',
          20,
          '140321',
          113.63,
          37.79,
          null,
          '李队长',
          '0353-1234567',
        ],
        ['平定县防汛抢险队', 'professional', 'flood,water_rescue', '35', 140321, 113.61, 37.8, 'deployed', null, null],
        [null, null, null, null, null, null, null, null, null, null],
        ['冠山镇民兵应急分队', 'militia', null, 12, '140321100', 113.6, 37.82, null, null, 13803530000],
      ]);
      const res = await upload('pingding', '/api/v1/teams/import', file);
      expect(res.statusCode).toBe(201);
      expect(json(res)).toEqual({ created: 3 });
      const list = json<
        List<{ name: string; capabilities: string[]; headcount: number; status: string; contactPhone: string | null }>
      >(await get('pingding', '/api/v1/teams'));
      const byName = new Map(list.items.map((x) => [x.name, [x.capabilities, x.headcount, x.status, x.contactPhone]]));
      expect(list.total).toBe(3);
      expect(byName.get('平定县矿山救护队')).toEqual([['mine', 'medical'], 20, 'available', '0353-1234567']);
      expect(byName.get('平定县防汛抢险队')).toEqual([['flood', 'water_rescue'], 35, 'deployed', null]);
      expect(byName.get('冠山镇民兵应急分队')).toEqual([[], 12, 'available', '13803530000']);
      expect(await auditCount('team.import')).toBe(3);
    });

    it('one bad row imports nothing and names the row and the field', async () => {
      const before = await teamCount('pingding');
      const file = await sheet(TEAM_HEADER, [
        ['平定县蓝天救援队', 'social', 'water_rescue', 25, '140321', 113.62, 37.8, null, null, null],
        ['平定县电力抢修队', 'army', 'power', 'abc', '140321', 113.62, 37.8, null, null, null],
        ['平定县通信保障队', 'professional', 'comms', 8, '140321', null, 37.8, null, null, null],
      ]);
      const res = await upload('pingding', '/api/v1/teams/import', file);
      expect(res.statusCode).toBe(400);
      const body = json<{ code: string; message: string; details: Problem[] }>(res);
      expect(body.code).toBe('IMPORT_ROWS_INVALID');
      expect(body.message).toContain('未导入任何记录');
      expect(body.details.map((d) => [d.row, d.field, d.column])).toEqual([
        [3, 'kind', '类别'],
        [3, 'headcount', '人数'],
        [4, 'location.lon', '经度'],
      ]);
      expect(body.details[0]!.message).toContain('可选值');
      expect(body.details[2]!.message).toBe('必填');
      expect(await teamCount('pingding')).toBe(before);
      // in English when asked
      const en = json<{ details: Problem[] }>(await upload('pingding', '/api/v1/teams/import', file, 'en-US'));
      expect(en.details[2]!.message).toBe('Required');
    });

    it('a division outside the caller’s scope, or unknown, is refused per row', async () => {
      const before = await teamCount('commander');
      const file = await sheet(TEAM_HEADER, [
        ['平定县森林消防队', 'professional', 'forest_fire', 30, '140321', 113.62, 37.8, null, null, null],
        ['盂县森林消防队', 'professional', 'forest_fire', 30, '140322', 113.41, 38.09, null, null, null],
        ['无此区划救援队', 'social', null, 5, '149999', 113.5, 37.9, null, null, null],
        ['盂县电力抢修队', 'army', 'power', 10, '140322', 113.41, 38.09, null, null, null],
      ]);
      const res = await upload('pingding', '/api/v1/teams/import', file);
      expect(res.statusCode).toBe(400);
      const body = json<{ code: string; details: Problem[] }>(res);
      expect(body.code).toBe('IMPORT_ROWS_INVALID');
      expect(body.details.map((d) => [d.row, d.field, d.code])).toEqual([
        [3, 'divisionCode', 'OUT_OF_SCOPE'],
        [4, 'divisionCode', 'DIVISION_UNKNOWN'],
        // a row with another problem is told about its division too
        [5, 'kind', 'VALIDATION_FAILED'],
        [5, 'divisionCode', 'OUT_OF_SCOPE'],
      ]);
      expect(body.details[0]!.message).toBe('该行政区划不在您的管辖范围内。');
      expect(await teamCount('commander')).toBe(before);
      // the city's scope covers both counties
      const city = await upload(
        'commander',
        '/api/v1/teams/import',
        await sheet(TEAM_HEADER, [
          ['平定县森林消防队', 'professional', 'forest_fire', 30, '140321', 113.62, 37.8, null, null, null],
          ['盂县森林消防队', 'professional', 'forest_fire', 30, '140322', 113.41, 38.09, null, null, null],
        ]),
      );
      expect(city.statusCode).toBe(201);
      expect(json(city)).toEqual({ created: 2 });
    });

    it('an exported sheet can be re-imported as it is', async () => {
      const exported = await get('yuxian', '/api/v1/teams/export.xlsx');
      expect(exported.statusCode).toBe(200);
      expect((await readRows(exported.rawPayload))[0]).toEqual(TEAM_HEADER);
      const again = await upload('yuxian', '/api/v1/teams/import', exported.rawPayload);
      expect(again.statusCode).toBe(201);
      expect(json(again)).toEqual({ created: 1 });
      expect(await teamCount('yuxian')).toBe(2);
    });

    it('warehouses: English headers, optional capacity, export and re-import', async () => {
      const file = await sheet(
        ['Name', 'Level', 'Division', 'Lon', 'Lat', 'Reserve mode', 'Manager', 'Phone', 'Capacity (m³)'],
        [
          ['盂县应急物资储备点', 'county', '140322', 113.41, 38.09, 'government', '刘库管', null, 1200],
          ['盂县协议储备点（超市）', 'county', '140322', 113.42, 38.08, 'agreement', null, null, null],
        ],
      );
      const res = await upload('yuxian', '/api/v1/warehouses/import', file);
      expect(res.statusCode).toBe(201);
      expect(json(res)).toEqual({ created: 2 });
      const list = json<List<{ name: string; capacityM3: number | null; managerName: string | null }>>(
        await get('yuxian', '/api/v1/warehouses'),
      );
      expect(list.items.map((w) => [w.name, w.capacityM3, w.managerName]).sort()).toEqual([
        ['盂县协议储备点（超市）', null, null],
        ['盂县应急物资储备点', 1200, '刘库管'],
      ]);
      expect(await auditCount('warehouse.import')).toBe(2);
      const exported = await get('yuxian', '/api/v1/warehouses/export.xlsx');
      expect((await readRows(exported.rawPayload))[0]).toEqual(WAREHOUSE_HEADER);
      const again = await upload('yuxian', '/api/v1/warehouses/import', exported.rawPayload);
      expect(json(again)).toEqual({ created: 2 });
      const bad = await upload(
        'yuxian',
        '/api/v1/warehouses/import',
        await sheet(WAREHOUSE_HEADER, [
          ['盂县储备点', 'province', '140322', 113.41, 38.09, 'government', null, 'abc', -5],
        ]),
      );
      expect(json<{ details: Problem[] }>(bad).details.map((d) => [d.row, d.field])).toEqual([
        [2, 'level'],
        [2, 'managerPhone'],
        [2, 'capacityM3'],
      ]);
    });

    it('shelters: import, a bad row, export and re-import', async () => {
      const file = await sheet(SHELTER_HEADER, [
        ['盂县体育场避难场所', 'outdoor', 'fixed', 12000, 6000, '供水、供电', '140322', 113.41, 38.09, null],
        ['盂县一中体育馆', 'indoor', 'emergency', '800.5', 400, null, '140322', 113.42, 38.08, 'closed'],
      ]);
      const res = await upload('yuxian', '/api/v1/shelters/import', file);
      expect(res.statusCode).toBe(201);
      expect(json(res)).toEqual({ created: 2 });
      const list = json<List<{ name: string; effectiveAreaM2: number; facilities: string[]; status: string }>>(
        await get('yuxian', '/api/v1/shelters'),
      );
      expect(list.items.map((x) => [x.name, x.effectiveAreaM2, x.facilities, x.status]).sort()).toEqual([
        ['盂县一中体育馆', 800.5, [], 'closed'],
        ['盂县体育场避难场所', 12000, ['供水', '供电'], 'available'],
      ]);
      expect(await auditCount('shelter.import')).toBe(2);
      const bad = await upload(
        'yuxian',
        '/api/v1/shelters/import',
        await sheet(SHELTER_HEADER, [
          ['盂县广场', 'outdoor', 'fixed', 500, 100, null, '140322', 113.41, 38.09, null],
          ['平定广场', 'roof', 'fixed', 0, 100, null, '140321', 113.61, 37.8, null],
        ]),
      );
      expect(bad.statusCode).toBe(400);
      expect(json<{ details: Problem[] }>(bad).details.map((d) => [d.row, d.field, d.column, d.code])).toEqual([
        [3, 'setting', '类型', 'VALIDATION_FAILED'],
        [3, 'effectiveAreaM2', '有效面积（㎡）', 'VALIDATION_FAILED'],
        [3, 'divisionCode', '行政区划', 'OUT_OF_SCOPE'],
      ]);
      const exported = await get('yuxian', '/api/v1/shelters/export.xlsx', 'en-US');
      expect((await readRows(exported.rawPayload))[0]).toEqual([
        'Name',
        'Setting',
        'Grade',
        'Effective area (m²)',
        'Capacity',
        'Facilities',
        'Division',
        'Lon',
        'Lat',
        'Status',
      ]);
      const again = await upload('yuxian', '/api/v1/shelters/import', exported.rawPayload);
      expect(json(again)).toEqual({ created: 2 });
      const template = await get('yuxian', '/api/v1/shelters/import-template');
      expect(await readRows(template.rawPayload)).toEqual([SHELTER_HEADER]);
    });

    it('equipment: import with an owner team in scope, an unknown team refused, export and re-import', async () => {
      const team = json<List<{ id: string }>>(await get('yuxian', '/api/v1/teams')).items[0]!;
      const file = await sheet(EQUIPMENT_HEADER, [
        ['排涝泵车', '排涝', 2, team.id, '140322', 113.41, 38.09, '2030-06-30', null],
        ['应急发电机', '发电', '3', null, '140322', 113.42, 38.08, null, 'maintenance'],
      ]);
      const res = await upload('yuxian', '/api/v1/equipment/import', file);
      expect(res.statusCode).toBe(201);
      expect(json(res)).toEqual({ created: 2 });
      const list = json<
        List<{ name: string; quantity: number; ownerTeamId: string | null; maintenanceDueOn: string | null }>
      >(await get('yuxian', '/api/v1/equipment'));
      expect(list.items.map((x) => [x.name, x.quantity, x.ownerTeamId, x.maintenanceDueOn]).sort()).toEqual([
        ['应急发电机', 3, null, null],
        ['排涝泵车', 2, team.id, '2030-06-30'],
      ]);
      expect(await auditCount('equipment.import')).toBe(2);
      const bad = await upload(
        'yuxian',
        '/api/v1/equipment/import',
        await sheet(EQUIPMENT_HEADER, [
          ['冲锋舟', '水上救援', 1, '00000000-0000-4000-8000-000000000000', '140322', 113.41, 38.09, null, null],
          ['照明车', '照明', 0, null, '140322', 113.41, 38.09, '2030-13-01', null],
        ]),
      );
      expect(bad.statusCode).toBe(400);
      expect(json<{ details: Problem[] }>(bad).details.map((d) => [d.row, d.field, d.column, d.code])).toEqual([
        [2, 'ownerTeamId', '所属队伍ID', 'TEAM_NOT_FOUND'],
        [3, 'quantity', '数量', 'VALIDATION_FAILED'],
        [3, 'maintenanceDueOn', '下次维护日期', 'VALIDATION_FAILED'],
      ]);
      const exported = await get('yuxian', '/api/v1/equipment/export.xlsx');
      expect((await readRows(exported.rawPayload))[0]).toEqual(EQUIPMENT_HEADER);
      const again = await upload('yuxian', '/api/v1/equipment/import', exported.rawPayload);
      expect(json(again)).toEqual({ created: 2 });
    });

    it('experts: English headers, a bad row, export and re-import', async () => {
      const file = await sheet(
        ['Name', 'Fields', 'Organization', 'Phone', 'Division', 'Lon', 'Lat', 'Availability'],
        [
          ['王工', 'geology, mining', '盂县自然资源局', '0353-6012345', '140322', 113.41, 38.09, null],
          ['赵工', '危化品', null, null, '140322', 113.42, 38.08, 'unavailable'],
        ],
      );
      const res = await upload('yuxian', '/api/v1/experts/import', file, 'en-US');
      expect(res.statusCode).toBe(201);
      expect(json(res)).toEqual({ created: 2 });
      const list = json<List<{ name: string; fields: string[]; availability: string }>>(
        await get('yuxian', '/api/v1/experts'),
      );
      expect(list.items.map((x) => [x.name, x.fields, x.availability]).sort()).toEqual([
        ['王工', ['geology', 'mining'], 'available'],
        ['赵工', ['危化品'], 'unavailable'],
      ]);
      expect(await auditCount('expert.import')).toBe(2);
      const bad = await upload(
        'yuxian',
        '/api/v1/experts/import',
        await sheet(EXPERT_HEADER, [['钱工', null, null, 'abc', '140322', 113.41, 38.09, null]]),
        'en-US',
      );
      expect(bad.statusCode).toBe(400);
      const body = json<{ details: Problem[] }>(bad);
      expect(body.details.map((d) => [d.row, d.field, d.column])).toEqual([
        [2, 'fields', '专业领域'],
        [2, 'phone', '电话'],
      ]);
      expect(body.details[0]!.message).toBe('Required');
      const exported = await get('yuxian', '/api/v1/experts/export.xlsx');
      expect((await readRows(exported.rawPayload))[0]).toEqual(EXPERT_HEADER);
      const again = await upload('yuxian', '/api/v1/experts/import', exported.rawPayload);
      expect(json(again)).toEqual({ created: 2 });
    });

    it('refuses files that are not a usable sheet', async () => {
      const noColumns = await upload(
        'pingding',
        '/api/v1/teams/import',
        await sheet(['名称', '备注'], [['某队', 'x']]),
      );
      expect(noColumns.statusCode).toBe(400);
      expect(json<{ code: string; details: { missing: { field: string }[] } }>(noColumns)).toMatchObject({
        code: 'IMPORT_COLUMNS_MISSING',
        details: {
          missing: [
            { field: 'kind' },
            { field: 'headcount' },
            { field: 'divisionCode' },
            { field: 'location.lon' },
            { field: 'location.lat' },
          ],
        },
      });
      const empty = await upload('pingding', '/api/v1/teams/import', await sheet(TEAM_HEADER, []));
      expect(json(empty).code).toBe('IMPORT_NO_ROWS');
      const garbage = await upload('pingding', '/api/v1/teams/import', Buffer.from('not a workbook'));
      expect(garbage.statusCode).toBe(400);
      expect(json(garbage).code).toBe('IMPORT_FILE_INVALID');
      const asJson = await t.app.inject({
        method: 'POST',
        url: '/api/v1/teams/import',
        headers: auth(tokens.pingding ?? ''),
        payload: { name: 'x' },
      });
      expect(asJson.statusCode).toBe(400);
      expect(json(asJson).code).toBe('IMPORT_FILE_INVALID');
      const tooBig = await upload('pingding', '/api/v1/teams/import', Buffer.alloc(5 * 1024 * 1024 + 1));
      expect(tooBig.statusCode).toBe(413);
      expect(json(tooBig).code).toBe('IMPORT_FILE_TOO_LARGE');
      const rows: Cell[][] = Array.from({ length: 1001 }, (_, i) => [
        `队${i}`,
        'social',
        null,
        1,
        '140321',
        113.6,
        37.8,
      ]);
      const tooMany = await upload('pingding', '/api/v1/teams/import', await sheet(TEAM_HEADER, rows));
      expect(json(tooMany).code).toBe('IMPORT_TOO_MANY_ROWS');
      // other JSON routes still refuse the spreadsheet type
      const elsewhere = await upload('pingding', '/api/v1/teams', await sheet(TEAM_HEADER, []));
      expect(elsewhere.statusCode).toBe(415);
    });

    it('needs resource.manage', async () => {
      const res = await upload('fire', '/api/v1/teams/import', await sheet(TEAM_HEADER, []));
      expect(res.statusCode).toBe(403);
      expect(json(res).code).toBe('FORBIDDEN');
    });
  },
);
