// Issue 13 point 2: official text cites in Chinese — the measure's title and 第X条第（X）项, the first
// citation of each measure with its full official title — and never by the internal FL-/WC- code.
// Every kind is drafted from a case that has what it needs and read back from its PDF (pdftotext).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { hasPdftotext, makeDecidedCase, pdfText } from '../../../test/factories/documents';
import { performAction } from '../cases';
import { createDraft, downloadVersion, issueDocument, listDocuments } from '.';
import { contentStrings } from './content';
import { DOCUMENT_KINDS, type DocumentKind } from './kinds';
import { citationCodesToZh, formatCitationZh, firstCitationInFull } from '../../lib/citation-format';

const CODE = /\b(FL|WC|SCL|APL)-\d/;

describe('citation wording (pure)', () => {
  it('FL-6(4): a code in running text becomes the Chinese citation; a run of codes of one measure names it once', () => {
    expect(citationCodesToZh('调离执法岗位（FL-6(4)）')).toBe('调离执法岗位（《行政执法过错责任追究办法》第六条第（四）项）');
    expect(citationCodesToZh('FL-6(2)、FL-7(3)和WC-11')).toBe('《行政执法过错责任追究办法》第六条第（二）项、第七条第（三）项和《行政执法错案责任倒查问责办法》第十一条');
    expect(formatCitationZh('FL-6(4)', 'full')).toBe('《重庆市巴南区住房和城乡建设委员会行政执法过错责任追究办法》第六条第（四）项');
  });

  it('the first citation of each measure carries the full official title, later ones the short title', () => {
    const [a, b] = firstCitationInFull(['依据《行政执法过错责任追究办法》第六条', '和《行政执法过错责任追究办法》第七条']);
    expect(a).toBe('依据《重庆市巴南区住房和城乡建设委员会行政执法过错责任追究办法》第六条');
    expect(b).toBe('和《行政执法过错责任追究办法》第七条');
  });
});

describe.each(engines)('official citations in every document kind (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it.skipIf(!hasPdftotext)('no FL-/WC- code appears in the PDF text of any kind, and the Chinese citation does', async () => {
    const drafted = new Map<DocumentKind, string>();
    const contents = new Map<DocumentKind, string>();
    const ids = new Map<DocumentKind, string>();
    const draftAll = async (caseId: string): Promise<void> => {
      const { draftableKinds } = await listDocuments(w.ctx.clerk, caseId);
      for (const k of draftableKinds.filter((x) => x.available && !drafted.has(x.kind))) {
        const d = await createDraft(w.ctx.clerk, caseId, { kind: k.kind, ...(k.perSubject ? { subjectId: k.subjects[0]!.personId } : {}) });
        const pdf = await downloadVersion(w.ctx.clerk, d.id, 1, 'pdf');
        drafted.set(k.kind, pdfText(pdf.content));
        contents.set(k.kind, contentStrings(d.versions[0]!.content).join('\n'));
        ids.set(k.kind, d.id);
      }
    };
    // FL and WC, with compensation and both transfers: every kind that follows a decision.
    const decided = await makeDecidedCase(w, { tracks: ['FL', 'WC'], compensationFen: 120_000, transferJudicial: true, transferDiscipline: true, to: 'notified' });
    await performAction(w.ctx.subject, decided.caseId, 'file_defence', { expectedVersion: await versionOf(w, decided.caseId), subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-01', statement: '处理过重，请求撤销。' });
    await draftAll(decided.caseId);
    // The 送达回证 goes with an issued document: issue the 处理决定书, then it can be drafted too.
    await issueDocument(w.ctx.clerk, ids.get('decision_notice')!, { expectedVersion: 1, issuedOn: '2025-09-01' });
    await draftAll(decided.caseId);
    // A matter outside the commission's competence: the transfer letter (WC-9(1)).
    const transferred = await makeCase(w, { to: 'transferred', drive: { transfer: true } });
    await draftAll(transferred.caseId);

    expect([...drafted.keys()].sort()).toEqual([...DOCUMENT_KINDS].sort());
    for (const [kind, text] of drafted) {
      expect(CODE.exec(text)?.[0], `${kind}: an internal code in official text`).toBeUndefined();
      expect(text, kind).toMatch(/第[一二三四五六七八九十]+条/);
    }
    // The decision notice names the form by its article, the first citation in the full title.
    const notice = contents.get('decision_notice')!;
    expect(notice).toContain('《重庆市巴南区住房和城乡建设委员会行政执法过错责任追究办法》');
    expect(notice).toContain('第六条第（二）项');
  });
});
