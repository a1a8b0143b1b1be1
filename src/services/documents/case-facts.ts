// Everything a document may draw on, read once from the case, the registers and the rules
// receipts (read-only; the generators are pure functions of this). The reporter's identity is
// loaded here for two uses only: addressing the clerk-only kinds (receipt, reply), and redacting
// every other kind against it. The read is recorded in the draft's audit row.
import type { ActionInput } from '../../domain/cases';
import type { Recommendation } from '../../rules';
import { peopleByIds, type PersonRef } from '../cases/registers-adapter';
import { currentFindings, inForceDecision, parseJson, type CaseRow, type Q } from '../cases/repo';

export type FindingData = Omit<ActionInput<'FindingInput'>, 'expectedVersion'>;

export const DEFAULT_ORGAN = '重庆市巴南区住房和城乡建设委员会';
/** FL-15 / WC-3: 委法制科 runs the process. */
export const LEGAL_SECTION = '委法制科';

export interface ReporterFacts {
  anonymous: boolean;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  organisation: string | null;
}

export interface MeetingFacts {
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

export interface DecisionItemFacts {
  subjectPersonId: string;
  noAccountability: boolean;
  forms: string[];
  departedForms: string[];
  departureReason: string | null;
  transferJudicial: boolean;
  transferDiscipline: boolean;
  compensationFen: number | null;
  reason: string | null;
}

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

export async function loadCaseDocFacts(q: Q, row: CaseRow, today: string): Promise<CaseDocFacts> {
  const [commission, reporter, replies, steps, subjects, team, findings, decision, evidence, deadlines, evaluation] = await Promise.all([
    q.selectFrom('units').select('name').where('kind', '=', 'commission').where('active', '=', 1).orderBy('sort_order').executeTakeFirst(),
    q.selectFrom('case_reporters').selectAll().where('case_id', '=', row.id).executeTakeFirst(),
    q.selectFrom('case_replies').selectAll().where('case_id', '=', row.id).orderBy('replied_on').orderBy('created_at').execute(),
    q.selectFrom('case_steps').select(['action', 'data', 'at']).where('case_id', '=', row.id).orderBy('at').orderBy('id').execute(),
    q.selectFrom('case_subjects').select('person_id').where('case_id', '=', row.id).orderBy('added_at').orderBy('id').execute(),
    q
      .selectFrom('case_team_members')
      .innerJoin('users', 'users.id', 'case_team_members.user_id')
      .leftJoin('people', 'people.id', 'case_team_members.person_id')
      .select(['users.display_name', 'people.name as person_name', 'case_team_members.lead', 'case_team_members.appointed_on'])
      .where('case_team_members.case_id', '=', row.id)
      .orderBy('case_team_members.lead', 'desc')
      .orderBy('case_team_members.created_at')
      .execute(),
    currentFindings(q, row.id),
    inForceDecision(q, row.id),
    q
      .selectFrom('case_evidence')
      .leftJoin('users', 'users.id', 'case_evidence.recorded_by')
      .select(['case_evidence.id', 'kind', 'title', 'source', 'collected_on', 'description', 'text_content', 'supersedes_id', 'recorded_by', 'users.display_name'])
      .where('case_id', '=', row.id)
      .orderBy('recorded_at')
      .orderBy('case_evidence.id')
      .execute(),
    q.selectFrom('case_deadlines').selectAll().where('case_id', '=', row.id).execute(),
    q.selectFrom('rule_evaluations').selectAll().where('case_id', '=', row.id).orderBy('evaluated_at', 'desc').orderBy('id', 'desc').executeTakeFirst(),
  ]);
  const [appeals, referrals, decisionRows, issuedDocs] = await Promise.all([
    q.selectFrom('case_appeals').select(['id', 'subject_person_id', 'decision_id', 'appeal_body', 'filed_on', 'outcome']).where('case_id', '=', row.id).where('kind', '=', 'appeal').orderBy('filed_on').orderBy('id').execute(),
    q.selectFrom('appeal_referrals').select('appeal_id').where('case_id', '=', row.id).execute(),
    q.selectFrom('case_decisions').select(['id', 'decided_on']).where('case_id', '=', row.id).execute(),
    q
      .selectFrom('documents')
      .innerJoin('document_versions', (j) => j.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.number', '=', 'documents.issued_version'))
      .select(['documents.id', 'documents.kind', 'documents.title', 'documents.doc_number', 'documents.issued_on', 'documents.subject_person_id', 'document_versions.content'])
      .where('documents.case_id', '=', row.id)
      .where('documents.status', '=', 'issued')
      .orderBy('documents.issued_at')
      .execute(),
  ]);
  const referred = new Set(referrals.map((r) => r.appeal_id));
  const items = decision ? await q.selectFrom('case_decision_items').selectAll().where('decision_id', '=', decision.id).execute() : [];
  const original = row.original_case_id
    ? await q
        .selectFrom('original_cases')
        .leftJoin('units', 'units.id', 'original_cases.unit_id')
        .select(['original_cases.number', 'original_cases.title', 'original_cases.kind', 'original_cases.decision_date', 'original_cases.counterpart_name', 'original_cases.counterpart_type', 'units.name as unit_name'])
        .where('original_cases.id', '=', row.original_case_id)
        .executeTakeFirst()
    : undefined;
  const compensation = row.original_case_id
    ? await q.selectFrom('original_case_compensations').select(['amount_fen', 'decision_no', 'paid_date']).where('case_id', '=', row.original_case_id).orderBy('paid_date').execute()
    : [];
  const subjectIds = subjects.map((s) => s.person_id);
  const people = await peopleByIds(q, [...subjectIds, ...findings.map((f) => f.subject_person_id), ...items.map((i) => i.subject_person_id)]);

  let recommendation: CaseDocFacts['recommendation'] = null;
  if (evaluation) {
    // Findings recorded after the receipt make it stale (the same test as the case view).
    const seqOf = async (action: string): Promise<number> =>
      Number((await q.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).where('entity_type', '=', 'case').where('entity_id', '=', row.id).where('action', '=', action).executeTakeFirst())?.m ?? 0);
    recommendation = {
      id: evaluation.id,
      evaluatedAt: evaluation.evaluated_at,
      packId: evaluation.pack_id,
      packVersion: evaluation.pack_version,
      packHash: evaluation.pack_hash,
      output: parseJson<Recommendation>(evaluation.output_json, { status: 'no_rules_in_force' } as Recommendation),
      stale: (await seqOf('case.record_finding')) > (await seqOf('case.recommendation')),
    };
  }
  const supersededBy = new Map(evidence.filter((e) => e.supersedes_id).map((e) => [e.supersedes_id!, e.id]));

  return {
    row,
    organ: commission?.name ?? DEFAULT_ORGAN,
    today,
    reporter: reporter
      ? {
          anonymous: Number(reporter.anonymous) === 1,
          name: reporter.name,
          idNumber: reporter.id_number,
          phone: reporter.phone,
          address: reporter.address,
          email: reporter.email,
          organisation: reporter.organisation,
        }
      : null,
    replies: replies.map((r) => ({ kind: r.kind, text: r.text, repliedOn: r.replied_on })),
    steps: steps.map((s) => ({ action: s.action, data: parseJson<Record<string, unknown>>(s.data, {}), at: s.at })),
    people,
    subjectIds,
    team: team.map((t) => ({ displayName: t.display_name, personName: t.person_name, lead: Number(t.lead) === 1, appointedOn: t.appointed_on })),
    original: original
      ? {
          number: original.number,
          title: original.title,
          kind: original.kind,
          decisionDate: original.decision_date,
          counterpartName: original.counterpart_name,
          counterpartType: original.counterpart_type,
          unitName: original.unit_name,
        }
      : null,
    compensationPaid: compensation.map((c) => ({ amountFen: Number(c.amount_fen), decisionNo: c.decision_no, paidDate: c.paid_date })),
    findings: findings.map((f) => ({ subjectPersonId: f.subject_person_id, data: parseJson<FindingData>(f.data, {} as FindingData), recordedAt: f.recorded_at })),
    decision: decision
      ? {
          id: decision.id,
          decidedOn: decision.decided_on,
          origin: decision.origin,
          meeting: parseJson<MeetingFacts>(decision.meeting, {}),
          items: items.map((i) => ({
            subjectPersonId: i.subject_person_id,
            noAccountability: Number(i.no_accountability) === 1,
            forms: parseJson<string[]>(i.forms, []),
            departedForms: parseJson<string[]>(i.departed_forms, []),
            departureReason: i.departure_reason,
            transferJudicial: Number(i.transfer_judicial) === 1,
            transferDiscipline: Number(i.transfer_discipline) === 1,
            compensationFen: i.compensation_fen === null ? null : Number(i.compensation_fen),
            reason: i.reason,
          })),
        }
      : null,
    recommendation,
    evidence: evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      title: e.title,
      source: e.source,
      collectedOn: e.collected_on,
      description: e.description,
      text: e.text_content,
      recordedBy: e.recorded_by,
      recordedByName: e.display_name,
      supersededBy: supersededBy.get(e.id) ?? null,
    })),
    deadlines: deadlines.map((d) => ({ kind: d.kind, citation: d.citation, startDate: d.start_date, dueDate: d.due_date, dayKind: d.day_kind, metOn: d.met_on })),
    appeals: appeals.map((a) => ({ id: a.id, subjectPersonId: a.subject_person_id, decisionId: a.decision_id, body: a.appeal_body, filedOn: a.filed_on, outcome: a.outcome, referred: referred.has(a.id) })),
    issuedDocuments: issuedDocs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, docNumber: d.doc_number, issuedOn: d.issued_on, subjectPersonId: d.subject_person_id, addressee: parseJson<{ addressee?: string | null }>(d.content, {}).addressee ?? null })),
    decisionDates: new Map(decisionRows.map((d) => [d.id, d.decided_on])),
  };
}
