// The spreadsheet layouts for people (with enforcement certificates) and original enforcement
// cases (with participants). Headers are Chinese with the English in brackets; the import reads
// columns by header, so users may reorder them. People are referred to by employee number (工号),
// the register's stable key, and units by short code (简码).
export interface Column {
  key: string;
  zh: string;
  en: string;
  required?: boolean;
  width?: number;
  /** what the column holds, shown in the template's notes row */
  hintZh?: string;
  /** export only: ignored by the import */
  exportOnly?: boolean;
}

export const header = (c: Column): string => `${c.zh}${c.required ? '*' : ''}（${c.en}）`;

/**
 * 更正理由: a row updating a record by its key whose change alters a fact an accountability case
 * rests on gives its reason here; the registers' correction path keeps it (the cases' timelines,
 * the post history). Optional per row, ignored on a new record; the last column of the people
 * and original cases sheets (the export writes it empty, so an exported sheet re-imports).
 */
const correctionReasonColumn = (hintZh: string): Column => ({ key: 'correctionReason', zh: '更正理由', en: 'Correction reason', width: 30, hintZh });

export const UNIT_COLUMNS: Column[] = [
  { key: 'name', zh: '单位名称', en: 'Name', required: true, width: 24 },
  { key: 'shortCode', zh: '简码', en: 'Short code', required: true, width: 12, hintZh: '1–20 位字母、数字或 _-，更新时按简码找到单位' },
  { key: 'kind', zh: '类型', en: 'Kind', required: true, width: 12, hintZh: '委机关 / 机关科室 / 委属单位' },
  { key: 'parentShortCode', zh: '上级单位简码', en: 'Parent short code', width: 14, hintZh: '委机关留空；可引用本表前面各行新增的单位' },
  { key: 'parentName', zh: '上级单位名称', en: 'Parent name', width: 24, exportOnly: true },
  { key: 'sortOrder', zh: '排序', en: 'Sort order', width: 8 },
  { key: 'active', zh: '状态', en: 'Status', width: 8, exportOnly: true },
];

export const PEOPLE_COLUMNS: Column[] = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, width: 12 },
  { key: 'unitShortCode', zh: '单位简码', en: 'Unit short code', required: true, width: 14, hintZh: '见“单位”台账的简码，如 FZK' },
  { key: 'unitName', zh: '单位名称', en: 'Unit name', width: 24, exportOnly: true },
  { key: 'post', zh: '职务', en: 'Post', width: 14 },
  { key: 'employeeNo', zh: '工号', en: 'Employee no.', width: 12, hintZh: '原执法案件按工号引用人员；同一单位有同名人员的，须各填工号' },
  { key: 'phone', zh: '电话', en: 'Phone', width: 14 },
  { key: 'email', zh: '邮箱', en: 'Email', width: 20 },
  { key: 'certNumber', zh: '执法证号', en: 'Certificate no.', width: 16, hintZh: '无执法证留空' },
  { key: 'certAuthority', zh: '发证机关', en: 'Issuing authority', width: 20 },
  { key: 'certValidFrom', zh: '有效期起', en: 'Valid from', width: 12, hintZh: '2025-01-01 或 2025年1月1日' },
  { key: 'certValidTo', zh: '有效期止', en: 'Valid to', width: 12, hintZh: '长期有效留空' },
  { key: 'certStatus', zh: '执法证状态', en: 'Certificate status', width: 12, exportOnly: true },
  // (read, never exported: the export writes it empty, like the correction reason; the person page shows the reason kept)
  { key: 'sameNameReason', zh: '同名人员理由', en: 'Same-name reason', width: 30, hintZh: '同一单位已登记同名人员、两人各有工号的，须写明确认为不同人员的理由（回避时同单位同名人员按同一人认定，FL-5(1)）；不需要时留空' },
  correctionReasonColumn('按工号更新时：改动未结问责案件据以认定执法资格的执法证有效期（FL-8(5)、WC-6(2)），或改动由处理决定调整的职务/单位（FL-6(4)、WC-10(5)），须填写理由，记入该案件或岗位变动记录；不需要时留空'),
];

export const ORIGINAL_CASE_COLUMNS: Column[] = [
  { key: 'number', zh: '案号', en: 'Case no.', required: true, width: 22, hintZh: '如 巴住建罚〔2025〕12号' },
  { key: 'kind', zh: '案件类型', en: 'Kind', required: true, width: 10, hintZh: '行政处罚 / 行政许可 / 行政检查 / 行政强制' },
  { key: 'title', zh: '案由', en: 'Title', required: true, width: 26 },
  { key: 'summary', zh: '简要案情', en: 'Summary', width: 30 },
  { key: 'unitShortCode', zh: '承办单位简码', en: 'Unit short code', required: true, width: 12 },
  { key: 'decisionDate', zh: '决定日期', en: 'Decision date', required: true, width: 12 },
  { key: 'counterpartName', zh: '相对人', en: 'Counterpart', required: true, width: 20 },
  { key: 'counterpartType', zh: '相对人类型', en: 'Counterpart type', required: true, width: 10, hintZh: '个人 / 单位' },
  { key: 'counterpartIdNo', zh: '相对人证件号', en: 'Counterpart ID no.', width: 20 },
  { key: 'handlers', zh: '承办人工号', en: 'Handlers (employee nos.)', required: true, width: 16, hintZh: '多人用顿号分隔' },
  { key: 'approvers', zh: '批准人工号（按审批层级）', en: 'Approvers by level', width: 20, hintZh: '第1级、第2级…，最后一位为最后批准人（FL-8(2)）' },
  { key: 'deliberationDate', zh: '集体讨论日期', en: 'Deliberation date', width: 12 },
  { key: 'deliberationChair', zh: '集体讨论主持人工号', en: 'Deliberation chair', width: 14 },
  { key: 'deliberationMembers', zh: '集体讨论参加人及意见', en: 'Members and opinions', width: 30, hintZh: '工号:意见，意见为 坚持错误意见/同意/反对/未表态（FL-8(3)）' },
  { key: 'instructingLeaders', zh: '授意/指使负责人工号', en: 'Instructing leaders', width: 14, hintZh: 'FL-8(4)' },
  { key: 'assigners', zh: '指派承办人者工号', en: 'Assigners', width: 14, hintZh: 'FL-8(5)' },
  { key: 'participantNames', zh: '参与人员姓名', en: 'Participant names', width: 30, exportOnly: true },
  { key: 'wrong', zh: '是否错案（WC-5）', en: 'Wrong case (WC-5)', width: 10, exportOnly: true },
  correctionReasonColumn('按案号更新时：改动未结问责案件所依据的参与人员及其级别、主持人、集体讨论意见、案件类型、决定日期或承办单位（FL-5(1)、FL-8），须填写理由，记入该案件；不需要时留空'),
];

export const KIND_BY_LABEL: Record<string, string> = {
  行政处罚: 'penalty',
  行政许可: 'licence',
  行政检查: 'inspection',
  行政强制: 'compulsory',
  penalty: 'penalty',
  licence: 'licence',
  inspection: 'inspection',
  compulsory: 'compulsory',
};

export const COUNTERPART_BY_LABEL: Record<string, string> = {
  个人: 'person',
  自然人: 'person',
  单位: 'organisation',
  法人: 'organisation',
  组织: 'organisation',
  person: 'person',
  organisation: 'organisation',
};

export const OPINION_BY_LABEL: Record<string, string> = {
  坚持错误意见: 'insisted',
  坚持: 'insisted',
  同意: 'agreed',
  反对: 'dissented',
  // as the export writes it (DELIBERATION_OPINION_LABELS), so an exported sheet re-imports
  '反对（记录在案）': 'dissented',
  未表态: 'silent',
  insisted: 'insisted',
  agreed: 'agreed',
  dissented: 'dissented',
  silent: 'silent',
};
