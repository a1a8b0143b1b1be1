// Migration 0570 on a database from before numbers were the system's alone: a typed number that
// repeated one already issued is kept (its PDF is issued and signed), marked with the document it
// clashes with, and from then on the database holds every 发文字号 once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { migrateTo, migrateToLatest } from '../migrate';

describe.each(engines)('migration 0570: one 发文字号, one document (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('GB/T 9704 §7.2.4: an upgraded database keeps the documents whose typed number repeated an issued one, marks each with the earlier holder, and refuses any further repeat', async () => {
    const c = await makeDecidedCase(w);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const d = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'publication_notice' } })).json();
      const r = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${d.id}/issue`, payload: { expectedVersion: 1 } });
      expect(r.statusCode, r.body).toBe(200);
      ids.push(d.id);
    }
    const q = t.deps.db.kysely;
    const numberOf = async (id: string) => (await q.selectFrom('documents').select('doc_number').where('id', '=', id).executeTakeFirstOrThrow()).doc_number!;
    const first = await numberOf(ids[0]!);
    // the database as the previous release left it, where the later two had been typed with the first's number
    await migrateTo(t.deps.db, '0560-notification-defence-waiver');
    await q.updateTable('documents').set({ doc_number: first }).where('id', 'in', [ids[1]!, ids[2]!]).execute();
    await migrateToLatest(t.deps.db);
    const rows = await q.selectFrom('documents').select(['id', 'doc_number', 'doc_number_clash']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows.map((r) => r.doc_number)).toEqual([first, first, first]);
    expect(byId.get(ids[0]!)!.doc_number_clash).toBeNull();
    expect(byId.get(ids[1]!)!.doc_number_clash).toBe(ids[0]);
    expect(byId.get(ids[2]!)!.doc_number_clash).toBe(ids[0]);
    // from now on: no further document takes a number already carried
    const other = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'team_appointment' } })).json();
    await expect(q.updateTable('documents').set({ doc_number: first }).where('id', '=', other.id).execute()).rejects.toThrow();
  }, 180_000);
});
