// 等保2.0 安全审计: the source address (migration 0090) is part of a record's hash when it is
// set, and records written without it — all records written before the column existed — hash
// and verify exactly as before.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../test/db';
import type { Db } from '../db/database';
import { inTransaction } from '../db/tx';
import { requestContext } from '../lib/request-context';
import { verifyAuditChain } from './audit-verify';
import { appendAudit, hashRecord } from './audit-writer';

describe.each(engines)('安全审计: source address in the hash chain (%s)', (engine) => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb(engine);
  });
  afterEach(async () => closeTestDb(db));

  const add = (i: number, sourceIp?: string) =>
    inTransaction(db, (tx) => appendAudit(tx, { actorId: 'u', action: 'demo', entityType: 'x', entityId: String(i), after: { i }, at: '2025-01-01T00:00:00Z', ...(sourceIp ? { sourceIp } : {}) }));

  it('安全审计: a record without a source address hashes as records did before migration 0090 (old chains still verify)', () => {
    const rec = { seq: 1, at: '2025-01-01T00:00:00Z', actor_id: 'u', action: 'demo', entity_type: 'x', entity_id: '1', before_json: null, after_json: '{"i":1}', prev_hash: '0'.repeat(64) };
    // the hash the writer computed for this record before the column existed (commit 7028904)
    const before0090 = '25615be065159eed7fcb7568f869dd8c9401697cfea59144cc830b6df799a8d5';
    expect(hashRecord(rec)).toBe(before0090);
    expect(hashRecord({ ...rec, source_ip: null })).toBe(before0090);
    expect(hashRecord({ ...rec, source_ip: '10.0.0.1' })).not.toBe(hashRecord(rec));
  });

  it('安全审计: a chain mixing records without and with addresses verifies; changing or erasing an address breaks it at that record', async () => {
    await add(1);
    await add(2, '10.0.0.2');
    await requestContext.run({ sourceIp: '10.0.0.3' }, () => add(3));
    await add(4);
    const rows = await db.kysely.selectFrom('audit_log').select(['seq', 'source_ip']).orderBy('seq').execute();
    expect(rows.map((r) => r.source_ip)).toEqual([null, '10.0.0.2', '10.0.0.3', null]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, records: 4 });

    await db.kysely.updateTable('audit_log').set({ source_ip: null }).where('seq', '=', 3).execute();
    expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ seq: 3, reason: 'hash' });
    await db.kysely.updateTable('audit_log').set({ source_ip: '10.0.0.3' }).where('seq', '=', 3).execute();
    expect((await verifyAuditChain(db)).ok).toBe(true);
    await db.kysely.updateTable('audit_log').set({ source_ip: '10.6.6.6' }).where('seq', '=', 1).execute();
    expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ seq: 1, reason: 'hash' });
  });
});
