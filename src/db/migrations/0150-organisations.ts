// Organisations (issue 11 point 3): every record belongs to an organisation (a commission or a
// department); organisations form a tree (province → city → district → department) and carry
// their letterhead, numbering formats, decision body, recusal deputy, rule packs and settings.
// An existing single-commission database upgrades in place (point 6): one organisation is
// created from today's letterhead (the first active commission unit) and settings, every row is
// given to it (the column default), and its case counters continue from `case_number_seq`.
// `cases.seq` stays a per-year ordinal over the whole database (its unique (year, seq) constraint
// cannot be dropped on SQLite without rebuilding the table); the number shown comes from the
// organisation's own counter in `org_case_number_seq` and is kept in `cases.org_seq`. Both engines.
import { sql, type Kysely } from 'kysely';

const DEFAULT_ORG_ID = 'org-default';

/** Tables whose rows belong to an organisation directly; rows of other tables belong through one of these (case_id, person_id, …). */
const ORG_SCOPED_TABLES = [
  'users',
  'units',
  'people',
  'enforcement_certificates',
  'original_cases',
  'cases',
  'meetings',
  'decision_body_members',
  'declared_relationships',
] as const;

function deputyOf(json: string | undefined): string | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'string' && v ? v : null;
  } catch {
    return null;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('letterhead', 'text', (c) => c.notNull())
    .addColumn('case_prefix', 'text', (c) => c.unique())
    .addColumn('case_number_format', 'text', (c) => c.notNull())
    .addColumn('document_prefix', 'text')
    .addColumn('decision_body', 'text', (c) => c.notNull())
    .addColumn('deputy_user_id', 'text')
    .addColumn('rule_packs', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisations_parent').on('organisations').column('parent_id').execute();

  await db.schema
    .createTable('org_case_number_seq')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_case_number_seq_pk', ['org_id', 'year'])
    .execute();

  // The organisation of today's database, from today's letterhead and settings.
  const now = new Date().toISOString();
  const commission = (
    await sql<{ name: string }>`SELECT name FROM units WHERE kind = 'commission' AND active = 1 ORDER BY sort_order, name LIMIT 1`.execute(db)
  ).rows[0];
  const deputy = (await sql<{ value: string }>`SELECT value FROM settings WHERE key = 'recusal.deputyUserId'`.execute(db)).rows[0];
  const deputyUserId = deputyOf(deputy?.value);
  const name = commission?.name ?? '重庆市巴南区住房和城乡建设委员会';
  await sql`INSERT INTO organisations (id, parent_id, kind, name, short_name, letterhead, case_prefix, case_number_format, document_prefix, decision_body, deputy_user_id, rule_packs, settings, sort_order, created_at, updated_at)
    VALUES (${DEFAULT_ORG_ID}, NULL, 'commission', ${name}, ${name}, ${name}, '巴住建问', '{prefix}〔{year}〕{n}号', '巴住建问', '委党委会', ${deputyUserId},
            ${JSON.stringify([{ packId: 'banan-housing-2019', from: null }])}, '{}', 0, ${now}, ${now})`.execute(db);

  for (const table of ORG_SCOPED_TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('org_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_ORG_ID))
      .execute();
    await db.schema.createIndex(`${table}_org`).on(table).column('org_id').execute();
  }
  await db.schema.alterTable('cases').addColumn('org_seq', 'integer').execute();
  await sql`UPDATE cases SET org_seq = seq`.execute(db);
  // numbering continues: the organisation's counters start where the single counter stood
  await sql`INSERT INTO org_case_number_seq (org_id, year, last) SELECT ${DEFAULT_ORG_ID}, year, last FROM case_number_seq`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('org_seq').execute();
  for (const table of [...ORG_SCOPED_TABLES].reverse()) {
    await db.schema.dropIndex(`${table}_org`).ifExists().execute();
    await db.schema.alterTable(table).dropColumn('org_id').execute();
  }
  await db.schema.dropTable('org_case_number_seq').execute();
  await db.schema.dropTable('organisations').execute();
}
