// The year's figures (domain.md §6): cases by source (FL-4 report / WC-5 items), by fault type
// (FL-7 and WC-6 items found), by unit, by form of accountability decided, by state; time to
// close; deadlines overdue or met late (WC-9(1), FL-16); appeal outcomes (WC-11); and the
// award bars of the year (FL-14, WC-10(3)). Each figure is a table of {key, label, count}, so
// the page charts it and the same rows export to Excel.
import { z } from 'zod';
import { STATE_LABELS, CASE_STATES, type CaseState } from '../../domain/cases/states';
import { CITATION_LABELS } from '../../domain/cases/citations';
import { ACTION_DEFS, type CaseAction } from '../../domain/cases/actions';
import { chinaDate } from '../../lib/clock';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { orgChoiceFilter, orgScopeFilter, readableOrgIds } from '../../policies/org-scope';
import type { Ctx } from '../context';

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
  totals: z.object({ cases: z.number().int(), open: z.number().int(), closed: z.number().int(), overdueNow: z.number().int(), medianDaysToClose: z.number().nullable(), backdatedSteps: z.number().int().describe('补录（倒签）步骤') }),
  tables: z.array(statsTableOut),
});
export type StatsTable = z.infer<typeof statsTableOut>;
export type Stats = z.infer<typeof statsOut>;

const TERMINAL = new Set<string>(['closed', 'not_accepted', 'transferred', 'not_registered']);

function count<T>(items: T[], keyOf: (t: T) => string | string[] | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = keyOf(it);
    for (const key of Array.isArray(k) ? k : k === null ? [] : [k]) m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

function table(id: string, zh: string, en: string, counts: Map<string, number>, label: (k: string) => { zh: string; en: string }, order?: readonly string[]): StatsTable {
  const keys = order ? order.filter((k) => counts.has(k)) : [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b));
  return { id, zh, en, rows: keys.map((k) => ({ key: k, ...label(k), count: counts.get(k) ?? 0 })) };
}

const cite = (k: string): { zh: string; en: string } => ({ zh: CITATION_LABELS[k] ? `${k} ${CITATION_LABELS[k]}` : k, en: k });
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);

export async function caseStatistics(ctx: Ctx, raw: unknown = {}): Promise<Stats> {
  authorize(ctx.actor, 'stats.read');
  const q = parseInput(statsQuerySchema, raw);
  const today = chinaDate(ctx.clock.now());
  const year = q.year ?? Number(today.slice(0, 4));
  const db = ctx.db.kysely;

  // issue 11: the caller's organisations (src/policies/org-scope.ts), or the one asked for
  const inOrgs = orgChoiceFilter(ctx.actor, 'cases.org_id', q.orgId);
  const cases = await db.selectFrom('cases').select(['id', 'state', 'source', 'wc5_item', 'received_on', 'closed_on', 'org_id']).where('year', '=', year).where(inOrgs).execute();
  const ids = cases.map((c) => c.id);
  const none = ids.length === 0;
  // the year's cases as a subquery, not a list of ids: no bound-parameter limit, index-friendly
  const ofYear = db.selectFrom('cases').select('id').where('year', '=', year).where(inOrgs);
  const [subjects, findings, decisions, items, deadlines, appeals, bars, units] = await Promise.all([
    none ? [] : db.selectFrom('case_subjects').select(['case_id', 'unit_id']).where('case_id', 'in', ofYear).execute(),
    none ? [] : db.selectFrom('case_findings').select(['id', 'case_id', 'data', 'supersedes_id']).where('case_id', 'in', ofYear).execute(),
    none ? [] : db.selectFrom('case_decisions').select(['id', 'status']).where('case_id', 'in', ofYear).execute(),
    none ? [] : db.selectFrom('case_decision_items').select(['decision_id', 'forms', 'no_accountability']).where('case_id', 'in', ofYear).execute(),
    none ? [] : db.selectFrom('case_deadlines').select(['kind', 'citation', 'due_date', 'met_on']).where('case_id', 'in', ofYear).execute(),
    none ? [] : db.selectFrom('case_appeals').select(['outcome']).where('case_id', 'in', ofYear).execute(),
    // Award bars apply to a year whatever the case's own year (FL-14: 当年).
    db
      .selectFrom('case_execution_items')
      .select(['kind', 'unit_id', 'subject_person_id'])
      .where('year', '=', year)
      .where('kind', 'in', ['award_bar_person', 'award_bar_unit'])
      .where('status', '!=', 'cancelled')
      .where('case_id', 'in', db.selectFrom('cases').select('id').where(inOrgs))
      .execute(),
    db.selectFrom('units').select(['id', 'name']).where(orgScopeFilter(ctx.actor, 'units.org_id')).execute(),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));

  const bySource = table('bySource', '案件来源', 'Cases by source', count(cases, (c) => (c.source === 'wc5' ? `WC-5(${c.wc5_item ?? '?'})` : 'report')), (k) =>
    k === 'report' ? { zh: '举报投诉（FL-4、WC-9(1)）', en: 'Report (FL-4, WC-9(1))' } : cite(k),
  );

  const superseded = new Set(findings.map((f) => f.supersedes_id).filter(Boolean));
  const current = findings.filter((f) => !superseded.has(f.id));
  const byFault = table('byFault', '过错类型（FL-7、WC-6）', 'Fault types (FL-7, WC-6)', count(current, (f) => (JSON.parse(f.data) as { faults?: string[] }).faults ?? []), cite);

  // units per case, grouped once (a filter per case was quadratic in the number of cases)
  const unitsOfCase = new Map<string, Set<string>>();
  for (const s of subjects) {
    let u = unitsOfCase.get(s.case_id);
    if (!u) unitsOfCase.set(s.case_id, (u = new Set()));
    u.add(s.unit_id ?? 'none');
  }
  const byUnit = table(
    'byUnit',
    '被调查人所在单位',
    'Cases by unit of the subjects',
    count(
      ids.map((id) => [...(unitsOfCase.get(id) ?? [])]),
      (u) => u,
    ),
    (k) => ({ zh: unitName.get(k) ?? '（未定）', en: unitName.get(k) ?? '(none)' }),
  );

  const inForce = new Set(decisions.filter((d) => d.status === 'in_force').map((d) => d.id));
  const liveItems = items.filter((i) => inForce.has(i.decision_id));
  const byForm = table('byForm', '问责方式（处理决定）', 'Forms of accountability decided', count(liveItems, (i) => (Number(i.no_accountability) === 1 ? ['exempt'] : (JSON.parse(i.forms) as string[]))), (k) =>
    k === 'exempt' ? { zh: '免于追究', en: 'No accountability (免于追究)' } : cite(k),
  );

  const byState = table('byState', '案件状态', 'Cases by state', count(cases, (c) => c.state), (k) => STATE_LABELS[k as CaseState] ?? { zh: k, en: k }, CASE_STATES);

  const closeDays = cases.filter((c) => c.closed_on).map((c) => daysBetween(c.received_on, c.closed_on!));
  const buckets: [string, string, string, (d: number) => boolean][] = [
    ['le30', '30 天以内', '≤ 30 days', (d) => d <= 30],
    ['le60', '31–60 天', '31–60 days', (d) => d > 30 && d <= 60],
    ['le90', '61–90 天', '61–90 days', (d) => d > 60 && d <= 90],
    ['gt90', '90 天以上', '> 90 days', (d) => d > 90],
  ];
  const timeToClose: StatsTable = {
    id: 'timeToClose',
    zh: '办结用时（收到至结案）',
    en: 'Time to close (received → closed)',
    rows: buckets.map(([key, zh, en, f]) => ({ key, zh, en, count: closeDays.filter(f).length })),
  };
  const sorted = [...closeDays].sort((a, b) => a - b);
  const median = sorted.length ? (sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2) : null;

  const overdueNow = deadlines.filter((d) => !d.met_on && d.due_date < today);
  const metLate = deadlines.filter((d) => d.met_on && d.met_on > d.due_date);
  const overdueCounts = new Map<string, number>();
  for (const d of overdueNow) overdueCounts.set(`${d.kind}:overdue`, (overdueCounts.get(`${d.kind}:overdue`) ?? 0) + 1);
  for (const d of metLate) overdueCounts.set(`${d.kind}:late`, (overdueCounts.get(`${d.kind}:late`) ?? 0) + 1);
  const deadlineLabel: Record<string, { zh: string; en: string }> = {
    'transfer:overdue': { zh: '转送逾期未办（WC-9(1)）', en: 'Transfer overdue (WC-9(1))' },
    'transfer:late': { zh: '转送逾期办结（WC-9(1)）', en: 'Transfer done late (WC-9(1))' },
    'handling:overdue': { zh: '60 日处理逾期未办（FL-16）', en: 'Handling overdue (FL-16)' },
    'handling:late': { zh: '60 日处理逾期办结（FL-16）', en: 'Handling done late (FL-16)' },
  };
  const overdue = table('overdue', '逾期', 'Overdue deadlines', overdueCounts, (k) => deadlineLabel[k] ?? { zh: k, en: k }, Object.keys(deadlineLabel));

  const appealsTable = table('appeals', '陈述申辩与申诉结果（WC-11）', 'Defence and appeal outcomes (WC-11)', count(appeals, (a) => a.outcome), (k) =>
    ({ pending: { zh: '待复核', en: 'Pending' }, upheld: { zh: '维持', en: 'Upheld' }, changed: { zh: '变更', en: 'Changed' }, revoked: { zh: '撤销', en: 'Revoked' } })[k] ?? { zh: k, en: k },
  );

  const barCounts = new Map<string, number>();
  for (const b of bars) {
    const key = b.unit_id ?? 'none';
    barCounts.set(`${key}|${b.kind}`, (barCounts.get(`${key}|${b.kind}`) ?? 0) + 1);
  }
  const awardBars = table(`awardBars`, `${year} 年评先限制（FL-14、WC-10(3)）`, `Award bars in ${year} (FL-14, WC-10(3))`, barCounts, (k) => {
    const [unit, kind] = k.split('|');
    const name = unitName.get(unit ?? '') ?? '（未定）';
    return kind === 'award_bar_unit' ? { zh: `${name}：不得评为先进集体`, en: `${name}: no "advanced collective"` } : { zh: `${name}：不得评为先进个人（人次）`, en: `${name}: no "advanced individual" (persons)` };
  });

  // Honest dates (issue 7): steps (and intakes) dated more than the pack's limit before they were recorded.
  const steps = none ? [] : await db.selectFrom('case_steps').select(['action', 'data']).where('case_id', 'in', ids).execute();
  const backdatedSteps = steps.filter((st) => (JSON.parse(st.data) as { backdated?: unknown }).backdated);
  const backdated = table('backdated', '补录（倒签）步骤', 'Back-dated steps (recorded late, with a reason)', count(backdatedSteps, (st) => st.action), (k) =>
    k === 'intake' ? { zh: '线索登记', en: 'Intake' } : { zh: ACTION_DEFS[k as CaseAction]?.labelZh ?? k, en: ACTION_DEFS[k as CaseAction]?.labelEn ?? k },
  );
  // issue 11: a supervisor over several organisations sees the roll-up and the figure per organisation
  const scope = readableOrgIds(ctx.actor);
  const orgs = await db.selectFrom('organisations').select(['id', 'name', 'sort_order']).orderBy('sort_order').orderBy('id').execute();
  const shownOrgs = orgs.filter((o) => (q.orgId ? o.id === q.orgId : scope === null || scope.includes(o.id)));
  const byOrg =
    shownOrgs.length > 1
      ? table('byOrganisation', '各机构案件数', 'Cases by organisation', count(cases, (c) => c.org_id), (k) => {
          const o = orgs.find((x) => x.id === k);
          return { zh: o?.name ?? k, en: o?.name ?? k };
        }, shownOrgs.map((o) => o.id))
      : null;
  return {
    year,
    asOf: today,
    totals: {
      cases: cases.length,
      open: cases.filter((c) => !TERMINAL.has(c.state)).length,
      closed: cases.filter((c) => c.state === 'closed').length,
      overdueNow: overdueNow.length,
      medianDaysToClose: median,
      backdatedSteps: backdatedSteps.length,
    },
    tables: [...(byOrg ? [byOrg] : []), bySource, byFault, byUnit, byForm, byState, timeToClose, overdue, appealsTable, awardBars, backdated],
  };
}
