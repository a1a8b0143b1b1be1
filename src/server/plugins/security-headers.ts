// Headers on every API response that keep what it carries where it belongs:
// - `Cache-Control: no-store` unless the route set its own: case data and, for clerks, the
//   reporter's identity (FL-7(7)) must not stay in a browser's disk cache on a shared office
//   computer or in any proxy cache;
// - `X-Content-Type-Options: nosniff`: evidence files are served with the type their uploader
//   claimed; a browser must not sniff an uploaded file into HTML or script;
// - `X-Frame-Options: DENY` and `Referrer-Policy: no-referrer`: no framing of API answers, no
//   case URLs (ids) leaking to other sites in a Referer header.
// Static files of the web app (outside /api/) keep their normal caching.
import type { FastifyInstance } from 'fastify';

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/') && req.url !== '/openapi.json') return payload;
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
