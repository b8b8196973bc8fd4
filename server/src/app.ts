import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { loadRouter } from './geo/load-router.js';
import { seedDemo, seedInitialAdmin, seedReference } from './db/seed/seed.js';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes, purgeExpiredSessions, registerAuthHook } from './modules/auth/index.js';
import { divisionRoutes } from './modules/divisions/index.js';
import { checkOverdue, incidentRoutes, OVERDUE_JOB } from './modules/incidents/index.js';
import { notificationRoutes } from './modules/notifications/index.js';
import {
  maintainPartitions,
  monitoringRoutes,
  registerMonitoringJobs,
  startDemoSimulator,
  startMonitoring,
  type Monitoring,
} from './modules/monitoring/index.js';
import { DEMO_SENSORS } from './db/seed/demo-sensors.data.js';
import { orgRoutes } from './modules/org/index.js';
import {
  checkTaskOverdue,
  DRILL_REMIND_JOB,
  planRoutes,
  sendDrillReminders,
  TASK_OVERDUE_JOB,
} from './modules/plans/index.js';
import { resourceRoutes } from './modules/resources/index.js';
import { PROGRAMME_REMIND_JOB, programmeRoutes, sendProgrammeReminders } from './modules/programme/index.js';
import { checkHazardOverdue, HAZARD_OVERDUE_JOB, riskRoutes } from './modules/risks/index.js';
import { registerWarningJobs, warningRoutes } from './modules/warnings/index.js';
import type { Deps } from './platform/deps.js';
import { createEventBus } from './platform/events.js';
import { eventRoutes } from './platform/events.routes.js';
import { registerErrorHandling } from './platform/http.js';
import { enqueueJob, JobRunner } from './platform/jobs.js';
import { systemRoutes } from './platform/system.routes.js';

export interface BuildOptions {
  /** Use this database instead of opening one from config (tests share one). */
  database?: Database;
  now?: () => Date;
  /** Start the job runner (default true). */
  startJobs?: boolean;
  /** Seed the demo city's resources with the demo (default true; tests of the registries start empty). */
  demoResources?: boolean;
  /** Take telemetry over MQTT (embedded broker or MQTT_URL); default true. Off, telemetry arrives over HTTP only. */
  mqtt?: boolean;
  /** In demo mode, keep the demo sensors reporting (default true). */
  simulate?: boolean;
}

export interface Built {
  app: FastifyInstance;
  deps: Deps;
  seeded: { divisions: number; organizations: number; users: number; migrations: string[] };
  monitoring: Monitoring;
}

const SESSION_PURGE_MINUTES = 10;

/** Builds the whole server: database ready, routes registered, nothing listening. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Built> {
  const log = pino({ level: config.logLevel, base: { service: 'yingji' } });
  const ownsDatabase = !opts.database;
  const database =
    opts.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') }));
  const { applied } = await migrate(database);
  const bus = await createEventBus(database, (err) => log.error({ err }, 'event bus error'));
  const now = opts.now ?? (() => new Date());
  const jobs = new JobRunner(database, {
    pollMs: config.jobPollMs,
    onError: (err, job) => log.error({ err, job: job?.id, kind: job?.kind }, 'job failed'),
  });
  const router = await loadRouter(config);
  if (router?.kind === 'graph')
    log.info({ nodes: router.graph.nodeCount, edges: router.graph.edgeCount }, 'road network loaded');
  else if (router) log.info({ url: router.baseUrl }, 'external OSRM router');
  const deps: Deps = { config, database, bus, jobs, log, now, router };

  // Reading partitions exist before anything (the demo's history) is written into them.
  await maintainPartitions(deps, config.readingsRetentionDays);
  const divisionsSeeded = await seedReference(database, bus);
  let demo = { organizations: 0, users: 0 };
  if (config.demo) demo = await seedDemo(database, bus, { resources: opts.demoResources !== false });
  else if (config.initialAdminPassword) await seedInitialAdmin(database, bus, config.initialAdminPassword);

  const purgeSlot = (d: Date) => Math.floor(d.getTime() / (SESSION_PURGE_MINUTES * 60_000));
  jobs.register('session.purge', async () => {
    const n = await purgeExpiredSessions(deps);
    if (n) log.info({ purged: n }, 'expired sessions purged');
    const next = purgeSlot(now()) + 1;
    await enqueueJob(database.db, {
      kind: 'session.purge',
      key: `session.purge:${next}`,
      runAt: new Date(next * SESSION_PURGE_MINUTES * 60_000),
    });
  });
  jobs.register(OVERDUE_JOB, async (job) => {
    const { incidentId } = job.payload as { incidentId: string };
    await checkOverdue(deps, incidentId);
  });
  jobs.register(TASK_OVERDUE_JOB, async (job) => {
    const { taskId } = job.payload as { taskId: string };
    await checkTaskOverdue(deps, taskId);
  });
  // Drill reminders once a day (the key makes one run per day across instances).
  const day = (d: Date) => d.toISOString().slice(0, 10);
  jobs.register(DRILL_REMIND_JOB, async () => {
    const n = await sendDrillReminders(deps);
    if (n) log.info({ reminders: n }, 'drill reminders sent');
    const tomorrow = new Date(`${day(now())}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    await enqueueJob(database.db, {
      kind: DRILL_REMIND_JOB,
      key: `${DRILL_REMIND_JOB}:${day(tomorrow)}`,
      runAt: tomorrow,
    });
  });
  registerMonitoringJobs(deps);
  jobs.register(HAZARD_OVERDUE_JOB, async (job) => {
    await checkHazardOverdue(deps, (job.payload as { hazardId: string }).hazardId);
  });
  const warningDelivery = await registerWarningJobs(deps);
  await enqueueJob(database.db, { kind: 'session.purge', key: `session.purge:${purgeSlot(now())}` });
  await enqueueJob(database.db, { kind: DRILL_REMIND_JOB, key: `${DRILL_REMIND_JOB}:${day(now())}` });
  // Programme report reminders once a day, like the drill reminders.
  jobs.register(PROGRAMME_REMIND_JOB, async () => {
    const n = await sendProgrammeReminders(deps);
    if (n) log.info({ reminders: n }, 'programme report reminders sent');
    const tomorrow = new Date(`${day(now())}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    await enqueueJob(database.db, {
      kind: PROGRAMME_REMIND_JOB,
      key: `${PROGRAMME_REMIND_JOB}:${day(tomorrow)}`,
      runAt: tomorrow,
    });
  });
  await enqueueJob(database.db, { kind: PROGRAMME_REMIND_JOB, key: `${PROGRAMME_REMIND_JOB}:${day(now())}` });

  const app = Fastify({
    loggerInstance: log,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[\w-]{8,64}$/.test(h) ? h : crypto.randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Yingji 应急 API',
        description:
          '智慧应急平台接口。所有列表返回 {items, total}，接受 page（从 1 开始）与 pageSize（≤200）。错误返回 {code, message, details?, requestId}。',
        version: config.version,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'yingji_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const indexHtml = path.join(config.webDist, 'index.html');
  const spa = fs.existsSync(indexHtml);
  registerErrorHandling(app, { spa });
  registerAuthHook(app, deps);
  await app.register(async (api) => {
    await systemRoutes(api, deps);
    await authRoutes(api, deps);
    await divisionRoutes(api, deps);
    await orgRoutes(api, deps);
    await auditRoutes(api, deps);
    await notificationRoutes(api, deps);
    await incidentRoutes(api, deps);
    await resourceRoutes(api, deps);
    await planRoutes(api, deps);
    await monitoringRoutes(api, deps);
    await warningRoutes(api, deps);
    await programmeRoutes(api, deps);
    await riskRoutes(api, deps);
    await eventRoutes(api, deps);
  });

  if (spa) {
    // Wildcard mode looks files up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: config.webDist, wildcard: true, index: ['index.html'] });
  } else {
    log.warn({ webDist: config.webDist }, 'web app not built: run `npm run build -w web` (npm start does)');
  }

  let monitoring;
  try {
    monitoring = await startMonitoring(deps, { mqtt: opts.mqtt !== false });
    if (config.demo && opts.simulate !== false) {
      const stopSimulator = startDemoSimulator(monitoring.ingestor, DEMO_SENSORS, now);
      app.addHook('onClose', async () => stopSimulator());
    }
  } catch (err) {
    await jobs.stop();
    await bus.close();
    if (ownsDatabase) await database.close();
    throw err;
  }
  app.addHook('onClose', async () => {
    await monitoring.stop();
    await warningDelivery.stop();
    await jobs.stop();
    await bus.close();
    if (ownsDatabase) await database.close();
  });
  if (opts.startJobs !== false) app.addHook('onReady', async () => jobs.start());
  if (opts.startJobs !== false) app.addHook('onReady', async () => warningDelivery.start());

  return {
    app,
    deps,
    seeded: { divisions: divisionsSeeded, ...demo, migrations: applied },
    monitoring,
  };
}
