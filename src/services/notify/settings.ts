// Notification settings (key `notify.settings` in the settings table: the deployment default;
// `notify.settings@<orgId>`: an organisation's own, over the default — issue 12): the internal targets (内部时限) in working days of the steps the measures require to be taken
// "promptly" (及时), when an overdue step goes on from the leader to the supervisory body, the
// organisation's robot webhook (政务微信/钉钉) and the kinds it receives, and the app's address
// used in links.
import { z } from 'zod';
import type { CaseState } from '../../domain/cases/states';
import type { Q } from '../cases/repo';
import { escalationThresholdSetter, mayHoldEscalationThreshold } from '../../policies/escalation-threshold';
import { ancestorsOf, orgTree, readSettingLayers } from '../orgs/org-settings-repo';

export const INTERNAL_TARGET_STEPS = ['accept', 'report_to_leader', 'appoint_team', 'start_investigation', 'notify'] as const;
export type InternalTargetStep = (typeof INTERNAL_TARGET_STEPS)[number];

/**
 * The state a case enters that starts each target, and the steps that meet it.
 * WC-9(1): 委法制科应当及时受理，并负责答复 — a report is accepted (or not) promptly: the two days to
 * transfer a matter run from acceptance, so without this target a report could wait unanswered
 * before that clock starts; WC-9(2): 立案后应及时报告委主要负责人，由委主要负责人指派人员及时组成调查组展开调查 — the team is
 * appointed promptly and starts promptly: FL-16's 60 days run from the start of the investigation,
 * so without the second target a team could hold a case before that clock starts;
 * WC-11: 处理决定应及时送达.
 */
export const INTERNAL_TARGETS: Record<InternalTargetStep, { startsIn: CaseState; metBy: readonly string[]; citation: string; labelZh: string; labelEn: string }> = {
  accept: { startsIn: 'intake', metBy: ['accept', 'not_accept'], citation: 'WC-9(1)', labelZh: '及时受理（或不予受理）并答复', labelEn: 'Accept (or decline) and reply promptly' },
  report_to_leader: { startsIn: 'registered', metBy: ['report_to_leader'], citation: 'WC-9(2)', labelZh: '及时报告委主要负责人', labelEn: 'Report to the main leader promptly' },
  appoint_team: { startsIn: 'reported', metBy: ['appoint_team'], citation: 'WC-9(2)', labelZh: '及时指定调查组', labelEn: 'Appoint the investigation team promptly' },
  start_investigation: { startsIn: 'team_appointed', metBy: ['start_investigation'], citation: 'WC-9(2)', labelZh: '及时展开调查', labelEn: 'Start the investigation promptly' },
  notify: { startsIn: 'decided', metBy: ['notify'], citation: 'WC-11', labelZh: '及时送达处理决定', labelEn: 'Serve the decision promptly' },
};

const webhookUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'http(s) only' });

const targetDay = z.number().int().min(1).max(60);
const targetDays = z.object({ accept: targetDay, report_to_leader: targetDay, appoint_team: targetDay, start_investigation: targetDay, notify: targetDay });

export const notifySettingsSchema = z.object({
  internalTargetDays: targetDays,
  /**
   * working days overdue after which the supervisory body is told as well (督办); in force for an
   * organisation: the value of the supervising organisation above it (escalationThresholdFor)
   */
  escalateToSupervisorAfterWorkingDays: z.number().int().min(0).max(60),
  orgWebhookUrl: webhookUrl.nullable(),
  orgWebhookKinds: z.array(z.enum(['step_waiting', 'deadline', 'escalation', 'intake', 'signal', 'alert'])).max(6),
  appUrl: z.string().max(500).url().nullable(),
});
export type NotifySettings = z.infer<typeof notifySettingsSchema>;
/**
 * A change, or what one level stores: any part, each internal target on its own (settings stored
 * before a target existed lack it, and keep every other value they set).
 */
export const notifySettingsPatchSchema = notifySettingsSchema.partial().extend({ internalTargetDays: targetDays.partial().optional() });

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  internalTargetDays: { accept: 3, report_to_leader: 3, appoint_team: 3, start_investigation: 3, notify: 5 },
  escalateToSupervisorAfterWorkingDays: 5,
  orgWebhookUrl: null,
  orgWebhookKinds: ['escalation'],
  appUrl: null,
};

export const NOTIFY_SETTINGS_KEY = 'notify.settings';

/** An organisation's own notification settings (issue 11): any part, each internal target on its own. */
export const orgNotifySettingsSchema = notifySettingsPatchSchema;
type OrgNotifyPatch = z.output<typeof orgNotifySettingsSchema>;

const patchOf = (v: unknown): OrgNotifyPatch => {
  if (!v) return {};
  const parsed = notifySettingsPatchSchema.safeParse(v);
  return parsed.success ? parsed.data : {};
};

/**
 * The settings in force for an organisation: its own values (kept in the organisation's
 * `settings`, issue 11) over the deployment default over the built-in defaults; each internal
 * target on its own. Without an organisation: the deployment default. The escalation threshold
 * is not the organisation's own: it is the one of the organisation its 督办 goes to
 * (escalationThresholdFor) — a value at the watched organisation's own level is ignored.
 */
export async function readNotifySettings(q: Q, orgId: string | null = null): Promise<NotifySettings> {
  const layers = await readSettingLayers(q, NOTIFY_SETTINGS_KEY, orgId);
  const stored = patchOf(layers.deployment);
  const deployment = { ...DEFAULT_NOTIFY_SETTINGS, ...stored, internalTargetDays: { ...DEFAULT_NOTIFY_SETTINGS.internalTargetDays, ...(stored.internalTargetDays ?? {}) } };
  if (!orgId) return deployment;
  const own = patchOf(layers.org);
  const escalation = await escalationThresholdFor(q, orgId, deployment.escalateToSupervisorAfterWorkingDays);
  return { ...deployment, ...own, internalTargetDays: { ...deployment.internalTargetDays, ...(own.internalTargetDays ?? {}) }, escalateToSupervisorAfterWorkingDays: escalation.days };
}

export interface EscalationThreshold {
  /** working days late before the supervising organisation above is told */
  days: number;
  /** the organisation whose own value (over the deployment default) this is; null: an organisation not in the tree, the deployment default */
  setBy: { id: string; name: string } | null;
}

/** What one organisation's own level sets (its own value over the deployment default). */
async function levelThreshold(q: Q, orgId: string, deploymentDays: number): Promise<number> {
  const layers = await readSettingLayers(q, NOTIFY_SETTINGS_KEY, orgId);
  return patchOf(layers.org).escalateToSupervisorAfterWorkingDays ?? deploymentDays;
}

const deploymentThreshold = async (q: Q): Promise<number> => (await readNotifySettings(q, null)).escalateToSupervisorAfterWorkingDays;

/**
 * The escalation threshold in force for `orgId`'s cases (src/policies/escalation-threshold.ts):
 * set by the nearest supervising organisation above it (the one its 督办 goes to), else by the
 * top of its tree; that organisation's own value over the deployment default.
 */
export async function escalationThresholdFor(q: Q, orgId: string, deploymentDays?: number): Promise<EscalationThreshold> {
  const fallback = deploymentDays ?? (await deploymentThreshold(q));
  const orgs = await orgTree(q);
  const self = orgs.find((o) => o.id === orgId);
  if (!self) return { days: fallback, setBy: null };
  const setter = escalationThresholdSetter(self, ancestorsOf(orgs, orgId));
  return { days: await levelThreshold(q, setter.id, fallback), setBy: { id: setter.id, name: setter.name } };
}

/**
 * The threshold as the organisation's settings page shows it: where its own level holds the value
 * (a supervising organisation, for those below it; the top of a tree), that value, editable;
 * elsewhere the value in force and who sets it, read-only.
 */
export async function escalationThresholdView(q: Q, orgId: string): Promise<EscalationThreshold & { editable: boolean }> {
  const orgs = await orgTree(q);
  const self = orgs.find((o) => o.id === orgId);
  if (self && mayHoldEscalationThreshold(self)) return { days: await levelThreshold(q, orgId, await deploymentThreshold(q)), setBy: { id: self.id, name: self.name }, editable: true };
  return { ...(await escalationThresholdFor(q, orgId)), editable: false };
}

/** What an organisation set itself (null: it follows the deployment default). */
export async function readOrgNotifyPatch(q: Q, orgId: string): Promise<OrgNotifyPatch | null> {
  const layers = await readSettingLayers(q, NOTIFY_SETTINGS_KEY, orgId);
  return layers.org ? patchOf(layers.org) : null;
}

export { webhookUrl as webhookUrlSchema };
