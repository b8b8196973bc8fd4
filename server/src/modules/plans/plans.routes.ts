import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  activateResponseBody,
  changeLevelBody,
  commandLogBody,
  commandLogEntry,
  complianceOrg,
  complianceOrgsQuery,
  complianceQuery,
  complianceResult,
  createDrillBody,
  createPlanBody,
  createScheduleBody,
  drill,
  drillQuery,
  endResponseBody,
  errorBody,
  listOf,
  pagination,
  plan,
  planEvaluationBody,
  planMatch,
  planMatchQuery,
  planQuery,
  planReview,
  planReviewQuery,
  response,
  responseBoard,
  responseQuery,
  schedule,
  scheduleQuery,
  task,
  taskQuery,
  updateDrillBody,
  updatePlanBody,
  updateTaskBody,
  uuid,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { XLSX_TYPE } from '../../platform/xlsx.js';
import {
  complianceByOrg,
  createDrill,
  createSchedule,
  getDrill,
  listDrills,
  listSchedules,
  orgCompliance,
  updateDrill,
} from './drills.service.js';
import { exportDrills, exportPlans } from './plans.export.js';
import {
  createPlan,
  getPlan,
  listEvaluations,
  listPlans,
  matchPlans,
  planReviews,
  recordEvaluation,
  updatePlan,
} from './plans.service.js';
import {
  activateResponse,
  addLogEntry,
  changeLevel,
  endResponse,
  getBoard,
  listResponses,
  listTasks,
  updateTask,
} from './response.service.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const evaluation = z.object({
  id: uuid,
  date: z.string(),
  conclusion: z.string(),
  needsRevision: z.boolean(),
  createdAt: z.string(),
});

export async function planRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- plans ----
  r.get(
    '/api/v1/plans',
    {
      config: { permission: 'plan.read' },
      schema: {
        tags: ['plans'],
        summary: '预案库 Plan registry',
        querystring: planQuery,
        response: { 200: listOf(plan) },
      },
    },
    async (q) => listPlans(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/plans',
    {
      config: { permission: 'plan.manage' },
      schema: {
        tags: ['plans'],
        summary: '新建预案 Create a plan',
        body: createPlanBody,
        response: { 201: plan, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createPlan(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/plans/match',
    {
      config: { permission: 'plan.read' },
      schema: {
        tags: ['plans'],
        summary: '预案匹配 Plans matching an incident, with the level whose triggers hold',
        querystring: planMatchQuery,
        response: { 200: z.object({ items: z.array(planMatch) }), ...errors },
      },
    },
    async (q) => matchPlans(deps, q.ctx, q.query.incidentId),
  );
  r.get(
    '/api/v1/plans/reviews',
    {
      config: { permission: 'plan.read' },
      schema: {
        tags: ['plans'],
        summary: '预案评估到期 Evaluations due (3-year cycle)',
        querystring: planReviewQuery,
        response: { 200: listOf(planReview) },
      },
    },
    async (q) => planReviews(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/plans/export.xlsx',
    {
      config: { permission: 'plan.read' },
      schema: { tags: ['plans'], summary: '导出 Excel: plans', querystring: planQuery },
    },
    async (q, reply) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="plans.xlsx"')
        .send(await exportPlans(deps, q.ctx, q.query)),
  );
  r.get(
    '/api/v1/plans/:id',
    {
      config: { permission: 'plan.read' },
      schema: { tags: ['plans'], params: idParams, response: { 200: plan, ...errors } },
    },
    async (q) => getPlan(deps, q.ctx, q.params.id),
  );
  r.put(
    '/api/v1/plans/:id',
    {
      config: { permission: 'plan.manage' },
      schema: {
        tags: ['plans'],
        summary: '修改预案（结构化内容）Update a plan',
        params: idParams,
        body: updatePlanBody,
        response: { 200: plan, ...errors },
      },
    },
    async (q) => updatePlan(deps, q.ctx, q.params.id, q.body),
  );
  r.get(
    '/api/v1/plans/:id/evaluations',
    {
      config: { permission: 'plan.read' },
      schema: { tags: ['plans'], params: idParams, response: { 200: listOf(evaluation), ...errors } },
    },
    async (q) => listEvaluations(deps, q.ctx, q.params.id),
  );
  r.post(
    '/api/v1/plans/:id/evaluations',
    {
      config: { permission: 'plan.manage' },
      schema: {
        tags: ['plans'],
        summary: '记录预案评估 Record an evaluation',
        params: idParams,
        body: planEvaluationBody,
        response: { 201: plan, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await recordEvaluation(deps, q.ctx, q.params.id, q.body)),
  );

  // ---- responses and tasks ----
  r.post(
    '/api/v1/incidents/:id/responses',
    {
      config: { permission: 'response.manage' },
      schema: {
        tags: ['command'],
        summary: '启动应急响应 Activate a plan at a level',
        params: idParams,
        body: activateResponseBody,
        response: { 201: responseBoard, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await activateResponse(deps, q.ctx, q.params.id, q.body)),
  );
  r.get(
    '/api/v1/incidents/:id/responses',
    {
      config: { permission: 'task.read' },
      schema: { tags: ['command'], params: idParams, querystring: pagination, response: { 200: listOf(response) } },
    },
    async (q) => listResponses(deps, q.ctx, { ...q.query, incidentId: q.params.id }),
  );
  r.get(
    '/api/v1/responses',
    {
      config: { permission: 'task.read' },
      schema: {
        tags: ['command'],
        summary: '应急响应 Responses',
        querystring: responseQuery,
        response: { 200: listOf(response) },
      },
    },
    async (q) => listResponses(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/responses/:id',
    {
      config: { permission: 'task.read' },
      schema: {
        tags: ['command'],
        summary: '指挥看板 Command board',
        params: idParams,
        response: { 200: responseBoard, ...errors },
      },
    },
    async (q) => getBoard(deps, q.ctx, q.params.id),
  );
  r.patch(
    '/api/v1/responses/:id',
    {
      config: { permission: 'response.manage' },
      schema: {
        tags: ['command'],
        summary: '调整响应级别 Raise or lower the level',
        params: idParams,
        body: changeLevelBody,
        response: { 200: responseBoard, ...errors },
      },
    },
    async (q) => changeLevel(deps, q.ctx, q.params.id, q.body),
  );
  r.post(
    '/api/v1/responses/:id/end',
    {
      config: { permission: 'response.manage' },
      schema: {
        tags: ['command'],
        summary: '响应终止 End the response',
        params: idParams,
        body: endResponseBody,
        response: { 200: responseBoard, ...errors },
      },
    },
    async (q) => endResponse(deps, q.ctx, q.params.id, q.body),
  );
  r.post(
    '/api/v1/responses/:id/log',
    {
      config: { permission: 'response.manage' },
      schema: {
        tags: ['command'],
        summary: '指挥日志 Add to the command log',
        params: idParams,
        body: commandLogBody,
        response: { 201: commandLogEntry, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await addLogEntry(deps, q.ctx, q.params.id, q.body.text)),
  );
  r.get(
    '/api/v1/tasks',
    {
      config: { permission: 'task.read' },
      schema: {
        tags: ['command'],
        summary: '任务 Tasks (a liaison sees its own organisation’s)',
        querystring: taskQuery,
        response: { 200: listOf(task) },
      },
    },
    async (q) => listTasks(deps, q.ctx, q.query),
  );
  r.patch(
    '/api/v1/tasks/:id',
    {
      config: { permission: 'task.update' },
      schema: {
        tags: ['command'],
        summary: '签收/反馈任务 Acknowledge or report on a task',
        params: idParams,
        body: updateTaskBody,
        response: { 200: task, ...errors },
      },
    },
    async (q) => updateTask(deps, q.ctx, q.params.id, q.body),
  );

  // ---- drills ----
  r.get(
    '/api/v1/drills',
    {
      config: { permission: 'drill.read' },
      schema: {
        tags: ['drills'],
        summary: '演练记录 Drill records',
        querystring: drillQuery,
        response: { 200: listOf(drill) },
      },
    },
    async (q) => listDrills(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/drills',
    {
      config: { permission: 'drill.manage' },
      schema: {
        tags: ['drills'],
        summary: '录入演练 Record a drill',
        body: createDrillBody,
        response: { 201: drill, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createDrill(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/drills/compliance',
    {
      config: { permission: 'drill.read' },
      schema: {
        tags: ['drills'],
        summary: '演练合规 Drill compliance of one organisation',
        querystring: complianceQuery,
        response: { 200: complianceResult, ...errors },
      },
    },
    async (q) => orgCompliance(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/drills/compliance/orgs',
    {
      config: { permission: 'drill.read' },
      schema: {
        tags: ['drills'],
        summary: '演练合规（按单位）Compliance of every organisation in scope',
        querystring: complianceOrgsQuery,
        response: { 200: listOf(complianceOrg) },
      },
    },
    async (q) => complianceByOrg(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/drills/export.xlsx',
    {
      config: { permission: 'drill.read' },
      schema: { tags: ['drills'], summary: '导出 Excel: drills', querystring: drillQuery },
    },
    async (q, reply) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="drills.xlsx"')
        .send(await exportDrills(deps, q.ctx, q.query)),
  );
  r.get(
    '/api/v1/drills/:id',
    {
      config: { permission: 'drill.read' },
      schema: { tags: ['drills'], params: idParams, response: { 200: drill, ...errors } },
    },
    async (q) => getDrill(deps, q.ctx, q.params.id),
  );
  r.patch(
    '/api/v1/drills/:id',
    {
      config: { permission: 'drill.manage' },
      schema: { tags: ['drills'], params: idParams, body: updateDrillBody, response: { 200: drill, ...errors } },
    },
    async (q) => updateDrill(deps, q.ctx, q.params.id, q.body),
  );
  r.get(
    '/api/v1/drill-schedules',
    {
      config: { permission: 'drill.read' },
      schema: {
        tags: ['drills'],
        summary: '年度演练计划 Year drill plan',
        querystring: scheduleQuery,
        response: { 200: listOf(schedule) },
      },
    },
    async (q) => listSchedules(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/drill-schedules',
    {
      config: { permission: 'drill.manage' },
      schema: { tags: ['drills'], body: createScheduleBody, response: { 201: schedule, ...errors } },
    },
    async (q, reply) => reply.code(201).send(await createSchedule(deps, q.ctx, q.body)),
  );
}
