// The demo's accountability cases: one or more in every state of the lifecycle, on both tracks
// (FL fault, WC wrong case), some overdue, each driven through the real case commands by the
// user whose step it is (clerk, main leader, decision body, investigators, the subject), on the
// dates the steps happened. Evidence, findings, decisions, notices, defences and appeals,
// execution and payments exist exactly as far as each case's state requires.
import type { CaseState, Track } from '../../domain/cases';
import { isAppError } from '../../errors';
import { createCase, holdMeeting, performAction, stepToward, type DriveActors } from '../../services/cases';
import { latestRecommendation } from '../../services/cases/recommendation';
import { defaultExecutionInput } from '../../services/cases/steps-execution';
import { decideMyReferral } from '../../services/supervision/service';
import type { Ctx } from '../../services/context';
import type { CaseAction } from '../../domain/cases/actions';
import { REPORT_TEXTS } from './data';
import { chinaDate } from '../../lib/clock';
import { conflictsOf, impartialityParams } from '../../policies/recusal';
import { loadRecusalFacts, personActorOf } from '../../policies/recusal-repo';
import { addDays, type Prng } from './prng';
import type { DemoOriginalCase, DemoPerson, PlantedCase } from './registers';
import type { Timeline } from './timeline';

/** The original cases the accountability cases are about (planted among the random ones). */
export function plantedOriginalCases(today: string): PlantedCase[] {
  const d = (days: number): string => addDays(today, -days);
  return [
    { key: 'closedA', matter: 0, unitKey: 'zfzd1', decisionDate: d(330), approvalLevels: 2, wc5: { item: 3, afterDays: 150 } },
    { key: 'closedB', matter: 3, unitKey: 'zfzd2', decisionDate: d(300), approvalLevels: 1 },
    { key: 'executing', matter: 1, unitKey: 'zfzd2', decisionDate: d(400), approvalLevels: 3, deliberation: 'one_insisted', wc5: { item: 5, afterDays: 200, compensationFen: 1_860_000 } },
    { key: 'notified', matter: 6, unitKey: 'fdcglk', decisionDate: d(260), approvalLevels: 2 },
    { key: 'decided', matter: 4, unitKey: 'zaz', decisionDate: d(240), approvalLevels: 2, wc5: { item: 4, afterDays: 110 } },
    { key: 'findings', matter: 8, unitKey: 'wyzx', decisionDate: d(200), approvalLevels: 1, instructingLeader: true },
    { key: 'overdue', matter: 1, unitKey: 'zfzd1', decisionDate: d(220), approvalLevels: 1, assigner: true, handler: (p) => p.post.includes('辅助') },
    { key: 'investigating', matter: 9, unitKey: 'jzglk', decisionDate: d(150), approvalLevels: 2, wc5: { item: 1, afterDays: 80 } },
    { key: 'team', matter: 2, unitKey: 'zfzd2', decisionDate: d(120), approvalLevels: 2 },
    { key: 'reported', matter: 7, unitKey: 'fdcglk', decisionDate: d(100), approvalLevels: 1 },
    { key: 'registered', matter: 5, unitKey: 'zaz', decisionDate: d(90), approvalLevels: 1, wc5: { item: 2, afterDays: 60 } },
    { key: 'accepted', matter: 10, unitKey: 'zfzd2', decisionDate: d(70), approvalLevels: 1 },
    { key: 'other', matter: 3, unitKey: 'zfzd1', decisionDate: d(180), approvalLevels: 1 },
  ];
}

type Finding = {
  role: 'handler' | 'approver' | 'final_approver' | 'deliberation_chair' | 'deliberation_insisting_member' | 'instructing_leader' | 'assigner';
  faults: string[];
  culpability: 'intent' | 'negligence' | 'gross_negligence';
  circumstances?: string[];
  harm?: 'none' | 'minor' | 'serious';
  influence?: 'none' | 'bad' | 'very_bad';
  narrative: string;
};

interface CasePlan {
  key: string;
  target: CaseState;
  original: string | null;
  source: 'report' | 'wc5';
  tracks: Track[];
  anonymous?: boolean;
  /** days from the last step to today */
  slack: number;
  /** days under investigation before findings are submitted (FL-16: 60) */
  investigationDays?: number;
  investigator: 1 | 2 | 3;
  subjects: (oc: DemoOriginalCase) => { p: DemoPerson; finding: Finding }[];
  /** the decision body's forms per subject index (the recommendation's lightest when absent) */
  forms?: string[][];
  /** the written reason when those forms leave the recommended range */
  departureReason?: string;
  compensationFen?: number;
  transfer?: boolean;
}

const handlerFinding = (faults: string[], narrative: string, extra: Partial<Finding> = {}): Finding => ({ role: 'handler', faults, culpability: 'negligence', narrative, ...extra });

function plans(): CasePlan[] {
  const h = (oc: DemoOriginalCase): DemoPerson => oc.handlers[0]!;
  return [
    {
      key: 'closedA', target: 'closed', original: 'closedA', source: 'wc5', tracks: ['WC', 'FL'], slack: 40, investigator: 1,
      subjects: (oc) => [
        { p: h(oc), finding: handlerFinding(['FL-7(3)', 'WC-6(5)'], '现场勘验笔录与照片不能证明施工已开工，主要证据不足即作出处罚，复议被撤销。', { circumstances: ['FL-9(2)'] }) },
        { p: oc.approvers[oc.approvers.length - 1]!, finding: { role: 'final_approver', faults: ['FL-7(3)'], culpability: 'negligence', narrative: '审批时未发现证据不足的问题，对承办人的错误意见失察（FL-8(2)）。' } },
      ],
    },
    {
      key: 'closedB', target: 'closed', original: 'closedB', source: 'report', tracks: ['FL'], slack: 18, investigator: 2,
      subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['FL-7(5)'], '未告知当事人陈述申辩权利即作出处罚决定，违反法定程序。', { circumstances: ['FL-9(1)'] }) }],
      // The decision body goes beyond the FL-9 range, in writing: the departure is recorded and reported.
      // Executed in the registers: certificate suspended for the period, post and unit changed with history.
      forms: [['FL-6(3)', 'FL-6(4)']],
      departureReason: '同类程序违法半年内第二次发生，当事人投诉强烈，经集体讨论决定停止其执行职务一个月并调离执法岗位。',
    },
    {
      key: 'executing', target: 'executing', original: 'executing', source: 'wc5', tracks: ['WC', 'FL'], slack: 9, investigator: 3, compensationFen: 600_000,
      subjects: (oc) => [
        { p: h(oc), finding: handlerFinding(['WC-6(6)', 'FL-7(2)'], '违法强制拆除当事人彩钢棚，造成财产损失，已给予行政赔偿。', { culpability: 'gross_negligence', harm: 'serious', influence: 'bad' }) },
        { p: oc.deliberation!.chair, finding: { role: 'deliberation_chair', faults: ['FL-7(4)'], culpability: 'negligence', harm: 'serious', influence: 'bad', narrative: '主持集体讨论时对明显违法的强制措施方案未予纠正（FL-8(3)）。' } },
      ],
      forms: [['WC-10(4)', 'FL-13'], ['FL-6(2)']],
    },
    {
      key: 'notified', target: 'notified', original: 'notified', source: 'report', tracks: ['FL'], slack: 4, investigator: 1,
      subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['FL-7(6)'], '对举报的违法预售行为拖延 4 个月未立案查处，造成购房人损失扩大。', { influence: 'bad' }) }],
    },
    {
      key: 'decided', target: 'decided', original: 'decided', source: 'wc5', tracks: ['WC'], slack: 2, investigator: 2,
      subjects: (oc) => [
        { p: h(oc), finding: handlerFinding(['WC-6(4)'], '适用《建设工程安全生产管理条例》条款错误，终审判决撤销原处罚。', { circumstances: ['WC-7(1)'] }) },
        { p: oc.approvers[0]!, finding: { role: 'approver', faults: ['WC-6(4)'], culpability: 'negligence', narrative: '审核时未发现适用依据错误。' } },
      ],
    },
    {
      key: 'findings', target: 'findings_submitted', original: 'findings', source: 'report', tracks: ['FL'], slack: 3, investigator: 3,
      subjects: (oc) => [
        { p: oc.instructingLeader!, finding: { role: 'instructing_leader', faults: ['FL-7(1)'], culpability: 'intent', harm: 'minor', influence: 'bad', narrative: '电话授意承办人对投诉物业企业"从快从重"处罚，干预正常执法（FL-8(4)）。' } },
        { p: h(oc), finding: handlerFinding(['FL-7(4)'], '按授意适用从重条款，罚款幅度明显不当。', { circumstances: ['FL-9(2)'] }) },
      ],
    },
    {
      key: 'overdue', target: 'investigating', original: 'overdue', source: 'report', tracks: ['WC', 'FL'], slack: 0, investigationDays: 72, investigator: 1,
      subjects: (oc) => [
        { p: h(oc), finding: handlerFinding(['WC-6(2)'], '执法辅助人员无《行政执法证》独立实施行政处罚。') },
        { p: oc.assigner!, finding: { role: 'assigner', faults: ['FL-7(8)'], culpability: 'negligence', narrative: '指派无执法资格人员独立办案（FL-8(5)）。' } },
      ],
    },
    {
      key: 'investigating', target: 'investigating', original: 'investigating', source: 'wc5', tracks: ['WC'], slack: 0, investigationDays: 20, investigator: 2,
      subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['WC-6(5)'], '（调查中）') }],
    },
    { key: 'team', target: 'team_appointed', original: 'team', source: 'report', tracks: ['FL'], slack: 2, investigator: 3, subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['FL-7(8)'], '') }] },
    { key: 'reported', target: 'reported', original: 'reported', source: 'report', tracks: ['FL'], slack: 1, investigator: 1, subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['FL-7(8)'], '') }] },
    { key: 'registered', target: 'registered', original: 'registered', source: 'wc5', tracks: ['WC'], slack: 3, investigator: 2, subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['WC-6(3)'], '') }] },
    { key: 'accepted', target: 'accepted', original: 'accepted', source: 'report', tracks: ['FL'], slack: 2, investigator: 1, subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['FL-7(8)'], '') }] },
    // WC-9(1): accepted as outside the Commission's competence 5 days ago and not yet transferred — overdue.
    { key: 'to_transfer', target: 'to_transfer', original: null, source: 'report', tracks: ['FL'], slack: 5, investigator: 1, subjects: () => [], transfer: true },
    { key: 'intake', target: 'intake', original: null, source: 'report', tracks: ['FL'], anonymous: true, slack: 1, investigator: 1, subjects: () => [] },
    { key: 'not_accepted', target: 'not_accepted', original: null, source: 'report', tracks: ['FL'], anonymous: true, slack: 35, investigator: 1, subjects: () => [] },
    { key: 'transferred', target: 'transferred', original: null, source: 'report', tracks: ['FL'], slack: 58, investigator: 1, subjects: () => [], transfer: true },
    { key: 'not_registered', target: 'not_registered', original: 'other', source: 'report', tracks: ['FL'], slack: 44, investigator: 2, subjects: (oc) => [{ p: h(oc), finding: handlerFinding(['FL-7(8)'], '') }] },
  ];
}

const MAIN_LINE: CaseState[] = ['intake', 'accepted', 'registered', 'reported', 'team_appointed', 'investigating', 'findings_submitted', 'decided', 'notified', 'executing', 'closed'];
/** days each step of the main line takes after the previous one */
const GAP: Partial<Record<CaseState, number>> = {
  accepted: 1,
  registered: 6,
  reported: 1,
  team_appointed: 2,
  investigating: 3,
  findings_submitted: 35,
  decided: 8,
  notified: 3,
  executing: 5,
  closed: 24,
};

export interface DemoCaseActors {
  clerk: () => Ctx;
  leader: () => Ctx;
  decider: () => Ctx;
  /** the three members of the decision body (委党委会), decider1 first (who chairs) */
  deciders: (() => Ctx)[];
  investigators: (() => Ctx)[];
  /** further clerks: a case takes the first who need not stand aside (回避); deciders likewise */
  clerks?: (() => Ctx)[];
  /** the deputy (分管负责人) who acts for a conflicted main leader */
  deputy?: () => Ctx;
  /** the account of a subject (its person id fixed when the case world is known) */
  subject: () => Ctx;
  /** the outside enforcement-supervision department's account (WC-11) */
  supervisor?: () => Ctx;
}

export interface DemoCaseOut {
  key: string;
  target: CaseState;
  caseId: string | null;
  number: string | null;
}

/**
 * Schedules the accountability cases. `onSubject` learns the person of the "notified" case's
 * handler, who gets the demo `subject` account and states a defence.
 */
export function scheduleCases(
  tl: Timeline,
  rng: Prng,
  actors: DemoCaseActors,
  today: string,
  planted: Map<string, DemoOriginalCase>,
  onSubject: (p: DemoPerson) => Promise<void>,
): DemoCaseOut[] {
  const out: DemoCaseOut[] = [];
  for (const plan of plans()) {
    // Who takes each role on this case: the first of the pool not bound to stand aside (回避,
    // src/policies/recusal.ts); a conflicted main leader's steps go to the deputy (分管负责人).
    const chosen: { clerk?: () => Ctx; leader?: () => Ctx; decider?: () => Ctx } = {};
    const pick = {
      clerk: (): Ctx => (chosen.clerk ?? actors.clerk)(),
      leader: (): Ctx => (chosen.leader ?? actors.leader)(),
      decider: (): Ctx => (chosen.decider ?? actors.decider)(),
    };
    const rec: DemoCaseOut = { key: plan.key, target: plan.target, caseId: null, number: null };
    out.push(rec);
    // The path and the day of each step, counted back from today.
    const path: CaseState[] =
      plan.target === 'not_accepted' ? ['intake', 'not_accepted']
      : plan.target === 'to_transfer' ? ['intake', 'to_transfer']
      : plan.target === 'transferred' ? ['intake', 'to_transfer', 'transferred']
      : plan.target === 'not_registered' ? ['intake', 'accepted', 'not_registered']
      : MAIN_LINE.slice(0, MAIN_LINE.indexOf(plan.target) + 1);
    const gaps = path.map((s, i) => (i === 0 ? 0 : s === 'findings_submitted' ? (plan.investigationDays ?? GAP.findings_submitted!) : (GAP[s] ?? 2)));
    if (plan.target === 'investigating') gaps[gaps.length - 1] = GAP.investigating!;
    const total = gaps.reduce((a, b) => a + b, 0) + (plan.target === 'investigating' ? (plan.investigationDays ?? 0) - GAP.investigating! : 0);
    let day = addDays(today, -(total + plan.slack));
    const dates = path.map((_s, i) => (day = addDays(day, gaps[i]!)));
    const drive = (): DriveActors => ({
      clerk: pick.clerk(),
      leader: pick.leader(),
      decider: pick.decider(),
      deciders: (actors.deciders ?? [actors.decider]).map((f) => f()),
      investigator: actors.investigators[plan.investigator - 1]!(),
    });
    let subjects: { p: DemoPerson; finding: Finding }[] = [];

    // Intake.
    tl.on(dates[0]!, `case ${plan.key}: intake`, async () => {
      const oc = plan.original ? planted.get(plan.original) : undefined;
      if (plan.original && !oc) throw new Error(`planted original case ${plan.original} missing`);
      subjects = oc ? plan.subjects(oc) : [];
      const r = await createCase(actors.clerk(), {
        source: plan.source,
        tracks: plan.tracks,
        receivedOn: dates[0]!,
        summary: plan.source === 'wc5' && oc?.wc5 ? `${oc.number}《${oc.title}》经 WC-5(${oc.wc5.item}) 认定存在错误（${oc.wc5.referenceNo}），启动错案责任倒查。` : rng.pick(REPORT_TEXTS) + (oc ? `涉及案件：${oc.number}。` : ''),
        ...(plan.source === 'report'
          ? {
              channel: plan.anonymous ? 'online' : rng.pick(['letter', 'visit', 'phone'] as const),
              reporter: plan.anonymous ? { anonymous: true } : { anonymous: false, name: `${rng.pick(['刘', '郑', '曹', '邹'])}${rng.pick(['先生', '女士'])}`, phone: `1390236${String(rng.int(1000, 9999))}`, address: '重庆市巴南区鱼洞街道' },
            }
          : { wc5: { item: oc?.wc5?.item ?? 1, referenceNo: oc?.wc5?.referenceNo ?? '巴住建法监〔2026〕3号', referenceDate: oc?.wc5?.referenceDate ?? dates[0]!, ...(oc ? { originalCaseId: oc.id } : {}) } }),
        ...(oc ? { originalCaseId: oc.id, subjectPersonIds: subjects.map((s) => s.p.person.id) } : {}),
      });
      rec.caseId = r.caseId;
      rec.number = r.number;
      chosen.clerk = (await firstUnconflicted(actors.clerks ?? [actors.clerk], r.caseId)) ?? actors.clerk;
      chosen.decider = (await firstUnconflicted(actors.deciders ?? [actors.decider], r.caseId)) ?? actors.decider;
      chosen.leader = (await firstUnconflicted([actors.leader], r.caseId)) ?? actors.deputy ?? actors.leader;
    });

    // Each further step on its day.
    path.slice(1).forEach((state, i) => {
      const date = dates[i + 1]!;
      tl.on(date, `case ${plan.key}: → ${state}`, async () => {
        const id = rec.caseId!;
        const a = drive();
        if (state === 'investigating') {
          await stepToward(a, id, 'investigating', { on: date });
          scheduleInvestigation(date);
          return;
        }
        if (state === 'findings_submitted') {
          for (const s of subjects) await recordFinding(a.investigator, id, s.p, s.finding, date);
          await stepToward(a, id, 'findings_submitted', { on: date });
          return;
        }
        if (state === 'decided') {
          await decide(a, id, date);
          // The "decided" case: one of two subjects served so far.
          if (plan.target === 'decided') tl.on(addDays(date, 1), `case ${plan.key}: first notice`, async () => act(pick.clerk(), id, 'notify', { subjectPersonId: subjects[0]!.p.person.id, notifiedOn: addDays(date, 1), method: 'in_person' }));
          return;
        }
        if (state === 'notified') {
          // WC-11: the subjects who go on to state a defence or appeal were served without a
          // written waiver of the defence (the other served cases carry one on their service record)
          // (only that subject: the period of a subject served without a waiver holds execution, and
          // a decision changed on the appellant's appeal is served on them again, WC-11)
          if (['notified', 'closedA', 'closedB'].includes(plan.key)) await act(a.clerk, id, 'notify', { subjectPersonId: subjects[0]!.p.person.id, notifiedOn: date, method: 'in_person' });
          await loopUntil(a, id, 'notified', date);
          if (plan.key === 'notified') scheduleDefence(date);
          if (plan.key === 'closedA') scheduleAppeal(date);
          if (plan.key === 'closedB') scheduleDefenceReview(date);
          return;
        }
        if (state === 'executing') {
          // WC-11: a decision changed on an appeal (closedA) is served on the appellant first
          await loopUntil(a, id, 'executing', date);
          if (plan.target === 'executing') schedulePartialExecution(date);
          return;
        }
        if (state === 'closed') {
          await completeExecution(a.clerk, id, date, 'all');
          await loopUntil(a, id, 'closed', date);
          return;
        }
        await stepToward(a, id, state, { on: date, ...(plan.transfer ? { transfer: true } : {}) });
      });
    });

    const scheduleInvestigation = (started: string): void => {
      const span = plan.target === 'investigating' ? (plan.investigationDays ?? 20) : (plan.investigationDays ?? GAP.findings_submitted!);
      const evidence = evidenceFor(plan.key);
      evidence.forEach((e, k) => {
        const on = addDays(started, Math.max(1, Math.round(((k + 1) * span) / (evidence.length + 1))));
        if (on >= today) return;
        tl.on(on, `case ${plan.key}: evidence ${k + 1}`, async () => {
          // The case file comes as a scanned attachment (stored content-addressed, SHA-256).
          const file = e.kind === 'document' ? { content: Buffer.from(caseFileIndex(plan.key, on), 'utf8'), filename: '原处罚案卷目录.txt', mimeType: 'text/plain; charset=utf-8' } : undefined;
          await act(actors.investigators[plan.investigator - 1]!(), rec.caseId!, 'record_evidence', { ...e, collectedOn: on }, file);
        });
      });
      // The overdue case: findings recorded for the first subject only; the second is still open.
      if (plan.key === 'overdue') {
        const on = addDays(started, 50);
        tl.on(on, `case ${plan.key}: first finding`, async () => recordFinding(actors.investigators[0]!(), rec.caseId!, subjects[0]!.p, subjects[0]!.finding, on));
      }
    };

    // FL-15 / WC-9(3): the decision is taken at a real meeting of the three deciders, each
    // confirming their own opinion. On closedB one member declares recusal (自行回避); members
    // who took part in the original case (approver, deliberation member) or are its subjects
    // stand aside automatically (src/policies/recusal.ts), e.g. decider1 on the executing case.
    // On closedA, where all three attend, one member's opinion is recorded by the clerk and not
    // confirmed, so the chair closes the meeting listing the missing confirmation (at least two
    // present members must still confirm their own: a meeting with one recused member could not).
    const decide = async (a: DriveActors, id: string, date: string): Promise<void> => {
      const itemsOf = async () => {
        const recm = await latestRecommendation(a.clerk.db.kysely, id);
        return subjects.map((s, k) => {
          const range = recm?.ranges.get(s.p.person.id);
          const wanted = plan.forms?.[k];
          const lightest = range?.permitted.length ? [range.permitted[0]!] : [plan.tracks.includes('FL') ? 'FL-6(2)' : 'WC-10(1)'];
          const forms = (wanted ?? lightest).filter((f) => f !== 'FL-13');
          const departs = range ? forms.some((f) => !range.permitted.includes(f)) : false;
          // FL-13 (SCL-16): the recovery follows the engine's default share when it has one.
          const defaultFen = range?.compensation?.recoverable ? range.compensation.defaultFen : undefined;
          return { subjectPersonId: s.p.person.id, forms, departs, defaultFen };
        });
      };
      const [d1, d2, d3] = a.deciders!;
      const meetingId = await holdMeeting(a, id, 'decision', async (m) => ({ items: (await itemsOf()).map(({ subjectPersonId, forms }) => ({ subjectPersonId, forms, noAccountability: false })), remark: m === d1 ? '同意调查组认定意见和处理建议。' : m === d3 ? '同意，建议在全委通报以示警示。' : '同意。' }), {
        on: date,
        ...(plan.key === 'closedB' ? { recusals: [{ member: d3!, reason: '与被调查人系同一届培训班同学，关系密切，自行回避。' }] } : {}),
        ...(plan.key === 'closedA' ? { unconfirmed: [d2!] } : {}),
        minutes: '会议听取了法制科关于调查情况的汇报和规则引擎处理建议，经集体讨论，形成处理决定。',
      });
      const items = (await itemsOf()).map(({ subjectPersonId, forms, departs, defaultFen }, k) => ({
        subjectPersonId,
        forms,
        // A planned departure states its reason.
        ...(departs || (plan.forms?.[k] && plan.departureReason) ? { departureReason: plan.departureReason ?? '造成国家赔偿、社会影响较大，经集体讨论决定暂扣其行政执法证。' } : {}),
        ...(k === 0 && plan.compensationFen ? { compensationFen: defaultFen ?? plan.compensationFen } : {}),
        reason: subjects[k]!.finding.narrative,
      }));
      await act(a.decider, id, 'decide', { publicationScope: 'commission', publicationChannel: '委内会议通报', meetingId, items });
    };

    const scheduleDefence = (served: string): void => {
      const on = addDays(served, 2);
      tl.on(on, `case ${plan.key}: subject's defence`, async () => {
        await onSubject(subjects[0]!.p);
        await act(actors.subject(), rec.caseId!, 'file_defence', {
          subjectPersonId: subjects[0]!.p.person.id,
          kind: 'defence',
          filedOn: on,
          statement: '本人对认定的拖延履职事实有异议：该举报件转办至本科室时已超过两个月，且期间按规定进行了现场核查，有检查记录为证，请求重新核实。',
        });
      });
    };

    // WC-11: a defence (陈述申辩) stays with the commission, which reviews it at a meeting of the
    // decision body (purpose 'appeal'); an appeal (申诉) goes outside (closedA below).
    const scheduleDefenceReview = (served: string): void => {
      const filed = addDays(served, 1);
      tl.on(filed, `case ${plan.key}: defence`, async () => {
        await act(pick.clerk(), rec.caseId!, 'file_defence', {
          subjectPersonId: subjects[0]!.p.person.id,
          kind: 'defence',
          filedOn: filed,
          statement: '当事人提出书面陈述申辩：认为调离执法岗位过重，请求从轻处理。',
        });
      });
      const reviewed = addDays(served, 2);
      tl.on(reviewed, `case ${plan.key}: defence reviewed at a meeting`, async () => {
        const id = rec.caseId!;
        const a = drive();
        const appeal = await a.clerk.db.kysely.selectFrom('case_appeals').select('id').where('case_id', '=', id).where('kind', '=', 'defence').executeTakeFirstOrThrow();
        const meetingId = await holdMeeting(a, id, 'appeal', () => ({ outcome: 'upheld' }), { on: reviewed, appealId: appeal.id, minutes: '会议复核当事人的陈述申辩，认为其理由不能成立，维持原处理决定。' });
        await act(a.decider, id, 'decide_appeal', { meetingId, appealId: appeal.id, outcome: 'upheld', decidedOn: reviewed, reason: '同类程序违法半年内第二次发生，陈述申辩理由不能成立，维持原处理决定。' });
      });
    };

    const scheduleAppeal = (served: string): void => {
      const filed = addDays(served, 3);
      tl.on(filed, `case ${plan.key}: appeal`, async () => {
        await act(pick.clerk(), rec.caseId!, 'file_defence', {
          subjectPersonId: subjects[0]!.p.person.id,
          kind: 'appeal',
          appealBody: 'supervision',
          filedOn: filed,
          statement: '申诉人认为已主动纠正错误，依 FL-9(2) 应从轻处理，请求变更处理决定。',
        });
      });
      // WC-11: the appeal goes to the enforcement-supervision department (the demo `supervisor`
      // account), which decides it; the commission executes that decision.
      tl.on(filed, `case ${plan.key}: appeal sent to the supervision department`, async () => {
        const id = rec.caseId!;
        const appeal = await pick.clerk().db.kysely.selectFrom('case_appeals').select('id').where('case_id', '=', id).orderBy('filed_on', 'desc').executeTakeFirstOrThrow();
        await act(pick.clerk(), id, 'refer_appeal', { appealId: appeal.id, sentOn: filed, letterNo: `巴住建问移〔${filed.slice(0, 4)}〕3号`, bodyName: '重庆市巴南区司法局（行政执法监督）' });
      });
      const decided = addDays(served, 4);
      tl.on(decided, `case ${plan.key}: appeal decided by the supervision department`, async () => {
        const id = rec.caseId!;
        const ref = await pick.clerk().db.kysely.selectFrom('appeal_referrals').select(['id', 'appeal_id']).where('case_id', '=', id).executeTakeFirstOrThrow();
        await decideMyReferral(actors.supervisor!(), ref.id, { outcome: 'changed', decidedOn: decided, reason: '申诉人及时承认并主动纠正错误，符合 FL-9(2)，变更为批评教育。', forms: ['FL-6(1)'] });
        await act(pick.clerk(), id, 'execute_supervision_decision', { appealId: ref.appeal_id, executedOn: decided });
      });
    };

    const schedulePartialExecution = (started: string): void => {
      const on = addDays(started, 3);
      tl.on(on, `case ${plan.key}: certificate suspended, first instalment`, () => completeExecution(pick.clerk(), rec.caseId!, on, 'partial'));
    };
  }
  return out;
}

async function act(ctx: Ctx, caseId: string, action: CaseAction, input: Record<string, unknown>, file?: { content: Buffer; filename: string; mimeType: string }): Promise<void> {
  const row = await ctx.db.kysely.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
  await performAction(ctx, caseId, action, { expectedVersion: row.version, ...input }, file ? { file } : {});
}

function caseFileIndex(key: string, on: string): string {
  return [
    `原行政处罚案卷目录（调阅日期 ${on}，案件 ${key}）`,
    '1. 立案审批表',
    '2. 现场检查（勘验）笔录及照片',
    '3. 调查询问笔录',
    '4. 行政处罚事先告知书及送达回证',
    '5. 陈述申辩记录',
    '6. 法制审核意见',
    '7. 行政处罚决定书及送达回证',
    '8. 罚没款缴纳凭证',
  ].join('\n');
}

/**
 * Works through the open execution items in a fixed order (kind, then subject): certificate
 * suspensions, post changes, award bars; compensation recovery paid in full ('all') or a first
 * third ('partial', which also leaves post changes open).
 */
async function completeExecution(ctx: Ctx, caseId: string, on: string, how: 'all' | 'partial'): Promise<void> {
  const items = await ctx.db.kysely
    .selectFrom('case_execution_items')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', '=', 'open')
    .orderBy('kind')
    .orderBy('subject_person_id')
    .execute();
  for (const it of items) {
    if (it.kind === 'compensation_recovery') {
      const amount = how === 'all' ? Number(it.amount_fen) : Math.floor(Number(it.amount_fen) / 3);
      await act(ctx, caseId, 'record_payment', { itemId: it.id, amountFen: amount, paidOn: on, note: how === 'all' ? '追偿款已全额缴纳' : '第一期追偿款' });
    } else if (how === 'all' || it.kind !== 'post_change') {
      await act(ctx, caseId, 'complete_execution_item', { itemId: it.id, doneOn: on, ...defaultExecutionInput(it.kind, on, it.amount_fen === null ? null : Number(it.amount_fen)) });
    }
  }
}

/** The first account of the pool with no recusal ground on the case (the pack's parameters of today). */
async function firstUnconflicted(pool: (() => Ctx)[], caseId: string): Promise<(() => Ctx) | null> {
  for (const f of pool) {
    const c = f();
    const rf = await loadRecusalFacts(c.db.kysely, caseId);
    const who = (await personActorOf(c.db.kysely, c.actor.userId)) ?? { userId: c.actor.userId, personId: c.actor.personId, name: c.actor.displayName };
    if (!conflictsOf(rf, who, impartialityParams(chinaDate(c.clock.now()))).length) return f;
  }
  return null;
}

async function loopUntil(a: DriveActors, caseId: string, target: CaseState, date: string, opts: { keepDefencePeriod?: boolean } = {}): Promise<void> {
  for (let i = 0; i < 30; i++) if (!(await stepToward(a, caseId, target, { on: date, ...opts }))) return;
  throw new Error(`case did not reach ${target}`);
}

async function recordFinding(inv: Ctx, caseId: string, p: DemoPerson, f: Finding, on: string): Promise<void> {
  try {
    await act(inv, caseId, 'record_finding', {
      subjectPersonId: p.person.id,
      faults: f.faults,
      culpability: f.culpability,
      roleInOriginalCase: f.role,
      circumstances: f.circumstances ?? [],
      consequences: { harm: f.harm ?? 'minor', influence: f.influence ?? 'none', crimeSuspected: false },
      narrative: f.narrative || '经调查核实，认定如上。',
      conductDate: on,
    });
  } catch (err) {
    if (isAppError(err)) (err as Error).message += ` ${JSON.stringify(err.details ?? {})}`;
    throw err;
  }
}

function evidenceFor(key: string): { kind: 'document' | 'interview_record' | 'site_inspection' | 'statement'; title: string; source: string; description?: string; textContent?: string }[] {
  const base = [
    { kind: 'document' as const, title: '原行政处罚案卷（复印件）', source: '调阅建设工程执法支队档案室', description: '含立案审批表、现场检查笔录、调查询问笔录、处罚决定书及送达回证。' },
    {
      kind: 'interview_record' as const,
      title: '对承办人的询问笔录',
      source: '调查组询问',
      textContent: '问：你在办理该案时是否对现场进行了勘验？答：去过现场一次，拍了照片，但没有制作勘验笔录。问：处罚决定前是否告知当事人陈述申辩权利？答：口头告知过，没有书面记录。',
    },
    { kind: 'statement' as const, title: '行政相对人情况说明', source: '询问行政相对人', textContent: '当事人称执法人员未出示执法证件，处罚决定书送达时才知道罚款金额。' },
    { kind: 'site_inspection' as const, title: '现场核查记录', source: '调查组现场核查', description: '现场核查发现涉案建筑已按整改要求拆除。' },
  ];
  return key === 'investigating' ? base.slice(0, 2) : base;
}
