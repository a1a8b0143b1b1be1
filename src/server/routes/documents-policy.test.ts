// The documents policy (src/policies/documents.ts): only its "hidden" answer is NOT_FOUND. A
// failure while deciding — here the case-team table is gone, as in a database outage — is an
// error of its own (INTERNAL), never a document that "does not exist".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';

describe.each(engines)('documents policy (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('a database failure while checking who may read a document is not answered as NOT_FOUND', async () => {
    const c = await makeDecidedCase(w);
    const r = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'decision_notice', subjectId: w.fx.handler.id } });
    expect(r.statusCode).toBe(201);
    const docId = r.json().id as string;
    // the investigator on the team reads it (the policy looks the team up)
    expect((await t.as('investigator', { method: 'GET', url: `/api/v1/documents/${docId}` })).statusCode).toBe(200);

    await sql`ALTER TABLE case_team_members RENAME TO case_team_members_unavailable`.execute(t.deps.db.kysely);
    const failed = await t.as('investigator', { method: 'GET', url: `/api/v1/documents/${docId}` });
    expect(failed.statusCode).not.toBe(404);
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.code).toBe('INTERNAL');
  });

  it('the hidden answer is NOT_FOUND, the same for a document of a case the caller may not see and for no document at all', async () => {
    const c = await makeDecidedCase(w);
    const docId = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'decision_notice', subjectId: w.fx.handler.id } })).json().id as string;
    // a draft is never the subject's to read
    const hidden = await t.as('subject', { method: 'GET', url: `/api/v1/documents/${docId}` });
    const missing = await t.as('subject', { method: 'GET', url: '/api/v1/documents/no-such-document' });
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.json().error).toEqual(missing.json().error);
  });
});
