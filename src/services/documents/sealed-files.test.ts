// Issue 9 §3 (FL-7(7) 泄露举报人信息): the rendered DOCX/PDF of a report case's documents — a 受理回执
// addressed to the reporter by name — are sealed in the file store with the report's data key,
// in the data folder (SQLite) and in the database's chunk table (PostgreSQL); a download is the
// exact original, the issued PDF still verifies, and a missing or wrong master key fails closed.
// `wenze documents seal-files` seals files stored in clear before, once; SQLite keeps no old clear
// text in free pages afterwards.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, makeCase, type CaseWorld } from '../../../test/factories/cases';
import { docxText } from '../../../test/factories/documents';
import { clearDataKeyCache } from '../../crypto/report-seal';
import { currentMasterKey, setReportKeysForTesting, type MasterKey } from '../../crypto/report-keyring';
import { rewrapDataKeys } from '../../crypto/report-key-rotation';
import { openDatabase, type Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { DatabaseFileStore } from '../../files/database-store';
import { LocalFileStore, MemoryFileStore, sha256Hex, type FileStore } from '../../files/file-store';
import { createBackup } from '../../ops/backup';
import { restoreBackup } from '../../ops/restore';
import { emptyTrust, generateSigningKey, trustKey } from '../../ops/backup-signing';
import { isAppError } from '../../errors';
import { createDraft, downloadVersion, issueDocument, verifyIssuedFile } from '.';
import { sealDocumentFiles } from './sealed-files';

const REPORTER = '张举报';

/** Every blob the store holds, as bytes (the data folder's files; the database's chunks, joined). */
async function storedBlobs(db: Db, files: FileStore, dir: string | null): Promise<Buffer[]> {
  if (files instanceof DatabaseFileStore) {
    const rows = await sql<{ owner: string; data: Buffer }>`SELECT owner, data FROM file_chunks ORDER BY owner, idx`.execute(db.kysely);
    const by = new Map<string, Buffer[]>();
    for (const r of rows.rows) by.set(r.owner, [...(by.get(r.owner) ?? []), Buffer.from(r.data)]);
    return [...by.values()].map((b) => Buffer.concat(b));
  }
  const out: Buffer[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p));
    }
  };
  if (dir) walk(dir);
  return out;
}

/** What anyone with the store's bytes can read: a DOCX opened, a PDF recognised, the raw text. */
function readable(blob: Buffer): { docx: boolean; pdf: boolean; names: boolean } {
  let docxHas = false;
  if (blob.subarray(0, 2).toString('latin1') === 'PK') {
    try {
      docxHas = docxText(blob).includes(REPORTER);
    } catch {
      docxHas = false;
    }
  }
  return { docx: blob.subarray(0, 2).toString('latin1') === 'PK' || docxHas, pdf: blob.subarray(0, 5).toString('latin1') === '%PDF-', names: blob.toString('utf8').includes(REPORTER) || docxHas };
}

describe.each(engines)('document files sealed at rest (issue 9 §3, FL-7(7)) (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let dir: string | null;
  let keys: MasterKey;

  beforeEach(async () => {
    t = await createTestApp(engine);
    dir = null;
    if (engine === 'postgres') t.deps.files = new DatabaseFileStore(t.deps.db, { poolSize: 2 });
    else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-sealed-'));
      t.deps.files = new LocalFileStore(dir);
    }
    w = await setupCaseWorld(t);
    keys = currentMasterKey();
  });
  afterEach(async () => {
    setReportKeysForTesting(null);
    clearDataKeyCache();
    await t.deps.files.close?.();
    await t.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function receipt(): Promise<{ caseId: string; docId: string; docxSha: string; pdfSha: string }> {
    const c = await makeCase(w, { to: 'accepted' });
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'acceptance_receipt' });
    expect(d.versions[0]!.content.addressee).toBe(REPORTER);
    return { caseId: c.caseId, docId: d.id, docxSha: d.versions[0]!.docxSha256, pdfSha: d.versions[0]!.pdfSha256 };
  }

  it('the DOCX/PDF of a report case’s 受理回执 are stored sealed: no blob in the store is a DOCX or PDF or names the reporter; the download is the exact original and the issued PDF verifies', async () => {
    const r = await receipt();
    const docx = await downloadVersion(w.ctx.clerk, r.docId, 1, 'docx');
    expect(sha256Hex(docx.content)).toBe(r.docxSha);
    expect(docxText(docx.content)).toContain(REPORTER); // the real file does name the reporter
    const pdf = await downloadVersion(w.ctx.clerk, r.docId, 1, 'pdf');
    expect(sha256Hex(pdf.content)).toBe(r.pdfSha);
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');

    const issued = await issueDocument(w.ctx.clerk, r.docId, { expectedVersion: 1, issuedOn: '2025-09-01' });
    const final = await downloadVersion(w.ctx.clerk, r.docId, issued.issuedVersion!, 'pdf');
    expect(sha256Hex(final.content)).toBe(issued.issuedPdfSha256);
    const v = await verifyIssuedFile(t.deps, final.content);
    expect(v.matches).toBe(true);
    expect(v.ok).toBe(true);

    const blobs = await storedBlobs(t.deps.db, t.deps.files, dir);
    expect(blobs.length).toBeGreaterThanOrEqual(4);
    for (const b of blobs) expect(readable(b)).toEqual({ docx: false, pdf: false, names: false });
    const row = await t.deps.db.kysely.selectFrom('stored_files').select(['sealed_sha256', 'sealed_case_id']).where('sha256', '=', issued.issuedPdfSha256!).executeTakeFirstOrThrow();
    expect(row.sealed_case_id).toBe(r.caseId);
    expect(await t.deps.files.has(issued.issuedPdfSha256!)).toBe(false);
    expect(await t.deps.files.has(row.sealed_sha256!)).toBe(true);
  });

  it('a WC-5 case’s document files stay as rendered (no reporter; their content is clear in the database)', async () => {
    const c = await makeCase(w, { to: 'accepted', source: 'wc5' });
    const drafted = await createDraft(w.ctx.clerk, c.caseId, { kind: 'registration_approval' });
    expect(await t.deps.files.has(drafted.versions[0]!.pdfSha256)).toBe(true);
  });

  it('without the master key the download fails closed with REPORT_KEY_MISSING; with a wrong key under the same id too, saying the key is wrong', async () => {
    const r = await receipt();
    setReportKeysForTesting([]);
    clearDataKeyCache();
    const missing = await downloadVersion(w.ctx.clerk, r.docId, 1, 'pdf').catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe('REPORT_KEY_MISSING');
    setReportKeysForTesting([{ id: keys.id, key: randomBytes(32) }]);
    clearDataKeyCache();
    const wrong = await downloadVersion(w.ctx.clerk, r.docId, 1, 'pdf').catch((e: unknown) => e);
    expect(isAppError(wrong) && wrong.code).toBe('REPORT_KEY_MISSING');
    expect(isAppError(wrong) && wrong.en).toContain('is wrong');
    setReportKeysForTesting([keys]);
    clearDataKeyCache();
    expect(sha256Hex((await downloadVersion(w.ctx.clerk, r.docId, 1, 'pdf')).content)).toBe(r.pdfSha);
  });

  it('key rotation re-wraps the report’s data key: the sealed files open with the new master key alone', async () => {
    const r = await receipt();
    const next: MasterKey = { id: 'rk-next', key: randomBytes(32) };
    setReportKeysForTesting([next, keys]);
    expect(await rewrapDataKeys(t.deps.db)).toBeGreaterThan(0);
    setReportKeysForTesting([next]);
    clearDataKeyCache();
    expect(sha256Hex((await downloadVersion(w.ctx.clerk, r.docId, 1, 'docx')).content)).toBe(r.docxSha);
  });

  it('wenze documents seal-files: files stored in clear by an earlier version are sealed in place once, their clear copies removed (an interrupted run’s too), the download unchanged', async () => {
    const r = await receipt();
    // as an earlier version left them: the clear bytes under their own hash, the rows in clear
    const docx = (await downloadVersion(w.ctx.clerk, r.docId, 1, 'docx')).content;
    const pdf = (await downloadVersion(w.ctx.clerk, r.docId, 1, 'pdf')).content;
    await t.deps.files.put(docx);
    await t.deps.files.put(pdf);
    await t.deps.db.kysely.updateTable('stored_files').set({ sealed_sha256: null, sealed_case_id: null }).where('sha256', 'in', [r.docxSha, r.pdfSha]).execute();
    expect((await storedBlobs(t.deps.db, t.deps.files, dir)).some((b) => readable(b).names)).toBe(true);

    const first = await sealDocumentFiles(t.deps);
    expect(first).toMatchObject({ sealed: 2, missing: 0, clearRemoved: 2, vacuumed: engine === 'sqlite' });
    for (const b of await storedBlobs(t.deps.db, t.deps.files, dir)) expect(readable(b)).toEqual({ docx: false, pdf: false, names: false });
    expect((await downloadVersion(w.ctx.clerk, r.docId, 1, 'docx')).content.equals(docx)).toBe(true);
    expect(await sealDocumentFiles(t.deps)).toMatchObject({ sealed: 0, clearRemoved: 0 });
    // a run interrupted after its commit, before removing the clear copy
    await t.deps.files.put(pdf);
    expect(await sealDocumentFiles(t.deps)).toMatchObject({ sealed: 0, clearRemoved: 1 });
    expect(await t.deps.files.has(r.pdfSha)).toBe(false);
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'documents.files.seal').execute();
    expect(audit.length).toBe(1);
  });

  it('backup and restore carry the sealed blobs, not the clear files: the restored download is byte for byte the original', async () => {
    const r = await receipt();
    const original = (await downloadVersion(w.ctx.clerk, r.docId, 1, 'pdf')).content;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-sealed-bk-'));
    try {
      const key = generateSigningKey('ed25519');
      const file = path.join(tmp, 'b.wzb');
      await createBackup(t.deps, file, { sign: key });
      const gz = (await import('node:zlib')).gunzipSync(fs.readFileSync(file)).toString('utf8');
      expect(gz).not.toContain(REPORTER);
      const target = await createTestApp('sqlite');
      try {
        target.deps.files = new MemoryFileStore();
        await restoreBackup(target.deps, file, { signature: { trusted: trustKey(emptyTrust(), key, '2026-11-30T00:00:00Z') }, force: true });
        const w2 = { ...w, ctx: { ...w.ctx, clerk: { ...w.ctx.clerk, db: target.deps.db, files: target.deps.files } } };
        expect((await downloadVersion(w2.ctx.clerk, r.docId, 1, 'pdf')).content.equals(original)).toBe(true);
      } finally {
        await target.close();
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('SQLite: no clear text left in free pages after sealing (secure_delete, VACUUM)', () => {
  it('a document content written in clear by an earlier version is not in the raw database file (nor its WAL) after wenze documents seal-files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-vacuum-'));
    const db = await openDatabase({ dataDir: dir });
    let t: TestApp | null = null;
    try {
      await migrateToLatest(db);
      t = await createTestApp('sqlite', undefined, { db });
      t.deps.files = new LocalFileStore(path.join(dir, 'files'));
      const w = await setupCaseWorld(t);
      const c = await makeCase(w, { to: 'accepted' });
      const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'acceptance_receipt' });
      const marker = `MARKER-${randomBytes(6).toString('hex')}-举报人住址`;
      // as before migration 0332: the version's content in clear, with the marker in it
      const clear = JSON.stringify({ ...d.versions[0]!.content, paragraphs: [{ style: 'body', text: marker.repeat(40) }] });
      await db.kysely.updateTable('document_versions').set({ content: clear }).where('document_id', '=', d.id).execute();
      db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const raw = (): string => [db.file!, `${db.file!}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('utf8')).join('');
      expect(raw()).toContain(marker); // the test can see it when it is there
      const r = await sealDocumentFiles(t.deps);
      expect(r.contents).toBe(1);
      expect(r.vacuumed).toBe(true);
      expect(raw()).not.toContain(marker);
    } finally {
      if (t) await t.close(); // closes the database it was given
      else await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
