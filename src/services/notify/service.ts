// The notification centre's commands: one's own notifications (list, unread count, mark read),
// one's delivery preferences, the notification settings of one's organisation (over the
// deployment default; administrator) and the deployment-wide webhook allow-list.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { parseInput } from '../../lib/validation';
import { actorOrgId } from '../../policies/org-scope';
import { authorize, type Actor } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { assertMayHoldEscalationThreshold, escalationThresholdSetter, mayHoldEscalationThreshold } from '../../policies/escalation-threshold';
import { actsForDeployment, ancestorsOf, deleteSettingAt, orgTree, settingTargetName, writeSetting, writeSettingAt } from '../orgs/org-settings-repo';
import { NOTIFY_KINDS, type NotifyKind } from './messages';
import { countUnread, isOwnNotification, listNotifications, markNotificationsRead, outboxCounts, prefsOfUser, upsertPrefs } from '../../repositories/notify/notify-repo';
import { escalationThresholdView, NOTIFY_SETTINGS_KEY, notifySettingsPatchSchema, readNotifySettings, readOrgNotifyPatch, webhookUrlSchema, type NotifySettings } from './settings';
import { assertWebhookAllowed, readWebhookAllowList, WEBHOOK_ALLOW_KEY, webhookAllowListSchema, type WebhookAllowList } from './webhook-allow';

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
    await assertWebhookAllowed(tx, p.webhookUrl, 'webhookUrl');
    await upsertPrefs(tx, ctx.actor.userId, { email: p.email, emailEnabled: p.emailEnabled, webhookUrl: p.webhookUrl, webhookEnabled: p.webhookEnabled, mutedKinds: p.mutedKinds as NotifyKind[] }, at);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'notify.prefs', entityType: 'user', entityId: ctx.actor.userId, after: { emailEnabled: p.emailEnabled, webhookEnabled: p.webhookEnabled, mutedKinds: p.mutedKinds }, at });
  });
  return getMyPrefs(ctx);
}

/** Which settings a request reads or changes: the caller's organisation's (default) or the deployment default. */
export const settingsScopeSchema = z.object({ scope: z.enum(['org', 'deployment']).default('org') });
export type SettingsScope = z.infer<typeof settingsScopeSchema>['scope'];

/**
 * The deployment default is set from the top of the tree: an in-process actor, or an account of
 * an organisation without a parent (the installation's own administrator).
 */
export async function mayEditDeploymentDefault(ctx: Ctx, actor: Actor = ctx.actor): Promise<boolean> {
  return actsForDeployment(ctx.db.kysely, actor);
}

const deploymentOnly = (): AppError => new AppError('FORBIDDEN', { zh: '部署默认值只能由顶层机构的管理员修改', en: 'only an administrator of the top organisation changes the deployment default' });

/**
 * `escalation`: whether this level sets the escalation threshold (`editable`) and which
 * organisation's value `escalateToSupervisorAfterWorkingDays` is (`setBy`; null: the deployment default).
 */
export type NotifySettingsOut = NotifySettings & {
  outbox: Record<string, number>;
  scope: SettingsScope;
  orgId: string | null;
  inherited: boolean;
  escalation: { editable: boolean; setBy: { id: string; name: string } | null };
};

export async function getNotifySettings(ctx: Ctx, raw: unknown = {}): Promise<NotifySettingsOut> {
  authorize(ctx.actor, 'settings.manage');
  const { scope } = parseInput(settingsScopeSchema, raw ?? {});
  const k = ctx.db.kysely;
  if (scope === 'deployment') return { ...(await readNotifySettings(k, null)), outbox: await outboxCounts(k), scope, orgId: null, inherited: false, escalation: { editable: true, setBy: null } };
  const orgId = actorOrgId(ctx.actor);
  // the threshold: what this level sets where it holds it, else the value in force and who sets it
  const esc = await escalationThresholdView(k, orgId);
  return {
    ...(await readNotifySettings(k, orgId)),
    escalateToSupervisorAfterWorkingDays: esc.days,
    outbox: await outboxCounts(k),
    scope,
    orgId,
    inherited: (await readOrgNotifyPatch(k, orgId)) === null,
    escalation: { editable: esc.editable, setBy: esc.setBy },
  };
}

/** Changes the caller's organisation's settings (or, from the top organisation, the deployment default). */
export async function updateNotifySettings(ctx: Ctx, raw: unknown, rawScope: unknown = {}): Promise<NotifySettingsOut> {
  authorize(ctx.actor, 'settings.manage');
  const { scope } = parseInput(settingsScopeSchema, rawScope ?? {});
  const patch = parseInput(notifySettingsPatchSchema, raw);
  if (scope === 'deployment' && !(await mayEditDeploymentDefault(ctx))) throw deploymentOnly();
  const at = nowIso(ctx);
  const orgId = actorOrgId(ctx.actor);
  await inTransaction(ctx.db, async (tx) => {
    await assertWebhookAllowed(tx, patch.orgWebhookUrl, 'orgWebhookUrl');
    const target = { base: NOTIFY_SETTINGS_KEY, orgId: scope === 'deployment' ? null : orgId };
    // only what this level sets is stored: the rest follows the level below
    let own = scope === 'deployment' ? await readNotifySettings(tx, null) : ((await readOrgNotifyPatch(tx, orgId)) ?? {});
    if (scope === 'org') {
      // the escalation threshold is set by the organisation the 督办 goes to, not the one it watches
      const orgs = await orgTree(tx);
      const self = orgs.find((o) => o.id === orgId);
      if (!self) throw new AppError('NOT_FOUND');
      if (patch.escalateToSupervisorAfterWorkingDays !== undefined) {
        assertMayHoldEscalationThreshold(self, escalationThresholdSetter(self, ancestorsOf(orgs, orgId)), 'escalateToSupervisorAfterWorkingDays');
      }
      // a value left at a level that does not hold it (an older database) is not written back
      if (!mayHoldEscalationThreshold(self)) {
        const { escalateToSupervisorAfterWorkingDays: _ignored, ...rest } = own;
        own = rest;
      }
    }
    // each internal target on its own: a change of one keeps the others this level set
    const internalTargetDays = { ...own.internalTargetDays, ...patch.internalTargetDays };
    const after = { ...own, ...patch, ...(Object.keys(internalTargetDays).length ? { internalTargetDays } : {}) };
    const before = await writeSettingAt(tx, target, after, at);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'settings.notify', entityType: 'settings', entityId: settingTargetName(target), before, after, at });
  });
  return getNotifySettings(ctx, { scope });
}

/** The organisation goes back to the deployment default. */
export async function resetOrgNotifySettings(ctx: Ctx): Promise<NotifySettingsOut> {
  authorize(ctx.actor, 'settings.manage');
  const target = { base: NOTIFY_SETTINGS_KEY, orgId: actorOrgId(ctx.actor) };
  const at = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const before = await deleteSettingAt(tx, target, at);
    if (before !== null) await appendAudit(tx, { actorId: ctx.actor.userId, action: 'settings.notify.reset', entityType: 'settings', entityId: settingTargetName(target), before, after: null, at });
  });
  return getNotifySettings(ctx, { scope: 'org' });
}

export async function getWebhookAllowList(ctx: Ctx): Promise<WebhookAllowList & { editable: boolean }> {
  authorize(ctx.actor, 'settings.manage');
  return { entries: await readWebhookAllowList(ctx.db.kysely), editable: await mayEditDeploymentDefault(ctx) };
}

/** The deployment-wide allow-list of webhook hosts and prefixes (administrator of the top organisation). */
export async function setWebhookAllowList(ctx: Ctx, raw: unknown): Promise<WebhookAllowList & { editable: boolean }> {
  authorize(ctx.actor, 'settings.manage');
  if (!(await mayEditDeploymentDefault(ctx))) throw deploymentOnly();
  const input = parseInput(webhookAllowListSchema, raw);
  const entries = [...new Set(input.entries.map((e) => e.trim()))];
  const at = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const before = await writeSetting(tx, WEBHOOK_ALLOW_KEY, { entries }, at);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'settings.webhookAllowList', entityType: 'settings', entityId: WEBHOOK_ALLOW_KEY, before, after: { entries }, at });
  });
  return getWebhookAllowList(ctx);
}
