// FL-5(1), FL-7(7): a member of staff with a ground to stand aside from a case — its subject, a
// declared relative of a subject, one who stood aside — reads it as its subject would, whatever
// their roles: never the report's own words (often naming the reporter), the undisclosed
// evidence, the staff on the timeline, nor the candidates the team is chosen from. Found by a
// red-team walk: the reported leader read the report against her in full.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { readWorkbook } from '../../../test/factories/excel';

const REPORT = '举报：某执法支队对某建筑公司的处罚认定事实不清，罚款明显不当。';

describe.each(engines)('a person with a ground to stand aside reads the case as its subject (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
  });
  afterEach(async () => t.close());

  const get = (user: string, url: string) => t.as(user, { method: 'GET', url });
  const view = async (user: string, caseId: string) => {
    const r = await get(user, `/api/v1/cases/${caseId}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const listed = async (user: string, q?: string) => {
    const r = await get(user, `/api/v1/cases${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as { id: string; summary: string | null; subjects: { personId: string }[] }[];
  };

  it('FL-5(1)/FL-7(7): the main leader who is a subject of a report reads neither its words nor the staff, still sees it listed, and may not list the team candidates', async () => {
    const leaderPerson = t.personIds.leader!;
    const c = await makeCase(w, { subjects: [w.fx.handler.id, leaderPerson] });
    expect((await view('clerk', c.caseId)).summary).toBe(REPORT);

    const v = await view('leader', c.caseId);
    expect(v.summary).toBeNull();
    expect(JSON.stringify(v)).not.toContain('罚款明显不当');
    const tl = await get('leader', `/api/v1/cases/${c.caseId}/timeline`);
    expect(tl.statusCode).toBe(200);
    const items = tl.json().items as { actorName: string; data: unknown }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.data === null && i.actorName !== 'clerk')).toBe(true);
    // listed (the main leader sees that the case exists and moves), without the report's words nor the co-subject
    const row = (await listed('leader')).find((x) => x.id === c.caseId);
    expect(row).toMatchObject({ summary: null, subjects: [{ personId: leaderPerson }] });
    expect((await listed('clerk')).find((x) => x.id === c.caseId)?.summary).toBe(REPORT);
    // FL-7(7): the candidates and their grounds are not for the one who must stand aside
    const cand = await get('leader', `/api/v1/cases/${c.caseId}/team-candidates`);
    expect(cand.statusCode).toBe(403);
    expect(cand.json().error.code).toBe('RECUSAL_REQUIRED');
    expect((await get('clerk', `/api/v1/cases/${c.caseId}/team-candidates`)).statusCode).toBe(200);
  });

  it('FL-5(1)/FL-7(7): a decider who is a subject, a decider declared a close relative of a subject and a clerk who stood aside read no report words and no undisclosed evidence, nor find the case by its evidence text; a decider without a ground reads it in full', async () => {
    await t.addUser('clerk2', ['clerk']);
    await t.addUser('decider4', ['decider']);
    const c = await makeCase(w, { to: 'investigating', subjects: [w.fx.handler.id, t.personIds.decider4!], drive: { on: '2025-09-01' } });
    const secret = await t.as('investigator', {
      method: 'POST',
      url: `/api/v1/cases/${c.caseId}/actions/record_evidence`,
      payload: { expectedVersion: await versionOf(w, c.caseId), kind: 'interview_record', title: '对举报线索的核实笔录', source: '调查组询问', collectedOn: '2025-09-01', textContent: '核实举报线索：举报人反映罚款明显不当。' },
    });
    expect(secret.statusCode, secret.body).toBe(200);
    const rel = await t.as('clerk', { method: 'POST', url: '/api/v1/relationships', payload: { userId: t.userIds.decider2, relatedPersonId: w.fx.handler.id, kind: 'close_relative', note: '配偶' } });
    expect(rel.statusCode, rel.body).toBe(201);
    expect((await t.as('clerk2', { method: 'POST', url: `/api/v1/cases/${c.caseId}/recusals/self`, payload: { reason: '与被调查人系同学' } })).statusCode).toBeLessThan(300);

    const full = await view('decider3', c.caseId);
    expect(full.summary).toBe(REPORT);
    expect(full.evidence.map((e: { title: string }) => e.title)).toContain('对举报线索的核实笔录');
    expect((await listed('decider3', '核实举报线索')).map((x) => x.id)).toContain(c.caseId);
    for (const user of ['decider4', 'decider2', 'clerk2']) {
      const v = await view(user, c.caseId);
      expect(v.summary, user).toBeNull();
      expect(v.evidence.map((e: { title: string }) => e.title), user).not.toContain('对举报线索的核实笔录');
      expect(v.team, user).toEqual([]);
      // the full-text search does not match the evidence of a case they stand aside from (no probing)
      expect((await listed(user, '核实举报线索')).map((x) => x.id), user).not.toContain(c.caseId);
      // … but the case is still found by its number
      expect((await listed(user, c.number)).map((x) => x.id), user).toContain(c.caseId);
      expect((await listed(user)).find((x) => x.id === c.caseId)?.summary, user).toBeNull();
    }
  });

  /** The case ids a list filter finds for this user: the list, its Excel export (numbers), a person's profile, the statistics' drill by unit. */
  const found = {
    list: async (user: string, filter: Record<string, string>) => {
      const r = await get(user, `/api/v1/cases?${new URLSearchParams({ ...filter, pageSize: '200' }).toString()}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as { id: string }[]).map((x) => x.id);
    },
    exported: async (user: string, filter: Record<string, string>) => {
      const r = await get(user, `/api/v1/excel/cases/export?${new URLSearchParams(filter).toString()}`);
      expect(r.statusCode, r.body).toBe(200);
      const numbers: string[] = [];
      (await readWorkbook(r.rawPayload)).worksheets[0]!.eachRow((row, n) => {
        if (n > 1) numbers.push(row.getCell(1).text);
      });
      return numbers;
    },
    profile: async (user: string, personId: string) => {
      const r = await get(user, `/api/v1/people/${personId}/profile`);
      expect(r.statusCode, r.body).toBe(200);
      const p = r.json();
      return { cases: (p.accountabilityCases as { caseId: string }[]).map((x) => x.caseId), sanctions: (p.sanctions as { caseId: string }[]).map((x) => x.caseId) };
    },
    drill: async (user: string, unitId: string) => {
      const r = await get(user, `/api/v1/stats/drill?year=2025&table=byUnit&key=${encodeURIComponent(unitId)}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as { caseId: string }[]).map((x) => x.caseId);
    },
  };

  it('FL-5(1)/FL-7(7): a decider who is a co-subject does not learn from the list’s subject or unit filter, the export, a colleague’s profile or the statistics’ drill whether that colleague is a co-subject of the case he stands aside from; his own record still matches, and a clerk’s filters match every subject', async () => {
    await t.addUser('decider4', ['decider']);
    const leaderPerson = t.personIds.decider4!;
    const handler = w.fx.handler.id;
    const both = await makeCase(w, { to: 'executing', subjects: [handler, leaderPerson], drive: { on: '2025-09-01' } });
    const alone = await makeCase(w, { to: 'executing', subjects: [handler], drive: { on: '2025-09-01' } });
    const subjects = (await view('clerk', both.caseId)).subjects as { personId: string; unitId: string }[];
    const leaderUnit = subjects.find((x) => x.personId === leaderPerson)!.unitId;
    const handlerUnit = subjects.find((x) => x.personId === handler)!.unitId;
    expect(leaderUnit).not.toBe(handlerUnit);

    // the decider: by the colleague or the colleague's unit, only the case he reads in full
    for (const filter of [{ subjectPersonId: handler }, { unitId: handlerUnit }] as Record<string, string>[]) {
      const ids = await found.list('decider4', filter);
      expect(ids, JSON.stringify(filter)).toContain(alone.caseId);
      expect(ids, JSON.stringify(filter)).not.toContain(both.caseId);
      const numbers = await found.exported('decider4', filter);
      expect(numbers, JSON.stringify(filter)).toContain(alone.number);
      expect(numbers, JSON.stringify(filter)).not.toContain(both.number);
    }
    // … searching by its number too
    expect(await found.list('decider4', { subjectPersonId: handler, q: both.number })).toEqual([]);
    expect(await found.list('decider4', { q: both.number })).toEqual([both.caseId]);
    // by himself or his own unit: the case he stands aside from, as its subject sees it
    for (const filter of [{ subjectPersonId: leaderPerson }, { unitId: leaderUnit }] as Record<string, string>[]) expect(await found.list('decider4', filter), JSON.stringify(filter)).toEqual([both.caseId]);
    // the colleague's profile: not that case, nor the colleague's decision in it; his own profile lists it
    expect(await found.profile('decider4', handler)).toEqual({ cases: [alone.caseId], sanctions: [alone.caseId] });
    expect((await found.profile('decider4', leaderPerson)).cases).toEqual([both.caseId]);
    // the statistics' drill by the colleague's unit lists only the case he reads in full; by his own unit, his own
    expect(await found.drill('decider4', handlerUnit)).toEqual([alone.caseId]);
    expect(await found.drill('decider4', leaderUnit)).toEqual([both.caseId]);
    // and the drill's items about a subject (faults found, forms decided, FL-14 bars) name in that case only himself
    const stats = (await get('clerk', '/api/v1/stats?year=2025')).json() as { tables: { id: string; rows: { key: string; count: number }[] }[] };
    const names = { handler: w.fx.handler.name, own: (subjects as { personId: string; name?: string }[]).find((x) => x.personId === leaderPerson)?.name };
    const drilled = async (user: string) => {
      const out: { caseId: string; subjectName: string | null }[] = [];
      for (const table of ['byFault', 'byForm', 'awardBars']) {
        for (const row of stats.tables.find((x) => x.id === table)!.rows.filter((r) => r.count > 0)) {
          const r = await get(user, `/api/v1/stats/drill?year=2025&table=${table}&key=${encodeURIComponent(row.key)}`);
          expect(r.statusCode, r.body).toBe(200);
          out.push(...(r.json().items as { caseId: string; subjectName: string | null }[]).filter((x) => x.caseId === both.caseId));
        }
      }
      return out.map((x) => x.subjectName);
    };
    const asDecider = await drilled('decider4');
    expect(asDecider.length).toBeGreaterThan(0);
    expect(new Set(asDecider)).toEqual(new Set([names.own]));
    expect(await drilled('clerk')).toContain(names.handler);

    // a clerk without a ground: every subject matches, everywhere
    for (const filter of [{ subjectPersonId: handler }, { unitId: handlerUnit }] as Record<string, string>[]) {
      expect((await found.list('clerk', filter)).sort(), JSON.stringify(filter)).toEqual([both.caseId, alone.caseId].sort());
      expect((await found.exported('clerk', filter)).sort(), JSON.stringify(filter)).toEqual([both.number, alone.number].sort());
    }
    expect((await found.list('clerk', { unitId: leaderUnit }))).toEqual([both.caseId]);
    expect((await found.profile('clerk', handler)).cases.sort()).toEqual([both.caseId, alone.caseId].sort());
    expect((await found.drill('clerk', handlerUnit)).sort()).toEqual([both.caseId, alone.caseId].sort());
  });

  it('FL-5(1)/FL-7(7): a subject filtering his own cases by a co-subject or the co-subject’s unit finds none of them; by himself or his own unit he finds them; the investigation team’s filters match every subject', async () => {
    await t.addUser('decider4', ['decider']);
    const handler = w.fx.handler.id;
    const leaderPerson = t.personIds.decider4!;
    const c = await makeCase(w, { to: 'investigating', subjects: [handler, leaderPerson], drive: { on: '2025-09-01' } });
    const subjects = (await view('clerk', c.caseId)).subjects as { personId: string; unitId: string }[];
    const otherUnit = subjects.find((x) => x.personId === leaderPerson)!.unitId;
    const ownUnit = subjects.find((x) => x.personId === handler)!.unitId;
    expect(await found.list('subject', {})).toEqual([c.caseId]);
    expect(await found.list('subject', { subjectPersonId: leaderPerson })).toEqual([]);
    expect(await found.list('subject', { unitId: otherUnit })).toEqual([]);
    expect(await found.exported('subject', { subjectPersonId: leaderPerson })).toEqual([]);
    expect(await found.list('subject', { subjectPersonId: handler })).toEqual([c.caseId]);
    expect(await found.list('subject', { unitId: ownUnit })).toEqual([c.caseId]);
    // the investigator on its team reads it in full: every subject matches
    expect(await found.list('investigator', { subjectPersonId: leaderPerson })).toEqual([c.caseId]);
    expect(await found.list('investigator', { unitId: otherUnit })).toEqual([c.caseId]);
  });
});
