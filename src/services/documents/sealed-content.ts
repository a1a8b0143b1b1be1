// Document content at rest for a case that came from a report (issue 9 §3; FL-7(7) 泄露举报人信息):
// the documents of such a case quote what the reporter wrote (受理回执 反映事项, 转送函, 立案审批表
// 简要案情), the replies sent to them (答复函) and address them by name. Every version's content
// JSON (document_versions.content) is therefore sealed with the report's data key
// (src/crypto/report-seal.ts, `wz1:` + ciphertext bound to the case id), whatever the kind: a
// kind that quotes nothing today may be edited to quote it tomorrow. Other cases keep clear JSON.
//
// Opening happens only after the documents policy allowed the read (service.ts readableDoc; the
// publication check; the generator's list of issued documents, for a drafter allowed on the case).
// Without the master key (a restore without the key) the content reads as a placeholder document
// instead of failing the page.
//
// The rendered DOCX/PDF files of those versions are sealed in the file store with the same key
// (./sealed-files.ts).
import { isSealedText, openText, sealText } from '../../crypto/report-seal';
import type { Db } from '../../db/database';
import type { Tx } from '../../db/tx';
import { isAppError } from '../../errors';
import { reportCaseDocumentVersions, setVersionContent } from '../../repositories/documents/documents-repo';
import { isSealedSource, REPORT_TEXT_LOCKED } from '../cases/report-text';
import type { Q } from '../cases/repo';
import { plainContent, type DocumentContent } from './content';

/** The stored form of a version's content: sealed JSON for a report case, clear JSON otherwise. */
export async function storedContent(tx: Tx, caseId: string, source: string, content: DocumentContent): Promise<string> {
  const json = JSON.stringify(content);
  return isSealedSource(source) ? sealText(tx, caseId, json) : json;
}

/** A placeholder document shown when the content is sealed and the master key is missing. */
export function lockedContent(): DocumentContent {
  return plainContent({ title: REPORT_TEXT_LOCKED, paragraphs: [{ style: 'body', text: REPORT_TEXT_LOCKED }] });
}

/** The JSON text of a stored content (opened when sealed); null when the master key is missing. */
export async function contentJson(q: Q | Db, caseId: string, stored: string): Promise<string | null> {
  if (!isSealedText(stored)) return stored;
  try {
    return await openText(q, caseId, stored);
  } catch (err) {
    if (isAppError(err) && err.code === 'REPORT_KEY_MISSING') return null;
    throw err;
  }
}

/** A stored content as the caller reads it: opened when sealed, the placeholder without the key. */
export async function readContent(q: Q | Db, caseId: string, stored: string): Promise<DocumentContent> {
  const json = await contentJson(q, caseId, stored);
  return json === null ? lockedContent() : (JSON.parse(json) as DocumentContent);
}

/** A stored content for a command that acts on it (issue): opened, or REPORT_KEY_MISSING without the key. */
export async function requireContent(q: Q | Db, caseId: string, stored: string): Promise<DocumentContent> {
  return JSON.parse(isSealedText(stored) ? await openText(q, caseId, stored) : stored) as DocumentContent;
}

/**
 * Seals the content of every document version of a report case still in clear (written before
 * migration 0332). Idempotent. Needs the master key when there is anything to seal
 * (REPORT_KEY_MISSING otherwise, before anything changes).
 */
export async function sealPlaintextDocumentVersions(tx: Tx): Promise<{ versions: number }> {
  let versions = 0;
  for (const v of await reportCaseDocumentVersions(tx)) {
    if (isSealedText(v.content)) continue;
    await setVersionContent(tx, v.id, await sealText(tx, v.case_id, v.content));
    versions++;
  }
  return { versions };
}
