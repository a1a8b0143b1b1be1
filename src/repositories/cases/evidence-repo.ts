// SQL of a case's evidence files and their disclosure to the subject (src/services/cases/evidence.ts).
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import type { CaseEvidenceTable } from '../../db/tables/cases';

type Q = Kysely<Database>;

export async function evidenceOfCase(q: Q, caseId: string, evidenceId: string): Promise<Selectable<CaseEvidenceTable> | undefined> {
  return q.selectFrom('case_evidence').selectAll().where('id', '=', evidenceId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function isOnCaseTeam(q: Q, caseId: string, userId: string): Promise<boolean> {
  return !!(await q.selectFrom('case_team_members').select('id').where('case_id', '=', caseId).where('user_id', '=', userId).executeTakeFirst());
}

export async function setEvidenceDisclosable(q: Q, evidenceId: string, disclosable: boolean): Promise<void> {
  await q.updateTable('case_evidence').set({ disclosable: disclosable ? 1 : 0 }).where('id', '=', evidenceId).execute();
}
