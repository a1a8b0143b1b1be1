// Encryption at rest of what a reporter gives (issue 9 §3, §5; FL-7(7)): per-report data keys
// wrapped by a master key held outside the database; SM4-GCM under the 国密 option; key rotation
// while running; backups hold ciphertext only and a restore without the key says so clearly; and
// after a public report no log line, audit record, table or backup holds the name, the phone, the
// address of the reporter's computer or the receipt code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { sendJsonReport } from '../../test/factories/reporter';
import { dumpDatabase } from '../../test/api/db-digest';
import { engines } from '../../test/db';
import { ctxOfUser, makeCase, newCaseWorld, setupCaseWorld, type CaseWorld } from '../../test/factories/cases';
import { closeOpsTestDb, openOpsTestDb } from '../../test/factories/ops';
import { inTransaction } from '../db/tx';
import { createBackup } from '../ops/backup';
import { emptyTrust, generateSigningKey, trustKey } from '../ops/backup-signing';
import { restoreBackup } from '../ops/restore';
import { getCase } from '../services/cases/views';
import { listCases } from '../services/cases/list';
import { REPORT_TEXT_LOCKED, sealPlaintextReportTexts } from '../services/cases/report-text';
import { HARDENING_KEYS, writeHardeningSetting } from '../services/hardening-settings';
import { approveIdentityRequest, readReporter, requestIdentity } from '../services/reporter/custodian';
import { loadReporterIdentity, sealPlaintextReporters } from '../services/reporter/identity-repo';
import { addNewCurrentKey, rewrapDataKeys, retireUnusedKeys } from './report-key-rotation';
import { configureReportKeyring, keyringInfo, masterKeyById, newMasterKey, REPORT_KEY_FILE_ENV, REPORT_KEYS_ENV, setReportKeysForTesting, writeKeyFile } from './report-keyring';
import { clearDataKeyCache, openBytes, openText, resealForCase, sealBytes, sealText, unwrapDataKey, wrapDataKey, type SealAlg } from './report-seal';

const SIGN = generateSigningKey('ed25519');
const TRUST = { trusted: trustKey(emptyTrust(), SIGN, '2025-01-01T00:00:00Z') };
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-seal-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(engines)('issue 9 §3 encryption at rest (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
    await t.addUser('secadmin', ['secadmin']);
  });
  afterEach(async () => {
    setReportKeysForTesting(null);
    clearDataKeyCache();
    await t.close();
  });

  const grant = async (caseId: string): Promise<void> => {
    const r = await requestIdentity(w.ctx.clerk, caseId, { reason: '需电话回访举报人' });
    await approveIdentityRequest(ctxOfUser(t, 'secadmin', ['secadmin']), r.id, {});
  };

  it('FL-7(7): identity columns hold ciphertext only, each report under its own data key (AES-256-GCM by default)', async () => {
    const a = await makeCase(w);
    const b = await makeCase(w);
    const rows = await t.deps.db.kysely.selectFrom('case_reporters').selectAll().execute();
    for (const r of rows) for (const v of [r.name, r.phone, r.address]) expect(v).toMatch(/^wz1:/);
    const keys = await t.deps.db.kysely.selectFrom('report_keys').selectAll().orderBy('case_id').execute();
    expect(keys.map((k) => k.case_id).sort()).toEqual([a.caseId, b.caseId].sort());
    expect(keys.every((k) => k.alg === 'aes-256-gcm' && k.key_id === 'rk-test')).toBe(true);
    expect(keys[0]!.wrapped_key).not.toBe(keys[1]!.wrapped_key);
    expect(await loadReporterIdentity(t.deps.db.kysely, a.caseId)).toMatchObject({ name: '张举报', phone: '13800000000' });
    // a sealed value moved to another case does not open (bound to its case)
    const ra = rows.find((r) => r.case_id === a.caseId)!;
    await expect(openText(t.deps.db, b.caseId, ra.name!)).rejects.toThrow();
  });

  it('FL-7(7): a sealed value copied onto another case fails closed with REPORT_SEAL_INVALID (409, zh + en), not a 500; re-sealed for that case (the bench cloner) it opens', async () => {
    const a = await makeCase(w);
    const b = await makeCase(w);
    const ra = (await t.deps.db.kysely.selectFrom('case_reporters').select('name').where('case_id', '=', a.caseId).executeTakeFirstOrThrow()).name!;
    await expect(openText(t.deps.db, b.caseId, ra)).rejects.toMatchObject({ code: 'REPORT_SEAL_INVALID', status: 409 });
    const bytes = await inTransaction(t.deps.db, (tx) => sealBytes(tx, a.caseId, Buffer.from('附件')));
    await expect(openBytes(t.deps.db, b.caseId, bytes)).rejects.toMatchObject({ code: 'REPORT_SEAL_INVALID' });
    // a sealed value of a case without a data key: coded as well
    await expect(openText(t.deps.db, 'no-such-case', ra)).rejects.toMatchObject({ code: 'REPORT_SEAL_INVALID' });
    // the list answers the coded error, not a 500, when a case's summary is another case's
    const sa = (await t.deps.db.kysely.selectFrom('cases').select('summary').where('id', '=', a.caseId).executeTakeFirstOrThrow()).summary;
    await t.deps.db.kysely.updateTable('cases').set({ summary: sa }).where('id', '=', b.caseId).execute();
    const res = await t.as('clerk', { method: 'GET', url: '/api/v1/cases' });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'REPORT_SEAL_INVALID']);
    expect(res.json().error.messageZh).toMatch(/无法解开/);
    // re-sealed under b's id with a's data key (what bench:scale does for each clone), it opens there
    const k = await t.deps.db.kysely.selectFrom('report_keys').selectAll().where('case_id', '=', a.caseId).executeTakeFirstOrThrow();
    const dk = { alg: k.alg as SealAlg, key: unwrapDataKey(a.caseId, k.alg as SealAlg, k.wrapped_key, masterKeyById(k.key_id)) };
    // (b's data key replaced by a's, wrapped for b, as a clone's key row is)
    await t.deps.db.kysely.updateTable('report_keys').set({ wrapped_key: wrapDataKey(b.caseId, dk.alg, dk.key, masterKeyById(k.key_id)), alg: k.alg, key_id: k.key_id }).where('case_id', '=', b.caseId).execute();
    clearDataKeyCache();
    const moved = resealForCase(ra, dk, a.caseId, b.caseId) as string;
    expect(moved).toMatch(/^wz1:/);
    expect(await openText(t.deps.db, b.caseId, moved)).toBe('张举报');
    expect(await openBytes(t.deps.db, b.caseId, resealForCase(bytes, dk, a.caseId, b.caseId) as Buffer)).toEqual(Buffer.from('附件'));
    await t.deps.db.kysely.updateTable('cases').set({ summary: resealForCase(sa, dk, a.caseId, b.caseId) as string }).where('id', '=', b.caseId).execute();
    expect((await t.as('clerk', { method: 'GET', url: '/api/v1/cases' })).statusCode).toBe(200);
  });

  it('FL-7(7): the report text and the replies to the reporter are sealed at rest; the clerk and the team read them, a subject does not; the search index holds the report case by its number only', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const wc5 = await makeCase(w, { source: 'wc5' });
    const raw = await t.deps.db.kysely.selectFrom('cases').select(['id', 'summary']).execute();
    expect(raw.find((r) => r.id === c.caseId)!.summary).toMatch(/^wz1:/);
    // a WC-5 case's summary is the clerk's account of an original case: in clear, and searchable
    expect(raw.find((r) => r.id === wc5.caseId)!.summary).toContain('处罚认定事实不清');
    const replies = await t.deps.db.kysely.selectFrom('case_replies').select('text').where('case_id', '=', c.caseId).execute();
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(r.text).toMatch(/^wz1:/);
    const index = await t.deps.db.kysely.selectFrom('search_documents').select(['entity_id', 'body']).where('entity_type', '=', 'case').execute();
    expect(index.find((d) => d.entity_id === c.caseId)!.body).toBe('');
    expect(index.find((d) => d.entity_id === wc5.caseId)!.body).toContain('处罚认定事实不清');

    const clerkView = await getCase(w.ctx.clerk, c.caseId);
    expect(clerkView.summary).toBe('举报：某执法支队对某建筑公司的处罚认定事实不清，罚款明显不当。');
    expect(clerkView.replies![0]!.text).not.toMatch(/^wz1:/);
    const listed = await listCases(w.ctx.clerk, {});
    expect(listed.items.find((i) => i.id === c.caseId)!.summary).toBe('举报：某执法支队对某建筑公司的处罚认定事实不清，罚款明显不当。');
    // the subject of the case sees neither (and nothing sealed either)
    const subjectView = await getCase(w.ctx.subject, c.caseId);
    expect(subjectView.summary).toBeNull();
    expect(subjectView.replies).toBeNull();
    expect((await listCases(w.ctx.subject, {})).items.every((i) => i.summary === null)).toBe(true);
  });

  it('issue 14: the case list opens its page\'s report texts with one read of their data keys, not one per report case; without the master key each reads as the placeholder', async () => {
    // statements run through the database handle while `fn` runs (SQLite: the driver's count;
    // PostgreSQL: every query of the pool's clients)
    const statements = async (fn: () => Promise<unknown>): Promise<number> => {
      const db = t.deps.db;
      if (db.sqliteStatements) {
        const before = db.sqliteStatements();
        await fn();
        return db.sqliteStatements() - before;
      }
      let n = 0;
      const pool = db.pool!;
      const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
      const wrapped = new WeakSet<object>();
      (pool as unknown as { connect: typeof connect }).connect = async () => {
        const c = await connect();
        if (!wrapped.has(c)) {
          wrapped.add(c);
          const q = c.query.bind(c) as (...a: unknown[]) => unknown;
          (c as unknown as { query: typeof q }).query = (...a: unknown[]) => {
            n++;
            return q(...a);
          };
        }
        return c;
      };
      try {
        await fn();
      } finally {
        (pool as unknown as { connect: typeof connect }).connect = connect;
      }
      return n;
    };
    const first = await makeCase(w);
    // a first list warms what every list reads once per process (the working calendar of the
    // cases' deadlines, among them the WC-9(1) 及时受理 target of an intake), so both counts below
    // differ only by the page's report cases
    await listCases(w.ctx.clerk, {});
    clearDataKeyCache();
    const one = await statements(() => listCases(w.ctx.clerk, {}));
    const more = [await makeCase(w), await makeCase(w), await makeCase(w)];
    clearDataKeyCache();
    let listed: Awaited<ReturnType<typeof listCases>> | undefined;
    const four = await statements(async () => (listed = await listCases(w.ctx.clerk, {})));
    expect(listed!.items.filter((i) => [first, ...more].some((c) => c.caseId === i.id))).toHaveLength(4);
    expect(four).toBe(one);
    // each summary as the case page opens it
    for (const c of [first, ...more]) expect(listed!.items.find((i) => i.id === c.caseId)!.summary).toBe((await getCase(w.ctx.clerk, c.caseId)).summary!.slice(0, 200));
    expect(listed!.items.find((i) => i.id === first.caseId)!.summary).toContain('处罚认定事实不清');
    // without the master key: the placeholder for each report case, the page still answers
    setReportKeysForTesting([]);
    clearDataKeyCache();
    const locked = await listCases(w.ctx.clerk, {});
    for (const c of [first, ...more]) expect(locked.items.find((i) => i.id === c.caseId)!.summary).toBe(REPORT_TEXT_LOCKED.slice(0, 200));
  });

  it('migration 0330: report texts and replies stored in clear by an earlier version are sealed in place and leave the search index; WC-5 summaries stay; running it again changes nothing', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    const wc5 = await makeCase(w, { source: 'wc5' });
    const OLD = '旧版本明文：举报人钱某（电话13911112222）反映执法人员索要财物。';
    await t.deps.db.kysely.updateTable('cases').set({ summary: OLD }).where('id', '=', c.caseId).execute();
    await t.deps.db.kysely.updateTable('case_replies').set({ text: '旧版本明文答复' }).where('case_id', '=', c.caseId).execute();
    await t.deps.db.kysely.updateTable('search_documents').set({ body: OLD, body_tokens: '钱某 13911112222' }).where('entity_id', '=', c.caseId).execute();
    const first = await inTransaction(t.deps.db, (tx) => sealPlaintextReportTexts(tx));
    expect(first).toEqual({ summaries: 1, replies: 1, indexEntries: 1 });
    expect(await inTransaction(t.deps.db, (tx) => sealPlaintextReportTexts(tx))).toEqual({ summaries: 0, replies: 0, indexEntries: 0 });
    const dump = (await dumpDatabase(t.deps.db)).map((tb) => tb.rows.join('\n')).join('\n');
    for (const secret of ['钱某', '13911112222', '旧版本明文答复']) expect(dump, secret).not.toContain(secret);
    expect((await getCase(w.ctx.clerk, c.caseId)).summary).toBe(OLD);
    expect((await getCase(w.ctx.clerk, c.caseId)).replies![0]!.text).toBe('旧版本明文答复');
    expect((await getCase(w.ctx.clerk, wc5.caseId)).summary).toContain('处罚认定事实不清');
  });

  it('国密: with the option on, a new report is sealed with SM4-GCM; older AES reports stay readable', async () => {
    const before = await makeCase(w);
    await writeHardeningSetting(t.deps, null, HARDENING_KEYS.guomi, true);
    const after = await makeCase(w);
    const algs = Object.fromEntries((await t.deps.db.kysely.selectFrom('report_keys').select(['case_id', 'alg']).execute()).map((r) => [r.case_id, r.alg]));
    expect(algs).toEqual({ [before.caseId]: 'aes-256-gcm', [after.caseId]: 'sm4-gcm' });
    expect((await loadReporterIdentity(t.deps.db.kysely, after.caseId))?.phone).toBe('13800000000');
    expect((await loadReporterIdentity(t.deps.db.kysely, before.caseId))?.phone).toBe('13800000000');
    // bytes (attachments) too
    const sealed = await inTransaction(t.deps.db, (tx) => sealBytes(tx, after.caseId, Buffer.from('%PDF-1.7 举报材料')));
    expect(sealed.includes(Buffer.from('举报材料'))).toBe(false);
    expect((await openBytes(t.deps.db, after.caseId, sealed)).toString()).toBe('%PDF-1.7 举报材料');
    const text = await inTransaction(t.deps.db, (tx) => sealText(tx, after.caseId, '补充说明'));
    expect(await openText(t.deps.db, after.caseId, text)).toBe('补充说明');
  });

  it('migration 0190: identities stored in plain text by an earlier version are sealed in place', async () => {
    const c = await makeCase(w);
    await t.deps.db.kysely.updateTable('case_reporters').set({ name: '旧明文', phone: '13700000000' }).where('case_id', '=', c.caseId).execute();
    expect(await inTransaction(t.deps.db, (tx) => sealPlaintextReporters(tx))).toBe(1);
    expect(await inTransaction(t.deps.db, (tx) => sealPlaintextReporters(tx))).toBe(0);
    const raw = await t.deps.db.kysely.selectFrom('case_reporters').selectAll().where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(raw.name).toMatch(/^wz1:/);
    expect(await loadReporterIdentity(t.deps.db.kysely, c.caseId)).toMatchObject({ name: '旧明文', phone: '13700000000', address: '巴南区鱼洞街道某小区' });
  });

  it('key rotation: a new master key becomes current, every data key is re-wrapped, old keys retire, and everything stays readable', async () => {
    const saved = process.env[REPORT_KEYS_ENV];
    const file = path.join(tmp, `keys-${engine}-${Date.now()}`);
    const first = newMasterKey();
    writeKeyFile(file, [first]);
    delete process.env[REPORT_KEYS_ENV];
    process.env[REPORT_KEY_FILE_ENV] = file;
    try {
      configureReportKeyring({});
      const cases = [await makeCase(w), await makeCase(w), await makeCase(w, { anonymous: true })];
      const sealedNote = await inTransaction(t.deps.db, (tx) => sealText(tx, cases[0]!.caseId, '问询记录'));
      const next = addNewCurrentKey();
      expect(keyringInfo().ids).toEqual([next.id, first.id]);
      // a report made between the new key and the re-wrap already uses the new key
      const during = await makeCase(w);
      // the three reports made before the new key (each has a data key: its report text is sealed)
      expect(await rewrapDataKeys(t.deps.db)).toBe(3);
      const ids = await t.deps.db.kysely.selectFrom('report_keys').select('key_id').distinct().execute();
      expect(ids.map((r) => r.key_id)).toEqual([next.id]);
      expect(await retireUnusedKeys(t.deps.db)).toEqual([first.id]);
      expect(fs.readFileSync(file, 'utf8')).not.toContain(first.id);
      expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
      clearDataKeyCache();
      for (const c of [cases[0]!, cases[1]!, during]) expect((await loadReporterIdentity(t.deps.db.kysely, c.caseId))?.name).toBe('张举报');
      expect(await openText(t.deps.db, cases[0]!.caseId, sealedNote)).toBe('问询记录');
      const audit = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'report_keys.rewrap').execute();
      expect(audit).toHaveLength(1);
    } finally {
      delete process.env[REPORT_KEY_FILE_ENV];
      if (saved !== undefined) process.env[REPORT_KEYS_ENV] = saved;
      setReportKeysForTesting(null);
    }
  });

  it('backup: only ciphertext in the file; a restore without the master key works for everything else, and reading an identity says clearly (zh + en) that the key is missing', async () => {
    const c = await makeCase(w);
    await grant(c.caseId);
    const f = path.join(tmp, `backup-${engine}-${Date.now()}.gz`);
    await createBackup(t.deps, f, { sign: SIGN });
    const text = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8');
    expect(text).toContain('wz1:');
    for (const secret of ['张举报', '13800000000', '鱼洞街道', '处罚认定事实不清', '罚款明显不当']) expect(text, secret).not.toContain(secret);

    const dst = await openOpsTestDb(engine);
    try {
      await restoreBackup({ db: dst, files: t.deps.files }, f, { signature: TRUST });
      setReportKeysForTesting([]);
      clearDataKeyCache();
      const ctx = { ...w.ctx.clerk, db: dst };
      // everything else works: the case reads as before
      expect((await getCase(ctx, c.caseId)).number).toBe(c.number);
      // the report text reads as a clear placeholder, not as an error page
      expect((await getCase(ctx, c.caseId)).summary).toBe(REPORT_TEXT_LOCKED);
      const err = await readReporter(ctx, c.caseId).catch((e: unknown) => e as { code: string; zh: string; en: string; status: number });
      expect(err).toMatchObject({ code: 'REPORT_KEY_MISSING', status: 409 });
      expect((err as { zh: string }).zh).toContain('主密钥');
      expect((err as { en: string }).en).toContain('master key rk-test is missing');
      // with the key back, the identity reads again
      setReportKeysForTesting(null);
      expect((await readReporter(ctx, c.caseId))?.name).toBe('张举报');
    } finally {
      await closeOpsTestDb(dst);
    }
  });
});

describe.each(engines)('issue 9 §5 no identifying metadata (%s)', (engine) => {
  let t: TestApp;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    t = await createTestApp(engine, '2025-09-01T02:00:00.000Z', { buildOptions: { logger: { level: 'info', stream } } });
    await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('FL-7(7): after a public report, neither the server log, the audit trail, any table (raw dump) nor the backup holds the name, the phone, the report text, the IP, the user agent or the receipt code', async () => {
    const IP = '203.0.113.77';
    const UA = 'Mozilla/5.0 (ReporterPhone; 举报人的手机)';
    const res = await sendJsonReport(
      t,
      { summary: '网上举报：某执法队员在检查中索要好处费。', reporter: { anonymous: false, name: '赵秘密', phone: '13566667777', email: 'zhao.secret@example.com' } },
      { remoteAddress: IP, headers: { 'user-agent': UA } },
    );
    expect(res.statusCode).toBe(201);
    const receipt = res.json().receiptCode as string;
    // the follow-up by receipt code (the code only ever in a POST body, issue 9 point 2)
    const status = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports/follow-up', remoteAddress: IP, headers: { 'user-agent': UA }, payload: { receiptCode: receipt } });
    expect(status.statusCode).toBe(200);
    const secrets = ['赵秘密', '13566667777', 'zhao.secret@example.com', IP, UA, 'ReporterPhone', receipt, receipt.replace(/-/g, ''), '某执法队员在检查中索要好处费'];

    const log = lines.join('\n');
    expect(log).toContain('/api/v1/public/reports');
    for (const s of secrets) expect(log, `log holds ${s}`).not.toContain(s);

    const audit = await t.deps.db.kysely.selectFrom('audit_log').selectAll().execute();
    expect(audit.some((a) => a.action === 'case.intake')).toBe(true);
    expect(audit.filter((a) => a.action === 'case.intake').every((a) => a.source_ip === null)).toBe(true);

    for (const table of await dumpDatabase(t.deps.db)) {
      const rows = table.rows.join('\n');
      for (const s of secrets) expect(rows, `${table.table} holds ${s}`).not.toContain(s);
    }

    const f = path.join(tmp, `leak-${engine}-${Date.now()}.gz`);
    await createBackup(t.deps, f);
    const backup = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8');
    for (const s of secrets) expect(backup, `backup holds ${s}`).not.toContain(s);
  });
});
