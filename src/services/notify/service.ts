// The notification centre's commands: one's own notifications (list, unread count, mark read),
// one's delivery preferences, and the installation's notification settings (administrator).
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { NOTIFY_KINDS, type NotifyKind } from './messages';
import { countUnread, isOwnNotification, listNotifications, markNotificationsRead, outboxCounts, prefsOfUser, upsertPrefs } from '../../repositories/notify/notify-repo';
import { writeSetting } from '../../repositories/settings/settings-repo';
import { DEFAULT_NOTIFY_SETTINGS, NOTIFY_SETTINGS_KEY, notifySettingsPatchSchema, readNotifySettings, webhookUrlSchema, type NotifySettings } from './settings';

export const listQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listMyNotifications(ctx: Ctx, raw: unknown) {
  authorize(ctx.actor, 'notifications.own');
  const q = parseInput(listQuerySchema, raw);
  const rows = await listNotifications(ctx.db.kysely, ctx.actor.userId, { unreadOnly: q.unread === 'true', limit: q.limit });
  const unread = await unreadCount(ctx);
  return {
    unread,
    items: rows.map((r) => ({ id: r.id, kind: r.kind, level: r.level, caseId: r.case_id, titleZh: r.title_zh, titleEn: r.title_en, bodyZh: r.body_zh, bodyEn: r.body_en, link: r.link, createdAt: r.created_at, readAt: r.read_at })),
  };
}

async function unreadCount(ctx: Ctx): Promise<number> {
  return countUnread(ctx.db.kysely, ctx.actor.userId);
}

export async function myUnreadCount(ctx: Ctx): Promise<{ unread: number }> {
  authorize(ctx.actor, 'notifications.own');
  return { unread: await unreadCount(ctx) };
}

/**
 * Marks one (or all) of one's own notifications read. Reading one's own bell changes no record
 * of the case and is not audited (it would flood the audit trail with reads); a notification
 * not one's own is not found.
 */
export async function markRead(ctx: Ctx, id: string | 'all'): Promise<{ unread: number }> {
  authorize(ctx.actor, 'notifications.own');
  const at = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    if (id !== 'all' && !(await isOwnNotification(tx, ctx.actor.userId, id))) throw new AppError('NOT_FOUND', { zh: '无此通知', en: 'no such notification' });
    await markNotificationsRead(tx, ctx.actor.userId, at, id === 'all' ? undefined : id);
  });
  return { unread: await unreadCount(ctx) };
}

export const prefsSchema = z.object({
  email: z.string().trim().max(254).email().nullable(),
  emailEnabled: z.boolean(),
  webhookUrl: webhookUrlSchema.nullable(),
  webhookEnabled: z.boolean(),
  mutedKinds: z.array(z.enum(NOTIFY_KINDS as unknown as [string, ...string[]])).max(NOTIFY_KINDS.length),
});
export type Prefs = z.infer<typeof prefsSchema>;

export async function getMyPrefs(ctx: Ctx): Promise<Prefs> {
  authorize(ctx.actor, 'notifications.own');
  const p = await prefsOfUser(ctx.db.kysely, ctx.actor.userId);
  if (!p) return { email: null, emailEnabled: false, webhookUrl: null, webhookEnabled: false, mutedKinds: [] };
  return { email: p.email, emailEnabled: p.emailEnabled, webhookUrl: p.webhookUrl, webhookEnabled: p.webhookEnabled, mutedKinds: p.mutedKinds };
}

const refuse = (zh: string, en: string, path: string): AppError => new AppError('VALIDATION_FAILED', { zh, en }, { fields: [{ path, code: 'required', zh, en }] });

export async function updateMyPrefs(ctx: Ctx, raw: unknown): Promise<Prefs> {
  authorize(ctx.actor, 'notifications.own');
  const p = parseInput(prefsSchema, raw);
  if (p.emailEnabled && !p.email) throw refuse('启用邮件须填写邮箱地址', 'give an e-mail address to enable e-mail', 'email');
  if (p.webhookEnabled && !p.webhookUrl) throw refuse('启用 Webhook 须填写地址', 'give a webhook URL to enable it', 'webhookUrl');
  const at = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    await upsertPrefs(tx, ctx.actor.userId, { email: p.email, emailEnabled: p.emailEnabled, webhookUrl: p.webhookUrl, webhookEnabled: p.webhookEnabled, mutedKinds: p.mutedKinds as NotifyKind[] }, at);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'notify.prefs', entityType: 'user', entityId: ctx.actor.userId, after: { emailEnabled: p.emailEnabled, webhookEnabled: p.webhookEnabled, mutedKinds: p.mutedKinds }, at });
  });
  return getMyPrefs(ctx);
}

export async function getNotifySettings(ctx: Ctx): Promise<NotifySettings & { outbox: Record<string, number> }> {
  authorize(ctx.actor, 'settings.manage');
  return { ...(await readNotifySettings(ctx.db.kysely)), outbox: await outboxCounts(ctx.db.kysely) };
}

export async function updateNotifySettings(ctx: Ctx, raw: unknown): Promise<NotifySettings & { outbox: Record<string, number> }> {
  authorize(ctx.actor, 'settings.manage');
  const patch = parseInput(notifySettingsPatchSchema, raw);
  const at = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const before = await readNotifySettings(tx);
    const after: NotifySettings = { ...DEFAULT_NOTIFY_SETTINGS, ...before, ...patch };
    await writeSetting(tx, NOTIFY_SETTINGS_KEY, after, at);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'settings.notify', entityType: 'settings', entityId: NOTIFY_SETTINGS_KEY, before, after, at });
  });
  return getNotifySettings(ctx);
}
