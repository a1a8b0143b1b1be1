// SQL of the enforcement certificates (行政执法证, src/services/registers/certificates-service.ts):
// certificates with their holder's name, the append-only status history, the list's search and
// the optimistic-version writes. Reads a service makes for an actor carry its organisation scope;
// the register look-ups other services make (rules engine, case workflow) are unscoped by design.
import type { Kysely, Selectable, UpdateResult, Updateable } from 'kysely';
import type { DialectName } from '../../db/database';
import type { Database } from '../../db/schema';
import type { CertificateStatus, CertificateStatusChangeTable, EnforcementCertificateTable } from '../../db/tables/registers';
import { orgScopeFilter } from '../../policies/org-scope';
import { containsText } from './query';
import type { CaseState } from '../../domain/cases/states';
import { parseJson } from '../cases/case-rows';

type Q = Kysely<Database>;

export type CertRow = Selectable<EnforcementCertificateTable>;
export type CertWithPersonRow = CertRow & { person_name: string };
export type ChangeRow = Selectable<CertificateStatusChangeTable>;

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The status changes of these certificates, per certificate in recording order (seq). */
export async function statusChangeRows(q: Q, certIds: readonly string[]): Promise<ChangeRow[]> {
  const out: ChangeRow[] = [];
  for (const ids of chunks(certIds, 500)) out.push(...(await q.selectFrom('certificate_status_changes').selectAll().where('certificate_id', 'in', ids).orderBy('certificate_id').orderBy('seq').execute()));
  return out;
}

function certWithPerson(q: Q) {
  return q.selectFrom('enforcement_certificates as c').innerJoin('people as p', 'p.id', 'c.person_id').selectAll('c').select('p.name as person_name');
}

/** A person's certificates with the holder's name, newest validity first. */
export async function certificateRowsOfPerson(q: Q, personId: string): Promise<CertWithPersonRow[]> {
  return certWithPerson(q).where('c.person_id', '=', personId).orderBy('c.valid_from', 'desc').orderBy('c.number').execute();
}

/** One certificate with the holder's name, within `orgScope` (absent: unrestricted). */
export async function certificateRowWithPerson(q: Q, id: string, orgScope: readonly string[] | undefined): Promise<CertWithPersonRow | undefined> {
  return certWithPerson(q).where('c.id', '=', id).where(orgScopeFilter({ orgScope }, 'c.org_id')).executeTakeFirst();
}

/** The names of these people and their certificates (by validity, then number). */
export async function certificatesOfPeople(q: Q, personIds: readonly string[]): Promise<{ names: Map<string, string>; certs: CertRow[] }> {
  const names = new Map<string, string>();
  const certs: CertRow[] = [];
  for (const part of chunks(personIds, 500)) {
    for (const p of await q.selectFrom('people').select(['id', 'name']).where('id', 'in', part).execute()) names.set(p.id, p.name);
    certs.push(...(await q.selectFrom('enforcement_certificates').selectAll().where('person_id', 'in', part).orderBy('valid_from').orderBy('number').execute()));
  }
  return { names, certs };
}

export async function certificateRow(q: Q, id: string): Promise<CertRow | undefined> {
  return q.selectFrom('enforcement_certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface CertificateSearch {
  orgScope: readonly string[] | undefined;
  personId?: string;
  status?: CertificateStatus;
  /** text in the number or the holder's name */
  text?: string;
  page: number;
  pageSize: number;
}

/** A page of certificates (by number) and the total matching. */
export async function searchCertificates(q: Q, dialect: DialectName, s: CertificateSearch): Promise<{ rows: CertWithPersonRow[]; total: number }> {
  let base = q.selectFrom('enforcement_certificates as c').innerJoin('people as p', 'p.id', 'c.person_id').where(orgScopeFilter({ orgScope: s.orgScope }, 'c.org_id'));
  if (s.personId) base = base.where('c.person_id', '=', s.personId);
  if (s.status) base = base.where('c.status', '=', s.status);
  if (s.text) {
    const text = s.text;
    base = base.where((eb) => eb.or([containsText(dialect, 'c.number', text), containsText(dialect, 'p.name', text)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('c')
    .select('p.name as person_name')
    .orderBy('c.number')
    .limit(s.pageSize)
    .offset((s.page - 1) * s.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

/** The would-be holder within `orgScope`: whether active, and their organisation. */
export async function holderInScope(q: Q, personId: string, orgScope: readonly string[] | undefined): Promise<{ active: boolean; orgId: string } | undefined> {
  const p = await q.selectFrom('people').select(['id', 'active', 'org_id']).where('id', '=', personId).where(orgScopeFilter({ orgScope }, 'people.org_id')).executeTakeFirst();
  return p && { active: Boolean(Number(p.active)), orgId: p.org_id };
}

export async function insertCertificateRow(q: Q, row: CertRow): Promise<void> {
  await q.insertInto('enforcement_certificates').values(row).execute();
}

/** Writes `patch` when the row is still at `version` (the caller checks one row was updated). */
export async function updateCertificateAtVersion(q: Q, id: string, version: number, patch: Updateable<EnforcementCertificateTable>, now: string): Promise<UpdateResult> {
  return q
    .updateTable('enforcement_certificates')
    .set({ ...patch, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertStatusChangeRow(q: Q, row: ChangeRow): Promise<void> {
  await q.insertInto('certificate_status_changes').values(row).execute();
}

/** Whether another certificate (not `exceptId`) has this number. */
export async function certificateNumberTaken(q: Q, number: string, exceptId: string | null): Promise<boolean> {
  let query = q.selectFrom('enforcement_certificates').select('id').where('number', '=', number);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

/**
 * The accountability cases still open that read this person's certificates for a conduct date
 * (WC-6(2), FL-8(5)): where the person is a subject, or a handler of the case's original case;
 * with what the rules may take as the conduct date — the findings', else the original
 * case's decision date, else the day the case was received.
 */
export async function openCasesReadingCertificatesOf(
  q: Q,
  personId: string,
  terminal: readonly CaseState[],
): Promise<{ id: string; number: string; receivedOn: string; originalDecisionDate: string | null; conductDates: string[] }[]> {
  const rows = await q
    .selectFrom('cases as c')
    .leftJoin('original_cases as oc', 'oc.id', 'c.original_case_id')
    .select(['c.id', 'c.number', 'c.received_on', 'oc.decision_date'])
    .where('c.state', 'not in', [...terminal])
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('case_subjects as s').select('s.id').whereRef('s.case_id', '=', 'c.id').where('s.person_id', '=', personId)),
        eb.exists(
          eb
            .selectFrom('original_case_participants as p')
            .select('p.id')
            .whereRef('p.case_id', '=', 'c.original_case_id')
            .where('p.person_id', '=', personId)
            .where('p.role', '=', 'handler'),
        ),
      ]),
    )
    .orderBy('c.number')
    .execute();
  if (!rows.length) return [];
  const findings = await q.selectFrom('case_findings').select(['case_id', 'data']).where('case_id', 'in', rows.map((r) => r.id)).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    receivedOn: r.received_on,
    originalDecisionDate: r.decision_date ?? null,
    conductDates: findings
      .filter((f) => f.case_id === r.id)
      .map((f) => parseJson<{ conductDate?: unknown }>(f.data, {}).conductDate)
      .filter((d): d is string => typeof d === 'string'),
  }));
}
