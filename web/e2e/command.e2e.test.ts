/// <reference types="node" />
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, loginInPage, sleep, usePlatform } from './harness.js';

const platform = usePlatform();

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
});

async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live-indicator"][data-connected="true"]').waitFor({ timeout: 30_000 });
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });

interface CreatedIncident {
  status: number;
  body: { id?: string; number?: string; grade?: string | null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('command and graded response journey', () => {
  it('activates the hazchem plan at level Ⅲ from the incident, and a department acknowledges its task live', async () => {
    const errors: string[] = [];
    const commanderContext = await platform.browser.newContext({
      viewport: { width: 1600, height: 1000 },
      locale: 'zh-CN',
    });
    const fireContext = await platform.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });

    try {
      const commander = await loginInPage(platform.baseUrl, commanderContext, 'commander', errors);

      // A hazardous-chemicals accident with 3 deaths in the city, recorded through the API.
      const title = '阳泉某化工企业储罐泄漏爆炸事故';
      const created = await commander.evaluate(
        async (body): Promise<CreatedIncident> => {
          const res = await fetch('/api/v1/incidents', {
            method: 'POST',
            credentials: 'include',
            headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
            body: JSON.stringify(body),
          });
          return { status: res.status, body: (await res.json()) as CreatedIncident['body'] };
        },
        {
          category: 'accident',
          type: 'hazchem',
          title,
          occurredAt: new Date(Date.now() - 20 * 60_000).toISOString(),
          source: 'linkage_119',
          divisionCode: '140300',
          location: { lon: 113.58, lat: 37.86, address: '阳泉市城区化工园区' },
          casualties: { deaths: 3, missing: 0, seriousInjuries: 2, minorInjuries: 5 },
          evacuated: 300,
          description: '储罐区发生泄漏并引发爆炸，现场3人死亡。',
        },
      );
      expect(created.status).toBe(201);
      const incidentId = created.body.id ?? '';
      expect(incidentId).toMatch(UUID);
      expect(created.body.grade).toBe('larger');

      // The commander opens the incident: the hazchem plan matches at level Ⅲ.
      await commander.goto(`${platform.baseUrl}/incidents/${incidentId}`);
      const card = commander.getByTestId('incident-response-card');
      await card.waitFor({ state: 'visible' });
      const match = card.locator('[data-testid="plan-match"]', { hasText: '阳泉市危险化学品事故应急预案' });
      await match.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await match.getAttribute('data-level')).toBe('III');
      expect(await match.getByTestId('plan-match-level').innerText()).toContain('Ⅲ级');
      const triggers = await match.getByTestId('plan-match-trigger').allInnerTexts();
      expect(triggers).toContain('死亡人数 ≥ 3');
      const taskCount = Number(await match.getAttribute('data-task-count'));
      expect(taskCount).toBeGreaterThan(1);
      const countText = match.getByTestId('plan-match-task-count');
      await countText.waitFor({ state: 'visible' });
      expect(await countText.getAttribute('data-count')).toBe(String(taskCount));
      expect(await countText.innerText()).toContain(`${taskCount} 项任务`);
      expect(await match.getByTestId('plan-match-select').innerText()).toContain('Ⅲ级响应');
      expect(await card.innerText()).toContain('本事件尚未启动应急响应');
      await shot(commander, 'command-incident-match.png');

      // Activate with a note, confirm, and land on the board.
      await match.getByTestId('activate-response').click();
      await commander.getByTestId('activate-note').fill('经市应急局主要负责同志同意，启动Ⅲ级响应。');
      await commander.getByTestId('activate-confirm').click();
      await commander.waitForURL(/\/command\/[0-9a-f-]{36}$/, { timeout: 15_000 });
      const responseId = new URL(commander.url()).pathname.split('/').pop() ?? '';
      expect(responseId).toMatch(UUID);

      const board = commander.getByTestId('response-board');
      await board.waitFor({ state: 'visible' });
      expect(await commander.getByTestId('board-level').getAttribute('data-level')).toBe('III');
      expect(await commander.getByTestId('board-plan-title').innerText()).toBe('阳泉市危险化学品事故应急预案');
      expect(await commander.getByTestId('board-incident-title').innerText()).toBe(title);
      expect(await commander.getByTestId('board-incident-number').innerText()).toBe(created.body.number);
      expect(await commander.getByTestId('board-deaths').innerText()).toContain('3');
      expect(await commander.getByTestId('board-evacuated').innerText()).toContain('300');
      const rows = commander.locator('[data-testid="board-task-table"] tr[data-testid="task-row"]');
      await rows.first().waitFor({ state: 'visible' });
      expect(await rows.count()).toBe(taskCount);
      expect(await commander.getByTestId('board-count-open').getAttribute('data-count')).toBe(String(taskCount));
      const statuses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
      expect(new Set(statuses)).toEqual(new Set(['pending']));
      const departments = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-department')));
      expect(departments).toContain('市消防救援支队');
      expect(new Set(departments).size).toBeGreaterThan(1);
      // Rows of one department sit together.
      const seen: string[] = [];
      for (const d of departments) if (seen[seen.length - 1] !== d) seen.push(d ?? '');
      expect(seen.length).toBe(new Set(departments).size);
      // The activation is the first entry of the command log.
      const firstLog = commander.locator('[data-testid="command-log"] [data-testid="log-entry"]').first();
      expect(await firstLog.getAttribute('data-kind')).toBe('activated');
      expect(await firstLog.innerText()).toContain(`派发任务 ${taskCount} 项`);
      // The map shows the incident; nearby teams or a note when there is no road router.
      await commander.locator('[data-testid="board-map"] canvas').waitFor({ state: 'visible' });
      await commander
        .locator('[data-testid="board-nearest"], [data-testid="board-map-no-router"], [data-testid="board-map-error"]')
        .first()
        .waitFor({ state: 'visible', timeout: 20_000 });

      // A marker that a reload would wipe out, and the live stream open.
      await commander.evaluate(() => {
        (window as unknown as { __boardMarker?: number }).__boardMarker = 1;
      });
      await waitLive(commander);

      // The fire brigade's liaison opens 指挥调度 and acknowledges its task.
      const fire = await loginInPage(platform.baseUrl, fireContext, 'fire', errors);
      await fire.getByTestId('nav-command').click();
      await fire.waitForURL(`${platform.baseUrl}/command`);
      const myTasks = fire.getByTestId('my-tasks');
      await myTasks.waitFor({ state: 'visible' });
      const fireRow = myTasks.locator('tr[data-testid="task-row"]', { hasText: title }).first();
      await fireRow.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await fireRow.getAttribute('data-status')).toBe('pending');
      expect(await fireRow.getAttribute('data-department')).toBe('市消防救援支队');
      const taskId = (await fireRow.getAttribute('data-task-id')) ?? '';
      expect(taskId).toMatch(UUID);
      // Only the brigade's own tasks are listed.
      const fireDepartments = await myTasks
        .locator('tr[data-testid="task-row"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-department')));
      expect(new Set(fireDepartments)).toEqual(new Set(['市消防救援支队']));
      await fireRow.getByTestId('task-ack').click();
      const ackedRow = myTasks.locator(`tr[data-task-id="${taskId}"][data-status="acknowledged"]`);
      await ackedRow.waitFor({ state: 'visible' });
      expect(await ackedRow.getByTestId('task-status').innerText()).toBe('已签收');
      // The next step is offered.
      await ackedRow.getByTestId('task-start').waitFor({ state: 'visible' });
      await shot(fire, 'command-fire-tasks.png');

      // The commander's board follows without a reload.
      const boardRow = commander.locator(`[data-testid="board-task-table"] tr[data-task-id="${taskId}"]`);
      await commander
        .locator(`[data-testid="board-task-table"] tr[data-task-id="${taskId}"][data-status="acknowledged"]`)
        .waitFor({ state: 'visible', timeout: 30_000 });
      expect(await boardRow.getByTestId('task-status').innerText()).toBe('已签收');
      expect(await boardRow.innerText()).toContain('签收于');
      await commander
        .locator('[data-testid="command-log"] [data-testid="log-entry"][data-kind="task"]', {
          hasText: '市消防救援支队',
        })
        .waitFor({ state: 'visible', timeout: 30_000 });
      expect(await commander.evaluate(() => (window as unknown as { __boardMarker?: number }).__boardMarker)).toBe(1);
      expect(new URL(commander.url()).pathname).toBe(`/command/${responseId}`);
      await sleep(500);
      await shot(commander, 'command-board-live.png');

      // The commander writes to the command log.
      await commander.getByTestId('log-text').fill('已调派市消防救援支队危化品处置专业队赶赴现场。');
      await commander.getByTestId('log-submit').click();
      await commander
        .locator('[data-testid="command-log"] [data-testid="log-entry"][data-kind="note"]', {
          hasText: '危化品处置专业队',
        })
        .waitFor({ state: 'visible' });

      // Raising to level Ⅱ adds the tasks of level Ⅱ; the acknowledged task keeps its status.
      await commander.getByTestId('board-level-select').click();
      await commander.locator('.ant-select-item-option', { hasText: 'Ⅱ级响应' }).click();
      expect(await commander.getByTestId('board-level-apply').innerText()).toContain('提升响应');
      await commander.getByTestId('board-level-apply').click();
      await commander.getByTestId('board-level-confirm').click();
      await commander.locator('[data-testid="board-level"][data-level="II"]').waitFor({ state: 'visible' });
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(taskCount);
      const raisedCount = await rows.count();
      expect(await boardRow.getAttribute('data-status')).toBe('acknowledged');
      await commander
        .locator('[data-testid="command-log"] [data-testid="log-entry"][data-kind="level_changed"]')
        .waitFor({ state: 'visible' });

      // The responses list shows it, active, with a link back to the board.
      await commander.getByTestId('nav-command').click();
      await commander.waitForURL(/\/command(\?.*)?$/);
      const listed = commander.locator(`[data-testid="responses-table"] tr[data-response-id="${responseId}"]`);
      await listed.waitFor({ state: 'visible' });
      expect(await listed.getAttribute('data-status')).toBe('active');
      expect(await listed.innerText()).toContain(title);
      expect(await listed.innerText()).toContain('Ⅱ级响应');
      await listed.getByTestId('response-link').click();
      await commander.waitForURL(`${platform.baseUrl}/command/${responseId}`);
      await board.waitFor({ state: 'visible' });

      // Ending the response cancels the open tasks and shows the summary.
      await commander.getByTestId('board-end').click();
      await commander.getByTestId('board-end-note').fill('现场险情已排除，终止应急响应。');
      await commander.getByTestId('board-end-confirm').click();
      const summary = commander.getByTestId('response-summary');
      await summary.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await board.getAttribute('data-status')).toBe('ended');
      expect(await commander.getByTestId('response-status').first().innerText()).toBe('已结束');
      expect(await commander.getByTestId('summary-cancelled').innerText()).toContain(String(raisedCount));
      expect(await commander.locator('[data-testid="summary-departments"] tbody tr').count()).toBeGreaterThanOrEqual(
        new Set(departments).size,
      );
      const assigned = await commander
        .locator('[data-testid="summary-departments"] tbody tr td:nth-child(2)')
        .allInnerTexts();
      expect(assigned.reduce((sum, v) => sum + Number(v), 0)).toBe(raisedCount);
      expect(await commander.getByTestId('board-end').count()).toBe(0);
      await shot(commander, 'command-board-ended.png');

      // The board in English.
      await commander.getByTestId('lang-toggle').click();
      await commander.locator('[data-testid="board-level"]', { hasText: 'Level II response' }).waitFor();
      expect(await commander.getByTestId('response-summary').innerText()).toContain('By department');
      await shot(commander, 'command-board-ended-en.png');
      await commander.getByTestId('lang-toggle').click();
      await commander.locator('[data-testid="board-level"]', { hasText: 'Ⅱ级响应' }).waitFor();

      // The brigade's open list no longer has the task; the incident's timeline carries the response.
      await fire.locator(`[data-testid="my-tasks"] tr[data-task-id="${taskId}"]`).waitFor({
        state: 'detached',
        timeout: 30_000,
      });
      await commander.getByTestId('board-incident-link').click();
      await commander.waitForURL(`${platform.baseUrl}/incidents/${incidentId}`);
      const responseEntries = commander.locator('[data-testid="incident-timeline"] [data-kind="response"]');
      await responseEntries.first().waitFor({ state: 'visible' });
      // Activation, raise and end, once the page has refetched the incident.
      await expect.poll(() => responseEntries.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      expect(await responseEntries.first().innerText()).toContain('应急响应');
      const onIncident = commander.locator(`[data-testid="incident-response"][data-response-id="${responseId}"]`);
      await onIncident.waitFor({ state: 'visible' });
      expect(await onIncident.innerText()).toContain('已结束');
      await shot(commander, 'command-incident-after.png');

      expect(errors).toEqual([]);
    } finally {
      await commanderContext.close();
      await fireContext.close();
    }
  });
});
