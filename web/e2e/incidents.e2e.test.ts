/// <reference types="node" />
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactsDir, loginInPage, sleep, usePlatform } from './harness.js';

const platform = usePlatform();

/** Opens the duty desk through the menu and waits for the board and the live event stream. */
async function openDesk(page: Page): Promise<void> {
  await page.getByTestId('nav-incidents').click();
  await page.waitForURL(`${platform.baseUrl}/incidents`);
  await page.getByTestId('incident-board').waitFor({ state: 'visible' });
  await page.locator('[data-testid="live-indicator"][data-connected="true"]').waitFor({ timeout: 30_000 });
}

function boardRow(page: Page, number: string) {
  return page.locator(`[data-testid="incident-board"] tr[data-number="${number}"]`);
}

describe('duty desk journey', () => {
  it('records a county accident, escalates it by a continuation, and the city desk sees both live', async () => {
    const errors: string[] = [];
    const cityContext = await platform.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const countyContext = await platform.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });

    try {
      // The city duty officer has the desk open before anything happens.
      const duty = await loginInPage(platform.baseUrl, cityContext, 'duty', errors);
      await openDesk(duty);
      await duty.getByTestId('duty-now').waitFor({ state: 'visible' });
      // A marker that a reload would wipe out.
      await duty.evaluate(() => {
        (window as unknown as { __deskMarker?: number }).__deskMarker = 1;
      });

      // The county user records the accident with the keyboard-friendly form.
      const county = await loginInPage(platform.baseUrl, countyContext, 'pingding', errors);
      await openDesk(county);
      const form = county.getByTestId('incident-form');
      await form.waitFor({ state: 'visible' });
      expect(await form.locator('[data-testid="incident-category"]').innerText()).toContain('事故灾难');
      await county.getByTestId('incident-type').click();
      await county.keyboard.type('矿山');
      await county.keyboard.press('Enter');
      expect(await county.getByTestId('incident-type').innerText()).toContain('矿山');

      const title = '平定县某煤矿顶板事故';
      await county.getByTestId('incident-title').fill(title);
      // Enter moves on to the next field instead of submitting.
      await county.getByTestId('incident-title').press('Enter');
      expect(await county.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')).not.toBe(
        'incident-title',
      );
      // The location defaults to the county's centre; the mini-map has drawn.
      expect(Number(await county.getByTestId('incident-lon').inputValue())).toBeGreaterThan(113);
      await county.locator('[data-testid="incident-minimap"] canvas').waitFor({ state: 'visible' });
      await county.getByTestId('incident-deaths').fill('4');
      await county.getByTestId('incident-submit').click();

      const result = county.getByTestId('incident-result');
      await result.waitFor({ state: 'visible' });
      const number = (await result.getAttribute('data-number')) ?? '';
      expect(number).toMatch(/^SJ-\d{4}-\d{6}$/);
      expect(await county.getByTestId('incident-result-grade').getAttribute('data-grade')).toBe('larger');
      expect(await county.getByTestId('incident-result-grade').innerText()).toBe('较大');
      // Decree 493 art. 10: a larger accident goes up to the city and then the province.
      const levels = await result
        .locator('[data-testid="chain-step"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-level')));
      expect(levels).toEqual(['county', 'city', 'province']);
      expect(await result.locator('.incident-countdown').count()).toBeGreaterThanOrEqual(2);

      // The county's own board and the city's board (not reloaded) both show it.
      await boardRow(county, number).locator('[data-grade="larger"]').waitFor({ state: 'visible' });
      await boardRow(duty, number).waitFor({ state: 'visible', timeout: 30_000 });
      expect(await boardRow(duty, number).locator('.incident-grade-tag').getAttribute('data-grade')).toBe('larger');
      expect(await boardRow(duty, number).innerText()).toContain(title);

      // A continuation on the detail page: 11 dead makes it a major accident.
      await county.getByTestId('incident-result-link').click();
      await county.getByTestId('update-form').waitFor({ state: 'visible' });
      expect(await county.getByTestId('incident-grade').getAttribute('data-grade')).toBe('larger');
      expect(await county.getByTestId('update-kind').innerText()).toContain('续报');
      expect(await county.getByTestId('update-deaths').inputValue()).toBe('4');
      await county.getByTestId('update-text').fill('井下搜救中又发现7名遇难人员，累计死亡11人。');
      await county.getByTestId('update-deaths').fill('11');
      await county.getByTestId('update-submit').click();
      await county.locator('[data-testid="incident-grade"][data-grade="major"]').waitFor({ state: 'visible' });
      expect(await county.getByTestId('incident-grade').innerText()).toBe('重大');
      await county
        .locator('[data-testid="incident-timeline"] [data-kind="continuation"]')
        .waitFor({ state: 'visible' });
      const detailLevels = await county
        .locator('[data-testid="reporting-chain"] [data-testid="chain-step"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-level')));
      expect(detailLevels).toContain('national');

      // The city desk follows without a reload.
      await boardRow(duty, number).locator('[data-grade="major"]').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await duty.evaluate(() => (window as unknown as { __deskMarker?: number }).__deskMarker)).toBe(1);
      expect(new URL(duty.url()).pathname).toBe('/incidents');

      await sleep(500);
      await mkdir(artifactsDir, { recursive: true });
      await duty.screenshot({ path: path.join(artifactsDir, 'duty-desk.png') });

      expect(errors).toEqual([]);
    } finally {
      await cityContext.close();
      await countyContext.close();
    }
  });
  it('keeps the duty roster: a shift on now shows on the desk, and a handover note is listed', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    try {
      const page = await loginInPage(platform.baseUrl, context, 'duty', errors);
      await openDesk(page);
      await page.getByTestId('duty-now-empty').waitFor({ state: 'visible' });

      await page.getByTestId('incidents-tab-roster').click();
      await page.waitForURL(`${platform.baseUrl}/incidents/roster`);
      await page.getByTestId('shift-add').click();
      await page.getByTestId('shift-form').waitFor({ state: 'visible' });
      await page.getByTestId('shift-form').getByText('带班领导').click();
      await page.getByTestId('shift-person').fill('王刚');
      await page.getByTestId('shift-phone').fill('0353-2021234');
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.getByTestId('shift-form').waitFor({ state: 'detached' });
      await page.locator('.ant-table-row', { hasText: '王刚' }).waitFor({ state: 'visible' });

      await page.getByTestId('handover-to').fill('李娜');
      await page.getByTestId('handover-text').fill('平定县煤矿事故仍在处置，14:00前向省厅续报。');
      await page.getByTestId('handover-submit').click();
      await page.getByTestId('handovers').getByText('14:00前向省厅续报').waitFor({ state: 'visible' });

      // The default shift is the one running now, so the desk shows the leader on duty.
      await page.getByTestId('incidents-tab-desk').click();
      await page.waitForURL(`${platform.baseUrl}/incidents`);
      const leader = page.locator('[data-testid="duty-now"] [data-role="leader"]');
      await leader.waitFor({ state: 'visible' });
      expect(await leader.innerText()).toContain('王刚');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
