// Corrections by spreadsheet (docs/SECURITY.md, seventeenth session): a register edit that changes
// a fact an open accountability case rests on — an original case's participants and opinions
// (FL-5(1), FL-8), a certificate an open case reads (WC-6(2), FL-8(5)), a post a decision's
// execution set (FL-6(4), WC-10(5)) — needs its correction reason. The Excel/CSV update by key
// had no 更正理由 column, so such a row refused the whole import. Now the column is there: a row
// with its reason goes through the registers' own correction path (recusal, the reason on the
// case's timeline or in the post history, audit); a row without one is that row's own error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeOriginalCase, type OriginalCaseFixture } from '../../../test/factories/registers';
import { multipartFile, readWorkbook, workbookOf } from '../../../test/factories/excel';
import { inTransaction } from '../../db/tx';
import { changePersonPostInTx } from '../../services/registers';

type Format = 'Excel' | 'CSV';
type Report = {
  committed: boolean;
  imported: number;
  valid: number;
  invalid: number;
  rows: {
    row: number;
    key: string;
    ok: boolean;
    action: string;
    changes: { column: string; from: string; to: string }[];
    corrections: { fact: string; cases: string[]; reason: string | null; zh: string; en: string }[];
    errors: { column: string | null; path: string; code?: string; zh: string; en: string }[];
  }[];
};

const csvCell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** The same sheet as an .xlsx workbook or a UTF-8 CSV file (header in the first line). */
async function fileOf(format: Format, headers: string[], rows: Record<string, unknown>[]): Promise<{ buf: Buffer; name: string }> {
  if (format === 'Excel') return { buf: await workbookOf(headers, rows), name: 'import.xlsx' };
  const lines = [headers.map(csvCell).join(','), ...rows.map((r) => headers.map((h) => csvCell(r[h])).join(','))];
  return { buf: Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8'), name: 'import.csv' };
}

describe.each(engines)('corrections by spreadsheet: the 更正理由 column (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    // the clock's today is 2025-09-01, the day makeCase's cases are received
    ({ t, w } = await newCaseWorld(engine));
  });
  afterEach(async () => t.close());

  const importAs = async (user: string, kind: string, file: { buf: Buffer; name: string }, mode: 'check' | 'all' | 'valid') => {
    const { payload, headers } = multipartFile(file.buf, file.name);
    return t.as(user, { method: 'POST', url: `/api/v1/excel/${kind}/import?mode=${mode}&update=true`, payload, headers });
  };
  const report = async (user: string, kind: string, file: { buf: Buffer; name: string }, mode: 'check' | 'all' | 'valid'): Promise<Report> => {
    const res = await importAs(user, kind, file, mode);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Report;
  };
  const timelineOf = async (caseId: string) =>
    (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json().items as { action: string; data: Record<string, unknown>; marks: { kind: string; zh: string }[] }[];
  const opinionOf = async (personId: string) =>
    (await t.deps.db.kysely.selectFrom('original_case_participants').select('opinion').where('case_id', '=', w.fx.originalCase.id).where('person_id', '=', personId).where('role', '=', 'deliberation_member').executeTakeFirstOrThrow()).opinion;
  const importAudit = async (kind: string) =>
    (await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', `excel.import.${kind}`).execute()).map((a) => JSON.parse(a.after_json!) as Record<string, unknown>);
  const empOf = async (personId: string) => (await t.deps.db.kysely.selectFrom('people').select('employee_no').where('id', '=', personId).executeTakeFirstOrThrow()).employee_no!;

  /** The original-cases sheet by case number: the world's case with the chair's opinion turned (insisted → 反对), and another case retitled. */
  const CASE_HEADERS = ['案号*', '案由*', '集体讨论参加人及意见', '更正理由'];
  const membersOf = async (fx: Pick<OriginalCaseFixture, 'finalApprover' | 'agreedMember' | 'dissentingMember'>, chair: string) =>
    [`${await empOf(fx.finalApprover.id)}:${chair}`, `${await empOf(fx.agreedMember.id)}:同意`, `${await empOf(fx.dissentingMember.id)}:反对`].join('、');
  const originalCaseRows = async (reason: string | null, other: OriginalCaseFixture) => [
    { '案号*': w.fx.originalCase.number, '案由*': w.fx.originalCase.title, 集体讨论参加人及意见: await membersOf(w.fx, '反对'), 更正理由: reason ?? '' },
    { '案号*': other.originalCase.number, '案由*': '另一案件更正案由', 集体讨论参加人及意见: await membersOf(other, '坚持错误意见') },
  ];

  it.each<Format>(['Excel', 'CSV'])(
    'FL-8(3), FL-5(1): an original-case correction by spreadsheet (%s) without its 更正理由 is that row’s own error naming the open case — valid rows only imports the others, all-or-nothing none',
    async (format) => {
      const c = await makeCase(w, { to: 'registered' });
      const other = await makeOriginalCase(t.deps);
      const file = await fileOf(format, CASE_HEADERS, await originalCaseRows(null, other));
      const preview = await report('clerk', 'original-cases', file, 'check');
      expect(preview).toMatchObject({ committed: false, valid: 1, invalid: 1 });
      const [mine, theirs] = preview.rows;
      expect(mine).toMatchObject({ key: w.fx.originalCase.number, ok: false, action: 'invalid' });
      expect(mine!.errors).toEqual([
        expect.objectContaining({ column: '更正理由', path: 'correctionReason', code: 'correction_reason_required', zh: expect.stringContaining(c.number), en: expect.stringContaining(c.number) }),
      ]);
      expect(theirs).toMatchObject({ ok: true, action: 'changed', corrections: [] });
      // all-or-nothing refuses as for any row error: nothing written
      expect(await report('clerk', 'original-cases', file, 'all')).toMatchObject({ committed: false, imported: 0 });
      expect(await opinionOf(w.fx.finalApprover.id)).toBe('insisted');
      // valid rows only: the other case is corrected, this one is not
      expect(await report('clerk', 'original-cases', file, 'valid')).toMatchObject({ committed: true, imported: 1 });
      expect(await opinionOf(w.fx.finalApprover.id)).toBe('insisted');
      expect((await t.deps.db.kysely.selectFrom('original_cases').select('title').where('id', '=', other.originalCase.id).executeTakeFirstOrThrow()).title).toBe('另一案件更正案由');
      expect((await timelineOf(c.caseId)).some((i) => i.action === 'case.original_case.participants_corrected')).toBe(false);
      expect((await importAudit('original-cases'))[0]).toMatchObject({ skippedRows: [2] });
    },
  );

  it.each<Format>(['Excel', 'CSV'])('FL-8(3): an original-case correction by spreadsheet (%s) carries its 更正理由 onto the open case’s timeline; the preview shows it as a correction', async (format) => {
    const c = await makeCase(w, { to: 'registered' });
    const other = await makeOriginalCase(t.deps);
    const reason = '会议记录载明其当场反对';
    const file = await fileOf(format, CASE_HEADERS, await originalCaseRows(reason, other));
    const preview = await report('clerk', 'original-cases', file, 'check');
    expect(preview).toMatchObject({ valid: 2, invalid: 0 });
    expect(preview.rows[0]).toMatchObject({
      ok: true,
      action: 'changed',
      corrections: [{ fact: 'original_case', cases: [c.number], reason, zh: expect.stringContaining(c.number), en: expect.stringContaining(c.number) }],
    });
    expect(await report('clerk', 'original-cases', file, 'all')).toMatchObject({ committed: true, imported: 2 });
    expect(await opinionOf(w.fx.finalApprover.id)).toBe('dissented');
    const entry = (await timelineOf(c.caseId)).find((i) => i.action === 'case.original_case.participants_corrected')!;
    expect(entry.data).toMatchObject({ removed: [`member:${w.fx.finalApprover.id}:insisted`], added: [`member:${w.fx.finalApprover.id}:dissented`], reason });
    expect(entry.marks.find((m) => m.kind === 'participants_corrected')!.zh).toContain(`理由：${reason}`);
    // the import's own audit row keeps the row's reason with the case it corrected
    expect((await importAudit('original-cases'))[0]!.reasons).toEqual([{ row: 2, key: w.fx.originalCase.number, reason, cases: [c.number] }]);
  });

  it('FL-5(1): the original case’s approver does not correct its participants by spreadsheet, 更正理由 or not (RECUSAL_REQUIRED, nothing written)', async () => {
    const c = await makeCase(w, { to: 'registered' });
    await t.addUser('clerk_fa', ['clerk'], w.fx.finalApprover.id);
    const other = await makeOriginalCase(t.deps);
    const file = await fileOf('Excel', CASE_HEADERS, await originalCaseRows('录入错误', other));
    const res = await importAs('clerk_fa', 'original-cases', file, 'valid');
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'RECUSAL_REQUIRED', messageZh: expect.stringContaining(c.number) });
    expect(await opinionOf(w.fx.finalApprover.id)).toBe('insisted');
    expect((await t.deps.db.kysely.selectFrom('original_cases').select('title').where('id', '=', other.originalCase.id).executeTakeFirstOrThrow()).title).toBe(other.originalCase.title);
    expect(await importAudit('original-cases')).toHaveLength(0);
  });

  it('a 更正理由 on a row that corrects no open case’s fact changes no case and is kept in the import’s audit', async () => {
    const c = await makeCase(w, { to: 'registered' });
    const oc = w.fx.originalCase;
    const file = await fileOf('Excel', ['案号*', '案由*', '更正理由'], [{ '案号*': oc.number, '案由*': '只改案由', 更正理由: '案由笔误' }]);
    const preview = await report('clerk', 'original-cases', file, 'check');
    expect(preview.rows[0]).toMatchObject({ ok: true, action: 'changed', corrections: [] });
    expect(await report('clerk', 'original-cases', file, 'all')).toMatchObject({ committed: true, imported: 1 });
    expect((await timelineOf(c.caseId)).some((i) => i.action.startsWith('case.original_case'))).toBe(false);
    expect((await importAudit('original-cases'))[0]!.reasons).toEqual([{ row: 2, key: oc.number, reason: '案由笔误', cases: [] }]);
  });

  /** The people sheet by employee no.: the handler's certificate with its validity starting after the original case's decision. */
  const PEOPLE_HEADERS = ['工号', '执法证号', '发证机关', '有效期起', '有效期止', '更正理由'];
  const handlerCert = async () => t.deps.db.kysely.selectFrom('enforcement_certificates').selectAll().where('person_id', '=', w.fx.handler.id).executeTakeFirstOrThrow();
  const certRow = async (validFrom: string, reason: string | null) => {
    const cert = await handlerCert();
    return { 工号: await empOf(w.fx.handler.id), 执法证号: cert.number, 发证机关: cert.issuing_authority, 有效期起: validFrom, 有效期止: cert.valid_to ?? '', 更正理由: reason ?? '' };
  };

  it.each<Format>(['Excel', 'CSV'])('FL-8(5), WC-6(2): a certificate correction by spreadsheet (%s) without its 更正理由 is that row’s own error naming the open case; nothing written', async (format) => {
    const c = await makeCase(w, { to: 'registered' });
    const before = await handlerCert();
    const file = await fileOf(format, PEOPLE_HEADERS, [await certRow('2025-08-01', null)]);
    const preview = await report('clerk', 'people', file, 'check');
    expect(preview.rows[0]).toMatchObject({ ok: false, action: 'invalid', corrections: [{ fact: 'certificate', cases: [c.number], reason: null }] });
    expect(preview.rows[0]!.errors).toEqual([expect.objectContaining({ column: '更正理由', code: 'correction_reason_required', zh: expect.stringContaining(c.number) })]);
    expect(await report('clerk', 'people', file, 'valid')).toMatchObject({ committed: false, imported: 0 });
    expect((await handlerCert()).valid_from).toBe(before.valid_from);
    expect((await timelineOf(c.caseId)).some((i) => i.action === 'case.certificate.corrected')).toBe(false);
  });

  it.each<Format>(['Excel', 'CSV'])('FL-8(5): a certificate correction by spreadsheet (%s) carries its 更正理由 onto the open case’s timeline', async (format) => {
    const c = await makeCase(w, { to: 'registered' });
    const reason = '核对发证档案：该证 2025 年 8 月起有效';
    const file = await fileOf(format, PEOPLE_HEADERS, [await certRow('2025-08-01', reason)]);
    const preview = await report('clerk', 'people', file, 'check');
    expect(preview.rows[0]).toMatchObject({ ok: true, action: 'changed', corrections: [{ fact: 'certificate', cases: [c.number], reason }] });
    expect(await report('clerk', 'people', file, 'all')).toMatchObject({ committed: true, imported: 1 });
    expect((await handlerCert()).valid_from).toBe('2025-08-01');
    const entry = (await timelineOf(c.caseId)).find((i) => i.action === 'case.certificate.corrected')!;
    expect(entry.data).toMatchObject({ holderPersonId: w.fx.handler.id, certificateChange: 'update', reason });
    expect(entry.marks.find((m) => m.kind === 'certificate_corrected')!.zh).toContain(`理由：${reason}`);
  });

  it.each<Format>(['Excel', 'CSV'])('FL-6(4), WC-10(5): a post a decision set changes by spreadsheet (%s) only with its 更正理由, kept in the post history', async (format) => {
    const c = await makeCase(w, { to: 'registered' });
    await inTransaction(t.deps.db, (tx) =>
      changePersonPostInTx(tx, { actorId: null, now: t.deps.clock.now().toISOString() }, w.fx.handler.id, { post: '档案管理员', effectiveDate: '2025-09-01', reason: '调离执法岗位', caseId: c.caseId }),
    );
    const emp = await empOf(w.fx.handler.id);
    const postOf = async () => (await t.deps.db.kysely.selectFrom('people').select('post').where('id', '=', w.fx.handler.id).executeTakeFirstOrThrow()).post;
    const bare = await report('clerk', 'people', await fileOf(format, ['工号', '职务', '更正理由'], [{ 工号: emp, 职务: '执法队员' }]), 'valid');
    expect(bare).toMatchObject({ committed: false });
    expect(bare.rows[0]!.errors).toEqual([expect.objectContaining({ column: '更正理由', code: 'correction_reason_required', zh: expect.stringContaining(c.number) })]);
    expect(await postOf()).toBe('档案管理员');
    const reason = '复核后恢复原岗位（巴住建〔2025〕88号）';
    const file = await fileOf(format, ['工号', '职务', '更正理由'], [{ 工号: emp, 职务: '执法队员', 更正理由: reason }]);
    expect((await report('clerk', 'people', file, 'check')).rows[0]).toMatchObject({ ok: true, corrections: [{ fact: 'post', cases: [c.number], reason }] });
    expect(await report('clerk', 'people', file, 'all')).toMatchObject({ committed: true, imported: 1 });
    expect(await postOf()).toBe('执法队员');
    const history = (await t.as('clerk', { method: 'GET', url: `/api/v1/people/${w.fx.handler.id}/post-history` })).json().items;
    expect(history.at(-1)).toMatchObject({ fromPost: '档案管理员', toPost: '执法队员', reason });
  });

  it('a 更正理由 longer than its register keeps (200 characters on the people sheet) is that row’s own error, the other rows imported', async () => {
    const [hEmp, aEmp] = [await empOf(w.fx.handler.id), await empOf(w.fx.approver1.id)];
    const file = await fileOf('Excel', ['工号', '电话', '更正理由'], [
      { 工号: hEmp, 电话: '023-60000001', 更正理由: '理'.repeat(201) },
      { 工号: aEmp, 电话: '023-60000002', 更正理由: '理'.repeat(200) },
    ]);
    const done = await report('clerk', 'people', file, 'valid');
    expect(done).toMatchObject({ committed: true, imported: 1, invalid: 1 });
    expect(done.rows[0]!.errors).toEqual([expect.objectContaining({ column: '更正理由', code: 'too_long' })]);
    const phones = await t.deps.db.kysely.selectFrom('people').select(['id', 'phone']).where('id', 'in', [w.fx.handler.id, w.fx.approver1.id]).execute();
    expect(Object.fromEntries(phones.map((p) => [p.id, p.phone]))).toEqual({ [w.fx.handler.id]: w.fx.handler.phone, [w.fx.approver1.id]: '023-60000002' });
  });

  it('Registers: the people and original-case templates and exports carry the 更正理由 column, and an exported sheet re-imports unchanged', async () => {
    await makeCase(w, { to: 'registered' });
    for (const kind of ['people', 'original-cases']) {
      const template = await readWorkbook((await t.as('clerk', { method: 'GET', url: `/api/v1/excel/${kind}/template` })).rawPayload);
      expect(template.worksheets[0]!.getRow(1).values).toContain('更正理由（Correction reason）');
      const exported = (await t.as('clerk', { method: 'GET', url: `/api/v1/excel/${kind}/export` })).rawPayload;
      expect((await readWorkbook(exported)).worksheets[0]!.getRow(1).values).toContain('更正理由（Correction reason）');
      const again = await report('clerk', kind, { buf: exported, name: 'export.xlsx' }, 'check');
      expect(again, kind).toMatchObject({ updated: 0, created: 0 });
      // every record with a key comes back unchanged; a person without an employee no. (the test
      // accounts' own) has no key to update by, and is not registered a second time (FL-5(1): one
      // officer, one record) — his row is refused as a duplicate, nothing else is
      const keyed = kind === 'people' ? await t.deps.db.kysely.selectFrom('people').select('employee_no').where('employee_no', 'is not', null).execute() : await t.deps.db.kysely.selectFrom('original_cases').select('id').execute();
      expect(again.rows.filter((r) => r.action === 'unchanged'), kind).toHaveLength(keyed.length);
      // (a test account's name that is no personal name — decider2 — is refused as such first: person_name)
      for (const r of again.rows.filter((x) => x.action !== 'unchanged')) expect([kind, r.action, r.errors.map((e) => e.code)]).toEqual(['people', 'invalid', [/\d/.test(r.key) ? 'person_name' : 'person_duplicate']]);
    }
  });
});
