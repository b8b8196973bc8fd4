import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ackBody,
  alarm,
  alarmIncidentBody,
  alarmQuery,
  createSensorBody,
  errorBody,
  ingestError,
  listOf,
  rule,
  ruleBody,
  sensor,
  sensorCode,
  sensorQuery,
  series,
  seriesQuery,
  telemetryBody,
  telemetryResult,
  updateSensorBody,
  uuid,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { acknowledgeAlarm, alarmToIncident, getAlarm, listAlarms } from './alarms.service.js';
import { monitoringOf } from './monitoring.runtime.js';
import {
  addRule,
  createSensor,
  getSensor,
  listIngestErrors,
  listRules,
  listSensors,
  readSeries,
  updateSensor,
} from './sensors.service.js';

const codeParams = z.object({ code: sensorCode });
const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export async function monitoringRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/sensors',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags: ['monitoring'],
        summary: '监测设备 Sensors',
        querystring: sensorQuery,
        response: { 200: listOf(sensor) },
      },
    },
    async (q) => listSensors(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/sensors',
    {
      config: { permission: 'monitoring.manage' },
      schema: {
        tags: ['monitoring'],
        summary: '登记设备 Register a sensor',
        body: createSensorBody,
        response: { 201: sensor, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createSensor(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/sensors/:code',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags: ['monitoring'], params: codeParams, response: { 200: sensor, ...errors } },
    },
    async (q) => getSensor(deps, q.ctx, q.params.code),
  );
  r.patch(
    '/api/v1/sensors/:code',
    {
      config: { permission: 'monitoring.manage' },
      schema: {
        tags: ['monitoring'],
        params: codeParams,
        body: updateSensorBody,
        response: { 200: sensor, ...errors },
      },
    },
    async (q) => updateSensor(deps, q.ctx, q.params.code, q.body),
  );
  r.get(
    '/api/v1/sensors/:code/rules',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags: ['monitoring'], params: codeParams, response: { 200: listOf(rule), ...errors } },
    },
    async (q) => listRules(deps, q.ctx, q.params.code),
  );
  r.post(
    '/api/v1/sensors/:code/rules',
    {
      config: { permission: 'monitoring.manage' },
      schema: {
        tags: ['monitoring'],
        summary: '告警规则 Add a rule (threshold, rate, no data)',
        params: codeParams,
        body: ruleBody,
        response: { 201: rule, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await addRule(deps, q.ctx, q.params.code, q.body)),
  );
  r.get(
    '/api/v1/sensors/:code/series',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags: ['monitoring'],
        summary: '监测曲线 Readings of a metric (raw, per minute, per hour)',
        params: codeParams,
        querystring: seriesQuery,
        response: { 200: series, ...errors },
      },
    },
    async (q) => readSeries(deps, q.ctx, q.params.code, q.query),
  );
  r.get(
    '/api/v1/sensors/:code/errors',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags: ['monitoring'],
        summary: '数据异常 Rejected readings by reason',
        params: codeParams,
        response: { 200: listOf(ingestError), ...errors },
      },
    },
    async (q) => listIngestErrors(deps, q.ctx, q.params.code),
  );

  r.post(
    '/api/v1/telemetry',
    {
      config: { permission: 'monitoring.manage' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['monitoring'],
        summary: '上报读数 Readings over HTTP (same objects as the MQTT payload, with sensorCode)',
        body: telemetryBody,
        response: { 200: telemetryResult, ...errors },
      },
    },
    async (q) => {
      const { ingestor } = monitoringOf(deps);
      const results = await Promise.all(
        q.body.items.map(
          (item) =>
            new Promise<{ ok: true } | { ok: false; reason: string }>((resolve) =>
              ingestor.push(item.sensorCode, { ts: item.ts, values: item.values }, undefined, resolve),
            ),
        ),
      );
      const rejected = results.flatMap((res, index) =>
        res.ok ? [] : [{ index, sensorCode: q.body.items[index]?.sensorCode ?? null, reason: res.reason }],
      );
      return { accepted: results.length - rejected.length, rejected };
    },
  );

  r.get(
    '/api/v1/telemetry/stats',
    {
      config: { permission: 'monitoring.manage' },
      schema: {
        tags: ['monitoring'],
        summary: '本实例接入统计 This instance’s ingestion counters',
        response: {
          200: z.object({
            instanceId: z.string(),
            mode: z.enum(['embedded', 'external', 'http']),
            accepted: z.number().int(),
            rejected: z.number().int(),
            batches: z.number().int(),
            retries: z.number().int(),
            busyMs: z.number(),
            dbMs: z.number(),
          }),
        },
      },
    },
    async () => {
      const m = monitoringOf(deps);
      return { instanceId: deps.config.instanceId, mode: m.mode, ...m.ingestor.stats };
    },
  );

  r.get(
    '/api/v1/alarms',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags: ['monitoring'],
        summary: '告警 Alarms',
        querystring: alarmQuery,
        response: { 200: listOf(alarm) },
      },
    },
    async (q) => listAlarms(deps, q.ctx, q.query),
  );
  r.get(
    '/api/v1/alarms/:id',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags: ['monitoring'], params: idParams, response: { 200: alarm, ...errors } },
    },
    async (q) => getAlarm(deps, q.ctx, q.params.id),
  );
  r.post(
    '/api/v1/alarms/:id/ack',
    {
      config: { permission: 'alarm.handle' },
      schema: {
        tags: ['monitoring'],
        summary: '确认告警 Acknowledge (stops escalation)',
        params: idParams,
        body: ackBody,
        response: { 200: alarm, ...errors },
      },
    },
    async (q) => acknowledgeAlarm(deps, q.ctx, q.params.id, q.body.note),
  );
  r.post(
    '/api/v1/alarms/:id/incident',
    {
      config: { permission: 'alarm.handle' },
      schema: {
        tags: ['monitoring'],
        summary: '转为事件 Turn into an incident',
        params: idParams,
        body: alarmIncidentBody,
        response: {
          201: z.object({ alarm, incidentId: uuid, incidentNumber: z.string() }),
          ...errors,
        },
      },
    },
    async (q, reply) => reply.code(201).send(await alarmToIncident(deps, q.ctx, q.params.id, q.body)),
  );
}
