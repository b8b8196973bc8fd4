import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOf, notification, pagination, uuid } from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { listNotifications, markNotificationRead } from './notifications.service.js';

export async function notificationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/notifications',
    {
      config: { permission: 'notification.read' },
      schema: {
        tags: ['notifications'],
        summary: '我的通知 My notifications',
        querystring: pagination.extend({
          unread: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: { 200: listOf(notification) },
      },
    },
    async (request) => listNotifications(deps, request.ctx, request.query),
  );
  r.post(
    '/api/v1/notifications/:id/read',
    {
      config: { permission: 'notification.read' },
      schema: { tags: ['notifications'], params: z.object({ id: uuid }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      await markNotificationRead(deps, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
