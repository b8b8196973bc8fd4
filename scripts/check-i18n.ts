/**
 * i18n completeness (part of npm test): zh-CN and en-US locale files of the
 * web app have exactly the same keys and no empty strings, and every API
 * error code has both a Chinese and an English message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ERRORS } from '../contracts/src/errors.js';

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'web/src/app/i18n');
const problems: string[] = [];

function flatten(obj: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
      else out.set(key, v);
    }
  }
  return out;
}

/** Every pair of locale files: the app's own, and each module's i18n/ folder under web/src. */
function localeDirs(): string[] {
  const out = [dir];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (!e.isDirectory()) continue;
      if (e.name === 'i18n' && p !== dir) out.push(p);
      else walk(p);
    }
  };
  walk(path.join(root, 'web/src'));
  return out;
}

for (const d of localeDirs()) {
  const zhPath = path.join(d, 'zh-CN.json');
  const enPath = path.join(d, 'en-US.json');
  const where = path.relative(root, d);
  if (!fs.existsSync(zhPath) || !fs.existsSync(enPath)) {
    problems.push(`${where}: needs both zh-CN.json and en-US.json`);
    continue;
  }
  const zh = flatten(JSON.parse(fs.readFileSync(zhPath, 'utf8')));
  const en = flatten(JSON.parse(fs.readFileSync(enPath, 'utf8')));
  for (const k of zh.keys()) if (!en.has(k)) problems.push(`${where}: en-US lacks "${k}"`);
  for (const k of en.keys()) if (!zh.has(k)) problems.push(`${where}: zh-CN lacks "${k}"`);
  for (const [lang, m] of [
    ['zh-CN', zh],
    ['en-US', en],
  ] as const) {
    for (const [k, v] of m)
      if (typeof v !== 'string' || v.trim() === '') problems.push(`${where}: ${lang} "${k}" is empty`);
  }
  console.log(`i18n ${where}: ${zh.size} keys in zh-CN, ${en.size} in en-US`);
}
for (const [code, e] of Object.entries(ERRORS)) {
  if (!e.zh.trim() || !e.en.trim()) problems.push(`error ${code} lacks a message`);
  if (!/[\u4e00-\u9fff]/.test(e.zh)) problems.push(`error ${code}: zh message has no Chinese text`);
}

if (problems.length) {
  console.error(`i18n check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('i18n: ok');
