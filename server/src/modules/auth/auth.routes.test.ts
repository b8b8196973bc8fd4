import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, auth, buildTestApp, json, loginAs, type TestApp } from '../../../test/helpers.js';

describe.each(ENGINES)('auth on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('logs in with username and password: token, HttpOnly cookie and the session user', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'duty', password: 'Yingji@2026' },
    });
    expect(res.statusCode).toBe(200);
    const body = json<{ token: string; user: Record<string, unknown> }>(res);
    expect(body.token.length).toBeGreaterThan(30);
    expect(body.user).toMatchObject({
      username: 'duty',
      orgName: '市应急局',
      divisionCode: '140300',
      roles: ['duty_officer'],
    });
    expect(body.user).not.toHaveProperty('passwordHash');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/yingji_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    // the cookie alone authenticates
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { yingji_session: body.token } });
    expect(me.statusCode).toBe(200);
    expect(json<{ user: { username: string } }>(me).user.username).toBe('duty');
  });

  it('answers 401 without cookie or bearer token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(json(res)).toMatchObject({ code: 'AUTH_REQUIRED', message: '请先登录。' });
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/organizations', headers: auth('forged-token') });
    expect(bad.statusCode).toBe(401);
  });

  it('gives the same 401 message for a wrong password and an unknown user', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'commander', password: 'wrong-Password1' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody-here', password: 'wrong-Password1' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong).message).toBe(json(unknown).message);
    expect(json(wrong).code).toBe('INVALID_CREDENTIALS');
    // the counter is reset by the next good login
    await loginAs(t.app, 'commander');
  });

  it('locks the account for 15 minutes after five failed logins (423 with the unlock time)', async () => {
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'yuxian', password } });
    for (let i = 1; i <= 4; i++) expect((await attempt(`Wrong-pass-${i}`)).statusCode).toBe(401);
    const fifth = await attempt('Wrong-pass-5');
    expect(fifth.statusCode).toBe(423);
    const until = new Date(json<{ details: { lockedUntil: string } }>(fifth).details.lockedUntil);
    const minutes = (until.getTime() - t.clock.now.getTime()) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThanOrEqual(15);
    // even the right password is refused while locked
    const right = await attempt('Yingji@2026');
    expect(right.statusCode).toBe(423);
    expect(json(right).code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await attempt('Yingji@2026')).statusCode).toBe(200);
  });

  it('expires a session after 30 minutes idle, and activity keeps it alive', async () => {
    const token = await loginAs(t.app, 'fire');
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth(token) });
    t.clock.advance(20 * 60_000);
    expect((await me()).statusCode).toBe(200);
    t.clock.advance(20 * 60_000); // 40 min since login, 20 since last request
    expect((await me()).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const expired = await me();
    expect(expired.statusCode).toBe(401);
    expect(json(expired).code).toBe('SESSION_EXPIRED');
  });

  it('logout ends the session', async () => {
    const token = await loginAs(t.app, 'enterprise');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(token) });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth(token) });
    expect(me.statusCode).toBe(401);
  });

  it('answers in English when asked (Accept-Language)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(json(res).message).toBe('Please log in first.');
  });
});
