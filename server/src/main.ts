import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO_PASSWORD, DEMO_USERS } from './db/seed/demo-city.data.js';
import { StartupError } from './modules/monitoring/index.js';

async function main() {
  const started = Date.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Yingji cannot start.\n${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  let built;
  try {
    built = await buildApp(config);
  } catch (err) {
    if (err instanceof StartupError) {
      console.error(`Yingji cannot start: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const { app, deps, seeded, monitoring } = built;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    deps.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      deps.log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (err) {
      deps.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`Yingji cannot start: port ${config.port} is already in use. Set PORT to a free port.`);
      await app.close();
      process.exit(2);
    }
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://localhost:${port}`;
  const lines = [
    '',
    `  Yingji 应急 ${config.version} is running: ${url}`,
    `  database: ${deps.database.kind}${deps.database.kind === 'pglite' ? ` (${config.dataDir})` : ''}`,
    `  API docs: ${url}/api/docs`,
    `  telemetry: ${
      monitoring.mode === 'embedded'
        ? `embedded MQTT broker on port ${monitoring.brokerPort} (topic yingji/telemetry/{sensorCode})`
        : monitoring.mode === 'external'
          ? `MQTT broker ${config.mqttUrl} (shared subscription, instance ${config.instanceId})`
          : 'HTTP only'
    }`,
    `  started in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (seeded.migrations.length ? `; migrations applied: ${seeded.migrations.join(', ')}` : '') +
      (seeded.organizations ? `; demo city 阳泉市 seeded (${seeded.organizations} organisations)` : ''),
  ];
  if (config.demo) {
    lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.username.padEnd(11)} ${u.description}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  console.error('Yingji failed to start:', err);
  process.exit(1);
});
