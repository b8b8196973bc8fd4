import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERRORS, type ErrorCode } from '@yingji/contracts';
import { AppError } from './errors.js';
import { errorMessage, localeFrom, validationDetails } from './i18n.js';

export function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: unknown) {
  const locale = localeFrom(request.headers['accept-language']);
  const body: Record<string, unknown> = { code, message: errorMessage(code, locale), requestId: request.id };
  if (details !== undefined) body.details = details;
  return reply.code(ERRORS[code].status).type('application/json; charset=utf-8').send(body);
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

/** The one error handler: AppError → its code; validation → 400 with field details; anything else → 500 without internals. */
export function registerErrorHandling(app: FastifyInstance, opts: { spa: boolean }) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) return sendError(request, reply, err.code, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const locale = localeFrom(request.headers['accept-language']);
      return sendError(
        request,
        reply,
        'VALIDATION_FAILED',
        validationDetails(err.validation, err.validationContext, locale),
      );
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return sendError(request, reply, mapped);
    if (err instanceof SyntaxError && err.statusCode === 400) return sendError(request, reply, 'INVALID_JSON');
    if (err.statusCode === 413) return sendError(request, reply, 'PAYLOAD_TOO_LARGE');
    if (err.statusCode === 415) return sendError(request, reply, 'UNSUPPORTED_MEDIA_TYPE');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(request, reply, 'VALIDATION_FAILED', { reason: err.message });
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(request, reply, 'INTERNAL');
  });

  app.setNotFoundHandler((request, reply) => {
    const p = request.url.split('?')[0] ?? '';
    // The single-page app owns every other GET path that is not a file.
    if (opts.spa && request.method === 'GET' && !p.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(p)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendError(request, reply, 'NOT_FOUND', { method: request.method, url: p });
  });
}
