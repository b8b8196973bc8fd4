import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';
import { checkOverdue, OVERDUE_JOB } from './incidents.service.js';

interface Step {
  level: string;
  dueAt: string;
  reportedAt: string | null;
  status: string;
}
interface Inc {
  id: string;
  number: string;
  grade: string | null;
  divisionCode: string;
  receivingLevel: string;
  reportingChain: Step[];
  supplementUntil: string | null;
  investigation: { level: string; dueAt: string } | null;
  casualties: { deaths: number; missing: number; seriousInjuries: number; minorInjuries: number };
  warnings: { code: string; message: string }[];
  flags: string[];
  status: string;
  isOverdue: boolean;
  timeline?: { kind: string; applied: boolean; gradeBefore: string | null; gradeAfter: string | null }[];
}
interface List<T> {
  items: T[];
  total: number;
}

const H = 3600_000;

describe.each(ENGINES)('incidents on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp(engine);
    for (const u of ['admin', 'duty', 'pingding', 'yuxian', 'fire', 'enterprise']) tokens[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  const post = (user: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(tokens[user] ?? ''), payload: payload as object });
  const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(tokens[user] ?? '') });

  const accident = (over: Record<string, unknown> = {}) => ({
    category: 'accident',
    type: 'mine',
    title: '平定县某煤矿顶板事故',
    occurredAt: new Date(t.clock.now.getTime() - 30 * 60_000).toISOString(),
    source: 'phone',
    divisionCode: '140321',
    location: { lon: 113.63, lat: 37.79, address: '平定县冠山镇' },
    casualties: { deaths: 4, missing: 0, seriousInjuries: 1, minorInjuries: 2 },
    directLossYuan: 3_000_000,
    description: '井下顶板冒落',
    ...over,
  });

  it('a county duty desk records an accident with 4 deaths: 较大, chain city → province, 2-hour steps', async () => {
    const res = await post('pingding', '/api/v1/incidents', accident());
    expect(res.statusCode).toBe(201);
    const inc = json<Inc>(res);
    expect(inc.number).toMatch(/^SJ-\d{4}-\d{6}$/);
    expect(inc.grade).toBe('larger');
    expect(inc.receivingLevel).toBe('county');
    expect(inc.reportingChain.map((s) => s.level)).toEqual(['city', 'province']);
    const received = new Date(json<{ receivedAt: string }>(res).receivedAt).getTime();
    expect(new Date(inc.reportingChain[0]!.dueAt).getTime() - received).toBe(2 * H);
    expect(new Date(inc.reportingChain[1]!.dueAt).getTime() - received).toBe(4 * H);
    expect(inc.reportingChain.every((s) => s.reportedAt === null && s.status === 'pending')).toBe(true);
    expect(inc.investigation?.level).toBe('city');
    expect(inc.warnings).toEqual([]);
    // the overdue checks are durable jobs, one per step
    const jobs = await t.deps.database.withConnection((q) =>
      q(`SELECT key, run_at FROM job WHERE kind = $1 AND payload->>'incidentId' = $2 ORDER BY run_at`, [
        OVERDUE_JOB,
        inc.id,
      ]),
    );
    expect(jobs).toHaveLength(2);
  });

  it('a continuation raising deaths to 11 turns it 重大, adds the national step and keeps the timeline', async () => {
    const inc = json<Inc>(await post('pingding', '/api/v1/incidents', accident({ title: '续报测试' })));
    const res = await post('pingding', `/api/v1/incidents/${inc.id}/updates`, {
      kind: 'continuation',
      casualties: { deaths: 11, missing: 0, seriousInjuries: 1, minorInjuries: 2 },
      text: '搜救发现遇难者增至11人',
    });
    expect(res.statusCode).toBe(201);
    const after = json<Inc>(res);
    expect(after.grade).toBe('major');
    expect(after.casualties.deaths).toBe(11);
    expect(after.reportingChain.map((s) => s.level)).toEqual(['city', 'province', 'national']);
    expect(after.investigation?.level).toBe('province');
    const detail = json<Inc>(await get('duty', `/api/v1/incidents/${inc.id}`));
    expect(detail.timeline?.map((e) => [e.kind, e.gradeBefore, e.gradeAfter])).toEqual([
      ['report', null, 'larger'],
      ['continuation', 'larger', 'major'],
    ]);
  });

  it('2 dead and 1 missing count as 3 deaths (死亡（含失踪）): 较大', async () => {
    const inc = json<Inc>(
      await post(
        'pingding',
        '/api/v1/incidents',
        accident({ casualties: { deaths: 2, missing: 1, seriousInjuries: 0, minorInjuries: 0 } }),
      ),
    );
    expect(inc.grade).toBe('larger');
  });

  it('escalation fills reportedAt and re-computes the later deadline', async () => {
    const inc = json<Inc>(await post('pingding', '/api/v1/incidents', accident({ title: '上报测试' })));
    const at = new Date(new Date(inc.reportingChain[0]!.dueAt).getTime() - 90 * 60_000); // 30 min after receipt
    const res = await post('pingding', `/api/v1/incidents/${inc.id}/escalations`, {
      level: 'city',
      at: at.toISOString(),
    });
    expect(res.statusCode).toBe(201);
    const after = json<Inc>(res);
    expect(after.reportingChain[0]).toMatchObject({ level: 'city', reportedAt: at.toISOString(), status: 'reported' });
    expect(new Date(after.reportingChain[1]!.dueAt).getTime()).toBe(at.getTime() + 2 * H);
    const bad = await post('pingding', `/api/v1/incidents/${inc.id}/escalations`, { level: 'national' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).code).toBe('ESCALATION_LEVEL_INVALID');
  });

  it('a casualty change after the supplement window is kept as a note, with a warning (art. 13)', async () => {
    const occurred = new Date(t.clock.now.getTime() - 8 * 24 * H); // a fire 8 days ago: 7-day window closed
    const inc = json<Inc>(
      await post(
        'pingding',
        '/api/v1/incidents',
        accident({
          type: 'fire',
          title: '火灾补报测试',
          occurredAt: occurred.toISOString(),
          casualties: { deaths: 1, missing: 0, seriousInjuries: 0, minorInjuries: 0 },
        }),
      ),
    );
    expect(inc.grade).toBe('general');
    expect(new Date(inc.supplementUntil ?? '').getTime()).toBe(occurred.getTime() + 7 * 24 * H);
    const res = await post('pingding', `/api/v1/incidents/${inc.id}/updates`, {
      kind: 'supplement',
      casualties: { deaths: 5, missing: 0, seriousInjuries: 0, minorInjuries: 0 },
      text: '医院救治无效死亡4人',
    });
    const after = json<Inc>(res);
    expect(after.casualties.deaths).toBe(1);
    expect(after.grade).toBe('general');
    expect(after.warnings.map((w) => w.code)).toEqual(['SUPPLEMENT_WINDOW_CLOSED']);
    expect(after.warnings[0]?.message).toMatch(/补报期限/);
    const detail = json<Inc>(await get('pingding', `/api/v1/incidents/${inc.id}`));
    expect(detail.timeline?.at(-1)).toMatchObject({ kind: 'supplement', applied: false });
  });

  it('an enterprise report more than an hour after the accident is flagged late (art. 9)', async () => {
    const occurred = new Date(t.clock.now.getTime() - 2 * H);
    const res = await post(
      'enterprise',
      '/api/v1/incidents',
      accident({ source: 'enterprise', type: 'hazchem', occurredAt: occurred.toISOString(), title: '企业直报测试' }),
    );
    expect(res.statusCode).toBe(201);
    const inc = json<Inc>(res);
    expect(inc.flags).toContain('enterprise_report_late');
    expect(inc.warnings.map((w) => w.code)).toContain('ENTERPRISE_REPORT_LATE');
  });

  it('other categories carry the grade a user assigns, with who and why', async () => {
    const res = await post('pingding', '/api/v1/incidents', {
      ...accident({ category: 'natural_disaster', type: 'flood', title: '山洪' }),
    });
    const inc = json<Inc>(res);
    expect(inc.grade).toBeNull();
    expect(inc.reportingChain).toEqual([]);
    expect(inc.warnings.map((w) => w.code)).toEqual(['GRADE_PENDING']);
    const graded = await post('pingding', `/api/v1/incidents/${inc.id}/grade`, {
      grade: 'larger',
      reason: '按县防汛应急预案',
    });
    expect(graded.statusCode).toBe(200);
    expect(json<Inc>(graded).grade).toBe('larger');
    expect(json<Inc>(graded).reportingChain.map((s) => s.level)).toEqual(['city', 'province']);
    const acc = json<Inc>(await post('pingding', '/api/v1/incidents', accident({ title: '事故不能手工定级' })));
    const refused = await post('pingding', `/api/v1/incidents/${acc.id}/grade`, { grade: 'major', reason: 'x' });
    expect(refused.statusCode).toBe(400);
    expect(json(refused).code).toBe('INCIDENT_GRADE_BY_REGULATION');
  });

  it('scope: 盂县 sees none of 平定县 incidents and gets 404 on one; the city sees them all', async () => {
    const pd = json<List<Inc>>(await get('pingding', '/api/v1/incidents?pageSize=200'));
    expect(pd.total).toBeGreaterThan(0);
    const yx = json<List<Inc>>(await get('yuxian', '/api/v1/incidents?pageSize=200'));
    expect(yx.items.filter((i) => i.divisionCode.startsWith('140321'))).toEqual([]);
    const one = pd.items[0]!;
    expect(json(await get('yuxian', `/api/v1/incidents/${one.id}`))).toMatchObject({ code: 'INCIDENT_NOT_FOUND' });
    expect((await post('yuxian', `/api/v1/incidents/${one.id}/updates`, { kind: 'note', text: 'x' })).statusCode).toBe(
      404,
    );
    const city = json<List<Inc>>(await get('duty', '/api/v1/incidents?pageSize=200'));
    expect(city.total).toBeGreaterThanOrEqual(pd.total);
    const out = await post('yuxian', '/api/v1/incidents', accident());
    expect(out.statusCode).toBe(403);
    expect(json(out).code).toBe('OUT_OF_SCOPE');
  });

  it('validation: an accident with an unknown type or a hand-set grade is refused naming the field', async () => {
    const res = await post('pingding', '/api/v1/incidents', accident({ type: 'volcano', grade: 'major' }));
    expect(res.statusCode).toBe(400);
    const paths = json<{ details: { path: string }[] }>(res)
      .details.map((d) => d.path)
      .sort();
    expect(paths).toEqual(['body.grade', 'body.type']);
    const neg = await post(
      'pingding',
      '/api/v1/incidents',
      accident({ casualties: { deaths: -1, missing: 0, seriousInjuries: 0, minorInjuries: 0 } }),
    );
    expect(neg.statusCode).toBe(400);
    expect(json<{ details: { path: string }[] }>(neg).details[0]?.path).toBe('body.casualties.deaths');
  });

  it('an overdue step notifies the late level once, through the durable job', async () => {
    const inc = json<Inc>(await post('pingding', '/api/v1/incidents', accident({ title: '超时测试' })));
    expect(await checkOverdue(t.deps, inc.id)).toBe(0); // not yet due
    t.clock.advance(2 * H + 5000);
    // two idle hours end every session: log in again
    for (const u of Object.keys(tokens)) tokens[u] = await loginAs(t.app, u);
    const board = json<List<Inc>>(await get('pingding', '/api/v1/incidents?status=open&pageSize=200'));
    expect(board.items.find((i) => i.id === inc.id)?.isOverdue).toBe(true);
    expect(await checkOverdue(t.deps, inc.id)).toBe(1);
    expect(await checkOverdue(t.deps, inc.id)).toBe(0); // exactly once per step
    const notes = json<List<{ id: string; title: string; entityId: string }>>(
      await get('pingding', '/api/v1/notifications?unread=true'),
    );
    expect(notes.items.filter((n) => n.entityId === inc.id)).toHaveLength(1);
    expect(notes.items[0]?.title).toContain('上报超时');
    // reading it is recorded: it leaves the unread list and the audit log says who read it
    const noteId = notes.items[0]!.id;
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${noteId}/read`,
      headers: auth(tokens.pingding ?? ''),
    });
    expect(read.statusCode).toBe(204);
    const unread = json<List<{ entityId: string }>>(await get('pingding', '/api/v1/notifications?unread=true'));
    expect(unread.items.filter((n) => n.entityId === inc.id)).toHaveLength(0);
    const trail = json<List<{ action: string; actorName: string; after: { readAt: string } }>>(
      await get('admin', `/api/v1/audit?entity=notification&id=${noteId}`),
    );
    expect(trail.items.map((a) => [a.action, a.actorName])).toEqual([['notification.read', 'pingding']]);
    expect(trail.items[0]?.after.readAt).toBeTruthy();
    // the city is not the late party for the city step
    const cityNotes = json<List<{ entityId: string }>>(await get('duty', '/api/v1/notifications'));
    expect(cityNotes.items.filter((n) => n.entityId === inc.id)).toHaveLength(0);
    t.clock.advance(-(2 * H + 5000));
    for (const u of Object.keys(tokens)) tokens[u] = await loginAs(t.app, u);
  });

  it('statistics, Excel export and the .docx report', async () => {
    const stats = json<List<{ key: string; label: string; incidents: number; deaths: number }>>(
      await get('duty', '/api/v1/incidents/stats?groupBy=grade'),
    );
    const larger = stats.items.find((s) => s.key === 'larger');
    expect(larger?.label).toBe('较大');
    const list = json<List<Inc>>(await get('duty', '/api/v1/incidents?grade=larger&pageSize=200'));
    expect(larger?.incidents).toBe(list.total);
    expect(larger?.deaths).toBe(list.items.reduce((s, i) => s + i.casualties.deaths, 0));
    const byMonth = await get('duty', '/api/v1/incidents/stats?groupBy=month');
    expect(byMonth.statusCode).toBe(200);
    const months = json<List<{ key: string; incidents: number }>>(byMonth);
    expect(months.items.every((m) => /^\d{4}-\d{2}$/.test(m.key))).toBe(true);
    const all = json<List<Inc>>(await get('duty', '/api/v1/incidents?pageSize=1'));
    expect(months.items.reduce((a, m) => a + m.incidents, 0)).toBe(all.total);
    const byDivision = json<List<{ key: string; label: string }>>(
      await get('duty', '/api/v1/incidents/stats?groupBy=division'),
    );
    expect(byDivision.items.find((s) => s.key === '140321')?.label).toBe('平定县');

    const xlsx = await get('duty', '/api/v1/incidents/export.xlsx?grade=larger');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.rowCount - 1).toBe(list.total);

    const inc = list.items[0]!;
    const docx = await get('duty', `/api/v1/incidents/${inc.id}/report.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toMatch(/wordprocessingml/);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const text = docx.rawPayload.toString('latin1');
    expect(text).toContain('word/document.xml');
  });

  it('duty roster: who is on duty now, with leaders on call; handover notes', async () => {
    const now = t.clock.now.getTime();
    const shift = (role: string, personName: string, from: number, to: number) =>
      post('duty', '/api/v1/duty/shifts', {
        role,
        personName,
        phone: '0353-1234567',
        startsAt: new Date(now + from * H).toISOString(),
        endsAt: new Date(now + to * H).toISOString(),
      });
    expect((await shift('officer', '张伟', -1, 7)).statusCode).toBe(201);
    expect((await shift('leader', '李局长', -1, 23)).statusCode).toBe(201);
    expect((await shift('officer', '下一班', 7, 15)).statusCode).toBe(201);
    const bad = await shift('officer', '倒置', 5, 1);
    expect(bad.statusCode).toBe(400);
    const nowOn = json<List<{ personName: string; role: string }>>(await get('duty', '/api/v1/duty/now'));
    expect(nowOn.items.map((s) => `${s.role}:${s.personName}`).sort()).toEqual(['leader:李局长', 'officer:张伟']);
    const h = await post('duty', '/api/v1/duty/handovers', {
      fromName: '张伟',
      toName: '王芳',
      text: '平定县煤矿事故仍在处置',
    });
    expect(h.statusCode).toBe(201);
    const hs = json<List<{ text: string }>>(await get('duty', '/api/v1/duty/handovers'));
    expect(hs.items[0]?.text).toBe('平定县煤矿事故仍在处置');
    expect((await get('pingding', '/api/v1/duty/now')).statusCode).toBe(200);
    expect(json<List<unknown>>(await get('pingding', '/api/v1/duty/now')).items).toEqual([]);
  });

  it('concurrent reports get distinct consecutive numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post('pingding', '/api/v1/incidents', accident({ title: `并发${i}` }))),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const nums = results.map((r) => Number(json<Inc>(r).number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(nums).size).toBe(10);
    expect((nums.at(-1) ?? 0) - (nums[0] ?? 0)).toBe(9);
  });
});
