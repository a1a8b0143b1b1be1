// The document API: drafts, versions, issue, downloads, who may do what, and the reporter's
// identity kept out of everything a subject can read (FL-7(7), FL-10(3)).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { docxText, docxXml, hasPdftotext, makeDecidedCase, pdfText } from '../../../test/factories/documents';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { setReportKeysForTesting } from '../../crypto/report-keyring';
import { clearDataKeyCache } from '../../crypto/report-seal';
import { inTransaction } from '../../db/tx';
import { verifyIssuedFile } from '../../services/documents';
import { lockedContent, sealPlaintextDocumentVersions } from '../../services/documents/sealed-content';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPORTER = ['张举报', '13800000000', '巴南区鱼洞街道某小区'];

describe.each(engines)('documents API (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const draft = (user: string, caseId: string, payload: Record<string, unknown>) => t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload });

  it('editing makes a new version, a stale edit is refused, issue freezes the document and numbers it; an issued document cannot be edited', async () => {
    const c = await makeDecidedCase(w);
    const r = await draft('clerk', c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id });
    expect(r.statusCode).toBe(201);
    const doc = r.json();
    expect(doc).toMatchObject({ status: 'draft', currentVersion: 1, allowedActions: ['edit', 'issue'] });
    const v1 = doc.versions[0].content;

    // a paragraph of fact added (the decision's own paragraphs close the text: pinned.ts)
    const facts = (v1.paragraphs as { text: string }[]).findIndex((p) => p.text.startsWith('我委于')) + 1;
    const added = { style: 'body', text: '另查明，该案卷中未附现场检查笔录。' };
    const edited = { ...v1, paragraphs: [...v1.paragraphs.slice(0, facts + 1), added, ...v1.paragraphs.slice(facts + 1)] };
    const put = await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content: edited, note: '补充查明事实' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(put.json().versions[1]).toMatchObject({ note: '补充查明事实' });
    expect(put.json().versions[0].pdfSha256).not.toBe(put.json().versions[1].pdfSha256);

    const stale = await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content: v1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT_STALE');

    const issued = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${doc.id}/issue`, payload: { expectedVersion: 2, issuedOn: '2025-09-01' } });
    expect(issued.statusCode).toBe(200);
    const i = issued.json();
    // The 发文字号 is assigned at issue from the kind's sequence; the 印发日期 is filled: version 3.
    expect(i).toMatchObject({ status: 'issued', issuedVersion: 3, docNumber: '巴住建问决〔2025〕1号', issuedOn: '2025-09-01', allowedActions: ['correct'] });
    expect(i.versions[2].content.printing.date).toBe('2025-09-01');
    expect(i.versions[2].content.paragraphs[facts + 1].text).toBe(added.text);

    const before = await t.deps.db.kysely.selectFrom('document_versions').select('number').where('document_id', '=', doc.id).execute();
    const late = await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 3, content: v1 } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('DOCUMENT_ISSUED');
    const again = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${doc.id}/issue`, payload: { expectedVersion: 3 } });
    expect(again.json().error.code).toBe('DOCUMENT_ISSUED');
    const after = await t.deps.db.kysely.selectFrom('document_versions').select('number').where('document_id', '=', doc.id).execute();
    expect(after).toEqual(before);

    // The issued PDF carries the number and no draft mark.
    const pdf = await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/3.pdf` });
    expect(pdf.statusCode).toBe(200);
    if (hasPdftotext) {
      const text = pdfText(pdf.rawPayload);
      expect(text).toContain('巴住建问决〔2025〕1号');
      expect(text).not.toContain('草稿');
      expect(pdfText((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/1.pdf` })).rawPayload)).toContain('草稿（第1版）');
    }
  });

  it('a correction is a new document; issuing it marks the old one superseded, both kept', async () => {
    const c = await makeDecidedCase(w);
    const first = (await draft('clerk', c.caseId, { kind: 'publication_notice' })).json();
    await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${first.id}/issue`, payload: { expectedVersion: 1 } });
    const fix = await draft('clerk', c.caseId, { kind: 'publication_notice', supersedesId: first.id });
    expect(fix.statusCode).toBe(201);
    const issued = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${fix.json().id}/issue`, payload: { expectedVersion: 1 } });
    expect(issued.json()).toMatchObject({ status: 'issued', supersedesId: first.id, docNumber: '巴住建问通报〔2025〕2号' });
    const old = (await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${first.id}` })).json();
    expect(old).toMatchObject({ status: 'superseded', supersededById: fix.json().id, docNumber: '巴住建问通报〔2025〕1号' });
    // Correcting a draft makes no sense: edit it.
    const bad = await draft('clerk', c.caseId, { kind: 'publication_notice', supersedesId: fix.json().id });
    expect(bad.statusCode).toBe(201);
    const bad2 = await draft('clerk', c.caseId, { kind: 'publication_notice', supersedesId: bad.json().id });
    expect(bad2.json().error.code).toBe('PRECONDITION_FAILED');
  });

  it('a blank left for the drafter (【待填写：…】) blocks issue until it is filled', async () => {
    const c = await makeDecidedCase(w, { transferDiscipline: true });
    const doc = (await draft('clerk', c.caseId, { kind: 'discipline_transfer', subjectId: w.fx.handler.id })).json();
    const refused = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${doc.id}/issue`, payload: { expectedVersion: 1 } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.blanks).toEqual(['【待填写：纪检监察机关】']);
    const content = { ...doc.versions[0].content, addressee: '中共重庆市巴南区纪律检查委员会' };
    await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content } });
    const ok = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${doc.id}/issue`, payload: { expectedVersion: 2 } });
    expect(ok.statusCode).toBe(200);
  });

  it('downloads have the right content type and the Chinese file name in an RFC 5987 filename*', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const doc = (await draft('clerk', c.caseId, { kind: 'acceptance_receipt' })).json();
    const pdf = await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/1.pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const cd = String(pdf.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe('举报投诉受理回执（草稿第1版）.pdf');
    const docx = await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/1.docx` });
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docxText(docx.rawPayload)).toContain('举报投诉受理回执');
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/9.pdf` })).statusCode).toBe(404);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/1.exe` })).statusCode).toBe(400);
  });

  it('wrong role → 403: the subject, the decision body and the leader draft nothing; an investigator drafts only the record and report; only clerks issue', async () => {
    const c = await makeDecidedCase(w);
    for (const user of ['subject', 'decider', 'leader']) {
      const r = await draft(user, c.caseId, { kind: 'publication_notice' });
      expect(r.statusCode, user).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
    expect((await draft('investigator', c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id })).statusCode).toBe(403);
    const report = await draft('investigator', c.caseId, { kind: 'investigation_report' });
    expect(report.statusCode).toBe(201);
    expect(report.json().allowedActions).toEqual(['edit']);
    const issue = await t.as('investigator', { method: 'POST', url: `/api/v1/documents/${report.json().id}/issue`, payload: { expectedVersion: 1 } });
    expect(issue.statusCode).toBe(403);
    const list = (await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).json();
    expect(list.draftableKinds.map((k: { kind: string }) => k.kind)).toEqual(['interview_record', 'investigation_report']);
    expect(list.draftableKinds.every((k: { available: boolean }) => k.available)).toBe(true);
    // An investigator of another team, and an administrator (三员分立), see nothing of the case.
    await t.addUser('outsider', ['investigator']);
    expect((await draft('outsider', c.caseId, { kind: 'investigation_report' })).statusCode).toBe(404);
    expect((await t.as('outsider', { method: 'GET', url: `/api/v1/documents/${report.json().id}` })).statusCode).toBe(404);
    await t.addUser('root', ['sysadmin']);
    expect((await t.as('root', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).statusCode).toBe(403);
    // Nothing was written by the refusals: one document.
    expect((await t.deps.db.kysely.selectFrom('documents').select('id').execute()).length).toBe(1);
  });

  it('FL-7(7): a subject reads only their own issued decision notice and the issued publication notice — never the reporter, never a draft', async () => {
    const c = await makeDecidedCase(w, { compensationFen: 500_00 });
    const ids: Record<string, string> = {};
    for (const kind of ['acceptance_receipt', 'reply_letter', 'registration_approval', 'investigation_report', 'meeting_minutes', 'decision_notice', 'publication_notice', 'compensation_notice']) {
      const r = await draft('clerk', c.caseId, { kind, ...(['decision_notice', 'compensation_notice'].includes(kind) ? { subjectId: w.fx.handler.id } : {}) });
      expect(r.statusCode, kind).toBe(201);
      ids[kind] = r.json().id;
    }
    // The clerk's reply letter is addressed to the reporter by name: the redaction is what keeps it from subjects.
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${ids.reply_letter}` })).body).toContain('张举报');
    // Drafts are invisible to the subject.
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).json().items).toEqual([]);
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/documents/${ids.decision_notice}` })).statusCode).toBe(404);

    await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${ids.compensation_notice}`, payload: { expectedVersion: 1, content: { ...(await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${ids.compensation_notice}` })).json().versions[0].content, paragraphs: [{ style: 'body', text: '请于2025年10月31日前缴纳。' }] } } });
    for (const kind of Object.keys(ids)) {
      const doc = (await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${ids[kind]}` })).json();
      const r = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${ids[kind]}/issue`, payload: { expectedVersion: doc.currentVersion } });
      expect(r.statusCode, kind).toBe(200);
    }
    const list = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).json();
    expect(list.items.map((d: { kind: string }) => d.kind).sort()).toEqual(['compensation_notice', 'decision_notice', 'publication_notice']);
    expect(list.draftableKinds).toEqual([]);
    const responses = [(await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).body];
    for (const d of list.items as { id: string; issuedVersion: number }[]) {
      const detail = await t.as('subject', { method: 'GET', url: `/api/v1/documents/${d.id}` });
      expect(detail.json().versions.map((v: { number: number }) => v.number)).toEqual([d.issuedVersion]);
      responses.push(detail.body);
      const pdf = await t.as('subject', { method: 'GET', url: `/api/v1/documents/${d.id}/versions/${d.issuedVersion}.pdf` });
      expect(pdf.statusCode).toBe(200);
      if (hasPdftotext) responses.push(pdfText(pdf.rawPayload));
      responses.push(docxText((await t.as('subject', { method: 'GET', url: `/api/v1/documents/${d.id}/versions/${d.issuedVersion}.docx` })).rawPayload));
      // Earlier (draft) versions stay closed to the subject.
      if (d.issuedVersion > 1) expect((await t.as('subject', { method: 'GET', url: `/api/v1/documents/${d.id}/versions/1.pdf` })).statusCode).toBe(404);
    }
    for (const body of responses) for (const secret of REPORTER) expect(body).not.toContain(secret);
    for (const kind of ['acceptance_receipt', 'reply_letter', 'registration_approval', 'investigation_report', 'meeting_minutes']) {
      expect((await t.as('subject', { method: 'GET', url: `/api/v1/documents/${ids[kind]}` })).statusCode, kind).toBe(404);
    }
    // Staff other than clerks do not read the kinds that name the reporter.
    expect((await t.as('decider', { method: 'GET', url: `/api/v1/documents/${ids.reply_letter}` })).statusCode).toBe(404);
    expect((await t.as('decider', { method: 'GET', url: `/api/v1/documents/${ids.meeting_minutes}` })).statusCode).toBe(200);
  });

  it('FL-5(4): the publication notice is redacted even when the case text names the reporter; an edit that brings the reporter back is refused', async () => {
    const c = await makeDecidedCase(w);
    // The reporter's name in free text the investigators wrote (a finding's narrative, a reason).
    await t.deps.db.kysely.updateTable('case_decision_items').set({ reason: '经张举报（电话13800000000）举报查实。' }).where('case_id', '=', c.caseId).execute();
    const notice = (await draft('clerk', c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id })).json();
    const body = JSON.stringify(notice.versions[0].content);
    for (const secret of REPORTER) expect(body).not.toContain(secret);
    expect(body).toContain('经举报人（电话＊＊＊）举报查实。');

    const pub = (await draft('clerk', c.caseId, { kind: 'publication_notice' })).json();
    const content = pub.versions[0].content;
    const leak = await t.as('clerk', {
      method: 'PUT',
      url: `/api/v1/documents/${pub.id}`,
      payload: { expectedVersion: 1, content: { ...content, paragraphs: [...content.paragraphs, { style: 'body', text: '感谢张举报同志的举报。' }] } },
    });
    expect(leak.statusCode).toBe(422);
    expect(leak.json().error.details.citation).toBe('FL-7(7)');
    const idNo = await t.as('clerk', {
      method: 'PUT',
      url: `/api/v1/documents/${pub.id}`,
      payload: { expectedVersion: 1, content: { ...content, paragraphs: [{ style: 'body', text: '身份证号500113199001011234。' }] } },
    });
    expect(idNo.statusCode).toBe(422);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${pub.id}` })).json().currentVersion).toBe(1);
  });

  it('every write is on the case timeline: draft, edit, issue', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const doc = (await draft('clerk', c.caseId, { kind: 'acceptance_receipt' })).json();
    await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content: doc.versions[0].content } });
    await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${doc.id}/issue`, payload: { expectedVersion: 2 } });
    const timeline = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items as { action: string }[];
    expect(timeline.map((e) => e.action).filter((a) => a.startsWith('case.document'))).toEqual(['case.document.draft', 'case.document.edit', 'case.document.issue']);
    expect((timeline as unknown as { action: string; labelZh: string }[]).find((e) => e.action === 'case.document.issue')?.labelZh).toBe('印发文书');
  });

  it('GB/T 9704-2012 page: the DOCX is A4 with margins 37/28/35/26 mm and a 22-line × 28-character grid; the PDF is A4', async () => {
    const c = await makeDecidedCase(w);
    const doc = (await draft('clerk', c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id })).json();
    const xml = docxXml((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/1.docx` })).rawPayload);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"/);
    // 28 characters of 16 pt in 156 mm: body runs condensed by 0.25 pt.
    expect(xml).toMatch(/<w:spacing w:val="-5"\/><w:sz w:val="32"\/>/);
    // The letterhead in red, the title in 小标宋 二号 (22 pt = 44 half-points), the body in 仿宋 三号.
    expect(xml).toContain('w:color w:val="E60012"');
    expect(xml).toMatch(/方正小标宋简体[\s\S]*?<w:sz w:val="44"\/>[\s\S]*?行政执法过错责任追究处理决定书/);
    expect(xml).toContain('仿宋_GB2312');
    const pdf = (await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/1.pdf` })).rawPayload;
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.2\d+ 841\.8\d+\]/);
    // The Chinese fonts are embedded (subset), not referenced.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/);
    if (hasPdftotext) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-pdf-'));
      try {
        fs.writeFileSync(path.join(dir, 'd.pdf'), pdf);
        const fonts = execFileSync('pdffonts', [path.join(dir, 'd.pdf')]).toString();
        expect(fonts).toMatch(/NotoSerifCJKsc-Regular.*yes/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('two edits of the same version: one is saved, the other is refused as stale', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const doc = (await draft('clerk', c.caseId, { kind: 'acceptance_receipt' })).json();
    const content = doc.versions[0].content;
    const edit = (text: string) => t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content: { ...content, paragraphs: [{ style: 'body', text }] } } });
    const results = await Promise.all([edit('甲稿'), edit('乙稿')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const versions = await t.deps.db.kysely.selectFrom('document_versions').select('number').where('document_id', '=', doc.id).orderBy('number').execute();
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
  });

  it('the reporter’s identity in a receipt or reply is read by clerks only, and every read is audited', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const doc = (await draft('clerk', c.caseId, { kind: 'reply_letter' })).json();
    const reads = async (): Promise<string[]> =>
      (await t.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', c.caseId).where('action', 'in', ['case.document.read', 'case.document.download']).orderBy('seq').execute()).map((r) => r.action);
    expect(await reads()).toEqual([]);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}` })).body).toContain('张举报');
    await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/1.pdf` });
    expect(await reads()).toEqual(['case.document.read', 'case.document.download']);
    for (const user of ['leader', 'decider']) expect((await t.as(user, { method: 'GET', url: `/api/v1/documents/${doc.id}` })).statusCode).toBe(404);
    expect((await t.as('leader', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).json().items).toEqual([]);
  });

  it('issue 9 §3 / FL-7(7): the versions of a report case\'s documents hold ciphertext only; the clerk reads them in clear; issue, download and verification use the real PDF hash; a WC-5 case\'s documents stay in clear', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const receipt = (await draft('clerk', c.caseId, { kind: 'acceptance_receipt' })).json();
    const reply = (await draft('clerk', c.caseId, { kind: 'reply_letter' })).json();
    const raw = await t.deps.db.kysely.selectFrom('document_versions').select(['document_id', 'content']).execute();
    expect(raw.length).toBe(2);
    for (const r of raw) {
      expect(r.content).toMatch(/^wz1:/);
      for (const secret of [...REPORTER, '处罚认定事实不清']) expect(r.content, secret).not.toContain(secret);
    }
    // the clerk reads the receipt with the report text and the reply letter addressed by name
    const got = (await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${receipt.id}` })).json();
    expect(got.versions[0].content.fields.find((f: { label: string }) => f.label === '反映事项').value).toContain('处罚认定事实不清');
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${reply.id}` })).json().versions[0].content.addressee).toBe('张举报');
    // an edit is sealed too, and issue works from the sealed version
    const edited = { ...got.versions[0].content, paragraphs: [...got.versions[0].content.paragraphs, { style: 'body', text: '联系人：张举报。' }] };
    expect((await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${receipt.id}`, payload: { expectedVersion: 1, content: edited } })).statusCode).toBe(200);
    const issued = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${receipt.id}/issue`, payload: { expectedVersion: 2, issuedOn: '2025-09-01' } });
    expect(issued.statusCode).toBe(200);
    for (const r of await t.deps.db.kysely.selectFrom('document_versions').select('content').where('document_id', '=', receipt.id).execute()) expect(r.content).toMatch(/^wz1:/);
    const i = issued.json();
    const pdf = await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${receipt.id}/versions/${i.issuedVersion}.pdf` });
    expect(pdf.statusCode).toBe(200);
    const sha = createHash('sha256').update(pdf.rawPayload).digest('hex');
    expect(sha).toBe(i.issuedPdfSha256);
    expect((await verifyIssuedFile(t.deps, pdf.rawPayload)).ok).toBe(true);
    if (i.docNumber) {
      const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(i.docNumber)}&sha256=${sha}` });
      expect(pub.json().matches).toBe(true);
    }
    // a subject and other staff still do not get it (the policy decides before anything is opened)
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/documents/${receipt.id}` })).statusCode).toBe(404);
    expect((await t.as('decider', { method: 'GET', url: `/api/v1/documents/${reply.id}` })).statusCode).toBe(404);

    // a WC-5 case has no reporter: its documents stay in clear
    const d = await makeCase(w, { source: 'wc5', to: 'accepted' });
    const notice = (await draft('clerk', d.caseId, { kind: 'registration_approval' })).json();
    const clear = await t.deps.db.kysely.selectFrom('document_versions').select('content').where('document_id', '=', notice.id).executeTakeFirstOrThrow();
    expect(clear.content.startsWith('{')).toBe(true);
  });

  it('issue 9 §3 migration 0332: document versions of a report case stored in clear by an earlier version are sealed in place, once; without the master key it stops with REPORT_KEY_MISSING and the clerk sees a placeholder for sealed ones', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const doc = (await draft('clerk', c.caseId, { kind: 'reply_letter' })).json();
    const clearJson = JSON.stringify(doc.versions[0].content);
    await t.deps.db.kysely.updateTable('document_versions').set({ content: clearJson }).where('document_id', '=', doc.id).execute();
    try {
      setReportKeysForTesting([]);
      clearDataKeyCache();
      await expect(inTransaction(t.deps.db, (tx) => sealPlaintextDocumentVersions(tx))).rejects.toMatchObject({ code: 'REPORT_KEY_MISSING' });
      expect((await t.deps.db.kysely.selectFrom('document_versions').select('content').where('document_id', '=', doc.id).executeTakeFirstOrThrow()).content).toBe(clearJson);
    } finally {
      setReportKeysForTesting(null);
      clearDataKeyCache();
    }
    expect(await inTransaction(t.deps.db, (tx) => sealPlaintextDocumentVersions(tx))).toEqual({ versions: 1 });
    expect(await inTransaction(t.deps.db, (tx) => sealPlaintextDocumentVersions(tx))).toEqual({ versions: 0 });
    const stored = (await t.deps.db.kysely.selectFrom('document_versions').select('content').where('document_id', '=', doc.id).executeTakeFirstOrThrow()).content;
    expect(stored).toMatch(/^wz1:/);
    expect(stored).not.toContain('张举报');
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}` })).json().versions[0].content).toEqual(doc.versions[0].content);
    // a restore without the key: the document reads as a placeholder, issue refuses with the key error
    try {
      setReportKeysForTesting([]);
      clearDataKeyCache();
      const r = await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}` });
      expect(r.statusCode).toBe(200);
      expect(r.json().versions[0].content.title).toBe(lockedContent().title);
      const issue = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${doc.id}/issue`, payload: { expectedVersion: 1 } });
      expect(issue.json().error.code).toBe('REPORT_KEY_MISSING');
    } finally {
      setReportKeysForTesting(null);
      clearDataKeyCache();
    }
  });

  it('the list says which kinds the case has the data for now, and for whom, naming the article when not', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const kinds = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).json().draftableKinds as { kind: string; available: boolean; reason: { zh: string } | null; subjects: { personId: string }[] }[];
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k]));
    expect(kinds.length).toBe(15);
    expect(byKind.acceptance_receipt).toMatchObject({ available: true, reason: null });
    expect(byKind.team_appointment!.available).toBe(false);
    // the reason cites the article in Chinese (issue 13 point 2): WC-9(2)
    expect(byKind.team_appointment!.reason!.zh).toContain('第九条第（二）项');
    // 送达回证: nothing issued to serve yet
    expect(byKind.service_receipt!.available).toBe(false);
    expect(byKind.decision_notice!.available).toBe(false);
    const decided = await makeDecidedCase(w);
    const later = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${decided.caseId}/documents` })).json().draftableKinds as typeof kinds;
    expect(later.find((k) => k.kind === 'decision_notice')).toMatchObject({ available: true, subjects: [{ personId: w.fx.handler.id }] });
    expect(later.find((k) => k.kind === 'judicial_transfer')).toMatchObject({ available: false, subjects: [] });
  });

  it('issuing two documents of one kind at the same time gives them consecutive 发文字号, never the same', async () => {
    const c = await makeDecidedCase(w);
    const a = (await draft('clerk', c.caseId, { kind: 'publication_notice' })).json();
    const b = (await draft('clerk', c.caseId, { kind: 'publication_notice' })).json();
    const issued = await Promise.all([a, b].map((d) => t.as('clerk', { method: 'POST', url: `/api/v1/documents/${d.id}/issue`, payload: { expectedVersion: 1 } })));
    expect(issued.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(issued.map((r) => r.json().docNumber).sort()).toEqual(['巴住建问通报〔2025〕1号', '巴住建问通报〔2025〕2号']);
  });
});
