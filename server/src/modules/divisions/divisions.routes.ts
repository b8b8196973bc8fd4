import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { division, divisionCode, divisionQuery, listOf } from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import { divisionBoundaries, listDivisions } from './divisions.service.js';

export async function divisionRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/divisions',
    {
      config: { permission: 'division.read' },
      schema: {
        tags: ['divisions'],
        summary: '行政区划 Administrative divisions (GB/T 2260)',
        querystring: divisionQuery,
        response: { 200: listOf(division) },
      },
    },
    async (request) => listDivisions(deps.database.db, request.query),
  );
  r.get(
    '/api/v1/divisions/boundaries',
    {
      config: { permission: 'division.read' },
      schema: {
        tags: ['divisions'],
        summary: '行政区划边界 Division boundaries as GeoJSON',
        querystring: z.object({
          parent: divisionCode.default('140300'),
          self: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
        }),
        response: {
          200: z.object({
            type: z.literal('FeatureCollection'),
            features: z.array(
              z.object({
                type: z.literal('Feature'),
                id: z.string(),
                properties: z.object({ code: z.string(), name: z.string(), level: z.string() }),
                geometry: z.unknown(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => divisionBoundaries(deps.database.db, request.query.parent, request.query.self),
  );
}
