// Security settings (安全管理员): lockout, throttling, sessions, password expiry, Secure cookie.
// One JSON row in `settings`; read on every sign-in and session check so several app servers
// sharing the database agree.
import { readSetting, writeSetting } from '../../repositories/settings/settings-repo';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import type { Db } from '../../db/database';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';

export const SECURITY_SETTINGS_KEY = 'security.accounts';

export const securitySettingsSchema = z.object({
  /** failed sign-ins for one user name (known or not) within the window that lock it */
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutWindowMinutes: z.number().int().min(1).max(1440),
  lockoutMinutes: z.number().int().min(1).max(1440),
  /** failed sign-ins from one source address within the window that block the address */
  sourceThreshold: z.number().int().min(5).max(1000),
  idleMinutes: z.number().int().min(5).max(480),
  absoluteHours: z.number().int().min(1).max(72),
  /** 0 = passwords do not expire */
  passwordMaxAgeDays: z.number().int().min(0).max(730),
  /** mark the session cookie Secure (served over HTTPS); env COOKIE_SECURE=1 forces it on */
  cookieSecure: z.boolean(),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  lockoutThreshold: 5,
  lockoutWindowMinutes: 15,
  lockoutMinutes: 15,
  sourceThreshold: 20,
  idleMinutes: 30,
  absoluteHours: 12,
  passwordMaxAgeDays: 0,
  cookieSecure: false,
};

export async function readSecuritySettings(db: Db): Promise<SecuritySettings> {
  return securitySettingsOf(await readSetting(db.kysely, SECURITY_SETTINGS_KEY));
}

/** The settings from the stored value (parsed JSON; undefined when not set): what is invalid reads as the default. */
export function securitySettingsOf(value: unknown): SecuritySettings {
  if (value === undefined) return DEFAULT_SECURITY_SETTINGS;
  const parsed = securitySettingsSchema.partial().safeParse(value);
  return { ...DEFAULT_SECURITY_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export async function getSecuritySettings(ctx: Ctx): Promise<SecuritySettings> {
  authorize(ctx.actor, 'security.manage');
  return readSecuritySettings(ctx.db);
}

export async function updateSecuritySettings(ctx: Ctx, raw: unknown): Promise<SecuritySettings> {
  authorize(ctx.actor, 'security.manage');
  const patch = parseInput(securitySettingsSchema.partial().strict(), raw);
  const at = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const stored = (await readSetting(tx, SECURITY_SETTINGS_KEY)) as Partial<SecuritySettings> | undefined;
    const before = { ...DEFAULT_SECURITY_SETTINGS, ...(stored ?? {}) };
    const after = { ...before, ...patch };
    await writeSetting(tx, SECURITY_SETTINGS_KEY, after, at);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'security.settings.update', entityType: 'setting', entityId: SECURITY_SETTINGS_KEY, before, after, at });
    return after;
  });
}

/** Whether the session cookie is marked Secure: the setting, or COOKIE_SECURE=1/true in the environment. */
export const cookieSecureFromEnv = (): boolean => /^(1|true|yes)$/i.test(process.env.COOKIE_SECURE ?? '');
