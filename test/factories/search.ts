// A small corpus for search tests: the kinds of text the index holds (case summaries, reports,
// evidence records), with the words the legal-affairs clerks search for.
import type { SearchDocumentInput } from '../../src/search/search-index';

export const searchCorpus = {
  penaltyReport: {
    entityType: 'case',
    entityId: 'case-a',
    caseId: 'case-a',
    title: '关于张三行政处罚显失公正的举报',
    body: '举报人反映：2025年6月，某执法中队对在人行道上占道经营的商户作出行政处罚，罚款金额明显过高，且未告知陈述申辩权利。',
  },
  interview: {
    entityType: 'evidence',
    entityId: 'ev-b',
    caseId: 'case-b',
    title: '询问笔录（李四）',
    body: '被调查人李四称，其在未取得《行政执法证》的情况下参与了现场检查，由王五签字。',
  },
  ecoTransfer: {
    entityType: 'case',
    entityId: 'case-c',
    caseId: 'case-c',
    title: '区生态环境局移送的线索',
    body: '某建筑工地扬尘污染严重，被责令停产整治后仍未整改，执法人员未跟进复查。',
  },
  noiseComplaint: {
    entityType: 'report',
    entityId: 'rep-d',
    caseId: null,
    title: '关于夜间施工噪音的投诉',
    body: '夜间施工噪音扰民，多次反映无人处理，请求依法处理。',
  },
  reconsideration: {
    entityType: 'evidence',
    entityId: 'ev-e',
    caseId: 'case-a',
    title: '行政复议决定书',
    body: '复议机关认为原处理程序违法，决定撤销原行政处罚决定，责令重新作出。',
  },
  office: {
    entityType: 'report',
    entityId: 'rep-f',
    caseId: null,
    title: '办公环境改善建议',
    body: '建议改善窗口单位的办公环境，缩短群众等候时间。',
  },
} satisfies Record<string, SearchDocumentInput>;

export type CorpusKey = keyof typeof searchCorpus;

/** Synthetic documents for benchmarks: domain phrases in random order, ~120–300 characters. */
export function syntheticDocument(i: number, rand: () => number): SearchDocumentInput {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const sentences: string[] = [];
  const n = 4 + Math.floor(rand() * 6);
  for (let k = 0; k < n; k++) sentences.push(`${pick(SUBJECTS)}${pick(VERBS)}${pick(OBJECTS)}，${pick(TAILS)}。`);
  // A party's name: 12,000 possible, so a name occurs in a handful of documents (a selective term).
  sentences.push(`当事人${partyName(Math.floor(rand() * PARTY_NAMES))}。`);
  return {
    entityType: pick(['case', 'report', 'evidence'] as const),
    entityId: `doc-${i}`,
    caseId: `case-${i % 5000}`,
    title: `${pick(TITLES)}（${i}）`,
    body: sentences.join(''),
  };
}

const SUBJECTS = ['执法中队', '区住房城乡建委', '生态环境局', '街道办事处', '执法人员张某', '承办人', '批准人', '施工单位', '物业公司', '城管执法大队'];
const VERBS = ['对', '在检查中发现', '依法查处了', '未及时处理', '违法实施了', '擅自改变了', '作出了', '拖延履行了'];
const OBJECTS = ['占道经营行为', '行政处罚决定', '罚款', '停产整治措施', '违法建筑', '扬尘污染', '行政许可', '执法证件', '暂扣物品', '夜间施工噪音', '消防通道堵塞', '建筑垃圾'];
const TAILS = ['当事人不服申请行政复议', '群众多次举报', '造成不良影响', '证据不足', '程序违法', '适用法律错误', '已责令改正', '情节轻微', '涉嫌滥用职权', '导致国家赔偿'];
const TITLES = ['举报线索', '询问笔录', '调查报告', '处理决定', '移送函', '复议决定书', '现场检查记录', '专项执法监督发现的问题'];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹';
const GIVEN = '建国华明丽军平芳伟敏静秀英霞刚勇艳杰涛斌';
export const PARTY_NAMES = SURNAMES.length * GIVEN.length * GIVEN.length;

/** The i-th synthetic party name (0 ≤ i < PARTY_NAMES), e.g. 王建国. */
export function partyName(i: number): string {
  const g = GIVEN.length;
  return SURNAMES[Math.floor(i / (g * g)) % SURNAMES.length]! + GIVEN[Math.floor(i / g) % g]! + GIVEN[i % g]!;
}
