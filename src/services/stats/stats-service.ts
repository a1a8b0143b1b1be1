// The year's figures (domain.md §6): cases by source (FL-4 report / WC-5 items), by fault type
// (FL-7 and WC-6 items found), by unit, by form of accountability decided, by state; time to
// close; deadlines overdue or met late (WC-9(1), FL-16); appeal outcomes (WC-11); and the
// award bars of the year (FL-14, WC-10(3)). Each figure is a table of {key, label, count}, so
// the page charts it and the same rows export to Excel.
//
// Issue 12 point 6: every count is tallied from a list of the cases (or decisions) behind it, so
// a figure drills down to exactly that list (`statsDrill`); several years side by side
// (`statsYears`); people with two or more cases (`repeatSubjects`); units always by name; the
// decisions imported from before go-live (issue 12 point 5) are included and marked; the year's
// campaign results (案卷评查: files by grade, files judged wrong) and alerts (by rule and level, by
// status), each drilling down to its files or alerts.
import { z } from 'zod';
import { STATE_LABELS, CASE_STATES, type CaseState } from '../../domain/cases/states';
import { CITATION_LABELS } from '../../domain/cases/citations';
import { ACTION_DEFS, type CaseAction } from '../../domain/cases/actions';
import { chinaDate } from '../../lib/clock';
import { parseInput } from '../../lib/validation';
import { AppError } from '../../errors';
import { authorize } from '../../policies/roles';
import { CASE_WITHHELD, subjectsShownTo } from '../../policies/cases';
import { chosenScope, orgChoiceFilter, readableOrgIds } from '../../policies/org-scope';
import type { Ctx } from '../context';
import { historicalAwardBars, historicalSubjects } from '../../repositories/history/history-repo';
import { peopleByIds } from '../cases/registers-adapter';
import { drainStatsDirty } from '../../repositories/stats/stats-counters';
import { alertsOfYear, campaignFilesOfYear, caseRefs, organisationsInOrder, subjectsOfYears, SQL_FIGURES, yearAggregates, yearFigureRefs } from '../../repositories/stats/stats-repo';
import { GRADE_LABELS, gradeOf, type Checklist } from '../../domain/campaigns/checklist';
import { ALERT_LEVEL_LABELS, ALERT_RULE_LABELS, type AlertLevel, type AlertRuleCode } from '../alerts/alert-rules';

export const statsQuerySchema = z.object({
  year: z.coerce.number().int().min(2019).max(2100).optional(),
  /** issue 11: one organisation of the caller's scope (a supervisor's per-organisation figures); absent: every organisation of the scope, rolled up */
  orgId: z.string().min(1).max(64).optional(),
});

const rowOut = z.object({ key: z.string(), zh: z.string(), en: z.string(), count: z.number() });
export const statsTableOut = z.object({ id: z.string(), zh: z.string(), en: z.string(), rows: z.array(rowOut) });
export const statsOut = z.object({
  year: z.number().int(),
  asOf: z.string(),
  totals: z.object({ cases: z.number().int(), open: z.number().int(), closed: z.number().int(), overdueNow: z.number().int(), medianDaysToClose: z.number().nullable(), backdatedSteps: z.number().int().describe('补录（倒签）步骤'), importedDecisions: z.number().int().describe('历史导入的处理决定（上线前）'), campaignFiles: z.number().int().describe('本年评查活动抽取的案卷'), alerts: z.number().int().describe('本年产生的预警') }),
  tables: z.array(statsTableOut),
});
export type StatsTable = z.infer<typeof statsTableOut>;
export type Stats = z.infer<typeof statsOut>;

const TERMINAL = new Set<string>(['closed', 'not_accepted', 'transferred', 'not_registered']);

/** What a figure counts: a case of the system, or an imported decision (marked). */
export const drillItemOut = z.object({
  caseId: z.string().nullable().describe('the case of this system; null for an imported decision'),
  decisionId: z.string().nullable().describe('the imported historical decision (历史导入)'),
  number: z.string(),
  year: z.number().int().nullable(),
  state: z.string().nullable(),
  subjectName: z.string().nullable(),
  imported: z.boolean(),
  kind: z.enum(['case', 'imported', 'original_case', 'alert']).describe('what the item is: a case, an imported decision, a reviewed original case (campaign), an alert'),
  originalCaseId: z.string().nullable(),
  campaignId: z.string().nullable(),
  alertId: z.string().nullable(),
  title: z.object({ zh: z.string(), en: z.string() }).nullable().describe('an alert’s title'),
});
export type DrillItem = z.infer<typeof drillItemOut>;
interface Ref {
  caseId?: string;
  decisionId?: string;
  number?: string;
  personId?: string;
  originalCaseId?: string;
  campaignId?: string;
  alertId?: string;
  state?: string;
  title?: { zh: string; en: string };
}

/** Counts per key, each count the length of the list of references recorded for the drill-down. */
class Tally {
  readonly refs = new Map<string, Map<string, Ref[]>>();
  count<T>(tableId: string, items: T[], keyOf: (t: T) => string | string[] | null, refOf: (t: T) => Ref): Map<string, number> {
    const m = new Map<string, number>();
    const lists = this.refs.get(tableId) ?? new Map<string, Ref[]>();
    this.refs.set(tableId, lists);
    for (const it of items) {
      const k = keyOf(it);
      for (const key of Array.isArray(k) ? k : k === null ? [] : [k]) {
        m.set(key, (m.get(key) ?? 0) + 1);
        let list = lists.get(key);
        if (!list) lists.set(key, (list = []));
        list.push(refOf(it));
      }
    }
    return m;
  }
}

/**
 * Every table the year's statistics has, in the order shown. A request naming any other table
 * (the Excel export of one table, the drill-down) is refused before anything is read or brought
 * up to date, so a refused request leaves even the derived counters as they were.
 */
export const STATS_TABLE_IDS = [
  'byOrganisation',
  'bySource',
  'byFault',
  'byUnit',
  'byForm',
  'byState',
  'timeToClose',
  'overdue',
  'appeals',
  'awardBars',
  'importedByForm',
  'campaignResults',
  'alertsByRule',
  'alertsByStatus',
  'backdated',
] as const;
export type StatsTableId = (typeof STATS_TABLE_IDS)[number];

/** NOT_FOUND (404) unless `id` names a table of the statistics. */
export function assertStatsTable(id: string): asserts id is StatsTableId {
  if (!(STATS_TABLE_IDS as readonly string[]).includes(id)) throw new AppError('NOT_FOUND', { zh: `无此统计表：${id}`, en: `no such table: ${id}` });
}

function table(id: StatsTableId, zh: string, en: string, counts: Map<string, number>, label: (k: string) => { zh: string; en: string }, order?: readonly string[]): StatsTable {
  const keys = order ? order.filter((k) => counts.has(k)) : [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b));
  return { id, zh, en, rows: keys.map((k) => ({ key: k, ...label(k), count: counts.get(k) ?? 0 })) };
}

/** Time-to-close buckets: key, labels, inclusive day range. */
const CLOSE_BUCKETS: [string, string, string, [number, number]][] = [
  ['le30', '30 天以内', '≤ 30 days', [-1_000_000, 30]],
  ['le60', '31–60 天', '31–60 days', [31, 60]],
  ['le90', '61–90 天', '61–90 days', [61, 90]],
  ['gt90', '90 天以上', '> 90 days', [91, 1_000_000]],
];
const CLOSE_RANGES: Record<string, [number, number]> = Object.fromEntries(CLOSE_BUCKETS.map(([k, , , r]) => [k, r]));

/** The median of the values counted by a histogram ({days, n}), as the median of the list they make. */
export function medianOfHistogram(h: { days: number; n: number }[]): number | null {
  const sorted = [...h].filter((x) => x.n > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((a, x) => a + x.n, 0);
  if (!total) return null;
  const at = (i: number): number => {
    let seen = 0;
    for (const x of sorted) {
      seen += x.n;
      if (i < seen) return x.days;
    }
    return sorted[sorted.length - 1]!.days;
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

const cite = (k: string): { zh: string; en: string } => ({ zh: CITATION_LABELS[k] ? `${k} ${CITATION_LABELS[k]}` : k, en: k });

export async function caseStatistics(ctx: Ctx, raw: unknown = {}): Promise<Stats> {
  authorize(ctx.actor, 'stats.read');
  const q = parseInput(statsQuerySchema, raw);
  const today = chinaDate(ctx.clock.now());
  return (await yearFigures(ctx, q.year ?? Number(today.slice(0, 4)), q.orgId)).stats;
}

export const statsExportQuerySchema = statsQuerySchema.extend({ table: z.string().min(1).max(40).optional() });

/** The tables of the Excel export: all of the year's, or the one named (NOT_FOUND for a table the statistics do not have). */
export async function statsExportTables(ctx: Ctx, raw: unknown): Promise<{ year: number; tables: StatsTable[] }> {
  authorize(ctx.actor, 'stats.read');
  const q = parseInput(statsExportQuerySchema, raw);
  if (q.table !== undefined) assertStatsTable(q.table); // before the counters are brought up to date
  const { stats } = await yearFigures(ctx, q.year ?? Number(chinaDate(ctx.clock.now()).slice(0, 4)), q.orgId);
  const tables = q.table ? stats.tables.filter((x) => x.id === q.table) : stats.tables;
  // byOrganisation is shown only where the caller sees several organisations
  if (!tables.length) throw new AppError('NOT_FOUND', { zh: `无此统计表：${q.table}`, en: `no such table: ${q.table}` });
  return { year: stats.year, tables };
}

/** The year's figures within the caller's organisations, or the one organisation asked for (issue 11). */
async function yearFigures(ctx: Ctx, year: number, orgId?: string): Promise<{ stats: Stats; tally: Tally }> {
  const today = chinaDate(ctx.clock.now());
  const db = ctx.db.kysely;
  const tally = new Tally();

  // issue 11: the caller's organisations (src/policies/org-scope.ts), or the one asked for.
  // Issue 14: every figure of the year's cases is read from counters kept per organisation, year,
  // figure and key (src/repositories/stats/stats-counters.ts), brought up to date first from the
  // cases changed since the last read.
  await drainStatsDirty(ctx.db);
  const agg = await yearAggregates(db, ctx.actor, year, orgId, today);
  const unitName = new Map(agg.units_.map((u) => [u.id, u.name]));
  const sum = (xs: { n: number }[]): number => xs.reduce((a, x) => a + x.n, 0);
  const countsBy = <T extends { n: number }>(xs: T[], keyOf: (x: T) => string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(keyOf(x), (m.get(keyOf(x)) ?? 0) + x.n);
    return m;
  };

  const bySource = table('bySource', '案件来源', 'Cases by source', countsBy(agg.sources, (c) => c.k), (k) =>
    k === 'report' ? { zh: '举报投诉（FL-4、WC-9(1)）', en: 'Report (FL-4, WC-9(1))' } : cite(k),
  );
  const byFault = table('byFault', '过错类型（FL-7、WC-6）', 'Fault types (FL-7, WC-6)', countsBy(agg.faults, (f) => f.k), cite);
  const byUnit = table('byUnit', '被调查人所在单位', 'Cases by unit of the subjects', countsBy(agg.units, (u) => u.k), (k) => ({ zh: unitName.get(k) ?? '（未定）', en: unitName.get(k) ?? '(none)' }));
  const byForm = table('byForm', '问责方式（处理决定）', 'Forms of accountability decided', countsBy(agg.forms, (f) => f.k), (k) =>
    k === 'exempt' ? { zh: '免于追究', en: 'No accountability (免于追究)' } : cite(k),
  );
  const byState = table('byState', '案件状态', 'Cases by state', countsBy(agg.states, (c) => c.k), (k) => STATE_LABELS[k as CaseState] ?? { zh: k, en: k }, CASE_STATES);

  // time to close: buckets and the median from the histogram of days
  const timeToClose: StatsTable = {
    id: 'timeToClose' satisfies StatsTableId,
    zh: '办结用时（收到至结案）',
    en: 'Time to close (received → closed)',
    rows: CLOSE_BUCKETS.map(([key, zh, en, [lo, hi]]) => ({ key, zh, en, count: sum(agg.closeDays.filter((d) => d.days >= lo && d.days <= hi)) })),
  };
  const median = medianOfHistogram(agg.closeDays);

  const overdueCounts = countsBy(agg.deadlines, (d) => `${d.kind}:${d.st}`);
  const overdueNowCount = sum(agg.deadlines.filter((d) => d.st === 'overdue'));
  const deadlineLabel: Record<string, { zh: string; en: string }> = {
    'transfer:overdue': { zh: '转送逾期未办（WC-9(1)）', en: 'Transfer overdue (WC-9(1))' },
    'transfer:late': { zh: '转送逾期办结（WC-9(1)）', en: 'Transfer done late (WC-9(1))' },
    'handling:overdue': { zh: '60 日处理逾期未办（FL-16）', en: 'Handling overdue (FL-16)' },
    'handling:late': { zh: '60 日处理逾期办结（FL-16）', en: 'Handling done late (FL-16)' },
  };
  const overdue = table('overdue', '逾期', 'Overdue deadlines', overdueCounts, (k) => deadlineLabel[k] ?? { zh: k, en: k }, Object.keys(deadlineLabel));

  const appealsTable = table('appeals', '陈述申辩与申诉结果（WC-11）', 'Defence and appeal outcomes (WC-11)', countsBy(agg.appeals, (a) => a.k), (k) =>
    ({ pending: { zh: '待复核', en: 'Pending' }, upheld: { zh: '维持', en: 'Upheld' }, changed: { zh: '变更', en: 'Changed' }, revoked: { zh: '撤销', en: 'Revoked' } })[k] ?? { zh: k, en: k },
  );

  // Imported decisions from before go-live (issue 12 point 5) bar the year as decided ones do; marked 历史导入.
  const imported = await historicalAwardBars(db, year, chosenScope(ctx.actor, orgId));
  const barItems = [
    ...imported.map((h) => ({ key: `${h.unitId ?? 'none'}|award_bar_person|import`, ref: { decisionId: h.decisionId, number: h.caseNumber, personId: h.personId } as Ref })),
    ...imported.filter((h) => h.unitBar).map((h) => ({ key: `${h.unitId ?? 'none'}|award_bar_unit|import`, ref: { decisionId: h.decisionId, number: h.caseNumber } as Ref })),
  ];
  const barCounts = countsBy(agg.bars, (b) => `${b.unit}|${b.kind}`);
  for (const [k, c] of tally.count('awardBars', barItems, (b) => b.key, (b) => b.ref)) barCounts.set(k, (barCounts.get(k) ?? 0) + c);
  const awardBars = table(`awardBars`, `${year} 年评先限制（FL-14、WC-10(3)）`, `Award bars in ${year} (FL-14, WC-10(3))`, barCounts, (k) => {
    const [unit, kind, source] = k.split('|');
    const name = unitName.get(unit ?? '') ?? '（未定）';
    const mark = source === 'import' ? { zh: '（历史导入）', en: ' (imported history)' } : { zh: '', en: '' };
    return kind === 'award_bar_unit'
      ? { zh: `${name}：不得评为先进集体${mark.zh}`, en: `${name}: no "advanced collective"${mark.en}` }
      : { zh: `${name}：不得评为先进个人（人次）${mark.zh}`, en: `${name}: no "advanced individual" (persons)${mark.en}` };
  });

  // The imported decisions of the year by form, marked as imported history.
  const importedSubjects = await historicalSubjects(db, chosenScope(ctx.actor, orgId), { years: { from: year, to: year } });
  const importedForms = table(
    'importedByForm',
    '历史导入的处理决定（上线前，按问责方式）',
    'Imported past decisions by form (before go-live)',
    tally.count('importedByForm', importedSubjects, (h) => (h.noAccountability ? ['exempt'] : h.forms), (h) => ({ decisionId: h.decisionId, number: h.caseNumber, personId: h.personId })),
    (k) => (k === 'exempt' ? { zh: '免于追究（历史导入）', en: 'No accountability (imported)' } : { zh: `${cite(k).zh}（历史导入）`, en: `${k} (imported)` }),
  );

  // Campaign results (案卷评查, WC-5(1) 例行或专项执法监督): the files of the year's campaigns by grade
  // (a file is graded once every drawn reviewer scored it; a veto fails it) and those judged wrong.
  const inOrgsOf = (column: string) => orgChoiceFilter(ctx.actor, column, orgId);
  const camp = await campaignFilesOfYear(db, year, inOrgsOf);
  const fileItems = camp.files.map((f) => {
    const c = camp.campaigns.find((x) => x.id === f.campaign_id)!;
    const rs = camp.reviews.filter((r) => r.file_id === f.id);
    const done = rs.filter((r) => r.status === 'submitted' && r.score !== null);
    const score = done.length ? done.reduce((sum, r) => sum + Number(r.score), 0) / done.length : null;
    const checklist = JSON.parse(c.checklist) as Pick<Checklist, 'excellentFrom' | 'passFrom'>;
    const grade = rs.length && done.length === rs.length && score !== null ? gradeOf(checklist, Math.round(score * 10) / 10, done.some((r) => Number(r.veto) === 1)) : 'pending';
    const keys = [`${c.id}|${grade}`, ...(rs.some((r) => r.status === 'submitted' && Number(r.judged_wrong) === 1) ? [`${c.id}|wrong`] : [])];
    return { keys, ref: { originalCaseId: f.original_case_id, number: f.number, campaignId: c.id, state: grade } as Ref };
  });
  const campaignOrder = camp.campaigns.flatMap((c) => ['excellent', 'pass', 'fail', 'pending', 'wrong'].map((g) => `${c.id}|${g}`));
  const campaignResults = table('campaignResults', '案卷评查结果（WC-5(1) 执法监督）', 'Campaign results (file review, WC-5(1))', tally.count('campaignResults', fileItems, (f) => f.keys, (f) => f.ref), (k) => {
    const [cid, g] = k.split('|');
    const name = camp.campaigns.find((c) => c.id === cid)?.name ?? cid ?? '';
    const grade =
      g === 'pending' ? { zh: '尚未评定', en: 'not yet graded' } : g === 'wrong' ? { zh: '认定为错案', en: 'judged wrong' } : (GRADE_LABELS[g as keyof typeof GRADE_LABELS] ?? { zh: g ?? '', en: g ?? '' });
    return { zh: `${name}：${grade.zh}`, en: `${name}: ${grade.en}` };
  }, campaignOrder);

  // Early-intervention alerts raised in the year: by rule and level, and how they stand.
  const alertRows = await alertsOfYear(db, year, inOrgsOf);
  const alertRef = (a: (typeof alertRows)[number]): Ref => ({ alertId: a.id, personId: a.person_id ?? undefined, state: a.status, title: { zh: a.title_zh, en: a.title_en } });
  const ruleOrder = Object.keys(ALERT_RULE_LABELS).flatMap((r) => ['red', 'yellow', 'notice'].map((l) => `${r}|${l}`));
  const alertsByRule = table('alertsByRule', '预警（按规则和等级）', 'Alerts by rule and level', tally.count('alertsByRule', alertRows, (a) => `${a.rule}|${a.level}`, alertRef), (k) => {
    const [rule, level] = k.split('|');
    const r = ALERT_RULE_LABELS[rule as AlertRuleCode] ?? { zh: rule ?? '', en: rule ?? '' };
    const l = ALERT_LEVEL_LABELS[level as AlertLevel] ?? { zh: level ?? '', en: level ?? '' };
    return { zh: `${r.zh}（${l.zh}）`, en: `${r.en} (${l.en})` };
  }, ruleOrder);
  const ALERT_STATUS: Record<string, { zh: string; en: string }> = { open: { zh: '待处理', en: 'Open' }, acknowledged: { zh: '已确认', en: 'Acknowledged' }, closed: { zh: '已关闭', en: 'Closed' } };
  const alertsByStatus = table('alertsByStatus', '预警处理情况', 'Alerts by status', tally.count('alertsByStatus', alertRows, (a) => a.status, alertRef), (k) => ALERT_STATUS[k] ?? { zh: k, en: k }, Object.keys(ALERT_STATUS));

  // Honest dates (issue 7): steps (and intakes) dated more than the pack's limit before they were recorded.
  const backdated = table('backdated', '补录（倒签）步骤', 'Back-dated steps (recorded late, with a reason)', countsBy(agg.backdated, (st) => st.k), (k) =>
    k === 'intake' ? { zh: '线索登记', en: 'Intake' } : { zh: ACTION_DEFS[k as CaseAction]?.labelZh ?? k, en: ACTION_DEFS[k as CaseAction]?.labelEn ?? k },
  );
  // issue 11: a supervisor over several organisations sees the roll-up and the figure per organisation
  const scope = readableOrgIds(ctx.actor);
  const orgs = await organisationsInOrder(db);
  const shownOrgs = orgs.filter((o) => (orgId ? o.id === orgId : scope === null || scope.includes(o.id)));
  const byOrg =
    shownOrgs.length > 1
      ? table('byOrganisation', '各机构案件数', 'Cases by organisation', countsBy(agg.states, (c) => c.org), (k) => {
          const o = orgs.find((x) => x.id === k);
          return { zh: o?.name ?? k, en: o?.name ?? k };
        }, shownOrgs.map((o) => o.id))
      : null;
  const stats: Stats = {
    year,
    asOf: today,
    totals: {
      cases: sum(agg.states),
      open: sum(agg.states.filter((c) => !TERMINAL.has(c.k))),
      closed: sum(agg.states.filter((c) => c.k === 'closed')),
      overdueNow: overdueNowCount,
      medianDaysToClose: median,
      backdatedSteps: sum(agg.backdated),
      importedDecisions: new Set(importedSubjects.map((h) => h.decisionId)).size,
      campaignFiles: camp.files.length,
      alerts: alertRows.length,
    },
    tables: [...(byOrg ? [byOrg] : []), bySource, byFault, byUnit, byForm, byState, timeToClose, overdue, appealsTable, awardBars, importedForms, campaignResults, alertsByRule, alertsByStatus, backdated],
  };
  return { stats, tally };
}

// ---------------------------------------------------------------------------------------------
// drill-down: the list behind a figure
// ---------------------------------------------------------------------------------------------

export const drillQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  /** the organisation the figure was shown for (a supervisor's per-organisation figures) */
  orgId: z.string().min(1).max(64).optional(),
  table: z.string().min(1).max(40),
  key: z.string().min(1).max(200),
  /** issue 14: the list is paged (`count` is the whole list's length) */
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const drillOut = z.object({
  year: z.number().int(),
  table: z.string(),
  key: z.string(),
  zh: z.string(),
  en: z.string(),
  count: z.number().int().describe('how many items the list has for this reader (the figure less `withheld`)'),
  withheld: z
    .number()
    .int()
    .describe('FL-5(1), FL-7(7): how many of the figure’s items are about another subject of a case the reader reads from the subject’s perspective (one he stands aside from): counted in the figure, not listed, nothing of them named (count + withheld = the figure)'),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(drillItemOut).describe('this page of the list'),
});

async function resolveRefs(ctx: Ctx, refs: Ref[]): Promise<DrillItem[]> {
  const db = ctx.db.kysely;
  const cases = await caseRefs(db, refs.map((r) => r.caseId).filter((x): x is string => Boolean(x)));
  const people = await peopleByIds(db, refs.map((r) => r.personId).filter((x): x is string => Boolean(x)));
  return refs.map((r) => {
    const c = r.caseId ? cases.get(r.caseId) : undefined;
    const kind: DrillItem['kind'] = r.alertId ? 'alert' : r.originalCaseId ? 'original_case' : r.decisionId ? 'imported' : 'case';
    return {
      caseId: r.caseId ?? null,
      decisionId: r.decisionId ?? null,
      number: c?.number ?? r.number ?? r.title?.zh ?? r.caseId ?? '',
      year: c?.year ?? null,
      state: c?.state ?? r.state ?? null,
      subjectName: r.personId ? (people.get(r.personId)?.name ?? null) : null,
      imported: Boolean(r.decisionId),
      kind,
      originalCaseId: r.originalCaseId ?? null,
      campaignId: r.campaignId ?? null,
      alertId: r.alertId ?? null,
      title: r.title ?? null,
    };
  });
}

/** The cases (and imported decisions) behind one figure of a year's table: as many as it counts. */
export async function statsDrill(ctx: Ctx, raw: unknown): Promise<z.infer<typeof drillOut>> {
  authorize(ctx.actor, 'stats.read');
  const q = parseInput(drillQuerySchema, raw);
  assertStatsTable(q.table);
  const { stats, tally } = await yearFigures(ctx, q.year, q.orgId);
  const tableOf = stats.tables.find((x) => x.id === q.table);
  const row = tableOf?.rows.find((r) => r.key === q.key);
  if (!tableOf || !row) throw new AppError('NOT_FOUND', { zh: `无此统计项：${q.table} / ${q.key}`, en: `no such figure: ${q.table} / ${q.key}` });
  const offset = (q.page - 1) * q.pageSize;
  const tallied = tally.refs.get(q.table)?.get(q.key);
  let refs: Ref[];
  let withheld = 0;
  if ((SQL_FIGURES as readonly string[]).includes(q.table) && !tallied) {
    // issue 14: a figure of the year's cases is listed by SQL, one page at a time
    const rows = await yearFigureRefs(ctx.db.kysely, ctx.actor, { year: q.year, orgId: q.orgId, today: stats.asOf, table: q.table, key: q.key, limit: q.pageSize, offset, closeBuckets: CLOSE_RANGES }, subjectsShownTo(ctx.actor));
    if (!rows) throw new AppError('NOT_FOUND', { zh: `无此统计项：${q.table} / ${q.key}`, en: `no such figure: ${q.table} / ${q.key}` });
    refs = rows.refs.map((r) => ({ caseId: r.caseId, personId: r.personId ?? undefined }));
    withheld = rows.withheld;
  } else {
    refs = (tallied ?? []).slice(offset, offset + q.pageSize);
  }
  const items = await resolveRefs(ctx, refs);
  // FL-5(1), FL-7(7): the list holds what this reader may be shown; the figure is the whole (count + withheld)
  return { year: q.year, table: q.table, key: q.key, zh: row.zh, en: row.en, count: row.count - withheld, withheld, page: q.page, pageSize: q.pageSize, items };
}

// ---------------------------------------------------------------------------------------------
// several years side by side
// ---------------------------------------------------------------------------------------------

export const yearsQuerySchema = z
  .object({
    from: z.coerce.number().int().min(2000).max(2100),
    to: z.coerce.number().int().min(2000).max(2100),
    /** one organisation of the caller's scope (a supervisor's per-organisation figures); absent: all of them */
    orgId: z.string().min(1).max(64).optional(),
  })
  .refine((v) => v.from <= v.to && v.to - v.from < 10, { path: ['to'], message: '截止年度须不早于起始年度，且最多 10 年 / to must be ≥ from, at most 10 years' });
export const yearsOut = z.object({
  years: z.array(z.number().int()),
  totals: z.array(z.object({ year: z.number().int(), cases: z.number().int(), open: z.number().int(), closed: z.number().int(), overdueNow: z.number().int(), importedDecisions: z.number().int(), campaignFiles: z.number().int(), alerts: z.number().int() })),
  tables: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string(), rows: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), counts: z.record(z.string(), z.number()) })) })),
});

/** Each table's rows with one count per year (0 where a year has none). */
export async function statsYears(ctx: Ctx, raw: unknown): Promise<z.infer<typeof yearsOut>> {
  authorize(ctx.actor, 'stats.read');
  const q = parseInput(yearsQuerySchema, raw);
  const years = Array.from({ length: q.to - q.from + 1 }, (_, i) => q.from + i);
  const per: Stats[] = [];
  for (const y of years) per.push((await yearFigures(ctx, y, q.orgId)).stats);
  const tables: z.infer<typeof yearsOut>['tables'] = [];
  for (const first of per[0]!.tables) {
    // award bars are titled per year; the side-by-side table takes a neutral title
    const title = first.id === 'awardBars' ? { zh: '评先限制（FL-14、WC-10(3)）', en: 'Award bars (FL-14, WC-10(3))' } : { zh: first.zh, en: first.en };
    const rows = new Map<string, { key: string; zh: string; en: string; counts: Record<string, number> }>();
    for (const s of per) {
      for (const r of s.tables.find((x) => x.id === first.id)?.rows ?? []) {
        const e = rows.get(r.key) ?? { key: r.key, zh: r.zh, en: r.en, counts: Object.fromEntries(years.map((y) => [String(y), 0])) };
        e.counts[String(s.year)] = r.count;
        rows.set(r.key, e);
      }
    }
    tables.push({ id: first.id, ...title, rows: [...rows.values()] });
  }
  return { years, totals: per.map((s) => ({ year: s.year, cases: s.totals.cases, open: s.totals.open, closed: s.totals.closed, overdueNow: s.totals.overdueNow, importedDecisions: s.totals.importedDecisions, campaignFiles: s.totals.campaignFiles, alerts: s.totals.alerts })), tables };
}

// ---------------------------------------------------------------------------------------------
// repeat subjects: people with two or more cases
// ---------------------------------------------------------------------------------------------

export const repeatOut = z.object({
  from: z.number().int(),
  to: z.number().int(),
  people: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      unitName: z.string().nullable(),
      count: z.number().int(),
      years: z.array(z.number().int()),
      cases: z.array(
        z.object({
          caseId: z.string().nullable(),
          decisionId: z.string().nullable(),
          number: z.string(),
          year: z.number().int(),
          imported: z.boolean(),
          withheld: z.boolean().describe('FL-5(1), FL-7(7): 另案 — a case the reader reads from the subject’s perspective (he stands aside from it), about another subject: counted, neither its id nor its number given'),
        }),
      ),
    }),
  ),
});

/**
 * People who were the subject of two or more cases in the years (the system's cases by their
 * year, imported decisions by their decision year, marked), most cases first.
 */
export async function repeatSubjects(ctx: Ctx, raw: unknown): Promise<z.infer<typeof repeatOut>> {
  authorize(ctx.actor, 'stats.read');
  const q = parseInput(yearsQuerySchema, raw);
  const db = ctx.db.kysely;
  // issue 11: the caller's organisations, or the one asked for — the system's cases and the imported history alike
  // FL-5(1), FL-7(7): a case the reader reads as its subject is named on his own row only; on a
  // colleague's it counts as 另案 (after the named ones: its place would tell its number)
  const own = await subjectsOfYears(db, ctx.actor, q.from, q.to, q.orgId, subjectsShownTo(ctx.actor));
  const hist = await historicalSubjects(db, chosenScope(ctx.actor, q.orgId), { years: { from: q.from, to: q.to } });
  type Entry = { caseId: string | null; decisionId: string | null; number: string; year: number; imported: boolean; withheld: boolean };
  const byPerson = new Map<string, Entry[]>();
  const add = (personId: string, c: Entry) => {
    const list = byPerson.get(personId) ?? [];
    if (!list.some((x) => x.caseId === c.caseId && x.decisionId === c.decisionId)) list.push(c);
    byPerson.set(personId, list);
  };
  for (const s of own) add(s.personId, { caseId: s.caseId, decisionId: null, number: s.number, year: s.year, imported: false, withheld: !s.named });
  for (const h of hist) add(h.personId, { caseId: null, decisionId: h.decisionId, number: h.caseNumber, year: Number(h.decidedOn.slice(0, 4)), imported: true, withheld: false });
  const repeated = [...byPerson.entries()].filter(([, list]) => list.length >= 2);
  const people = await peopleByIds(db, repeated.map(([id]) => id));
  const shownAs = (c: Entry): Entry => (c.withheld ? { caseId: null, decisionId: null, number: CASE_WITHHELD.number, year: c.year, imported: false, withheld: true } : c);
  return {
    from: q.from,
    to: q.to,
    people: repeated
      .map(([personId, list]) => {
        const sorted = [...list].sort((a, b) => Number(a.withheld) - Number(b.withheld) || a.year - b.year || a.number.localeCompare(b.number));
        return { personId, name: people.get(personId)?.name ?? personId, unitName: people.get(personId)?.unitName ?? null, count: list.length, years: [...new Set(sorted.map((c) => c.year))].sort((a, b) => a - b), cases: sorted.map(shownAs) };
      })
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}
