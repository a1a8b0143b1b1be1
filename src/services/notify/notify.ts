// The one entry every feature calls to tell people something: `notify(tx, event)`, inside the
// transaction of the change that causes it (outbox pattern). It writes the in-app notification
// (the bell) for each recipient and, by their preferences, the e-mail and webhook messages to
// the outbox; the worker (worker.ts) sends those after commit. A refused change rolls back its
// notifications with it.
import { reporterIdentityOrUnknown } from '../reporter/identity-repo';
import type { Tx } from '../../db/tx';
import { newId } from '../../lib/ids';
import { KIND_LABELS, plainText, type Message, type NotifyKind, type NotifyLevel } from './messages';
import { activeUsers, insertNotification, insertOutbox, prefsOf } from '../../repositories/notify/notify-repo';
import { orgOfCase } from './recipients';
import { readNotifySettings } from './settings';
import { caseSummaryText } from '../cases/report-text';

export interface NotifyEvent {
  kind: NotifyKind;
  level: NotifyLevel;
  /** recipients (users); disabled accounts and duplicates are skipped */
  userIds: readonly string[];
  /** the case it is about, if any: its reporter's identity and report text are kept out */
  caseId?: string | null;
  message: Message;
  /** ISO instant */
  at: string;
  /** whether the organisation's robot webhook may receive it (default: by the settings' kinds) */
  orgWebhook?: boolean;
  /** the organisation whose settings (robot webhook, kinds, app address) apply; default: the case's */
  orgId?: string | null;
}

export interface OutboxPayload {
  subject: string;
  text: string;
  /** webhook body, the shape 政务微信/钉钉 group robots take */
  json?: { msgtype: 'text'; text: { content: string } };
}

const MASK = '＊＊＊';

/**
 * Second line of defence (the message builders never take these fields): any text of the
 * case's reporter (name, ID number, phone, address, e-mail, organisation) or of the report
 * (summary) found in a message is masked before anything is stored or sent.
 */
async function redactorFor(tx: Tx, caseId: string | null | undefined): Promise<(s: string) => string> {
  if (!caseId) return (s) => s;
  // the identity is sealed (issue 9): opened here only to mask it; unknown when the key is missing
  const rep = await reporterIdentityOrUnknown(tx, caseId);
  // the report text is sealed too (issue 9 §3): opened here only to mask it
  const summary = await caseSummaryText(tx, caseId);
  const secrets = [rep?.name, rep?.idNumber, rep?.phone, rep?.address, rep?.email, rep?.organisation, summary]
    .filter((s): s is string => typeof s === 'string' && s.trim().length >= 2)
    .map((s) => s.trim())
    .sort((a, b) => b.length - a.length);
  if (!secrets.length) return (s) => s;
  return (s) => secrets.reduce((acc, secret) => acc.split(secret).join(MASK), s);
}

export async function notify(tx: Tx, event: NotifyEvent): Promise<{ notificationIds: string[]; outboxIds: string[] }> {
  const redact = await redactorFor(tx, event.caseId);
  const m: Message = { titleZh: redact(event.message.titleZh), titleEn: redact(event.message.titleEn), bodyZh: redact(event.message.bodyZh), bodyEn: redact(event.message.bodyEn), link: event.message.link };
  const orgId = event.orgId ?? (event.caseId ? await orgOfCase(tx, event.caseId) : null);
  const settings = await readNotifySettings(tx, orgId);
  const users = await activeUsers(tx, [...new Set(event.userIds)]);
  const prefs = await prefsOf(tx, users.map((u) => u.id));
  const text = plainText(m, settings.appUrl);
  const subject = `[问责 Wenze] ${m.titleZh}`;
  const notificationIds: string[] = [];
  const outboxIds: string[] = [];
  const enqueue = async (channel: 'email' | 'webhook', target: string, userId: string | null, notificationId: string | null): Promise<void> => {
    const payload: OutboxPayload = { subject, text, ...(channel === 'webhook' ? { json: { msgtype: 'text' as const, text: { content: `${KIND_LABELS[event.kind].zh}｜${text}` } } } : {}) };
    const id = newId();
    await insertOutbox(tx, { id, channel, target, user_id: userId, notification_id: notificationId, payload: JSON.stringify(payload), status: 'pending', attempts: 0, next_attempt_at: event.at, lease_owner: null, lease_until: null, last_error: null, created_at: event.at, sent_at: null });
    outboxIds.push(id);
  };
  for (const u of users) {
    const id = newId();
    await insertNotification(tx, { id, user_id: u.id, kind: event.kind, level: event.level, case_id: event.caseId ?? null, title_zh: m.titleZh, title_en: m.titleEn, body_zh: m.bodyZh, body_en: m.bodyEn, link: m.link, created_at: event.at, read_at: null });
    notificationIds.push(id);
    const p = prefs.get(u.id);
    if (!p) continue;
    const muted = new Set<string>(p.mutedKinds);
    if (muted.has(event.kind)) continue;
    if (p.emailEnabled && p.email) await enqueue('email', p.email, u.id, id);
    if (p.webhookEnabled && p.webhookUrl) await enqueue('webhook', p.webhookUrl, u.id, id);
  }
  const toOrg = event.orgWebhook ?? settings.orgWebhookKinds.includes(event.kind);
  if (toOrg && settings.orgWebhookUrl) await enqueue('webhook', settings.orgWebhookUrl, null, null);
  return { notificationIds, outboxIds };
}
