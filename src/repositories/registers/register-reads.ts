// Reads of the registers that the case area draws on (the documents' facts, the rules' facts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { orgScopeFilter } from '../../policies/org-scope';
import type { Actor } from '../../policies/roles';

type Q = Kysely<Database>;

/** 发文机关: the commission, the root unit of the register. */
export async function commissionName(q: Q): Promise<string | null> {
  return (await q.selectFrom('units').select('name').where('kind', '=', 'commission').where('active', '=', 1).orderBy('sort_order').executeTakeFirst())?.name ?? null;
}

export interface OriginalCaseSummary {
  number: string;
  title: string;
  kind: string;
  decisionDate: string;
  counterpartName: string;
  counterpartType: string;
  unitName: string | null;
}

export async function originalCaseSummary(q: Q, id: string): Promise<OriginalCaseSummary | null> {
  const o = await q
    .selectFrom('original_cases')
    .leftJoin('units', 'units.id', 'original_cases.unit_id')
    .select(['original_cases.number', 'original_cases.title', 'original_cases.kind', 'original_cases.decision_date', 'original_cases.counterpart_name', 'original_cases.counterpart_type', 'units.name as unit_name'])
    .where('original_cases.id', '=', id)
    .executeTakeFirst();
  return o ? { number: o.number, title: o.title, kind: o.kind, decisionDate: o.decision_date, counterpartName: o.counterpart_name, counterpartType: o.counterpart_type, unitName: o.unit_name } : null;
}

/** State compensation paid on the original case (WC-10, FL-13 recovery). */
export async function originalCompensations(q: Q, originalCaseId: string): Promise<{ amountFen: number; decisionNo: string; paidDate: string }[]> {
  const rows = await q.selectFrom('original_case_compensations').select(['amount_fen', 'decision_no', 'paid_date']).where('case_id', '=', originalCaseId).orderBy('paid_date').execute();
  return rows.map((c) => ({ amountFen: Number(c.amount_fen), decisionNo: c.decision_no, paidDate: c.paid_date }));
}

// ---- references from a case to the registers (src/services/cases/registers-adapter.ts) ----

export interface RegisterPersonRef {
  id: string;
  name: string;
  unitId: string;
  unitName: string | null;
  post: string | null;
}

/** Register people by id (of one organisation when `orgId` is given), with their unit's name. */
export async function registerPeopleByIds(q: Q, ids: readonly string[], orgId?: string): Promise<Map<string, RegisterPersonRef>> {
  if (!ids.length) return new Map();
  let sel = q
    .selectFrom('people')
    .leftJoin('units', 'units.id', 'people.unit_id')
    .select(['people.id', 'people.name', 'people.unit_id', 'people.post', 'units.name as unit_name'])
    .where('people.id', 'in', [...new Set(ids)]);
  if (orgId) sel = sel.where('people.org_id', '=', orgId);
  const rows = await sel.execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, unitId: r.unit_id, unitName: r.unit_name, post: r.post }]));
}

export async function originalCaseExists(q: Q, id: string, orgId?: string): Promise<boolean> {
  let sel = q.selectFrom('original_cases').select('id').where('id', '=', id);
  if (orgId) sel = sel.where('original_cases.org_id', '=', orgId);
  return !!(await sel.executeTakeFirst());
}

export interface OriginalParticipantRow {
  personId: string;
  role: string;
  level: number | null;
  opinion: string | null;
  isChair: boolean;
}

export async function originalCaseParticipants(q: Q, originalCaseId: string): Promise<OriginalParticipantRow[]> {
  const rows = await q.selectFrom('original_case_participants').selectAll().where('case_id', '=', originalCaseId).orderBy('ordinal').execute();
  return rows.map((r) => ({ personId: r.person_id, role: r.role, level: r.level, opinion: r.opinion, isChair: Number(r.is_chair) === 1 }));
}

/** The ids of a person's valid certificates (only `certificateId` when given). */
export async function validCertificateIds(q: Q, personId: string, certificateId?: string): Promise<string[]> {
  let query = q.selectFrom('enforcement_certificates').select('id').where('person_id', '=', personId).where('status', '=', 'valid');
  if (certificateId) query = query.where('id', '=', certificateId);
  return (await query.execute()).map((c) => c.id);
}

// ---- WC-5 signals (src/services/cases/wc5-signals.ts) ----

/** Outcomes of original cases no accountability case was opened for, oldest first, in the scope given. */
export async function outcomesWithoutCase(q: Q, scope: Pick<Actor, 'orgScope'>, onlyOriginalCaseId?: string) {
  let query = q
    .selectFrom('original_case_outcomes as o')
    .innerJoin('original_cases as oc', 'oc.id', 'o.case_id')
    .select(['o.id', 'o.case_id', 'o.source', 'o.reference_no', 'o.reference_date', 'o.issuer', 'o.recorded_at', 'oc.number', 'oc.title'])
    // a case answers the signal unless it was not accepted or transferred elsewhere: linking the
    // original case to a report that is then not accepted does not make the signal go away (found
    // by a red-team walk) — it stays until a case handles it or a reason is recorded
    .where((eb) => eb.not(eb.exists(eb.selectFrom('cases').select('cases.id').whereRef('cases.original_case_id', '=', 'o.case_id').where('cases.state', 'not in', ['not_accepted', 'transferred']))))
    // issue 11: the original cases of the caller's organisations
    .where(orgScopeFilter(scope, 'oc.org_id'));
  if (onlyOriginalCaseId) query = query.where('o.case_id', '=', onlyOriginalCaseId);
  return query.orderBy('o.recorded_at').orderBy('o.id').execute();
}

/** The outcome ids whose signal was dismissed, of these original cases. */
export async function dismissedOutcomeIds(q: Q, originalCaseIds: readonly string[]): Promise<Set<string>> {
  if (!originalCaseIds.length) return new Set();
  return new Set((await q.selectFrom('wc5_signal_dismissals').select('outcome_id').where('original_case_id', 'in', [...originalCaseIds]).execute()).map((d) => d.outcome_id));
}

export async function insertWc5Dismissal(q: Q, row: { id: string; original_case_id: string; outcome_id: string; reason: string; actor_id: string; recorded_at: string }): Promise<void> {
  await q.insertInto('wc5_signal_dismissals').values(row).execute();
}
