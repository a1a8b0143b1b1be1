// Early-intervention alerts (issue 12 part 2). `evaluateAlerts(deps, now)` reads the registers
// and the cases against the configured rules and raises one alert per fact that trips a rule:
// the alert's key names rule, subject and fact, and is unique, so evaluating again (at start-up,
// on the timer, after writes, on several app servers at once) never raises it twice — not while
// it is open, nor after someone closed it. The clerk and leader acknowledge, assign and close
// alerts with a note (alerts.manage); every change is audited and kept as an alert event.
// Rules are per organisation (`alerts.rules@<orgId>` over the deployment default `alerts.rules`):
// each organisation's alerts are raised by its own rules. Raising an alert notifies its owner (or,
// without one, the organisation's clerks), and assigning it notifies the new owner — through
// notify() (bell, e-mail, webhook by preferences), once per alert, in the same transaction.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { actorOrgId, scopeWithPermission } from '../../policies/org-scope';
import { authorize } from '../../policies/roles';
import { caseNamingFor } from '../../policies/cases';
import { alertMessage } from '../notify/messages';
import { notify } from '../notify/notify';
import { usersWithRole } from '../notify/recipients';
import { actsForDeployment, deleteSettingAt, orgTree, readSettingLayers, settingTargetName, writeSettingAt } from '../orgs/org-settings-repo';
import { membershipsOf } from '../orgs/org-repo';
import { yuan } from '../documents/content';
import { nowIso, type Ctx, type Deps } from '../context';
import { certificateStatusOn, getCertificateRegisterForPeople } from '../registers';
import { ALERT_LEVEL_LABELS, ALERT_LEVELS, ALERT_RULE_LABELS, ALERT_RULES_SETTING_KEY, alertRulesSchema, DEFAULT_ALERT_RULES, type AlertLevel, type AlertRuleCode, type AlertRules } from './alert-rules';
import { accountInOrg, accountMemberships, alertById, alertEvents, certificatesEndingBetween, closeOpenAlertByKey, insertAlertEvent, insertAlertOnce, registerName, searchAlerts, updateAlertAtVersion, type AlertRecord, compensationsAtLeast, existingKeys, handlersSince, overdueDeadlines, subjectCasesSince, subjectOrgId, wc5OutcomesSince } from '../../repositories/alerts/alerts-repo';

const shift = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface Candidate {
  key: string;
  rule: AlertRuleCode;
  level: AlertLevel;
  subjectType: 'person' | 'unit' | 'certificate' | 'deadline' | 'original_case';
  subjectId: string;
  personId: string | null;
  unitId: string | null;
  zh: string;
  en: string;
  detail: Record<string, unknown>;
  /** earlier alerts of the same subject this one escalates (closed as superseded) */
  supersedes?: string[];
}

const rulesOf = (v: unknown): AlertRules | null => {
  if (!v) return null;
  const parsed = alertRulesSchema.safeParse(v);
  return parsed.success ? parsed.data : null;
};

/** The rules of an organisation: its own, else the deployment default, else the built-in defaults. */
export async function readAlertRules(q: Deps['db']['kysely'] | Tx, orgId: string | null = null): Promise<AlertRules> {
  const layers = await readSettingLayers(q, ALERT_RULES_SETTING_KEY, orgId);
  return rulesOf(layers.org) ?? rulesOf(layers.deployment) ?? DEFAULT_ALERT_RULES;
}

/** An alert's owner is a clerk or leader of the alert's organisation (alerts.manage there). */
const isOwnerRole = (r: string): boolean => r === 'clerk' || r === 'leader';

/**
 * issue 11: the organisations whose alerts the caller may read or act on — those of its scope
 * where it holds a role granting `permission` THERE (a membership), so a clerk who also
 * supervises a subtree read-only (oversight) is no clerk of the organisations below. Unscoped
 * in-process actors: undefined (unrestricted).
 */
async function alertScope(ctx: Ctx, permission: 'alerts.read' | 'alerts.manage'): Promise<string[] | undefined> {
  if (!ctx.actor.orgScope) return undefined;
  const onlyCurrent = ctx.actor.orgScope.length === 1 && ctx.actor.orgScope[0] === ctx.actor.orgId;
  return scopeWithPermission(ctx.actor, onlyCurrent ? [] : await membershipsOf(ctx.db.kysely, ctx.actor.userId), permission) ?? undefined;
}

const NOTIFY_LEVEL = { red: 'urgent', yellow: 'warning', notice: 'info' } as const;

/** Tells the owner (or, unowned, the organisation's clerks) of an alert, inside the caller's transaction. */
async function notifyAlert(tx: Tx, a: { orgId: string; rule: AlertRuleCode; level: AlertLevel; zh: string; en: string; caseId: string | null }, to: string[], event: 'raised' | 'assigned', at: string, note: string | null = null): Promise<void> {
  if (!to.length) return;
  const lv = ALERT_LEVEL_LABELS[a.level];
  const rule = ALERT_RULE_LABELS[a.rule] ?? { zh: a.rule, en: a.rule };
  await notify(tx, {
    kind: 'alert',
    level: NOTIFY_LEVEL[a.level],
    userIds: to,
    caseId: a.caseId,
    orgId: a.orgId,
    message: alertMessage({ levelZh: lv.zh, levelEn: lv.en, ruleZh: rule.zh, ruleEn: rule.en, titleZh: a.zh, titleEn: a.en }, event, note),
    at,
  });
}

/** Every fact that trips a rule today (pure reading; no writes). */
async function candidates(q: Tx, rules: AlertRules, today: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const names = new Map<string, string>();
  const nameOf = async (table: 'people' | 'units', id: string | null): Promise<string> => {
    if (!id) return '';
    const k = `${table}:${id}`;
    if (!names.has(k)) names.set(k, (await registerName(q, table, id)) ?? id);
    return names.get(k)!;
  };

  if (rules.officerCases.enabled || rules.unitCases.enabled) {
    const rows = await subjectCasesSince(q, shift(today, -Math.max(rules.officerCases.days, rules.unitCases.days)));
    const group = async (rule: 'officer_cases' | 'unit_cases', cfg: AlertRules['officerCases'], by: (r: (typeof rows)[number]) => string | null) => {
      if (!cfg.enabled) return;
      const from = shift(today, -cfg.days);
      const cases = new Map<string, Map<string, string>>();
      for (const r of rows.filter((x) => x.received_on >= from)) {
        const k = by(r);
        if (!k) continue;
        const m = cases.get(k) ?? new Map<string, string>();
        m.set(r.case_id, r.number);
        cases.set(k, m);
      }
      for (const [subject, m] of cases) {
        if (m.size < cfg.threshold) continue;
        const ids = [...m.keys()];
        const latest = ids[ids.length - 1]!;
        const person = rule === 'officer_cases';
        const name = await nameOf(person ? 'people' : 'units', subject);
        out.push({
          key: `${rule}:${subject}:${latest}`,
          rule,
          level: cfg.level,
          subjectType: person ? 'person' : 'unit',
          subjectId: subject,
          personId: person ? subject : null,
          unitId: person ? (rows.find((r) => r.person_id === subject)?.unit_id ?? null) : subject,
          zh: `${name}：${cfg.days} 日内被问责案件 ${m.size} 件（阈值 ${cfg.threshold}）`,
          en: `${name}: ${m.size} accountability cases in ${cfg.days} days (threshold ${cfg.threshold})`,
          detail: { caseIds: ids, caseNumbers: [...m.values()], days: cfg.days, threshold: cfg.threshold },
        });
      }
    };
    await group('officer_cases', rules.officerCases, (r) => r.person_id);
    await group('unit_cases', rules.unitCases, (r) => r.unit_id);
  }

  if (rules.wc5Repeat.enabled) {
    const cfg = rules.wc5Repeat;
    const rows = await wc5OutcomesSince(q, shift(today, -cfg.days));
    const byPerson = new Map<string, { cases: Map<string, string>; latestOutcome: string; unitId: string }>();
    for (const r of rows) {
      const e = byPerson.get(r.person_id) ?? { cases: new Map(), latestOutcome: r.outcome_id, unitId: r.unit_id };
      e.cases.set(r.case_id, r.number);
      e.latestOutcome = r.outcome_id;
      byPerson.set(r.person_id, e);
    }
    for (const [personId, e] of byPerson) {
      if (e.cases.size < cfg.threshold) continue;
      const name = await nameOf('people', personId);
      out.push({
        key: `wc5_repeat:${personId}:${e.latestOutcome}`,
        rule: 'wc5_repeat',
        level: cfg.level,
        subjectType: 'person',
        subjectId: personId,
        personId,
        unitId: null,
        zh: `${name}：${cfg.days} 日内经办（批准）的 ${e.cases.size} 件原执法案件被认定错案（WC-5）`,
        en: `${name}: ${e.cases.size} original cases they handled or approved found wrong (WC-5) in ${cfg.days} days`,
        detail: { originalCaseIds: [...e.cases.keys()], numbers: [...e.cases.values()], threshold: cfg.threshold },
      });
    }
  }

  if (rules.compensation.enabled) {
    for (const m of await compensationsAtLeast(q, rules.compensation.amountFen)) {
      out.push({
        key: `compensation:${m.id}`,
        rule: 'compensation',
        level: rules.compensation.level,
        subjectType: 'original_case',
        subjectId: m.case_id,
        personId: null,
        unitId: m.unit_id,
        zh: `${m.number}：支付国家赔偿 ${yuan(Number(m.amount_fen))}（${m.paid_date}），达到预警金额 ${yuan(rules.compensation.amountFen)}`,
        en: `${m.number}: state compensation of ${(Number(m.amount_fen) / 100).toFixed(2)} yuan paid on ${m.paid_date}`,
        detail: { compensationId: m.id, amountFen: Number(m.amount_fen), paidDate: m.paid_date, originalCaseNumber: m.number },
      });
    }
  }

  if (rules.certificateExpiry.enabled) {
    const cfg = rules.certificateExpiry;
    for (const c of await certificatesEndingBetween(q, today, shift(today, Math.max(cfg.soonDays, cfg.laterDays)))) {
      const soon = c.valid_to! <= shift(today, cfg.soonDays);
      const window = soon ? cfg.soonDays : cfg.laterDays;
      out.push({
        key: `certificate_expiry:${c.id}:${c.valid_to}:${window}`,
        rule: 'certificate_expiry',
        level: soon ? cfg.soonLevel : cfg.laterLevel,
        subjectType: 'certificate',
        subjectId: c.id,
        personId: c.person_id,
        unitId: c.unit_id,
        zh: `${c.name} 的行政执法证 ${c.number} 将于 ${c.valid_to} 到期（${window} 日内）`,
        en: `${c.name}'s certificate ${c.number} expires on ${c.valid_to} (within ${window} days)`,
        detail: { certificateId: c.id, number: c.number, validTo: c.valid_to, window },
        supersedes: soon ? [`certificate_expiry:${c.id}:${c.valid_to}:${cfg.laterDays}`] : [],
      });
    }
  }

  if (rules.certificateSuspendedUse.enabled) {
    const handled = await handlersSince(q, shift(today, -rules.certificateSuspendedUse.lookbackDays));
    const register = new Map((await getCertificateRegisterForPeople(q, handled.map((h) => h.person_id))).map((p) => [p.personId, p]));
    for (const h of handled) {
      const certs = register.get(h.person_id)?.certificates ?? [];
      const statuses = certs.map((c) => certificateStatusOn(c, c.history, h.decision_date));
      if (!certs.length || statuses.includes('valid') || !statuses.some((s) => s === 'suspended' || s === 'revoked')) continue;
      const name = register.get(h.person_id)?.personName ?? h.person_id;
      out.push({
        key: `certificate_suspended_use:${h.id}`,
        rule: 'certificate_suspended_use',
        level: rules.certificateSuspendedUse.level,
        subjectType: 'person',
        subjectId: h.person_id,
        personId: h.person_id,
        unitId: h.unit_id,
        zh: `${name} 在执法证暂扣或吊销期间承办原执法案件 ${h.number}（决定日期 ${h.decision_date}）`,
        en: `${name} handled ${h.number} (decided ${h.decision_date}) while their certificate was suspended or revoked`,
        detail: { originalCaseId: h.case_id, number: h.number, decisionDate: h.decision_date, statuses },
      });
    }
  }

  if (rules.stepsOverdue.enabled) {
    for (const d of await overdueDeadlines(q, today)) {
      // never the report text or the reporter: the case number, the deadline and its article
      out.push({
        key: `step_overdue:${d.id}`,
        rule: 'step_overdue',
        level: rules.stepsOverdue.level,
        subjectType: 'deadline',
        subjectId: d.id,
        personId: null,
        unitId: null,
        zh: `${d.number}：${d.kind === 'transfer' ? '移送' : '办理'}期限 ${d.due_date} 已过（${d.citation}）`,
        en: `${d.number}: the ${d.kind} deadline of ${d.due_date} has passed (${d.citation})`,
        detail: { caseId: d.case_id, caseNumber: d.number, deadlineKind: d.kind, dueDate: d.due_date, citation: d.citation },
      });
    }
  }
  return out;
}

/**
 * Raises the alerts the rules call for, once each. Idempotent: a second run raises nothing new.
 * Runs as the system (start-up, timer), in one transaction; each new alert is audited.
 */
export async function evaluateAlerts(deps: Pick<Deps, 'db'>, now: Date): Promise<{ raised: number; keys: string[] }> {
  const at = now.toISOString();
  const today = chinaDate(now);
  return inTransaction(deps.db, async (tx) => {
    // each organisation by its own rules; organisations with the same rules are evaluated together
    const orgIds = (await orgTree(tx)).map((o) => o.id);
    const groups = new Map<string, { rules: AlertRules; orgIds: Set<string> }>();
    const rulesByOrg = new Map<string, AlertRules>();
    for (const orgId of orgIds) {
      const rules = await readAlertRules(tx, orgId);
      rulesByOrg.set(orgId, rules);
      const key = JSON.stringify(rules);
      const g = groups.get(key) ?? { rules, orgIds: new Set<string>() };
      g.orgIds.add(orgId);
      groups.set(key, g);
    }
    const orgOf = new Map<string, string>();
    const subjectOrg = async (c: Candidate): Promise<string> => {
      const k = `${c.subjectType}:${c.subjectId}`;
      if (!orgOf.has(k)) orgOf.set(k, await subjectOrgId(tx, c.subjectType, c.subjectId));
      return orgOf.get(k)!;
    };
    const found: (Candidate & { orgId: string })[] = [];
    for (const g of groups.values()) {
      for (const c of await candidates(tx, g.rules, today)) {
        const orgId = await subjectOrg(c);
        // an alert takes its subject's organisation and is raised by that organisation's rules
        if (g.orgIds.has(orgId) || (groups.size === 1 && !rulesByOrg.has(orgId))) found.push({ ...c, orgId });
      }
    }
    const known = await existingKeys(tx, found.map((c) => c.key));
    const fresh = found.filter((c, i) => !known.has(c.key) && found.findIndex((x) => x.key === c.key) === i);
    const raised: string[] = [];
    // the default owner takes the alerts of the organisations where they hold the clerk or leader
    // role (their memberships, issue 11), not those of their home organisation
    const ownerOrgs = new Map<string, string[]>();
    const ownerFor = async (orgId: string): Promise<string | null> => {
      const uid = (rulesByOrg.get(orgId) ?? DEFAULT_ALERT_RULES).defaultOwnerUserId;
      if (!uid) return null;
      if (!ownerOrgs.has(uid)) {
        const u = await accountMemberships(tx, uid);
        ownerOrgs.set(uid, u && !u.disabled ? u.memberships.filter((m) => m.roles.some(isOwnerRole)).map((m) => m.orgId) : []);
      }
      return ownerOrgs.get(uid)!.includes(orgId) ? uid : null;
    };
    const clerksOf = new Map<string, string[]>();
    for (const c of fresh) {
      const id = newId();
      const orgId = c.orgId;
      const owner = await ownerFor(orgId);
      // false: another app server raised it in the meantime (and told its owner)
      const inserted = await insertAlertOnce(tx, { id, key: c.key, orgId, rule: c.rule, level: c.level, subjectType: c.subjectType, subjectId: c.subjectId, personId: c.personId, unitId: c.unitId, titleZh: c.zh, titleEn: c.en, detail: c.detail, ownerUserId: owner, at });
      if (!inserted) continue;
      raised.push(c.key);
      await insertAlertEvent(tx, { id: newId(), alertId: id, action: 'raise', note: null, ownerUserId: owner, actorId: null, at });
      await appendAudit(tx, { actorId: null, action: 'alert.raise', entityType: 'alert', entityId: id, after: { key: c.key, rule: c.rule, level: c.level, title: c.zh, orgId }, at });
      // once per alert (the key's insert above is the gate), in this transaction: the owner, or the clerks
      if (!owner && !clerksOf.has(orgId)) clerksOf.set(orgId, await usersWithRole(tx, 'clerk', orgId));
      const caseId = typeof c.detail.caseId === 'string' ? c.detail.caseId : null;
      await notifyAlert(tx, { orgId, rule: c.rule, level: c.level, zh: c.zh, en: c.en, caseId }, owner ? [owner] : clerksOf.get(orgId)!, 'raised', at);
      for (const key of c.supersedes ?? []) {
        const oldId = await closeOpenAlertByKey(tx, key, at);
        if (!oldId) continue;
        await insertAlertEvent(tx, { id: newId(), alertId: oldId, action: 'close', note: `升级为新的预警 / superseded by ${id}`, ownerUserId: null, actorId: null, at });
        await appendAudit(tx, { actorId: null, action: 'alert.close', entityType: 'alert', entityId: oldId, after: { supersededBy: id }, at });
      }
    }
    return { raised: raised.length, keys: raised };
  });
}

/** Evaluates now and then every `everyMs` (default hourly); returns the stop function. */
export function startAlertTimer(deps: Pick<Deps, 'db' | 'clock'>, everyMs = 3_600_000, onError: (err: unknown) => void = () => undefined): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await evaluateAlerts(deps, deps.clock.now());
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

// ---------- reading and acting ----------

export type AlertOut = Omit<AlertRecord, 'orgId' | 'key' | 'rule' | 'level'> & {
  rule: AlertRuleCode;
  ruleLabel: { zh: string; en: string };
  level: AlertLevel;
  events: { action: string; note: string | null; ownerUserId: string | null; actorName: string | null; at: string }[];
};

export const alertsQuerySchema = z.object({
  status: z.enum(['open', 'acknowledged', 'closed', 'active']).optional(),
  level: z.enum(ALERT_LEVELS).optional(),
  personId: z.string().min(1).max(64).optional(),
  mine: z.coerce.boolean().optional(),
});

async function toOut(q: Deps['db']['kysely'] | Tx, rows: AlertRecord[]): Promise<AlertOut[]> {
  const events = await alertEvents(q, rows.map((r) => r.id));
  return rows.map(({ orgId: _org, key: _key, ...r }) => ({
    ...r,
    rule: r.rule as AlertRuleCode,
    ruleLabel: ALERT_RULE_LABELS[r.rule as AlertRuleCode] ?? { zh: r.rule, en: r.rule },
    level: r.level as AlertLevel,
    events: events.filter((e) => e.alertId === r.id).map((e) => ({ action: e.action, note: e.note, ownerUserId: e.ownerUserId, actorName: e.actorId ? (e.actorName ?? e.actorId) : '系统', at: e.at })),
  }));
}

const LEVEL_ORDER = { red: 0, yellow: 1, notice: 2 } as const;

export async function listAlerts(ctx: Ctx, raw: unknown = {}): Promise<AlertOut[]> {
  authorize(ctx.actor, 'alerts.read');
  const q = parseInput(alertsQuerySchema, raw ?? {});
  return queryAlerts({ ...ctx, actor: { ...ctx.actor, orgScope: await alertScope(ctx, 'alerts.read') } }, q);
}

/** The alerts that count an officer's or a unit's accountability cases (their `detail` lists them: caseIds, caseNumbers). */
const COUNTING_RULES: readonly string[] = ['officer_cases', 'unit_cases'];

/**
 * FL-5(1), FL-7(7): the alerts as this reader may be shown them. An alert counting a colleague's
 * (or a unit's) cases keeps its fact — the count in its title, for the early intervention the
 * reader owns — but names only the cases the reader may be named on that record
 * (src/policies/cases.ts#caseNamingFor: read in full, or his own record — for a unit, his own
 * subject record sitting in it); the others are left out of `caseIds`/`caseNumbers` and counted in
 * `withheldCases`, and a note quoting one's number reads 另案.
 */
async function alertsShownTo(q: Deps['db']['kysely'] | Tx, actor: Ctx['actor'], alerts: AlertOut[]): Promise<AlertOut[]> {
  const idsOf = (a: AlertOut): string[] => (COUNTING_RULES.includes(a.rule) && Array.isArray(a.detail.caseIds) ? (a.detail.caseIds as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  const all = alerts.flatMap(idsOf);
  if (!all.length) return alerts;
  const naming = await caseNamingFor(q, actor, all);
  return alerts.map((a) => {
    const ids = idsOf(a);
    const named = (id: string): boolean => (a.rule === 'unit_cases' ? naming.onUnit(id, a.unitId) : naming.onPerson(id, a.personId));
    const withheld = ids.filter((id) => !named(id));
    if (!withheld.length) return a;
    const numbers = Array.isArray(a.detail.caseNumbers) ? (a.detail.caseNumbers as unknown[]) : [];
    const keep = ids.map((id, i) => ({ id, number: numbers[i] })).filter((x) => named(x.id));
    // a withheld case's number is scrubbed from the notes (the policy's scrub is by person; a unit's alert has none)
    const scrub = (text: string): string => naming.scrub(text, a.rule === 'unit_cases' ? null : a.personId, withheld);
    return {
      ...a,
      detail: { ...a.detail, caseIds: keep.map((x) => x.id), caseNumbers: keep.map((x) => x.number), withheldCases: withheld.length },
      events: a.events.map((e) => (e.note ? { ...e, note: scrub(e.note) } : e)),
    };
  });
}

/** No authorization: callers (the alert list, the officer profile) authorize. */
export async function queryAlerts(ctx: Ctx, q: z.output<typeof alertsQuerySchema>): Promise<AlertOut[]> {
  const rows = await searchAlerts(ctx.db.kysely, { orgScope: ctx.actor.orgScope, status: q.status, level: q.level, personId: q.personId, ownerUserId: q.mine ? ctx.actor.userId : undefined });
  const out = await alertsShownTo(ctx.db.kysely, ctx.actor, await toOut(ctx.db.kysely, rows));
  return out.sort((a, b) => Number(a.status === 'closed') - Number(b.status === 'closed') || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0));
}

export const alertActionSchema = z.object({
  note: z.string().trim().max(2000).nullable().default(null),
  /** assign: the new owner (a clerk or leader account) */
  ownerUserId: z.string().trim().min(1).max(64).optional(),
  expectedVersion: z.number().int().optional(),
});

const ACTIONS = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  assign: { from: ['open', 'acknowledged'], to: null },
  close: { from: ['open', 'acknowledged'], to: 'closed' },
} as const;
export type AlertAction = keyof typeof ACTIONS;

/** 确认 / 指派 / 关闭 an alert, with a note (closing needs one). Audited. */
export async function actOnAlert(ctx: Ctx, id: string, action: AlertAction, raw: unknown): Promise<AlertOut> {
  authorize(ctx.actor, 'alerts.manage');
  const input = parseInput(alertActionSchema, raw ?? {});
  if (action === 'close' && !input.note) throw validationError([{ code: 'custom', path: ['note'], message: '关闭预警须写明处理情况 / closing an alert needs a note' }]);
  if (action === 'assign' && !input.ownerUserId) throw validationError([{ code: 'custom', path: ['ownerUserId'], message: '请选择负责人 / choose the owner' }]);
  const now = nowIso(ctx);
  // the caller's roles in the alert's organisation decide (issue 11), not those held at home
  const scope = await alertScope(ctx, 'alerts.manage');
  return inTransaction(ctx.db, async (tx) => {
    const row = await alertById(tx, id, ctx.actor.orgScope);
    if (!row) throw new AppError('NOT_FOUND', { zh: `预警 ${id}`, en: `alert ${id}` });
    // readable (a supervised organisation's) but not the caller's to manage: no clerk or leader role held there
    if (scope && !scope.includes(row.orgId)) throw new AppError('FORBIDDEN', { zh: '您在该预警所属机构没有法制科或委领导角色', en: 'you hold no clerk or leader role in the alert’s organisation' });
    // FL-5(1) by analogy: the officer an alert is about does not handle it — nor close it, which
    // keeps the same fact from raising it again (found by a red-team walk: a leader closed hers)
    if (row.personId && ctx.actor.personId === row.personId) {
      throw new AppError('RECUSAL_REQUIRED', { zh: '预警所涉人员本人不能处理该预警（应当回避，FL-5(1)）', en: 'the officer an alert is about does not act on it (must stand aside, FL-5(1))' }, { citation: 'FL-5(1)' });
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) throw new AppError('CONFLICT_STALE');
    const def = ACTIONS[action];
    if (!(def.from as readonly string[]).includes(row.status)) throw new AppError('TRANSITION_NOT_ALLOWED', { zh: '该预警当前状态下不能执行此操作', en: 'not possible in the alert’s current status' });
    let owner = row.ownerUserId;
    if (action === 'assign') {
      // the owner is an account of the alert's organisation
      const u = await accountInOrg(tx, input.ownerUserId!, row.orgId);
      if (!u || u.disabled || !u.roles.some(isOwnerRole)) {
        throw validationError([{ code: 'custom', path: ['ownerUserId'], message: '负责人须为预警所属机构的法制科或委领导账号 / the owner must be a clerk or leader of the alert’s organisation' }]);
      }
      owner = u.id;
    }
    await updateAlertAtVersion(tx, id, row.version, { status: def.to ?? row.status, ownerUserId: owner }, now);
    await insertAlertEvent(tx, { id: newId(), alertId: id, action, note: input.note, ownerUserId: owner, actorId: ctx.actor.userId, at: now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: `alert.${action}`, entityType: 'alert', entityId: id, before: { status: row.status, owner: row.ownerUserId }, after: { status: def.to ?? row.status, owner, note: input.note }, at: now });
    // the person it is assigned to is told (not when one assigns it to oneself)
    if (action === 'assign' && owner && owner !== ctx.actor.userId) {
      const caseId = typeof row.detail.caseId === 'string' ? row.detail.caseId : null;
      await notifyAlert(tx, { orgId: row.orgId, rule: row.rule as AlertRuleCode, level: row.level as AlertLevel, zh: row.titleZh, en: row.titleEn, caseId }, [owner], 'assigned', now, input.note);
    }
    const [out] = await alertsShownTo(tx, ctx.actor, await toOut(tx, [(await alertById(tx, id, undefined))!]));
    return out!;
  });
}

export const alertRulesScopeSchema = z.object({ scope: z.enum(['org', 'deployment']).default('org') });

export type AlertRulesOut = AlertRules & { scope: 'org' | 'deployment'; orgId: string | null; inherited: boolean };

/** The rules of the caller's organisation (or the deployment default, `scope=deployment`). */
export async function getAlertRules(ctx: Ctx, raw: unknown = {}): Promise<AlertRulesOut> {
  authorize(ctx.actor, 'alerts.read');
  const { scope } = parseInput(alertRulesScopeSchema, raw ?? {});
  const k = ctx.db.kysely;
  if (scope === 'deployment') return { ...(await readAlertRules(k, null)), scope, orgId: null, inherited: false };
  const orgId = actorOrgId(ctx.actor);
  const layers = await readSettingLayers(k, ALERT_RULES_SETTING_KEY, orgId);
  return { ...(await readAlertRules(k, orgId)), scope, orgId, inherited: rulesOf(layers.org) === null };
}

/** the deployment default is changed only by whoever acts for the whole deployment (one rule: org-settings-repo.ts) */
const mayEditDefault = (ctx: Ctx): Promise<boolean> => actsForDeployment(ctx.db.kysely, ctx.actor);

/** Sets the caller's organisation's rules (or, from the top organisation, the deployment default). */
export async function setAlertRules(ctx: Ctx, raw: unknown, rawScope: unknown = {}): Promise<AlertRulesOut> {
  authorize(ctx.actor, 'alerts.manage');
  const rules = parseInput(alertRulesSchema, raw);
  const { scope } = parseInput(alertRulesScopeSchema, rawScope ?? {});
  const orgId = actorOrgId(ctx.actor);
  if (scope === 'deployment' && !(await mayEditDefault(ctx))) throw new AppError('FORBIDDEN', { zh: '部署默认规则只能由顶层机构修改', en: 'only the top organisation changes the deployment default' });
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    // the default owner is an enabled clerk or leader account of the organisation the rules are for
    if (rules.defaultOwnerUserId) {
      // (issue 11: the roles held in that organisation through a membership, not the home roles;
      // the deployment default's owner: a clerk or leader somewhere, who owns only the alerts of
      // the organisations where they hold that role — see ownerFor in evaluateAlerts)
      const u = await accountMemberships(tx, rules.defaultOwnerUserId);
      const owns = (u?.memberships ?? []).filter((m) => m.roles.some(isOwnerRole) && (scope === 'deployment' || m.orgId === orgId));
      if (!u || u.disabled || !owns.length) {
        throw validationError([{ code: 'custom', path: ['defaultOwnerUserId'], message: '默认负责人须为本机构的法制科或委领导账号 / the default owner must be a clerk or leader account of this organisation' }]);
      }
    }
    const target = { base: ALERT_RULES_SETTING_KEY, orgId: scope === 'deployment' ? null : orgId };
    const before = await writeSettingAt(tx, target, rules, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'alert.rules.set', entityType: 'setting', entityId: settingTargetName(target), before, after: rules, at: now });
  });
  return getAlertRules(ctx, { scope });
}

/** The caller's organisation goes back to the deployment default rules. */
export async function resetAlertRules(ctx: Ctx): Promise<AlertRulesOut> {
  authorize(ctx.actor, 'alerts.manage');
  const target = { base: ALERT_RULES_SETTING_KEY, orgId: actorOrgId(ctx.actor) };
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const before = await deleteSettingAt(tx, target, now);
    if (before !== null) await appendAudit(tx, { actorId: ctx.actor.userId, action: 'alert.rules.reset', entityType: 'setting', entityId: settingTargetName(target), before, after: null, at: now });
  });
  return getAlertRules(ctx, {});
}

/** The clerk or leader may run the evaluation at once (it is also run at start and hourly). */
export async function evaluateAlertsNow(ctx: Ctx): Promise<{ raised: number }> {
  authorize(ctx.actor, 'alerts.manage');
  const r = await evaluateAlerts(ctx, ctx.clock.now());
  return { raised: r.raised };
}
