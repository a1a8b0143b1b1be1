// The error contract over HTTP: field errors keep their schema's bilingual message, and input no
// field can hold is refused the same way on both engines, before it reaches a service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { driveCaseTo } from '../../src/services/cases';
import { addOriginalCaseCompensation } from '../../src/services/registers';
import { SYSTEM_ACTOR } from '../../src/policies/roles';
import { makeCase, reportIntake, setupCaseWorld, type CaseWorld } from '../factories/cases';
import { expectCodedError } from './checks';
import { changedTables, digestDatabase } from './db-digest';

describe.each(engines)('the error contract over HTTP (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
    await t.addUser('admin', ['sysadmin']);
  });
  afterAll(async () => t?.close());

  const intake = (over: Record<string, unknown>) => reportIntake(w, over);

  it('Messages: each field error names the field by its label and keeps the schema’s own Chinese and English message', async () => {
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: intake({ summary: '', reporter: { anonymous: false }, source: 'nope' }) });
    expect(expectCodedError(res, 'intake')).toBe('VALIDATION_FAILED');
    const fields = res.json().error.details.fields as { path: string; code: string; zh: string; en: string }[];
    const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));
    expect(byPath.summary?.code).toBe('too_small');
    expect(byPath.source?.code).toBe('invalid_value');
    // a refinement written in the schema: "实名举报须填写举报人姓名 / A named report needs the reporter name"
    expect(byPath.reporter).toMatchObject({ code: 'custom', zh: '「举报人」：实名举报须填写举报人姓名。', en: '"Reporter": A named report needs the reporter name.' });
    expect(byPath.summary).toMatchObject({ zh: '请填写「案情摘要」。', en: 'Please fill in "Summary".' });
    expect(byPath.source).toMatchObject({ zh: '「来源」请从给出的选项中选择。' });
    // the headline is the first field's sentence and says how many more there are; no field key
    expect(res.json().error.messageZh).toBe(`输入不符合要求：${fields[0]!.zh}（另有 ${fields.length - 1} 处需要修改）`);
    expect(res.json().error.messageZh).not.toMatch(/[a-z]{3,}/);
  });

  it('a date that does not exist (2025-02-30) is refused, not stored as a case date', async () => {
    const before = await digestDatabase(t.deps.db);
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: intake({ receivedOn: '2025-02-30' }) });
    expect(expectCodedError(res, 'receivedOn')).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.fields[0]).toMatchObject({ path: 'receivedOn', zh: '「收到日期」：日期不存在。', en: '"Date received": No such calendar date.' });
    expect(changedTables(before, await digestDatabase(t.deps.db))).toEqual([]);
  });

  it('the NUL character is refused in a body, a query string or a path, naming where, and nothing is stored', async () => {
    const requests = [
      { user: 'clerk', req: { method: 'POST' as const, url: '/api/v1/cases', payload: intake({ summary: 'nul\u0000byte' }) }, at: 'body.summary' },
      { user: 'admin', req: { method: 'POST' as const, url: '/api/v1/units', payload: { name: '科室\u0000', shortCode: 'NUL1', kind: 'section' } }, at: 'body.name' },
      { user: 'clerk', req: { method: 'GET' as const, url: '/api/v1/cases?q=a%00b' }, at: 'query.q' },
      { user: 'clerk', req: { method: 'GET' as const, url: '/api/v1/people?q=%00' }, at: 'query.q' },
      { user: 'clerk', req: { method: 'GET' as const, url: '/api/v1/cases/%00' }, at: 'params.id' },
    ];
    for (const { user, req, at } of requests) {
      const before = await digestDatabase(t.deps.db);
      const res = await t.as(user, req);
      expect(expectCodedError(res, req.url), req.url).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.fields[0].path).toBe(at);
      expect(changedTables(before, await digestDatabase(t.deps.db)), req.url).toEqual([]);
    }
  });

  it('FL-13: a compensation share above ¥21.47 million (past a 32-bit integer of fen) is decided and stored the same on both engines', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const fen = 3_000_000_000; // ¥30,000,000.00
    // FL-13: never more than the state compensation paid (issue 10).
    await addOriginalCaseCompensation({ ...t.deps, actor: SYSTEM_ACTOR }, w.fx.originalCase.id, { amountFen: fen, paidDate: '2025-08-01', decisionNo: '巴南法赔〔2025〕8号' });
    await driveCaseTo(w.ctx, c.caseId, 'decided', { forms: { [w.fx.handler.id]: ['FL-6(2)', 'FL-13'] }, compensationFen: { [w.fx.handler.id]: fen } });
    const row = await t.deps.db.kysely.selectFrom('case_decision_items').select('compensation_fen').where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(Number(row.compensation_fen)).toBe(fen);
  });

  it('a body over the 2 MiB limit answers FILE_TOO_LARGE (413), in Chinese first, and stores nothing', async () => {
    const before = await digestDatabase(t.deps.db);
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: JSON.stringify(intake({ summary: '字'.repeat(1024 * 1024) })), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(413);
    expect(expectCodedError(res, 'huge body')).toBe('FILE_TOO_LARGE');
    expect(res.json().error.messageZh).toBe('文件过大');
    expect(changedTables(before, await digestDatabase(t.deps.db))).toEqual([]);
  });

  it('a lone UTF-16 surrogate (JSON "\\ud800", not a character) is refused wherever it comes, naming the field', async () => {
    for (const [payload, at] of [
      [intake({ summary: '举报\ud800内容' }), 'body.summary'],
      [intake({ reporter: { anonymous: false, name: '\udc00张' } }), 'body.reporter.name'],
      [intake({ subjectPersonIds: [w.fx.handler.id, 'x\ud83d'] }), 'body.subjectPersonIds.1'],
    ] as const) {
      const before = await digestDatabase(t.deps.db);
      const res = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
      expect(expectCodedError(res, at)).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.fields[0]).toMatchObject({ path: at, code: 'lone_surrogate' });
      expect(changedTables(before, await digestDatabase(t.deps.db))).toEqual([]);
    }
    // a real astral character (a surrogate pair) is of course fine
    const ok = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: intake({ summary: '举报𠮷野家门前占道经营😀' }) });
    expect(ok.statusCode).toBe(201);
  });
});
