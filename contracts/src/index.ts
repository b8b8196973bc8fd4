export * from './enums.js';
export * from './permissions.js';
export * from './errors.js';
export * from './schemas.js';
export * from './incidents.js';
export * from './resources.js';
export * from './plans.js';
export * from './monitoring.js';
