/// <reference types="node" />
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactsDir, DEMO_PASSWORD, sleep, usePlatform } from './harness.js';
const EXPECTED_DISTRICTS = ['140302', '140303', '140311', '140321', '140322'];

const platform = usePlatform();

async function visibleText(page: Page, testId: string): Promise<string> {
  const locator = page.getByTestId(testId);
  await locator.waitFor({ state: 'visible' });
  return (await locator.innerText()).trim();
}

describe('foundation journey', () => {
  it('logs in, switches language, shows the city on the map and logs out', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    try {
      // Log in with the keyboard: Enter submits.
      await page.goto(`${platform.baseUrl}/login`);
      await page.getByTestId('login-username').fill('duty');
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-password').press('Enter');

      const shownName = await visibleText(page, 'user-name');
      const me = await page.evaluate(async () => {
        const res = await fetch('/api/v1/auth/me', { credentials: 'include' });
        return { status: res.status, body: (await res.json()) as { user: { displayName: string } } };
      });
      expect(me.status).toBe(200);
      expect(shownName).toBe(me.body.user.displayName);
      expect(new URL(page.url()).pathname).toBe('/');

      // A duty officer may read users but not manage organisations or read the audit log.
      expect(await page.getByTestId('nav-users').count()).toBe(1);
      expect(await page.getByTestId('nav-organizations').count()).toBe(0);
      expect(await page.getByTestId('nav-audit').count()).toBe(0);

      // Language toggle: English, then back to Chinese.
      await page.getByTestId('lang-toggle').click();
      await page.getByText('One map', { exact: true }).waitFor({ state: 'visible' });
      expect(await visibleText(page, 'nav-map')).toBe('One map');
      expect(await page.evaluate(() => localStorage.getItem('yingji.lang'))).toBe('en-US');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');

      await page.getByTestId('lang-toggle').click();
      await page.getByText('一张图', { exact: true }).waitFor({ state: 'visible' });
      expect(await visibleText(page, 'nav-map')).toBe('一张图');
      expect(await page.evaluate(() => localStorage.getItem('yingji.lang'))).toBe('zh-CN');

      // One map: the five districts of the city are labelled.
      await page.getByTestId('nav-map').click();
      await page.waitForURL(`${platform.baseUrl}/map`);
      await page.getByTestId('map').waitFor({ state: 'visible' });
      await page.waitForFunction(() => document.querySelectorAll('.division-label').length === 5, undefined, {
        timeout: 60_000,
      });
      const codes = await page.$$eval('.division-label', (els) =>
        els.map((el) => el.getAttribute('data-division-code') ?? ''),
      );
      expect([...codes].sort()).toEqual(EXPECTED_DISTRICTS);
      const labels = await page.$$eval('.division-label', (els) => els.map((el) => el.textContent ?? ''));
      for (const label of labels) expect(label.trim().length).toBeGreaterThan(0);

      expect(await page.locator('[data-testid="map"] canvas').count()).toBeGreaterThanOrEqual(1);
      const canvasBox = await page.locator('[data-testid="map"] canvas').first().boundingBox();
      expect(canvasBox?.width ?? 0).toBeGreaterThan(300);
      expect(canvasBox?.height ?? 0).toBeGreaterThan(300);

      // Give the WebGL canvas a moment to draw the boundaries before the screenshot.
      await sleep(1500);
      await mkdir(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'map.png') });

      // Log out: back to the login page, and the session is gone.
      await page.getByTestId('logout').click();
      await page.getByTestId('login-username').waitFor({ state: 'visible' });
      const after = await page.evaluate(
        async () => (await fetch('/api/v1/auth/me', { credentials: 'include' })).status,
      );
      expect(after).toBe(401);

      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lets an administrator browse organisations, users and a verified audit log', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    try {
      await page.goto(`${platform.baseUrl}/login`);
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('user-name').waitFor({ state: 'visible' });

      for (const key of ['organizations', 'users', 'audit']) {
        await page.getByTestId(`nav-${key}`).click();
        await page.waitForURL(`${platform.baseUrl}/admin/${key}`);
        await page.locator('.ant-table-row').first().waitFor({ state: 'visible' });
        expect(await page.locator('.ant-table-row').count()).toBeGreaterThan(0);
      }

      await page.getByTestId('audit-verify').click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor({ state: 'visible' });
      expect(await result.getAttribute('class')).toContain('ant-alert-success');

      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
