import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { ctxOfUser, handlerFinding, makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makePerson } from '../../../test/factories/registers';
import { driveCaseTo, holdMeeting, performAction } from '../../services/cases';

describe.each(engines)('collective meetings (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
  });
  afterEach(async () => t.close());

  const post = (user: string, url: string, payload: Record<string, unknown> = {}) => t.as(user, { method: 'POST', url, payload });
  const act = async (user: string, id: string, action: string, payload: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, payload: { expectedVersion: await versionOf(w, id), ...payload } });
  const addMember = (username: string) => post('clerk', '/api/v1/decision-body', { userId: t.userIds[username] });
  const body3 = async () => {
    for (const u of ['decider', 'decider2', 'decider3']) expect((await addMember(u)).statusCode).toBe(201);
  };
  const item = (forms: string[]) => ({ items: [{ subjectPersonId: w.fx.handler.id, forms }] });

  it('FL-15 / 三员分立: the roster of the decision body is kept by the legal-affairs clerk — no administrator, nor the leader, adds or takes off a member', async () => {
    await t.addUser('sys', ['sysadmin']);
    await t.addUser('sec', ['secadmin']);
    await body3();
    const member = ((await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { id: string; userId: string }[]).find((m) => m.userId === t.userIds.decider)!;
    for (const who of ['sys', 'sec', 'leader', 'decider2']) {
      const off = await t.as(who, { method: 'PATCH', url: `/api/v1/decision-body/${member.id}`, payload: { active: false, reason: '调离' } });
      expect([who, off.statusCode]).toEqual([who, 403]);
      const add = await post(who, '/api/v1/decision-body', { userId: t.userIds.decider });
      expect([who, add.statusCode]).toEqual([who, 403]);
    }
    const still = (await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { userId: string; active: boolean }[];
    expect(still.filter((m) => m.active).map((m) => m.userId).sort()).toEqual([t.userIds.decider, t.userIds.decider2, t.userIds.decider3].sort());
    expect(await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'decision_body.update').execute()).toEqual([]);
  });

  it('FL-15: nobody puts himself on the decision body or changes his own membership (a clerk who is also a member)', async () => {
    await t.addUser('clerkdecider', ['clerk', 'decider']);
    await body3();
    expect((await post('clerkdecider', '/api/v1/decision-body', { userId: t.userIds.clerkdecider })).json().error.code).toBe('SELF_GRANT');
    expect((await addMember('clerkdecider')).statusCode).toBe(201);
    const own = ((await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { id: string; userId: string }[]).find((m) => m.userId === t.userIds.clerkdecider)!;
    const off = await t.as('clerkdecider', { method: 'PATCH', url: `/api/v1/decision-body/${own.id}`, payload: { active: false, reason: '本人申请' } });
    expect([off.statusCode, off.json().error.code]).toEqual([403, 'SELF_GRANT']);
    // the refusal reads as what it is (the page shows the server's words)
    expect(off.json().error.messageZh).toBe('本人的授权事项须由他人办理：不得变更本人的委党委会成员身份');
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${own.id}`, payload: { sortOrder: 9 } })).statusCode).toBe(200);
  });

  it('FL-15: while a case waits for the body, taking a member off needs a reason, kept on the roster record and in the audit; with none waiting it does not', async () => {
    await body3();
    const list = async () => (await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { id: string; userId: string; active: boolean; deactivationReason: string | null; deactivatedAt: string | null }[];
    const [m1, m2] = (await list()).filter((m) => m.userId === t.userIds.decider || m.userId === t.userIds.decider2);
    // nothing waits: no reason needed
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m1!.id}`, payload: { active: false } })).statusCode).toBe(200);
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m1!.id}`, payload: { active: true } })).statusCode).toBe(200);
    // a case accepted and waiting for the registration meeting
    const c = await makeCase(w, { to: 'accepted' });
    const number = (await t.deps.db.kysely.selectFrom('cases').select('number').where('id', '=', c.caseId).executeTakeFirstOrThrow()).number;
    const bare = await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m2!.id}`, payload: { active: false } });
    expect([bare.statusCode, bare.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bare.json().error.details.fields[0]).toMatchObject({ path: 'reason' });
    expect(JSON.stringify(bare.json().error.details)).toContain(number);
    expect((await list()).find((m) => m.id === m2!.id)!.active).toBe(true);
    const ok = await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m2!.id}`, payload: { active: false, reason: '调任区住建委，不再担任委党委会成员' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await list()).find((m) => m.id === m2!.id)).toMatchObject({ active: false, deactivationReason: '调任区住建委，不再担任委党委会成员', deactivatedAt: expect.any(String) });
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'decision_body.update').where('entity_id', '=', m2!.id).execute();
    expect(JSON.parse(audit.at(-1)!.after_json!)).toMatchObject({ active: 0, reason: '调任区住建委，不再担任委党委会成员', casesAwaiting: [number] });
  });

  it('FL-5(1) / FL-15: a clerk who must stand aside from a case waiting for the body does not change who sits on it — another clerk does; with no such case he does', async () => {
    await body3();
    await t.addUser('clerk2', ['clerk']);
    const list = async () => (await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { id: string; userId: string; active: boolean }[];
    const m1 = (await list()).find((m) => m.userId === t.userIds.decider2)!;
    // clerk2 is the handler's close relative: he stands aside from a case about the handler
    const rel = await post('clerk', '/api/v1/relationships', { userId: t.userIds.clerk2, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '配偶' });
    expect(rel.statusCode, rel.body).toBe(201);
    // no case waits: his roster changes go through
    expect((await t.as('clerk2', { method: 'PATCH', url: `/api/v1/decision-body/${m1.id}`, payload: { active: false } })).statusCode).toBe(200);
    expect((await t.as('clerk2', { method: 'PATCH', url: `/api/v1/decision-body/${m1.id}`, payload: { active: true } })).statusCode).toBe(200);
    // the case about his relative waits for the registration meeting
    await makeCase(w, { to: 'accepted' });
    const auditBefore = await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', 'like', 'decision_body.%').execute();
    const off = await t.as('clerk2', { method: 'PATCH', url: `/api/v1/decision-body/${m1.id}`, payload: { active: false, reason: '工作调动' } });
    expect([off.statusCode, off.json().error.code]).toEqual([403, 'RECUSAL_REQUIRED']);
    // the refusal names neither the case nor the ground (FL-7(7))
    expect(off.json().error.messageZh).toContain('依法应当回避');
    expect(off.json().error.messageZh).not.toContain('配偶');
    await t.addUser('decider4', ['decider']);
    const addNew = await t.as('clerk2', { method: 'POST', url: '/api/v1/decision-body', payload: { userId: t.userIds.decider4 } });
    expect([addNew.statusCode, addNew.json().error.code]).toEqual([403, 'RECUSAL_REQUIRED']);
    expect((await list()).filter((m) => m.active).map((m) => m.userId).sort()).toEqual([t.userIds.decider, t.userIds.decider2, t.userIds.decider3].sort());
    expect(await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', 'like', 'decision_body.%').execute()).toEqual(auditBefore);
    // a title is no membership: he may still correct it; another clerk changes the membership
    expect((await t.as('clerk2', { method: 'PATCH', url: `/api/v1/decision-body/${m1.id}`, payload: { title: '委员' } })).statusCode).toBe(200);
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m1.id}`, payload: { active: false, reason: '工作调动' } })).statusCode).toBe(200);
  });

  it('FL-15: the clerk is offered exactly the accounts the roster takes — active, holding the decider role, not on it now, never himself; a member taken off is offered again', async () => {
    await t.addUser('clerkdecider', ['clerk', 'decider']);
    await t.addUser('gone', ['decider']);
    await t.deps.db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', t.userIds.gone!).execute();
    const candidates = async (who = 'clerk') => (await t.as(who, { method: 'GET', url: '/api/v1/decision-body/candidates' })).json().items as { userId: string; displayName: string; person: { name: string; unitName: string; post: string | null } | null; formerMember: boolean }[];
    const ids = (l: { userId: string }[]) => l.map((c) => c.userId).sort();
    // the investigator, the leader and the disabled account are not offered; the clerk who is a member is not offered to himself
    expect(ids(await candidates())).toEqual(['decider', 'decider2', 'decider3', 'clerkdecider'].map((u) => t.userIds[u]!).sort());
    expect(ids(await candidates('clerkdecider'))).toEqual(['decider', 'decider2', 'decider3'].map((u) => t.userIds[u]!).sort());
    const person = await t.deps.db.kysely.selectFrom('people').innerJoin('units', 'units.id', 'people.unit_id').select(['people.name', 'units.name as unit', 'people.post']).where('people.id', '=', t.personIds.decider2!).executeTakeFirstOrThrow();
    expect((await candidates()).find((c) => c.userId === t.userIds.decider2)).toMatchObject({ person: { name: person.name, unitName: person.unit, post: person.post }, formerMember: false });
    // every one offered is accepted, and is then offered no more
    for (const c of await candidates()) expect((await addMember(Object.keys(t.userIds).find((u) => t.userIds[u] === c.userId)!)).statusCode).toBe(201);
    expect(await candidates()).toEqual([]);
    // a member taken off is offered again, as a former member
    const row = ((await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { id: string; userId: string }[]).find((m) => m.userId === t.userIds.decider3)!;
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${row.id}`, payload: { active: false } })).statusCode).toBe(200);
    expect(await candidates()).toMatchObject([{ userId: t.userIds.decider3, formerMember: true }]);
    // 三员分立: nobody but the clerk asks
    await t.addUser('sys', ['sysadmin']);
    for (const who of ['sys', 'leader', 'decider']) {
      for (const url of ['/api/v1/decision-body/candidates', '/api/v1/decision-body/awaiting']) expect([who, url, (await t.as(who, { method: 'GET', url })).statusCode]).toEqual([who, url, 403]);
    }
  });

  it('FL-15: the clerk asks whether a case waits for the body before taking a member off, and is answered as the change will be judged', async () => {
    await body3();
    const awaiting = async () => (await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body/awaiting' })).json() as { reasonRequired: boolean; caseNumbers: string[]; more: boolean };
    const [m1, m2] = ((await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { id: string }[]).slice(0, 2);
    expect(await awaiting()).toEqual({ reasonRequired: false, caseNumbers: [], more: false });
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m1!.id}`, payload: { active: false } })).statusCode).toBe(200);
    const c = await makeCase(w, { to: 'accepted' });
    expect(await awaiting()).toEqual({ reasonRequired: true, caseNumbers: [c.number], more: false });
    const bare = await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m2!.id}`, payload: { active: false } });
    expect([bare.statusCode, bare.json().error.details.fields[0].path]).toEqual([400, 'reason']);
    // five numbers are named, and that there are others
    for (let i = 0; i < 5; i++) await makeCase(w, { to: 'accepted' });
    expect(await awaiting()).toMatchObject({ reasonRequired: true, more: true });
    expect((await awaiting()).caseNumbers).toHaveLength(5);
  });

  it('FL-15: the roster names each member’s register person and since when; a member taken off shows who took him off, when and why; put back, he is a member since then', async () => {
    await body3();
    type Row = { id: string; userId: string; onRoster: boolean; person: { name: string; unitName: string; post: string | null } | null; addedAt: string; deactivatedAt: string | null; deactivatedByName: string | null; deactivationReason: string | null };
    const list = async (who = 'clerk') => (await t.as(who, { method: 'GET', url: '/api/v1/decision-body' })).json().items as Row[];
    const person = await t.deps.db.kysely.selectFrom('people').innerJoin('units', 'units.id', 'people.unit_id').select(['people.name', 'units.name as unit', 'people.post']).where('people.id', '=', t.personIds.decider2!).executeTakeFirstOrThrow();
    const m2 = (await list()).find((m) => m.userId === t.userIds.decider2)!;
    expect(m2).toMatchObject({ onRoster: true, person: { name: person.name, unitName: person.unit, post: person.post }, addedAt: t.clock.now().toISOString(), deactivatedByName: null });
    await makeCase(w, { to: 'accepted' });
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const off = await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m2.id}`, payload: { active: false, reason: '调任区交通委' } });
    expect(off.statusCode, off.body).toBe(200);
    // read-only roles read the same record
    for (const who of ['clerk', 'leader', 'decider']) {
      expect((await list(who)).find((m) => m.id === m2.id)).toMatchObject({ onRoster: false, deactivatedAt: t.clock.now().toISOString(), deactivatedByName: 'clerk', deactivationReason: '调任区交通委' });
    }
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    expect((await addMember('decider2')).statusCode).toBe(201);
    expect((await list()).find((m) => m.id === m2.id)).toMatchObject({ onRoster: true, addedAt: t.clock.now().toISOString(), deactivatedAt: null, deactivatedByName: null, deactivationReason: null });
  });

  it('FL-15: a member taken off comes back only as the roster takes one — a member since then, and not once his account has lost the decider role', async () => {
    await t.addUser('sec', ['secadmin']);
    await body3();
    const row = async () => ((await t.as('clerk', { method: 'GET', url: '/api/v1/decision-body' })).json().items as { id: string; userId: string; addedAt: string }[]).find((m) => m.userId === t.userIds.decider3)!;
    const m3 = await row();
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m3.id}`, payload: { active: false } })).statusCode).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m3.id}`, payload: { active: true } })).statusCode).toBe(200);
    expect((await row()).addedAt).toBe(t.clock.now().toISOString());
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m3.id}`, payload: { active: false } })).statusCode).toBe(200);
    const revoke = await t.as('sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.decider3}/roles`, payload: { roles: ['investigator'] } });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const back = await t.as('clerk', { method: 'PATCH', url: `/api/v1/decision-body/${m3.id}`, payload: { active: true } });
    expect([back.statusCode, back.json().error?.details?.fields?.[0]?.path]).toEqual([400, 'active']);
    expect(await t.deps.db.kysely.selectFrom('decision_body_members').select('active').where('id', '=', m3.id).executeTakeFirstOrThrow()).toEqual({ active: 0 });
  });

  it('FL-15 / FL-5(4): quorum counts recused members out of both sides (API)', async () => {
    await t.addUser('decider4', ['decider']);
    await body3();
    await addMember('decider4');
    const c = await makeCase(w, { to: 'accepted' });
    const m = (await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: t.userIds.decider })).json();
    expect(m.members).toHaveLength(4);
    // decider4 declares recusal (自行回避) with their own account; decider3 is absent.
    const r = await post('decider4', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds.decider4, attendance: 'recused', recusalReason: '与举报人系近亲属' });
    expect(r.statusCode, r.body).toBe(200);
    await post('clerk', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds.decider2, attendance: 'present' });
    for (const u of ['decider', 'decider2']) expect((await post(u, `/api/v1/meetings/${m.id}/opinions`, { userId: t.userIds[u], register: true })).statusCode).toBe(200);
    const closed = await post('decider', `/api/v1/meetings/${m.id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    // 4 members, 1 recused → 3 count, 2 needed, 2 present.
    expect(closed.json().quorum).toMatchObject({ members: 4, recused: 1, eligible: 3, required: 2, present: 2, quorate: true });
    expect(closed.json().members.find((x: { userId: string }) => x.userId === t.userIds.decider4)).toMatchObject({ attendance: 'recused', recusalKind: 'declared', recusalReason: '与举报人系近亲属' });
    const reg = await act('decider', c.caseId, 'register', { meetingId: m.id, registeredOn: '2025-09-01' });
    expect(reg.statusCode, reg.body).toBe(200);
    // A meeting's result is carried out once.
    expect(reg.json().case.state).toBe('registered');
  });

  it('FL-5(1) / FL-15: a ground to stand aside that arises after the meeting is convened counts — the member is not marked present, and a meeting whose voter must now stand aside is not carried out', async () => {
    await body3();
    const c = await makeCase(w, { to: 'accepted' });
    const m = (await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: t.userIds.decider })).json();
    // decider3 stands aside on the case after the meeting was convened: not marked present
    expect((await post('decider3', `/api/v1/cases/${c.caseId}/recusals/self`, { reason: '与被调查人系同学' })).statusCode).toBeLessThan(300);
    const present = await post('clerk', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds.decider3, attendance: 'present' });
    expect(present.statusCode).toBe(422);
    expect(present.json().error).toMatchObject({ code: 'MEETING_INELIGIBLE', details: { userIds: [t.userIds.decider3] } });
    // decider2 votes; then a close relationship with the subject is declared for him: the result
    // his vote made is not carried out
    await post('clerk', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds.decider2, attendance: 'present' });
    for (const u of ['decider', 'decider2']) expect((await post(u, `/api/v1/meetings/${m.id}/opinions`, { userId: t.userIds[u], register: true })).statusCode).toBe(200);
    await post('clerk', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds.decider3, attendance: 'recused', recusalReason: '与被调查人系同学' });
    expect((await post('decider', `/api/v1/meetings/${m.id}/close`, {})).statusCode).toBe(200);
    const rel = await post('clerk', '/api/v1/relationships', { userId: t.userIds.decider2, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '连襟' });
    expect(rel.statusCode, rel.body).toBe(201);
    const reg = await act('decider', c.caseId, 'register', { meetingId: m.id, registeredOn: '2025-09-01' });
    expect(reg.statusCode).toBe(422);
    expect(reg.json().error).toMatchObject({ code: 'MEETING_NOT_EFFECTIVE', details: { userIds: [t.userIds.decider2] } });
    expect((await t.deps.db.kysely.selectFrom('cases').select('state').where('id', '=', c.caseId).executeTakeFirstOrThrow()).state).toBe('accepted');
  });

  it('FL-5(1): standing aside at a meeting is standing aside on the case — the member takes none of its steps afterwards', async () => {
    await body3();
    const c = await makeCase(w, { to: 'accepted' });
    const m = (await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: t.userIds.decider })).json();
    const r = await post('decider2', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds.decider2, attendance: 'recused', recusalReason: '与被调查人系连襟' });
    expect(r.statusCode, r.body).toBe(200);
    const recusals = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/recusals` })).json();
    expect(JSON.stringify(recusals)).toContain('与被调查人系连襟');
    const step = await act('decider2', c.caseId, 'decline_registration', { decidedOn: '2025-09-01', reason: '不予立案' });
    expect(step.statusCode).toBe(403);
    expect(step.json().error.code).toBe('RECUSAL_REQUIRED');
  });

  it('FL-15: registration on the fault track needs a closed meeting whose majority is to register', async () => {
    await body3();
    const c = await makeCase(w, { to: 'accepted' });
    const none = await act('decider', c.caseId, 'register', { registeredOn: '2025-09-01' });
    expect(none.json().error.code).toBe('MEETING_NOT_EFFECTIVE');
    const no = await holdMeeting(w.ctx, c.caseId, 'registration', (m) => ({ register: m.actor.username === 'decider' }), { on: '2025-09-01' });
    const mismatch = await act('decider', c.caseId, 'register', { meetingId: no, registeredOn: '2025-09-01' });
    expect(mismatch.json().error.code).toBe('MEETING_RESULT_MISMATCH');
    expect(mismatch.json().error.message).toContain('不予立案');
    // …and the same meeting's result (not to register) is what decline_registration carries out.
    expect((await act('decider', c.caseId, 'decline_registration', { meetingId: no, decidedOn: '2025-09-01', reason: '经会议讨论不予立案' })).statusCode).toBe(200);
  });

  it('FL-15: one account can never make a meeting alone — a sole member is refused, the recorder cannot confirm for others, nobody appears twice', async () => {
    // One account holding every staff role.
    await t.addUser('boss', ['clerk', 'leader', 'decider', 'investigator']);
    expect((await addMember('boss')).statusCode).toBe(201);
    expect((await addMember('boss')).json().error.code).toBe('CONFLICT_DUPLICATE');
    const c = await makeCase(w, { to: 'accepted' });
    const m = (await post('boss', '/api/v1/meetings', { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: t.userIds.boss })).json();
    expect(m.members.map((x: { userId: string }) => x.userId)).toEqual([t.userIds.boss]);
    await post('boss', `/api/v1/meetings/${m.id}/opinions`, { userId: t.userIds.boss, register: true });
    const alone = await post('boss', `/api/v1/meetings/${m.id}/close`, {});
    expect(alone.statusCode).toBe(422);
    expect(alone.json().error.code).toBe('MEETING_SOLE_MEMBER');
    // With the body of three, the recorder (clerk) records decider2's opinion but cannot confirm it.
    await body3();
    // (the one-member meeting is still open: meeting again on the matter is set aside with its reason, FL-15)
    const m2 = (await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: t.userIds.decider, reconveneReason: '一人不能构成会议，召集全体成员重新开会' })).json();
    // the one-member meeting, set aside, takes no more records
    const stale = await post('boss', `/api/v1/meetings/${m.id}/close`, {});
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('MEETING_CLOSED');
    await post('clerk', `/api/v1/meetings/${m2.id}/attendance`, { userId: t.userIds.decider2, attendance: 'present' });
    await post('clerk', `/api/v1/meetings/${m2.id}/opinions`, { userId: t.userIds.decider2, register: true });
    expect((await post('clerk', `/api/v1/meetings/${m2.id}/confirm`)).statusCode).toBe(403);
    // Another member cannot record an opinion for a colleague either (only the recorder or the chair records).
    expect((await post('decider3', `/api/v1/meetings/${m2.id}/opinions`, { userId: t.userIds.decider2, register: false })).statusCode).toBe(403);
    const after = (await t.as('clerk', { method: 'GET', url: `/api/v1/meetings/${m2.id}` })).json();
    expect(after.members.find((x: { userId: string }) => x.userId === t.userIds.decider2)).toMatchObject({ confirmed: false, opinion: { register: true } });
  });

  it('FL-15 / WC-9(3): the decision does not take effect without every co-signature; it does when all confirm, or when the chair closes listing the missing ones', async () => {
    await body3();
    const c = await makeCase(w, { to: 'findings_submitted' });
    const m = (await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'decision', heldOn: '2025-09-01', chairUserId: t.userIds.decider })).json();
    for (const u of ['decider2', 'decider3']) await post('clerk', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds[u], attendance: 'present' });
    // The recorder writes down all three opinions; none is confirmed yet.
    for (const u of ['decider', 'decider2', 'decider3']) expect((await post('clerk', `/api/v1/meetings/${m.id}/opinions`, { userId: t.userIds[u], ...item(['FL-6(2)']) })).statusCode).toBe(200);
    const early = await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId: m.id, ...item(['FL-6(2)']) });
    expect(early.json().error.code).toBe('MEETING_NOT_EFFECTIVE');
    const unconfirmed = await post('decider', `/api/v1/meetings/${m.id}/close`, {});
    expect(unconfirmed.json().error.code).toBe('MEETING_NOT_CONFIRMED');
    expect(unconfirmed.json().error.message).toContain('decider2');
    // Only the chair closes.
    expect((await post('decider2', `/api/v1/meetings/${m.id}/close`, { closeWithMissingConfirmations: true })).statusCode).toBe(403);
    // Listing the missing confirmations does not let one account stand for the meeting: nobody has confirmed yet.
    expect((await post('decider', `/api/v1/meetings/${m.id}/close`, { closeWithMissingConfirmations: true })).json().error.code).toBe('MEETING_NOT_CONFIRMED');
    for (const u of ['decider', 'decider2']) expect((await post(u, `/api/v1/meetings/${m.id}/confirm`)).statusCode).toBe(200);
    // decider3 never confirms: the chair closes with the missing confirmation listed.
    const closed = await post('decider', `/api/v1/meetings/${m.id}/close`, { closeWithMissingConfirmations: true, minutes: '会议听取了调查组汇报。' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', missingConfirmations: [t.userIds.decider3] });
    // A closed meeting cannot be changed.
    expect((await post('decider3', `/api/v1/meetings/${m.id}/confirm`)).json().error.code).toBe('MEETING_CLOSED');
    // The step must carry out the majority result.
    expect((await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId: m.id, ...item(['FL-6(1)']) })).json().error.code).toBe('MEETING_RESULT_MISMATCH');
    const ok = await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId: m.id, ...item(['FL-6(2)']) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().case.decisions[0].meeting).toMatchObject({ meetingId: m.id, missingConfirmations: ['decider3'], quorum: { quorate: true } });
  });

  it('FL-5(1): a member of the investigation team cannot vote on the decision; the person who accepted the report cannot chair it', async () => {
    const invPerson = await makePerson(t.deps, { name: '兼任调查的委领导' });
    await t.addUser('invdec', ['investigator', 'decider'], invPerson.id);
    await t.addUser('clerkdec', ['clerk', 'decider']);
    await body3();
    await addMember('invdec');
    await addMember('clerkdec');
    const c = await makeCase(w, { to: 'intake' });
    // clerkdec accepts the report; invdec investigates.
    const clerkdec = ctxOfUser(t, 'clerkdec', ['clerk', 'decider']);
    await performAction(clerkdec, c.caseId, 'accept', { expectedVersion: await versionOf(w, c.caseId), acceptedOn: '2025-09-01', reply: '已受理' });
    const actors = { ...w.ctx, investigator: ctxOfUser(t, 'invdec', ['investigator', 'decider'], invPerson.id) };
    await driveCaseTo(actors, c.caseId, 'findings_submitted');
    const barred = await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'decision', heldOn: '2025-09-01', chairUserId: t.userIds.clerkdec });
    expect(barred.statusCode).toBe(422);
    expect(barred.json().error).toMatchObject({ code: 'MEETING_INELIGIBLE', details: { citation: 'FL-5(1)' } });
    expect(barred.json().error.message).toContain('受理');
    const m = (await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'decision', heldOn: '2025-09-01', chairUserId: t.userIds.decider })).json();
    const inv = m.members.find((x: { userId: string }) => x.userId === t.userIds.invdec);
    expect(inv).toMatchObject({ attendance: 'recused', recusalKind: 'automatic' });
    expect(inv.recusalReason).toContain('FL-5(1)');
    const present = await post('clerk', `/api/v1/meetings/${m.id}/attendance`, { userId: t.userIds.invdec, attendance: 'present' });
    expect(present.json().error.code).toBe('MEETING_INELIGIBLE');
    expect((await post('invdec', `/api/v1/meetings/${m.id}/opinions`, { userId: t.userIds.invdec, ...item(['FL-6(2)']) })).statusCode).toBe(400);
    // 5 members, invdec recused → 4 count, 3 needed.
    expect(m.quorum).toMatchObject({ members: 5, recused: 1, eligible: 4, required: 3 });
  });

  it('issue 7 point 4: the decision step stores its own receipt on the current findings without anyone asking; a participant-only person is not recommended for', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const asked = await t.deps.db.kysely.selectFrom('rule_evaluations').select('id').where('case_id', '=', c.caseId).execute();
    expect(asked).toEqual([]);
    await driveCaseTo(w.ctx, c.caseId, 'decided');
    const d = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().decisions[0];
    const ev = await t.deps.db.kysely.selectFrom('rule_evaluations').selectAll().where('case_id', '=', c.caseId).orderBy('evaluated_at', 'desc').orderBy('id', 'desc').execute();
    const stored = await t.deps.db.kysely.selectFrom('case_decisions').select(['rule_evaluation_id', 'recorded_by']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(stored.rule_evaluation_id).toBeTruthy();
    expect(ev.find((e) => e.id === stored.rule_evaluation_id)?.actor_id).toBe(t.userIds.decider);
    // The engine sees the original case's approvers (FL-8 needs them), but only the subject with a finding is in the decision's ranges.
    const inputs = JSON.parse(ev[0]!.inputs_json) as { participants: { id: string }[] };
    expect(inputs.participants.map((p) => p.id)).toContain(w.fx.approver1.id);
    const items = await t.deps.db.kysely.selectFrom('case_decision_items').select(['subject_person_id', 'recommended']).where('decision_id', '=', d.id).execute();
    expect(items.map((i) => i.subject_person_id)).toEqual([w.fx.handler.id]);
    expect(items[0]!.recommended).toBeTruthy();
    const rec = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/recommendation` })).json();
    expect(rec.findingSubjectIds).toEqual([w.fx.handler.id]);
  });

  it('issue 7 point 4: a departure without a reason is refused; with a reason it appears in the departures report', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    // The meeting decides a heavy form (调离执法岗位) outside the ordinary range.
    const meetingId = await holdMeeting(w.ctx, c.caseId, 'decision', () => item(['FL-6(4)']), { on: '2025-09-01' });
    const bare = await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId, ...item(['FL-6(4)']) });
    expect(bare.json().error.code).toBe('DEPARTURE_REASON_REQUIRED');
    const ok = await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId, items: [{ subjectPersonId: w.fx.handler.id, forms: ['FL-6(4)'], departureReason: '多次提醒仍不改正，会议决定调离。' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    const rep = (await t.as('leader', { method: 'GET', url: '/api/v1/reports/departures' })).json();
    expect(rep.items).toEqual([expect.objectContaining({ caseId: c.caseId, departedForms: ['FL-6(4)'], reason: '多次提醒仍不改正，会议决定调离。' })]);
  });

  it('issue 7 point 4: a finding changed after a recommendation is re-evaluated by the decision', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const first = (await post('clerk', `/api/v1/cases/${c.caseId}/recommendation`)).json();
    expect(first.inputs.participants.find((p: { id: string }) => p.id === w.fx.handler.id).culpability).toBe('negligence');
    expect((await act('decider', c.caseId, 'return_for_investigation', { reason: '过错程度需补充调查' })).statusCode).toBe(200);
    const f = await act('investigator', c.caseId, 'record_finding', handlerFinding(w, { culpability: 'gross_negligence', narrative: '补充调查认定为重大过失。' }));
    expect(f.statusCode, f.body).toBe(200);
    await driveCaseTo(w.ctx, c.caseId, 'decided');
    const d = await t.deps.db.kysely.selectFrom('case_decisions').select('rule_evaluation_id').where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(d.rule_evaluation_id).not.toBe(first.id);
    const ev = await t.deps.db.kysely.selectFrom('rule_evaluations').select('inputs_json').where('id', '=', d.rule_evaluation_id!).executeTakeFirstOrThrow();
    const p = (JSON.parse(ev.inputs_json) as { participants: { id: string; culpability?: string }[] }).participants.find((x) => x.id === w.fx.handler.id);
    expect(p?.culpability).toBe('gross_negligence');
  });

  it('FL-15: a meeting held before the findings changed cannot carry out the decision; a new meeting is needed', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const old = await holdMeeting(w.ctx, c.caseId, 'decision', () => item(['FL-6(2)']), { on: '2025-09-01' });
    expect((await act('decider', c.caseId, 'return_for_investigation', { reason: '补充调查' })).statusCode).toBe(200);
    // A minute later (within the 30-minute idle timeout of the signed-in test sessions): the new
    // finding is recorded after the meeting was convened.
    t.clock.set(new Date('2025-09-01T02:01:00.000Z'));
    const f = await act('investigator', c.caseId, 'record_finding', handlerFinding(w, { culpability: 'negligence', narrative: '补充调查后重新认定。' }));
    expect(f.statusCode, f.body).toBe(200);
    await driveCaseTo(w.ctx, c.caseId, 'findings_submitted');
    const stale = await act('decider', c.caseId, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId: old, ...item(['FL-6(2)']) });
    expect(stale.json().error.code).toBe('MEETING_NOT_EFFECTIVE');
    // FL-15: the earlier meeting's result is not carried out; meeting again needs its reason
    const again = await t.as('clerk', { method: 'POST', url: '/api/v1/meetings', payload: { caseId: c.caseId, purpose: 'decision', heldOn: '2025-09-01', chairUserId: t.userIds.decider } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'MEETING_RESULT_PENDING', details: { meetingIds: [old] } });
    await driveCaseTo(w.ctx, c.caseId, 'decided', { meeting: { reconveneReason: '补充调查后责任认定已变更，重新召开会议' } });
    // the earlier meeting is marked as set aside, and can no longer be carried out
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/meetings/${old}` })).json()).toMatchObject({ carriedOutByStep: 'reconvened' });
  });
});
