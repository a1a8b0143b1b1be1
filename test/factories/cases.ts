// Case factories: a "world" (an original enforcement case in the registers, a signed-in user per
// role, the handler as the subject with an account) and a function that creates a case and
// drives it to any state through the real commands. Tests state only what matters to them.
import type { TestApp } from '../app';
import { createCase, driveCaseTo, type DriveActors, type DriveOptions } from '../../src/services/cases';
import type { CaseState, Track } from '../../src/domain/cases';
import type { Role } from '../../src/policies/roles';
import type { Ctx } from '../../src/services/context';
import type { Person } from '../../src/services/registers';
import { makeOriginalCase, makePerson, type OriginalCaseFixture } from './registers';

export interface CaseWorld {
  t: TestApp;
  fx: OriginalCaseFixture;
  /** a person of the legal-affairs section who investigates (no part in the original case) */
  investigatorPerson: Person;
  /** service contexts of the signed-in users (usernames: clerk, leader, decider, decider2, decider3, investigator, subject) */
  ctx: DriveActors & { subject: Ctx };
}

export function ctxOfUser(t: TestApp, username: string, roles: Role[], personId: string | null = null): Ctx {
  const userId = t.userIds[username];
  if (!userId) throw new Error(`no test user ${username}`);
  return { ...t.deps, actor: { userId, username, displayName: username, roles, personId } };
}

/**
 * The registers' original case (handler, two approvers, a deliberation chaired by the final
 * approver) and users: clerk, leader, decider, investigator (with a register person), and
 * `subject` — the handler's own account.
 */
export async function setupCaseWorld(t: TestApp): Promise<CaseWorld> {
  const fx = await makeOriginalCase(t.deps);
  const investigatorPerson = await makePerson(t.deps, { name: '法制科调查员', post: '法制员' });
  await t.addUser('clerk', ['clerk']);
  await t.addUser('leader', ['leader']);
  await t.addUser('decider', ['decider']);
  // FL-15: the decision body meets; one member alone is no meeting.
  await t.addUser('decider2', ['decider']);
  await t.addUser('decider3', ['decider']);
  await t.addUser('investigator', ['investigator'], investigatorPerson.id);
  await t.addUser('subject', ['subject'], fx.handler.id);
  return {
    t,
    fx,
    investigatorPerson,
    ctx: {
      clerk: ctxOfUser(t, 'clerk', ['clerk']),
      leader: ctxOfUser(t, 'leader', ['leader']),
      decider: ctxOfUser(t, 'decider', ['decider']),
      deciders: [ctxOfUser(t, 'decider', ['decider']), ctxOfUser(t, 'decider2', ['decider']), ctxOfUser(t, 'decider3', ['decider'])],
      investigator: ctxOfUser(t, 'investigator', ['investigator'], investigatorPerson.id),
      subject: ctxOfUser(t, 'subject', ['subject'], fx.handler.id),
    },
  };
}

export interface MakeCaseOptions {
  to?: CaseState;
  tracks?: Track[];
  source?: 'report' | 'wc5';
  anonymous?: boolean;
  /** default: the original case's handler */
  subjects?: string[];
  receivedOn?: string;
  drive?: DriveOptions;
}

export interface MadeCase {
  caseId: string;
  number: string;
  receiptCode: string | null;
}

/** A case about the world's original case (a report by default), driven to `to` (default: intake). */
export async function makeCase(w: CaseWorld, opts: MakeCaseOptions = {}): Promise<MadeCase> {
  const source = opts.source ?? 'report';
  const receivedOn = opts.receivedOn ?? opts.drive?.on ?? '2025-09-01';
  const r = await createCase(w.ctx.clerk, {
    source,
    ...(opts.tracks ? { tracks: opts.tracks } : {}),
    receivedOn,
    backdateReason: '按来信登记簿补录',
    summary: '举报：某执法支队对某建筑公司的处罚认定事实不清，罚款明显不当。',
    ...(source === 'report'
      ? {
          channel: 'letter',
          reporter: opts.anonymous ? { anonymous: true } : { anonymous: false, name: '张举报', phone: '13800000000', address: '巴南区鱼洞街道某小区' },
        }
      : { wc5: { item: 3, referenceNo: '巴南府复〔2025〕7号', referenceDate: receivedOn, originalCaseId: w.fx.originalCase.id } }),
    originalCaseId: w.fx.originalCase.id,
    subjectPersonIds: opts.subjects ?? [w.fx.handler.id],
  });
  // Steps default to the date received (not the clock's today): a test's later steps stay after them.
  if (opts.to && opts.to !== 'intake') await driveCaseTo(w.ctx, r.caseId, opts.to, { on: receivedOn, ...opts.drive });
  return { caseId: r.caseId, number: r.number, receiptCode: r.receiptCode };
}

/** The case's current version (for expectedVersion). */
export async function versionOf(w: CaseWorld, caseId: string): Promise<number> {
  const r = await w.t.deps.db.kysely.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
  return r.version;
}
