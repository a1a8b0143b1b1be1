// SQLite: rebuild the database file so that no freed page keeps deleted or overwritten text
// (issue 9 §3). Connections are opened with `secure_delete` on (./database.ts), which zeroes what
// is deleted from now on; VACUUM also clears what was freed before, and the WAL checkpoint with
// TRUNCATE empties the log, which holds old page images until then. Run by
// `wenze documents seal-files`; the server may keep running (it waits for the write lock).
import type { Db } from './database';

/** VACUUM and truncate the WAL (SQLite only); whether it ran. */
export function compactSqlite(db: Db): boolean {
  if (db.dialect !== 'sqlite' || !db.sqlite) return false;
  db.sqlite.exec('VACUUM');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return true;
}
