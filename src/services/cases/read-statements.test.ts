// Statements per read request (issue 14, bench:load): the queue, the case list (a page, a filtered
// page, a search) and the case page, over HTTP, counted on both engines. On PostgreSQL every
// statement is a round trip: these counts are the contract the benchmark's figures rest on, so a
// change that reads the same settings, organisation or calendar version twice in one request, or
// splits one read into several, shows here and not only as a slower benchmark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { deadlinesAndOpenTargetsOf, deadlinesOfCases, openInternalTargetsOf } from '../../repositories/cases/deadlines-repo';

// (before issue 14's read pass: the queue 17 / 28 / 15, the case list 13 / 13 / 13, the case page
// 13 / 9 / 12 on SQLite and one fewer on PostgreSQL, whose audit record and head are one statement)
const EXPECTED = {
  // the session check; the calendar's version with the deadline settings (one statement) and the
  // organisation (once each for the request: the describer, the impartiality safeguards and the
  // page's deadlines share them); the register person and deputy; the WC-5 signals (clerk); the impartiality sources
  // in one statement (the relationships, reporter links, recusals, teams; the investigator's
  // person: subjects, original cases); the counts; the waiting page; the deadline pages; the
  // page's case facts; an investigator's touched cases and their impartiality facts (their
  // relationships, names and officer keys in one statement since the seventeenth session)
  queue: (_engine: string) => ({ clerk: 10, investigator: 19, leader: 8 }),
  // the session check, the count, the page, the deadlines with the internal targets (one statement), the calendar's
  // version with the deployment's deadline settings (one statement, once: the organisation's
  // describer and the internal targets' share them), the organisation, the subjects with their names, the report
  // keys (+ the full-text search), the page's cases the caller must stand aside from (FL-5(1),
  // FL-7(7): read from the subject's perspective); the page's cases' organisations come with their rows
  list: (_engine: string) => ({ page: 9, open: 9, search: 10 }),
  // the session check, the case row, the aggregate (with the calendar's version and the deadline
  // settings since issue 14's last round: one round trip fewer for a case with deadlines), the
  // actor's person and deputy, the report's data key (once for the summary and the replies), the
  // audited read (BEGIN, the audit head, the record, COMMIT), whether the reader must stand aside
  // from the case (FL-5(1), FL-7(7): then they read it as its subject)
  page: (engine: string) => (engine === 'postgres' ? { report: 10, wc5: 9, investigator: 10 } : { report: 11, wc5: 10, investigator: 11 }),
};

describe.each(engines)('statements per read request (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let report: string;
  let reportNumber: string;
  let wc5: string;
  beforeAll(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-11-20T02:00:00.000Z', { calendar: true }));
    // cases with statutory deadlines (transfer after acceptance, FL-16 handling) and internal
    // targets, a sealed report case (its acceptance replied to the reporter), a WC-5 case in clear
    ({ caseId: report, number: reportNumber } = await makeCase(w, { to: 'investigating', receivedOn: '2025-09-01' }));
    await makeCase(w, { to: 'accepted', receivedOn: '2025-11-10' });
    await makeCase(w, { to: 'registered', receivedOn: '2025-11-14' });
    wc5 = (await makeCase(w, { source: 'wc5', to: 'investigating', receivedOn: '2025-10-01' })).caseId;
    await makeCase(w);
  });
  afterAll(async () => t.close());

  /** The statements one GET runs (the session check included), after a first request warmed the caches. */
  const counted = async (user: string, url: string): Promise<number> => {
    const get = async () => {
      const r = await t.as(user, { method: 'GET', url });
      expect(r.statusCode, r.body).toBe(200);
    };
    await get();
    const before = t.deps.db.statements();
    await get();
    const n = t.deps.db.statements() - before;
    return n;
  };

  it('the queue: the organisation, the calendar version and the settings read once; the impartiality sources of the person in one statement', async () => {
    const got = { clerk: await counted('clerk', '/api/v1/queue'), investigator: await counted('investigator', '/api/v1/queue'), leader: await counted('leader', '/api/v1/queue') };
    expect(got, `${engine} ${JSON.stringify(got)}`).toEqual(EXPECTED.queue(engine));
  });

  it('the case list: the settings read once, the page\'s organisations from its rows', async () => {
    const got = {
      page: await counted('clerk', '/api/v1/cases'),
      open: await counted('clerk', '/api/v1/cases?open=true'),
      // by the case number (staff search: the number and the full-text index)
      search: await counted('clerk', `/api/v1/cases?q=${encodeURIComponent(reportNumber)}`),
    };
    expect(got, `${engine} ${JSON.stringify(got)}`).toEqual(EXPECTED.list(engine));
  });

  it('the case page: the report\'s data key read once for the summary and the replies', async () => {
    const got = {
      report: await counted('clerk', `/api/v1/cases/${report}`),
      wc5: await counted('clerk', `/api/v1/cases/${wc5}`),
      investigator: await counted('investigator', `/api/v1/cases/${report}`),
    };
    expect(got, `${engine} ${JSON.stringify(got)}`).toEqual(EXPECTED.page(engine));
  });

  it('the case list\'s one read of the deadlines and open internal targets gives what the two reads give, in their order', async () => {
    const q = t.deps.db.kysely;
    const ids = (await q.selectFrom('cases').select('id').execute()).map((r) => r.id);
    const both = await deadlinesAndOpenTargetsOf(q, ids);
    expect(both.rows.length).toBeGreaterThan(0);
    expect(both.targets.length).toBeGreaterThan(0);
    expect(both).toEqual({ rows: await deadlinesOfCases(q, ids), targets: await openInternalTargetsOf(q, ids) });
  });
});
