// Which file store this installation uses (FILE_STORE), chosen at start:
//   folder   — the data folder (data/files/); the default on SQLite
//   database — the database itself (./database-store.ts); the default on PostgreSQL, so every
//              app server on one PostgreSQL serves the same files with nothing else shared
// On PostgreSQL with the database store, files an installation kept in the data folder before
// are read from there and copied in (at start by adoptFolderFiles, and whenever one is asked for).
import path from 'node:path';
import { AppError } from '../errors';
import type { Db, DialectName } from '../db/database';
import { DatabaseFileStore } from './database-store';
import { LocalFileStore, type FileStore } from './file-store';

export type ConfiguredStore = 'folder' | 'database';

export function fileStoreKind(value: string | undefined, dialect: DialectName): ConfiguredStore {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return dialect === 'postgres' ? 'database' : 'folder';
  if (v === 'folder') return 'folder';
  if (v === 'database') {
    if (dialect !== 'postgres') {
      throw new AppError('PRECONDITION_FAILED', {
        zh: 'FILE_STORE=database 仅用于 PostgreSQL；使用 SQLite 时文件保存在数据目录中',
        en: 'FILE_STORE=database is for PostgreSQL; with SQLite the files are kept in the data folder',
      });
    }
    return 'database';
  }
  throw new AppError('PRECONDITION_FAILED', {
    zh: `FILE_STORE 的值“${value}”无效（可选 folder、database）`,
    en: `FILE_STORE "${value}" is not one of folder, database`,
  });
}

/** Opens the configured store; the database store's connections close with the database. */
export function openFileStore(db: Db, dataDir: string, value: string | undefined = process.env.FILE_STORE): FileStore {
  const folder = new LocalFileStore(path.join(dataDir, 'files'));
  if (fileStoreKind(value, db.dialect) === 'folder') return folder;
  const store = new DatabaseFileStore(db, { fallback: folder });
  const closeDb = db.close.bind(db);
  db.close = async () => {
    await store.close();
    await closeDb();
  };
  return store;
}

/**
 * Start hook (database store): copies every recorded file the database lacks from the data
 * folder, so an installation that switches to the database store (the PostgreSQL default)
 * keeps serving the files it stored before. Returns how many were copied and how many are
 * nowhere to be found on this server.
 */
export async function adoptFolderFiles(files: FileStore): Promise<{ copied: number; missing: number }> {
  if (!(files instanceof DatabaseFileStore)) return { copied: 0, missing: 0 };
  let copied = 0;
  let missing = 0;
  for (const sha of await files.missingRecorded()) {
    if (await files.has(sha)) copied++;
    else missing++;
  }
  return { copied, missing };
}
