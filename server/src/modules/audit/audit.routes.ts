import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntry, auditQuery, auditVerifyResult, listOf } from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { listAudit, verifyAuditChain } from './audit.service.js';

export async function auditRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit trail',
        querystring: auditQuery,
        response: { 200: listOf(auditEntry) },
      },
    },
    async (request) => listAudit(deps.database.db, request.query),
  );
  r.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '校验审计哈希链 Verify the audit hash chain',
        response: { 200: auditVerifyResult },
      },
    },
    async () => verifyAuditChain(deps.database.db),
  );
}
