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
      // fastify-type-provider-zod spreads each zod issue as { keyword: code, message,
      // instancePath: '/a/0/b', params: <the rest of the issue> }. Rebuild the issue from those:
      // reading a `params.issue` that does not exist had turned every field error into the
      // generic "无效输入 / Invalid input" and dropped the schemas' bilingual messages.
      out = validationError(
        err.validation.map((v) => ({
          ...(v.params as object),
          code: v.keyword,
          message: v.message,
          path: v.instancePath.split('/').filter(Boolean),
          instancePath: v.instancePath,
        })) as never,
      );
    } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err.statusCode === 413 ? 'FILE_TOO_LARGE' : err.statusCode === 429 ? 'RATE_LIMITED' : err.statusCode === 415 ? 'MEDIA_TYPE_REFUSED' : 'BAD_REQUEST';
      // Fastify's own message is English: it goes to the English text only.
      out = new AppError(code, { en: err.message });
      if (err.statusCode === 415 || err.statusCode === 406) Object.assign(out, { status: err.statusCode });
    } else if (isUniqueViolation(err)) {
      out = new AppError('CONFLICT_DUPLICATE');
    } else if (isPgDataException(err)) {
      // A value the PostgreSQL column cannot hold (out of range for its integer type, not valid
      // in its encoding) that validation let through: the caller's input, not a server fault —
      // and SQLite stores such values, so the engines must not differ by a 500. Logged, so a
      // schema that should have refused it is found; the SQL text never reaches the caller.
      req.log.warn({ err }, 'database refused a value');
      out = new AppError('VALIDATION_FAILED', { zh: '数值超出允许范围或含无效字符', en: 'a value is out of range or holds invalid characters' });
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

/** PostgreSQL SQLSTATE class 22 (data exception) raised by a value a caller sent. */
function isPgDataException(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && ['22001', '22003', '22007', '22008', '22021', '22P02', '22P05'].includes(code);
}

function isUniqueViolation(err: Error): boolean {
  const code = (err as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
