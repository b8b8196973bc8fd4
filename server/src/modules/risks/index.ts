/** The dual-prevention module's public surface: risk register, major hazard sources, vulnerable targets, hazards. */
export { riskRoutes } from './risks.routes.js';
export { checkHazardOverdue, HAZARD_OVERDUE_JOB } from './hazards.service.js';
export { seedDemoRisks, type DemoRiskData } from './risks.seed.js';
export {
  attachments,
  hazards,
  hazardTransitions,
  majorHazardSources,
  riskAssessments,
  riskPoints,
  vulnerableTargets,
} from './risks.table.js';
export { hazardRectificationRate } from './risks.stats.js';
