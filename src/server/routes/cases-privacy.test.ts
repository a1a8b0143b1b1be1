import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makePerson } from '../../../test/factories/registers';

const NAME = '赵秘密';
const PHONE = '13712345678';
const ADDRESS = '巴南区李家沱某巷';
const REPLY = `${NAME}同志：您反映的问题已受理。`;

describe.each(engines)('FL-7(7) / FL-10(3): a subject never receives the reporter’s identity (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-04T02:00:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('from any case endpoint a subject can call, at every stage', async () => {
    const c = await t.as('clerk', {
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        source: 'report',
        channel: 'visit',
        receivedOn: '2025-09-01',
        summary: `${NAME}（电话${PHONE}）来访反映执法人员滥施处罚。`,
        reporter: { anonymous: false, name: NAME, phone: PHONE, address: ADDRESS },
        originalCaseId: w.fx.originalCase.id,
        subjectPersonIds: [w.fx.handler.id],
      },
    });
    const id = c.json().case.id as string;
    await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${id}/actions/accept`, payload: { expectedVersion: 1, acceptedOn: '2025-09-01', reply: REPLY } });
    const { driveCaseTo } = await import('../../services/cases');
    await driveCaseTo(w.ctx, id, 'notified');
    // The subject states a defence through the API: the response is a case view too.
    const defence = await t.as('subject', {
      method: 'POST',
      url: `/api/v1/cases/${id}/actions/file_defence`,
      payload: { expectedVersion: await versionOf(w, id), subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-09-04', statement: '我对认定的事实有异议。' },
    });
    expect(defence.statusCode).toBe(200);
    const evidence = (await t.deps.db.kysely.selectFrom('case_evidence').select('id').where('case_id', '=', id).executeTakeFirst())?.id ?? 'none';
    const responses = [
      defence,
      await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}` }),
      await t.as('subject', { method: 'GET', url: '/api/v1/cases' }),
      await t.as('subject', { method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(NAME)}` }),
      await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/timeline` }),
      await t.as('subject', { method: 'GET', url: '/api/v1/queue' }),
      await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/reporter` }),
      await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/evidence/${evidence}/file` }),
      await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/evidence/${evidence}/text` }),
      await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/findings` }),
      await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/recommendation` }),
      await t.as('subject', { method: 'POST', url: `/api/v1/cases/${id}/recommendation` }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200, 403, 404, 404, 404, 404, 403]);
    for (const r of responses) {
      for (const secret of [NAME, PHONE, ADDRESS, REPLY]) expect(r.body).not.toContain(secret);
    }
    // Searching the report text is not a way round it: nothing matches for a subject.
    expect(responses[3]!.json().total).toBe(0);
    // nor for a clerk: the report text (which names the reporter here) is sealed and never indexed (issue 9 §3)
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(NAME)}` })).json().total).toBe(0);
    const view = responses[1]!.json();
    expect(view.summary).toBeNull();
    expect(view.replies).toBeNull();
    expect(view.reporter).toBeNull();
    expect(view.evidence).toEqual([]);
    expect(view.allowedActions.map((a: { action: string }) => a.action)).toEqual(['file_defence']);
    // The clerk, by contrast, sees the reply and the report text (not the identity fields).
    const clerkView = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${id}` })).json();
    expect(clerkView.replies[0].text).toBe(REPLY);
    expect(clerkView.reporter).toEqual({ present: true, anonymous: false });
  });

  const namedCase = async (to: 'investigating' | 'decided'): Promise<string> => {
    const c = await t.as('clerk', {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { source: 'report', channel: 'visit', receivedOn: '2025-09-01', summary: '来访反映执法人员滥施处罚。', reporter: { anonymous: false, name: NAME, phone: PHONE, address: ADDRESS }, originalCaseId: w.fx.originalCase.id, subjectPersonIds: [w.fx.handler.id] },
    });
    const id = c.json().case.id as string;
    const { driveCaseTo } = await import('../../services/cases');
    await driveCaseTo(w.ctx, id, to);
    return id;
  };

  it('FL-7(7): evidence shown to the subject before 陈述申辩 may not name the reporter — refused when recorded as disclosable and when disclosed later, spaced or hyphenated alike', async () => {
    const id = await namedCase('investigating');
    const record = async (textContent: string, disclosable: boolean) =>
      t.as('investigator', { method: 'POST', url: `/api/v1/cases/${id}/actions/record_evidence`, payload: { expectedVersion: await versionOf(w, id), kind: 'document', title: '举报信', source: '举报人来信', collectedOn: '2025-09-04', textContent, disclosable } });
    for (const text of [`我是${NAME}，反映……`, '我是赵 秘 密，反映……', '电话 137-1234-5678，反映……']) {
      const r = await record(text, true);
      expect(r.statusCode, text).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'FL-7(7)' } });
    }
    // kept for the staff (not disclosable) it is recorded, and cannot be disclosed afterwards
    const kept = await record(`我是${NAME}，反映……`, false);
    expect(kept.statusCode, kept.body).toBe(200);
    const ev = await t.deps.db.kysely.selectFrom('case_evidence').select('id').where('case_id', '=', id).orderBy('recorded_at', 'desc').executeTakeFirstOrThrow();
    const open = await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${id}/evidence/${ev.id}/disclosure`, payload: { disclosable: true } });
    expect(open.statusCode).toBe(422);
    expect((await t.deps.db.kysely.selectFrom('case_evidence').select('disclosable').where('id', '=', ev.id).executeTakeFirstOrThrow()).disclosable).toBe(0);
    // evidence without the reporter is disclosed as before
    expect((await record('现场检查笔录：……', true)).statusCode).toBe(200);
  });

  it('FL-7(7), FL-5(4): a decision notice the subject reads may not carry the reporter written with spaces or separators', async () => {
    const id = await namedCase('decided');
    const d = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${id}/documents`, payload: { kind: 'decision_notice', subjectId: w.fx.handler.id } });
    expect(d.statusCode, d.body).toBe(201);
    const doc = d.json() as { id: string; versions: { content: { paragraphs: { style: string; text: string }[] } }[] };
    const base = doc.versions[0]!.content;
    for (const leak of ['经举报人赵 秘 密反映。', '联系电话 137 1234 5678。', '联系电话137-1234-5678。']) {
      const content = { ...base, paragraphs: [...base.paragraphs, { style: 'body', text: leak }] };
      const r = await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content } });
      expect(r.statusCode, `${leak}: ${r.body.slice(0, 200)}`).toBe(422);
      expect(r.json().error.details.citation).toBe('FL-7(7)');
    }
  });

  it('a subject sees only own cases; another person’s case is NOT_FOUND, exactly like a missing one', async () => {
    const other = await makePerson(t.deps, { name: '别的执法人员' });
    const mine = await makeCase(w, { to: 'registered' });
    const theirs = await makeCase(w, { to: 'registered', subjects: [other.id] });
    const list = (await t.as('subject', { method: 'GET', url: '/api/v1/cases' })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([mine.caseId]);
    const a = await t.as('subject', { method: 'GET', url: `/api/v1/cases/${theirs.caseId}` });
    const b = await t.as('subject', { method: 'GET', url: '/api/v1/cases/NO-SUCH-CASE' });
    expect([a.statusCode, b.statusCode]).toEqual([404, 404]);
    expect(a.json()).toEqual(b.json());
  });
});
