// Investigation (WC-9(2)): evidence, findings per subject, submission of the findings.
// Evidence is never edited (tampering with original materials is itself aggravating, FL-10(2)):
// a correction is a new item that names the one it supersedes; both are kept.
import { chinaDate } from '../../lib/clock';
import { evidenceNamesReporter, reporterSecrets } from '../documents/redact';
import { reporterIdentityOrUnknown } from '../reporter/identity-repo';
import { RedactionRefused } from '../reporter/redaction-refusal';
import { EVIDENCE_FILE_NAME_MAX, type ActionInput } from '../../domain/cases';
import { decidesEvidenceDisclosure } from '../../policies/cases';
import type { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { validationError } from '../../lib/validation';
import type { StepHandler } from './step-types';
import { indexEvidence } from './search';
import { currentFindings } from '../../repositories/cases/case-repo';
import { evidenceOfCase, insertEvidence, insertFinding, insertStoredFileIfAbsent, isEvidenceSuperseded } from '../../repositories/cases/evidence-repo';

const field = (path: string, zh: string, en: string): AppError => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);

/** The texts of an evidence item compared with the reporter's identity before the subject sees it. */
export const EVIDENCE_CHECKED_FIELDS = ['title', 'source', 'description', 'textContent', 'fileName'] as const;

const recordEvidence: StepHandler = async (s) => {
  const i = s.input as ActionInput<'EvidenceInput'>;
  // WC-9(2): during the investigation the subject may hand in statements and materials. Not on
  // the team → the subject's own statement: kind 'statement', the subject as its source, no
  // corrections of the file's evidence, no disclosure flag of their own.
  const bySubject = !s.facts.teamUserIds.includes(s.ctx.actor.userId);
  let sourcePersonId: string | null = null;
  if (bySubject) {
    if (i.kind !== 'statement') throw field('kind', '被调查人只能提交陈述或材料（WC-9(2)）', 'a subject hands in statements and materials only (WC-9(2))');
    if (i.supersedesId) throw field('supersedesId', '被调查人不能更正调查证据', 'a subject cannot correct the investigation’s evidence');
    sourcePersonId = s.ctx.actor.personId;
  }
  if (i.supersedesId) {
    if (!(await evidenceOfCase(s.tx, s.row.id, i.supersedesId))) throw field('supersedesId', '本案无此证据', 'no such evidence in this case');
    if (await isEvidenceSuperseded(s.tx, i.supersedesId)) throw field('supersedesId', '该证据已被更正，请更正其最新版本', 'that evidence was already corrected; correct its latest version');
    if (!i.correctionReason) throw field('correctionReason', '更正证据须说明理由', 'a correction needs its reason');
  }
  if (!s.file && !i.textContent && !i.description) throw field('file', '证据须附文件或文字内容', 'evidence needs a file or its text');
  if (s.file && [...s.file.filename].length > EVIDENCE_FILE_NAME_MAX) {
    throw field('file', `文件名不得超过 ${EVIDENCE_FILE_NAME_MAX} 个字符`, `the file name may not be longer than ${EVIDENCE_FILE_NAME_MAX} characters`);
  }
  if (s.file) {
    // Content-addressed and idempotent: concurrent uploads of the same bytes all succeed.
    await insertStoredFileIfAbsent(s.tx, { sha256: s.file.sha256, size: s.file.size, mimeType: s.file.mimeType, name: s.file.filename, at: s.now });
  }
  // WC-11, FL-7(7), FL-10(3): evidence reaches the subject only on a legal-affairs clerk's decision,
  // the reporter-identity check run for the clerk over every text of it, its file name too. A team
  // investigator's "disclose" is a request: stored undisclosed, the request pending, the same answer
  // whatever the text (an answer that depended on it told him the identity he was not granted).
  const wantsDisclosure = !bySubject && Boolean(i.disclosable);
  const clerkDiscloses = wantsDisclosure && decidesEvidenceDisclosure(s.ctx.actor);
  if (clerkDiscloses && evidenceNamesReporter([i.title, i.source, i.description, i.textContent, s.file?.filename], reporterSecrets(await reporterIdentityOrUnknown(s.tx, s.row.id)))) {
    throw new RedactionRefused({ caseId: s.row.id, check: 'evidence.record', kind: i.kind, fields: EVIDENCE_CHECKED_FIELDS });
  }
  const requested = wantsDisclosure && !clerkDiscloses;
  const id = newId();
  await insertEvidence(s.tx, {
    id,
    case_id: s.row.id,
    kind: i.kind,
    title: i.title,
    source: i.source,
    collected_on: i.collectedOn,
    description: i.description ?? null,
    text_content: i.textContent ?? null,
    file_sha256: s.file?.sha256 ?? null,
    file_name: s.file?.filename ?? null,
    file_size: s.file?.size ?? null,
    mime_type: s.file?.mimeType ?? null,
    supersedes_id: i.supersedesId ?? null,
    correction_reason: i.correctionReason ?? null,
    recorded_by: s.ctx.actor.userId,
    recorded_at: s.now,
    disclosable: clerkDiscloses ? 1 : 0,
    source_person_id: sourcePersonId,
    disclosure_requested_by: requested ? s.ctx.actor.userId : null,
    disclosure_requested_at: requested ? s.now : null,
    disclosed_by: clerkDiscloses ? s.ctx.actor.userId : null,
    disclosed_at: clerkDiscloses ? s.now : null,
  });
  await indexEvidence(s.tx, s.ctx.db.dialect, { id, caseId: s.row.id, title: i.title, source: i.source, description: i.description ?? null, text: i.textContent ?? null });
  return {
    data: { evidenceId: id, kind: i.kind, title: i.title, source: i.source, collectedOn: i.collectedOn, sha256: s.file?.sha256 ?? null, supersedesId: i.supersedesId ?? null, disclosable: clerkDiscloses, disclosureRequested: requested, bySubject },
    created: { kind: 'evidence', id },
  };
};

const recordFinding: StepHandler = async (s) => {
  const i = s.input as ActionInput<'FindingInput'>;
  if (!s.facts.subjectPersonIds.includes(i.subjectPersonId)) throw field('subjectPersonId', '此人不是本案被调查人', 'this person is not a subject of the case');
  // Each fault must belong to a track the case runs: FL-7 for the fault track, WC-6 for the wrong-case track.
  const bad = i.faults.findIndex((f) => !s.facts.tracks.includes(f.startsWith('FL-') ? 'FL' : 'WC'));
  if (bad >= 0) throw validationError([{ code: 'custom', path: ['faults', bad], message: `本案未适用 ${i.faults[bad]!.slice(0, 2)} 办法 / the case does not run the ${i.faults[bad]!.slice(0, 2)} track` }]);
  const badC = i.circumstances.findIndex((c) => !s.facts.tracks.includes(c.startsWith('FL-') ? 'FL' : 'WC'));
  if (badC >= 0) throw validationError([{ code: 'custom', path: ['circumstances', badC], message: `本案未适用 ${i.circumstances[badC]!.slice(0, 2)} 办法 / the case does not run the ${i.circumstances[badC]!.slice(0, 2)} track` }]);
  if (i.culpability !== 'none' && i.faults.length === 0) throw field('faults', '认定有过错须列明 FL-7 / WC-6 条目', 'a fault needs its FL-7 / WC-6 items');
  // the conduct date chooses the rule pack in force (FL-17 自印发之日起施行): a conduct not yet happened is no finding
  if (i.conductDate && i.conductDate > chinaDate(new Date(s.now))) throw field('conductDate', '行为日期不能晚于今天', 'the conduct date cannot be after today');
  // the subject's current finding (none superseding it), which the new one supersedes
  const prev = (await currentFindings(s.tx, s.row.id)).find((f) => f.subject_person_id === i.subjectPersonId);
  const id = newId();
  const { expectedVersion: _v, ...data } = i;
  await insertFinding(s.tx, { id, caseId: s.row.id, subjectPersonId: i.subjectPersonId, data, supersedesId: prev?.id ?? null, recordedBy: s.ctx.actor.userId, recordedAt: s.now });
  return { data: { findingId: id, subjectPersonId: i.subjectPersonId, supersedesId: prev?.id ?? null }, created: { kind: 'finding', id } };
};

const submitFindings: StepHandler = async (s) => {
  const i = s.input as ActionInput<'SubmitFindingsInput'>;
  // WC-9(3): 认定错案性质、责任人 — the wrong-case track needs the WC-5 determination.
  if (s.facts.tracks.includes('WC') && !i.wrongCase) throw field('wrongCase', '错案倒查须认定是否属于错案（WC-5）', 'the wrong-case track needs the WC-5 determination');
  return {
    patch: i.wrongCase ? { wrong_case: i.wrongCase.isWrongCase ? 1 : 0, wrong_case_wc5_item: i.wrongCase.wc5Item ?? null } : {},
    data: { submittedOn: i.submittedOn, summary: i.summary, wrongCase: i.wrongCase ?? null },
  };
};

const returnForInvestigation: StepHandler = async (s) => {
  const i = s.input as ActionInput<'ReturnInput'>;
  return { data: { reason: i.reason } };
};

export const INVESTIGATION_STEPS = {
  record_evidence: recordEvidence,
  record_finding: recordFinding,
  submit_findings: submitFindings,
  return_for_investigation: returnForInvestigation,
};
