// Four-eyes password reset (三员分立, docs/security-accounts.md "Password reset"; red-team walk of
// 2026-12-07): the system administrator's reset of an account that has been used no longer
// replaces the working password — it waits, with the new hash, for the security administrator's
// approval. `last_sign_in_at` tells a used account from one never signed in (whose creator set
// its first password anyway and may still reset it directly); there was no such column before.
// Backfill, failing closed: the last sign-in or own password change in the audit trail, else the
// newest session, else — for an account not waiting for its first change (must_change_password =
// 0: the three first administrators, seeded accounts, anyone who changed their own password) —
// its password date. Only an account still waiting for its first sign-in stays unmarked.
// The pending reset: its hash, who asked and when (one at a time per account). Both engines.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('reset_password_hash', 'text').execute();
  await db.schema.alterTable('users').addColumn('reset_requested_by', 'text').execute();
  await db.schema.alterTable('users').addColumn('reset_requested_at', 'text').execute();
  await sql`
    UPDATE users SET last_sign_in_at = COALESCE(
      (SELECT MAX(a.at) FROM audit_log a WHERE a.entity_type = 'user' AND a.entity_id = users.id AND a.action IN ('auth.login', 'auth.password.change')),
      (SELECT MAX(s.created_at) FROM sessions s WHERE s.user_id = users.id),
      CASE WHEN users.must_change_password = 0 THEN COALESCE(users.password_changed_at, users.created_at) END
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of ['reset_requested_at', 'reset_requested_by', 'reset_password_hash', 'last_sign_in_at']) {
    await db.schema.alterTable('users').dropColumn(c).execute();
  }
}
