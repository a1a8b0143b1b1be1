// Start hook: removes upload temporaries a crash left in the store's staging folder, and
// finishes a promotion a crash interrupted after its transaction committed (the staged file's
// hash is named by a `stored_files` row but the blob is missing). See ./file-store.ts.
import type { Deps } from '../services/context';
import { adoptFolderFiles } from './choose-store';

export async function sweepUploadsOnStart(deps: Deps): Promise<{ removed: number; promoted: number }> {
  return deps.files.sweepStaging(async (sha256) => Boolean(await deps.db.kysely.selectFrom('stored_files').select('sha256').where('sha256', '=', sha256).executeTakeFirst()));
}

/** Start hook of the database store: files recorded before the switch are copied in from the data folder. */
export async function adoptFolderFilesOnStart(deps: Deps): Promise<void> {
  const r = await adoptFolderFiles(deps.files);
  if (r.copied) console.log(`已将数据目录中的 ${r.copied} 个文件复制到数据库 / copied ${r.copied} file(s) from the data folder into the database`);
  if (r.missing) console.warn(`警告：${r.missing} 个已登记文件在本服务器上找不到 / warning: ${r.missing} recorded file(s) are not found on this server`);
}
