import type { Permission } from '@yingji/contracts';
import type { RequestContext } from './context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route needs; checked by the auth hook. */
    permission?: Permission;
    /** Open to anonymous callers. */
    public?: boolean;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    /** The bearer token of this request, when authenticated. */
    sessionToken: string | null;
  }
}
