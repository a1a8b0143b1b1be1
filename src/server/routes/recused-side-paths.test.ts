// FL-5(1): a person who must stand aside on a case takes no step of it — and none of the writes
// and reads beside the steps either. Found by a red-team walk: a clerk who had stood aside still
// convened the meeting, recorded attendance, opinions and the minutes, wrote to the reporter,
// changed which evidence the subject sees and recorded the publication; a clerk who was the
// case's reporter removed the link that made him stand aside. Both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { sendPublicReport } from '../../../test/factories/reporter';
import { digestDatabase, changedTables } from '../../../test/api/db-digest';
import { addDecisionBodyMember } from '../../services/meetings/meeting-service';

describe.each(engines)('recusal beyond the steps (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const standAside = async (user: string, caseId: string): Promise<void> => {
    const r = await t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/recusals/self`, payload: { reason: '与被调查人系配偶' } });
    expect(r.statusCode, r.body).toBeLessThan(300);
  };
  const refused = (r: { statusCode: number; json(): { error: { code: string } } }): void => {
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('RECUSAL_REQUIRED');
  };

  it('FL-5(1): a clerk who stood aside neither convenes the meeting nor records its attendance, opinions or minutes', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const chair = t.userIds.decider!;
    for (const u of ['decider', 'decider2', 'decider3']) if (t.userIds[u]) await addDecisionBodyMember(w.ctx.clerk, { userId: t.userIds[u] });
    const m = await t.as('clerk', { method: 'POST', url: '/api/v1/meetings', payload: { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: chair } });
    expect(m.statusCode, m.body).toBe(201);
    const meetingId = m.json().id as string;
    await standAside('clerk', c.caseId);
    const before = await digestDatabase(t.deps.db);
    refused(await t.as('clerk', { method: 'POST', url: '/api/v1/meetings', payload: { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: chair } }));
    refused(await t.as('clerk', { method: 'POST', url: `/api/v1/meetings/${meetingId}/attendance`, payload: { userId: chair, attendance: 'present' } }));
    refused(await t.as('clerk', { method: 'POST', url: `/api/v1/meetings/${meetingId}/opinions`, payload: { userId: chair, register: true } }));
    refused(await t.as('clerk', { method: 'POST', url: `/api/v1/meetings/${meetingId}/minutes`, payload: { minutes: '一致认为不予立案' } }));
    expect(changedTables(before, await digestDatabase(t.deps.db)).filter((x) => !['sessions', 'audit_log', 'audit_head', 'rate_limits'].includes(x))).toEqual([]);
  });

  it('FL-5(1), FL-7(7): a clerk who stood aside neither reads nor writes the reporter thread', async () => {
    const r = await sendPublicReport(t, { what: '某执法队员在检查中索要好处费。', who: '执法支队某队员', when: '2025年8月中旬', where: '鱼洞街道某工地', reporter: { anonymous: true } });
    expect(r.statusCode).toBe(201);
    const c = await t.deps.db.kysely.selectFrom('cases').select('id').where('channel', '=', 'online').executeTakeFirstOrThrow();
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.id}/reporter-thread` })).statusCode).toBe(200);
    await standAside('clerk', c.id);
    refused(await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.id}/reporter-thread` }));
    refused(await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.id}/reporter-thread/messages`, payload: { kind: 'question', body: '请说明您的身份和工作单位' } }));
    expect(await t.deps.db.kysely.selectFrom('reporter_messages').select('id').where('case_id', '=', c.id).where('author', '=', 'staff').execute()).toEqual([]);
  });

  it('FL-5(1): a clerk who stood aside does not change what evidence the subject sees, nor record the publication', async () => {
    const inv = await makeCase(w, { to: 'investigating' });
    const rec = await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${inv.caseId}/actions/record_evidence`, payload: { expectedVersion: await versionOf(w, inv.caseId), kind: 'interview_record', title: '询问笔录', source: '调查组询问', collectedOn: '2025-09-01', textContent: '问：……答：……' } });
    expect(rec.statusCode, rec.body).toBe(200);
    const ev = await t.deps.db.kysely.selectFrom('case_evidence').select(['id', 'disclosable']).where('case_id', '=', inv.caseId).executeTakeFirstOrThrow();
    await standAside('clerk', inv.caseId);
    refused(await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${inv.caseId}/evidence/${ev.id}/disclosure`, payload: { disclosable: Number(ev.disclosable) !== 1 } }));
    expect((await t.deps.db.kysely.selectFrom('case_evidence').select('disclosable').where('id', '=', ev.id).executeTakeFirstOrThrow()).disclosable).toBe(ev.disclosable);
    const c = await makeCase(w, { to: 'decided' });
    await standAside('clerk', c.caseId);
    refused(await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/publications`, payload: { scope: 'commission', channel: '委内会议通报' } }));
  });

  it('FL-5(1), FL-7(7): a clerk who stood aside no longer reads the documents naming the reporter (an acceptance receipt), though other clerks do', async () => {
    await t.addUser('clerk2', ['clerk']);
    const c = await makeCase(w, { to: 'accepted' });
    const d = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'acceptance_receipt' } });
    expect(d.statusCode, d.body).toBe(201);
    const docId = d.json().id as string;
    await standAside('clerk', c.caseId);
    refused(await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${docId}` }));
    const list = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).json() as { items: { id: string }[] };
    expect(list.items.map((x) => x.id)).not.toContain(docId);
    expect((await t.as('clerk2', { method: 'GET', url: `/api/v1/documents/${docId}` })).statusCode).toBe(200);
  });

  it('FL-5(1): the clerk linked as the case’s reporter cannot remove the link that makes him stand aside', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const link = await t.as('clerk', { method: 'PUT', url: `/api/v1/cases/${c.caseId}/reporter-link`, payload: { userId: t.userIds.clerk } });
    expect(link.statusCode, link.body).toBe(200);
    refused(await t.as('clerk', { method: 'PUT', url: `/api/v1/cases/${c.caseId}/reporter-link`, payload: { userId: null, personId: null } }));
    expect((await t.deps.db.kysely.selectFrom('case_reporter_links').select('user_id').where('case_id', '=', c.caseId).executeTakeFirstOrThrow()).user_id).toBe(t.userIds.clerk);
  });
});
