import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { health, publicConfig } from '@yingji/contracts';
import type { Deps } from './deps.js';
import { DIVISION_GEO } from '../geo/demo-city.geo.js';

export async function systemRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/health',
    { config: { public: true }, schema: { tags: ['system'], summary: '健康检查 Health', response: { 200: health } } },
    async () => {
      await deps.database.withConnection((q) => q('SELECT 1'));
      return { status: 'ok' as const, db: deps.database.kind, version: deps.config.version };
    },
  );
  r.get(
    '/api/v1/config',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: '前端配置 Public client configuration', response: { 200: publicConfig } },
    },
    async () => ({
      version: deps.config.version,
      demo: deps.config.demo,
      mapTileUrl: deps.config.mapTileUrl,
      mapAttribution: deps.config.mapAttribution,
      city: { code: '140300', name: '阳泉市', center: DIVISION_GEO['140300']?.centroid ?? { lon: 113.58, lat: 37.86 } },
    }),
  );
}
