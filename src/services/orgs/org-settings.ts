// Per-organisation rule packs and settings (issue 11 point 3): a case is judged under the rule
// pack its organisation has chosen for the relevant date, and the settings it is handled with
// (deadline counting, roll-forward, warning window, internal targets) are the organisation's own
// where it set them, the deployment's (the `settings` table) otherwise, then the built-in default.
// An organisation's `settings` object uses the keys of the `settings` table (ORG_SETTING_KEYS);
// a value that is an object is merged over the deployment's one key by key.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { REGISTERED_PACKS, type RulePack } from '../../rules';
import { caseOrgId, findOrg, type Organisation } from './org-repo';

type Q = Kysely<Database>;

/** The settings an organisation may set for itself (the rest are deployment-wide). */
export const ORG_SETTING_KEYS = ['deadlines.warningDays', 'deadlines.dayKind', 'deadlines.rollForward', 'notify.settings'] as const;
// (the alert rules, `alerts.rules`, are kept in the same object but edited only on the alerts
// page, which checks their default owner: src/services/alerts/alerts-service.ts)
export type OrgSettingKey = (typeof ORG_SETTING_KEYS)[number];

/** The organisation's own values of several setting keys, read once (undefined where it set none). */
export async function orgSettings<K extends OrgSettingKey>(q: Q, orgId: string | null | undefined, keys: readonly K[]): Promise<Map<K, unknown>> {
  const out = new Map<K, unknown>();
  if (!orgId) return out;
  const o = await findOrg(q, orgId);
  for (const k of keys) out.set(k, o?.settings[k]);
  return out;
}

/** The organisation's own value for a setting key, if it set one. */
export async function orgSetting(q: Q, orgId: string | null | undefined, key: OrgSettingKey): Promise<unknown> {
  if (!orgId) return undefined;
  const o = await findOrg(q, orgId);
  return o?.settings[key];
}

/** The deployment's value with the organisation's over it (objects merged key by key). */
export function overlaySetting<T>(deployment: T, own: unknown): T {
  if (own === undefined || own === null) return deployment;
  if (isObject(deployment) && isObject(own)) return { ...deployment, ...own } as T;
  return own as T;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The same list object for the same choice, so the engine compiles it once (packSet caches per list).
const packLists = new Map<string, readonly RulePack[]>();

/**
 * The rule packs an organisation applies on `date`: the registered packs it chose whose choice
 * has started by then (`from` null or ≤ date). An organisation that chose none (a database made
 * before 0150, a supervising organisation) falls back to every registered pack.
 */
export function orgPacksOn(org: Pick<Organisation, 'rulePacks'> | null | undefined, date: string): readonly RulePack[] {
  if (!org || !org.rulePacks.length) return REGISTERED_PACKS;
  const ids = org.rulePacks.filter((c) => c.from === null || c.from <= date).map((c) => c.packId);
  const key = [...new Set(ids)].sort().join('|');
  let list = packLists.get(key);
  if (!list) {
    list = REGISTERED_PACKS.filter((p) => ids.includes(p.id));
    packLists.set(key, list);
  }
  return list;
}

/** The rule packs of a case's organisation on `date` (every registered pack when the case has none). */
export async function casePacksOn(q: Q, caseId: string | null, date: string): Promise<readonly RulePack[]> {
  const orgId = caseId ? await caseOrgId(q, caseId) : null;
  return orgPacksOn(orgId ? await findOrg(q, orgId) : null, date);
}

export const knownPackIds = (): string[] => REGISTERED_PACKS.map((p) => p.id);
