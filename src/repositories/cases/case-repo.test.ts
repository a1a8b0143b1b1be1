// The case row's update of a step (advanceCase, issue 14 `bench:write`): only the columns whose value
// changes are named in the UPDATE. SQLite rewrites every index holding a column named in SET, changed
// or not, and `state` is in seven indexes of the cases table (queue, statistics): a step that keeps
// the state must not pay for them. Checked on both engines through the statements the step sends.
// And the row read by every step and case page names its columns (CASE_COLUMNS), all of them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import type { Database } from '../../db/schema';
import type { Ctx } from '../../services/context';
import { driveCaseTo, performAction } from '../../services/cases';
import { CASE_COLUMNS, caseWithTeam, changedColumns, findCase } from './case-repo';
import type { CaseRow } from './case-rows';

describe('changedColumns', () => {
  const row = { id: 'c1', state: 'investigating', version: 4, updated_at: '2025-09-01T00:00:00.000Z', closed_on: null } as unknown as CaseRow;

  it('leaves out a column set to the value it has, keeps a changed one and the columns always written', () => {
    expect(changedColumns(row, { state: 'investigating', closed_on: null }, { version: 5, updated_at: 'now' })).toEqual({ version: 5, updated_at: 'now' });
    expect(changedColumns(row, { state: 'findings_submitted', closed_on: '2025-09-02' }, { version: 5, updated_at: 'now' })).toEqual({ state: 'findings_submitted', closed_on: '2025-09-02', version: 5, updated_at: 'now' });
  });

  it('leaves out an undefined value (as the query builder would) and writes null over a value', () => {
    const withDate = { ...row, closed_on: '2025-09-02' } as CaseRow;
    expect(changedColumns(withDate, { closed_on: null, state: undefined }, { version: 5 })).toEqual({ closed_on: null, version: 5 });
  });
});

describe.each(engines)('the case row: its update by a step, its read by name (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-20T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  /** The same database through a query builder that logs the UPDATEs of the cases table. */
  const logged = (ctx: Ctx): { ctx: Ctx; updates: string[] } => {
    const updates: string[] = [];
    const db = t.deps.db;
    const dialect = db.dialect === 'sqlite' ? new SqliteDialect({ database: db.sqlite! }) : new PostgresDialect({ pool: db.pool! });
    const kysely = new Kysely<Database>({
      dialect,
      log: (e) => {
        const q: CompiledQuery = e.query;
        if (/\bupdate "cases"/i.test(q.sql)) updates.push(q.sql);
      },
    });
    return { ctx: { ...ctx, db: { ...db, kysely } }, updates };
  };

  it('WC-9(2): recording evidence keeps the state, and its UPDATE of the case names the version and time only, not `state`', async () => {
    const c = await makeCase(w, { to: 'investigating', drive: { on: '2025-09-10' } });
    const { ctx, updates } = logged(w.ctx.investigator);
    const before = (await findCase(t.deps.db.kysely, c.caseId))!;
    const r = await performAction(ctx, c.caseId, 'record_evidence', {
      expectedVersion: await versionOf(w, c.caseId),
      kind: 'interview_record',
      title: '询问笔录',
      source: '调查组询问',
      collectedOn: '2025-09-19',
      textContent: '问：是否对现场进行了勘验？答：去过现场一次。',
    });
    expect(r.state).toBe('investigating');
    const after = (await findCase(t.deps.db.kysely, c.caseId))!;
    expect(after.state).toBe('investigating');
    expect(after.version).toBe(before.version + 1);
    const caseUpdates = updates.filter((s) => /set "(updated_at|version)"/.test(s) || /"version" = /.test(s));
    expect(caseUpdates.length).toBeGreaterThan(0);
    for (const s of caseUpdates) expect(s).not.toMatch(/"state"\s*=/);
  });

  it('a step that moves the case (accepting a report, FL-7) names `state` in its UPDATE, and the state is stored', async () => {
    const c = await makeCase(w, { drive: { on: '2025-09-10' } });
    const { ctx, updates } = logged(w.ctx.clerk);
    const before = (await findCase(t.deps.db.kysely, c.caseId))!;
    await driveCaseTo({ ...w.ctx, clerk: ctx }, c.caseId, 'accepted', { on: '2025-09-10' });
    const after = (await findCase(t.deps.db.kysely, c.caseId))!;
    expect(after.state).not.toBe(before.state);
    expect(after.state).toBe('accepted');
    expect(updates.some((s) => /"state"\s*=/.test(s))).toBe(true);
  });

  it('CASE_COLUMNS names every column of the migrated cases table, and the step’s read gives the same row as `cases.*`', async () => {
    const q = t.deps.db.kysely;
    const columns =
      engine === 'postgres'
        ? (await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'cases' AND table_schema = current_schema()`.execute(q)).rows.map((r) => r.c)
        : (await sql<{ c: string }>`SELECT name AS c FROM pragma_table_info('cases')`.execute(q)).rows.map((r) => r.c);
    expect([...CASE_COLUMNS].sort()).toEqual(columns.sort());
    const { caseId } = await makeCase(w, { to: 'investigating' });
    const read = await caseWithTeam(q, caseId, w.ctx.investigator.actor.userId);
    expect(read?.onTeam).toBe(true);
    expect(read?.row).toEqual(await findCase(q, caseId));
  });
});
