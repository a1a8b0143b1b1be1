// The reporter's identity as stored: sealed columns of case_reporters (src/crypto/report-seal.ts).
// These functions decrypt for callers that have ALREADY decided the reader may see it (the
// identity custodian, internal redaction checks, letters addressed to the reporter). No access
// rule lives here.
import type { Kysely } from 'kysely';
import { isSealedText, openNullable, sealNullable } from '../../crypto/report-seal';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { isAppError } from '../../errors';

export interface ReporterIdentity {
  anonymous: boolean;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  organisation: string | null;
}

type Q = Kysely<Database> | Tx;

/** Writes the reporter row with every identifying column sealed with the case's data key. */
export async function insertSealedReporter(
  tx: Tx,
  caseId: string,
  r: ReporterIdentity,
  /** the receipt code's lookup prefix and argon2id hash (intake.ts#receiptRecord), or none */
  receipt: { receipt_lookup: string; receipt_hash: string } | null,
  createdAt: string,
): Promise<void> {
  await tx
    .insertInto('case_reporters')
    .values({
      case_id: caseId,
      anonymous: r.anonymous ? 1 : 0,
      name: await sealNullable(tx, caseId, r.name),
      id_number: await sealNullable(tx, caseId, r.idNumber),
      phone: await sealNullable(tx, caseId, r.phone),
      address: await sealNullable(tx, caseId, r.address),
      email: await sealNullable(tx, caseId, r.email),
      organisation: await sealNullable(tx, caseId, r.organisation),
      receipt_hash: receipt?.receipt_hash ?? null,
      receipt_lookup: receipt?.receipt_lookup ?? null,
      created_at: createdAt,
    })
    .execute();
}

/** Whether the case has a reporter row, and whether it is anonymous (no decryption). */
export async function reporterPresence(q: Q, caseId: string): Promise<{ anonymous: boolean } | null> {
  const r = await q.selectFrom('case_reporters').select('anonymous').where('case_id', '=', caseId).executeTakeFirst();
  return r ? { anonymous: Number(r.anonymous) === 1 } : null;
}

/** Decrypts the identity (REPORT_KEY_MISSING when the master key is not available). */
export async function loadReporterIdentity(q: Q, caseId: string): Promise<ReporterIdentity | null> {
  const r = await q.selectFrom('case_reporters').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!r) return null;
  const h = q as unknown as Tx | Db;
  return {
    anonymous: Number(r.anonymous) === 1,
    name: await openNullable(h, caseId, r.name),
    idNumber: await openNullable(h, caseId, r.id_number),
    phone: await openNullable(h, caseId, r.phone),
    address: await openNullable(h, caseId, r.address),
    email: await openNullable(h, caseId, r.email),
    organisation: await openNullable(h, caseId, r.organisation),
  };
}

/**
 * For internal checks that must keep working when the master key is missing (a restore without
 * the key): the identity, or — without the key — an anonymous-looking stand-in whose fields are
 * unknown. Never used to SHOW an identity.
 */
export async function reporterIdentityOrUnknown(q: Q, caseId: string): Promise<ReporterIdentity | null> {
  try {
    return await loadReporterIdentity(q, caseId);
  } catch (err) {
    if (isAppError(err) && err.code === 'REPORT_KEY_MISSING') {
      const p = await reporterPresence(q, caseId);
      return p ? { anonymous: p.anonymous, name: null, idNumber: null, phone: null, address: null, email: null, organisation: null } : null;
    }
    throw err;
  }
}

const IDENTITY_COLUMNS = ['name', 'id_number', 'phone', 'address', 'email', 'organisation'] as const;

/**
 * Seals identity columns still in plain text (rows written before migration 0190). Idempotent:
 * sealed values are left alone. Returns the number of rows changed.
 */
export async function sealPlaintextReporters(tx: Tx): Promise<number> {
  const rows = await tx.selectFrom('case_reporters').selectAll().execute();
  let n = 0;
  for (const r of rows) {
    const open = IDENTITY_COLUMNS.filter((c) => r[c] != null && !isSealedText(r[c]));
    if (open.length === 0) continue;
    const set: Partial<Record<(typeof IDENTITY_COLUMNS)[number], string | null>> = {};
    for (const c of open) set[c] = await sealNullable(tx, r.case_id, r[c]);
    await tx.updateTable('case_reporters').set(set).where('case_id', '=', r.case_id).execute();
    n++;
  }
  return n;
}
