import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPermission, loginBody, loginResponse, sessionUser } from '@yingji/contracts';
import type { Actor } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { localeFrom } from '../../platform/i18n.js';
import { authenticate, login, logout, toSessionUser } from './auth.service.js';
import { SESSION_IDLE_MINUTES } from './password.rules.js';

export const SESSION_COOKIE = 'yingji_session';

function tokenOf(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim() || null;
  return request.cookies[SESSION_COOKIE] ?? null;
}

/** Resolves the caller on every /api/v1 route and enforces the route's permission. */
export function registerAuthHook(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('ctx', null as never);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request) => {
    request.ctx = { actor: null, requestId: request.id, locale: localeFrom(request.headers['accept-language']) };
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/api/v1/')) return;
    const config = request.routeOptions.config;
    if (config.public) return;
    const token = tokenOf(request);
    if (!token) throw new AppError('AUTH_REQUIRED');
    const actor: Actor = await authenticate(deps, token);
    request.ctx.actor = actor;
    request.sessionToken = token;
    if (config.permission && !hasPermission(actor.roles, config.permission)) {
      throw new AppError('FORBIDDEN', { permission: config.permission });
    }
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.ctx.actor) throw new AppError('AUTH_REQUIRED');
  return request.ctx.actor;
}

export async function authRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: '登录 Log in', body: loginBody, response: { 200: loginResponse } },
    },
    async (request, reply) => {
      const result = await login(deps, request.ctx, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.cookieSecure,
        path: '/',
        maxAge: 12 * 3600,
      });
      return result;
    },
  );
  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: '退出 Log out', response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.sessionToken) await logout(deps, request.ctx, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: '当前用户 Current user',
        response: { 200: z.object({ user: sessionUser, idleMinutes: z.number() }) },
      },
    },
    async (request) => ({ user: toSessionUser(requireActor(request)), idleMinutes: SESSION_IDLE_MINUTES }),
  );
}
