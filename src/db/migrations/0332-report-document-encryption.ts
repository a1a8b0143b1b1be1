// Reporter protection (issue 9 §3): the content of the official documents of a case that came
// from a report (document_versions.content: it quotes the report text and the replies, and names
// the reporter) is sealed in place with the report's data key. Like 0330 this needs the master key
// when there are rows to seal: the CLI configures the keyring before migrating; without one the
// migration stops with REPORT_KEY_MISSING and changes nothing. Idempotent. No schema change.
import type { Kysely } from 'kysely';
import { sealPlaintextDocumentVersions } from '../../services/documents/sealed-content';
import type { Tx } from '../tx';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sealPlaintextDocumentVersions(db as unknown as Tx);
}

export async function down(): Promise<void> {
  // nothing to undo: sealed contents stay sealed (opening them needs the master key, not a schema)
}
