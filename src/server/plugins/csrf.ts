// Cross-site request forgery (CSRF) defence, on the server (docs/SECURITY.md "Sessions"):
//
// 1. A state-changing API request (not GET/HEAD/OPTIONS) that signs in with the session cookie
//    must show that it comes from this site's own pages: its `Origin` is this site; when a
//    browser sent no Origin, `Sec-Fetch-Site: same-origin`; when it sent neither, a `Referer` on
//    this site. A cookie request with none of the three is refused as well: every browser since
//    2019 sends Origin on every POST/PUT/PATCH/DELETE (Fetch standard), older ones send Referer,
//    and a program that is not a browser signs in with `Authorization: Bearer` (the token the
//    sign-in returns) — a cookie without any of them is a forged or stripped request. SameSite=
//    Strict stays as the first line; this holds where it does not (browsers that ignore it, a
//    sibling subdomain of the same registrable domain, which is "same-site").
//    Bearer requests are not checked (a browser never adds an Authorization header on its own to
//    another site's request); public routes act for no one and are not checked either.
//    This site: PUBLIC_ORIGIN when configured (exact scheme, host and port; a list), otherwise the
//    request's own host (Host, or X-Forwarded-Host from a trusted proxy: TRUST_PROXY). A reverse
//    proxy that rewrites Host must either pass it on (`proxy_set_header Host $host`) or the
//    operator sets PUBLIC_ORIGIN (docs/OPERATIONS.md).
// 2. Bodies a cross-site HTML form can send are not parsed where they are not needed: no
//    `text/plain` parser (Fastify's default one is removed; no route reads plain text), and
//    `multipart/form-data` only on the routes that declare it (`schema.consumes`: the uploads).
//    `application/x-www-form-urlencoded` never had a parser.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfOptions {
  /** PUBLIC_ORIGIN: the origins the site is served at (e.g. `https://wenze.example.gov.cn`); empty: the request's own host */
  publicOrigins?: readonly string[];
}

/** PUBLIC_ORIGIN: a comma-separated list of origins; each must be an http(s) origin without a path. */
export function parsePublicOrigins(v: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error(`PUBLIC_ORIGIN: "${raw}" is not a URL (e.g. https://wenze.example.gov.cn)`);
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash || u.username) {
      throw new Error(`PUBLIC_ORIGIN: "${raw}" must be a scheme and host only (e.g. https://wenze.example.gov.cn)`);
    }
    out.push(u.origin);
  }
  return out;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(',') : v);

/** The origin (scheme://host[:port], the scheme's default port left out) of an http(s) URL; null otherwise. */
function originOf(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Whether a URL (an Origin or a Referer) is on this site. */
function onThisSite(req: FastifyRequest, url: string, opts: CsrfOptions): boolean {
  const u = originOf(url);
  if (!u) return false; // "null" (sandboxed frames, privacy redirects) and anything unparseable
  if (opts.publicOrigins?.length) return opts.publicOrigins.includes(u.origin);
  // The request's host as Fastify reads it (X-Forwarded-Host only from a trusted proxy). The
  // scheme is not compared: behind a TLS-terminating proxy the app itself is reached over http.
  const host = (req.host ?? '').toLowerCase().replace(/:(80|443)$/, '');
  return host !== '' && u.host.toLowerCase() === host;
}

function refused(req: FastifyRequest, by: 'origin' | 'sec-fetch-site' | 'referer' | 'none'): AppError {
  req.log.warn({ by, method: req.method, route: req.routeOptions.url }, 'cross-site request refused');
  return new AppError('CSRF_ORIGIN_REFUSED', undefined, { by });
}

/**
 * The refusal for a state-changing request signed in by the session cookie that does not show it
 * comes from this site (null: let it through). `cookieSession`: the session comes from the cookie.
 */
export function crossSiteRefusal(req: FastifyRequest, cookieSession: boolean, opts: CsrfOptions): AppError | null {
  if (!cookieSession || SAFE_METHODS.has(req.method)) return null;
  const origin = one(req.headers.origin);
  if (origin !== undefined) return onThisSite(req, origin, opts) ? null : refused(req, 'origin');
  const site = one(req.headers['sec-fetch-site']);
  if (site !== undefined) return site === 'same-origin' ? null : refused(req, 'sec-fetch-site');
  const referer = one(req.headers.referer);
  if (referer !== undefined) return onThisSite(req, referer, opts) ? null : refused(req, 'referer');
  return refused(req, 'none');
}

/** No text/plain parser; multipart only on the routes that declare it (the uploads). */
export function installBodyTypes(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (req) => {
    const type = req.headers['content-type'];
    if (typeof type !== 'string' || !/^\s*multipart\//i.test(type) || !req.routeOptions.url) return;
    const consumes = (req.routeOptions.schema as { consumes?: readonly string[] } | undefined)?.consumes ?? [];
    if (!consumes.includes('multipart/form-data')) throw new AppError('MEDIA_TYPE_REFUSED');
  });
}
