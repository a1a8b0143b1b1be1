// 送达回证 (issue 13 point 1): service of an issued document is recorded with its method, date and
// the recipient's signature — or a refusal, which is 留置送达 with the reason and a witness.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { createDraft, getDocument, issueDocument, recordService } from '.';

describe.each(engines)('送达 records (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const issuedNotice = async () => {
    const c = await makeDecidedCase(w);
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id });
    return issueDocument(w.ctx.clerk, d.id, { expectedVersion: d.currentVersion, issuedOn: '2025-09-01' });
  };
  const base = { servedOn: '2025-09-01', recipientName: '承办人', servers: ['王法制', '刘调查'] };

  it('WC-11: the 送达回证 is drafted for the issued decision notice; a signed service is recorded on the notice and audited', async () => {
    const notice = await issuedNotice();
    const receipt = await createDraft(w.ctx.clerk, notice.caseId, { kind: 'service_receipt' });
    expect(receipt.servedDocumentId).toBe(notice.id);
    const fields = Object.fromEntries(receipt.versions[0]!.content.fields.map((f) => [f.label, f.value]));
    expect(fields['送达文书名称']).toContain(notice.docNumber!);
    const issued = await issueDocument(w.ctx.clerk, receipt.id, { expectedVersion: receipt.currentVersion, issuedOn: '2025-09-01' });
    const recs = await recordService(w.ctx.clerk, issued.id, { ...base, method: 'direct', outcome: 'signed', place: '执法支队' });
    expect(recs).toHaveLength(1);
    expect((await getDocument(w.ctx.clerk, notice.id)).services).toHaveLength(1);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'case.document.serve').execute();
    expect(audit).toHaveLength(1);
  });

  it('留置送达: a refusal is recorded only as 留置送达 with the reason and at least one witness; the date lies between issue and today', async () => {
    const notice = await issuedNotice();
    await expect(recordService(w.ctx.clerk, notice.id, { ...base, method: 'direct', outcome: 'refused', refusalReason: '拒不签收' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordService(w.ctx.clerk, notice.id, { ...base, method: 'lodged', outcome: 'refused', refusalReason: '拒不签收' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordService(w.ctx.clerk, notice.id, { ...base, method: 'direct', outcome: 'signed', servedOn: '2025-08-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordService(w.ctx.leader, notice.id, { ...base, method: 'direct', outcome: 'signed' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ok = await recordService(w.ctx.clerk, notice.id, { ...base, method: 'lodged', outcome: 'refused', refusalReason: '拒不签收', witnesses: [{ name: '赵见证', unit: '社区居委会' }] });
    expect(ok[0]).toMatchObject({ methodZh: '留置送达', outcome: 'refused', witnesses: [{ name: '赵见证', unit: '社区居委会' }] });
  });
});
