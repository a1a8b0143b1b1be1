// Settings of the hardening area (docs/security-hardening.md), kept in the `settings` table as
// JSON values with generous defaults: storage quotas for uploads and the 国密 (SM2/SM3) option.
// Changing one is a write like any other: authorized, one transaction, audited.
import { storageUsageOf } from '../repositories/files/usage-repo';
import { readSettingLenient, writeSetting } from '../repositories/settings/settings-repo';
import { appendAudit } from '../audit/audit-writer';
import { GUOMI_SETTING_KEY } from '../audit/hash-alg';
import type { Db } from '../db/database';
import { inTransaction, type Tx } from '../db/tx';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../errors';
import { authorize } from '../policies/roles';
import { nowIso, type Ctx, type Deps } from './context';

export const HARDENING_KEYS = {
  /** bytes of evidence files one user may have recorded (sum of the files they uploaded) */
  quotaPerUser: 'storage.quotaPerUserBytes',
  /** bytes the content-addressed store may hold in all (evidence and documents) */
  quotaTotal: 'storage.quotaTotalBytes',
  /** 国密: SM3 for new audit rows, SM2 for backup signatures */
  guomi: GUOMI_SETTING_KEY,
  /** who approves a request to read a reporter's identity: 'secadmin' | 'leader' (issue 9 §4) */
  identityApprover: 'reporter.identityApprover',
  /** minutes an approved identity request stays valid */
  identityValidMinutes: 'reporter.identityValidMinutes',
} as const;

export const HARDENING_DEFAULTS = {
  quotaPerUserBytes: 2 * 1024 ** 3,
  quotaTotalBytes: 50 * 1024 ** 3,
  guomi: false,
  identityApprover: 'secadmin' as 'secadmin' | 'leader',
  identityValidMinutes: 60,
};

type Q = Kysely<Database> | Tx;

async function read(q: Q, key: string): Promise<unknown> {
  return readSettingLenient(q, key);
}

const positive = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);

export async function storageQuotas(q: Q): Promise<{ perUser: number; total: number }> {
  return {
    perUser: positive(await read(q, HARDENING_KEYS.quotaPerUser), HARDENING_DEFAULTS.quotaPerUserBytes),
    total: positive(await read(q, HARDENING_KEYS.quotaTotal), HARDENING_DEFAULTS.quotaTotalBytes),
  };
}

export async function guomiEnabled(q: Q): Promise<boolean> {
  return (await read(q, HARDENING_KEYS.guomi)) === true;
}

/** The identity custodian's settings (issue 9 §4). */
export async function identityCustodySettings(q: Q): Promise<{ approver: 'secadmin' | 'leader'; validMinutes: number }> {
  const a = await read(q, HARDENING_KEYS.identityApprover);
  const m = await read(q, HARDENING_KEYS.identityValidMinutes);
  return {
    approver: a === 'leader' ? 'leader' : HARDENING_DEFAULTS.identityApprover,
    validMinutes: typeof m === 'number' && Number.isSafeInteger(m) && m >= 5 ? m : HARDENING_DEFAULTS.identityValidMinutes,
  };
}

/** Bytes a user has uploaded as evidence, and bytes the store holds. */
export async function storageUsage(q: Q, userId: string): Promise<{ user: number; total: number }> {
  return storageUsageOf(q, userId);
}

const mib = (n: number): string => `${Math.round((n / 1024 ** 2) * 10) / 10} MiB`;

export function quotaExceeded(which: 'user' | 'total', quota: number): AppError {
  return which === 'user'
    ? new AppError('QUOTA_EXCEEDED', { zh: `您上传的文件已达个人存储配额（${mib(quota)}）`, en: `your uploads would exceed your storage quota (${mib(quota)})` }, { quota: which, bytes: quota })
    : new AppError('QUOTA_EXCEEDED', { zh: `系统文件存储已达总配额（${mib(quota)}）`, en: `the file store would exceed its total quota (${mib(quota)})` }, { quota: which, bytes: quota });
}

/**
 * How many more bytes this user may upload now (both quotas), and the refusal to give past it.
 * Checked before any byte is read, used as the streaming limit, and again inside the
 * transaction that records the file (two uploads racing each other cannot both pass).
 */
export async function uploadAllowance(q: Q, userId: string): Promise<{ bytes: number; refusal: () => AppError }> {
  const quotas = await storageQuotas(q);
  const used = await storageUsage(q, userId);
  const userLeft = quotas.perUser - used.user;
  const totalLeft = quotas.total - used.total;
  const which = userLeft <= totalLeft ? 'user' : 'total';
  return { bytes: Math.max(0, Math.min(userLeft, totalLeft)), refusal: () => quotaExceeded(which, which === 'user' ? quotas.perUser : quotas.total) };
}

const settingSchemas: Record<string, (v: unknown) => boolean> = {
  [HARDENING_KEYS.quotaPerUser]: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  [HARDENING_KEYS.quotaTotal]: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  [HARDENING_KEYS.guomi]: (v) => typeof v === 'boolean',
  [HARDENING_KEYS.identityApprover]: (v) => v === 'secadmin' || v === 'leader',
  [HARDENING_KEYS.identityValidMinutes]: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 5 && v <= 7 * 24 * 60,
};

/** Sets one hardening setting (administrators: `settings.manage`), audited. */
export async function setHardeningSetting(ctx: Ctx, key: (typeof HARDENING_KEYS)[keyof typeof HARDENING_KEYS], value: unknown): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  await writeHardeningSetting(ctx, ctx.actor.userId, key, value);
}

/** The same write for the operator's CLI (no signed-in actor; the audit row names none). */
export async function writeHardeningSetting(deps: Pick<Deps, 'db' | 'clock'>, actorId: string | null, key: string, value: unknown): Promise<void> {
  const ok = settingSchemas[key];
  if (!ok || !ok(value)) throw new AppError('VALIDATION_FAILED', { zh: `设置 ${key} 的值无效`, en: `invalid value for setting ${key}` }, { fields: [{ path: key, code: 'invalid', zh: '值无效', en: 'invalid value' }] });
  const db: Db = deps.db;
  const now = nowIso(deps);
  await inTransaction(db, async (tx) => {
    const before = await read(tx, key);
    await writeSetting(tx, key, value, now);
    await appendAudit(tx, { actorId, action: 'settings.update', entityType: 'setting', entityId: key, before: before ?? null, after: value, at: now });
  });
}
