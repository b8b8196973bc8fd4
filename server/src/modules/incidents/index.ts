/** The incidents (duty desk) module's public surface. */
export { incidentRoutes } from './incidents.routes.js';
export {
  appendTimeline,
  checkOverdue,
  createIncident,
  getIncident,
  listIncidents,
  OVERDUE_JOB,
} from './incidents.service.js';
export { dutyShifts, incidents } from './incidents.table.js';
export { incidentDeathsInYear, type IncidentYearFilter } from './incidents.stats.js';
