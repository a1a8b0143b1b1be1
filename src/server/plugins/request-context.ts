// Enters the request context (src/lib/request-context.ts) for every request, so every audit
// record written while handling it carries the client address (req.ip: the socket's address,
// or the proxy's X-Forwarded-For when trustProxy is configured) — except on public routes, where
// a reporter's address is personal data that nothing records. Entered twice, like
// @fastify/request-context does: at onRequest, and again at preValidation because the body
// parser's stream events run outside the request's async context.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestContext, type RequestContext } from '../../lib/request-context';

const stores = new WeakMap<FastifyRequest, RequestContext>();

// The reporter channel (issue 9 point 5, FL-7(7)): no client address in the audit trail for the
// public routes — a report, a follow-up or a reporter's message must not be traceable to where it
// came from.
const ANONYMOUS_PREFIX = '/api/v1/public/';

export function installRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    // The anonymous public routes (the reporter's channel, document verification, notices; issue 9
    // §5): no address in the audit trail at all. Sign-in and setup are public too but keep the
    // address (安全审计: who tried to sign in from where).
    const anonymous = (req.routeOptions?.url ?? req.url).startsWith(ANONYMOUS_PREFIX);
    const store: RequestContext = { sourceIp: anonymous ? null : req.ip || null };
    stores.set(req, store);
    requestContext.run(store, done);
  });
  app.addHook('preValidation', (req, _reply, done) => {
    const store = stores.get(req);
    if (store) requestContext.run(store, done);
    else done();
  });
}
