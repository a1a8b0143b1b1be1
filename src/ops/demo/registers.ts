// The demo commission's registers, through the register services: the unit tree, ~40 people
// with posts, enforcement certificates (some expired, suspended, reinstated or revoked, with
// their history), and ~60 original enforcement cases with counterparts and participants (handlers,
// 1–3 approval levels, collective deliberations with each member's opinion, an instructing
// leader, an assigner), WC-5 outcome events and state compensation.
import type { Ctx } from '../../services/context';
import {
  addOriginalCaseCompensation,
  addOriginalCaseOutcome,
  changeCertificateStatus,
  createCertificate,
  createOriginalCase,
  createPerson,
  createUnit,
  type OriginalCaseInput,
  type Person,
  type Unit,
} from '../../services/registers';
import { COMPANY_KINDS, COMPANY_WORDS, GIVEN_NAMES, MATTERS, NUMBER_PREFIX, PROJECT_NAMES, SURNAMES, UNITS, type MatterSpec } from './data';
import { addDays, workday, type Prng } from './prng';
import type { Timeline } from './timeline';

export interface DemoPerson {
  person: Person;
  unitKey: string;
  post: string;
  /** holds (or held) a 行政执法证 */
  certified: boolean;
  certificateId: string | null;
}

export interface DemoOriginalCase {
  id: string;
  number: string;
  title: string;
  kind: MatterSpec['kind'];
  unitKey: string;
  decisionDate: string;
  handlers: DemoPerson[];
  approvers: DemoPerson[];
  deliberation: { chair: DemoPerson; members: { p: DemoPerson; opinion: 'insisted' | 'agreed' | 'dissented' | 'silent' }[] } | null;
  instructingLeader: DemoPerson | null;
  assigner: DemoPerson | null;
  /** WC-5 item of the outcome event recorded against it, if any */
  wc5: { item: number; referenceNo: string; referenceDate: string } | null;
}

export interface DemoRegisters {
  units: Record<string, Unit>;
  people: DemoPerson[];
  byUnit: (key: string) => DemoPerson[];
  head: (key: string) => DemoPerson;
  /** the main leader 委主要负责人 (党委书记、主任) */
  director: DemoPerson;
  originalCases: DemoOriginalCase[];
}

/** A special original case the accountability cases need, planted among the random ones. */
export interface PlantedCase {
  key: string;
  matter: number;
  unitKey: string;
  decisionDate: string;
  /** handler chosen by predicate; default: certified staff of the unit */
  handler?: (p: DemoPerson) => boolean;
  approvalLevels: 1 | 2 | 3;
  deliberation?: 'agreed' | 'one_insisted';
  instructingLeader?: boolean;
  assigner?: boolean;
  wc5?: { item: 1 | 2 | 3 | 4 | 5 | 6; afterDays: number; compensationFen?: number };
}

const ISSUER = '重庆市人民政府';

function uniqueNames(rng: Prng, n: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < n) {
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
    if (!seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return out;
}

/**
 * Schedules the registers on the timeline. `admin` creates units and people on the setup day
 * (the system went live then); the legal-affairs clerk keeps the certificate and case registers.
 * The returned object fills as the timeline plays.
 */
export function scheduleRegisters(
  tl: Timeline,
  rng: Prng,
  actors: { admin: () => Ctx; clerk: () => Ctx },
  dates: { setup: string; today: string },
  planted: PlantedCase[],
): { registers: DemoRegisters; planted: Map<string, DemoOriginalCase> } {
  const units: Record<string, Unit> = {};
  const people: DemoPerson[] = [];
  const originalCases: DemoOriginalCase[] = [];
  const plantedOut = new Map<string, DemoOriginalCase>();
  const byUnit = (key: string): DemoPerson[] => people.filter((p) => p.unitKey === key);
  const head = (key: string): DemoPerson => {
    const p = byUnit(key)[0];
    if (!p) throw new Error(`no staff in ${key}`);
    return p;
  };
  const registers: DemoRegisters = {
    units,
    people,
    byUnit,
    head,
    get director() {
      return head('root');
    },
    originalCases,
  };

  // ---- units and people, on the setup day
  const staffCount = UNITS.reduce((n, u) => n + u.staff, 0);
  const names = uniqueNames(rng, staffCount);
  tl.on(dates.setup, 'units and people', async () => {
    for (const [i, u] of UNITS.entries()) {
      units[u.key] = await createUnit(actors.admin(), {
        name: u.name,
        shortCode: u.shortCode,
        kind: u.kind,
        parentId: u.parent ? units[u.parent]!.id : null,
        sortOrder: i * 10,
      });
    }
    let k = 0;
    for (const u of UNITS) {
      for (let s = 0; s < u.staff; s++) {
        const post = u.posts[s] ?? '科员';
        const name = names[k++]!;
        const person = await createPerson(actors.admin(), {
          name,
          unitId: units[u.key]!.id,
          post,
          employeeNo: `BNZJ${String(k).padStart(4, '0')}`,
          phone: `023-6628${String(1000 + k * 7).slice(-4)}`,
        });
        // 执法辅助人员 (auxiliary staff) never hold a certificate: FL-8(5) / WC-6(2) material.
        const certified = u.enforces && !post.includes('辅助');
        people.push({ person, unitKey: u.key, post, certified, certificateId: null });
      }
    }
  });

  // ---- enforcement certificates, issued over the first months; a few with a history
  const certNo = (i: number): string => `500113${String(2023000 + i * 37).padStart(7, '0')}`.slice(0, 13);
  let certSeq = 0;
  const history: ((p: DemoPerson) => void)[] = [];
  tl.on(addDays(dates.setup, 1), 'certificate plan', async () => {
    const holders = people.filter((p) => p.certified);
    // The deterministic story of certificates (by position among holders):
    //   0: expired some months ago and renewed;   1: expired, never renewed (still enforcing: a WC-6(2) risk)
    //   2: suspended 暂扣 (WC-10(4)) and still suspended;   3: suspended, then reinstated;   4: revoked on leaving enforcement
    holders.forEach((p, i) => {
      const expiredStory = i === 0 || i === 1;
      const validFrom = workday(addDays(dates.setup, expiredStory ? -1500 + i * 30 : rng.int(2, 200)));
      const validTo = expiredStory ? addDays(dates.today, -rng.int(90, 200)) : addDays(validFrom, 5 * 365);
      tl.on(expiredStory ? addDays(dates.setup, 2) : validFrom < dates.setup ? addDays(dates.setup, 2) : validFrom, `certificate ${p.person.name}`, async () => {
        const c = await createCertificate(actors.clerk(), { number: certNo(++certSeq), personId: p.person.id, issuingAuthority: ISSUER, validFrom, validTo });
        p.certificateId = c.id;
        if (i === 0) {
          const renewed = workday(addDays(validTo, rng.int(3, 20)));
          tl.on(renewed, `certificate renewed ${p.person.name}`, async () => {
            const n = await createCertificate(actors.clerk(), { number: certNo(++certSeq), personId: p.person.id, issuingAuthority: ISSUER, validFrom: renewed, validTo: addDays(renewed, 5 * 365) });
            p.certificateId = n.id;
          });
        }
        history[i]?.(p);
      });
    });
  });
  history[2] = (p) => {
    const on = workday(addDays(dates.today, -rng.int(40, 70)));
    tl.on(on, `certificate suspended ${p.person.name}`, async () => {
      await changeCertificateStatus(actors.clerk(), p.certificateId!, {
        to: 'suspended',
        reason: '涉嫌违法实施行政处罚，调查期间暂扣行政执法证',
        reference: '巴住建法〔2026〕31号',
        effectiveDate: on,
      });
    });
  };
  history[3] = (p) => {
    const on = workday(addDays(dates.setup, rng.int(300, 400)));
    tl.on(on, `certificate suspended ${p.person.name}`, async () => {
      await changeCertificateStatus(actors.clerk(), p.certificateId!, { to: 'suspended', reason: '未按规定参加年度执法培训考核', reference: '巴住建法〔2024〕12号', effectiveDate: on });
    });
    const back = workday(addDays(on, rng.int(45, 75)));
    tl.on(back, `certificate reinstated ${p.person.name}`, async () => {
      await changeCertificateStatus(actors.clerk(), p.certificateId!, { to: 'valid', reason: '补考合格，恢复执法资格', reference: '巴住建法〔2024〕19号', effectiveDate: back });
    });
  };
  history[4] = (p) => {
    const on = workday(addDays(dates.setup, rng.int(500, 600)));
    tl.on(on, `certificate revoked ${p.person.name}`, async () => {
      await changeCertificateStatus(actors.clerk(), p.certificateId!, { to: 'revoked', reason: '调离行政执法岗位，注销行政执法证', reference: '巴住建人〔2025〕8号', effectiveDate: on });
    });
  };

  // ---- original enforcement cases
  const counters = new Map<string, number>();
  const numberFor = (kind: MatterSpec['kind'], date: string): string => {
    const key = `${kind}-${date.slice(0, 4)}`;
    const n = (counters.get(key) ?? 0) + rng.int(1, 6);
    counters.set(key, n);
    return `${NUMBER_PREFIX[kind]}〔${date.slice(0, 4)}〕${n}号`;
  };
  const counterpartOf = (m: MatterSpec): OriginalCaseInput['counterpart'] => {
    if (m.counterpart === 'person') {
      return { name: rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES), type: 'person', idNo: `500113********${String(rng.int(1000, 9999))}` };
    }
    return { name: `重庆${rng.pick(COMPANY_WORDS)}${rng.pick(COMPANY_KINDS[m.counterpart])}`, type: 'organisation', idNo: `91500113MA${String(rng.int(10_000_000, 99_999_999))}` };
  };

  interface Plan {
    matter: MatterSpec;
    unitKey: string;
    decisionDate: string;
    planted?: PlantedCase;
  }
  const plans: Plan[] = planted.map((p) => ({ matter: MATTERS[p.matter]!, unitKey: p.unitKey, decisionDate: p.decisionDate, planted: p }));
  const randomCount = 60 - plans.length;
  for (let i = 0; i < randomCount; i++) {
    // Mostly penalties (the bulk of the commission's enforcement), some licences, inspections, compulsion.
    const pool = rng.chance(0.72) ? MATTERS.filter((m) => m.kind === 'penalty') : MATTERS.filter((m) => m.kind !== 'penalty');
    const matter = rng.pick(pool);
    plans.push({ matter, unitKey: rng.pick(matter.units), decisionDate: workday(addDays(dates.today, -rng.int(25, 880))) });
  }
  const plantedHandlers = new Set<DemoPerson>();
  const supervisorOf = (unitKey: string): string => (unitKey.startsWith('zfzd') && unitKey !== 'zfzd' ? 'zfzd' : 'root');

  for (const plan of plans) {
    const { matter, unitKey, decisionDate } = plan;
    const pl = plan.planted;
    const counterpart = counterpartOf(matter);
    const project = rng.pick(PROJECT_NAMES);
    const levels = pl?.approvalLevels ?? (matter.kind === 'penalty' ? rng.pick([1, 2, 2, 3] as const) : rng.pick([1, 2] as const));
    const deliberate = pl ? Boolean(pl.deliberation) : matter.kind === 'penalty' && levels === 3 && rng.chance(0.6);
    const enteredOn = workday(addDays(decisionDate, rng.int(1, 5)));
    tl.on(enteredOn < dates.today ? enteredOn : decisionDate, `original case ${matter.kind} ${decisionDate}`, async () => {
      const staff = byUnit(unitKey).filter((p) => p !== head(unitKey));
      const eligible = staff.filter(pl?.handler ?? ((p: DemoPerson) => p.certified && p.certificateId !== null));
      // a planted case's handler is someone no other planted case has: two accountability cases
      // on one officer would suspend one certificate twice over overlapping periods (refused by
      // the register, as it should be), on the days of the year the draw falls that way
      const unplanted = pl ? eligible.filter((p) => !plantedHandlers.has(p)) : eligible;
      const pool = unplanted.length ? unplanted : eligible.length ? eligible : staff;
      const handlers = rng.sample(pool, pl?.handler ? 1 : Math.min(pool.length, rng.int(1, 2)));
      if (pl) for (const h of handlers) plantedHandlers.add(h);
      // Approval chain (FL-8(2)): the unit head, then the head above (支队长 or the deputy in charge), then the director.
      const chain = [head(unitKey), supervisorOf(unitKey) === 'zfzd' ? head('zfzd') : byUnit('root')[1]!, registers.director];
      const approvers = [...new Set(chain)].filter((p) => !handlers.includes(p)).slice(0, levels);
      let deliberation: DemoOriginalCase['deliberation'] = null;
      if (deliberate) {
        // The case review meeting (案审会): the director in the chair, a deputy director, the
        // heads of the enforcement units concerned. The legal-affairs section is not a member (it
        // handles accountability cases later and would have to stand aside, 回避).
        const members = [...new Set([registers.director, byUnit('root')[1]!, head('zfzd'), head(unitKey)])];
        const insist = pl?.deliberation === 'one_insisted' ? members[1] : null;
        const dissenter = members[members.length - 1];
        deliberation = {
          chair: registers.director,
          members: members.map((p) => ({
            p,
            opinion: p === insist || (insist && p === registers.director) ? ('insisted' as const) : insist && p === dissenter ? ('dissented' as const) : ('agreed' as const),
          })),
        };
      }
      const instructingLeader = pl?.instructingLeader ? byUnit('root')[2]! : null;
      const assigner = pl?.assigner ? head(unitKey) : null;
      const number = numberFor(matter.kind, decisionDate);
      const title = matter.title(counterpart.name, project);
      const created = await createOriginalCase(actors.clerk(), {
        number,
        kind: matter.kind,
        title,
        summary: matter.summary(counterpart.name, project),
        unitId: units[unitKey]!.id,
        decisionDate,
        counterpart,
        handlers: handlers.map((h) => ({ personId: h.person.id })),
        approvers: approvers.map((a, i) => ({ personId: a.person.id, level: i + 1 })),
        deliberation: deliberation
          ? {
              date: addDays(decisionDate, -2),
              chairId: deliberation.chair.person.id,
              members: deliberation.members.map((m) => ({ personId: m.p.person.id, opinion: m.opinion })),
              note: '委党委会会议集体讨论重大行政处罚决定',
            }
          : null,
        instructingLeaders: instructingLeader ? [{ personId: instructingLeader.person.id, note: '电话授意"从快从重"处理' }] : [],
        assigners: assigner ? [{ personId: assigner.person.id, note: '指派执法辅助人员独立办理' }] : [],
      });
      const oc: DemoOriginalCase = {
        id: created.id,
        number,
        title,
        kind: matter.kind,
        unitKey,
        decisionDate,
        handlers,
        approvers,
        deliberation,
        instructingLeader,
        assigner,
        wc5: null,
      };
      originalCases.push(oc);
      if (pl) plantedOut.set(pl.key, oc);
      const wc5 = pl?.wc5 ?? (!pl && matter.kind === 'penalty' && rng.chance(0.1) ? { item: rng.pick([1, 3, 4] as const), afterDays: rng.int(40, 160) } : undefined);
      if (wc5) scheduleOutcome(oc, wc5);
    });
  }

  function scheduleOutcome(oc: DemoOriginalCase, wc5: NonNullable<PlantedCase['wc5']>): void {
    const on = workday(addDays(oc.decisionDate, wc5.afterDays));
    if (on > dates.today) return;
    const year = on.slice(0, 4);
    const ref: Record<number, { issuer: string; referenceNo: string; effect: 'revoked' | 'changed' | 'partly_revoked' | null }> = {
      1: { issuer: '巴南区住房和城乡建设委员会法制科', referenceNo: `巴住建法监〔${year}〕${rng.int(2, 30)}号`, effect: null },
      2: { issuer: '重庆市住房和城乡建设委员会', referenceNo: `渝建法审〔${year}〕${rng.int(10, 90)}号`, effect: null },
      3: { issuer: '重庆市巴南区人民政府', referenceNo: `巴南府复〔${year}〕${rng.int(10, 150)}号`, effect: rng.pick(['revoked', 'changed'] as const) },
      4: { issuer: '重庆市第五中级人民法院', referenceNo: `（${year}）渝05行终${rng.int(100, 600)}号`, effect: rng.pick(['revoked', 'partly_revoked'] as const) },
      5: { issuer: '巴南区住房和城乡建设委员会', referenceNo: `巴住建赔〔${year}〕${rng.int(1, 9)}号`, effect: null },
      6: { issuer: '重庆市住房和城乡建设委员会', referenceNo: `渝建执监〔${year}〕${rng.int(5, 60)}号`, effect: null },
    };
    const r = ref[wc5.item]!;
    oc.wc5 = { item: wc5.item, referenceNo: r.referenceNo, referenceDate: on };
    tl.on(on, `WC-5(${wc5.item}) outcome ${oc.number}`, async () => {
      await addOriginalCaseOutcome(actors.clerk(), oc.id, {
        source: `WC-5(${wc5.item})`,
        effect: r.effect,
        issuer: r.issuer,
        referenceNo: r.referenceNo,
        referenceDate: on,
        note: wc5.item === 3 ? '复议机关认为原处罚认定事实不清、证据不足' : wc5.item === 4 ? '终审判决认为原处罚适用法律错误' : null,
      });
      if (wc5.compensationFen) {
        const paid = workday(addDays(on, 20));
        tl.on(paid, `compensation ${oc.number}`, async () => {
          await addOriginalCaseCompensation(actors.clerk(), oc.id, { amountFen: wc5.compensationFen!, paidDate: paid, decisionNo: `巴住建赔〔${paid.slice(0, 4)}〕${rng.int(1, 9)}号`, note: '行政赔偿已支付' });
        });
      }
    });
  }

  return { registers, planted: plantedOut };
}
