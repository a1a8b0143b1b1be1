// The kinds of official document the casework produces (domain.md §5), each with the article it
// serves, its 发文字号 sequence, who may draft it and who may read it.
//
// Reading rules, from the confidentiality the measures imply (retaliating against a reporter is
// a fault, FL-7(7), and aggravating, FL-10(3)):
// - kinds addressed to or quoting the reporter (receipt, reply, transfer of the report) are read
//   by the legal-affairs clerks only (`reporter.read`);
// - a subject reads only issued documents addressed to them (the decision notice with the WC-11
//   rights, the FL-13 recovery notice) and the issued publication notice of their case — all of
//   which are generated without the reporter and checked against the reporter's identity;
// - the other staff who see the case (leader, decision body, the case's investigators) read the rest.

export const DOCUMENT_KINDS = [
  'acceptance_receipt',
  'reply_letter',
  'transfer_letter',
  'registration_approval',
  'team_appointment',
  'interview_record',
  'investigation_report',
  'meeting_minutes',
  'decision_notice',
  'publication_notice',
  'judicial_transfer',
  'discipline_transfer',
  'compensation_notice',
  'appeal_referral_letter',
  'service_receipt',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface KindDef {
  zh: string;
  en: string;
  /** the article(s) the document serves */
  citation: string;
  /** 发文字号 prefix (one sequence per prefix and year); null: not numbered (forms, records, reports) */
  numberPrefix: string | null;
  /** one document per subject: the request names the subject */
  perSubject: boolean;
  /** investigators on the case team may draft and edit it too (clerks draft every kind) */
  investigatorDrafts: boolean;
  /** contains or is addressed to the reporter: clerks only */
  reporterSensitive: boolean;
  /** the subject concerned may read it once issued */
  subjectReadable: 'own' | 'case' | false;
  /**
   * WC-11: the outside body an appeal was sent to reads it (only the issued letter recorded on the
   * referral to that body); generated without the reporter and checked against the reporter on every save.
   */
  outsideReadable?: true;
}

export const KIND_DEFS: Record<DocumentKind, KindDef> = {
  acceptance_receipt: { zh: '受理回执', en: 'Acceptance receipt', citation: 'WC-9(1)', numberPrefix: null, perSubject: false, investigatorDrafts: false, reporterSensitive: true, subjectReadable: false },
  reply_letter: { zh: '答复函', en: 'Reply letter', citation: 'WC-9(1)', numberPrefix: '巴住建问函', perSubject: false, investigatorDrafts: false, reporterSensitive: true, subjectReadable: false },
  transfer_letter: { zh: '转送函', en: 'Transfer letter', citation: 'WC-9(1)', numberPrefix: '巴住建问转', perSubject: false, investigatorDrafts: false, reporterSensitive: true, subjectReadable: false },
  registration_approval: { zh: '立案审批表', en: 'Registration approval form', citation: 'FL-15', numberPrefix: null, perSubject: false, investigatorDrafts: false, reporterSensitive: false, subjectReadable: false },
  team_appointment: { zh: '调查组组成通知', en: 'Investigation team appointment notice', citation: 'WC-9(2)', numberPrefix: '巴住建问通', perSubject: false, investigatorDrafts: false, reporterSensitive: false, subjectReadable: false },
  interview_record: { zh: '询问笔录', en: 'Interview record', citation: 'WC-9(2)', numberPrefix: null, perSubject: false, investigatorDrafts: true, reporterSensitive: false, subjectReadable: false },
  investigation_report: { zh: '调查报告', en: 'Investigation report', citation: 'WC-9(2)', numberPrefix: null, perSubject: false, investigatorDrafts: true, reporterSensitive: false, subjectReadable: false },
  meeting_minutes: { zh: '会议纪要', en: 'Decision meeting minutes', citation: 'FL-5(4)', numberPrefix: '巴住建问纪', perSubject: false, investigatorDrafts: false, reporterSensitive: false, subjectReadable: false },
  decision_notice: { zh: '处理决定书', en: 'Handling decision notice', citation: 'WC-9(3)', numberPrefix: '巴住建问决', perSubject: true, investigatorDrafts: false, reporterSensitive: false, subjectReadable: 'own' },
  publication_notice: { zh: '公开通报', en: 'Publication notice', citation: 'FL-5(4)', numberPrefix: '巴住建问通报', perSubject: false, investigatorDrafts: false, reporterSensitive: false, subjectReadable: 'case' },
  judicial_transfer: { zh: '移送司法机关函', en: 'Transfer to the judicial organs', citation: 'FL-12', numberPrefix: '巴住建问移', perSubject: true, investigatorDrafts: false, reporterSensitive: false, subjectReadable: false },
  discipline_transfer: { zh: '移送纪检监察机关函', en: 'Transfer to the discipline bodies', citation: 'WC-9(3)', numberPrefix: '巴住建问移', perSubject: true, investigatorDrafts: false, reporterSensitive: false, subjectReadable: false },
  compensation_notice: { zh: '追偿通知书', en: 'Compensation recovery notice', citation: 'FL-13', numberPrefix: '巴住建问追', perSubject: true, investigatorDrafts: false, reporterSensitive: false, subjectReadable: 'own' },
  // WC-11 申诉 to 行政执法监督部门 or 纪检、监察部门: the commission hands the appeal over with this letter.
  appeal_referral_letter: { zh: '申诉移送函', en: 'Appeal hand-off letter', citation: 'WC-11', numberPrefix: '巴住建问移', perSubject: true, investigatorDrafts: false, reporterSensitive: false, subjectReadable: false, outsideReadable: true },
  // 送达回证: the record of serving an issued document (the decision notice with the WC-11 rights, a
  // reply, a transfer …); printed, signed or refused by the recipient, then recorded (service.ts).
  // Clerks only: the document served may be addressed to the reporter.
  service_receipt: { zh: '送达回证', en: 'Proof of service', citation: 'WC-11', numberPrefix: null, perSubject: false, investigatorDrafts: false, reporterSensitive: true, subjectReadable: false },
};

/** Issued kinds that are served on their addressee (送达) and so have a 送达回证. */
export const SERVABLE_KINDS: readonly DocumentKind[] = ['acceptance_receipt', 'reply_letter', 'transfer_letter', 'decision_notice', 'judicial_transfer', 'discipline_transfer', 'compensation_notice', 'appeal_referral_letter'];

/** Kinds a subject may ever read: generated without the reporter, checked against the reporter on every save. */
export const SUBJECT_READABLE_KINDS = (Object.keys(KIND_DEFS) as DocumentKind[]).filter((k) => KIND_DEFS[k].subjectReadable !== false);

/** Kinds an outside supervisory body may read (WC-11): generated and checked without the reporter, like the subject's. */
export const OUTSIDE_READABLE_KINDS = (Object.keys(KIND_DEFS) as DocumentKind[]).filter((k) => KIND_DEFS[k].outsideReadable === true);

/** The kinds' prefixes are written for the Banan commission (巴住建问…); another organisation swaps in its own (issue 11). */
export const BASE_DOCUMENT_PREFIX = '巴住建问';
export function documentNumberPrefix(kindPrefix: string | null, orgPrefix: string | null): string | null {
  if (!kindPrefix || !orgPrefix || !kindPrefix.startsWith(BASE_DOCUMENT_PREFIX)) return kindPrefix;
  return orgPrefix + kindPrefix.slice(BASE_DOCUMENT_PREFIX.length);
}

// ---------------------------------------------------------------------------------------------
// 发文字号 and title forms (GB/T 9704-2012 §7.2.4: a number is the organ's, from its series)

/**
 * The kinds whose parts come from a record (pinned.ts) keep their kind's title form, and no other
 * kind takes it: an 答复函 titled "…处理决定书" (or carrying a 处理决定书's number) would pose as the
 * body's decision, around the pinning of the decision notice. `form`: what the kind's title names;
 * `words`: what no other kind's title contains.
 */
const TITLE_FORMS: { kind: DocumentKind; form: string; zh: string; words: RegExp; allowedIn: readonly DocumentKind[] }[] = [
  // the minutes' generated title is 关于…案件处理决定的会议纪要: it names the decision it records
  { kind: 'decision_notice', form: '处理决定书', zh: '处理决定书', words: /决定书|处理决定/, allowedIn: ['meeting_minutes'] },
  { kind: 'meeting_minutes', form: '会议纪要', zh: '会议纪要', words: /纪要/, allowedIn: [] },
  { kind: 'registration_approval', form: '立案审批表', zh: '立案审批表', words: /立案审批/, allowedIn: [] },
];

/** The title with spaces and invisible format characters taken out (so 处 理 决 定 书 is read as what it says). */
const bareTitle = (title: string): string => title.replace(/[\s\u00ad\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/gu, '');

/** Why a title does not fit its kind (null: it fits). */
export function titleFormProblem(kind: DocumentKind, title: string): { zh: string; en: string } | null {
  const bare = bareTitle(title);
  for (const f of TITLE_FORMS) {
    if (f.kind === kind) {
      if (!bare.includes(f.form)) return { zh: `${f.zh}的标题须含“${f.form}”`, en: `the title of a ${KIND_DEFS[kind].en} names it as “${f.form}”` };
    } else if (!f.allowedIn.includes(kind) && f.words.test(bare)) {
      return { zh: `${KIND_DEFS[kind].zh}的标题不得使用${f.zh}的名称`, en: `a ${KIND_DEFS[kind].en} may not be titled as a ${KIND_DEFS[f.kind].en}` };
    }
  }
  return null;
}
