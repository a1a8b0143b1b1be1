// FL-5(4) 在有关范围内及时公开追究的事实及归责依据: the decision's publication is recorded with its
// scope, channel and date; the public list shows only the issued, redacted 公开通报.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { createDraft, issueDocument, listPublications, publicNotices, recordPublication } from '.';
import { ACTION_SCHEMAS } from '../../domain/cases';
import { driveCaseTo, holdMeeting, performAction } from '../cases';

describe.each(engines)('FL-5(4) publication of the decision (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('FL-5(4): scope, channel and date are recorded; the public list has the issued notice and never the reporter', async () => {
    const c = await makeDecidedCase(w);
    // The decision set the scope and channel (FL-5(4)); the notice and its date come later.
    expect(await listPublications(w.ctx.clerk, c.caseId)).toEqual([expect.objectContaining({ scope: 'public', channel: '委门户网站', documentId: null, publishedOn: null })]);
    await recordPublication(w.ctx.clerk, c.caseId, { scope: 'commission', channel: '委党委会会议通报' });
    const notice = await createDraft(w.ctx.clerk, c.caseId, { kind: 'publication_notice' });
    const issued = await issueDocument(w.ctx.clerk, notice.id, { expectedVersion: notice.currentVersion, issuedOn: '2025-09-01' });
    // WC-11: not to the public before the decision is served on the officer
    await expect(recordPublication(w.ctx.clerk, c.caseId, { scope: 'public', channel: '委门户网站', documentId: issued.id, publishedOn: '2025-09-01' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    await driveCaseTo(w.ctx, c.caseId, 'notified');
    const recs = await recordPublication(w.ctx.clerk, c.caseId, { scope: 'public', channel: '委门户网站', documentId: issued.id, publishedOn: '2025-09-01' });
    expect(recs.map((r) => r.scope)).toEqual(['public', 'commission', 'public']);
    expect(recs[2]).toMatchObject({ scopeZh: '向社会公开', docNumber: issued.docNumber, publishedOn: '2025-09-01' });
    expect(await listPublications(w.ctx.leader, c.caseId)).toHaveLength(3);
    const list = await publicNotices(t.deps);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ docNumber: issued.docNumber, channel: '委门户网站', publishedOn: '2025-09-01' });
    const all = JSON.stringify(list);
    expect(all).not.toContain('张举报');
    expect(all).not.toContain('13800000000');
    // Through HTTP, without an account.
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/public/notices' });
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toHaveLength(1);

    // WC-11: the officer's defence revokes the decision — its notice leaves the public list, and a
    // copy of it checked at /verify says it no longer stands (superseded)
    const verify = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(issued.docNumber!)}&sha256=${issued.issuedPdfSha256}` })).json();
    expect(await verify()).toMatchObject({ matches: true, document: { superseded: false } });
    t.clock.set('2025-09-01T06:00:00.000Z');
    const handler = w.fx.handler.id;
    const version = async () => (await t.deps.db.kysely.selectFrom('cases').select('version').where('id', '=', c.caseId).executeTakeFirstOrThrow()).version;
    const filed = await performAction(w.ctx.subject, c.caseId, 'file_defence', { expectedVersion: await version(), subjectPersonId: handler, kind: 'defence', filedOn: '2025-09-01', statement: '不服' });
    const appealId = (filed.created as { id: string }).id;
    const meetingId = await holdMeeting(w.ctx, c.caseId, 'appeal', () => ({ outcome: 'revoked' }), { on: '2025-09-01', appealId });
    await performAction(w.ctx.decider, c.caseId, 'decide_appeal', { expectedVersion: await version(), meetingId, appealId, outcome: 'revoked', decidedOn: '2025-09-01', reason: '事实不清，撤销处理', departureReason: '事实不清，不予追究。' });
    expect(await publicNotices(t.deps)).toEqual([]);
    expect(await verify()).toMatchObject({ matches: true, document: { superseded: true } });
  });

  it('FL-5(4): publishing to the public needs the issued notice and a date; a draft or another kind is refused', async () => {
    const c = await makeDecidedCase(w);
    await driveCaseTo(w.ctx, c.caseId, 'notified');
    await expect(recordPublication(w.ctx.clerk, c.caseId, { scope: 'public', channel: '委门户网站' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const draft = await createDraft(w.ctx.clerk, c.caseId, { kind: 'publication_notice' });
    await expect(recordPublication(w.ctx.clerk, c.caseId, { scope: 'public', channel: '委门户网站', documentId: draft.id, publishedOn: '2025-09-01' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(recordPublication(w.ctx.leader, c.caseId, { scope: 'commission', channel: '会议' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await publicNotices(t.deps)).toEqual([]);
  });

  it('FL-5(4): the decision step must state the scope and channel of publication; publication never goes wider than the decision set', async () => {
    // server-required: the decision without a scope is refused, naming the field by its label
    const missing = ACTION_SCHEMAS.DecideInput.safeParse({ expectedVersion: 1, meetingId: 'm', items: [{ subjectPersonId: 'p' }] });
    expect(missing.success).toBe(false);
    expect(missing.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['publicationScope', 'publicationChannel']));
    const c = await makeDecidedCase(w, { publicationScope: 'commission' });
    const notice = await createDraft(w.ctx.clerk, c.caseId, { kind: 'publication_notice' });
    const issued = await issueDocument(w.ctx.clerk, notice.id, { expectedVersion: notice.currentVersion, issuedOn: '2025-09-01' });
    await expect(recordPublication(w.ctx.clerk, c.caseId, { scope: 'public', channel: '委门户网站', documentId: issued.id, publishedOn: '2025-09-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', zh: expect.stringContaining('委内通报') });
    await expect(recordPublication(w.ctx.clerk, c.caseId, { scope: 'system', channel: '系统内网' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await publicNotices(t.deps)).toEqual([]);
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/public/notices' });
    expect(r.json().items).toEqual([]);
  });
});
