// The campaign report (案卷评查情况报告): the same figures as the results page — per file, per
// unit, per reviewer — as an Excel workbook and as a PDF laid out like the other documents
// (render-pdf.ts: GB/T 9704 layout with the CJK font substitution).
import { formatCitationZh } from '../../lib/citation-format';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { GRADE_LABELS, GROUP_LABELS, type Grade } from '../../domain/campaigns/checklist';
import { chinaDate } from '../../lib/clock';
import { can, authorize } from '../../policies/roles';
import { chineseDate, plainContent } from '../documents/content';
import { renderPdf } from '../documents/render-pdf';
import { writeWorkbook } from '../excel/workbook';
import type { Column } from '../excel/sheets';
import { nowIso, type Ctx } from '../context';
import { getCampaign, type CampaignDetail } from './campaign-service';

const grade = (g: Grade | null): string => (g ? GRADE_LABELS[g].zh : '未完成');
const KIND = { routine: '例行', special: '专项' } as const;

async function load(ctx: Ctx, id: string, format: 'xlsx' | 'pdf'): Promise<CampaignDetail> {
  if (!can(ctx.actor, 'campaigns.manage')) authorize(ctx.actor, 'campaigns.read');
  const c = await getCampaign(ctx, id);
  // An export is a read of every result: on the audit trail, like other exports.
  await inTransaction(ctx.db, (tx) => appendAudit(tx, { actorId: ctx.actor.userId, action: 'campaign.report', entityType: 'campaign', entityId: id, after: { format }, at: nowIso(ctx) }));
  return c;
}

const FILE_COLUMNS: Column[] = [
  { key: 'ordinal', zh: '序号', en: 'No.', width: 6 },
  { key: 'number', zh: '案卷编号', en: 'Case number', width: 24 },
  { key: 'title', zh: '案件名称', en: 'Title', width: 36 },
  { key: 'unit', zh: '承办单位', en: 'Unit', width: 22 },
  { key: 'reviewers', zh: '评查人员', en: 'Reviewers', width: 18 },
  { key: 'score', zh: '得分', en: 'Score', width: 8 },
  { key: 'grade', zh: '等次', en: 'Grade', width: 10 },
  { key: 'veto', zh: '否决项', en: 'Veto items', width: 16 },
  { key: 'wrong', zh: '认定错案', en: 'Judged wrong', width: 10 },
  { key: 'signal', zh: '错案线索（第五条第（一）项）', en: 'WC-5(1) signal', width: 12 },
];
const UNIT_COLUMNS: Column[] = [
  { key: 'unit', zh: '单位', en: 'Unit', width: 24 },
  { key: 'files', zh: '抽查案卷', en: 'Files', width: 10 },
  { key: 'reviewed', zh: '已评', en: 'Reviewed', width: 8 },
  { key: 'mean', zh: '平均分', en: 'Mean score', width: 10 },
  { key: 'excellent', zh: '优秀', en: 'Excellent', width: 8 },
  { key: 'pass', zh: '合格', en: 'Pass', width: 8 },
  { key: 'fail', zh: '不合格', en: 'Fail', width: 8 },
  { key: 'wrong', zh: '错案', en: 'Wrong', width: 8 },
];
const REVIEWER_COLUMNS: Column[] = [
  { key: 'name', zh: '评查人员', en: 'Reviewer', width: 16 },
  { key: 'assigned', zh: '分配案卷', en: 'Assigned', width: 10 },
  { key: 'submitted', zh: '已提交', en: 'Submitted', width: 10 },
  { key: 'mean', zh: '平均给分', en: 'Mean score given', width: 12 },
];
const ITEM_COLUMNS: Column[] = [
  { key: 'number', zh: '案卷编号', en: 'Case number', width: 24 },
  { key: 'reviewer', zh: '评查人员', en: 'Reviewer', width: 14 },
  { key: 'group', zh: '类别', en: 'Group', width: 10 },
  { key: 'item', zh: '评查项', en: 'Item', width: 36 },
  { key: 'points', zh: '分值', en: 'Points', width: 8 },
  { key: 'deducted', zh: '扣分', en: 'Deducted', width: 8 },
  { key: 'veto', zh: '否决', en: 'Veto', width: 8 },
  { key: 'comment', zh: '评查意见', en: 'Comment', width: 40 },
];

export async function campaignReportXlsx(ctx: Ctx, id: string): Promise<{ name: string; buffer: Buffer }> {
  const c = await load(ctx, id, 'xlsx');
  const items = new Map(c.checklist.items.map((it) => [it.id, it]));
  const buffer = await writeWorkbook([
    {
      name: '案卷',
      columns: FILE_COLUMNS,
      rows: c.fileResults.map((f) => ({
        ordinal: f.ordinal,
        number: f.number,
        title: f.title,
        unit: f.unitName,
        reviewers: f.reviews.map((r) => r.reviewerName).join('、'),
        score: f.score,
        grade: grade(f.grade),
        veto: [...new Set(f.reviews.flatMap((r) => (r.scores ?? []).filter((s) => s.vetoHit).map((s) => s.itemId)))].join('、'),
        wrong: f.judgedWrong ? '是' : '否',
        signal: f.reviews.some((r) => r.signalOutcomeId) ? '已启动' : '',
      })),
    },
    { name: '单位', columns: UNIT_COLUMNS, rows: c.byUnit.map((u) => ({ unit: u.unitName, files: u.files, reviewed: u.reviewed, mean: u.meanScore, excellent: u.excellent, pass: u.pass, fail: u.fail, wrong: u.wrong })) },
    { name: '评查人员', columns: REVIEWER_COLUMNS, rows: c.byReviewer.map((r) => ({ name: r.name, assigned: r.assigned, submitted: r.submitted, mean: r.meanScore })) },
    {
      name: '评查明细',
      columns: ITEM_COLUMNS,
      rows: c.fileResults.flatMap((f) =>
        f.reviews.flatMap((r) =>
          (r.scores ?? []).map((s) => {
            const it = items.get(s.itemId);
            return { number: f.number, reviewer: r.reviewerName, group: it ? GROUP_LABELS[it.group].zh : '', item: it ? `${it.id} ${it.text}` : s.itemId, points: it?.points ?? null, deducted: s.deducted, veto: s.vetoHit ? '是' : '', comment: s.comment ?? '' };
          }),
        ),
      ),
    },
  ]);
  return { name: `案卷评查结果-${c.name}-${chinaDate(ctx.clock.now())}.xlsx`, buffer };
}

export async function campaignReportPdf(ctx: Ctx, id: string): Promise<{ name: string; buffer: Buffer }> {
  const c = await load(ctx, id, 'pdf');
  const today = chinaDate(ctx.clock.now());
  const counts = { excellent: 0, pass: 0, fail: 0, open: 0 };
  for (const f of c.fileResults) {
    if (f.grade) counts[f.grade]++;
    else counts.open++;
  }
  const wrong = c.fileResults.filter((f) => f.judgedWrong);
  const content = plainContent({
    title: `${c.name}案卷评查情况报告`,
    fields: [
      { label: '评查类型', value: `${KIND[c.kind]}执法监督（${formatCitationZh('WC-5(1)', 'full')}）` },
      { label: '评查范围', value: `${chineseDate(c.scope.periodFrom)}至${chineseDate(c.scope.periodTo)}作出决定的原执法案件` },
      { label: '抽取方式', value: `双随机：随机抽取案卷 ${c.files} 件，每件随机分配评查人员 ${c.reviewersPerFile} 名（本单位人员及办案参与人回避）` },
      { label: '随机种子', value: c.seed ?? '未抽取' },
      { label: '评查标准', value: `${c.checklist.name}（满分 ${c.maxScore} 分，${c.checklist.excellentFrom} 分以上为优秀，${c.checklist.passFrom} 分以上为合格，触及否决项为不合格）` },
    ],
    paragraphs: [
      { style: 'h1', text: '一、总体情况' },
      { style: 'body', text: `本次评查共抽取案卷 ${c.files} 件，其中优秀 ${counts.excellent} 件、合格 ${counts.pass} 件、不合格 ${counts.fail} 件${counts.open ? `，尚未评完 ${counts.open} 件` : ''}；认定为错案 ${wrong.length} 件。` },
      { style: 'h1', text: '二、各单位情况' },
      ...c.byUnit.map((u) => ({ style: 'body' as const, text: `${u.unitName}：抽查 ${u.files} 件，平均 ${u.meanScore ?? '—'} 分，优秀 ${u.excellent} 件、合格 ${u.pass} 件、不合格 ${u.fail} 件，错案 ${u.wrong} 件。` })),
      { style: 'h1', text: '三、案卷评查结果' },
      ...c.fileResults.map((f) => ({ style: 'body' as const, text: `${f.ordinal}. ${f.number}（${f.unitName}）：${f.score ?? '—'} 分，${grade(f.grade)}${f.veto ? '（触及否决项）' : ''}${f.judgedWrong ? '，认定为错案' : ''}。` })),
      { style: 'h1', text: '四、评查人员' },
      ...c.byReviewer.map((r) => ({ style: 'body' as const, text: `${r.name}：分配 ${r.assigned} 件，已提交 ${r.submitted} 件，平均给分 ${r.meanScore ?? '—'}。` })),
      ...(wrong.length
        ? [
            { style: 'h1' as const, text: '五、错案线索' },
            { style: 'body' as const, text: `以下案卷经评查认定为错案，按${formatCitationZh('WC-5(1)')}作为错案来源移送问责程序研判：${wrong.map((f) => f.number).join('、')}。` },
          ]
        : []),
    ],
    signature: { organ: '委法制科', date: today },
  });
  const buffer = await renderPdf(content, { createdAt: new Date(`${today}T00:00:00Z`) });
  return { name: `案卷评查情况报告-${c.name}-${today}.pdf`, buffer };
}
