// FL articles 1–5: purpose, definition, scope, reporting, principles.
import type { EvalContext, RuleModule } from '../../types';
import { guard, notEncoded, rule, why } from './provision';

// 一、为促进住建领域行政执法人员正确履行法定职责，自觉预防违法或不当行政行为，维护公民、法人和其他
// 组织的合法权益和社会公共利益，根据有关法律、法规、规章和依法行政的要求，制定本办法。
export const FL_1 = notEncoded(
  'FL-1',
  '为促进住建领域行政执法人员正确履行法定职责，自觉预防违法或不当行政行为，维护公民、法人和其他组织的合法权益和社会公共利益，根据有关法律、法规、规章和依法行政的要求，制定本办法。',
  'Purpose: to help enforcement staff perform their duties correctly, prevent unlawful or improper acts and protect lawful rights and the public interest.',
  why('立法目的条款，不产生可判定的法律效果。', 'A purpose clause: it has no effect a rule could decide.'),
);

// 二、本办法所追究的行政执法过错责任，是指行政执法人员在实施行政检查、行政处罚等具体行政行为时，因故
// 意或过失，违反法律、法规和规章及有关政策规定，对行政管理相对人的合法权益、社会公共利益造成一定危害
// 后果所应当承担的过错责任。
export const FL_2 = rule(
  'FL-2',
  '本办法所追究的行政执法过错责任，是指行政执法人员在实施行政检查、行政处罚等具体行政行为时，因故意或过失，违反法律、法规和规章及有关政策规定，对行政管理相对人的合法权益、社会公共利益造成一定危害后果所应当承担的过错责任。',
  'Fault liability is the liability of enforcement staff who, by intent or negligence, break laws, regulations or rules in inspections, penalties and other specific acts, causing some harm to counterparts or the public interest.',
);

// 三、本办法适用于从事行政执法工作人员。
export const FL_3 = rule('FL-3', '本办法适用于从事行政执法工作人员。', 'The measure applies to staff engaged in administrative enforcement.');

// 四、鼓励公民、法人和其他组织积极举报行政执法中的行政执法过错责任人。
export const FL_4 = guard(
  'FL-4',
  '鼓励公民、法人和其他组织积极举报行政执法中的行政执法过错责任人。',
  'Citizens, legal persons and other organisations are encouraged to report persons at fault in enforcement.',
  'intake.report',
  why(
    '举报渠道：任何人可署名或匿名举报，凭回执码查询进度和答复（案件受理流程）。',
    'Reporting channel: anyone may report, named or anonymous, and follow it with a receipt code (case intake).',
  ),
);

// 五、追究行政执法过错责任坚持下列原则：
export const FL_5 = notEncoded(
  'FL-5',
  '追究行政执法过错责任坚持下列原则：',
  'Fault liability is pursued on the following principles:',
  why('各项原则的引语，本身无独立效果；各项分别说明。', 'The lead-in to the principles; each item is accounted for on its own.'),
);

// （一）实事求是、客观公正原则。追究行政执法过错责任，必须以事实求是为依据，以法律、法规和规章为准绳，准确
// 认定过错事实，恰当追究过错责任。
export const FL_5_1 = notEncoded(
  'FL-5(1)',
  '实事求是、客观公正原则。追究行政执法过错责任，必须以事实求是为依据，以法律、法规和规章为准绳，准确认定过错事实，恰当追究过错责任。',
  'Truth and objectivity: find the facts accurately and pursue liability appropriately, with the law as the yardstick.',
  why(
    '事实认定由调查组和决定机关负责，引擎只对已认定的事实适用规则。',
    'Fact-finding is for the investigation team and the decision body; the engine only applies rules to facts already found.',
  ),
);

// （二）从严治政、有错必究原则。坚持有错必纠、有错必究。
export const FL_5_2 = notEncoded(
  'FL-5(2)',
  '从严治政、有错必究原则。坚持有错必纠、有错必究。',
  'Strict governance: every error is corrected and pursued.',
  why(
    '原则性规定；其可操作的内容由 FL-7、FL-8 的归责规则体现（引擎不会静默丢弃任何已认定的过错，每项过错都在推理过程中列出）。',
    'A principle; its operative content is FL-7 and FL-8 (the engine never silently drops a recorded fault: each appears in the trace).',
  ),
);

// （三）责任自负原则。坚持谁主管、谁负责，并按岗位职责对相关环节的承办者予以追究。
export const FL_5_3 = notEncoded(
  'FL-5(3)',
  '责任自负原则。坚持谁主管、谁负责，并按岗位职责对相关环节的承办者予以追究。',
  'Own responsibility: whoever is in charge answers, and those handling each step answer by their post.',
  why(
    '原则性规定；其可操作的内容即 FL-8 各项按岗位角色分配责任，已在 FL-8 中编码。',
    'A principle whose operative content — allocation by role — is FL-8, encoded there.',
  ),
);

// （四）民主集中制原则。追究行政执法过错责任，经集体讨论决定，并在有关范围内及时公开追究的事实及归责依据。
export const FL_5_4 = guard(
  'FL-5(4)',
  '民主集中制原则。追究行政执法过错责任，经集体讨论决定，并在有关范围内及时公开追究的事实及归责依据。',
  'Democratic centralism: liability is decided collectively, and the facts and basis are published within the relevant scope.',
  'decision.collective',
  why(
    '处理决定步骤：须记录会议日期、主持人、出席人及各人意见，集体决定；决定后在有关范围内公开（去除举报人及个人信息）。',
    'Decision step: meeting date, chair, attendees and opinions recorded, decided collectively; then published within the relevant scope, redacted.',
  ),
);

// （五）惩前毖后，治病救人原则。追究行政执法过错责任，实行惩戒与教育相结合。
export const FL_5_5 = notEncoded(
  'FL-5(5)',
  '惩前毖后，治病救人原则。追究行政执法过错责任，实行惩戒与教育相结合。',
  'Learn from the past, cure the illness: combine discipline with education.',
  why(
    '原则性规定，供决定机关在建议范围内选择处理方式时斟酌；处理方式阶梯以批评教育为最轻一级。',
    'A principle for the decision body when choosing within the range; the ladder starts with criticism and education.',
  ),
);

const CULPABILITY_NONE = why(
  '认定此人既无故意也无过失：FL-2 的过错责任以故意或过失为要件，不追究过错责任。',
  'Found neither intent nor negligence: FL-2 requires one of them, so there is no fault liability.',
);
const NOT_STAFF = why(
  '此人不是行政执法工作人员：本办法只适用于从事行政执法工作的人员（FL-3）。',
  'Not enforcement staff: the measure applies only to staff engaged in enforcement (FL-3).',
);
const NOT_STAFF_NOTE = why(
  '此人被认定为非行政执法人员（如执法辅助人员）：依 FL-3 本办法不追究其本人责任；如其实际从事了执法，指派其执法的用人者可能依 FL-8(5) 承担责任，请核实。',
  'Marked as not enforcement staff (e.g. an enforcement auxiliary): under FL-3 the measure does not hold them; if they in fact enforced, whoever assigned them may answer under FL-8(5) — check.',
);
const NOT_STAFF_NOTE_ASSIGNED = why(
  '此人被认定为非行政执法人员（如执法辅助人员）：依 FL-3 本办法不追究其本人责任；其由他人指派执法，不具备执法资格的人员执法由用人者依 FL-8(5) 承担责任（须有对用人者本人的认定）。',
  'Marked as not enforcement staff (e.g. an enforcement auxiliary): under FL-3 the measure does not hold them; someone assigned them to enforce, so the assigner answers under FL-8(5) for enforcement by an unqualified person (on a finding of their own).',
);
const FAULT_WITHOUT_CULPABILITY = why(
  '记录了过错事项，却认定无故意无过失，两项认定互相矛盾，请核实。',
  'Fault items are recorded yet neither intent nor negligence is found: the findings contradict each other.',
);

/** Items that find the officer without fault; they ground an exemption together with FL-2. */
const NO_FAULT_ITEMS = ['WC-7(3)'];

/**
 * The stated basis names each rule that grounds the outcome, the specific item before the
 * general clause: a person found without fault under WC-7(3) is exempt on WC-7(3) and FL-2.
 */
export const fl02Basis: RuleModule = {
  name: 'fl-02-basis',
  implements: ['FL-2'],
  phase: 'consequences',
  run(ctx: EvalContext) {
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      if (s.responsibility !== 'none' || !s.responsibilityBasis.includes('FL-2')) continue;
      for (let i2_ = 0, a2_ = NO_FAULT_ITEMS; i2_ < a2_.length; i2_++) { const id = a2_[i2_]!; if (s.circumstances.includes(id) && !s.responsibilityBasis.includes(id)) s.responsibilityBasis.unshift(id); }
    }
  },
};

/** FL-2 and FL-3 remove the basis of liability: they outrank every allocation (priority table). */
export const fl0105: RuleModule = {
  name: 'fl-01-05-general',
  implements: ['FL-2', 'FL-3'],
  phase: 'assess',
  run(ctx: EvalContext) {
    for (let i3_ = 0, a3_ = ctx.subjects; i3_ < a3_.length; i3_++) {
      const s = a3_[i3_]!;
      if (s.notStaff) {
        ctx.allocate(s, 'none', 'FL-3');
        ctx.trace(FL_3, 'fired', s.id, NOT_STAFF);
        // Visible, with what follows: not dropped without a word.
        const assigned = ctx.subjects.some((o) => o.roles.some((r) => r.role === 'assigner' && r.assignedIds.includes(s.id)));
        ctx.warn('human_judgement', s.id, assigned ? ['FL-3', 'FL-8(5)'] : ['FL-3'], assigned ? NOT_STAFF_NOTE_ASSIGNED : NOT_STAFF_NOTE, 'note');
      }
      if (s.culpability === 'none') {
        ctx.allocate(s, 'none', 'FL-2');
        ctx.trace(FL_2, 'fired', s.id, CULPABILITY_NONE);
        // With a "no fault" item (WC-7(3): the wrong case arose from the party or force majeure),
        // recorded fault items describe the wrong case, not a fault of this person: no contradiction.
        const explained = NO_FAULT_ITEMS.some((id) => s.circumstances.includes(id));
        if (s.faults.length > 0 && !explained) ctx.warn('inconsistent_findings', s.id, ['FL-2'], FAULT_WITHOUT_CULPABILITY);
      }
    }
  },
};

export const provisions = [FL_1, FL_2, FL_3, FL_4, FL_5, FL_5_1, FL_5_2, FL_5_3, FL_5_4, FL_5_5];
