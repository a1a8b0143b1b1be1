// Supervisors (issue 11 point 4): a supervising organisation (区司法局 执法监督科) reads its
// subtree read-only — cases, registers, statistics rolled up and per organisation, departures,
// overdue list — and never a reporter's identity; the roll-up equals the sum of the
// organisations' own figures. Per-organisation case numbering (point 3).
import { generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../factories/cases';
import { setupDistrict, type District } from '../factories/orgs';
import { spreadsheetText } from './checks';
import { changedTables, digestDatabase } from './db-digest';
import { addDays } from '../../src/calendar/dates';
import { makePerson } from '../factories/registers';

interface StatsBody {
  totals: Record<string, number | null>;
  tables: { id: string; rows: { key: string; count: number }[] }[];
}

const ADDITIVE_TOTALS = ['cases', 'open', 'closed', 'overdueNow', 'backdatedSteps', 'campaignFiles', 'alerts'];
const REPORTER = ['张举报', '13800000000', '巴南区鱼洞街道某小区'];

function byKey(s: StatsBody): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of s.tables) if (t.id !== 'byOrganisation') for (const r of t.rows) m.set(`${t.id}|${r.key}`, (m.get(`${t.id}|${r.key}`) ?? 0) + r.count);
  return m;
}

describe.each(engines)('Supervisors: a district supervisor reads both commissions read-only (%s)', (engine) => {
  let t: TestApp;
  let d: District;
  let b: CaseWorld;
  let a: CaseWorld;
  const bCases: { caseId: string; number: string }[] = [];
  const aCases: { caseId: string; number: string }[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine);
    d = await setupDistrict(t.deps);
    b = await setupCaseWorld(t);
    a = await setupCaseWorld(t, { prefix: 'a_', orgId: d.otherId });
    bCases.push(await makeCase(b, { to: 'notified' }), await makeCase(b, { to: 'registered' }), await makeCase(b));
    aCases.push(await makeCase(a, { to: 'decided' }), await makeCase(a, { to: 'accepted' }));
    await t.addUser('overseer', ['oversight'], null, d.districtId);
  }, 300_000);
  afterAll(async () => t?.close());

  it('Organisations: case numbers count per organisation and year, each with its own prefix', () => {
    expect(bCases.map((c) => c.number)).toEqual(['巴住建问〔2025〕1号', '巴住建问〔2025〕2号', '巴住建问〔2025〕3号']);
    expect(aCases.map((c) => c.number)).toEqual(['巴交问〔2025〕1号', '巴交问〔2025〕2号']);
  });

  it('Supervisors: roll-up statistics equal the sum of the organisations’ own (totals and every table)', async () => {
    const get = async (who: string, q = ''): Promise<StatsBody> => {
      const r = await t.as(who, { method: 'GET', url: `/api/v1/stats?year=2025${q}` });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as StatsBody;
    };
    const rollUp = await get('overseer');
    const perOrg = [await get('overseer', `&orgId=${d.bananId}`), await get('overseer', `&orgId=${d.otherId}`)];
    const own = [await get('clerk'), await get('a_clerk')];
    expect(rollUp.totals.cases).toBe(5);
    for (const k of ADDITIVE_TOTALS) expect(rollUp.totals[k], k).toBe((perOrg[0]!.totals[k] as number) + (perOrg[1]!.totals[k] as number));
    // the supervisor's view of one organisation is that organisation's own figures
    for (const i of [0, 1]) {
      for (const k of ADDITIVE_TOTALS) expect(perOrg[i]!.totals[k], `${k} of organisation ${i}`).toBe(own[i]!.totals[k]);
      expect(byKey(perOrg[i]!)).toEqual(byKey(own[i]!));
    }
    const sum = new Map(byKey(perOrg[0]!));
    for (const [k, v] of byKey(perOrg[1]!)) sum.set(k, (sum.get(k) ?? 0) + v);
    expect(byKey(rollUp)).toEqual(sum);
    const byOrg = rollUp.tables.find((x) => x.id === 'byOrganisation');
    expect(byOrg?.rows.map((r) => [r.key, r.count])).toEqual([
      [d.bananId, 3],
      [d.otherId, 2],
    ]);
    expect(own[0]!.tables.some((x) => x.id === 'byOrganisation'), 'a commission sees no organisation table').toBe(false);
  });

  it('Supervisors: the statistics export works at every level of the tree', async () => {
    for (const q of ['', `&orgId=${d.bananId}`, `&orgId=${d.otherId}`]) {
      const r = await t.as('overseer', { method: 'GET', url: `/api/v1/stats/export?year=2025${q}` });
      expect(r.statusCode).toBe(200);
      expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    }
    const c = await t.as('a_clerk', { method: 'GET', url: `/api/v1/stats/export?year=2025&orgId=${d.bananId}` });
    expect(c.statusCode).toBe(200);
    expect(((await t.as('a_clerk', { method: 'GET', url: `/api/v1/stats?year=2025&orgId=${d.bananId}` })).json() as StatsBody).totals.cases, 'another organisation narrows to nothing').toBe(0);
  });

  it('Supervisors: reads the cases, registers, departures report and overdue queue of the whole subtree', async () => {
    const list = (await t.as('overseer', { method: 'GET', url: '/api/v1/cases?pageSize=100' })).json() as { items: { id: string }[] };
    expect(list.items.map((i) => i.id).sort()).toEqual([...bCases, ...aCases].map((c) => c.caseId).sort());
    for (const c of [...bCases, ...aCases]) expect((await t.as('overseer', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).statusCode).toBe(200);
    const people = (await t.as('overseer', { method: 'GET', url: '/api/v1/people?pageSize=200' })).json() as { items: { id: string }[] };
    expect(people.items.map((p) => p.id)).toEqual(expect.arrayContaining([b.fx.handler.id, a.fx.handler.id]));
    for (const url of ['/api/v1/reports/departures?year=2025', '/api/v1/reports/award-bars?year=2025', '/api/v1/queue', '/api/v1/units', '/api/v1/original-cases', '/api/v1/orgs']) {
      expect((await t.as('overseer', { method: 'GET', url })).statusCode, url).toBe(200);
    }
    const orgs = (await t.as('overseer', { method: 'GET', url: '/api/v1/orgs' })).json() as { items: { id: string }[] };
    expect(orgs.items.map((o) => o.id).sort()).toEqual([d.districtId, d.bananId, d.otherId].sort());
    const me = (await t.as('overseer', { method: 'GET', url: '/api/v1/auth/me' })).json() as { org: { id: string; scopeSize: number } };
    expect(me.org).toMatchObject({ id: d.districtId, scopeSize: 3 });
  });

  it('Supervisors: open the officer profiles of their subtree (issue 12 point 4); a commission’s staff only their own', async () => {
    for (const person of [b.fx.handler.id, a.fx.handler.id]) {
      const r = await t.as('overseer', { method: 'GET', url: `/api/v1/people/${person}/profile` });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().person.id).toBe(person);
    }
    const theirs = (await t.as('overseer', { method: 'GET', url: `/api/v1/people/${a.fx.handler.id}/profile` })).json();
    expect(theirs.accountabilityCases.map((c: { number: string }) => c.number).sort()).toEqual(aCases.map((c) => c.number).sort());
    expect(theirs.alerts).toBeNull();
    expect((await t.as('a_clerk', { method: 'GET', url: `/api/v1/people/${b.fx.handler.id}/profile` })).statusCode).toBe(404);
  });

  it('Supervisors: read-only — no step, no intake, no register write, no document', async () => {
    const c = bCases[1]!;
    const version = (await t.as('overseer', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json().version as number;
    const tries = [
      { method: 'POST' as const, url: '/api/v1/cases', payload: { source: 'report', channel: 'letter', receivedOn: '2025-09-01', summary: '举报某执法人员滥用职权。', reporter: { anonymous: true } } },
      { method: 'POST' as const, url: `/api/v1/cases/${c.caseId}/actions/report_to_leader`, payload: { expectedVersion: version, reportedOn: '2025-09-02' } },
      { method: 'POST' as const, url: '/api/v1/people', payload: { name: '某人', unitId: b.fx.handler.unitId } },
      { method: 'POST' as const, url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'registration_form' } },
    ];
    const before = await digestDatabase(t.deps.db);
    for (const req of tries) {
      const r = await t.as('overseer', req);
      expect(r.statusCode, `${req.url}: ${r.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
    expect(changedTables(before, await digestDatabase(t.deps.db)).filter((x) => x !== 'sessions')).toEqual([]);
    expect((await t.as('overseer', { method: 'POST', url: '/api/v1/cases', payload: tries[0]!.payload })).statusCode, 'no intake: FORBIDDEN').toBe(403);
  });

  it('Supervisors: never see a reporter’s identity — not on the reporter route, not in any case view, list, timeline or document list', async () => {
    for (const c of [...bCases, ...aCases]) {
      expect((await t.as('overseer', { method: 'GET', url: `/api/v1/cases/${c.caseId}/reporter` })).statusCode).toBeGreaterThanOrEqual(400);
      for (const url of [`/api/v1/cases/${c.caseId}`, `/api/v1/cases/${c.caseId}/timeline`, `/api/v1/cases/${c.caseId}/documents`, '/api/v1/cases', '/api/v1/queue']) {
        const body = (await t.as('overseer', { method: 'GET', url })).body;
        for (const s of REPORTER) expect(body.includes(s), `${url} shows ${s}`).toBe(false);
      }
    }
  });

  it('Supervisors: never read the report’s own words — the reporter writes them and often names himself; the commission’s clerk reads them', async () => {
    const words = '我是王小举，电话13912345678，反映执法人员收受好处费。';
    const made = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: { source: 'report', channel: 'letter', receivedOn: '2025-09-01', summary: words, reporter: { anonymous: false, name: '王小举', phone: '13912345678' } } });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().case.id as string;
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${id}` })).json().summary).toBe(words);
    const view = await t.as('overseer', { method: 'GET', url: `/api/v1/cases/${id}` });
    expect(view.statusCode).toBe(200);
    expect(view.json().summary).toBeNull();
    for (const url of [`/api/v1/cases/${id}`, '/api/v1/cases?pageSize=100', `/api/v1/cases/${id}/timeline`]) {
      const body = (await t.as('overseer', { method: 'GET', url })).body;
      for (const s of ['王小举', '13912345678', '收受好处费']) expect(body.includes(s), `${url} shows ${s}`).toBe(false);
    }
  });

  it('Organisations: the commission’s own staff read only their organisation', async () => {
    const mine = (await t.as('a_clerk', { method: 'GET', url: '/api/v1/cases?pageSize=100' })).json() as { items: { id: string }[] };
    expect(mine.items.map((i) => i.id).sort()).toEqual(aCases.map((c) => c.caseId).sort());
    expect((await t.as('a_clerk', { method: 'GET', url: `/api/v1/cases/${bCases[0]!.caseId}` })).statusCode).toBe(404);
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${aCases[0]!.caseId}` })).statusCode).toBe(404);
  });

  it('Organisations, FL-14: repeat subjects (people with two or more cases) and their export are of the caller’s organisations — a commission its own, a supervisor the subtree or the one organisation asked for', async () => {
    interface Repeat { people: { personId: string; cases: { number: string }[] }[] }
    const repeat = async (who: string, q = ''): Promise<Repeat> => {
      const r = await t.as(who, { method: 'GET', url: `/api/v1/stats/repeat-subjects?from=2025&to=2025${q}` });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Repeat;
    };
    const numbers = (r: Repeat): string[] => r.people.flatMap((p) => p.cases.map((c) => c.number)).sort();
    const bNumbers = bCases.map((c) => c.number);
    const aNumbers = aCases.map((c) => c.number);
    const mine = await repeat('a_clerk');
    expect(mine.people.map((p) => p.personId)).toEqual([a.fx.handler.id]);
    expect(numbers(mine)).toEqual([...aNumbers].sort());
    expect(numbers(await repeat('clerk')).every((n) => bNumbers.includes(n))).toBe(true);
    expect((await repeat('a_clerk', `&orgId=${d.bananId}`)).people, 'another organisation narrows to nothing').toEqual([]);
    const all = numbers(await repeat('overseer'));
    for (const n of aNumbers) expect(all).toContain(n);
    expect(all.some((n) => bNumbers.includes(n))).toBe(true);
    expect(numbers(await repeat('overseer', `&orgId=${d.otherId}`))).toEqual([...aNumbers].sort());
    const x = await t.as('a_clerk', { method: 'GET', url: '/api/v1/stats/repeat-subjects/export?from=2025&to=2025' });
    expect(x.statusCode).toBe(200);
    const text = await spreadsheetText(x.rawPayload);
    expect(text).toContain(aNumbers[0]!);
    for (const n of bNumbers) expect(text, `the export names ${n}`).not.toContain(n);
  });

  it('Supervisors, FL-14: the figures of the one organisation asked for leave out the other organisations’ imported history (imported decisions, award bars, repeat subjects)', async () => {
    const k = t.deps.db.kysely;
    const at = '2025-09-01T00:00:00.000Z';
    for (const n of [1, 2]) {
      const id = `01JHISTB00000000000000000${n}`;
      await k.insertInto('historical_decisions').values({ id, case_number: `巴住建历〔2025〕${n}号`, title: null, unit_id: null, conduct_date: '2025-01-01', decided_on: `2025-0${n}-15`, source: 'import', import_id: 'test', imported_by: 'system', imported_at: at, org_id: d.bananId }).execute();
      await k.insertInto('historical_decision_subjects').values({ id: `${id}S`, decision_id: id, person_id: b.fx.handler.id, unit_id: null, forms: '["FL-6(1)"]', no_accountability: 0, award_bar_year: 2025, unit_award_bar: 0 }).execute();
    }
    const stats = async (q: string) => (await t.as('overseer', { method: 'GET', url: `/api/v1/stats?year=2025${q}` })).json() as StatsBody;
    expect((await stats('')).totals.importedDecisions).toBe(2);
    const other = await stats(`&orgId=${d.otherId}`);
    expect(other.totals.importedDecisions).toBe(0);
    for (const id of ['awardBars', 'importedByForm']) expect(other.tables.find((x) => x.id === id)?.rows.filter((r) => r.count > 0), id).toEqual([]);
    const rep = (await t.as('overseer', { method: 'GET', url: `/api/v1/stats/repeat-subjects?from=2025&to=2025&orgId=${d.otherId}` })).json() as { people: { cases: { number: string }[] }[] };
    expect(rep.people.flatMap((p) => p.cases.map((c) => c.number)).filter((n) => n.startsWith('巴住建'))).toEqual([]);
  });
});

describe.each(engines)('Supervisors: the home page lists the subtree’s deadlines (%s)', (engine) => {
  interface QueueBody {
    counts: { waiting: number; dueSoon: number; overdue: number };
    waiting: unknown[];
    overdue: { caseId: string; deadline: { kind: string; daysLate: number } }[];
    dueSoon: { caseId: string }[];
  }
  let t: TestApp;
  afterAll(async () => t?.close());

  it('Supervisors (督办), FL-16: the overdue list of a district supervisor holds every commission’s overdue cases, each commission’s clerk only their own; no step waits on the supervisor', async () => {
    t = await createTestApp(engine, '2025-09-02T02:00:00.000Z');
    const d = await setupDistrict(t.deps);
    const b = await setupCaseWorld(t);
    const a = await setupCaseWorld(t, { prefix: 'a_', orgId: d.otherId });
    const late = [await makeCase(b, { to: 'investigating' }), await makeCase(a, { to: 'investigating' })];
    await makeCase(b, { to: 'accepted' });
    await t.addUser('overseer', ['oversight'], null, d.districtId);
    // a clerk of the district who also supervises: a clerk there, no clerk of the commissions below
    await t.addUser('d_clerk', ['clerk', 'oversight'], null, d.districtId);
    // FL-16: handled within 60 days of the investigation's start — long past by December
    t.clock.set('2025-12-20T02:00:00.000Z');
    for (const u of ['overseer', 'clerk', 'a_clerk', 'd_clerk']) t.tokens[u] = await t.signIn(u);
    const queue = async (user: string): Promise<QueueBody> => {
      const r = await t.as(user, { method: 'GET', url: '/api/v1/queue?pageSize=200' });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as QueueBody;
    };
    const handlingLate = (q: QueueBody): string[] => q.overdue.filter((o) => o.deadline.kind === 'handling').map((o) => o.caseId).sort();
    const overseer = await queue('overseer');
    expect(handlingLate(overseer)).toEqual(late.map((c) => c.caseId).sort());
    expect(overseer.counts.overdue).toBe(overseer.overdue.length);
    // every overdue deadline either commission's clerk sees, the supervisor sees too
    const clerks = [await queue('clerk'), await queue('a_clerk')];
    expect(overseer.overdue.map((o) => `${o.caseId}|${o.deadline.kind}`).sort()).toEqual(clerks.flatMap((q) => q.overdue.map((o) => `${o.caseId}|${o.deadline.kind}`)).sort());
    expect(handlingLate(clerks[0]!)).toEqual([late[0]!.caseId]);
    expect(handlingLate(clerks[1]!)).toEqual([late[1]!.caseId]);
    expect(overseer.counts.waiting).toBe(0);
    expect(overseer.waiting).toEqual([]);
    const dClerk = await queue('d_clerk');
    expect(dClerk.overdue.map((o) => `${o.caseId}|${o.deadline.kind}`).sort()).toEqual(overseer.overdue.map((o) => `${o.caseId}|${o.deadline.kind}`).sort());
    expect(dClerk.waiting, 'no step of a commission below waits on a clerk of the district').toEqual([]);

    // the same supervisor made a clerk of the Banan commission too: Banan's deadlines come from
    // that membership's part (with the clerk's steps), listed once, not also from the district's
    await t.addUser('d_sec', ['secadmin'], null, d.districtId);
    await t.addUser('d_sys', ['sysadmin'], null, d.districtId);
    // a clerk reads reporters' identities: the account has its second factor before the grant (身份鉴别)
    t.totpSecrets.overseer = generateSecret();
    await t.deps.db.kysely.updateTable('users').set({ totp_secret: t.totpSecrets.overseer, totp_enabled_at: t.clock.now().toISOString() }).where('id', '=', t.userIds.overseer!).execute();
    // and, to hold a casework role, is linked to its holder in the register (FL-5(1))
    const linked = await t.as('d_sys', { method: 'PATCH', url: `/api/v1/users/${t.userIds.overseer}`, payload: { personId: (await makePerson(t.deps, { name: '监督员' })).id } });
    expect(linked.statusCode, linked.body).toBe(200);
    const g = await t.as('d_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.overseer}/roles`, payload: { roles: ['clerk'], orgId: d.bananId } });
    expect(g.statusCode, g.body).toBe(200);
    t.tokens.overseer = await t.signIn('overseer');
    const both = await queue('overseer');
    const keys = both.overdue.map((o) => `${o.caseId}|${o.deadline.kind}`);
    expect(keys.length, 'no deadline listed twice').toBe(new Set(keys).size);
    expect(keys.sort()).toEqual(overseer.overdue.map((o) => `${o.caseId}|${o.deadline.kind}`).sort());
    expect(both.counts.overdue).toBe(both.overdue.length);
    expect(both.counts.waiting, 'the clerk’s steps in Banan').toBe(clerks[0]!.counts.waiting);
  });

  it('Supervisors (督办), FL-16: a deadline is due soon on the supervisor’s list by its own commission’s warning window, not the supervisor’s', async () => {
    const w = await createTestApp(engine, '2025-09-02T02:00:00.000Z');
    try {
      const d = await setupDistrict(w.deps);
      const b = await setupCaseWorld(w);
      const a = await setupCaseWorld(w, { prefix: 'a_', orgId: d.otherId });
      const bCase = await makeCase(b, { to: 'investigating' });
      const aCase = await makeCase(a, { to: 'investigating' });
      await w.addUser('overseer', ['oversight'], null, d.districtId);
      // the Banan commission warns 20 days ahead of FL-16's 60 days (its own setting, issue 11);
      // the district and the other commission keep the default (10 days)
      const banan = await w.deps.db.kysely.selectFrom('organisations').select('settings').where('id', '=', d.bananId).executeTakeFirstOrThrow();
      const settings = { ...(JSON.parse(banan.settings) as Record<string, unknown>), 'deadlines.warningDays': { handling: 20 } };
      await w.deps.db.kysely.updateTable('organisations').set({ settings: JSON.stringify(settings) }).where('id', '=', d.bananId).execute();
      const due = await w.deps.db.kysely.selectFrom('case_deadlines').select(['case_id', 'due_date']).where('kind', '=', 'handling').where('case_id', 'in', [bCase.caseId, aCase.caseId]).execute();
      expect(new Set(due.map((r) => r.due_date)).size, 'both cases due the same day').toBe(1);
      // 15 days before: inside Banan's window, outside the default one
      w.clock.set(`${addDays(due[0]!.due_date, -15)}T02:00:00.000Z`);
      for (const u of ['overseer', 'clerk', 'a_clerk']) w.tokens[u] = await w.signIn(u);
      const soon = async (user: string): Promise<string[]> => {
        const r = await w.as(user, { method: 'GET', url: '/api/v1/queue?pageSize=200' });
        expect(r.statusCode, r.body).toBe(200);
        const q = r.json() as Omit<QueueBody, 'dueSoon'> & { dueSoon: { caseId: string; deadline: { kind: string } }[] };
        expect(q.counts.dueSoon).toBe(q.dueSoon.length);
        return q.dueSoon.filter((x) => x.deadline.kind === 'handling').map((x) => x.caseId);
      };
      expect(await soon('clerk')).toEqual([bCase.caseId]);
      expect(await soon('a_clerk')).toEqual([]);
      expect(await soon('overseer'), 'the supervisor sees what the commission’s own clerk is warned of, and no more').toEqual([bCase.caseId]);
    } finally {
      await w.close();
    }
  });
});
