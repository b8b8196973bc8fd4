/** npm run bench -- <name>: runs server/bench/<name>.ts, which prints one line per figure. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'server/bench');
const name = process.argv[2];
const available = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(2);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(benchDir, `${name}.ts`), ...process.argv.slice(3)],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
process.exit(r.status ?? 1);
