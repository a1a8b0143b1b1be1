// WC-11 appeal files across organisations (issue 11): a referral to the outside body is its case's
// organisation's. An account registered with the body reads, decides and downloads the hand-off
// letter of a file only when it holds the supervisor role IN that organisation (its membership
// there): a supervisor of a sibling commission, or of the supervising organisation above, finds
// nothing — the same answer as for a missing file — and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/tx';
import { putMembership } from '../../src/services/orgs/org-repo';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { versionOf } from '../factories/cases';
import { makeDecidedCase } from '../factories/documents';
import { setupTwoCommissions, type TwoCommissions } from '../factories/orgs';

const MISSING = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';

describe.each(engines)('WC-11 appeal files are the case’s organisation’s (%s)', (engine) => {
  let t: TestApp;
  let w: TwoCommissions;
  let referralId = '';
  let letterId = '';

  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await setupTwoCommissions(t);
    const { b, d } = w;
    // the Banan commission refers an appeal, with its issued hand-off letter
    const c = await makeDecidedCase(b, { to: 'notified' });
    const act = async (user: string, action: string, body: Record<string, unknown>) =>
      t.as(user, { method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/${action}`, payload: { expectedVersion: await versionOf(b, c.caseId), ...body } });
    const appeal = await act('subject', 'file_defence', { subjectPersonId: b.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-01', statement: '处理过重，请求撤销。' });
    expect(appeal.statusCode, appeal.body).toBe(200);
    const letter = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'appeal_referral_letter', subjectId: b.fx.handler.id } })).json();
    letterId = letter.id;
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${letterId}/issue`, payload: { expectedVersion: 1, issuedOn: '2025-09-01' } })).statusCode).toBe(200);
    const sent = await act('clerk', 'refer_appeal', { appealId: appeal.json().created.id, sentOn: '2025-09-01', letterDocumentId: letterId });
    expect(sent.statusCode, sent.body).toBe(200);
    referralId = sent.json().created.id;
    // the body's accounts: one of the Banan commission, one of the other commission, one of the district above
    await t.addUser('b_sup', ['supervisor'], null, d.bananId);
    await t.addUser('a_sup', ['supervisor'], null, d.otherId);
    await t.addUser('d_sup', ['supervisor'], null, d.districtId);
    for (const u of ['b_sup', 'a_sup', 'd_sup']) {
      const r = await t.as('d_sys', { method: 'PUT', url: `/api/v1/supervision/members/${t.userIds[u]}`, payload: { body: 'supervision' } });
      expect(r.statusCode, r.body).toBe(200);
    }
  }, 240_000);
  afterAll(async () => t?.close());

  const decision = { outcome: 'revoked', decidedOn: '2025-09-01', reason: '原处理决定认定事实不清。' };
  const outcome = async () => (await t.deps.db.kysely.selectFrom('appeal_referrals').select('outcome').where('id', '=', referralId).executeTakeFirstOrThrow()).outcome;

  it('WC-11, issue 11: a supervisor of another commission or of the supervising organisation above neither lists, reads, decides nor downloads the letter of a commission’s appeal file — same as missing', async () => {
    for (const who of ['a_sup', 'd_sup']) {
      const list = await t.as(who, { method: 'GET', url: '/api/v1/supervision/referrals' });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items, `${who} lists the Banan file`).toEqual([]);
      const pairs: [string, string, string, object | undefined][] = [
        ['GET', `/api/v1/supervision/referrals/${referralId}`, `/api/v1/supervision/referrals/${MISSING}`, undefined],
        ['POST', `/api/v1/supervision/referrals/${referralId}/decision`, `/api/v1/supervision/referrals/${MISSING}/decision`, decision],
        ['GET', `/api/v1/documents/${letterId}`, `/api/v1/documents/${MISSING}`, undefined],
        ['GET', `/api/v1/documents/${letterId}/versions/2.pdf`, `/api/v1/documents/${MISSING}/versions/2.pdf`, undefined],
      ];
      for (const [method, theirs, missing, payload] of pairs) {
        const ra = await t.as(who, { method: method as 'GET' | 'POST', url: theirs, ...(payload ? { payload } : {}) });
        const rb = await t.as(who, { method: method as 'GET' | 'POST', url: missing, ...(payload ? { payload } : {}) });
        expect([ra.statusCode, ra.body.split(referralId).join('<id>').split(letterId).join('<id>')], `${who} ${method} ${theirs}`).toEqual([404, rb.body.split(MISSING).join('<id>')]);
      }
      expect(await outcome()).toBe('pending');
    }
  });

  it('WC-11, issue 11: the supervisor holding the role in the case’s organisation reads the file and its letter; a body account of the district reads it once it holds the role there (membership) and acts in it', async () => {
    const list = (await t.as('b_sup', { method: 'GET', url: '/api/v1/supervision/referrals' })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([referralId]);
    expect((await t.as('b_sup', { method: 'GET', url: `/api/v1/supervision/referrals/${referralId}` })).statusCode).toBe(200);
    expect((await t.as('b_sup', { method: 'GET', url: `/api/v1/documents/${letterId}/versions/2.pdf` })).statusCode).toBe(200);
    // the district's body account is given the role in the Banan commission, and acts there
    await inTransaction(t.deps.db, (tx) => putMembership(tx, t.userIds.d_sup!, w.d.bananId, ['supervisor'], false, t.clock.now().toISOString()));
    expect((await t.as('d_sup', { method: 'POST', url: '/api/v1/auth/org', payload: { orgId: w.d.bananId } })).statusCode).toBe(200);
    expect((await t.as('d_sup', { method: 'GET', url: '/api/v1/supervision/referrals' })).json().items.map((i: { id: string }) => i.id)).toEqual([referralId]);
    const decided = await t.as('d_sup', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: decision });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await outcome()).toBe('revoked');
  });
});
