// SQL of the early-intervention alerts: the facts each rule looks at, and the alert rows.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { TERMINAL_STATES } from '../../domain/cases/states';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';

type Q = Kysely<Database>;

/** Accountability cases naming each person (and each person's unit) as subject, received on or after `from`. */
export async function subjectCasesSince(q: Q, from: string) {
  return q
    .selectFrom('case_subjects as s')
    .innerJoin('cases as c', 'c.id', 's.case_id')
    .select(['s.person_id', 's.unit_id', 'c.id as case_id', 'c.number', 'c.received_on'])
    .where('c.received_on', '>=', from)
    .orderBy('c.received_on')
    .orderBy('c.id')
    .execute();
}

/** WC-5 outcome events on original cases dated on or after `from`, with the people who took part. */
export async function wc5OutcomesSince(q: Q, from: string) {
  return q
    .selectFrom('original_case_outcomes as o')
    .innerJoin('original_case_participants as pt', 'pt.case_id', 'o.case_id')
    .innerJoin('original_cases as oc', 'oc.id', 'o.case_id')
    .select(['o.id as outcome_id', 'o.case_id', 'o.source', 'o.reference_date', 'o.recorded_at', 'pt.person_id', 'oc.number', 'oc.unit_id'])
    .where('o.reference_date', '>=', from)
    .where('pt.role', 'in', ['handler', 'approver'])
    .orderBy('o.recorded_at')
    .orderBy('o.id')
    .execute();
}

export async function compensationsAtLeast(q: Q, amountFen: number) {
  return q
    .selectFrom('original_case_compensations as m')
    .innerJoin('original_cases as oc', 'oc.id', 'm.case_id')
    .select(['m.id', 'm.case_id', 'm.amount_fen', 'm.paid_date', 'oc.number', 'oc.unit_id'])
    .where('m.amount_fen', '>=', amountFen)
    .execute();
}

export async function certificatesEndingBetween(q: Q, from: string, to: string) {
  return q
    .selectFrom('enforcement_certificates as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['c.id', 'c.number', 'c.valid_to', 'c.person_id', 'p.name', 'p.unit_id'])
    .where('c.status', '=', 'valid')
    .where('p.active', '=', 1)
    .where('c.valid_to', '>=', from)
    .where('c.valid_to', '<=', to)
    .execute();
}

/** Handlers of original cases decided on or after `from`. */
export async function handlersSince(q: Q, from: string) {
  return q
    .selectFrom('original_case_participants as pt')
    .innerJoin('original_cases as oc', 'oc.id', 'pt.case_id')
    .select(['pt.id', 'pt.person_id', 'oc.id as case_id', 'oc.number', 'oc.decision_date', 'oc.unit_id'])
    .where('pt.role', '=', 'handler')
    .where('oc.decision_date', '>=', from)
    .execute();
}

/** Deadlines of open cases that passed without being met. */
export async function overdueDeadlines(q: Q, today: string) {
  return q
    .selectFrom('case_deadlines as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(['d.id', 'd.kind', 'd.citation', 'd.due_date', 'c.id as case_id', 'c.number'])
    .where('d.met_on', 'is', null)
    .where('d.due_date', '<', today)
    .where('c.state', 'not in', [...TERMINAL_STATES])
    .execute();
}

export async function existingKeys(q: Q, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const r of await q.selectFrom('alerts').select('key').where('key', 'in', keys.slice(i, i + 500)).execute()) out.add(r.key);
  }
  return out;
}

/** The organisation an alert's subject belongs to (an alert takes its subject's org). */
export async function subjectOrgId(q: Q, subjectType: 'person' | 'unit' | 'certificate' | 'deadline' | 'original_case', subjectId: string): Promise<string> {
  let row: { org_id: string } | undefined;
  if (subjectType === 'person') row = await q.selectFrom('people').select('org_id').where('id', '=', subjectId).executeTakeFirst();
  else if (subjectType === 'unit') row = await q.selectFrom('units').select('org_id').where('id', '=', subjectId).executeTakeFirst();
  else if (subjectType === 'certificate') row = await q.selectFrom('enforcement_certificates').select('org_id').where('id', '=', subjectId).executeTakeFirst();
  else if (subjectType === 'original_case') row = await q.selectFrom('original_cases').select('org_id').where('id', '=', subjectId).executeTakeFirst();
  else row = await q.selectFrom('case_deadlines as d').innerJoin('cases as c', 'c.id', 'd.case_id').select('c.org_id').where('d.id', '=', subjectId).executeTakeFirst();
  return row?.org_id ?? DEFAULT_ORG_ID;
}

/** An account's organisation, roles (JSON) and whether it is disabled (alert owners). */
export async function accountOf(q: Q, userId: string): Promise<{ org_id: string; roles: string; disabled: number } | undefined> {
  return q.selectFrom('users').select(['org_id', 'roles', 'disabled']).where('id', '=', userId).executeTakeFirst();
}
