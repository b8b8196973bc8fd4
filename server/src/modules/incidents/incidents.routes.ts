import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createDutyShiftBody,
  createHandoverBody,
  createIncidentBody,
  dutyHandover,
  dutyQuery,
  dutyShift,
  errorBody,
  escalationBody,
  gradeBody,
  incident,
  incidentQuery,
  incidentStatsQuery,
  incidentStatsRow,
  incidentUpdateBody,
  listOf,
  uuid,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { createHandover, createShift, dutyAt, listHandovers, listShifts } from './duty.service.js';
import { exportIncidentsXlsx, incidentReportDocx, incidentStats } from './incidents.reports.js';
import {
  addIncidentUpdate,
  assignGrade,
  createIncident,
  getIncident,
  listIncidents,
  recordEscalation,
} from './incidents.service.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export async function incidentRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/incidents',
    {
      config: { permission: 'incident.create' },
      schema: {
        tags: ['incidents'],
        summary: '事件接报 Record an incident report',
        description:
          'Grades production-safety accidents under Decree 493 art. 3 and returns the reporting chain with its legal deadlines (art. 9–10).',
        body: createIncidentBody,
        response: { 201: incident, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createIncident(deps, request.ctx, request.body)),
  );
  r.get(
    '/api/v1/incidents',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary: '事件列表 Incidents in scope',
        querystring: incidentQuery,
        response: { 200: listOf(incident) },
      },
    },
    async (request) => listIncidents(deps, request.ctx, request.query),
  );
  r.get(
    '/api/v1/incidents/stats',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary: '事件统计 Statistics by period, category, type, division or grade',
        querystring: incidentStatsQuery,
        response: { 200: listOf(incidentStatsRow) },
      },
    },
    async (request) => incidentStats(deps, request.ctx, request.query),
  );
  r.get(
    '/api/v1/incidents/export.xlsx',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary: '导出 Excel Export the list',
        querystring: incidentQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const buf = await exportIncidentsXlsx(deps, request.ctx, request.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="incidents.xlsx"; filename*=UTF-8''${encodeURIComponent('事件列表')}.xlsx`,
        )
        .send(buf);
    },
  );
  r.get(
    '/api/v1/incidents/:id',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary: '事件详情与时间线 Incident with its timeline',
        params: idParams,
        response: { 200: incident, ...errors },
      },
    },
    async (request) => getIncident(deps, request.ctx, request.params.id),
  );
  r.get(
    '/api/v1/incidents/:id/report.docx',
    {
      config: { permission: 'incident.read' },
      schema: { tags: ['incidents'], summary: '事故快报 .docx', params: idParams },
    },
    async (request, reply) => {
      const inc = await getIncident(deps, request.ctx, request.params.id);
      const buf = await incidentReportDocx(inc);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="${inc.number}.docx"`)
        .send(buf);
    },
  );
  r.post(
    '/api/v1/incidents/:id/updates',
    {
      config: { permission: 'incident.update' },
      schema: {
        tags: ['incidents'],
        summary: '续报/补报/备注/结案 Add an update',
        params: idParams,
        body: incidentUpdateBody,
        response: { 201: incident, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addIncidentUpdate(deps, request.ctx, request.params.id, request.body)),
  );
  r.post(
    '/api/v1/incidents/:id/escalations',
    {
      config: { permission: 'incident.update' },
      schema: {
        tags: ['incidents'],
        summary: '记录上报 Record that the report reached a level',
        params: idParams,
        body: escalationBody,
        response: { 201: incident, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordEscalation(deps, request.ctx, request.params.id, request.body)),
  );
  r.post(
    '/api/v1/incidents/:id/grade',
    {
      config: { permission: 'incident.grade' },
      schema: {
        tags: ['incidents'],
        summary: '定级 Assign the grade of a non-accident event (by the plan in force)',
        params: idParams,
        body: gradeBody,
        response: { 200: incident, ...errors },
      },
    },
    async (request) => assignGrade(deps, request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/v1/duty/now',
    {
      config: { permission: 'duty.read' },
      schema: {
        tags: ['duty'],
        summary: '当前值班 Who is on duty',
        querystring: dutyQuery,
        response: { 200: listOf(dutyShift), ...errors },
      },
    },
    async (request) => dutyAt(deps, request.ctx, request.query),
  );
  r.get(
    '/api/v1/duty/shifts',
    {
      config: { permission: 'duty.read' },
      schema: {
        tags: ['duty'],
        summary: '值班表 Roster',
        querystring: z.object({
          orgId: uuid.optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 200: listOf(dutyShift), ...errors },
      },
    },
    async (request) => listShifts(deps, request.ctx, request.query),
  );
  r.post(
    '/api/v1/duty/shifts',
    {
      config: { permission: 'duty.manage' },
      schema: {
        tags: ['duty'],
        summary: '排班 Add a shift',
        body: createDutyShiftBody,
        response: { 201: dutyShift, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createShift(deps, request.ctx, request.body)),
  );
  r.get(
    '/api/v1/duty/handovers',
    {
      config: { permission: 'duty.read' },
      schema: {
        tags: ['duty'],
        summary: '交接班记录 Handover notes',
        querystring: z.object({ orgId: uuid.optional() }),
        response: { 200: listOf(dutyHandover), ...errors },
      },
    },
    async (request) => listHandovers(deps, request.ctx, request.query),
  );
  r.post(
    '/api/v1/duty/handovers',
    {
      config: { permission: 'duty.manage' },
      schema: {
        tags: ['duty'],
        summary: '交接班 Record a handover',
        body: createHandoverBody,
        response: { 201: dutyHandover, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createHandover(deps, request.ctx, request.body)),
  );
}
