// Each kind of document is generated from the case's own data: numbers, dates in the Chinese
// form of GB/T 9704-2012 (2025年9月1日), the cited articles with their text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { docxText, hasPdftotext, INTERVIEW_TEXT, makeDecidedCase, pdfText } from '../../../test/factories/documents';
import { createDraft, downloadVersion, type DocumentDetail } from '.';
import { contentStrings } from './content';

const text = (d: DocumentDetail): string => contentStrings(d.versions[d.versions.length - 1]!.content).join('\n');

describe.each(engines)('document kinds generated from case data (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('WC-9(1): the acceptance receipt and the reply letter carry the case number, the dates in Chinese form and the reporter as addressee', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const receipt = await createDraft(w.ctx.clerk, c.caseId, { kind: 'acceptance_receipt' });
    const r = text(receipt);
    expect(r).toContain(c.number);
    expect(r).toContain('2025年9月1日');
    expect(receipt.versions[0]!.content.addressee).toBe('张举报');
    expect(r).toContain('《重庆市巴南区住房和城乡建设委员会行政执法错案责任倒查问责办法》第九条第（一）项');
    const reply = await createDraft(w.ctx.clerk, c.caseId, { kind: 'reply_letter' });
    expect(text(reply)).toContain('您反映的问题已收到，我委将依规办理。');
    expect(reply.versions[0]!.content.letterhead).toBe('重庆市巴南区住房和城乡建设委员会');
    expect(reply.status).toBe('draft');
  });

  it('the files of a version are a DOCX that opens with the text in word/document.xml, and a PDF with the Chinese text embedded', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'acceptance_receipt' });
    const docx = await downloadVersion(w.ctx.clerk, d.id, 1, 'docx');
    expect(docx.content.subarray(0, 2).toString()).toBe('PK');
    const xml = docxText(docx.content);
    expect(xml).toContain('举报投诉受理回执');
    expect(xml).toContain(c.number);
    const pdf = await downloadVersion(w.ctx.clerk, d.id, 1, 'pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.content.subarray(-6).toString()).toContain('%%EOF');
    if (hasPdftotext) {
      const p = pdfText(pdf.content);
      expect(p).toContain('举报投诉受理回执');
      expect(p).toContain(c.number);
      expect(p).toContain('2025年9月1日');
    }
  });

  it('WC-9(1): the transfer letter names the competent body and the 2-day period from acceptance; its number is given at issue from the 转送函 series, not taken from the step', async () => {
    const c = await makeCase(w, { to: 'transferred', drive: { transfer: true } });
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'transfer_letter' });
    const content = d.versions[0]!.content;
    expect(content.addressee).toBe('区城市管理局');
    // the step's letter no. (typed at the transfer step) stays the step's record: the document's number is the system's (GB/T 9704 §7.2.4)
    expect(content.docNumber).toBeNull();
    expect(text(d)).toContain('应在受理后2日内转送有权部门处理');
    expect(text(d)).toContain('2025年9月');
  });

  it('FL-15: the registration approval form states the source, the subjects and the decision body’s registration date', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'registration_approval' });
    const fields = Object.fromEntries(d.versions[0]!.content.fields.map((f) => [f.label, f.value]));
    expect(fields['案件编号']).toBe(c.number);
    expect(fields['被调查人员']).toContain(w.fx.handler.name);
    expect(fields['原执法案件']).toContain(w.fx.originalCase.number);
    expect(fields['委党委会会议意见']).toContain('同意立案');
    expect(fields['委党委会会议意见']).toContain('2025年9月1日');
    expect(text(d)).toContain('有关立案、处理决定由委党委会会议确定');
  });

  it('WC-9(2): the team appointment notice lists the team, the methods of investigation and the FL-16 60-day limit', async () => {
    const c = await makeCase(w, { to: 'investigating' });
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'team_appointment' });
    const s = text(d);
    expect(s).toContain(`组长：${w.investigatorPerson.name}`);
    expect(s).toContain('询问执法责任人');
    expect(s).toContain('60天内处理完毕');
    // FL-16: 60 calendar days from the start of the investigation (2025-09-01) → 2025-10-31.
    expect(s).toContain('2025年10月31日前处理完毕');
  });

  it('WC-9(2): an investigator on the team drafts the interview record from the interview-record evidence', async () => {
    const c = await makeDecidedCase(w);
    const d = await createDraft(w.ctx.investigator, c.caseId, { kind: 'interview_record' });
    expect(d.evidenceId).toBe(c.interviewEvidenceId);
    const s = text(d);
    for (const line of INTERVIEW_TEXT.split('\n')) expect(s).toContain(line);
    expect(Object.fromEntries(d.versions[0]!.content.fields.map((f) => [f.label, f.value]))['被询问人']).toBe(w.fx.handler.name);
  });

  it('WC-9(3): the investigation report has the findings, the stored recommendation receipt and each citation with its article text', async () => {
    const c = await makeDecidedCase(w);
    // The latest receipt: the one the decision step evaluated and stored itself.
    const receipt = await t.deps.db.kysely.selectFrom('rule_evaluations').select(['id', 'pack_id']).where('case_id', '=', c.caseId).orderBy('evaluated_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const d = await createDraft(w.ctx.investigator, c.caseId, { kind: 'investigation_report' });
    const s = text(d);
    expect(s).toContain(receipt.id);
    expect(s).toContain(receipt.pack_id);
    expect(s).toContain('认定事实不清，主要证据不足，导致处罚决定错误。');
    expect(s).toContain('第七条第（三）项');
    // FL-7(3) quoted from the source text, FL-8(1) too (the handler's responsibility).
    expect(s).toContain('认定事实不清，主要证据不足，导致有关行政执法决定错误或显失公平的');
    expect(s).toContain('承办人故意或者过失造成执法过错的，追究承办人的过错责任');
  });

  it('FL-5(4): the meeting minutes record the chair, every attendee’s opinion and the decision per subject', async () => {
    const c = await makeDecidedCase(w);
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'meeting_minutes' });
    const s = text(d);
    // The meeting's members by their accounts (test display names), each opinion as recorded.
    expect(s).toMatch(/decider2：[^\n]*第六条第（二）项[^\n]*（建议从轻）/);
    expect(s).toContain('decider主持召开');
    // FL-15 / FL-5(4): the quorum is on the record.
    expect(s).toContain('应到委党委会成员3人（回避0人不计入），实到3人，符合过半数出席的要求。');
    expect(s).toContain('责令作出书面检讨（《行政执法过错责任追究办法》第六条第（二）项）');
    expect(s).toContain('理由：认定事实不清，主要证据不足。');
  });

  it('WC-11: the decision notice states the decision, its basis and the right of defence and appeal', async () => {
    const c = await makeDecidedCase(w);
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id });
    const s = text(d);
    expect(d.subject?.personId).toBe(w.fx.handler.id);
    expect(d.versions[0]!.content.addressee).toBe(w.fx.handler.name);
    expect(s).toContain('可以进行陈述和申辩，也可以按照有关规定向行政执法监督部门或纪检、监察部门提出申诉');
    expect(s).toContain('《行政执法过错责任追究办法》第六条第（二）项');
    expect(s).toContain('2025年9月1日委党委会会议集体讨论决定');
  });

  it('FL-5(4): the publication notice names the person held accountable with unit and post, the facts and the basis', async () => {
    const c = await makeDecidedCase(w);
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'publication_notice' });
    const s = text(d);
    expect(d.versions[0]!.content.addressee).toBe('委属各单位、机关各科室');
    expect(s).toContain(`${w.fx.handler.name}作为承办人`);
    expect(s).toContain('责令作出书面检讨（《行政执法过错责任追究办法》第六条第（二）项）');
  });

  it('FL-12 and WC-9(3): transfer letters exist only where the decision orders them, and name the subject', async () => {
    const c = await makeDecidedCase(w, { transferJudicial: true });
    const j = await createDraft(w.ctx.clerk, c.caseId, { kind: 'judicial_transfer', subjectId: w.fx.handler.id });
    expect(text(j)).toContain('执法过错责任人的行为构成犯罪，移交司法机关追究刑事责任');
    await expect(createDraft(w.ctx.clerk, c.caseId, { kind: 'discipline_transfer', subjectId: w.fx.handler.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('FL-13: the recovery notice states the amount in yuan and warns when State Compensation Law art. 16 limits recovery', async () => {
    const c = await makeDecidedCase(w, { compensationFen: 1_234_560 });
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'compensation_notice', subjectId: w.fx.handler.id });
    expect(text(d)).toContain('人民币12,345.60元');
    expect(text(d)).toContain('《中华人民共和国国家赔偿法》第十六条');
    // The finding says negligence: SCL-16 allows recovery only for intent or gross negligence.
    expect(d.warnings.map((x) => x.zh).join()).toContain('重大过失');
  });

  it('a kind the case has no data for yet is refused, naming the article', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    await expect(createDraft(w.ctx.clerk, c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(createDraft(w.ctx.clerk, c.caseId, { kind: 'team_appointment' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', zh: expect.stringContaining('WC-9(2)') });
  });

  it('FL-7(7): what a subject reads does not name the original case’s counterpart, who is often the reporter', async () => {
    const c = await makeDecidedCase(w, { compensationFen: 100_00 });
    const counterpart = w.fx.originalCase.counterpart.name;
    await t.deps.db.kysely.updateTable('original_cases').set({ title: `${counterpart}未取得施工许可证擅自施工案` }).where('id', '=', w.fx.originalCase.id).execute();
    for (const kind of ['decision_notice', 'compensation_notice', 'publication_notice'] as const) {
      const d = await createDraft(w.ctx.clerk, c.caseId, { kind, ...(kind === 'publication_notice' ? {} : { subjectId: w.fx.handler.id }) });
      expect(text(d), kind).not.toContain(counterpart);
      expect(text(d), kind).toContain('当事人未取得施工许可证擅自施工案');
    }
    // Staff documents keep the full reference.
    expect(text(await createDraft(w.ctx.clerk, c.caseId, { kind: 'investigation_report' }))).toContain(counterpart);
  });
});
