import { describe, expect, it } from 'vitest';
import { isInScope, levelOf, parentOf, scopePrefix } from './scope.rules.js';

describe('GB/T 2260 division scope', () => {
  it('a province code (PP0000) covers every code of the province', () => {
    expect(scopePrefix('140000')).toBe('14');
    expect(isInScope('140000', '140321')).toBe(true);
    expect(isInScope('140000', '130100')).toBe(false);
  });

  it('a city code (PPCC00) covers its districts and counties, not a neighbouring city', () => {
    expect(scopePrefix('140300')).toBe('1403');
    for (const c of ['140302', '140303', '140311', '140321', '140322', '140321100']) {
      expect(isInScope('140300', c)).toBe(true);
    }
    expect(isInScope('140300', '140100')).toBe(false);
    expect(isInScope('140300', '140400')).toBe(false);
  });

  it('a county user (平定县 140321) never sees 盂县 (140322) records', () => {
    expect(isInScope('140321', '140322')).toBe(false);
    expect(isInScope('140321', '140321')).toBe(true);
    expect(isInScope('140321', '140321100')).toBe(true);
    // nor the city itself
    expect(isInScope('140321', '140300')).toBe(false);
  });

  it('a town code (9 digits) covers only itself', () => {
    expect(scopePrefix('140321100')).toBe('140321100');
    expect(isInScope('140321100', '140321101')).toBe(false);
  });

  it('levels and parents follow the code structure', () => {
    expect(levelOf('140000')).toBe('province');
    expect(levelOf('140300')).toBe('city');
    expect(levelOf('140322')).toBe('county');
    expect(levelOf('140322100')).toBe('town');
    expect(parentOf('140000')).toBeNull();
    expect(parentOf('140300')).toBe('140000');
    expect(parentOf('140322')).toBe('140300');
    expect(parentOf('140322100')).toBe('140322');
  });

  it('rejects malformed codes', () => {
    expect(() => scopePrefix('1403')).toThrow();
    expect(() => scopePrefix('14030a')).toThrow();
  });
});
