// Impartiality (回避) commands: the register of declared relationships, self-recusal (自行回避)
// and a subject's challenge (申请回避) on a case and its decision, the link of a report to a
// member of staff who made it, and the deputy (分管负责人) who acts for a conflicted main leader.
// Each command authorizes first and writes in one transaction with its audit row; the recusal
// rule itself is src/policies/recusal.ts.
import { assertNotRecused } from '../cases/impartiality';
import { assertDeputyEligible } from '../../policies/deputy';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { parseInput, validationError } from '../../lib/validation';
import { conflictsOf, impartialityParams, mayDeclareRelationshipFor, mayWithdrawRelationship, relationshipKindLabel } from '../../policies/recusal';
import { activeLeaders, DEPUTY_SETTING_KEY, deputyUserId, loadRecusalFacts, personActorOf } from '../../policies/recusal-repo';
import { authorize, can, type Role } from '../../policies/roles';
import { actorOrgId, DEFAULT_ORG_ID } from '../../policies/org-scope';
import { casePacksOn } from '../orgs/org-settings';
import { nowIso, type Ctx } from '../context';
import { canSeeCase, findCase, notFound } from '../cases/repo';
import * as repo from '../../repositories/impartiality/impartiality-repo';
import { ctxForCase } from '../orgs/acting-in';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const RELATIONSHIP_KINDS = ['close_relative', 'other_interest'] as const;

export const relationshipInputSchema = z
  .object({
    userId: id.optional(),
    personId: id.optional(),
    relatedPersonId: id,
    kind: z.enum(RELATIONSHIP_KINDS),
    note: z.string().trim().max(1000).optional(),
  })
  .refine((v) => v.userId || v.personId, { message: '须指明申报人（用户或人员） / Name the user or person the relationship is about', path: ['userId'] });
export const withdrawInputSchema = z.object({ reason: text(1000) });
export const selfRecusalInputSchema = z.object({ reason: text(2000) });
export const challengeInputSchema = z.object({ userId: id, reason: text(4000), subjectPersonId: id.optional() });
export const decideChallengeInputSchema = z.object({ granted: z.boolean(), reason: text(4000) });
export const reporterLinkInputSchema = z.object({ userId: id.nullable().optional(), personId: id.nullable().optional() });
export const deputyInputSchema = z.object({ userId: id.nullable() });

const field = (path: string, zh: string, en: string): AppError => validationError([{ code: 'custom', path: [path], message: `${zh} / ${en}` }]);

/**
 * The register person a declaration or a reporter link is about: `personId`, or else the person
 * of the account `userId` — each one that is named must exist within the actor's scope; null
 * when neither names a person.
 */
async function namedPerson(ctx: Ctx, input: { userId?: string | null | undefined; personId?: string | null | undefined }): Promise<string | null> {
  const q = ctx.db.kysely;
  let personId = input.personId ?? null;
  if (input.userId) {
    const u = await repo.userRow(q, input.userId, ctx.actor);
    if (!u) throw field('userId', '无此用户', 'no such user');
    personId ??= u.person_id;
  }
  if (personId && !(await repo.personRow(q, personId, ctx.actor))) throw field('personId', '登记册中无此人员', 'no such person in the register');
  return personId;
}

// ---------------------------------------------------------------- declared relationships

export async function declareRelationship(ctx: Ctx, raw: unknown) {
  authorize(ctx.actor, 'relationships.declare');
  const input = parseInput(relationshipInputSchema, raw);
  const q = ctx.db.kysely;
  const target = { userId: input.userId ?? null, personId: input.personId ?? null };
  if (!mayDeclareRelationshipFor(ctx.actor, target)) throw new AppError('FORBIDDEN', { zh: '只能申报本人的关系；为他人申报须由委法制科办理', en: 'you may declare only your own relationships; the legal-affairs section declares others’' });
  const personId = await namedPerson(ctx, input);
  if (!(await repo.personRow(q, input.relatedPersonId, ctx.actor))) throw field('relatedPersonId', '登记册中无此人员', 'no such person in the register');
  if (personId === input.relatedPersonId) throw field('relatedPersonId', '不能与本人申报关系', 'a relationship needs two different people');
  const now = nowIso(ctx);
  const row = { id: newId(), org_id: actorOrgId(ctx.actor), user_id: input.userId ?? null, person_id: personId, related_person_id: input.relatedPersonId, kind: input.kind, note: input.note ?? null, declared_by: ctx.actor.userId, declared_at: now, withdrawn_at: null, withdrawn_by: null, withdraw_reason: null };
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertRelationship(tx, row);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'relationship.declare', entityType: 'relationship', entityId: row.id, after: { userId: row.user_id, personId: row.person_id, relatedPersonId: row.related_person_id, kind: row.kind, note: row.note }, at: now });
  });
  return (await listRelationships(ctx, { includeWithdrawn: true })).find((r) => r.id === row.id)!;
}

export async function listRelationships(ctx: Ctx, f: { userId?: string | undefined; personId?: string | undefined; includeWithdrawn?: boolean | undefined } = {}) {
  authorize(ctx.actor, 'relationships.read');
  const rows = await repo.listRelationshipRows(ctx.db.kysely, ctx.actor, f);
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    personId: r.person_id,
    personName: r.person_name,
    relatedPersonId: r.related_person_id,
    relatedPersonName: r.related_name ?? r.related_person_id,
    kind: r.kind,
    kindZh: relationshipKindLabel(r.kind).zh,
    kindEn: relationshipKindLabel(r.kind).en,
    note: r.note,
    declaredBy: r.declared_by,
    declaredByName: r.declared_by_name,
    declaredAt: r.declared_at,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
  }));
}

export async function withdrawRelationship(ctx: Ctx, relId: string, raw: unknown) {
  authorize(ctx.actor, 'relationships.declare');
  const input = parseInput(withdrawInputSchema, raw);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const r = await repo.findRelationship(tx, relId, ctx.actor);
    if (!r) throw new AppError('NOT_FOUND');
    if (!mayWithdrawRelationship(ctx.actor, r.declared_by)) throw new AppError('FORBIDDEN', { zh: '只有申报人或委法制科可撤回', en: 'only the declarer or the legal-affairs section may withdraw it' });
    if (r.withdrawn_at) throw new AppError('PRECONDITION_FAILED', { zh: '该关系已撤回', en: 'already withdrawn' });
    // FL-5(1): a declaration that bars someone on an open case is not withdrawn by the declarer
    // alone — that would put them straight back on the case (found by a red-team walk); the
    // legal-affairs section withdraws it, with the reason, audited
    if (!can(ctx.actor, 'relationships.manage')) {
      const stands = (await repo.standsInOpenCase(tx, r.related_person_id)) ?? (r.person_id ? await repo.standsInOpenCase(tx, r.person_id) : null);
      if (stands) {
        throw new AppError('FORBIDDEN', { zh: `该申报关系涉及未结案件 ${stands.number}，撤回须由委法制科办理（FL-5(1)）`, en: `this declaration concerns open case ${stands.number}; the legal-affairs section withdraws it (FL-5(1))` }, { caseNumber: stands.number });
      }
    }
    await repo.withdrawRelationshipRow(tx, relId, ctx.actor.userId, now, input.reason);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'relationship.withdraw', entityType: 'relationship', entityId: relId, before: { withdrawnAt: null }, after: { withdrawnAt: now, reason: input.reason }, at: now });
  });
  return (await listRelationships(ctx, { includeWithdrawn: true })).find((r) => r.id === relId)!;
}

// ---------------------------------------------------------------- recusal on a case

async function visibleCase(ctx: Ctx, caseId: string) {
  const q = ctx.db.kysely;
  const row = await findCase(q, caseId);
  if (!row || !(await canSeeCase(q, ctx.actor, caseId))) throw notFound();
  return row;
}

const isStaff = (roles: readonly Role[]): boolean => roles.some((r) => r === 'clerk' || r === 'leader' || r === 'investigator' || r === 'decider');

/** 自行回避: a member of staff stands aside from the case; from then on refused from its steps. */
export async function selfRecuse(callerCtx: Ctx, caseId: string, raw: unknown) {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.act');
  const input = parseInput(selfRecusalInputSchema, raw);
  await visibleCase(ctx, caseId);
  if (!isStaff(ctx.actor.roles)) throw new AppError('FORBIDDEN', { zh: '自行回避由办案人员申报', en: 'self-recusal is for the staff handling the case' });
  const now = nowIso(ctx);
  const rid = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertRecusal(tx, { id: rid, case_id: caseId, user_id: ctx.actor.userId, kind: 'self', reason: input.reason, filed_by: ctx.actor.userId, filed_at: now, status: 'in_effect', decided_by: null, decided_at: null, decision_reason: null, acting_for: null });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.recusal.self', entityType: 'case', entityId: caseId, after: { citation: 'FL-5(1)', data: { recusalId: rid, userId: ctx.actor.userId, name: ctx.actor.displayName, reason: input.reason } }, at: now });
  });
  return listRecusals(ctx, caseId);
}

/** 申请回避: a subject of the case (or the clerk recording it for them) challenges a person. */
export async function fileChallenge(callerCtx: Ctx, caseId: string, raw: unknown) {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.act');
  const input = parseInput(challengeInputSchema, raw);
  await visibleCase(ctx, caseId);
  const q = ctx.db.kysely;
  const subjects = await repo.subjectPersonIds(q, caseId);
  const asSubject = ctx.actor.roles.includes('subject') && ctx.actor.personId !== null && subjects.includes(ctx.actor.personId);
  const asClerk = ctx.actor.roles.includes('clerk');
  if (!asSubject && !asClerk) throw new AppError('FORBIDDEN', { zh: '申请回避由本案被调查人提出（或由委法制科代为登记）', en: 'a challenge is filed by a subject of the case (or recorded for them by the clerk)' });
  const by = asSubject ? ctx.actor.personId! : (input.subjectPersonId ?? null);
  if (!by || !subjects.includes(by)) throw field('subjectPersonId', '须为本案被调查人', 'must be a subject of this case');
  const target = await personActorOf(q, input.userId);
  if (!target) throw field('userId', '无此用户', 'no such user');
  const now = nowIso(ctx);
  const rid = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertRecusal(tx, { id: rid, case_id: caseId, user_id: input.userId, kind: 'challenge', reason: input.reason, filed_by: ctx.actor.userId, filed_at: now, status: 'pending', decided_by: null, decided_at: null, decision_reason: null, acting_for: null });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.recusal.challenge', entityType: 'case', entityId: caseId, after: { citation: 'FL-5(1)', data: { recusalId: rid, userId: input.userId, name: target.name, subjectPersonId: by, reason: input.reason } }, at: now });
  });
  return listRecusals(ctx, caseId);
}

/**
 * A challenge is decided by the main leader; by the deputy (分管负责人) when every main leader is
 * the challenged person or conflicted on the case — recorded as acting for the leader.
 */
export async function decideChallenge(callerCtx: Ctx, caseId: string, recusalId: string, raw: unknown) {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.act');
  const input = parseInput(decideChallengeInputSchema, raw);
  await visibleCase(ctx, caseId);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const r = await repo.findRecusal(tx, caseId, recusalId);
    if (!r || r.kind !== 'challenge') throw new AppError('NOT_FOUND');
    if (r.status !== 'pending') throw new AppError('PRECONDITION_FAILED', { zh: '该回避申请已作出决定', en: 'this challenge has been decided' });
    const today = chinaDate(ctx.clock.now());
    const params = impartialityParams(today, await casePacksOn(tx, caseId, today));
    const rf = await loadRecusalFacts(tx, caseId);
    const me = { userId: ctx.actor.userId, personId: ctx.actor.personId, name: ctx.actor.displayName };
    const barred = (u: { userId: string; personId: string | null; name: string }): string[] => [
      ...(u.userId === r.user_id ? ['被申请回避人本人'] : []),
      ...conflictsOf(rf, u, params).map((c) => c.reasonZh),
    ];
    let actingFor: string | null = null;
    if (ctx.actor.roles.includes('leader')) {
      const mine = barred(me);
      if (mine.length) throw new AppError('RECUSAL_REQUIRED', { zh: `${me.name}（${mine.join('、')}）不得决定该回避申请，由分管负责人决定`, en: `${me.name} may not decide this challenge; the deputy decides it` });
    } else {
      const deputy = await deputyUserId(tx, actorOrgId(ctx.actor));
      if (deputy !== ctx.actor.userId) throw new AppError('FORBIDDEN', { zh: '回避申请由委主要负责人决定', en: 'a challenge is decided by the main leader' });
      const leaders = (await activeLeaders(tx, actorOrgId(ctx.actor))).filter((l) => l.userId !== deputy);
      if (!leaders.length || !leaders.every((l) => barred(l).length > 0)) {
        throw new AppError('TRANSITION_ROLE', { zh: '分管负责人仅在委主要负责人应当回避时代为决定', en: 'the deputy decides only when the main leader must stand aside' });
      }
      const mine = barred(me);
      if (mine.length) throw new AppError('RECUSAL_REQUIRED', { zh: `${me.name}（${mine.join('、')}）不得决定该回避申请`, en: `${me.name} may not decide this challenge` });
      actingFor = 'leader';
    }
    const status = input.granted ? 'granted' : 'refused';
    if ((await repo.decideRecusalRow(tx, recusalId, { status, by: ctx.actor.userId, at: now, reason: input.reason, actingFor })) !== 1) throw new AppError('CONFLICT_STALE');
    const target = await personActorOf(tx, r.user_id);
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.recusal.decide',
      entityType: 'case',
      entityId: caseId,
      before: { status: 'pending' },
      after: {
        citation: 'FL-5(1)',
        data: {
          recusalId,
          userId: r.user_id,
          name: target?.name ?? r.user_id,
          granted: input.granted,
          reason: input.reason,
          ...(actingFor ? { actingFor: { role: 'leader', zh: `分管负责人${me.name}代委主要负责人决定（委主要负责人应当回避）`, en: `deputy ${me.name} decided for the main leader (who must stand aside)` } } : {}),
        },
      },
      at: now,
    });
  });
  return listRecusals(ctx, caseId);
}

/** The recusals and challenges of a case (staff; a subject sees the challenges they filed). */
export async function listRecusals(callerCtx: Ctx, caseId: string) {
  // issue 11: the roles held in the case's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'cases.read');
  await visibleCase(ctx, caseId);
  const rows = await repo.listRecusalRows(ctx.db.kysely, caseId);
  const staff = isStaff(ctx.actor.roles) || can(ctx.actor, 'cases.readAll');
  return rows
    .filter((r) => staff || r.filed_by === ctx.actor.userId)
    .map((r) => ({
      id: r.id,
      kind: r.kind as 'self' | 'challenge',
      userId: r.user_id,
      name: r.user_name ?? r.user_id,
      reason: r.reason,
      filedByName: r.filed_by_name ?? r.filed_by,
      filedAt: r.filed_at,
      status: r.status as 'in_effect' | 'pending' | 'granted' | 'refused',
      decidedByName: r.decided_by_name,
      decidedAt: r.decided_at,
      decisionReason: r.decision_reason,
      actingFor: r.acting_for,
    }));
}

// ---------------------------------------------------------------- reporter who is staff

/**
 * The clerk links a report to the member of staff who made it (user and/or register person), so
 * that person is recused from the case. Kept off the case timeline: the reporter's identity
 * reaches only the clerks (audited under entity 'case_reporter').
 */
export async function linkReporter(callerCtx: Ctx, caseId: string, raw: unknown) {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.read');
  const input = parseInput(reporterLinkInputSchema, raw);
  const row = await visibleCase(ctx, caseId);
  if (row.source !== 'report') throw new AppError('PRECONDITION_FAILED', { zh: '该案源无举报人', en: 'this case has no reporter' });
  // FL-5(1): who reported is a ground to stand aside; the person it names (the reporter linked now,
  // or anyone else who must stand aside) does not change it
  await assertNotRecused(ctx.db.kysely, ctx, caseId, { zh: '关联举报人', en: 'Link the reporter' });
  const personId = await namedPerson(ctx, input);
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    await repo.upsertReporterLink(tx, { case_id: caseId, user_id: input.userId ?? null, person_id: personId, set_by: ctx.actor.userId, set_at: now });
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case_reporter.link', entityType: 'case_reporter', entityId: caseId, after: { userId: input.userId ?? null, personId }, at: now });
  });
  return { caseId, userId: input.userId ?? null, personId };
}

// ---------------------------------------------------------------- the deputy

export async function getDeputy(ctx: Ctx): Promise<{ userId: string | null; displayName: string | null }> {
  if (!can(ctx.actor, 'settings.manage')) authorize(ctx.actor, 'cases.read');
  const uid = await deputyUserId(ctx.db.kysely, actorOrgId(ctx.actor));
  const u = uid ? await repo.userRow(ctx.db.kysely, uid) : undefined;
  return { userId: uid, displayName: u?.display_name ?? null };
}

/** The administrator designates the deputy (分管负责人) who acts for a conflicted main leader. */
export async function setDeputy(ctx: Ctx, raw: unknown) {
  authorize(ctx.actor, 'settings.manage');
  const input = parseInput(deputyInputSchema, raw);
  const q = ctx.db.kysely;
  if (input.userId) {
    if (!(await repo.userRow(q, input.userId, ctx.actor))) throw field('userId', '须为有效的用户', 'must be an active user');
    await assertDeputyEligible(q, input.userId, actorOrgId(ctx.actor));
  }
  const now = nowIso(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const orgId = actorOrgId(ctx.actor);
    const before = await deputyUserId(tx, orgId);
    // issue 11: the deputy is the organisation's; the default organisation keeps its setting too
    if (orgId === DEFAULT_ORG_ID) await repo.setSetting(tx, DEPUTY_SETTING_KEY, input.userId, now);
    await repo.setOrgDeputy(tx, orgId, input.userId, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'settings.update', entityType: 'setting', entityId: DEPUTY_SETTING_KEY, before: { userId: before }, after: { userId: input.userId }, at: now });
  });
  return getDeputy(ctx);
}
