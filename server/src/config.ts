import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?|tcp):\/\//, { message: 'must be an mqtt://, mqtts://, ws:// or wss:// URL' })
    .optional(),
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  /** Stable name of this instance: the MQTT client id of its telemetry session (default host-port). */
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.-]{1,40}$/, { message: 'letters, digits, _ . - (≤ 40)' })
    .optional(),
  /** The MQTT 5 shared-subscription group the instances of one deployment join. */
  MQTT_SHARE_GROUP: z
    .string()
    .regex(/^[\w-]{1,40}$/, { message: 'letters, digits, _ - (≤ 40)' })
    .default('yingji'),
  READINGS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  DEMO: bool.default(false),
  COOKIE_SECURE: bool.default(false),
  WEB_DIST: z
    .string()
    .min(1)
    .default(path.join(repoRoot, 'web', 'dist')),
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, { message: 'must be an http(s) URL template with {z}, {x} and {y}' })
    .optional(),
  MAP_ATTRIBUTION: z.string().optional(),
  JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  INITIAL_ADMIN_PASSWORD: z.string().optional(),
  ROAD_NETWORK: z
    .string()
    .regex(/\.(osm|osm\.pbf|geojson|json)$/i, {
      message: 'must be a path to an .osm, .osm.pbf, .geojson or .json road network',
    })
    .optional(),
  ROUTER_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i, {
      message: 'must be the http(s) base URL of an OSRM server, e.g. http://router:5000',
    })
    .optional(),
  /** Public base URL of this deployment: links in warning messages (CAP, public page). */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s?#]+$/i, { message: 'must be an http(s) URL, e.g. https://yingji.example.gov.cn' })
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  SMTP_FROM: z.string().min(3).default('应急预警 <noreply@yingji.local>'),
  SMS_URL: z
    .string()
    .regex(/^https?:\/\//i, { message: 'must be the http(s) URL of the SMS provider' })
    .optional(),
  SMS_KEY: z.string().optional(),
  /** on: POST to subscribers' URLs; sink: append to <DATA_DIR>/webhook-outbox.jsonl; off: channel disabled. */
  WEBHOOK_MODE: z.enum(['on', 'sink', 'off']).optional(),
  /** E-mail and SMS without SMTP_URL / SMS_URL go to <DATA_DIR>/{mail,sms}-outbox.jsonl (default: on in demo). */
  OUTBOX_SINK: bool.optional(),
  DELIVERY_RATE_SMS: z.coerce.number().min(0.1).max(10_000).default(50),
  DELIVERY_RATE_EMAIL: z.coerce.number().min(0.1).max(10_000).default(20),
  DELIVERY_RATE_WEBHOOK: z.coerce.number().min(0.1).max(10_000).default(20),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  DELIVERY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
});

/** Dissemination of public warnings: transports, rate limits (per second, per instance) and retries. */
export interface DeliveryConfig {
  publicUrl: string;
  smtpUrl: string | undefined;
  smtpFrom: string;
  smsUrl: string | undefined;
  smsKey: string | undefined;
  webhookMode: 'on' | 'sink' | 'off';
  outboxSink: boolean;
  rates: { sms: number; email: number; webhook: number };
  maxAttempts: number;
  pollMs: number;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  mqttUrl: string | undefined;
  mqttPort: number;
  instanceId: string;
  mqttShareGroup: string;
  readingsRetentionDays: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionSecret: string;
  demo: boolean;
  cookieSecure: boolean;
  webDist: string;
  mapTileUrl: string | null;
  mapAttribution: string | null;
  jobPollMs: number;
  initialAdminPassword: string | undefined;
  roadNetwork: string | undefined;
  /** Base URL of an external OSRM server; when set it answers travel times instead of ROAD_NETWORK. */
  routerUrl: string | undefined;
  delivery: DeliveryConfig;
  version: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const VERSION = '0.1.0';

/** Reads the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (!e.DEMO && !e.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: required (at least 32 characters) unless DEMO=true']);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    mqttUrl: e.MQTT_URL,
    mqttPort: e.MQTT_PORT,
    instanceId:
      e.INSTANCE_ID ??
      `${os
        .hostname()
        .replace(/[^\w.-]/g, '-')
        .slice(0, 30)}-${e.PORT}`,
    readingsRetentionDays: e.READINGS_RETENTION_DAYS,
    mqttShareGroup: e.MQTT_SHARE_GROUP,
    logLevel: e.LOG_LEVEL,
    // In demo mode without a secret, sessions do not survive a restart: acceptable for a demo.
    sessionSecret: e.SESSION_SECRET ?? cryptoRandom(),
    demo: e.DEMO,
    cookieSecure: e.COOKIE_SECURE,
    webDist: path.resolve(e.WEB_DIST),
    mapTileUrl: e.MAP_TILE_URL ?? null,
    mapAttribution: e.MAP_ATTRIBUTION ?? null,
    jobPollMs: e.JOB_POLL_MS,
    initialAdminPassword: e.INITIAL_ADMIN_PASSWORD,
    roadNetwork: e.ROAD_NETWORK,
    routerUrl: e.ROUTER_URL?.replace(/\/+$/, ''),
    delivery: {
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      smtpUrl: e.SMTP_URL,
      smtpFrom: e.SMTP_FROM,
      smsUrl: e.SMS_URL,
      smsKey: e.SMS_KEY,
      webhookMode: e.WEBHOOK_MODE ?? (e.DEMO ? 'sink' : 'on'),
      outboxSink: e.OUTBOX_SINK ?? e.DEMO,
      rates: { sms: e.DELIVERY_RATE_SMS, email: e.DELIVERY_RATE_EMAIL, webhook: e.DELIVERY_RATE_WEBHOOK },
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      pollMs: e.DELIVERY_POLL_MS,
    },
    version: VERSION,
  };
}

function cryptoRandom(): string {
  return globalThis.crypto.randomUUID() + globalThis.crypto.randomUUID();
}
