// What a notification says. Pure: case number, step and deadline labels, dates — nothing else.
// A message is built only from these fields, so a reporter's identity or the report text
// (case_reporters, cases.summary) cannot reach it by construction; `redact` in notify.ts is the
// second line of defence for texts that callers of the generic entry (alerts) write themselves.

export type NotifyKind = 'step_waiting' | 'deadline' | 'escalation' | 'intake' | 'signal' | 'alert';
export const NOTIFY_KINDS: readonly NotifyKind[] = ['step_waiting', 'deadline', 'escalation', 'intake', 'signal', 'alert'];
export type NotifyLevel = 'info' | 'warning' | 'urgent';

export interface Message {
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  link: string | null;
}

export const KIND_LABELS: Record<NotifyKind, { zh: string; en: string }> = {
  step_waiting: { zh: '待办步骤', en: 'A step waits on you' },
  deadline: { zh: '期限提醒', en: 'Deadline reminder' },
  escalation: { zh: '督办', en: 'Escalation (督办)' },
  intake: { zh: '新线索', en: 'New report' },
  signal: { zh: 'WC-5 错案信号', en: 'WC-5 signal' },
  alert: { zh: '预警', en: 'Alert' },
};

const caseLink = (caseId: string): string => `/cases/${caseId}`;

export function stepWaitingMessage(c: { caseId: string; number: string }, steps: { labelZh: string; labelEn: string }[]): Message {
  return {
    titleZh: `案件 ${c.number} 待您办理`,
    titleEn: `Case ${c.number} waits on you`,
    bodyZh: `待办步骤：${steps.map((s) => s.labelZh).join('、')}`,
    bodyEn: `Step(s): ${steps.map((s) => s.labelEn).join(', ')}`,
    link: caseLink(c.caseId),
  };
}

export type Threshold = '50' | '80' | 'due' | 'overdue';

const THRESHOLD_TEXT: Record<Threshold, { zh: string; en: string }> = {
  '50': { zh: '期限已过半', en: 'half of the period has passed' },
  '80': { zh: '期限已过80%', en: '80% of the period has passed' },
  due: { zh: '今日到期', en: 'due today' },
  overdue: { zh: '已超期', en: 'overdue' },
};

export interface DeadlineRef {
  caseId: string;
  number: string;
  labelZh: string;
  labelEn: string;
  citation: string;
  dueDate: string;
  /** 内部时限 (the Commission's own target), not a statutory deadline */
  internal: boolean;
}

const internalMark = (d: DeadlineRef) => (d.internal ? { zh: '【内部时限】', en: '[internal target] ' } : { zh: '', en: '' });

export function deadlineMessage(d: DeadlineRef, t: Threshold): Message {
  const m = internalMark(d);
  return {
    titleZh: `${m.zh}案件 ${d.number}：${d.labelZh}${THRESHOLD_TEXT[t].zh}`,
    titleEn: `${m.en}Case ${d.number}: ${d.labelEn} — ${THRESHOLD_TEXT[t].en}`,
    bodyZh: `${d.labelZh}（${d.citation}）到期日 ${d.dueDate}。`,
    bodyEn: `${d.labelEn} (${d.citation}) is due on ${d.dueDate}.`,
    link: caseLink(d.caseId),
  };
}

export function escalationMessage(d: DeadlineRef, level: 'leader' | 'supervisor', daysLate: number, waitingOn: string[]): Message {
  const m = internalMark(d);
  const who = waitingOn.length ? waitingOn.join('、') : '—';
  return {
    titleZh: `【督办】${m.zh}案件 ${d.number}：${d.labelZh}已超期 ${daysLate} 日`,
    titleEn: `[Escalation 督办] ${m.en}Case ${d.number}: ${d.labelEn} is ${daysLate} day(s) overdue`,
    bodyZh: `${d.labelZh}（${d.citation}）到期日 ${d.dueDate}，尚未办结。待办人：${who}。${level === 'leader' ? '请督促办理。' : '已报监督机构督办。'}`,
    bodyEn: `${d.labelEn} (${d.citation}) was due on ${d.dueDate} and is not done. Waiting on: ${who}. ${level === 'leader' ? 'Please see that it is done.' : 'Escalated to the supervisory body.'}`,
    link: caseLink(d.caseId),
  };
}

export function intakeMessage(c: { caseId: string; number: string; source: string }): Message {
  const wc5 = c.source === 'wc5';
  return {
    titleZh: `新${wc5 ? 'WC-5 案源' : '举报线索'}：${c.number}`,
    titleEn: `New ${wc5 ? 'WC-5 source' : 'report'}: ${c.number}`,
    bodyZh: `案件 ${c.number} 已登记，待受理审查。`,
    bodyEn: `Case ${c.number} was recorded and awaits acceptance review.`,
    link: caseLink(c.caseId),
  };
}

export function signalMessage(s: { originalCaseId: string; originalCaseNumber: string; referenceNo: string }): Message {
  return {
    titleZh: `WC-5 错案信号：原执法案件 ${s.originalCaseNumber}`,
    titleEn: `WC-5 signal: original case ${s.originalCaseNumber}`,
    bodyZh: `原执法案件 ${s.originalCaseNumber} 有新的被纠错结果（${s.referenceNo}），尚无问责案件。`,
    bodyEn: `Original case ${s.originalCaseNumber} has a new outcome (${s.referenceNo}) and no accountability case yet.`,
    link: '/queue',
  };
}

export interface AlertRef {
  levelZh: string;
  levelEn: string;
  ruleZh: string;
  ruleEn: string;
  titleZh: string;
  titleEn: string;
}

/** A new alert, or one assigned to the recipient (the alert's own title: officer, unit, case number — never a reporter). */
export function alertMessage(a: AlertRef, event: 'raised' | 'assigned', note: string | null = null): Message {
  const assigned = event === 'assigned';
  return {
    titleZh: `【${a.levelZh}】${assigned ? '预警已指派给您' : '新预警'}：${a.titleZh}`,
    titleEn: `[${a.levelEn}] ${assigned ? 'Alert assigned to you' : 'New alert'}: ${a.titleEn}`,
    bodyZh: `预警规则：${a.ruleZh}。${note ? `说明：${note}` : '请确认并处理。'}`,
    bodyEn: `Rule: ${a.ruleEn}. ${note ? `Note: ${note}` : 'Please acknowledge and act on it.'}`,
    link: '/alerts',
  };
}

/** The plain text of a message sent outside the app (e-mail body, webhook content). */
export function plainText(m: Message, appUrl: string | null): string {
  const link = m.link && appUrl ? `\n${appUrl.replace(/\/$/, '')}${m.link}` : '';
  return `${m.titleZh}\n${m.bodyZh}\n\n${m.titleEn}\n${m.bodyEn}${link}`;
}
