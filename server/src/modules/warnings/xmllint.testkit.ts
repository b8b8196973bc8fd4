/** Test support: validates XML against the OASIS CAP 1.2 schema with Debian's xmllint. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CAP_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/cap');
export const CAP_XSD = path.join(CAP_FIXTURES, 'CAP-v1.2.xsd');
export const CAP_SAMPLES = fs
  .readdirSync(CAP_FIXTURES)
  .filter((f) => f.endsWith('.xml'))
  .sort();

export function readSample(name: string): string {
  return fs.readFileSync(path.join(CAP_FIXTURES, name), 'utf8');
}

/** Runs `xmllint --noout --schema CAP-v1.2.xsd` on the text; ok with xmllint's output for a failure message. */
export function validateCap(xml: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yingji-cap-'));
  const file = path.join(dir, 'message.xml');
  try {
    fs.writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--schema', CAP_XSD, file], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `xmllint --noout -`: the text is well-formed XML. */
export function wellFormed(xml: string): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
