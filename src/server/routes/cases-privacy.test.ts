import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makePerson } from '../../../test/factories/registers';

function multipart(fields: Record<string, string | number>, file: { name: string; type: string; content: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----wenze-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

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

  const refusedChecks = async (caseId: string) =>
    (await t.deps.db.kysely.selectFrom('audit_log').select(['actor_id', 'after_json']).where('action', '=', 'case.reporter.redaction_refused').where('entity_id', '=', caseId).orderBy('seq').execute()).map((r) => ({
      actorId: r.actor_id,
      after: JSON.parse(r.after_json ?? '{}') as Record<string, unknown>,
      raw: r.after_json ?? '',
    }));
  const evidenceRow = (evId: string) => t.deps.db.kysely.selectFrom('case_evidence').select(['disclosable', 'disclosure_requested_by', 'disclosed_by']).where('id', '=', evId).executeTakeFirstOrThrow();

  it('FL-7(7), FL-10(3): an investigator does not learn whether his text names the reporter — "disclose" is a request, answered alike for a match and a miss, and nothing reaches the subject', async () => {
    const id = await namedCase('investigating');
    const record = async (textContent: string) =>
      t.as('investigator', { method: 'POST', url: `/api/v1/cases/${id}/actions/record_evidence`, payload: { expectedVersion: await versionOf(w, id), kind: 'document', title: '走访记录', source: '现场', collectedOn: '2025-09-04', textContent, disclosable: true } });
    // the red-team probe: guesses joined in one text, the reporter's among them, spaced or hyphenated alike
    const probes = [`钱先生、${NAME}、孙女士`, '钱先生、赵 秘 密', '137-1234-5678、13712345679', '钱先生、孙女士、李先生'];
    const answers: unknown[] = [];
    for (const text of probes) {
      const r = await record(text);
      expect(r.statusCode, text).toBe(200);
      const created = r.json().created.id as string;
      const item = (r.json().case.evidence as { id: string }[]).find((e) => e.id === created) as Record<string, unknown>;
      expect(await evidenceRow(created)).toMatchObject({ disclosable: 0, disclosure_requested_by: w.t.userIds.investigator, disclosed_by: null });
      answers.push({ status: r.statusCode, disclosable: item.disclosable, request: Boolean(item.disclosureRequest) });
      // asking again through the disclosure route: the same answer whatever the text
      const again = await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${id}/evidence/${created}/disclosure`, payload: { disclosable: true } });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual({ id: created, disclosable: false, disclosureRequested: true });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    // the identity was never compared for him: no refused check recorded, and the subject sees none of it
    expect(await refusedChecks(id)).toEqual([]);
    const subject = await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/evidence` });
    expect(subject.json().items).toEqual([]);
  });

  it('FL-7(7), FL-10(3): the clerk decides a disclosure request — the check runs for him, its refusal states no count and is audited in a record of its own; a clean item then reaches the subject', async () => {
    const id = await namedCase('investigating');
    const record = async (textContent: string) =>
      (await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${id}/actions/record_evidence`, payload: { expectedVersion: await versionOf(w, id), kind: 'document', title: '走访记录', source: '现场', collectedOn: '2025-09-04', textContent, disclosable: true } })).json().created.id as string;
    const naming = await record(`经查，赵 秘 密反映情况属实。`);
    const clean = await record('现场检查笔录：……');
    const decide = (evId: string, disclosable: boolean, user = 'clerk') => t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/evidence/${evId}/disclosure`, payload: { disclosable } });

    const refused = await decide(naming, true);
    expect(refused.statusCode).toBe(422);
    const err = refused.json().error;
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.details).toEqual({ citation: 'FL-7(7)', field: 'disclosable' });
    expect(refused.body).not.toContain('findings');
    expect(err.messageZh).toContain('含有举报人身份信息');
    // the step rolled back (still pending, not shown); the refused check stays on record: who, the case, the item — never the text
    expect(await evidenceRow(naming)).toMatchObject({ disclosable: 0, disclosure_requested_by: w.t.userIds.investigator });
    const checks = await refusedChecks(id);
    expect(checks).toHaveLength(1);
    expect(checks[0]!.actorId).toBe(w.t.userIds.clerk);
    expect(checks[0]!.after).toMatchObject({ check: 'evidence.disclosure', evidenceId: naming, citation: 'FL-7(7)' });
    expect(checks[0]!.raw).not.toContain('赵');
    // the auditor finds it; the clerks see it on the timeline, the investigator does not
    await t.addUser('auditor', ['auditor']);
    const audit = await t.as('auditor', { method: 'GET', url: `/api/v1/audit?action=case.reporter.redaction_refused` });
    expect(audit.statusCode, audit.body).toBe(200);
    expect((audit.json().items as { action: string; entityId: string }[]).filter((i) => i.action === 'case.reporter.redaction_refused').map((i) => i.entityId)).toEqual([id]);
    const onTimeline = async (user: string) => ((await t.as(user, { method: 'GET', url: `/api/v1/cases/${id}/timeline` })).json().items as { action: string }[]).some((i) => i.action === 'case.reporter.redaction_refused');
    expect(await onTimeline('clerk')).toBe(true);
    expect(await onTimeline('investigator')).toBe(false);

    // the clerk refuses that request, and discloses the clean one
    expect((await decide(naming, false)).json()).toEqual({ id: naming, disclosable: false, disclosureRequested: false });
    expect((await decide(clean, true)).json()).toEqual({ id: clean, disclosable: true, disclosureRequested: false });
    expect(await evidenceRow(clean)).toMatchObject({ disclosable: 1, disclosure_requested_by: null, disclosed_by: w.t.userIds.clerk });
    const subject = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/evidence` })).json().items as { id: string }[];
    expect(subject.map((e) => e.id)).toEqual([clean]);
  });

  it('FL-7(7): an evidence file\'s name is reviewed like its text — an investigator\'s upload is a request, the clerk\'s check reads the name, and a subject is never shown a name the check was not run over', async () => {
    const id = await namedCase('investigating');
    const upload = async (user: string, fileName: string, disclosable: string) => {
      const m = multipart({ expectedVersion: await versionOf(w, id), kind: 'site_inspection', title: '现场照片', source: '现场', collectedOn: '2025-09-04', disclosable }, { name: fileName, type: 'application/pdf', content: Buffer.from(`%PDF-1.4 ${fileName}`) });
      return t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/evidence`, payload: m.payload, headers: m.headers });
    };
    const leaky = `${NAME}${PHONE}的举报材料.pdf`;
    const up = await upload('investigator', leaky, 'true');
    expect(up.statusCode, up.body).toBe(200);
    const leakyId = up.json().created.id as string;
    expect(await evidenceRow(leakyId)).toMatchObject({ disclosable: 0, disclosure_requested_by: w.t.userIds.investigator });
    // the clerk's check reads the file name: refused and audited
    const r = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${id}/evidence/${leakyId}/disclosure`, payload: { disclosable: true } });
    expect(r.statusCode).toBe(422);
    expect((await refusedChecks(id)).map((c) => c.after.fields)).toEqual([['title', 'source', 'description', 'textContent', 'fileName']]);
    expect((await evidenceRow(leakyId)).disclosable).toBe(0);

    // an item disclosed before the review existed (no clerk named on it): its name is not shown to the subject
    await t.deps.db.kysely.updateTable('case_evidence').set({ disclosable: 1, disclosure_requested_by: null, disclosure_requested_at: null }).where('id', '=', leakyId).execute();
    const view = await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}` });
    const list = await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/evidence` });
    const file = await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/evidence/${leakyId}/file` });
    expect(file.statusCode).toBe(200);
    for (const res of [view, list]) {
      expect(res.body).not.toContain(NAME);
      expect(res.body).not.toContain(PHONE);
    }
    expect(list.json().items[0].file.name).toBe('证据文件.pdf');
    expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain('证据文件.pdf');
    expect(decodeURIComponent(String(file.headers['content-disposition']))).not.toContain(NAME);
    // the staff still see the name it came with
    expect(((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${id}/evidence` })).json().items as { id: string; file: { name: string } }[]).find((e) => e.id === leakyId)!.file.name).toBe(leaky);

    // a name the clerk's check passed is shown as it is
    const fine = (await upload('investigator', '现场照片01.pdf', 'true')).json().created.id as string;
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${id}/evidence/${fine}/disclosure`, payload: { disclosable: true } })).statusCode).toBe(200);
    const shown = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${id}/evidence` })).json().items as { id: string; file: { name: string } }[];
    expect(shown.find((e) => e.id === fine)!.file.name).toBe('现场照片01.pdf');
  });

  it('入侵防范 (hostile input): an evidence file name longer than 255 characters is refused with VALIDATION_FAILED naming the file, nothing stored', async () => {
    const id = await namedCase('investigating');
    const m = multipart({ expectedVersion: await versionOf(w, id), kind: 'site_inspection', title: '现场照片', source: '现场', collectedOn: '2025-09-04' }, { name: `${'照'.repeat(252)}.pdf`, type: 'application/pdf', content: Buffer.from('%PDF-1.4') });
    const r = await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${id}/evidence`, payload: m.payload, headers: m.headers });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'file.filename' }] } });
    expect(await t.deps.db.kysely.selectFrom('case_evidence').select('id').where('case_id', '=', id).execute()).toEqual([]);
    // 255 characters pass
    const ok = multipart({ expectedVersion: await versionOf(w, id), kind: 'site_inspection', title: '现场照片', source: '现场', collectedOn: '2025-09-04' }, { name: `${'照'.repeat(251)}.pdf`, type: 'application/pdf', content: Buffer.from('%PDF-1.4') });
    expect((await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${id}/evidence`, payload: ok.payload, headers: ok.headers })).statusCode).toBe(200);
  });

  it('FL-7(7), FL-10(3), FL-5(4): a decision notice the subject reads may not carry the reporter written with spaces or separators — the refusal states no count, and each refused check is audited (the clerk\'s probing shows)', async () => {
    const id = await namedCase('decided');
    const d = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${id}/documents`, payload: { kind: 'decision_notice', subjectId: w.fx.handler.id } });
    expect(d.statusCode, d.body).toBe(201);
    const doc = d.json() as { id: string; versions: { content: { paragraphs: { style: string; text: string }[] } }[] };
    const base = doc.versions[0]!.content;
    for (const leak of ['经举报人赵 秘 密反映。', '联系电话 137 1234 5678。', '联系电话137-1234-5678。']) {
      const content = { ...base, paragraphs: [...base.paragraphs, { style: 'body', text: leak }] };
      const r = await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content } });
      expect(r.statusCode, `${leak}: ${r.body.slice(0, 200)}`).toBe(422);
      expect(r.json().error.details).toEqual({ citation: 'FL-7(7)' });
    }
    // a guess that is not the reporter passes; the three refusals are on record, none with its text
    const facts = base.paragraphs.findIndex((p) => p.text.startsWith('我委于')) + 1;
    const miss = { ...base, paragraphs: base.paragraphs.map((p, i) => (i === facts ? { ...p, text: `${p.text}经查，钱先生反映情况属实。` } : p)) };
    expect((await t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${doc.id}`, payload: { expectedVersion: 1, content: miss } })).statusCode).toBe(200);
    const checks = await refusedChecks(id);
    expect(checks.map((c) => [c.actorId, c.after.check, c.after.documentId, c.after.kind])).toEqual(Array(3).fill([w.t.userIds.clerk, 'document.edit', doc.id, 'decision_notice']));
    for (const c of checks) expect(c.raw).not.toMatch(/赵|137/);
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
