// Organisations (issue 11): the tree an account sees (its own organisation and, for a
// supervising or administrator account, the subtree below it) and, for the system
// administrator, adding an organisation below one of its own.
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { actorOrgId, mayReadOrg, readableOrgIds } from '../../policies/org-scope';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { allOrgs, findOrg, insertOrg, type Organisation } from './org-repo';

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
});

/** The organisations the caller reads: its own, and the subtree for a supervising or administrator account. */
export async function listOrgs(ctx: Ctx): Promise<{ ownId: string; items: OrgOut[] }> {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const scope = readableOrgIds(ctx.actor);
  const items = (await allOrgs(ctx.db.kysely)).filter((o) => scope === null || scope.includes(o.id)).map(toOut);
  return { ownId: actorOrgId(ctx.actor), items };
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
    sortOrder: 0,
  };
  return inTransaction(ctx.db, async (tx) => {
    if (o.casePrefix) {
      const taken = await tx.selectFrom('organisations').select('id').where('case_prefix', '=', o.casePrefix).executeTakeFirst();
      if (taken) throw new AppError('CONFLICT_DUPLICATE', { zh: `案件编号前缀 ${o.casePrefix} 已被使用`, en: `case number prefix ${o.casePrefix} is taken` });
    }
    await insertOrg(tx, o, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'org.create', entityType: 'organisation', entityId: o.id, after: toOut(o), at: now });
    return toOut(o);
  });
}
