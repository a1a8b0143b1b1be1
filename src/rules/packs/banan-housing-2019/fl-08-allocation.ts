// FL-8: who answers for the error, from each person's role in the original enforcement case
// and where the error originated (facts.errorOrigins). A person named by several items answers
// in each capacity: the engine keeps the highest level (allocations accumulate).
import type { EvalContext, RuleModule, SubjectState } from '../../types';
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
  handlerOverridden: why(
    '批准人对承办人的错误意见失察，FL-8(2) 作为特别规定适用：承办人改为酌情追究，不再按 FL-8(1) 追究。',
    "The approver failed to catch the handler's wrong opinion: FL-8(2) is the specific rule, so the handler is held as appropriate, not under FL-8(1).",
  ),
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
  missingHandler: why('错误来源涉及承办人，但参与人中没有承办人。', 'The error origin involves a handler but no participant is a handler.'),
  missingApprover: why('错误来源为批准人失察，但参与人中没有批准人。', 'The error origin is approval oversight but no participant is an approver.'),
  missingCollective: why('错误来源为集体研究决定，但没有记录集体研究成员。', 'The error origin is a collective decision but no members are recorded.'),
  missingChair: why('集体研究决定错误，但没有记录主持人。', 'The collective decision was wrong but no chair is recorded.'),
  missingLeader: why('错误来源为负责人授意或指使，但参与人中没有该负责人。', 'The error origin is a leader’s instruction but no instructing leader is recorded.'),
  missingDirect: why('错误来源为不履行职责，但没有记录直接责任人。', 'The error origin is non-performance but no directly responsible person is recorded.'),
};

function approverLevel(s: SubjectState): number {
  for (const r of s.p.roles) if (r.role === 'approver') return r.level;
  return 0;
}

function allocateHandlers(ctx: EvalContext): void {
  const origins = ctx.facts.errorOrigins;
  if (!origins.includes('handler')) return;
  let any = false;
  const specific = origins.includes('approval_oversight');
  for (const s of ctx.subjects) {
    if (!hasRole(s, 'handler')) continue;
    any = true;
    if (specific) {
      ctx.trace(FL_8_1, 'overridden', s.id, W.handlerOverridden);
    } else {
      ctx.allocate(s, 'accountable', 'FL-8(1)');
      ctx.trace(FL_8_1, 'fired', s.id, W.handler);
    }
  }
  if (!any) ctx.warn('missing_data', null, ['FL-8(1)'], W.missingHandler);
}

function allocateApprovers(ctx: EvalContext): void {
  if (!ctx.facts.errorOrigins.includes('approval_oversight')) return;
  let last = 0;
  let first = Infinity;
  for (const s of ctx.subjects) {
    const l = approverLevel(s);
    if (l > 0) {
      if (l > last) last = l;
      if (l < first) first = l;
    }
  }
  if (last === 0) {
    ctx.warn('missing_data', null, ['FL-8(2)'], W.missingApprover);
    return;
  }
  const multi = first !== last;
  let atLast = 0;
  let handlers = 0;
  for (const s of ctx.subjects) {
    const l = approverLevel(s);
    if (l === last) {
      atLast++;
      ctx.allocate(s, 'primary', 'FL-8(2)');
      ctx.trace(FL_8_2, 'fired', s.id, multi ? W.lastOfSeveral : W.lastApprover);
    } else if (l > 0) {
      ctx.allocate(s, 'as_appropriate', 'FL-8(2)');
      ctx.trace(FL_8_2, 'fired', s.id, W.earlierApprover);
    }
    if (hasRole(s, 'handler')) {
      handlers++;
      ctx.allocate(s, 'as_appropriate', 'FL-8(2)');
      ctx.trace(FL_8_2, 'fired', s.id, W.handlerAsAppropriate);
    }
  }
  if (atLast > 1) ctx.warn('human_judgement', null, ['FL-8(2)'], W.tiedLast);
  if (handlers === 0) ctx.warn('missing_data', null, ['FL-8(2)'], W.missingHandler);
}

function allocateCollective(ctx: EvalContext): void {
  if (!ctx.facts.errorOrigins.includes('collective_decision')) return;
  let members = 0;
  let chairs = 0;
  for (const s of ctx.subjects) {
    for (const r of s.p.roles) {
      if (r.role !== 'collective_member') continue;
      members++;
      if (r.chair) {
        chairs++;
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
  if (members === 0) ctx.warn('missing_data', null, ['FL-8(3)'], W.missingCollective);
  else if (chairs === 0) ctx.warn('missing_data', null, ['FL-8(3)'], W.missingChair);
}

function allocateLeaders(ctx: EvalContext): void {
  if (!ctx.facts.errorOrigins.includes('leader_instruction')) return;
  let any = false;
  for (const s of ctx.subjects) {
    if (!hasRole(s, 'instructing_leader')) continue;
    any = true;
    ctx.allocate(s, 'accountable', 'FL-8(4)');
    ctx.trace(FL_8_4, 'fired', s.id, W.leader);
  }
  if (!any) ctx.warn('missing_data', null, ['FL-8(4)'], W.missingLeader);
}

/**
 * FL-8(5). With a certificate register in the facts, the register decides who was unqualified
 * on the conduct date (the typed origin is only checked against it). Without a register the
 * typed origin is taken as found and every recorded assigner is named.
 */
function allocateAssigners(ctx: EvalContext): void {
  const typed = ctx.facts.errorOrigins.includes('unqualified_enforcement');
  const register = ctx.facts.certificates !== undefined;
  const unqualified: string[] = [];
  if (register) {
    for (const s of ctx.subjects) {
      if (s.qualified === false && hasRole(s, 'handler')) {
        unqualified.push(s.id);
        ctx.trace(FL_8_5, 'derived', s.id, W.unqualifiedDerived);
      }
    }
    if (unqualified.length === 0) {
      if (typed) ctx.warn('register_mismatch', null, ['FL-8(5)'], W.registerSaysQualified);
      return;
    }
  } else if (!typed) {
    return;
  }
  const covered: string[] = [];
  for (const s of ctx.subjects) {
    for (const r of s.p.roles) {
      if (r.role !== 'assigner') continue;
      let named = false;
      for (const a of r.assignedIds) {
        if (!register || unqualified.includes(a)) {
          named = true;
          if (!covered.includes(a)) covered.push(a);
        }
      }
      if (named) {
        ctx.allocate(s, 'accountable', 'FL-8(5)');
        ctx.trace(FL_8_5, 'fired', s.id, register ? W.assignerRegister : W.assignerTyped);
      }
    }
  }
  if (covered.length === 0 || (register && covered.length < unqualified.length)) {
    ctx.warn('missing_data', null, ['FL-8(5)'], W.noAssigner);
  }
}

function allocateDirect(ctx: EvalContext): void {
  if (!ctx.facts.errorOrigins.includes('non_performance')) return;
  if (!adverseConsequences(ctx)) {
    ctx.trace(FL_8_6, 'not_applied', null, W.noAdverse);
    ctx.warn('precondition_not_met', null, ['FL-8(6)'], W.noAdverse);
    return;
  }
  let any = false;
  for (const s of ctx.subjects) {
    if (!hasRole(s, 'direct_responsible')) continue;
    any = true;
    ctx.allocate(s, 'accountable', 'FL-8(6)');
    ctx.trace(FL_8_6, 'fired', s.id, W.direct);
  }
  if (!any) ctx.warn('missing_data', null, ['FL-8(6)'], W.missingDirect);
}

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
    for (const s of ctx.subjects) {
      if (s.allocations.length > 0) continue;
      ctx.trace(FL_8, 'info', s.id, NOT_NAMED);
      if (s.faults.length > 0) ctx.warn('human_judgement', s.id, ['FL-8'], NOT_NAMED_WITH_FAULT);
    }
  },
};

export const provisions = [FL_8, FL_8_1, FL_8_2, FL_8_3, FL_8_4, FL_8_5, FL_8_6];
