import crypto from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type Built } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';

export type Engine = 'pglite' | 'postgres';

const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/test';

/** Finds the machine's own PostgreSQL when DATABASE_URL is not given (YINGJI_TEST_PG=off skips it). */
async function findPostgres(): Promise<string | null> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (process.env.YINGJI_TEST_PG === 'off') return null;
  const c = new pg.Client({ connectionString: LOCAL_PG, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return LOCAL_PG;
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const PG_URL = await findPostgres();

/** API tests run on PGlite always, and on PostgreSQL too when one is reachable. */
export const ENGINES: Engine[] = PG_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDb {
  database: Database;
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh, empty database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function freshDatabase(engine: Engine): Promise<TestDb> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, url: null, drop: () => database.close() };
  }
  const base = PG_URL;
  if (!base) throw new Error('no PostgreSQL: set DATABASE_URL');
  const name = `yingji_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const env = { DEMO: 'true', LOG_LEVEL: 'silent', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' };
  // Port 0: an embedded broker, when a test starts one, never collides with the machine's Mosquitto.
  return { ...loadConfig(env), mqttPort: 0, ...overrides };
}

export interface TestApp extends Built {
  app: FastifyInstance;
  db: TestDb;
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

export async function buildTestApp(
  engine: Engine,
  overrides: Partial<Config> = {},
  opts: { demoResources?: boolean; mqtt?: boolean } = {},
): Promise<TestApp> {
  const db = await freshDatabase(engine);
  const clock = {
    offset: 0,
    get now() {
      return new Date(Date.now() + this.offset);
    },
    advance(ms: number) {
      this.offset += ms;
    },
  };
  const built = await buildApp(testConfig({ ...overrides, databaseUrl: db.url ?? undefined }), {
    database: db.database,
    now: () => clock.now,
    startJobs: false,
    demoResources: opts.demoResources,
    mqtt: opts.mqtt ?? false,
    simulate: false,
  });
  await built.app.ready();
  return {
    ...built,
    db,
    clock,
    async close() {
      await built.app.close();
      await db.drop();
    },
  };
}

export const DEMO_PASSWORD = 'Yingji@2026';

export async function loginAs(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

export function auth(token: string) {
  return { authorization: `Bearer ${token}` };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}
