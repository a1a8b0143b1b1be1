// The case area's rows as the services use them: decoded once here (JSON text parsed, 0/1 turned
// into booleans, the real unions of the text columns), so no service parses a column again.
import type { CaseSource, CaseState, Channel, Track } from '../../domain/cases';
import type { CaseTable } from '../../db/tables/cases';

/** JSON text read from the database; decoded with `parseJson`. */
export const parseJson = <T>(s: string | null | undefined, fallback: T): T => {
  if (s === null || s === undefined || s === '') return fallback;
  return JSON.parse(s) as T;
};

/** 0/1 (SQLite integers, PostgreSQL integers) or a JSON boolean to a boolean. */
export const flag = (v: unknown): boolean => v === true || Number(v) === 1;

/** The raw `cases` row (kept for writers and the many callers that still read it). */
export type CaseRow = CaseTable;

/** The `cases` row decoded. */
export interface CaseRecord {
  id: string;
  number: string;
  year: number;
  seq: number;
  state: CaseState;
  tracks: Track[];
  source: CaseSource;
  channel: Channel | null;
  summary: string;
  receivedOn: string;
  wc5Item: number | null;
  wc5ReferenceNo: string | null;
  wc5ReferenceDate: string | null;
  originalCaseId: string | null;
  acceptedOn: string | null;
  registeredOn: string | null;
  investigationStartedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  endReason: string | null;
  /** WC-5: null until the findings' determination is submitted */
  wrongCase: boolean | null;
  wrongCaseWc5Item: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function decodeCase(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    number: r.number,
    year: Number(r.year),
    seq: Number(r.seq),
    state: r.state as CaseState,
    tracks: parseJson<Track[]>(r.tracks, []),
    source: r.source as CaseSource,
    channel: r.channel as Channel | null,
    summary: r.summary,
    receivedOn: r.received_on,
    wc5Item: r.wc5_item === null ? null : Number(r.wc5_item),
    wc5ReferenceNo: r.wc5_reference_no,
    wc5ReferenceDate: r.wc5_reference_date,
    originalCaseId: r.original_case_id,
    acceptedOn: r.accepted_on,
    registeredOn: r.registered_on,
    investigationStartedOn: r.investigation_started_on,
    decidedOn: r.decided_on,
    closedOn: r.closed_on,
    endReason: r.end_reason,
    wrongCase: r.wrong_case === null ? null : flag(r.wrong_case),
    wrongCaseWc5Item: r.wrong_case_wc5_item === null ? null : Number(r.wrong_case_wc5_item),
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface SubjectRecord {
  id: string;
  personId: string;
  unitId: string | null;
  addedAt: string;
}

export interface TeamMemberRecord {
  userId: string;
  displayName: string;
  personId: string | null;
  personName: string | null;
  lead: boolean;
  appointedOn: string;
  createdAt: string;
}

export interface FindingRecord<D = Record<string, unknown>> {
  id: string;
  subjectPersonId: string;
  data: D;
  supersedesId: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export type DecisionStatus = 'in_force' | 'superseded';
export type DecisionOrigin = 'meeting' | 'appeal';

export interface DecisionRecord {
  id: string;
  seq: number;
  status: DecisionStatus;
  origin: DecisionOrigin;
  supersedesId: string | null;
  appealId: string | null;
  /** JSON: { date, chair, attendees: [{ name, opinion }], minutes, … } */
  meeting: Record<string, unknown>;
  decidedOn: string;
  ruleEvaluationId: string | null;
}

export interface DecisionItemRecord {
  id: string;
  decisionId: string;
  subjectPersonId: string;
  noAccountability: boolean;
  forms: string[];
  departedForms: string[];
  departureReason: string | null;
  transferJudicial: boolean;
  transferDiscipline: boolean;
  compensationFen: number | null;
  reason: string | null;
  /** WC-11: the day this subject's execution of the decision started (null: not yet) */
  executionStartedOn: string | null;
}

export interface NotificationRecord {
  id: string;
  decisionId: string;
  subjectPersonId: string;
  notifiedOn: string;
  method: string;
  rightsText: string;
  /** WC-11: the subject waived the defence in writing at service (migration 0560) */
  defenceWaived: boolean;
  /** where the waiver is written (e.g. the 送达回证) */
  waiverNote: string | null;
}

export type AppealOutcome = 'pending' | 'upheld' | 'changed' | 'revoked';

export interface AppealRecord {
  id: string;
  decisionId: string;
  subjectPersonId: string;
  kind: 'defence' | 'appeal';
  appealBody: string | null;
  filedOn: string;
  statement: string;
  outcome: AppealOutcome;
  outcomeOn: string | null;
  outcomeReason: string | null;
  newDecisionId: string | null;
  filedAt: string;
}

export interface ReferralRecord {
  appealId: string;
  body: string;
  bodyName: string;
  letterNo: string;
  letterDocumentId: string | null;
  sentOn: string;
  outcome: AppealOutcome;
  outcomeOn: string | null;
  outcomeReason: string | null;
  outcomeForms: string[] | null;
  /** FL-13: the amount to recover the body decided when it changed the decision (fen); null: unchanged */
  outcomeCompensationFen?: number | null;
  executedOn: string | null;
}

export type ExecutionItemStatus = 'open' | 'done' | 'cancelled' | 'reversed';

export interface ExecutionItemRecord {
  id: string;
  decisionId: string;
  subjectPersonId: string;
  kind: string;
  citation: string;
  year: number | null;
  unitId: string | null;
  amountFen: number | null;
  status: ExecutionItemStatus;
  doneOn: string | null;
  result: Record<string, unknown> | null;
}

export interface PaymentRecord {
  id: string;
  executionItemId: string;
  amountFen: number;
  paidOn: string;
  note: string | null;
}

export interface EvidenceRecord {
  id: string;
  kind: string;
  title: string;
  source: string;
  collectedOn: string;
  description: string | null;
  /** the text itself with the documents part only */
  textContent: string | null;
  hasText: boolean;
  file: { sha256: string; name: string; size: number; mimeType: string } | null;
  supersedesId: string | null;
  correctionReason: string | null;
  recordedBy: string | null;
  recordedByName: string | null;
  recordedAt: string;
  disclosable: boolean;
  sourcePersonId: string | null;
  /** a team investigator's pending request to disclose it (FL-7(7), WC-11: a clerk decides) */
  disclosureRequestedBy: string | null;
  disclosureRequestedAt: string | null;
  /** the clerk who disclosed it, the reporter check run over its texts and file name; null: disclosed before that (migration 0575) or not disclosed */
  disclosedBy: string | null;
}

/**
 * An evidence row (its JSON object from the case aggregate or the evidence page) decoded: one
 * decoder for both, so the list and the page cannot drift apart. `textContent` is the text itself
 * when the statement read it (the documents part), else null.
 */
export function evidenceRecordOf(e: Record<string, unknown>): EvidenceRecord {
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
  return {
    id: e.id as string,
    kind: e.kind as string,
    title: e.title as string,
    source: e.source as string,
    collectedOn: e.collected_on as string,
    description: str(e.description),
    textContent: str(e.text_content),
    hasText: flag(e.has_text),
    file: e.file_sha256
      ? { sha256: e.file_sha256 as string, name: str(e.file_name) ?? '', size: e.file_size === null || e.file_size === undefined ? 0 : Number(e.file_size), mimeType: str(e.mime_type) ?? 'application/octet-stream' }
      : null,
    supersedesId: str(e.supersedes_id),
    correctionReason: str(e.correction_reason),
    recordedBy: str(e.recorded_by),
    recordedByName: str(e.recorded_by_name),
    recordedAt: e.recorded_at as string,
    disclosable: flag(e.disclosable),
    sourcePersonId: str(e.source_person_id),
    disclosureRequestedBy: str(e.disclosure_requested_by),
    disclosureRequestedAt: str(e.disclosure_requested_at),
    disclosedBy: str(e.disclosed_by),
  };
}

export interface DeadlineRecord {
  kind: string;
  citation: string;
  startDate: string;
  dueDate: string;
  dayKind: string;
  metOn: string | null;
}

export interface ReplyRecord {
  kind: string;
  text: string;
  repliedOn: string;
}

/** Whether the case has a reporter, and whether anonymous: the identity itself is sealed (issue 9). */
export interface ReporterRecord {
  anonymous: boolean;
}

export interface StepRecord {
  action: string;
  data: Record<string, unknown>;
  at: string;
}

export interface EvaluationRecord {
  id: string;
  evaluatedAt: string;
  packId: string;
  packVersion: string;
  packHash: string;
  /** the recommendation's status (always); the whole output only when the documents part was loaded */
  status: string;
  output: unknown;
  /** findings were recorded after this receipt (order of the audit chain, not timestamps) */
  stale: boolean;
}
