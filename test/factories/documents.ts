// Document factories and readers: a case driven to a decision with the data every document kind
// draws on (an interview record, a stored recommendation, a decision with compensation and
// transfers), and helpers that read the text back out of a DOCX (unzip) and a PDF (pdftotext).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { driveCaseTo, holdMeeting, performAction } from '../../src/services/cases';
import { recommendForCase } from '../../src/services/cases/recommendation-service';
import { addOriginalCaseCompensation } from '../../src/services/registers';
import { SYSTEM_ACTOR } from '../../src/policies/roles';
import type { CaseState, Track } from '../../src/domain/cases';
import { makeCase, versionOf, type CaseWorld, type MadeCase } from './cases';

export const INTERVIEW_TEXT = '问：你在办理该案时是否核实了施工许可情况？\n答：没有到现场核实，只看了举报材料。\n问：处罚金额是如何确定的？\n答：按照以往惯例确定的。';

export interface DocCaseOptions {
  tracks?: Track[];
  /** FL-13: compensation to recover from the handler, in fen */
  compensationFen?: number;
  transferJudicial?: boolean;
  transferDiscipline?: boolean;
  /** where to leave the case after the decision (default: decided) */
  to?: Extract<CaseState, 'decided' | 'notified' | 'executing' | 'closed'>;
  /** FL-5(4): the scope of publication the decision sets (default: public) */
  publicationScope?: 'commission' | 'system' | 'public';
}

export interface DocCase extends MadeCase {
  interviewEvidenceId: string;
}

/**
 * A reported case (reporter 张举报, phone 13800000000) about the world's original case: accepted,
 * registered, team appointed, an interview record taken, the handler's finding recorded and
 * submitted, the rules engine's receipt stored, and decided by the meeting — the handler given a
 * written self-examination (FL-6(2)) plus whatever the options add.
 */
export async function makeDecidedCase(w: CaseWorld, opts: DocCaseOptions = {}): Promise<DocCase> {
  const made = await makeCase(w, { to: 'investigating', ...(opts.tracks ? { tracks: opts.tracks } : {}) });
  const ev = await performAction(w.ctx.investigator, made.caseId, 'record_evidence', {
    expectedVersion: await versionOf(w, made.caseId),
    kind: 'interview_record',
    title: `询问${w.fx.handler.name}的笔录`,
    source: w.fx.handler.name,
    collectedOn: '2025-09-01',
    textContent: INTERVIEW_TEXT,
  });
  await driveCaseTo(w.ctx, made.caseId, 'findings_submitted');
  // FL-13: a recovery is of state compensation actually paid, never more in total (issue 10).
  if (opts.compensationFen) {
    await addOriginalCaseCompensation({ ...w.ctx.clerk, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: opts.compensationFen, paidDate: '2025-08-01', decisionNo: '巴南法赔〔2025〕9号' });
  }
  await recommendForCase(w.ctx.clerk, made.caseId);
  const tracks = opts.tracks ?? ['FL'];
  const form = tracks.includes('FL') ? 'FL-6(2)' : 'WC-10(1)';
  const meetingId = await holdMeeting(w.ctx, made.caseId, 'decision', (m) => ({ items: [{ subjectPersonId: w.fx.handler.id, noAccountability: false, forms: [form] }], remark: m.actor.username === 'decider2' ? '建议从轻' : '同意调查组意见' }), {
    on: '2025-09-01',
    minutes: '会议听取了调查组关于该案的汇报。',
  });
  await performAction(w.ctx.decider, made.caseId, 'decide', {
    expectedVersion: await versionOf(w, made.caseId),
    publicationScope: opts.publicationScope ?? 'public',
    publicationChannel: opts.publicationScope && opts.publicationScope !== 'public' ? '委内会议通报' : '委门户网站',
    meetingId,
    items: [
      {
        subjectPersonId: w.fx.handler.id,
        forms: [form],
        departureReason: '会议集体讨论后认为以书面检讨为宜。',
        transferJudicial: opts.transferJudicial ?? false,
        transferDiscipline: opts.transferDiscipline ?? false,
        ...(opts.compensationFen ? { compensationFen: opts.compensationFen } : {}),
        reason: '认定事实不清，主要证据不足。',
      },
    ],
  });
  if (opts.to && opts.to !== 'decided') await driveCaseTo(w.ctx, made.caseId, opts.to);
  return { ...made, interviewEvidenceId: ev.created!.id };
}

function withTemp<T>(buf: Buffer, ext: string, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-doc-'));
  const file = path.join(dir, `f.${ext}`);
  fs.writeFileSync(file, buf);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** word/document.xml of a DOCX (which must be a valid zip). */
export function docxXml(buf: Buffer): string {
  return withTemp(buf, 'docx', (f) => execFileSync('unzip', ['-p', f, 'word/document.xml']).toString('utf8'));
}

export const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The text of a PDF with all whitespace removed (lines are justified and wrapped). */
export function pdfText(buf: Buffer): string {
  return withTemp(buf, 'pdf', (f) => execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-']).toString('utf8')).replace(/\s+/g, '');
}

/** Text of a DOCX with tags and whitespace removed. */
export function docxText(buf: Buffer): string {
  return docxXml(buf)
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, '');
}
