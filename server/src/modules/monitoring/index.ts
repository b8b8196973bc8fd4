/** The monitoring module's public surface: sensors, telemetry ingestion, rules and alarms. */
export { monitoringRoutes } from './monitoring.routes.js';
export {
  monitoringOf,
  registerMonitoringJobs,
  startMonitoring,
  StartupError,
  type Monitoring,
} from './monitoring.runtime.js';
export { escalateAlarm } from './alarms.service.js';
export { checkOffline, maintainPartitions } from './sensors.service.js';
export { alarms, sensors } from './monitoring.table.js';
export { seedDemoSensors, startDemoSimulator, type DemoSensor } from './monitoring.seed.js';
