// Organisations: every SQL statement over `organisations` and the per-organisation case counters.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { jsonList } from '../../repositories/json-agg';
import type { Database } from '../../db/schema';
import type { OrgKind, OrganisationTable } from '../../db/tables/organisations';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import type { Tx } from '../../db/tx';
import { scopeFor } from '../../policies/org-scope';
import type { Role } from '../../policies/roles';

type Q = Kysely<Database>;

export interface RulePackChoice {
  packId: string;
  /** first day of validity for this organisation; null = from the beginning */
  from: string | null;
}

export interface Organisation {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  name: string;
  shortName: string;
  letterhead: string;
  casePrefix: string | null;
  caseNumberFormat: string;
  documentPrefix: string | null;
  decisionBody: string;
  deputyUserId: string | null;
  rulePacks: RulePackChoice[];
  settings: Record<string, unknown>;
  sortOrder: number;
  /** 0350: optimistic lock */
  version: number;
  /** 0350: offered to the public report page (when it also numbers cases) */
  acceptsReports: boolean;
}

const decode = (r: OrganisationTable): Organisation => ({
  id: r.id,
  parentId: r.parent_id,
  kind: r.kind,
  name: r.name,
  shortName: r.short_name,
  letterhead: r.letterhead,
  casePrefix: r.case_prefix,
  caseNumberFormat: r.case_number_format,
  documentPrefix: r.document_prefix,
  decisionBody: r.decision_body,
  deputyUserId: r.deputy_user_id,
  rulePacks: JSON.parse(r.rule_packs) as RulePackChoice[],
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  sortOrder: Number(r.sort_order),
  version: Number(r.version ?? 1),
  acceptsReports: r.accepts_reports === undefined || r.accepts_reports === null ? true : Number(r.accepts_reports) === 1,
});

export async function allOrgs(q: Q): Promise<Organisation[]> {
  return (await q.selectFrom('organisations').selectAll().orderBy('sort_order').orderBy('id').execute()).map(decode);
}

const ORG_COLS = [
  'id', 'parent_id', 'kind', 'name', 'short_name', 'letterhead', 'case_prefix', 'case_number_format', 'document_prefix', 'decision_body',
  'deputy_user_id', 'rule_packs', 'settings', 'sort_order', 'created_at', 'updated_at', 'version', 'accepts_reports',
] as const;

/**
 * The organisation `orgId` as a JSON column of a larger statement (the step's facts read it with
 * the case's): decode it with `orgOfJson`, which answers as `findOrg`.
 */
export function orgJsonSql(pg: boolean, orgId: string): RawBuilder<unknown> {
  return jsonList(pg, sql`SELECT ${sql.join(ORG_COLS.map((c) => sql.ref(c)))} FROM organisations WHERE id = ${orgId}`, ORG_COLS);
}

/** The column of `orgJsonSql`, decoded as `findOrg` decodes the row (undefined: no such organisation). */
export function orgOfJson(text: unknown): Organisation | undefined {
  const rows = typeof text === 'string' ? (JSON.parse(text) as OrganisationTable[]) : [];
  return rows[0] ? decode(rows[0]) : undefined;
}

export async function findOrg(q: Q, id: string): Promise<Organisation | undefined> {
  const r = await q.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? decode(r) : undefined;
}

/** Several organisations' rows in one statement (ids not found are left out). */
export async function findOrgs(q: Q, ids: readonly string[]): Promise<Organisation[]> {
  if (!ids.length) return [];
  return (await q.selectFrom('organisations').selectAll().where('id', 'in', [...ids]).execute()).map(decode);
}

/** The organisation a case belongs to. */
export async function caseOrgId(q: Q, caseId: string): Promise<string | null> {
  const r = await q.selectFrom('cases').select('org_id').where('id', '=', caseId).executeTakeFirst();
  return r?.org_id ?? null;
}

/** A register or campaign record's table (each row carries its organisation, `org_id`). */
export type OrgRecordTable = 'units' | 'people' | 'enforcement_certificates' | 'original_cases' | 'supervision_campaigns' | 'campaign_reviews';

/** The organisation of a register or campaign record; null when there is no such record. */
export async function recordOrgId(q: Q, table: OrgRecordTable, id: string): Promise<string | null> {
  const r = await q.selectFrom(table as 'people').select('org_id').where('id', '=', id).executeTakeFirst();
  return r?.org_id ?? null;
}

/** The organisation a row belongs to, falling back to the default organisation of a database made before 0150. */
export async function orgOrDefault(q: Q, id: string | null | undefined): Promise<Organisation> {
  const o = (id ? await findOrg(q, id) : undefined) ?? (await findOrg(q, DEFAULT_ORG_ID));
  if (!o) throw new Error('no organisation: migration 0150 has not run');
  return o;
}

/** The organisation ids an account reads (src/policies/org-scope.ts#scopeFor), from the tree as stored. */
export async function resolveOrgScope(q: Q, orgId: string, roles: readonly Role[]): Promise<string[]> {
  return scopeFor(await orgTree(q), orgId, roles);
}

/** The organisation tree as stored (id and parent), for `scopeFor`. */
export async function orgTree(q: Q): Promise<{ id: string; parent_id: string | null }[]> {
  return q.selectFrom('organisations').select(['id', 'parent_id']).execute();
}

/** The columns of an organisation's editable fields, encoded (JSON texts, 0/1), as inserted and as updated. */
function editableColumns(o: Organisation) {
  return {
    name: o.name,
    short_name: o.shortName,
    letterhead: o.letterhead,
    case_prefix: o.casePrefix,
    case_number_format: o.caseNumberFormat,
    document_prefix: o.documentPrefix,
    decision_body: o.decisionBody,
    deputy_user_id: o.deputyUserId,
    rule_packs: JSON.stringify(o.rulePacks),
    settings: JSON.stringify(o.settings),
    accepts_reports: o.acceptsReports ? 1 : 0,
  };
}

export async function insertOrg(tx: Tx, o: Organisation, now: string): Promise<void> {
  await tx
    .insertInto('organisations')
    .values({
      id: o.id,
      parent_id: o.parentId,
      kind: o.kind,
      ...editableColumns(o),
      sort_order: o.sortOrder,
      version: o.version,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Writes the editable fields of an organisation when its version is still `expected`; false when it moved on. */
export async function updateOrgRow(tx: Tx, o: Organisation, expected: number, now: string): Promise<boolean> {
  const r = await tx
    .updateTable('organisations')
    .set({
      ...editableColumns(o),
      version: expected + 1,
      updated_at: now,
    })
    .where('id', '=', o.id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Another organisation already numbering cases with this prefix. */
export async function prefixTaken(q: Q, prefix: string, exceptId: string | null): Promise<boolean> {
  let s = q.selectFrom('organisations').select('id').where('case_prefix', '=', prefix);
  if (exceptId) s = s.where('id', '!=', exceptId);
  return Boolean(await s.executeTakeFirst());
}

/** An active account that may stand in as the organisation's recusal deputy: a member of it. */
export async function isActiveMember(q: Q, userId: string, orgId: string): Promise<boolean> {
  const r = await q
    .selectFrom('user_org_roles')
    .innerJoin('users', 'users.id', 'user_org_roles.user_id')
    .select('users.id')
    .where('user_org_roles.user_id', '=', userId)
    .where('user_org_roles.org_id', '=', orgId)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return Boolean(r);
}

/** The organisations the public report page offers: those that number cases and accept reports. */
export async function orgsAcceptingReports(q: Q): Promise<Organisation[]> {
  return (await allOrgs(q)).filter((o) => o.acceptsReports && o.casePrefix !== null);
}

// ---------------------------------------------------------------- memberships (0350)

export interface Membership {
  orgId: string;
  roles: Role[];
}

export async function membershipsOf(q: Q, userId: string): Promise<Membership[]> {
  const rows = await q.selectFrom('user_org_roles').select(['org_id', 'roles']).where('user_id', '=', userId).orderBy('org_id').execute();
  return rows.map((r) => ({ orgId: r.org_id, roles: JSON.parse(r.roles) as Role[] }));
}

export async function membershipsOfUsers(q: Q, userIds: readonly string[]): Promise<Map<string, Membership[]>> {
  const out = new Map<string, Membership[]>();
  if (!userIds.length) return out;
  const rows = await q.selectFrom('user_org_roles').select(['user_id', 'org_id', 'roles']).where('user_id', 'in', [...userIds]).orderBy('org_id').execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { orgId: r.org_id, roles: JSON.parse(r.roles) as Role[] }]);
  return out;
}

/** Sets an account's roles in one organisation; an empty set ends a membership other than the home one. */
export async function putMembership(tx: Tx, userId: string, orgId: string, roles: readonly Role[], keep: boolean, now: string): Promise<void> {
  if (!roles.length && !keep) {
    await tx.deleteFrom('user_org_roles').where('user_id', '=', userId).where('org_id', '=', orgId).execute();
    return;
  }
  const v = JSON.stringify(roles);
  await tx
    .insertInto('user_org_roles')
    .values({ user_id: userId, org_id: orgId, roles: v, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'org_id']).doUpdateSet({ roles: v, updated_at: now }))
    .execute();
}

/** 巴住建问〔2025〕3号 from the organisation's format: {prefix}, {year}, {n}. */
export const formatOrgCaseNumber = (o: Pick<Organisation, 'casePrefix' | 'caseNumberFormat'>, year: number, n: number): string =>
  o.caseNumberFormat.replaceAll('{prefix}', o.casePrefix ?? '').replaceAll('{year}', String(year)).replaceAll('{n}', String(n));

/**
 * The organisation's next case number of the year. The counter row is incremented with an
 * upsert inside the intake transaction (PostgreSQL: the row lock of ON CONFLICT DO UPDATE
 * serializes concurrent intakes; SQLite: BEGIN IMMEDIATE), so no two cases share a number and
 * none is skipped.
 */
export async function nextOrgCaseSeq(tx: Tx, orgId: string, year: number): Promise<number> {
  const r = await tx
    .insertInto('org_case_number_seq')
    .values({ org_id: orgId, year, last: 1 })
    .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet({ last: sql<number>`org_case_number_seq.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(r.last);
}
