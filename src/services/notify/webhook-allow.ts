// Webhook allow-list (issue 12): the system administrator names the hosts and URL prefixes that
// webhooks may be sent to (setting `notify.webhookAllowList`, deployment-wide). A webhook URL —
// a user's own or an organisation's robot — is checked when it is saved (WEBHOOK_NOT_ALLOWED)
// and again by the worker before each send (a URL saved before the list changed is not sent);
// the worker follows no redirects. An empty list allows no webhook at all.
//
// Entries: `host` (default port only), `host:port`, `*.example.com` (any subdomain, default port),
// or a URL prefix `https://host[:port]/path` (same scheme and host, the path at or below it).
import { z } from 'zod';
import { AppError } from '../../errors';
import type { Q } from '../cases/repo';
import { readSettingLayers } from '../orgs/org-settings-repo';

export const WEBHOOK_ALLOW_KEY = 'notify.webhookAllowList';

const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

const entrySchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((e) => (e.includes('://') ? isPrefix(e) : HOST.test(e)), { message: '须为主机名（可带端口、*. 通配子域）或 http(s):// 开头的地址前缀 / a host name (optional port, *. for subdomains) or an http(s):// URL prefix' });

export const webhookAllowListSchema = z.object({ entries: z.array(entrySchema).max(100) });
export type WebhookAllowList = z.infer<typeof webhookAllowListSchema>;

function isPrefix(e: string): boolean {
  try {
    const u = new URL(e);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.hash;
  } catch {
    return false;
  }
}

/** Whether a URL may receive webhooks under the entries (pure). */
export function webhookAllowed(url: string, entries: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  // credentials in the address could hide the real host from a reader
  if (u.username || u.password) return false;
  const hostname = u.hostname.toLowerCase();
  for (const raw of entries) {
    const e = raw.trim().toLowerCase();
    if (!e) continue;
    if (e.includes('://')) {
      if (!isPrefix(e)) continue;
      const p = new URL(e);
      if (p.protocol !== u.protocol || p.host !== u.host.toLowerCase()) continue;
      const pp = p.pathname;
      const pathOk = pp === '/' || u.pathname === pp || u.pathname.startsWith(pp.endsWith('/') ? pp : `${pp}/`);
      const queryOk = !p.search || u.search === p.search || u.search.startsWith(`${p.search}&`);
      if (pathOk && queryOk) return true;
      continue;
    }
    const withPort = /:\d+$/.test(e) && !e.endsWith(']');
    if (withPort) {
      if (u.host.toLowerCase() === e) return true;
      continue;
    }
    if (u.port !== '') continue; // a bare host allows the scheme's default port only
    if (e.startsWith('*.')) {
      if (hostname.endsWith(e.slice(1)) && hostname.length > e.length - 1) return true;
    } else if (hostname === e) return true;
  }
  return false;
}

export async function readWebhookAllowList(q: Q): Promise<string[]> {
  const { deployment } = await readSettingLayers(q, WEBHOOK_ALLOW_KEY, null);
  const parsed = webhookAllowListSchema.safeParse(deployment ?? { entries: [] });
  return parsed.success ? parsed.data.entries : [];
}

/** Refuses a webhook URL not on the allow-list (coded, zh/en, naming the field). */
export async function assertWebhookAllowed(q: Q, url: string | null | undefined, path: string): Promise<void> {
  if (!url) return;
  if (webhookAllowed(url, await readWebhookAllowList(q))) return;
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* shown as given */
  }
  const zh = `${host} 不在允许名单内，请联系系统管理员`;
  const en = `${host} is not on the allow-list; ask the system administrator`;
  throw new AppError('WEBHOOK_NOT_ALLOWED', { zh, en }, { fields: [{ path, code: 'not_allowed', zh, en }] });
}
