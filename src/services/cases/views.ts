// What a case looks like to the caller. One builder, shaped by who asks:
// - everyone who may see the case gets its state, deadlines and allowedActions (from the same
//   state machine that guards the steps);
// - clerks (`reporter.read`) also get the replies to the reporter and whether the report was
//   anonymous — never the identity, which has its own audited endpoint;
// - a subject sees their own case without the report text, the evidence, other subjects'
//   findings or items, or the meeting's opinions (the reporter must stay out of a subject's
//   reach: retaliation is itself a fault, FL-7(7), and aggravating, FL-10(3)).
import { ACTION_DEFS, CHANNEL_LABELS, STATE_LABELS, type CaseAction, type CaseState, type Channel, type Track } from '../../domain/cases';
import { auditRead, ROUTINE_READ_ACTIONS } from '../../audit/audit-read';
import { can, type Actor } from '../../policies/roles';
import { maySeeEvidence, maySeeStaffNames, maySeeSubjectRecord, maySeeTimelineData, maySeeTimelineEntry, perspectiveFor, timelineActorName, type Perspective } from '../../policies/case-visibility';
import { basisOf, respondByOf } from './subject-rights';
import type { z } from 'zod';
import type { Ctx } from '../context';
import type { caseOut, evidenceOut, findingOut } from './schemas-out';
import { describeCaseDeadlines, type CaseDeadlineView } from './deadlines';
import { peopleByIds } from './registers-adapter';
import { offeredActions } from './impartiality';
import { canSeeCase, currentFindings, findCase, loadFacts, notFound, parseJson, type CaseRow, type Q } from './repo';

export type { Perspective } from '../../policies/case-visibility';

/** Which view of the case the actor gets: decided by the one policy (src/policies/case-visibility.ts). */
export async function perspectiveOf(q: Q, actor: Actor, caseId: string): Promise<Perspective> {
  if (can(actor, 'cases.readAll')) return perspectiveFor(actor, { onTeam: false });
  const t = actor.roles.includes('investigator')
    ? await q.selectFrom('case_team_members').select('id').where('case_id', '=', caseId).where('user_id', '=', actor.userId).executeTakeFirst()
    : undefined;
  return perspectiveFor(actor, { onTeam: Boolean(t) });
}

/** GET /cases/:id — the case as the caller may see it; the read is audited (等保2.0 安全审计). */
export async function getCase(ctx: Ctx, caseId: string): Promise<CaseOut> {
  const view = await caseViewAfterWrite(ctx, caseId);
  await auditRead(ctx, { action: 'case.read', entityType: 'case', entityId: caseId });
  return view;
}

/**
 * The same view without a read record: only for answering the write the caller just made (the
 * write's own audit record names them, the case and the source address).
 */
export async function caseViewAfterWrite(ctx: Ctx, caseId: string): Promise<CaseOut> {
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  return buildCaseView(ctx, q, row);
}

export type CaseOut = z.infer<typeof caseOut>;

export async function buildCaseView(ctx: Ctx, q: Q, row: CaseRow): Promise<CaseOut> {
  const perspective = await perspectiveOf(q, ctx.actor, row.id);
  const facts = await loadFacts(q, row);
  const offered = await offeredActions(q, ctx, row, facts);
  const own = perspective === 'subject' ? ctx.actor.personId : null;
  const mineOnly = <T extends { subject_person_id: string }>(rows: T[]): T[] => rows.filter((r) => maySeeSubjectRecord(perspective, ctx.actor, r.subject_person_id));

  const [subjects, team, deadlines, decisions, items, notifications, appeals, execItems, payments] = await Promise.all([
    q.selectFrom('case_subjects').selectAll().where('case_id', '=', row.id).orderBy('added_at').orderBy('id').execute(),
    q.selectFrom('case_team_members').innerJoin('users', 'users.id', 'case_team_members.user_id').select(['case_team_members.user_id', 'users.display_name', 'case_team_members.lead', 'case_team_members.appointed_on']).where('case_id', '=', row.id).execute(),
    describeCaseDeadlines(ctx, q, [row.id]),
    q.selectFrom('case_decisions').selectAll().where('case_id', '=', row.id).orderBy('seq').execute(),
    q.selectFrom('case_decision_items').selectAll().where('case_id', '=', row.id).execute(),
    q.selectFrom('case_notifications').selectAll().where('case_id', '=', row.id).orderBy('notified_on').execute(),
    q.selectFrom('case_appeals').selectAll().where('case_id', '=', row.id).orderBy('filed_at').execute(),
    q.selectFrom('case_execution_items').selectAll().where('case_id', '=', row.id).orderBy('created_at').orderBy('id').execute(),
    q.selectFrom('case_payments').selectAll().where('case_id', '=', row.id).orderBy('paid_on').execute(),
  ]);
  const referrals = await q.selectFrom('appeal_referrals').select(['appeal_id', 'body', 'body_name', 'letter_no', 'letter_document_id', 'sent_on', 'outcome', 'outcome_on', 'outcome_reason', 'outcome_forms', 'executed_on']).where('case_id', '=', row.id).execute();
  const people = await peopleByIds(q, [...subjects.map((s) => s.person_id), ...items.map((i) => i.subject_person_id)]);
  const nameOf = (p: string): string => people.get(p)?.name ?? p;

  const visibleSubjects = subjects.filter((s) => maySeeSubjectRecord(perspective, ctx.actor, s.person_id));
  const currentF = mineOnly(await currentFindings(q, row.id));
  const findingOf = new Map(currentF.map((f) => [f.subject_person_id, parseJson<Record<string, unknown>>(f.data, {})]));
  const decisionsOut = decisions.map((d) => ({
    id: d.id,
    seq: d.seq,
    status: d.status as 'in_force' | 'superseded',
    origin: d.origin as 'meeting' | 'appeal',
    supersedesId: d.supersedes_id,
    decidedOn: d.decided_on,
    ruleEvaluationId: perspective === 'full' ? d.rule_evaluation_id : null,
    meeting: perspective === 'full' ? parseJson<Record<string, unknown>>(d.meeting, {}) : null,
    items: mineOnly(items.filter((i) => i.decision_id === d.id)).map((i) => ({
      subjectPersonId: i.subject_person_id,
      subjectName: nameOf(i.subject_person_id),
      noAccountability: Number(i.no_accountability) === 1,
      forms: parseJson<string[]>(i.forms, []),
      departedForms: perspective === 'full' ? parseJson<string[]>(i.departed_forms, []) : [],
      departureReason: perspective === 'full' ? i.departure_reason : null,
      transferJudicial: Number(i.transfer_judicial) === 1,
      transferDiscipline: Number(i.transfer_discipline) === 1,
      compensationFen: i.compensation_fen,
      reason: i.reason,
      // WC-11: the basis of the decision in Chinese (forms, faults and circumstances with their text)
      basis: basisOf(parseJson<string[]>(i.forms, []), findingOf.get(i.subject_person_id) ?? null),
    })),
  }));

  let evidence: z.infer<typeof evidenceOut>[];
  let findings: z.infer<typeof findingOut>[];
  {
    const all = await q.selectFrom('case_evidence').selectAll().where('case_id', '=', row.id).orderBy('recorded_at').orderBy('id').execute();
    const supersededBy = new Map(all.filter((e) => e.supersedes_id).map((e) => [e.supersedes_id!, e.id]));
    const ev = all.filter((e) => maySeeEvidence(perspective, ctx.actor, e));
    const staff = maySeeStaffNames(perspective);
    evidence = ev.map((e) => ({
      id: e.id,
      kind: e.kind,
      title: e.title,
      source: e.source,
      collectedOn: e.collected_on,
      description: e.description,
      hasText: Boolean(e.text_content),
      file: e.file_sha256 ? { sha256: e.file_sha256, name: e.file_name ?? '', size: e.file_size ?? 0, mimeType: e.mime_type ?? 'application/octet-stream' } : null,
      supersedesId: e.supersedes_id,
      supersededById: supersededBy.get(e.id) ?? null,
      correctionReason: staff ? e.correction_reason : null,
      recordedBy: staff ? e.recorded_by : null,
      recordedAt: e.recorded_at,
      disclosable: Number(e.disclosable) === 1,
      sourcePersonId: e.source_person_id,
    }));
    findings = currentF.map((f) => ({
      ...parseJson<Record<string, unknown>>(f.data, {}),
      id: f.id,
      subjectPersonId: f.subject_person_id,
      subjectName: nameOf(f.subject_person_id),
      supersedesId: f.supersedes_id,
      recordedAt: f.recorded_at,
    })) as z.infer<typeof findingOut>[];
  }

  // The latest rules-engine receipt, and whether findings changed after it (then the decision
  // step would check against an outdated range: evaluate again first).
  let recommendation: { id: string; evaluatedAt: string; status: string; stale: boolean } | null = null;
  if (perspective === 'full') {
    const r = await q.selectFrom('rule_evaluations').select(['id', 'evaluated_at', 'output_json']).where('case_id', '=', row.id).orderBy('evaluated_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
    if (r) {
      // Order by the audit chain (seq), not timestamps: it is the order the writes committed in.
      const seqOf = async (action: string): Promise<number> =>
        Number((await q.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).where('entity_type', '=', 'case').where('entity_id', '=', row.id).where('action', '=', action).executeTakeFirst())?.m ?? 0);
      const stale = (await seqOf('case.record_finding')) > (await seqOf('case.recommendation'));
      recommendation = { id: r.id, evaluatedAt: r.evaluated_at, status: parseJson<{ status: string }>(r.output_json, { status: 'unknown' }).status, stale };
    }
  }

  const clerk = can(ctx.actor, 'reporter.read');
  let replies: { kind: string; repliedOn: string; text: string }[] | null = null;
  let reporter: { present: boolean; anonymous: boolean } | null = null;
  if (clerk && perspective === 'full') {
    replies = (await q.selectFrom('case_replies').select(['kind', 'replied_on', 'text']).where('case_id', '=', row.id).orderBy('replied_on').orderBy('created_at').execute()).map((r) => ({ kind: r.kind, repliedOn: r.replied_on, text: r.text }));
    const rep = await q.selectFrom('case_reporters').select('anonymous').where('case_id', '=', row.id).executeTakeFirst();
    reporter = { present: Boolean(rep), anonymous: rep ? Number(rep.anonymous) === 1 : false };
  }

  const state = row.state as CaseState;
  return {
    id: row.id,
    number: row.number,
    year: row.year,
    state,
    stateLabelZh: STATE_LABELS[state].zh,
    stateLabelEn: STATE_LABELS[state].en,
    tracks: parseJson<Track[]>(row.tracks, []),
    source: row.source as 'report' | 'wc5',
    channel: row.channel as Channel | null,
    channelLabelZh: row.channel ? CHANNEL_LABELS[row.channel as Channel].zh : null,
    summary: perspective === 'full' ? row.summary : null,
    receivedOn: row.received_on,
    wc5: row.wc5_item ? { item: row.wc5_item, citation: `WC-5(${row.wc5_item})`, referenceNo: row.wc5_reference_no, referenceDate: row.wc5_reference_date } : null,
    originalCaseId: row.original_case_id,
    acceptedOn: row.accepted_on,
    registeredOn: row.registered_on,
    investigationStartedOn: row.investigation_started_on,
    decidedOn: row.decided_on,
    closedOn: row.closed_on,
    endReason: perspective === 'full' ? row.end_reason : null,
    wrongCase: row.wrong_case === null ? null : { isWrongCase: Number(row.wrong_case) === 1, wc5Item: row.wrong_case_wc5_item },
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    subjects: visibleSubjects.map((s) => ({ personId: s.person_id, name: nameOf(s.person_id), unitId: people.get(s.person_id)?.unitId ?? s.unit_id, unitName: people.get(s.person_id)?.unitName ?? null })),
    team: maySeeStaffNames(perspective) ? team.map((t) => ({ userId: t.user_id, displayName: t.display_name, lead: Number(t.lead) === 1, appointedOn: t.appointed_on })) : [],
    deadlines: deadlines.get(row.id) ?? ([] as CaseDeadlineView[]),
    evidence,
    findings,
    decisions: decisionsOut,
    notifications: mineOnly(notifications).map((n) => ({ id: n.id, decisionId: n.decision_id, subjectPersonId: n.subject_person_id, subjectName: nameOf(n.subject_person_id), notifiedOn: n.notified_on, method: n.method, rightsText: n.rights_text })),
    appeals: mineOnly(appeals).map((a) => ({
      id: a.id,
      decisionId: a.decision_id,
      subjectPersonId: a.subject_person_id,
      subjectName: nameOf(a.subject_person_id),
      kind: a.kind as 'defence' | 'appeal',
      appealBody: a.appeal_body,
      filedOn: a.filed_on,
      statement: a.statement,
      outcome: a.outcome as 'pending' | 'upheld' | 'changed' | 'revoked',
      outcomeOn: a.outcome_on,
      outcomeReason: a.outcome_reason,
      newDecisionId: a.new_decision_id,
      // WC-11: sent to the outside body, and its decision (see steps-supervision.ts)
      referral: (() => {
        const r = referrals.find((x) => x.appeal_id === a.id);
        return r
          ? { body: r.body, bodyName: r.body_name, letterNo: r.letter_no, letterDocumentId: r.letter_document_id, sentOn: r.sent_on, outcome: r.outcome, outcomeOn: r.outcome_on, outcomeReason: r.outcome_reason, outcomeForms: parseJson<string[] | null>(r.outcome_forms, null), executedOn: r.executed_on }
          : null;
      })(),
    })),
    executionItems: mineOnly(execItems).map((e) => {
      const paid = payments.filter((p) => p.execution_item_id === e.id);
      return {
        id: e.id,
        decisionId: e.decision_id,
        subjectPersonId: e.subject_person_id,
        subjectName: nameOf(e.subject_person_id),
        kind: e.kind,
        citation: e.citation,
        year: e.year,
        unitId: e.unit_id,
        amountFen: e.amount_fen,
        paidFen: paid.reduce((t, p) => t + Number(p.amount_fen), 0),
        payments: paid.map((p) => ({ id: p.id, amountFen: Number(p.amount_fen), paidOn: p.paid_on, note: p.note })),
        status: e.status as 'open' | 'done' | 'cancelled' | 'reversed',
        doneOn: e.done_on,
        result: parseJson<Record<string, unknown> | null>(e.result, null),
      };
    }),
    replies,
    reporter,
    recommendation,
    respondBy: own ? await respondByOf(ctx, q, notifications.filter((n) => n.subject_person_id === own && n.decision_id === decisions.find((d) => d.status === 'in_force')?.id)[0]?.notified_on ?? null) : null,
    allowedActions: offered.allowed,
    recusalBlocked: offered.recusalBlocked,
    actingFor: offered.actingFor ? { zh: offered.actingFor.zh, en: offered.actingFor.en } : null,
  };
}

export type CaseView = CaseOut;

/** Labels for timeline entries that are not lifecycle actions. */
const EXTRA_LABELS: Record<string, { zh: string; en: string; citation: string | null }> = {
  'case.intake': { zh: '线索登记', en: 'Intake', citation: null },
  'case.meeting.create': { zh: '召集委党委会会议', en: 'Meeting convened', citation: 'FL-15' },
  'case.meeting.attendance': { zh: '会议出席/回避登记', en: 'Meeting attendance or recusal', citation: 'FL-15' },
  'case.meeting.opinion': { zh: '记录会议成员意见', en: 'Member opinion recorded', citation: 'FL-5(4)' },
  'case.meeting.confirm': { zh: '成员确认本人意见', en: 'Member confirmed own opinion', citation: 'FL-5(4)' },
  'case.meeting.minutes': { zh: '会议纪要', en: 'Meeting minutes', citation: 'FL-15' },
  'case.meeting.close': { zh: '主持人闭会', en: 'Meeting closed by the chair', citation: 'FL-15' },
  'case.reporter.read': { zh: '查阅举报人信息', en: 'Reporter identity read', citation: null },
  'case.reporter.message': { zh: '与举报人往来消息', en: 'Message in the reporter thread', citation: 'WC-9(1)' },
  'case.reporter.draft_discarded': { zh: '放弃办理结果告知', en: 'Outcome message not sent', citation: null },
  'case.reporter.attachment.download': { zh: '下载举报人提交的材料', en: 'Reporter’s file downloaded', citation: null },
  'case.recommendation': { zh: '规则引擎建议', en: 'Rules recommendation', citation: null },
  'case.evidence.download': { zh: '下载证据文件', en: 'Evidence file downloaded', citation: null },
  'case.document.draft': { zh: '起草文书', en: 'Document drafted', citation: null },
  'case.document.edit': { zh: '修改文书', en: 'Document edited', citation: null },
  'case.document.issue': { zh: '印发文书', en: 'Document issued', citation: null },
  'case.document.read': { zh: '查阅文书', en: 'Document read', citation: null },
  'case.document.download': { zh: '下载文书', en: 'Document downloaded', citation: null },
  'case.recusal.self': { zh: '自行回避', en: 'Self-recusal', citation: 'FL-5(1)' },
  'case.recusal.challenge': { zh: '申请回避', en: 'Challenge (application for recusal)', citation: 'FL-5(1)' },
  'case.recusal.decide': { zh: '回避申请决定', en: 'Challenge decided', citation: 'FL-5(1)' },
  'case.reporter.link': { zh: '登记举报人为本单位工作人员', en: 'Reporter linked to a member of staff', citation: 'FL-5(1)' },
  'case.evidence.disclosure': { zh: '设定证据是否向被调查人公开', en: 'Evidence disclosure set', citation: 'WC-11' },
  'case.supervision.decision': { zh: '外部监督机关作出申诉决定', en: 'Outside body decided the appeal', citation: 'WC-11' },
};

/**
 * The case's history from the audit trail (entityType 'case'), in order. Clerks see each
 * step's data; investigators and deciders see it without the reply texts (which may name the
 * reporter); subjects see the steps only.
 */
export async function caseTimeline(ctx: Ctx, caseId: string) {
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  const perspective = await perspectiveOf(q, ctx.actor, caseId);
  const clerk = can(ctx.actor, 'reporter.read');
  const rows = await q
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.seq', 'audit_log.at', 'audit_log.actor_id', 'users.display_name', 'audit_log.action', 'audit_log.after_json', 'audit_log.before_json'])
    .where('entity_type', '=', 'case')
    .where('entity_id', '=', caseId)
    .where('audit_log.action', 'not in', [...ROUTINE_READ_ACTIONS])
    .orderBy('audit_log.seq')
    .execute();
  await auditRead(ctx, { action: 'case.timeline.read', entityType: 'case', entityId: caseId });
  return rows
    .filter((r) => maySeeTimelineEntry(perspective, r.action))
    .map((r) => {
      const after = parseJson<Record<string, unknown>>(r.after_json, {});
      const before = parseJson<Record<string, unknown>>(r.before_json, {});
      const name = r.action.replace(/^case\./, '') as CaseAction;
      const def = ACTION_DEFS[name];
      const extra = EXTRA_LABELS[r.action];
      let data: Record<string, unknown> | null = (after.data as Record<string, unknown> | undefined) ?? null;
      if (!maySeeTimelineData(perspective)) data = null;
      else if (!clerk && data) {
        const { replyId: _r, anonymous: _a, ...rest } = data;
        data = rest;
      }
      return {
        seq: Number(r.seq),
        at: r.at,
        actorId: maySeeStaffNames(perspective) || r.actor_id === ctx.actor.userId ? r.actor_id : null,
        actorName: timelineActorName(perspective, ctx.actor, r.actor_id, r.display_name),
        action: r.action,
        labelZh: def?.labelZh ?? extra?.zh ?? r.action,
        labelEn: def?.labelEn ?? extra?.en ?? r.action,
        citation: (after.citation as string | undefined) ?? extra?.citation ?? null,
        fromState: (before.state as string | undefined) ?? null,
        toState: (after.state as string | undefined) ?? null,
        data,
        marks: timelineMarks((after.data as Record<string, unknown> | undefined) ?? after),
      };
    });
}

/** What the timeline shows about impartiality for a step: acting for the leader, back-dated, dual roles. */
function timelineMarks(d: Record<string, unknown>): { kind: string; zh: string; en: string }[] {
  const out: { kind: string; zh: string; en: string }[] = [];
  const af = d.actingFor as { zh?: string; en?: string } | undefined;
  if (af?.zh) out.push({ kind: 'acting_for', zh: af.zh, en: af.en ?? af.zh });
  const b = d.backdated as { date?: string; recordedOn?: string; days?: number; reason?: string } | undefined;
  if (b?.date) out.push({ kind: 'backdated', zh: `补录（倒签）：日期 ${b.date}，录入于 ${b.recordedOn}（相差 ${b.days} 日），理由：${b.reason}`, en: `back-dated: dated ${b.date}, recorded ${b.recordedOn} (${b.days} days), reason: ${b.reason}` });
  for (const x of (d.dualRoles as { zh: string; en: string }[] | undefined) ?? []) out.push({ kind: 'dual_role', zh: x.zh, en: x.en });
  return out;
}

/** Every finding ever recorded on the case, superseded ones included (staff only). */
export async function findingHistory(ctx: Ctx, caseId: string) {
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, ctx.actor, caseId)) || (await perspectiveOf(q, ctx.actor, caseId)) !== 'full') throw notFound();
  const rows = await q.selectFrom('case_findings').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute();
  await auditRead(ctx, { action: 'case.findings.read', entityType: 'case', entityId: caseId });
  const supersededBy = new Map(rows.filter((r) => r.supersedes_id).map((r) => [r.supersedes_id!, r.id]));
  const people = await peopleByIds(q, rows.map((r) => r.subject_person_id));
  return rows.map((f) => ({
    ...parseJson<Record<string, unknown>>(f.data, {}),
    id: f.id,
    subjectPersonId: f.subject_person_id,
    subjectName: people.get(f.subject_person_id)?.name ?? f.subject_person_id,
    supersedesId: f.supersedes_id,
    supersededById: supersededBy.get(f.id) ?? null,
    recordedBy: f.recorded_by,
    recordedAt: f.recorded_at,
  })) as (z.infer<typeof findingOut> & { supersededById: string | null; recordedBy: string | null })[];
}
