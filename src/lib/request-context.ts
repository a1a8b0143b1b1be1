// Who is on the other end of the current HTTP request, for the audit trail (等保2.0 安全审计:
// every record carries its source address). The server enters a context per request
// (src/server/plugins/request-context.ts); the audit writer reads it when its caller did not
// pass `sourceIp` itself. Outside a request (CLI, demo seeding, start hooks) there is none.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  /** the client address as Fastify sees it (honouring trustProxy when configured) */
  sourceIp: string | null;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentSourceIp = (): string | null => requestContext.getStore()?.sourceIp ?? null;
