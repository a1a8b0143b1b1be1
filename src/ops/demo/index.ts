// `wenze demo` and the first start of `npm start`: a realistic commission in an empty database.
//
// Deterministic: every choice comes from a seeded generator, and every date is counted back
// from the "demo today" — by default today's date in China from the clock (so deadlines look
// current whenever the demo is loaded), or a fixed date (`--today`). The same seed and today
// give the same commission, people, cases and states; only generated ids, password salts and
// receipt codes differ between runs.
//
// Every write goes through the real services (registers, case commands), each as the user whose
// step it is, with the clock set to the moment it happened: the audit chain is real.
import { AppError } from '../../errors';
import { FixedClock, chinaDate } from '../../lib/clock';
import type { Actor, Role } from '../../policies/roles';
import { requiresTotp } from '../../policies/accounts';
import { createUserAsSystem, hashPassword, type PublicUser } from '../../services/auth-service';
import { seedCalendarFromPackage } from '../../services/calendar-service';
import type { Ctx, Deps } from '../../services/context';
import { addDecisionBodyMember } from '../../services/meetings/meeting-service';
import { setSupervisorBody } from '../../services/supervision/service';
import { plantedOriginalCases, scheduleCases, type DemoCaseOut } from './cases';
import { addDays, Prng } from './prng';
import { scheduleRegisters, type DemoPerson } from './registers';
import { Timeline } from './timeline';
import { createDemoOrganisations, createSecondCommissionCases, createSecondCommissionRegister, createSecondCommissionReport, DEMO_DISTRICT_ORG_ID, DEMO_SECOND_ORG_ID } from './organisations';

import { declareRelationship, selfRecuse, setDeputy } from '../../services/impartiality/service';
export const DEMO_PASSWORD = 'wenze-demo-2025';
/**
 * The published TOTP secret of the demo accounts that must use a second factor (the three
 * administrators and the clerk, who reads reporters' identities): add it to an authenticator
 * app to try them. Like the demo password, it is for trying out only.
 */
export const DEMO_TOTP_SECRET = 'WENZEDEMOTOTPKEYWENZEDEMOTOTPKEY';
export const DEMO_SEED = 20191125;

/** The demo accounts (also in the README quick start). */
export const DEMO_ACCOUNTS: { username: string; roles: Role[]; zh: string; en: string }[] = [
  { username: 'sysadmin', roles: ['sysadmin'], zh: '系统管理员', en: 'system administrator' },
  { username: 'secadmin', roles: ['secadmin'], zh: '安全管理员', en: 'security administrator' },
  { username: 'auditor', roles: ['auditor'], zh: '安全审计员', en: 'security auditor' },
  { username: 'fazhike', roles: ['clerk'], zh: '委法制科（科长）', en: 'legal-affairs clerk (section head)' },
  { username: 'leader', roles: ['leader'], zh: '委主要负责人（党委书记、主任）', en: 'main leader (director)' },
  { username: 'investigator1', roles: ['investigator'], zh: '调查组成员（法制科副科长）', en: 'investigator' },
  { username: 'investigator2', roles: ['investigator'], zh: '调查组成员（法制审核员）', en: 'investigator' },
  { username: 'investigator3', roles: ['investigator'], zh: '调查组成员（法制审核员）', en: 'investigator' },
  { username: 'decider1', roles: ['decider'], zh: '委党委会成员（副主任）', en: 'decision-body member' },
  { username: 'decider2', roles: ['decider'], zh: '委党委会成员（纪检组长）', en: 'decision-body member' },
  { username: 'decider3', roles: ['decider'], zh: '委党委会成员（副主任，分管负责人：主要负责人回避时代行）', en: 'decision-body member; deputy for a conflicted main leader' },
  { username: 'subject', roles: ['subject'], zh: '被调查执法人员（已送达处理决定）', en: 'subject of a notified case' },
  { username: 'supervisor', roles: ['supervisor'], zh: '外部监督机关（区司法局行政执法监督，WC-11）', en: 'outside supervisory body (WC-11)' },
  // issue 11: a second commission under the same district supervisor, and the supervisor's read-only account
  { username: 'jt_fazhike', roles: ['clerk'], zh: '区交通委法制科（第二个委员会，巴交问）', en: 'legal-affairs clerk of the transport commission' },
  { username: 'jt_leader', roles: ['leader'], zh: '区交通委主要负责人', en: 'main leader of the transport commission' },
  { username: 'jiandu', roles: ['oversight'], zh: '区司法局执法监督科（只读：两个委员会的案件与统计）', en: 'district enforcement oversight (read-only over both commissions)' },
];

export interface DemoOptions {
  /** 'YYYY-MM-DD'; default: today in China from the clock */
  today?: string;
  seed?: number;
  /** log progress lines */
  log?: (line: string) => void;
}

export interface DemoResult {
  today: string;
  units: number;
  people: number;
  originalCases: number;
  cases: DemoCaseOut[];
  accounts: string[];
  events: number;
}

/** Whether the database holds anything a demo could be mixed into (calendar data does not count). */
export async function holdsUserData(deps: Pick<Deps, 'db'>): Promise<boolean> {
  for (const t of ['users', 'units', 'people', 'cases'] as const) {
    const r = await deps.db.kysely.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(r.n) > 0) return true;
  }
  return false;
}

export async function loadDemo(deps: Deps, opts: DemoOptions = {}): Promise<DemoResult> {
  // Demo rows are never mixed with real ones: a new data folder (or database) is the way to start over.
  if (await holdsUserData(deps)) {
    throw new AppError('PRECONDITION_FAILED', {
      zh: '数据库已有用户或业务数据，演示数据只能载入空数据库（请使用新的 --data 目录或数据库）',
      en: 'the database already holds users or records; demo data loads only into an empty database (use a new --data folder or database)',
    });
  }
  const today = opts.today ?? chinaDate(deps.clock.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new AppError('VALIDATION_FAILED', { zh: `日期格式应为 YYYY-MM-DD：${today}`, en: `date must be YYYY-MM-DD: ${today}` });
  const log = opts.log ?? (() => undefined);
  const rng = new Prng(opts.seed ?? DEMO_SEED);
  const clock = new FixedClock(deps.clock.now());
  const d: Deps = { db: deps.db, files: deps.files, clock };
  await seedCalendarFromPackage(d);

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, PublicUser>();
  const ctxOf = (username: string): (() => Ctx) => () => {
    const u = users.get(username);
    if (!u) throw new Error(`demo account ${username} not created yet`);
    const actor: Actor = { userId: u.id, username: u.username, displayName: u.displayName, roles: u.roles, personId: u.personId, orgId: u.orgId, orgScope: [u.orgId] };
    return { ...d, actor };
  };
  const account = async (username: string, displayName: string, person: DemoPerson | null, org?: { orgId: string; personId: string | null }): Promise<void> => {
    const spec = DEMO_ACCOUNTS.find((a) => a.username === username)!;
    const u = await createUserAsSystem(
      d,
      { username, displayName, password: DEMO_PASSWORD, roles: spec.roles, personId: org ? org.personId : (person?.person.id ?? null), ...(org ? { orgId: org.orgId } : {}) },
      passwordHash,
    );
    if (requiresTotp(spec.roles)) {
      await d.db.kysely.updateTable('users').set({ totp_secret: DEMO_TOTP_SECRET, totp_enabled_at: clock.now().toISOString() }).where('id', '=', u.id).execute();
    }
    users.set(username, u);
  };

  const setup = addDays(today, -1100);
  const tl = new Timeline();
  tl.on(setup, 'organisations', async () => {
    await createDemoOrganisations(d, clock.now().toISOString());
  });
  tl.on(setup, 'administrator accounts', async () => {
    await account('sysadmin', '系统管理员', null);
    await account('secadmin', '安全管理员', null);
    await account('auditor', '安全审计员', null);
  });
  const planted = plantedOriginalCases(today);
  const { registers, planted: plantedOut } = scheduleRegisters(tl, rng, { admin: ctxOf('sysadmin'), clerk: ctxOf('fazhike') }, { setup, today }, planted);
  tl.on(setup, 'accounts', async () => {
    const fzk = registers.byUnit('fzk');
    const root = registers.byUnit('root');
    await account('fazhike', `${fzk[0]!.person.name}（法制科）`, fzk[0]!);
    await account('leader', `${root[0]!.person.name}（主任）`, root[0]!);
    for (const i of [1, 2, 3]) await account(`investigator${i}`, `${fzk[i]!.person.name}（法制科）`, fzk[i]!);
    const deciders = [root[1]!, root[3]!, root[2]!];
    for (const [i, p] of deciders.entries()) await account(`decider${i + 1}`, `${p.person.name}（委党委会）`, p);
    // 回避 (issue 7): decider3, a deputy director, is the 分管负责人 who acts for the director on
    // cases the director must stand aside from.
    await setDeputy(ctxOf('sysadmin')(), { userId: users.get('decider3')!.id });
    // The register of the decision body (FL-15), kept by the legal-affairs section.
    for (const [i, title] of ['委党委委员、副主任', '委党委委员、纪检组长', '委党委委员、副主任'].entries()) {
      await addDecisionBodyMember(ctxOf('fazhike')(), { userId: users.get(`decider${i + 1}`)!.id, title, sortOrder: i + 1 });
    }
    // WC-11: an account of the enforcement-supervision department, outside the commission.
    await account('supervisor', '区司法局行政执法监督科', null);
    await setSupervisorBody(ctxOf('sysadmin')(), users.get('supervisor')!.id, { body: 'supervision', bodyName: '重庆市巴南区司法局（行政执法监督）' });
  });
  const cases = scheduleCases(
    tl,
    rng,
    {
      clerk: ctxOf('fazhike'),
      leader: ctxOf('leader'),
      decider: ctxOf('decider1'),
      clerks: [ctxOf('fazhike')],
      deciders: [ctxOf('decider1'), ctxOf('decider2'), ctxOf('decider3')],
      deputy: ctxOf('decider3'),
      investigators: [ctxOf('investigator1'), ctxOf('investigator2'), ctxOf('investigator3')],
      subject: ctxOf('subject'),
      supervisor: ctxOf('supervisor'),
    },
    today,
    plantedOut,
    async (p) => {
      if (!users.has('subject')) await account('subject', `${p.person.name}（${p.post}）`, p);
    },
  );

  // 回避 (issue 7): a declared relationship (an investigator's close relative is the handler of the
  // registered case: the team candidates show the conflict) and a self-recusal on a case awaiting
  // its decision.
  tl.on(today, 'declared relationship', async () => {
    const oc = plantedOut.get('registered');
    const inv3 = users.get('investigator3');
    if (oc?.handlers[0] && inv3) await declareRelationship(ctxOf('fazhike')(), { userId: inv3.id, relatedPersonId: oc.handlers[0].person.id, kind: 'close_relative', note: '配偶的兄弟' });
  });
  tl.on(today, 'self-recusal', async () => {
    const c = cases.find((x) => x.key === 'findings');
    if (c?.caseId) await selfRecuse(ctxOf('decider2')(), c.caseId, { reason: '与被调查人系同乡同学，主动申请回避' });
  });

  // issue 11: the second commission (its own register, accounts and numbering) and the district supervisor
  let secondReg: Awaited<ReturnType<typeof createSecondCommissionRegister>> | null = null;
  tl.on(addDays(today, -20), 'second commission', async () => {
    const reg = await createSecondCommissionRegister(d);
    secondReg = reg;
    await account('jt_fazhike', '冉晓峰（区交通委法制科）', null, { orgId: DEMO_SECOND_ORG_ID, personId: reg.people.clerk });
    await account('jt_leader', '谭明远（区交通委主任）', null, { orgId: DEMO_SECOND_ORG_ID, personId: reg.people.leader });
    await account('jiandu', '区司法局执法监督科', null, { orgId: DEMO_DISTRICT_ORG_ID, personId: null });
    await createSecondCommissionCases(ctxOf('jt_fazhike')(), ctxOf('jt_leader')(), reg, addDays(today, -20));
  });
  // a report received yesterday, not yet accepted: inside its WC-9(1) 及时受理 target
  tl.on(addDays(today, -1), 'second commission report', async () => {
    if (secondReg) await createSecondCommissionReport(ctxOf('jt_fazhike')(), secondReg, addDays(today, -1));
  });

  log(`演示数据 / demo data: today ${today}, seed ${opts.seed ?? DEMO_SEED}`);
  await tl.play(clock, today);
  // Leave the demo clock at the real present for anything that runs after.
  clock.set(deps.clock.now());
  return {
    today,
    units: Object.keys(registers.units).length,
    people: registers.people.length,
    originalCases: registers.originalCases.length,
    cases,
    accounts: [...users.keys()],
    events: tl.count,
  };
}
