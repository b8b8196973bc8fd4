/** The plan-implementation (规划实施) module's public surface. */
export { programmeRoutes } from './programme.routes.js';
export { PROGRAMME_REMIND_JOB, sendProgrammeReminders } from './programme.reminders.js';
export { seedDemoProgrammes, type DemoProgramme } from './programme.seed.js';
export {
  programmes,
  programmeUnits,
  programmeIndicators,
  programmeTasks,
  programmeReports,
  programmeStatistics,
  programmeEvaluations,
} from './programme.table.js';
