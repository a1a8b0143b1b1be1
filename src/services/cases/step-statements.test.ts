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
import { factsAfterRow, loadCaseFacts } from '../../repositories/cases/case-aggregate';
import { stepToward } from './drive';
import { onStepPerformed } from './step-events';
import type { CaseAction } from '../../domain/cases';
import { performAction, STEPS_KEEPING_FACTS } from './commands';

/** Statements per request (BEGIN and COMMIT included), per engine. */
const expected = (engine: string) => {
  // the session check and the step (raw: 10): BEGIN, the case locked with the actor's team seat,
  // its facts (state machine, impartiality, moving steps, organisation, the actor's register person
  // and deputy), the evidence row, 2 search index rows, the version bump, the step row, the audit
  // chain's head and record, COMMIT — whom the case waits on is not read again (evidence changes no
  // fact). On PostgreSQL the audit record and the new head are written in one statement
  // (src/audit/audit-writer.ts), and so are the step row and the version bump (advanceCase): two fewer.
  const minimal = engine === 'postgres' ? 10 : 12;
  // + the view 3: the case row with the actor's team seat (access), the aggregate (deadlines,
  // internal targets, impartiality relationships and names, the organisation, the working calendar's
  // version and the deployment's deadline settings included: src/services/request-reads.ts starts
  // from them), the report's data key
  // (+ 1: whether the reader must stand aside from the case, FL-5(1)/FL-7(7))
  return { minimal, fullView: minimal + 4 };
};

describe.each(engines)('statements per case step (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-20T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const evidence = (n: number) => ({ kind: 'interview_record', title: `询问笔录（第 ${n} 次）`, source: '调查组询问', collectedOn: '2025-09-19', textContent: '问：是否对现场进行了勘验？答：去过现场一次，没有制作勘验笔录。' });

  it('a record_evidence step (WC-9(2)) over HTTP runs a fixed number of statements, on both engines: the minimal answer and the answer with the whole case view', async () => {
    const EXPECTED = expected(engine);
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

  it('after a step of STEPS_KEEPING_FACTS the facts are the ones read before it with the new row (whom the case waits on is not read again), checked step by step through whole cases', async () => {
    const db = t.deps.db.kysely;
    const actions: string[] = [];
    const off = onStepPerformed((e) => actions.push(e.action));
    const verified = new Set<string>();
    // one or more steps (`take`): when all of them keep the facts, the facts read again equal the
    // facts before with the row after, and the stored waits are those of the facts
    const checked = async (caseId: string, take: () => Promise<unknown>): Promise<void> => {
      const before = await loadCaseFacts(db, (await findCase(db, caseId))!);
      actions.length = 0;
      await take();
      const row = (await findCase(db, caseId))!;
      const after = await loadCaseFacts(db, row);
      const waits = { waits_clerk: row.waits_clerk, waits_leader: row.waits_leader, waits_decider: row.waits_decider, waits_team: row.waits_team, waits_subject: row.waits_subject };
      expect(waits, actions.join(',')).toEqual(waitsOf(after));
      if (actions.length && actions.every((a) => STEPS_KEEPING_FACTS.has(a as CaseAction))) {
        expect(factsAfterRow(before, row), actions.join(',')).toEqual(after);
        for (const a of actions) verified.add(a);
      }
    };
    try {
      const on = { on: '2025-09-01' };
      // the main line of a fault-track case, one step at a time, with evidence, a reply and a link on the way
      const c = await makeCase(w, { tracks: ['FL'], to: 'intake', receivedOn: '2025-09-01' });
      for (let i = 0; i < 60; i++) {
        const row = (await findCase(db, c.caseId))!;
        if (row.state === 'investigating' && !verified.has('record_evidence')) {
          await checked(c.caseId, () => performAction(w.ctx.investigator, c.caseId, 'record_evidence', { expectedVersion: row.version, ...evidence(1), collectedOn: '2025-09-01', backdateReason: '按书面记录补录' }));
          continue;
        }
        if (row.state === 'registered' && !verified.has('reply')) {
          await checked(c.caseId, () => performAction(w.ctx.clerk, c.caseId, 'reply', { expectedVersion: row.version, repliedOn: '2025-09-01', text: '已立案调查。', backdateReason: '按书面记录补录' }));
          continue;
        }
        if (row.state === 'reported' && !verified.has('link_original_case')) {
          // unlinked, then linked again (the decision needs the original case, FL-8)
          await checked(c.caseId, () => performAction(w.ctx.clerk, c.caseId, 'link_original_case', { expectedVersion: row.version, originalCaseId: null, note: '核对后取消关联' }));
          await checked(c.caseId, async () => performAction(w.ctx.clerk, c.caseId, 'link_original_case', { expectedVersion: await versionOf(w, c.caseId), originalCaseId: w.fx.originalCase.id, note: '重新关联' }));
          continue;
        }
        if (row.state === 'findings_submitted' && !verified.has('return_for_investigation')) {
          await checked(c.caseId, () => performAction(w.ctx.decider, c.caseId, 'return_for_investigation', { expectedVersion: row.version, reason: '事实尚需补充调查' }));
          continue;
        }
        let more = false;
        await checked(c.caseId, async () => {
          more = await stepToward(w.ctx, c.caseId, 'closed', on);
        });
        if (!more) break;
      }
      expect((await findCase(db, c.caseId))!.state).toBe('closed');
      // the other ends: not accepted, transferred
      for (const target of ['not_accepted', 'transferred'] as const) {
        const d = await makeCase(w, { to: 'intake', receivedOn: '2025-09-01' });
        for (let more = true; more; ) {
          await checked(d.caseId, async () => {
            more = await stepToward(w.ctx, d.caseId, target, on);
          });
        }
      }
    } finally {
      off();
    }
    // every step of the list was checked on its own
    expect([...STEPS_KEEPING_FACTS].filter((a) => !verified.has(a))).toEqual([]);
  });
});
