// Register factories for tests: build valid units, people with certificates and original
// enforcement cases through the real services (audited), so a test states only what matters to it.
// Pass `Deps` (acts as SYSTEM_ACTOR) or a `Ctx` (acts as that actor — must hold registers.write).
import { appendAudit } from '../../src/audit/audit-writer';
import { inTransaction } from '../../src/db/tx';
import { chinaDate } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { personNameProblem } from '../../src/lib/person-name';
import { insertPersonRow } from '../../src/repositories/registers/people-repo';
import { SYSTEM_ACTOR, type Role } from '../../src/policies/roles';
import { DEFAULT_ORG_ID } from '../../src/policies/org-scope';
import type { Ctx, Deps } from '../../src/services/context';
import {
  createCertificate,
  createOriginalCase,
  createPerson,
  createUnit,
  getPeopleByIds,
  loadUnits,
  type CertificateCreateInput,
  type CertificateDetail,
  type OriginalCaseFull,
  type OriginalCaseInput,
  type Person,
  type PersonCreateInput,
  type Unit,
  type UnitCreateInput,
} from '../../src/services/registers';

let seq = 0;
const next = (): number => ++seq;
/** A number in Chinese numerals (12 → 一二): the factories' people are told apart by it, and a personal name holds no digits (src/lib/person-name.ts). */
export const hanNumber = (n: number): string => String(n).replace(/\d/g, (d) => '〇一二三四五六七八九'[Number(d)]!);

export function asCtx(depsOrCtx: Deps | Ctx): Ctx {
  return 'actor' in depsOrCtx ? depsOrCtx : { ...depsOrCtx, actor: SYSTEM_ACTOR };
}

/** A service context acting as a user with the given roles (no account row needed by register services). */
export function ctxAs(deps: Deps, roles: Role[], userId = `u-${roles.join('-')}`): Ctx {
  return { ...deps, actor: { userId, username: userId, displayName: userId, roles, personId: null } };
}

function todayOf(ctx: Ctx): string {
  return chinaDate(ctx.clock.now());
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The commission (root unit), created once per database. */
export async function makeCommission(depsOrCtx: Deps | Ctx): Promise<Unit> {
  const ctx = asCtx(depsOrCtx);
  // issue 11: the commission of the actor's organisation (another organisation gets its own root unit)
  const existing = (await loadUnits(ctx.db, ctx.actor.orgScope)).find((u) => u.kind === 'commission' && u.active);
  if (existing) return existing;
  if (ctx.actor.orgId && ctx.actor.orgId !== DEFAULT_ORG_ID) return createUnit(ctx, { name: `测试委员会${next()}`, shortCode: `C${next()}`, kind: 'commission' });
  return createUnit(ctx, { name: '重庆市巴南区住房和城乡建设委员会', shortCode: 'BNZJW', kind: 'commission' });
}

/** A unit; by default a section (科室) under the commission. */
export async function makeUnit(depsOrCtx: Deps | Ctx, overrides: Partial<UnitCreateInput> = {}): Promise<Unit> {
  const ctx = asCtx(depsOrCtx);
  const n = next();
  const kind = overrides.kind ?? 'section';
  const parentId = overrides.parentId !== undefined ? overrides.parentId : kind === 'commission' ? null : (await makeCommission(ctx)).id;
  return createUnit(ctx, { name: `测试科室${n}`, shortCode: `U${n}`, kind, ...overrides, parentId });
}

/** A person; by default in a new section. */
export async function makePerson(depsOrCtx: Deps | Ctx, overrides: Partial<PersonCreateInput> = {}): Promise<Person> {
  const ctx = asCtx(depsOrCtx);
  const n = next();
  const unitId = overrides.unitId ?? (await makeUnit(ctx)).id;
  return createPerson(ctx, { name: `执法人员${hanNumber(n)}`, post: '科员', employeeNo: `E${String(n).padStart(5, '0')}`, ...overrides, unitId });
}

/**
 * The register person of a test account that holds a casework role and was given none (FL-5(1)):
 * the account's holder, named `name`, in its organisation's first unit (commission first) — or, in
 * an organisation with no unit yet, in the commission makeCommission makes. Used by the HTTP
 * harness (test/app.ts) and the browser tests' server (test/e2e/harness.ts).
 */
export async function makeAccountHolder(deps: Deps, name: string, orgId?: string): Promise<string> {
  const ctx: Ctx = { ...deps, actor: orgId ? { ...SYSTEM_ACTOR, orgId, orgScope: [orgId] } : SYSTEM_ACTOR };
  const units = (await loadUnits(deps.db, [orgId ?? DEFAULT_ORG_ID])).filter((u) => u.active).sort((a, b) => Number(b.kind === 'commission') - Number(a.kind === 'commission'));
  const unitId = units[0]?.id ?? (await makeCommission(ctx)).id;
  if (!personNameProblem(name)) return (await createPerson(ctx, { name, post: '科员', unitId })).id;
  // named after a username a personal name may not be ('decider1', 'clerk_b'): the record is
  // written as one stored before the name check was (migration 0690), with the create's audit row
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now().toISOString();
    const id = newId();
    await insertPersonRow(tx, { id, org_id: orgId ?? DEFAULT_ORG_ID, name, unit_id: unitId, post: '科员', employee_no: null, phone: null, email: null, same_name_reason: null, active: 1, version: 1, created_at: now, updated_at: now });
    const [after] = await getPeopleByIds(tx, [id]);
    await appendAudit(tx, { actorId: SYSTEM_ACTOR.userId, action: 'person.create', entityType: 'person', entityId: id, after, at: now });
    return id;
  });
}

/**
 * A person holding a certificate that is valid from five years before today (the injected clock)
 * to five years after.
 */
export async function makePersonWithCertificate(
  depsOrCtx: Deps | Ctx,
  overrides: { person?: Partial<PersonCreateInput>; certificate?: Partial<CertificateCreateInput> } = {},
): Promise<{ person: Person; certificate: CertificateDetail }> {
  const ctx = asCtx(depsOrCtx);
  const person = await makePerson(ctx, overrides.person);
  const year = Number(todayOf(ctx).slice(0, 4));
  const certificate = await createCertificate(ctx, {
    number: `渝执${year}${String(next()).padStart(6, '0')}`,
    issuingAuthority: '重庆市人民政府',
    validFrom: `${year - 5}-01-01`,
    validTo: `${year + 5}-12-31`,
    ...overrides.certificate,
    personId: person.id,
  });
  return { person, certificate };
}

export interface OriginalCaseFixture {
  originalCase: OriginalCaseFull;
  unit: Unit;
  /** the handler 承办人, holding a valid certificate */
  handler: Person;
  /** level 1 approver (e.g. 科长), with a valid certificate */
  approver1: Person;
  /** level 2, the final approver (e.g. 分管负责人), with a valid certificate; also chaired the deliberation and insisted */
  finalApprover: Person;
  /** deliberation member who agreed */
  agreedMember: Person;
  /** deliberation member who dissented (on record) */
  dissentingMember: Person;
}

/**
 * A 行政处罚 case decided 60 days before today: one handler, two approval levels, and a
 * collective deliberation chaired by the final approver (who insisted on the wrong opinion),
 * with one member agreeing and one dissenting. Any field of the input can be overridden.
 */
export async function makeOriginalCase(depsOrCtx: Deps | Ctx, overrides: Partial<OriginalCaseInput> = {}): Promise<OriginalCaseFixture> {
  const ctx = asCtx(depsOrCtx);
  const n = next();
  const unit = await makeUnit(ctx, { name: `建设工程执法支队${n}`, kind: 'subordinate' });
  const inUnit = { unitId: unit.id };
  const { person: handler } = await makePersonWithCertificate(ctx, { person: { ...inUnit, name: `承办人${hanNumber(n)}`, post: '执法队员' } });
  const { person: approver1 } = await makePersonWithCertificate(ctx, { person: { ...inUnit, name: `审核人${hanNumber(n)}`, post: '大队长' } });
  const { person: finalApprover } = await makePersonWithCertificate(ctx, { person: { ...inUnit, name: `批准人${hanNumber(n)}`, post: '支队长' } });
  const agreedMember = await makePerson(ctx, { ...inUnit, name: `参会人甲${hanNumber(n)}`, post: '副支队长' });
  const dissentingMember = await makePerson(ctx, { ...inUnit, name: `参会人乙${hanNumber(n)}`, post: '法制员' });
  const decisionDate = shiftDays(todayOf(ctx), -60);
  const year = decisionDate.slice(0, 4);
  const originalCase = await createOriginalCase(ctx, {
    number: `巴住建罚〔${year}〕${n}号`,
    kind: 'penalty',
    title: `某建筑公司未取得施工许可证擅自施工案（${n}）`,
    summary: '未取得施工许可证擅自开工建设，责令停止施工并处罚款。',
    unitId: unit.id,
    decisionDate,
    counterpart: { name: `重庆某建筑工程有限公司${n}`, type: 'organisation', idNo: `91500113MA5U${String(n).padStart(6, '0')}` },
    handlers: [{ personId: handler.id }],
    approvers: [
      { personId: approver1.id, level: 1 },
      { personId: finalApprover.id, level: 2 },
    ],
    deliberation: {
      date: shiftDays(decisionDate, -3),
      chairId: finalApprover.id,
      members: [
        { personId: finalApprover.id, opinion: 'insisted' },
        { personId: agreedMember.id, opinion: 'agreed' },
        { personId: dissentingMember.id, opinion: 'dissented' },
      ],
      note: null,
    },
    ...overrides,
  });
  return { originalCase, unit, handler, approver1, finalApprover, agreedMember, dissentingMember };
}
