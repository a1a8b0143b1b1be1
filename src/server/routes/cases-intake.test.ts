import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { createCase } from '../../services/cases';
import { sendJsonReport, solvedProof } from '../../../test/factories/reporter';

const report = (w: CaseWorld, reporter: Record<string, unknown>) => ({
  source: 'report',
  channel: 'phone',
  receivedOn: '2025-09-01',
  backdateReason: '按来电登记簿补录',
  summary: '反映某执法队员对商户滥施处罚。',
  reporter,
  originalCaseId: w.fx.originalCase.id,
  subjectPersonIds: [w.fx.handler.id],
});

describe.each(engines)('intake and the reporter (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('FL-4 / WC-9(1): a clerk records a report; the case gets 巴住建问〔2025〕N号 and a receipt code shown once', async () => {
    const r = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: report(w, { anonymous: true }) });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.case.number).toBe('巴住建问〔2025〕1号');
    expect(body.receiptCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(body.case.state).toBe('intake');
    expect(body.case.allowedActions.map((a: { action: string }) => a.action)).toEqual(['accept', 'not_accept', 'link_original_case', 'reply']);
    // Only a slow hash of the receipt code is stored (issue 9: argon2id).
    const stored = await t.deps.db.kysely.selectFrom('case_reporters').select('receipt_hash').executeTakeFirstOrThrow();
    expect(stored.receipt_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(await t.deps.db.kysely.selectFrom('case_reporters').selectAll().execute())).not.toContain(body.receiptCode);
  });

  it('case numbers are one sequence per year, without gaps or duplicates under concurrent intakes', async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: report(w, { anonymous: true }) })));
    expect(rs.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const numbers = rs.map((r) => r.json().case.number as string).sort((a, b) => Number(a.match(/〕(\d+)号/)![1]) - Number(b.match(/〕(\d+)号/)![1]));
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `巴住建问〔2025〕${i + 1}号`));
    // A new year starts a new sequence (China date: 2026-01-01 08:00 is the first hour of 2026 in UTC+8).
    t.clock.set('2025-12-31T16:30:00.000Z');
    const next = await createCase(w.ctx.clerk, report(w, { anonymous: true }));
    expect(next.number).toBe('巴住建问〔2026〕1号');
  });

  it('intake refuses an unknown register person, naming the field', async () => {
    const r = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: { ...report(w, { anonymous: true }), subjectPersonIds: ['nobody'] } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.fields[0].path).toBe('subjectPersonIds.0');
  });

  it('a named report needs the name; a subject or investigator may not record a case (cases.create)', async () => {
    const bad = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: report(w, { anonymous: false }) });
    expect(bad.statusCode).toBe(400);
    const forbidden = await t.as('subject', { method: 'POST', url: '/api/v1/cases', payload: report(w, { anonymous: true }) });
    expect(forbidden.statusCode).toBe(403);
  });

  it('FL-7(7): the reporter identity is for a clerk with an approved request only, and every read of it is audited', async () => {
    const c = (await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: report(w, { anonymous: false, name: '李实名', phone: '13911112222' }) })).json().case;
    await t.addUser('secadmin', ['secadmin']);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.id}/reporter` })).json().error.code).toBe('IDENTITY_ACCESS_REQUIRED');
    const req = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.id}/reporter/identity-requests`, payload: { reason: '需电话核实举报细节' } })).json();
    expect((await t.as('secadmin', { method: 'POST', url: `/api/v1/identity-requests/${req.id}/approve`, payload: {} })).statusCode).toBe(200);
    const r = await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.id}/reporter` });
    expect(r.statusCode).toBe(200);
    expect(r.json().reporter).toMatchObject({ anonymous: false, name: '李实名', phone: '13911112222' });
    const reads = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'case.reporter.read').where('entity_id', '=', c.id).execute();
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actor_id).toBe(t.userIds.clerk);
    for (const user of ['leader', 'decider', 'investigator', 'subject', 'secadmin']) {
      expect((await t.as(user, { method: 'GET', url: `/api/v1/cases/${c.id}/reporter` })).statusCode).toBe(403);
    }
    // The identity is in no audit record and no step record.
    const all = JSON.stringify(await t.deps.db.kysely.selectFrom('audit_log').selectAll().execute()) + JSON.stringify(await t.deps.db.kysely.selectFrom('case_steps').selectAll().execute());
    expect(all).not.toContain('李实名');
    expect(all).not.toContain('13911112222');
  });
});

describe.each(engines)('the public report channel (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-01T15:50:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('FL-4: anyone reports online without an account and gets only a receipt code', async () => {
    const r = await sendJsonReport(t, { summary: '网上举报：执法人员索要好处。', reporter: { anonymous: true, phone: '13000000000' } });
    expect(r.statusCode).toBe(201);
    expect(Object.keys(r.json()).sort()).toEqual(['receiptCode', 'receivedOn']);
    const c = await t.deps.db.kysely.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
    expect(c).toMatchObject({ channel: 'online', source: 'report', state: 'intake', created_by: null });
  });

  it('issue 9 point 1: the JSON report needs the same proof of work as the form — missing, forged or reused is 400 CHALLENGE_FAILED (zh + en) and nothing is stored', async () => {
    const body = { summary: '网上举报：无校验的请求。', reporter: { anonymous: true } };
    const missing = await sendJsonReport(t, body, { proof: null });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'CHALLENGE_FAILED' });
    expect(missing.json().error).toMatchObject({ messageZh: expect.stringContaining('防滥用校验'), messageEn: expect.stringContaining('anti-abuse') });
    const forged = await sendJsonReport(t, body, { proof: { algorithm: 'SHA-256', challenge: 'a'.repeat(64), number: 1, salt: `${'b'.repeat(24)}?expires=9999999999`, signature: 'c'.repeat(64) } });
    expect(forged.json().error.code).toBe('CHALLENGE_FAILED');
    const proof = JSON.parse(await solvedProof(t)) as unknown;
    expect((await sendJsonReport(t, body, { proof })).statusCode).toBe(201);
    expect((await sendJsonReport(t, body, { proof })).json().error.code).toBe('CHALLENGE_FAILED'); // used once
    expect(await t.deps.db.kysely.selectFrom('cases').select('id').execute()).toHaveLength(1);
  });

  it('WC-9(1): with the receipt code (in a POST body) the reporter reads status and replies — and nothing else; a wrong code is 404; the old GET route is gone', async () => {
    const { receiptCode } = (await sendJsonReport(t, { summary: '举报内容', reporter: { anonymous: false, name: '王公开' } })).json();
    expect(receiptCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const c = await t.deps.db.kysely.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
    t.clock.set('2025-09-01T16:10:00.000Z'); // 00:10 on 09-02 in China: accepted the next day (a step is never dated ahead of its recording)
    await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.id}/actions/accept`, payload: { expectedVersion: 1, acceptedOn: '2025-09-02', reply: '您的举报已受理。' } });
    await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.id}/actions/register`, payload: { expectedVersion: 2, registeredOn: '2025-09-03' } }); // refused (FL-15: decider)
    const s = await t.as(null, { method: 'POST', url: '/api/v1/public/reports/follow-up', payload: { receiptCode: receiptCode.toLowerCase().replace(/-/g, ' ') } });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ receivedOn: '2025-09-01', status: 'accepted', statusZh: '已受理，正在办理', transferredTo: null, replies: [{ kind: 'accept', repliedOn: '2025-09-02', text: '您的举报已受理。' }], messages: [] });
    expect(s.body).not.toContain(c.number);
    expect(s.body).not.toContain(c.id);
    expect(s.headers['cache-control']).toBe('no-store');
    const wrong = await t.as(null, { method: 'POST', url: '/api/v1/public/reports/follow-up', payload: { receiptCode: 'AAAAA-BBBBB-CCCCC-DDDDD' } });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('RECEIPT_CODE_WRONG');
    const old = await t.as(null, { method: 'GET', url: `/api/v1/public/reports/${receiptCode}` });
    expect(old.statusCode).toBe(404);
    expect(old.body).not.toContain('已受理');
    void w;
  });

  it('the public routes are rate limited per client (429 RATE_LIMITED)', async () => {
    let last = 0;
    const attempt = (ip: string) => t.as(null, { method: 'POST', url: '/api/v1/public/reports/follow-up', payload: { receiptCode: 'AAAA-BBBB-CCCC-DDDD' }, remoteAddress: ip });
    for (let i = 0; i < 31; i++) last = (await attempt('10.0.0.9')).statusCode;
    expect(last).toBe(429);
    const other = await attempt('10.0.0.10');
    expect(other.statusCode).toBe(404);
  });
});
