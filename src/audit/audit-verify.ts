// Walks the whole audit chain in order and names the first record that does not hold:
// a gap or reordering in seq, a prev_hash that is not the previous record's hash, a hash that
// does not match the record's content, or a head that does not match the last record.
import type { Db } from '../db/database';
import { GENESIS_HASH, hashRecord } from './audit-writer';

export interface AuditVerifyResult {
  ok: boolean;
  records: number;
  headSeq: number;
  /** records per hash algorithm ('sha256', 'sm3'), of those verified */
  algorithms?: Record<string, number>;
  firstBroken?: { seq: number; reason: 'gap' | 'prev_hash' | 'hash' | 'head'; zh: string; en: string };
}

export async function verifyAuditChain(db: Db, batch = 5000): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectSeq = 1;
  let count = 0;
  let after = 0;
  const algorithms: Record<string, number> = {};
  for (;;) {
    const rows = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectSeq) {
        return broken(count, seq, 'gap', `第 ${expectSeq} 条记录缺失或顺序被改动`, `record ${expectSeq} is missing or out of order`);
      }
      if (r.prev_hash !== prevHash) {
        return broken(count, seq, 'prev_hash', `第 ${seq} 条记录与前一条的链接不符`, `record ${seq} does not link to the previous record`);
      }
      const { hash, ...rest } = r;
      if (hashRecord({ ...rest, seq }) !== hash) {
        return broken(count, seq, 'hash', `第 ${seq} 条记录内容被改动`, `record ${seq} was altered`);
      }
      const alg = r.hash_alg ?? 'sha256';
      algorithms[alg] = (algorithms[alg] ?? 0) + 1;
      prevHash = hash;
      expectSeq++;
      count++;
      after = seq;
    }
    if (rows.length < batch) break;
  }
  const head = await db.kysely.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const headSeq = Number(head?.seq ?? -1);
  if (!head || headSeq !== count || head.hash !== prevHash) {
    return broken(count, count + 1, 'head', `链头与最后一条记录不符（记录可能被删除）`, `the chain head does not match the last record (records may have been deleted)`, headSeq);
  }
  return { ok: true, records: count, headSeq, algorithms };
}

function broken(
  records: number,
  seq: number,
  reason: 'gap' | 'prev_hash' | 'hash' | 'head',
  zh: string,
  en: string,
  headSeq = -1,
): AuditVerifyResult {
  return { ok: false, records, headSeq, firstBroken: { seq, reason, zh, en } };
}
