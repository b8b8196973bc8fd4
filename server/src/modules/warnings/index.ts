/** The warnings module's public surface: public warnings (预警信息发布), CAP 1.2 and their dissemination. */
export { warningRoutes } from './warnings.routes.js';
export { warnings, warningMessages } from './warnings.table.js';
export { subscribers, warningDeliveries, warningDispatches } from './dissemination.table.js';
export { registerWarningJobs, deliveryWorkerOf } from './dissemination.jobs.js';
export { seedDemoSubscribers } from './subscribers.seed.js';
export { warningCoverageInYear } from './warnings.stats.js';
