import { enqueueJob } from '../../platform/jobs.js';
import type { Deps } from '../../platform/deps.js';
import { adaptersFromConfig, type ChannelAdapter } from './channels.js';
import {
  DeliveryWorker,
  dispatchMessage,
  DISPATCH_JOB,
  EXPIRE_JOB,
  expireWarnings,
  type DeliveryWorkerOptions,
} from './dissemination.service.js';

const workers = new WeakMap<Deps, DeliveryWorker>();
const EXPIRE_EVERY_MS = 60_000;

/**
 * Registers the dissemination jobs (targeting of each sent message; expiry once a minute) and builds the
 * delivery worker with this deployment's channels. The caller starts and stops the worker.
 */
export async function registerWarningJobs(
  deps: Deps,
  opts: { adapters?: ChannelAdapter[]; worker?: DeliveryWorkerOptions } = {},
): Promise<DeliveryWorker> {
  const worker = new DeliveryWorker(
    deps,
    opts.adapters ?? adaptersFromConfig(deps.config.delivery, deps.config.dataDir),
    opts.worker,
  );
  workers.set(deps, worker);
  deps.jobs.register(DISPATCH_JOB, async (job) => {
    const { messageId } = job.payload as { messageId: string };
    const r = await dispatchMessage(deps, messageId, worker.enabled);
    if (r) deps.log.info({ messageId, ...r }, 'warning dispatched');
  });
  const slot = (d: Date) => Math.floor(d.getTime() / EXPIRE_EVERY_MS);
  deps.jobs.register(EXPIRE_JOB, async () => {
    const n = await expireWarnings(deps);
    if (n) deps.log.info({ expired: n }, 'warnings expired');
    const next = slot(deps.now()) + 1;
    await enqueueJob(deps.database.db, {
      kind: EXPIRE_JOB,
      key: `${EXPIRE_JOB}:${next}`,
      runAt: new Date(next * EXPIRE_EVERY_MS),
    });
  });
  await enqueueJob(deps.database.db, { kind: EXPIRE_JOB, key: `${EXPIRE_JOB}:${slot(deps.now())}` });
  return worker;
}

/** The delivery worker built for these deps (tests drive it with runOnce). */
export function deliveryWorkerOf(deps: Deps): DeliveryWorker | undefined {
  return workers.get(deps);
}
