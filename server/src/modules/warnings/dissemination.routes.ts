import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createSubscriberBody,
  delivery,
  deliveryQuery,
  deliverySummary,
  divisionPopulation,
  errorBody,
  importSubscribersBody,
  importSubscribersResult,
  listOf,
  populationQuery,
  publicWarning,
  publicWarningQuery,
  subscriber,
  subscriberQuery,
  updateSubscriberBody,
  uuid,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { deliverySummaryOf, listDeliveries, listPopulations, listPublicWarnings } from './dissemination.service.js';
import {
  createSubscriber,
  deleteSubscriber,
  getSubscriber,
  importSubscribers,
  listSubscribers,
  updateSubscriber,
} from './subscribers.service.js';
import { readableWarning } from './warnings.service.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export async function disseminationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/public/warnings',
    {
      config: { public: true },
      schema: {
        tags: ['warnings'],
        summary: '公众预警信息 Active public warnings (no login)',
        querystring: publicWarningQuery,
        response: { 200: listOf(publicWarning), 400: errorBody },
      },
    },
    async (q) => listPublicWarnings(deps, q.query),
  );
  r.get(
    '/api/v1/warnings/populations',
    {
      config: { permission: 'warning.read' },
      schema: {
        tags: ['warnings'],
        summary: '常住人口 Population per division (for coverage)',
        querystring: populationQuery,
        response: { 200: listOf(divisionPopulation), ...errors },
      },
    },
    async (q) => listPopulations(deps, q.ctx, q.query.parent),
  );
  r.get(
    '/api/v1/warnings/:id/deliveries',
    {
      config: { permission: 'warning.read' },
      schema: {
        tags: ['warnings'],
        summary: '传播情况 Deliveries per channel and coverage',
        params: idParams,
        response: { 200: deliverySummary, ...errors },
      },
    },
    async (q) => deliverySummaryOf(deps, await readableWarning(deps, q.ctx, q.params.id)),
  );
  r.get(
    '/api/v1/warnings/:id/deliveries/recipients',
    {
      config: { permission: 'warning.read' },
      schema: {
        tags: ['warnings'],
        summary: '接收情况 Deliveries per recipient',
        params: idParams,
        querystring: deliveryQuery,
        response: { 200: listOf(delivery), ...errors },
      },
    },
    async (q) => listDeliveries(deps, await readableWarning(deps, q.ctx, q.params.id), q.query),
  );

  r.get(
    '/api/v1/subscribers',
    {
      config: { permission: 'subscriber.manage' },
      schema: {
        tags: ['warnings'],
        summary: '预警订阅者 Subscribers',
        querystring: subscriberQuery,
        response: { 200: listOf(subscriber), ...errors },
      },
    },
    async (q) => listSubscribers(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/subscribers',
    {
      config: { permission: 'subscriber.manage' },
      schema: {
        tags: ['warnings'],
        summary: '新增订阅者 Add a subscriber',
        body: createSubscriberBody,
        response: { 201: subscriber, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createSubscriber(deps, q.ctx, q.body)),
  );
  r.post(
    '/api/v1/subscribers/import',
    {
      config: { permission: 'subscriber.manage' },
      schema: {
        tags: ['warnings'],
        summary: '批量导入订阅者 Import subscribers (all or nothing)',
        body: importSubscribersBody,
        response: { 201: importSubscribersResult, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await importSubscribers(deps, q.ctx, q.body.subscribers)),
  );
  r.get(
    '/api/v1/subscribers/:id',
    {
      config: { permission: 'subscriber.manage' },
      schema: { tags: ['warnings'], params: idParams, response: { 200: subscriber, ...errors } },
    },
    async (q) => getSubscriber(deps, q.ctx, q.params.id),
  );
  r.put(
    '/api/v1/subscribers/:id',
    {
      config: { permission: 'subscriber.manage' },
      schema: {
        tags: ['warnings'],
        params: idParams,
        body: updateSubscriberBody,
        response: { 200: subscriber, ...errors },
      },
    },
    async (q) => updateSubscriber(deps, q.ctx, q.params.id, q.body),
  );
  r.delete(
    '/api/v1/subscribers/:id',
    {
      config: { permission: 'subscriber.manage' },
      schema: { tags: ['warnings'], params: idParams, response: { 204: z.null(), ...errors } },
    },
    async (q, reply) => {
      await deleteSubscriber(deps, q.ctx, q.params.id);
      return reply.code(204).send(null);
    },
  );
}
