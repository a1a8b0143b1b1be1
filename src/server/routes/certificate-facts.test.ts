// Red-team findings (2026-12-07, registers): the certificate register is a fact open
// accountability cases rest on. (1) A suspension a decision ordered (WC-10(4), FL-6(3)) was undone
// by cutting the certificate's validity short — it then read 'expired', and a new certificate was
// registered mid-suspension. (2) A certificate back-dated to 2020 (or 0000-01-01) silently cleared
// FL-8(5) on an open case: the handler was now "qualified" on the conduct date.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { inTransaction } from '../../db/tx';
import { suspendCertificateForPeriod } from '../../services/registers';

describe.each(engines)('the certificate register under open cases (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    // the clock's today is 2025-09-01, the day makeCase's cases are received
    ({ t, w } = await newCaseWorld(engine));
  });
  afterEach(async () => t.close());

  const certOf = async (personId: string) => t.deps.db.kysely.selectFrom('enforcement_certificates').selectAll().where('person_id', '=', personId).orderBy('created_at').execute();
  const suspend = async (caseId: string, from: string, to: string) => {
    const [cert] = await certOf(w.fx.handler.id);
    await inTransaction(t.deps.db, (tx) =>
      suspendCertificateForPeriod(tx, { actorId: null, now: t.deps.clock.now().toISOString() }, cert!.id, { from, to, reason: '问责处理决定：暂扣执法证', reference: '巴住建问决〔2025〕1号', caseId }),
    );
    return cert!.id;
  };
  const newCert = (over: Record<string, unknown> = {}) => ({ number: '渝执2025NEW01', personId: w.fx.handler.id, issuingAuthority: '重庆市人民政府', validFrom: '2025-09-02', validTo: '2030-09-01', ...over });
  const timelineOf = async (caseId: string) => (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json().items as { action: string; data: Record<string, unknown>; marks: { kind: string; zh: string }[] }[];

  it('WC-10(4): a validity edit does not end a suspension the decision ordered; no new certificate while it runs, whatever the old validity says', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const certId = await suspend(c.caseId, '2025-09-01', '2025-09-30');
    const cut = await t.as('clerk', { method: 'PATCH', url: `/api/v1/certificates/${certId}`, payload: { validTo: '2025-08-31' } });
    expect(cut.statusCode, cut.body).toBe(422);
    expect(cut.json().error).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(cut.json().error.messageZh).toContain('巴住建问决〔2025〕1号');
    expect((await certOf(w.fx.handler.id))[0]!.valid_to).not.toBe('2025-08-31');
    // the old certificate's validity cut short all the same (e.g. before this rule): the suspension still runs
    await t.deps.db.kysely.updateTable('enforcement_certificates').set({ valid_to: '2025-08-31' }).where('id', '=', certId).execute();
    const fresh = await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: newCert() });
    expect(fresh.statusCode, fresh.body).toBe(422);
    expect(fresh.json().error.messageZh).toContain('暂扣');
    expect(await certOf(w.fx.handler.id)).toHaveLength(1);
  });

  it('WC-10(4): a suspension ordered to start later also bars a new certificate now', async () => {
    const c = await makeCase(w, { to: 'registered' });
    await suspend(c.caseId, '2025-09-10', '2025-09-30');
    const fresh = await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: newCert() });
    expect(fresh.statusCode, fresh.body).toBe(422);
    expect(await certOf(w.fx.handler.id)).toHaveLength(1);
  });

  it('FL-8(5), WC-6(2): a certificate back-dated over the conduct date of an open case naming its holder needs a correction reason; refused without one, nothing written', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: newCert({ validFrom: '2020-01-01' }) });
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json().error)).toContain('correctionReason');
    expect(JSON.stringify(res.json().error)).toContain(c.number);
    expect(await certOf(w.fx.handler.id)).toHaveLength(1);
    expect((await timelineOf(c.caseId)).some((i) => i.action === 'case.certificate.corrected')).toBe(false);
  });

  it('FL-5(1): a register keeper who must stand aside on the open case (the original case’s approver) does not back-date the certificate, reason or not; another keeper does, and it is kept on the case’s timeline', async () => {
    const c = await makeCase(w, { to: 'registered' });
    await t.addUser('clerk_fa', ['clerk'], w.fx.finalApprover.id);
    const reason = '补录：该证 2020 年核发，漏登';
    const refused = await t.as('clerk_fa', { method: 'POST', url: '/api/v1/certificates', payload: newCert({ validFrom: '2020-01-01', correctionReason: reason }) });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('RECUSAL_REQUIRED');
    expect(await certOf(w.fx.handler.id)).toHaveLength(1);
    const ok = await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: newCert({ validFrom: '2020-01-01', correctionReason: reason }) });
    expect(ok.statusCode, ok.body).toBe(201);
    const entry = (await timelineOf(c.caseId)).find((i) => i.action === 'case.certificate.corrected')!;
    expect(entry.data).toMatchObject({ certificateNumber: '渝执2025NEW01', holderPersonId: w.fx.handler.id, certificateChange: 'create', answerChangedFrom: '2020-01-01', reason });
    const mark = entry.marks.find((m) => m.kind === 'certificate_corrected')!;
    expect(mark.zh).toContain('原 未登记');
    expect(mark.zh).toContain(`理由：${reason}`);
  });

  it('FL-8(5): a status change typed by hand, dated back over the conduct date of an open case, needs a correction reason too', async () => {
    await makeCase(w, { to: 'registered' });
    const [cert] = await certOf(w.fx.handler.id);
    const res = await t.as('clerk', { method: 'POST', url: `/api/v1/certificates/${cert!.id}/status`, payload: { to: 'revoked', reason: '吊销', effectiveDate: '2025-08-01' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json().error)).toContain('correctionReason');
    expect((await certOf(w.fx.handler.id))[0]!.status).toBe('valid');
  });

  it('FL-8(5): a certificate valid only after the dates an open case reads needs no reason and leaves the case alone', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: newCert() });
    expect(res.statusCode, res.body).toBe(201);
    expect((await timelineOf(c.caseId)).some((i) => i.action === 'case.certificate.corrected')).toBe(false);
  });

  it.each([
    ['validFrom 0000-01-01', { validFrom: '0000-01-01' }],
    ['validFrom before 1990', { validFrom: '1989-12-31' }],
    ['validTo after 2099', { validTo: '2100-01-01' }],
  ])('bad input is a clear 400, nothing written: certificate %s', async (_what, over) => {
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: newCert(over) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(await certOf(w.fx.handler.id)).toHaveLength(1);
  });
});
