// WC-11 (issue 7 point 9): the hand-off letter (申诉移送函) that sends a subject's appeal to the
// outside body — a document kind like the others: offered only while the appeal waits to be sent,
// generated without the reporter, issued with its 发文字号, recorded on the referral, and read by
// that body's supervisor account (that letter only) through the documents' one read rule.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { hasPdftotext, makeDecidedCase, pdfText } from '../../../test/factories/documents';

const REPORTER = ['张举报', '13800000000', '巴南区鱼洞街道某小区'];
const KIND = 'appeal_referral_letter';

interface Kind {
  kind: string;
  available: boolean;
  reason: { zh: string } | null;
  subjects: { personId: string }[];
}

describe.each(engines)('WC-11 appeal hand-off letter (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const act = async (user: string, caseId: string, action: string, body: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, payload: { expectedVersion: await versionOf(w, caseId), ...body } });
  const draft = (caseId: string, payload: Record<string, unknown>) => t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload });
  const offered = async (caseId: string): Promise<Kind> => ((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/documents` })).json().draftableKinds as Kind[]).find((k) => k.kind === KIND)!;
  const issue = async (docId: string, expectedVersion = 1) => t.as('clerk', { method: 'POST', url: `/api/v1/documents/${docId}/issue`, payload: { expectedVersion, issuedOn: '2025-09-01' } });
  const appealCase = async (appealBody = 'supervision') => {
    const c = await makeDecidedCase(w, { to: 'notified' });
    const r = await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody, filedOn: '2025-09-01', statement: '处理过重，请求撤销。' });
    expect(r.statusCode, r.body).toBe(200);
    return { caseId: c.caseId, appealId: r.json().created.id as string };
  };

  it('WC-11: the 申诉移送函 is offered only while an appeal is pending and not yet sent; the server says why not', async () => {
    const c = await makeDecidedCase(w, { to: 'notified' });
    const before = await offered(c.caseId);
    expect(before.available).toBe(false);
    expect(before.reason?.zh).toContain('第十一条');
    // A 陈述申辩 is decided by the commission itself: no hand-off letter.
    await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-09-01', statement: '我有异议。' });
    expect((await offered(c.caseId)).available).toBe(false);
    const appeal = await act('subject', c.caseId, 'file_defence', { subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'discipline', filedOn: '2025-09-01', statement: '请求撤销。' });
    const pending = await offered(c.caseId);
    expect(pending).toMatchObject({ available: true, reason: null, subjects: [{ personId: w.fx.handler.id }] });
    // Once sent (here with a letter made outside the system), it is no longer offered.
    expect((await act('clerk', c.caseId, 'refer_appeal', { appealId: appeal.json().created.id, sentOn: '2025-09-01', letterNo: '巴住建问移〔2025〕7号' })).statusCode).toBe(200);
    const sent = await offered(c.caseId);
    expect(sent.available).toBe(false);
    expect((await draft(c.caseId, { kind: KIND, subjectId: w.fx.handler.id })).json().error.code).toBe('PRECONDITION_FAILED');
  });

  it('WC-11: the letter names the body, the appellant, the decision appealed and the date filed, lists the case record as enclosed and cites 第十一条 in Chinese — no FL-/WC- code, never the reporter', async () => {
    const { caseId } = await appealCase('discipline');
    const r = await draft(caseId, { kind: KIND, subjectId: w.fx.handler.id });
    expect(r.statusCode, r.body).toBe(201);
    const doc = r.json();
    const content = doc.versions[0].content;
    expect(content.addressee).toBe('纪检、监察部门');
    const all = JSON.stringify(content);
    expect(all).toContain(w.fx.handler.name);
    expect(all).toContain('行政执法错案责任倒查问责办法》第十一条');
    expect(all).toContain('可以按照有关规定向行政执法监督部门或纪检、监察部门提出申诉');
    expect(all).toContain('2025年9月1日');
    expect(all).toContain('处理决定书');
    expect(content.attachments.join()).toContain('案件材料');
    expect(all).not.toMatch(/\b(FL|WC|SCL)-\d/);
    for (const secret of REPORTER) expect(all).not.toContain(secret);
    // An edit that brings the reporter in is refused (the outside body reads this letter).
    const leak = await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content: { ...content, paragraphs: [...content.paragraphs, { style: 'body', text: '本案系张举报举报。' }] } } });
    expect(leak.statusCode).toBe(422);
    expect(leak.json().error.details.citation).toBe('FL-7(7)');
  });

  it('WC-11: refer_appeal with the issued letter records it, its 发文字号 filling the letter number; a draft or another number is refused', async () => {
    const { caseId, appealId } = await appealCase();
    const doc = (await draft(caseId, { kind: KIND, subjectId: w.fx.handler.id })).json();
    const asDraft = await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-09-01', letterDocumentId: doc.id });
    expect(asDraft.statusCode).toBe(400);
    expect(asDraft.json().error.details.fields[0].path).toBe('letterDocumentId');
    const issued = await issue(doc.id);
    expect(issued.statusCode, issued.body).toBe(200);
    const number = issued.json().docNumber as string;
    expect(number).toBe('巴住建问移〔2025〕1号');
    expect((await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-09-01', letterDocumentId: doc.id, letterNo: '巴住建问移〔2025〕99号' })).statusCode).toBe(400);
    // Neither a letter nor a number: refused.
    expect((await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-09-01' })).statusCode).toBe(400);
    const sent = await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-09-01', letterDocumentId: doc.id });
    expect(sent.statusCode, sent.body).toBe(200);
    const row = await t.deps.db.kysely.selectFrom('appeal_referrals').select(['letter_no', 'letter_document_id']).where('appeal_id', '=', appealId).executeTakeFirstOrThrow();
    expect(row).toEqual({ letter_no: number, letter_document_id: doc.id });
    expect(sent.json().case.appeals[0].referral).toMatchObject({ letterNo: number, letterDocumentId: doc.id });
  });

  it('WC-11: the body’s supervisor downloads that letter with the appeal file, and no other document of the case (not found, like a missing one)', async () => {
    const { caseId, appealId } = await appealCase();
    const letter = (await draft(caseId, { kind: KIND, subjectId: w.fx.handler.id })).json();
    await issue(letter.id);
    const notice = (await draft(caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id })).json();
    await issue(notice.id);
    const sent = await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-09-01', letterDocumentId: letter.id });
    const referralId = sent.json().created.id;

    const sup = await t.addUser('sup', ['supervisor']);
    const dis = await t.addUser('dis', ['supervisor']);
    await t.addUser('sysadmin', ['sysadmin']);
    await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${sup}`, payload: { body: 'supervision' } });
    await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${dis}`, payload: { body: 'discipline' } });

    const file = (await t.as('sup', { method: 'GET', url: `/api/v1/supervision/referrals/${referralId}` })).json();
    expect(file.letter).toMatchObject({ documentId: letter.id, version: 2, docNumber: '巴住建问移〔2025〕1号' });
    expect((await t.as('sup', { method: 'GET', url: '/api/v1/supervision/referrals' })).json().items[0].letter.documentId).toBe(letter.id);

    const pdf = await t.as('sup', { method: 'GET', url: `/api/v1/documents/${letter.id}/versions/${file.letter.version}.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPdftotext) expect(pdfText(pdf.rawPayload)).toContain('关于移送');
    const read = await t.as('sup', { method: 'GET', url: `/api/v1/documents/${letter.id}` });
    expect(read.statusCode).toBe(200);
    // Only the issued version; no draft version and no other document of the case.
    expect(read.json().versions.map((v: { number: number }) => v.number)).toEqual([2]);
    const missing = await t.as('sup', { method: 'GET', url: '/api/v1/documents/nope' });
    for (const url of [`/api/v1/documents/${letter.id}/versions/1.pdf`, `/api/v1/documents/${notice.id}`, `/api/v1/documents/${notice.id}/versions/2.pdf`]) {
      const r = await t.as('sup', { method: 'GET', url });
      expect([r.statusCode, r.json().error.code], url).toEqual([missing.statusCode, missing.json().error.code]);
    }
    expect([403, 404]).toContain((await t.as('sup', { method: 'GET', url: `/api/v1/cases/${caseId}/documents` })).statusCode);
    // The other body's account does not read it either.
    const other = await t.as('dis', { method: 'GET', url: `/api/v1/documents/${letter.id}` });
    expect([other.statusCode, other.json().error.code]).toEqual([missing.statusCode, missing.json().error.code]);
    // The read is on the case's record.
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', caseId).where('action', '=', 'case.document.download').execute();
    expect(audit).toEqual([{ action: 'case.document.download', actor_id: sup }]);
  });
});
