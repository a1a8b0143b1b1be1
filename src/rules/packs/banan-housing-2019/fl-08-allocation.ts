// FL-8: who answers for the error, from each person's role in the original enforcement case
// and where the error originated (facts.errorOrigins). A person named by several items answers
// in each capacity: the engine keeps the highest level (allocations accumulate).
import type { Bilingual, EvalContext, RuleModule, SubjectState } from '../../types';
import { adverseConsequences, hasRole } from './facts';
import { rule, why } from './provision';

// 八、追究行政执法人员执法过错责任应当分清主要责任人和直接责任人，并分别追究其过错责任。
export const FL_8 = rule(
  'FL-8',
  '追究行政执法人员执法过错责任应当分清主要责任人和直接责任人，并分别追究其过错责任。',
  'Distinguish the principally and the directly responsible persons and pursue each one separately.',
);
// （一）承办人故意或者过失造成执法过错的，追究承办人的过错责任；
export const FL_8_1 = rule(
  'FL-8(1)',
  '承办人故意或者过失造成执法过错的，追究承办人的过错责任；',
  'Where the handler caused the fault by intent or negligence, the handler is liable;',
);
// （二）批准人对承办人的错误意见失察，主要追究批准人的过错责任并同时酌情追究承办人的过错责任；多级批准
// 时，主要追究最后批准人的过错责任并同时酌情追究有关批准人及承办人的过错责任；
export const FL_8_2 = rule(
  'FL-8(2)',
  '批准人对承办人的错误意见失察，主要追究批准人的过错责任并同时酌情追究承办人的过错责任；多级批准时，主要追究最后批准人的过错责任并同时酌情追究有关批准人及承办人的过错责任；',
  "Where the approver failed to catch the handler's wrong opinion, the approver is principally liable and the handler as appropriate; with several approval levels, the last approver principally, the other approvers concerned and the handler as appropriate;",
);
// （三）集体研究决定错误的，追究主持研究决定人的过错责任并同时追究坚持错误意见者的过错责任；
export const FL_8_3 = rule(
  'FL-8(3)',
  '集体研究决定错误的，追究主持研究决定人的过错责任并同时追究坚持错误意见者的过错责任；',
  'Where a collective decision was wrong, the person who chaired it and those who insisted on the wrong opinion are liable;',
);
// （四）负责人授意或指使承办人违反法律、法规，追究该责任人的过错责任；
export const FL_8_4 = rule(
  'FL-8(4)',
  '负责人授意或指使承办人违反法律、法规，追究该责任人的过错责任；',
  'Where a leader suggested or directed the handler to break the law, that leader is liable;',
);
// （五）不具备执法资格的人员执法，导致执法过错追究用人失职者的过错责任；
export const FL_8_5 = rule(
  'FL-8(5)',
  '不具备执法资格的人员执法，导致执法过错追究用人失职者的过错责任；',
  'Where a person without enforcement qualification enforced and erred, whoever assigned them is liable;',
);
// （六）不履行法定职责或对本职工作敷衍造成恶劣影响或不良后果的，追究直接责任人的过错责任。
export const FL_8_6 = rule(
  'FL-8(6)',
  '不履行法定职责或对本职工作敷衍造成恶劣影响或不良后果的，追究直接责任人的过错责任。',
  'Where a statutory duty was not performed or work was done perfunctorily with bad influence or adverse consequences, the directly responsible person is liable.',
);

const W = {
  separate: why('按各人在原执法案件中的角色分别认定责任。', "Responsibility is allocated to each person separately, by role in the original case."),
  handler: why('错误源于承办人（故意或过失），追究承办人责任。', 'The error originated with the handler (intent or negligence): the handler is liable.'),
  lastApprover: why(
    '此人是批准人，对承办人的错误意见失察：主要追究批准人。',
    "This person approved and failed to catch the handler's wrong opinion: principally liable.",
  ),
  lastOfSeveral: why(
    '多级批准，此人是最后批准人：主要追究最后批准人。',
    'Several approval levels; this person approved last: principally liable.',
  ),
  earlierApprover: why(
    '多级批准，此人是较前一级的批准人：酌情追究。',
    'Several approval levels; this person approved at an earlier level: liable as appropriate.',
  ),
  handlerAsAppropriate: why(
    '批准人失察时，同时酌情追究承办人。',
    'Where the approver failed to catch the error, the handler is liable as appropriate.',
  ),
  tiedLast: why(
    '有两名以上批准人处于最后一级，均按最后批准人主要追究；请核实批准层级。',
    'Two or more approvers share the last level; each is treated as the last approver — check the approval levels.',
  ),
  chair: why('集体研究决定错误，此人主持研究决定：追究责任。', 'The collective decision was wrong and this person chaired it: liable.'),
  chairDissented: why(
    '主持人在记录中持反对意见；FL-8(3) 仍追究主持研究决定人，是否减轻请人工判断。',
    'The chair dissented on record; FL-8(3) still names the chair — whether that mitigates is for a person to judge.',
  ),
  insisted: why('集体研究中此人坚持错误意见：追究责任。', 'In the collective deliberation this person insisted on the wrong opinion: liable.'),
  dissented: why('此人在记录中明确反对错误意见，不属“坚持错误意见者”：不追究。', 'This person dissented on record and did not insist on the wrong opinion: not liable.'),
  agreed: why(
    '此人同意但未坚持错误意见，FL-8(3) 未点名，不据此追究；是否追究请人工判断。',
    'This person agreed but did not insist; FL-8(3) does not name them, so not liable under it — a person may judge otherwise.',
  ),
  silent: why(
    '此人在集体研究中未表态，FL-8(3) 未点名，不据此追究；是否追究请人工判断。',
    'This person stayed silent; FL-8(3) does not name them, so not liable under it — a person may judge otherwise.',
  ),
  leader: why('负责人授意或指使承办人违法：追究该负责人。', 'A leader suggested or directed the handler to break the law: that leader is liable.'),
  assignerRegister: why(
    '证照登记显示其指派的执法人员在行为发生日不具备执法资格：追究用人失职者。',
    'The certificate register shows a person this one assigned was not qualified on the conduct date: the assigner is liable.',
  ),
  assignerTyped: why(
    '认定不具备执法资格的人员执法，此人是用人者：追究用人失职者。',
    'An unqualified person enforced; this person assigned them: liable.',
  ),
  unqualifiedDerived: why(
    '证照登记显示该承办人在行为发生日没有有效的行政执法证（不具备执法资格），FL-8(5) 适用。',
    'The certificate register shows this handler had no valid enforcement certificate on the conduct date: FL-8(5) applies.',
  ),
  registerSaysQualified: why(
    '填写了“不具备执法资格的人员执法”，但证照登记显示各承办人在行为发生日均持有效证件；以登记为准，FL-8(5) 不适用。',
    'The facts say an unqualified person enforced, but the register shows every handler qualified on the conduct date; the register prevails and FL-8(5) does not apply.',
  ),
  noAssigner: why(
    '不具备执法资格的人员执法，但没有登记是谁指派的（用人者）；请补充。',
    'An unqualified person enforced but nobody is recorded as having assigned them; add the assigner.',
  ),
  direct: why('不履行法定职责或敷衍造成不良后果：追究直接责任人。', 'Duty not performed or done perfunctorily with adverse effect: the directly responsible person is liable.'),
  noAdverse: why(
    'FL-8(6) 以“造成恶劣影响或不良后果”为要件，案件事实未认定，不适用。',
    'FL-8(6) requires bad influence or adverse consequences, none found: it does not apply.',
  ),
  handlerInstructed: why(
    '负责人授意或指使承办人（FL-8(4) 追究该负责人）；承办人执行指示时有本人的过错，仍按 FL-8(1) 追究，受指使的情况由决定机关在幅度内斟酌。',
    'A leader suggested or directed the handler (FL-8(4) holds the leader); the handler carried it out with a fault of his own and is still held under FL-8(1) — the instruction is weighed within the range.',
  ),
  handlerNoFault: why(
    '此人是承办人，但没有认定其本人成立的过错事项：FL-8(1) 以承办人故意或过失造成执法过错为要件，不据此追究。',
    "This person handled the case but no fault of his own is established: FL-8(1) requires the handler's intent or negligence — not held under it.",
  ),
  noWrongOpinion: why(
    '批准人是被调查人，但没有认定承办人有错误意见（承办人本人的过错事项）：FL-8(2) 的要件不全，请人工判断或补充认定。',
    "An approver is a subject but no wrong opinion of the handler (the handler's own fault) is found: FL-8(2)'s elements are incomplete — a person must judge or complete the findings.",
  ),
  lastNotSubject: why(
    '最后一级批准人不是有责任认定的被调查人：FL-8(2) 主要追究最后批准人，请补充对其的认定。',
    'The last approver is not a subject with a finding: FL-8(2) holds the last approver principally — add a finding for that person.',
  ),
  assignerNoFinding: why(
    '指派了不具备执法资格人员的用人者，没有其本人用人失职（故意或过失）的认定：FL-8(5) 不推定此要件，请补充认定。',
    'This person assigned an unqualified enforcer, but no finding of their own lack of care (intent or negligence) is recorded: FL-8(5) does not presume it — record the finding.',
  ),
  cannotCheckQualification: why(
    '没有证照登记，也没有认定承办人不具备执法资格（WC-6(2)）：无法核查 FL-8(5)、WC-6(2)，请补充证照信息。',
    "No certificate register and no finding on the handlers' qualification (WC-6(2)): FL-8(5) and WC-6(2) cannot be checked — supply the certificate data.",
  ),
  missingHandler: why('错误来源涉及承办人，但参与人中没有承办人。', 'The error origin involves a handler but no participant is a handler.'),
  missingApprover: why('错误来源为批准人失察，但参与人中没有批准人。', 'The error origin is approval oversight but no participant is an approver.'),
  missingCollective: why('错误来源为集体研究决定，但没有记录集体研究成员。', 'The error origin is a collective decision but no members are recorded.'),
  missingChair: why('集体研究决定错误，但没有记录主持人。', 'The collective decision was wrong but no chair is recorded.'),
  missingLeader: why('错误来源为负责人授意或指使，但参与人中没有该负责人。', 'The error origin is a leader’s instruction but no instructing leader is recorded.'),
  missingDirect: why('错误来源为不履行职责，但没有记录直接责任人。', 'The error origin is non-performance but no directly responsible person is recorded.'),
};

function approverLevel(s: SubjectState): number {
  return s.approverLevel;
}

function anyWithRole(subjects: readonly SubjectState[], role: Parameters<typeof hasRole>[1]): boolean {
  for (let i1_ = 0, a1_ = subjects; i1_ < a1_.length; i1_++) { const s = a1_[i1_]!; if (hasRole(s, role)) return true; }
  return false;
}

/** A subject: a person with a finding of their own (participants with subject=false give context only). */
export function isSubject(s: SubjectState): boolean {
  return s.isSubject;
}

/** 承办人故意或者过失造成执法过错: a subject with an established fault item, not found free of fault (FL-2). */
export function ownFault(s: SubjectState): boolean {
  return s.isSubject && s.faults.length > 0 && s.culpability !== 'none';
}

/** A finding of the person's own lack of care: a subject not found free of fault (FL-2). */
function ownFinding(s: SubjectState): boolean {
  const c = s.culpability;
  return s.isSubject && c !== undefined && c !== 'none' && c !== 'undetermined';
}

/**
 * FL-8(1), from each handler's own findings: a handler with an established fault item is held
 * under FL-8(1) whatever the case-wide origins say; under an instructing leader (FL-8(4)) the
 * handler who carried out the instruction with a fault of his own is still held (and the
 * instruction is noted for weighing). FL-8(2) is an exception to FL-8(1) (pack data, EXCEPTIONS).
 */
function allocateHandlers(ctx: EvalContext): void {
  let any = false;
  const instructed = anyWithRole(ctx.subjects, 'instructing_leader');
  for (let i2_ = 0, a2_ = ctx.subjects; i2_ < a2_.length; i2_++) {
    const s = a2_[i2_]!;
    if (!hasRole(s, 'handler')) continue;
    any = true;
    if (!isSubject(s)) continue;
    if (ownFault(s)) {
      ctx.allocate(s, 'accountable', 'FL-8(1)');
      ctx.trace(FL_8_1, 'fired', s.id, W.handler);
      if (instructed) ctx.trace(FL_8_4, 'info', s.id, W.handlerInstructed);
    } else {
      ctx.trace(FL_8_1, 'not_applied', s.id, W.handlerNoFault);
    }
  }
  if (!any && ctx.facts.errorOrigins.includes('handler')) ctx.warn('missing_data', null, ['FL-8(1)'], W.missingHandler);
}

/**
 * FL-8(2): applies when an approver is a subject and a handler's wrong opinion (his own fault)
 * is found. The last approval level is read from every recorded approver (subjects or not).
 */
function allocateApprovers(ctx: EvalContext): void {
  let last = 0;
  let first = Infinity;
  let subjectApprovers = 0;
  for (let i3_ = 0, a3_ = ctx.subjects; i3_ < a3_.length; i3_++) {
    const s = a3_[i3_]!;
    const l = approverLevel(s);
    if (l > 0) {
      if (l > last) last = l;
      if (l < first) first = l;
      if (isSubject(s)) subjectApprovers++;
    }
  }
  if (last === 0) {
    if (ctx.facts.errorOrigins.includes('approval_oversight')) ctx.warn('missing_data', null, ['FL-8(2)'], W.missingApprover);
    return;
  }
  if (subjectApprovers === 0) return;
  let wrongOpinion = false;
  for (let i4_ = 0, a4_ = ctx.subjects; i4_ < a4_.length; i4_++) { const s = a4_[i4_]!; if (hasRole(s, 'handler') && ownFault(s)) wrongOpinion = true; }
  if (!wrongOpinion) {
    for (let i5_ = 0, a5_ = ctx.subjects; i5_ < a5_.length; i5_++) { const s = a5_[i5_]!; if (approverLevel(s) > 0 && isSubject(s)) ctx.trace(FL_8_2, 'not_applied', s.id, W.noWrongOpinion); }
    const anyHandler = anyWithRole(ctx.subjects, 'handler');
    ctx.warn(anyHandler ? 'human_judgement' : 'missing_data', null, ['FL-8(2)'], anyHandler ? W.noWrongOpinion : W.missingHandler);
    return;
  }
  const multi = first !== last;
  let atLast = 0;
  let lastIsSubject = false;
  for (let i6_ = 0, a6_ = ctx.subjects; i6_ < a6_.length; i6_++) {
    const s = a6_[i6_]!;
    const l = approverLevel(s);
    if (l === last) atLast++;
    if (!isSubject(s)) continue;
    if (l === last) {
      lastIsSubject = true;
      ctx.allocate(s, 'primary', 'FL-8(2)');
      ctx.trace(FL_8_2, 'fired', s.id, multi ? W.lastOfSeveral : W.lastApprover);
    } else if (l > 0) {
      ctx.allocate(s, 'as_appropriate', 'FL-8(2)');
      ctx.trace(FL_8_2, 'fired', s.id, W.earlierApprover);
    }
    if (hasRole(s, 'handler') && ownFault(s)) {
      ctx.allocate(s, 'as_appropriate', 'FL-8(2)');
      ctx.trace(FL_8_2, 'fired', s.id, W.handlerAsAppropriate);
    }
  }
  if (atLast > 1) ctx.warn('human_judgement', null, ['FL-8(2)'], W.tiedLast);
  if (!lastIsSubject) ctx.warn('missing_data', null, ['FL-8(2)'], W.lastNotSubject);
}

/** FL-8(3): the deliberation recorded for the original case decided it; only subjects are held. */
function allocateCollective(ctx: EvalContext): void {
  let members = 0;
  let chairs = 0;
  for (let i7_ = 0, a7_ = ctx.subjects; i7_ < a7_.length; i7_++) {
    const s = a7_[i7_]!;
    if (!hasRole(s, 'collective_member')) continue;
    for (let i8_ = 0, a8_ = s.roles; i8_ < a8_.length; i8_++) {
      const r = a8_[i8_]!;
      if (r.role !== 'collective_member') continue;
      members++;
      if (r.chair) chairs++;
      if (!isSubject(s)) continue;
      if (r.chair) {
        ctx.allocate(s, 'accountable', 'FL-8(3)');
        ctx.trace(FL_8_3, 'fired', s.id, W.chair);
        if (r.opinion === 'dissented') ctx.warn('human_judgement', s.id, ['FL-8(3)'], W.chairDissented);
      } else if (r.opinion === 'insisted') {
        ctx.allocate(s, 'accountable', 'FL-8(3)');
        ctx.trace(FL_8_3, 'fired', s.id, W.insisted);
      } else if (r.opinion === 'dissented') {
        ctx.allocate(s, 'none', 'FL-8(3)');
        ctx.trace(FL_8_3, 'info', s.id, W.dissented);
      } else {
        const w = r.opinion === 'agreed' ? W.agreed : W.silent;
        ctx.allocate(s, 'none', 'FL-8(3)');
        ctx.trace(FL_8_3, 'info', s.id, w);
        ctx.warn('human_judgement', s.id, ['FL-8(3)'], w);
      }
    }
  }
  if (members === 0) {
    if (ctx.facts.errorOrigins.includes('collective_decision')) ctx.warn('missing_data', null, ['FL-8(3)'], W.missingCollective);
  } else if (chairs === 0) ctx.warn('missing_data', null, ['FL-8(3)'], W.missingChair);
}

/** FL-8(4): the leader recorded as having suggested or directed the violation. */
function allocateLeaders(ctx: EvalContext): void {
  let any = false;
  for (let i9_ = 0, a9_ = ctx.subjects; i9_ < a9_.length; i9_++) {
    const s = a9_[i9_]!;
    if (!hasRole(s, 'instructing_leader')) continue;
    any = true;
    if (!isSubject(s)) continue;
    ctx.allocate(s, 'accountable', 'FL-8(4)');
    ctx.trace(FL_8_4, 'fired', s.id, W.leader);
  }
  if (!any && ctx.facts.errorOrigins.includes('leader_instruction')) ctx.warn('missing_data', null, ['FL-8(4)'], W.missingLeader);
}

/**
 * FL-8(5). With a certificate register in the facts, the register decides who was unqualified
 * on the conduct date (a typed origin is only checked against it). Without a register, a
 * handler found under WC-6(2) (or the typed origin) counts as unqualified; with neither, the
 * engine cannot check and says so. An assigner is named only on a finding of their own lack of
 * care in assigning (用人失职): no presumed element.
 */
function allocateAssigners(ctx: EvalContext): void {
  const typedOrigin = ctx.facts.errorOrigins.includes('unqualified_enforcement');
  const register = ctx.facts.certificates !== undefined;
  // The unqualified handlers' ids: UNQUALIFIED[0..nUnq) (a buffer reused between cases).
  const unqualified = UNQUALIFIED;
  let nUnq = 0;
  let anyHandler = false;
  const subjects = ctx.subjects;
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i]!;
    if (!hasRole(s, 'handler')) continue;
    anyHandler = true;
    if (register) {
      // Not enforcement staff (FL-3) is no enforcement qualification either.
      if (s.qualified === false || s.notStaff) {
        unqualified[nUnq++] = s.id;
        ctx.trace(FL_8_5, 'derived', s.id, W.unqualifiedDerived);
      }
    } else if (typedOrigin || s.faults.includes('WC-6(2)') || s.notStaff) unqualified[nUnq++] = s.id;
  }
  if (nUnq === 0) {
    if (register) {
      if (typedOrigin) ctx.warn('register_mismatch', null, ['FL-8(5)'], W.registerSaysQualified);
    } else if (anyHandler) ctx.warn('missing_data', null, ['FL-8(5)', 'WC-6(2)'], W.cannotCheckQualification, 'note');
    return;
  }
  // The unqualified handlers some assigner is recorded for: COVERED[0..nCov).
  const covered = COVERED;
  let nCov = 0;
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i]!;
    if (!hasRole(s, 'assigner')) continue;
    const roles = s.roles;
    for (let j = 0; j < roles.length; j++) {
      const r = roles[j]!;
      if (r.role !== 'assigner') continue;
      let assigned = false;
      const ids = r.assignedIds;
      for (let m = 0; m < ids.length; m++) {
        const a = ids[m]!;
        if (!inList(unqualified, nUnq, a)) continue;
        assigned = true;
        if (!inList(covered, nCov, a)) covered[nCov++] = a;
      }
      if (!assigned) continue;
      if (ownFinding(s)) {
        ctx.allocate(s, 'accountable', 'FL-8(5)');
        ctx.trace(FL_8_5, 'fired', s.id, register ? W.assignerRegister : W.assignerTyped);
      } else {
        ctx.trace(FL_8_5, 'not_applied', s.id, W.assignerNoFinding);
        ctx.warn('missing_data', s.id, ['FL-8(5)'], W.assignerNoFinding);
      }
    }
  }
  if (nCov < nUnq) ctx.warn('missing_data', null, ['FL-8(5)'], W.noAssigner);
}

const UNQUALIFIED: string[] = [];
const COVERED: string[] = [];
function inList(list: readonly string[], n: number, v: string): boolean {
  for (let i = 0; i < n; i++) if (list[i] === v) return true;
  return false;
}

/** FL-8(6): the person recorded as directly responsible for the duty not performed. */
function allocateDirect(ctx: EvalContext): void {
  let anyDirect = false;
  const subjects = ctx.subjects;
  for (let i = 0; i < subjects.length; i++) if (hasRole(subjects[i]!, 'direct_responsible')) anyDirect = true;
  if (!anyDirect) {
    if (ctx.facts.errorOrigins.includes('non_performance')) ctx.warn('missing_data', null, ['FL-8(6)'], W.missingDirect);
    return;
  }
  if (!adverseConsequences(ctx)) {
    ctx.trace(FL_8_6, 'not_applied', null, W.noAdverse);
    ctx.warn('precondition_not_met', null, ['FL-8(6)'], W.noAdverse);
    return;
  }
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i]!;
    if (!hasRole(s, 'direct_responsible') || !isSubject(s)) continue;
    ctx.allocate(s, 'accountable', 'FL-8(6)');
    ctx.trace(FL_8_6, 'fired', s.id, W.direct);
  }
}

/** Case-wide origins typed by a user, and the FL-8 items that bear each one out. */
const ORIGIN_ITEMS: Readonly<Record<string, readonly string[]>> = {
  handler: ['FL-8(1)', 'FL-8(2)'],
  approval_oversight: ['FL-8(2)'],
  collective_decision: ['FL-8(3)'],
  leader_instruction: ['FL-8(4)'],
  unqualified_enforcement: ['FL-8(5)'],
  non_performance: ['FL-8(6)'],
};

/** The origin each item stands for, for the reverse check. */
const ITEM_ORIGIN: Readonly<Record<string, string>> = {
  'FL-8(1)': 'handler',
  'FL-8(2)': 'approval_oversight',
  'FL-8(3)': 'collective_decision',
  'FL-8(4)': 'leader_instruction',
  'FL-8(5)': 'unqualified_enforcement',
  'FL-8(6)': 'non_performance',
};

/**
 * The case-wide "error origins" no longer decide anything: responsibility follows each person's
 * own participation and findings. When origins are given they are checked, both ways, against
 * the items that in the end ground someone's responsibility; each disagreement is a warning.
 */
function checkOrigins(ctx: EvalContext): void {
  const origins: readonly string[] = ctx.facts.errorOrigins;
  if (origins.length === 0) return;
  // The items grounding someone's responsibility (a handful: an array beats a Set here).
  const grounded: string[] = [];
  for (let i16_ = 0, a16_ = ctx.subjects; i16_ < a16_.length; i16_++) {
    const s = a16_[i16_]!;
    if (s.responsibility === 'none') continue;
    for (let i17_ = 0, a17_ = s.responsibilityBasis; i17_ < a17_.length; i17_++) { const id = a17_[i17_]!; if (!grounded.includes(id)) grounded.push(id); }
  }
  for (let i18_ = 0, a18_ = origins; i18_ < a18_.length; i18_++) {
    const o = a18_[i18_]!;
    const byOrigin = BY_ORIGIN.get(o)!;
    const items = byOrigin.items;
    let borne = false;
    for (let i19_ = 0, a19_ = items; i19_ < a19_.length; i19_++) { const i = a19_[i19_]!; if (grounded.includes(i)) borne = true; }
    if (borne) continue;
    const w = byOrigin.unborne;
    ctx.warn('inconsistent_findings', null, w.ruleIds, w);
  }
  for (let i20_ = 0, a20_ = ITEMS; i20_ < a20_.length; i20_++) {
    const item = a20_[i20_]!;
    if (grounded.includes(item) && !origins.includes(ITEM_ORIGIN_LIST[i20_]!)) {
      const w = ITEM_UNSTATED_LIST[i20_]!;
      ctx.warn('inconsistent_findings', null, w.ruleIds, w);
    }
  }
}

const ITEMS = Object.keys(ITEM_ORIGIN);
type OriginWarning = Bilingual & { ruleIds: string[] };
/** The warning texts, built once at load (constant per origin and per item). */
const ORIGIN_UNBORNE: Readonly<Record<string, OriginWarning>> = Object.fromEntries(
  Object.entries(ORIGIN_ITEMS).map(([o, items]) => [
    o,
    {
      ruleIds: Object.freeze([items[items.length - 1]!]) as string[],
      zh: `填写的错误来源指向 ${items.join('/')}，但各人的认定未使其成为任何人承担责任的依据；以各人的认定为准，请核实错误来源或补充认定。`,
      en: `The stated error origin points to ${items.join('/')}, but no one's findings make it ground anyone's responsibility; each person's findings prevail — check the origin or complete the findings.`,
    },
  ]),
);
const ITEM_UNSTATED: Readonly<Record<string, OriginWarning>> = Object.fromEntries(
  ITEMS.map((item) => [
    item,
    {
      ruleIds: Object.freeze([item]) as string[],
      zh: `各人的认定使 ${item} 成为责任依据，但填写的错误来源未包括它；以各人的认定为准，请核实错误来源。`,
      en: `The findings make ${item} ground someone's responsibility, but the stated error origins leave it out; each person's findings prevail — check the origins.`,
    },
  ]),
);

// The tables above read by position or through a Map, built at load (a keyed read of an object
// with a varying key is a megamorphic load: issue 10).
const ITEM_ORIGIN_LIST: readonly string[] = ITEMS.map((item) => ITEM_ORIGIN[item]!);
const ITEM_UNSTATED_LIST: readonly OriginWarning[] = ITEMS.map((item) => ITEM_UNSTATED[item]!);
const BY_ORIGIN: ReadonlyMap<string, { readonly items: readonly string[]; readonly unborne: OriginWarning }> = new Map(
  Object.entries(ORIGIN_ITEMS).map(([o, items]) => [o, { items, unborne: ORIGIN_UNBORNE[o]! }] as const),
);

export const fl08Allocation: RuleModule = {
  name: 'fl-08-allocation',
  implements: ['FL-8(1)', 'FL-8(2)', 'FL-8(3)', 'FL-8(4)', 'FL-8(5)', 'FL-8(6)'],
  phase: 'assess',
  run(ctx) {
    ctx.trace(FL_8, 'fired', null, W.separate);
    allocateHandlers(ctx);
    allocateApprovers(ctx);
    allocateCollective(ctx);
    allocateLeaders(ctx);
    allocateAssigners(ctx);
    allocateDirect(ctx);
  },
};

/** The typed case-wide origins checked against the resolved responsibilities (after allocation). */
export const fl08Origins: RuleModule = {
  name: 'fl-08-origins',
  implements: ['FL-8'],
  phase: 'consequences',
  run: checkOrigins,
};

const NOT_NAMED = why('FL-8 各项均未指向此人：不追究。', 'No FL-8 item names this person: not held responsible.');
const NOT_NAMED_WITH_FAULT = why(
  '此人有已认定的过错事项，但 FL-8 各项均未指向此人（请核实错误来源和此人的角色）；是否追究请人工判断。',
  "This person has fault items but no FL-8 item names them (check the error origin and this person's role); a person must judge.",
);

/** FL-8 chapeau: a person no item names is not held responsible — visibly, and flagged if faults are recorded. */
export const fl08Unnamed: RuleModule = {
  name: 'fl-08-unnamed',
  implements: ['FL-8'],
  phase: 'consequences',
  run(ctx) {
    for (let i21_ = 0, a21_ = ctx.subjects; i21_ < a21_.length; i21_++) {
      const s = a21_[i21_]!;
      if (s.allocations.length > 0 || !isSubject(s)) continue;
      ctx.trace(FL_8, 'info', s.id, NOT_NAMED);
      if (s.faults.length > 0) ctx.warn('human_judgement', s.id, ['FL-8'], NOT_NAMED_WITH_FAULT);
    }
  },
};

export const provisions = [FL_8, FL_8_1, FL_8_2, FL_8_3, FL_8_4, FL_8_5, FL_8_6];
