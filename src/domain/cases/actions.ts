// Every step of the case lifecycle as data: the states it may be taken from, the state it leads
// to, who may take it, the article that requires it and the input it needs. The service guards
// transitions with this table and lists the caller's next actions from it (the UI renders its
// buttons only from that list), so the two can never disagree.
import type { Role } from '../../policies/roles';
import type { ActionSchemaName } from './schemas';
import type { CaseSource, CaseState, Track } from './states';

export const CASE_ACTIONS = [
  'accept',
  'not_accept',
  'transfer',
  'register',
  'decline_registration',
  'report_to_leader',
  'appoint_team',
  'start_investigation',
  'add_subject',
  'link_original_case',
  'record_evidence',
  'record_finding',
  'submit_findings',
  'return_for_investigation',
  'decide',
  'notify',
  'file_defence',
  'file_appeal',
  'decide_appeal',
  'refer_appeal',
  'execute_supervision_decision',
  'start_execution',
  'complete_execution_item',
  'record_payment',
  'reply',
  'close',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** How an actor relates to a case: a role, sometimes narrowed to this case (team, own case). */
export type Actorship = 'clerk' | 'leader' | 'decider' | 'team_investigator' | 'case_subject';

export const ACTORSHIP_LABELS: Record<Actorship, { zh: string; en: string }> = {
  clerk: { zh: '委法制科', en: 'legal-affairs clerk' },
  leader: { zh: '委主要负责人', en: 'main leader' },
  decider: { zh: '委党委会（集体讨论）成员', en: 'decision-body member' },
  team_investigator: { zh: '本案调查组成员', en: "a member of this case's investigation team" },
  case_subject: { zh: '本案被调查人本人', en: 'the subject of this case' },
};

/** What the machine needs to know about a case (loaded by the service; pure data here). */
export interface CaseFacts {
  state: CaseState;
  source: CaseSource;
  tracks: readonly Track[];
  subjectPersonIds: readonly string[];
  teamUserIds: readonly string[];
  /** subjects with a current finding */
  findingSubjectIds: readonly string[];
  /** subjects in the decision in force */
  decisionSubjectIds: readonly string[];
  /**
   * subjects served with the decision in force (WC-11): a service counts for a subject until a
   * later decision changes that subject's part (on their defence or appeal); a change for one
   * subject leaves the others' service as it was
   */
  notifiedSubjectIds: readonly string[];
  /**
   * subjects of the decision in force whose execution of it has not started (all of them before
   * execution; during execution, a subject whose part was changed and awaits its service and its
   * period to state a defence). Absent: not known, none.
   */
  unexecutedSubjectIds?: readonly string[];
  pendingAppeals: number;
  /**
   * WC-11: 陈述申辩 (kind defence) awaiting the commission's own review — the only ones its decision
   * body decides (decide_appeal); a 申诉 goes to the outside body. Absent: not known, pendingAppeals counts.
   */
  pendingDefences?: number;
  /**
   * WC-11: 申诉 (kind appeal) recorded and neither sent to the outside body (no referral) nor
   * otherwise answered (outcome pending) — each waits on the clerks to refer it (refer_appeal)
   */
  unreferredAppeals: number;
  openExecutionItems: number;
  /** open FL-13 recovery items (赔偿费用追偿) among them; absent: not known, the open items count */
  openRecoveryItems?: number;
}

export interface ActorFacts {
  userId: string;
  roles: readonly Role[];
  personId: string | null;
}

export interface Refusal {
  zh: string;
  en: string;
  citation: string;
}

export interface ActionDef {
  action: CaseAction;
  labelZh: string;
  labelEn: string;
  citation: string | ((f: CaseFacts) => string);
  from: readonly CaseState[];
  /** the next state; 'same' for steps that record without moving the case */
  to: CaseState | 'same' | ((f: CaseFacts, input: Record<string, unknown>) => CaseState);
  who: readonly Actorship[] | ((f: CaseFacts) => readonly Actorship[]);
  needs: ActionSchemaName;
  /**
   * A step one may take but the case does not wait for: true for everyone, or the actorships for
   * whom it is optional (a clerk may record a subject's defence; the subject is the one it waits on).
   */
  optional?: boolean | readonly Actorship[];
  /** conditions on the case's data (not its state or the actor); null when met */
  precondition?: (f: CaseFacts) => Refusal | null;
  /**
   * A refusal with a code of its own in these states (which the step is not taken from), instead
   * of TRANSITION_NOT_ALLOWED: what the rule says there, e.g. a 陈述申辩 after closure.
   */
  refusedIn?: { states: readonly CaseState[]; code: StateRefusalCode } & Refusal;
}

/** The codes a step's own refusal in a state may carry (src/errors.ts). */
export type StateRefusalCode = 'DEFENCE_PERIOD_OVER';

/** Subjects of the decision in force not yet served with it (WC-11). */
const unserved = (f: CaseFacts): string[] => f.decisionSubjectIds.filter((p) => !f.notifiedSubjectIds.includes(p));
const unservedRefusal = (f: CaseFacts): Refusal | null => {
  const n = unserved(f).length;
  return n ? { zh: `现行处理决定尚未向 ${n} 名被追究人员送达`, en: `the decision in force has not been served on ${n} subject(s)`, citation: 'WC-11' } : null;
};

const ALL_STATES_BEFORE_DECISION: CaseState[] = ['registered', 'reported', 'team_appointed', 'investigating'];
const AFTER_DECISION: CaseState[] = ['decided', 'notified', 'executing'];
/** WC-11 sets no period for a 申诉 (按照有关规定): it is recorded, sent and its outcome executed after closure too. */
const APPEAL_OPEN: CaseState[] = [...AFTER_DECISION, 'closed'];
const notServedYet = (f: CaseFacts): Refusal | null => (f.notifiedSubjectIds.length === 0 ? { zh: '处理决定尚未送达', en: 'the decision has not been served yet', citation: 'WC-11' } : null);
const hasFL = (f: CaseFacts): boolean => f.tracks.includes('FL');

export const ACTION_DEFS: Record<CaseAction, ActionDef> = {
  accept: {
    action: 'accept',
    labelZh: '受理并答复',
    labelEn: 'Accept and reply',
    citation: 'WC-9(1)',
    from: ['intake'],
    to: (_f, input) => (input.withinCompetence === false ? 'to_transfer' : 'accepted'),
    who: ['clerk'],
    needs: 'AcceptInput',
  },
  not_accept: {
    action: 'not_accept',
    labelZh: '不予受理并答复',
    labelEn: 'Do not accept; reply',
    citation: 'WC-9(1)',
    from: ['intake'],
    to: 'not_accepted',
    who: ['clerk'],
    needs: 'NotAcceptInput',
  },
  transfer: {
    action: 'transfer',
    labelZh: '转送有权部门',
    labelEn: 'Transfer to the competent body',
    citation: 'WC-9(1)',
    from: ['to_transfer', 'accepted'],
    to: 'transferred',
    who: ['clerk'],
    needs: 'TransferInput',
  },
  register: {
    action: 'register',
    labelZh: '立案',
    labelEn: 'Register (立案)',
    // FL-15: 有关立案、处理决定由委党委会会议确定. WC-9(1)/WC-3: on the wrong-case track the
    // legal-affairs section itself registers (立案 is the heading of WC-9(1)).
    citation: (f) => (hasFL(f) ? 'FL-15' : 'WC-9(1)'),
    from: ['accepted'],
    to: 'registered',
    who: (f) => (hasFL(f) ? ['decider'] : ['clerk', 'decider']),
    needs: 'RegisterInput',
  },
  decline_registration: {
    action: 'decline_registration',
    labelZh: '不予立案',
    labelEn: 'Decline registration',
    citation: (f) => (hasFL(f) ? 'FL-15' : 'WC-9(1)'),
    from: ['accepted'],
    to: 'not_registered',
    who: (f) => (hasFL(f) ? ['decider'] : ['clerk', 'decider']),
    needs: 'DeclineRegistrationInput',
  },
  report_to_leader: {
    action: 'report_to_leader',
    labelZh: '报委主要负责人',
    labelEn: 'Report to the main leader',
    citation: 'WC-9(2)',
    from: ['registered'],
    to: 'reported',
    who: ['clerk'],
    needs: 'ReportToLeaderInput',
  },
  appoint_team: {
    action: 'appoint_team',
    labelZh: '指派调查组',
    labelEn: 'Appoint the investigation team',
    citation: 'WC-9(2)',
    from: ['reported'],
    to: 'team_appointed',
    who: ['leader'],
    needs: 'AppointTeamInput',
  },
  start_investigation: {
    action: 'start_investigation',
    labelZh: '开始调查',
    labelEn: 'Start the investigation',
    citation: 'FL-16',
    from: ['team_appointed'],
    to: 'investigating',
    who: ['team_investigator'],
    needs: 'StartInvestigationInput',
  },
  add_subject: {
    action: 'add_subject',
    labelZh: '增加被调查人',
    labelEn: 'Add a subject',
    citation: 'FL-8',
    from: ALL_STATES_BEFORE_DECISION,
    to: 'same',
    who: ['clerk', 'team_investigator'],
    needs: 'AddSubjectInput',
    optional: true,
  },
  // issue 9: an online report names no original enforcement case; the clerk links it (or corrects
  // or removes the link) so the wrong-case track (WC-5, WC-10) and the recusal facts (the original
  // case's handlers and approvers, FL-8) work from the register.
  link_original_case: {
    action: 'link_original_case',
    labelZh: '关联原执法案件',
    labelEn: 'Link the original enforcement case',
    citation: 'WC-9(1)',
    from: ['intake', 'accepted', 'registered', 'reported', 'team_appointed', 'investigating'],
    to: 'same',
    who: ['clerk'],
    needs: 'LinkOriginalCaseInput',
    optional: true,
    precondition: (f) => (f.source !== 'report' ? { zh: '错案线索在登记时已关联原执法案件，不能更改', en: 'a WC-5 source is linked to its original case at intake and cannot be changed', citation: 'WC-5' } : null),
  },
  record_evidence: {
    action: 'record_evidence',
    labelZh: '登记证据',
    labelEn: 'Record evidence',
    citation: 'WC-9(2)',
    from: ['investigating'],
    to: 'same',
    // WC-9(2): the subject hands in statements and materials (kind 'statement' only, see the handler)
    who: ['team_investigator', 'case_subject'],
    needs: 'EvidenceInput',
    optional: ['case_subject'],
  },
  record_finding: {
    action: 'record_finding',
    labelZh: '认定责任（逐人）',
    labelEn: 'Record a finding for a subject',
    citation: 'WC-9(3)',
    from: ['investigating'],
    to: 'same',
    who: ['team_investigator'],
    needs: 'FindingInput',
  },
  submit_findings: {
    action: 'submit_findings',
    labelZh: '调查终结，提交认定',
    labelEn: 'Submit the findings',
    citation: 'WC-9(3)',
    from: ['investigating'],
    to: 'findings_submitted',
    who: ['team_investigator'],
    needs: 'SubmitFindingsInput',
    precondition: (f) => {
      if (f.subjectPersonIds.length === 0) {
        return { zh: '尚未确定被调查人', en: 'no subject has been identified', citation: 'FL-8' };
      }
      const missing = f.subjectPersonIds.filter((p) => !f.findingSubjectIds.includes(p));
      if (missing.length) {
        return { zh: `${missing.length} 名被调查人尚无责任认定`, en: `${missing.length} subject(s) have no finding yet`, citation: 'WC-9(3)' };
      }
      return null;
    },
  },
  return_for_investigation: {
    action: 'return_for_investigation',
    labelZh: '退回补充调查',
    labelEn: 'Return for further investigation',
    citation: 'WC-4',
    from: ['findings_submitted'],
    to: 'investigating',
    who: ['decider'],
    needs: 'ReturnInput',
  },
  decide: {
    action: 'decide',
    labelZh: '集体讨论作出处理决定',
    labelEn: 'Decide (collective meeting)',
    citation: (f) => (hasFL(f) ? 'FL-15' : 'WC-9(3)'),
    from: ['findings_submitted'],
    to: 'decided',
    who: ['decider'],
    needs: 'DecideInput',
  },
  notify: {
    action: 'notify',
    labelZh: '送达处理决定（告知陈述申辩、申诉权利）',
    labelEn: 'Serve the decision (with defence and appeal rights)',
    citation: 'WC-11',
    // Every subject is served the decision in force: after the decision, and again after a later
    // decision changes a subject's part (on a defence or appeal) — before execution or during it
    // (found by a red-team walk: a changed decision could not be served, and was executed at once).
    from: ['decided', 'notified', 'executing'],
    // The case is 'notified' once every subject of the decision in force has been served; a case
    // executing stays so (the changed part's execution waits for its service, start_execution).
    to: (f, input) => {
      if (f.state === 'executing') return 'executing';
      const served = new Set([...f.notifiedSubjectIds, String(input.subjectPersonId)]);
      return f.decisionSubjectIds.every((p) => served.has(p)) ? 'notified' : 'decided';
    },
    who: ['clerk'],
    needs: 'NotifyInput',
    precondition: (f) => (unserved(f).length === 0 ? { zh: '现行处理决定已向每名被追究人员送达', en: 'the decision in force has been served on every subject', citation: 'WC-11' } : null),
  },
  file_defence: {
    action: 'file_defence',
    labelZh: '陈述申辩 / 申诉',
    labelEn: 'State a defence / appeal',
    citation: 'WC-11',
    from: AFTER_DECISION,
    to: 'same',
    who: ['case_subject', 'clerk'],
    needs: 'DefenceInput',
    optional: ['clerk'],
    precondition: notServedYet,
    // the period to state a defence ran before execution (defence-period.ts); after closure only the 申诉 is open (file_appeal)
    refusedIn: {
      states: ['closed'],
      code: 'DEFENCE_PERIOD_OVER',
      zh: '案件已结案，不再受理陈述申辩；对处理决定不服的，仍可提出申诉',
      en: 'the case is closed: no defence is taken any more; an appeal (申诉) against the decision may still be filed',
      citation: 'WC-11',
    },
  },
  // WC-11: 也可以按照有关规定…提出申诉 — no period, so after closure too: the subject files it, or a
  // clerk records one handed in on paper; it is sent to the outside body like any appeal
  // (refer_appeal) and the case stays closed unless that body changes or revokes the decision.
  file_appeal: {
    action: 'file_appeal',
    labelZh: '申诉',
    labelEn: 'Appeal',
    citation: 'WC-11',
    from: ['closed'],
    to: 'same',
    who: ['case_subject', 'clerk'],
    needs: 'AppealInput',
    // a right, not a step the closed case waits for
    optional: true,
    precondition: notServedYet,
  },
  decide_appeal: {
    action: 'decide_appeal',
    labelZh: '复核陈述申辩 / 申诉',
    labelEn: 'Decide on a defence / appeal',
    citation: 'WC-11',
    from: AFTER_DECISION,
    to: 'same',
    who: ['decider'],
    needs: 'AppealOutcomeInput',
    // only a 陈述申辩 is the body's to review: a 申诉 is sent to the outside body (refer_appeal), so a
    // case holding only a 申诉 does not wait on the decision body
    precondition: (f) => ((f.pendingDefences ?? f.pendingAppeals) === 0 ? { zh: '没有待复核的陈述申辩（申诉应移送外部监督机关）', en: 'no defence awaits review (an appeal goes to the outside body)', citation: 'WC-11' } : null),
  },
  refer_appeal: {
    action: 'refer_appeal',
    labelZh: '移送申诉至外部监督机关',
    labelEn: 'Send the appeal to the outside supervisory body',
    // WC-11: 向行政执法监督部门或纪检、监察部门提出申诉 — outside the commission.
    citation: 'WC-11',
    // after closure too (file_appeal): the case stays closed while the body decides
    from: APPEAL_OPEN,
    to: 'same',
    who: ['clerk'],
    needs: 'ReferAppealInput',
    // Not optional: while a 申诉 is recorded and not sent (nor answered), the case waits on the
    // clerks for it — in the queue as this step, closed or not (a closed case is otherwise in no
    // queue: the subject's appeal sat unseen); once sent, the outside body has it and it waits on
    // no one here until that body decides (execute_supervision_decision, optional)
    precondition: (f) => (f.unreferredAppeals === 0 ? { zh: '没有待移送的申诉', en: 'no appeal awaits referral', citation: 'WC-11' } : null),
  },
  execute_supervision_decision: {
    action: 'execute_supervision_decision',
    labelZh: '执行外部监督机关的申诉决定',
    labelEn: "Execute the outside body's decision on the appeal",
    citation: 'WC-11',
    // on a closed case: upheld, it stays closed; changed or revoked, the case goes back to
    // 'executing' so the changed decision is served and executed (steps-supervision.ts)
    from: APPEAL_OPEN,
    to: 'same',
    who: ['clerk'],
    needs: 'ExecuteSupervisionInput',
    optional: true,
    precondition: (f) => (f.pendingAppeals === 0 ? { zh: '没有待处理的申诉', en: 'no appeal is pending', citation: 'WC-11' } : null),
  },
  start_execution: {
    action: 'start_execution',
    labelZh: '执行处理决定',
    labelEn: 'Start execution',
    citation: (f) => (hasFL(f) ? 'FL-6' : 'WC-10'),
    // WC-11: also during execution, for a subject whose part a later decision changed, once it
    // is served on them (and their period to state a defence has run: defence-period.ts).
    from: ['notified', 'executing'],
    to: 'executing',
    who: ['clerk'],
    needs: 'StartExecutionInput',
    precondition: (f) => {
      if (f.state === 'executing' && (f.unexecutedSubjectIds ?? []).length === 0) return { zh: '没有待开始执行的处理决定', en: 'no decision awaits the start of its execution', citation: 'WC-11' };
      return unservedRefusal(f);
    },
  },
  complete_execution_item: {
    action: 'complete_execution_item',
    labelZh: '登记执行结果',
    labelEn: 'Record an execution item as done',
    citation: 'WC-10',
    from: ['executing'],
    to: 'same',
    who: ['clerk'],
    needs: 'CompleteExecutionInput',
    precondition: (f) => (f.openExecutionItems === 0 ? { zh: '没有待执行事项', en: 'no open execution item', citation: 'WC-10' } : null),
  },
  record_payment: {
    action: 'record_payment',
    labelZh: '登记赔偿费用追偿缴纳',
    labelEn: 'Record a compensation payment',
    citation: 'FL-13',
    from: ['executing'],
    to: 'same',
    who: ['clerk'],
    needs: 'PaymentInput',
    // offered only while a decided recovery of compensation (FL-13) is open — not for 批评教育 etc.
    precondition: (f) => ((f.openRecoveryItems ?? f.openExecutionItems) === 0 ? { zh: '没有待追偿的赔偿费用', en: 'no compensation recovery is open', citation: 'FL-13' } : null),
  },
  reply: {
    action: 'reply',
    labelZh: '答复举报人',
    labelEn: 'Reply to the reporter',
    citation: 'WC-9(1)',
    from: ['intake', 'accepted', 'to_transfer', 'registered', 'reported', 'team_appointed', 'investigating', 'findings_submitted', 'decided', 'notified', 'executing', 'closed', 'not_accepted', 'transferred', 'not_registered'],
    to: 'same',
    who: ['clerk'],
    needs: 'ReplyInput',
    optional: true,
    precondition: (f) => (f.source !== 'report' ? { zh: '该案源无举报人，无需答复', en: 'this case has no reporter to reply to', citation: 'WC-9(1)' } : null),
  },
  close: {
    action: 'close',
    labelZh: '结案归档',
    labelEn: 'Close and archive',
    citation: 'FL-15',
    from: ['executing'],
    to: 'closed',
    who: ['clerk'],
    needs: 'CloseInput',
    precondition: (f) => {
      if (f.openExecutionItems > 0) return { zh: `尚有 ${f.openExecutionItems} 项执行事项未完成`, en: `${f.openExecutionItems} execution item(s) still open`, citation: 'FL-13' };
      if (f.pendingAppeals > 0) return { zh: '尚有陈述申辩或申诉未复核', en: 'a defence or appeal is still pending', citation: 'WC-11' };
      const notServed = unservedRefusal(f);
      if (notServed) return notServed;
      const n = (f.unexecutedSubjectIds ?? []).length;
      if (n) return { zh: `变更后的处理决定尚有 ${n} 名被追究人员未开始执行`, en: `the changed decision's execution has not started for ${n} subject(s)`, citation: 'WC-11' };
      return null;
    },
  },
};
