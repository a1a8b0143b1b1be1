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
import { advanceStatement, advanceWithStepStatement, caseWithTeamStatement, findCase, standAsideOneStatement, standsAsideFromCase, stepInsertStatement } from '../repositories/cases/case-repo';
import { evidenceInsertStatement } from '../repositories/cases/evidence-repo';
import { indexStatement, rowValues } from '../search/search-index';
import { sessionCheckStatement } from '../repositories/users/accounts-repo';
import { compiledOnce } from './compiled-once';
import { reportKeyStatement } from '../repositories/cases/report-keys-repo';
import { personAndDeputyStatement } from '../policies/recusal-repo';
import { DEFAULT_ORG_ID } from './tables/organisations';

describe.each(engines)('statements compiled once (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  it('the cached aggregate, step-facts, session-check, case-with-team, report-key and person-and-deputy statements equal a fresh build, value by value, whatever the case and the variant', async () => {
    const q = t.deps.db.kysely;
    const made = [await makeCase(w, { to: 'intake' }), await makeCase(w, { to: 'investigating' })];
    const rows = await Promise.all(made.map(async (m) => (await findCase(q, m.caseId))!));
    const fresh = (c: { sql: string; parameters: readonly unknown[] }) => ({ sql: c.sql, parameters: [...c.parameters] });
    for (const row of [...rows, { ...rows[0]!, original_case_id: null, org_id: 'another-org' }]) {
      const args = { id: row.id, oc: row.original_case_id ?? '', org: row.org_id };
      // the evidence scope is part of the variant (the staff's, all; a subject's, own: WC-11), the subject bound
      for (const aggArgs of [aggregateArgs(row), aggregateArgs(row, { all: false, ownPersonId: 'person-x' })]) {
        for (const v of ['000:all', '001:all', '010:all', '011:all', '100:all', '101:all', '110:all', '111:all', '001:own', '011:own', '101:own', '111:own'] as const) {
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
    for (const row of rows) {
      const a = { caseId: row.id };
      expect(fresh(reportKeyStatement.compile(q, '-', a))).toEqual(fresh(reportKeyStatement.compileFresh(q, '-', a)));
    }
    for (const userId of [w.ctx.investigator.actor.userId, w.ctx.leader.actor.userId]) {
      for (const [v, deputyOrgId] of [['default', DEFAULT_ORG_ID], ['org', 'org-b']] as const) {
        const a = { userId, deputyOrgId };
        expect(fresh(personAndDeputyStatement.compile(q, v, a))).toEqual(fresh(personAndDeputyStatement.compileFresh(q, v, a)));
      }
    }
    // FL-5(1): the one-case stand-aside check, both variants, and it answers for the case asked
    for (const row of rows) {
      for (const [v, personId] of [['person', w.fx.handler.id], ['account', '']] as const) {
        const a = { caseId: row.id, userId: w.ctx.clerk.actor.userId, personId };
        expect(fresh(standAsideOneStatement.compile(q, v, a))).toEqual(fresh(standAsideOneStatement.compileFresh(q, v, a)));
      }
      expect(await standsAsideFromCase(q, { userId: w.ctx.clerk.actor.userId, personId: w.fx.handler.id }, row.id)).toBe(true);
      expect(await standsAsideFromCase(q, { userId: w.ctx.clerk.actor.userId, personId: null }, row.id)).toBe(false);
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
    const text = aggregateStatement.compile(t.deps.db.kysely, '011:all', aggregateArgs(row)).sql;
    expect(named.filter((n) => n.name.startsWith('wz_') && n.statement === text)).toHaveLength(1);
  });

  it('the step\'s row writes (evidence, search index, case version bump, step row, and on PostgreSQL the bump with the step row) compiled once equal a fresh build, and leave out an undefined column as Kysely does', async () => {
    const q = t.deps.db.kysely;
    const fresh = (c: { sql: string; parameters: readonly unknown[] }) => ({ sql: c.sql, parameters: [...c.parameters] });
    const ev = (id: string, extra: Record<string, unknown>) => ({
      id, case_id: 'c1', kind: 'interview_record', title: `询问笔录 ${id}`, source: '调查组询问', collected_on: '2025-09-02', description: null, text_content: '问：是否勘验现场？',
      file_sha256: null, file_name: null, file_size: null, mime_type: null, supersedes_id: null, correction_reason: null, recorded_by: 'u1', recorded_at: '2025-09-02T02:00:00.000Z', ...extra,
    });
    for (const row of [ev('e1', { disclosable: 1, source_person_id: null }), ev('e2', { disclosable: 0, source_person_id: 'p1', file_size: 12 }), ev('e3', { disclosable: undefined })]) {
      expect(fresh(evidenceInsertStatement.compile(q, row as never))).toEqual(fresh(evidenceInsertStatement.compileFresh(q, row as never)));
      // the same statement Kysely builds from the row as given (columns in another order)
      const direct = q.insertInto('case_evidence').values(row as never).compile();
      const cached = evidenceInsertStatement.compile(q, row as never);
      const byColumn = (c: { sql: string; parameters: readonly unknown[] }) => {
        const cols = /\(([^)]*)\) values/.exec(c.sql)![1]!.split(', ');
        return Object.fromEntries(cols.map((k, i) => [k, c.parameters[i]]));
      };
      expect(byColumn(cached)).toEqual(byColumn(direct));
    }
    expect(evidenceInsertStatement.compile(q, ev('e3', { disclosable: undefined }) as never).sql).not.toContain('"disclosable"');
    expect(() => evidenceInsertStatement.compile(q, ev('e4', { title: sql`upper('x')` }) as never)).toThrow(/expression/);
    for (const s of [{ id: 's1', case_id: 'c1', action: 'record_evidence', from_state: 'investigating', to_state: 'investigating', citation: 'WC-9(2)', data: '{}', actor_id: 'u1', at: 'x' }, { id: 's2', case_id: 'c2', action: 'accept', from_state: 'intake', to_state: 'accepted', citation: 'WC-6', data: '{"a":1}', actor_id: null, at: 'y' }]) {
      expect(fresh(stepInsertStatement.compile(q, s))).toEqual(fresh(stepInsertStatement.compileFresh(q, s)));
    }
    for (const set of [{ state: 'investigating', version: 3, updated_at: 'x' }, { state: 'accepted', version: 2, updated_at: 'y', track: 'wc5', summary: undefined }]) {
      const a = { set, where: { id: 'c1', version: 2 } };
      expect(fresh(advanceStatement.compile(q, a))).toEqual(fresh(advanceStatement.compileFresh(q, a)));
      const direct = q.updateTable('cases').set(set as never).where('id', '=', 'c1').where('version', '=', 2).compile();
      expect(new Set(advanceStatement.compile(q, a).parameters)).toEqual(new Set(direct.parameters));
    }
    for (const set of [{ state: 'investigating', version: 3, updated_at: 'x' }, { state: 'accepted', version: 2, updated_at: 'y', track: 'wc5' }]) {
      const a = { insert: { id: 's1', case_id: 'c1', action: 'record_evidence', from_state: 'investigating', to_state: 'investigating', citation: 'WC-9(2)', data: '{}', actor_id: 'u1', at: 'x' }, set, where: { id: 'c1', version: 2 } };
      expect(fresh(advanceWithStepStatement.compile(q, a))).toEqual(fresh(advanceWithStepStatement.compileFresh(q, a)));
    }
    for (const doc of [{ entityType: 'evidence', entityId: 'e1', caseId: 'c1', title: '询问笔录', body: '调查组询问\n问：是否勘验现场？' }, { entityType: 'case', entityId: 'c2', caseId: null, title: 'WZ-1', body: '' }]) {
      const v = rowValues(doc);
      expect(fresh(indexStatement.compile(q, '-', v))).toEqual(fresh(indexStatement.compileFresh(q, '-', v)));
    }
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
