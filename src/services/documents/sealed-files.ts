// The rendered DOCX/PDF files of a report case's official documents, sealed at rest (issue 9 §3;
// FL-7(7) 泄露举报人信息). A 受理回执, 答复函 or 立案审批表 quotes the report and names the reporter:
// its version content is sealed in the database (./sealed-content.ts), and its rendered files are
// sealed in the file store here, with the same per-report data key (src/crypto/report-seal.ts,
// `sealBytes`: AES-256-GCM or SM4-GCM, bound to the case id; the data key wrapped by the master
// key outside the database). Other cases' files stay as rendered: their content is clear in the
// database anyway.
//
// Content addressing stays on the REAL bytes: the documents name their files by the SHA-256 of
// what a reader downloads (`document_versions.pdf_sha256`, `documents.issued_pdf_sha256`, …),
// which is what the integrity check of a download, `/verify`, `wenze documents verify` and the
// dedupe of identical renders use. That hash's `stored_files` row says where the bytes are:
// `sealed_sha256` = the hash of the sealed blob (itself a `stored_files` row, so backups carry it
// like any file), `sealed_case_id` = whose data key opens it (migration 0470). Reading opens the
// blob and checks the opened bytes against the real hash, so a download is byte for byte the
// file that was rendered; without the master key (or with a wrong one) it fails with
// REPORT_KEY_MISSING, never with other bytes.
//
// Files stored before this version, in clear: `wenze documents seal-files` (sealDocumentFiles).
import type { Db } from '../../db/database';
import { inTransaction, type Tx } from '../../db/tx';
import { appendAudit } from '../../audit/audit-writer';
import { openBytes, sealBytes } from '../../crypto/report-seal';
import { sha256Hex, type FileStore } from '../../files/file-store';
import { clearReportDocumentFiles, markFileSealed, recordStoredFile, sealedFileHashes, storedFileRef } from '../../repositories/documents/document-files-repo';
import { compactSqlite } from '../../db/compact';
import { isSealedSource } from '../cases/report-text';
import { sealPlaintextDocumentVersions } from './sealed-content';

/** How a sealed blob is recorded: its record names neither the file nor its type. */
export const SEALED_BLOB_MIME = 'application/octet-stream';
export const SEALED_BLOB_NAME = 'sealed';

/**
 * Stores a rendered document file inside the transaction that records its document, and returns
 * the hash of its REAL bytes (what the document names). A report case's file is stored sealed.
 */
export async function storeDocumentFile(
  files: FileStore,
  tx: Tx,
  f: { caseId: string; source: string; content: Buffer; mimeType: string; name: string; at: string },
): Promise<string> {
  const sha256 = sha256Hex(f.content);
  if (!isSealedSource(f.source)) {
    await files.put(f.content);
    await recordStoredFile(tx, { sha256, size: f.content.length, mimeType: f.mimeType, name: f.name, at: f.at });
    return sha256;
  }
  const known = await storedFileRef(tx, sha256);
  if (known?.sealed_sha256) return sha256; // the same bytes are already held sealed
  const sealed = await files.put(await sealBytes(tx, f.caseId, f.content));
  await recordStoredFile(tx, { sha256: sealed.sha256, size: sealed.size, mimeType: SEALED_BLOB_MIME, name: SEALED_BLOB_NAME, at: f.at });
  if (known) await markFileSealed(tx, sha256, sealed.sha256, f.caseId); // its clear copy: removed by seal-files
  else await recordStoredFile(tx, { sha256, size: f.content.length, mimeType: f.mimeType, name: f.name, at: f.at, sealedSha256: sealed.sha256, sealedCaseId: f.caseId });
  return sha256;
}

/**
 * A document file's real bytes by their hash, checked against it: opened from its sealed blob,
 * or read as stored (clear). Null when missing or when the bytes do not match. REPORT_KEY_MISSING
 * when the master key that opens it is missing or wrong.
 */
export async function readDocumentFile(deps: { db: Db; files: FileStore }, sha256: string): Promise<Buffer | null> {
  const q = deps.db.kysely;
  for (let attempt = 0; attempt < 2; attempt++) {
    const ref = await storedFileRef(q, sha256);
    if (ref?.sealed_sha256 && ref.sealed_case_id) {
      const blob = await deps.files.get(ref.sealed_sha256);
      if (!blob || sha256Hex(blob) !== ref.sealed_sha256) return null;
      const plain = await openBytes(q, ref.sealed_case_id, blob);
      return sha256Hex(plain) === sha256 ? plain : null;
    }
    const plain = await deps.files.get(sha256);
    if (plain) return sha256Hex(plain) === sha256 ? plain : null;
    // not there: perhaps sealed (and its clear copy removed) since the row was read — read it again
  }
  return null;
}

export interface SealFilesResult {
  /** files sealed by this run */
  sealed: number;
  /** report-case document files recorded in clear whose bytes are nowhere in the store (left as they are) */
  missing: number;
  /** clear copies removed from the store (of the files sealed now, or left by an interrupted run) */
  clearRemoved: number;
  /** document versions whose content was still in clear and is now sealed */
  contents: number;
  /** SQLite: the database file was rebuilt (VACUUM), so no freed page keeps old clear text */
  vacuumed: boolean;
}

/**
 * `wenze documents seal-files`: seals in place every rendered file of a report case's documents
 * still stored in clear, then removes the clear copies. Idempotent and resumable: each batch is
 * one transaction (audited `documents.files.seal`); a file is sealed once (the row update only
 * applies to a row still in clear); an interrupted run leaves clear copies of already sealed files,
 * which the next run removes. On SQLite the database is then VACUUMed (and its log truncated).
 * Needs the master key when there is anything to seal (REPORT_KEY_MISSING before any change).
 */
export async function sealDocumentFiles(
  deps: { db: Db; files: FileStore },
  opts: { batch?: number; vacuum?: boolean; now?: () => string; progress?: (done: number, total: number) => void } = {},
): Promise<SealFilesResult> {
  const batch = opts.batch ?? 20;
  const now = opts.now ?? (() => new Date().toISOString());
  const contents = (await inTransaction(deps.db, (tx) => sealPlaintextDocumentVersions(tx))).versions;
  const todo = await clearReportDocumentFiles(deps.db.kysely);
  let sealed = 0;
  let missing = 0;
  let clearRemoved = 0;
  for (let i = 0; i < todo.length; i += batch) {
    const part: { sha256: string; case_id: string; plain: Buffer }[] = [];
    for (const f of todo.slice(i, i + batch)) {
      const plain = await deps.files.get(f.sha256);
      if (!plain || sha256Hex(plain) !== f.sha256) missing++;
      else part.push({ ...f, plain });
    }
    if (!part.length) continue;
    const done = await inTransaction(deps.db, async (tx) => {
      const at = now();
      const out: string[] = [];
      for (const f of part) {
        const blob = await deps.files.put(await sealBytes(tx, f.case_id, f.plain));
        await recordStoredFile(tx, { sha256: blob.sha256, size: blob.size, mimeType: SEALED_BLOB_MIME, name: SEALED_BLOB_NAME, at });
        if (await markFileSealed(tx, f.sha256, blob.sha256, f.case_id)) out.push(f.sha256);
      }
      if (out.length) await appendAudit(tx, { actorId: null, action: 'documents.files.seal', entityType: 'stored_files', entityId: 'documents', after: { sealed: out.length, sha256: out }, at });
      return out;
    });
    sealed += done.length;
    // after the commit: the clear bytes are no longer named by anything as such
    for (const sha of done) {
      await deps.files.remove(sha);
      clearRemoved++;
    }
    opts.progress?.(Math.min(i + batch, todo.length), todo.length);
  }
  // clear copies left by an interrupted run (or by a render stored before its bytes were sealed)
  const removedNow = new Set(todo.map((t) => t.sha256));
  for (const sha of await sealedFileHashes(deps.db.kysely)) {
    if (removedNow.has(sha) || !(await deps.files.has(sha))) continue;
    await deps.files.remove(sha);
    clearRemoved++;
  }
  const vacuumed = opts.vacuum !== false && deps.db.dialect === 'sqlite' ? compactSqlite(deps.db) : false;
  return { sealed, missing, clearRemoved, contents, vacuumed };
}
