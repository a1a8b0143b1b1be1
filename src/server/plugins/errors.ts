// Renders every error as `{ error: { code, message, messageZh, messageEn, details? } }` with a
// 4xx status where the caller is at fault. No stack trace ever leaves the server.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError } from '../../errors';
import { validationError } from '../../lib/validation';

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    let out: AppError;
    if (isAppError(err)) out = err;
    else if (hasZodFastifySchemaValidationErrors(err)) {
      out = validationError(err.validation.map((v) => ({ ...(v.params.issue as object), path: (v.params.issue as { path?: PropertyKey[] })?.path ?? [], instancePath: v.instancePath })) as never);
    } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err.statusCode === 413 ? 'FILE_TOO_LARGE' : err.statusCode === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST';
      out = new AppError(code, { zh: err.message, en: err.message });
      if (err.statusCode === 415 || err.statusCode === 406) Object.assign(out, { status: err.statusCode });
    } else if (isUniqueViolation(err)) {
      out = new AppError('CONFLICT_DUPLICATE');
    } else {
      req.log.error({ err }, 'unhandled error');
      out = new AppError('INTERNAL');
    }
    return reply.status(out.status).type('application/json; charset=utf-8').send(out.toJSON());
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new AppError('ROUTE_NOT_FOUND', { zh: `${req.method} ${req.url}`, en: `${req.method} ${req.url}` });
    return reply.status(404).send(e.toJSON());
  });
}

/**
 * Fastify's router answers some malformed URLs itself, before any hook or error handler: a bad
 * percent-encoding (`/cases/%zz`) and a path parameter over `maxParamLength`. Without this
 * (the `frameworkErrors` option of the Fastify constructor) those answers had Fastify's own
 * shape `{ error: 'Bad Request', code: 'FST_ERR_…' }` instead of the coded catalog — found by
 * the API fuzz test (test/api/fuzz.test.ts). Both are the caller's fault: BAD_REQUEST.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const detail =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? { zh: '路径参数过长', en: 'a path parameter is too long' }
      : err.code === 'FST_ERR_BAD_URL'
        ? { zh: '网址编码无效', en: 'the URL is not validly encoded' }
        : undefined;
  const out = new AppError('BAD_REQUEST', detail);
  void reply.status(out.status).type('application/json; charset=utf-8').send(out.toJSON());
}

function isUniqueViolation(err: Error): boolean {
  const code = (err as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
