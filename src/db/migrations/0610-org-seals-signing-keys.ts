// Issue 11 / issue 13 point 4: the seal image and the document-signing certificate belong to an
// organisation — an issued 公文 bears its issuing organ's own seal and signature (GB/T 9704), and
// one organisation's administrator never sets another's (found by a red-team walk: one
// deployment-wide seal and key, set by any system administrator, sealed every commission's
// documents). Existing rows go to the organisation the single-commission upgrade (0150) gave
// every row to, `org-default`. A document another organisation issued before this migration was
// signed with that deployment-wide key: the key is recorded for that organisation too, retired
// and without its private key, so the copy still verifies as that organisation's without the
// organisation ever signing with it again. Both engines.
import { sql, type Kysely } from 'kysely';
import { newId } from '../../lib/ids';

const DEFAULT_ORG_ID = 'org-default';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['org_seals', 'document_signing_keys']) {
    await db.schema
      .alterTable(table)
      .addColumn('org_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_ORG_ID))
      .execute();
    await db.schema.createIndex(`${table}_org`).on(table).columns(['org_id', 'retired_at']).execute();
  }
  const now = new Date().toISOString();
  const legacy = (
    await sql<{ org_id: string; signing_key_id: string }>`
      SELECT DISTINCT c.org_id, d.signing_key_id FROM documents d JOIN cases c ON c.id = d.case_id
       WHERE d.signing_key_id IS NOT NULL AND c.org_id <> ${DEFAULT_ORG_ID}`.execute(db)
  ).rows;
  for (const l of legacy) {
    await sql`INSERT INTO document_signing_keys (id, org_id, certificate_pem, certificate_sha256, p12_base64, sm2_private_hex, sm2_public_hex, subject, not_after, created_by, created_at, retired_at)
      SELECT ${newId()}, ${l.org_id}, certificate_pem, certificate_sha256, '', '', sm2_public_hex, subject, not_after, created_by, created_at, COALESCE(retired_at, ${now})
        FROM document_signing_keys WHERE id = ${l.signing_key_id} AND org_id <> ${l.org_id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM document_signing_keys WHERE org_id <> ${DEFAULT_ORG_ID} AND p12_base64 = ''`.execute(db);
  for (const table of ['document_signing_keys', 'org_seals']) {
    await db.schema.dropIndex(`${table}_org`).ifExists().execute();
    await db.schema.alterTable(table).dropColumn('org_id').execute();
  }
}
