// Issue 12 part 3: the notification centre (the bell), one's delivery preferences, and the
// notification settings of one's organisation over the deployment default, and the webhook
// allow-list (system administrator).
import { z } from 'zod';
import { getMyPrefs, getNotifySettings, getWebhookAllowList, listMyNotifications, listQuerySchema, markRead, myUnreadCount, prefsSchema, resetOrgNotifySettings, setWebhookAllowList, settingsScopeSchema, updateMyPrefs, updateNotifySettings } from '../../services/notify/service';
import { webhookAllowListSchema } from '../../services/notify/webhook-allow';
import { notifySettingsPatchSchema, notifySettingsSchema } from '../../services/notify/settings';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const notificationOut = z.object({
  id: z.string(),
  kind: z.string(),
  level: z.string(),
  caseId: z.string().nullable(),
  titleZh: z.string(),
  titleEn: z.string(),
  bodyZh: z.string(),
  bodyEn: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
const unreadOut = z.object({ unread: z.number().int() });
const settingsOut = notifySettingsSchema.extend({
  outbox: z.record(z.string(), z.number()),
  scope: z.enum(['org', 'deployment']),
  orgId: z.string().nullable().describe('the organisation whose settings these are; null: the deployment default'),
  inherited: z.boolean().describe('the organisation follows the deployment default (has set nothing itself)'),
  escalation: z
    .object({
      editable: z.boolean().describe('this level sets the escalation threshold (a supervising organisation, for those below it; the top of a tree)'),
      setBy: z.object({ id: z.string(), name: z.string() }).nullable().describe('the organisation whose value escalateToSupervisorAfterWorkingDays is; null: the deployment default'),
    })
    .describe('督办: the threshold is set by the supervising organisation above, not by the organisation it watches (ESCALATION_THRESHOLD_SET_ABOVE)'),
});
const allowListOut = webhookAllowListSchema.extend({ editable: z.boolean() });

export const notificationRoutes: RouteModule = (app, deps) => {
  const tags = ['notifications'];
  app.get('/api/v1/notifications', { schema: { tags, summary: '我的通知 / My notifications', querystring: listQuerySchema, response: { 200: unreadOut.extend({ items: z.array(notificationOut) }) } } }, async (req) =>
    listMyNotifications(ctxOf(req, deps), req.query),
  );
  app.get('/api/v1/notifications/unread', { schema: { tags, summary: '未读通知数 / Unread count', response: { 200: unreadOut } } }, async (req) => myUnreadCount(ctxOf(req, deps)));
  app.post('/api/v1/notifications/:id/read', { schema: { tags, summary: '标为已读 / Mark read', params: z.object({ id: z.string().min(1).max(64) }), response: { 200: unreadOut } } }, async (req) =>
    markRead(ctxOf(req, deps), req.params.id),
  );
  app.post('/api/v1/notifications/read-all', { schema: { tags, summary: '全部标为已读 / Mark all read', response: { 200: unreadOut } } }, async (req) => markRead(ctxOf(req, deps), 'all'));
  app.get('/api/v1/notifications/preferences', { schema: { tags, summary: '我的通知方式 / My delivery preferences', response: { 200: prefsSchema } } }, async (req) => getMyPrefs(ctxOf(req, deps)));
  app.put('/api/v1/notifications/preferences', { schema: { tags, summary: '设置通知方式 / Set my delivery preferences', body: prefsSchema, response: { 200: prefsSchema } } }, async (req) =>
    updateMyPrefs(ctxOf(req, deps), req.body),
  );
  app.get('/api/v1/notifications/settings', { schema: { tags, summary: '通知与督办设置（本机构） / Notification settings (own organisation)', querystring: settingsScopeSchema, response: { 200: settingsOut } } }, async (req) =>
    getNotifySettings(ctxOf(req, deps), req.query),
  );
  app.put('/api/v1/notifications/settings', { schema: { tags, summary: '修改通知与督办设置 / Change notification settings', querystring: settingsScopeSchema, body: notifySettingsPatchSchema, response: { 200: settingsOut } } }, async (req) =>
    updateNotifySettings(ctxOf(req, deps), req.body, req.query),
  );
  app.delete('/api/v1/notifications/settings', { schema: { tags, summary: '本机构恢复部署默认设置 / Organisation back to the deployment default', response: { 200: settingsOut } } }, async (req) => resetOrgNotifySettings(ctxOf(req, deps)));
  app.get('/api/v1/notifications/webhook-allow-list', { schema: { tags, summary: 'Webhook 允许名单 / Webhook allow-list', response: { 200: allowListOut } } }, async (req) => getWebhookAllowList(ctxOf(req, deps)));
  app.put('/api/v1/notifications/webhook-allow-list', { schema: { tags, summary: '设置 Webhook 允许名单 / Set the webhook allow-list', body: webhookAllowListSchema, response: { 200: allowListOut } } }, async (req) =>
    setWebhookAllowList(ctxOf(req, deps), req.body),
  );
};
