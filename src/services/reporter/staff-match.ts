// A staff reporter found without waiting for a clerk (issue 9 §7; FL-7(7), FL-10(3)). When a named
// report's identity matches a person in the register, the report is linked to them at intake
// (case_reporter_links, origin 'auto'): they are recused from the case like any staff reporter, and
// the retaliation watch (retaliation.ts) covers them from then on. The clerk who reads the identity
// (with an approved request, custodian.ts) sees the link and confirms or undoes it.
//
// The match, defined narrowly so that a common name alone never links anyone:
//   - the report is named (not anonymous) and gives a name;
//   - exactly ONE active person of the case's organisation has that name (whitespace and
//     full-width forms ignored), and
//   - that person's registered phone equals the reporter's phone (digits only, +86 dropped, at
//     least 7 digits), or their registered e-mail equals the reporter's e-mail (case ignored).
//   Two or more people of that name, or a name without a matching phone or e-mail: no link.
// The register holds no ID-card numbers, so an ID number given by the reporter cannot be matched;
// the clerk links by hand in that case (PUT /cases/:id/reporter-link).
//
// The identity is read back from its sealed columns (identity-repo.ts) inside the intake
// transaction; neither it nor the person matched is written to the log or the audit trail (the
// audit row says only that a match was made, and on what basis).
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx } from '../context';
import { canSeeCase, findCase, notFound } from '../cases/repo';
import { liveIdentityGrant } from './custodian';
import { loadReporterIdentity, type ReporterIdentity } from './identity-repo';
import * as repo from './staff-match-repo';
import { ctxForCase } from '../orgs/acting-in';

export type MatchBasis = 'name+phone' | 'name+email';

const normName = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');
export function normPhone(s: string | null | undefined): string | null {
  if (!s) return null;
  let d = s.normalize('NFKC').replace(/\D/g, '');
  if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d.length >= 7 ? d : null;
}
const normEmail = (s: string | null | undefined): string | null => {
  const e = s?.normalize('NFKC').trim().toLowerCase();
  return e && e.includes('@') ? e : null;
};

/** The register person the identity designates, by the rule above; null when none or ambiguous. */
export async function matchStaffPerson(q: Tx, orgId: string, identity: ReporterIdentity): Promise<{ personId: string; basis: MatchBasis } | null> {
  if (identity.anonymous || !identity.name) return null;
  const name = normName(identity.name);
  if (!name) return null;
  const people = await repo.activePeopleNamed(q, orgId, name);
  if (people.length !== 1) return null; // nobody, or a name shared by several: never guess
  const p = people[0]!;
  const phone = normPhone(identity.phone);
  if (phone && normPhone(p.phone) === phone) return { personId: p.id, basis: 'name+phone' };
  const email = normEmail(identity.email);
  if (email && normEmail(p.email) === email) return { personId: p.id, basis: 'name+email' };
  return null;
}

/**
 * Inside the intake transaction, after the sealed reporter row is written: links the report to the
 * matched person (origin 'auto', unconfirmed). Returns whether a link was made.
 */
export async function autoLinkStaffReporter(tx: Tx, caseId: string, orgId: string, actorId: string | null, now: string): Promise<boolean> {
  const identity = await loadReporterIdentity(tx, caseId);
  if (!identity) return false;
  const m = await matchStaffPerson(tx, orgId, identity);
  if (!m) return false;
  const made = await repo.insertAutoLink(tx, { case_id: caseId, user_id: await repo.soleUserOfPerson(tx, m.personId), person_id: m.personId, set_at: now });
  if (made) {
    // no person, no name, no phone: only that the register matched, and how (FL-7(7))
    await appendAudit(tx, { actorId, action: 'case_reporter.link_auto', entityType: 'case_reporter', entityId: caseId, after: { origin: 'auto', basis: m.basis, citation: 'FL-10(3)' }, at: now });
  }
  return made;
}

export interface StaffLinkView {
  personId: string | null;
  personName: string | null;
  userId: string | null;
  origin: 'clerk' | 'auto';
  confirmed: boolean;
}

/** The case's staff-reporter link as the clerk holding an identity grant sees it (custodian.ts). */
export async function staffLinkOf(q: Tx, caseId: string): Promise<StaffLinkView | null> {
  const l = await repo.linkOf(q, caseId);
  if (!l) return null;
  return { personId: l.person_id, personName: l.person_id ? await repo.personName(q, l.person_id) : null, userId: l.user_id, origin: l.origin === 'auto' ? 'auto' : 'clerk', confirmed: Boolean(l.confirmed_by) };
}

export const undoStaffLinkSchema = z.object({ reason: z.string().trim().min(4).max(2000) });

/** Confirm or undo: a clerk who can see the case and holds a live identity grant on it. */
async function withGrant<T>(callerCtx: Ctx, caseId: string, fn: (tx: Tx, now: string) => Promise<T>): Promise<T> {
  // issue 11: the roles held in the case's organisation (a supervising clerk reads below as supervisor)
  const ctx = await ctxForCase(callerCtx, caseId);
  authorize(ctx.actor, 'reporter.read');
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const c = await findCase(tx, caseId);
    if (!c || !(await canSeeCase(tx, ctx.actor, caseId))) throw notFound();
    // judging a match means knowing who reported: the same approved request as reading the identity
    if (!(await liveIdentityGrant(tx, ctx, caseId, now))) throw new AppError('IDENTITY_ACCESS_REQUIRED');
    return fn(tx, now);
  });
}

const noLink = (): AppError => new AppError('NOT_FOUND', { zh: '本案举报人未关联本单位工作人员', en: 'the reporter of this case is not linked to a member of staff' });

/** POST /cases/:id/reporter-link/confirm — the clerk confirms the (automatic) link. Audited. */
export async function confirmStaffLink(ctx: Ctx, caseId: string): Promise<StaffLinkView> {
  return withGrant(ctx, caseId, async (tx, now) => {
    const before = await repo.linkOf(tx, caseId);
    if (!before) throw noLink();
    await repo.confirmLink(tx, caseId, ctx.actor.userId, now);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case_reporter.link_confirm', entityType: 'case_reporter', entityId: caseId, after: { origin: before.origin }, at: now });
    return (await staffLinkOf(tx, caseId))!;
  });
}

/**
 * POST /cases/:id/reporter-link/undo — the clerk removes the link (a wrong match), with a reason.
 * The retaliation watch no longer covers the person for this report; alerts already raised stay.
 */
export async function undoStaffLink(ctx: Ctx, caseId: string, raw: unknown): Promise<{ caseId: string; removed: true }> {
  const input = parseInput(undoStaffLinkSchema, raw);
  return withGrant(ctx, caseId, async (tx, now) => {
    const before = await repo.linkOf(tx, caseId);
    if (!before) throw noLink();
    await repo.deleteLink(tx, caseId);
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case_reporter.link_undo', entityType: 'case_reporter', entityId: caseId, before: { origin: before.origin, confirmed: Boolean(before.confirmed_by) }, after: { reason: input.reason }, at: now });
    return { caseId, removed: true as const };
  });
}
