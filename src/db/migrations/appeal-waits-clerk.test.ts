// Migration 0680 on a database from before a 申诉 waited on the clerks (WC-11): a case holding an
// appeal neither sent to the outside body nor answered kept the waits_clerk its last step wrote —
// for a case whose execution was otherwise done, or a closed one, 0: out of the clerk's queue. The
// upgrade puts it there; a case whose appeal was sent stays as it was. Both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { migrateTo, migrateToLatest } from '../migrate';

describe.each(engines)('migration 0680: an appeal not yet referred waits on the clerks (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-12-01T02:00:00.000Z'));
  });
  afterEach(async () => t.close());

  const act = async (user: string, id: string, action: string, payload: Record<string, unknown>) => {
    const r = await t.as(user, { method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, payload: { expectedVersion: await versionOf(w, id), backdateReason: '按纸质材料补录', ...payload } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const appeal = { filedOn: '2025-11-20', statement: '原处理决定认定事实不清，提出申诉。', appealBody: 'supervision' };

  it('WC-11: an upgraded database puts the cases holding an appeal not yet sent to the outside body — under execution or closed — in the clerk’s queue; a case whose appeal was sent stays out', async () => {
    const handler = w.fx.handler.id;
    const closed = (await makeCase(w, { to: 'closed', drive: { on: '2025-10-10' } })).caseId;
    await act('subject', closed, 'file_appeal', { ...appeal, subjectPersonId: handler });
    const executing = (await makeCase(w, { to: 'executing', drive: { on: '2025-10-10' } })).caseId;
    await act('subject', executing, 'file_defence', { ...appeal, subjectPersonId: handler, kind: 'appeal' });
    const sent = (await makeCase(w, { to: 'closed', drive: { on: '2025-10-10' } })).caseId;
    const appealId = (await act('subject', sent, 'file_appeal', { ...appeal, subjectPersonId: handler })).created.id as string;
    await act('clerk', sent, 'refer_appeal', { appealId, sentOn: '2025-11-21', letterNo: '巴住建问移〔2025〕21号' });

    // the database as the previous release left these cases: nothing waiting on the clerk
    const q = t.deps.db.kysely;
    await migrateTo(t.deps.db, '0640-people-name-key');
    await q.updateTable('cases').set({ waits_clerk: 0 }).where('id', 'in', [closed, executing, sent]).execute();
    // … and the decision body waiting on the 申诉 under execution, which it cannot decide
    await q.updateTable('cases').set({ waits_decider: 1 }).where('id', '=', executing).execute();
    const waits = async () => Object.fromEntries((await q.selectFrom('cases').select(['id', 'waits_clerk']).where('id', 'in', [closed, executing, sent]).execute()).map((r) => [r.id, Number(r.waits_clerk)]));
    const queued = async () => ((await t.as('clerk', { method: 'GET', url: '/api/v1/queue' })).json().waiting as { caseId: string }[]).map((x) => x.caseId);
    expect(await queued()).not.toContain(closed);

    expect((await migrateToLatest(t.deps.db)).applied).toContain('0680-appeal-waits-clerk');
    expect(await waits()).toEqual({ [closed]: 1, [executing]: 1, [sent]: 0 });
    expect(Number((await q.selectFrom('cases').select('waits_decider').where('id', '=', executing).executeTakeFirstOrThrow()).waits_decider)).toBe(0);
    const list = await queued();
    expect(list).toEqual(expect.arrayContaining([closed, executing]));
    expect(list).not.toContain(sent);
  }, 180_000);
});
