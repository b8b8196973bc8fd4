import net from 'node:net';
import { Aedes } from 'aedes';
import type { Deps } from '../../platform/deps.js';
import { enqueueJob } from '../../platform/jobs.js';
import { ESCALATE_JOB, escalateAlarm } from './alarms.service.js';
import { Ingestor } from './ingest.service.js';
import { sensorOfTopic } from './monitoring.rules.js';
import { MqttSubscriber } from './mqtt-subscriber.js';
import { checkOffline, maintainPartitions } from './sensors.service.js';

/** Start-up cannot go on (the embedded broker's port is taken): the message says what to set. */
export class StartupError extends Error {}

export const OFFLINE_JOB = 'monitoring.offline';
export const PARTITIONS_JOB = 'monitoring.partitions';
const OFFLINE_EVERY_SECONDS = 30;
export const sharedTopic = (group: string) => `$share/${group}/yingji/telemetry/#`;

export interface Monitoring {
  ingestor: Ingestor;
  /** The embedded broker's port, when this instance runs one. */
  brokerPort: number | null;
  /** How telemetry arrives: embedded broker, external broker, or HTTP only. */
  mode: 'embedded' | 'external' | 'http';
  stop(): Promise<void>;
}

const runtimes = new WeakMap<Deps, Monitoring>();

export function monitoringOf(deps: Deps): Monitoring {
  const m = runtimes.get(deps);
  if (!m) throw new Error('monitoring not started');
  return m;
}

/** Registers the jobs of the module (escalation, offline sweep, reading partitions). */
export function registerMonitoringJobs(deps: Deps) {
  deps.jobs.register(ESCALATE_JOB, async (job) => {
    const { alarmId, step } = job.payload as { alarmId: string; step: number };
    await escalateAlarm(deps, alarmId, step);
  });
  const slot = (d: Date) => Math.floor(d.getTime() / (OFFLINE_EVERY_SECONDS * 1000));
  deps.jobs.register(OFFLINE_JOB, async () => {
    const n = await checkOffline(deps);
    if (n) deps.log.info({ raised: n }, 'sensors offline or silent');
    const next = slot(deps.now()) + 1;
    await enqueueJob(deps.database.db, {
      kind: OFFLINE_JOB,
      key: `${OFFLINE_JOB}:${next}`,
      runAt: new Date(next * OFFLINE_EVERY_SECONDS * 1000),
    });
  });
  deps.jobs.register(PARTITIONS_JOB, async () => {
    await maintainPartitions(deps, deps.config.readingsRetentionDays);
    const tomorrow = new Date(`${deps.now().toISOString().slice(0, 10)}T00:05:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    await enqueueJob(deps.database.db, {
      kind: PARTITIONS_JOB,
      key: `${PARTITIONS_JOB}:${tomorrow.toISOString().slice(0, 10)}`,
      runAt: tomorrow,
    });
  });
}

/**
 * Starts the telemetry pipeline. With `MQTT_URL`, this instance joins the shared subscription
 * `$share/yingji/yingji/telemetry/#` with a persistent session named after `INSTANCE_ID`, so several
 * instances split the stream and an instance that comes back gets what it had not acknowledged.
 * Without it, an embedded broker (Aedes) listens on `MQTT_PORT` and readings are taken in process.
 */
export async function startMonitoring(deps: Deps, opts: { mqtt: boolean }): Promise<Monitoring> {
  const now = deps.now();
  await enqueueJob(deps.database.db, {
    kind: OFFLINE_JOB,
    key: `${OFFLINE_JOB}:${Math.floor(now.getTime() / (OFFLINE_EVERY_SECONDS * 1000))}`,
  });
  const ingestor = new Ingestor(deps);
  await ingestor.start();
  let stopBroker: () => Promise<void> = async () => {};
  let brokerPort: number | null = null;
  let mode: Monitoring['mode'] = 'http';
  if (opts.mqtt && deps.config.mqttUrl) {
    mode = 'external';
    const sub = new MqttSubscriber({
      url: deps.config.mqttUrl,
      clientId: `yingji-${deps.config.instanceId}`,
      topic: sharedTopic(deps.config.mqttShareGroup),
      sessionExpirySeconds: 3600,
      receiveMaximum: 10_000,
      onMessage: (topic, payload, ack) => ingestor.push(sensorOfTopic(topic), payload, ack),
      onError: (err) => deps.log.warn({ err }, 'telemetry subscriber'),
      onConnect: (sessionPresent) =>
        deps.log.info({ sessionPresent, url: deps.config.mqttUrl }, 'telemetry subscriber connected'),
    });
    try {
      await sub.start();
    } catch (err) {
      await sub.close();
      throw new StartupError(
        `cannot subscribe to the MQTT broker at MQTT_URL=${deps.config.mqttUrl}: ${(err as Error).message}. Check that the broker runs, or unset MQTT_URL to use the embedded broker.`,
      );
    }
    // Graceful stop: no new messages, everything delivered is committed and acknowledged, then the
    // session is dropped so the broker does not keep a share of the stream for this instance.
    stopBroker = async () => {
      await sub.unsubscribe();
      await ingestor.drain();
      await new Promise((r) => setTimeout(r, 50));
      await sub.close(true);
    };
  } else if (opts.mqtt) {
    mode = 'embedded';
    const broker = await Aedes.createBroker({ drainTimeout: 30_000 });
    broker.on('publish', (packet, client) => {
      if (!client) return;
      ingestor.push(sensorOfTopic(packet.topic), packet.payload);
    });
    const server = net.createServer(broker.handle);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(deps.config.mqttPort, deps.config.host, () => resolve());
      });
    } catch (err) {
      await new Promise<void>((r) => broker.close(() => r()));
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE')
        throw new StartupError(
          `port ${deps.config.mqttPort} for the embedded MQTT broker is already in use (another broker?). Set MQTT_PORT to a free port, or set MQTT_URL (e.g. mqtt://127.0.0.1:${deps.config.mqttPort}) to use the broker that runs there.`,
        );
      throw err;
    }
    const addr = server.address();
    brokerPort = typeof addr === 'object' && addr ? addr.port : deps.config.mqttPort;
    deps.log.info({ port: brokerPort }, 'embedded MQTT broker listening');
    stopBroker = async () => {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    };
  }
  const m: Monitoring = {
    ingestor,
    brokerPort,
    mode,
    async stop() {
      await stopBroker();
      ingestor.pause();
      await ingestor.stop();
    },
  };
  runtimes.set(deps, m);
  return m;
}
