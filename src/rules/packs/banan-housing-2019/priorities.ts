// The priority table: which rule prevails when several apply to the same person.
// Higher number prevails. Inside one tier, allocations accumulate (the highest level wins)
// and effects pointing in opposite directions are a conflict for a person to decide.
import type { ExceptionEntry, PriorityEntry } from '../../types';
import { why } from './provision';

export const PRIORITIES: readonly PriorityEntry[] = [
  {
    priority: 3,
    ruleIds: ['FL-2', 'FL-3'],
    label: why('定义与适用范围', 'Definition and scope'),
    why: why(
      '无故意无过失（FL-2）或不是执法人员（FL-3），过错责任的前提不存在，任何归责规则都不再适用。',
      'Without intent or negligence (FL-2), or outside the enforcement staff (FL-3), fault liability has no basis: no allocation rule applies.',
    ),
  },
  {
    priority: 2,
    ruleIds: ['FL-10(1)', 'FL-10(2)', 'FL-10(3)', 'FL-10(4)', 'FL-10(5)', 'FL-10(6)', 'FL-10(7)', 'WC-8', 'WC-7(3)'],
    label: why('强制从重（应从重处理）及“执法人员没有过错”的认定', 'Mandatory aggravation (应从重) and the no-fault finding'),
    why: why(
      '“应从重处理”是强制性规定，“可酌情从轻”“可以从轻或免于追究”是裁量性规定：两者同时成立时适用强制性规定，从轻情节只在从重幅度内酌情考虑。WC-7(3) 认定执法人员没有过错，否定了追究的前提，与强制从重同级：二者同时成立即为冲突，交人工判断。',
      '"Shall be heavier" is mandatory; "may be lighter" and "may be lighter or exempt" are discretionary: where both hold the mandatory rule applies and the mitigation is weighed only within the heavier range. WC-7(3) finds the officer without fault, denying the basis of liability: it ranks with mandatory aggravation, so both together are a conflict for a person to decide.',
    ),
  },
  {
    priority: 1,
    ruleIds: ['FL-9(1)', 'FL-9(2)', 'WC-7(1)', 'WC-7(2)', 'WC-7(4)', 'WC-7(5)', 'WC-7(6)'],
    label: why('裁量从轻（可酌情从轻／可以从轻或免于追究）', 'Discretionary mitigation (may be lighter / lighter or exempt)'),
    why: why(
      '裁量性从轻情节之间方向一致，可以并用：FL-9 与 WC-7 同时成立时取“从轻或免于追究”。',
      'Discretionary mitigations point the same way and combine: FL-9 with WC-7 gives "lighter or exempt".',
    ),
  },
  {
    priority: 1,
    ruleIds: ['FL-8(1)', 'FL-8(2)', 'FL-8(3)', 'FL-8(4)', 'FL-8(5)', 'FL-8(6)', 'WC-6(2)'],
    label: why('责任分配', 'Allocation of responsibility'),
    why: why(
      '归责规则之间不互相排斥：一人以多种身份被点名（如既是最后批准人又是授意的负责人），按最重的认定。FL-8(2) 与 FL-8(1) 的关系是例外规则（见 EXCEPTIONS），不是优先级。',
      'Allocation rules do not exclude each other: a person named in several capacities answers at the highest level. FL-8(2) over FL-8(1) is an exception (see EXCEPTIONS), not a tier.',
    ),
  },
];

/**
 * Exceptions between allocation rules (Catala style): where the first rule names a person, the
 * second's finding for that person gives way. Data, not an `if` inside a rule module.
 */
export const EXCEPTIONS: readonly ExceptionEntry[] = [
  {
    rule: 'FL-8(2)',
    over: 'FL-8(1)',
    why: why(
      'FL-8(2) 是 FL-8(1) 的特别规定：批准人对承办人的错误意见失察时，主要追究批准人，承办人“同时酌情追究”，不再按 FL-8(1) 一般追究。',
      "FL-8(2) is the specific rule to FL-8(1): where the approver failed to catch the handler's wrong opinion the approver is principally liable and the handler is held \"as appropriate\", not under FL-8(1).",
    ),
  },
];

/**
 * The same act is not weighed twice (禁止重复评价): where a person's fault item already is the act
 * an aggravating item names, that aggravation does not apply on top of it. Explicit data, read by
 * the FL-10 module; the docs (docs/rules.md, docs/rules-round-2.md) state the same reading.
 */
export const NO_DOUBLE_COUNT: readonly { readonly fault: string; readonly circumstance: string; readonly why: ReturnType<typeof why> }[] = [
  {
    fault: 'FL-7(7)',
    circumstance: 'FL-10(3)',
    why: why(
      '打击报复举报人或复议、诉讼当事人已作为过错事项 FL-7(7) 认定，同一行为不再作为 FL-10(3) 从重情节重复评价；如另有一次打击报复行为（例如调查期间），请在认定中写明并由决定机关判断。',
      'Retaliation against a reporter or litigant is already the fault found (FL-7(7)); the same act is not weighed again as the FL-10(3) aggravation. If there was a separate act of retaliation (e.g. during the investigation), state it in the findings for the decision body to judge.',
    ),
  },
];
