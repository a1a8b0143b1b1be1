// Issue 13 point 4: the issued PDF carries the organisation's seal and a PAdES signature that a PDF
// signature library validates (poppler's pdfsig, NSS); `wenze documents verify` and the public
// page say whether a copy is what was issued — one changed byte and it is not.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { ctxOfUser, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { sealPng } from '../../../test/factories/seal';
import { openDatabase } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { writeHardeningSetting } from '../hardening-settings';
import { createDraft, downloadVersion, issueDocument, publicVerify, uploadSeal, verifyIssuedFile } from '.';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const hasPdfsig = spawnSync('pdfsig', ['-v']).status === 0;

function pdfsig(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-sig-'));
  try {
    fs.writeFileSync(path.join(dir, 'f.pdf'), pdf);
    const r = spawnSync('pdfsig', [path.join(dir, 'f.pdf')], { encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One byte changed in the middle of the file (inside the signed range, not the signature). */
function tamper(pdf: Buffer): Buffer {
  const out = Buffer.from(pdf);
  const i = Math.floor(out.length / 5);
  out[i] = out[i]! ^ 0x01;
  return out;
}

async function issuedDecisionNotice(t: TestApp, w: CaseWorld, withSeal = true): Promise<{ pdf: Buffer; docNumber: string; sha256: string }> {
  if (withSeal) {
    await t.addUser('sysadmin', ['sysadmin']);
    await uploadSeal(ctxOfUser(t, 'sysadmin', ['sysadmin']), { mimeType: 'image/png', imageBase64: sealPng().toString('base64') });
  }
  const c = await makeDecidedCase(w);
  const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id });
  const issued = await issueDocument(w.ctx.clerk, d.id, { expectedVersion: d.currentVersion, issuedOn: '2025-09-01' });
  const f = await downloadVersion(w.ctx.clerk, d.id, issued.issuedVersion!, 'pdf');
  return { pdf: f.content, docNumber: issued.docNumber!, sha256: f.sha256 };
}

describe.each(engines)('electronic seal and signature of issued documents (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it.skipIf(!hasPdfsig)('the issued 处理决定书 is signed (PAdES) over the whole file: pdfsig validates it; one changed byte fails', async () => {
    const { pdf } = await issuedDecisionNotice(t, w);
    const out = pdfsig(pdf);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('adbe.pkcs7.detached');
    expect(pdfsig(tamper(pdf))).not.toContain('Signature is Valid.');
  });

  it('the seal image uploaded by the system administrator is placed on the issued PDF and recorded by hash', async () => {
    const { pdf } = await issuedDecisionNotice(t, w);
    // pdfkit embeds the PNG as an image XObject with its alpha as a soft mask.
    expect(pdf.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
    const doc = await t.deps.db.kysely.selectFrom('documents').select(['seal_sha256', 'signing_key_id']).where('kind', '=', 'decision_notice').executeTakeFirstOrThrow();
    expect(doc.seal_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.signing_key_id).not.toBeNull();
  });

  it('verify: the issued copy matches, with a valid signature by the organisation’s certificate; a changed byte does not', async () => {
    const { pdf, docNumber, sha256 } = await issuedDecisionNotice(t, w, false);
    const good = await verifyIssuedFile(t.deps, pdf);
    expect(good).toMatchObject({ ok: true, matches: true, sm2: 'absent', signature: { present: true, valid: true, coversWholeFile: true, organisationCertificate: true } });
    expect(good.document?.docNumber).toBe(docNumber);
    const bad = await verifyIssuedFile(t.deps, tamper(pdf));
    expect(bad.ok).toBe(false);
    expect(bad.matches).toBe(false);
    expect(bad.signature.valid).toBe(false);
    // The public page: number + hash of the very file.
    expect(await publicVerify(t.deps, { number: docNumber, sha256 })).toMatchObject({ matches: true, document: { docNumber, kindZh: '处理决定书' } });
    expect(await publicVerify(t.deps, { number: docNumber, sha256: bad.sha256 })).toEqual({ matches: false, document: null });
    expect(await publicVerify(t.deps, { number: '巴住建问决〔2025〕99号', sha256 })).toEqual({ matches: false, document: null });
  });

  it('国密: with security.guomi on, an SM2 signature of the issued PDF is recorded alongside and verified', async () => {
    await writeHardeningSetting(t.deps, null, 'security.guomi', true);
    const { pdf } = await issuedDecisionNotice(t, w, false);
    const r = await verifyIssuedFile(t.deps, pdf);
    expect(r.sm2).toBe('valid');
    expect(r.ok).toBe(true);
  });

  it('public verification route answers without an account, and only with a matching hash', async () => {
    const { docNumber, sha256 } = await issuedDecisionNotice(t, w, false);
    const ok = await t.app.inject({ method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(docNumber)}&sha256=${sha256}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().matches).toBe(true);
    const no = await t.app.inject({ method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(docNumber)}&sha256=${'0'.repeat(64)}` });
    expect(no.json()).toEqual({ matches: false, document: null });
  });
});

describe('wenze documents verify (CLI)', () => {
  it('exits 0 for the issued PDF and 3 when one byte of it was changed', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-docverify-'));
    try {
      const dataDir = path.join(tmp, 'data');
      const db = await openDatabase({ dataDir });
      await migrateToLatest(db);
      const t = await createTestApp('sqlite', undefined, { db });
      const w = await setupCaseWorld(t);
      const { pdf } = await issuedDecisionNotice(t, w, false);
      await t.close();
      fs.writeFileSync(path.join(tmp, 'issued.pdf'), pdf);
      fs.writeFileSync(path.join(tmp, 'changed.pdf'), tamper(pdf));
      const env = { ...process.env };
      delete env.DATABASE_URL;
      const wenze = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'wenze.mjs'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
      const good = wenze('documents', 'verify', path.join(tmp, 'issued.pdf'), '--data', dataDir);
      expect(good.stdout, good.stderr).toContain('VERIFIED');
      expect(good.status).toBe(0);
      const bad = wenze('documents', 'verify', path.join(tmp, 'changed.pdf'), '--data', dataDir);
      expect(bad.stdout).toContain('NOT VERIFIED');
      expect(bad.status).toBe(3);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

