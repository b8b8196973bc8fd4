import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dashboardQuery,
  errorBody,
  evaluationBody,
  indicator,
  indicatorQuery,
  listOf,
  programme,
  programmeDashboard,
  programmeDocument,
  programmeEvaluation,
  programmeQuery,
  programmeTask,
  programmeTaskDetail,
  programmeTaskQuery,
  programmeUnit,
  progressBody,
  progressReport,
  statisticCatalogueItem,
  statisticEntry,
  statisticEntryBody,
  statisticQuery,
  updateEvaluationBody,
  updateProgrammeBody,
  uuid,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { sendError } from '../../platform/http.js';
import { XLSX_TYPE } from '../../platform/xlsx.js';
import { createEvaluation, evaluationDocx, listEvaluations, updateEvaluation } from './programme.evaluation.js';
import { exportDocument, exportXlsx, importXlsx } from './programme.io.js';
import {
  createProgramme,
  dashboard,
  fileProgress,
  getProgramme,
  getTask,
  listIndicators,
  listProgrammes,
  listTasks,
  listUnits,
  taskReports,
  updateProgramme,
} from './programme.service.js';
import { enterStatistic, listStatistics, statisticCatalogue } from './programme.statistics.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
const tags = ['programme'];

export async function programmeRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/programmes',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '规划实施方案 Programmes (of the division, below and above)',
        querystring: programmeQuery,
        response: { 200: listOf(programme) },
      },
    },
    async (q) => listProgrammes(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/programmes',
    {
      config: { permission: 'programme.manage' },
      schema: {
        tags,
        summary: '新建/导入（JSON）规划实施方案 Create or import a whole programme',
        body: programmeDocument,
        response: { 201: programme, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createProgramme(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/programmes/:id',
    {
      config: { permission: 'programme.read' },
      schema: { tags, params: idParams, response: { 200: programme, ...errors } },
    },
    async (q) => getProgramme(deps, q.ctx, q.params.id),
  );
  r.patch(
    '/api/v1/programmes/:id',
    {
      config: { permission: 'programme.manage' },
      schema: { tags, params: idParams, body: updateProgrammeBody, response: { 200: programme, ...errors } },
    },
    async (q) => updateProgramme(deps, q.ctx, q.params.id, q.body),
  );
  r.get(
    '/api/v1/programmes/:id/export.json',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '导出 JSON Export the programme',
        params: idParams,
        response: { 200: programmeDocument, ...errors },
      },
    },
    async (q, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="programme.json"')
        .send(await exportDocument(deps, q.ctx, q.params.id)),
  );
  r.get(
    '/api/v1/programmes/:id/export.xlsx',
    {
      config: { permission: 'programme.read' },
      schema: { tags, summary: '导出 Excel: 指标、重点任务、重点工程、专项整治', params: idParams },
    },
    async (q, reply) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="programme.xlsx"')
        .send(await exportXlsx(deps, q.ctx, q.params.id)),
  );
  r.get(
    '/api/v1/programmes/:id/indicators',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '指标监测 Indicators with value, source and status for a year',
        params: idParams,
        querystring: indicatorQuery,
        response: { 200: listOf(indicator), ...errors },
      },
    },
    async (q) => listIndicators(deps, q.ctx, q.params.id, q.query.year),
  );
  r.get(
    '/api/v1/programmes/:id/tasks',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '重点任务/工程/专项整治 Items (a unit sees those it leads or shares)',
        params: idParams,
        querystring: programmeTaskQuery,
        response: { 200: listOf(programmeTask), ...errors },
      },
    },
    async (q) => listTasks(deps, q.ctx, q.params.id, q.query),
  );
  r.get(
    '/api/v1/programmes/:id/units',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '责任单位 Units the programme names',
        params: idParams,
        response: { 200: listOf(programmeUnit), ...errors },
      },
    },
    async (q) => listUnits(deps, q.ctx, q.params.id),
  );
  r.get(
    '/api/v1/programmes/:id/dashboard',
    {
      config: { permission: 'programme.manage' },
      schema: {
        tags,
        summary: '实施看板 Late items, units not reported, indicator statuses',
        params: idParams,
        querystring: dashboardQuery,
        response: { 200: programmeDashboard, ...errors },
      },
    },
    async (q) => dashboard(deps, q.ctx, q.params.id, q.query.year),
  );
  r.get(
    '/api/v1/programme-tasks/:id',
    {
      config: { permission: 'programme.read' },
      schema: { tags, params: idParams, response: { 200: programmeTaskDetail, ...errors } },
    },
    async (q) => getTask(deps, q.ctx, q.params.id),
  );
  // /api/v1/tasks is the plans module's (response tasks: GET list, PATCH /:id); these two paths are free.
  r.get(
    '/api/v1/tasks/:id/progress',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '进展报送记录 Progress reports on a programme task',
        params: idParams,
        response: { 200: listOf(progressReport), ...errors },
      },
    },
    async (q) => taskReports(deps, q.ctx, q.params.id),
  );
  r.post(
    '/api/v1/tasks/:id/progress',
    {
      config: { permission: 'programme.report' },
      schema: {
        tags,
        summary: '报送进展 Report progress on a programme task (lead or responsible unit)',
        params: idParams,
        body: progressBody,
        response: { 201: progressReport, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await fileProgress(deps, q.ctx, q.params.id, q.body)),
  );
  r.get(
    '/api/v1/programme-statistics',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '统计数据（填报）Manual statistics',
        querystring: statisticQuery,
        response: { 200: listOf(statisticEntry) },
      },
    },
    async (q) => listStatistics(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/programme-statistics/catalogue',
    {
      config: { permission: 'programme.read' },
      schema: {
        tags,
        summary: '平台统计项 Statistics the platform computes',
        response: { 200: listOf(statisticCatalogueItem) },
      },
    },
    async () => statisticCatalogue(),
  );
  r.post(
    '/api/v1/programme-statistics',
    {
      config: { permission: 'programme.manage' },
      schema: {
        tags,
        summary: '填报统计数据 Enter a statistic for a year and division, with its source',
        body: statisticEntryBody,
        response: { 201: statisticEntry, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await enterStatistic(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/programmes/:id/evaluations',
    {
      config: { permission: 'programme.read' },
      schema: { tags, params: idParams, response: { 200: listOf(programmeEvaluation), ...errors } },
    },
    async (q) => listEvaluations(deps, q.ctx, q.params.id),
  );
  r.post(
    '/api/v1/programmes/:id/evaluations',
    {
      config: { permission: 'programme.manage' },
      schema: {
        tags,
        summary: '年度监测/中期评估/总结评估 Generate an evaluation (.docx)',
        params: idParams,
        body: evaluationBody,
        response: { 201: programmeEvaluation, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createEvaluation(deps, q.ctx, q.params.id, q.body)),
  );
  r.patch(
    '/api/v1/programme-evaluations/:id',
    {
      config: { permission: 'programme.manage' },
      schema: {
        tags,
        summary: '修改评估结论 Edit the conclusions (refresh: new snapshot)',
        params: idParams,
        body: updateEvaluationBody,
        response: { 200: programmeEvaluation, ...errors },
      },
    },
    async (q) => updateEvaluation(deps, q.ctx, q.params.id, q.body),
  );
  r.get(
    '/api/v1/programme-evaluations/:id/report.docx',
    {
      config: { permission: 'programme.read' },
      schema: { tags, summary: '评估报告 .docx', params: idParams },
    },
    async (q, reply) => {
      const { buffer, filename } = await evaluationDocx(deps, q.ctx, q.params.id);
      return reply
        .header('content-type', DOCX_TYPE)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(buffer);
    },
  );
  await app.register(async (scoped) => importRoute(scoped, deps));
}

/** 导入 Excel: the workbook export.xlsx writes, as the raw body (parser registered in this scope only). */
async function importRoute(app: FastifyInstance, deps: Deps) {
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/programmes/import.xlsx',
    {
      bodyLimit: IMPORT_MAX_BYTES,
      config: { permission: 'programme.manage' },
      errorHandler: (err, request, reply) => {
        if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          return sendError(request, reply, 'IMPORT_FILE_TOO_LARGE', { limitBytes: IMPORT_MAX_BYTES });
        if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
          return sendError(request, reply, 'IMPORT_FILE_INVALID', { contentType: XLSX_TYPE });
        throw err;
      },
      schema: {
        tags,
        summary: '导入 Excel 规划实施方案 Import a programme from Excel',
        response: { 201: programme, ...errors },
      },
    },
    async (q, reply) => {
      if (!Buffer.isBuffer(q.body)) return sendError(q, reply, 'IMPORT_FILE_INVALID', { contentType: XLSX_TYPE });
      return reply.code(201).send(await importXlsx(deps, q.ctx, q.body));
    },
  );
}
