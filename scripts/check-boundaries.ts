/**
 * Import-boundary check (part of npm test):
 *  - a module (server/src/modules/<m>/) reaches another module only through its index.ts;
 *  - platform code (server/src/platform/) does not import modules at all;
 *  - the web app does not import server code; contracts import nothing of ours.
 * db/schema.ts is the one place allowed to gather every module's *.table.ts.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const problems: string[] = [];

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : walk(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(importRe)) out.push((m[1] ?? m[2]) as string);
  return out;
}

const modulesDir = path.join(root, 'server/src/modules');
const moduleOf = (abs: string) => {
  const rel = path.relative(modulesDir, abs);
  return rel.startsWith('..') ? null : (rel.split(path.sep)[0] ?? null);
};

for (const file of walk(path.join(root, 'server/src'))) {
  const rel = path.relative(root, file);
  const fromModule = moduleOf(file);
  for (const spec of importsOf(file)) {
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
    const toModule = moduleOf(target);
    if (!toModule) continue;
    if (rel.startsWith(path.join('server', 'src', 'platform'))) {
      problems.push(`${rel}: platform code must not import a module (${spec})`);
      continue;
    }
    if (rel === path.join('server', 'src', 'db', 'schema.ts') && target.endsWith('.table.ts')) continue;
    if (fromModule === toModule) continue;
    if (path.basename(target) !== 'index.ts') {
      problems.push(`${rel}: imports ${spec} — reach module "${toModule}" through its index.ts`);
    }
  }
}

for (const file of walk(path.join(root, 'web/src'))) {
  for (const spec of importsOf(file)) {
    if (spec.includes('server/') || spec.startsWith('@yingji/server')) {
      problems.push(`${path.relative(root, file)}: the web app must not import server code (${spec})`);
    }
  }
}
for (const file of walk(path.join(root, 'contracts/src'))) {
  for (const spec of importsOf(file)) {
    if (spec.startsWith('@yingji/') || spec.includes('../server') || spec.includes('../web')) {
      problems.push(`${path.relative(root, file)}: contracts must not depend on other workspaces (${spec})`);
    }
  }
}

if (problems.length) {
  console.error(`Import boundaries violated (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('import boundaries: ok');
