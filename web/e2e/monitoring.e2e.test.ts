/// <reference types="node" />
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactsDir, DEMO_PASSWORD, loginInPage, sleep, usePlatform } from './harness.js';

const platform = usePlatform();

// A sensor of our own: the demo sensors are fed calm readings by the demo simulator, which would
// clear an alarm raised on them within a minute.
const SENSOR = 'E2E-GAS-001';
const SENSOR_NAME = '桃北东路燃气阀门井 E2E';
const CALM_POINTS = 12;

interface AlarmBody {
  id: string;
  sensorCode: string;
  level: string;
  status: string;
  escalationStep: number;
  nextEscalationAt: string | null;
  acknowledgedByName: string | null;
  timeline?: { kind: string; text: string; actorName: string | null }[];
}

async function apiToken(username: string): Promise<string> {
  const res = await fetch(`${platform.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function call<T>(token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.baseUrl}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

function panelRow(page: Page) {
  return page.locator(`[data-testid="alarm-panel"] tr[data-sensor="${SENSOR}"]`);
}

describe('monitoring journey', () => {
  it('a gas reading over the threshold reaches the duty desk live; the officer charts and acknowledges it', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    try {
      const commander = await apiToken('commander');

      // The duty officer has the desk open before anything happens.
      const duty = await loginInPage(platform.baseUrl, context, 'duty', errors);
      await duty.getByTestId('nav-incidents').click();
      await duty.waitForURL(`${platform.baseUrl}/incidents`);
      await duty.getByTestId('alarm-panel').waitFor({ state: 'visible' });
      await duty.locator('[data-testid="live-indicator"][data-connected="true"]').waitFor({ timeout: 30_000 });
      await duty.evaluate(() => {
        (window as unknown as { __deskMarker?: number }).__deskMarker = 1;
      });
      expect(await panelRow(duty).count()).toBe(0);

      // The commander registers a gas sensor with the bureau's threshold rule, and it reports calmly.
      await call(commander, 'POST', '/sensors', {
        code: SENSOR,
        name: SENSOR_NAME,
        type: 'gas_concentration',
        divisionCode: '140302',
        location: { lon: 113.585, lat: 37.861 },
        metrics: [{ name: 'gas', unit: '%LEL' }],
        intervalSeconds: 600,
        linked: { kind: 'pipe_segment', name: '中压燃气管线 G-E2E' },
      });
      await call(commander, 'POST', `/sensors/${SENSOR}/rules`, {
        metric: 'gas',
        kind: 'threshold',
        levels: [
          { op: '>=', value: 10, level: 'yellow' },
          { op: '>=', value: 25, level: 'orange' },
          { op: '>=', value: 50, level: 'red' },
        ],
        clearBelow: 8,
      });
      const now = Date.now();
      const calm = Array.from({ length: CALM_POINTS }, (_, i) => ({
        sensorCode: SENSOR,
        ts: new Date(now - (CALM_POINTS - i) * 4 * 60_000).toISOString(),
        values: { gas: 1.5 + (i % 3) * 0.4 },
      }));
      const calmResult = await call<{ accepted: number }>(commander, 'POST', '/telemetry', { items: calm });
      expect(calmResult.accepted).toBe(CALM_POINTS);
      await sleep(300);
      expect(await panelRow(duty).count()).toBe(0);

      // A leak: 32 %LEL is an orange alarm.
      const leak = await call<{ accepted: number; rejected: unknown[] }>(commander, 'POST', '/telemetry', {
        items: [{ sensorCode: SENSOR, ts: new Date().toISOString(), values: { gas: 32 } }],
      });
      expect(leak).toEqual({ accepted: 1, rejected: [] });

      // It shows up on the open desk without a reload, highlighted, with its escalation clock.
      const row = panelRow(duty);
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await row.getAttribute('data-level')).toBe('orange');
      expect(await row.getAttribute('data-status')).toBe('active');
      expect(await row.getAttribute('data-fresh')).toBe('true');
      expect(await row.innerText()).toContain(SENSOR_NAME);
      expect(await row.innerText()).toContain('橙');
      await row.getByTestId('escalation-countdown').waitFor({ state: 'visible' });
      expect(await row.getByTestId('alarm-last-value').innerText()).toContain('32');
      expect(await duty.evaluate(() => (window as unknown as { __deskMarker?: number }).__deskMarker)).toBe(1);
      expect(new URL(duty.url()).pathname).toBe('/incidents');
      const alarmId = (await row.getAttribute('data-alarm-id')) ?? '';
      expect(alarmId).toMatch(/^[0-9a-f-]{36}$/);
      await mkdir(artifactsDir, { recursive: true });
      await duty.screenshot({ path: path.join(artifactsDir, 'monitoring-desk-alarm.png') });

      // The drawer: the last hour of readings (12 calm ones and the leak) and the alarm's log.
      await row.click();
      const drawer = duty.getByTestId('alarm-drawer');
      await drawer.waitFor({ state: 'visible' });
      const chart = drawer.locator(`[data-testid="alarm-chart"][data-points="${CALM_POINTS + 1}"]`);
      await chart.waitFor({ state: 'visible', timeout: 20_000 });
      await chart.locator('canvas').first().waitFor({ state: 'visible' });
      expect(await chart.getAttribute('data-metric')).toBe('gas');
      await drawer.locator('[data-testid="alarm-timeline"] [data-kind="raised"]').waitFor({ state: 'visible' });
      expect(await drawer.getByTestId('alarm-drawer-status').getAttribute('data-status')).toBe('active');
      await sleep(600); // let the chart finish drawing for the screenshot
      await duty.screenshot({ path: path.join(artifactsDir, 'monitoring-alarm-drawer.png') });

      // 确认 with a note.
      await drawer.getByTestId('alarm-ack').click();
      await duty.getByTestId('alarm-ack-note').fill('已通知燃气公司抢修人员赶赴现场');
      await duty.getByTestId('alarm-ack-submit').click();
      await drawer
        .locator('[data-testid="alarm-drawer-status"][data-status="acknowledged"]')
        .waitFor({ state: 'visible', timeout: 15_000 });
      await drawer.locator('[data-testid="alarm-timeline"] [data-kind="acknowledged"]').waitFor({ state: 'visible' });
      await drawer.getByTestId('escalation-stopped').waitFor({ state: 'visible' });
      expect(await drawer.getByTestId('alarm-ack').count()).toBe(0);

      // The server stopped the escalation.
      const after = await call<AlarmBody>(commander, 'GET', `/alarms/${alarmId}`);
      expect(after.status).toBe('acknowledged');
      expect(after.nextEscalationAt).toBeNull();
      expect(after.acknowledgedByName).toContain('张伟');
      const ackEntry = after.timeline?.find((e) => e.kind === 'acknowledged');
      expect(ackEntry?.text).toContain('已通知燃气公司抢修人员赶赴现场');

      // The panel shows it acknowledged (still open until the readings are back to normal).
      await duty.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await duty
        .locator(`[data-testid="alarm-panel"] tr[data-alarm-id="${alarmId}"][data-status="acknowledged"]`)
        .waitFor({ state: 'visible', timeout: 15_000 });
      expect(await panelRow(duty).innerText()).toContain('已确认');
      expect(await panelRow(duty).getByTestId('escalation-countdown').count()).toBe(0);
      expect(await duty.evaluate(() => (window as unknown as { __deskMarker?: number }).__deskMarker)).toBe(1);
      await sleep(300);
      await duty.screenshot({ path: path.join(artifactsDir, 'monitoring-desk-acknowledged.png') });

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the sensor page with its chart, rules and alarm, and adds a rule through the form', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 1200 }, locale: 'zh-CN' });
    try {
      const page = await loginInPage(platform.baseUrl, context, 'commander', errors);
      await page.getByTestId('nav-monitoring').click();
      await page.waitForURL(`${platform.baseUrl}/monitoring`);
      await page.getByTestId('monitoring-tab-sensors').click();
      await page.waitForURL(/tab=sensors/);
      await page.getByTestId('sensors-search').locator('input').fill(SENSOR);
      await page.getByTestId('sensors-search').locator('input').press('Enter');
      const sensorRow = page.locator(`[data-testid="sensors-table"] tr[data-code="${SENSOR}"]`);
      await sensorRow.waitFor({ state: 'visible' });
      expect(await sensorRow.innerText()).toContain('燃气浓度');
      await sensorRow.getByRole('link', { name: SENSOR_NAME }).click();

      await page.waitForURL(`${platform.baseUrl}/monitoring/sensors/${SENSOR}`);
      await page.getByTestId('sensor-page').waitFor({ state: 'visible' });
      expect(await page.getByTestId('sensor-latest').innerText()).toContain('32');
      await page
        .locator('[data-testid="sensor-series"][data-metric="gas"] canvas')
        .first()
        .waitFor({ state: 'visible' });
      const points = Number(await page.locator('[data-testid="sensor-series"]').getAttribute('data-points'));
      expect(points).toBeGreaterThan(0);
      await page.locator('[data-testid="sensor-rules"] [data-rule-level="orange"]').waitFor({ state: 'visible' });
      await page.locator('[data-testid="sensor-alarms"] tr[data-status="acknowledged"]').waitFor({ state: 'visible' });

      // A rate rule: more than 5 %LEL a minute over 5 minutes is red.
      await page.getByTestId('rule-add').click();
      const form = page.getByTestId('rule-form');
      await form.waitFor({ state: 'visible' });
      await form.getByTestId('rule-kind').getByText('变化率').click();
      await form.getByTestId('rule-level-value').fill('5');
      await form.locator('[data-testid="rule-level-row"] .ant-select').nth(1).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '红色' }).click();
      await page.getByTestId('rule-form-submit').click();
      await form.waitFor({ state: 'detached' });
      await page.locator('[data-testid="sensor-rules"] tr', { hasText: '变化率' }).waitFor({ state: 'visible' });

      await sleep(500);
      await page.screenshot({ path: path.join(artifactsDir, 'monitoring-sensor.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
