// Settings kept per organisation with a deployment default (issue 12: alert rules, notification
// settings). The deployment default is the settings row `<base>`; an organisation's own value is
// the row `<base>@<orgId>`. A reader takes the organisation's row when there is one, else the
// default. Also the walk up the organisation tree (escalation to the supervising organisation).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { OrgKind } from '../../db/tables/organisations';
import type { Tx } from '../../db/tx';

type Q = Kysely<Database> | Tx;

export const orgSettingKey = (base: string, orgId: string): string => `${base}@${orgId}`;

/** The raw JSON of the deployment default and of the organisation's own row (null when absent). */
export async function readSettingLayers(q: Q, base: string, orgId: string | null): Promise<{ deployment: unknown; org: unknown }> {
  const keys = orgId ? [base, orgSettingKey(base, orgId)] : [base];
  const rows = await q.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
  const parse = (k: string): unknown => {
    const r = rows.find((x) => x.key === k);
    if (!r) return null;
    try {
      return JSON.parse(r.value) as unknown;
    } catch {
      return null;
    }
  };
  return { deployment: parse(base), org: orgId ? parse(orgSettingKey(base, orgId)) : null };
}

/** Writes one settings row; returns the value it replaced (parsed), or null. */
export async function writeSetting(tx: Tx, key: string, value: unknown, at: string): Promise<unknown> {
  const before = await tx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  await tx
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
    .execute();
  return before ? (JSON.parse(before.value) as unknown) : null;
}

export async function deleteSetting(tx: Tx, key: string): Promise<unknown> {
  const before = await tx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (before) await tx.deleteFrom('settings').where('key', '=', key).execute();
  return before ? (JSON.parse(before.value) as unknown) : null;
}

/** Organisations that have their own row of a setting. */
export async function orgsWithOwnSetting(q: Q, base: string): Promise<string[]> {
  const rows = await q.selectFrom('settings').select('key').where('key', 'like', `${base}@%`).execute();
  return rows.map((r) => r.key.slice(base.length + 1));
}

export interface OrgLite {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  name: string;
}

export async function orgTree(q: Q): Promise<OrgLite[]> {
  const rows = await q.selectFrom('organisations').select(['id', 'parent_id', 'kind', 'name']).orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, kind: r.kind, name: r.name }));
}

/** The organisations above `orgId`, nearest first (not the organisation itself). */
export function ancestorsOf(orgs: readonly OrgLite[], orgId: string): OrgLite[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const out: OrgLite[] = [];
  const seen = new Set<string>([orgId]);
  let cur = byId.get(orgId)?.parentId ?? null;
  while (cur && !seen.has(cur)) {
    seen.add(cur);
    const o = byId.get(cur);
    if (!o) break;
    out.push(o);
    cur = o.parentId;
  }
  return out;
}

/** Whether the organisation is at the top of its tree (its administrator sets deployment defaults). */
export async function isRootOrg(q: Q, orgId: string): Promise<boolean> {
  const r = await q.selectFrom('organisations').select('parent_id').where('id', '=', orgId).executeTakeFirst();
  return Boolean(r) && r!.parent_id === null;
}
