// Issue 13 point 4: the system administrator imports the organisation's own signing certificate
// (PKCS#12 and its passphrase) in the web UI; documents issued afterwards are signed with it and
// verify. The passphrase and the private key are never returned nor written to the audit trail.
import forge from 'node-forge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { newCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { createDraft, downloadVersion, issueDocument, verifyIssuedFile } from '.';

/** A PKCS#12 as a CA would hand it over: key + certificate, protected by `pass`. */
function orgP12(pass: string, notAfter = new Date('2035-01-01T00:00:00Z')): { base64: string; cert: forge.pki.Certificate } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0a1b2c3d';
  cert.validity.notBefore = new Date(notAfter.getTime() - 3 * 365 * 24 * 3600 * 1000);
  cert.validity.notAfter = notAfter;
  const attrs = [{ name: 'commonName', value: 'Banan Housing Commission' }, { name: 'organizationName', value: 'BNZJW' }, { name: 'countryName', value: 'CN' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], pass, { algorithm: '3des' });
  return { base64: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64'), cert };
}

describe.each(engines)('the organisation’s signing certificate imported by the system administrator (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
    await t.addUser('sysadmin', ['sysadmin']);
  });
  afterEach(async () => t.close());

  it('FL-5 / issue 13 (4): a PKCS#12 with its passphrase becomes the active certificate; issued PDFs are signed with it and verify; the passphrase is never returned nor audited', async () => {
    const pass = 'Secret-Passphrase-2025';
    const { base64 } = orgP12(pass);
    const wrong = await t.as('sysadmin', { method: 'POST', url: '/api/v1/documents/signing-key/import', payload: { p12Base64: base64, passphrase: 'not-it' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields).toEqual([expect.objectContaining({ path: 'passphrase', zh: '证书口令不正确，无法打开证书文件' })]);
    const junk = await t.as('sysadmin', { method: 'POST', url: '/api/v1/documents/signing-key/import', payload: { p12Base64: Buffer.from('not a certificate file').toString('base64'), passphrase: pass } });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.details.fields[0].path).toBe('p12Base64');
    const clerk = await t.as('clerk', { method: 'POST', url: '/api/v1/documents/signing-key/import', payload: { p12Base64: base64, passphrase: pass } });
    expect(clerk.statusCode).toBe(403);

    const ok = await t.as('sysadmin', { method: 'POST', url: '/api/v1/documents/signing-key/import', payload: { p12Base64: base64, passphrase: pass } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().certificate).toMatchObject({ subject: expect.stringContaining('CN=Banan Housing Commission'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(ok.body).not.toContain(pass);
    expect(ok.body).not.toContain(base64.slice(0, 40));
    const audit = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'documents.signing_key.import').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(pass);
    const stored = await t.deps.db.kysely.selectFrom('document_signing_keys').selectAll().where('retired_at', 'is', null).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.p12_base64).not.toBe(base64); // re-wrapped under the server's passphrase

    const c = await makeDecidedCase(w);
    const d = await createDraft(w.ctx.clerk, c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id });
    const issued = await issueDocument(w.ctx.clerk, d.id, { expectedVersion: d.currentVersion, issuedOn: '2025-09-01' });
    const f = await downloadVersion(w.ctx.clerk, d.id, issued.issuedVersion!, 'pdf');
    const v = await verifyIssuedFile(t.deps, f.content);
    expect(v).toMatchObject({ ok: true, matches: true, signature: { present: true, valid: true, organisationCertificate: true } });
    const doc = await t.deps.db.kysely.selectFrom('documents').select('signing_key_id').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(doc.signing_key_id).toBe(stored[0]!.id);
  });

  it('an expired certificate is refused, naming the certificate file', async () => {
    const { base64 } = orgP12('pw-123456', new Date('2020-01-01T00:00:00Z'));
    const r = await t.as('sysadmin', { method: 'POST', url: '/api/v1/documents/signing-key/import', payload: { p12Base64: base64, passphrase: 'pw-123456' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.fields[0]).toMatchObject({ path: 'p12Base64', zh: '证书文件中的证书已过有效期' });
  });
});
