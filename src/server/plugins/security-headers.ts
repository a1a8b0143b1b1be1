// Security headers through helmet (等保2.0 入侵防范; its middleware built once), on every response — the web app's
// HTML and files, the API and the API docs:
// - Content-Security-Policy (below): scripts only from this origin (the Vite build has no
//   inline script), no plugins, no framing, no <base> or form posts elsewhere. Styles allow
//   'unsafe-inline': antd (CSS-in-JS) writes <style> elements and style attributes at run time,
//   and web/index.html has a small inline <style> for the loading screen. No
//   upgrade-insecure-requests: a plain-HTTP intranet installation must keep working.
// - X-Content-Type-Options nosniff: evidence files are served with the type their uploader
//   claimed; a browser must not sniff an uploaded file into HTML or script.
// - X-Frame-Options DENY (with frame-ancestors 'none'), Referrer-Policy no-referrer (no case
//   URLs leaking to other sites), Cross-Origin-Opener/Resource-Policy same-origin, HSTS (only
//   honoured by browsers over HTTPS).
// And `Cache-Control: no-store` on API answers unless the route set its own: case data and,
// for clerks, the reporter's identity (FL-7(7)) must not stay in a browser's disk cache on a
// shared office computer or in any proxy cache. Static files of the web app keep their caching.
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  // issue 13: the documents tab shows the server's PDF (a stored version, or a preview as a blob) in a frame
  'frame-src': ["'self'", 'blob:'],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
} as const;

/**
 * The one reviewed exception to "no framing": a PDF of an official document shown inline on the
 * documents tab of this same app (a stored version with ?inline=1, or a preview). Same origin only;
 * no object-src 'none' here, which would stop the browser's own PDF viewer.
 */
export const INLINE_PDF_HEADERS = {
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': "frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
} as const;

/** The options of helmet: the same for every response (no per-route options, no CSP nonces). */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]])) },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
};

type HelmetMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * helmet's middleware for these options, built once. @fastify/helmet (global) rebuilt it for every
 * request — parsing the CSP directives and validating every option again (issue 14: a fixed cost
 * of each API answer); its headers never depend on the request here. helmet is a dependency of its
 * own, pinned to the version @fastify/helmet uses (security-defaults.test.ts compares the headers).
 */
function helmetMiddleware(): HelmetMiddleware {
  return helmet(HELMET_OPTIONS) as HelmetMiddleware;
}

export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  const apply = helmetMiddleware();
  app.addHook('onRequest', (req, reply, done) => {
    // helmet sets its headers on the raw response and calls back at once (it throws on error)
    apply(req.raw, reply.raw, () => undefined);
    done();
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/') && req.url !== '/openapi.json') return payload;
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
