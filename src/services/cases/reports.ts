// FL-14 / WC-10(3): who is barred this year. 因执法过错受到追究的责任人当年不得评为先进个人，所在单位
// 不得评为先进集体 (FL-14); 取消当年评先资格和晋升资格 (WC-10(3)). Read from the execution items
// of decisions in force (a bar lifted on appeal is cancelled and no longer listed), and from the
// imported decisions made before go-live (issue 12 point 5; marked `imported`). FL-5(1), FL-7(7):
// a bar's case is named only to whoever reads that case in full or about his own bar.
import { authorize } from '../../policies/roles';
import { CASE_WITHHELD, subjectsShownTo } from '../../policies/cases';
import type { Ctx } from '../context';
import { peopleByIds } from './registers-adapter';
import { barsCarriedOut } from '../../repositories/cases/case-repo';
import { historicalAwardBars } from '../../repositories/history/history-repo';

export async function awardBars(ctx: Ctx, q: { year: number }) {
  authorize(ctx.actor, 'stats.read');
  // FL-11 年度不予考核、延期晋职晋级 are bars per person and year too.
  // FL-5(1), FL-7(7): every bar is listed (FL-14: whoever gives awards must know who may not have
  // one), but a bar's case is named only to a reader who reads it in full or about his own bar —
  // else "另案", no id, no number (src/policies/cases.ts#subjectsShownTo, CASE_WITHHELD)
  const rows = await barsCarriedOut(ctx.db.kysely, ['award_bar_person', 'promotion_bar_person', 'award_bar_unit', 'assessment_bar_person', 'promotion_delay_person'], q.year, ctx.actor, subjectsShownTo(ctx.actor).recordShown);
  const hist = await historicalAwardBars(ctx.db.kysely, q.year, ctx.actor);
  const people = await peopleByIds(ctx.db.kysely, [...rows.map((r) => r.subject_person_id), ...hist.map((h) => h.personId)]);
  type Ref = { caseId: string | null; number: string; citation: string; imported?: boolean; withheld?: true };
  const personBars = new Map<string, { personId: string; name: string; unitName: string | null; awards: boolean; promotion: boolean; assessment?: boolean; cases: Ref[] }>();
  const unitBars = new Map<string, { unitId: string; name: string; cases: Ref[] }>();
  for (const r of rows) {
    const ref: Ref = r.named ? { caseId: r.case_id, number: r.number, citation: r.citation } : { caseId: null, number: CASE_WITHHELD.number, citation: r.citation, withheld: true };
    if (r.kind === 'award_bar_unit') {
      if (!r.unit_id) continue;
      const u = unitBars.get(r.unit_id) ?? { unitId: r.unit_id, name: r.unit_name ?? r.unit_id, cases: [] };
      // one 另案 per citation: how many withheld cases barred the unit is not told either
      if (!ref.withheld || !u.cases.some((c) => c.withheld && c.citation === ref.citation)) u.cases.push(ref);
      unitBars.set(r.unit_id, u);
      continue;
    }
    const p = people.get(r.subject_person_id);
    const e = personBars.get(r.subject_person_id) ?? { personId: r.subject_person_id, name: p?.name ?? r.subject_person_id, unitName: p?.unitName ?? null, awards: false, promotion: false, cases: [] };
    if (r.kind === 'award_bar_person') e.awards = true;
    if (r.kind === 'promotion_bar_person' || r.kind === 'promotion_delay_person') e.promotion = true;
    if (r.kind === 'assessment_bar_person') e.assessment = true;
    if (!e.cases.some((c) => c.caseId === ref.caseId && c.citation === ref.citation)) e.cases.push(ref);
    personBars.set(r.subject_person_id, e);
  }
  for (const h of hist) {
    const citation = h.forms.includes('FL-14') ? 'FL-14' : h.forms.includes('WC-10(3)') ? 'WC-10(3)' : 'FL-14';
    const ref: Ref = { caseId: h.decisionId, number: h.caseNumber, citation, imported: true };
    const p = people.get(h.personId);
    const e = personBars.get(h.personId) ?? { personId: h.personId, name: p?.name ?? h.personId, unitName: p?.unitName ?? null, awards: false, promotion: false, cases: [] };
    e.awards = true;
    if (h.forms.includes('WC-10(3)') || h.forms.includes('FL-11')) e.promotion = true;
    if (h.forms.includes('FL-11')) e.assessment = true;
    if (!e.cases.some((c) => c.caseId === ref.caseId)) e.cases.push(ref);
    personBars.set(h.personId, e);
    if (h.unitBar && h.unitId) {
      const u = unitBars.get(h.unitId) ?? { unitId: h.unitId, name: h.unitName ?? h.unitId, cases: [] };
      if (!u.cases.some((c) => c.caseId === ref.caseId)) u.cases.push(ref);
      unitBars.set(h.unitId, u);
    }
  }
  // FL-5(1): in an order that does not follow the case numbers (a withheld case's place among the
  // named ones would tell its number): people and units by name, a 另案 after the named cases
  const withheldLast = (cs: Ref[]): Ref[] => [...cs.filter((c) => !c.withheld), ...cs.filter((c) => c.withheld)];
  const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id);
  return {
    year: q.year,
    people: [...personBars.values()].map((e) => ({ ...e, cases: withheldLast(e.cases) })).sort((a, b) => (a.unitName ?? '').localeCompare(b.unitName ?? '', 'zh') || byName({ name: a.name, id: a.personId }, { name: b.name, id: b.personId })),
    units: [...unitBars.values()].map((u) => ({ ...u, cases: withheldLast(u.cases) })).sort((a, b) => byName({ name: a.name, id: a.unitId }, { name: b.name, id: b.unitId })),
  };
}
