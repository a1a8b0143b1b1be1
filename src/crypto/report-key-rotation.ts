// `wenze keys rotate-report-key` (issue 9 §3): a new master key becomes current and every data
// key is re-wrapped with it, while the server keeps running. Order of events:
//   1. with a key FILE: a new key is written first in the file (the old keys stay listed); a
//      running server notices the changed file and wraps new reports' keys with the new key, and
//      still unwraps older ones with the old keys. With WENZE_REPORT_KEYS the operator puts the
//      new key first in the variable (of the servers and of this command) instead.
//   2. the data keys still wrapped by another key are re-wrapped in small transactions (each
//      updates only rows still wrapped by the key it read, and is audited); the data keys
//      themselves — and so every sealed value — do not change.
//   3. `--retire`: keys no data key refers to any more are removed from the file.
import type { Db } from '../db/database';
import { inTransaction } from '../db/tx';
import { appendAudit } from '../audit/audit-writer';
import { clearDataKeyCache, unwrapDataKey, wrapDataKey, type SealAlg } from './report-seal';
import { currentMasterKey, keyringInfo, masterKeyById, newMasterKey, reloadReportKeyring, writeKeyFile, type MasterKey } from './report-keyring';

export interface RotationResult {
  newKeyId: string;
  generated: boolean;
  rewrapped: number;
  retired: string[];
}

/** Step 1 (key file only): a new current key, the old ones kept after it. */
export function addNewCurrentKey(now = new Date()): MasterKey {
  const info = keyringInfo();
  if (!info.file) throw new Error('the report keys come from WENZE_REPORT_KEYS: put the new key first there, then run the command with --no-generate');
  const k = newMasterKey(now);
  const old = info.ids.map((id) => masterKeyById(id));
  writeKeyFile(info.file, [k, ...old]);
  reloadReportKeyring();
  return k;
}

/** Step 2: re-wrap every data key not wrapped by the current key. Returns how many. */
export async function rewrapDataKeys(db: Db, opts: { batch?: number; now?: () => string } = {}): Promise<number> {
  const batch = opts.batch ?? 200;
  const now = opts.now ?? (() => new Date().toISOString());
  const target = currentMasterKey();
  let total = 0;
  for (;;) {
    const rows = await db.kysely.selectFrom('report_keys').select(['case_id', 'wrapped_key', 'key_id', 'alg']).where('key_id', '!=', target.id).orderBy('case_id').limit(batch).execute();
    if (rows.length === 0) break;
    const done = await inTransaction(db, async (tx) => {
      let n = 0;
      const at = now();
      for (const r of rows) {
        const alg = r.alg as SealAlg;
        const dataKey = unwrapDataKey(r.case_id, alg, r.wrapped_key, masterKeyById(r.key_id));
        const res = await tx
          .updateTable('report_keys')
          .set({ wrapped_key: wrapDataKey(r.case_id, alg, dataKey, target), key_id: target.id, rewrapped_at: at })
          .where('case_id', '=', r.case_id)
          .where('key_id', '=', r.key_id)
          .where('wrapped_key', '=', r.wrapped_key)
          .executeTakeFirst();
        n += Number(res.numUpdatedRows);
      }
      await appendAudit(tx, { actorId: null, action: 'report_keys.rewrap', entityType: 'report_keys', entityId: target.id, after: { rewrapped: n, toKeyId: target.id, fromKeyIds: [...new Set(rows.map((r) => r.key_id))] }, at });
      return n;
    });
    total += done;
    if (done === 0) break; // every row changed under us: another rotation is running
  }
  clearDataKeyCache();
  return total;
}

/** Step 3: drop from the key file the keys no data key refers to. */
export async function retireUnusedKeys(db: Db): Promise<string[]> {
  const info = keyringInfo();
  if (!info.file) return [];
  const used = new Set((await db.kysely.selectFrom('report_keys').select('key_id').distinct().execute()).map((r) => r.key_id));
  const cur = currentMasterKey();
  const keep = info.ids.filter((id) => id === cur.id || used.has(id));
  const retired = info.ids.filter((id) => !keep.includes(id));
  if (retired.length) {
    writeKeyFile(info.file, keep.map((id) => masterKeyById(id)));
    reloadReportKeyring();
  }
  return retired;
}

export async function rotateReportKey(db: Db, opts: { generate: boolean; retire: boolean }): Promise<RotationResult> {
  const k = opts.generate ? addNewCurrentKey() : currentMasterKey();
  const rewrapped = await rewrapDataKeys(db);
  const retired = opts.retire ? await retireUnusedKeys(db) : [];
  return { newKeyId: k.id, generated: opts.generate, rewrapped, retired };
}
