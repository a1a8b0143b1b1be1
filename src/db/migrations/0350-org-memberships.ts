// Organisations, second round (issue 11 points 3–4):
//  - memberships: an account belongs to one or more organisations, with its roles in each
//    (`user_org_roles`); today's `users.org_id` + `users.roles` move in as the home membership.
//    `users.org_id` stays the home organisation and `users.roles` mirrors the roles held there.
//  - a session acts in one organisation at a time (`sessions.org_id`, null = the home one).
//  - the role-grant history names the organisation of each grant (`role_grants.org_id`).
//  - organisations carry a version (PATCH /api/v1/orgs/:id checks it).
// `user_id` carries no foreign key, like `role_grants` (the grant history outlives an account).
// Both engines.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_org_roles')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_org_roles_pk', ['user_id', 'org_id'])
    .execute();
  await db.schema.createIndex('user_org_roles_org').on('user_org_roles').column('org_id').execute();
  await sql`INSERT INTO user_org_roles (user_id, org_id, roles, created_at, updated_at)
    SELECT id, org_id, roles, created_at, updated_at FROM users`.execute(db);

  await db.schema.alterTable('sessions').addColumn('org_id', 'text').execute();
  await db.schema.alterTable('role_grants').addColumn('org_id', 'text').execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('accepts_reports', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('accepts_reports').execute();
  await db.schema.alterTable('organisations').dropColumn('version').execute();
  await db.schema.alterTable('role_grants').dropColumn('org_id').execute();
  await db.schema.alterTable('sessions').dropColumn('org_id').execute();
  await db.schema.dropTable('user_org_roles').execute();
}
