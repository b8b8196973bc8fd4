/**
 * Division scope rules (GB/T 2260). A code is 6 digits for province (PP0000),
 * city (PPCC00) and county (PPCCDD), and 9 digits for a town or street
 * (PPCCDDTTT). A user's scope is their organisation's division and everything
 * under it, which in this coding is every code sharing the significant prefix.
 */

/** The significant prefix of a division code: every division under it starts with it. */
export function scopePrefix(code: string): string {
  if (!/^\d{6}(\d{3})?$/.test(code)) throw new Error(`not a GB/T 2260 code: ${code}`);
  if (code.length === 9) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** True when `code` is `scopeCode` itself or lies under it. */
export function isInScope(scopeCode: string, code: string): boolean {
  return code.startsWith(scopePrefix(scopeCode));
}

export type DivisionLevel = 'province' | 'city' | 'county' | 'town';

export function levelOf(code: string): DivisionLevel {
  if (code.length === 9) return 'town';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The parent division code, or null for a province. */
export function parentOf(code: string): string | null {
  switch (levelOf(code)) {
    case 'province':
      return null;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'town':
      return code.slice(0, 6);
  }
}
