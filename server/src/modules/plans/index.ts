/** The plans module's public surface: plans, graded response and command tasks, drills. */
export { planRoutes } from './plans.routes.js';
export { checkTaskOverdue, TASK_OVERDUE_JOB } from './response.service.js';
export { DRILL_REMIND_JOB, sendDrillReminders } from './drills.service.js';
export { seedDemoPlans, type DemoDrill, type DemoPlan, type DemoSchedule } from './plans.seed.js';
export { plans, responses, responseTasks, drills } from './plans.table.js';
export { drillCountInYear } from './plans.stats.js';
