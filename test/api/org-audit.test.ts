// 安全审计 per organisation (issue 11): every audit record names the organisation it belongs to —
// that of the record acted on, not the home of whoever acted (migration 0510, src/audit/audit-org.ts)
// — and the audit viewer shows an auditor its organisations' records only (src/policies/audit-view.ts).
// The chain stays tamper-evident: the organisation is hashed in every record written since 0510;
// the records from before keep their hash (their organisation, derived by 0510, outside it), and
// a chain written by the previous release verifies after the upgrade, old records and new.
// World: the district (supervising, 区司法局) above the Banan commission (default organisation)
// and a second commission (A). `dw` is a clerk at the district who also supervises read-only.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase } from '../factories/cases';
import { setupTwoCommissions, type TwoCommissions } from '../factories/orgs';
import { GENESIS_HASH, hashRecord } from '../../src/audit/audit-writer';
import { verifyAuditChain } from '../../src/audit/audit-verify';
import { migrateToLatest, migratorFor } from '../../src/db/migrate';
import type { AuditLogTable } from '../../src/db/tables/core';

type Item = { seq: number; action: string; entityType: string; entityId: string; orgId: string | null };

describe.each(engines)('安全审计 per organisation: records name their organisation, the viewer shows an auditor its own (%s)', (engine) => {
  let t: TestApp;
  let w: TwoCommissions;
  let caseA: string;
  let caseB: string;
  const seen = async (auditor: string, query = ''): Promise<Item[]> => {
    const r = await t.as(auditor, { method: 'GET', url: `/api/v1/audit?pageSize=200${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as Item[];
  };
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    w = await setupTwoCommissions(t);
    await t.addUser('b_aud', ['auditor']);
    await t.addUser('a_aud', ['auditor'], null, w.d.otherId);
    await t.addUser('d_aud', ['auditor'], null, w.d.districtId);
    await t.addUser('dw', ['clerk', 'oversight'], null, w.d.districtId);
    caseA = (await makeCase(w.a)).caseId;
    caseB = (await makeCase(w.b)).caseId;
  }, 300_000);
  afterAll(async () => t?.close());

  it('安全审计 (issue 11): a record belongs to the organisation of the record acted on — a case’s, a person’s, an account’s home — whoever acts; written hashed', async () => {
    // the district's clerk who supervises reads commission A's case (as its supervisor)
    const read = await t.as('dw', { method: 'GET', url: `/api/v1/cases/${caseA}` });
    expect(read.statusCode, read.body).toBe(200);
    const rows = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'entity_type', 'org_id', 'org_in_hash']).where('entity_id', '=', caseA).execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['case.intake', 'case.read']));
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set([w.d.otherId]));
    expect(rows.every((r) => Number(r.org_in_hash) === 1)).toBe(true);
    const login = await t.deps.db.kysely.selectFrom('audit_log').select('org_id').where('action', '=', 'auth.login').where('actor_id', '=', t.userIds.dw!).executeTakeFirstOrThrow();
    expect(login.org_id).toBe(w.d.districtId);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('安全审计 (issue 11): a commission’s auditor sees the records of its commission’s cases, a supervising account’s reads included, and not the other commission’s; the district’s auditor sees its subtree', async () => {
    await t.as('dw', { method: 'GET', url: `/api/v1/cases/${caseA}` });
    const ofA = await seen('a_aud', `&caseId=${caseA}`);
    // dw's home is the district: attributed by home, A's auditor would not see it
    expect(ofA.filter((x) => x.action === 'case.read').length).toBeGreaterThan(0);
    expect(ofA.every((x) => x.orgId === w.d.otherId)).toBe(true);
    expect(await seen('b_aud', `&caseId=${caseA}`)).toEqual([]);
    expect(await seen('a_aud', `&caseId=${caseB}`)).toEqual([]);
    expect((await seen('b_aud', `&caseId=${caseB}`)).length).toBeGreaterThan(0);
    const district = await seen('d_aud', `&action=case.read`);
    expect(new Set(district.map((x) => x.entityId))).toEqual(new Set([caseA]));
    expect((await seen('d_aud', `&caseId=${caseB}`)).length).toBeGreaterThan(0);
  });

  it('安全审计 (issue 11): deployment-wide records (a failed sign-in under an unknown name) are shown to the auditor of the top organisation only, not to a commission’s', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody-here', password: 'wrong password 1' } });
    expect(r.statusCode).not.toBe(200);
    const failed = await t.deps.db.kysely.selectFrom('audit_log').select(['seq', 'org_id']).where('action', '=', 'auth.login_failed').where('entity_id', '=', 'name:nobody-here').executeTakeFirstOrThrow();
    expect(failed.org_id).toBeNull();
    const find = (items: Item[]) => items.filter((x) => x.seq === Number(failed.seq));
    expect(find(await seen('d_aud', '&action=auth'))).toHaveLength(1);
    expect(find(await seen('b_aud', '&action=auth'))).toEqual([]);
    expect(find(await seen('a_aud', '&action=auth'))).toEqual([]);
  });

  it('安全审计 (三员分立): a deployment-wide change made by a commission’s security administrator (the lockout rules) is seen by that commission’s auditor and the district’s, not by the other commission’s', async () => {
    await t.addUser('b_sec2', ['secadmin']);
    const r = await t.as('b_sec2', { method: 'PATCH', url: '/api/v1/security/settings', payload: { lockoutThreshold: 20 } });
    expect(r.statusCode, r.body).toBe(200);
    const change = await t.deps.db.kysely.selectFrom('audit_log').select(['seq', 'org_id']).where('action', '=', 'security.settings.update').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const find = (items: Item[]) => items.filter((x) => x.seq === Number(change.seq));
    expect(find(await seen('b_aud', '&action=security'))).toHaveLength(1);
    expect(find(await seen('d_aud', '&action=security'))).toHaveLength(1);
    expect(find(await seen('a_aud', '&action=security'))).toEqual([]);
  });

  it('安全审计 (issue 11): a role granted in commission A to an account of the Banan commission is A’s record — A’s auditor and security administrator see it, Banan’s do not', async () => {
    await t.addUser('d_sec', ['secadmin'], null, w.d.districtId);
    await t.addUser('a_sec', ['secadmin'], null, w.d.otherId);
    await t.addUser('b_sec', ['secadmin']);
    await t.addUser('lent', ['clerk']);
    const g = await t.as('d_sec', { method: 'PUT', url: `/api/v1/users/${t.userIds.lent}/roles`, payload: { roles: ['investigator'], orgId: w.d.otherId } });
    expect(g.statusCode, g.body).toBe(200);
    const grants = async (sec: string) => {
      const r = await t.as(sec, { method: 'GET', url: '/api/v1/security/grants' });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as { userId: string; role: string }[]).filter((x) => x.userId === t.userIds.lent && x.role === 'investigator');
    };
    expect(await grants('a_sec')).toHaveLength(1);
    expect(await grants('b_sec')).toEqual([]);
    expect(await grants('d_sec')).toHaveLength(1);
    const audited = (items: Item[]) => items.filter((x) => x.action === 'role.grant' && x.entityId === t.userIds.lent);
    expect(audited(await seen('a_aud', '&action=role'))).toHaveLength(1);
    expect(audited(await seen('b_aud', '&action=role'))).toEqual([]);
  });

  it('安全审计 (issue 11): an auditor’s own look at the trail belongs to its organisation', async () => {
    await seen('a_aud');
    const own = await t.deps.db.kysely.selectFrom('audit_log').select('org_id').where('action', '=', 'audit.read').where('actor_id', '=', t.userIds.a_aud!).execute();
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((r) => r.org_id))).toEqual(new Set([w.d.otherId]));
    expect((await seen('b_aud', '&action=audit')).filter((x) => x.orgId === w.d.otherId)).toEqual([]);
  });
});

/** Rewrites the chain as the release before 0510 wrote it (no organisation in any hash), in order. */
async function rechainAsBefore0510(t: TestApp): Promise<void> {
  const k = t.deps.db.kysely;
  const rows = (await k.selectFrom('audit_log').selectAll().orderBy('seq').execute()) as AuditLogTable[];
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const { hash: _h, ...rest } = r;
    const hash = hashRecord({ ...rest, seq: Number(r.seq), prev_hash: prev });
    await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE seq = ${r.seq}`.execute(k);
    prev = hash;
  }
  await sql`UPDATE audit_head SET hash = ${prev} WHERE id = 1`.execute(k);
}

describe.each(engines)('安全审计 per organisation: the upgrade keeps every chain verifiable (%s)', (engine) => {
  let t: TestApp;
  let w: TwoCommissions;
  let caseA: string;
  let before: Map<number, string>;
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    w = await setupTwoCommissions(t);
    caseA = (await makeCase(w.a)).caseId;
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody-here', password: 'wrong password 1' } });
    // the database as the previous release left it: 0510 undone, the chain as that release hashed it
    const { error } = await (await migratorFor(t.deps.db)).migrateTo('0490-queue-deadline-order');
    expect(error).toBeUndefined();
    await rechainAsBefore0510(t);
    before = new Map((await t.deps.db.kysely.selectFrom('audit_log').select(['seq', 'hash']).execute()).map((r) => [Number(r.seq), r.hash]));
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
    expect((await migrateToLatest(t.deps.db)).applied).toEqual(expect.arrayContaining(['0510-audit-org']));
  }, 300_000);
  afterAll(async () => t?.close());

  it('安全审计 (issue 11, migration 0510): the records from before keep their hashes and still verify; their organisation is derived from the record acted on, none where nothing owns it', async () => {
    const k = t.deps.db.kysely;
    const rows = await k.selectFrom('audit_log').select(['seq', 'hash', 'org_id', 'org_in_hash', 'entity_type', 'entity_id', 'action', 'actor_id']).orderBy('seq').execute();
    expect(rows.map((r) => [Number(r.seq), r.hash])).toEqual([...before.entries()].sort((x, y) => x[0] - y[0]));
    expect(rows.every((r) => Number(r.org_in_hash) === 0)).toBe(true);
    const ofCase = rows.filter((r) => r.entity_id === caseA);
    expect(ofCase.length).toBeGreaterThan(0);
    expect(new Set(ofCase.map((r) => r.org_id))).toEqual(new Set([w.d.otherId]));
    const aClerkLogin = rows.find((r) => r.action === 'auth.login' && r.actor_id === t.userIds.a_clerk);
    expect(aClerkLogin?.org_id).toBe(w.d.otherId);
    expect(rows.find((r) => r.action === 'auth.login_failed' && r.entity_id === 'name:nobody-here')?.org_id).toBeNull();
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true, records: rows.length });
  });

  it('安全审计 (issue 11, migration 0510): new records after the upgrade chain onto the old ones, hash their organisation, and the whole chain verifies', async () => {
    const read = await t.as('a_clerk', { method: 'GET', url: `/api/v1/cases/${caseA}` });
    expect(read.statusCode, read.body).toBe(200);
    const last = await t.deps.db.kysely.selectFrom('audit_log').select(['org_id', 'org_in_hash', 'action']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect([last.action, last.org_id, Number(last.org_in_hash)]).toEqual(['case.read', w.d.otherId, 1]);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('安全审计 (issue 11): moving a new record to another organisation, or a global one into an organisation, breaks the chain; so does claiming an old record hashed its organisation', async () => {
    const k = t.deps.db.kysely;
    const head = Number((await k.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    const check = async (change: () => Promise<unknown>, undo: () => Promise<unknown>, seq: number) => {
      await change();
      const r = await verifyAuditChain(t.deps.db);
      await undo();
      expect(r.ok).toBe(false);
      expect(r.firstBroken).toMatchObject({ seq, reason: 'hash' });
    };
    // the newest record (A's case read): moved to the Banan commission
    const newest = await k.selectFrom('audit_log').select(['action', 'org_id']).where('seq', '=', head).executeTakeFirstOrThrow();
    expect([newest.action, newest.org_id]).toEqual(['case.read', w.d.otherId]);
    await check(
      () => sql`UPDATE audit_log SET org_id = ${w.d.bananId} WHERE seq = ${head}`.execute(k),
      () => sql`UPDATE audit_log SET org_id = ${w.d.otherId} WHERE seq = ${head}`.execute(k),
      head,
    );
    // …or passed off as a record from before, whose organisation is not hashed
    await check(
      () => sql`UPDATE audit_log SET org_in_hash = 0, org_id = ${w.d.bananId} WHERE seq = ${head}`.execute(k),
      () => sql`UPDATE audit_log SET org_in_hash = 1, org_id = ${w.d.otherId} WHERE seq = ${head}`.execute(k),
      head,
    );
    // a global record written after the upgrade (another unknown name) moved into an organisation
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody-else', password: 'wrong password 1' } });
    const global = await k.selectFrom('audit_log').select(['seq', 'org_id']).where('entity_id', '=', 'name:nobody-else').executeTakeFirstOrThrow();
    expect(global.org_id).toBeNull();
    const g = Number(global.seq);
    await check(
      () => sql`UPDATE audit_log SET org_in_hash = 0, org_id = ${w.d.otherId} WHERE seq = ${g}`.execute(k),
      () => sql`UPDATE audit_log SET org_in_hash = 1, org_id = NULL WHERE seq = ${g}`.execute(k),
      g,
    );
    // an old record claimed as hashing its organisation
    await check(
      () => sql`UPDATE audit_log SET org_in_hash = 1 WHERE seq = 1`.execute(k),
      () => sql`UPDATE audit_log SET org_in_hash = 0 WHERE seq = 1`.execute(k),
      1,
    );
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });
});
