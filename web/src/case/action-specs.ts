// The form of each case step, keyed by the input schema the server names in
// `allowedActions[].needs` (src/domain/cases/schemas.ts). Which steps are offered, and to whom,
// comes only from the server; this file only says how to ask for each step's data.
import type { ActionSchemaName } from '../../../src/domain/cases/schemas';
import type { Bilingual } from '../i18n/i18n';

export type FieldKind =
  | 'date'
  | 'text'
  | 'textarea'
  | 'switch'
  | 'tracks'
  | 'select'
  | 'multiselect'
  | 'person'
  | 'persons'
  | 'subject'
  | 'appeal'
  | 'executionItem'
  /** an open FL-13 recovery of compensation (record_payment): not 批评教育 or other items */
  | 'recoveryItem'
  | 'unit'
  /** an original enforcement case of the register (link_original_case) */
  | 'originalCase'
  | 'evidence'
  | 'forms'
  | 'fen'
  | 'meeting';

export interface FieldSpec {
  /** dotted path in the input, e.g. 'wrongCase.isWrongCase' */
  name: string;
  kind: FieldKind;
  label: Bilingual;
  required?: boolean;
  options?: { value: string | number; label: Bilingual }[];
  /** options from the pack's vocabulary, served by the API (web/src/lib/legal.ts) */
  vocabulary?: 'faults' | 'circumstances' | 'sanctionKinds';
  /** today's China date when the form opens */
  defaultToday?: boolean;
  default?: unknown;
  help?: Bilingual;
  /** kind 'meeting': which meetings may be chosen (FL-15) */
  meetingPurpose?: 'registration' | 'decision' | 'appeal';
  /** show only when another field has a value */
  showIf?: { name: string; equals: unknown };
  /** show only when the chosen execution item (itemId) is of one of these kinds (typed execution) */
  showIfItemKind?: string[];
  /** kind 'subject': only those the decision in force is still to be served on (WC-11) */
  toServe?: boolean;
}

const L = (zh: string, en: string): Bilingual => ({ zh, en });
const date = (name: string, zh: string, en: string): FieldSpec => ({ name, kind: 'date', label: L(zh, en), required: true, defaultToday: true });
/** FL-15: the closed meeting whose result the step carries out (required on the fault track; the server decides). */
const MEETING = (purpose: 'registration' | 'appeal', required: boolean): FieldSpec => ({
  name: 'meetingId',
  kind: 'meeting',
  meetingPurpose: purpose,
  required,
  label: L('据以办理的委党委会会议（FL-15）', 'The 委党委会 meeting carried out (FL-15)'),
  help: L('会议须已由主持人闭会；结果须与本步骤一致', 'The chair must have closed it; its result must match this step'),
});
/** WC-11: the bodies a 申诉 goes to — the same choice during the case (DefenceInput) and after closure (AppealInput) */
const APPEAL_BODIES = [
  { value: 'supervision', label: L('行政执法监督部门', 'Enforcement supervision department') },
  { value: 'discipline', label: L('纪检、监察部门', 'Discipline / supervision bodies') },
];
const REPLY = (required = true): FieldSpec => ({ name: 'reply', kind: 'textarea', label: L('答复举报人内容', 'Reply to the reporter (答复)'), required });

export const TRACK_OPTIONS = [
  { value: 'FL', label: L('FL 执法过错', 'FL fault (执法过错)') },
  { value: 'WC', label: L('WC 错案倒查', 'WC wrong case (错案倒查)') },
];

export const WC5_ITEM_OPTIONS = [1, 2, 3, 4, 5, 6].map((n) => ({ value: n, label: L(`WC-5(${n})`, `WC-5(${n})`) }));

/** Fields of the generic steps. DecideInput and FindingInput have their own forms. */
export const ACTION_FIELDS: Partial<Record<ActionSchemaName, FieldSpec[]>> = {
  AcceptInput: [
    date('acceptedOn', '受理日期', 'Accepted on'),
    {
      name: 'withinCompetence',
      kind: 'switch',
      label: L('属于本委受理范围', "Within the Commission's competence"),
      default: true,
      help: L('不属于的，应在规定期限内转送有权部门（WC-9(1)，期限见案件期限）', 'If not, it must be transferred to the competent body within the period (WC-9(1); see the case deadlines)'),
    },
    { name: 'tracks', kind: 'tracks', label: L('适用办法', 'Measures (tracks)') },
    REPLY(),
  ],
  NotAcceptInput: [date('decidedOn', '决定日期', 'Decided on'), { name: 'reason', kind: 'textarea', label: L('不予受理理由', 'Reason'), required: true }, REPLY()],
  TransferInput: [
    date('transferredOn', '转送日期', 'Transferred on'),
    { name: 'competentBody', kind: 'text', label: L('有权部门', 'Competent body'), required: true },
    { name: 'letterNo', kind: 'text', label: L('转送函文号', 'Transfer letter no.') },
    REPLY(),
  ],
  RegisterInput: [
    MEETING('registration', false),
    date('registeredOn', '立案日期', 'Registered on'),
    { name: 'tracks', kind: 'tracks', label: L('适用办法', 'Measures (tracks)') },
    { name: 'subjectPersonIds', kind: 'persons', label: L('被调查执法人员', 'Subjects (被调查人)') },
    { name: 'note', kind: 'textarea', label: L('备注（会议决定要点）', 'Note (meeting decision)') },
  ],
  DeclineRegistrationInput: [
    MEETING('registration', false),
    date('decidedOn', '决定日期', 'Decided on'),
    { name: 'reason', kind: 'textarea', label: L('不予立案理由', 'Reason'), required: true },
    REPLY(false),
  ],
  ReportToLeaderInput: [date('reportedOn', '报告日期', 'Reported on'), { name: 'note', kind: 'textarea', label: L('报告内容', 'Note') }],
  StartInvestigationInput: [
    { ...date('startedOn', '调查开始日期', 'Investigation started on'), help: L('60 天处理期限自调查之日起计算（FL-16）', 'The 60-day handling period runs from this day (FL-16)') },
  ],
  AddSubjectInput: [
    { name: 'personId', kind: 'person', label: L('被调查执法人员', 'Subject (被调查人)'), required: true },
    { name: 'note', kind: 'textarea', label: L('备注', 'Note') },
  ],
  LinkOriginalCaseInput: [
    {
      name: 'originalCaseId',
      kind: 'originalCase',
      label: L('原执法案件', 'Original enforcement case'),
      help: L('从登记册中选择；留空则取消已有的关联', 'Choose from the register; leave empty to remove the current link'),
    },
    { name: 'note', kind: 'textarea', label: L('备注', 'Note') },
  ],
  EvidenceInput: [
    {
      name: 'kind',
      kind: 'select',
      label: L('证据类型', 'Kind'),
      required: true,
      options: [
        { value: 'document', label: L('书证（调阅案卷材料）', 'Document (案卷材料)') },
        { value: 'interview_record', label: L('询问笔录', 'Interview record (询问笔录)') },
        { value: 'site_inspection', label: L('现场核查', 'Site inspection (现场核查)') },
        { value: 'statement', label: L('情况说明', 'Statement (情况说明)') },
      ],
    },
    { name: 'title', kind: 'text', label: L('名称', 'Title'), required: true },
    { name: 'source', kind: 'text', label: L('来源', 'Source'), required: true },
    date('collectedOn', '取得日期', 'Collected on'),
    { name: 'description', kind: 'textarea', label: L('说明', 'Description') },
    { name: 'textContent', kind: 'textarea', label: L('文字内容（笔录、说明全文，可检索）', 'Text (transcript or statement, searchable)') },
    { name: 'supersedesId', kind: 'evidence', label: L('更正的原证据（原证据保留）', 'Corrects evidence (the original is kept)') },
    { name: 'correctionReason', kind: 'textarea', label: L('更正理由', 'Reason for the correction') },
    {
      name: 'disclosable',
      kind: 'switch',
      label: L('向被调查人公开（陈述申辩前可查阅）', 'Disclose to the subject (before 陈述申辩)'),
      default: false,
      help: L(
        '调查组成员选择公开即提出申请，由委法制科审核决定（FL-7(7)、FL-10(3)）；被调查人本人提交的陈述不需设置',
        'From an investigator this is a request: the legal-affairs clerks (委法制科) decide it (FL-7(7), FL-10(3)). Not needed for a statement the subject hands in',
      ),
    },
  ],
  SubmitFindingsInput: [
    date('submittedOn', '提交日期', 'Submitted on'),
    { name: 'summary', kind: 'textarea', label: L('调查报告摘要', 'Investigation summary'), required: true },
    { name: 'wrongCase.isWrongCase', kind: 'switch', label: L('认定为错案（WC-5）', 'Found a wrong case (WC-5)'), default: false },
    { name: 'wrongCase.wc5Item', kind: 'select', label: L('错案来源项', 'WC-5 source item'), options: WC5_ITEM_OPTIONS, showIf: { name: 'wrongCase.isWrongCase', equals: true } },
    { name: 'wrongCase.reference', kind: 'text', label: L('依据文书', 'Reference document'), showIf: { name: 'wrongCase.isWrongCase', equals: true } },
  ],
  ReturnInput: [{ name: 'reason', kind: 'textarea', label: L('退回理由', 'Reason'), required: true }],
  NotifyInput: [
    { name: 'subjectPersonId', kind: 'subject', label: L('送达对象', 'Subject served'), required: true, toServe: true },
    date('notifiedOn', '送达日期', 'Served on'),
    {
      name: 'method',
      kind: 'select',
      label: L('送达方式', 'Method'),
      required: true,
      default: 'in_person',
      options: [
        { value: 'in_person', label: L('直接送达', 'In person') },
        { value: 'mail', label: L('邮寄送达', 'By mail') },
        { value: 'electronic', label: L('电子送达', 'Electronic') },
      ],
    },
    {
      name: 'defenceWaived',
      kind: 'switch',
      label: L('本人书面放弃陈述申辩', 'Defence waived in writing'),
      default: false,
      help: L(
        '未放弃的，陈述申辩期限届满（或陈述申辩复核）后方可执行（WC-11，期限见案件期限）',
        'Unless waived, execution starts after the period to state a defence (or after the defence is reviewed) (WC-11; see the case deadlines)',
      ),
    },
    { name: 'waiverNote', kind: 'textarea', label: L('放弃的书面依据', 'Where the waiver is written'), required: true, showIf: { name: 'defenceWaived', equals: true } },
  ],
  DefenceInput: [
    { name: 'subjectPersonId', kind: 'subject', label: L('陈述申辩人 / 申诉人', 'Subject'), required: true },
    {
      name: 'kind',
      kind: 'select',
      label: L('类型', 'Kind'),
      required: true,
      default: 'defence',
      options: [
        { value: 'defence', label: L('陈述申辩', 'Defence (陈述申辩)') },
        { value: 'appeal', label: L('申诉', 'Appeal (申诉)') },
      ],
    },
    date('filedOn', '提出日期', 'Filed on'),
    { name: 'statement', kind: 'textarea', label: L('陈述、申辩或申诉内容', 'Statement'), required: true },
    {
      name: 'appealBody',
      kind: 'select',
      label: L('申诉受理部门（WC-11）', 'Appeal to (WC-11)'),
      showIf: { name: 'kind', equals: 'appeal' },
      options: APPEAL_BODIES,
    },
  ],
  // WC-11: a 申诉 after the case is closed (file_appeal) — by the subject, or handed in on paper and
  // recorded by a clerk with the date it was received
  AppealInput: [
    { name: 'subjectPersonId', kind: 'subject', label: L('申诉人', 'Appellant'), required: true },
    date('filedOn', '申诉日期（书面申诉为收到日期）', 'Appeal filed on (a paper appeal: the date received)'),
    { name: 'statement', kind: 'textarea', label: L('申诉内容', 'Statement of the appeal'), required: true },
    {
      name: 'appealBody',
      kind: 'select',
      label: L('申诉受理部门（WC-11）', 'Appeal to (WC-11)'),
      required: true,
      options: APPEAL_BODIES,
    },
  ],
  AppealOutcomeInput: [
    MEETING('appeal', true),
    { name: 'appealId', kind: 'appeal', label: L('陈述申辩 / 申诉', 'Defence or appeal'), required: true },
    {
      name: 'outcome',
      kind: 'select',
      label: L('申诉处理结果', 'Outcome of the appeal'),
      required: true,
      options: [
        { value: 'upheld', label: L('维持', 'Upheld (维持)') },
        { value: 'changed', label: L('变更', 'Changed (变更)') },
        { value: 'revoked', label: L('撤销', 'Revoked (撤销)') },
      ],
    },
    date('decidedOn', '申诉决定日期', 'Appeal decided on'),
    { name: 'reason', kind: 'textarea', label: L('理由', 'Reason'), required: true },
    { name: 'forms', kind: 'forms', label: L('变更后的处理方式', 'New forms of accountability'), showIf: { name: 'outcome', equals: 'changed' } },
    { name: 'compensationFen', kind: 'fen', label: L('变更后追偿金额', 'New compensation to recover'), showIf: { name: 'outcome', equals: 'changed' } },
    { name: 'departureReason', kind: 'textarea', label: L('超出建议范围的理由', 'Reason for departing from the recommended range'), showIf: { name: 'outcome', equals: 'changed' } },
  ],
  StartExecutionInput: [date('startedOn', '开始执行日期', 'Execution started on')],
  // Typed execution: each kind of item asks for its own data (src/services/cases/steps-execution.ts).
  CompleteExecutionInput: [
    { name: 'itemId', kind: 'executionItem', label: L('执行事项', 'Execution item'), required: true },
    date('doneOn', '完成日期', 'Done on'),
    { name: 'receivedOn', kind: 'date', label: L('收到书面检查日期', 'Written self-examination received on'), required: true, showIfItemKind: ['written_self_examination'] },
    { name: 'attachmentRef', kind: 'text', label: L('书面检查原件（存档编号）', 'Archive reference of the written self-examination'), showIfItemKind: ['written_self_examination'] },
    // 退还 (FL-13 after WC-11): the commission returns the whole amount due, with its voucher
    { name: 'amountFen', kind: 'fen', label: L('退还金额（须为应退还的全部金额）', 'Amount refunded (the whole amount due)'), required: true, showIfItemKind: ['compensation_refund'] },
    { name: 'voucherRef', kind: 'text', label: L('退款凭证（转账凭证号）', 'Refund voucher (transfer reference)'), showIfItemKind: ['compensation_refund'] },
    { name: 'evidenceId', kind: 'evidence', label: L('或：作为证据登记的原件（书面检查、退款凭证）', 'Or: the evidence item holding it (self-examination, refund voucher)'), showIfItemKind: ['written_self_examination', 'compensation_refund'] },
    { name: 'noticeNo', kind: 'text', label: L('通报文号', 'Notice number (发文字号)'), showIfItemKind: ['notice_of_criticism', 'criticism_education'] },
    { name: 'suspendFrom', kind: 'date', label: L('暂扣（停止执行职务）起始日', 'Suspended from'), showIfItemKind: ['certificate_suspension'] },
    { name: 'suspendTo', kind: 'date', label: L('暂扣（停止执行职务）截止日（次日自动恢复）', 'Suspended until (valid again the next day)'), required: true, showIfItemKind: ['certificate_suspension'] },
    { name: 'newPost', kind: 'text', label: L('调整后的岗位', 'New post'), required: true, showIfItemKind: ['post_change'] },
    { name: 'newUnitId', kind: 'unit', label: L('调整后的单位（不变可不填）', 'New unit (leave empty if unchanged)'), showIfItemKind: ['post_change'] },
    {
      name: 'sanctionKind',
      kind: 'select',
      label: L('处分种类', 'Kind of sanction'),
      required: true,
      showIfItemKind: ['disciplinary_sanction'],
      vocabulary: 'sanctionKinds',
    },
    { name: 'imposingBody', kind: 'text', label: L('作出处分的机关', 'Body that imposed it'), required: true, showIfItemKind: ['disciplinary_sanction'] },
    { name: 'decisionNo', kind: 'text', label: L('处分决定文号', 'Sanction decision number'), showIfItemKind: ['disciplinary_sanction'] },
    { name: 'letterNo', kind: 'text', label: L('移送函文号（已登记的报告/移送可不填）', 'Referral letter number (not needed for a recorded referral)'), showIfItemKind: ['judicial_transfer', 'discipline_transfer', 'supervision_referral'] },
    { name: 'receivingBody', kind: 'text', label: L('接收机关（已登记的报告/移送可不填）', 'Receiving body (not needed for a recorded referral)'), showIfItemKind: ['judicial_transfer', 'discipline_transfer', 'supervision_referral'] },
    { name: 'note', kind: 'textarea', label: L('执行情况（批评教育须记录谈话情况；报告/移送记录接收机关的回执或处理结果）', "Note (a criticism talk must be recorded; a referral records the receiving body's receipt or result)") },
  ],
  ReferAppealInput: [
    { name: 'appealId', kind: 'appeal', label: L('申诉', 'Appeal'), required: true },
    date('sentOn', '移送日期', 'Sent on'),
    { name: 'letterNo', kind: 'text', label: L('移送函文号', 'Hand-off letter number'), required: true },
    { name: 'bodyName', kind: 'text', label: L('受理机关名称（默认按申诉所选）', 'Name of the body (default: as the appeal chose)') },
  ],
  ExecuteSupervisionInput: [
    { name: 'appealId', kind: 'appeal', label: L('已由监督机关决定的申诉', 'Appeal decided by the outside body'), required: true },
    date('executedOn', '执行日期', 'Executed on'),
  ],
  PaymentInput: [
    { name: 'itemId', kind: 'recoveryItem', label: L('追偿事项', 'Recovery item'), required: true },
    { name: 'amountFen', kind: 'fen', label: L('缴纳金额', 'Amount paid'), required: true },
    date('paidOn', '缴纳日期', 'Paid on'),
    { name: 'note', kind: 'textarea', label: L('备注', 'Note') },
  ],
  ReplyInput: [date('repliedOn', '答复日期', 'Replied on'), { name: 'text', kind: 'textarea', label: L('答复内容', 'Reply'), required: true }],
  CloseInput: [date('closedOn', '结案日期', 'Closed on'), { name: 'summary', kind: 'textarea', label: L('结案报告', 'Closing summary'), required: true }],
};

/** Set a dotted path in a plain object (builds nested objects). */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    cur[p] = (cur[p] as Record<string, unknown> | undefined) ?? {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

export function getPath(obj: Record<string, unknown> | undefined, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
  return cur;
}

/** Form values → API input: drop empty strings and empty optional objects. */
export function cleanInput(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cleanInput);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const c = cleanInput(x);
      if (c === undefined || c === '' || c === null) continue;
      out[k] = c;
    }
    return out;
  }
  return typeof v === 'string' ? v.trim() || undefined : v;
}
