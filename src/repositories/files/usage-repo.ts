// SQL of storage usage (the quotas of src/services/hardening-settings.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** Bytes a user has uploaded as evidence, and bytes the store holds (a sealed document file counts once, as its sealed blob). */
export async function storageUsageOf(q: Kysely<Database>, userId: string): Promise<{ user: number; total: number }> {
  const u = await q.selectFrom('case_evidence').select((eb) => eb.fn.sum<number | string | null>('file_size').as('n')).where('recorded_by', '=', userId).executeTakeFirst();
  const t = await q.selectFrom('stored_files').select((eb) => eb.fn.sum<number | string | null>('size').as('n')).where('sealed_sha256', 'is', null).executeTakeFirst();
  return { user: Number(u?.n ?? 0), total: Number(t?.n ?? 0) };
}
