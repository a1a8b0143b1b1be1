// Case factories: a "world" (an original enforcement case in the registers, a signed-in user per
// role, the handler as the subject with an account) and a function that creates a case and
// drives it to any state through the real commands. Tests state only what matters to them.
import { createTestApp, type TestApp } from '../app';
import { createCase, driveCaseTo, performAction, type DriveActors, type DriveOptions } from '../../src/services/cases';
import type { DialectName } from '../../src/db/database';
import type { CaseState, Track } from '../../src/domain/cases';
import { SYSTEM_ACTOR, type Role } from '../../src/policies/roles';
import type { Ctx, Deps } from '../../src/services/context';
import type { Person } from '../../src/services/registers';
import { seedCalendar } from './calendar';
import { makeOriginalCase, makePerson, type OriginalCaseFixture } from './registers';

export interface CaseWorld {
  t: TestApp;
  fx: OriginalCaseFixture;
  /** a person of the legal-affairs section who investigates (no part in the original case) */
  investigatorPerson: Person;
  /** service contexts of the signed-in users (usernames: clerk, leader, decider, decider2, decider3, investigator, subject) */
  ctx: DriveActors & { subject: Ctx };
}

export function ctxOfUser(t: TestApp, username: string, roles: Role[], personId: string | null = null, orgId?: string): Ctx {
  const userId = t.userIds[username];
  if (!userId) throw new Error(`no test user ${username}`);
  // issue 11: a user of another organisation acts with that organisation's scope, as its session would
  // the account's own register person unless the test names one (FL-5(1): a casework account has one)
  return { ...t.deps, actor: { userId, username, displayName: username, roles, personId: personId ?? t.personIds[username] ?? null, ...(orgId ? { orgId, orgScope: [orgId] } : {}) } };
}

export interface WorldOptions {
  /** prefix of the usernames (a second world in the same database: 'b_' → b_clerk, b_leader, …) */
  prefix?: string;
  /** the organisation of the world's users and registers (issue 11; default: the default organisation) */
  orgId?: string;
}

/**
 * The registers' original case (handler, two approvers, a deliberation chaired by the final
 * approver) and users: clerk, leader, decider, investigator (with a register person), and
 * `subject` — the handler's own account.
 */
export async function setupCaseWorld(t: TestApp, opts: WorldOptions = {}): Promise<CaseWorld> {
  const p = opts.prefix ?? '';
  const o = opts.orgId;
  const reg: Deps | Ctx = o ? { ...t.deps, actor: { ...SYSTEM_ACTOR, orgId: o, orgScope: [o] } } : t.deps;
  const fx = await makeOriginalCase(reg);
  const investigatorPerson = await makePerson(reg, { name: '法制科调查员', post: '法制员' });
  await t.addUser(`${p}clerk`, ['clerk'], null, o);
  await t.addUser(`${p}leader`, ['leader'], null, o);
  await t.addUser(`${p}decider`, ['decider'], null, o);
  // FL-15: the decision body meets; one member alone is no meeting.
  await t.addUser(`${p}decider2`, ['decider'], null, o);
  await t.addUser(`${p}decider3`, ['decider'], null, o);
  await t.addUser(`${p}investigator`, ['investigator'], investigatorPerson.id, o);
  await t.addUser(`${p}subject`, ['subject'], fx.handler.id, o);
  return {
    t,
    fx,
    investigatorPerson,
    ctx: {
      clerk: ctxOfUser(t, `${p}clerk`, ['clerk'], null, o),
      leader: ctxOfUser(t, `${p}leader`, ['leader'], null, o),
      decider: ctxOfUser(t, `${p}decider`, ['decider'], null, o),
      deciders: [ctxOfUser(t, `${p}decider`, ['decider'], null, o), ctxOfUser(t, `${p}decider2`, ['decider'], null, o), ctxOfUser(t, `${p}decider3`, ['decider'], null, o)],
      investigator: ctxOfUser(t, `${p}investigator`, ['investigator'], investigatorPerson.id, o),
      subject: ctxOfUser(t, `${p}subject`, ['subject'], fx.handler.id, o),
    },
  };
}

/**
 * A fresh test app whose clock stands at `now` (default: the test app's, 2025-09-01 10:00 in
 * China), with its case world: the set-up most case tests repeat before each test
 * (`({ t, w } = await newCaseWorld(engine, now))`). `calendar: true` seeds the holiday calendar
 * from the package first, as a real installation starts. The app is closed again when the world
 * cannot be set up.
 */
export async function newCaseWorld(engine: DialectName, now?: string, opts: { calendar?: boolean } = {}): Promise<{ t: TestApp; w: CaseWorld }> {
  const t = await createTestApp(engine, now);
  try {
    if (opts.calendar) await seedCalendar(t.deps);
    return { t, w: await setupCaseWorld(t) };
  } catch (e) {
    await t.close();
    throw e;
  }
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

/** The body of POST /api/v1/cases: an anonymous letter about the world's original case naming its handler, `over` on top. */
export function reportIntake(w: CaseWorld, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: 'report',
    channel: 'letter',
    receivedOn: '2025-09-01',
    summary: '反映执法人员罚款不当。',
    reporter: { anonymous: true },
    originalCaseId: w.fx.originalCase.id,
    subjectPersonIds: [w.fx.handler.id],
    ...over,
  };
}

/** The case's current version (for expectedVersion). */
export async function versionOf(w: CaseWorld, caseId: string): Promise<number> {
  const r = await w.t.deps.db.kysely.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
  return r.version;
}

const MINOR_CONSEQUENCES = { harm: 'minor', influence: 'none', crimeSuspected: false };

/**
 * The body of a `record_finding` step about the world's handler (without expectedVersion):
 * FL-7(3), intent, as the handler, no circumstances, minor harm, no influence, no crime
 * suspected — `over` on top.
 */
export function handlerFinding(w: CaseWorld, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subjectPersonId: w.fx.handler.id,
    faults: ['FL-7(3)'],
    culpability: 'intent',
    roleInOriginalCase: 'handler',
    circumstances: [],
    consequences: { ...MINOR_CONSEQUENCES },
    narrative: '认定事实不清，主要证据不足。',
    ...over,
  };
}

/**
 * A case under investigation with the handler's finding recorded (handlerFinding; `consequences`
 * over its consequences, `extra` over the rest), driven to findings_submitted — received and
 * driven on `opts.on` where given.
 */
export async function caseWithFinding(w: CaseWorld, consequences: Record<string, unknown>, extra: Record<string, unknown> = {}, opts: { on?: string } = {}): Promise<MadeCase> {
  const c = await makeCase(w, opts.on ? { to: 'investigating', drive: { on: opts.on } } : { to: 'investigating' });
  await performAction(w.ctx.investigator, c.caseId, 'record_finding', {
    expectedVersion: await versionOf(w, c.caseId),
    ...handlerFinding(w, { consequences: { ...MINOR_CONSEQUENCES, ...consequences }, ...extra }),
  });
  if (opts.on) await driveCaseTo(w.ctx, c.caseId, 'findings_submitted', { on: opts.on });
  else await driveCaseTo(w.ctx, c.caseId, 'findings_submitted');
  return c;
}
