// Display labels of the case vocabulary (zh first; English keeps the Chinese term).
import type { Bilingual } from '../i18n/i18n';

const L = (zh: string, en: string): Bilingual => ({ zh, en });

export const TRACK_LABELS: Record<string, Bilingual> = {
  FL: L('执法过错', 'Fault (执法过错)'),
  WC: L('错案倒查', 'Wrong case (错案倒查)'),
};
export const SOURCE_LABELS: Record<string, Bilingual> = {
  report: L('举报投诉', 'Report (举报投诉)'),
  wc5: L('错案来源（WC-5）', 'Wrong-case source (WC-5)'),
};
export const CHANNEL_LABELS: Record<string, Bilingual> = {
  visit: L('来访', 'Visit (来访)'),
  letter: L('来信', 'Letter (来信)'),
  phone: L('来电', 'Phone (来电)'),
  online: L('网上举报', 'Online (网上举报)'),
};
export const EVIDENCE_KIND_LABELS: Record<string, Bilingual> = {
  document: L('书证', 'Document (书证)'),
  interview_record: L('询问笔录', 'Interview record (询问笔录)'),
  site_inspection: L('现场核查', 'Site inspection (现场核查)'),
  statement: L('情况说明', 'Statement (情况说明)'),
};
export const CULPABILITY_LABELS: Record<string, Bilingual> = {
  intent: L('故意', 'Intent (故意)'),
  gross_negligence: L('重大过失', 'Gross negligence (重大过失)'),
  negligence: L('过失', 'Negligence (过失)'),
  none: L('无过错', 'No fault (无过错)'),
};
export const ROLE_IN_CASE_LABELS: Record<string, Bilingual> = {
  handler: L('承办人', 'Handler (承办人)'),
  approver: L('批准人', 'Approver (批准人)'),
  final_approver: L('最后批准人', 'Final approver (最后批准人)'),
  deliberation_chair: L('集体讨论主持人', 'Deliberation chair (主持人)'),
  deliberation_insisting_member: L('坚持错误意见者', 'Member who insisted on the wrong opinion (坚持错误意见者)'),
  instructing_leader: L('授意/指使的负责人', 'Instructing leader (授意/指使)'),
  assigner: L('用人失职者（指派无资格人员）', 'Assigner of an unqualified person (用人失职者)'),
  direct_responsible: L('直接责任人', 'Directly responsible person (直接责任人)'),
  other: L('其他', 'Other'),
};
export const HARM_LABELS: Record<string, Bilingual> = { none: L('无', 'None'), minor: L('较小', 'Minor'), serious: L('严重', 'Serious (严重)') };
export const INFLUENCE_LABELS: Record<string, Bilingual> = { none: L('无', 'None'), bad: L('不良影响', 'Bad (不良影响)'), very_bad: L('恶劣影响', 'Very bad (恶劣影响)') };
export const APPEAL_OUTCOME_LABELS: Record<string, Bilingual> = {
  pending: L('待复核', 'Pending'),
  upheld: L('维持', 'Upheld (维持)'),
  changed: L('变更', 'Changed (变更)'),
  revoked: L('撤销', 'Revoked (撤销)'),
};
export const NOTIFY_METHOD_LABELS: Record<string, Bilingual> = {
  in_person: L('直接送达', 'In person'),
  mail: L('邮寄送达', 'By mail'),
  electronic: L('电子送达', 'Electronic'),
};
export const EXEC_STATUS_LABELS: Record<string, Bilingual> = { open: L('待执行', 'Open'), done: L('已执行', 'Done'), cancelled: L('已撤销', 'Cancelled') };

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
