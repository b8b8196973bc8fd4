/**
 * Start-up figures of the embedded platform: time from process start to a
 * healthy API on a fresh data directory (migrate + seed) and on a second start,
 * and resident memory when idle. Spawns `server/src/main.ts` as `npm start` does
 * (the web build is not timed here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, root } from './lib.js';

async function start(dataDir: string): Promise<{ child: ChildProcess; ms: number; port: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO: 'true',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, env, stdio: 'ignore' });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (performance.now() - t0 > 180_000) throw new Error('server did not become healthy in 180 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, ms: performance.now() - t0, port };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-bench-'));
try {
  const first = await start(dir);
  console.log(`startup.fresh_data_dir_ms ${first.ms.toFixed(0)}`);
  await stop(first.child);
  const second = await start(dir);
  console.log(`startup.second_start_ms ${second.ms.toFixed(0)}`);
  await new Promise((r) => setTimeout(r, 5000));
  if (second.child.pid) console.log(`startup.idle_rss_mib ${rssMiB(second.child.pid).toFixed(0)}`);
  await stop(second.child);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
