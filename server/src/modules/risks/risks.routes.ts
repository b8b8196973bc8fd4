import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ATTACHMENT_MAX_BYTES,
  attachmentMeta,
  createHazardBody,
  createMajorHazardSourceBody,
  createRiskPointBody,
  createVulnerableTargetBody,
  errorBody,
  hazardDetail,
  hazardList,
  hazardQuery,
  hazardStatistics,
  hazardStatisticsQuery,
  hazardTransitionBody,
  majorHazardSource,
  majorHazardSourceList,
  majorHazardSourceQuery,
  riskListExportQuery,
  riskListQuery,
  riskMap,
  riskMapQuery,
  riskPointDetail,
  riskPointList,
  riskPointQuery,
  riskStatistics,
  riskStatisticsQuery,
  supervisionQuery,
  updateMajorHazardSourceBody,
  updateRiskPointBody,
  updateVulnerableTargetBody,
  uploadAttachmentQuery,
  uuid,
  vulnerableTarget,
  vulnerableTargetGetQuery,
  vulnerableTargetList,
  vulnerableTargetQuery,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_TYPE } from '../../platform/xlsx.js';
import { readAttachment, uploadAttachment } from './attachments.service.js';
import {
  createHazard,
  getHazard,
  hazardStatistics as statistics,
  listHazards,
  supervisionList,
  transitionHazard,
} from './hazards.service.js';
import { exportRiskLists, riskList, sourceList, targetList } from './risks.export.js';
import {
  createMajorHazardSource,
  createRiskPoint,
  createVulnerableTarget,
  deleteMajorHazardSource,
  deleteVulnerableTarget,
  getMajorHazardSource,
  getRiskPoint,
  getVulnerableTarget,
  listMajorHazardSources,
  listRiskPoints,
  listVulnerableTargets,
  riskMap as buildRiskMap,
  riskStatistics as riskStats,
  updateMajorHazardSource,
  updateRiskPoint,
  updateVulnerableTarget,
} from './risks.service.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const TAG = ['risks'];
/** Bodies up to this size reach the upload handler, which answers ATTACHMENT_TOO_LARGE past the attachment limit. */
const UPLOAD_STREAM_LIMIT = 512 * 1024 * 1024;

/**
 * Reads a raw upload, refusing it as soon as it passes the attachment limit (so a 1 GB body is never buffered).
 */
function rawBody(payload: NodeJS.ReadableStream, done: (err: Error | null, body?: Buffer) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  payload.on('data', (chunk: Buffer) => {
    if (failed) return;
    size += chunk.length;
    if (size > ATTACHMENT_MAX_BYTES) {
      failed = true;
      chunks.length = 0;
      done(new AppError('ATTACHMENT_TOO_LARGE', { limit: ATTACHMENT_MAX_BYTES }));
      return;
    }
    chunks.push(chunk);
  });
  payload.on('end', () => {
    if (!failed) done(null, Buffer.concat(chunks));
  });
  payload.on('error', (err: Error) => {
    if (!failed) done(err);
  });
}

export async function riskRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- risk points ----
  r.get(
    '/api/v1/risks',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        summary: '风险点 Risk points',
        querystring: riskPointQuery,
        response: { 200: riskPointList },
      },
    },
    async (q) => listRiskPoints(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/risks',
    {
      config: { permission: 'risk.manage' },
      schema: {
        tags: TAG,
        summary: '登记风险点并评估 Record and assess a risk point (LEC or LS)',
        body: createRiskPointBody,
        response: { 201: riskPointDetail, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createRiskPoint(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/risks/statistics',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        summary: '风险统计 Risk statistics',
        querystring: riskStatisticsQuery,
        response: { 200: riskStatistics },
      },
    },
    async (q) => riskStats(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/risks/:id',
    {
      config: { permission: 'risk.read' },
      schema: { tags: TAG, params: idParams, response: { 200: riskPointDetail, ...errors } },
    },
    async (q) => getRiskPoint(deps, q.ctx, q.params.id),
  );
  r.put(
    '/api/v1/risks/:id',
    {
      config: { permission: 'risk.manage' },
      schema: {
        tags: TAG,
        summary: '修改风险点或重新评估 Update or re-assess a risk point',
        params: idParams,
        body: updateRiskPointBody,
        response: { 200: riskPointDetail, ...errors },
      },
    },
    async (q) => updateRiskPoint(deps, q.ctx, q.params.id, q.body),
  );

  // ---- major hazard sources ----
  r.get(
    '/api/v1/major-hazard-sources',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        summary: '重大危险源 Major hazard sources',
        querystring: majorHazardSourceQuery,
        response: { 200: majorHazardSourceList },
      },
    },
    async (q) => listMajorHazardSources(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/major-hazard-sources',
    {
      config: { permission: 'risk.manage' },
      schema: { tags: TAG, body: createMajorHazardSourceBody, response: { 201: majorHazardSource, ...errors } },
    },
    async (q, reply) => reply.code(201).send(await createMajorHazardSource(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/major-hazard-sources/:id',
    {
      config: { permission: 'risk.read' },
      schema: { tags: TAG, params: idParams, response: { 200: majorHazardSource, ...errors } },
    },
    async (q) => getMajorHazardSource(deps, q.ctx, q.params.id),
  );
  r.put(
    '/api/v1/major-hazard-sources/:id',
    {
      config: { permission: 'risk.manage' },
      schema: {
        tags: TAG,
        params: idParams,
        body: updateMajorHazardSourceBody,
        response: { 200: majorHazardSource, ...errors },
      },
    },
    async (q) => updateMajorHazardSource(deps, q.ctx, q.params.id, q.body),
  );
  r.delete(
    '/api/v1/major-hazard-sources/:id',
    {
      config: { permission: 'risk.manage' },
      schema: { tags: TAG, params: idParams, response: { 204: z.null(), ...errors } },
    },
    async (q, reply) => {
      await deleteMajorHazardSource(deps, q.ctx, q.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- vulnerable targets ----
  r.get(
    '/api/v1/vulnerable-targets',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        summary: '脆弱性目标（含周边较大以上风险和重大危险源距离）Vulnerable targets with nearby threats',
        querystring: vulnerableTargetQuery,
        response: { 200: vulnerableTargetList },
      },
    },
    async (q) => listVulnerableTargets(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/vulnerable-targets',
    {
      config: { permission: 'risk.manage' },
      schema: { tags: TAG, body: createVulnerableTargetBody, response: { 201: vulnerableTarget, ...errors } },
    },
    async (q, reply) => reply.code(201).send(await createVulnerableTarget(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/vulnerable-targets/:id',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        params: idParams,
        querystring: vulnerableTargetGetQuery,
        response: { 200: vulnerableTarget, ...errors },
      },
    },
    async (q) => getVulnerableTarget(deps, q.ctx, q.params.id, q.query.radius),
  );
  r.put(
    '/api/v1/vulnerable-targets/:id',
    {
      config: { permission: 'risk.manage' },
      schema: {
        tags: TAG,
        params: idParams,
        body: updateVulnerableTargetBody,
        response: { 200: vulnerableTarget, ...errors },
      },
    },
    async (q) => updateVulnerableTarget(deps, q.ctx, q.params.id, q.body),
  );
  r.delete(
    '/api/v1/vulnerable-targets/:id',
    {
      config: { permission: 'risk.manage' },
      schema: { tags: TAG, params: idParams, response: { 204: z.null(), ...errors } },
    },
    async (q, reply) => {
      await deleteVulnerableTarget(deps, q.ctx, q.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- the three lists and the risk map ----
  r.get(
    '/api/v1/risk-lists/risks',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        summary: '较大以上安全风险清单',
        querystring: riskListQuery,
        response: { 200: riskPointList },
      },
    },
    async (q) => riskList(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/risk-lists/major-hazard-sources',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        summary: '重大危险源清单',
        querystring: riskListQuery,
        response: { 200: majorHazardSourceList },
      },
    },
    async (q) => sourceList(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/risk-lists/vulnerable-targets',
    {
      config: { permission: 'risk.read' },
      schema: {
        tags: TAG,
        summary: '脆弱性目标清单',
        querystring: riskListQuery,
        response: { 200: vulnerableTargetList },
      },
    },
    async (q) => targetList(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/risk-lists/export',
    {
      config: { permission: 'risk.read' },
      schema: { tags: TAG, summary: '三张清单导出 Excel export of the three lists', querystring: riskListExportQuery },
    },
    async (q, reply) => {
      const { filename, data } = await exportRiskLists(deps, q.ctx, q.query);
      return reply
        .header('content-type', XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="${q.query.list}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        )
        .send(data);
    },
  );
  r.get(
    '/api/v1/risk-map',
    {
      config: { permission: 'risk.read' },
      schema: { tags: TAG, summary: '安全风险一张图 (GeoJSON)', querystring: riskMapQuery, response: { 200: riskMap } },
    },
    async (q) => buildRiskMap(deps, q.ctx, q.query),
  );

  // ---- hazards ----
  r.post(
    '/api/v1/hazards',
    {
      config: { permission: 'hazard.report' },
      schema: {
        tags: TAG,
        summary: '登记隐患 Report a hazard',
        body: createHazardBody,
        response: { 201: hazardDetail, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createHazard(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/hazards',
    {
      config: { permission: 'hazard.read' },
      schema: { tags: TAG, summary: '隐患列表 Hazards', querystring: hazardQuery, response: { 200: hazardList } },
    },
    async (q) => listHazards(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/hazards/supervision',
    {
      config: { permission: 'hazard.read' },
      schema: {
        tags: TAG,
        summary: '督办清单：超期隐患和未销号重大隐患 Supervision list',
        querystring: supervisionQuery,
        response: { 200: hazardList },
      },
    },
    async (q) => supervisionList(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/hazards/statistics',
    {
      config: { permission: 'hazard.read' },
      schema: {
        tags: TAG,
        summary: '隐患统计分析 Hazard statistics',
        querystring: hazardStatisticsQuery,
        response: { 200: hazardStatistics, ...errors },
      },
    },
    async (q) => statistics(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/hazards/:id',
    {
      config: { permission: 'hazard.read' },
      schema: { tags: TAG, params: idParams, response: { 200: hazardDetail, ...errors } },
    },
    async (q) => getHazard(deps, q.ctx, q.params.id),
  );
  r.post(
    '/api/v1/hazards/:id/transitions',
    {
      config: { permission: 'hazard.read' },
      schema: {
        tags: TAG,
        summary: '隐患流转（交办、整改、验收、销号）Move a hazard through the workflow',
        params: idParams,
        body: hazardTransitionBody,
        response: { 200: hazardDetail, ...errors },
      },
    },
    async (q) => transitionHazard(deps, q.ctx, q.params.id, q.body),
  );

  // ---- attachments: the raw file as the body; no multipart ----
  await app.register(async (files) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { bodyLimit: UPLOAD_STREAM_LIMIT }, (_req, payload, done) =>
      rawBody(payload, done),
    );
    const f = files.withTypeProvider<ZodTypeProvider>();
    f.post(
      '/api/v1/attachments',
      {
        config: { permission: 'hazard.read' },
        bodyLimit: UPLOAD_STREAM_LIMIT,
        schema: {
          tags: TAG,
          summary: '上传附件（照片、PDF），请求体为文件本身 Upload a photo or PDF as the raw body',
          querystring: uploadAttachmentQuery,
          response: { 201: attachmentMeta, ...errors },
        },
      },
      async (q, reply) => {
        const body = Buffer.isBuffer(q.body) ? q.body : Buffer.alloc(0);
        const meta = await uploadAttachment(deps, q.ctx, {
          name: q.query.name,
          declaredType: q.headers['content-type'] ?? '',
          body,
        });
        return reply.code(201).send(meta);
      },
    );
  });
  r.get(
    '/api/v1/attachments/:id',
    {
      config: { permission: 'hazard.read' },
      schema: { tags: TAG, params: idParams },
    },
    async (q, reply) => {
      const { meta, data } = await readAttachment(deps, q.ctx, q.params.id);
      return reply
        .header('content-type', meta.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .send(data);
    },
  );
}
