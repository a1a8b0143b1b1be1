// Migrations 0150, 0350, 0351 (issue 11 point 6): a single-commission database made by the previous release
// (migrated up to 0142) upgrades in place — every row kept, everything given to one organisation
// made from today's letterhead and settings, case and document numbering continuing.
// The old database is filled with today's shapes: a world built through the real services in a
// current database, every row copied (the columns the old schema has) into the old one.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireContent } from '../../services/documents/sealed-content';
import type { Db, DialectName } from '../database';
import { migrateToLatest } from '../migrate';
import { DEFAULT_ORG_ID } from '../tables/organisations';
import { createCase } from '../../services/cases';
import { createTestApp, type TestApp } from '../../../test/app';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { draftAllDocuments } from '../../../test/api/seed';
import { quoteIdent } from '../../ops/db-catalog';

const PREVIOUS_RELEASE = '0142-appeal-referral-letter';

interface Table {
  name: string;
  columns: string[];
}

async function tablesOf(db: Db): Promise<Table[]> {
  if (db.dialect === 'sqlite') {
    const h = db.sqlite!;
    const all = h.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).all() as { name: string; sql: string | null }[];
    const virtual = all.filter((t) => /^\s*create\s+virtual\s+table/i.test(t.sql ?? '')).map((t) => t.name);
    return all
      .filter((t) => !t.name.startsWith('kysely_') && !virtual.includes(t.name) && !virtual.some((v) => t.name.startsWith(`${v}_`)))
      .map((t) => ({ name: t.name, columns: (h.prepare(`PRAGMA table_xinfo(${quoteIdent(t.name)})`).all() as { name: string; hidden: number }[]).filter((c) => c.hidden === 0).map((c) => c.name) }));
  }
  const cols = (
    await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER' AND c.udt_name <> 'tsvector'
       ORDER BY c.table_name, c.ordinal_position`.execute(db.kysely)
  ).rows;
  const by = new Map<string, string[]>();
  for (const c of cols) if (!c.table_name.startsWith('kysely_')) by.set(c.table_name, [...(by.get(c.table_name) ?? []), c.column_name]);
  return [...by.entries()].map(([name, columns]) => ({ name, columns }));
}

async function rowsOf(db: Db, t: Table, columns = t.columns): Promise<string[]> {
  const list = columns.map(quoteIdent).join(', ');
  const r = await sql<Record<string, unknown>>`SELECT ${sql.raw(list)} FROM ${sql.raw(quoteIdent(t.name))}`.execute(db.kysely);
  return r.rows.map((row) => JSON.stringify(columns.map((c) => (typeof row[c] === 'bigint' ? String(row[c]) : row[c] instanceof Date ? (row[c] as Date).toISOString() : row[c])))).sort();
}

/** Copies every row of `from` into `to`, the columns `to` has; foreign keys are not checked while copying. */
async function copyInto(from: Db, to: Db): Promise<void> {
  const tables = await tablesOf(to);
  if (to.dialect === 'sqlite') to.sqlite!.pragma('foreign_keys = OFF');
  await to.kysely.connection().execute(async (c) => {
    if (to.dialect === 'postgres') await sql`SET session_replication_role = replica`.execute(c);
    for (const t of tables) {
      if (t.name === 'audit_head' || t.name === 'calendar_years') await sql`DELETE FROM ${sql.raw(quoteIdent(t.name))}`.execute(c);
      const list = t.columns.map(quoteIdent).join(', ');
      const rows = (await sql<Record<string, unknown>>`SELECT ${sql.raw(list)} FROM ${sql.raw(quoteIdent(t.name))}`.execute(from.kysely)).rows;
      for (const row of rows) {
        await sql`INSERT INTO ${sql.raw(quoteIdent(t.name))} (${sql.raw(list)}) VALUES (${sql.join(t.columns.map((col) => sql`${row[col]}`))})`.execute(c);
      }
    }
    if (to.dialect === 'postgres') {
      await sql`SET session_replication_role = DEFAULT`.execute(c);
      // copied ids do not move the sequences on: do it, as a restore does
      const serials = (
        await sql<{ table_name: string; column_name: string }>`
          SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND (column_default LIKE 'nextval%' OR is_identity = 'YES')`.execute(c)
      ).rows;
      for (const r of serials) {
        await sql`SELECT setval(pg_get_serial_sequence(${r.table_name}, ${r.column_name}), (SELECT coalesce(max(${sql.ref(r.column_name)}), 0) + 1 FROM ${sql.table(r.table_name)}), false)`.execute(c);
      }
    }
  });
  if (to.dialect === 'sqlite') to.sqlite!.pragma('foreign_keys = ON');
}

describe.each(engines)('Migration 0150: a single-commission database upgrades in place (%s)', (engine: DialectName) => {
  let t: TestApp;
  let w: CaseWorld;
  let old: Db;
  let oldTables: Table[] = [];
  const before = new Map<string, string[]>();
  let lastNumber = '';
  let issuedNumbers: string[] = [];

  beforeAll(async () => {
    // today's shapes, made by the real services
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
    await makeCase(w, { to: 'notified' });
    await makeCase(w, { to: 'registered' });
    const c = await makeCase(w, { to: 'notified' });
    lastNumber = c.number;
    await draftAllDocuments(t, c.caseId, w.fx.handler.id);
    // a report case's version contents are sealed (issue 9 §3): opened with the report's data key
    const versions = await t.deps.db.kysely.selectFrom('document_versions').innerJoin('documents', 'documents.id', 'document_versions.document_id').select(['documents.case_id', 'document_versions.content']).execute();
    issuedNumbers = (await Promise.all(versions.map((r) => requireContent(t.deps.db.kysely, r.case_id, r.content))))
      .map((c) => c.docNumber ?? '')
      .filter(Boolean);
    // the previous release's database, filled with those rows
    old = await openTestDb(engine, { upTo: PREVIOUS_RELEASE });
    await copyInto(t.deps.db, old);
    oldTables = await tablesOf(old);
    for (const tb of oldTables) before.set(tb.name, await rowsOf(old, tb));
    await migrateToLatest(old);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (old) await closeTestDb(old);
  });

  it('the previous release had no organisations, and the copy holds data in every area', () => {
    expect(oldTables.map((x) => x.name)).not.toContain('organisations');
    for (const name of ['cases', 'case_steps', 'case_reporters', 'people', 'units', 'users', 'documents', 'audit_log', 'case_number_seq', 'document_number_seq']) {
      expect(before.get(name)?.length, name).toBeGreaterThan(0);
    }
  });

  it('Migration: every row of every table is kept, column for column', async () => {
    for (const tb of oldTables) expect(await rowsOf(old, tb), tb.name).toEqual(before.get(tb.name));
  });

  it('Migration: everything belongs to one organisation made from today’s letterhead and settings', async () => {
    const orgs = await old.kysely.selectFrom('organisations').selectAll().execute();
    expect(orgs).toHaveLength(1);
    expect(orgs[0]).toMatchObject({ id: DEFAULT_ORG_ID, parent_id: null, letterhead: '重庆市巴南区住房和城乡建设委员会', case_prefix: '巴住建问', document_prefix: '巴住建问' });
    for (const table of ['users', 'units', 'people', 'enforcement_certificates', 'original_cases', 'cases', 'meetings', 'decision_body_members', 'declared_relationships'] as const) {
      const other = await old.kysely.selectFrom(table).select('org_id').where('org_id', '!=', DEFAULT_ORG_ID).execute();
      expect(other, table).toEqual([]);
    }
    const cases = await old.kysely.selectFrom('cases').select(['seq', 'org_seq']).execute();
    for (const c of cases) expect(c.org_seq).toBe(c.seq);
  });

  it('Migration 0350: every account’s organisation and roles become its home membership', async () => {
    const members = await old.kysely.selectFrom('user_org_roles').select(['user_id', 'org_id', 'roles']).execute();
    const users = await old.kysely.selectFrom('users').select(['id', 'roles']).execute();
    expect(users.length).toBeGreaterThan(3);
    expect(members.map((m) => [m.user_id, m.org_id, m.roles]).sort()).toEqual(users.map((u) => [u.id, DEFAULT_ORG_ID, u.roles]).sort());
  });

  it('Migration: numbering continues — the next case and the next document number follow the last ones', async () => {
    const seqs = await old.kysely.selectFrom('org_case_number_seq').selectAll().execute();
    const oldSeqs = await old.kysely.selectFrom('case_number_seq').selectAll().execute();
    expect(seqs.map((s) => [s.org_id, Number(s.year), Number(s.last)])).toEqual(oldSeqs.map((s) => [DEFAULT_ORG_ID, Number(s.year), Number(s.last)]));
    const n = Number(/〕(\d+)号/.exec(lastNumber)![1]);
    const clerk = { ...t.deps, db: old, actor: w.ctx.clerk.actor };
    const next = await createCase(clerk, { source: 'report', channel: 'letter', receivedOn: '2025-09-01', summary: '升级后的第一件举报。', reporter: { anonymous: true }, subjectPersonIds: [w.fx.handler.id] });
    expect(next.number).toBe(`巴住建问〔2025〕${n + 1}号`);
    // document numbers: the counters of 0060 are kept and the default organisation keeps its prefix
    expect(issuedNumbers.length).toBeGreaterThan(0);
    const docSeq = await old.kysely.selectFrom('document_number_seq').selectAll().execute();
    for (const num of issuedNumbers) {
      const m = /^(.+)〔(\d{4})〕(\d+)号$/.exec(num)!;
      const row = docSeq.find((r) => r.prefix === m[1] && Number(r.year) === Number(m[2]));
      expect(row, num).toBeDefined();
      expect(Number(row!.last)).toBeGreaterThanOrEqual(Number(m[3]));
    }
  });
});
