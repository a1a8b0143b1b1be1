// A case step's answer is checked and cut to its response schema (zod, through the route's
// compiled serializer): what the service hands back beyond the schema — here the actor's
// impartiality the step worked out for the case view (deputy, leaders, register person) — never
// reaches the client, in the full answer nor in `Prefer: return=minimal`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { actionMinimalOut, actionResultOut } from '../../services/cases/schemas-out';
import { actionAnswerSerializer } from './cases';

const evidence = { kind: 'interview_record', title: '询问笔录（承办人）', source: '调查组询问', collectedOn: '2025-09-02', textContent: '问：是否勘验现场？答：去过一次。' };

describe('the response serializer cuts an answer to its schema (WC-9(2) step answers)', () => {
  it('a field outside the schema is dropped, and an answer that breaks the schema is refused', () => {
    const serialize = serializerCompiler({ schema: z.union([actionResultOut, actionMinimalOut]), method: 'POST', url: '/x' } as never) as (d: unknown) => string;
    const out = JSON.parse(serialize({ caseId: 'c1', version: 2, state: 'investigating', created: null, actorImpartiality: { userId: 'u1', secret: 'x' } })) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['caseId', 'created', 'state', 'version']);
    expect(() => serialize({ caseId: 'c1', version: 'two', state: 'investigating', created: null })).toThrow();
  });
});

describe('a step answer is checked against the one schema of its shape (WC-9(2) step answers)', () => {
  const serialize = actionAnswerSerializer({ method: 'POST', url: '/api/v1/cases/:id/actions/record_evidence' });
  it('the minimal answer is cut to {caseId, version, state, created}; a full answer whose case breaks its schema is refused, never passed on cut to the minimal shape', () => {
    const out = JSON.parse(serialize({ caseId: 'c1', version: 2, state: 'investigating', created: null, actorImpartiality: { userId: 'u1' } })) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['caseId', 'created', 'state', 'version']);
    expect(() => serialize({ caseId: 'c1', version: 'two', state: 'investigating', created: null })).toThrow();
    // the union tried the full schema, then the minimal one: this answer passed, its case dropped
    expect(() => serialize({ case: { id: 'c1' }, created: null, caseId: 'c1', version: 2, state: 'investigating' })).toThrow();
  });
});

describe.each(engines)('a case step answers only its response schema (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-03T02:00:00.000Z'));
    caseId = (await makeCase(w, { to: 'investigating' })).caseId;
  });
  afterEach(async () => t.close());

  it('the full answer is {case, created} and the minimal one {caseId, version, state, created}; the step’s internal impartiality is in neither', async () => {
    const full = await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${caseId}/actions/record_evidence`, payload: { expectedVersion: await versionOf(w, caseId), ...evidence } });
    expect(full.statusCode, full.body).toBe(200);
    expect(Object.keys(full.json()).sort()).toEqual(['case', 'created']);
    const min = await t.as('investigator', {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/actions/record_evidence`,
      headers: { prefer: 'return=minimal' },
      payload: { expectedVersion: await versionOf(w, caseId), ...evidence, title: '询问笔录（第二次）' },
    });
    expect(min.statusCode).toBe(200);
    expect(Object.keys(min.json()).sort()).toEqual(['caseId', 'created', 'state', 'version']);
    for (const body of [full.body, min.body]) {
      expect(body).not.toContain('actorImpartiality');
      expect(body).not.toContain('deputyLeaders');
    }
  });
});
