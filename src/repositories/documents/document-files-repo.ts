// SQL of the rendered document files (src/services/documents/sealed-files.ts): their
// `stored_files` rows, which for a report case's document say which sealed blob holds the bytes
// (migration 0470), and the files still kept in clear that `wenze documents seal-files` seals.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';

type Q = Kysely<Database>;

export interface StoredFileRef {
  sha256: string;
  size: number;
  sealed_sha256: string | null;
  sealed_case_id: string | null;
}

export async function storedFileRef(q: Q, sha256: string): Promise<StoredFileRef | undefined> {
  const r = await q.selectFrom('stored_files').select(['sha256', 'size', 'sealed_sha256', 'sealed_case_id']).where('sha256', '=', sha256).executeTakeFirst();
  return r ? { sha256: r.sha256, size: Number(r.size), sealed_sha256: r.sealed_sha256 ?? null, sealed_case_id: r.sealed_case_id ?? null } : undefined;
}

/** Records a stored file once per hash (a second record of the same bytes changes nothing). */
export async function recordStoredFile(
  tx: Tx,
  f: { sha256: string; size: number; mimeType: string; name: string; at: string; sealedSha256?: string | null; sealedCaseId?: string | null },
): Promise<void> {
  await tx
    .insertInto('stored_files')
    .values({ sha256: f.sha256, size: f.size, mime_type: f.mimeType, original_name: f.name, created_at: f.at, sealed_sha256: f.sealedSha256 ?? null, sealed_case_id: f.sealedCaseId ?? null })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** A file recorded in clear is now held by a sealed blob; whether this call changed it. */
export async function markFileSealed(tx: Tx, sha256: string, sealedSha256: string, caseId: string): Promise<boolean> {
  const r = await tx.updateTable('stored_files').set({ sealed_sha256: sealedSha256, sealed_case_id: caseId }).where('sha256', '=', sha256).where('sealed_sha256', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * The rendered files (DOCX and PDF of every version, the issued ones) of the documents of cases
 * that came from a report, still recorded in clear, each with its case; in a stable order.
 */
export async function clearReportDocumentFiles(q: Q): Promise<{ sha256: string; case_id: string }[]> {
  const from = (col: 'document_versions.docx_sha256' | 'document_versions.pdf_sha256') =>
    q
      .selectFrom('document_versions')
      .innerJoin('documents', 'documents.id', 'document_versions.document_id')
      .innerJoin('cases', 'cases.id', 'documents.case_id')
      .innerJoin('stored_files', 'stored_files.sha256', col)
      .select(['stored_files.sha256 as sha256', 'documents.case_id as case_id'])
      .where('cases.source', '=', 'report')
      .where('stored_files.sealed_sha256', 'is', null);
  const issued = (col: 'documents.issued_pdf_sha256' | 'documents.issued_docx_sha256') =>
    q
      .selectFrom('documents')
      .innerJoin('cases', 'cases.id', 'documents.case_id')
      .innerJoin('stored_files', 'stored_files.sha256', col)
      .select(['stored_files.sha256 as sha256', 'documents.case_id as case_id'])
      .where('cases.source', '=', 'report')
      .where('stored_files.sealed_sha256', 'is', null);
  const rows = await from('document_versions.docx_sha256')
    .union(from('document_versions.pdf_sha256'))
    .union(issued('documents.issued_pdf_sha256'))
    .union(issued('documents.issued_docx_sha256'))
    .execute();
  // one case per file (the same bytes in two cases cannot happen in practice; the first wins)
  const byHash = new Map<string, string>();
  for (const r of rows.sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : a.case_id < b.case_id ? -1 : 1))) if (!byHash.has(r.sha256)) byHash.set(r.sha256, r.case_id);
  return [...byHash].map(([sha256, case_id]) => ({ sha256, case_id }));
}

/** Every file recorded as held by a sealed blob (their clear copies must not stay in the store). */
export async function sealedFileHashes(q: Q): Promise<string[]> {
  const rows = await q.selectFrom('stored_files').select('sha256').where('sealed_sha256', 'is not', null).orderBy('sha256').execute();
  return rows.map((r) => r.sha256);
}

/** How many files are held sealed, and how many of a report case's documents are still in clear. */
export async function sealedFileCounts(q: Q): Promise<{ sealed: number }> {
  const r = await q.selectFrom('stored_files').select((eb) => eb.fn.countAll<number | string>().as('n')).where('sealed_sha256', 'is not', null).executeTakeFirst();
  return { sealed: Number(r?.n ?? 0) };
}
