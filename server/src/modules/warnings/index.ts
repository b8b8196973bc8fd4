/** The warnings module's public surface: public warnings (预警信息发布) and CAP 1.2. */
export { warningRoutes } from './warnings.routes.js';
export { warnings, warningMessages } from './warnings.table.js';
