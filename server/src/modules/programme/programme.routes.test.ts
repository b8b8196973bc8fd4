import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';
import { YANGQUAN_PROGRAMME } from '../../db/seed/programme-yangquan.data.js';
import { sendProgrammeReminders } from './index.js';

interface Unit {
  id: string;
  name: string;
  orgId: string | null;
}
interface Task {
  id: string;
  kind: string;
  number: string;
  title: string;
  year: number | null;
  leadUnits: Unit[];
  responsibleUnits: Unit[];
  status: string;
  percentComplete: number;
  overdue: boolean;
  reportsDue: Unit[];
}
interface Programme {
  id: string;
  title: string;
  documentNumber: string | null;
  objectives: { number: string; title: string }[];
  counts: { indicators: number; tasks: number; projects: number; campaigns: number; late: number; completed: number };
}
interface Indicator {
  name: string;
  baseline: number | null;
  target: number | null;
  expected: number | null;
  value: number | null;
  valueSource: string | null;
  status: string;
  inputs: { statistic: string; value: number | null; source: string | null; entrySource: string | null }[];
}
interface Report {
  id: string;
  unit: Unit;
  period: string;
  text: string;
  percentComplete: number;
  late: boolean;
  reportedBy: { id: string | null; name: string | null };
}
interface Dashboard {
  period: { key: string; dueDate: string; overdue: boolean };
  lateTasks: Task[];
  unitsNotReported: { unit: Unit; tasks: number; taskNumbers: string[] }[];
  indicatorStatus: Record<string, number>;
  taskStatus: Record<string, number>;
  recentReports: (Report & { taskNumber: string })[];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const decode = (xml: string) =>
  xml
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe.each(ENGINES)('plan implementation (规划实施) on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let yq: Programme;
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { demoResources: false });
    for (const u of ['planner', 'zhujian', 'fire', 'duty', 'pingding', 'yuxian', 'admin', 'shanxi'])
      tokens[u] = await loginAs(t.app, u);
    const list = json<{ items: Programme[] }>(await get('planner', '/api/v1/programmes'));
    const found = list.items.find((p) => p.documentNumber === '阳政办函〔2023〕36号');
    if (!found) throw new Error('demo programme missing');
    yq = found;
  });
  afterAll(async () => t?.close());

  const req = (
    method: 'GET' | 'POST' | 'PATCH',
    u: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...auth(tokens[u] ?? ''), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  const get = (u: string, url: string) => req('GET', u, url);
  const tasksOf = async (u: string, query = '') =>
    json<{ items: Task[]; total: number }>(await get(u, `/api/v1/programmes/${yq.id}/tasks?pageSize=200${query}`));
  const names = (units: Unit[]) => units.map((x) => x.name);

  it('the demo loads 阳泉 with 42 key tasks, each with the lead units the document names', async () => {
    expect(yq.counts).toMatchObject({ indicators: 13, tasks: 42, campaigns: 9, projects: 18 });
    expect(yq.objectives.map((o) => o.number)).toEqual(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)']);
    const { items, total } = await tasksOf('planner');
    expect(total).toBe(42);
    expect(items.map((x) => x.number)).toEqual(Array.from({ length: 42 }, (_, i) => `(${i + 1})`));
    const seed = YANGQUAN_PROGRAMME.document.tasks ?? [];
    for (const task of items) {
      const s = seed.find((x) => (x.kind ?? 'task') === 'task' && x.number === task.number);
      expect(names(task.leadUnits), task.number).toEqual(s?.leadUnits);
      expect(task.year).toBe(2023);
    }
    // Spot checks against the document's own words.
    const byNo = new Map(items.map((x) => [x.number, x]));
    expect(names(byNo.get('(22)')?.leadUnits ?? [])).toEqual(['市应急局']);
    expect(names(byNo.get('(29)')?.leadUnits ?? [])).toEqual(['市交通运输局', '北京铁路局阳泉站']);
    expect(names(byNo.get('(36)')?.leadUnits ?? [])).toEqual(['市科技局', '市应急局']);
    // "(7) 市应急局、市住建局…等按职责分工负责" names no 牵头 unit: all share the lead.
    expect(names(byNo.get('(7)')?.leadUnits ?? [])).toContain('市住建局');
    // "市交通局" is the document's spelling of the demo city's 市交通运输局.
    const eight = byNo.get('(8)')?.leadUnits.find((u) => u.name === '市交通局');
    const seven = byNo.get('(7)')?.leadUnits.find((u) => u.name === '市交通运输局');
    expect(eight?.orgId).toBe(seven?.orgId);
    expect(eight?.orgId).not.toBeNull();
    // Collective names stay named units without an organisation.
    const one = byNo.get('(1)');
    expect(one?.responsibleUnits.find((u) => u.name === '市应急救援总指挥部成员单位')?.orgId).toBeNull();
  });

  it('a unit sees and reports only on items its organisation leads or shares', async () => {
    const mine = await tasksOf('zhujian');
    const all = await tasksOf('planner');
    const expected = all.items.filter((x) =>
      [...x.leadUnits, ...x.responsibleUnits].some((u) => u.name === '市住建局'),
    );
    expect(mine.items.map((x) => x.number)).toEqual(expected.map((x) => x.number));
    expect(mine.total).toBeGreaterThan(5);
    expect(mine.total).toBeLessThan(42);
    const notMine = all.items.find((x) => x.number === '(1)');
    const r404 = await get('zhujian', `/api/v1/programme-tasks/${notMine?.id}`);
    expect(r404.statusCode).toBe(404);
    expect(json(r404)).toMatchObject({ code: 'PROGRAMME_TASK_NOT_FOUND', message: expect.stringContaining('牵头') });
    const r403 = await req('POST', 'zhujian', `/api/v1/tasks/${notMine?.id}/progress`, {
      text: '不应成功',
      percentComplete: 10,
    });
    expect(r403.statusCode).toBe(403);
    expect(json(r403)).toMatchObject({
      code: 'PROGRAMME_NOT_YOUR_TASK',
      message: expect.stringContaining('牵头单位或责任单位'),
    });
    // Even the plan officer reports only for a unit it belongs to: 市应急局 is not on (29)'s lead list but responsible.
    const twentyNine = all.items.find((x) => x.number === '(29)');
    expect(names(twentyNine?.responsibleUnits ?? [])).toContain('市应急局');
  });

  it('a lead unit sees every unit’s reports; a responsible unit only its own', async () => {
    const mine = await tasksOf('zhujian');
    // (7): 市住建局 is one of the joint leads → sees the other units' reports too.
    const seven = mine.items.find((x) => x.number === '(7)');
    const asLead = json<{ items: Report[] }>(await get('zhujian', `/api/v1/tasks/${seven?.id}/progress`));
    expect(new Set(asLead.items.map((r) => r.unit.name)).size).toBeGreaterThan(1);
    // (12): 市住建局 is responsible only → its own reports.
    const twelve = mine.items.find((x) => x.number === '(12)');
    const asResp = json<{ items: Report[] }>(await get('zhujian', `/api/v1/tasks/${twelve?.id}/progress`));
    expect(asResp.items.length).toBeGreaterThan(0);
    expect(new Set(asResp.items.map((r) => r.unit.name))).toEqual(new Set(['市住建局']));
    const all = json<{ items: Report[] }>(await get('planner', `/api/v1/tasks/${twelve?.id}/progress`));
    expect(all.items.length).toBeGreaterThan(asResp.items.length);
  });

  it('validates a progress report with a message per field, in the request’s language', async () => {
    const seven = (await tasksOf('zhujian')).items.find((x) => x.number === '(7)');
    const bad = await req(
      'POST',
      'zhujian',
      `/api/v1/tasks/${seven?.id}/progress`,
      { percentComplete: 150, period: '2026-13' },
      { 'accept-language': 'en' },
    );
    expect(bad.statusCode).toBe(400);
    const body = json<{ code: string; message: string; details: { path: string; message: string }[] }>(bad);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toMatch(/not valid/);
    expect(body.details.map((d) => d.path).sort()).toEqual(['body.percentComplete', 'body.period', 'body.text']);
    // A period of the other cycle (monthly key on a quarterly programme) is refused with its own code.
    const cycle = await req('POST', 'zhujian', `/api/v1/tasks/${seven?.id}/progress`, {
      text: '月度报送',
      percentComplete: 80,
      period: '2026-09',
    });
    expect(cycle.statusCode).toBe(400);
    expect(json(cycle)).toMatchObject({ code: 'PROGRAMME_PERIOD_INVALID', details: { cycle: 'quarterly' } });
  });

  it('市住建局 reports on a late task: the dashboard shows it and the late list shrinks', async () => {
    const before = json<Dashboard>(await get('planner', `/api/v1/programmes/${yq.id}/dashboard`));
    const lateNumbers = before.lateTasks.map((x) => `${x.kind}:${x.number}`);
    expect(lateNumbers).toEqual(expect.arrayContaining(['task:(7)', 'task:(8)', 'campaign:7']));
    const zj = before.unitsNotReported.find((u) => u.unit.name === '市住建局');
    expect(zj?.taskNumbers).toEqual(expect.arrayContaining(['(7)', '(8)']));
    expect(before.taskStatus.completed).toBeGreaterThan(0);
    expect(before.taskStatus.late).toBe(before.lateTasks.length);

    const seven = (await tasksOf('zhujian', '&overdue=true')).items.find((x) => x.number === '(7)');
    expect(seven).toMatchObject({ status: 'late', overdue: true });
    const res = await req('POST', 'zhujian', `/api/v1/tasks/${seven?.id}/progress`, {
      text: '执法检查重点事项清单制度已建立并印发，行政处罚、行政强制权责清单完成公布。',
      percentComplete: 100,
      evidence: [{ name: '权责清单.pdf', url: 'https://example.org/qzqd.pdf' }],
      problems: '',
      nextSteps: '按年度动态调整清单。',
    });
    expect(res.statusCode).toBe(201);
    const report = json<Report>(res);
    expect(report).toMatchObject({
      unit: { name: '市住建局' },
      period: before.period.key,
      percentComplete: 100,
      late: before.period.overdue,
      reportedBy: { name: '联络员 吴芳' },
    });

    const after = json<Dashboard>(await get('planner', `/api/v1/programmes/${yq.id}/dashboard`));
    expect(after.lateTasks.length).toBe(before.lateTasks.length - 1);
    expect(after.lateTasks.map((x) => x.number)).not.toContain('(7)');
    expect(after.recentReports[0]).toMatchObject({ id: report.id, taskNumber: '(7)', percentComplete: 100 });
    const zjAfter = after.unitsNotReported.find((u) => u.unit.name === '市住建局');
    expect(zjAfter?.taskNumbers).not.toContain('(7)');
    const detail = json<Task & { reports: Report[] }>(await get('planner', `/api/v1/programme-tasks/${seven?.id}`));
    expect(detail).toMatchObject({ status: 'completed', percentComplete: 100 });
    // The state change is audited with before and after.
    const audit = json<{ items: { action: string; entityId: string; before: unknown; after: unknown }[] }>(
      await get('admin', `/api/v1/audit?entity=programme_task&action=programme.report&pageSize=5`),
    );
    const entry = audit.items.find((a) => a.action === 'programme.report' && a.entityId === seven?.id);
    expect(seven?.percentComplete).toBeLessThan(100);
    expect(entry?.before).toMatchObject({ percentComplete: seven?.percentComplete });
    expect(entry?.after).toMatchObject({ percentComplete: 100 });
  });

  it('the dashboard is the plan office’s: a unit liaison gets 403', async () => {
    const r = await get('zhujian', `/api/v1/programmes/${yq.id}/dashboard`);
    expect(r.statusCode).toBe(403);
    expect(json(r)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('indicators carry baseline, target, value, source and status; relative targets resolve', async () => {
    const { items } = json<{ items: Indicator[] }>(
      await get('planner', `/api/v1/programmes/${yq.id}/indicators?year=2025`),
    );
    expect(items).toHaveLength(13);
    const deaths = items.find((i) => i.name === '生产安全事故死亡人数');
    // 下降15% of the baseline 40 → 34; 2025 official figure 32 (manual) → on track.
    expect(deaths).toMatchObject({ baseline: 40, target: 34, value: 32, valueSource: 'manual', status: 'on_track' });
    expect(deaths?.inputs[0]).toMatchObject({
      statistic: 'production_safety_deaths',
      source: 'manual',
      entrySource: '演示数据',
    });
    const coal = items.find((i) => i.name === '煤矿百万吨死亡率');
    expect(coal).toMatchObject({ target: 0.04, status: 'on_track' });
    expect(coal?.value).toBeCloseTo(2 / 70, 9);
    // 2025 natural-disaster losses are not entered: the platform computes them from recorded incidents.
    const loss = items.find((i) => i.name === '年均因自然灾害直接经济损失占地区生产总值比例');
    expect(loss?.inputs.find((x) => x.statistic === 'natural_disaster_loss_100m_yuan')?.source).toBe('computed');
    expect(loss?.valueSource).toBe('computed');
    const statuses = new Set(items.map((i) => i.status));
    expect(statuses.has('on_track') && statuses.has('at_risk') && statuses.has('off_track')).toBe(true);
  });

  it('computes deaths from incidents recorded in the test, and manual figures with their source', async () => {
    const year = Number(t.clock.now.toISOString().slice(0, 4));
    const doc = {
      title: '盂县安全生产专项规划实施方案（测试）',
      issuer: '盂县人民政府办公室',
      documentNumber: `盂政办〔${year}〕1号`,
      divisionCode: '140322',
      periodStart: year - 1,
      periodEnd: year + 1,
      baselineYear: year - 1,
      indicators: [
        {
          name: '亿元地区生产总值生产安全事故死亡率',
          unit: '人/亿元',
          direction: 'decrease',
          baselineValue: 0.05,
          baselineYear: year - 1,
          targetYear: year + 1,
          targetRelativePercent: 20,
          targetText: '下降20%',
          formula: { numerator: 'production_safety_deaths', denominator: 'gdp_100m_yuan' },
          leadUnits: ['盂县应急局'],
        },
        {
          name: '因自然灾害死亡人数',
          direction: 'upper_bound',
          baselineYear: year - 1,
          targetYear: year + 1,
          targetValue: 1,
          boundInclusive: true,
          formula: { numerator: 'natural_disaster_deaths' },
          leadUnits: ['盂县应急局'],
        },
      ],
      tasks: [
        {
          number: '(1)',
          title: '测试任务',
          year,
          leadUnits: ['盂县应急局'],
          responsibleUnits: ['县消防大队'],
          milestones: [{ title: '制定方案' }, { title: '完成验收' }],
        },
      ],
    };
    const created = await req('POST', 'planner', '/api/v1/programmes', doc);
    expect(created.statusCode).toBe(201);
    const p = json<Programme>(created);
    const incident = async (category: string, type: string, deaths: number, divisionCode: string) => {
      const r = await req('POST', 'duty', '/api/v1/incidents', {
        category,
        type,
        title: `测试事件 ${deaths} 死`,
        occurredAt: new Date(t.clock.now.getTime() - 3_600_000).toISOString(),
        source: 'phone',
        divisionCode,
        location: { lon: 113.41, lat: 38.08 },
        casualties: { deaths, missing: 0, seriousInjuries: 0, minorInjuries: 0 },
      });
      expect(r.statusCode, r.body).toBe(201);
    };
    await incident('accident', 'mine', 2, '140322');
    await incident('accident', 'road_traffic', 1, '140322');
    await incident('natural_disaster', 'flood', 3, '140322');
    await incident('accident', 'mine', 5, '140321'); // another county: not counted
    const gdp = await req('POST', 'planner', '/api/v1/programme-statistics', {
      statistic: 'gdp_100m_yuan',
      year,
      divisionCode: '140322',
      value: 150,
      source: '盂县统计公报',
    });
    expect(gdp.statusCode).toBe(201);
    expect(json(gdp)).toMatchObject({ statistic: 'gdp_100m_yuan', value: 150, enteredBy: { name: '规划科 孙丽' } });
    const { items } = json<{ items: Indicator[] }>(
      await get('planner', `/api/v1/programmes/${p.id}/indicators?year=${year}`),
    );
    const [rate, disaster] = items;
    expect(rate?.inputs).toEqual([
      { statistic: 'production_safety_deaths', value: 3, source: 'computed', entrySource: null },
      { statistic: 'gdp_100m_yuan', value: 150, source: 'manual', entrySource: '盂县统计公报' },
    ]);
    expect(rate).toMatchObject({ value: 0.02, valueSource: 'computed', target: 0.04, status: 'on_track' });
    expect(disaster).toMatchObject({ value: 3, valueSource: 'computed', status: 'off_track' });
    // A manual entry for the same statistic is the official figure and takes precedence.
    await req('POST', 'planner', '/api/v1/programme-statistics', {
      statistic: 'natural_disaster_deaths',
      year,
      divisionCode: '140322',
      value: 1,
      source: '应急管理部门核定',
    });
    const again = json<{ items: Indicator[] }>(
      await get('planner', `/api/v1/programmes/${p.id}/indicators?year=${year}`),
    );
    expect(again.items[1]).toMatchObject({ value: 1, valueSource: 'manual', status: 'on_track' });
    // The county's own unit reports and marks a milestone; once the programme is closed, reports are refused.
    const [task] = json<{ items: (Task & { milestones: { title: string; done: boolean }[] })[] }>(
      await get('yuxian', `/api/v1/programmes/${p.id}/tasks`),
    ).items;
    expect(task).toMatchObject({ number: '(1)', leadUnits: [{ name: '盂县应急局' }] });
    expect(task?.responsibleUnits[0]).toMatchObject({ name: '县消防大队', orgId: null });
    const filed = await req('POST', 'yuxian', `/api/v1/tasks/${task?.id}/progress`, {
      text: '方案已印发',
      percentComplete: 50,
      milestonesDone: [0],
    });
    expect(filed.statusCode).toBe(201);
    const detail = json<{ milestones: { title: string; done: boolean }[]; percentComplete: number; reports: Report[] }>(
      await get('yuxian', `/api/v1/programme-tasks/${task?.id}`),
    );
    expect(detail.milestones).toEqual([
      { title: '制定方案', done: true },
      { title: '完成验收', done: false },
    ]);
    expect(detail).toMatchObject({
      percentComplete: 50,
      reports: [{ text: '方案已印发', unit: { name: '盂县应急局' } }],
    });
    const closed = await req('PATCH', 'planner', `/api/v1/programmes/${p.id}`, { status: 'closed' });
    expect(closed.statusCode).toBe(200);
    const refused = await req('POST', 'yuxian', `/api/v1/tasks/${task?.id}/progress`, {
      text: '再报',
      percentComplete: 60,
    });
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ code: 'PROGRAMME_CLOSED', details: { status: 'closed' } });
    // Outside the planner's scope: entering a figure for 晋城 is refused.
    const out = await req('POST', 'planner', '/api/v1/programme-statistics', {
      statistic: 'gdp_100m_yuan',
      year,
      divisionCode: '140500',
      value: 1,
      source: 'x',
    });
    expect(out.statusCode).toBe(403);
    expect(json(out)).toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('the annual report .docx opens and names every indicator and every late item; conclusions are kept', async () => {
    const res = await req('POST', 'planner', `/api/v1/programmes/${yq.id}/evaluations`, {
      kind: 'annual',
      year: 2025,
      conclusions: '总体进展顺利。',
    });
    expect(res.statusCode).toBe(201);
    const ev = json<{ id: string; docxUrl: string; summary: { lateItems: number } }>(res);
    expect(ev.docxUrl).toBe(`/api/v1/programme-evaluations/${ev.id}/report.docx`);
    const edit = await req('PATCH', 'planner', `/api/v1/programme-evaluations/${ev.id}`, {
      conclusions: '总体进展顺利。\n市住建局牵头事项须在一季度前完成。',
    });
    expect(edit.statusCode).toBe(200);
    const file = await get('planner', ev.docxUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(file.rawPayload);
    const text = decode((await zip.file('word/document.xml')?.async('string')) ?? '');
    const { items: indicators } = json<{ items: Indicator[] }>(
      await get('planner', `/api/v1/programmes/${yq.id}/indicators`),
    );
    for (const i of indicators) expect(text, i.name).toContain(i.name);
    const dash = json<Dashboard>(await get('planner', `/api/v1/programmes/${yq.id}/dashboard`));
    expect(dash.lateTasks.length).toBe(ev.summary.lateItems);
    expect(dash.lateTasks.length).toBeGreaterThan(0);
    for (const late of dash.lateTasks) expect(text, late.title).toContain(late.title);
    expect(text).toContain('市住建局牵头事项须在一季度前完成。');
    expect(text).toContain('年度监测分析报告');
    const wrongYear = await req('POST', 'planner', `/api/v1/programmes/${yq.id}/evaluations`, {
      kind: 'midterm',
      year: 2030,
    });
    expect(wrongYear.statusCode).toBe(400);
    expect(json(wrongYear)).toMatchObject({ code: 'PROGRAMME_EVALUATION_YEAR_INVALID' });
  });

  it('exports and re-imports a whole programme as JSON and as Excel', async () => {
    const exported = json<Record<string, unknown> & { documentNumber: string; tasks: unknown[] }>(
      await get('planner', `/api/v1/programmes/${yq.id}/export.json`),
    );
    expect(exported.tasks).toHaveLength(42 + 9 + 18);
    const dup = await req('POST', 'planner', '/api/v1/programmes', exported);
    expect(dup.statusCode).toBe(409);
    expect(json(dup)).toMatchObject({ code: 'PROGRAMME_EXISTS' });
    const copy = { ...exported, documentNumber: '阳政办函〔2023〕36号-副本' };
    const created = await req('POST', 'planner', '/api/v1/programmes', copy);
    expect(created.statusCode).toBe(201);
    const again = json(await get('planner', `/api/v1/programmes/${json<Programme>(created).id}/export.json`));
    expect(again).toEqual(copy);

    const xlsx = await get('planner', `/api/v1/programmes/${yq.id}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['方案', '指标', '重点任务', '重点工程', '专项整治', '单位']);
    expect(wb.getWorksheet('重点任务')?.rowCount).toBe(43);
    wb.getWorksheet('方案')?.eachRow((row) => {
      if (row.getCell(1).value === 'documentNumber') row.getCell(3).value = '阳政办函〔2023〕36号-Excel';
    });
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/programmes/import.xlsx',
      headers: { ...auth(tokens.planner ?? ''), 'content-type': XLSX_TYPE },
      payload: body,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const ip = json<Programme>(imported);
    expect(ip.counts).toMatchObject({ indicators: 13, tasks: 42, projects: 18, campaigns: 9 });
    const fromExcel = json<Record<string, unknown> & { tasks: unknown[]; indicators: unknown[] }>(
      await get('planner', `/api/v1/programmes/${ip.id}/export.json`),
    );
    expect(fromExcel.tasks).toEqual(exported.tasks);
    expect(fromExcel.indicators).toEqual(exported.indicators);

    // A broken row is reported with its sheet, row and field.
    const ws = wb.getWorksheet('重点任务');
    if (ws) ws.getRow(3).getCell(7).value = null;
    wb.getWorksheet('方案')?.eachRow((row) => {
      if (row.getCell(1).value === 'documentNumber') row.getCell(3).value = '阳政办函〔2023〕36号-坏';
    });
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/programmes/import.xlsx',
      headers: { ...auth(tokens.planner ?? ''), 'content-type': XLSX_TYPE },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(broken.statusCode).toBe(400);
    expect(json(broken)).toMatchObject({
      code: 'PROGRAMME_IMPORT_INVALID',
      details: [{ sheet: '重点任务', row: 3, field: 'leadUnits' }],
    });
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/v1/programmes/import.xlsx',
      headers: { ...auth(tokens.planner ?? ''), 'content-type': XLSX_TYPE },
      payload: Buffer.from('not a workbook'),
    });
    expect(garbage.statusCode).toBe(400);
    expect(json(garbage)).toMatchObject({ code: 'IMPORT_FILE_INVALID' });
  });

  it('reminds each unit once per period before the due date', async () => {
    const year = Number(t.clock.now.toISOString().slice(0, 4));
    // 7 January: the fourth quarter's reports are due on 10 January, reminders go out from the 5th.
    const deps = { ...t.deps, now: () => new Date(`${year + 1}-01-07T02:00:00Z`) };
    const sent = await sendProgrammeReminders(deps);
    expect(sent).toBeGreaterThan(0);
    expect(await sendProgrammeReminders(deps)).toBe(0);
    const notes = json<{ items: { kind: string; title: string; body: string }[] }>(
      await get('zhujian', '/api/v1/notifications?pageSize=50'),
    );
    const note = notes.items.find((n) => n.kind === 'programme.report_due' && n.title.includes(`${year}-Q4`));
    expect(note?.body).toContain(`${year + 1}-01-10`);
    expect(note?.body).toContain('市住建局');
  });

  it('a county user sees the city’s programme but not 晋城’s; the admin of the city neither', async () => {
    for (const u of ['pingding', 'admin']) {
      const list = json<{ items: Programme[] }>(await get(u, '/api/v1/programmes'));
      expect(list.items.map((p) => p.documentNumber)).toContain('阳政办函〔2023〕36号');
      expect(list.items.map((p) => p.documentNumber)).not.toContain('晋市安委办发〔2023〕33号');
    }
    // the province's bureau sees both cities' programmes
    const province = json<{ items: Programme[] }>(await get('shanxi', '/api/v1/programmes'));
    expect(province.items.map((p) => p.documentNumber)).toEqual(
      expect.arrayContaining(['阳政办函〔2023〕36号', '晋市安委办发〔2023〕33号']),
    );
  });

  it('concurrent reports by two lead units leave the task’s progress computed from both', async () => {
    const all = await tasksOf('planner');
    const eight = all.items.find((x) => x.number === '(8)');
    expect(names(eight?.leadUnits ?? [])).toEqual(expect.arrayContaining(['市住建局', '市消防救援支队']));
    const post = (u: string, percentComplete: number) =>
      req('POST', u, `/api/v1/tasks/${eight?.id}/progress`, { text: `并发报送 ${percentComplete}%`, percentComplete });
    const [a, b] = await Promise.all([post('fire', 40), post('zhujian', 100)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    // Every other lead unit is at 100 %: the lowest latest report is the fire brigade's 40 %.
    const detail = json<Task>(await get('planner', `/api/v1/programme-tasks/${eight?.id}`));
    expect(detail).toMatchObject({ percentComplete: 40, status: 'late' });
    await post('fire', 100);
    const done = json<Task>(await get('planner', `/api/v1/programme-tasks/${eight?.id}`));
    expect(done).toMatchObject({ percentComplete: 100, status: 'completed' });
  });

  it('documents every programme route in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(json<{ paths: Record<string, unknown> }>(res).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/programmes',
        '/api/v1/programmes/{id}/indicators',
        '/api/v1/programmes/{id}/tasks',
        '/api/v1/programmes/{id}/dashboard',
        '/api/v1/tasks/{id}/progress',
        '/api/v1/programmes/{id}/evaluations',
        '/api/v1/programme-statistics',
      ]),
    );
  });
});
