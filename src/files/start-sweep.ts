// Start hook: removes upload temporaries a crash left in the store's staging folder, and
// finishes a promotion a crash interrupted after its transaction committed (the staged file's
// hash is named by a `stored_files` row but the blob is missing). See ./file-store.ts.
import type { Deps } from '../services/context';

export async function sweepUploadsOnStart(deps: Deps): Promise<{ removed: number; promoted: number }> {
  return deps.files.sweepStaging(async (sha256) => Boolean(await deps.db.kysely.selectFrom('stored_files').select('sha256').where('sha256', '=', sha256).executeTakeFirst()));
}
