// Settings kept per organisation with a deployment default (issue 12: alert rules, notification
// settings; issue 11: deadline settings). The deployment default is the settings row `<base>`; an
// organisation's own value is the key `<base>` of that organisation's `settings` object (the one
// home of per-organisation settings, edited here or through PATCH /api/v1/orgs/:id). A reader
// takes the organisation's value when there is one, else the default. Also the walk up the
// organisation tree (escalation to the supervising organisation).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { OrgKind } from '../../db/tables/organisations';
import type { Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { actorOrgId } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database> | Tx;

/** Where a setting is kept: the deployment default (`orgId` null) or an organisation's own. */
export interface SettingTarget {
  base: string;
  orgId: string | null;
}

/** The audit trail's name for a setting target. */
export const settingTargetName = (t: SettingTarget): string => (t.orgId ? `${t.base}@${t.orgId}` : t.base);

const parseJson = (text: string | null | undefined): unknown => {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

async function orgSettingsObject(q: Q, orgId: string): Promise<Record<string, unknown> | null> {
  const row = await q.selectFrom('organisations').select('settings').where('id', '=', orgId).executeTakeFirst();
  if (!row) return null;
  const v = parseJson(row.settings);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The raw JSON of the deployment default and of the organisation's own value (null when absent). */
export async function readSettingLayers(q: Q, base: string, orgId: string | null): Promise<{ deployment: unknown; org: unknown }> {
  const row = await q.selectFrom('settings').select('value').where('key', '=', base).executeTakeFirst();
  const own = orgId ? await orgSettingsObject(q, orgId) : null;
  return { deployment: parseJson(row?.value), org: own?.[base] ?? null };
}

/** Writes a setting at its target; returns the value it replaced (parsed), or null. An organisation's version moves on. */
export async function writeSettingAt(tx: Tx, t: SettingTarget, value: unknown, at: string): Promise<unknown> {
  if (!t.orgId) return writeSetting(tx, t.base, value, at);
  const own = await orgSettingsObject(tx, t.orgId);
  if (!own) throw new AppError('NOT_FOUND');
  const before = own[t.base] ?? null;
  await tx
    .updateTable('organisations')
    .set((eb) => ({ settings: JSON.stringify({ ...own, [t.base]: value }), version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', t.orgId)
    .execute();
  return before;
}

/** Removes a setting at its target (an organisation then follows the default); returns what was there, or null. */
export async function deleteSettingAt(tx: Tx, t: SettingTarget, at: string): Promise<unknown> {
  if (!t.orgId) {
    const before = await tx.selectFrom('settings').select('value').where('key', '=', t.base).executeTakeFirst();
    if (before) await tx.deleteFrom('settings').where('key', '=', t.base).execute();
    return before ? parseJson(before.value) : null;
  }
  const own = await orgSettingsObject(tx, t.orgId);
  if (!own || !(t.base in own)) return null;
  const { [t.base]: before, ...rest } = own;
  await tx
    .updateTable('organisations')
    .set((eb) => ({ settings: JSON.stringify(rest), version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', t.orgId)
    .execute();
  return before ?? null;
}

/** Writes one deployment settings row; returns the value it replaced (parsed), or null. */
export async function writeSetting(tx: Tx, key: string, value: unknown, at: string): Promise<unknown> {
  const before = await tx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  await tx
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
    .execute();
  return before ? parseJson(before.value) : null;
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

/**
 * issue 11: whether the actor changes what holds for every organisation of the deployment (the
 * deployment default of the notification settings and alert rules, the deployment's deadline
 * rules, the national holiday calendar): an in-process actor (system, CLI, seeding), or an
 * account acting in the organisation at the top of the tree. A commission's administrator sets
 * its own organisation's values (PATCH /api/v1/orgs/:id `settings`), never the others'.
 */
export async function actsForDeployment(q: Q, actor: Pick<Actor, 'orgScope' | 'orgId'>): Promise<boolean> {
  if (!actor.orgScope) return true;
  return isRootOrg(q, actorOrgId(actor));
}
