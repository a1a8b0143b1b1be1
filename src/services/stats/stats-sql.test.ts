// Issue 14 point 5: the year's figures are SQL aggregates (stats-repo.ts#yearAggregates) and their
// drill-down lists are read per figure in SQL (yearFigureRefs). This test varies the rows of a few
// real cases with a seeded generator (states, sources, WC-5 items, dates, units, faults with
// repeats and supersessions, forms, exempt items, decisions in force or not, deadlines, appeal
// outcomes, award bars, back-dating markers of every JSON kind) and compares every case-based
// figure — and each figure's drill-down list — with a straightforward tally in JS over the same
// rows (the algorithm the statistics used before), on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { performAction } from '../cases';
import { rebuildStatsCounters } from '../../repositories/stats/stats-counters';
import { makeUnit } from '../../../test/factories/registers';
import { CASE_STATES } from '../../domain/cases/states';
import { newId } from '../../lib/ids';
import { caseStatistics, statsDrill } from './stats-service';

/** mulberry32: the same varied data on every run */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TERMINAL = new Set(['closed', 'not_accepted', 'transferred', 'not_registered']);
const TODAY = '2025-09-01';

describe.each(engines)('statistics in SQL equal a JS tally over the same rows (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  it('every case figure (source, state, unit, fault, form, time to close, median, deadlines, appeals, award bars, back-dated steps) and its drill-down list', async () => {
    await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } });
    await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-08-01' } });
    await makeCase(w, { tracks: ['FL'], to: 'investigating', drive: { on: '2025-06-02' } });
    await makeCase(w, { source: 'wc5', tracks: ['WC'] });
    for (let i = 0; i < 4; i++) await makeCase(w);
    const db = t.deps.db.kysely;
    const rnd = prng(20251205);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const date = (): string => `2025-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const unit2 = await makeUnit(t.deps, { name: '第二单位' });
    const units = [w.fx.unit.id, unit2.id, null];
    const FAULTS = ['FL-7(1)', 'FL-7(3)', 'WC-6(2)', 'WC-6(5)'];
    const FORMS = ['FL-6(1)', 'FL-6(2)', 'WC-10(1)', 'WC-10(3)'];

    // vary the cases and every row the figures count
    const cases = await db.selectFrom('cases').select(['id']).execute();
    const decided = new Set((await db.selectFrom('case_decisions').select('case_id').execute()).map((d) => d.case_id));
    // time to close: the first four cases close after 10, 45, 75 and 120 days (every bucket,
    // whatever order the engine lists the cases in), the others at random
    const SPANS = [10, 45, 75, 120];
    const plus = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    for (const [idx, c] of cases.entries()) {
      const closed = idx < SPANS.length || rnd() < 0.5;
      const received = date();
      const closedOn = idx < SPANS.length ? plus(received, SPANS[idx]!) : date();
      await db
        .updateTable('cases')
        .set({ state: pick(CASE_STATES), source: rnd() < 0.4 ? 'wc5' : 'report', wc5_item: pick([1, 2, 3, null]), received_on: received, closed_on: closed ? closedOn : null, year: !decided.has(c.id) && rnd() < 0.3 ? 2024 : 2025 })
        .where('id', '=', c.id)
        .execute();
    }
    for (const s of await db.selectFrom('case_subjects').selectAll().execute()) await db.updateTable('case_subjects').set({ unit_id: pick(units) }).where('id', '=', s.id).execute();
    const findings = await db.selectFrom('case_findings').selectAll().execute();
    for (const f of findings) {
      // copies with varied faults (repeats included), some superseding the original
      for (let k = 0; k < 3; k++) {
        const faults = Array.from({ length: Math.floor(rnd() * 4) }, () => pick(FAULTS));
        const data = JSON.stringify(rnd() < 0.15 ? { other: 1 } : rnd() < 0.1 ? { faults: null } : { ...JSON.parse(f.data), faults });
        await db.insertInto('case_findings').values({ ...f, id: newId(), data, supersedes_id: rnd() < 0.3 ? f.id : null }).execute();
      }
    }
    // one decision in force, the other in force or superseded
    for (const [n, d] of (await db.selectFrom('case_decisions').selectAll().orderBy('id').execute()).entries()) await db.updateTable('case_decisions').set({ status: n === 0 || rnd() < 0.5 ? 'in_force' : 'superseded' }).where('id', '=', d.id).execute();
    for (const i of await db.selectFrom('case_decision_items').selectAll().execute()) {
      for (let k = 0; k < 3; k++) {
        const forms = Array.from({ length: Math.floor(rnd() * 3) }, () => pick(FORMS));
        await db.insertInto('case_decision_items').values({ ...i, id: newId(), forms: JSON.stringify(forms), no_accountability: rnd() < 0.25 ? 1 : 0 }).execute();
      }
    }
    // the first deadline open and past due, the second met late, the third met on its due date
    // (not late), the fourth open and due today (not overdue yet), the others at random
    for (const [idx, d] of (await db.selectFrom('case_deadlines').selectAll().execute()).entries()) {
      const due = idx === 3 ? TODAY : idx < 3 ? '2025-03-10' : date();
      const met = idx === 0 || idx === 3 ? null : idx === 1 ? '2025-04-10' : idx === 2 ? '2025-03-10' : rnd() < 0.5 ? date() : null;
      await db.updateTable('case_deadlines').set({ due_date: due, met_on: met }).where('case_id', '=', d.case_id).where('kind', '=', d.kind).execute();
    }
    for (const a of await db.selectFrom('case_appeals').selectAll().execute()) await db.updateTable('case_appeals').set({ outcome: pick(['pending', 'upheld', 'changed', 'revoked'] as const) }).where('id', '=', a.id).execute();
    for (const b of await db.selectFrom('case_execution_items').selectAll().execute()) await db.updateTable('case_execution_items').set({ unit_id: pick(units), year: rnd() < 0.8 ? 2025 : 2024 }).where('id', '=', b.id).execute();
    const BACKDATED = [{ date: '2025-01-01', reason: '补录' }, false, null, 0, '', 'x', 1, []];
    for (const s of await db.selectFrom('case_steps').selectAll().execute()) {
      if (rnd() < 0.5) continue;
      const data = rnd() < 0.1 ? { note: 'the word "backdated" in a text' } : { ...JSON.parse(s.data), backdated: pick(BACKDATED) };
      await db.updateTable('case_steps').set({ data: JSON.stringify(data) }).where('id', '=', s.id).execute();
    }

    // the straightforward JS tally (as before issue 14) over the same rows
    const yc = (await db.selectFrom('cases').selectAll().where('year', '=', 2025).execute());
    const ids = new Set(yc.map((c) => c.id));
    const inYear = <T extends { case_id: string }>(rows: T[]): T[] => rows.filter((r) => ids.has(r.case_id));
    const expected = new Map<string, Map<string, string[]>>(); // table → key → case ids
    const add = (table: string, key: string, caseId: string) => {
      const m = expected.get(table) ?? new Map<string, string[]>();
      expected.set(table, m);
      m.set(key, [...(m.get(key) ?? []), caseId]);
    };
    for (const c of yc) {
      add('bySource', c.source === 'wc5' ? `WC-5(${c.wc5_item ?? '?'})` : 'report', c.id);
      add('byState', c.state, c.id);
    }
    const subj = inYear(await db.selectFrom('case_subjects').selectAll().execute());
    for (const c of yc) for (const u of new Set(subj.filter((s) => s.case_id === c.id).map((s) => s.unit_id ?? 'none'))) add('byUnit', u, c.id);
    const fs = inYear(await db.selectFrom('case_findings').selectAll().execute());
    const superseded = new Set(fs.map((f) => f.supersedes_id).filter(Boolean));
    for (const f of fs.filter((x) => !superseded.has(x.id))) for (const k of (JSON.parse(f.data) as { faults?: string[] | null }).faults ?? []) add('byFault', k, f.case_id);
    const inForce = new Set((await db.selectFrom('case_decisions').select(['id', 'status']).execute()).filter((d) => d.status === 'in_force').map((d) => d.id));
    for (const i of inYear(await db.selectFrom('case_decision_items').selectAll().execute()).filter((x) => inForce.has(x.decision_id))) {
      for (const k of Number(i.no_accountability) === 1 ? ['exempt'] : (JSON.parse(i.forms) as string[])) add('byForm', k, i.case_id);
    }
    const days = (a: string, b: string) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);
    const closeDays = yc.filter((c) => c.closed_on).map((c) => ({ id: c.id, d: days(c.received_on, c.closed_on!) }));
    for (const c of closeDays) add('timeToClose', c.d <= 30 ? 'le30' : c.d <= 60 ? 'le60' : c.d <= 90 ? 'le90' : 'gt90', c.id);
    const sorted = closeDays.map((c) => c.d).sort((a, b) => a - b);
    const median = sorted.length ? (sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2) : null;
    const dl = inYear(await db.selectFrom('case_deadlines').selectAll().execute());
    const overdueNow = dl.filter((d) => !d.met_on && d.due_date < TODAY);
    for (const d of overdueNow) add('overdue', `${d.kind}:overdue`, d.case_id);
    for (const d of dl.filter((x) => x.met_on && x.met_on > x.due_date)) add('overdue', `${d.kind}:late`, d.case_id);
    for (const a of inYear(await db.selectFrom('case_appeals').selectAll().execute())) add('appeals', a.outcome, a.case_id);
    const bars = (await db.selectFrom('case_execution_items').selectAll().where('year', '=', 2025).where('kind', 'in', ['award_bar_person', 'award_bar_unit']).where('status', '!=', 'cancelled').execute());
    for (const b of bars) add('awardBars', `${b.unit_id ?? 'none'}|${b.kind}`, b.case_id);
    const steps = inYear(await db.selectFrom('case_steps').selectAll().execute()).filter((s) => (JSON.parse(s.data) as { backdated?: unknown }).backdated);
    for (const s of steps) add('backdated', s.action, s.case_id);

    const s = await caseStatistics(w.ctx.clerk, { year: 2025 });
    expect(s.totals).toMatchObject({ cases: yc.length, open: yc.filter((c) => !TERMINAL.has(c.state)).length, closed: yc.filter((c) => c.state === 'closed').length, overdueNow: overdueNow.length, medianDaysToClose: median, backdatedSteps: steps.length });
    // the data is varied enough to mean something
    for (const id of ['bySource', 'byState', 'byUnit', 'byFault', 'byForm', 'timeToClose', 'overdue', 'backdated']) expect(expected.get(id)?.size ?? 0, id).toBeGreaterThan(1);
    let figures = 0;
    for (const [table, keys] of expected) {
      const shown = s.tables.find((x) => x.id === table)!;
      const got = Object.fromEntries(shown.rows.filter((r) => r.count > 0 && !r.key.endsWith('|import')).map((r) => [r.key, r.count]));
      const want = Object.fromEntries([...keys].filter(([k]) => table !== 'overdue' || /^(transfer|handling):/.test(k)).map(([k, v]) => [k, v.length]));
      expect(got, table).toEqual(want);
      for (const [key, list] of keys) {
        if (!(key in want)) continue;
        const d = await statsDrill(w.ctx.clerk, { year: 2025, table, key, pageSize: 500 });
        expect(d.items.map((i) => i.caseId).sort(), `${table} ${key}`).toEqual([...list].sort());
        // paged: the pages together are the list
        if (list.length > 1) {
          const p1 = await statsDrill(w.ctx.clerk, { year: 2025, table, key, pageSize: 1, page: 1 });
          const p2 = await statsDrill(w.ctx.clerk, { year: 2025, table, key, pageSize: 1, page: 2 });
          expect(p1.items).toHaveLength(1);
          expect(p1.count).toBe(list.length);
          expect([...p1.items, ...p2.items]).toEqual(d.items.slice(0, 2));
        }
        figures++;
      }
    }
    expect(figures).toBeGreaterThan(20);
  }, 120_000);
});

// Issue 14 point 5/6: the figures are counters kept per organisation, year, figure and key
// (src/repositories/stats/stats-counters.ts), marked dirty by triggers on every counted table.
// A counter that drifts from the rows is a defect: after real steps (back-dated, transferred,
// not accepted, closed, a defence filed) read between writes, and after raw writes to every
// counted table (insert, update, delete — a write path the code does not know about), the
// counters equal a recount of every case from scratch.
describe.each(engines)('statistics counters never drift from the rows (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const snapshot = async (): Promise<Record<string, number>> => {
    const rows = await t.deps.db.kysely.selectFrom('stats_counters').selectAll().where('n', '<>', 0).execute();
    return Object.fromEntries(rows.map((r) => [`${r.year}|${r.org_id}|${r.figure}|${r.key}`, Number(r.n)]));
  };
  /** The counters as the statistics leave them (dirty cases drained by the read) and as a full recount makes them. */
  const expectNoDrift = async (label: string) => {
    await caseStatistics(w.ctx.clerk, { year: 2025 });
    expect(await t.deps.db.kysely.selectFrom('stats_dirty').select('case_id').execute(), label).toEqual([]);
    const kept = await snapshot();
    await rebuildStatsCounters(t.deps.db);
    expect(kept, label).toEqual(await snapshot());
    return kept;
  };

  it('after a walk of real steps and raw writes to every counted table, the counters equal a recount from scratch', async () => {
    const db = t.deps.db.kysely;
    await expectNoDrift('empty');
    await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-06-02' } }); // back-dated steps
    await caseStatistics(w.ctx.clerk, { year: 2025 });
    await makeCase(w, { to: 'transferred', drive: { transfer: true } });
    await makeCase(w, { to: 'not_accepted' });
    await caseStatistics(w.ctx.clerk, { year: 2025 });
    const decided = await makeDecidedCase(w, { tracks: ['FL', 'WC'], to: 'notified' });
    await performAction(w.ctx.subject, decided.caseId, 'file_defence', { expectedVersion: await versionOf(w, decided.caseId), subjectPersonId: w.fx.handler.id, kind: 'appeal', appealBody: 'supervision', filedOn: '2025-09-01', statement: '处理过重，请求撤销。' });
    await makeCase(w, { source: 'wc5', tracks: ['WC'], to: 'investigating' });
    const walked = await expectNoDrift('after the steps');
    expect(Object.keys(walked).some((k) => k.includes('|backdated|')), 'back-dated steps counted').toBe(true);
    expect(Object.keys(walked).some((k) => k.includes('|appeal|pending')), 'the defence counted').toBe(true);
    expect(Object.keys(walked).some((k) => k.includes('|form|')), 'forms counted').toBe(true);

    // raw writes, table by table, each followed by a read and a recount
    const rnd = prng(7);
    const one = async <T>(rows: T[]): Promise<T> => rows[Math.floor(rnd() * rows.length)]!;
    const c = await one(await db.selectFrom('cases').selectAll().where('state', '=', 'closed').execute());
    await db.updateTable('cases').set({ closed_on: '2025-12-30', received_on: '2025-01-02' }).where('id', '=', c.id).execute();
    await expectNoDrift('cases: dates');
    await db.updateTable('cases').set({ state: 'executing', source: 'wc5', wc5_item: 2 }).where('id', '=', c.id).execute();
    await expectNoDrift('cases: state, source');
    await db.updateTable('cases').set({ year: 2024 }).where('id', '=', c.id).execute();
    await expectNoDrift('cases: year');
    const org2 = (await db.selectFrom('organisations').select('id').where('id', '<>', c.org_id).executeTakeFirst())?.id;
    if (org2) {
      await db.updateTable('cases').set({ org_id: org2, year: 2025 }).where('id', '=', c.id).execute();
      await expectNoDrift('cases: organisation');
    }
    const unit2 = await makeUnit(t.deps, { name: '第二单位' });
    const s = await one(await db.selectFrom('case_subjects').selectAll().execute());
    await db.updateTable('case_subjects').set({ unit_id: unit2.id }).where('id', '=', s.id).execute();
    await expectNoDrift('case_subjects: update');
    await db.deleteFrom('case_subjects').where('id', '=', s.id).execute();
    await expectNoDrift('case_subjects: delete');
    await db.insertInto('case_subjects').values({ ...s, unit_id: null }).execute();
    await expectNoDrift('case_subjects: insert');
    const f = await one(await db.selectFrom('case_findings').selectAll().execute());
    await db.insertInto('case_findings').values({ ...f, id: newId(), data: JSON.stringify({ faults: ['FL-7(3)', 'WC-6(2)'] }), supersedes_id: f.id }).execute();
    await expectNoDrift('case_findings: a superseding finding');
    await db.deleteFrom('case_findings').where('supersedes_id', '=', f.id).execute();
    await expectNoDrift('case_findings: delete');
    const d = await one(await db.selectFrom('case_decisions').selectAll().execute());
    await db.updateTable('case_decisions').set({ status: 'superseded' }).where('id', '=', d.id).execute();
    await expectNoDrift('case_decisions: superseded');
    await db.updateTable('case_decisions').set({ status: 'in_force' }).where('id', '=', d.id).execute();
    const i = await one(await db.selectFrom('case_decision_items').selectAll().execute());
    await db.updateTable('case_decision_items').set({ forms: JSON.stringify(['WC-10(3)', 'FL-6(1)']) }).where('id', '=', i.id).execute();
    await expectNoDrift('case_decision_items: forms');
    await db.updateTable('case_decision_items').set({ no_accountability: 1 }).where('id', '=', i.id).execute();
    await expectNoDrift('case_decision_items: exempt');
    const dl = await one(await db.selectFrom('case_deadlines').selectAll().execute());
    await db.updateTable('case_deadlines').set({ due_date: '2025-02-01', met_on: '2025-03-01' }).where('case_id', '=', dl.case_id).where('kind', '=', dl.kind).execute();
    await expectNoDrift('case_deadlines: met late');
    await db.deleteFrom('case_deadlines').where('case_id', '=', dl.case_id).where('kind', '=', dl.kind).execute();
    await expectNoDrift('case_deadlines: delete');
    const a = await one(await db.selectFrom('case_appeals').selectAll().execute());
    await db.updateTable('case_appeals').set({ outcome: 'revoked' }).where('id', '=', a.id).execute();
    await expectNoDrift('case_appeals: outcome');
    const b = await one(await db.selectFrom('case_execution_items').selectAll().where('kind', 'in', ['award_bar_person', 'award_bar_unit']).execute());
    await db.updateTable('case_execution_items').set({ year: 2026, unit_id: unit2.id }).where('id', '=', b.id).execute();
    await expectNoDrift('case_execution_items: year, unit');
    await db.updateTable('case_execution_items').set({ status: 'cancelled' }).where('id', '=', b.id).execute();
    await expectNoDrift('case_execution_items: cancelled');
    const st = await one(await db.selectFrom('case_steps').selectAll().where('data', 'like', '%"backdated"%').execute());
    await db.updateTable('case_steps').set({ data: JSON.stringify({ backdated: false }) }).where('id', '=', st.id).execute();
    await expectNoDrift('case_steps: no longer back-dated');
    const plain = await one(await db.selectFrom('case_steps').selectAll().where('data', 'not like', '%"backdated"%').execute());
    await db.updateTable('case_steps').set({ data: JSON.stringify({ backdated: { date: '2025-01-01', reason: '补录' } }) }).where('id', '=', plain.id).execute();
    await expectNoDrift('case_steps: back-dated');
    // a whole case deleted (its rows first), as a purge would
    const gone = (await db.selectFrom('cases').select('id').where('state', '=', 'not_accepted').executeTakeFirst())!.id;
    await db.deleteFrom('case_steps').where('case_id', '=', gone).execute();
    await db.deleteFrom('case_deadlines').where('case_id', '=', gone).execute();
    await db.deleteFrom('case_subjects').where('case_id', '=', gone).execute();
    const left = await expectNoDrift('a case emptied');
    expect(left).not.toEqual(walked);
  }, 180_000);
});
