/// <reference types="node" />
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactsDir, loginInPage, sleep, usePlatform } from './harness.js';

const platform = usePlatform();
const SHOTS_DIR = '/tmp/shots';
const TITLE = '粗苯罐区北侧消防通道被杂物占用';

interface HazardBody {
  id: string;
  status: string;
  orgName: string;
  attachments: { id: string; contentType: string }[];
  allowedTransitions: string[];
  transitions: {
    from: string | null;
    to: string;
    actor: { name: string };
    note: string | null;
    attachments: unknown[];
  }[];
}

/** A real PNG (an orange square with a dark band), built byte by byte: signature, IHDR, IDAT, IEND. */
function samplePng(size = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const band = y > size / 3 && y < (2 * size) / 3;
      row[1 + x * 3] = band ? 40 : 250;
      row[2 + x * 3] = band ? 40 : 140;
      row[3 + x * 3] = band ? 40 : 0;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function shot(page: Page, name: string, fullPage = false) {
  await mkdir(artifactsDir, { recursive: true });
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage });
  await page.screenshot({ path: path.join(SHOTS_DIR, name), fullPage });
}

/** Picks an option of the antd Select with this test id by typing its label. */
async function pick(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(label);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
}

/** Opens the date picker with this test id and clicks the day `days` from today (moving to the next month if needed). */
async function pickDate(page: Page, testId: string, days: number) {
  const target = new Date(Date.now() + days * 86_400_000);
  const iso = `${target.getFullYear()}-${String(target.getMonth() + 1).padStart(2, '0')}-${String(target.getDate()).padStart(2, '0')}`;
  await page.getByTestId(testId).click();
  const dropdown = page.locator('.ant-picker-dropdown:visible');
  await dropdown.waitFor({ state: 'visible' });
  const cell = dropdown.locator(`td[title="${iso}"]:not(.ant-picker-cell-disabled)`);
  if ((await cell.count()) === 0 || !(await cell.first().isVisible())) {
    await dropdown.locator('.ant-picker-header-next-btn').click();
  }
  await dropdown.locator(`td[title="${iso}"]`).first().click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** The confirm button of the open transition form to `to` (a closing form may still be fading out). */
function submitOf(page: Page, to: string) {
  const form = page.locator(`[data-testid="transition-form"][data-to="${to}"]`);
  return page.locator('.ant-modal', { has: form }).getByTestId('transition-submit');
}

/** Runs one transition from the hazard page: its button, an optional note, the modal's confirm; waits for the new state. */
async function transition(page: Page, to: string, note?: string) {
  await page.getByTestId(`transition-${to}`).click();
  const form = page.locator(`[data-testid="transition-form"][data-to="${to}"]`);
  await form.waitFor({ state: 'visible' });
  if (note) await form.getByTestId('transition-note').fill(note);
  const modal = page.locator('.ant-modal', { has: form });
  await modal.getByTestId('transition-submit').click();
  try {
    await form.waitFor({ state: 'detached', timeout: 15_000 });
  } catch (err) {
    const text = await modal.innerText().catch(() => '');
    throw new Error(`the ${to} form stayed open: ${text}`, { cause: err });
  }
}

async function waitForStatus(page: Page, status: string) {
  await page.locator(`[data-testid="hazard-detail"][data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

describe('dual prevention journey', () => {
  it('the enterprise records a hazard with a photo on a phone and rectifies it; the county inspector verifies and closes it', async () => {
    const errors: string[] = [];
    const photoPath = path.join(tmpdir(), `yingji-hazard-${process.pid}.png`);
    await writeFile(photoPath, samplePng());
    const phone = await platform.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const desk = await platform.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    try {
      // ---- the enterprise's safety officer, on a phone ----
      const ent = await loginInPage(platform.baseUrl, phone, 'enterprise', errors);
      // The menu is folded to icons on a phone, and the page does not scroll sideways.
      expect(await ent.locator('.shell-sider.ant-layout-sider-collapsed').count()).toBe(1);
      await ent.getByTestId('nav-risks').click();
      await ent.getByTestId('risks-tab-hazards').click();
      await ent.waitForURL(`${platform.baseUrl}/risks/hazards`);
      // On a phone the hazards are cards that open with one tap.
      await ent.locator('[data-testid="hazards-table"] .risk-hazard-item').first().waitFor({ timeout: 15_000 });
      await shot(ent, 'risks-phone-list.png');
      await ent.getByTestId('hazard-create').click();
      await ent.waitForURL(`${platform.baseUrl}/risks/hazards/new`);

      const form = ent.getByTestId('hazard-form');
      await form.waitFor({ state: 'visible' });
      expect(await form.getByTestId('hazard-org').innerText()).toContain('阳泉华鑫煤化工');
      await form.getByTestId('hazard-title').fill(TITLE);
      await pick(ent, 'hazard-category', '消防安全');
      await form
        .getByTestId('hazard-description')
        .fill('巡检发现罐区北侧消防通道堆放废旧托盘约 20 个，消防车无法通行，需立即清理并设置禁停标识。');
      await ent.getByTestId('hazard-photo-input').setInputFiles(photoPath);
      await ent.locator('[data-testid="hazard-photo-picker"][data-count="1"]').waitFor({ timeout: 15_000 });
      await form.getByTestId('hazard-responsible').fill('王建国');
      await form.getByTestId('hazard-phone').fill('13803530011');
      await pickDate(ent, 'hazard-deadline', 10);
      // The form fits the phone: one column, nothing wider than the screen.
      const overflow = await ent.evaluate(() => {
        const el = document.querySelector('[data-testid="hazard-form"]');
        return el ? el.getBoundingClientRect().right - window.innerWidth : 999;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await ent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const submitBox = await form.getByTestId('hazard-submit').boundingBox();
      expect(submitBox?.height ?? 0).toBeGreaterThanOrEqual(40);
      await ent.getByTestId('hazard-title').scrollIntoViewIfNeeded();
      await shot(ent, 'risks-phone-report.png');
      await form.getByTestId('hazard-submit').click();

      await waitForStatus(ent, 'reported');
      const hazardId = (await ent.getByTestId('hazard-detail').getAttribute('data-id')) ?? '';
      expect(hazardId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await ent.getByTestId('hazard-detail').innerText()).toContain(TITLE);
      await ent.getByTestId('attachment-thumb').first().waitFor({ state: 'visible' });
      await shot(ent, 'risks-phone-detail.png');

      // The enterprise assigns it to its responsible person, rectifies it and asks for verification.
      await transition(ent, 'assigned', '安排仓储班组当日清理');
      await waitForStatus(ent, 'assigned');
      await transition(ent, 'rectifying');
      await waitForStatus(ent, 'rectifying');
      await ent.getByTestId('transition-pending_verification').click();
      const doneForm = ent.locator('[data-testid="transition-form"][data-to="pending_verification"]');
      await doneForm.getByTestId('transition-note').fill('托盘已全部清运，已施划禁停标线并设置警示牌。');
      await ent.getByTestId('transition-photo-input').setInputFiles(photoPath);
      await ent.locator('[data-testid="transition-photo-picker"][data-count="1"]').waitFor({ timeout: 15_000 });
      await submitOf(ent, 'pending_verification').click();
      await waitForStatus(ent, 'pending_verification');
      // The enterprise cannot verify its own rectification.
      expect(await ent.getByTestId('transition-closed').isDisabled()).toBe(true);
      await ent.getByTestId('hazard-own-rectification').waitFor({ state: 'visible' });
      const refused = await ent.evaluate(async (id) => {
        const res = await fetch(`/api/v1/hazards/${id}/transitions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to: 'closed', note: '自行验收' }),
        });
        return { status: res.status, body: (await res.json()) as { code: string; message: string } };
      }, hazardId);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('HAZARD_VERIFIER_IS_RECTIFIER');
      expect(refused.body.message).toMatch(/[\u4e00-\u9fa5]/);
      await ent.getByTestId('hazard-timeline').scrollIntoViewIfNeeded();
      await shot(ent, 'risks-phone-pending.png');

      // ---- the county inspector verifies and closes it ----
      const insp = await loginInPage(platform.baseUrl, desk, 'inspector', errors);
      await insp.getByTestId('nav-risks').click();
      await insp.getByTestId('risks-tab-hazards').click();
      await insp.getByTestId('hazards-search').locator('input').fill('消防通道被杂物');
      await insp.getByTestId('hazards-search').locator('input').press('Enter');
      const row = insp.locator(`[data-testid="hazards-table"] tr[data-id="${hazardId}"]`);
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await row.getAttribute('data-status')).toBe('pending_verification');
      expect(await row.innerText()).toContain('阳泉华鑫煤化工');
      await row.getByTestId('hazard-link').click();
      await waitForStatus(insp, 'pending_verification');
      // The inspector sees the enterprise's photos (in scope): the image really loads.
      await expect
        .poll(() =>
          insp.evaluate(
            () =>
              [...document.querySelectorAll<HTMLImageElement>('[data-testid="hazard-timeline"] img')].filter(
                (img) => img.complete && img.naturalWidth > 0,
              ).length,
          ),
        )
        .toBeGreaterThanOrEqual(2);
      await transition(insp, 'closed', '现场复核：通道畅通，标识齐全，同意闭环。');
      await waitForStatus(insp, 'closed');
      expect(await insp.getByTestId('hazard-actions').count()).toBe(0);

      // The timeline in the page: each step, who did it, and the notes.
      const entries = insp.locator('[data-testid="hazard-timeline"] [data-testid="timeline-entry"]');
      expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-to')))).toEqual([
        'reported',
        'assigned',
        'rectifying',
        'pending_verification',
        'closed',
      ]);
      const last = entries.last();
      expect(await last.innerText()).toContain('现场复核：通道畅通，标识齐全，同意闭环。');
      const timelineText = await insp.getByTestId('hazard-timeline').innerText();
      expect(timelineText).toContain('已闭环');
      expect(timelineText).toContain('托盘已全部清运');
      const actors = await entries.evaluateAll((els) =>
        els.map((e) => e.querySelector('[data-testid="timeline-actor"]')?.textContent ?? ''),
      );
      expect(new Set(actors.slice(0, 4)).size).toBe(1); // the enterprise's officer
      expect(actors[4]).not.toBe(actors[0]); // verified by someone else
      await sleep(300);
      await shot(insp, 'risks-closed-detail.png');

      // The server agrees.
      const body = await insp.evaluate(async (id) => {
        const res = await fetch(`/api/v1/hazards/${id}`);
        return (await res.json()) as unknown;
      }, hazardId);
      const h = body as HazardBody;
      expect(h.status).toBe('closed');
      expect(h.orgName).toContain('阳泉华鑫煤化工');
      expect(h.attachments.map((a) => a.contentType)).toEqual(['image/png', 'image/png']);
      expect(h.transitions.map((tr) => tr.to)).toEqual([
        'reported',
        'assigned',
        'rectifying',
        'pending_verification',
        'closed',
      ]);
      expect(h.transitions[0]?.attachments).toHaveLength(1);
      expect(h.transitions[3]?.attachments).toHaveLength(1);
      expect(h.transitions[4]?.actor.name).toBe(actors[4]);
      expect(h.allowedTransitions).toEqual([]);

      // The enterprise's phone shows it closed too.
      await ent.reload();
      await waitForStatus(ent, 'closed');

      // ---- the risk map of the county ----
      await insp.getByTestId('risks-tab-map').click();
      const map = insp.getByTestId('risk-map');
      await expect.poll(() => map.getAttribute('data-risk-points'), { timeout: 20_000 }).toMatch(/^[1-9]\d*$/);
      expect(Number(await map.getAttribute('data-major-hazard-sources'))).toBeGreaterThan(0);
      expect(Number(await map.getAttribute('data-vulnerable-targets'))).toBeGreaterThan(0);
      await insp.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), undefined, { timeout: 15_000 });
      await sleep(800); // let the map draw
      await shot(insp, 'risks-map.png');

      expect(errors).toEqual([]);
    } finally {
      await phone.close();
      await desk.close();
      await rm(photoPath, { force: true });
    }
  });

  it('a commander reads the three lists and the hazard statistics of the whole city', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    try {
      const page = await loginInPage(platform.baseUrl, context, 'commander', errors);
      await page.getByTestId('nav-risks').click();
      await page.getByTestId('risks-tab-lists').click();
      await expect
        .poll(() => page.getByTestId('list-risks').innerText(), { timeout: 15_000 })
        .toMatch(/重大风险|较大风险/);
      expect(await page.getByTestId('list-risks').innerText()).not.toContain('低风险');
      await page.getByTestId('list-tab-major-hazard-sources').click();
      await expect
        .poll(() => page.getByTestId('list-major-hazard-sources').innerText(), { timeout: 15_000 })
        .toContain('粗苯罐区');
      const href = (await page.getByTestId('list-export').getAttribute('href')) ?? '';
      expect(href).toContain('list=major-hazard-sources');
      const xlsx = await page.evaluate(async (url) => {
        const res = await fetch(url);
        const buf = new Uint8Array(await res.arrayBuffer());
        return { status: res.status, type: res.headers.get('content-type'), magic: [buf[0], buf[1]] };
      }, href);
      expect(xlsx.status).toBe(200);
      expect(xlsx.type).toContain('spreadsheetml');
      expect(xlsx.magic).toEqual([0x50, 0x4b]); // a zip, as every .xlsx is
      await page.getByTestId('list-tab-vulnerable-targets').click();
      await expect
        .poll(() => page.getByTestId('list-vulnerable-targets').innerText(), { timeout: 15_000 })
        .toMatch(/学校|医院|养老/);
      await shot(page, 'risks-lists.png', true);

      await page.getByTestId('risks-tab-stats').click();
      await page.getByTestId('stats-totals').waitFor({ state: 'visible', timeout: 15_000 });
      await page.locator('[data-testid="stats-by-period"] canvas').first().waitFor({ state: 'visible' });
      expect(await page.getByTestId('stats-rate').innerText()).toMatch(/%/);
      await sleep(600);
      await shot(page, 'risks-stats.png', true);

      // The one map (一张图) carries the risk map as a layer the user can tick.
      await page.getByTestId('nav-map').click();
      await page.getByTestId('map-layer-risks').click();
      await expect
        .poll(() => page.getByTestId('map-layer-panel').locator('.ant-spin').count(), { timeout: 20_000 })
        .toBe(0);
      expect(await page.getByTestId('map-layer-panel').locator('.map-layer-error').count()).toBe(0);
      expect(await page.getByTestId('map-layer-panel').innerText()).toContain('安全风险一张图');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('county staff grade a new risk point with LEC (live score, the server grades it red) and re-assess it with LS', async () => {
    const errors: string[] = [];
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    try {
      const page = await loginInPage(platform.baseUrl, context, 'pingding', errors);
      await page.getByTestId('nav-risks').click();
      await page.getByTestId('risk-register').waitFor({ state: 'visible' });
      await expect.poll(() => page.getByTestId('risks-table').innerText(), { timeout: 15_000 }).toContain('平定县');

      await page.getByTestId('risk-create').click();
      const form = page.getByTestId('risk-form');
      await form.waitFor({ state: 'visible' });
      await pick(page, 'risk-org', '阳泉华鑫煤化工');
      await form.getByTestId('risk-name').fill('E2E 粗苯装车鹤位');
      await pick(page, 'risk-L', '6 — 相当可能');
      await pick(page, 'risk-E', '6 — 每天工作时间内暴露');
      expect(await page.getByTestId('risk-live-score').innerText()).toContain('—');
      await pick(page, 'risk-C', '15 — 非常严重');
      // D = L × E × C = 6 × 6 × 15, shown before saving.
      expect(await page.getByTestId('risk-live-score').innerText()).toContain('540');
      await page.getByTestId('risk-form-ok').click();
      const saved = page.getByTestId('risk-saved');
      await saved.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await saved.getByTestId('risk-saved-score').innerText()).toBe('540');
      expect(await saved.getByTestId('risk-level-tag').getAttribute('data-level')).toBe('major');
      expect(await saved.innerText()).toContain('公司级');
      await page.getByTestId('risk-form-ok').click();
      await saved.waitFor({ state: 'detached' });

      // Re-assessed with the LS matrix: R = 2 × 3 = 6 is a low (blue) risk; the history keeps both.
      await page.getByTestId('risks-search').locator('input').fill('E2E 粗苯装车鹤位');
      await page.getByTestId('risks-search').locator('input').press('Enter');
      await page.getByTestId('risk-link').filter({ hasText: 'E2E 粗苯装车鹤位' }).click();
      const drawer = page.getByTestId('risk-drawer');
      await drawer.getByTestId('risk-edit').click();
      await page.getByTestId('risk-reassess').click();
      await page.getByTestId('risk-method').getByText('LS 风险矩阵').click();
      await pick(page, 'risk-L', '2 — 不大可能');
      await pick(page, 'risk-S', '3 — 中等');
      expect(await page.getByTestId('risk-live-score').innerText()).toContain('6');
      await page.getByTestId('risk-form-ok').click();
      await page.getByTestId('risk-saved').waitFor({ state: 'visible', timeout: 15_000 });
      expect(await page.getByTestId('risk-saved').getByTestId('risk-level-tag').getAttribute('data-level')).toBe('low');
      // The control level follows the new grade: a low risk is controlled at the post.
      expect(await page.getByTestId('risk-saved').innerText()).toContain('岗位级');
      await page.getByTestId('risk-form-ok').click();
      const history = drawer.locator('[data-testid="risk-history"] tbody tr.ant-table-row');
      await expect.poll(() => history.count(), { timeout: 15_000 }).toBe(2);
      expect(await history.first().innerText()).toContain('L=2 · S=3');
      expect(await history.last().innerText()).toContain('540');
      await sleep(300);
      await shot(page, 'risks-register-history.png');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('a major hazard: the county refuses a plan missing elements of 五落实, then approves the completed plan', async () => {
    const errors: string[] = [];
    const entContext = await platform.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN' });
    const countyContext = await platform.browser.newContext({
      viewport: { width: 1280, height: 1000 },
      locale: 'zh-CN',
    });
    try {
      const ent = await loginInPage(platform.baseUrl, entContext, 'enterprise', errors);
      // Set-up through the API with the page's session: a major hazard, assigned.
      const id = await ent.evaluate(async () => {
        const me = (await (await fetch('/api/v1/auth/me')).json()) as { user: { orgId: string } };
        const post = async (url: string, body: unknown) => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          if (!res.ok) throw new Error(`${url} ${res.status} ${await res.text()}`);
          return (await res.json()) as { id: string; status: string };
        };
        const h = await post('/api/v1/hazards', {
          orgId: me.user.orgId,
          source: 'self_inspection',
          level: 'major',
          category: 'hazchem',
          title: 'E2E 粗苯储罐呼吸阀失效',
          description: '粗苯储罐呼吸阀锈蚀卡死，罐内压力异常，存在泄漏、火灾爆炸风险。',
        });
        const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
        await post(`/api/v1/hazards/${h.id}/transitions`, { to: 'assigned', responsiblePerson: '刘卫东', deadline });
        return h.id;
      });
      await ent.goto(`${platform.baseUrl}/risks/hazards/${id}`);
      await waitForStatus(ent, 'assigned');
      await ent.getByTestId('hazard-plan').waitFor({ state: 'visible' });

      // The enterprise submits a plan with three of the six elements.
      await ent.getByTestId('transition-plan_submitted').click();
      await ent.getByTestId('plan-objective').fill('更换呼吸阀及阻火器，罐区压力恢复正常。');
      await ent.getByTestId('plan-measures').fill('倒罐清空后更换呼吸阀、阻火器，增设压力远传报警。');
      await ent.getByTestId('plan-funding').fill('专项资金 12 万元，企业安全生产费用列支。');
      await submitOf(ent, 'plan_submitted').click();
      await waitForStatus(ent, 'plan_submitted');
      expect(await ent.getByTestId('hazard-plan').innerText()).toContain('方案尚缺');

      // The county cannot approve it yet: the page names what is missing.
      const county = await loginInPage(platform.baseUrl, countyContext, 'pingding', errors);
      await county.goto(`${platform.baseUrl}/risks/hazards/${id}`);
      await waitForStatus(county, 'plan_submitted');
      await county.getByTestId('transition-plan_approved').click();
      await submitOf(county, 'plan_approved').click();
      const refusal = county.locator('.risk-transition-modal .ant-alert-warning');
      await refusal.waitFor({ state: 'visible', timeout: 15_000 });
      const missingText = await refusal.innerText();
      expect(missingText).toContain('负责治理的机构和人员');
      expect(missingText).toContain('治理的时限和要求');
      expect(missingText).toContain('安全措施和应急预案');
      expect(missingText).not.toContain('治理的目标和任务');
      await county.keyboard.press('Escape');
      await transition(county, 'assigned', '方案缺少机构人员、时限和应急预案，请补充后重新提交。');
      await waitForStatus(county, 'assigned');

      // The enterprise completes the plan (the three elements it had are kept) and submits it again.
      await ent.reload();
      await waitForStatus(ent, 'assigned');
      await ent.getByTestId('transition-plan_submitted').click();
      expect(await ent.getByTestId('plan-objective').inputValue()).toContain('更换呼吸阀');
      await ent.getByTestId('plan-organisation').fill('设备部牵头，储运车间主任刘卫东负责，安环部监督。');
      await ent.getByTestId('plan-timeline').fill('30 日内完成，第 10 日完成倒罐。');
      await ent.getByTestId('plan-safetyAndContingency').fill('作业期间设警戒区、动火审批，执行罐区泄漏专项应急预案。');
      await submitOf(ent, 'plan_submitted').click();
      await waitForStatus(ent, 'plan_submitted');

      await county.reload();
      await waitForStatus(county, 'plan_submitted');
      await transition(county, 'plan_approved', '方案五落实，同意实施，县级挂牌督办。');
      await waitForStatus(county, 'plan_approved');
      const planText = await county.getByTestId('hazard-plan').innerText();
      expect(planText).not.toContain('方案尚缺');
      expect(planText).toContain('执行罐区泄漏专项应急预案');
      const steps = await county
        .locator('[data-testid="hazard-timeline"] [data-testid="timeline-entry"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-to')));
      expect(steps).toEqual(['reported', 'assigned', 'plan_submitted', 'assigned', 'plan_submitted', 'plan_approved']);

      // It is on the county's supervision list (督办) as a major hazard not written off.
      await county.getByTestId('risks-tab-supervision').click();
      await expect
        .poll(() => county.getByTestId('supervision-table').innerText(), { timeout: 15_000 })
        .toContain('E2E 粗苯储罐呼吸阀失效');
      await shot(county, 'risks-supervision.png');
      expect(errors).toEqual([]);
    } finally {
      await entContext.close();
      await countyContext.close();
    }
  });
});
