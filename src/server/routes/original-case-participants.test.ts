// Red-team finding (2026-12-07): an original case's participants are the facts of every open
// accountability case resting on it — who must stand aside (FL-5(1)) and who bears which
// responsibility (FL-8). A conflicted approver was taken off the original case around a team
// appointment and put back after, with nothing on the case. Now a change of the participants
// while such a case is open needs a correction reason, kept on each case's timeline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { driveCaseTo } from '../../services/cases/drive';
import { multipartFile, readWorkbook } from '../../../test/factories/excel';

describe.each(engines)('original case participants under an open case (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
  });
  afterEach(async () => t.close());

  const url = () => `/api/v1/original-cases/${w.fx.originalCase.id}`;
  /** The original case as a PUT body, the final approver (level 2) taken off. */
  const withoutFinalApprover = async (extra: Record<string, unknown> = {}) => {
    const oc = (await t.as('clerk', { method: 'GET', url: url() })).json();
    return {
      version: oc.version,
      number: oc.number,
      kind: oc.kind,
      title: oc.title,
      summary: oc.summary,
      unitId: oc.unitId,
      decisionDate: oc.decisionDate,
      counterpart: oc.counterpart,
      handlers: oc.handlers.map((h: { personId: string }) => ({ personId: h.personId })),
      approvers: oc.approvers.filter((a: { level: number }) => a.level === 1).map((a: { personId: string; level: number }) => ({ personId: a.personId, level: a.level })),
      deliberation: null,
      instructingLeaders: [],
      assigners: [],
      ...extra,
    };
  };
  type Body = Record<string, unknown> & { kind: string; decisionDate: string; deliberation: { date?: string; chairId?: string; note?: string | null; members: { personId: string; opinion: string }[] } };
  /** The original case as a PUT body, unchanged but for `change` (applied to a copy). */
  const bodyWith = async (change: (b: Body) => void) => {
    const oc = (await t.as('clerk', { method: 'GET', url: url() })).json();
    const b: Body = {
      version: oc.version,
      number: oc.number,
      kind: oc.kind,
      title: oc.title,
      summary: oc.summary,
      unitId: oc.unitId,
      decisionDate: oc.decisionDate,
      counterpart: oc.counterpart,
      handlers: oc.handlers.map((h: { personId: string }) => ({ personId: h.personId })),
      approvers: oc.approvers.map((a: { personId: string; level: number }) => ({ personId: a.personId, level: a.level })),
      deliberation: { date: oc.deliberation.date, chairId: oc.deliberation.chairId, note: oc.deliberation.note, members: oc.deliberation.members.map((m: { personId: string; opinion: string }) => ({ personId: m.personId, opinion: m.opinion })) },
      instructingLeaders: [],
      assigners: [],
    };
    change(b);
    return b;
  };
  const opinionOf = async (personId: string) =>
    (await t.deps.db.kysely.selectFrom('original_case_participants').select('opinion').where('case_id', '=', w.fx.originalCase.id).where('person_id', '=', personId).where('role', '=', 'deliberation_member').executeTakeFirstOrThrow()).opinion;
  const setOpinion = (personId: string, opinion: string) => (b: Body) => {
    b.deliberation.members.find((m) => m.personId === personId)!.opinion = opinion;
  };
  const participantRows = async () => (await t.deps.db.kysely.selectFrom('original_case_participants').select(['person_id', 'role']).where('case_id', '=', w.fx.originalCase.id).execute()).length;

  it('FL-5(1), FL-8: taking a participant off the original case of an open case needs a correction reason; refused without one, nothing changed', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const before = await participantRows();
    const res = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.json().error)).toContain(c.number);
    expect(JSON.stringify(res.json().error)).toContain('correctionReason');
    expect(await participantRows()).toBe(before);
  });

  it('FL-5(1): a clerk who is himself the approver taken off does not make the correction, reason or not (RECUSAL_REQUIRED, nothing changed); another clerk does', async () => {
    const c = await makeCase(w, { to: 'registered' });
    await t.addUser('clerk_fa', ['clerk'], w.fx.finalApprover.id);
    const before = await participantRows();
    const res = await t.as('clerk_fa', { method: 'PUT', url: url(), payload: await withoutFinalApprover({ correctionReason: '录入错误：批准人应为一级' }) });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('RECUSAL_REQUIRED');
    expect(res.json().error.messageZh).toContain(c.number);
    expect(await participantRows()).toBe(before);
    const ok = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover({ correctionReason: '录入错误：批准人应为一级' }) });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('FL-5(1): with its reason the correction is made and kept on the open case’s timeline (who was taken off, why)', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const res = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover({ correctionReason: '录入错误：批准人应为一级' }) });
    expect(res.statusCode, res.body).toBe(200);
    const items = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    const entry = items.find((i: { action: string }) => i.action === 'case.original_case.participants_corrected');
    expect(entry).toMatchObject({ labelZh: '原执法案件参与人员更正', citation: 'FL-5(1)' });
    expect(entry.data).toMatchObject({ reason: '录入错误：批准人应为一级', removed: expect.arrayContaining([`approver2:${w.fx.finalApprover.id}`, `chair:${w.fx.finalApprover.id}`]) });
    // what the committee reads on the case: who was taken off and why
    const mark = entry.marks.find((m: { kind: string }) => m.kind === 'participants_corrected');
    expect(mark.zh).toContain(`第2级批准人 ${w.fx.finalApprover.name}`);
    expect(mark.zh).toContain('理由：录入错误：批准人应为一级');
  });

  it('a closed case does not hold its original case: the participants are corrected without a reason', async () => {
    const c = await makeCase(w);
    await driveCaseTo(w.ctx, c.caseId, 'not_accepted');
    const res = await t.as('clerk', { method: 'PUT', url: url(), payload: await withoutFinalApprover() });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('FL-8(3), FL-5(1): a deliberation member of the original case does not change her own opinion (insisted → dissented): without a reason refused, with one RECUSAL_REQUIRED, nothing changed', async () => {
    const c = await makeCase(w, { to: 'registered' });
    // the chair (the final approver, who insisted) is a register keeper herself
    await t.addUser('clerk_chair', ['clerk'], w.fx.finalApprover.id);
    const flip = setOpinion(w.fx.finalApprover.id, 'dissented');
    const bare = await t.as('clerk_chair', { method: 'PUT', url: url(), payload: await bodyWith(flip) });
    expect(bare.statusCode, bare.body).toBe(400);
    expect(JSON.stringify(bare.json().error)).toContain('correctionReason');
    const reasoned = await t.as('clerk_chair', { method: 'PUT', url: url(), payload: { ...(await bodyWith(flip)), correctionReason: '录入错误' } });
    expect(reasoned.statusCode, reasoned.body).toBe(403);
    expect(reasoned.json().error.code).toBe('RECUSAL_REQUIRED');
    expect(reasoned.json().error.messageZh).toContain(c.number);
    expect(await opinionOf(w.fx.finalApprover.id)).toBe('insisted');
  });

  it('FL-8(3): another clerk changes the chair’s opinion only with a reason, kept on the open case’s timeline naming the opinion before and after', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const flip = setOpinion(w.fx.finalApprover.id, 'dissented');
    const bare = await t.as('clerk', { method: 'PUT', url: url(), payload: await bodyWith(flip) });
    expect(bare.statusCode, bare.body).toBe(400);
    expect(await opinionOf(w.fx.finalApprover.id)).toBe('insisted');
    const ok = await t.as('clerk', { method: 'PUT', url: url(), payload: { ...(await bodyWith(flip)), correctionReason: '会议记录载明其当场反对' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const items = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    const entry = items.find((i: { action: string }) => i.action === 'case.original_case.participants_corrected');
    expect(entry.data).toMatchObject({ removed: [`member:${w.fx.finalApprover.id}:insisted`], added: [`member:${w.fx.finalApprover.id}:dissented`], reason: '会议记录载明其当场反对' });
    const mark = entry.marks.find((m: { kind: string }) => m.kind === 'participants_corrected');
    expect(mark.zh).toContain(`集体讨论参加人 ${w.fx.finalApprover.name}（坚持错误意见）`);
    expect(mark.zh).toContain(`集体讨论参加人 ${w.fx.finalApprover.name}（反对（记录在案））`);
  });

  it.each([
    ['kind (WC-2)', (b: Body) => void (b.kind = 'inspection')],
    ['decision date (the conduct date the rules read)', (b: Body) => void (b.decisionDate = new Date(Date.parse(`${b.decisionDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))],
  ])('FL-8, WC-2: the original case’s %s under an open case changes only with a correction reason', async (_what, change) => {
    await makeCase(w, { to: 'registered' });
    const before = (await t.as('clerk', { method: 'GET', url: url() })).json();
    const res = await t.as('clerk', { method: 'PUT', url: url(), payload: await bodyWith(change) });
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json().error)).toContain('correctionReason');
    expect((await t.as('clerk', { method: 'GET', url: url() })).json()).toMatchObject({ kind: before.kind, decisionDate: before.decisionDate, version: before.version });
  });

  it('FL-8(3): the exported sheet with an opinion changed under an open case is that row’s own error without 更正理由; with the reason typed into its 更正理由 column it imports and the reason is on the case', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const wb = await readWorkbook((await t.as('clerk', { method: 'GET', url: '/api/v1/excel/original-cases/export' })).rawPayload);
    const ws = wb.worksheets[0]!;
    const hdr = ws.getRow(1).values as string[];
    const col = hdr.findIndex((h) => typeof h === 'string' && h.startsWith('集体讨论参加人及意见'));
    const reasonCol = hdr.findIndex((h) => typeof h === 'string' && h.startsWith('更正理由'));
    const rowNo = [...Array(ws.rowCount).keys()].map((i) => i + 1).find((i) => ws.getRow(i).getCell(1).text === w.fx.originalCase.number)!;
    const cell = ws.getRow(rowNo).getCell(col);
    expect(cell.text).toContain('坚持错误意见');
    cell.value = cell.text.replace('坚持错误意见', '反对');
    const upload = async () => {
      const { payload, headers } = multipartFile(Buffer.from(await wb.xlsx.writeBuffer()));
      return t.as('clerk', { method: 'POST', url: '/api/v1/excel/original-cases/import?mode=valid&update=true', payload, headers });
    };
    const bare = await upload();
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json()).toMatchObject({ committed: false, invalid: 1 });
    expect(bare.json().rows[0].errors).toEqual([expect.objectContaining({ column: '更正理由', code: 'correction_reason_required', zh: expect.stringContaining(c.number) })]);
    expect(await opinionOf(w.fx.finalApprover.id)).toBe('insisted');
    ws.getRow(rowNo).getCell(reasonCol).value = '会议记录载明其当场反对';
    const reasoned = await upload();
    expect(reasoned.json()).toMatchObject({ committed: true, imported: 1 });
    expect(await opinionOf(w.fx.finalApprover.id)).toBe('dissented');
    const items = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items;
    expect(items.find((i: { action: string }) => i.action === 'case.original_case.participants_corrected').data).toMatchObject({ reason: '会议记录载明其当场反对' });
  });
});
