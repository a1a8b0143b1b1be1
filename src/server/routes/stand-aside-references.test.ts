// FL-5(1), FL-7(7), FL-14: a member of staff with a ground to stand aside from a case reads it as
// its subject — his own subject record only (stand-aside-reading.test.ts). A red-team walk found
// the other reads still tying a colleague to that case: the colleague's certificate and post
// history named it (id, number, a reason quoting the number), the award-bars report listed the
// colleague with it, an alert counting the colleague's cases carried its id, and the statistics'
// drill counted it while listing nothing. Here a second main leader is a co-subject with the
// handler: what the leader needs for his duties stays (the suspension, the bar, the count), the
// case does not; his own records still name it, and a clerk without a ground sees every reference.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld, type MadeCase } from '../../../test/factories/cases';
import { readWorkbook } from '../../../test/factories/excel';
import { evaluateAlerts } from '../../services/alerts/alerts-service';

describe.each(engines)('a case one stands aside from is not named on a colleague’s records (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-30T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const get = async (user: string, url: string) => {
    const r = await t.as(user, { method: 'GET', url });
    expect(r.statusCode, `${user} ${url}: ${r.body}`).toBe(200);
    return r;
  };
  const act = async (user: string, caseId: string, action: string, body: Record<string, unknown>) => {
    const r = await t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, payload: { expectedVersion: await versionOf(w, caseId), backdateReason: '按执行记录补录', ...body } });
    expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    return r.json();
  };

  /**
   * leader2 (a main leader's account with its register person) is a co-subject with the handler of
   * `both`: the handler's certificate suspended and post changed by its decision, his FL-14 bar;
   * `alone` and `third` are the handler's alone (three cases in the year: the alerts).
   */
  async function world(): Promise<{ L: string; handler: string; both: MadeCase; alone: MadeCase; third: MadeCase; handlerUnit: string; leaderUnit: string }> {
    await t.addUser('leader2', ['leader']);
    const L = t.personIds.leader2!;
    const handler = w.fx.handler.id;
    const both = await makeCase(w, { tracks: ['FL', 'WC'], source: 'wc5', to: 'executing', subjects: [handler, L], drive: { on: '2025-09-10', forms: { [handler]: ['WC-10(4)', 'WC-10(5)', 'FL-6(2)'] } } });
    const items = ((await get('clerk', `/api/v1/cases/${both.caseId}`)).json().executionItems as { id: string; kind: string; subjectPersonId: string }[]).filter((i) => i.subjectPersonId === handler);
    const item = (kind: string) => items.find((i) => i.kind === kind)!.id;
    await act('clerk', both.caseId, 'complete_execution_item', { itemId: item('certificate_suspension'), doneOn: '2025-09-15', suspendTo: '2025-10-14' });
    await act('clerk', both.caseId, 'complete_execution_item', { itemId: item('post_change'), doneOn: '2025-09-16', newPost: '综合内勤' });
    // a register edit afterwards, its typed reason quoting the case's number (the case is not on the entry)
    const person = (await get('clerk', `/api/v1/people/${handler}`)).json();
    const moved = await t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${handler}`, payload: { post: '执法队员', version: person.version, postChangeReason: `${both.number} 执行完毕，恢复执法岗位` } });
    expect(moved.statusCode, moved.body).toBe(200);
    const alone = await makeCase(w, { to: 'executing', subjects: [handler], drive: { on: '2025-09-11' } });
    const third = await makeCase(w, { to: 'executing', subjects: [handler], drive: { on: '2025-09-12' } });
    const subjects = (await get('clerk', `/api/v1/cases/${both.caseId}`)).json().subjects as { personId: string; unitId: string }[];
    const handlerUnit = subjects.find((s) => s.personId === handler)!.unitId;
    const leaderUnit = subjects.find((s) => s.personId === L)!.unitId;
    expect(leaderUnit).not.toBe(handlerUnit);
    return { L, handler, both, alone, third, handlerUnit, leaderUnit };
  }

  it('FL-5(1)/FL-7(7): a leader who is a co-subject reads the colleague’s certificate and post history — person page, certificate, post history, profile and its export — with the suspension and the move but neither the case’s id, number nor a reason quoting it; his own history and a clerk’s read name the case', async () => {
    const { L, handler, both } = await world();
    type Change = { toStatus: string; effectiveDate: string; reason: string; reference: string | null; caseId: string | null };
    type Post = { reason: string; caseId: string | null; executionItemId?: string | null };
    const certHistory = async (user: string) => ((await get(user, `/api/v1/people/${handler}`)).json().certificates as { id: string; history: Change[] }[]).flatMap((c) => c.history);
    const certId = ((await get('clerk', `/api/v1/people/${handler}`)).json().certificates as { id: string }[])[0]!.id;

    // the clerk: every reference
    const asClerk = await certHistory('clerk');
    expect(asClerk.filter((h) => h.caseId === both.caseId).map((h) => [h.toStatus, h.effectiveDate, h.reference])).toEqual([
      ['suspended', '2025-09-15', both.number],
      ['valid', '2025-10-15', both.number],
    ]);
    expect(((await get('clerk', `/api/v1/certificates/${certId}`)).json().history as Change[]).some((h) => h.caseId === both.caseId)).toBe(true);
    const clerkPosts = (await get('clerk', `/api/v1/people/${handler}/post-history`)).json().items as Post[];
    expect(clerkPosts.map((p) => p.caseId)).toContain(both.caseId);
    expect(clerkPosts.map((p) => p.reason).join('|')).toContain(both.number);

    // the co-subject leader: the changes stay, the case does not
    const asLeader = await certHistory('leader2');
    expect(asLeader.map((h) => [h.toStatus, h.effectiveDate])).toEqual(asClerk.map((h) => [h.toStatus, h.effectiveDate]));
    const suspension = asLeader.find((h) => h.toStatus === 'suspended' && h.effectiveDate === '2025-09-15')!;
    expect(suspension).toMatchObject({ reason: '问责处理决定', reference: null, caseId: null });
    const certOne = (await get('leader2', `/api/v1/certificates/${certId}`)).json().history as Change[];
    const posts = (await get('leader2', `/api/v1/people/${handler}/post-history`)).json().items as Post[];
    expect(posts.length).toBe(clerkPosts.length);
    expect(posts.find((p) => p.reason === '问责处理决定')).toMatchObject({ caseId: null, executionItemId: null });
    expect(posts.some((p) => p.reason.includes('另案 执行完毕'))).toBe(true);
    const profile = (await get('leader2', `/api/v1/people/${handler}/profile`)).json();
    const xlsx = await t.as('leader2', { method: 'GET', url: `/api/v1/people/${handler}/profile.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const cells: string[] = [];
    for (const ws of (await readWorkbook(xlsx.rawPayload)).worksheets) ws.eachRow((row) => row.eachCell((c) => void cells.push(c.text)));
    expect(cells.join('|')).toContain('问责处理决定');
    for (const [what, body] of [
      ['person page', JSON.stringify(asLeader)],
      ['certificate', JSON.stringify(certOne)],
      ['post history', JSON.stringify(posts)],
      ['profile', JSON.stringify({ posts: profile.posts, certificates: profile.certificates })],
      ['profile export', cells.join('|')],
    ] as const) {
      expect(body, what).not.toContain(both.caseId);
      expect(body, what).not.toContain(both.number);
    }
    // a clerk's profile of the colleague names it
    const clerkProfile = (await get('clerk', `/api/v1/people/${handler}/profile`)).json();
    expect(JSON.stringify(clerkProfile.certificates)).toContain(both.number);
    expect(JSON.stringify(clerkProfile.posts)).toContain(both.number);

    // a register keeper who stood aside from the case: his refusals name it no more than his reads
    await t.addUser('clerk2', ['clerk']);
    expect((await t.as('clerk2', { method: 'POST', url: `/api/v1/cases/${both.caseId}/recusals/self`, payload: { reason: '与被调查人系同学' } })).statusCode).toBeLessThan(300);
    expect(JSON.stringify(await certHistory('clerk2'))).not.toContain(both.number);
    const refusals = async (user: string) => {
      const cut = await t.as(user, { method: 'PATCH', url: `/api/v1/certificates/${certId}`, payload: { validTo: '2025-09-01' } });
      const fresh = await t.as(user, { method: 'POST', url: '/api/v1/certificates', payload: { number: '渝执2025NEW09', personId: handler, issuingAuthority: '重庆市人民政府', validFrom: '2025-09-20', validTo: '2030-09-01' } });
      expect([cut.statusCode, fresh.statusCode], `${cut.body} ${fresh.body}`).toEqual([422, 422]);
      return [cut.json().error.messageZh as string, fresh.json().error.messageZh as string];
    };
    for (const m of await refusals('clerk')) expect(m).toContain(both.number);
    for (const m of await refusals('clerk2')) {
      expect(m).toContain('暂扣');
      expect(m).not.toContain(both.number);
    }

    // his own records still name the case (his own subject record shows from the subject's perspective)
    const own = (await get('leader2', `/api/v1/people/${L}/profile`)).json();
    expect((own.accountabilityCases as { caseId: string }[]).map((c) => c.caseId)).toEqual([both.caseId]);
  });

  it('FL-14/FL-5(1): the award-bars report still tells the co-subject leader that the colleague is barred for the year, with 另案 in place of the case he stands aside from; his own bar and the clerk’s report name it', async () => {
    const { handler, handlerUnit, leaderUnit, both, alone, third } = await world();
    type Ref = { caseId: string | null; number: string; citation: string; withheld?: boolean };
    type Report = { people: { personId: string; awards: boolean; cases: Ref[] }[]; units: { unitId: string; cases: Ref[] }[] };
    const report = async (user: string) => (await get(user, '/api/v1/reports/award-bars?year=2025')).json() as Report;

    const clerk = await report('clerk');
    const clerkRow = clerk.people.find((p) => p.personId === handler)!;
    expect(clerkRow.cases.map((c) => c.caseId).sort()).toEqual([both.caseId, alone.caseId, third.caseId].sort());
    expect(JSON.stringify(clerk)).toContain(both.number);

    const leader = await report('leader2');
    const row = leader.people.find((p) => p.personId === handler)!;
    // FL-14: he may not give the colleague an award this year — the bar stands
    expect(row.awards).toBe(true);
    expect(row.cases.filter((c) => c.caseId !== null).map((c) => c.caseId).sort()).toEqual([alone.caseId, third.caseId].sort());
    // … from a case he stands aside from, not named, and after the named ones
    expect(row.cases.at(-1)).toEqual({ caseId: null, number: '另案', citation: 'FL-14', withheld: true });
    // the colleague's unit is barred as a collective: by the named cases and 另案
    const unitRow = leader.units.find((u) => u.unitId === handlerUnit)!;
    expect(unitRow.cases.at(-1)).toEqual({ caseId: null, number: '另案', citation: 'FL-14', withheld: true });
    expect(clerk.units.find((u) => u.unitId === handlerUnit)!.cases.map((c) => c.caseId)).toContain(both.caseId);
    expect(leader.people.length).toBe(clerk.people.length);
    expect(leader.units.length).toBe(clerk.units.length);
    const body = JSON.stringify({ row, unitRow });
    expect(body).not.toContain(both.caseId);
    expect(body).not.toContain(both.number);
    // his own unit's bar, ordered through his own record, names the case
    expect(leader.units.find((u) => u.unitId === leaderUnit)!.cases.map((c) => c.caseId)).toContain(both.caseId);
  });

  it('FL-5(1)/FL-7(7): an alert counting the colleague’s (or his unit’s) cases keeps its count for the co-subject leader but carries neither the id nor the number of the case he stands aside from; the clerk’s alert carries all', async () => {
    const { handler, handlerUnit, both, alone, third } = await world();
    await evaluateAlerts(t.deps, t.clock.now());
    type Alert = { rule: string; personId: string | null; unitId: string | null; titleZh: string; detail: { caseIds?: string[]; caseNumbers?: string[]; withheldCases?: number } };
    const alerts = async (user: string) => (await get(user, '/api/v1/alerts')).json().items as Alert[];
    const officer = (list: Alert[]) => list.find((a) => a.rule === 'officer_cases' && a.personId === handler)!;
    const unit = (list: Alert[]) => list.find((a) => a.rule === 'unit_cases' && a.unitId === handlerUnit)!;

    const clerk = await alerts('clerk');
    expect(officer(clerk).detail.caseIds!.sort()).toEqual([both.caseId, alone.caseId, third.caseId].sort());
    expect(officer(clerk).detail.caseNumbers).toContain(both.number);
    expect(officer(clerk).detail.withheldCases).toBeUndefined();
    expect(unit(clerk).detail.caseIds).toContain(both.caseId);

    const leader = await alerts('leader2');
    for (const a of [officer(leader), unit(leader)]) {
      expect(a.titleZh).toContain('被问责案件 3 件');
      expect(a.detail.caseIds!.sort()).toEqual([alone.caseId, third.caseId].sort());
      expect(a.detail.withheldCases).toBe(1);
      expect(JSON.stringify(a)).not.toContain(both.caseId);
      expect(JSON.stringify(a)).not.toContain(both.number);
    }
    // the colleague's profile shows the alert the same way
    const profile = (await get('leader2', `/api/v1/people/${handler}/profile`)).json();
    expect(JSON.stringify(profile.alerts)).not.toContain(both.caseId);
    expect(JSON.stringify(profile.alerts)).toContain(alone.caseId);
  });

  it('FL-5(1)/FL-7(7): the statistics’ drill lists for the co-subject leader what he may be shown, counts it as the list, and says how many of the figure’s items are withheld — naming none; repeat subjects and departures name the case as 另案 or not at all; the clerk’s drill is the whole figure', async () => {
    const { handler, handlerUnit, both, alone, third } = await world();
    type Drill = { count: number; withheld: number; items: { caseId: string | null; subjectName: string | null }[] };
    const drill = async (user: string, table: string, key: string) => (await get(user, `/api/v1/stats/drill?year=2025&table=${table}&key=${encodeURIComponent(key)}`)).json() as Drill;
    const stats = (await get('leader2', '/api/v1/stats?year=2025')).json() as { tables: { id: string; rows: { key: string; count: number }[] }[] };
    const figure = (table: string, key: string) => stats.tables.find((x) => x.id === table)!.rows.find((r) => r.key === key)!.count;

    for (const [table, key] of [
      ['byUnit', handlerUnit],
      ['awardBars', `${handlerUnit}|award_bar_person`],
    ] as const) {
      const clerk = await drill('clerk', table, key);
      expect(clerk.count, table).toBe(figure(table, key));
      expect(clerk.withheld, table).toBe(0);
      expect(clerk.items.map((i) => i.caseId), table).toContain(both.caseId);
      const leader = await drill('leader2', table, key);
      // the list's count is what is listed; the withheld items complete the figure
      expect(leader.count, table).toBe(leader.items.length);
      expect(leader.count + leader.withheld, table).toBe(figure(table, key));
      expect(leader.withheld, table).toBe(1);
      expect(leader.items.map((i) => i.caseId).sort(), table).toEqual([alone.caseId, third.caseId].sort());
    }

    // repeat subjects: the colleague has three cases; the one the leader stands aside from reads 另案
    type Repeat = { people: { personId: string; count: number; cases: { caseId: string | null; number: string; withheld: boolean }[] }[] };
    const repeat = async (user: string) => ((await get(user, '/api/v1/stats/repeat-subjects?from=2025&to=2025')).json() as Repeat).people.find((p) => p.personId === handler)!;
    expect((await repeat('clerk')).cases.map((c) => c.caseId)).toContain(both.caseId);
    const rep = await repeat('leader2');
    expect(rep.count).toBe(3);
    expect(rep.cases.at(-1)).toMatchObject({ caseId: null, number: '另案', withheld: true });
    expect(JSON.stringify(rep)).not.toContain(both.number);
    const exported = await t.as('leader2', { method: 'GET', url: '/api/v1/stats/repeat-subjects/export?from=2025&to=2025' });
    expect(exported.statusCode).toBe(200);
    const cells: string[] = [];
    (await readWorkbook(exported.rawPayload)).worksheets[0]!.eachRow((row) => row.eachCell((c) => void cells.push(c.text)));
    expect(cells.join('|')).toContain('另案');
    expect(cells.join('|')).not.toContain(both.number);

    // departures: the colleague's decision item in that case is not listed for him
    type Departure = { caseId: string; subjectPersonId: string };
    const departures = async (user: string) => ((await get(user, '/api/v1/reports/departures?year=2025')).json().items as Departure[]).filter((d) => d.caseId === both.caseId && d.subjectPersonId === handler);
    expect((await departures('clerk')).length).toBeGreaterThan(0);
    expect(await departures('leader2')).toEqual([]);
  });
});
