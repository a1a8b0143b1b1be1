// Everything a document may draw on, read once from the case, the registers and the rules
// receipts (read-only; the generators are pure functions of this). The reporter's identity is
// loaded here for two uses only: addressing the clerk-only kinds (receipt, reply), and redacting
// every other kind against it. The read is recorded in the draft's audit row.
import type { ActionInput } from '../../domain/cases';
import type { Recommendation } from '../../rules';
import { peopleByIds, type PersonRef } from '../cases/registers-adapter';
import type { CaseRow, Q } from '../cases/repo';
import { loadCaseAggregate } from '../../repositories/cases/case-aggregate';
import { issuedDocumentsOfCase } from '../../repositories/documents/documents-repo';
import { parseJson, type DecisionItemRecord } from '../../repositories/cases/case-rows';
import { originalCaseSummary, originalCompensations } from '../../repositories/registers/register-reads';
import { orgOrDefault } from '../orgs/org-repo';
import { reporterIdentityOrUnknown, type ReporterIdentity } from '../reporter/identity-repo';
import { readableText } from '../cases/report-text';
import { contentJson } from './sealed-content';
import { findMeeting } from '../../repositories/meetings/meetings-repo';

export type FindingData = Omit<ActionInput<'FindingInput'>, 'expectedVersion'>;

export const DEFAULT_ORGAN = '重庆市巴南区住房和城乡建设委员会';
/** FL-15 / WC-3: 委法制科 runs the process. */
export const LEGAL_SECTION = '委法制科';

/** the reporter as the registry holds them (src/services/reporter/identity-repo.ts) */
export type ReporterFacts = ReporterIdentity;

export interface MeetingFacts {
  /** the meeting whose result the decision carried out (carry-out.ts) */
  meetingId?: string;
  date?: string;
  chair?: string;
  attendees?: { name: string; opinion: string }[];
  minutes?: string;
  appealReview?: boolean;
  reason?: string;
  /** recorded meetings (FL-15): who was absent, who recused and why, the quorum, missing co-signatures */
  absent?: string[];
  recused?: { name: string; reason: string }[];
  quorum?: { members: number; recused: number; present: number; eligible: number; required: number; quorate: boolean };
  missingConfirmations?: string[];
}

/** a decision item as the aggregate loader decodes it, without its own ids */
export type DecisionItemFacts = Omit<DecisionItemRecord, 'id' | 'decisionId' | 'executionStartedOn'>;

export interface CaseDocFacts {
  row: CaseRow;
  /** 发文机关 (the commission: the root unit of the register) */
  organ: string;
  /** today in China, from the injected clock */
  today: string;
  reporter: ReporterFacts | null;
  replies: { kind: string; text: string; repliedOn: string }[];
  steps: { action: string; data: Record<string, unknown>; at: string }[];
  people: Map<string, PersonRef>;
  subjectIds: string[];
  team: { displayName: string; personName: string | null; lead: boolean; appointedOn: string }[];
  original: { number: string; title: string; kind: string; decisionDate: string; counterpartName: string; counterpartType: string; unitName: string | null } | null;
  compensationPaid: { amountFen: number; decisionNo: string; paidDate: string }[];
  findings: { subjectPersonId: string; data: FindingData; recordedAt: string }[];
  decision: { id: string; decidedOn: string; origin: string; meeting: MeetingFacts; items: DecisionItemFacts[] } | null;
  /** the meeting row the decision in force names (FL-15: closed, carried out by the decision — not set aside) */
  decisionMeeting: { status: string; carriedOutByStep: string | null } | null;
  recommendation: { id: string; evaluatedAt: string; packId: string; packVersion: string; packHash: string; output: Recommendation; stale: boolean } | null;
  evidence: { id: string; kind: string; title: string; source: string; collectedOn: string; description: string | null; text: string | null; recordedBy: string | null; recordedByName: string | null; supersededBy: string | null }[];
  deadlines: { kind: string; citation: string; startDate: string; dueDate: string; dayKind: string; metOn: string | null }[];
  /** WC-11 申诉 (kind 'appeal') with whether each was already sent to its outside body */
  appeals: { id: string; subjectPersonId: string; decisionId: string; body: string | null; filedOn: string; outcome: string; referred: boolean }[];
  /** dates of the case's decisions, by id (the decision an appeal is against) */
  decisionDates: Map<string, string>;
  /** the case's issued documents (a 送达回证 is drafted for one of them) */
  issuedDocuments: { id: string; kind: string; title: string; docNumber: string | null; issuedOn: string | null; subjectPersonId: string | null; addressee: string | null }[];
}

/**
 * The documents' facts from the one case aggregate loader (its documents part: reporter, steps,
 * the whole receipt) and, in a second round trip, the registers (organ, original case, names).
 */
export async function loadCaseDocFacts(q: Q, row: CaseRow, today: string, opts: { reporter?: boolean } = {}): Promise<CaseDocFacts> {
  const agg = await loadCaseAggregate(q, row, { documents: true });
  const subjectIds = agg.subjects.map((s) => s.personId);
  const decision = agg.inForce;
  const items = decision ? agg.decisionItems.filter((i) => i.decisionId === decision.id) : [];
  const [org, reporter, original, compensationPaid, people] = await Promise.all([
    // issue 11: the letterhead of the case's own organisation
    orgOrDefault(q, row.org_id),
    // issue 9: the identity is sealed; unknown (not an error) when the master key is missing.
    // Not read at all for a check that draws on no identity (the meeting record's parts, pinned.ts).
    opts.reporter === false ? Promise.resolve(null) : reporterIdentityOrUnknown(q, row.id),
    row.original_case_id ? originalCaseSummary(q, row.original_case_id) : Promise.resolve(null),
    row.original_case_id ? originalCompensations(q, row.original_case_id) : Promise.resolve([]),
    peopleByIds(q, [...subjectIds, ...agg.findings.map((f) => f.subjectPersonId), ...items.map((i) => i.subjectPersonId)]),
  ]);
  // the documents issued so far (a 送达回证 is drafted for one of them)
  const issuedDocs = await issuedDocumentsOfCase(q, row.id);
  const meetingId = decision ? (decision.meeting as MeetingFacts).meetingId : undefined;
  const meetingRow = meetingId ? await findMeeting(q, meetingId) : undefined;
  // a report case's contents are sealed (sealed-content.ts); without the master key no addressee
  const contents = new Map(await Promise.all(issuedDocs.map(async (d) => [d.id, await contentJson(q, row.id, d.content)] as const)));
  const referred = new Set(agg.referrals.map((r) => r.appealId));
  const supersededBy = new Map(agg.evidence.filter((e) => e.supersedesId).map((e) => [e.supersedesId!, e.id]));
  const ev = agg.evaluation;
  return {
    // the report text and the replies are sealed at rest (issue 9 §3); opened for the drafter
    row: { ...row, summary: await readableText(q, row.id, row.summary) },
    organ: org.letterhead || DEFAULT_ORGAN,
    today,
    reporter,
    replies: await Promise.all(agg.replies.map(async (r) => ({ ...r, text: await readableText(q, row.id, r.text) }))),
    steps: agg.steps,
    people,
    subjectIds,
    // the lead first, then in order of appointment
    team: [...agg.team].sort((a, b) => Number(b.lead) - Number(a.lead)).map((t) => ({ displayName: t.displayName, personName: t.personName, lead: t.lead, appointedOn: t.appointedOn })),
    original,
    compensationPaid,
    findings: agg.findings.map((f) => ({ subjectPersonId: f.subjectPersonId, data: f.data as unknown as FindingData, recordedAt: f.recordedAt })),
    decision: decision
      ? {
          id: decision.id,
          decidedOn: decision.decidedOn,
          origin: decision.origin,
          meeting: decision.meeting as MeetingFacts,
          items: items.map((i) => ({
            subjectPersonId: i.subjectPersonId,
            noAccountability: i.noAccountability,
            forms: i.forms,
            departedForms: i.departedForms,
            departureReason: i.departureReason,
            transferJudicial: i.transferJudicial,
            transferDiscipline: i.transferDiscipline,
            compensationFen: i.compensationFen,
            reason: i.reason,
          })),
        }
      : null,
    decisionMeeting: meetingRow ? { status: meetingRow.status, carriedOutByStep: meetingRow.carried_out_by_step } : null,
    recommendation: ev
      ? {
          id: ev.id,
          evaluatedAt: ev.evaluatedAt,
          packId: ev.packId,
          packVersion: ev.packVersion,
          packHash: ev.packHash,
          output: (ev.output ?? { status: 'no_rules_in_force' }) as Recommendation,
          // Findings recorded after the receipt make it stale (the same test as the case view).
          stale: ev.stale,
        }
      : null,
    evidence: agg.evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      title: e.title,
      source: e.source,
      collectedOn: e.collectedOn,
      description: e.description,
      text: e.textContent,
      recordedBy: e.recordedBy,
      recordedByName: e.recordedByName,
      supersededBy: supersededBy.get(e.id) ?? null,
    })),
    deadlines: agg.deadlines,
    appeals: agg.appeals
      .filter((a) => a.kind === 'appeal')
      .sort((a, b) => a.filedOn.localeCompare(b.filedOn) || a.id.localeCompare(b.id))
      .map((a) => ({ id: a.id, subjectPersonId: a.subjectPersonId, decisionId: a.decisionId, body: a.appealBody, filedOn: a.filedOn, outcome: a.outcome, referred: referred.has(a.id) })),
    issuedDocuments: issuedDocs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, docNumber: d.doc_number, issuedOn: d.issued_on, subjectPersonId: d.subject_person_id, addressee: parseJson<{ addressee?: string | null }>(contents.get(d.id) ?? null, {}).addressee ?? null })),
    decisionDates: new Map(agg.decisions.map((d) => [d.id, d.decidedOn])),
  };
}
