import { describe, expect, it } from 'vitest';
import { isPasswordStrong, isSessionExpired, lockedUntilAfterFailure, passwordClasses } from './password.rules.js';

describe('password policy: at least 10 characters and three character classes', () => {
  it('accepts the demo password', () => expect(isPasswordStrong('Yingji@2026')).toBe(true));
  it('rejects 9 characters even with four classes', () => expect(isPasswordStrong('Ab1@Ab1@A')).toBe(false));
  it('accepts exactly 10 characters with three classes', () => expect(isPasswordStrong('Abcdefgh12')).toBe(true));
  it('rejects two classes however long', () => expect(isPasswordStrong('abcdefghijklmn12345')).toBe(false));
  it('counts symbols, including Chinese characters, as a class', () => {
    expect(passwordClasses('应急abc123')).toBe(3);
    expect(isPasswordStrong('应急管理abc12345')).toBe(true);
  });
});

describe('lockout: five failed logins lock the account for 15 minutes', () => {
  const now = new Date('2026-11-23T01:00:00Z');
  it('four failures do not lock', () => expect(lockedUntilAfterFailure(4, now)).toBeNull());
  it('the fifth failure locks until now + 15 min', () =>
    expect(lockedUntilAfterFailure(5, now)?.toISOString()).toBe('2026-11-23T01:15:00.000Z'));
});

describe('sessions expire after 30 minutes idle', () => {
  const seen = new Date('2026-11-23T01:00:00Z');
  it('30 minutes exactly is still valid', () =>
    expect(isSessionExpired(seen, new Date('2026-11-23T01:30:00Z'))).toBe(false));
  it('30 minutes and 1 second is expired', () =>
    expect(isSessionExpired(seen, new Date('2026-11-23T01:30:01Z'))).toBe(true));
});
