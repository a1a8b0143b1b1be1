// The one case aggregate loader: its three readings of a case agree with each other, on both
// engines — the facts for one case, the facts batched for a list (the queue), and the whole case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import type { CaseFacts } from '../../domain/cases';
import { loadCaseAggregate, loadCaseFacts, loadCaseFactsMany, loadStepFacts, recusalFactsOfAggregate } from './case-aggregate';
import { findCase, movingSteps } from './case-repo';
import { deadlinesOfCases, openInternalTargetsOf } from './deadlines-repo';
import { getCase } from '../../services/cases/views';
import { loadRecusalFacts, loadRecusalFactsMany, personActorAndDeputy } from '../../policies/recusal-repo';
import { registerPeopleByIds } from '../registers/register-reads';
import { makePerson } from '../../../test/factories/registers';
import { declareRelationship } from '../../services/impartiality/service';
import { findOrg } from '../../services/orgs/org-repo';
import { seedCalendar } from '../../../test/factories/calendar';
import { calendarVersionAndSettings } from '../calendar/calendar-repo';
import { SETTING_KEYS } from '../../services/calendar-service';

const sorted = (f: CaseFacts): CaseFacts => ({
  ...f,
  teamUserIds: [...f.teamUserIds].sort(),
  findingSubjectIds: [...f.findingSubjectIds].sort(),
  decisionSubjectIds: [...f.decisionSubjectIds].sort(),
  notifiedSubjectIds: [...f.notifiedSubjectIds].sort(),
});

describe.each(engines)('case aggregate loader (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  it('the state machine gets the same facts from one case, from a batch of cases and from the whole case, at every stage', async () => {
    const made = [
      await makeCase(w, { to: 'intake' }),
      await makeCase(w, { to: 'investigating' }),
      await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } }),
    ];
    // a declared relationship of the subject (FL-5(1)): the impartiality facts carry it and the relative's name
    const relative = await makePerson(t.deps, { name: '被调查人亲属' });
    await declareRelationship(w.ctx.clerk, { personId: w.fx.handler.id, relatedPersonId: relative.id, kind: 'close_relative' });
    // FL-5(1): a namesake of the subject in his unit (one officer for recusal) and a relative of that namesake
    const twin = await makePerson(t.deps, { name: w.fx.handler.name, unitId: w.fx.handler.unitId, employeeNo: 'E-TWIN', sameNameReason: '同名的另一执法队员' });
    const twinRelative = await makePerson(t.deps, { name: '同名人员亲属' });
    await declareRelationship(w.ctx.clerk, { personId: twinRelative.id, relatedPersonId: twin.id, kind: 'other_interest' });
    const q = t.deps.db.kysely;
    const rows = await Promise.all(made.map(async (m) => (await findCase(q, m.caseId))!));
    const batch = await loadCaseFactsMany(q, rows);
    expect(batch.size).toBe(rows.length);
    for (const row of rows) {
      const one = await loadCaseFacts(q, row);
      const agg = await loadCaseAggregate(q, row);
      expect(sorted(batch.get(row.id)!)).toEqual(sorted(one));
      expect(sorted(agg.facts)).toEqual(sorted(one));
    }
    expect(await loadCaseFactsMany(q, [])).toEqual(new Map());

    // FL-5(1): the queue's impartiality facts, read for all its cases at once, are the step guard's.
    const recusals = await loadRecusalFactsMany(q, rows.map((r) => r.id));
    for (const row of rows) {
      const one = await loadRecusalFacts(q, row.id);
      const many = recusals.get(row.id)!;
      const byId = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      const norm = (f: typeof one) => ({ ...f, relationships: byId(f.relationships), recusals: byId(f.recusals), teamUserIds: [...f.teamUserIds].sort() });
      expect(norm(many)).toEqual(norm(one));
      // issue 14: the case view reads them from its aggregate statement (two statements more, not nine)
      expect(norm(await recusalFactsOfAggregate(q, await loadCaseAggregate(q, row)))).toEqual(norm(one));
      // … and with `view`, the relationships and names too (no statement more)
      const viewAgg = await loadCaseAggregate(q, row, { view: true });
      expect(viewAgg.recusalRest).not.toBeNull();
      expect(norm(await recusalFactsOfAggregate(q, viewAgg))).toEqual(norm(one));
      // the case view's deadlines and open internal targets, as their own reads answer them (WC-9(1), FL-16)
      expect(viewAgg.storedDeadlines).toEqual(await deadlinesOfCases(q, [row.id]));
      expect(viewAgg.openTargets).toEqual(await openInternalTargetsOf(q, [row.id]));
      expect(viewAgg.org).toEqual(await findOrg(q, row.org_id));
      expect(viewAgg.org).toBeDefined();
      // a step reads the state machine's facts, the impartiality facts and the moving steps in one statement
      const step = await loadStepFacts(q, row);
      expect(sorted(step.facts)).toEqual(sorted(await loadCaseFacts(q, row)));
      expect(norm(step.recusal)).toEqual(norm(one));
      const bySteps = (xs: { action: string; data: Record<string, unknown> }[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(bySteps(step.movingSteps)).toEqual(bySteps(await movingSteps(q, row.id)));
      expect(step.org).toEqual(await findOrg(q, row.org_id));
      // with the actor: the register person and the deputy as `personActorAndDeputy` answers them, leader or not
      for (const [ctx, deputyOrgId] of [[w.ctx.investigator, row.org_id], [w.ctx.leader, null]] as const) {
        const withActor = await loadStepFacts(q, row, { userId: ctx.actor.userId, deputyOrgId });
        expect(withActor.actor).toEqual({ userId: ctx.actor.userId, deputyOrgId, ...(await personActorAndDeputy(q, ctx.actor.userId, deputyOrgId)) });
      }
    }
    // the cases read have deadlines, internal targets, relationships and moving steps to compare
    const closed = await loadCaseAggregate(q, rows[2]!, { view: true });
    expect(closed.storedDeadlines.length).toBeGreaterThan(0);
    expect(closed.recusalRest!.relationships.map((r) => r.relatedPersonId).sort()).toEqual([relative.id, twin.id].sort());
    expect(closed.recusalRest!.names.get(relative.id)).toBe('被调查人亲属');
    expect(closed.recusalRest!.officerOf.get(twin.id)).toBe(closed.recusalRest!.officerOf.get(w.fx.handler.id));
    expect(closed.recusalRest!.officerOf.get(twinRelative.id)).toBeDefined();
    expect((await loadStepFacts(q, rows[2]!)).movingSteps.length).toBeGreaterThan(3);
  });

  // (counted on SQLite, whose handle counts the statements it runs; PostgreSQL runs the same statement)
  it.skipIf(engine !== 'sqlite')('issue 14(5): the queue page\'s case facts are one statement whatever the number of cases, equal to the facts of each case', async () => {
    const made = [await makeCase(w, { to: 'intake' }), await makeCase(w, { to: 'investigating' }), await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } })];
    const q = t.deps.db.kysely;
    const rows = await Promise.all(made.map(async (m) => (await findCase(q, m.caseId))!));
    const count = t.deps.db.sqliteStatements!;
    for (const some of [rows.slice(0, 1), rows]) {
      const before = count();
      const batch = await loadCaseFactsMany(q, some);
      expect(count() - before).toBe(1);
      for (const row of some) expect(sorted(batch.get(row.id)!)).toEqual(sorted(await loadCaseFacts(q, row)));
    }
  });

  it('the case view reads the calendar\'s version and the deadline settings (WC-9(1), FL-16 deadlines) with its aggregate, as the request snapshot\'s own read answers them, before and after a year is loaded and a setting is written', async () => {
    const q = t.deps.db.kysely;
    const row = (await findCase(q, (await makeCase(w, { to: 'investigating' })).caseId))!;
    const keys = Object.values(SETTING_KEYS);
    const head = async () => (await loadCaseAggregate(q, row, { view: true })).calendarHead;
    const before = await head();
    expect(before).toEqual(await calendarVersionAndSettings(q, keys));
    await seedCalendar(t.deps);
    await q.insertInto('settings').values({ key: SETTING_KEYS.warningDays, value: JSON.stringify({ 'FL-16': 7 }), updated_at: '2025-09-01T02:00:00.000Z' }).execute();
    const after = await head();
    expect(after).toEqual(await calendarVersionAndSettings(q, keys));
    expect(after!.version).not.toBe(before!.version);
    expect(after!.texts.get(SETTING_KEYS.warningDays)).toBe(JSON.stringify({ 'FL-16': 7 }));
    // only the view reads them
    expect((await loadCaseAggregate(q, row)).calendarHead).toBeNull();
  });

  it('the case view names the register people from its aggregate statement, as the register answers them (subjects, decision items, findings)', async () => {
    const made = [await makeCase(w, { to: 'intake' }), await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } })];
    const q = t.deps.db.kysely;
    for (const m of made) {
      const row = (await findCase(q, m.caseId))!;
      const agg = await loadCaseAggregate(q, row, { people: true });
      const ids = [...agg.subjects.map((v) => v.personId), ...agg.decisionItems.map((i) => i.subjectPersonId), ...agg.allFindings.map((f) => f.subjectPersonId)];
      expect(ids.length).toBeGreaterThan(0);
      expect(agg.people).toEqual(await registerPeopleByIds(q, ids));
      expect(agg.people!.size).toBeGreaterThan(0);
      // without the option the statement reads no names
      expect((await loadCaseAggregate(q, row)).people).toBeNull();
    }
  });

  it('rows are decoded once: booleans, JSON and the unions come out typed, and the view is built from them', async () => {
    const c = await makeCase(w, { tracks: ['FL'], to: 'closed', drive: { on: '2025-09-01' } });
    const q = t.deps.db.kysely;
    const agg = await loadCaseAggregate(q, (await findCase(q, c.caseId))!, { documents: true });
    expect(agg.case.state).toBe('closed');
    expect(agg.case.tracks).toEqual(['FL']);
    expect(agg.inForce?.status).toBe('in_force');
    expect(typeof agg.inForce?.meeting).toBe('object');
    expect(agg.decisionItems.every((i) => typeof i.noAccountability === 'boolean' && Array.isArray(i.forms))).toBe(true);
    expect(agg.team.some((m) => m.lead === true)).toBe(true);
    expect(agg.steps.map((s) => s.action)).toContain('close');
    expect(agg.findings.length).toBeGreaterThan(0);
    expect(agg.evaluation?.output).toMatchObject({ status: agg.evaluation?.status });
    const view = await getCase(w.ctx.clerk, c.caseId);
    expect(view.decisions[0]?.items.map((i) => i.forms)).toEqual(agg.decisionItems.map((i) => i.forms));
    expect(view.abilities).toMatchObject({ readReporter: true, draftDocuments: true, readFindingHistory: true });
    const asSubject = await getCase(w.ctx.subject, c.caseId);
    expect(asSubject.abilities).toMatchObject({ readReporter: false, draftDocuments: false, readFindingHistory: false, issueDocuments: false });
  });
});
