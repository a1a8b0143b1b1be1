// Shared files (issue 11 part 5): two stateless app servers on one PostgreSQL, each with its own
// connection pool and its own database file store (FILE_STORE=database, the default there),
// share evidence, issued documents, sessions and rate limits.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { PG_URL } from '../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../test/factories/cases';
import { makeDecidedCase } from '../../test/factories/documents';
import { openDatabase, type Db } from '../db/database';
import { DatabaseFileStore } from '../files/database-store';
import { buildApp } from './app';
import { rateLimitStoreFor } from './plugins/rate-limits';

const BOUNDARY = '----wenze-shared-files';

function multipart(fields: Record<string, string | number>, file: { name: string; content: Buffer }): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

describe('Shared files: where the rate-limit counters live (RATE_LIMIT_STORE)', () => {
  it('入侵防范: unset → the database on PostgreSQL (shared by every server), memory on SQLite; memory/database when named', () => {
    expect(rateLimitStoreFor(undefined, 'postgres')).toBe('database');
    expect(rateLimitStoreFor('', 'sqlite')).toBe('memory');
    expect(rateLimitStoreFor('memory', 'postgres')).toBe('memory');
    expect(rateLimitStoreFor('database', 'sqlite')).toBe('database');
  });
});

describe.skipIf(!PG_URL)('Shared files: two app servers on one PostgreSQL (postgres)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let dbB: Db;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const stores: DatabaseFileStore[] = [];

  beforeEach(async () => {
    t = await createTestApp('postgres');
    w = await setupCaseWorld(t);
    // Server B: its own pool on the same database (the test's schema), nothing shared in memory.
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(t.deps.db.kysely)).rows[0]!.s;
    dbB = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 });
    const storeA = new DatabaseFileStore(t.deps.db);
    const storeB = new DatabaseFileStore(dbB);
    stores.push(storeA, storeB);
    // No rateLimitStore given: the default on PostgreSQL is the database.
    a = await buildApp({ deps: { db: t.deps.db, clock: t.clock, files: storeA } });
    b = await buildApp({ deps: { db: dbB, clock: t.clock, files: storeB } });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    for (const s of stores.splice(0)) await s.close();
    await dbB.close();
    await t.close();
  });

  const as = (app: FastifyInstance, user: string, opts: InjectOptions) => app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${t.tokens[user]}` } });

  it('Shared files: evidence uploaded through server A downloads byte for byte through server B (PostgreSQL)', async () => {
    const { caseId } = await makeCase(w, { to: 'investigating' });
    // larger than a chunk and not a multiple of one: streamed in as several rows
    const content = randomBytes(1024 * 1024 + 4321);
    const sha = createHash('sha256').update(content).digest('hex');
    const payload = multipart({ expectedVersion: await versionOf(w, caseId), kind: 'interview_record', title: '询问笔录（录音附件）', source: '调查组询问', collectedOn: '2025-09-01' }, { name: '录音.bin', content });
    const up = await as(a, 'investigator', { method: 'POST', url: `/api/v1/cases/${caseId}/evidence`, payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(up.statusCode).toBe(200);
    const evidenceId = up.json().created.id as string;
    expect(up.json().case.evidence[0].file).toMatchObject({ sha256: sha, size: content.length });

    const down = await as(b, 'investigator', { method: 'GET', url: `/api/v1/cases/${caseId}/evidence/${evidenceId}/file` });
    expect(down.statusCode).toBe(200);
    expect(down.headers['x-content-sha256']).toBe(sha);
    expect(down.rawPayload.equals(content)).toBe(true);
    // stored once, in the database, nowhere else: 5 chunk rows of 256 KiB at most
    const chunks = await t.deps.db.kysely.selectFrom('file_chunks').select('idx').where('owner', '=', sha).execute();
    expect(chunks).toHaveLength(5);
    expect(await t.deps.db.kysely.selectFrom('file_uploads').selectAll().execute()).toEqual([]);
    // 数据完整性: bytes changed in the database after the upload never arrive complete as evidence
    await t.deps.db.kysely.updateTable('file_chunks').set({ data: randomBytes(256 * 1024) }).where('owner', '=', sha).where('idx', '=', 2).execute();
    const tampered = await as(b, 'investigator', { method: 'GET', url: `/api/v1/cases/${caseId}/evidence/${evidenceId}/file` }).then(
      (r) => ({ complete: r.rawPayload.length === content.length, sha: createHash('sha256').update(r.rawPayload).digest('hex') }),
      (err: Error) => ({ complete: false, sha: err.message }),
    );
    expect(tampered).toEqual({ complete: false, sha: 'response destroyed before completion' });
    // the same session works on both servers (sessions live in the database)
    expect((await as(b, 'investigator', { method: 'GET', url: `/api/v1/cases/${caseId}` })).statusCode).toBe(200);
  });

  it('Shared files: a document issued on server A is served by server B with the same bytes (PostgreSQL)', async () => {
    const c = await makeDecidedCase(w);
    const drafted = await as(a, 'clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'decision_notice', subjectId: w.fx.handler.id } });
    expect(drafted.statusCode).toBe(201);
    const issued = await as(a, 'clerk', { method: 'POST', url: `/api/v1/documents/${drafted.json().id}/issue`, payload: { expectedVersion: 1, issuedOn: '2025-09-01' } });
    expect(issued.statusCode).toBe(200);
    const doc = issued.json();
    expect(doc.status).toBe('issued');
    for (const format of ['pdf', 'docx']) {
      const url = `/api/v1/documents/${doc.id}/versions/${doc.issuedVersion}.${format}`;
      const fromB = await as(b, 'clerk', { method: 'GET', url });
      const fromA = await as(a, 'clerk', { method: 'GET', url });
      expect([fromB.statusCode, fromA.statusCode]).toEqual([200, 200]);
      expect(fromB.rawPayload.length).toBeGreaterThan(0);
      expect(fromB.rawPayload.equals(fromA.rawPayload)).toBe(true);
      const recorded = doc.versions.find((v: { number: number }) => v.number === doc.issuedVersion)[`${format}Sha256`];
      expect(createHash('sha256').update(fromB.rawPayload).digest('hex')).toBe(recorded);
    }
  });

  it('入侵防范: a rate limit holds across both servers — 30 receipt-code follow-ups per address in ten minutes, counted together (PostgreSQL default)', async () => {
    const get = (app: FastifyInstance, ip: string) =>
      app.inject({ method: 'POST', url: '/api/v1/public/reports/follow-up', payload: { receiptCode: 'AAAAA-BBBBB-CCCCC-DDDDD' }, remoteAddress: ip });
    for (let i = 0; i < 15; i++) expect((await get(a, '10.9.9.9')).statusCode).not.toBe(429);
    for (let i = 0; i < 15; i++) expect((await get(b, '10.9.9.9')).statusCode).not.toBe(429);
    const overA = await get(a, '10.9.9.9');
    const overB = await get(b, '10.9.9.9');
    expect([overA.statusCode, overB.statusCode]).toEqual([429, 429]);
    expect(overB.json().error.code).toBe('RATE_LIMITED');
    // another address is not affected
    expect((await get(b, '10.9.9.10')).statusCode).not.toBe(429);
  });
});
