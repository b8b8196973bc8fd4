import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';
import { checkTaskOverdue, sendDrillReminders } from './index.js';

interface Plan {
  id: string;
  title: string;
  kind: string;
  ownerOrgId: string;
  divisionCode: string;
  actions: { id: string; departmentOrgId: string; level: string; action: string }[];
}
interface Match {
  planId: string;
  title: string;
  level: string | null;
  matched: { field: string; op: string; value: unknown }[];
  taskCount: number;
}
interface Task {
  id: string;
  actionId: string;
  departmentOrgId: string;
  departmentName: string;
  level: string;
  status: string;
  overdue: boolean;
  dueAt: string;
}
interface Board {
  id: string;
  level: string;
  status: string;
  tasks: Task[];
  log: { kind: string; text: string }[];
  summary: { tasks: number; done: number; cancelled: number; doneOnTime: number } | null;
  taskCounts: { open: number; done: number; overdue: number; cancelled: number };
}

const RANK: Record<string, number> = { I: 4, II: 3, III: 2, IV: 1 };

describe.each(ENGINES)('plans, graded response and drills on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let hazchem: Plan;
  let fireOrgId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { demoResources: false });
    for (const u of ['admin', 'commander', 'fire', 'pingding', 'yuxian', 'enterprise', 'duty'])
      tokens[u] = await loginAs(t.app, u);
    const list = json<{ items: Plan[] }>(
      await get('commander', `/api/v1/plans?q=${encodeURIComponent('危险化学品事故')}&pageSize=50`),
    );
    const found = list.items.find((p) => p.title === '阳泉市危险化学品事故应急预案');
    if (!found) throw new Error('demo hazchem plan missing');
    hazchem = found;
    fireOrgId = json<{ user: { orgId: string } }>(await get('fire', '/api/v1/auth/me')).user.orgId;
  });
  afterAll(async () => t?.close());

  const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', u: string, url: string, body?: unknown) =>
    t.app.inject({ method, url, headers: auth(tokens[u] ?? ''), ...(body ? { payload: body as object } : {}) });
  const get = (u: string, url: string) => req('GET', u, url);
  const hazchemIncident = async (deaths: number, divisionCode = '140300', extra: Record<string, unknown> = {}) => {
    const r = await req('POST', 'duty', '/api/v1/incidents', {
      category: 'accident',
      type: 'hazchem',
      title: `危化品泄漏事故 ${deaths} 死`,
      occurredAt: new Date(t.clock.now.getTime() - 600_000).toISOString(),
      source: 'phone',
      divisionCode,
      location: { lon: 113.58, lat: 37.86 },
      casualties: { deaths, missing: 0, seriousInjuries: 0, minorInjuries: 0 },
      ...extra,
    });
    expect(r.statusCode).toBe(201);
    return json<{ id: string }>(r).id;
  };

  it('matches a hazchem accident with 3 deaths to the hazchem plan at level III, naming the trigger', async () => {
    const incidentId = await hazchemIncident(3);
    const r = await get('commander', `/api/v1/plans/match?incidentId=${incidentId}`);
    expect(r.statusCode).toBe(200);
    const items = json<{ items: Match[] }>(r).items;
    const m = items.find((x) => x.planId === hazchem.id);
    expect(m?.level).toBe('III');
    expect(m?.matched).toEqual([{ field: 'deaths', op: '>=', value: 3 }]);
    // Ⅲ plus the Ⅳ actions below it.
    const expected = hazchem.actions.filter((a) => (RANK[a.level] ?? 0) <= RANK.III!).length;
    expect(m?.taskCount).toBe(expected);
    expect(expected).toBe(7);
    // The flood plan's scope (natural disasters) does not fit; the overall plan (all categories) does, by grade.
    expect(items.some((x) => x.title === '阳泉市防汛应急预案')).toBe(false);
    expect(items.find((x) => x.title === '阳泉市突发事件总体应急预案')?.level).toBe('III');
    // Matching plans with a level come before those without; the highest level first.
    const ranks = items.map((x) => (x.level ? RANK[x.level]! : 0));
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it('in a county, matches the county plan too; evacuated >= 1000 raises the hazchem plan to III without deaths', async () => {
    const incidentId = await hazchemIncident(0, '140321', { evacuated: 1000 });
    const items = json<{ items: Match[] }>(await get('pingding', `/api/v1/plans/match?incidentId=${incidentId}`)).items;
    expect(items.find((x) => x.planId === hazchem.id)).toMatchObject({
      level: 'III',
      matched: [{ field: 'evacuated', op: '>=', value: 1000 }],
    });
    expect(items.find((x) => x.title === '平定县危险化学品事故应急预案')).toMatchObject({
      level: 'IV',
      matched: [{ field: 'evacuated', op: '>=', value: 100 }],
    });
    const below = await hazchemIncident(0, '140321', { evacuated: 999 });
    const b = json<{ items: Match[] }>(await get('pingding', `/api/v1/plans/match?incidentId=${below}`)).items;
    expect(b.find((x) => x.planId === hazchem.id)?.level).toBe('IV');
    // Another county cannot see the incident at all.
    const foreign = await get('yuxian', `/api/v1/plans/match?incidentId=${incidentId}`);
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).code).toBe('INCIDENT_NOT_FOUND');
  });

  it('activation creates exactly the tasks of the level; raising adds without duplicates; lowering cancels; ending closes', async () => {
    const incidentId = await hazchemIncident(3);
    const res = await req('POST', 'commander', `/api/v1/incidents/${incidentId}/responses`, {
      planId: hazchem.id,
      level: 'III',
    });
    expect(res.statusCode).toBe(201);
    const board = json<Board>(res);
    const atIII = hazchem.actions.filter((a) => RANK[a.level]! <= RANK.III!);
    expect(board.tasks.map((x) => x.actionId).sort()).toEqual(atIII.map((a) => a.id).sort());
    for (const task of board.tasks) {
      const a = hazchem.actions.find((x) => x.id === task.actionId);
      expect(task.departmentOrgId).toBe(a?.departmentOrgId);
      expect(task.status).toBe('pending');
    }
    expect(board.log[0]?.kind).toBe('activated');

    // The incident's timeline says so.
    const inc = json<{ timeline: { kind: string; text: string }[] }>(
      await get('commander', `/api/v1/incidents/${incidentId}`),
    );
    expect(inc.timeline.some((e) => e.kind === 'response' && e.text.includes('Ⅲ级') && e.text.includes('7'))).toBe(
      true,
    );

    // A second activation of the same plan is refused.
    const again = await req('POST', 'commander', `/api/v1/incidents/${incidentId}/responses`, {
      planId: hazchem.id,
      level: 'II',
    });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('RESPONSE_ALREADY_ACTIVE');

    // The fire brigade's liaison was notified.
    const notes = json<{ items: { kind: string }[] }>(await get('fire', '/api/v1/notifications'));
    expect(notes.items.some((n) => n.kind === 'response.task_assigned')).toBe(true);

    // Finish one task, then raise to II: the II actions are added, nothing is duplicated.
    const fireTask = board.tasks.find((x) => x.departmentOrgId === fireOrgId);
    expect(fireTask).toBeDefined();
    const done = await req('PATCH', 'fire', `/api/v1/tasks/${fireTask?.id}`, { status: 'done', report: '已控制泄漏' });
    expect(done.statusCode).toBe(200);
    const up = json<Board>(await req('PATCH', 'commander', `/api/v1/responses/${board.id}`, { level: 'II' }));
    expect(up.level).toBe('II');
    const live = up.tasks.filter((x) => x.status !== 'cancelled');
    const atII = hazchem.actions.filter((a) => RANK[a.level]! <= RANK.II!);
    expect(live.map((x) => x.actionId).sort()).toEqual(atII.map((a) => a.id).sort());
    expect(new Set(live.map((x) => x.actionId)).size).toBe(live.length);
    expect(up.tasks.find((x) => x.id === fireTask?.id)?.status).toBe('done');

    // Lower back to III: the II tasks are cancelled, the done one stays done.
    const down = json<Board>(await req('PATCH', 'commander', `/api/v1/responses/${board.id}`, { level: 'III' }));
    const cancelled = down.tasks.filter((x) => x.status === 'cancelled');
    expect(cancelled.map((x) => x.level).sort()).toEqual(['II', 'II', 'II']);
    expect(down.tasks.find((x) => x.id === fireTask?.id)?.status).toBe('done');
    const same = await req('PATCH', 'commander', `/api/v1/responses/${board.id}`, { level: 'III' });
    expect(json(same).code).toBe('RESPONSE_SAME_LEVEL');

    // End: open tasks are cancelled, the summary counts them.
    const ended = json<Board>(
      await req('POST', 'commander', `/api/v1/responses/${board.id}/end`, { note: '现场处置完毕' }),
    );
    expect(ended.status).toBe('ended');
    expect(ended.tasks.filter((x) => ['pending', 'acknowledged', 'in_progress'].includes(x.status))).toEqual([]);
    expect(ended.summary).toMatchObject({ tasks: 10, done: 1, doneOnTime: 1, cancelled: 9 });
    const late = await req('PATCH', 'commander', `/api/v1/responses/${board.id}`, { level: 'II' });
    expect(late.statusCode).toBe(409);
    expect(json(late).code).toBe('RESPONSE_ENDED');
    const audit = json<{ items: { action: string }[] }>(
      await get('admin', `/api/v1/audit?entity=response&id=${board.id}`),
    );
    expect(audit.items.map((a) => a.action).sort()).toEqual([
      'response.activate',
      'response.change_level',
      'response.change_level',
      'response.end',
    ]);
  });

  it('a department sees and updates only its own tasks, forward only', async () => {
    const incidentId = await hazchemIncident(4);
    const board = json<Board>(
      await req('POST', 'commander', `/api/v1/incidents/${incidentId}/responses`, { planId: hazchem.id, level: 'III' }),
    );
    const mine = json<{ items: Task[]; total: number }>(await get('fire', `/api/v1/tasks?responseId=${board.id}`));
    expect(mine.total).toBe(board.tasks.filter((x) => x.departmentOrgId === fireOrgId).length);
    expect(mine.items.every((x) => x.departmentOrgId === fireOrgId)).toBe(true);
    // Asking for another department's tasks still yields only its own.
    const other = board.tasks.find((x) => x.departmentOrgId !== fireOrgId)!;
    const sneaky = json<{ total: number }>(await get('fire', `/api/v1/tasks?departmentOrgId=${other.departmentOrgId}`));
    expect(sneaky.total).toBe(0);
    const denied = await req('PATCH', 'fire', `/api/v1/tasks/${other.id}`, { status: 'acknowledged' });
    expect(denied.statusCode).toBe(404);
    expect(json(denied).code).toBe('TASK_NOT_FOUND');

    const own = mine.items[0]!;
    const ack = await req('PATCH', 'fire', `/api/v1/tasks/${own.id}`, { status: 'acknowledged' });
    expect(ack.statusCode).toBe(200);
    expect(json(ack)).toMatchObject({ status: 'acknowledged', departmentName: '市消防救援支队' });
    const prog = json<Task>(
      await req('PATCH', 'fire', `/api/v1/tasks/${own.id}`, { status: 'in_progress', report: '已到场' }),
    );
    expect(prog).toMatchObject({ status: 'in_progress', lastReport: '已到场' });
    const back = await req('PATCH', 'fire', `/api/v1/tasks/${own.id}`, { status: 'acknowledged' });
    expect(back.statusCode).toBe(409);
    expect(json(back).code).toBe('TASK_STATUS_BACKWARDS');
    const empty = await req('PATCH', 'fire', `/api/v1/tasks/${own.id}`, {});
    expect(empty.statusCode).toBe(400);
    // A liaison cannot change the level.
    const lvl = await req('PATCH', 'fire', `/api/v1/responses/${board.id}`, { level: 'II' });
    expect(lvl.statusCode).toBe(403);
    expect(json(lvl).code).toBe('FORBIDDEN');
    const b = json<Board>(await get('commander', `/api/v1/responses/${board.id}`));
    expect(b.log.some((l) => l.kind === 'task' && l.text.includes('已到场'))).toBe(true);
  });

  it('an unfinished task past its due time is overdue once, and notifies', async () => {
    const incidentId = await hazchemIncident(3);
    const board = json<Board>(
      await req('POST', 'commander', `/api/v1/incidents/${incidentId}/responses`, { planId: hazchem.id, level: 'IV' }),
    );
    const first = [...board.tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0]!;
    expect(await checkTaskOverdue(t.deps, first.id)).toBe(false);
    t.clock.advance(16 * 60_000);
    expect(await checkTaskOverdue(t.deps, first.id)).toBe(true);
    expect(await checkTaskOverdue(t.deps, first.id)).toBe(false);
    const after = json<Board>(await get('commander', `/api/v1/responses/${board.id}`));
    expect(after.tasks.find((x) => x.id === first.id)?.overdue).toBe(true);
    expect(after.taskCounts.overdue).toBeGreaterThanOrEqual(1);
    expect(after.log.some((l) => l.kind === 'overdue')).toBe(true);
    const notes = json<{ items: { kind: string }[] }>(await get('commander', '/api/v1/notifications'));
    expect(notes.items.some((n) => n.kind === 'response.task_overdue')).toBe(true);
  });

  it('two commanders activating at once: one response, one refusal', async () => {
    const incidentId = await hazchemIncident(5);
    const body = { planId: hazchem.id, level: 'III' };
    const [a, b] = await Promise.all([
      req('POST', 'commander', `/api/v1/incidents/${incidentId}/responses`, body),
      req('POST', 'admin', `/api/v1/incidents/${incidentId}/responses`, body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const list = json<{ total: number }>(await get('commander', `/api/v1/incidents/${incidentId}/responses`));
    expect(list.total).toBe(1);
  });

  it('validates plans: triggers, levels, owners and departments', async () => {
    const base = {
      kind: 'special',
      title: '测试预案',
      ownerOrgId: hazchem.ownerOrgId,
      divisionCode: '140300',
      status: 'published',
      publishedAt: '2026-01-05',
    };
    const bad = await req('POST', 'commander', '/api/v1/plans', {
      ...base,
      levels: [{ level: 'III', triggers: [{ field: 'deaths', op: '>=', value: 'three' }] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(json(bad).details)).toContain('levels');
    const dup = await req('POST', 'commander', '/api/v1/plans', {
      ...base,
      levels: [
        { level: 'III', triggers: [{ field: 'deaths', op: '>=', value: 3 }] },
        { level: 'III', triggers: [{ field: 'deaths', op: '>=', value: 1 }] },
      ],
    });
    expect(dup.statusCode).toBe(400);
    expect(JSON.stringify(json(dup).details)).toContain('each response level appears once');
    const ghost = await req('POST', 'commander', '/api/v1/plans', {
      ...base,
      actions: [
        { departmentOrgId: '00000000-0000-4000-8000-000000000000', action: 'x', withinMinutes: 5, level: 'IV' },
      ],
    });
    expect(ghost.statusCode).toBe(400);
    expect(json(ghost).code).toBe('PLAN_DEPARTMENT_INVALID');
    const notMine = await req('POST', 'enterprise', '/api/v1/plans', { ...base, divisionCode: '140321' });
    expect(notMine.statusCode).toBe(403);
    expect(json(notMine).code).toBe('PLAN_OWNER_ONLY');

    const ok = await req('POST', 'commander', '/api/v1/plans', {
      ...base,
      levels: [{ level: 'IV', triggers: [{ field: 'type', op: 'in', value: ['hazchem', 'fire'] }] }],
      actions: [{ departmentOrgId: fireOrgId, action: '出动', withinMinutes: 10, level: 'IV' }],
    });
    expect(ok.statusCode).toBe(201);
    const created = json<Plan & { filingDueBy: string }>(ok);
    // 2026-01-05 is a Monday: 20 working days later is Monday 2 February.
    expect(created.filingDueBy).toBe('2026-02-02');
    expect(created.actions[0]?.id).toBe('a1');
    // Editing keeps the action's id and gives a new action the next one.
    const put = await req('PUT', 'commander', `/api/v1/plans/${created.id}`, {
      actions: [
        { ...created.actions[0], action: '出动两车' },
        { departmentOrgId: fireOrgId, action: '侦检', withinMinutes: 20, level: 'IV' },
      ],
    });
    expect(put.statusCode).toBe(200);
    // A partial update changes only what it sends.
    expect(json(put)).toMatchObject({ status: 'published', levels: [{ level: 'IV' }], title: '测试预案' });
    expect(json<Plan>(put).actions.map((a) => [a.id, a.action])).toEqual([
      ['a1', '出动两车'],
      ['a2', '侦检'],
    ]);
    // An undefined level cannot be activated.
    const incidentId = await hazchemIncident(1);
    const lv = await req('POST', 'commander', `/api/v1/incidents/${incidentId}/responses`, {
      planId: created.id,
      level: 'I',
    });
    expect(json(lv).code).toBe('PLAN_LEVEL_UNDEFINED');
    expect(lv.statusCode).toBe(400);
    // A county sees the city's plans (it works under them) but cannot edit them.
    expect((await get('pingding', `/api/v1/plans/${created.id}`)).statusCode).toBe(200);
    const edit = await req('PUT', 'pingding', `/api/v1/plans/${created.id}`, { title: '改' });
    expect(edit.statusCode).toBe(404);
    // The other county's plans stay invisible to Pingding.
    const yuxianPlan = await req('POST', 'yuxian', '/api/v1/plans', {
      ...base,
      title: '盂县防汛预案',
      ownerOrgId: json<{ user: { orgId: string } }>(await get('yuxian', '/api/v1/auth/me')).user.orgId,
      divisionCode: '140322',
    });
    expect(yuxianPlan.statusCode).toBe(201);
    expect((await get('pingding', `/api/v1/plans/${json<Plan>(yuxianPlan).id}`)).statusCode).toBe(404);
  });

  it('records drills against its own plans and computes compliance per organisation', async () => {
    const me = json<{ user: { orgId: string } }>(await get('enterprise', '/api/v1/auth/me')).user;
    const own = json<{ items: Plan[] }>(await get('enterprise', `/api/v1/plans?ownerOrgId=${me.orgId}`)).items;
    expect(own.length).toBe(5);
    const special = own.find((p) => p.title === '华鑫煤化工火灾爆炸专项应急预案')!;
    const asOf = t.clock.now.toISOString().slice(0, 10);

    const before = json<{ ruleSet: string; items: { requirement: string; planId?: string; status: string }[] }>(
      await get('enterprise', `/api/v1/drills/compliance?orgId=${me.orgId}&asOf=${asOf}`),
    );
    expect(before.ruleSet).toBe('high_risk');
    // One half-year item, one per special plan (2), one per on-site plan (2).
    expect(before.items.map((i) => i.requirement).sort()).toEqual([
      'halfyear_comprehensive_or_special',
      'onsite_plan',
      'onsite_plan',
      'special_plan',
      'special_plan',
    ]);

    const future = await req('POST', 'enterprise', '/api/v1/drills', {
      orgId: me.orgId,
      planIds: [special.id],
      date: '2099-01-01',
      kind: 'functional',
    });
    expect(json(future).code).toBe('DRILL_DATE_FUTURE');
    const foreign = await req('POST', 'enterprise', '/api/v1/drills', {
      orgId: me.orgId,
      planIds: [hazchem.id],
      date: asOf,
      kind: 'functional',
    });
    expect(foreign.statusCode).toBe(400);
    expect(json(foreign).code).toBe('DRILL_PLAN_INVALID');

    const rec = await req('POST', 'enterprise', '/api/v1/drills', {
      orgId: me.orgId,
      planIds: [special.id],
      date: asOf,
      kind: 'full_scale',
      participants: 60,
      problems: ['消防水炮压力不足'],
      followUps: [{ action: '检修消防泵', owner: '设备部', dueDate: asOf }],
    });
    expect(rec.statusCode).toBe(201);
    expect(json(rec)).toMatchObject({ planTitles: [special.title], followUps: [{ done: false }] });

    const after = json<{ items: { requirement: string; planId?: string; status: string; lastDrillAt: string }[] }>(
      await get('enterprise', `/api/v1/drills/compliance?orgId=${me.orgId}&asOf=${asOf}`),
    );
    expect(after.items.find((i) => i.planId === special.id)).toMatchObject({ status: 'ok', lastDrillAt: asOf });
    expect(after.items.find((i) => i.requirement === 'halfyear_comprehensive_or_special')?.status).toBe('ok');

    // The organisations list: the enterprise's gas-holder on-site plan was last drilled 420 days ago, so its
    // half-yearly requirement is overdue; a department with no plan of its own owes no drill and is not listed.
    const orgs = json<{ items: { orgName: string; overdue: number; ruleSet: string }[] }>(
      await get('commander', `/api/v1/drills/compliance/orgs?asOf=${asOf}&onlyOverdue=true&pageSize=200`),
    );
    expect(orgs.items.find((o) => o.orgName === '阳泉华鑫煤化工有限公司')).toMatchObject({ ruleSet: 'high_risk' });
    expect(orgs.items.find((o) => o.orgName === '阳泉华鑫煤化工有限公司')?.overdue).toBeGreaterThanOrEqual(1);
    expect(orgs.items.map((o) => o.orgName)).not.toContain('市公安局');
    expect(orgs.items.every((o) => o.overdue > 0)).toBe(true);
    // A county sees only its own organisations.
    const county = json<{ items: { orgName: string }[] }>(
      await get('pingding', '/api/v1/drills/compliance/orgs?pageSize=200'),
    );
    expect(county.items.map((o) => o.orgName)).not.toContain('盂县应急局');
  });

  it('reminds a requirement due within 30 days once', async () => {
    const me = json<{ user: { orgId: string } }>(await get('enterprise', '/api/v1/auth/me')).user;
    // A special plan published 2 years less 10 days ago must be drilled within 10 days (high-risk: every 2 years).
    const d = new Date(t.clock.now);
    d.setUTCFullYear(d.getUTCFullYear() - 2);
    d.setUTCDate(d.getUTCDate() + 10);
    const created = await req('POST', 'enterprise', '/api/v1/plans', {
      kind: 'enterprise_special',
      title: '华鑫煤化工停电事故专项应急预案',
      ownerOrgId: me.orgId,
      divisionCode: '140321',
      status: 'published',
      publishedAt: d.toISOString().slice(0, 10),
    });
    expect(created.statusCode).toBe(201);
    expect(await sendDrillReminders(t.deps)).toBeGreaterThanOrEqual(1);
    expect(await sendDrillReminders(t.deps)).toBe(0);
    const notes = json<{ items: { kind: string; body: string }[] }>(await get('enterprise', '/api/v1/notifications'));
    const mine = notes.items.filter((n) => n.kind === 'drill.due_soon' && n.body.includes('停电事故专项'));
    expect(mine).toHaveLength(1);
  });
});
