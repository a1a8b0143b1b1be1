// The reporter channel (issue 9): the public report with files, the proof of work, the follow-up
// by receipt code, the two-way thread, outcome drafts. Both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { multipartBody, reporterFollowUp, reporterWrites, samplePdf, samplePng, sendPublicReport, solvedProof } from '../../../test/factories/reporter';
import { driveCaseTo } from '../../services/cases';

describe.each(engines)('the reporter channel (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const onlyCase = async () => t.deps.db.kysely.selectFrom('cases').selectAll().where('channel', '=', 'online').executeTakeFirstOrThrow();
  const thread = async (caseId: string) => t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/reporter-thread` });

  it('FL-4: a visitor reports with two files (checked by content) and gets only a receipt code; the clerk reads the details and the files', async () => {
    const png = samplePng(2048);
    const pdf = samplePdf(4096);
    const r = await sendPublicReport(
      t,
      { what: '某执法队员在检查中索要好处费。', who: '执法支队某队员', when: '2025年8月中旬', where: '鱼洞街道某工地', reporter: { anonymous: true } },
      [
        { name: '现场照片.png', type: 'image/png', content: png },
        { name: 'receipt.pdf', type: 'application/pdf', content: pdf },
      ],
    );
    expect(r.statusCode).toBe(201);
    expect(Object.keys(r.json()).sort()).toEqual(['receiptCode', 'receivedOn']);
    expect(r.json().receiptCode).toMatch(/^([0-9A-Z]{5}-){3}[0-9A-Z]{5}$/);
    const c = await onlyCase();
    expect(c).toMatchObject({ source: 'report', state: 'intake', created_by: null });
    // what happened is the case's summary, sealed at rest (issue 9 §3); the clerk reads it on the case
    expect(c.summary).toMatch(/^wz1:/);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.id}` })).json().summary).toBe('某执法队员在检查中索要好处费。');

    const th = await thread(c.id);
    expect(th.statusCode).toBe(200);
    expect(th.json().details).toEqual({ who: '执法支队某队员', when: '2025年8月中旬', where: '鱼洞街道某工地' });
    const [first] = th.json().messages;
    expect(first).toMatchObject({ from: 'reporter', kind: 'report', status: 'sent' });
    expect(first.attachments.map((a: { name: string; mime: string; size: number }) => [a.name, a.mime, a.size])).toEqual([
      ['现场照片.png', 'image/png', 2048],
      ['receipt.pdf', 'application/pdf', 4096],
    ]);
    const dl = await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.id}/reporter-thread/attachments/${first.attachments[0].id}` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(dl.rawPayload, png)).toBe(0);
    // the store's record names neither the file nor its type
    const stored = await t.deps.db.kysely.selectFrom('stored_files').selectAll().execute();
    expect(stored.map((s) => [s.original_name, s.mime_type])).toEqual([
      ['sealed', 'application/octet-stream'],
      ['sealed', 'application/octet-stream'],
    ]);
  });

  it('FL-4 anti-abuse: no proof of work, a reused proof or an expired one is refused (CHALLENGE_FAILED) and nothing is stored', async () => {
    const form = { what: '举报内容足够长。' };
    const none = await sendPublicReport(t, form, [], { proof: null });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('CHALLENGE_FAILED');
    const proof = await solvedProof(t);
    expect((await sendPublicReport(t, form, [], { proof })).statusCode).toBe(201);
    const again = await sendPublicReport(t, form, [], { proof });
    expect(again.json().error.code).toBe('CHALLENGE_FAILED');
    const old = await solvedProof(t);
    t.clock.set('2025-09-01T03:00:00.000Z');
    expect((await sendPublicReport(t, form, [], { proof: old })).json().error.code).toBe('CHALLENGE_FAILED');
    const forged = JSON.parse(await solvedProof(t)) as { number: number };
    forged.number += 1;
    expect((await sendPublicReport(t, form, [], { proof: JSON.stringify(forged) })).json().error.code).toBe('CHALLENGE_FAILED');
    const n = await t.deps.db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('FL-4: a file is judged by its bytes, not its name — a text file called .pdf is refused (415) and the report with it is not stored', async () => {
    const r = await sendPublicReport(t, { what: '举报内容足够长。' }, [{ name: '证据.pdf', type: 'application/pdf', content: Buffer.from('just text, not a PDF') }]);
    expect(r.statusCode).toBe(415);
    expect(r.json().error.code).toBe('FILE_TYPE_REFUSED');
    expect(await t.deps.db.kysely.selectFrom('cases').selectAll().execute()).toEqual([]);
    const ok = await sendPublicReport(t, { what: '举报内容足够长。' }, [{ name: 'photo.txt', type: 'text/plain', content: samplePng(64) }]);
    expect(ok.statusCode).toBe(201);
    const th = (await thread((await onlyCase()).id)).json();
    expect(th.messages[0].attachments[0].mime).toBe('image/png');
  });

  it('WC-9(1): a reporter answers a clerk’s question with the receipt code and adds a file; the clerk sees both; every message is audited without its content', async () => {
    const { receiptCode } = (await sendPublicReport(t, { what: '某执法人员违规收费。', reporter: { anonymous: false, name: '王举报', phone: '13912345678' } })).json();
    const c = await onlyCase();
    const ask = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.id}/reporter-thread/messages`, payload: { kind: 'question', body: '请问收费发生在哪一天？有无收据？' } });
    expect(ask.statusCode).toBe(201);

    const seen = await reporterFollowUp(t, receiptCode);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'received', statusZh: '已收到，正在审查是否受理' });
    expect(seen.json().messages.map((m: { from: string; kind: string; body: string }) => [m.from, m.kind, m.body])).toEqual([
      ['reporter', 'report', ''],
      ['commission', 'question', '请问收费发生在哪一天？有无收据？'],
    ]);

    const answer = await reporterWrites(t, receiptCode, '8月15日，有收据，见附件。', [{ name: '收据.pdf', type: 'application/pdf', content: samplePdf(512) }]);
    expect(answer.statusCode).toBe(201);
    const th = (await thread(c.id)).json();
    const last = th.messages.at(-1);
    expect(last).toMatchObject({ from: 'reporter', kind: 'message', body: '8月15日，有收据，见附件。' });
    expect(last.attachments.map((a: { name: string }) => a.name)).toEqual(['收据.pdf']);

    const audits = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'case.reporter.message').orderBy('seq').execute();
    expect(audits.map((a) => [a.actor_id === null ? 'reporter' : 'staff', JSON.parse(a.after_json!).kind])).toEqual([
      ['reporter', 'report'],
      ['staff', 'question'],
      ['reporter', 'message'],
    ]);
    const everyAudit = JSON.stringify(await t.deps.db.kysely.selectFrom('audit_log').selectAll().execute());
    // no client address on the records the public routes wrote (issue 9 point 5)
    expect(audits.filter((a) => a.actor_id === null).map((a) => a.source_ip ?? null)).toEqual([null, null]);
    for (const secret of [receiptCode, receiptCode.replace(/-/g, ''), '有收据', '收费发生', '王举报', '13912345678']) expect(everyAudit, secret).not.toContain(secret);
  });

  it('WC-9(1): a wrong or malformed code opens nothing; the code is stored only as an argon2id hash behind a four-character lookup', async () => {
    const { receiptCode } = (await sendPublicReport(t, { what: '举报内容足够长。' })).json();
    const row = await t.deps.db.kysely.selectFrom('case_reporters').selectAll().executeTakeFirstOrThrow();
    const norm = receiptCode.replace(/-/g, '');
    expect(row.receipt_lookup).toBe(norm.slice(0, 4));
    expect(row.receipt_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(norm.slice(4));
    const near = norm.slice(0, 19) + (norm[19] === '0' ? '1' : '0');
    for (const bad of [near, norm.slice(0, 16), 'not a code', '']) {
      const r = await reporterFollowUp(t, bad);
      expect(r.statusCode, bad).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, bad).toBeLessThan(500);
    }
    expect((await reporterWrites(t, near, '冒充')).json().error.code).toBe('RECEIPT_CODE_WRONG');
  });

  it('FL-5(4) / WC-9(1): acceptance, decision and closure draft an outcome message; the reporter sees it only once the clerk has sent it (as edited)', async () => {
    const made = await makeCase(w, { to: 'closed' });
    const th = (await thread(made.caseId)).json();
    const drafts = th.messages.filter((m: { status: string }) => m.status === 'draft');
    expect(drafts.map((d: { outcomeOf: string }) => d.outcomeOf)).toEqual(['accept', 'decide', 'close']);
    for (const d of drafts) expect(d.body).not.toContain('张举报');
    const before = (await reporterFollowUp(t, made.receiptCode!)).json();
    expect(before).toMatchObject({ status: 'closed', statusZh: '已办结', messages: [] });

    const close = drafts.find((d: { outcomeOf: string }) => d.outcomeOf === 'close');
    const sent = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${made.caseId}/reporter-thread/messages/${close.id}/send`, payload: { body: `${close.body}\n处理结果已在本委网站公示。` } });
    expect(sent.statusCode).toBe(200);
    const discard = drafts.find((d: { outcomeOf: string }) => d.outcomeOf === 'decide');
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${made.caseId}/reporter-thread/messages/${discard.id}/discard` })).statusCode).toBe(200);
    const twice = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${made.caseId}/reporter-thread/messages/${close.id}/send`, payload: { body: 'again' } });
    expect(twice.statusCode).toBe(409);

    const after = (await reporterFollowUp(t, made.receiptCode!)).json();
    expect(after.messages).toHaveLength(1);
    expect(after.messages[0]).toMatchObject({ from: 'commission', kind: 'outcome' });
    expect(after.messages[0].body).toContain('已办结');
    expect(after.messages[0].body).toContain('处理结果已在本委网站公示。');
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'case.reporter.message').execute();
    expect(audit.map((a) => JSON.parse(a.after_json!))).toEqual([expect.objectContaining({ kind: 'outcome', outcomeOf: 'close', edited: true })]);
  });

  it('WC-9(1): a transfer tells the reporter to whom, in plain words', async () => {
    const made = await makeCase(w, {});
    await driveCaseTo(w.ctx, made.caseId, 'transferred', { on: '2025-09-01', transfer: true });
    const r = (await reporterFollowUp(t, made.receiptCode!)).json();
    expect(r.status).toBe('transferred');
    expect(r.transferredTo).toBeTruthy();
    const draft = (await thread(made.caseId)).json().messages.find((m: { outcomeOf: string | null }) => m.outcomeOf === 'transfer');
    expect(draft.body).toContain(r.transferredTo);
    void versionOf;
  });

  it('FL-7(7): only the legal-affairs clerks read or write the thread; the reporter’s routes take the code only in a POST body', async () => {
    const made = await makeCase(w, {});
    for (const user of ['investigator', 'leader', 'decider', 'subject']) {
      const r = await t.as(user, { method: 'GET', url: `/api/v1/cases/${made.caseId}/reporter-thread` });
      expect([403, 404], user).toContain(r.statusCode);
      const wr = await t.as(user, { method: 'POST', url: `/api/v1/cases/${made.caseId}/reporter-thread/messages`, payload: { kind: 'message', body: 'x' } });
      expect([403, 404], user).toContain(wr.statusCode);
    }
    expect((await t.as(null, { method: 'GET', url: `/api/v1/cases/${made.caseId}/reporter-thread` })).statusCode).toBe(401);
    // the subject's timeline does not even show that the reporter and the commission wrote
    await driveCaseTo(w.ctx, made.caseId, 'investigating', { on: '2025-09-01' });
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${made.caseId}/reporter-thread/messages`, payload: { kind: 'question', body: '请补充材料' } })).statusCode).toBe(201);
    const staffTimeline = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${made.caseId}/timeline` })).json().items.map((i: { action: string }) => i.action);
    expect(staffTimeline).toContain('case.reporter.message');
    const subjectTimeline = await t.as('subject', { method: 'GET', url: `/api/v1/cases/${made.caseId}/timeline` });
    expect(subjectTimeline.statusCode).toBe(200);
    expect(subjectTimeline.body).not.toContain('case.reporter');
    expect((await t.as(null, { method: 'GET', url: `/api/v1/public/reports/${made.receiptCode}` })).statusCode).toBe(404);
    const wc5 = await makeCase(w, { source: 'wc5' });
    const noChannel = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${wc5.caseId}/reporter-thread/messages`, payload: { kind: 'message', body: 'x' } });
    expect(noChannel.json().error.code).toBe('PRECONDITION_FAILED');
    void multipartBody;
  });
});
