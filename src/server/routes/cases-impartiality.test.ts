// Issue 7 points 6–9 over HTTP, on both engines: typed execution that reaches the registers,
// the subject's rights and the one visibility policy, WC-5 signals in the clerks' queue, and
// WC-11 appeals decided by outside bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makeOriginalCase, makeUnit } from '../../../test/factories/registers';
import { driveCaseTo, holdMeeting } from '../../services/cases';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { addOriginalCaseOutcome } from '../../services/registers';

interface Item {
  id: string;
  kind: string;
  status: string;
  year: number | null;
  citation: string;
  result: Record<string, unknown> | null;
}

describe.each(engines)('impartial process: execution, subject, signals, outside bodies (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-12-01T02:00:00.000Z');
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  // The clock stands at 2025-12-01, after the September–November steps these tests replay: each
  // is entered after the fact, so it carries the reason honest dates require (issue 7, more than
  // 3 days back); the factories' drive does the same.
  const BACKDATE = '按纸质记录补录';
  const act = async (user: string, caseId: string, action: string, body: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, payload: { expectedVersion: await versionOf(w, caseId), backdateReason: BACKDATE, ...body } });
  const view = async (user: string, caseId: string) => (await t.as(user, { method: 'GET', url: `/api/v1/cases/${caseId}` })).json();
  const items = async (caseId: string): Promise<Item[]> => (await view('clerk', caseId)).executionItems;
  const certOf = async (personId: string) => (await t.deps.db.kysely.selectFrom('enforcement_certificates').select('id').where('person_id', '=', personId).executeTakeFirstOrThrow()).id;
  const statusOn = async (certId: string, on: string) => (await t.as('clerk', { method: 'GET', url: `/api/v1/certificates/${certId}?on=${on}` })).json().statusOn;
  const executing = async (forms: string[]) => (await makeCase(w, { to: 'executing', drive: { on: '2025-09-01', forms: { [w.fx.handler.id]: forms } } })).caseId;

  it('FL-6(3)/WC-10(4): execution suspends the certificate in the register for the period; valid again after it', async () => {
    const caseId = await executing(['FL-6(3)']);
    const item = (await items(caseId)).find((i) => i.kind === 'certificate_suspension')!;
    expect(item).toMatchObject({ citation: 'FL-6(3)', status: 'open' });
    // The period's end is required.
    const noEnd = await act('clerk', caseId, 'complete_execution_item', { itemId: item.id, doneOn: '2025-09-15' });
    expect(noEnd.statusCode).toBe(400);
    expect(noEnd.json().error.details.fields[0].path).toBe('suspendTo');
    const ok = await act('clerk', caseId, 'complete_execution_item', { itemId: item.id, doneOn: '2025-09-15', suspendFrom: '2025-09-15', suspendTo: '2025-10-14' });
    expect(ok.statusCode).toBe(200);
    const cert = await certOf(w.fx.handler.id);
    expect(await statusOn(cert, '2025-09-14')).toBe('valid');
    expect(await statusOn(cert, '2025-09-15')).toBe('suspended');
    expect(await statusOn(cert, '2025-10-14')).toBe('suspended');
    expect(await statusOn(cert, '2025-10-15')).toBe('valid');
    const detail = (await t.as('clerk', { method: 'GET', url: `/api/v1/certificates/${cert}` })).json();
    expect(detail.history.filter((h: { caseId: string | null }) => h.caseId === caseId).map((h: { toStatus: string; effectiveDate: string }) => [h.toStatus, h.effectiveDate])).toEqual([
      ['suspended', '2025-09-15'],
      ['valid', '2025-10-15'],
    ]);
  });

  it('FL-6(4)/WC-10(5): 调离执法岗位 changes post and unit in the people register, with post history', async () => {
    const caseId = await executing(['FL-6(4)']);
    const item = (await items(caseId)).find((i) => i.kind === 'post_change')!;
    const unit = await makeUnit(t.deps, { name: '综合科' });
    const before = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}` })).json();
    expect((await act('clerk', caseId, 'complete_execution_item', { itemId: item.id, doneOn: '2025-09-20', newPost: '综合科科员', newUnitId: unit.id })).statusCode).toBe(200);
    const after = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}` })).json();
    expect(after).toMatchObject({ unitId: unit.id, post: '综合科科员' });
    const hist = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}/post-history` })).json().items;
    expect(hist).toEqual([expect.objectContaining({ fromUnitId: before.unitId, fromPost: before.post, toUnitId: unit.id, toPost: '综合科科员', effectiveDate: '2025-09-20', caseId })]);
  });

  it('FL-11: 年度不予考核、延期晋职晋级 are bars recorded per person and year', async () => {
    const caseId = await executing(['FL-11']);
    const bars = (await items(caseId)).filter((i) => i.citation === 'FL-11');
    expect(bars.map((b) => [b.kind, b.year, b.status]).sort()).toEqual([
      ['assessment_bar_person', 2025, 'done'],
      ['promotion_delay_person', 2025, 'done'],
    ]);
    const report = (await t.as('leader', { method: 'GET', url: '/api/v1/reports/award-bars?year=2025' })).json();
    expect(report.people).toEqual([expect.objectContaining({ personId: w.fx.handler.id, assessment: true, promotion: true, cases: expect.arrayContaining([expect.objectContaining({ caseId, citation: 'FL-11' })]) })]);
  });

  it('FL-6(5)/WC-10(6): a disciplinary sanction records its kind and the body that imposed it', async () => {
    const caseId = await executing(['FL-6(5)']);
    const item = (await items(caseId)).find((i) => i.kind === 'disciplinary_sanction')!;
    expect((await act('clerk', caseId, 'complete_execution_item', { itemId: item.id, doneOn: '2025-09-20', imposingBody: '区纪委监委' })).statusCode).toBe(400);
    expect((await act('clerk', caseId, 'complete_execution_item', { itemId: item.id, doneOn: '2025-09-20', sanctionKind: 'major_demerit', imposingBody: '区纪委监委派驻纪检监察组', decisionNo: '巴纪处〔2025〕3号' })).statusCode).toBe(200);
    expect((await items(caseId)).find((i) => i.id === item.id)!.result).toMatchObject({ sanctionKind: 'major_demerit', sanctionKindZh: '记大过', imposingBody: '区纪委监委派驻纪检监察组' });
  });

  it('FL-6(4): a post set by a decision’s execution is not undone by a plain register edit — the edit needs its reason, and every unit or post edit goes into the post history', async () => {
    const handler = w.fx.handler.id;
    const caseId = await executing(['FL-6(4)']);
    const item = (await items(caseId)).find((i) => i.kind === 'post_change')!;
    expect((await act('clerk', caseId, 'complete_execution_item', { itemId: item.id, doneOn: '2025-09-15', newPost: '档案管理员' })).statusCode).toBe(200);
    const person = async () => (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}` })).json();
    const history = async () => (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}/post-history` })).json().items;
    const before = await person();
    expect(before.post).toBe('档案管理员');
    const plain = await t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${handler}`, payload: { post: '执法队员', version: before.version } });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.details.fields[0].path).toBe('postChangeReason');
    expect((await person()).post).toBe('档案管理员');
    expect(await history()).toHaveLength(1);
    const reasoned = await t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${handler}`, payload: { post: '执法队员', version: before.version, postChangeReason: '复核后恢复原岗位（巴住建〔2025〕88号）' } });
    expect(reasoned.statusCode, reasoned.body).toBe(200);
    expect((await history()).at(-1)).toMatchObject({ fromPost: '档案管理员', toPost: '执法队员', reason: '复核后恢复原岗位（巴住建〔2025〕88号）', caseId: null });
  });

  it('FL-5(1): a register keeper does not change his own post or certificate (RECUSAL_REQUIRED, nothing changed) — another does; his own phone stays his to correct', async () => {
    const handler = w.fx.handler.id;
    await t.addUser('clerk_self', ['clerk'], handler);
    const me = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}` })).json();
    const post = await t.as('clerk_self', { method: 'PATCH', url: `/api/v1/people/${handler}`, payload: { post: '大队长', version: me.version, postChangeReason: '岗位调整' } });
    expect(post.statusCode, post.body).toBe(403);
    expect(post.json().error).toMatchObject({ code: 'RECUSAL_REQUIRED', messageZh: expect.stringContaining('不得更改本人的单位或岗位') });
    const cert = me.certificates[0] as { id: string; version: number };
    const status = await t.as('clerk_self', { method: 'POST', url: `/api/v1/certificates/${cert.id}/status`, payload: { to: 'suspended', reason: '自行暂扣', effectiveDate: '2025-09-01', version: cert.version } });
    expect(status.statusCode, status.body).toBe(403);
    expect(status.json().error.messageZh).toContain('不得更改本人的执法证');
    const validity = await t.as('clerk_self', { method: 'PATCH', url: `/api/v1/certificates/${cert.id}`, payload: { validTo: '2040-12-31', version: cert.version } });
    expect(validity.statusCode, validity.body).toBe(403);
    const newCert = { number: '渝执 599999', personId: handler, issuingAuthority: '重庆市人民政府', validFrom: '2025-09-01', validTo: '2030-08-31' };
    const own = await t.as('clerk_self', { method: 'POST', url: '/api/v1/certificates', payload: newCert });
    expect(own.statusCode, own.body).toBe(403);
    expect(own.json().error.messageZh).toContain('不得更改本人的执法证（登记新证）');
    const after = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}` })).json();
    expect({ post: after.post, version: after.version, certificates: after.certificates }).toEqual({ post: me.post, version: me.version, certificates: me.certificates });
    expect((await t.as('clerk_self', { method: 'PATCH', url: `/api/v1/people/${handler}`, payload: { phone: '023-66660000', version: me.version } })).statusCode).toBe(200);
    const fresh = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}` })).json();
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${handler}`, payload: { post: '大队长', version: fresh.version } })).statusCode).toBe(200);
    // the same certificate writes, by another keeper, go through
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/certificates/${cert.id}`, payload: { validTo: '2040-12-31', version: cert.version } })).statusCode).toBe(200);
    const cert2 = (await t.as('clerk', { method: 'GET', url: `/api/v1/certificates/${cert.id}` })).json() as { version: number };
    expect((await t.as('clerk', { method: 'POST', url: '/api/v1/certificates', payload: newCert })).statusCode).toBe(201);
    const byOther = await t.as('clerk', { method: 'POST', url: `/api/v1/certificates/${cert.id}/status`, payload: { to: 'suspended', reason: '暂扣', effectiveDate: '2025-09-01', version: cert2.version } });
    expect(byOther.statusCode, byOther.body).toBe(200);
  });

  it('post history: a unit or post changed by a register edit is recorded in the person’s post history (no reason needed when no decision set it)', async () => {
    const p = w.fx.approver1.id;
    const before = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${p}` })).json();
    expect((await t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${p}`, payload: { post: '副大队长', version: before.version } })).statusCode).toBe(200);
    const h = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${p}/post-history` })).json().items;
    expect(h).toEqual([expect.objectContaining({ fromPost: before.post, toPost: '副大队长', reason: '台账编辑 / register edit', caseId: null })]);
  });

  it('WC-11: once the outside body revokes the decision, its items are not carried on before the commission executes the body’s decision', async () => {
    const handler = w.fx.handler.id;
    const caseId = await executing(['FL-6(3)', 'FL-6(4)']);
    const it0 = await items(caseId);
    const appealId = (await act('subject', caseId, 'file_defence', { subjectPersonId: handler, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-18', statement: '请求撤销。' })).json().created.id;
    const referralId = (await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-09-19', letterNo: '巴住建问移〔2025〕9号' })).json().created.id;
    const sup = await t.addUser('sup', ['supervisor']);
    await t.addUser('sysadmin', ['sysadmin']);
    expect((await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${sup}`, payload: { body: 'supervision', bodyName: '区司法局' } })).statusCode).toBe(200);
    expect((await t.as('sup', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: { outcome: 'revoked', decidedOn: '2025-09-25', reason: '原认定事实不清，撤销处理决定。' } })).statusCode).toBe(200);
    const carried = await act('clerk', caseId, 'complete_execution_item', { itemId: it0.find((i) => i.kind === 'post_change')!.id, doneOn: '2025-09-26', newPost: '档案管理员' });
    expect(carried.statusCode).toBe(422);
    expect(carried.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { citation: 'WC-11' } });
    expect((await act('clerk', caseId, 'execute_supervision_decision', { appealId, executedOn: '2025-09-26' })).statusCode).toBe(200);
  });

  it('WC-11: the appeal goes to the outside body, which alone sees it; its revocation, executed by the commission, reinstates the certificate and restores the post', async () => {
    const handler = w.fx.handler.id;
    const caseId = await executing(['FL-6(3)', 'FL-6(4)']);
    const it0 = await items(caseId);
    await act('clerk', caseId, 'complete_execution_item', { itemId: it0.find((i) => i.kind === 'certificate_suspension')!.id, doneOn: '2025-09-15', suspendTo: '2025-12-31' });
    const original = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}` })).json();
    await act('clerk', caseId, 'complete_execution_item', { itemId: it0.find((i) => i.kind === 'post_change')!.id, doneOn: '2025-09-15', newPost: '档案管理员' });

    const appeal = await act('subject', caseId, 'file_defence', { subjectPersonId: handler, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-18', statement: '处理过重，事实认定有误，请求撤销。' });
    const appealId = appeal.json().created.id;
    // The commission cannot decide an appeal itself (WC-11), not even by a meeting of its body.
    const meetingId = await holdMeeting(w.ctx, caseId, 'appeal', () => ({ outcome: 'upheld' }), { on: '2025-09-19', appealId });
    expect((await act('decider', caseId, 'decide_appeal', { meetingId, appealId, outcome: 'upheld', decidedOn: '2025-09-19', reason: 'x' })).json().error.code).toBe('PRECONDITION_FAILED');
    const sent = await act('clerk', caseId, 'refer_appeal', { appealId, sentOn: '2025-09-19', letterNo: '巴住建问移〔2025〕9号' });
    expect(sent.statusCode).toBe(200);
    const referralId = sent.json().created.id;

    // Two outside accounts: the supervision department (the appeal's body) and a discipline body.
    const sup = await t.addUser('sup', ['supervisor']);
    const dis = await t.addUser('dis', ['supervisor']);
    await t.addUser('sysadmin', ['sysadmin']);
    expect((await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${sup}`, payload: { body: 'supervision', bodyName: '区司法局' } })).statusCode).toBe(200);
    expect((await t.as('sysadmin', { method: 'PUT', url: `/api/v1/supervision/members/${dis}`, payload: { body: 'discipline' } })).statusCode).toBe(200);

    const mine = (await t.as('sup', { method: 'GET', url: '/api/v1/supervision/referrals' })).json();
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([referralId]);
    const file = (await t.as('sup', { method: 'GET', url: `/api/v1/supervision/referrals/${referralId}` })).json();
    expect(file.snapshot.appeal.statement).toContain('请求撤销');
    expect(file.snapshot.case.number).toBeTruthy();
    // Never the reporter: name, phone, address of the world's reporter appear nowhere.
    const text = JSON.stringify(file);
    for (const secret of ['张举报', '13800000000', '鱼洞街道']) expect(text).not.toContain(secret);
    // The other body sees nothing; another body's file looks like a missing one; no live case, no register.
    expect((await t.as('dis', { method: 'GET', url: '/api/v1/supervision/referrals' })).json().items).toEqual([]);
    const other = await t.as('dis', { method: 'GET', url: `/api/v1/supervision/referrals/${referralId}` });
    const missing = await t.as('dis', { method: 'GET', url: '/api/v1/supervision/referrals/nope' });
    expect([other.statusCode, other.json().error.code]).toEqual([missing.statusCode, missing.json().error.code]);
    expect(other.statusCode).toBe(404);
    for (const url of [`/api/v1/cases/${caseId}`, '/api/v1/cases', `/api/v1/cases/${caseId}/timeline`, `/api/v1/people/${handler}`, '/api/v1/original-cases']) {
      const r = await t.as('sup', { method: 'GET', url });
      expect([403, 404]).toContain(r.statusCode);
    }
    expect((await t.as('dis', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: { outcome: 'revoked', decidedOn: '2025-09-25', reason: 'x x' } })).statusCode).toBe(404);

    // Executing before the body decided is refused.
    expect((await act('clerk', caseId, 'execute_supervision_decision', { appealId, executedOn: '2025-09-26' })).json().error.code).toBe('PRECONDITION_FAILED');
    const decided = await t.as('sup', { method: 'POST', url: `/api/v1/supervision/referrals/${referralId}/decision`, payload: { outcome: 'revoked', decidedOn: '2025-09-25', reason: '原认定事实不清，撤销处理决定。' } });
    expect(decided.statusCode).toBe(200);
    const done = await act('clerk', caseId, 'execute_supervision_decision', { appealId, executedOn: '2025-09-26' });
    expect(done.statusCode).toBe(200);
    const v = done.json().case;
    expect(v.decisions.map((d: { status: string }) => d.status)).toEqual(['superseded', 'in_force']);
    expect(v.decisions[1].items[0]).toMatchObject({ noAccountability: true });
    expect(v.appeals[0]).toMatchObject({ outcome: 'revoked', referral: { bodyName: '行政执法监督部门', letterNo: '巴住建问移〔2025〕9号', outcome: 'revoked', executedOn: '2025-09-26' } });
    const reversed = v.executionItems.filter((e: Item) => e.status === 'reversed').map((e: Item) => e.kind).sort();
    expect(reversed).toEqual(['certificate_suspension', 'post_change']);

    // The certificate is valid again from the execution of the body's decision; the post restored, with history.
    const cert = await certOf(handler);
    expect(await statusOn(cert, '2025-09-25')).toBe('suspended');
    expect(await statusOn(cert, '2025-09-26')).toBe('valid');
    expect(await statusOn(cert, '2025-11-30')).toBe('valid');
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}` })).json()).toMatchObject({ unitId: original.unitId, post: original.post });
    const hist = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${handler}/post-history` })).json().items;
    expect(hist.map((h: { toPost: string | null; reversesId: string | null }) => [h.toPost, Boolean(h.reversesId)])).toEqual([
      ['档案管理员', false],
      [original.post, true],
    ]);
    // WC-11: the body's revoking decision is served on the appellant before the case closes
    expect((await act('clerk', caseId, 'notify', { subjectPersonId: handler, notifiedOn: '2025-09-27', method: 'in_person' })).statusCode).toBe(200);
    expect((await act('clerk', caseId, 'close', { closedOn: '2025-09-30', summary: '监督机关撤销原决定，已执行，结案。' })).statusCode).toBe(200);
  });

  it('WC-9(2)/WC-11: the subject hands in a statement during investigation, and before 陈述申辩 sees own findings, disclosed evidence, the reasons and basis in Chinese and the deadline — nothing of others, nor the investigators', async () => {
    const handler = w.fx.handler.id;
    const other = w.fx.approver1.id;
    const { caseId } = await makeCase(w, { to: 'investigating', subjects: [handler, other], drive: { on: '2025-09-01' } });
    const secret = await act('investigator', caseId, 'record_evidence', { kind: 'interview_record', title: '对审核人的询问笔录', source: '调查组询问', collectedOn: '2025-09-05', textContent: '询问内容' });
    const open = await act('investigator', caseId, 'record_evidence', { kind: 'document', title: '原处罚案卷', source: '档案室', collectedOn: '2025-09-05', description: '复印件', disclosable: true });
    expect([secret.statusCode, open.statusCode]).toEqual([200, 200]);
    // FL-7(7): the investigator's "disclose" is a request; the clerk decides it
    expect(open.json().case.evidence.find((e: { id: string }) => e.id === open.json().created.id)).toMatchObject({ disclosable: false, disclosureRequest: { requestedBy: w.t.userIds.investigator } });
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/evidence/${open.json().created.id}/disclosure`, payload: { disclosable: true } })).statusCode).toBe(200);
    // The subject may hand in a statement, not other kinds of evidence.
    expect((await act('subject', caseId, 'record_evidence', { kind: 'document', title: '材料', source: '本人', collectedOn: '2025-09-06', description: 'x' })).statusCode).toBe(400);
    const stmt = await act('subject', caseId, 'record_evidence', { kind: 'statement', title: '本人情况说明', source: '本人', collectedOn: '2025-09-06', textContent: '我已按规定勘验现场。' });
    expect(stmt.statusCode).toBe(200);
    await driveCaseTo(w.ctx, caseId, 'notified', { on: '2025-09-20', forms: { [handler]: ['FL-6(2)'], [other]: ['FL-6(1)'] } });

    const v = await view('subject', caseId);
    expect(v.findings.map((f: { subjectPersonId: string }) => f.subjectPersonId)).toEqual([handler]);
    expect(v.findings[0].narrative).toBeTruthy();
    expect(v.evidence.map((e: { title: string }) => e.title).sort()).toEqual(['原处罚案卷', '本人情况说明']);
    expect(v.evidence.every((e: { recordedBy: string | null }) => e.recordedBy === null)).toBe(true);
    expect(v.team).toEqual([]);
    const item = v.decisions.at(-1).items;
    expect(item.map((i: { subjectPersonId: string }) => i.subjectPersonId)).toEqual([handler]);
    expect(item[0].basis).toEqual(expect.arrayContaining([expect.objectContaining({ citation: 'FL-6(2)', articleZh: expect.stringContaining('《行政执法过错责任追究办法》第六条'), textZh: expect.stringContaining('书面检讨') })]));
    expect(item[0].basis.find((b: { citation: string }) => b.citation === 'FL-7(3)')?.textZh).toBeTruthy();
    expect(v.respondBy).toMatchObject({ notifiedOn: '2025-09-20', days: 5, dayKind: 'working', citation: 'WC-11' });
    expect(v.respondBy.dueDate > '2025-09-20').toBe(true);
    // Staff see everything, the subject's statement as such.
    const staff = await view('clerk', caseId);
    expect(staff.evidence).toHaveLength(3);
    expect(staff.findings).toHaveLength(2);
    expect(staff.evidence.find((e: { title: string }) => e.title === '本人情况说明')).toMatchObject({ kind: 'statement', sourcePersonId: handler, disclosable: false });

    // The timeline: the same policy — no investigator, clerk or decider named, no step data.
    const tl = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json().items;
    const names = new Set(tl.map((e: { actorName: string }) => e.actorName));
    for (const staffName of ['investigator', 'clerk', 'leader', 'decider']) expect(names.has(staffName)).toBe(false);
    expect(names.has('subject')).toBe(true);
    expect(tl.every((e: { data: unknown }) => e.data === null)).toBe(true);
    expect(tl.some((e: { actorId: string | null }) => e.actorId === w.t.userIds.investigator)).toBe(false);

    // Withdrawing disclosure hides it again; a subject cannot set it.
    const docId = open.json().created.id;
    // (FL-5(1): he reads the case, and is told he stands aside)
    const bySubject = await t.as('subject', { method: 'POST', url: `/api/v1/cases/${caseId}/evidence/${docId}/disclosure`, payload: { disclosable: false } });
    expect(bySubject.statusCode).toBe(403);
    expect(bySubject.json().error.code).toBe('RECUSAL_REQUIRED');
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/evidence/${docId}/disclosure`, payload: { disclosable: false } })).statusCode).toBe(200);
    expect((await view('subject', caseId)).evidence.map((e: { title: string }) => e.title)).toEqual(['本人情况说明']);
    // The secret interview record cannot be fetched by id either.
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/cases/${caseId}/evidence/${secret.json().created.id}/text` })).statusCode).toBe(404);

    // Documents: the same policy — a drafted investigation report is not in the subject's list.
    const draft = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload: { kind: 'investigation_report' } });
    expect(draft.statusCode).toBe(201);
    const subjDocs = (await t.as('subject', { method: 'GET', url: `/api/v1/cases/${caseId}/documents` })).json().items;
    expect(subjDocs).toEqual([]);
  });

  it('WC-5: an original case found wrong with no case waits in the clerks’ queue until a case is opened or a reason is recorded', async () => {
    const sys = { ...t.deps, actor: SYSTEM_ACTOR };
    const a = await makeOriginalCase(t.deps);
    const b = await makeOriginalCase(t.deps);
    const outcome = { source: 'WC-5(3)', effect: 'revoked', issuer: '重庆市巴南区人民政府', referenceNo: '巴南府复〔2025〕31号', referenceDate: '2025-11-10' };
    await addOriginalCaseOutcome(sys, a.originalCase.id, outcome);
    await addOriginalCaseOutcome(sys, b.originalCase.id, { ...outcome, referenceNo: '巴南府复〔2025〕32号' });
    const signals = async () => ((await t.as('clerk', { method: 'GET', url: '/api/v1/queue' })).json().signals as { originalCaseId: string; source: string }[]).map((s) => s.originalCaseId).sort();
    expect(await signals()).toEqual([a.originalCase.id, b.originalCase.id].sort());
    // The world's own original case has a case from it (none here yet, no outcome): not a signal. Investigators get none.
    expect((await t.as('investigator', { method: 'GET', url: '/api/v1/queue' })).json().signals).toEqual([]);

    // Dismissal needs a reason; it is audited and ends the signal.
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/wc5-signals/${a.originalCase.id}/dismiss`, payload: { reason: '' } })).statusCode).toBe(400);
    expect((await t.as('investigator', { method: 'POST', url: `/api/v1/wc5-signals/${a.originalCase.id}/dismiss`, payload: { reason: '已另案处理' } })).statusCode).toBe(403);
    expect((await t.as('clerk', { method: 'POST', url: `/api/v1/wc5-signals/${a.originalCase.id}/dismiss`, payload: { reason: '复议撤销系因法律适用争议，经研判不属错案责任追究范围。' } })).statusCode).toBe(200);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', a.originalCase.id).where('action', '=', 'original_case.wc5_signal.dismiss').execute();
    expect(audit).toHaveLength(1);
    expect(await signals()).toEqual([b.originalCase.id]);

    // Opening a case from it ends the other.
    const opened = await t.as('clerk', {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { source: 'wc5', tracks: ['WC'], receivedOn: '2025-11-12', backdateReason: BACKDATE, summary: '复议撤销，倒查责任。', wc5: { item: 3, referenceNo: '巴南府复〔2025〕32号', referenceDate: '2025-11-10', originalCaseId: b.originalCase.id } },
    });
    expect(opened.statusCode).toBe(201);
    expect(await signals()).toEqual([]);
    // … but a case about it that is not accepted does not end it (the signal stays until a case
    // handles it or a reason is recorded)
    const openedId = opened.json().case.id as string;
    const no = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${openedId}/actions/not_accept`, payload: { expectedVersion: 1, decidedOn: '2025-11-12', backdateReason: BACKDATE, reason: '不属于错案责任追究范围' } });
    expect(no.statusCode, no.body).toBe(200);
    expect(await signals()).toEqual([b.originalCase.id]);

    // A later outcome on the dismissed one raises the signal again.
    await addOriginalCaseOutcome(sys, a.originalCase.id, { ...outcome, source: 'WC-5(4)', issuer: '重庆市第五中级人民法院', referenceNo: '（2025）渝05行终9号', referenceDate: '2025-11-20' });
    expect(await signals()).toEqual([a.originalCase.id, b.originalCase.id].sort());
  });
});
