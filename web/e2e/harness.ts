/// <reference types="node" />
/**
 * Shared set-up of the browser journeys: the real server in its own process on a
 * fresh embedded data dir with the demo city, and Debian's Chromium driven by
 * playwright-core. Each test file starts its own platform.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const webDist = path.join(repoRoot, 'web', 'dist');
export const artifactsDir = path.join(repoRoot, 'web', 'e2e', 'artifacts');
export const DEMO_PASSWORD = 'Yingji@2026';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      if (address === null || typeof address === 'string') {
        srv.close();
        reject(new Error('could not get a free port'));
        return;
      }
      const { port } = address;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: ChildProcess | undefined;
let serverExit: Promise<void> | undefined;
let serverLog = '';
let dataDir: string | undefined;
let browser: Browser | undefined;
let baseUrl = '';

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  server?.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before becoming healthy:\n${serverLog}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${serverLog}`);
}

export async function startPlatform(): Promise<Platform> {
  const port = await freePort();
  let mqttPort = await freePort();
  while (mqttPort === port) mqttPort = await freePort();
  dataDir = await mkdtemp(path.join(tmpdir(), 'yingji-e2e-'));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO: 'true',
    MQTT_PORT: String(mqttPort),
    LOG_LEVEL: 'warn',
    WEB_DIST: webDist,
  };
  delete env.DATABASE_URL;

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  serverExit = new Promise((resolve) => child.once('exit', () => resolve()));
  const keep = (chunk: Buffer) => {
    serverLog = (serverLog + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(`${baseUrl}/api/v1/health`, 120_000);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { baseUrl, browser, stop };
}

async function stop(): Promise<void> {
  await browser?.close().catch(() => undefined);
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    const timeout = sleep(20_000).then(() => 'timeout' as const);
    if ((await Promise.race([serverExit, timeout])) === 'timeout') {
      server.kill('SIGKILL');
      await serverExit;
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
}

export interface Platform {
  baseUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Opens a page in `context`, signs `username` in with the demo password through the login form and
 * waits for the shell; the page's uncaught errors are added to `errors` (prefixed with the username).
 */
export async function loginInPage(
  baseUrl: string,
  context: BrowserContext,
  username: string,
  errors: string[],
): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(`${username}: ${err.message}`));
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-password').press('Enter');
  await page.getByTestId('user-name').waitFor({ state: 'visible' });
  return page;
}

/**
 * Starts the platform before the calling test file's tests and stops it after them. The answer's
 * `baseUrl` and `browser` may be read once the tests run (reading them earlier throws).
 */
export function usePlatform(): Omit<Platform, 'stop'> {
  let started: Platform | undefined;
  beforeAll(async () => {
    started = await startPlatform();
  }, 180_000);
  afterAll(async () => {
    await started?.stop();
  }, 60_000);
  const get = (): Platform => {
    if (!started) throw new Error('platform not started');
    return started;
  };
  return {
    get baseUrl() {
      return get().baseUrl;
    },
    get browser() {
      return get().browser;
    },
  };
}
