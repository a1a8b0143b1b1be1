// Each organisation's seal and signing certificate (issue 11, issue 13 point 4, GB/T 9704; 0610):
// an issued 公文 bears its issuing organ's own seal and signature. Found by a red-team walk: the
// 住建委 administrator's seal and certificate sealed and signed the 交通委's issued documents.
// World: the district (区司法局) above the Banan commission (default organisation, B) and a second
// commission (A, 巴交问), each with its own system administrator; the district's `d_sys` holds both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migratorFor } from '../../src/db/migrate';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { makeCase, type CaseWorld } from '../factories/cases';
import { setupTwoCommissions, type TwoCommissions } from '../factories/orgs';
import { sealPng } from '../factories/seal';
import { DEFAULT_ORG_ID } from '../../src/db/tables/organisations';
import { verifyIssuedFile } from '../../src/services/documents';

interface Issued {
  id: string;
  docNumber: string;
  seal: { sealSha256: string | null; signed: boolean };
  pdf: Buffer;
  sha256: string;
}

/** The world's clerk drafts and issues a 调查组组成通知 (numbered) on a new case of its organisation under investigation, through HTTP. */
async function issueNotice(t: TestApp, world: CaseWorld, clerk: string): Promise<Issued> {
  const c = await makeCase(world, { to: 'investigating' });
  const d = await t.as(clerk, { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'team_appointment' } });
  expect(d.statusCode, d.body).toBe(201);
  const i = await t.as(clerk, { method: 'POST', url: `/api/v1/documents/${d.json().id}/issue`, payload: { expectedVersion: d.json().currentVersion } });
  expect(i.statusCode, i.body).toBe(200);
  expect(i.json().docNumber).toMatch(/号$/);
  const f = await t.as(clerk, { method: 'GET', url: `/api/v1/documents/${d.json().id}/versions/${i.json().issuedVersion}.pdf` });
  expect(f.statusCode, f.body).toBe(200);
  return { id: d.json().id, docNumber: i.json().docNumber, seal: i.json().seal, pdf: f.rawPayload, sha256: String(f.headers['x-content-sha256']) };
}

describe.each(engines)('电子印章与签名证书 per organisation: a commission’s issued documents carry its own seal and certificate (%s)', (engine) => {
  let t: TestApp;
  let w: TwoCommissions;
  let orgA: string;
  const sealB = sealPng(240);
  const sealA = sealPng(200);
  const info = async (user: string, query = '') => t.as(user, { method: 'GET', url: `/api/v1/documents/seal${query}` });

  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    w = await setupTwoCommissions(t);
    orgA = w.d.otherId;
    await t.addUser('b_sys', ['sysadmin']);
    await t.addUser('a_sys', ['sysadmin'], null, orgA);
    const b = await t.as('b_sys', { method: 'PUT', url: '/api/v1/documents/seal', payload: { mimeType: 'image/png', imageBase64: sealB.toString('base64') } });
    expect(b.statusCode, b.body).toBe(200);
    const a = await t.as('a_sys', { method: 'PUT', url: '/api/v1/documents/seal', payload: { mimeType: 'image/png', imageBase64: sealA.toString('base64') } });
    expect(a.statusCode, a.body).toBe(200);
  }, 300_000);
  afterAll(async () => t?.close());

  it('issue 11 / GB/T 9704: each commission’s administrator sets its own seal; the other commission’s clerk sees its own, never that one', async () => {
    const b = (await info('b_sys')).json();
    const a = (await info('a_sys')).json();
    expect(b.org.id).toBe(DEFAULT_ORG_ID);
    expect(a.org.id).toBe(orgA);
    expect(a.seal.sha256).not.toBe(b.seal.sha256);
    // the issuing clerk reads its own organisation's seal
    expect((await info('a_clerk')).json().seal.sha256).toBe(a.seal.sha256);
    expect((await info('clerk')).json().seal.sha256).toBe(b.seal.sha256);
    // and cannot ask for the other organisation's (out of scope answers as missing)
    expect((await info('a_clerk', `?orgId=${DEFAULT_ORG_ID}`)).statusCode).toBe(404);
  });

  it('issue 11: an administrator cannot read, replace or rotate another commission’s seal or key (404, nothing changes); the district’s administrator, whose scope holds it, can', async () => {
    const before = (await info('b_sys')).json();
    const put = await t.as('a_sys', { method: 'PUT', url: '/api/v1/documents/seal', payload: { orgId: DEFAULT_ORG_ID, mimeType: 'image/png', imageBase64: sealPng(120).toString('base64') } });
    expect([put.statusCode, put.json().error?.code]).toEqual([404, 'NOT_FOUND']);
    const rot = await t.as('a_sys', { method: 'POST', url: '/api/v1/documents/signing-key', payload: { orgId: DEFAULT_ORG_ID } });
    expect([rot.statusCode, rot.json().error?.code]).toEqual([404, 'NOT_FOUND']);
    const imp = await t.as('a_sys', { method: 'POST', url: '/api/v1/documents/signing-key/import', payload: { orgId: DEFAULT_ORG_ID, p12Base64: 'AAAAAAAAAAAA', passphrase: 'x' } });
    expect([imp.statusCode, imp.json().error?.code]).toEqual([404, 'NOT_FOUND']);
    expect((await info('a_sys', `?orgId=${DEFAULT_ORG_ID}`)).statusCode).toBe(404);
    expect((await t.as('a_sys', { method: 'GET', url: `/api/v1/documents/seal/image?orgId=${DEFAULT_ORG_ID}` })).statusCode).toBe(404);
    expect((await info('b_sys')).json()).toEqual(before);
    // the district's administrator administers its subtree: it rotates A's key, the subject naming A
    const d = await t.as('d_sys', { method: 'POST', url: '/api/v1/documents/signing-key', payload: { orgId: orgA } });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json().org.id).toBe(orgA);
    expect(d.json().certificate.subject).toContain(`OU=${orgA}`);
    expect((await info('b_sys')).json()).toEqual(before);
    // audited as a record of A, where A's auditor sees it
    const rows = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'org_id']).where('action', 'in', ['documents.seal.upload', 'documents.signing_key.create']).execute();
    expect(rows.filter((r) => r.action === 'documents.seal.upload').map((r) => r.org_id).sort()).toEqual([DEFAULT_ORG_ID, orgA].sort());
    expect(rows.filter((r) => r.action === 'documents.signing_key.create').map((r) => r.org_id)).toContain(orgA);
  });

  it('GB/T 9704: a commission’s issued 调查组组成通知 carries its own seal and is signed with its own certificate — never the other commission’s; each verifies with its own certificate, rotated-out ones included', async () => {
    const ofB = await issueNotice(t, w.b, 'clerk');
    const ofA = await issueNotice(t, w.a, 'a_clerk');
    const b = (await info('b_sys')).json();
    const a = (await info('a_sys')).json();
    expect(ofB.seal).toMatchObject({ sealSha256: b.seal.sha256, signed: true });
    expect(ofA.seal).toMatchObject({ sealSha256: a.seal.sha256, signed: true });
    // the certificates embedded in the PDFs are each organisation's own
    const vB = await verifyIssuedFile(t.deps, ofB.pdf);
    const vA = await verifyIssuedFile(t.deps, ofA.pdf);
    expect(vB.signature.certificateSha256).toBe(b.certificate.sha256);
    expect(vA.signature.certificateSha256).toBe(a.certificate.sha256);
    expect(a.certificate.sha256).not.toBe(b.certificate.sha256);
    expect(a.certificate.subject).toContain(`OU=${orgA}`);
    expect([vB.ok, vA.ok]).toEqual([true, true]);
    // the public check vouches for each
    for (const x of [ofA, ofB]) {
      const p = await t.as(null, { method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(x.docNumber)}&sha256=${x.sha256}` });
      expect(p.json().matches, p.body).toBe(true);
    }
    // A rotates its key: the document issued before still verifies (its rotated-out certificate)
    expect((await t.as('a_sys', { method: 'POST', url: '/api/v1/documents/signing-key', payload: {} })).statusCode).toBe(200);
    expect((await verifyIssuedFile(t.deps, ofA.pdf)).ok).toBe(true);
  }, 120_000);

  it('issue 11: a document signed with a certificate that is not its issuing organisation’s does not verify, nor does the public check vouch for it', async () => {
    const ofA = await issueNotice(t, w.a, 'a_clerk');
    const k = t.deps.db.kysely;
    const doc = await k.selectFrom('documents').select('signing_key_id').where('id', '=', ofA.id).executeTakeFirstOrThrow();
    // as if A's document had been signed with B's key: the key recorded as B's
    await k.updateTable('document_signing_keys').set({ org_id: DEFAULT_ORG_ID }).where('id', '=', doc.signing_key_id!).execute();
    try {
      const v = await verifyIssuedFile(t.deps, ofA.pdf);
      expect(v.signature.valid).toBe(true);
      expect(v.signature.organisationCertificate).toBe(false);
      expect(v.ok).toBe(false);
      const p = await t.as(null, { method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(ofA.docNumber)}&sha256=${ofA.sha256}` });
      expect(p.json().matches).toBe(false);
    } finally {
      await k.updateTable('document_signing_keys').set({ org_id: orgA }).where('id', '=', doc.signing_key_id!).execute();
    }
  }, 120_000);
});

describe.each(engines)('电子印章与签名证书 per organisation: the upgrade (migration 0610) (%s)', (engine) => {
  let t: TestApp;
  let w: TwoCommissions;
  let legacy: Issued;
  let legacyKey: string;
  beforeAll(async () => {
    t = await createTestApp(engine, '2025-09-10T02:00:00.000Z');
    w = await setupTwoCommissions(t);
    // commission A issues; then the database as the previous release left it: one deployment-wide key
    legacy = await issueNotice(t, w.a, 'a_clerk');
    legacyKey = (await t.deps.db.kysely.selectFrom('documents').select('signing_key_id').where('id', '=', legacy.id).executeTakeFirstOrThrow()).signing_key_id!;
    const { error } = await (await migratorFor(t.deps.db)).migrateTo('0595-decision-body-deactivation');
    expect(error).toBeUndefined();
    // 0610 and then every later migration (0620 and what follows it)
    expect((await migrateToLatest(t.deps.db)).applied.slice(0, 2)).toEqual(['0610-org-seals-signing-keys', '0620-case-waits-refresh']);
  }, 300_000);
  afterAll(async () => t?.close());

  it('issue 11 (0610): the deployment-wide key goes to the default organisation; a document another commission issued with it still verifies, and that commission never signs with it again', async () => {
    const k = t.deps.db.kysely;
    const rows = await k.selectFrom('document_signing_keys').select(['id', 'org_id', 'retired_at', 'p12_base64', 'sm2_private_hex', 'certificate_sha256']).execute();
    const own = rows.find((r) => r.id === legacyKey)!;
    expect([own.org_id, own.retired_at]).toEqual([DEFAULT_ORG_ID, null]);
    const copy = rows.find((r) => r.org_id === w.d.otherId)!;
    expect(copy).toMatchObject({ certificate_sha256: own.certificate_sha256, p12_base64: '', sm2_private_hex: '' });
    expect(copy.retired_at).not.toBeNull();
    expect((await verifyIssuedFile(t.deps, legacy.pdf)).ok).toBe(true);
    const p = await t.as(null, { method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(legacy.docNumber)}&sha256=${legacy.sha256}` });
    expect(p.json().matches, p.body).toBe(true);
    // A's next document: a key of its own, made on demand
    const next = await issueNotice(t, w.a, 'a_clerk');
    const v = await verifyIssuedFile(t.deps, next.pdf);
    expect(v.ok).toBe(true);
    expect(v.signature.certificateSha256).not.toBe(own.certificate_sha256);
    expect((await t.as('a_clerk', { method: 'GET', url: '/api/v1/documents/seal' })).json().certificate.subject).toContain(`OU=${w.d.otherId}`);
  }, 180_000);
});
