// 等保2.0 入侵防范 / 数据完整性 for uploads (docs/security-hardening.md): a refused upload stores
// no byte; the size limit holds while streaming; a file reaches the store only with its record;
// concurrent uploads of the same bytes all succeed; malformed multipart is a coded 400; quotas.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { sweepUploadsOnStart } from '../../files/start-sweep';
import { LocalFileStore } from '../../files/file-store';
import { HARDENING_KEYS, writeHardeningSetting } from '../../services/hardening-settings';
import { buildApp } from '../app';

const BOUNDARY = '----wenze-hardening';

function multipart(fields: Record<string, string | number>, file?: { name: string; content: Buffer }, opts: { close?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  if (opts.close !== false) parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

/** Every file under the store (blobs, staging, put temporaries): count and bytes. */
function diskUsage(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

const evidenceFields = { kind: 'interview_record', title: '询问笔录', source: '调查组询问', collectedOn: '2025-09-01' };

describe.each(engines)('等保2.0 入侵防范: uploads (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  let dir: string;
  let store: LocalFileStore;
  let app: FastifyInstance;
  const MAX = 256 * 1024;

  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
    caseId = (await makeCase(w, { to: 'investigating' })).caseId;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-upload-'));
    store = new LocalFileStore(dir);
    // The same database and sessions, a store on disk and a small upload limit.
    app = await buildApp({ deps: { ...t.deps, files: store }, maxUploadBytes: MAX });
  });
  afterEach(async () => {
    await app.close();
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const post = (user: string, id: string, payload: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
    app.inject({ method: 'POST', url: `/api/v1/cases/${id}/evidence`, payload, headers: { authorization: `Bearer ${t.tokens[user]}`, 'content-type': contentType } });

  it('入侵防范: an upload is refused before any byte is stored — role, missing case, stale version, step not allowed', async () => {
    const big = Buffer.alloc(200 * 1024, 7);
    const v = await versionOf(w, caseId);
    const closed = await makeCase(w, { to: 'intake' });
    await t.addUser('outsider', ['subject']);
    const cases: [string, string, Buffer, number, string][] = [
      ['outsider', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: 'a.bin', content: big }), 404, 'NOT_FOUND'],
      // WC-9(2) (issue 7): the subject may hand in statements during the investigation, never the team's interview record
      ['subject', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: 'a.bin', content: big }), 400, 'VALIDATION_FAILED'],
      ['leader', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: 'a.bin', content: big }), 403, 'TRANSITION_ROLE'],
      ['investigator', 'no-such-case', multipart({ expectedVersion: 1, ...evidenceFields }, { name: 'a.bin', content: big }), 404, 'NOT_FOUND'],
      ['investigator', caseId, multipart({ expectedVersion: v - 1, ...evidenceFields }, { name: 'a.bin', content: big }), 409, 'CONFLICT_STALE'],
      ['clerk', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: 'a.bin', content: big }), 403, 'TRANSITION_ROLE'],
      ['investigator', closed.caseId, multipart({ expectedVersion: await versionOf(w, closed.caseId), ...evidenceFields }, { name: 'a.bin', content: big }), 404, 'NOT_FOUND'],
      // the version must come before the file, or nothing is read
      ['investigator', caseId, multipart({ ...evidenceFields }, { name: 'a.bin', content: big }), 400, 'VALIDATION_FAILED'],
      // refused before the body is read: the truncated rest of it is never looked at
      ['investigator', caseId, multipart({ expectedVersion: v - 1 }, { name: 'a.bin', content: big }, { close: false }), 409, 'CONFLICT_STALE'],
    ];
    const before = diskUsage(dir);
    for (const [user, id, payload, status, code] of cases) {
      const r = await post(user, id, payload);
      expect([r.statusCode, r.json().error?.code], `${user} ${id}`).toEqual([status, code]);
      if (user === 'subject') expect(JSON.stringify(r.json().error.details)).toContain('kind');
      expect(diskUsage(dir)).toEqual(before);
    }
    expect(await t.deps.db.kysely.selectFrom('stored_files').selectAll().execute()).toHaveLength(0);
    // The state machine refuses a step the case is not at, too (intake: no evidence yet), before the body.
    const intakeCase = await makeCase(w, { to: 'intake' });
    const r = await post('clerk', intakeCase.caseId, multipart({ expectedVersion: await versionOf(w, intakeCase.caseId), ...evidenceFields }, { name: 'a.bin', content: big }));
    expect([r.statusCode, r.json().error.code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    expect(diskUsage(dir)).toEqual(before);
  });

  it('入侵防范: an oversize file is refused while streaming (413) and its temporary removed; an accepted one is stored once, after commit', async () => {
    const v = await versionOf(w, caseId);
    const tooBig = await post('investigator', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: 'big.bin', content: Buffer.alloc(MAX + 1024, 1) }));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('FILE_TOO_LARGE');
    expect(diskUsage(dir)).toEqual({ files: 0, bytes: 0 });
    expect(await versionOf(w, caseId)).toBe(v);

    const content = Buffer.from('现场检查记录 — 正文', 'utf8');
    const ok = await post('investigator', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: '记录.txt', content }));
    expect(ok.statusCode).toBe(200);
    const sha = createHash('sha256').update(content).digest('hex');
    expect(fs.readFileSync(path.join(dir, sha.slice(0, 2), sha.slice(2))).equals(content)).toBe(true);
    expect(diskUsage(dir)).toEqual({ files: 1, bytes: content.length });
  });

  it('数据完整性: a step refused inside the transaction (invalid fields after the file) leaves no byte and no temporary', async () => {
    const v = await versionOf(w, caseId);
    const payload = multipart({ expectedVersion: v, kind: 'no-such-kind', title: 'x', source: 'x', collectedOn: '2025-09-02' }, { name: 'a.bin', content: Buffer.alloc(1000, 3) });
    const r = await post('investigator', caseId, payload);
    expect(r.statusCode).toBe(400);
    expect(diskUsage(dir)).toEqual({ files: 0, bytes: 0 });
  });

  it('入侵防范: 40 concurrent uploads of the same file all succeed, one blob stored', async () => {
    const ids = [caseId];
    for (let i = 1; i < 40; i++) ids.push((await makeCase(w, { to: 'investigating' })).caseId);
    const content = Buffer.alloc(64 * 1024, 42);
    const payloads = await Promise.all(ids.map(async (id) => ({ id, payload: multipart({ expectedVersion: await versionOf(w, id), ...evidenceFields }, { name: 'same.bin', content }) })));
    const rs = await Promise.all(payloads.map((p) => post('investigator', p.id, p.payload)));
    expect(rs.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    expect(diskUsage(dir)).toEqual({ files: 1, bytes: content.length });
    expect(await t.deps.db.kysely.selectFrom('stored_files').selectAll().execute()).toHaveLength(1);
    expect(await t.deps.db.kysely.selectFrom('case_evidence').select('id').where('file_sha256', 'is not', null).execute()).toHaveLength(40);
  });

  it('入侵防范: malformed multipart answers 400 BAD_MULTIPART, never 500, and stores nothing', async () => {
    const v = await versionOf(w, caseId);
    const bodies: [Buffer, string][] = [
      [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="expectedVersion"\r\n\r\n${v}`), `multipart/form-data; boundary=${BOUNDARY}`],
      [Buffer.from('garbage without any boundary'), `multipart/form-data; boundary=${BOUNDARY}`],
      [multipart({ expectedVersion: v }), 'multipart/form-data'],
      [multipart({ expectedVersion: v }), 'multipart/form-data; boundary='],
      [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n`), `multipart/form-data; boundary=${BOUNDARY}`],
      [Buffer.from(`--${BOUNDARY}\r\nno header end`), `multipart/form-data; boundary=${BOUNDARY}`],
    ];
    for (const [payload, ct] of bodies) {
      const r = await post('investigator', caseId, payload, ct);
      expect(r.statusCode, `${ct} ${payload.toString().slice(0, 40)}`).toBe(400);
      expect(r.json().error.code).toBe('BAD_MULTIPART');
    }
    expect(diskUsage(dir)).toEqual({ files: 0, bytes: 0 });
  });

  it('入侵防范: storage quotas (settings) refuse with QUOTA_EXCEEDED and store nothing', async () => {
    await writeHardeningSetting(t.deps, null, HARDENING_KEYS.quotaPerUser, 10_000);
    const v = await versionOf(w, caseId);
    const over = await post('investigator', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: 'a.bin', content: Buffer.alloc(12_000, 1) }));
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { quota: 'user' } });
    expect(over.json().error.messageZh).toContain('配额');
    expect(diskUsage(dir)).toEqual({ files: 0, bytes: 0 });
    const fits = await post('investigator', caseId, multipart({ expectedVersion: v, ...evidenceFields }, { name: 'a.bin', content: Buffer.alloc(8_000, 1) }));
    expect(fits.statusCode).toBe(200);
    // The user's quota is now nearly spent: the next file is refused before it is read.
    const next = await post('investigator', caseId, multipart({ expectedVersion: v + 1, ...evidenceFields }, { name: 'b.bin', content: Buffer.alloc(4_000, 2) }));
    expect(next.json().error.code).toBe('QUOTA_EXCEEDED');
    await writeHardeningSetting(t.deps, null, HARDENING_KEYS.quotaPerUser, 10 ** 9);
    await writeHardeningSetting(t.deps, null, HARDENING_KEYS.quotaTotal, 9_000);
    const total = await post('investigator', caseId, multipart({ expectedVersion: v + 1, ...evidenceFields }, { name: 'b.bin', content: Buffer.alloc(4_000, 2) }));
    expect(total.json().error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { quota: 'total' } });
    expect(diskUsage(dir)).toEqual({ files: 1, bytes: 8_000 });
  });

  it('数据完整性: the start sweep removes orphan temporaries and finishes a promotion a crash interrupted', async () => {
    const content = Buffer.from('orphan');
    const staged = await store.stage((await import('node:stream')).Readable.from([content]), 1000);
    fs.mkdirSync(path.join(dir, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'ab', 'cdef.123.tmp'), 'half a put');
    fs.writeFileSync(path.join(dir, '.staging', 'x.part'), 'half an upload');
    // a committed record whose promotion did not happen
    const recorded = await store.stage((await import('node:stream')).Readable.from([Buffer.from('recorded')]), 1000);
    await t.deps.db.kysely.insertInto('stored_files').values({ sha256: recorded.sha256, size: recorded.size, mime_type: 'text/plain', original_name: 'r.txt', created_at: '2025-09-01T00:00:00Z' }).execute();
    const r = await sweepUploadsOnStart({ ...t.deps, files: store });
    expect(r).toEqual({ removed: 3, promoted: 1 });
    expect(await store.has(staged.sha256)).toBe(false);
    expect((await store.get(recorded.sha256))?.toString()).toBe('recorded');
    expect(diskUsage(dir)).toEqual({ files: 1, bytes: 'recorded'.length });
  });
});
