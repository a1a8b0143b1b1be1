// 案卷评查标准: the checklist a reviewer scores an enforcement file against. Items are grouped
// as 主体 (the enforcing body and officers), 事实证据 (facts and evidence), 程序 (procedure),
// 法律适用 (application of law) and 文书 (documents); each has points, and some are 否决项
// (veto items): one hit makes the file 不合格 whatever its score. Configurable (settings key
// `campaigns.checklist`); a campaign freezes the checklist it was created with.
// Pure: no database, no clock.
import { z } from 'zod';

export const CHECKLIST_GROUPS = ['subject', 'facts', 'procedure', 'law', 'documents'] as const;
export type ChecklistGroup = (typeof CHECKLIST_GROUPS)[number];

export const GROUP_LABELS: Record<ChecklistGroup, { zh: string; en: string }> = {
  subject: { zh: '主体', en: 'Enforcing body and officers' },
  facts: { zh: '事实证据', en: 'Facts and evidence' },
  procedure: { zh: '程序', en: 'Procedure' },
  law: { zh: '法律适用', en: 'Application of law' },
  documents: { zh: '文书', en: 'Documents' },
};

export const GRADES = ['excellent', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });

export const checklistItemSchema = z.object({
  id: z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9_.-]+$/, bi('编号只能含字母、数字、点、横线', 'ids hold letters, digits, dots and dashes')),
  group: z.enum(CHECKLIST_GROUPS),
  text: z.string().trim().min(2).max(300),
  points: z.number().int().min(0).max(100),
  /** 否决项: when hit, the file is 不合格 */
  veto: z.boolean().default(false),
});
export type ChecklistItem = z.output<typeof checklistItemSchema>;

export const checklistSchema = z
  .object({
    name: z.string().trim().min(2).max(100),
    /** score at or above: 优秀 */
    excellentFrom: z.number().int().min(0).max(1000),
    /** score at or above: 合格 (below: 不合格) */
    passFrom: z.number().int().min(0).max(1000),
    items: z.array(checklistItemSchema).min(1).max(200),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.items.forEach((it, i) => {
      if (seen.has(it.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], ...bi(`评查项编号 ${it.id} 重复`, `duplicate item id ${it.id}`) });
      seen.add(it.id);
    });
    if (c.passFrom > c.excellentFrom) ctx.addIssue({ code: 'custom', path: ['passFrom'], ...bi('合格分不得高于优秀分', 'the pass mark may not exceed the excellent mark') });
    const total = c.items.reduce((s, it) => s + it.points, 0);
    if (c.excellentFrom > total) ctx.addIssue({ code: 'custom', path: ['excellentFrom'], ...bi(`优秀分不得高于总分 ${total}`, `the excellent mark may not exceed the total ${total}`) });
  });
export type Checklist = z.output<typeof checklistSchema>;

/**
 * The default template: 100 points, after the common practice of provincial 行政执法案卷评查
 * standards (主体 15, 事实证据 30, 程序 25, 法律适用 20, 文书 10); 优秀 ≥ 90, 合格 ≥ 70.
 */
export const DEFAULT_CHECKLIST: Checklist = {
  name: '行政执法案卷评查标准（默认）',
  excellentFrom: 90,
  passFrom: 70,
  items: [
    { id: 'S1', group: 'subject', text: '执法主体合法，未超越法定职权', points: 5, veto: true },
    { id: 'S2', group: 'subject', text: '执法人员持有效行政执法证件', points: 5, veto: true },
    { id: 'S3', group: 'subject', text: '执法人员不少于两人，依法出示证件', points: 5, veto: false },
    { id: 'F1', group: 'facts', text: '违法事实清楚', points: 10, veto: true },
    { id: 'F2', group: 'facts', text: '证据确凿、充分，能相互印证', points: 10, veto: true },
    { id: 'F3', group: 'facts', text: '证据收集程序合法，形式规范', points: 10, veto: false },
    { id: 'P1', group: 'procedure', text: '立案、调查、审批程序完备', points: 5, veto: false },
    { id: 'P2', group: 'procedure', text: '依法告知陈述、申辩及听证权利', points: 5, veto: true },
    { id: 'P3', group: 'procedure', text: '重大执法决定经法制审核、集体讨论', points: 5, veto: false },
    { id: 'P4', group: 'procedure', text: '在法定期限内作出决定', points: 5, veto: false },
    { id: 'P5', group: 'procedure', text: '依法送达，执行到位', points: 5, veto: false },
    { id: 'L1', group: 'law', text: '适用法律、法规、规章正确', points: 10, veto: true },
    { id: 'L2', group: 'law', text: '自由裁量适当，符合裁量基准', points: 10, veto: false },
    { id: 'D1', group: 'documents', text: '文书齐全、格式规范、用语准确', points: 5, veto: false },
    { id: 'D2', group: 'documents', text: '案卷装订、归档规范', points: 5, veto: false },
  ],
};

export const itemScoreSchema = z.object({
  itemId: z.string().trim().min(1).max(20),
  /** points deducted (0 … the item's points) */
  deducted: z.number().int().min(0).max(100),
  /** a 否决项 was found (only on veto items) */
  vetoHit: z.boolean().default(false),
  comment: z.string().trim().max(2000).nullable().default(null),
});
export type ItemScore = z.output<typeof itemScoreSchema>;

export interface ScoreResult {
  score: number;
  maxScore: number;
  veto: boolean;
  grade: Grade;
  /** the veto items hit */
  vetoItems: string[];
}

export class ScoringError extends Error {
  constructor(
    readonly path: (string | number)[],
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/**
 * Scores one review: every item of the checklist must be scored once; score = points − deducted;
 * a hit 否决项 makes the grade 不合格 (the score is kept for the record).
 */
export function scoreReview(checklist: Checklist, scores: readonly ItemScore[]): ScoreResult {
  const byId = new Map(checklist.items.map((it) => [it.id, it]));
  const seen = new Set<string>();
  let score = 0;
  const vetoItems: string[] = [];
  scores.forEach((s, i) => {
    const item = byId.get(s.itemId);
    if (!item) throw new ScoringError([i, 'itemId'], `评查标准中没有评查项 ${s.itemId}`, `no item ${s.itemId} in the checklist`);
    if (seen.has(s.itemId)) throw new ScoringError([i, 'itemId'], `评查项 ${s.itemId} 重复评分`, `item ${s.itemId} scored twice`);
    seen.add(s.itemId);
    if (s.deducted > item.points) throw new ScoringError([i, 'deducted'], `扣分不得超过该项分值 ${item.points}`, `no more than the item's ${item.points} points may be deducted`);
    if (s.vetoHit && !item.veto) throw new ScoringError([i, 'vetoHit'], `评查项 ${s.itemId} 不是否决项`, `item ${s.itemId} is not a veto item`);
    if (s.vetoHit) vetoItems.push(s.itemId);
    score += item.points - s.deducted;
  });
  const missing = checklist.items.find((it) => !seen.has(it.id));
  if (missing) throw new ScoringError([], `评查项 ${missing.id}（${missing.text}）尚未评分`, `item ${missing.id} is not scored`);
  const veto = vetoItems.length > 0;
  return { score, maxScore: maxScoreOf(checklist), veto, grade: gradeOf(checklist, score, veto), vetoItems };
}

export const maxScoreOf = (c: Checklist): number => c.items.reduce((s, it) => s + it.points, 0);

export function gradeOf(c: Pick<Checklist, 'excellentFrom' | 'passFrom'>, score: number, veto: boolean): Grade {
  if (veto) return 'fail';
  if (score >= c.excellentFrom) return 'excellent';
  if (score >= c.passFrom) return 'pass';
  return 'fail';
}
