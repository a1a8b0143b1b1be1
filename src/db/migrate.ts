// Applies every pending migration (on start, and by `wenze migrate`).
import { Migrator, sql, type MigrationProvider, type Migration, type Kysely } from 'kysely';
import type { Db } from './database';
import { migrations } from './migrations/index';

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => migrations,
};

export interface MigrateResult {
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrateResult> {
  // Kysely looks for its bookkeeping tables in every PostgreSQL schema unless told which one:
  // name the current schema, or another schema's tables (a parallel test, another installation
  // in the same database) are taken for ours.
  const schema =
    db.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: db.kysely as unknown as Kysely<unknown>,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Names of migrations this build has that the database has not applied (readiness check). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const schema =
    db.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: db.kysely as unknown as Kysely<unknown>,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

/**
 * Applies the migrations up to and including `name` (upgrade tests: a database as a previous
 * release left it). Never used on start.
 */
export async function migrateTo(db: Db, name: string): Promise<MigrateResult> {
  const schema =
    db.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: db.kysely as unknown as Kysely<unknown>,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
