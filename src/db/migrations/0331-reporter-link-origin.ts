// Staff reporter found automatically (issue 9 §7; FL-7(7), FL-10(3)): a report whose sealed identity
// matches a person in the register is linked to them at intake (origin 'auto'), so the
// retaliation watch covers them without waiting for a clerk; the clerk confirms or undoes it.
// Links set by a clerk before this version are 'clerk' and count as confirmed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('case_reporter_links')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('clerk'))
    .execute();
  await db.schema.alterTable('case_reporter_links').addColumn('confirmed_by', 'text').execute();
  await db.schema.alterTable('case_reporter_links').addColumn('confirmed_at', 'text').execute();
  await sql`UPDATE case_reporter_links SET confirmed_by = set_by, confirmed_at = set_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_reporter_links').dropColumn('confirmed_at').execute();
  await db.schema.alterTable('case_reporter_links').dropColumn('confirmed_by').execute();
  await db.schema.alterTable('case_reporter_links').dropColumn('origin').execute();
}
