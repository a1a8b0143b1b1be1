// Statements compiled once (src/db/compiled-once.ts): the cached text with a call's values in place
// is exactly the statement a fresh build with those values compiles to — for the case aggregate and
// a step's facts, every variant, several cases — and a builder that would put an argument into the
// text, or transform it, is refused instead of silently keeping the first call's value.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app';
import { engines } from '../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../test/factories/cases';
import { aggregateArgs, aggregateStatement, loadCaseAggregate, stepFactsStatement } from '../repositories/cases/case-aggregate';
import { caseWithTeamStatement, findCase } from '../repositories/cases/case-repo';
import { sessionCheckStatement } from '../repositories/users/accounts-repo';
import { compiledOnce } from './compiled-once';
import { DEFAULT_ORG_ID } from './tables/organisations';

describe.each(engines)('statements compiled once (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  it('the cached aggregate, step-facts, session-check and case-with-team statements equal a fresh build, value by value, whatever the case and the variant', async () => {
    const q = t.deps.db.kysely;
    const made = [await makeCase(w, { to: 'intake' }), await makeCase(w, { to: 'investigating' })];
    const rows = await Promise.all(made.map(async (m) => (await findCase(q, m.caseId))!));
    const fresh = (c: { sql: string; parameters: readonly unknown[] }) => ({ sql: c.sql, parameters: [...c.parameters] });
    for (const row of [...rows, { ...rows[0]!, original_case_id: null, org_id: 'another-org' }]) {
      const args = { id: row.id, oc: row.original_case_id ?? '', org: row.org_id };
      // the evidence scope is bound too: the staff's (all) and a subject's (WC-11)
      for (const aggArgs of [aggregateArgs(row), aggregateArgs(row, { all: false, ownPersonId: 'person-x' })]) {
        for (const v of ['000', '001', '010', '011', '100', '101', '110', '111'] as const) {
          expect(fresh(aggregateStatement.compile(q, v, aggArgs))).toEqual(fresh(aggregateStatement.compileFresh(q, v, aggArgs)));
        }
      }
      for (const [v, deputyOrgId] of [['-', null], ['none', null], ['default', DEFAULT_ORG_ID], ['org', 'org-b']] as const) {
        const a = { ...args, userId: v === '-' ? null : w.ctx.investigator.actor.userId, deputyOrgId };
        expect(fresh(stepFactsStatement.compile(q, v, a))).toEqual(fresh(stepFactsStatement.compileFresh(q, v, a)));
      }
    }
    for (const row of rows) {
      for (const v of ['lock', 'read'] as const) {
        const a = { id: row.id, userId: w.ctx.investigator.actor.userId };
        expect(fresh(caseWithTeamStatement.compile(q, v, a))).toEqual(fresh(caseWithTeamStatement.compileFresh(q, v, a)));
      }
    }
    for (const tokenHash of ['a'.repeat(64), 'b'.repeat(64)]) {
      const a = { tokenHash, securityKey: 'security.accounts' };
      expect(fresh(sessionCheckStatement.compile(q, '-', a))).toEqual(fresh(sessionCheckStatement.compileFresh(q, '-', a)));
    }
    // and it reads the case: the second case's aggregate, through the cache, is that case's
    const agg = await loadCaseAggregate(q, rows[1]!, { view: true, people: true });
    expect(agg.case.id).toBe(rows[1]!.id);
    expect(agg.case.state).toBe('investigating');
  });

  it.runIf(engine === 'postgres')('PostgreSQL runs the aggregate as a named prepared statement of its connection: parsed once, then bound and executed', async () => {
    const { caseId } = await makeCase(w, { to: 'investigating' });
    const row = (await findCase(t.deps.db.kysely, caseId))!;
    const named = await t.deps.db.kysely.connection().execute(async (c) => {
      const first = await loadCaseAggregate(c, row, { view: true, people: true });
      const again = await loadCaseAggregate(c, row, { view: true, people: true });
      expect(again.evidencePage).toEqual(first.evidencePage);
      return (await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(c)).rows;
    });
    const text = aggregateStatement.compile(t.deps.db.kysely, '011', aggregateArgs(row)).sql;
    expect(named.filter((n) => n.name.startsWith('wz_') && n.statement === text)).toHaveLength(1);
  });

  it('a builder that inlines an argument, or transforms one, is refused', () => {
    const q = t.deps.db.kysely;
    const inlined = compiledOnce<'x', { id: string }>((_pg, _v, a) => sql`SELECT ${sql.lit(a.id)} AS v`);
    expect(() => inlined.compile(q, 'x', { id: 'c1' })).toThrow(/part of the statement text/);
    const transformed = compiledOnce<'x', { id: string }>((_pg, _v, a) => sql`SELECT ${a.id.toUpperCase()} AS v`);
    expect(() => transformed.compile(q, 'x', { id: 'c1' })).toThrow(/transformed/);
    const bound = compiledOnce<'x', { id: string }>((_pg, _v, a) => sql`SELECT ${a.id} AS v`);
    expect(bound.compile(q, 'x', { id: 'c1' }).parameters).toEqual(['c1']);
    expect(bound.compile(q, 'x', { id: 'c2' }).parameters).toEqual(['c2']);
  });
});
