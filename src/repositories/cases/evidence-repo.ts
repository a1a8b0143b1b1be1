// SQL of a case's evidence files and their disclosure to the subject (src/services/cases/evidence.ts),
// and the investigation's records: evidence and findings (src/services/cases/steps-investigation.ts).
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { insertRowOnce } from '../../db/compiled-once';
import type { CaseEvidenceTable } from '../../db/tables/cases';

type Q = Kysely<Database>;

export async function evidenceOfCase(q: Q, caseId: string, evidenceId: string): Promise<Selectable<CaseEvidenceTable> | undefined> {
  return q.selectFrom('case_evidence').selectAll().where('id', '=', evidenceId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function isOnCaseTeam(q: Q, caseId: string, userId: string): Promise<boolean> {
  return !!(await q.selectFrom('case_team_members').select('id').where('case_id', '=', caseId).where('user_id', '=', userId).executeTakeFirst());
}

/** The disclosure state of an evidence item (WC-11): shown or not, a pending request, who disclosed it. */
export interface EvidenceDisclosureState {
  disclosable: boolean;
  requestedBy: string | null;
  requestedAt: string | null;
  disclosedBy: string | null;
  disclosedAt: string | null;
}

export async function setEvidenceDisclosureState(q: Q, evidenceId: string, d: EvidenceDisclosureState): Promise<void> {
  await q
    .updateTable('case_evidence')
    .set({ disclosable: d.disclosable ? 1 : 0, disclosure_requested_by: d.requestedBy, disclosure_requested_at: d.requestedAt, disclosed_by: d.disclosedBy, disclosed_at: d.disclosedAt })
    .where('id', '=', evidenceId)
    .execute();
}

/** Whether a later record already corrects (supersedes) this evidence. */
export async function isEvidenceSuperseded(q: Q, evidenceId: string): Promise<boolean> {
  return Boolean(await q.selectFrom('case_evidence').select('id').where('supersedes_id', '=', evidenceId).executeTakeFirst());
}

/** Records a stored file's metadata; content-addressed and idempotent (concurrent uploads of the same bytes all succeed). */
export async function insertStoredFileIfAbsent(tx: Q, f: { sha256: string; size: number; mimeType: string; name: string; at: string }): Promise<void> {
  await tx
    .insertInto('stored_files')
    .values({ sha256: f.sha256, size: f.size, mime_type: f.mimeType, original_name: f.name, created_at: f.at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** The evidence row's insert, compiled once per set of columns (src/db/compiled-once.ts). */
export const evidenceInsertStatement = insertRowOnce<'case_evidence', Insertable<CaseEvidenceTable>>('case_evidence');

export async function insertEvidence(tx: Q, row: Insertable<CaseEvidenceTable>): Promise<void> {
  await evidenceInsertStatement.execute(tx, row);
}

/** Records a finding on a subject (superseding the current one, if any). */
export async function insertFinding(tx: Q, f: { id: string; caseId: string; subjectPersonId: string; data: Record<string, unknown>; supersedesId: string | null; recordedBy: string | null; recordedAt: string }): Promise<void> {
  await tx
    .insertInto('case_findings')
    .values({ id: f.id, case_id: f.caseId, subject_person_id: f.subjectPersonId, data: JSON.stringify(f.data), supersedes_id: f.supersedesId, recorded_by: f.recordedBy, recorded_at: f.recordedAt })
    .execute();
}
