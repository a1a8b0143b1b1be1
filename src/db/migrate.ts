// Applies every pending migration (on start, and by `wenze migrate`).
import { Migrator, sql, type DatabaseIntrospector, type Kysely, type MigrationProvider, type Migration, type DatabaseMetadata, type TableMetadata } from 'kysely';
import type { Db } from './database';
import { migrations } from './migrations/index';

export interface MigrateResult {
  applied: string[];
}

/**
 * Kysely's PostgreSQL introspector lists the tables of every schema in the database and calls
 * name-based catalog functions (has_schema_privilege, pg_get_serial_sequence) for each of them:
 * when another schema is dropped at that moment (another installation, a parallel test run
 * tearing down) the query fails with `schema "…" does not exist`. The migrator only needs to
 * know whether its two bookkeeping tables exist in our schema, so it gets an introspector that
 * reads pg_catalog by OID for that one schema and calls no function on names.
 */
export function schemaScopedIntrospector(kysely: Kysely<unknown>, schema: string): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const rows = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p', 'v')
      ORDER BY c.relname`.execute(kysely);
    return rows.rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
  };
  return {
    getSchemas: async () => {
      const rows = await sql<{ name: string }>`SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ${schema}`.execute(kysely);
      return rows.rows;
    },
    getTables,
    getMetadata: async (): Promise<DatabaseMetadata> => ({ tables: await getTables() }),
  };
}

/** The Kysely instance with its `introspection` replaced (methods stay bound to the original). */
function withIntrospector(kysely: Kysely<unknown>, introspection: DatabaseIntrospector): Kysely<unknown> {
  return new Proxy(kysely, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * A Migrator over this database's own schema (the given migrations, by default all of them):
 * use this, never `new Migrator`, so the bookkeeping lookup stays in our schema.
 */
export async function migratorFor(db: Db, set: Record<string, Migration> = migrations): Promise<Migrator> {
  const provider: MigrationProvider = { getMigrations: async () => set };
  const kysely = db.kysely as unknown as Kysely<unknown>;
  if (db.dialect !== 'postgres') return new Migrator({ db: kysely, provider });
  // Kysely looks for its bookkeeping tables in every PostgreSQL schema unless told which one:
  // name the current schema, or another schema's tables (a parallel test, another installation
  // in the same database) are taken for ours.
  const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(kysely)).rows[0]?.s;
  if (!schema) throw new Error('PostgreSQL: no current schema (check search_path)');
  return new Migrator({ db: withIntrospector(kysely, schemaScopedIntrospector(kysely, schema)), provider, migrationTableSchema: schema });
}

export async function migrateToLatest(db: Db): Promise<MigrateResult> {
  const { error, results } = await (await migratorFor(db)).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Names of migrations this build has that the database has not applied (readiness check). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  return (await (await migratorFor(db)).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

/**
 * Applies the migrations up to and including `name` (upgrade tests: a database as a previous
 * release left it). Never used on start.
 */
export async function migrateTo(db: Db, name: string): Promise<MigrateResult> {
  const { error, results } = await (await migratorFor(db)).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
