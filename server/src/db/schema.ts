export * from '../modules/divisions/divisions.table.js';
export * from '../modules/org/org.table.js';
export * from '../modules/auth/sessions.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../platform/jobs.table.js';
export * from '../modules/incidents/incidents.table.js';
export * from '../modules/notifications/notifications.table.js';
export * from '../modules/resources/resources.table.js';
