// Drafts generated from case data: one pure function per kind, (facts, target) → content. Each
// names what it needs and refuses (PRECONDITION_FAILED, citing the article) when the case does
// not have it yet. What the case cannot know (the judicial organ's name, a payment deadline) is
// left as a visible blank, 【待填写：…】, which issue refuses to print.
import { CHANNEL_LABELS, type Channel, type Track } from '../../domain/cases';
import { AppError } from '../../errors';
import { RESPONSIBILITY_LABEL, TREATMENT_LABEL } from '../../rules/explain';
import { RIGHTS_TEXT } from '../cases/steps-decision';
import { SUPERVISORY_BODIES, type SupervisoryBody } from '../cases/steps-supervision';
import { parseJson } from '../cases/repo';
import { LEGAL_SECTION, type CaseDocFacts, type DecisionItemFacts, type FindingData } from './case-facts';
import { articleText, citationCodesToZh, citationsZh, citationZh, firstCitationInFull, labelOf, sortCitations } from './citations-zh';
import { blank, chineseDate, mapContentStrings, plainContent, yuan, type DocumentContent, type Paragraph } from './content';
import { KIND_DEFS, SERVABLE_KINDS, type DocumentKind } from './kinds';
import { PINNED_RECORDS, type Bi, type PinnedLayout } from './pinned';

export interface DraftTarget {
  subjectId?: string | undefined;
  evidenceId?: string | undefined;
  /** 送达回证: the issued document served (default: the latest issued one that is served) */
  documentId?: string | undefined;
}

export interface Draft {
  content: DocumentContent;
  subjectPersonId: string | null;
  evidenceId: string | null;
  /** 送达回证: the document served */
  servedDocumentId?: string | null;
  /** things the drafter should know (stale recommendation, higher-law limits …) */
  warnings: { zh: string; en: string }[];
  /** FL-5(4), FL-15: the parts taken from a record that no edit may change (pinned.ts) */
  pinned?: PinnedLayout;
}

const p = (text: string, style: Paragraph['style'] = 'body'): Paragraph => ({ style, text });

const need = (ok: unknown, zh: string, en: string): void => {
  if (!ok) throw new AppError('PRECONDITION_FAILED', { zh, en });
};

export const CULPABILITY_ZH: Record<string, string> = { intent: '故意', negligence: '过失', gross_negligence: '重大过失', none: '无过错' };
export const ROLE_ZH: Record<string, string> = {
  handler: '承办人',
  approver: '批准人',
  final_approver: '最后批准人',
  deliberation_chair: '集体研究决定的主持人',
  deliberation_insisting_member: '集体研究中坚持错误意见者',
  instructing_leader: '授意或指使承办人的负责人',
  assigner: '安排不具备执法资格人员执法的用人失职者',
  direct_responsible: '直接责任人',
  other: '其他参与人员',
};
const HARM_ZH: Record<string, string> = { none: '未造成危害后果', minor: '造成一定危害后果', serious: '造成严重后果' };
const INFLUENCE_ZH: Record<string, string> = { none: '', bad: '造成不良影响', very_bad: '造成恶劣影响' };
const ORIGINAL_KIND_ZH: Record<string, string> = { penalty: '行政处罚', licence: '行政许可', inspection: '行政检查', compulsory: '行政强制' };

const tracksOf = (f: CaseDocFacts): Track[] => parseJson<Track[]>(f.row.tracks, []);
const nameOf = (f: CaseDocFacts, id: string): string => f.people.get(id)?.name ?? id;
/** 建设工程执法支队执法队员张三 */
const fullNameOf = (f: CaseDocFacts, id: string): string => {
  const person = f.people.get(id);
  if (!person) return id;
  return `${person.unitName ?? ''}${person.post ?? ''}${person.name}`;
};
const join = (xs: string[], sep = '、'): string => xs.filter(Boolean).join(sep);
const formsZh = (forms: string[]): string => join(forms.map((x) => `${labelOf(x)}（${x}）`), '；');
const stepData = (f: CaseDocFacts, action: string): Record<string, unknown> | null => [...f.steps].reverse().find((s) => s.action === action)?.data ?? null;

function originalRef(f: CaseDocFacts): string {
  if (!f.original) return '';
  return `${f.original.unitName ?? ''}办理的${f.original.title}（${f.original.number}，${chineseDate(f.original.decisionDate)}作出${ORIGINAL_KIND_ZH[f.original.kind] ?? ''}决定）`;
}

/** Where the matter came from, without the reporter: channel and date, or the WC-5 source. */
function sourceZh(f: CaseDocFacts): string {
  const r = f.row;
  if (r.source === 'wc5' && r.wc5_item) {
    return `${labelOf(`WC-5(${r.wc5_item})`)}（${citationZh(`WC-5(${r.wc5_item})`)}；${r.wc5_reference_no ?? ''}${r.wc5_reference_date ? `，${chineseDate(r.wc5_reference_date)}` : ''}）`;
  }
  return `${chineseDate(r.received_on)}收到的${r.channel ? CHANNEL_LABELS[r.channel as Channel].zh : ''}举报`;
}

function addresseeOfReporter(f: CaseDocFacts): string {
  const rep = f.reporter;
  if (!rep || rep.anonymous || !rep.name) return '举报人';
  return rep.organisation && !rep.name ? rep.organisation : rep.name;
}

function findingOf(f: CaseDocFacts, subjectId: string): FindingData | null {
  return f.findings.find((x) => x.subjectPersonId === subjectId)?.data ?? null;
}

function decisionItem(f: CaseDocFacts, subjectId: string | undefined, what: string): DecisionItemFacts {
  need(f.decision, `尚未作出处理决定，不能起草${what}（WC-9(3)）`, `no handling decision yet (WC-9(3))`);
  need(subjectId, `${what}须指定被追究人员（subjectId）`, 'name the subject (subjectId)');
  const item = f.decision!.items.find((i) => i.subjectPersonId === subjectId);
  need(item, `处理决定中无此人员`, 'this person is not in the decision in force');
  return item!;
}

function requireSubject(f: CaseDocFacts, subjectId: string | undefined): string {
  need(subjectId, '须指定被调查人（subjectId）', 'name the subject (subjectId)');
  need(f.subjectIds.includes(subjectId!) || f.decision?.items.some((i) => i.subjectPersonId === subjectId), '此人不是本案被调查人', 'this person is not a subject of the case');
  return subjectId!;
}

/** The facts found about one subject, in the words of a decision (structured data only: no free narrative). */
function factSentence(f: CaseDocFacts, subjectId: string, fd: FindingData | null): string {
  const who = nameOf(f, subjectId);
  if (!fd) return `${who}的责任认定见调查报告。`;
  const role = ROLE_ZH[fd.roleInOriginalCase] ?? '';
  const faults = fd.faults.map((x) => `${labelOf(x)}（${citationZh(x)}）`);
  const cons = [HARM_ZH[fd.consequences.harm], INFLUENCE_ZH[fd.consequences.influence]].filter(Boolean).join('，');
  return `${who}${f.original ? `在${originalRef(f)}中` : ''}${role ? `作为${role}` : ''}，${faults.length ? `存在${join(faults, '；')}的行为` : '未发现过错行为'}${fd.culpability !== 'none' ? `，属${CULPABILITY_ZH[fd.culpability]}` : ''}${cons ? `，${cons}` : ''}。`;
}

function circumstancesSentence(fd: FindingData | null): string {
  if (!fd || !fd.circumstances.length) return '';
  return `具有${join(fd.circumstances.map((c) => `${labelOf(c)}（${c}）`), '；')}的情节。`;
}

function itemDecisionZh(it: DecisionItemFacts): string {
  if (it.noAccountability) return '不予追究责任';
  const parts = [it.forms.length ? formsZh(it.forms) : ''];
  if (it.compensationFen) parts.push(`责成承担国家赔偿费用人民币${yuan(it.compensationFen)}（FL-13）`);
  if (it.transferJudicial) parts.push('移送司法机关追究刑事责任（FL-12）');
  if (it.transferDiscipline) parts.push('移送纪检监察机关处理（WC-9(3)）');
  return join(parts, '；');
}

const measuresOf = (f: CaseDocFacts): string => join(tracksOf(f).map((t) => `${t === 'FL' ? '《行政执法过错责任追究办法》' : '《行政执法错案责任倒查问责办法》'}`), '和');

function signature(f: CaseDocFacts, date?: string | null): DocumentContent['signature'] {
  return { organ: f.organ, date: date ?? f.today };
}

/** A case document signed by the organisation today (plainContent), `o` on top. */
const base = (f: CaseDocFacts, o: Partial<DocumentContent> & Pick<DocumentContent, 'title' | 'paragraphs'>): DocumentContent => plainContent({ signature: signature(f), ...o });

type Generator = (f: CaseDocFacts, t: DraftTarget, warn: (zh: string, en: string) => void) => Omit<Draft, 'warnings'>;

// 受理回执 (WC-9(1): 委法制科应当及时受理，并负责答复).
const acceptanceReceipt: Generator = (f) => {
  need(f.row.source === 'report', '受理回执只用于举报、投诉（WC-9(1)）', 'a receipt answers a report (WC-9(1))');
  need(f.row.accepted_on, '案件尚未受理（WC-9(1)）', 'the case has not been accepted (WC-9(1))');
  const channel = f.row.channel ? CHANNEL_LABELS[f.row.channel as Channel].zh : '';
  return {
    content: base(f, {
      title: '举报投诉受理回执',
      addressee: addresseeOfReporter(f),
      fields: [
        { label: '受理编号', value: f.row.number },
        { label: '收到日期', value: chineseDate(f.row.received_on) },
        { label: '举报方式', value: channel },
        { label: '反映事项', value: f.row.summary },
        { label: '受理日期', value: chineseDate(f.row.accepted_on) },
        { label: '承办部门', value: LEGAL_SECTION },
      ],
      paragraphs: [
        p(`你于${chineseDate(f.row.received_on)}以${channel || '书面'}方式反映的问题，我委已于${chineseDate(f.row.accepted_on)}受理，受理编号为${f.row.number}。根据${citationZh('WC-9(1)')}的规定，由${LEGAL_SECTION}负责办理和答复。`),
        p('你可以凭举报时取得的查询码查询办理进度和答复。我委对举报人的信息依法予以保密。'),
        p('特此回执。'),
      ],
      signature: signature(f, f.row.accepted_on),
    }),
    subjectPersonId: null,
    evidenceId: null,
  };
};

// 答复函 (WC-9(1): 负责答复).
const replyLetter: Generator = (f) => {
  need(f.row.source === 'report', '答复函只用于举报、投诉（WC-9(1)）', 'a reply answers a report (WC-9(1))');
  const reply = f.replies[f.replies.length - 1];
  need(reply, '本案尚无对举报人的答复（WC-9(1)）', 'no reply to the reporter has been recorded (WC-9(1))');
  return {
    content: base(f, {
      letterhead: f.organ,
      title: '关于举报投诉事项的答复',
      addressee: addresseeOfReporter(f),
      paragraphs: [
        p(`你于${chineseDate(f.row.received_on)}反映的问题（受理编号${f.row.number}）收悉。根据${citationZh('WC-9(1)')}的规定，现答复如下：`),
        ...reply!.text.split(/\n+/).filter(Boolean).map((t) => p(t)),
        p('特此答复。'),
      ],
      signature: signature(f, reply!.repliedOn),
    }),
    subjectPersonId: null,
    evidenceId: null,
  };
};

// 转送函 (WC-9(1): 不属于本单位受理的案件，应在受理后2日内转送有权部门处理).
const transferLetter: Generator = (f, _t, warn) => {
  need(['to_transfer', 'transferred'].includes(f.row.state) || stepData(f, 'transfer'), '案件未确认须转送（WC-9(1)）', 'the case is not marked for transfer (WC-9(1))');
  const step = stepData(f, 'transfer');
  const deadline = f.deadlines.find((d) => d.kind === 'transfer');
  const body = (step?.competentBody as string | undefined) ?? blank('有权处理的部门');
  const on = (step?.transferredOn as string | undefined) ?? f.today;
  if (deadline && on > deadline.dueDate) warn(`转送日期晚于${chineseDate(deadline.dueDate)}的转送期限（WC-9(1)）`, `the transfer is after its WC-9(1) due date ${deadline.dueDate}`);
  return {
    content: base(f, {
      letterhead: f.organ,
      // numbered at issue from the 转送函 series (巴住建问转); the transfer step's letter no. is the step's record
      docNumber: null,
      title: '关于转送举报投诉事项的函',
      addressee: body,
      paragraphs: [
        p(`我委于${chineseDate(f.row.received_on)}收到${f.row.channel ? CHANNEL_LABELS[f.row.channel as Channel].zh : ''}反映的问题，并于${chineseDate(f.row.accepted_on)}受理（受理编号${f.row.number}）。反映的主要内容是：${f.row.summary}`),
        p(`经审查，该事项不属于我委受理范围。根据${citationZh('WC-9(1)')}“不属于本单位受理的案件，应在受理后2日内转送有权部门处理”的规定，现将有关材料转送你单位，请依法处理。${deadline ? `（转送期限：${chineseDate(deadline.dueDate)}前）` : ''}`),
        p('举报人信息依法保密，请你单位注意做好保密工作。'),
      ],
      attachments: ['举报投诉材料'],
      signature: signature(f, on),
      cc: LEGAL_SECTION,
    }),
    subjectPersonId: null,
    evidenceId: null,
  };
};

// 立案审批表 (FL-15: 有关立案、处理决定由委党委会会议确定).
// The case number, the date accepted, the officers under investigation and the meeting's opinion
// come from the case record and are pinned to it (pinned.ts): the form never states a registration
// the committee did not make. Before the register step the opinion reads as awaiting the meeting —
// not a blank the drafter fills in.
const registrationApproval: Generator = (f) => {
  need(f.row.accepted_on, '案件尚未受理，不能报请立案（FL-15）', 'the case has not been accepted (FL-15)');
  const reg = stepData(f, 'register');
  const subjects = f.subjectIds.map((id) => fullNameOf(f, id));
  const rec = (label: string, zh: string, en: string) => ({ label, name: { zh, en } });
  return {
    content: base(f, {
      title: '行政执法责任追究立案审批表',
      fields: [
        { label: '案件编号', value: f.row.number },
        { label: '案件来源', value: sourceZh(f) },
        { label: '受理日期', value: chineseDate(f.row.accepted_on) },
        { label: '适用办法', value: measuresOf(f) },
        { label: '原执法案件', value: f.original ? `${f.original.number} ${f.original.title}` : '' },
        { label: '被调查人员', value: join(subjects) || blank('被调查人员') },
        { label: '简要案情', value: f.row.summary },
        { label: '承办部门意见', value: `经初步审查，反映的问题属于${measuresOf(f)}规定的追究范围，建议立案调查。\n${LEGAL_SECTION}\u3000${chineseDate(f.row.accepted_on)}` },
        {
          label: '委党委会会议意见',
          value: f.row.registered_on ? `同意立案。（${chineseDate(f.row.registered_on)}委党委会会议确定${reg?.note ? `；${String(reg.note)}` : ''}）` : '（待委党委会会议研究；会议确定立案后由立案记录生成）',
        },
      ],
      paragraphs: [p(`依据：${citationZh('FL-15')}：“${articleText('FL-15') ?? ''}”`, 'plain')],
      signature: null,
    }),
    subjectPersonId: null,
    evidenceId: null,
    pinned: {
      source: PINNED_RECORDS.registration_approval,
      fields: [
        rec('案件编号', '案件编号', 'the case number'),
        rec('受理日期', '受理日期', 'the date accepted'),
        rec('被调查人员', '被调查人员', 'the officers under investigation'),
        rec('委党委会会议意见', '委党委会会议意见', 'the committee meeting’s opinion'),
      ],
      paragraphs: [],
    },
  };
};

// 调查组组成通知 (WC-9(2): 由委主要负责人指派人员及时组成调查组展开调查).
const teamAppointment: Generator = (f) => {
  need(f.team.length, '尚未组成调查组（WC-9(2)）', 'no investigation team yet (WC-9(2))');
  const lead = f.team.filter((m) => m.lead).map((m) => m.personName ?? m.displayName);
  const members = f.team.filter((m) => !m.lead).map((m) => m.personName ?? m.displayName);
  const appointedOn = f.team[0]!.appointedOn;
  const handling = f.deadlines.find((d) => d.kind === 'handling');
  const units = [...new Set(f.subjectIds.map((id) => f.people.get(id)?.unitName).filter((u): u is string => Boolean(u)))];
  return {
    content: base(f, {
      letterhead: `${f.organ}文件`,
      title: `关于成立${f.row.number}案件调查组的通知`,
      addressee: join([LEGAL_SECTION, ...units]),
      paragraphs: [
        p(`根据${citationZh('WC-9(2)')}的规定，经委主要负责人指派，决定成立${f.row.number}案件调查组，对${f.original ? originalRef(f) : '有关'}中的行政执法责任问题展开调查。现将有关事项通知如下：`),
        p('一、调查组组成人员', 'h1'),
        p(`组长：${join(lead) || blank('组长')}`),
        p(`成员：${join(members) || '无'}`),
        p('二、调查方式', 'h1'),
        p('调查组可以采取调阅有关案件材料、询问执法责任人、了解核实有关情况、询问行政相对人等方式进行调查。'),
        p('三、工作要求', 'h1'),
        p(`被调查执法人员应当积极配合支持调查工作，提供有关事实、证据资料，不得提供伪证或利用其它手段阻碍调查工作（${citationZh('WC-9(2)')}）。与本案有利害关系的人员不得参加调查。`),
        ...(tracksOf(f).includes('FL')
          ? [p(`追究执法过错责任应当自调查之日起60天内处理完毕（${citationZh('FL-16')}）${handling ? `，本案应于${chineseDate(handling.dueDate)}前处理完毕` : ''}。`)]
          : []),
      ],
      signature: signature(f, appointedOn),
      cc: '委主要负责人',
      printing: { organ: `${f.organ}办公室`, date: null },
    }),
    subjectPersonId: null,
    evidenceId: null,
  };
};

// 询问笔录 (WC-9(2): 询问执法责任人 / 询问行政相对人), from an interview-record evidence item.
const interviewRecord: Generator = (f, t) => {
  const records = f.evidence.filter((e) => e.kind === 'interview_record');
  const ev = t.evidenceId ? records.find((e) => e.id === t.evidenceId) : [...records].reverse().find((e) => !e.supersededBy);
  need(ev, t.evidenceId ? '本案无此询问笔录证据' : '本案尚无询问笔录证据（WC-9(2)）', 'no interview-record evidence in this case');
  const e = ev!;
  if (e.supersededBy) need(false, '该笔录已被更正，请使用更正后的版本', 'that record was corrected; use the correction');
  const lines = (e.text ?? e.description ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return {
    content: base(f, {
      title: '询问笔录',
      fields: [
        { label: '案件编号', value: f.row.number },
        { label: '询问时间', value: chineseDate(e.collectedOn) },
        { label: '询问地点', value: blank('询问地点') },
        { label: '询问人', value: e.recordedByName ?? join(f.team.map((m) => m.personName ?? m.displayName)) },
        { label: '记录人', value: e.recordedByName ?? '' },
        { label: '被询问人', value: e.source },
        { label: '事由', value: e.title },
      ],
      paragraphs: [
        p(`询问人告知：我们是${f.organ}${f.row.number}案件调查组的工作人员，依据${citationZh('WC-9(2)')}向你了解有关情况。你应当如实提供有关事实、证据资料，不得提供伪证；如有异议，可以提出。`, 'plain'),
        ...lines.map((l) => p(l, 'plain')),
        p('以上笔录我已看过（或已向我宣读过），与我所说的一致。', 'plain'),
        p('被询问人（签名）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日', 'plain'),
        p('询问人（签名）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000记录人（签名）：', 'plain'),
      ],
      signature: null,
    }),
    subjectPersonId: null,
    evidenceId: e.id,
  };
};

// 调查报告 (WC-9(2)–(3)): findings per subject, the stored recommendation receipt, its citations with text.
const investigationReport: Generator = (f, _t, warn) => {
  need(f.findings.length, '尚无责任认定，不能起草调查报告（WC-9(3)）', 'no findings yet (WC-9(3))');
  const out: Paragraph[] = [];
  out.push(p('一、案件来源及调查经过', 'h1'));
  out.push(
    p(
      `本案来源于${sourceZh(f)}${f.row.accepted_on ? `，${chineseDate(f.row.accepted_on)}受理` : ''}${f.row.registered_on ? `，${chineseDate(f.row.registered_on)}经委党委会会议确定立案（FL-15）` : ''}${f.team.length ? `，${chineseDate(f.team[0]!.appointedOn)}经委主要负责人指派组成调查组（WC-9(2)）` : ''}${f.row.investigation_started_on ? `，${chineseDate(f.row.investigation_started_on)}开始调查` : ''}。${f.original ? `涉及${originalRef(f)}。` : ''}`,
    ),
  );
  const evidence = f.evidence.filter((e) => !e.supersededBy);
  if (evidence.length) out.push(p(`调查组收集了以下证据：${join(evidence.map((e) => `${e.title}（${chineseDate(e.collectedOn)}，来源：${e.source}）`), '；')}。`));
  out.push(p('二、调查认定的事实和责任', 'h1'));
  f.findings.forEach((x, i) => {
    const fd = x.data;
    out.push(p(`（${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i] ?? i + 1}）${fullNameOf(f, x.subjectPersonId)}`, 'h2'));
    out.push(p(factSentence(f, x.subjectPersonId, fd)));
    if (fd.narrative) out.push(p(fd.narrative));
    const circ = circumstancesSentence(fd);
    if (circ) out.push(p(circ));
    if (fd.consequences.stateCompensationFen) out.push(p(`涉及国家赔偿人民币${yuan(fd.consequences.stateCompensationFen)}。`));
    if (fd.consequences.crimeSuspected) out.push(p('其行为涉嫌构成犯罪。'));
  });
  if (tracksOf(f).includes('WC')) {
    out.push(p('三、错案认定', 'h1'));
    out.push(
      p(
        f.row.wrong_case === null
          ? '调查组尚未提交错案认定。'
          : Number(f.row.wrong_case) === 1
            ? `本案原执法案件属于${citationZh('WC-5')}规定的错案：${labelOf(`WC-5(${f.row.wrong_case_wc5_item ?? f.row.wc5_item})`)}（WC-5(${f.row.wrong_case_wc5_item ?? f.row.wc5_item})）。`
            : '经调查，原执法案件不属于错案。',
      ),
    );
  }
  const cited = new Set<string>(['FL-2', 'FL-8']);
  out.push(p(`${tracksOf(f).includes('WC') ? '四' : '三'}、处理建议（规则引擎建议）`, 'h1'));
  const rec = f.recommendation;
  if (!rec) {
    warn('本案尚无规则引擎建议，报告中未列建议范围', 'no recommendation receipt: the report lists no range');
    out.push(p('本案尚未运行规则引擎建议。'));
  } else {
    if (rec.stale) warn('认定在规则引擎建议之后有变更，建议重新评估后再起草', 'findings changed after the recommendation: evaluate again');
    out.push(p(`建议依据规则引擎回执${rec.id}（规则包${rec.packId}，版本${rec.packVersion}，内容哈希${rec.packHash.slice(0, 12)}，${chineseDate(rec.evaluatedAt.slice(0, 10))}生成）${rec.stale ? '，该回执生成后责任认定有变更' : ''}：`));
    const o = rec.output;
    if (o.status === 'no_rules_in_force') {
      out.push(p(o.explanation.zh));
    } else {
      for (const s of o.subjects) {
        const r = RESPONSIBILITY_LABEL[s.responsibility];
        s.responsibilityBasis.forEach((c) => cited.add(c));
        s.treatmentBasis.forEach((c) => cited.add(c));
        s.forms?.citations.forEach((c) => cited.add(c));
        s.mandatory.forEach((m) => m.ruleIds.forEach((c) => cited.add(c)));
        s.compensation?.ruleIds.forEach((c) => cited.add(c));
        let line = `${s.name}：${r.zh}（${join(s.responsibilityBasis)}）`;
        if (s.treatment) line += `；${TREATMENT_LABEL[s.treatment].zh}${s.treatmentBasis.length ? `（${join(s.treatmentBasis)}）` : ''}`;
        if (s.forms) line += `；可选处理方式${s.forms.exemptionAvailable ? '：免于追究至' : '：'}${s.forms.min && !s.forms.exemptionAvailable ? `${s.forms.min.zh}至` : ''}${s.forms.max?.zh ?? ''}（${join(s.forms.permitted.map((x) => x.zh))}）`;
        for (const m of s.mandatory) line += `；${m.zh}（${join(m.ruleIds)}）`;
        if (s.compensation?.recoverable) line += `；可责成承担国家赔偿费用，参考金额人民币${s.compensation.indicativeAmountYuan.toFixed(2)}元（${join(s.compensation.ruleIds)}）`;
        if (s.conflict) line += `；规则冲突，须集体讨论判断（${join(s.conflict.ruleIds)}）`;
        out.push(p(`${line}。`));
      }
      for (const w of o.warnings) {
        w.ruleIds.forEach((c) => cited.add(c));
        out.push(p(`提示：${w.zh}（${join(w.ruleIds)}）`));
      }
    }
    for (const line of o.trace) if (line.outcome === 'fired' || line.outcome === 'selected' || line.outcome === 'derived') cited.add(line.ruleId);
  }
  out.push(p(`建议提交委党委会会议集体讨论决定（${citationsZh(['FL-15', 'WC-9(3)'])}）。`));
  out.push(p(`${tracksOf(f).includes('WC') ? '五' : '四'}、适用条款原文`, 'h1'));
  for (const c of sortCitations(cited)) {
    const text = articleText(c, rec?.packId);
    if (text) out.push(p(`${citationZh(c)}：${text}`));
  }
  const lead = f.team.find((m) => m.lead);
  return {
    content: base(f, {
      title: `关于${f.row.number}案件的调查报告`,
      addressee: '委党委会',
      paragraphs: out,
      signature: { organ: `${f.row.number}案件调查组${lead ? `（组长：${lead.personName ?? lead.displayName}）` : ''}`, date: f.today },
    }),
    subjectPersonId: null,
    evidenceId: null,
  };
};

// 会议纪要 of the decision meeting (FL-5(4) 民主集中制, FL-15, WC-9(3) 经委领导集体讨论). Everything
// but the title and the 版记 states the meeting's record, and is pinned to it (pinned.ts): the
// 时间/主持/出席 fields and every paragraph, none added (`anchor: 'whole'`) — what else the meeting
// discussed is in its own minutes (会议记录的纪要), recorded before it closed.
const meetingMinutes: Generator = (f) => {
  need(f.decision, '尚未作出处理决定（FL-15）', 'no decision yet (FL-15)');
  const d = f.decision!;
  const m = d.meeting;
  // FL-15: minutes are of the body's meeting whose result the decision in force carried out —
  // never of a decision taken outside (an outside body's, WC-11), nor of a meeting set aside.
  need(m.meetingId || m.attendees?.length, '现行处理决定不是委党委会会议作出的，没有可据以起草的会议记录（FL-15）', 'the decision in force was not taken at a meeting of the body: there is no meeting record to draft from (FL-15)');
  if (m.meetingId) {
    need(f.decisionMeeting?.status === 'closed' && ['decide', 'decide_appeal'].includes(f.decisionMeeting.carriedOutByStep ?? ''), '现行处理决定所依据的会议未闭会执行或已另行召开，不能据以起草会议纪要（FL-15）', "the meeting behind the decision in force is not a closed meeting carried out by the decision, or was set aside (FL-15)");
  }
  const pinned: { index: number; name: Bi }[] = [];
  const out: Paragraph[] = [];
  const rec = (text: string, zh: string, en: string, style: Paragraph['style'] = 'body'): void => {
    out.push(p(text, style));
    pinned.push({ index: out.length - 1, name: { zh, en } });
  };
  rec(`${chineseDate(m.date ?? d.decidedOn)}，${m.chair ? `${m.chair}主持召开` : '召开'}委党委会会议，集体讨论${f.row.number}案件的处理决定（${citationsZh(['FL-5(4)', 'FL-15'])}）。会议听取了调查组的调查报告${f.recommendation ? '及规则引擎处理建议' : ''}。现纪要如下：`, '会议时间和主持人', 'date and chair');
  if (m.minutes) for (const t of m.minutes.split(/\n+/).filter(Boolean)) rec(t, '会议记录的纪要', "the minutes recorded at the meeting");
  if (m.quorum) {
    // FL-15 / FL-5(4): the quorum with recused members counted out, absences and recusals on the record.
    rec(`应到委党委会成员${m.quorum.eligible}人（回避${m.quorum.recused}人不计入），实到${m.quorum.present}人，${m.quorum.quorate ? '符合' : '不符合'}过半数出席的要求。`, '出席人数', 'attendance and quorum');
    if (m.absent?.length) rec(`缺席：${join(m.absent)}。`, '缺席人员', 'absent members');
    for (const r of m.recused ?? []) rec(`${r.name}回避：${r.reason}。`, `回避人员（${r.name}）`, `stood aside (${r.name})`);
  }
  rec('一、与会人员意见', '与会人员意见', "members' opinions", 'h1');
  for (const a of m.attendees ?? []) rec(`${a.name}：${a.opinion}`, `与会人员意见（${a.name}）`, `opinion of ${a.name}`);
  if (m.missingConfirmations?.length) rec(`以下成员未以本人账号确认其意见，由主持人闭会时列明：${join(m.missingConfirmations)}。`, '未确认意见的成员', 'members who did not confirm');
  rec('二、会议决定', '会议决定', "the meeting's decision", 'h1');
  for (const it of d.items) {
    const who = nameOf(f, it.subjectPersonId);
    rec(`${fullNameOf(f, it.subjectPersonId)}：${itemDecisionZh(it)}${it.reason ? `。理由：${it.reason}` : ''}。`, `会议决定（${who}）`, `decision on ${who}`);
    if (it.departedForms.length) {
      rec(`其中${join(it.departedForms.map((x) => (x === 'NO_ACCOUNTABILITY' ? '不予追究' : x)))}超出规则引擎建议范围，会议说明理由如下：${it.departureReason ?? blank('理由')}`, `会议决定（${who}）`, `decision on ${who}`);
    }
  }
  // what the measures ask once the body has decided (WC-11 service and rights, FL-5(4) publication)
  rec(`会议要求${LEGAL_SECTION}将处理决定书送达被追究人员，告知其陈述、申辩和申诉的权利（${citationZh('WC-11')}），并在有关范围内及时公开追究的事实及归责依据（${citationZh('FL-5(4)')}）。`, '会议对送达、告知和公开的要求', "the meeting's instructions on service, rights and publication");
  return {
    content: base(f, {
      letterhead: `${f.organ}党委会会议纪要`,
      title: `关于${f.row.number}案件处理决定的会议纪要`,
      fields: [
        { label: '时间', value: chineseDate(m.date ?? d.decidedOn) },
        { label: '主持', value: m.chair ?? '' },
        { label: '出席', value: join((m.attendees ?? []).map((a) => a.name)) },
        { label: '议题', value: `研究${f.row.number}案件处理决定` },
      ],
      paragraphs: out,
      signature: signature(f, d.decidedOn),
      cc: '委领导',
      printing: { organ: `${f.organ}办公室`, date: null },
    }),
    subjectPersonId: null,
    evidenceId: null,
    pinned: {
      source: PINNED_RECORDS.meeting_minutes,
      fields: [
        { label: '时间', name: { zh: '时间', en: 'date' } },
        { label: '主持', name: { zh: '主持', en: 'chair' } },
        { label: '出席', name: { zh: '出席', en: 'attendance' } },
      ],
      paragraphs: pinned,
      anchor: 'whole',
    },
  };
};

function decisionTitle(f: CaseDocFacts): string {
  const t = tracksOf(f);
  if (t.includes('FL') && t.includes('WC')) return '行政执法责任追究处理决定书';
  return t.includes('WC') ? '行政执法错案责任追究处理决定书' : '行政执法过错责任追究处理决定书';
}

// 处理决定书 (WC-9(3); FL-5(4), FL-15) with the right of defence and appeal (WC-11).
// Structured facts only — never the report text, the reply or the narrative, which may name the
// reporter; the service also checks the result against the reporter's identity.
const decisionNotice: Generator = (f, t) => {
  const it = decisionItem(f, t.subjectId, '处理决定书');
  const sid = it.subjectPersonId;
  const fd = findingOf(f, sid);
  const d = f.decision!;
  const basis = sortCitations([...(fd?.faults ?? []), ...(fd?.circumstances ?? []), ...it.forms, ...(it.compensationFen ? ['FL-13'] : []), ...(it.transferJudicial ? ['FL-12'] : []), ...(it.transferDiscipline ? ['WC-9(3)'] : [])]);
  const unit = f.people.get(sid)?.unitName;
  const out: Paragraph[] = [];
  const pinned: { index: number; name: Bi }[] = [];
  /** a paragraph the drafter may word (the addressee's description, the facts as found) */
  const say = (text: string): void => void out.push(p(text));
  /** a paragraph that states the decision record (pinned.ts) */
  const rec = (text: string, zh: string, en: string): void => {
    out.push(p(text));
    pinned.push({ index: out.length - 1, name: { zh, en } });
  };
  say(`${nameOf(f, sid)}，${unit ?? ''}${f.people.get(sid)?.post ?? ''}。`);
  say(`我委于${f.row.registered_on ? chineseDate(f.row.registered_on) : ''}对${f.original ? originalRef(f) : '有关执法行为'}中的行政执法责任问题立案调查（案件编号${f.row.number}）。经调查查明：`);
  say(factSentence(f, sid, fd));
  if (circumstancesSentence(fd)) say(`你${circumstancesSentence(fd)}`);
  rec(
    `以上事实清楚，证据确实。根据${citationsZh(basis)}的规定，经${chineseDate(d.meeting.date ?? d.decidedOn)}委党委会会议集体讨论决定（${citationsZh(['FL-5(4)', 'FL-15'])}），对你作出如下处理：`,
    '决定依据和会议日期',
    'the articles applied and the date of the meeting',
  );
  rec(`${itemDecisionZh(it)}。`, '处理决定', 'what is decided');
  if (it.reason) rec(`理由：${it.reason}`, '决定理由', 'the reason for the decision');
  if (!it.noAccountability && tracksOf(f).includes('FL')) rec(`根据${citationZh('FL-14')}，因执法过错受到追究的责任人当年不得评为先进个人，所在单位不得评为先进集体。`, '当年评先评优限制（FL-14）', 'the year’s award bar (FL-14)');
  // WC-11, in the same words the notification step records (case_notifications.rights_text).
  rec(RIGHTS_TEXT, '陈述申辩和申诉权利（WC-11）', 'the rights of defence and appeal (WC-11)');
  return {
    content: base(f, {
      letterhead: f.organ,
      title: decisionTitle(f),
      addressee: nameOf(f, sid),
      fields: [],
      paragraphs: out,
      signature: signature(f, d.decidedOn),
      cc: join([unit ?? '', LEGAL_SECTION], '，'),
      printing: { organ: `${f.organ}办公室`, date: null },
    }),
    subjectPersonId: sid,
    evidenceId: null,
    pinned: { source: PINNED_RECORDS.decision_notice, fields: [], paragraphs: pinned, anchor: 'end' },
  };
};

// 公开通报 (FL-5(4): 在有关范围内及时公开追究的事实及归责依据) — redacted: the reporter never
// appears; people are named only as the measures require (the person held accountable, with unit
// and post); a natural-person counterpart of the original case is not named.
const publicationNotice: Generator = (f) => {
  need(f.decision, '尚未作出处理决定，不能通报（FL-5(4)）', 'no decision to publish yet (FL-5(4))');
  const held = f.decision!.items.filter((i) => !i.noAccountability);
  need(held.length, '处理决定中无被追究人员，无需通报', 'nobody is held accountable: nothing to publish');
  const ref = f.original ? `${f.original.unitName ?? ''}办理的${f.original.title}（${f.original.number}）` : '有关执法案件';
  const out: Paragraph[] = [p(`近期，我委对${ref}中的行政执法责任问题进行了调查处理。现将有关情况通报如下：`), p('一、基本情况', 'h1')];
  for (const it of held) {
    const fd = findingOf(f, it.subjectPersonId);
    const faults = (fd?.faults ?? []).map((x) => `${labelOf(x)}（${citationZh(x)}）`);
    out.push(p(`${fullNameOf(f, it.subjectPersonId)}${fd ? `作为${ROLE_ZH[fd.roleInOriginalCase] ?? '有关人员'}` : ''}，${faults.length ? `存在${join(faults, '；')}的问题` : '存在执法过错'}。`));
  }
  out.push(p('二、处理决定', 'h1'));
  out.push(p(`经${chineseDate(f.decision!.meeting.date ?? f.decision!.decidedOn)}委党委会会议集体讨论决定（${citationsZh(['FL-5(4)', 'FL-15'])}）：`));
  for (const it of held) out.push(p(`给予${fullNameOf(f, it.subjectPersonId)}${join(it.forms.map((x) => `${labelOf(x)}（${citationZh(x)}）`), '、')}的处理。`));
  out.push(p('三、工作要求', 'h1'));
  out.push(p('各单位、各科室要引以为戒，严格依照法定权限和程序履行行政执法职责，认定事实清楚、证据确凿、适用依据正确、程序合法、处罚适当，切实防止行政执法过错和错案的发生。'));
  return {
    content: base(f, {
      letterhead: `${f.organ}文件`,
      title: '关于行政执法责任追究情况的通报',
      addressee: '委属各单位、机关各科室',
      paragraphs: out,
      signature: signature(f),
      printing: { organ: `${f.organ}办公室`, date: null },
    }),
    subjectPersonId: null,
    evidenceId: null,
  };
};

// 移送函: FL-12 (构成犯罪，移交司法机关) and WC-9(3) (涉嫌违纪违法及时向有关部门报告).
const transferOut = (judicial: boolean): Generator => (f, t) => {
  const it = decisionItem(f, t.subjectId, judicial ? '移送司法机关函' : '移送纪检监察机关函');
  need(judicial ? it.transferJudicial : it.transferDiscipline, judicial ? '处理决定未决定移送司法机关（FL-12）' : '处理决定未决定移送纪检监察机关（WC-9(3)）', judicial ? 'the decision makes no judicial transfer (FL-12)' : 'the decision makes no discipline transfer (WC-9(3))');
  const sid = it.subjectPersonId;
  const fd = findingOf(f, sid);
  const cite = judicial ? 'FL-12' : 'WC-9(3)';
  return {
    content: base(f, {
      letterhead: f.organ,
      title: judicial ? `关于移送${nameOf(f, sid)}涉嫌犯罪问题的函` : `关于移送${nameOf(f, sid)}涉嫌违纪违法问题线索的函`,
      addressee: blank(judicial ? '有管辖权的司法机关' : '纪检监察机关'),
      paragraphs: [
        p(`我委在办理${f.row.number}行政执法责任追究案件中发现，${fullNameOf(f, sid)}${fd?.consequences.crimeSuspected ? '的行为涉嫌构成犯罪' : '涉嫌违纪违法'}。经查：`),
        p(factSentence(f, sid, fd)),
        p(`根据${citationZh(cite)}“${articleText(cite) ?? ''}”的规定，经${chineseDate(f.decision!.meeting.date ?? f.decision!.decidedOn)}委党委会会议集体讨论决定，现将该问题${judicial ? '移送你单位依法处理' : '线索移送你单位'}，请将处理结果函告我委。`),
      ],
      attachments: ['调查报告', '有关证据材料'],
      signature: signature(f),
      cc: LEGAL_SECTION,
    }),
    subjectPersonId: sid,
    evidenceId: null,
  };
};

// 追偿通知书 (FL-13: 依据赔偿数额和过错人责任大小，责成承担部分或全部赔偿费用; SCL-16 limits it to
// intent or gross negligence — the drafter is warned, the notice cites both).
const compensationNotice: Generator = (f, t, warn) => {
  const it = decisionItem(f, t.subjectId, '追偿通知书');
  need(it.compensationFen && it.compensationFen > 0, '处理决定未责成此人承担赔偿费用（FL-13）', 'the decision recovers no compensation from this person (FL-13)');
  const sid = it.subjectPersonId;
  const fd = findingOf(f, sid);
  if (fd && fd.culpability !== 'intent' && fd.culpability !== 'gross_negligence') {
    warn(`认定为${CULPABILITY_ZH[fd.culpability] ?? fd.culpability}：${citationZh('SCL-16')}规定只向有故意或者重大过失的工作人员追偿`, 'State Compensation Law art. 16 allows recovery only for intent or gross negligence');
  }
  const paid = f.compensationPaid;
  const total = paid.reduce((s, c) => s + c.amountFen, 0);
  return {
    content: base(f, {
      letterhead: f.organ,
      title: '国家赔偿费用追偿通知书',
      addressee: nameOf(f, sid),
      paragraphs: [
        p(
          `${f.original ? `因${originalRef(f)}存在执法过错，` : ''}${paid.length ? `国家已支付赔偿金人民币${yuan(total)}（${join(paid.map((c) => `${c.decisionNo}，${chineseDate(c.paidDate)}`), '；')}）。` : '国家已支付赔偿金。'}`,
        ),
        p(`根据${citationZh('FL-13')}“因执法过错导致国家赔偿的，依据赔偿数额和过错人责任大小，责成承担部分或全部赔偿费用”及${citationZh('SCL-16')}的规定，经${chineseDate(f.decision!.meeting.date ?? f.decision!.decidedOn)}委党委会会议集体讨论决定，责成你承担赔偿费用人民币${yuan(it.compensationFen!)}。`),
        p(`请于${blank('缴纳期限')}前将上述款项缴至${blank('收款账户')}，并将缴款凭证交${LEGAL_SECTION}。`),
        p(`如对本通知不服，可以进行陈述和申辩，也可以按照有关规定向行政执法监督部门或纪检、监察部门提出申诉（${citationZh('WC-11')}）。`),
      ],
      signature: signature(f, f.decision!.decidedOn),
      cc: LEGAL_SECTION,
    }),
    subjectPersonId: sid,
    evidenceId: null,
  };
};


// 申诉移送函 (WC-11: 被追究人员…可以按照有关规定向行政执法监督部门或纪检、监察部门提出申诉): the
// commission does not decide such an appeal; it hands it over to the body with this letter and the
// case record as of the appeal. Offered only while a WC-11 appeal of the person is pending and not
// yet sent. Read by that body: structured facts only, never the report, the reporter or the statement.
const appealReferralLetter: Generator = (f, t) => {
  const sid = t.subjectId!;
  const appeal = [...f.appeals].reverse().find((a) => a.subjectPersonId === sid && a.outcome === 'pending' && !a.referred);
  need(appeal, '此人没有待移送外部监督机关的申诉（WC-11）', 'this person has no appeal pending to be sent to an outside body (WC-11)');
  const a = appeal!;
  const bodyName = SUPERVISORY_BODIES[(a.body ?? 'supervision') as SupervisoryBody]?.zh ?? SUPERVISORY_BODIES.supervision.zh;
  const decidedOn = f.decisionDates.get(a.decisionId) ?? f.decision?.decidedOn ?? null;
  const item = f.decision?.id === a.decisionId ? f.decision.items.find((i) => i.subjectPersonId === sid) : undefined;
  const what = item ? (item.noAccountability ? '不予追究责任' : join(item.forms.map((x) => `${labelOf(x)}（${citationZh(x)}）`), '、')) : '';
  const wc11 = citationZh('WC-11');
  const asOf = chineseDate(a.filedOn);
  return {
    content: base(f, {
      letterhead: f.organ,
      title: `关于移送${nameOf(f, sid)}申诉的函`,
      addressee: bodyName,
      fields: [
        { label: '申诉人', value: fullNameOf(f, sid) },
        { label: '申诉事项', value: `不服${decidedOn ? `${chineseDate(decidedOn)}作出的` : ''}${decisionTitle(f)}（案件编号${f.row.number}）` },
        { label: '申诉日期', value: asOf },
      ],
      paragraphs: [
        p(
          `${fullNameOf(f, sid)}不服我委${decidedOn ? `于${chineseDate(decidedOn)}` : ''}作出的${decisionTitle(f)}（案件编号${f.row.number}）${what ? `中给予的${what}处理` : ''}，于${asOf}向${bodyName}提出申诉。`,
        ),
        p(`根据${wc11}“${articleText('WC-11') ?? ''}”的规定，该申诉由你单位按照有关规定处理，我委不自行作出申诉决定。现将该申诉移送你单位，请依法处理，并将处理决定函告我委，我委将依照你单位的决定执行。`),
        p(`随函移送本案截至申诉之日（${asOf}）的案件材料只读副本，包括案件基本情况、对申诉人的调查认定、证据目录、处理决定及其理由和依据、送达情况和申诉材料。案件材料不含举报人信息。`),
      ],
      attachments: ['申诉材料', `${f.row.number}案件截至${asOf}的案件材料（只读副本）`],
      signature: signature(f),
      cc: LEGAL_SECTION,
    }),
    subjectPersonId: sid,
    evidenceId: null,
  };
};

const METHOD_BLANK = '□直接送达\u3000□留置送达\u3000□邮寄送达\u3000□委托送达';
const SIGN_LINE = '\u3000\u3000\u3000\u3000\u3000\u3000（签名）\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';

// 送达回证: printed with the document served, signed (or refused, then 留置送达 with witnesses) by
// the recipient on paper, and recorded afterwards (service-records.ts). The signature boxes are
// left as writing space, not as 【待填写】 blanks, so the form can be issued and printed.
const serviceReceipt: Generator = (f, t) => {
  const servable = f.issuedDocuments.filter((d) => SERVABLE_KINDS.includes(d.kind as DocumentKind));
  need(servable.length, '本案尚无须送达的已印发公文（如处理决定书），请先印发（WC-11）', 'no issued document to serve yet (WC-11)');
  const served = t.documentId ? servable.find((d) => d.id === t.documentId) : servable[servable.length - 1];
  need(served, '本案无此已印发的可送达公文', 'no such issued document to serve in this case');
  const d = served!;
  const recipient = d.subjectPersonId ? fullNameOf(f, d.subjectPersonId) : (d.addressee ?? blank('受送达人'));
  return {
    content: base(f, {
      title: '送达回证',
      fields: [
        { label: '送达文书名称', value: `${d.title}${d.docNumber ? `（${d.docNumber}）` : ''}` },
        { label: '案件编号', value: f.row.number },
        { label: '受送达人', value: recipient },
        { label: '送达地点', value: '' },
        { label: '送达方式', value: METHOD_BLANK },
        { label: '受送达人签收', value: SIGN_LINE },
        { label: '代收人及代收理由', value: '' },
        { label: '拒收事由及日期', value: '' },
        { label: '见证人', value: SIGN_LINE },
        { label: '送达人', value: SIGN_LINE },
        { label: '备注', value: d.kind === 'decision_notice' ? `已告知陈述、申辩和申诉的权利（${citationZh('WC-11')}）。` : '' },
      ],
      paragraphs: [p('受送达人拒绝签收的，送达人应当邀请有关基层组织或者所在单位的代表到场，说明情况，在送达回证上记明拒收事由和日期，由送达人、见证人签名，把文书留在受送达人处，即视为送达。', 'plain')],
      signature: signature(f),
    }),
    subjectPersonId: d.subjectPersonId,
    evidenceId: null,
    servedDocumentId: d.id,
  };
};

const GENERATORS: Record<DocumentKind, Generator> = {
  acceptance_receipt: acceptanceReceipt,
  reply_letter: replyLetter,
  transfer_letter: transferLetter,
  registration_approval: registrationApproval,
  team_appointment: teamAppointment,
  interview_record: interviewRecord,
  investigation_report: investigationReport,
  meeting_minutes: meetingMinutes,
  decision_notice: decisionNotice,
  publication_notice: publicationNotice,
  judicial_transfer: transferOut(true),
  discipline_transfer: transferOut(false),
  compensation_notice: compensationNotice,
  appeal_referral_letter: appealReferralLetter,
  service_receipt: serviceReceipt,
};

/**
 * What a subject reads or the public sees does not name the administrative counterpart of the
 * original case either: often the counterpart is the reporter, and naming them (or a redaction
 * in their place) would tell the subject who reported. The original case is referred to by
 * its number and title, the counterpart as 当事人.
 */
function withoutCounterpart(f: CaseDocFacts): CaseDocFacts {
  if (!f.original) return f;
  const name = f.original.counterpartName;
  return { ...f, original: { ...f.original, title: name ? f.original.title.split(name).join('当事人') : f.original.title, counterpartName: '当事人' } };
}

export function generateDraft(kind: DocumentKind, facts: CaseDocFacts, target: DraftTarget): Draft {
  const warnings: Draft['warnings'] = [];
  if (KIND_DEFS[kind].perSubject) requireSubject(facts, target.subjectId);
  const f = KIND_DEFS[kind].subjectReadable || KIND_DEFS[kind].outsideReadable ? withoutCounterpart(facts) : facts;
  const r = GENERATORS[kind](f, target, (zh, en) => warnings.push({ zh, en }));
  return { ...r, content: officialCitations(r.content), warnings: warnings.map((x) => ({ zh: citationCodesToZh(x.zh), en: x.en })) };
}

/**
 * Official text cites in Chinese, never by the internal code (issue 13 point 2): every code left in
 * the content becomes 《…办法》第X条第（X）项, and the first citation of each measure carries the
 * full official title (《重庆市巴南区住房和城乡建设委员会行政执法过错责任追究办法》…).
 */
export function officialCitations(c: DocumentContent): DocumentContent {
  const zh = mapContentStrings(c, citationCodesToZh);
  const order: string[] = [];
  mapContentStrings(zh, (s) => (order.push(s), s));
  const full = firstCitationInFull(order);
  let i = 0;
  return mapContentStrings(zh, () => full[i++]!);
}

