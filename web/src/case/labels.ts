// Display labels of the case vocabulary (zh first; English keeps the Chinese term).
import type { Bilingual } from '../i18n/i18n';

const L = (zh: string, en: string): Bilingual => ({ zh, en });

export const TRACK_LABELS: Record<string, Bilingual> = {
  FL: L('执法过错', 'Fault'),
  WC: L('错案倒查', 'Wrong case'),
};
export const SOURCE_LABELS: Record<string, Bilingual> = {
  report: L('举报投诉', 'Report'),
  wc5: L('错案来源（WC-5）', 'Wrong-case source (WC-5)'),
};
export const CHANNEL_LABELS: Record<string, Bilingual> = {
  visit: L('来访', 'Visit'),
  letter: L('来信', 'Letter'),
  phone: L('来电', 'Phone'),
  online: L('网上举报', 'Online'),
};
export const EVIDENCE_KIND_LABELS: Record<string, Bilingual> = {
  document: L('书证', 'Document'),
  interview_record: L('询问笔录', 'Interview record'),
  site_inspection: L('现场核查', 'Site inspection'),
  statement: L('情况说明', 'Statement'),
};
export const CULPABILITY_LABELS: Record<string, Bilingual> = {
  intent: L('故意', 'Intent'),
  gross_negligence: L('重大过失', 'Gross negligence'),
  negligence: L('过失', 'Negligence'),
  none: L('无过错', 'No fault'),
};
export const ROLE_IN_CASE_LABELS: Record<string, Bilingual> = {
  handler: L('承办人', 'Handler'),
  approver: L('批准人', 'Approver'),
  final_approver: L('最后批准人', 'Final approver'),
  deliberation_chair: L('集体讨论主持人', 'Deliberation chair'),
  deliberation_insisting_member: L('坚持错误意见者', 'Member who insisted on the wrong opinion'),
  instructing_leader: L('授意/指使的负责人', 'Instructing leader'),
  assigner: L('用人失职者（指派无资格人员）', 'Assigner of an unqualified person'),
  direct_responsible: L('直接责任人', 'Directly responsible person'),
  other: L('其他', 'Other'),
};
export const HARM_LABELS: Record<string, Bilingual> = { none: L('无', 'None'), minor: L('较小', 'Minor'), serious: L('严重', 'Serious') };
export const INFLUENCE_LABELS: Record<string, Bilingual> = { none: L('无', 'None'), bad: L('不良影响', 'Bad'), very_bad: L('恶劣影响', 'Very bad') };
export const APPEAL_OUTCOME_LABELS: Record<string, Bilingual> = {
  pending: L('待处理', 'Pending'),
  upheld: L('维持', 'Upheld'),
  changed: L('变更', 'Changed'),
  revoked: L('撤销', 'Revoked'),
};
export const NOTIFY_METHOD_LABELS: Record<string, Bilingual> = {
  in_person: L('直接送达', 'In person'),
  mail: L('邮寄送达', 'By mail'),
  electronic: L('电子送达', 'Electronic'),
};
export const EXEC_STATUS_LABELS: Record<string, Bilingual> = { open: L('待执行', 'Open'), done: L('已执行', 'Done'), cancelled: L('已撤销', 'Cancelled'), reversed: L('已回转（原决定变更/撤销）', 'Reversed (decision superseded)') };


/** Tag colours of the case states: calm blues while in progress, green closed, grey ended. */
export const STATE_COLORS: Record<string, string> = {
  intake: 'default',
  accepted: 'cyan',
  to_transfer: 'orange',
  registered: 'blue',
  reported: 'blue',
  team_appointed: 'geekblue',
  investigating: 'processing',
  findings_submitted: 'purple',
  decided: 'magenta',
  notified: 'magenta',
  executing: 'gold',
  closed: 'success',
  not_accepted: 'default',
  transferred: 'default',
  not_registered: 'default',
};

/** The main path of the lifecycle, for the Steps bar. */
export const MAIN_PATH = ['intake', 'accepted', 'registered', 'reported', 'team_appointed', 'investigating', 'findings_submitted', 'decided', 'notified', 'executing', 'closed'] as const;
export const STEP_LABELS: Record<string, Bilingual> = {
  intake: L('线索登记', 'Intake'),
  accepted: L('受理', 'Accepted'),
  registered: L('立案', 'Registered'),
  reported: L('报主要负责人', 'Reported'),
  team_appointed: L('组成调查组', 'Team'),
  investigating: L('调查', 'Investigation'),
  findings_submitted: L('认定', 'Findings'),
  decided: L('处理决定', 'Decision'),
  notified: L('送达', 'Notified'),
  executing: L('执行', 'Execution'),
  closed: L('结案', 'Closed'),
};
