// Issue 14 point 5/6 (yearly statistics flat as data grows): counters per organisation, year,
// figure and key (src/repositories/stats/stats-counters.ts). Triggers on every table a figure is
// counted from mark the case dirty in the writing transaction itself — whatever path writes (the
// step writer, imports, the demo, a restore, a bench's row copy, hand-written SQL) — and the
// counters are brought up to date from the dirty cases (each case's contribution recomputed from
// its rows and the difference applied) before the statistics are read. Existing cases are all
// marked dirty here: the first read (or `wenze stats rebuild`) fills the counters. Both engines.
import { sql, type Kysely } from 'kysely';
import { isPostgresHandle } from '../database';

/** Child tables whose every row change may change a figure of their case (by `case_id`). */
const CHILD_TABLES = ['case_subjects', 'case_findings', 'case_decisions', 'case_decision_items', 'case_deadlines', 'case_appeals', 'case_execution_items'] as const;
/** The columns of `cases` the figures read. */
const CASE_COLUMNS = ['year', 'org_id', 'state', 'source', 'wc5_item', 'closed_on', 'received_on'] as const;
/** Only steps whose data names a back-dating are counted (the same literal as the partial index of 0400). */
const STEP_LIKE = (row: 'OLD' | 'NEW') => `${row}.data LIKE '%"backdated"%'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgresHandle(db as never);
  await db.schema.createTable('stats_dirty').ifNotExists().addColumn('case_id', 'text', (c) => c.primaryKey()).execute();
  await db.schema.createTable('stats_case_contrib').ifNotExists().addColumn('case_id', 'text', (c) => c.primaryKey()).addColumn('data', 'text', (c) => c.notNull()).execute();
  await db.schema
    .createTable('stats_counters')
    .ifNotExists()
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('figure', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_counters_pk', ['year', 'org_id', 'figure', 'key'])
    .execute();

  const changed = CASE_COLUMNS.map((c) => (pg ? `OLD.${c} IS DISTINCT FROM NEW.${c}` : `OLD.${c} IS NOT NEW.${c}`)).join(' OR ');
  if (pg) {
    for (const [fn, col] of [['stats_mark_case', 'id'], ['stats_mark_child', 'case_id']] as const) {
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN INSERT INTO stats_dirty (case_id) VALUES (OLD.${col}) ON CONFLICT DO NOTHING; END IF;
  IF TG_OP <> 'DELETE' THEN INSERT INTO stats_dirty (case_id) VALUES (NEW.${col}) ON CONFLICT DO NOTHING; END IF;
  RETURN NULL;
END $$`,
        )
        .execute(db);
    }
    for (const t of CHILD_TABLES) await sql.raw(`CREATE TRIGGER stats_dirty_${t} AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION stats_mark_child()`).execute(db);
    await sql.raw(`CREATE TRIGGER stats_dirty_cases_ins_del AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION stats_mark_case()`).execute(db);
    await sql.raw(`CREATE TRIGGER stats_dirty_cases_upd AFTER UPDATE OF ${CASE_COLUMNS.join(', ')} ON cases FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION stats_mark_case()`).execute(db);
    await sql.raw(`CREATE TRIGGER stats_dirty_case_steps_ins AFTER INSERT ON case_steps FOR EACH ROW WHEN (${STEP_LIKE('NEW')}) EXECUTE FUNCTION stats_mark_child()`).execute(db);
    await sql.raw(`CREATE TRIGGER stats_dirty_case_steps_upd AFTER UPDATE ON case_steps FOR EACH ROW WHEN (${STEP_LIKE('OLD')} OR ${STEP_LIKE('NEW')} OR OLD.case_id IS DISTINCT FROM NEW.case_id) EXECUTE FUNCTION stats_mark_child()`).execute(db);
    await sql.raw(`CREATE TRIGGER stats_dirty_case_steps_del AFTER DELETE ON case_steps FOR EACH ROW WHEN (${STEP_LIKE('OLD')}) EXECUTE FUNCTION stats_mark_child()`).execute(db);
  } else {
    const mark = (row: 'OLD' | 'NEW', col: string) => `INSERT OR IGNORE INTO stats_dirty (case_id) VALUES (${row}.${col});`;
    const trigger = (name: string, event: string, table: string, when: string | null, body: string) =>
      sql.raw(`CREATE TRIGGER IF NOT EXISTS ${name} AFTER ${event} ON ${table} FOR EACH ROW ${when ? `WHEN ${when} ` : ''}BEGIN ${body} END`).execute(db);
    for (const t of CHILD_TABLES) {
      await trigger(`stats_dirty_${t}_ins`, 'INSERT', t, null, mark('NEW', 'case_id'));
      await trigger(`stats_dirty_${t}_upd`, 'UPDATE', t, null, mark('OLD', 'case_id') + mark('NEW', 'case_id'));
      await trigger(`stats_dirty_${t}_del`, 'DELETE', t, null, mark('OLD', 'case_id'));
    }
    await trigger('stats_dirty_cases_ins', 'INSERT', 'cases', null, mark('NEW', 'id'));
    await trigger('stats_dirty_cases_upd', `UPDATE OF ${CASE_COLUMNS.join(', ')}`, 'cases', changed, mark('NEW', 'id'));
    await trigger('stats_dirty_cases_del', 'DELETE', 'cases', null, mark('OLD', 'id'));
    await trigger('stats_dirty_case_steps_ins', 'INSERT', 'case_steps', STEP_LIKE('NEW'), mark('NEW', 'case_id'));
    await trigger('stats_dirty_case_steps_upd', 'UPDATE', 'case_steps', `${STEP_LIKE('OLD')} OR ${STEP_LIKE('NEW')} OR OLD.case_id IS NOT NEW.case_id`, mark('OLD', 'case_id') + mark('NEW', 'case_id'));
    await trigger('stats_dirty_case_steps_del', 'DELETE', 'case_steps', STEP_LIKE('OLD'), mark('OLD', 'case_id'));
  }
  // existing databases: every case is counted by the first read (or `wenze stats rebuild`)
  await sql`INSERT INTO stats_dirty (case_id) SELECT id FROM cases`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgresHandle(db as never);
  if (pg) {
    for (const t of CHILD_TABLES) await sql.raw(`DROP TRIGGER IF EXISTS stats_dirty_${t} ON ${t}`).execute(db);
    for (const n of ['cases_ins_del', 'cases_upd']) await sql.raw(`DROP TRIGGER IF EXISTS stats_dirty_${n} ON cases`).execute(db);
    for (const n of ['ins', 'upd', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS stats_dirty_case_steps_${n} ON case_steps`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS stats_mark_case()`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS stats_mark_child()`).execute(db);
  } else {
    const names = [...CHILD_TABLES.flatMap((t) => ['ins', 'upd', 'del'].map((o) => `${t}_${o}`)), 'cases_ins', 'cases_upd', 'cases_del', 'case_steps_ins', 'case_steps_upd', 'case_steps_del'];
    for (const n of names) await sql.raw(`DROP TRIGGER IF EXISTS stats_dirty_${n}`).execute(db);
  }
  for (const t of ['stats_counters', 'stats_case_contrib', 'stats_dirty']) await db.schema.dropTable(t).ifExists().execute();
}
