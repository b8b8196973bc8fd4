/// <reference types="node" />
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactsDir, loginInPage, sleep, usePlatform } from './harness.js';

const platform = usePlatform();

const SHOTS_DIR = '/tmp/shots';
const DESCRIPTION = '受强降雨云团影响，预计未来6小时盂县北部将出现50毫米以上降水，局地伴有雷电和短时大风。';
const INSTRUCTION =
  '1. 停止户外集体活动，中小学停课；2. 转移山洪、地质灾害隐患点人员；3. 切断低洼地带有危险的室外电源。';

async function shot(page: Page, name: string) {
  await mkdir(artifactsDir, { recursive: true });
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, name), fullPage: true });
}

/** Picks an option of the antd Select with this test id by typing its label. */
async function pick(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(label);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
}

describe('warnings journey', () => {
  it('the commander drafts a 暴雨橙色预警 for 盂县 on the map, the admin approves, the public sees it and deliveries rise', async () => {
    const errors: string[] = [];
    const staff = await platform.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const approverContext = await platform.browser.newContext({
      viewport: { width: 1440, height: 1100 },
      locale: 'zh-CN',
    });
    const publicContext = await platform.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    try {
      // The commander drafts the warning.
      const commander = await loginInPage(platform.baseUrl, staff, 'commander', errors);
      await commander.getByTestId('nav-warnings').click();
      await commander.waitForURL(`${platform.baseUrl}/warnings`);
      await commander.getByTestId('warnings-table').waitFor({ state: 'visible' });
      await commander.getByTestId('warnings-new').click();
      await commander.waitForURL(`${platform.baseUrl}/warnings/new`);

      await pick(commander, 'warning-hazard', '暴雨');
      await commander.locator('.warning-level-radio').getByText('橙色').click();
      // The headline follows the hazard and level until the officer types one.
      await expect.poll(() => commander.getByTestId('warning-headline').inputValue()).toBe('市应急局发布暴雨橙色预警');
      await commander.getByTestId('warning-description').fill(DESCRIPTION);
      await commander.getByTestId('warning-instruction').fill(INSTRUCTION);
      await pick(commander, 'warning-divisions', '盂县');
      await commander.keyboard.press('Escape');
      expect(await commander.getByTestId('warning-divisions').innerText()).toContain('盂县');

      // A polygon over the north of the city (盂县): three clicks and a double-click close it.
      const map = commander.getByTestId('warning-map');
      await commander.locator('[data-testid="warning-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
      await commander.getByTestId('map-mode-polygon').click();
      const box = await map.boundingBox();
      if (!box) throw new Error('the map has no box');
      const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
      for (const [fx, fy] of [
        [0.35, 0.18],
        [0.6, 0.16],
        [0.62, 0.36],
      ] as const) {
        const p = at(fx, fy);
        await commander.mouse.click(p.x, p.y);
        await sleep(350); // apart enough not to count as a double-click
      }
      const last = at(0.38, 0.38);
      await commander.mouse.dblclick(last.x, last.y);
      await commander.locator('[data-testid="warning-map"][data-closed="true"]').waitFor();
      expect(await map.getAttribute('data-vertices')).toBe('4');
      expect(await commander.getByTestId('warning-polygon-state').innerText()).toContain('4');
      await sleep(400);
      await shot(commander, 'warnings-draft-on-map.png');

      await commander.getByTestId('warning-save-submit').click();
      await commander.waitForURL(/\/warnings\/[0-9a-f-]{36}$/);
      const id = commander.url().split('/').at(-1) ?? '';
      await commander.locator('[data-testid="warning-detail"][data-status="pending_approval"]').waitFor();
      expect(await commander.getByTestId('warning-headline-text').innerText()).toBe('市应急局发布暴雨橙色预警');
      expect(await commander.getByTestId('warning-area').innerText()).toContain('盂县');
      // The drafter cannot approve: the button is disabled and says why.
      expect(await commander.getByTestId('warning-approve').isDisabled()).toBe(true);
      expect(await commander.getByTestId('self-approval-note').innerText()).toContain('起草人不能审批');
      expect(await commander.getByTestId('delivery-panel').getAttribute('data-state')).toBe('not-issued');

      // Another person (the admin) approves, which publishes it.
      const admin = await loginInPage(platform.baseUrl, approverContext, 'admin', errors);
      await admin.goto(`${platform.baseUrl}/warnings/${id}`);
      await admin.locator('[data-testid="warning-detail"][data-status="pending_approval"]').waitFor();
      expect(await admin.getByTestId('warning-approve').isDisabled()).toBe(false);
      await admin.getByTestId('warning-approve').click();
      await admin.locator('.ant-popconfirm:visible .ant-btn-primary').click();
      await admin.locator('[data-testid="warning-detail"][data-status="published"]').waitFor({ timeout: 15_000 });
      expect(await admin.getByTestId('warning-messages').innerText()).toContain('发布');

      // The drafter's open page follows (live event or refetch).
      await commander
        .locator('[data-testid="warning-detail"][data-status="published"]')
        .waitFor({ timeout: 30_000 })
        .catch(async () => {
          await commander.reload();
          await commander.locator('[data-testid="warning-detail"][data-status="published"]').waitFor();
        });

      // The public page (no login, a phone) shows it with its level colour, area and instructions.
      const publicPage = await publicContext.newPage();
      publicPage.on('pageerror', (err) => errors.push(`public: ${err.message}`));
      await publicPage.goto(`${platform.baseUrl}/login`);
      await publicPage.getByTestId('login-public-warnings').click();
      await publicPage.waitForURL(`${platform.baseUrl}/public/warnings`);
      const card = publicPage.locator(`[data-testid="public-warning"][data-id="${id}"]`);
      await card.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await card.getAttribute('data-level')).toBe('2');
      expect(await card.getByTestId('public-warning-headline').innerText()).toBe('市应急局发布暴雨橙色预警');
      expect(await card.getByTestId('public-warning-area').innerText()).toContain('盂县');
      expect(await card.innerText()).toContain('二级 橙色');
      expect(await card.innerText()).toContain('转移山洪、地质灾害隐患点人员');
      const capHref = await card.getByTestId('public-warning-cap').getAttribute('href');
      expect(capHref).toBe(`/api/v1/warnings/${id}/cap.xml`);
      await sleep(300);
      await shot(publicPage, 'warnings-public-phone.png');

      // Its CAP message and the Atom feed are public too.
      const cap = await fetch(`${platform.baseUrl}${capHref ?? ''}`);
      expect(cap.status).toBe(200);
      const xml = await cap.text();
      expect(xml).toContain('<msgType>Alert</msgType>');
      expect(xml).toContain('<severity>Severe</severity>');
      expect(xml).toContain('<value>140322</value>');
      expect(xml).toContain('<polygon>');
      const feed = await (await fetch(`${platform.baseUrl}/api/v1/warnings/cap/feed.atom`)).text();
      expect(feed).toContain(`/api/v1/warnings/${id}/cap.xml`);

      // The delivery counts on the warning page rise above zero, and the coverage with them.
      const sent = admin.getByTestId('delivery-sent');
      await sent.waitFor({ state: 'visible', timeout: 30_000 });
      const first = Number(await sent.getAttribute('data-value'));
      expect(first).toBeGreaterThanOrEqual(0);
      await expect
        .poll(async () => Number(await sent.getAttribute('data-value')), { timeout: 60_000, interval: 500 })
        .toBeGreaterThan(0);
      const reached = admin.getByTestId('delivery-coverage');
      await expect
        .poll(async () => Number(await reached.getAttribute('data-reached')), { timeout: 60_000, interval: 500 })
        .toBeGreaterThan(0);
      expect(await reached.innerText()).toContain('%');
      const smsRow = admin.locator('[data-testid="delivery-channels"] tr[data-channel="sms"]');
      await smsRow.waitFor({ state: 'visible' });
      await admin
        .locator('[data-testid="delivery-recipients-table"] .ant-table-row')
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 });
      // Wait for the queue to drain (or at least settle) before the screenshot.
      await admin
        .locator('[data-testid="delivery-panel"][data-state="idle"]')
        .waitFor({ timeout: 30_000 })
        .catch(() => undefined);
      await sleep(500);
      await shot(admin, 'warnings-detail-deliveries.png');
      await admin.getByTestId('delivery-panel').scrollIntoViewIfNeeded();
      await mkdir(SHOTS_DIR, { recursive: true });
      await admin
        .getByTestId('delivery-panel')
        .screenshot({ path: path.join(SHOTS_DIR, 'warnings-delivery-panel.png') });

      // The drafter's page shows the counts as well.
      await expect
        .poll(async () => Number(await commander.getByTestId('delivery-sent').getAttribute('data-value')), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);

      // The rain passes: the commander cancels it (a CAP Cancel), and the public page drops it.
      await commander.getByTestId('warning-cancel').click();
      await commander.getByTestId('warning-cancel-reason').fill('降雨过程已结束');
      await commander.getByTestId('warning-cancel-ok').click();
      await commander.locator('[data-testid="warning-detail"][data-status="cancelled"]').waitFor({ timeout: 15_000 });
      expect(await commander.getByTestId('warning-messages').innerText()).toContain('解除');
      const cancelXml = await (await fetch(`${platform.baseUrl}${capHref ?? ''}`)).text();
      expect(cancelXml).toContain('<msgType>Cancel</msgType>');
      await publicPage.reload();
      await publicPage.getByTestId('public-warnings-page').waitFor();
      await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);

      expect(errors).toEqual([]);
    } finally {
      await staff.close();
      await approverContext.close();
      await publicContext.close();
    }
  });

  it('imports an upstream CAP 1.2 message from the meteorological bureau as a draft ready to forward', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    try {
      const sent = new Date();
      const capTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
      const identifier = `CN-YQ-QX-${sent.getTime()}`;
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier>
  <sender>qxt-140300@cma.gov.cn</sender>
  <sent>${capTime(sent)}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>大风黄色预警</event>
    <urgency>Expected</urgency>
    <severity>Moderate</severity>
    <certainty>Likely</certainty>
    <expires>${capTime(new Date(sent.getTime() + 12 * 3600_000))}</expires>
    <senderName>阳泉市气象台</senderName>
    <headline>阳泉市气象台发布大风黄色预警</headline>
    <description>预计未来12小时盂县将出现8级以上大风，阵风可达10级。</description>
    <instruction>加固围板、棚架、广告牌等易被风吹动的搭建物；停止高空作业。</instruction>
    <area>
      <areaDesc>盂县</areaDesc>
      <geocode><valueName>GB/T 2260</valueName><value>140322</value></geocode>
    </area>
  </info>
</alert>`;
      const page = await loginInPage(platform.baseUrl, context, 'commander', errors);
      await page.goto(`${platform.baseUrl}/warnings?tab=incoming`);
      await page.getByTestId('cap-import-xml').fill(xml);
      await page.getByTestId('cap-import-submit').click();
      const result = page.getByTestId('cap-import-result');
      await result.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await result.innerText()).toContain('已生成草稿，可审核后转发');
      expect(await result.innerText()).toContain('阳泉市气象台发布大风黄色预警');
      expect(await result.innerText()).toContain(identifier);
      expect(await result.locator('[data-testid="warning-level"]').getAttribute('data-level')).toBe('3');
      await shot(page, 'warnings-cap-import.png');

      await page.getByTestId('cap-import-open').click();
      await page.locator('[data-testid="warning-detail"][data-status="draft"]').waitFor();
      expect(await page.getByTestId('warning-source').innerText()).toContain('上游预警，可审核后转发');
      expect(await page.getByTestId('warning-source').innerText()).toContain('qxt-140300@cma.gov.cn');
      expect(await page.getByTestId('warning-area').innerText()).toContain('盂县');
      await page.getByTestId('warning-submit').waitFor({ state: 'visible' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps subscribers (create, search) and the population figures behind the coverage', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    try {
      const page = await loginInPage(platform.baseUrl, context, 'admin', errors);
      await page.goto(`${platform.baseUrl}/warnings?tab=subscribers`);
      await page.getByTestId('subscribers-table').locator('.ant-table-row').first().waitFor();
      await page.getByTestId('subscribers-new').click();
      const form = page.getByTestId('subscriber-form');
      await form.getByLabel('名称').fill('E2E 订阅 王磊');
      await form.getByLabel('手机号').fill('13800138123');
      await form.getByLabel('所在区划').click();
      await page.keyboard.type('盂县');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: '盂县' })
        .click();
      await page.locator('.ant-modal:visible .ant-btn-primary').click();
      await page.locator('.ant-modal:visible').waitFor({ state: 'hidden' });
      const search = page.getByTestId('subscribers-search').locator('input');
      await search.fill('E2E 订阅');
      await search.press('Enter');
      const rows = page.getByTestId('subscribers-table').locator('.ant-table-row');
      // The search answer replaces the whole list: one row, the new subscriber.
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
      const row = rows.first();
      expect(await row.innerText()).toContain('E2E 订阅 王磊');
      expect(await row.innerText()).toContain('盂县');
      expect(await row.innerText()).toContain('13800138123');

      // Two more from CSV (all or nothing); the list finds them.
      await page.getByTestId('subscribers-import').click();
      await page
        .locator('.ant-modal:visible textarea')
        .fill(
          [
            'kind,name,phone,email,divisionCode,lon,lat,channels,language',
            'person,E2E 导入 赵敏,13900139001,,140322,113.41,38.09,sms,zh-CN',
            'person,E2E 导入 Li Na,,lina@example.com,140321,,,email,en-US',
          ].join('\n'),
        );
      await page.locator('.ant-modal:visible .ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: '已导入 2 个订阅用户' }).waitFor();
      await search.fill('E2E 导入');
      await search.press('Enter');
      await expect.poll(() => page.getByTestId('subscribers-table').locator('.ant-table-row').count()).toBe(2);
      expect(await page.getByTestId('subscribers-table').innerText()).toContain('平定县');

      // The admin enters the city's population; the table shows the figure.
      await page.getByTestId('warnings-tab-population').click();
      const city = page.getByTestId('population-table').locator('.ant-table-row', { hasText: '阳泉市' });
      await city.waitFor({ state: 'visible' });
      await city.getByRole('button').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByLabel('常住人口').fill('1320000');
      await modal.getByLabel('年份').fill('2025');
      await modal.getByLabel('来源').fill('阳泉市统计公报');
      await modal.locator('.ant-btn-primary').click();
      await modal.waitFor({ state: 'hidden' });
      await expect.poll(() => city.innerText()).toContain('1,320,000');
      expect(await city.innerText()).toContain('阳泉市统计公报');
      await shot(page, 'warnings-population.png');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
