// The published measures' words for their codes (issue 10 point 14: the web reads the vocabulary
// from the pack through the API). Every business role that is shown a code must be able to read
// its label: the outside supervisory body reading an appeal file (WC-11) and the oversight account
// reading a case page saw bare codes such as "FL-6(1)" because these routes answered 403.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { REGISTERED_PACKS } from '../../rules/registry';

const DEFAULT_PACK_ID = REGISTERED_PACKS[0]!.id;

describe.each(engines)('rule vocabulary readable by every business role (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine, '2025-09-30T02:00:00.000Z');
    await t.addUser('sup1', ['supervisor']);
    await t.addUser('ovs1', ['oversight']);
    await t.addUser('sys1', ['sysadmin']);
  });
  afterEach(async () => t.close());

  it('WC-11: the outside supervisory body reads the labels of the forms (FL-6) it sees in an appeal file', async () => {
    const r = await t.as('sup1', { method: 'GET', url: '/api/v1/rules/vocabulary' });
    expect(r.statusCode).toBe(200);
    expect(r.json().forms['FL-6(1)']).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('oversight (执法监督, read-only) reads the vocabulary and the ladder of forms of the pack', async () => {
    expect((await t.as('ovs1', { method: 'GET', url: '/api/v1/rules/vocabulary' })).statusCode).toBe(200);
    const ladder = await t.as('ovs1', { method: 'GET', url: `/api/v1/rules/packs/${DEFAULT_PACK_ID}/ladder` });
    expect(ladder.statusCode).toBe(200);
    expect(ladder.json().items.length).toBeGreaterThan(3);
  });

  it('三员分立: the system administrator is not given the case vocabulary; anonymous gets 401', async () => {
    expect((await t.as('sys1', { method: 'GET', url: '/api/v1/rules/vocabulary' })).statusCode).toBe(403);
    expect((await t.as(null, { method: 'GET', url: '/api/v1/rules/vocabulary' })).statusCode).toBe(401);
  });
});
