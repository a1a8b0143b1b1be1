// FL-5(1), FL-7(7): a member of staff with a ground to stand aside from a case — its subject, a
// declared relative of a subject, one who stood aside — reads it as its subject would, whatever
// their roles: never the report's own words (often naming the reporter), the undisclosed
// evidence, the staff on the timeline, nor the candidates the team is chosen from. Found by a
// red-team walk: the reported leader read the report against her in full.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';

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
});
