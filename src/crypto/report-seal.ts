// PASSTHROUGH — replaced by rptsec. The interface the reporter channel (issue 9) seals its
// sensitive content through: message bodies, attachment bytes and the report details. The rptsec
// branch provides the real implementation (a per-report data key, AES-256-GCM or SM4-GCM,
// wrapped by a master key held outside the database); the integrator keeps rptsec's file. This
// version stores the content as it is, so that the channel can be built and tested meanwhile.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Tx } from '../db/tx';

/** the Kysely handle services read with (a transaction is one too) */
export type Db = Kysely<Database>;
type Q = Tx | Db;

export async function sealText(_tx: Tx, _caseId: string, text: string): Promise<string> {
  return text;
}

export async function openText(_tx: Q, _caseId: string, sealed: string): Promise<string> {
  return sealed;
}

export async function sealBytes(_tx: Tx, _caseId: string, data: Buffer): Promise<Buffer> {
  return data;
}

export async function openBytes(_tx: Q, _caseId: string, sealed: Buffer): Promise<Buffer> {
  return sealed;
}
