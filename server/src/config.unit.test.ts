import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration is validated once and names the bad variable', () => {
  it('defaults: port 3000, PGlite (no DATABASE_URL), info logs', () => {
    const c = loadConfig({ DEMO: 'true' });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.logLevel).toBe('info');
    expect(c.demo).toBe(true);
  });
  it.each([
    [{ DEMO: 'true', PORT: 'eighty' }, 'PORT'],
    [{ DEMO: 'true', PORT: '70000' }, 'PORT'],
    [{ DEMO: 'true', DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DEMO: 'true', LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ DEMO: 'true', MQTT_URL: 'http://broker' }, 'MQTT_URL'],
    [{}, 'SESSION_SECRET'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
  ])('%o is refused, naming %s', (env, name) => {
    let err: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(name);
  });
  it('production mode starts with a long enough secret', () => {
    const c = loadConfig({ SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://u@h/db' });
    expect(c.demo).toBe(false);
    expect(c.sessionSecret).toBe('x'.repeat(40));
  });
});
