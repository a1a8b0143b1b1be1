// Official documents (公文) of a case: draft from the case data, edit (each edit a new version),
// issue (freezes the version; the PDF is stored by hash), download any version as DOCX or PDF.
// A correction after issue is a new document naming the one it supersedes; both are kept.
//
// Every method authorizes first (default deny), then checks the case is one the actor may see
// (the case service's canSeeCase/perspectiveOf: "not allowed" and "not found" look the same),
// then the per-kind rules of kinds.ts. Rendering (slow: fonts) happens before the write
// transaction, except at issue where the 发文字号 is assigned inside it. Every write appends an
// audit record on the case (entityType 'case'), so it shows on the case timeline.
import { z } from 'zod';
import { auditRead } from '../../audit/audit-read';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import type { DocumentTable, DocumentVersionTable } from '../../db/tables/documents';
import { dateSchema } from '../../domain/cases';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { authorize, can, type Actor } from '../../policies/roles';
import { caseAccessOf, requireCaseAccess, type Perspective } from '../../policies/cases';
import { documentActions, documentHidden, draftForbidden, mayDraft, mayRead, mayReadAsOutsideBody } from '../../policies/documents';
import { findCase, type CaseRow, type Q } from '../cases/repo';
import {
  caseDocumentPrefix,
  documentsOfCase,
  documentVersion,
  findDocument,
  findDocumentOfCase,
  insertDocument,
  insertDocumentVersion,
  lockDocument,
  markIssued,
  markSuperseded,
  documentNumberTaken,
  nextDocumentNumber,
  personNames,
  referralOfLetter,
  setCurrentVersion,
  supervisorBody,
  versionsOfDocument,
} from '../../repositories/documents/documents-repo';
import { reporterIdentityOrUnknown } from '../reporter/identity-repo';
import { nowIso, type Ctx } from '../context';
import { loadCaseDocFacts } from './case-facts';
import { BLANK_OPEN, contentStrings, documentContentSchema, mapContentStrings, type DocumentContent } from './content';
import { citationCodesToZh } from './citations-zh';
import { generateDraft } from './generate';
import { isPinnedKind, PINNED_RECORDS, pinnedEditRefused, pinnedMismatches, pinnedPartsOf, pinnedPlaces, recordChangedRefused, type Bi, type PinnedParts } from './pinned';
import { lockCase } from '../../repositories/cases/case-repo';
import { DOCUMENT_KINDS, KIND_DEFS, OUTSIDE_READABLE_KINDS, SERVABLE_KINDS, SUBJECT_READABLE_KINDS, documentNumberPrefix, titleFormProblem, type DocumentKind } from './kinds';
import { serviceRecordsOf, type ServiceRecord } from './service-records';
import { redactContent, reporterSecrets } from './redact';
import { assertContentRedacted } from '../reporter/redaction-refusal';
import { renderDocx } from './render-docx';
import { renderPdf } from './render-pdf';
import { assertNotRecused, mustStandAside } from '../cases/impartiality';
import { guomiEnabled } from '../hardening-settings';
import { activeSealImage } from './seal';
import { readContent, requireContent, storedContent } from './sealed-content';
import { readDocumentFile, storeDocumentFile } from './sealed-files';
import { ensureSigningKey, signPdf, sm2Sign } from './signing';

const id = z.string().min(1).max(64);

export const draftInputSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  /** the subject a per-subject kind concerns (decision notice, transfers, recovery notice) */
  subjectId: id.optional(),
  /** interview record: the evidence item (default: the latest interview record in force) */
  evidenceId: id.optional(),
  /** a correction: the issued document of the same kind this one will supersede when issued */
  supersedesId: id.optional(),
  /** 送达回证: the issued document served (default: the latest issued one that is served) */
  documentId: id.optional(),
});
export type DraftInput = z.infer<typeof draftInputSchema>;

export const editInputSchema = z.object({
  expectedVersion: z.number().int().min(1),
  content: documentContentSchema,
  note: z.string().trim().max(500).optional(),
});
export type EditInput = z.input<typeof editInputSchema>;

export const issueInputSchema = z.object({
  expectedVersion: z.number().int().min(1),
  /** 印发日期 (default: today in China) */
  issuedOn: dateSchema.optional(),
});

export type { DocumentAction } from '../../policies/documents';
import type { DocumentAction } from '../../policies/documents';
import { ctxForCase, ctxForDocument, orgsPermitting } from '../orgs/acting-in';
import { caseOrgId } from '../orgs/org-repo';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';

export interface DocumentSummary {
  id: string;
  caseId: string;
  kind: DocumentKind;
  kindLabelZh: string;
  kindLabelEn: string;
  citation: string;
  subject: { personId: string; name: string } | null;
  evidenceId: string | null;
  title: string;
  status: 'draft' | 'issued' | 'superseded';
  currentVersion: number;
  issuedVersion: number | null;
  docNumber: string | null;
  issuedOn: string | null;
  issuedAt: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  createdAt: string;
  updatedAt: string;
  allowedActions: DocumentAction[];
}

export interface DocumentVersionOut {
  number: number;
  content: DocumentContent;
  docxSha256: string;
  pdfSha256: string;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface DocumentDetail extends DocumentSummary {
  issuedPdfSha256: string | null;
  /** the seal image placed at issue (SHA-256), the PAdES signature, the SM2 signature (国密) */
  seal: { sealSha256: string | null; signed: boolean; sm2Signed: boolean } | null;
  /** 送达回证: the document served */
  servedDocumentId: string | null;
  /** 送达 records of this document (or, for a 送达回证, of the document served) */
  services: ServiceRecord[];
  versions: DocumentVersionOut[];
  warnings: { zh: string; en: string }[];
  /**
   * A draft whose parts come from a record (会议纪要: the meeting record, FL-5(4), FL-15): the
   * field labels and the number of leading paragraphs no edit may change, and whether the draft
   * no longer agrees with the record (then it is drafted anew). Null for other documents.
   */
  /** the parts taken from a record (pinned.ts): field labels, paragraphs by their place */
  pinned: { source: Bi; fields: string[]; paragraphs: number[]; stale: boolean } | null;
}

// ---------------------------------------------------------------------------------------------
// Access

interface CaseAccess {
  row: CaseRow;
  perspective: Perspective;
}

/** The case, when the actor may see it (src/policies/cases.ts); otherwise its hidden answer (NOT_FOUND). */
async function caseAccess(q: Q, actor: Actor, caseId: string): Promise<CaseAccess> {
  return requireCaseAccess(q, actor, caseId);
}

export { mayRead, mayDraft } from '../../policies/documents';

const forbidden = draftForbidden;
const actionsFor = (actor: Actor, perspective: Perspective, doc: DocumentTable): DocumentAction[] => documentActions(actor, perspective, doc);

async function loadDoc(q: Q, docId: string): Promise<DocumentTable> {
  const doc = await findDocument(q, docId);
  if (!doc) throw docNotFound();
  return doc;
}

const docNotFound = documentHidden;

/**
 * WC-11: an outside body's supervisor reads the hand-off letter recorded on a referral to its body
 * (issued versions only, like a subject: perspective 'subject'), never the live case — and only of
 * a case of an organisation where it holds the supervisor role (issue 11, `orgsPermitting`).
 */
async function outsideAccess(ctx: Ctx, doc: DocumentTable): Promise<CaseAccess | null> {
  if (!can(ctx.actor, 'supervision.act')) return null;
  const q = ctx.db.kysely;
  const [body, ref, orgs] = await Promise.all([supervisorBody(q, ctx.actor.userId), referralOfLetter(q, doc.case_id, doc.id), orgsPermitting(ctx, 'supervision.act')]);
  if (!mayReadAsOutsideBody(ctx.actor, body, ref, doc, orgs)) return null;
  const row = await findCase(q, doc.case_id);
  return row ? { row, perspective: 'subject' } : null;
}

/** Reading documents: staff and subjects (documents.read), or an outside body's supervisor for its referral letter. */
function authorizeRead(actor: Actor): void {
  if (!can(actor, 'supervision.act')) authorize(actor, 'documents.read');
}

/**
 * The document and its case, when the actor may read it; otherwise the policy's hidden answer
 * (NOT_FOUND). Only that answer is NOT_FOUND: an error while deciding (a database outage) is not
 * turned into one.
 */
export async function readableDoc(ctx: Ctx, docId: string): Promise<{ doc: DocumentTable; access: CaseAccess }> {
  const q = ctx.db.kysely;
  const doc = await loadDoc(q, docId);
  const access = await caseAccessOf(q, ctx.actor, doc.case_id);
  if (!access) {
    // not a case the actor sees: perhaps the letter of a referral to the actor's outside body
    const outside = await outsideAccess(ctx, doc);
    if (!outside) throw docNotFound();
    return { doc, access: outside };
  }
  // FL-5(1), FL-7(7): a document naming the reporter is not read by someone who must stand aside
  // (a clerk who became a subject of the case keeps no way to the person who reported him) — a
  // clerk, who would read it otherwise, is told why
  const sensitive = KIND_DEFS[doc.kind as DocumentKind]?.reporterSensitive;
  if (sensitive && can(ctx.actor, 'reporter.read')) await assertNotRecused(q, ctx, doc.case_id, { zh: '查看载有举报人信息的公文', en: 'Read a document naming the reporter' });
  if (!mayRead(ctx.actor, access.perspective, doc)) throw docNotFound();
  return { doc, access };
}

// ---------------------------------------------------------------------------------------------
// Rendering and storage

const draftMark = (n: number): string => `草稿（第${n}版）· 未印发，不作为正式公文使用`;

async function renderBoth(ctx: Ctx, content: DocumentContent, mark: string | null, seal: Buffer | null = null): Promise<{ docx: Buffer; pdf: Buffer }> {
  const [docx, pdf] = await Promise.all([renderDocx(content, { draftMark: mark }), renderPdf(content, { draftMark: mark, createdAt: ctx.clock.now(), seal })]);
  return { docx, pdf };
}

/** A rendered file of a case's document; a report case's is sealed at rest (sealed-files.ts). Returns the real bytes' hash. */
async function storeFile(ctx: Ctx, tx: Tx, c: { id: string; source: string }, content: Buffer, mime: string, name: string, now: string): Promise<string> {
  return storeDocumentFile(ctx.files, tx, { caseId: c.id, source: c.source, content, mimeType: mime, name, at: now });
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MIME = 'application/pdf';

/** Locks the document row for the rest of the transaction (PostgreSQL; SQLite holds the write lock). */
async function lockDoc(tx: Tx, dialect: string, docId: string): Promise<DocumentTable> {
  const doc = await lockDocument(tx, docId, dialect === 'postgres');
  if (!doc) throw docNotFound();
  return doc;
}

function checkEditable(doc: DocumentTable, expectedVersion: number): void {
  if (doc.status !== 'draft') {
    throw new AppError('DOCUMENT_ISSUED', { zh: `${doc.doc_number ?? doc.title}已于${doc.issued_on ?? ''}印发`, en: `issued on ${doc.issued_on ?? ''}` }, { status: doc.status, issuedVersion: doc.issued_version });
  }
  if (doc.current_version !== expectedVersion) {
    throw new AppError('CONFLICT_STALE', { zh: `当前为第${doc.current_version}版`, en: `the current version is ${doc.current_version}` }, { currentVersion: doc.current_version });
  }
}


type RecordParts = { parts: PinnedParts } | { failed: AppError };

/**
 * The pinned parts of a document as the case's record gives them now (generated afresh, without
 * reading the reporter into the facts), or why the record no longer yields this document; null for
 * a kind with no pinned parts. A kind the subject or an outside body reads was drafted redacted
 * (the reporter's identifying strings out of every part, issue 9): its record parts are redacted
 * the same way, so a decision whose reason names the reporter still agrees with its own notice.
 */
async function recordPartsNow(ctx: Ctx, q: Q, row: CaseRow, doc: DocumentTable): Promise<RecordParts | null> {
  const kind = doc.kind as DocumentKind;
  if (!isPinnedKind(kind)) return null;
  const facts = await loadCaseDocFacts(q, row, chinaDate(ctx.clock.now()), { reporter: false });
  try {
    const draft = generateDraft(kind, facts, { subjectId: doc.subject_person_id ?? undefined, evidenceId: doc.evidence_id ?? undefined });
    if (!draft.pinned) return null;
    const content = isGuarded(kind) ? redactContent(draft.content, await secretsOf(q, row.id)) : draft.content;
    return { parts: pinnedPartsOf(content, draft.pinned) };
  } catch (e) {
    if (e instanceof AppError) return { failed: e };
    throw e;
  }
}

/** the record a kind's pinned parts come from, named when the record no longer yields the document */
const recordOf = (kind: DocumentKind): Bi => (isPinnedKind(kind) ? PINNED_RECORDS[kind] : { zh: '案件记录', en: 'case record' });

/**
 * FL-5(4), FL-15: a version written (edited, or issued) agrees with the record in its pinned parts.
 * When `earlier` (the version it was made from) disagrees too, the record changed after drafting:
 * DOCUMENT_RECORD_CHANGED (draft anew); otherwise the edit changed the record's parts:
 * DOCUMENT_RECORD_PINNED, naming them.
 */
function assertAgreesWithRecord(kind: DocumentKind, now: RecordParts | null, content: DocumentContent, earlier: DocumentContent): void {
  if (!now) return;
  if ('failed' in now) throw recordChangedRefused(recordOf(kind), [], { zh: citationCodesToZh(now.failed.zh), en: now.failed.en });
  const off = pinnedMismatches(content, now.parts);
  if (!off.length) return;
  const before = pinnedMismatches(earlier, now.parts);
  throw before.length ? recordChangedRefused(now.parts.source, before) : pinnedEditRefused(now.parts, off);
}

/** The reporter's identifying strings, for redaction checks (the read is noted in the audit row). */
async function secretsOf(q: Q, caseId: string): Promise<string[]> {
  const r = await reporterIdentityOrUnknown(q, caseId);
  if (!r) return [];
  return reporterSecrets(r);
}

const isGuarded = (kind: DocumentKind): boolean => SUBJECT_READABLE_KINDS.includes(kind) || OUTSIDE_READABLE_KINDS.includes(kind);

// ---------------------------------------------------------------------------------------------
// Commands

/** POST /cases/:id/documents — a draft generated from the case (version 1). */
export async function createDraft(callerCtx: Ctx, caseId: string, raw: unknown): Promise<DocumentDetail> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'documents.draft');
  const input = parseInput(draftInputSchema, raw);
  const q = ctx.db.kysely;
  const { row, perspective } = await caseAccess(q, ctx.actor, caseId);
  if (!mayDraft(ctx.actor, perspective, input.kind)) throw forbidden(input.kind);
  await assertNotRecused(q, ctx, caseId, { zh: '起草公文', en: 'Draft a document' });

  if (input.supersedesId) {
    const old = await findDocumentOfCase(q, input.supersedesId, caseId);
    if (!old || old.kind !== input.kind) throw new AppError('VALIDATION_FAILED', { zh: 'supersedesId：本案无此种类的公文', en: 'supersedesId: no document of this kind in the case' });
    if (old.status !== 'issued') throw new AppError('PRECONDITION_FAILED', { zh: '只能更正已印发且未被更正的公文；草稿请直接修改', en: 'only an issued, not yet superseded document can be corrected; edit a draft instead' });
    input.subjectId ??= old.subject_person_id ?? undefined;
    if ((old.subject_person_id ?? undefined) !== input.subjectId) throw new AppError('VALIDATION_FAILED', { zh: 'subjectId：更正文件须针对同一人员', en: 'subjectId: a correction concerns the same person' });
  }

  const today = chinaDate(ctx.clock.now());
  const facts = await loadCaseDocFacts(q, row, today);
  const draft = generateDraft(input.kind, facts, { subjectId: input.subjectId, evidenceId: input.evidenceId, documentId: input.documentId });
  let content = draft.content;
  if (isGuarded(input.kind)) {
    const secrets = reporterSecrets(facts.reporter);
    content = redactContent(content, secrets);
    await assertContentRedacted(ctx, content, secrets, { caseId, check: 'document.draft', kind: input.kind });
  }
  const files = await renderBoth(ctx, content, draftMark(1));
  const now = nowIso(ctx);
  const docId = newId();
  await inTransaction(ctx.db, async (tx) => {
    const docxSha = await storeFile(ctx, tx, row, files.docx, DOCX_MIME, `${content.title}.docx`, now);
    const pdfSha = await storeFile(ctx, tx, row, files.pdf, PDF_MIME, `${content.title}.pdf`, now);
    await insertDocument(tx, {
        id: docId,
        case_id: caseId,
        kind: input.kind,
        subject_person_id: draft.subjectPersonId,
        evidence_id: draft.evidenceId,
        title: content.title,
        status: 'draft',
        current_version: 1,
        issued_version: null,
        doc_number: null,
        issued_on: null,
        issued_at: null,
        issued_by: null,
        issued_pdf_sha256: null,
        issued_docx_sha256: null,
        supersedes_id: input.supersedesId ?? null,
        superseded_by_id: null,
        served_document_id: draft.servedDocumentId ?? null,
        doc_number_clash: null,
        seal_sha256: null,
        signing_key_id: null,
        sm2_signature: null,
        created_by: ctx.actor.userId,
        created_at: now,
        updated_at: now,
    });
    await insertVersion(tx, { documentId: docId, caseId, source: row.source, number: 1, content, docxSha, pdfSha, note: '根据案件数据生成', actorId: ctx.actor.userId, now });
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.document.draft',
      entityType: 'case',
      entityId: caseId,
      after: {
        documentId: docId,
        kind: input.kind,
        citation: KIND_DEFS[input.kind].citation,
        subjectPersonId: draft.subjectPersonId,
        evidenceId: draft.evidenceId,
        supersedesId: input.supersedesId ?? null,
        version: 1,
        docxSha256: docxSha,
        pdfSha256: pdfSha,
        // The generator read the reporter record: to address the clerk-only kinds, or to redact the others.
        reporterRead: facts.reporter !== null,
      },
      at: now,
    });
  });
  return { ...(await documentDetail(ctx, docId)), warnings: draft.warnings };
}

/** The content of one stored version (opened from its seal for a report case). */
async function versionContent(q: Q, doc: DocumentTable, number: number): Promise<DocumentContent> {
  const v = await documentVersion(q, doc.id, number);
  if (!v) throw docNotFound();
  return requireContent(q, doc.case_id, v.content);
}

/** A new version; for a case from a report its content is sealed with the report's data key (sealed-content.ts). */
async function insertVersion(tx: Tx, v: { documentId: string; caseId: string; source: string; number: number; content: DocumentContent; docxSha: string; pdfSha: string; note: string | null; actorId: string; now: string }): Promise<void> {
  const row: DocumentVersionTable = {
    id: newId(),
    document_id: v.documentId,
    number: v.number,
    content: await storedContent(tx, v.caseId, v.source, v.content),
    docx_sha256: v.docxSha,
    pdf_sha256: v.pdfSha,
    note: v.note,
    created_by: v.actorId,
    created_at: v.now,
  };
  await insertDocumentVersion(tx, row);
}

/** PUT /documents/:docId — the edited content becomes a new version (optimistic: expectedVersion). */
export async function editDocument(callerCtx: Ctx, docId: string, raw: unknown): Promise<DocumentDetail> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForDocument(callerCtx, docId);
  authorize(ctx.actor, 'documents.draft');
  const input = parseInput(editInputSchema, raw);
  const { doc, access } = await readableDoc(ctx, docId);
  const kind = doc.kind as DocumentKind;
  if (!mayDraft(ctx.actor, access.perspective, kind)) throw forbidden(kind);
  await assertNotRecused(ctx.db.kysely, ctx, doc.case_id, { zh: '修改公文', en: 'Edit a document' });
  checkEditable(doc, input.expectedVersion);
  // the 发文字号 is the system's, given at issue; the title fits the kind
  assertDraftNumberAndTitle(kind, input.content);
  // Official text never carries the internal codes: a typed FL-6(4) is saved as its Chinese citation.
  const content = mapContentStrings(input.content, citationCodesToZh);
  // What a subject may read or the public sees never names the reporter (FL-7(7), FL-10(3)).
  // The check answers only the drafters of these kinds (clerks: src/policies/documents.ts); a refusal is audited.
  if (isGuarded(kind)) await assertContentRedacted(ctx, content, await secretsOf(ctx.db.kysely, doc.case_id), { caseId: doc.case_id, check: 'document.edit', documentId: docId, kind, version: doc.current_version + 1 });
  // FL-5(4), FL-15: what the minutes take from the meeting record is not edited (pinned.ts)
  const recordParts = await recordPartsNow(ctx, ctx.db.kysely, access.row, doc);
  if (recordParts) assertAgreesWithRecord(doc.kind as DocumentKind, recordParts, content, await versionContent(ctx.db.kysely, doc, doc.current_version));
  const number = doc.current_version + 1;
  const files = await renderBoth(ctx, content, draftMark(number));
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const locked = await lockDoc(tx, ctx.db.dialect, docId);
    checkEditable(locked, input.expectedVersion);
    const docxSha = await storeFile(ctx, tx, access.row, files.docx, DOCX_MIME, `${content.title}.docx`, now);
    const pdfSha = await storeFile(ctx, tx, access.row, files.pdf, PDF_MIME, `${content.title}.pdf`, now);
    await insertVersion(tx, { documentId: docId, caseId: doc.case_id, source: access.row.source, number, content, docxSha, pdfSha, note: input.note ?? null, actorId: ctx.actor.userId, now });
    await setCurrentVersion(tx, docId, number, content.title, now);
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.document.edit',
      entityType: 'case',
      entityId: doc.case_id,
      before: { documentId: docId, version: doc.current_version },
      after: { documentId: docId, kind, version: number, note: input.note ?? null, docxSha256: docxSha, pdfSha256: pdfSha },
      at: now,
    });
  });
  return documentDetail(ctx, docId);
}

/**
 * POST /documents/:docId/preview — the PDF of unsaved edits, with the draft mark (nothing stored,
 * nothing audited: the content is the drafter's own, not yet a version).
 */
export async function previewDocument(callerCtx: Ctx, docId: string, raw: unknown): Promise<Buffer> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForDocument(callerCtx, docId);
  authorize(ctx.actor, 'documents.draft');
  const input = parseInput(z.object({ content: documentContentSchema }), raw);
  const { doc, access } = await readableDoc(ctx, docId);
  const kind = doc.kind as DocumentKind;
  if (!mayDraft(ctx.actor, access.perspective, kind)) throw forbidden(kind);
  if (doc.status !== 'draft') checkEditable(doc, doc.current_version);
  assertDraftNumberAndTitle(kind, input.content);
  const content = mapContentStrings(input.content, citationCodesToZh);
  return renderPdf(content, { draftMark: `预览 · ${draftMark(doc.current_version + 1)}`, createdAt: ctx.clock.now() });
}

/**
 * 发文字号 from the kind's sequence of the case's organisation for the year (upsert: the row lock
 * serializes concurrent issues), passing over a number a document already carries (typed before
 * numbers were the system's alone, or a counter behind the documents after a restore). The unique
 * index on documents.doc_number (migration 0570) is the last word.
 */
async function nextDocNumber(tx: Tx, prefix: string, year: number): Promise<string> {
  for (let tries = 0; ; tries++) {
    const number = `${prefix}〔${year}〕${await nextDocumentNumber(tx, prefix, year)}号`;
    if (!(await documentNumberTaken(tx, number))) return number;
    if (tries > 10_000) throw new AppError('INTERNAL', { zh: `发文字号序列${prefix}〔${year}〕无可用编号`, en: `no free number left in the series ${prefix}〔${year}〕` });
  }
}

/**
 * 发文字号 and title as a draft may carry them (GB/T 9704-2012 §7.2.4: the number is the organ's).
 * A draft never carries a number: a numbered kind is numbered at issue from its series (the
 * public check then vouches only for numbers the system gave), an unnumbered kind has none; a
 * number typed into an edit or a preview is refused, never kept. The title fits the kind
 * (kinds.ts#titleFormProblem): no other kind is titled as a 处理决定书, 会议纪要 or 立案审批表.
 */
function assertDraftNumberAndTitle(kind: DocumentKind, content: DocumentContent): void {
  if (content.docNumber !== null) {
    const numbered = KIND_DEFS[kind].numberPrefix !== null;
    throw new AppError(
      'DOCUMENT_NUMBER_ASSIGNED',
      numbered
        ? { zh: `${KIND_DEFS[kind].zh}的发文字号由系统在印发时按本单位该类公文的序列编排，不得填写（请将发文字号留空）`, en: `the number of a ${KIND_DEFS[kind].en} is assigned at issue from the organisation’s series; leave it empty` }
        : { zh: `${KIND_DEFS[kind].zh}不编发文字号（请将发文字号留空）`, en: `a ${KIND_DEFS[kind].en} carries no document number; leave it empty` },
      { field: 'content.docNumber', typed: content.docNumber },
    );
  }
  const title = titleFormProblem(kind, content.title);
  if (title) throw new AppError('DOCUMENT_TITLE_FORM', title, { field: 'content.title' });
}

const issuedOnError = (zh: string, en: string): AppError => validationError([{ code: 'custom', path: ['issuedOn'], message: `${zh} / ${en}` }]);

function blanksIn(c: DocumentContent): string[] {
  return contentStrings(c)
    .flatMap((s) => s.match(/【待填写：[^】]*】/g) ?? [])
    .filter((s) => s.startsWith(BLANK_OPEN));
}

/**
 * POST /documents/:docId/issue — freezes the latest version: assigns the 发文字号 from the kind's
 * series of the case's organisation if the kind is numbered (never a typed one), fills the 印发日期, renders the final DOCX/PDF without the draft
 * mark and stores them by hash. A superseded document is marked when its correction is issued.
 */
export async function issueDocument(callerCtx: Ctx, docId: string, raw: unknown): Promise<DocumentDetail> {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForDocument(callerCtx, docId);
  authorize(ctx.actor, 'documents.issue');
  const input = parseInput(issueInputSchema, raw);
  const { doc, access } = await readableDoc(ctx, docId);
  if (access.perspective !== 'full') throw docNotFound();
  await assertNotRecused(ctx.db.kysely, ctx, doc.case_id, { zh: '印发公文', en: 'Issue a document' });
  checkEditable(doc, input.expectedVersion);
  const kind = doc.kind as DocumentKind;
  const latest = await documentVersion(ctx.db.kysely, docId, doc.current_version);
  if (!latest) throw docNotFound();
  const content = await requireContent(ctx.db.kysely, doc.case_id, latest.content);
  const blanks = blanksIn(content);
  if (blanks.length) {
    throw new AppError('PRECONDITION_FAILED', { zh: `公文中仍有待填写的内容：${[...new Set(blanks)].join('、')}`, en: `the document still has blanks to fill: ${blanks.length}` }, { blanks });
  }
  if (isGuarded(kind)) await assertContentRedacted(ctx, content, await secretsOf(ctx.db.kysely, doc.case_id), { caseId: doc.case_id, check: 'document.issue', documentId: docId, kind, version: doc.current_version });
  // a draft saved before titles were checked: its title still fits its kind (a number typed then is replaced below)
  const titleProblem = titleFormProblem(kind, content.title);
  if (titleProblem) throw new AppError('DOCUMENT_TITLE_FORM', titleProblem, { field: 'content.title' });
  const issuedOn = input.issuedOn ?? chinaDate(ctx.clock.now());
  // the 印发日期 gives the number its year (〔2025〕): never a day to come, never before the case began
  // (found by a red-team walk: a typed 1999 put a notice into another year's series)
  if (issuedOn > chinaDate(ctx.clock.now())) throw issuedOnError('印发日期不能晚于今天', 'the date of issue cannot be after today');
  if (issuedOn < access.row.received_on) throw issuedOnError('印发日期不能早于本案收到线索的日期', 'the date of issue cannot precede the day the case was received');
  const now = nowIso(ctx);
  // issue 11: 发文字号 with the prefix of the case's organisation (巴住建问 + the kind's suffix)
  const prefix = documentNumberPrefix(KIND_DEFS[kind].numberPrefix, await caseDocumentPrefix(ctx.db.kysely, doc.case_id));
  // issue 11, GB/T 9704: the issuing organ's own seal and certificate — the case's organisation's (0610)
  const orgId = (await caseOrgId(ctx.db.kysely, doc.case_id)) ?? DEFAULT_ORG_ID;
  const seal = await activeSealImage(ctx, orgId);
  const guomi = await guomiEnabled(ctx.db.kysely);

  await inTransaction(ctx.db, async (tx) => {
    const locked = await lockDoc(tx, ctx.db.dialect, docId);
    checkEditable(locked, input.expectedVersion);
    // FL-5(4), FL-15: minutes agree with the meeting record as it stands at issue — checked under the
    // case's lock, so no step changes the decision in force meanwhile (pinned.ts)
    if (isPinnedKind(kind)) {
      const row = (await lockCase(tx, locked.case_id)) ?? access.row;
      assertAgreesWithRecord(locked.kind as DocumentKind, await recordPartsNow(ctx, tx, row, locked), content, await versionContent(tx, locked, 1));
    }
    // GB/T 9704-2012 §7.2.4: the number is the organisation's own, from the kind's series — never
    // a typed one (a draft saved before this rule may hold one: it is replaced, not kept)
    const docNumber = prefix ? await nextDocNumber(tx, prefix, Number(issuedOn.slice(0, 4))) : null;
    let final = content;
    if (final.docNumber !== docNumber) final = { ...final, docNumber };
    if (final.printing && !final.printing.date) final = { ...final, printing: { ...final.printing, date: issuedOn } };
    const changed = final !== content;
    const number = changed ? locked.current_version + 1 : locked.current_version;
    // Rendered inside the transaction: the number is only known here. Issue is rare; correctness first.
    // The seal goes over the 落款; the PDF is then signed (PAdES) by the organisation's certificate,
    // and with the 国密 option an SM2 signature of its hash is recorded alongside (signing.ts).
    const files = await renderBoth(ctx, final, null, seal?.image ?? null);
    const { key, created: keyCreated } = await ensureSigningKey(tx, orgId, ctx.clock.now(), ctx.actor.userId);
    if (keyCreated) {
      await appendAudit(tx, { actorId: ctx.actor.userId, action: 'documents.signing_key.create', entityType: 'document_signing_key', entityId: key.id, orgId, after: { orgId, certificateSha256: key.certificate_sha256, subject: key.subject, notAfter: key.not_after, sm2PublicKey: key.sm2_public_hex, reason: 'first issue' }, at: now });
    }
    const signedPdf = await signPdf(files.pdf, key, { reason: `${KIND_DEFS[kind].zh}${final.docNumber ? ` ${final.docNumber}` : ''}`, signingTime: ctx.clock.now() });
    const docxSha = await storeFile(ctx, tx, access.row, files.docx, DOCX_MIME, `${final.title}.docx`, now);
    const pdfSha = await storeFile(ctx, tx, access.row, signedPdf, PDF_MIME, `${final.title}.pdf`, now);
    const sm2Signature = guomi ? sm2Sign(pdfSha, key) : null;
    if (changed) await insertVersion(tx, { documentId: docId, caseId: locked.case_id, source: access.row.source, number, content: final, docxSha, pdfSha, note: '印发：编号并填写印发日期', actorId: ctx.actor.userId, now });
    await markIssued(tx, docId, {
        current_version: number,
        issued_version: number,
        doc_number: final.docNumber,
        issued_on: issuedOn,
        issued_at: now,
        issued_by: ctx.actor.userId,
        issued_pdf_sha256: pdfSha,
        issued_docx_sha256: docxSha,
        title: final.title,
        updated_at: now,
        seal_sha256: seal?.sha256 ?? null,
        signing_key_id: key.id,
        sm2_signature: sm2Signature,
    });
    if (locked.supersedes_id) await markSuperseded(tx, locked.supersedes_id, docId, now);
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.document.issue',
      entityType: 'case',
      entityId: locked.case_id,
      after: { documentId: docId, kind, version: number, docNumber: final.docNumber, issuedOn, pdfSha256: pdfSha, docxSha256: docxSha, supersedesId: locked.supersedes_id, sealSha256: seal?.sha256 ?? null, signingKeyId: key.id, certificateSha256: key.certificate_sha256, sm2Signed: sm2Signature !== null },
      at: now,
    });
  });
  return documentDetail(ctx, docId);
}

// ---------------------------------------------------------------------------------------------
// Queries

async function summarize(q: Q, actor: Actor, perspective: Perspective, docs: DocumentTable[]): Promise<DocumentSummary[]> {
  const ids = [...new Set(docs.map((d) => d.subject_person_id).filter((x): x is string => Boolean(x)))];
  const names = await personNames(q, ids);
  return docs.map((d) => {
    const def = KIND_DEFS[d.kind as DocumentKind];
    return {
      id: d.id,
      caseId: d.case_id,
      kind: d.kind as DocumentKind,
      kindLabelZh: def.zh,
      kindLabelEn: def.en,
      citation: def.citation,
      subject: d.subject_person_id ? { personId: d.subject_person_id, name: names.get(d.subject_person_id) ?? d.subject_person_id } : null,
      evidenceId: perspective === 'full' ? d.evidence_id : null,
      title: d.title,
      status: d.status as DocumentSummary['status'],
      currentVersion: perspective === 'full' ? d.current_version : (d.issued_version ?? 0),
      issuedVersion: d.issued_version,
      docNumber: d.doc_number,
      issuedOn: d.issued_on,
      issuedAt: d.issued_at,
      supersedesId: d.supersedes_id,
      supersededById: d.superseded_by_id,
      createdAt: d.created_at,
      updatedAt: d.updated_at,
      allowedActions: actionsFor(actor, perspective, d),
    };
  });
}

export interface DraftableKind {
  kind: DocumentKind;
  zh: string;
  en: string;
  citation: string;
  perSubject: boolean;
  /** whether the case has what this kind needs now */
  available: boolean;
  /** why not, naming the article (when not available) */
  reason: { zh: string; en: string } | null;
  /** per-subject kinds: the subjects it can be drafted for */
  subjects: { personId: string; name: string }[];
}

/** The kinds the actor may draft, each tried against the case's data (the generators are pure). */
async function draftableKinds(ctx: Ctx, row: CaseRow, perspective: Perspective): Promise<DraftableKind[]> {
  const kinds = DOCUMENT_KINDS.filter((k) => mayDraft(ctx.actor, perspective, k));
  if (!kinds.length) return [];
  const facts = await loadCaseDocFacts(ctx.db.kysely, row, chinaDate(ctx.clock.now()));
  const candidates = [...new Set([...facts.subjectIds, ...(facts.decision?.items.map((i) => i.subjectPersonId) ?? [])])];
  const attempt = (kind: DocumentKind, subjectId?: string): { zh: string; en: string } | null => {
    try {
      generateDraft(kind, facts, { subjectId });
      return null;
    } catch (e) {
      if (e instanceof AppError) return { zh: citationCodesToZh(e.zh), en: e.en };
      throw e;
    }
  };
  return kinds.map((kind) => {
    const def = KIND_DEFS[kind];
    let reason: { zh: string; en: string } | null;
    let subjects: { personId: string; name: string }[] = [];
    if (def.perSubject) {
      const tried = candidates.map((id) => ({ id, why: attempt(kind, id) }));
      subjects = tried.filter((x) => !x.why).map((x) => ({ personId: x.id, name: facts.people.get(x.id)?.name ?? x.id }));
      reason = subjects.length ? null : (tried[0]?.why ?? { zh: '本案尚无被调查人', en: 'the case has no subject yet' });
    } else {
      reason = attempt(kind);
    }
    return { kind, zh: def.zh, en: def.en, citation: def.citation, perSubject: def.perSubject, available: reason === null, reason, subjects };
  });
}

/** GET /cases/:id/documents — the documents the actor may read, and the kinds they may draft now. */
export async function listDocuments(ctx: Ctx, caseId: string): Promise<{ items: DocumentSummary[]; draftableKinds: DraftableKind[] }> {
  authorize(ctx.actor, 'documents.read');
  const q = ctx.db.kysely;
  const { row, perspective } = await caseAccess(q, ctx.actor, caseId);
  const readable = (await documentsOfCase(q, caseId)).filter((d) => mayRead(ctx.actor, perspective, d));
  // (those naming the reporter are left out for someone who must stand aside: readableDoc)
  const aside = readable.some((d) => KIND_DEFS[d.kind as DocumentKind]?.reporterSensitive) && (await mustStandAside(q, ctx, caseId));
  const docs = aside ? readable.filter((d) => !KIND_DEFS[d.kind as DocumentKind]?.reporterSensitive) : readable;
  const out = { items: await summarize(q, ctx.actor, perspective, docs), draftableKinds: await draftableKinds(ctx, row, perspective) };
  await auditRead(ctx, { action: 'case.documents.list', entityType: 'case', entityId: caseId });
  return out;
}

/**
 * GET /documents/:docId — the document with its versions (a subject: the issued version only).
 * The kinds addressed to the reporter carry their identity: every read of them is audited, like
 * the reporter endpoint of the case service.
 */
export async function getDocument(ctx: Ctx, docId: string): Promise<DocumentDetail> {
  authorizeRead(ctx.actor);
  const detail = await documentDetail(ctx, docId);
  // Every read is on the record (等保2.0 安全审计), not only the kinds that carry the reporter's identity.
  await auditRead(ctx, { action: 'case.document.read', entityType: 'case', entityId: detail.caseId, details: { documentId: docId, kind: detail.kind } });
  return detail;
}

/** The detail without the read audit: for the writer, who just recorded the write itself. */
async function documentDetail(ctx: Ctx, docId: string): Promise<DocumentDetail> {
  const q = ctx.db.kysely;
  const { doc, access } = await readableDoc(ctx, docId);
  const [summary] = await summarize(q, ctx.actor, access.perspective, [doc]);
  let versions = await versionsOfDocument(q, docId);
  if (access.perspective !== 'full') versions = versions.filter((v) => v.number === doc.issued_version);
  const servicesOf = doc.kind === 'service_receipt' ? doc.served_document_id : SERVABLE_KINDS.includes(doc.kind as DocumentKind) ? doc.id : null;
  return {
    ...summary!,
    issuedPdfSha256: doc.issued_pdf_sha256,
    seal: doc.status === 'draft' ? null : { sealSha256: doc.seal_sha256, signed: doc.signing_key_id !== null, sm2Signed: doc.sm2_signature !== null },
    servedDocumentId: doc.served_document_id,
    services: servicesOf && access.perspective === 'full' ? await serviceRecordsOf(q, servicesOf) : [],
    versions: await Promise.all(versions.map(async (v) => ({
      number: v.number,
      content: await readContent(q, doc.case_id, v.content),
      docxSha256: v.number === doc.issued_version ? (doc.issued_docx_sha256 ?? v.docx_sha256) : v.docx_sha256,
      pdfSha256: v.number === doc.issued_version ? (doc.issued_pdf_sha256 ?? v.pdf_sha256) : v.pdf_sha256,
      note: access.perspective === 'full' ? v.note : null,
      createdBy: access.perspective === 'full' ? v.created_by : null,
      createdAt: v.created_at,
    }))),
    warnings: [],
    pinned: doc.status === 'draft' && access.perspective === 'full' ? await pinnedOfDraft(ctx, access.row, doc) : null,
  };
}

/** For the editor: which parts of a draft come from the record, and whether it still agrees with it. */
async function pinnedOfDraft(ctx: Ctx, row: CaseRow, doc: DocumentTable): Promise<DocumentDetail['pinned']> {
  const now = await recordPartsNow(ctx, ctx.db.kysely, row, doc);
  if (!now) return null;
  if ('failed' in now) return { source: recordOf(doc.kind as DocumentKind), fields: [], paragraphs: [], stale: true };
  const latest = await versionContent(ctx.db.kysely, doc, doc.current_version);
  return { source: now.parts.source, fields: now.parts.fields.map((f) => f.label), paragraphs: pinnedPlaces(latest, now.parts), stale: pinnedMismatches(latest, now.parts).length > 0 };
}

export type FileFormat = 'docx' | 'pdf';

/** GET /documents/:docId/versions/:n.(docx|pdf) — the stored file, checked against its hash. */
export async function downloadVersion(ctx: Ctx, docId: string, number: number, format: FileFormat): Promise<{ content: Buffer; fileName: string; mimeType: string; sha256: string }> {
  authorizeRead(ctx.actor);
  const { doc, access } = await readableDoc(ctx, docId);
  if (access.perspective !== 'full' && number !== doc.issued_version) throw docNotFound();
  const v = await documentVersion(ctx.db.kysely, docId, number);
  if (!v) throw new AppError('NOT_FOUND', { zh: `无第${number}版`, en: `no version ${number}` });
  const issued = number === doc.issued_version;
  const sha = format === 'pdf' ? (issued ? doc.issued_pdf_sha256 ?? v.pdf_sha256 : v.pdf_sha256) : issued ? (doc.issued_docx_sha256 ?? v.docx_sha256) : v.docx_sha256;
  // opened from its sealed blob for a report case (sealed-files.ts), checked against the hash either way
  const content = await readDocumentFile(ctx, sha);
  if (!content) {
    throw new AppError('INTERNAL', { zh: '公文文件缺失或与登记的哈希不符', en: 'the document file is missing or does not match its recorded hash' });
  }
  // Every download is on the record (等保2.0 安全审计), not only the files that carry the reporter's identity.
  await auditRead(ctx, { action: 'case.document.download', entityType: 'case', entityId: doc.case_id, details: { documentId: docId, version: number, format, sha256: sha } });
  const title = (await readContent(ctx.db.kysely, doc.case_id, v.content)).title;
  const stem = issued ? `${doc.doc_number ? `${doc.doc_number} ` : ''}${title}` : `${title}（草稿第${number}版）`;
  return { content, fileName: `${stem}.${format}`, mimeType: format === 'pdf' ? PDF_MIME : DOCX_MIME, sha256: sha };
}
