// The states of an accountability case (domain.md §2). One case type; the FL (fault) and WC
// (wrong case) tracks share the lifecycle and differ in who registers, which deadlines run and
// which findings are required (see actions.ts).

export const CASE_STATES = [
  'intake', // 线索登记: a report (FL-4, WC-9(1)) or a WC-5 source has been received
  'accepted', // 受理 (WC-9(1))
  'to_transfer', // 受理后确认不属本单位管辖，待转送 (WC-9(1): within 2 days)
  'registered', // 立案 (FL-15; WC-9(1))
  'reported', // 已报委主要负责人 (WC-9(2))
  'team_appointed', // 调查组已组成 (WC-9(2))
  'investigating', // 调查中 (FL-16 clock runs; WC-9(2))
  'findings_submitted', // 调查终结，认定待决定 (WC-9(3))
  'decided', // 处理决定已作出 (FL-15, WC-9(3)), notices being served
  'notified', // 已送达，陈述申辩/申诉期 (WC-11)
  'executing', // 执行中 (FL-13, FL-14, WC-10)
  'closed', // 结案归档
  'not_accepted', // 不予受理 (terminal)
  'transferred', // 已转送有权部门 (terminal, WC-9(1))
  'not_registered', // 不予立案 (terminal)
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const TERMINAL_STATES: readonly CaseState[] = ['closed', 'not_accepted', 'transferred', 'not_registered'];
export const isTerminal = (s: CaseState): boolean => TERMINAL_STATES.includes(s);

export const STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  intake: { zh: '线索登记', en: 'Received' },
  accepted: { zh: '已受理', en: 'Accepted' },
  to_transfer: { zh: '待转送', en: 'To be transferred' },
  registered: { zh: '已立案', en: 'Registered' },
  reported: { zh: '已报主要负责人', en: 'Reported to the main leader' },
  team_appointed: { zh: '调查组已组成', en: 'Investigation team appointed' },
  investigating: { zh: '调查中', en: 'Under investigation' },
  findings_submitted: { zh: '调查终结待决定', en: 'Findings submitted' },
  decided: { zh: '已作出处理决定', en: 'Decided' },
  notified: { zh: '已送达', en: 'Notified' },
  executing: { zh: '执行中', en: 'Executing' },
  closed: { zh: '已结案', en: 'Closed' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  transferred: { zh: '已转送', en: 'Transferred' },
  not_registered: { zh: '不予立案', en: 'Not registered' },
};

/**
 * What an anonymous reporter sees through the receipt code: a coarse status only, so the public
 * route reveals nothing about the investigation (who, what was found) beyond its stage.
 */
export const PUBLIC_STATUS: Record<CaseState, { zh: string; en: string }> = {
  intake: { zh: '已收到，待受理', en: 'Received, awaiting acceptance' },
  accepted: { zh: '已受理', en: 'Accepted' },
  to_transfer: { zh: '已受理，将转送有权部门', en: 'Accepted; to be transferred to the competent body' },
  registered: { zh: '办理中', en: 'In progress' },
  reported: { zh: '办理中', en: 'In progress' },
  team_appointed: { zh: '办理中', en: 'In progress' },
  investigating: { zh: '办理中', en: 'In progress' },
  findings_submitted: { zh: '办理中', en: 'In progress' },
  decided: { zh: '已作出处理决定', en: 'Decided' },
  notified: { zh: '已作出处理决定', en: 'Decided' },
  executing: { zh: '已作出处理决定', en: 'Decided' },
  closed: { zh: '已办结', en: 'Concluded' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  transferred: { zh: '已转送有权部门', en: 'Transferred to the competent body' },
  not_registered: { zh: '不予立案', en: 'Not registered' },
};

export const TRACKS = ['FL', 'WC'] as const;
export type Track = (typeof TRACKS)[number];

export const SOURCES = ['report', 'wc5'] as const;
export type CaseSource = (typeof SOURCES)[number];

export const CHANNELS = ['visit', 'letter', 'phone', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, { zh: string; en: string }> = {
  visit: { zh: '来访', en: 'Visit' },
  letter: { zh: '来信', en: 'Letter' },
  phone: { zh: '来电', en: 'Phone' },
  online: { zh: '网上举报', en: 'Online' },
};
