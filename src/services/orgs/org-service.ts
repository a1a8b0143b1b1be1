// Organisations (issue 11): the tree an account sees (its own organisation and, for a
// supervising or administrator account, the subtree below it) and, for the system
// administrator, adding an organisation below one of its own.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { DEFAULT_ORG_ID } from '../../db/tables/organisations';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { actorOrgId, mayReadOrg, readableOrgIds } from '../../policies/org-scope';
import { authorize, ROLES } from '../../policies/roles';
import { nowIso, type Ctx, type Deps } from '../context';
import { assertDeputyEligible } from '../../policies/deputy';
import { allOrgs, findOrg, insertOrg, isActiveMember, membershipsOf, orgsAcceptingReports, prefixTaken, updateOrgRow, type Organisation } from './org-repo';
import type { ORG_SETTING_KEYS } from './org-settings';
import { knownPackIds } from './org-settings';
import { orgNotifySettingsSchema } from '../notify/settings';
import { assertWebhookAllowed } from '../notify/webhook-allow';
import { assertMayHoldEscalationThreshold, escalationThresholdSetter } from '../../policies/escalation-threshold';
import { ancestorsOf, orgTree } from './org-settings-repo';

export const ORG_KINDS = ['province', 'city', 'district', 'commission', 'department', 'supervision'] as const;

export const ORG_KIND_LABELS: Record<(typeof ORG_KINDS)[number], { zh: string; en: string }> = {
  province: { zh: '省级', en: 'Province' },
  city: { zh: '市级', en: 'City' },
  district: { zh: '区县级', en: 'District' },
  commission: { zh: '委员会', en: 'Commission' },
  department: { zh: '部门', en: 'Department' },
  supervision: { zh: '执法监督机构', en: 'Enforcement supervision' },
};

export const orgOut = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(ORG_KINDS),
  name: z.string(),
  shortName: z.string(),
  letterhead: z.string(),
  casePrefix: z.string().nullable(),
  caseNumberFormat: z.string(),
  documentPrefix: z.string().nullable(),
  decisionBody: z.string(),
  rulePacks: z.array(z.object({ packId: z.string(), from: z.string().nullable() })),
  /** issue 11: the recusal deputy (an account of the organisation), its own settings, the public report choice, the version */
  deputyUserId: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  acceptsReports: z.boolean(),
  version: z.number().int(),
});
export type OrgOut = z.infer<typeof orgOut>;

const toOut = (o: Organisation): OrgOut => ({
  id: o.id,
  parentId: o.parentId,
  kind: o.kind,
  name: o.name,
  shortName: o.shortName,
  letterhead: o.letterhead,
  casePrefix: o.casePrefix,
  caseNumberFormat: o.caseNumberFormat,
  documentPrefix: o.documentPrefix,
  decisionBody: o.decisionBody,
  rulePacks: o.rulePacks,
  deputyUserId: o.deputyUserId,
  settings: o.settings,
  acceptsReports: o.acceptsReports,
  version: o.version,
});

/** The organisations the caller reads: its own, and the subtree for a supervising or administrator account. */
export async function listOrgs(ctx: Ctx): Promise<{ ownId: string; items: OrgOut[]; packIds: string[] }> {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const scope = readableOrgIds(ctx.actor);
  const items = (await allOrgs(ctx.db.kysely)).filter((o) => scope === null || scope.includes(o.id)).map(toOut);
  // the registered rule packs an organisation may choose (the edit drawer's list)
  return { ownId: actorOrgId(ctx.actor), items, packIds: knownPackIds() };
}

export const orgCreateSchema = z.object({
  parentId: z.string().min(1).max(64),
  kind: z.enum(ORG_KINDS),
  name: z.string().trim().min(2).max(80),
  shortName: z.string().trim().min(1).max(40),
  letterhead: z.string().trim().min(2).max(80).optional(),
  /** e.g. 巴交问; absent for an organisation that opens no cases (a supervising one) */
  casePrefix: z.string().trim().min(1).max(20).nullable().optional(),
  caseNumberFormat: z
    .string()
    .trim()
    .max(60)
    .refine((s) => s.includes('{n}') && s.includes('{year}'), { message: '编号格式须含 {year} 和 {n} / The format needs {year} and {n}' })
    .optional(),
  documentPrefix: z.string().trim().min(1).max(20).nullable().optional(),
  decisionBody: z.string().trim().min(2).max(40).optional(),
  rulePacks: z.array(z.object({ packId: z.string().min(1).max(80), from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable() })).max(20).optional(),
});

/** The system administrator adds an organisation below one in its subtree. Audited. */
export async function createOrg(ctx: Ctx, raw: unknown): Promise<OrgOut> {
  authorize(ctx.actor, 'orgs.manage');
  const i = parseInput(orgCreateSchema, raw);
  if (!mayReadOrg(ctx.actor, i.parentId) || !(await findOrg(ctx.db.kysely, i.parentId))) {
    throw validationError([{ code: 'custom', path: ['parentId'], message: '无此上级机构 / No such parent organisation' }]);
  }
  const now = nowIso(ctx);
  const o: Organisation = {
    id: newId(),
    parentId: i.parentId,
    kind: i.kind,
    name: i.name,
    shortName: i.shortName,
    letterhead: i.letterhead ?? i.name,
    casePrefix: i.casePrefix ?? null,
    caseNumberFormat: i.caseNumberFormat ?? '{prefix}〔{year}〕{n}号',
    documentPrefix: i.documentPrefix ?? i.casePrefix ?? null,
    decisionBody: i.decisionBody ?? '党委会',
    deputyUserId: null,
    rulePacks: i.rulePacks ?? [{ packId: 'banan-housing-2019', from: null }],
    settings: {},
        version: 1,
        acceptsReports: true,
    sortOrder: 0,
  };
  checkPackIds(o.rulePacks);
  return inTransaction(ctx.db, async (tx) => {
    if (o.casePrefix) {
      if (await prefixTaken(tx, o.casePrefix, null)) throw new AppError('CONFLICT_DUPLICATE', { zh: `案件编号前缀 ${o.casePrefix} 已被使用`, en: `case number prefix ${o.casePrefix} is taken` });
    }
    await insertOrg(tx, o, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'org.create', entityType: 'organisation', entityId: o.id, after: toOut(o), at: now });
    return toOut(o);
  });
}

const numberFormat = z
  .string()
  .trim()
  .max(60)
  .refine((s) => s.includes('{n}') && s.includes('{year}'), { message: '编号格式须含 {year} 和 {n} / The format needs {year} and {n}' });
const dayKind = z.enum(['working', 'calendar']);
const packChoice = z.object({ packId: z.string().min(1).max(80), from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable() });

/** The editable fields of an organisation; `version` is the one the editor read (optimistic lock). */
export const orgUpdateSchema = z.object({
  version: z.number().int().min(1),
  name: z.string().trim().min(2).max(80).optional(),
  shortName: z.string().trim().min(1).max(40).optional(),
  letterhead: z.string().trim().min(2).max(80).optional(),
  casePrefix: z.string().trim().min(1).max(20).nullable().optional(),
  caseNumberFormat: numberFormat.optional(),
  documentPrefix: z.string().trim().min(1).max(20).nullable().optional(),
  decisionBody: z.string().trim().min(2).max(40).optional(),
  /** 回避: who stands in for a conflicted main leader — an active account of this organisation */
  deputyUserId: z.string().min(1).max(64).nullable().optional(),
  rulePacks: z.array(packChoice).max(20).optional(),
  /** the organisation's own settings, keyed like the deployment's (see ORG_SETTING_KEYS); null removes one */
  settings: z
    .object({
      'deadlines.warningDays': z.object({ transfer: z.number().int().min(0).max(365), handling: z.number().int().min(0).max(365) }).partial().nullable(),
      'deadlines.dayKind': z.object({ transfer: dayKind, handling: dayKind }).partial().nullable(),
      'deadlines.rollForward': z.object({ transfer: z.boolean(), handling: z.boolean() }).partial().nullable(),
      'notify.settings': orgNotifySettingsSchema.nullable(),
    } satisfies Record<(typeof ORG_SETTING_KEYS)[number], z.ZodType>)
    .partial()
    .strict()
    .optional(),
  /** offered on the public report page */
  acceptsReports: z.boolean().optional(),
});

function checkPackIds(choices: readonly { packId: string }[]): void {
  const known = knownPackIds();
  const bad = choices.findIndex((c) => !known.includes(c.packId));
  if (bad >= 0) throw validationError([{ code: 'custom', path: ['rulePacks', bad, 'packId'], message: `无此规则包 / No such rule pack: ${choices[bad]!.packId}` }]);
}

/**
 * The system administrator edits an organisation of its subtree (letterhead, numbering formats,
 * decision body, recusal deputy, rule packs by date, settings, the public report choice).
 * Version-checked (CONFLICT_STALE), audited with before and after. Out of scope: NOT_FOUND.
 * Case numbers already given keep their text; the counters continue (per organisation and year).
 */
export async function updateOrg(ctx: Ctx, id: string, raw: unknown): Promise<OrgOut> {
  authorize(ctx.actor, 'orgs.manage');
  const i = parseInput(orgUpdateSchema, raw);
  if (!mayReadOrg(ctx.actor, id)) throw new AppError('NOT_FOUND');
  if (i.rulePacks) checkPackIds(i.rulePacks);
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await findOrg(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.version !== i.version) throw new AppError('CONFLICT_STALE');
    // the organisation's robot webhook passes the same allow-list here as on the notification settings page
    await assertWebhookAllowed(tx, i.settings?.['notify.settings']?.orgWebhookUrl, 'settings.notify.settings.orgWebhookUrl');
    // the escalation threshold only where it governs someone (a supervising organisation, the top
    // of a tree): the watched organisation's level does not hold it, whoever edits it
    if (i.settings?.['notify.settings']?.escalateToSupervisorAfterWorkingDays !== undefined) {
      const orgs = await orgTree(tx);
      const self = { id, parentId: before.parentId, kind: before.kind, name: before.name };
      assertMayHoldEscalationThreshold(self, escalationThresholdSetter(self, ancestorsOf(orgs, id)), 'settings.notify.settings.escalateToSupervisorAfterWorkingDays');
    }
    const settings = { ...before.settings };
    for (const [k, v] of Object.entries(i.settings ?? {})) {
      if (v === null) delete settings[k];
      else settings[k] = v;
    }
    const after: Organisation = {
      ...before,
      ...(i.name !== undefined ? { name: i.name } : {}),
      ...(i.shortName !== undefined ? { shortName: i.shortName } : {}),
      ...(i.letterhead !== undefined ? { letterhead: i.letterhead } : {}),
      ...(i.casePrefix !== undefined ? { casePrefix: i.casePrefix } : {}),
      ...(i.caseNumberFormat !== undefined ? { caseNumberFormat: i.caseNumberFormat } : {}),
      ...(i.documentPrefix !== undefined ? { documentPrefix: i.documentPrefix } : {}),
      ...(i.decisionBody !== undefined ? { decisionBody: i.decisionBody } : {}),
      ...(i.deputyUserId !== undefined ? { deputyUserId: i.deputyUserId } : {}),
      ...(i.rulePacks !== undefined ? { rulePacks: i.rulePacks } : {}),
      ...(i.acceptsReports !== undefined ? { acceptsReports: i.acceptsReports } : {}),
      settings,
    };
    if (after.casePrefix && after.casePrefix !== before.casePrefix && (await prefixTaken(tx, after.casePrefix, id))) {
      throw new AppError('CONFLICT_DUPLICATE', { zh: `案件编号前缀 ${after.casePrefix} 已被使用`, en: `case number prefix ${after.casePrefix} is taken` });
    }
    if (after.deputyUserId && after.deputyUserId !== before.deputyUserId && !(await isActiveMember(tx, after.deputyUserId, id))) {
      throw validationError([{ code: 'custom', path: ['deputyUserId'], message: '代理人须为本机构的在用账户 / The deputy must be an active account of this organisation' }]);
    }
    // the same rules as the deputy setting (never a main leader there)
    if (after.deputyUserId && after.deputyUserId !== before.deputyUserId) {
      await assertDeputyEligible(tx, after.deputyUserId, id, 'deputyUserId');
    }
    if (!(await updateOrgRow(tx, after, before.version, now))) throw new AppError('CONFLICT_STALE');
    const out = toOut({ ...after, version: before.version + 1 });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'org.update', entityType: 'organisation', entityId: id, before: toOut(before), after: out, at: now });
    return out;
  });
}

export const myOrgOut = z.object({ id: z.string(), name: z.string(), shortName: z.string(), roles: z.array(z.enum(ROLES)), current: z.boolean() });

/** The organisations the signed-in account belongs to, with its roles in each (the header's switcher). */
export async function myOrgs(ctx: Ctx): Promise<z.infer<typeof myOrgOut>[]> {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const current = actorOrgId(ctx.actor);
  const mine = await membershipsOf(ctx.db.kysely, ctx.actor.userId);
  const orgs = await allOrgs(ctx.db.kysely);
  return mine.flatMap((m) => {
    const o = orgs.find((x) => x.id === m.orgId);
    return o ? [{ id: o.id, name: o.name, shortName: o.shortName, roles: m.roles, current: o.id === current }] : [];
  });
}

export const publicOrgOut = z.object({ id: z.string(), name: z.string() });

/** Public (no account): the commissions a report may be addressed to. Names only. */
export async function listReportableOrgs(deps: Deps): Promise<z.infer<typeof publicOrgOut>[]> {
  return (await orgsAcceptingReports(deps.db.kysely)).map((o) => ({ id: o.id, name: o.name }));
}

/**
 * The organisation a public report goes to: the one the reporter chose, when it accepts reports
 * (else VALIDATION_FAILED on `orgId`, the same for one that does not exist); absent (older
 * clients): the default organisation when it accepts reports, else the only one that does.
 */
export async function reportOrgFor(q: Tx, orgId: string | undefined): Promise<string> {
  const open = await orgsAcceptingReports(q);
  if (orgId) {
    if (open.some((o) => o.id === orgId)) return orgId;
    throw validationError([{ code: 'custom', path: ['orgId'], message: '该机构不受理网上举报 / This organisation does not accept online reports' }]);
  }
  const fallback = open.find((o) => o.id === DEFAULT_ORG_ID) ?? (open.length === 1 ? open[0] : undefined);
  if (fallback) return fallback.id;
  throw validationError([{ code: 'custom', path: ['orgId'], message: '请选择受理机构 / Choose the organisation to report to' }]);
}
