// Statements per case step (issue 14, bench:write): what one step over HTTP sends to the database,
// counted on both engines — the minimal answer, the step answered with the whole case view, and the
// view read alone. The counts are the contract the benchmark's figures rest on: a change that adds a
// round trip to every step shows here, not only as a slower benchmark. And the step's shortcut for
// whom the case waits on (`STEPS_KEEPING_FACTS`: the facts not read again after a step that wrote
// none of their tables) is checked against the facts read again after every step of a whole case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { findCase, waitsOf } from '../../repositories/cases/case-repo';
import { loadCaseFacts } from '../../repositories/cases/case-aggregate';
import { driveCaseTo } from './drive';
import { performAction, STEPS_KEEPING_FACTS } from './commands';

/** Statements per request, SQLite and PostgreSQL (BEGIN and COMMIT included). */
const EXPECTED = {
  // session check 1; the step: BEGIN, lock + team, facts (state machine, impartiality, moving
  // steps), organisation, actor's person and deputy, evidence, 2 search index rows, version bump,
  // step row, audit head, audit record, COMMIT
  minimal: 14,
  // + the view: the case row with the team, the aggregate (deadlines, internal targets and the
  // impartiality relationships and names included), the working calendar's version, the deadline
  // settings and the organisation's, the report key
  fullView: 20,
};

describe.each(engines)('statements per case step (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-20T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const evidence = (n: number) => ({ kind: 'interview_record', title: `询问笔录（第 ${n} 次）`, source: '调查组询问', collectedOn: '2025-09-19', textContent: '问：是否对现场进行了勘验？答：去过现场一次，没有制作勘验笔录。' });

  it('a record_evidence step (WC-9(2)) over HTTP runs a fixed number of statements: minimal answer, whole case view, view read alone', async () => {
    const c = await makeCase(w, { to: 'investigating', drive: { on: '2025-09-10' } });
    const count = t.deps.db.statements;
    const step = async (n: number, prefer?: string): Promise<number> => {
      const expectedVersion = await versionOf(w, c.caseId);
      const before = count();
      const res = await t.as('investigator', {
        method: 'POST',
        url: `/api/v1/cases/${c.caseId}/actions/record_evidence`,
        headers: prefer ? { prefer } : {},
        payload: { expectedVersion, ...evidence(n) },
      });
      const used = count() - before;
      expect(res.statusCode, res.body).toBe(200);
      return used;
    };
    // the first step of the case warms the caches (the working calendar); the next ones are counted
    await step(0);
    expect(await step(1, 'return=minimal')).toBe(EXPECTED.minimal);
    expect(await step(2)).toBe(EXPECTED.fullView);
    expect(await step(3, 'return=minimal')).toBe(EXPECTED.minimal);
  });

  it('whom the case waits on, worked out without reading the facts again after steps that keep them, equals the facts read again after every state of a whole case', async () => {
    const c = await makeCase(w, { tracks: ['FL'], to: 'intake', receivedOn: '2025-09-01' });
    const db = t.deps.db.kysely;
    const check = async (label: string): Promise<void> => {
      const row = (await findCase(db, c.caseId))!;
      const waits = { waits_clerk: row.waits_clerk, waits_leader: row.waits_leader, waits_decider: row.waits_decider, waits_team: row.waits_team, waits_subject: row.waits_subject };
      expect(waits, label).toEqual(waitsOf(await loadCaseFacts(db, row)));
    };
    const states = ['accepted', 'registered', 'reported', 'team_appointed', 'investigating', 'findings_submitted', 'decided', 'notified', 'executing', 'closed'] as const;
    for (const target of states) {
      if (target === 'findings_submitted') {
        await performAction(w.ctx.investigator, c.caseId, 'record_evidence', { expectedVersion: await versionOf(w, c.caseId), ...evidence(1), collectedOn: '2025-09-01' });
        await check('record_evidence');
      }
      await driveCaseTo(w.ctx, c.caseId, target, { on: '2025-09-01' });
      await check(target);
    }
    expect((await findCase(db, c.caseId))!.state).toBe('closed');
    // the shortcut was taken on this path: steps of the list moved the case
    expect(['accept', 'report_to_leader', 'start_investigation', 'record_evidence', 'submit_findings', 'close'].every((a) => STEPS_KEEPING_FACTS.has(a as never))).toBe(true);
  });
});
