// 等保2.0 accounts (docs/security-accounts.md): 三员分立 (the old `admin` role becomes
// `sysadmin`), sign-in throttling counters in the database (so several app servers agree),
// forced password change, TOTP second factor with recovery codes, session details, and the
// role-grant history shown to the security administrator.
import { sql, type Kysely } from 'kysely';

const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();

  await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('source_ip', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await sql`UPDATE sessions SET id = substr(token_hash, 1, 26)`.execute(db);

  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_key').on('login_failures').columns(['kind', 'key', 'at']).execute();

  await db.schema
    .createTable('login_locks')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_locks_pk', ['kind', 'key'])
    .execute();

  await db.schema
    .createTable('login_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();

  await db.schema
    .createTable('role_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('source_ip', 'text')
    .execute();
  await db.schema.createIndex('role_grants_at').on('role_grants').column('at').execute();

  // 三员分立: `admin` becomes `sysadmin`, alone. A business role it held beside `admin` is
  // revoked (an administrator may not hold one); the revocation is listed in the grant history
  // for the security administrator, who may give the business role to another account.
  const users = await sql<{ id: string; roles: string }>`SELECT id, roles FROM users`.execute(db);
  const now = new Date().toISOString();
  let n = 0;
  for (const u of users.rows) {
    const roles = JSON.parse(u.roles) as string[];
    if (!roles.includes('admin')) continue;
    const dropped = roles.filter((r) => r !== 'admin' && !ADMIN_ROLES.includes(r));
    await sql`UPDATE users SET roles = ${JSON.stringify(['sysadmin'])}, must_change_password = 0 WHERE id = ${u.id}`.execute(db);
    const rows: [string, string][] = [['revoke', 'admin'], ['grant', 'sysadmin'], ...dropped.map((r): [string, string] => ['revoke', r])];
    for (const [action, role] of rows) {
      n += 1;
      await sql`INSERT INTO role_grants (id, at, actor_id, user_id, action, role, source_ip) VALUES (${`m0085-${u.id}-${n}`}, ${now}, ${'system'}, ${u.id}, ${action}, ${role}, ${'migration 0085'})`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['role_grants', 'recovery_codes', 'login_challenges', 'login_locks', 'login_failures']) await db.schema.dropTable(t).execute();
  await sql`UPDATE users SET roles = ${JSON.stringify(['admin'])} WHERE roles = ${JSON.stringify(['sysadmin'])}`.execute(db);
  for (const c of ['id', 'source_ip', 'user_agent']) await db.schema.alterTable('sessions').dropColumn(c).execute();
  for (const c of ['must_change_password', 'password_changed_at', 'totp_secret', 'totp_pending_secret', 'totp_enabled_at', 'totp_last_step']) {
    await db.schema.alterTable('users').dropColumn(c).execute();
  }
}
