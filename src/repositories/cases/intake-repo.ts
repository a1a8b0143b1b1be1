// SQL of intake (src/services/cases/intake.ts): the new case row, its subjects (also added later
// by the add_subject step) and the receipt-code look-ups over case_reporters (the code itself
// never reaches this module: only its legacy hash or its clear lookup prefix).
import type { Insertable } from 'kysely';
import type { CaseTable } from '../../db/tables/cases';
import type { Q } from './case-repo';

/** Inserts a new case row (state intake; whom it waits on is set by refreshWaits afterwards). */
export async function insertCaseRow(tx: Q, row: Insertable<CaseTable>): Promise<void> {
  await tx.insertInto('cases').values(row).execute();
}

/** Adds a subject (被调查人) to a case. */
export async function insertSubject(tx: Q, s: { id: string; caseId: string; personId: string; unitId: string | null; addedAt: string; addedBy: string | null }): Promise<void> {
  await tx.insertInto('case_subjects').values({ id: s.id, case_id: s.caseId, person_id: s.personId, unit_id: s.unitId, added_at: s.addedAt, added_by: s.addedBy }).execute();
}

/** The case of a receipt code issued before migration 0180, by its SHA-256 hash. */
export async function caseIdByLegacyReceiptHash(q: Q, hash: string): Promise<string | null> {
  return (await q.selectFrom('case_reporters').select('case_id').where('receipt_hash', '=', hash).executeTakeFirst())?.case_id ?? null;
}

/** The reporters whose receipt code starts with `lookup` (not secret), with the argon2id hash to verify. */
export async function receiptCandidates(q: Q, lookup: string): Promise<{ caseId: string; receiptHash: string | null }[]> {
  const rows = await q.selectFrom('case_reporters').select(['case_id', 'receipt_hash']).where('receipt_lookup', '=', lookup).execute();
  return rows.map((r) => ({ caseId: r.case_id, receiptHash: r.receipt_hash }));
}
