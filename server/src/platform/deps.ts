import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Router } from '../geo/router.js';
import type { EventBus } from './events.js';
import type { JobRunner } from './jobs.js';

/** What services need from the platform; built once in buildApp and passed down. */
export interface Deps {
  config: Config;
  database: Database;
  bus: EventBus;
  jobs: JobRunner;
  log: Logger;
  /** The road router (in-process graph or external OSRM); null when neither is configured. */
  router: Router | null;
  /** Injected clock, so rules and jobs are testable. */
  now: () => Date;
}
