/// <reference types="node" />
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, loginInPage, sleep, usePlatform } from './harness.js';

const platform = usePlatform();
const shotsDir = process.env.YINGJI_SHOTS_DIR ?? artifactsDir;

beforeAll(async () => {
  await mkdir(shotsDir, { recursive: true });
});

/** A screenshot of the whole page: the shell scrolls its content area, so the viewport grows to fit it first. */
async function shot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const extra = await page.evaluate(() => {
    const content = document.querySelector('.shell-content');
    return content ? Math.max(0, content.scrollHeight - content.clientHeight) : 0;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.min(viewport.height + extra, 6000) });
  // Charts redraw after a resize.
  await sleep(600);
  await page.screenshot({ path: path.join(shotsDir, name), fullPage: true });
  await page.setViewportSize(viewport);
}

/** The text field of an antd input whose test id sits on the field itself or on its wrapper. */
const field = (page: Page, testId: string): Locator =>
  page
    .locator(
      `input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input, [data-testid="${testId}"] textarea`,
    )
    .first();

async function lateCount(page: Page): Promise<number> {
  const el = page.getByTestId('late-count');
  await el.waitFor({ state: 'visible' });
  const shown = Number((await el.innerText()).trim());
  expect(Number(await el.getAttribute('data-count'))).toBe(shown);
  // The late list shows as many rows as the count says (one page of up to 10).
  const rows = await page.locator('[data-testid="late-tasks"] tr[data-testid="late-task-row"]').count();
  expect(rows).toBe(Math.min(shown, 10));
  return shown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('plan implementation journey', () => {
  it('the 市住建局 liaison reports on a late task and the plan officer’s late list shrinks by one', async () => {
    const errors: string[] = [];
    const plannerContext = await platform.browser.newContext({
      viewport: { width: 1600, height: 1000 },
      locale: 'zh-CN',
    });
    const liaisonContext = await platform.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });

    try {
      // The plan officer opens the Yangquan programme: the dashboard comes first.
      const planner = await loginInPage(platform.baseUrl, plannerContext, 'planner', errors);
      await planner.getByTestId('nav-programme').click();
      await planner.waitForURL(`${platform.baseUrl}/programme`);
      const programmeLink = planner.getByTestId('programme-link').filter({ hasText: '阳泉' }).first();
      await programmeLink.waitFor({ state: 'visible' });
      await programmeLink.click();
      await planner.waitForURL(/\/programme\/[0-9a-f-]{36}$/);
      const programmeUrl = planner.url();
      expect(await planner.getByTestId('programme-title').innerText()).toContain('阳泉市贯彻落实省市');
      expect(await planner.getByTestId('programme-header').innerText()).toContain('阳政办函〔2023〕36号');
      await planner.getByTestId('programme-dashboard').waitFor({ state: 'visible' });
      const before = await lateCount(planner);
      expect(before).toBeGreaterThan(0);
      // Every indicator card carries a status; the liaison's unit is among those that have not reported.
      expect(await planner.getByTestId('dashboard-indicator').count()).toBeGreaterThan(6);
      await planner
        .locator('[data-testid="unit-not-reported"][data-unit="市住建局"]')
        .waitFor({ state: 'visible', timeout: 15_000 });
      await planner.getByTestId('stats-chart').locator('canvas').waitFor({ state: 'visible' });
      await shot(planner, 'programme-dashboard-before.png');

      // The liaison lands on the unit's own tasks, late ones first.
      const liaison = await loginInPage(platform.baseUrl, liaisonContext, 'zhujian', errors);
      await liaison.getByTestId('nav-programme').click();
      await liaison.waitForURL(`${platform.baseUrl}/programme`);
      const table = liaison.getByTestId('my-tasks-table');
      const rows = table.locator('tr[data-testid="my-task-row"]');
      await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
      const statuses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
      expect(statuses[0]).toBe('late');
      const firstNotLate = statuses.findIndex((s) => s !== 'late');
      if (firstNotLate >= 0) expect(statuses.slice(firstNotLate)).not.toContain('late');
      // A late key task (重点任务) of which 市住建局 is a lead unit.
      const lateRow = table.locator('tr[data-testid="my-task-row"][data-kind="task"][data-status="late"]').first();
      // 市住建局 leads it (its name is highlighted among the lead units).
      expect(await lateRow.getByTestId('unit-mine').first().innerText()).toBe('市住建局');
      const taskNumber = (await lateRow.getAttribute('data-number')) ?? '';
      const taskId = (await lateRow.getAttribute('data-task-id')) ?? '';
      expect(taskId).toMatch(UUID);
      await shot(liaison, 'programme-my-tasks.png');

      // 立即填报 opens the task with the report form.
      await lateRow.getByTestId('report-now').click();
      await liaison.waitForURL(new RegExp(`/programme/tasks/${taskId}\\?report=1$`));
      await liaison.getByTestId('progress-form').waitFor({ state: 'visible' });
      expect(await liaison.getByTestId('task-title').innerText()).toContain(taskNumber);
      expect(await liaison.getByTestId('task-status').getAttribute('data-status')).toBe('late');
      const reportText = `市住建局已完成建设领域执法检查事项清单和行政处罚责任清单的梳理公布，本项任务完成（${Date.now()}）。`;
      await field(liaison, 'progress-text').fill(reportText);
      const percent = field(liaison, 'progress-percent');
      await percent.fill('100');
      await percent.press('Tab');
      await field(liaison, 'progress-problems').fill('部分县区执法人员专业能力不足。');
      await field(liaison, 'progress-next-steps').fill('组织执法人员轮训，每季度开展一次执法案卷评查。');
      await liaison.getByTestId('evidence-add').click();
      await field(liaison, 'evidence-name').fill('市住建局执法检查事项清单（2026年版）');
      await field(liaison, 'evidence-url').fill('https://zjj.yq.gov.cn/zfjc/qingdan-2026.pdf');
      await liaison.getByTestId('progress-submit').click();

      // The report is listed on the task, and the task is completed.
      const report = liaison.locator('[data-testid="progress-reports"] [data-testid="progress-report"]', {
        hasText: reportText,
      });
      await report.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await report.getAttribute('data-unit')).toBe('市住建局');
      expect(await report.getByTestId('progress-report-percent').innerText()).toBe('100%');
      expect(await report.innerText()).toContain('市住建局执法检查事项清单（2026年版）');
      await liaison.getByTestId('progress-form').waitFor({ state: 'detached' });
      await liaison
        .locator('[data-testid="task-status"][data-status="completed"]')
        .waitFor({ state: 'visible', timeout: 15_000 });
      // As a lead unit the liaison also sees the other lead units' reports.
      const units = await liaison
        .locator('[data-testid="progress-reports"] [data-testid="progress-report"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-unit')));
      expect(units).toContain('市住建局');
      await shot(liaison, 'programme-task-reported.png');

      // The plan officer refreshes the dashboard: the report is there and the late list is one shorter.
      await planner.goto(programmeUrl);
      await planner.getByTestId('programme-dashboard').waitFor({ state: 'visible' });
      const recent = planner.locator('[data-testid="recent-reports"] [data-testid="recent-report"]', {
        hasText: reportText,
      });
      await recent.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await recent.getAttribute('data-unit')).toBe('市住建局');
      expect(await recent.getAttribute('data-task-id')).toBe(taskId);
      expect(await recent.innerText()).toContain('100%');
      const after = await lateCount(planner);
      expect(after).toBe(before - 1);
      expect(await planner.locator(`[data-testid="late-tasks"] tr[data-task-id="${taskId}"]`).count()).toBe(0);
      await shot(planner, 'programme-dashboard-after.png');

      // The plan officer opens the task and reads the liaison's report there too.
      await planner.goto(`${platform.baseUrl}/programme/tasks/${taskId}`);
      const seen = planner.locator('[data-testid="progress-report"]', { hasText: reportText });
      await seen.waitFor({ state: 'visible' });
      expect(await seen.innerText()).toContain('部分县区执法人员专业能力不足');
      expect(await seen.innerText()).toContain('每季度开展一次执法案卷评查');
      await shot(planner, 'programme-task-planner.png');

      expect(errors).toEqual([]);
    } finally {
      await plannerContext.close();
      await liaisonContext.close();
    }
  });

  it('the plan officer sees the 42 key tasks, generates the annual monitoring report and downloads it', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    try {
      const planner = await loginInPage(platform.baseUrl, context, 'planner', errors);
      await planner.goto(`${platform.baseUrl}/programme?tab=programmes`);
      await planner.getByTestId('programme-link').filter({ hasText: '阳泉' }).first().click();
      await planner.waitForURL(/\/programme\/[0-9a-f-]{36}$/);
      const programmeUrl = planner.url();

      // 重点任务: 42 of them, each with a lead unit.
      await planner.getByTestId('programme-tab-tasks').click();
      const taskRows = planner.locator('[data-testid="programme-tasks"] tr[data-testid="programme-task-row"]');
      await taskRows.first().waitFor({ state: 'visible' });
      // The tab's one table: its pager counts every key task.
      const total = planner.getByTestId('programme-page').locator('.ant-pagination-total-text');
      expect(await total.innerText()).toBe('共 42 条');
      expect(await taskRows.first().getAttribute('data-number')).toBe('(1)');
      // Filtered to late ones, every row is late.
      await planner.getByTestId('tasks-overdue-filter').click();
      await expect
        .poll(async () => new Set(await taskRows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')))))
        .toEqual(new Set(['late']));

      // The JSON export holds the same 42 tasks.
      const exported = await planner.evaluate(async (url) => {
        const res = await fetch(`${url.replace(/\/programme\//, '/api/v1/programmes/')}/export.json`);
        const doc = (await res.json()) as { tasks: { kind?: string; leadUnits: string[] }[] };
        const tasks = doc.tasks.filter((t) => (t.kind ?? 'task') === 'task');
        return {
          status: res.status,
          tasks: tasks.length,
          withLead: tasks.filter((t) => t.leadUnits.length > 0).length,
        };
      }, programmeUrl);
      expect(exported).toEqual({ status: 200, tasks: 42, withLead: 42 });

      // 指标监测: a figure from the statistical communiqué is entered with its source.
      await planner.getByTestId('programme-tab-indicators').click();
      await planner.locator('tr[data-testid="indicator-row"]').first().waitFor({ state: 'visible' });
      expect(await planner.locator('tr[data-testid="indicator-row"]').count()).toBeGreaterThan(6);
      await planner.getByTestId('statistic-enter').click();
      await planner.getByTestId('statistic-form').waitFor({ state: 'visible' });
      await field(planner, 'statistic-name').fill('gdp_100m_yuan');
      await field(planner, 'statistic-value').fill('1180.6');
      await field(planner, 'statistic-source').fill('阳泉市2025年国民经济和社会发展统计公报');
      await planner.getByTestId('statistic-submit').click();
      await planner.getByTestId('statistic-form').waitFor({ state: 'detached' });
      await planner.getByTestId('statistic-entries-toggle').click();
      const filter = field(planner, 'statistic-entries-filter');
      await filter.fill('gdp_100m_yuan');
      await filter.press('Enter');
      const entry = planner.locator('[data-testid="statistic-entries"] tr', {
        hasText: '阳泉市2025年国民经济和社会发展统计公报',
      });
      await entry.first().waitFor({ state: 'visible' });
      expect(await entry.first().innerText()).toContain('gdp_100m_yuan');
      expect(await entry.first().innerText()).toContain('规划科 孙丽');

      // 监测评估: generate the annual monitoring report of 2025.
      await planner.getByTestId('programme-tab-evaluations').click();
      await planner.getByTestId('evaluation-create').first().click();
      await planner.getByTestId('evaluation-form').waitFor({ state: 'visible' });
      expect(await field(planner, 'evaluation-year').inputValue()).toBe('2025');
      await planner.getByTestId('evaluation-submit').click();
      const row = planner.locator('tr[data-testid="evaluation-row"][data-kind="annual"][data-year="2025"]');
      await row.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await row.innerText()).toContain('年度监测分析');

      // The .docx downloads (a zip container).
      const href = (await row.getByTestId('evaluation-download').getAttribute('href')) ?? '';
      expect(href).toMatch(/\.docx$/);
      const docx = await planner.evaluate(async (url) => {
        const res = await fetch(url);
        const bytes = new Uint8Array(await res.arrayBuffer());
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          magic: String.fromCharCode(bytes[0]!, bytes[1]!),
        };
      }, href);
      expect(docx.status).toBe(200);
      expect(docx.type).toContain('wordprocessingml');
      expect(docx.magic).toBe('PK');

      // Conclusions are edited and kept with the evaluation.
      await row.getByTestId('evaluation-edit').click();
      const conclusions =
        '十四五应急体系规划实施总体顺利，核心指标多数符合进度；工矿商贸十万人死亡率滞后，需加强重点行业监管。';
      await field(planner, 'evaluation-conclusions').fill(conclusions);
      await planner.getByTestId('evaluation-save').click();
      await planner
        .locator('tr[data-testid="evaluation-row"][data-kind="annual"]', { hasText: '核心指标多数符合进度' })
        .waitFor({ state: 'visible', timeout: 30_000 });
      await shot(planner, 'programme-evaluations.png');

      // In English the dashboard speaks English.
      await planner.goto(programmeUrl);
      await planner.getByTestId('lang-toggle').click();
      await planner.getByTestId('programme-dashboard').waitFor({ state: 'visible' });
      expect(await planner.getByTestId('programme-tab-dashboard').innerText()).toBe('Dashboard');
      expect(await planner.getByTestId('programme-dashboard').innerText()).toContain('Late items');
      await shot(planner, 'programme-dashboard-en.png');

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
