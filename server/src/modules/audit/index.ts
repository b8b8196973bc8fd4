/** The audit module's public surface. */
export { auditRoutes } from './audit.routes.js';
export { listAudit, recordAudit, verifyAuditChain, type AuditRecord, type VerifyResult } from './audit.service.js';
