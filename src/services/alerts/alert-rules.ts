// Early-intervention alert rules (issue 12 part 2), kept as one setting (`alerts.rules`; per
// organisation once organisations exist — the key stays the same and gains a scope). Each rule
// has a level: 提醒 (notice), 黄牌 (yellow), 红牌 (red). Defaults are deliberately modest.
import { z } from 'zod';

export const ALERT_LEVELS = ['notice', 'yellow', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export const ALERT_LEVEL_LABELS: Record<AlertLevel, { zh: string; en: string }> = {
  notice: { zh: '提醒', en: 'Notice' },
  yellow: { zh: '黄牌', en: 'Yellow card' },
  red: { zh: '红牌', en: 'Red card' },
};

export const ALERT_RULES_SETTING_KEY = 'alerts.rules';

const level = z.enum(ALERT_LEVELS);
const count = z.number().int().min(1).max(1000);
const days = z.number().int().min(1).max(3650);

export const alertRulesSchema = z.object({
  /** N accountability cases naming one officer as subject within a rolling period */
  officerCases: z.object({ enabled: z.boolean(), threshold: count, days, level }),
  /** N accountability cases naming subjects of one unit within a rolling period */
  unitCases: z.object({ enabled: z.boolean(), threshold: count, days, level }),
  /** N original cases of one officer found wrong (WC-5 outcomes) within a rolling period */
  wc5Repeat: z.object({ enabled: z.boolean(), threshold: count, days, level }),
  /** state compensation paid on one original case at or above an amount (fen) */
  compensation: z.object({ enabled: z.boolean(), amountFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), level }),
  /** certificates expiring: within `soonDays` (level `soonLevel`), within `laterDays` (level `laterLevel`) */
  certificateExpiry: z.object({ enabled: z.boolean(), soonDays: days, soonLevel: level, laterDays: days, laterLevel: level }),
  /** an original case handled on a day its handler's certificate was suspended or revoked (FL-8(5), WC-6(2)) */
  certificateSuspendedUse: z.object({ enabled: z.boolean(), lookbackDays: days, level }),
  /** a statutory deadline of an accountability case passed without the step (WC-9(1), FL-16) */
  stepsOverdue: z.object({ enabled: z.boolean(), level }),
  /** who owns a new alert (a clerk or leader account); null: unassigned */
  defaultOwnerUserId: z.string().trim().min(1).max(64).nullable(),
});
export type AlertRules = z.output<typeof alertRulesSchema>;

export const DEFAULT_ALERT_RULES: AlertRules = {
  officerCases: { enabled: true, threshold: 2, days: 365, level: 'yellow' },
  unitCases: { enabled: true, threshold: 3, days: 365, level: 'yellow' },
  wc5Repeat: { enabled: true, threshold: 2, days: 730, level: 'red' },
  compensation: { enabled: true, amountFen: 5_000_000, level: 'red' },
  certificateExpiry: { enabled: true, soonDays: 30, soonLevel: 'yellow', laterDays: 60, laterLevel: 'notice' },
  certificateSuspendedUse: { enabled: true, lookbackDays: 365, level: 'red' },
  stepsOverdue: { enabled: true, level: 'yellow' },
  defaultOwnerUserId: null,
};

export const ALERT_RULE_LABELS = {
  officer_cases: { zh: '个人被问责案件多发', en: 'Repeated accountability cases (officer)' },
  unit_cases: { zh: '单位被问责案件多发', en: 'Repeated accountability cases (unit)' },
  wc5_repeat: { zh: '个人经办案件多次被认定错案（WC-5）', en: 'Repeated WC-5 outcomes on one officer’s files' },
  compensation: { zh: '大额国家赔偿', en: 'Large state compensation paid' },
  certificate_expiry: { zh: '执法证即将到期', en: 'Certificate expiring' },
  certificate_suspended_use: { zh: '暂扣（吊销）期间执法', en: 'Enforcement while the certificate was suspended or revoked' },
  step_overdue: { zh: '办理期限已过', en: 'Statutory deadline passed' },
} as const;
export type AlertRuleCode = keyof typeof ALERT_RULE_LABELS;
