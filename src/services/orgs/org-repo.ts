// Organisations: every SQL statement over `organisations` and the per-organisation case counters.
import { sql, type Kysely } from 'kysely';
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
});

export async function allOrgs(q: Q): Promise<Organisation[]> {
  return (await q.selectFrom('organisations').selectAll().orderBy('sort_order').orderBy('id').execute()).map(decode);
}

export async function findOrg(q: Q, id: string): Promise<Organisation | undefined> {
  const r = await q.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? decode(r) : undefined;
}

/** The organisation a row belongs to, falling back to the default organisation of a database made before 0150. */
export async function orgOrDefault(q: Q, id: string | null | undefined): Promise<Organisation> {
  const o = (id ? await findOrg(q, id) : undefined) ?? (await findOrg(q, DEFAULT_ORG_ID));
  if (!o) throw new Error('no organisation: migration 0150 has not run');
  return o;
}

/** The organisation ids an account reads (src/policies/org-scope.ts#scopeFor), from the tree as stored. */
export async function resolveOrgScope(q: Q, orgId: string, roles: readonly Role[]): Promise<string[]> {
  const nodes = await q.selectFrom('organisations').select(['id', 'parent_id']).execute();
  return scopeFor(nodes, orgId, roles);
}

export async function insertOrg(tx: Tx, o: Organisation, now: string): Promise<void> {
  await tx
    .insertInto('organisations')
    .values({
      id: o.id,
      parent_id: o.parentId,
      kind: o.kind,
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
      sort_order: o.sortOrder,
      created_at: now,
      updated_at: now,
    })
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
