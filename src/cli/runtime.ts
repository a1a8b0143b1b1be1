// Shared CLI plumbing: options every command takes (--data DIR, DATABASE_URL), opening the
// database and the dependencies, and printing AppErrors as a clear two-language message.
import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase, type Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { isAppError } from '../errors';
import { openFileStore } from '../files/choose-store';
import { systemClock } from '../lib/clock';
import type { Ctx, Deps } from '../services/context';
import { SYSTEM_ACTOR } from '../policies/roles';
import { wireServices } from '../services/wiring';
import { configureReportKeyring } from '../crypto/report-keyring';

export interface GlobalOpts {
  data: string;
}

export function globalOpts(cmd: Command): GlobalOpts {
  return cmd.optsWithGlobals() as GlobalOpts;
}

export function databaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export async function openDeps(opts: GlobalOpts, { migrate = true } = {}): Promise<Deps & { db: Db }> {
  const dataDir = path.resolve(opts.data);
  // the report master keys (environment, key file, or a new key file in the data folder): before
  // migrating, which seals identities stored in plain text by earlier versions
  configureReportKeyring({ dataDir });
  const db = await openDatabase({ dataDir, databaseUrl: databaseUrl() });
  if (migrate) await migrateToLatest(db);
  // explicit start-up wiring (deadline recomputation on calendar load, …) with this database
  wireServices({ db });
  // FILE_STORE: the data folder (SQLite default) or the database (PostgreSQL default)
  return { db, clock: systemClock, files: openFileStore(db, dataDir) };
}

/**
 * Opens the database and the dependencies (openDeps), runs `fn` with them and closes the
 * database again — after `fn` returns and when it throws. `fn`'s error goes on unchanged (to
 * `run`, which prints it); a failure to close after it is not allowed to hide it.
 */
export async function withDatabase<T>(cmd: Command, fn: (deps: Deps & { db: Db }) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const deps = await openDeps(globalOpts(cmd), opts);
  let result: T;
  try {
    result = await fn(deps);
  } catch (err) {
    // the command's error is the one to print; a close failing after it shows only when debugging
    await deps.db.close().catch((closeErr: unknown) => {
      if (process.env.WENZE_DEBUG) console.error(closeErr);
    });
    throw err;
  }
  await deps.db.close();
  return result;
}

/** withDatabase for a command an operator with the data folder runs as the system (SYSTEM_ACTOR). */
export function withSystemCtx<T>(cmd: Command, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return withDatabase(cmd, (deps) => fn({ ...deps, actor: SYSTEM_ACTOR }));
}

/** Runs a command body, printing errors without a stack trace; sets the exit code. */
export async function run(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    if (isAppError(err)) {
      console.error(`错误 ${err.code}：${err.zh}\nError ${err.code}: ${err.en}`);
      process.exitCode = 2;
    } else {
      console.error(`错误：${(err as Error).message}\nError: ${(err as Error).message}`);
      if (process.env.WENZE_DEBUG) console.error(err);
      process.exitCode = 1;
    }
  }
}
