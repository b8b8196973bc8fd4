import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Deps } from './deps.js';
import type { DomainEvent } from './events.js';
import { isInScope } from './scope.rules.js';

/**
 * GET /api/v1/events — Server-Sent Events. Each connection receives the domain
 * events within its user's division scope. Open streams are ended when the
 * server closes, so shutdown never waits on them.
 */
export async function eventRoutes(app: FastifyInstance, deps: Deps) {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get(
    '/api/v1/events',
    { schema: { tags: ['system'], summary: '实时事件流 Live domain events (SSE)', hide: false } },
    async (request, reply) => {
      const actor = request.ctx.actor;
      if (!actor) return;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      open.add(res);
      const send = (type: string, data: unknown) => {
        res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      send('ready', { user: actor.username, scope: actor.divisionCode });
      const unsubscribe = deps.bus.subscribe((e: DomainEvent) => {
        if (e.divisionCode && !isInScope(actor.divisionCode, e.divisionCode)) return;
        send(e.type, e);
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      request.raw.on('close', cleanup);
      res.on('close', cleanup);
    },
  );
}
