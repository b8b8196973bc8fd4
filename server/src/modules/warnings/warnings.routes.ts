import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cancelWarningBody,
  createWarningBody,
  errorBody,
  listOf,
  updateWarningBody,
  uuid,
  warning,
  warningQuery,
} from '@yingji/contracts';
import type { Actor } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { authenticate, SESSION_COOKIE } from '../auth/index.js';
import { disseminationRoutes } from './dissemination.routes.js';
import {
  activeFeed,
  approveWarning,
  cancelWarning,
  capXmlOf,
  createWarning,
  getWarning,
  importCap,
  listWarnings,
  submitWarning,
  updateWarning,
} from './warnings.service.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const CAP_TYPE = 'application/cap+xml; charset=utf-8';
const XML_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/** The caller on a public route, when they sent a valid session; null otherwise. */
async function optionalActor(deps: Deps, request: FastifyRequest): Promise<Actor | null> {
  const h = request.headers.authorization;
  const token =
    h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : (request.cookies[SESSION_COOKIE] ?? '');
  if (!token) return null;
  try {
    return await authenticate(deps, token);
  } catch {
    return null;
  }
}

function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function warningRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/warnings',
    {
      config: { permission: 'warning.read' },
      schema: {
        tags: ['warnings'],
        summary: '预警信息 Public warnings',
        querystring: warningQuery,
        response: { 200: listOf(warning) },
      },
    },
    async (q) => listWarnings(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/warnings',
    {
      config: { permission: 'warning.manage' },
      schema: {
        tags: ['warnings'],
        summary: '起草预警 Draft a warning',
        body: createWarningBody,
        response: { 201: warning, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createWarning(deps, q.ctx, q.body)),
  );
  r.get(
    '/api/v1/warnings/cap/feed.atom',
    {
      config: { public: true },
      schema: { tags: ['warnings'], summary: 'CAP 预警订阅源 Atom feed of active warnings (public)' },
    },
    async (q, reply) =>
      reply.header('content-type', 'application/atom+xml; charset=utf-8').send(await activeFeed(deps, baseUrlOf(q))),
  );
  r.get(
    '/api/v1/warnings/:id',
    {
      config: { permission: 'warning.read' },
      schema: {
        tags: ['warnings'],
        summary: '预警详情 A warning',
        params: idParams,
        response: { 200: warning, ...errors },
      },
    },
    async (q) => getWarning(deps, q.ctx, q.params.id),
  );
  r.get(
    '/api/v1/warnings/:id/cap.xml',
    {
      config: { public: true },
      schema: {
        tags: ['warnings'],
        summary: 'CAP 1.2 消息 The latest CAP message (public once published)',
        params: idParams,
      },
    },
    async (q, reply) => {
      const xml = await capXmlOf(deps, await optionalActor(deps, q), q.params.id);
      return reply.header('content-type', CAP_TYPE).send(xml);
    },
  );
  r.put(
    '/api/v1/warnings/:id',
    {
      config: { permission: 'warning.manage' },
      schema: {
        tags: ['warnings'],
        summary: '修改预警 Edit a draft, or issue an Update of a published warning',
        params: idParams,
        body: updateWarningBody,
        response: { 200: warning, ...errors },
      },
    },
    async (q) => updateWarning(deps, q.ctx, q.params.id, q.body),
  );
  r.post(
    '/api/v1/warnings/:id/submit',
    {
      config: { permission: 'warning.manage' },
      schema: {
        tags: ['warnings'],
        summary: '提交审批 Submit for approval',
        params: idParams,
        response: { 200: warning, ...errors },
      },
    },
    async (q) => submitWarning(deps, q.ctx, q.params.id),
  );
  r.post(
    '/api/v1/warnings/:id/approve',
    {
      config: { permission: 'warning.approve' },
      schema: {
        tags: ['warnings'],
        summary: '审批发布 Approve and publish (not by the drafter)',
        params: idParams,
        response: { 200: warning, ...errors },
      },
    },
    async (q) => approveWarning(deps, q.ctx, q.params.id),
  );
  r.post(
    '/api/v1/warnings/:id/cancel',
    {
      config: { permission: 'warning.manage' },
      schema: {
        tags: ['warnings'],
        summary: '解除预警 Cancel (a CAP Cancel once published)',
        params: idParams,
        body: cancelWarningBody,
        response: { 200: warning, ...errors },
      },
    },
    async (q) => cancelWarning(deps, q.ctx, q.params.id, q.body?.reason),
  );

  await disseminationRoutes(app, deps);

  // CAP import: XML bodies are accepted on this route only (its own encapsulated context).
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(XML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/warnings/cap',
      {
        config: { permission: 'warning.manage' },
        schema: {
          tags: ['warnings'],
          summary: '导入 CAP 1.2 预警 Import an upstream CAP 1.2 message as a draft',
          consumes: XML_TYPES,
          response: { 201: warning, ...errors },
        },
      },
      async (q, reply) => {
        if (typeof q.body !== 'string' || !q.body.trim())
          throw new AppError('CAP_INVALID', { reason: 'send the CAP message as application/cap+xml' });
        return reply.code(201).send(await importCap(deps, q.ctx, q.body));
      },
    );
  });
}
