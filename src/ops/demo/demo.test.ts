import { pendingWc5Signals } from '../../services/cases/wc5-signals';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines } from '../../../test/db';
import { closeOpsTestDb, openOpsTestDb } from '../../../test/factories/ops';
import { verifyAuditChain } from '../../audit/audit-verify';
import type { Db, DialectName } from '../../db/database';
import { CASE_STATES } from '../../domain/cases';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import { generateSync } from 'otplib';
import { login, loginWithTotp } from '../../services/auth-service';
import { requiresTotp } from '../../policies/accounts';
import type { Deps } from '../../services/context';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, loadDemo } from './index';
import { demoOnFirstStart } from './start-hook';
import { REPORT_TEXTS } from './data';
import { createBackup } from '../backup';
import { createDraft } from '../../services/documents';
import type { Actor } from '../../policies/roles';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

// 2026-11-29 (a Sunday) 10:00 in China.
const NOW = '2026-11-29T02:00:00.000Z';
const TODAY = '2026-11-29';

const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await closeOpsTestDb(db);
});

async function fresh(engine: DialectName): Promise<Deps> {
  const db = await openOpsTestDb(engine);
  open.push(db);
  return { db, clock: new FixedClock(NOW), files: new MemoryFileStore() };
}

const rows = async <T,>(db: Db, q: string): Promise<T[]> => (await sql.raw<T>(q).execute(db.kysely)).rows;

describe.each(engines)('demo data (%s)', (engine) => {
  it('builds the commission: every lifecycle state on both tracks, overdue deadlines, certificate histories, and an intact audit chain', async () => {
    const deps = await fresh(engine);
    const r = await loadDemo(deps);
    // WC-11: nobody who waived the defence in writing at service states one against that decision
    const waivedThenDefended = await deps.db.kysely
      .selectFrom('case_appeals as a')
      .innerJoin('case_notifications as n', (j) => j.onRef('n.decision_id', '=', 'a.decision_id').onRef('n.subject_person_id', '=', 'a.subject_person_id'))
      .select('a.id')
      .where('a.kind', '=', 'defence')
      .where('n.defence_waived', '=', 1)
      .execute();
    expect(waivedThenDefended).toEqual([]);
    expect(Number((await deps.db.kysely.selectFrom('case_appeals').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'defence').executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    expect(r.today).toBe(TODAY);

    const states = new Set((await rows<{ state: string }>(deps.db, 'SELECT state FROM cases')).map((c) => c.state));
    expect([...CASE_STATES].filter((s) => !states.has(s))).toEqual([]);
    const tracks = (await rows<{ tracks: string }>(deps.db, 'SELECT tracks FROM cases')).flatMap((c) => JSON.parse(c.tracks) as string[]);
    expect(new Set(tracks)).toEqual(new Set(['FL', 'WC']));

    // FL-15 / WC-9(3): every registration on the fault track and every decision was taken at a
    // real, closed meeting of the three deciders; one member recused on one case; on another the
    // chair closed with a missing confirmation listed; a defence (陈述申辩) was reviewed at a
    // meeting too. The one appeal (申诉) went outside (WC-11): the decision executing the outside
    // body's ruling records that body, not a meeting of the commission.
    const decisions = await rows<{ meeting: string; origin: string }>(deps.db, 'SELECT meeting, origin FROM case_decisions');
    expect(decisions.length).toBeGreaterThan(5);
    for (const d of decisions.filter((x) => x.origin === 'meeting')) expect(JSON.parse(d.meeting).meetingId).toBeTruthy();
    expect(decisions.filter((x) => x.origin !== 'meeting').map((d) => [d.origin, JSON.parse(d.meeting).body])).toEqual([['appeal', 'supervision']]);
    expect(await rows(deps.db, "SELECT outcome FROM case_appeals WHERE kind = 'defence' AND outcome <> 'pending'")).toEqual([{ outcome: 'upheld' }]);
    const meetings = await rows<{ purpose: string; status: string; quorum_json: string; missing_confirmations: string }>(deps.db, 'SELECT purpose, status, quorum_json, missing_confirmations FROM meetings');
    expect(new Set(meetings.map((m) => m.purpose))).toEqual(new Set(['registration', 'decision', 'appeal']));
    expect(meetings.every((m) => m.status === 'closed' && JSON.parse(m.quorum_json).quorate)).toBe(true);
    expect(meetings.some((m) => JSON.parse(m.missing_confirmations).length === 1)).toBe(true);
    // A declared recusal (自行回避), the demo member who is himself a subject of a case, and
    // decider1 (the deputy director who approved or deliberated original cases, FL-5(1) recusal
    // grounds of src/policies/recusal.ts) recused from those cases' meetings automatically.
    const recused = await rows<{ recusal_reason: string; recusal_kind: string; n: number }>(deps.db, "SELECT recusal_kind, recusal_reason, count(*) AS n FROM meeting_members WHERE attendance = 'recused' GROUP BY recusal_kind, recusal_reason ORDER BY recusal_kind, recusal_reason");
    // FL-7(7): every automatic ground is stored as others read it — one neutral wording, so that the
    // reporter ground cannot be told from the others (3 approver, 2 deliberation member, 1 stood aside
    // at registration and kept on the case, 1 subject of the case)
    expect(recused.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { recusal_kind: 'automatic', recusal_reason: '依法应当回避（FL-5(1)）', n: 7 },
      { recusal_kind: 'declared', recusal_reason: expect.stringContaining('自行回避'), n: 1 },
    ]);
    const body = await rows<{ n: number }>(deps.db, 'SELECT count(*) AS n FROM decision_body_members WHERE active = 1');
    expect(Number(body[0]!.n)).toBe(3);

    // FL-16 (60 days from the start of investigation) and WC-9(1) (transfer within 2 working days) both missed somewhere.
    const overdue = await rows<{ citation: string }>(deps.db, `SELECT citation FROM case_deadlines WHERE met_on IS NULL AND due_date < '${TODAY}'`);
    expect(new Set(overdue.map((o) => o.citation))).toEqual(new Set(['FL-16', 'WC-9(1)']));

    // Registers: units tree, ~40 people, certificates with every status story, 60 original cases.
    expect(r.units).toBeGreaterThanOrEqual(8);
    expect(r.people).toBeGreaterThanOrEqual(35);
    const statuses = (await rows<{ to_status: string }>(deps.db, 'SELECT to_status FROM certificate_status_changes')).map((s) => s.to_status);
    expect(new Set(statuses)).toEqual(new Set(['suspended', 'valid', 'revoked']));
    const expired = await rows<{ n: number }>(deps.db, `SELECT count(*) AS n FROM enforcement_certificates WHERE valid_to < '${TODAY}'`);
    expect(Number(expired[0]!.n)).toBeGreaterThan(0);
    const kinds = await rows<{ kind: string; n: number }>(deps.db, 'SELECT kind, count(*) AS n FROM original_cases GROUP BY kind');
    expect(kinds.reduce((a, k) => a + Number(k.n), 0)).toBe(60);
    expect(Number(kinds.find((k) => k.kind === 'penalty')!.n)).toBeGreaterThan(30);
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['penalty', 'licence', 'inspection', 'compulsory']));
    const roles = new Set((await rows<{ role: string }>(deps.db, 'SELECT DISTINCT role FROM original_case_participants')).map((p) => p.role));
    for (const role of ['handler', 'approver', 'deliberation_member', 'instructing_leader', 'assigner']) expect(roles).toContain(role);
    expect((await rows(deps.db, 'SELECT id FROM original_case_outcomes')).length).toBeGreaterThan(3);
    expect((await rows(deps.db, 'SELECT id FROM original_case_compensations')).length).toBeGreaterThan(0);

    // What the states require exists: evidence, a departure with its reason, an appeal that changed a decision (both kept), payments.
    expect((await rows(deps.db, 'SELECT id FROM case_evidence')).length).toBeGreaterThan(5);
    const files = await rows<{ sha256: string }>(deps.db, 'SELECT sha256 FROM stored_files');
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(await deps.files.has(f.sha256)).toBe(true);
    expect((await rows(deps.db, 'SELECT id FROM case_decision_items WHERE departure_reason IS NOT NULL')).length).toBeGreaterThan(0);
    expect(await rows<{ outcome: string | null }>(deps.db, "SELECT outcome FROM case_appeals WHERE kind = 'appeal'")).toEqual([{ outcome: 'changed' }]);
    expect((await rows(deps.db, "SELECT id FROM case_decisions WHERE origin = 'appeal'")).length).toBe(1);
    expect((await rows(deps.db, 'SELECT id FROM case_payments')).length).toBeGreaterThan(0);
    // Issue 7: execution reached the registers (a certificate suspended for a period and reinstated
    // after it, a post change with history); the appeal went to the outside body, which decided it
    // and the commission executed it; WC-5 outcomes without a case wait in the clerks' queue.
    expect((await rows(deps.db, "SELECT id FROM certificate_status_changes WHERE case_id IS NOT NULL AND to_status = 'suspended'")).length).toBeGreaterThan(0);
    expect((await rows(deps.db, "SELECT id FROM certificate_status_changes WHERE case_id IS NOT NULL AND to_status = 'valid'")).length).toBeGreaterThan(0);
    expect((await rows(deps.db, 'SELECT id FROM person_post_history WHERE case_id IS NOT NULL')).length).toBeGreaterThan(0);
    expect(await rows(deps.db, 'SELECT outcome, body FROM appeal_referrals WHERE executed_on IS NOT NULL')).toEqual([{ outcome: 'changed', body: 'supervision' }]);
    expect((await pendingWc5Signals(deps.db.kysely)).length).toBeGreaterThan(0);

    const audit = await verifyAuditChain(deps.db);
    expect(audit.ok).toBe(true);
    expect(audit.records).toBeGreaterThan(200);
  });

  it('every demo account signs in with the documented password; `subject` is a subject of a case', async () => {
    const deps = await fresh(engine);
    await loadDemo(deps);
    for (const a of DEMO_ACCOUNTS) {
      const s = await login(deps, { username: a.username, password: DEMO_PASSWORD });
      // 身份鉴别: administrators and the clerk (who reads reporters' identities) need the demo TOTP code too.
      if (requiresTotp(a.roles)) {
        expect(s.status).toBe('totp_required');
        if (s.status !== 'totp_required') continue;
        const code = generateSync({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(deps.clock.now().getTime() / 1000) });
        const second = await loginWithTotp(deps, { pendingToken: s.pendingToken, code });
        expect(second.status === 'signed_in' && second.user.roles).toEqual(a.roles);
        continue;
      }
      expect(s.status === 'signed_in' && s.user.roles).toEqual(a.roles);
    }
    const subject = await deps.db.kysely.selectFrom('users').select('person_id').where('username', '=', 'subject').executeTakeFirstOrThrow();
    const cases = await deps.db.kysely.selectFrom('case_subjects').select('case_id').where('person_id', '=', subject.person_id!).execute();
    expect(cases.length).toBeGreaterThan(0);
  });
});

describe('demo data: determinism and refusals', () => {
  /** Everything a user sees, without generated ids, salts and receipt codes. */
  async function content(db: Db): Promise<unknown> {
    return {
      units: await rows(db, 'SELECT name, short_code, kind FROM units ORDER BY short_code'),
      people: await rows(db, 'SELECT name, post, employee_no FROM people ORDER BY employee_no'),
      certificates: await rows(db, 'SELECT number, valid_from, valid_to, status FROM enforcement_certificates ORDER BY number'),
      original: await rows(db, 'SELECT number, title, decision_date, counterpart_name FROM original_cases ORDER BY number, title'),
      cases: await rows(db, 'SELECT number, state, tracks, received_on FROM cases ORDER BY number'),
      steps: await rows(db, 'SELECT action, to_state, count(*) AS n FROM case_steps GROUP BY action, to_state ORDER BY action, to_state'),
      audit: (await rows<{ action: string; at: string }>(db, 'SELECT action, at FROM audit_log ORDER BY seq')).map((a) => `${a.at} ${a.action}`),
    };
  }

  it('the demo loads on each day of a week: the draw depends on the date, and no day gives two planted cases one officer (a certificate suspended twice over overlapping periods failed every Monday and Wednesday)', async () => {
    // the draw does not depend on the engine: SQLite shows it
    for (let i = 0; i < 7; i++) {
      const today = new Date(Date.UTC(2026, 11, 7 + i)).toISOString().slice(0, 10);
      const db = await openOpsTestDb('sqlite');
      try {
        const r = await loadDemo({ db, clock: new FixedClock(`${today}T02:00:00.000Z`), files: new MemoryFileStore() }, { today });
        expect(r.cases.length, today).toBeGreaterThan(10);
      } finally {
        await closeOpsTestDb(db);
      }
    }
  }, 120_000);

  it('the same seed and demo today give the same commission, cases and chronology', async () => {
    const a = await fresh('sqlite');
    const b = await fresh('sqlite');
    await loadDemo(a);
    await loadDemo(b);
    expect(await content(b.db)).toEqual(await content(a.db));
    const c = await fresh('sqlite');
    await loadDemo(c, { seed: 7 });
    expect(await content(c.db)).not.toEqual(await content(a.db));
  });

  it.each(engines)('FL-7(7) / issue 9 §3: a backup of the demo commission holds neither the report texts nor the reporters\' names or phones (%s)', async (engine) => {
    const deps = await fresh(engine);
    await loadDemo(deps);
    // The clerk drafts the documents that quote the report and address the reporter (受理回执:
    // 反映事项; 答复函: the reply, by name) for every accepted report case: their stored versions
    // are sealed (issue 9 §3), so the backup holds neither.
    const u = await deps.db.kysely.selectFrom('users').select(['id', 'username', 'display_name', 'roles', 'person_id', 'org_id']).where('username', '=', 'fazhike').executeTakeFirstOrThrow();
    const actor: Actor = { userId: u.id, username: u.username, displayName: u.display_name, roles: JSON.parse(u.roles) as Actor['roles'], personId: u.person_id, orgId: u.org_id, orgScope: [u.org_id] };
    const reportCases = await deps.db.kysely.selectFrom('cases').select('id').where('source', '=', 'report').where('accepted_on', 'is not', null).where('org_id', '=', u.org_id).execute();
    let drafted = 0;
    for (const c of reportCases) {
      for (const kind of ['acceptance_receipt', 'reply_letter', 'registration_approval'] as const) {
        const ok = await createDraft({ ...deps, actor }, c.id, { kind }).then(
          () => true,
          (e: { code?: string }) => (['PRECONDITION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'RECUSAL_REQUIRED'].includes(e.code ?? '') ? false : Promise.reject(e as Error)),
        );
        if (ok) drafted++;
      }
    }
    expect(drafted).toBeGreaterThan(2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-demo-backup-'));
    try {
      const f = path.join(dir, 'backup.gz');
      await createBackup(deps, f);
      const text = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8');
      expect(text).toContain('wz1:');
      for (const report of REPORT_TEXTS) expect(text, report).not.toContain(report);
      // the demo reporters' phones are 1390236xxxx; their names 刘/郑/曹/邹 + 先生/女士
      expect(text).not.toMatch(/1390236\d{4}/);
      expect(text).not.toMatch(/[刘郑曹邹](先生|女士)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a database that already holds data, and adds nothing', async () => {
    const deps = await fresh('sqlite');
    await loadDemo(deps);
    const before = (await rows(deps.db, 'SELECT seq FROM audit_log')).length;
    await expect(loadDemo(deps)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await rows(deps.db, 'SELECT seq FROM audit_log')).length).toBe(before);
  });

  it('the start hook loads the demo only when asked and only into a database without accounts', async () => {
    const deps = await fresh('sqlite');
    await demoOnFirstStart(deps, { demo: false });
    expect((await rows(deps.db, 'SELECT id FROM users')).length).toBe(0);
    await demoOnFirstStart(deps, { demo: true });
    const users = (await rows(deps.db, 'SELECT id FROM users')).length;
    expect(users).toBe(DEMO_ACCOUNTS.length);
    await demoOnFirstStart(deps, { demo: true }); // second start: nothing happens
    expect((await rows(deps.db, 'SELECT id FROM users')).length).toBe(users);
  });
});
