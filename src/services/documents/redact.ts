// Redaction for the documents a subject may read and the publication notice (FL-5(4)).
// The measures make the reporter's safety a duty: retaliation is a fault (FL-7(7)) and
// aggravating (FL-10(3)). So these kinds are (1) generated from structured data only, (2) scrubbed
// of the reporter's identity and of personal identifiers (ID numbers, phone numbers, e-mail), and
// (3) on every edit checked again: a clerk's edit that brings the reporter back is refused.
import { AppError } from '../../errors';
import type { ReporterFacts } from './case-facts';
import { contentStrings, mapContentStrings, type DocumentContent } from './content';

// 18-digit resident ID (last may be X), mainland mobile numbers, e-mail addresses.
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/** The reporter's identifying strings (each at least two characters, longest first). */
export function reporterSecrets(r: ReporterFacts | null): string[] {
  if (!r) return [];
  return [r.name, r.idNumber, r.phone, r.address, r.email, r.organisation]
    .map((s) => (s ?? '').trim())
    .filter((s) => s.length >= 2)
    .sort((a, b) => b.length - a.length);
}

/** Replaces the reporter's identity with 举报人 / ＊＊＊ and removes personal identifiers. */
export function redactContent(c: DocumentContent, secrets: readonly string[]): DocumentContent {
  return mapContentStrings(c, (s) => {
    let out = s;
    for (const secret of secrets) out = out.split(secret).join(/\d/.test(secret) || secret.includes('@') ? '＊＊＊' : '举报人');
    return out.replace(ID_NUMBER, '＊＊＊').replace(MOBILE, '＊＊＊').replace(EMAIL, '＊＊＊');
  });
}

/**
 * A text as the leak checks read it: without white space (half- and full-width) and without the
 * separators typed between digits, so that 王 秀 兰 is 王秀兰 and 139-1234-5678 or 139 1234 5678
 * is 13912345678 (found by a red-team walk: a name or a phone number written with spaces passed).
 */
export function leakForm(s: string): string {
  return s.replace(/[\s\u3000]+/g, '').replace(/(?<=\d)[-－.．·・_]+(?=\d)/g, '');
}

/** How many of the reporter's identifying strings a text carries, compared in `leakForm`. */
export function reporterLeaks(texts: readonly string[], secrets: readonly string[]): number {
  const all = leakForm(texts.join('\n'));
  return secrets.map(leakForm).filter((s) => s.length >= 2 && all.includes(s)).length;
}

/**
 * The refusal of a text that names the reporter or carries personal identifiers (FL-7(7),
 * FL-10(3)). It says only that: never how many parts matched, nor which (a count or a part turned
 * the check into an oracle — a red-team walk recovered a reporter's name and phone by bisecting
 * guess lists). Only a legal-affairs clerk handling the case ever receives it; each one is
 * recorded in the audit trail (src/services/reporter/redaction-refusal.ts).
 */
export const REDACTION_REFUSAL = {
  document: {
    zh: '此类公文被追究人员可以阅读或须公开，文字中含有举报人身份信息或身份证号、电话等个人信息，不得包含（FL-7(7)、FL-10(3)、FL-5(4)）',
    en: 'this kind is read by the subject or published, and its text contains the reporter’s identity or personal identifiers, which it must not (FL-7(7), FL-10(3), FL-5(4))',
  },
  evidence: {
    zh: '该证据的文字（含文件名）含有举报人身份信息，不得向被调查人公开；请隐去后另行录入（FL-7(7)、FL-10(3)）',
    en: 'the evidence’s text (its file name included) contains the reporter’s identity and must not be shown to the subject; record a version without it (FL-7(7), FL-10(3))',
  },
} as const;

export function redactionRefusal(what: 'document' | 'evidence'): AppError {
  return new AppError('PRECONDITION_FAILED', REDACTION_REFUSAL[what], what === 'evidence' ? { citation: 'FL-7(7)', field: 'disclosable' } : { citation: 'FL-7(7)' });
}

/** Whether content names the reporter or carries personal identifiers (the guarded kinds' check, FL-7(7), FL-10(3), FL-5(4)). */
export function namesReporterOrIdentifiers(c: DocumentContent, secrets: readonly string[]): boolean {
  const raw = contentStrings(c).join('\n');
  const all = leakForm(raw);
  return reporterLeaks([raw], secrets) > 0 || all.search(ID_NUMBER) >= 0 || all.search(MOBILE) >= 0 || raw.search(EMAIL) >= 0;
}

/** Refuses content that names the reporter or carries personal identifiers (FL-7(7), FL-10(3)); the refusal says no more. */
export function assertRedacted(c: DocumentContent, secrets: readonly string[]): void {
  if (namesReporterOrIdentifiers(c, secrets)) throw redactionRefusal('document');
}

/**
 * Evidence shown to the subject before 陈述申辩 (WC-11) is read by the person reported: it may
 * not name the reporter (FL-7(7), FL-10(3)). Its texts (title, source, description, the text
 * itself, the attached file's name) are compared with the reporter's identity; the file's own
 * content is the clerk's to read (not read here). Asked only when a clerk discloses it.
 */
export function evidenceNamesReporter(texts: readonly (string | null | undefined)[], secrets: readonly string[]): boolean {
  return reporterLeaks(texts.filter((x): x is string => Boolean(x)), secrets) > 0;
}
