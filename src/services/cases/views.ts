// What a case looks like to the caller. One builder, shaped by who asks:
// - everyone who may see the case gets its state, deadlines and allowedActions (from the same
//   state machine that guards the steps);
// - clerks (`reporter.read`) also get the replies to the reporter and whether the report was
//   anonymous — never the identity, which has its own audited endpoint;
// - a subject sees their own case without the report text, the evidence, other subjects'
//   findings or items, or the meeting's opinions (the reporter must stay out of a subject's
//   reach: retaliation is itself a fault, FL-7(7), and aggravating, FL-10(3)).
import { ACTION_DEFS, CHANNEL_LABELS, serviceInForce, STATE_LABELS, type CaseAction } from '../../domain/cases';
import { auditRead, ROUTINE_READ_ACTIONS } from '../../audit/audit-read';
import { can } from '../../policies/roles';
import { evidenceScope, maySeeStaffNames, maySeeSubjectRecord, maySeeTimelineData, maySeeTimelineEntry, timelineActorName, type Perspective } from '../../policies/case-visibility';
import { basisOf, respondByOf } from './subject-rights';
import type { NotificationRecord } from '../../repositories/cases/case-rows';
import { defencePeriodBlock } from './defence-period';
import type { z } from 'zod';
import type { Ctx } from '../context';
import { chinaDate } from '../../lib/clock';
import type { caseOut, findingOut } from './schemas-out';
import { presentEvidencePage } from './evidence-list';
import { describeCaseDeadlines, type CaseDeadlineView } from './deadlines';
import { peopleByIds } from './registers-adapter';
import { actorImpartiality, impartialityOn, offeredActionsWith, reusableActorImpartiality, type StepActorImpartiality } from './impartiality';
import { findingHistoryRows } from '../../repositories/cases/case-repo';
import { loadCaseAggregate, recusalFactsOfAggregate } from '../../repositories/cases/case-aggregate';
import { caseTimelineRows } from '../../repositories/audit/audit-reads';
import { decidedPublication } from '../../repositories/documents/publications-repo';
import { caseAbilities, caseHidden, maySeeReportText, perspectiveOf, requireCaseAccess } from '../../policies/cases';
import { caseTextReader } from './report-text';
import { parseJson, type CaseRow, type Q } from './repo';
import { ctxForCase } from '../orgs/acting-in';
import { requestReads } from '../request-reads';

export type { Perspective } from '../../policies/case-visibility';

export { perspectiveOf } from '../../policies/cases';

/** GET /cases/:id — the case as the caller may see it; the read is audited (等保2.0 安全审计). */
export async function getCase(callerCtx: Ctx, caseId: string): Promise<CaseOut> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  const view = await caseViewAfterWrite(ctx, caseId);
  await auditRead(ctx, { action: 'case.read', entityType: 'case', entityId: caseId });
  return view;
}

/**
 * The same view without a read record: only for answering the write the caller just made (the
 * write's own audit record names them, the case and the source address).
 */
export async function caseViewAfterWrite(ctx: Ctx, caseId: string, step?: { actorImpartiality?: StepActorImpartiality }): Promise<CaseOut> {
  const q = ctx.db.kysely;
  const access = await requireCaseAccess(q, ctx.actor, caseId);
  return buildCaseView(ctx, q, access.row, access.perspective, step?.actorImpartiality);
}

export type CaseOut = z.infer<typeof caseOut>;

/**
 * The case view, from the one aggregate loader (src/repositories/cases/case-aggregate.ts): one
 * statement for the case's rows, the register names, the deadlines and internal targets, the
 * impartiality facts of the steps offered and the organisation (`view`); then the calendar's
 * version and the deadline settings, and the report's data key when the text is shown.
 */
export async function buildCaseView(ctx: Ctx, q: Q, row: CaseRow, knownPerspective?: Perspective, stepActorImp?: StepActorImpartiality): Promise<CaseOut> {
  const perspective = knownPerspective ?? (await perspectiveOf(q, ctx.actor, row.id));
  const full = perspective === 'full';
  const own = perspective === 'subject' ? ctx.actor.personId : null;
  const clerk = can(ctx.actor, 'reporter.read');
  // What needs only the row is read beside the aggregate statement, what needs the aggregate
  // after it: on PostgreSQL the round trips overlap (two waits instead of about ten in a row).
  // sealed at rest (issue 9 §3): opened only for those who see the case in full (src/policies/cases.ts)
  // the aggregate statement also reads the deadlines, the open internal targets and the
  // impartiality relationships and names (`view`): they are not read again below
  const aggP = loadCaseAggregate(q, row, { people: true, view: true, evidenceScope: evidenceScope(perspective, ctx.actor) });
  // the summary and the replies to the reporter opened with one read of the report's data key
  const textOf = caseTextReader(q, row.id);
  const [agg, actorImp, summary, publication] = await Promise.all([
    aggP,
    // the actor's impartiality: the step's own when this view answers it (same actor, organisation
    // and day), else read, with the case's organisation from the row already read
    reusableActorImpartiality(ctx, row.org_id, stepActorImp) ?? actorImpartiality(q, ctx, row.id, { org: aggP.then((a) => a.org ?? undefined) }),
    maySeeReportText(perspective, ctx.actor) ? textOf(row.summary) : null,
    // FL-5(4): the scope and channel of publication the decision set (none before a decision)
    row.decided_on ? decidedPublication(q, row.id) : null,
  ]);
  const c = agg.case;
  const facts = agg.facts;
  const mineOnly = <T extends { subjectPersonId: string }>(rows: T[]): T[] => rows.filter((r) => maySeeSubjectRecord(perspective, ctx.actor, r.subjectPersonId));

  // the register people named: read by the aggregate statement
  const people = agg.people!;
  const [deadlines, offered, replies] = await Promise.all([
    // the calendar and the settings of the case's organisation (the rows come from the aggregate)
    // (the calendar's version and the deadline settings came with the aggregate too: the request's snapshot starts with them)
    describeCaseDeadlines(ctx, q, [row.id], new Map([[row.id, row.org_id]]), { rows: agg.storedDeadlines, targets: agg.openTargets ?? [], org: agg.org ?? undefined }, requestReads(ctx, { orgs: agg.org ? [agg.org] : [], head: agg.calendarHead })),
    // the impartiality facts from the aggregate already read (no statement: `view`)
    (async () => offeredActionsWith(impartialityOn(ctx, actorImp, await recusalFactsOfAggregate(q, agg)), facts))(),
    clerk && full ? Promise.all(agg.replies.map(async (r) => ({ kind: r.kind, repliedOn: r.repliedOn, text: await textOf(r.text) }))) : null,
  ]);
  const nameOf = (p: string): string => people.get(p)?.name ?? p;

  const visibleSubjects = agg.subjects.filter((s) => maySeeSubjectRecord(perspective, ctx.actor, s.personId));
  const currentF = mineOnly(agg.findings);
  const findingOf = new Map(currentF.map((f) => [f.subjectPersonId, f.data]));
  const decisionsOut = agg.decisions.map((d) => ({
    id: d.id,
    seq: d.seq,
    status: d.status,
    origin: d.origin,
    supersedesId: d.supersedesId,
    decidedOn: d.decidedOn,
    ruleEvaluationId: full ? d.ruleEvaluationId : null,
    meeting: full ? d.meeting : null,
    publication: d.origin === 'meeting' ? publication : null,
    items: mineOnly(agg.decisionItems.filter((i) => i.decisionId === d.id)).map((i) => ({
      subjectPersonId: i.subjectPersonId,
      subjectName: nameOf(i.subjectPersonId),
      noAccountability: i.noAccountability,
      forms: i.forms,
      departedForms: full ? i.departedForms : [],
      departureReason: full ? i.departureReason : null,
      transferJudicial: i.transferJudicial,
      transferDiscipline: i.transferDiscipline,
      compensationFen: i.compensationFen,
      reason: i.reason,
      // WC-11: the basis of the decision in Chinese (forms, faults and circumstances with their text)
      basis: basisOf(i.forms, findingOf.get(i.subjectPersonId) ?? null),
    })),
  }));

  // the newest page of the evidence the caller may see, its count and the next page's cursor
  // (read, limited and filtered by the aggregate statement: `evidenceScope`)
  const evidence = presentEvidencePage(perspective, ctx.actor, agg.evidencePage!);
  const staff = maySeeStaffNames(perspective);
  const findings = currentF.map((f) => ({
    ...f.data,
    id: f.id,
    subjectPersonId: f.subjectPersonId,
    subjectName: nameOf(f.subjectPersonId),
    supersedesId: f.supersedesId,
    recordedAt: f.recordedAt,
  })) as z.infer<typeof findingOut>[];

  // The latest rules-engine receipt, and whether findings changed after it (then the decision
  // step would check against an outdated range: evaluate again first).
  const recommendation = full && agg.evaluation ? { id: agg.evaluation.id, evaluatedAt: agg.evaluation.evaluatedAt, status: agg.evaluation.status, stale: agg.evaluation.stale } : null;

  const reporter = clerk && full ? { present: Boolean(agg.reporter), anonymous: agg.reporter?.anonymous ?? false } : null;

  const state = c.state;
  return {
    id: c.id,
    number: c.number,
    year: c.year,
    state,
    stateLabelZh: STATE_LABELS[state].zh,
    stateLabelEn: STATE_LABELS[state].en,
    tracks: c.tracks,
    source: c.source,
    channel: c.channel,
    channelLabelZh: c.channel ? CHANNEL_LABELS[c.channel].zh : null,
    summary,
    receivedOn: c.receivedOn,
    wc5: c.wc5Item ? { item: c.wc5Item, citation: `WC-5(${c.wc5Item})`, referenceNo: c.wc5ReferenceNo, referenceDate: c.wc5ReferenceDate } : null,
    originalCaseId: c.originalCaseId,
    acceptedOn: c.acceptedOn,
    registeredOn: c.registeredOn,
    investigationStartedOn: c.investigationStartedOn,
    decidedOn: c.decidedOn,
    closedOn: c.closedOn,
    endReason: full ? c.endReason : null,
    wrongCase: c.wrongCase === null ? null : { isWrongCase: c.wrongCase, wc5Item: c.wrongCaseWc5Item },
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    subjects: visibleSubjects.map((s) => ({ personId: s.personId, name: nameOf(s.personId), unitId: people.get(s.personId)?.unitId ?? s.unitId, unitName: people.get(s.personId)?.unitName ?? null })),
    team: staff ? agg.team.map((t) => ({ userId: t.userId, displayName: t.displayName, lead: t.lead, appointedOn: t.appointedOn })) : [],
    deadlines: deadlines.get(row.id) ?? ([] as CaseDeadlineView[]),
    evidence: evidence.items,
    evidenceTotal: evidence.total,
    evidenceNextCursor: evidence.nextCursor,
    findings,
    decisions: decisionsOut,
    notifications: mineOnly(agg.notifications).map((n) => ({ id: n.id, decisionId: n.decisionId, subjectPersonId: n.subjectPersonId, subjectName: nameOf(n.subjectPersonId), notifiedOn: n.notifiedOn, method: n.method, rightsText: n.rightsText, defenceWaived: n.defenceWaived, waiverNote: n.waiverNote })),
    appeals: mineOnly(agg.appeals).map((a) => ({
      id: a.id,
      decisionId: a.decisionId,
      subjectPersonId: a.subjectPersonId,
      subjectName: nameOf(a.subjectPersonId),
      kind: a.kind,
      appealBody: a.appealBody,
      filedOn: a.filedOn,
      statement: a.statement,
      outcome: a.outcome,
      outcomeOn: a.outcomeOn,
      outcomeReason: a.outcomeReason,
      newDecisionId: a.newDecisionId,
      // WC-11: sent to the outside body, and its decision (see steps-supervision.ts)
      referral: (() => {
        const r = agg.referrals.find((x) => x.appealId === a.id);
        return r
          ? { body: r.body, bodyName: r.bodyName, letterNo: r.letterNo, letterDocumentId: r.letterDocumentId, sentOn: r.sentOn, outcome: r.outcome, outcomeOn: r.outcomeOn, outcomeReason: r.outcomeReason, outcomeForms: r.outcomeForms, outcomeCompensationFen: r.outcomeCompensationFen ?? null, executedOn: r.executedOn }
          : null;
      })(),
    })),
    executionItems: mineOnly(agg.executionItems).map((e) => {
      const paid = agg.payments.filter((p) => p.executionItemId === e.id);
      return {
        id: e.id,
        decisionId: e.decisionId,
        subjectPersonId: e.subjectPersonId,
        subjectName: nameOf(e.subjectPersonId),
        kind: e.kind,
        citation: e.citation,
        year: e.year,
        unitId: e.unitId,
        amountFen: e.amountFen,
        paidFen: paid.reduce((t, p) => t + p.amountFen, 0),
        payments: paid.map((p) => ({ id: p.id, amountFen: p.amountFen, paidOn: p.paidOn, note: p.note })),
        status: e.status,
        doneOn: e.doneOn,
        result: e.result,
      };
    }),
    replies,
    reporter,
    recommendation,
    // WC-11: the service of the decision in force on them (a change for another subject leaves it as it was)
    respondBy: own ? await respondByOfSubject(ctx, q, row.id, serviceInForce(own, agg.decisions, agg.appeals, agg.notifications)?.service) : null,
    allowedActions: await withDefencePeriod(ctx, q, row.id, agg.inForce?.id ?? null, offered.allowed),
    recusalBlocked: offered.recusalBlocked,
    actingFor: offered.actingFor ? { zh: offered.actingFor.zh, en: offered.actingFor.en } : null,
    abilities: caseAbilities(ctx.actor, perspective),
  };
}

export type CaseView = CaseOut;

/** Labels for timeline entries that are not lifecycle actions. */
/** Labels of the case events that are not workflow steps (also the audit page's, src/services/audit/audit-service.ts). */
export const EXTRA_LABELS: Record<string, { zh: string; en: string; citation: string | null }> = {
  'case.intake': { zh: '线索登记', en: 'Intake', citation: null },
  'case.original_case.participants_corrected': { zh: '原执法案件参与人员更正', en: 'Original case participants corrected', citation: 'FL-5(1)' },
  'case.certificate.corrected': { zh: '执法证登记更正（行为发生日的执法资格）', en: 'Certificate register corrected (qualification on the conduct date)', citation: 'FL-8(5)' },
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
  'case.evidence.disclosure': { zh: '决定证据是否向被调查人公开', en: 'Evidence disclosure decided', citation: 'WC-11' },
  'case.evidence.disclosure_request': { zh: '申请向被调查人公开证据', en: 'Evidence disclosure requested', citation: 'WC-11' },
  'case.reporter.redaction_refused': { zh: '含举报人身份信息的文字被拒绝', en: 'Text naming the reporter refused', citation: 'FL-7(7)' },
  'case.supervision.decision': { zh: '外部监督机关作出申诉决定', en: 'Outside body decided the appeal', citation: 'WC-11' },
};

/**
 * The case's history from the audit trail (entityType 'case'), in order. Clerks see each
 * step's data; investigators and deciders see it without the reply texts (which may name the
 * reporter); subjects see the steps only.
 */
export async function caseTimeline(callerCtx: Ctx, caseId: string) {
  const ctx = await ctxForCase(callerCtx, caseId);
  const q = ctx.db.kysely;
  const { perspective } = await requireCaseAccess(q, ctx.actor, caseId);
  const clerk = can(ctx.actor, 'reporter.read');
  const rows = await caseTimelineRows(q, caseId, ROUTINE_READ_ACTIONS);
  await auditRead(ctx, { action: 'case.timeline.read', entityType: 'case', entityId: caseId });
  return rows
    .filter((r) => maySeeTimelineEntry(perspective, r.action, ctx.actor))
    .map((r) => {
      const { after, before } = r;
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
        seq: r.seq,
        at: r.at,
        actorId: maySeeStaffNames(perspective) || r.actorId === ctx.actor.userId ? r.actorId : null,
        actorName: timelineActorName(perspective, ctx.actor, r.actorId, r.actorName),
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
  if (typeof d.originalCaseNumber === 'string' && typeof d.reason === 'string' && Array.isArray(d.removedZh)) {
    const removed = (d.removedZh as string[]).join('、') || '无';
    const added = ((d.addedZh as string[] | undefined) ?? []).join('、') || '无';
    out.push({
      kind: 'participants_corrected',
      zh: `原执法案件 ${d.originalCaseNumber} 更正：删去 ${removed}；增加 ${added}；理由：${d.reason}`,
      en: `original case ${d.originalCaseNumber} corrected: removed ${removed}; added ${added}; reason: ${d.reason}`,
    });
  }
  if (typeof d.certificateNumber === 'string' && typeof d.reason === 'string' && typeof d.answerChangedFrom === 'string') {
    const was = (d.beforeZh as string | null) ?? '未登记';
    out.push({
      kind: 'certificate_corrected',
      zh: `执法证 ${d.certificateNumber}（${String(d.holderName ?? '')}）登记更正，${d.answerChangedFrom} 起的执法资格认定随之改变：原 ${was}；现 ${String(d.afterZh)}；理由：${d.reason}`,
      en: `certificate ${d.certificateNumber} (${String(d.holderName ?? '')}) corrected; the holder's qualification reads differently from ${d.answerChangedFrom}: was ${d.beforeZh ?? 'not registered'}; now ${String(d.afterZh)}; reason: ${d.reason}`,
    });
  }
  return out;
}

/** Every finding ever recorded on the case, superseded ones included (staff only). */
export async function findingHistory(ctx: Ctx, caseId: string) {
  const q = ctx.db.kysely;
  if ((await requireCaseAccess(q, ctx.actor, caseId)).perspective !== 'full') throw caseHidden();
  const rows = await findingHistoryRows(q, caseId);
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

/**
 * WC-11: while a served subject's period to state a defence runs, 执行处理决定 is offered greyed out
 * with the reason and the due date — the same rule the step enforces (`defence-period.ts`).
 */
async function withDefencePeriod<A extends { action: string }>(ctx: Ctx, q: Q, caseId: string, decisionId: string | null, allowed: A[]): Promise<A[]> {
  const i = allowed.findIndex((a) => a.action === 'start_execution' && !('blocked' in a && a.blocked));
  if (i < 0 || !decisionId) return allowed;
  const block = await defencePeriodBlock(ctx, q, caseId, decisionId, chinaDate(ctx.clock.now()));
  if (!block) return allowed;
  const out = [...allowed];
  out[i] = { ...allowed[i]!, blocked: { zh: block.zh, en: block.en, citation: 'WC-11' } };
  return out;
}

/** The subject's own deadline to state a defence, with the waiver they signed at service, if any (WC-11). */
async function respondByOfSubject(ctx: Ctx, q: Q, caseId: string, served: NotificationRecord | undefined) {
  return served ? respondByOf(ctx, q, caseId, served.notifiedOn, served) : null;
}
