// Structured logs (pino, through Fastify) with secrets and personal data kept out:
// - request lines carry the method, the path WITHOUT its query string (search text may name
//   people) and, for public routes, the route pattern instead of the path, so a report's
//   receipt code (/api/v1/public/reports/:receiptCode) never reaches the log;
// - the client IP is logged for authenticated API routes only — never for public routes, the
//   web app's files or unknown URLs (a reporter's address is personal data); no headers
//   (authorization, cookies) and no request bodies;
// - errors: type, message, code and stack only (a database error's `detail` may quote values);
// - belt and braces: pino `redact` removes authorization/cookie headers, passwords, tokens and
//   receipt codes wherever they would appear in a logged object.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  'receiptCode',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.sessionToken',
  '*.receiptCode',
  '*.secret',
  'passphrase',
  '*.passphrase',
  '*.p12Base64',
  '*.totp',
  'body',
  '*.body',
];

function isPublic(req: FastifyRequest): boolean {
  return (req.routeOptions?.config as { public?: boolean } | undefined)?.public === true;
}

export function logPath(req: FastifyRequest): string {
  if (isPublic(req) && req.routeOptions?.url) return req.routeOptions.url;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export const logSerializers = {
  req(req: FastifyRequest) {
    const out: Record<string, unknown> = { method: req.method, url: logPath(req) };
    if (req.routeOptions?.url) out.route = req.routeOptions.url;
    // staff API calls only: not public routes, not the web app's files (a reporter loads them too)
    if (!isPublic(req) && (req.url ?? '').startsWith('/api/') && req.routeOptions?.url) out.remoteAddress = req.ip;
    return out;
  },
  res(reply: FastifyReply) {
    return { statusCode: reply.statusCode };
  },
  err(err: Error & { code?: unknown; statusCode?: unknown }) {
    return { type: err.name, message: err.message, code: err.code, statusCode: err.statusCode, stack: err.stack };
  },
};

/** Fastify `logger` options: the caller's (level, stream…) plus redaction and serializers. */
export function loggerOptions(base: object = {}): object {
  return { level: 'info', ...base, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: logSerializers };
}
