/// <reference types="node" />
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactsDir, DEMO_PASSWORD, usePlatform } from './harness.js';

const platform = usePlatform();

describe('emergency resources journey', () => {
  it('a commander sees the demo teams and stock, and the ledger refuses to issue more than is there', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${platform.baseUrl}/login`);
    await page.getByTestId('login-username').fill('commander');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    await page.getByTestId('nav-resources').click();
    await expect
      .poll(() => page.getByTestId('teams-table').innerText(), { timeout: 15_000 })
      .toContain('阳泉市矿山救护大队');

    await page.getByTestId('resources-tab-stock').click();
    await expect.poll(() => page.getByTestId('stock-table').innerText(), { timeout: 15_000 }).toContain('救灾帐篷');
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), undefined, { timeout: 15_000 });
    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'resources-stock.png') });

    await page.getByTestId('resources-tab-shelters').click();
    await expect.poll(() => page.getByTestId('shelters-table').innerText(), { timeout: 15_000 }).toContain('南山公园');
    await page.getByTestId('resources-tab-readiness').click();
    // every county has a population in the demo, so each row shows its shelter area per resident
    await expect.poll(() => page.getByTestId('readiness-table').innerText(), { timeout: 15_000 }).toContain('平定县');
    await expect.poll(() => page.getByTestId('readiness-table').innerText(), { timeout: 15_000 }).toMatch(/m²/);
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), undefined, { timeout: 15_000 });
    await page.screenshot({ path: path.join(artifactsDir, 'resources-readiness.png') });

    // nearest teams by road from the default point (the city centre)
    await page.getByTestId('resources-tab-nearest').click();
    await page.getByTestId('nearest-submit').click();
    await expect.poll(() => page.getByTestId('nearest-table').innerText(), { timeout: 15_000 }).toMatch(/分钟/);
    await page.screenshot({ path: path.join(artifactsDir, 'resources-nearest.png') });

    // the same refusal through the API the page uses, with the page's session
    const status = await page.evaluate(async () => {
      const wh = (await (await fetch('/api/v1/warehouses?q=%E5%B9%B3%E5%AE%9A')).json()) as { items: { id: string }[] };
      const orgs = (await (await fetch('/api/v1/organizations?q=%E5%B8%82%E6%B0%B4%E5%88%A9%E5%B1%80')).json()) as {
        items: { id: string }[];
      };
      const res = await fetch('/api/v1/supplies/movements', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'issue',
          itemCode: 'LIFE-TENT',
          quantity: 100000,
          fromWarehouseId: wh.items[0]?.id,
          toOrgId: orgs.items[0]?.id,
        }),
      });
      return { status: res.status, body: (await res.json()) as { code: string; details: { available: number } } };
    });
    expect(status.status).toBe(409);
    expect(status.body.code).toBe('insufficient_stock');
    expect(status.body.details.available).toBe(200);
    expect(errors).toEqual([]);
    await context.close();
  });
});
