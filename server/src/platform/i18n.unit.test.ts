import { describe, expect, it } from 'vitest';
import { localeFrom } from './i18n.js';

describe('Accept-Language → locale (zh-CN default)', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en-US,en;q=0.9', 'en-US'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en;q=0.5,zh;q=0.9', 'zh-CN'],
    ['fr-FR', 'zh-CN'],
    ['fr-FR,en;q=0.3', 'en-US'],
  ])('%s → %s', (h, want) => expect(localeFrom(h)).toBe(want));
});
