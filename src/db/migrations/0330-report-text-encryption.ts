// Reporter protection (issue 9 §3): the report text (the summary of a case from a report) and the
// replies to the reporter, stored in clear by earlier versions, are sealed in place with the
// report's data key, and the report text leaves the search index (report cases are indexed by
// their number only). Like 0190 this needs the master key when there are rows to seal: the CLI
// configures the keyring before migrating; without one the migration stops with
// REPORT_KEY_MISSING and changes nothing. Idempotent. No schema change.
import type { Kysely } from 'kysely';
import { sealPlaintextReportTexts } from '../../services/cases/report-text';
import type { Tx } from '../tx';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sealPlaintextReportTexts(db as unknown as Tx);
}

export async function down(): Promise<void> {
  // nothing to undo: sealed texts stay sealed (opening them needs the master key, not a schema)
}
