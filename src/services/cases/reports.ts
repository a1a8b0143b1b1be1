// FL-14 / WC-10(3): who is barred this year. 因执法过错受到追究的责任人当年不得评为先进个人，所在单位
// 不得评为先进集体 (FL-14); 取消当年评先资格和晋升资格 (WC-10(3)). Read from the execution items
// of decisions in force (a bar lifted on appeal is cancelled and no longer listed).
import { authorize } from '../../policies/roles';
import type { Ctx } from '../context';
import { peopleByIds } from './registers-adapter';
import { barsCarriedOut } from '../../repositories/cases/case-repo';

export async function awardBars(ctx: Ctx, q: { year: number }) {
  authorize(ctx.actor, 'stats.read');
  // FL-11 年度不予考核、延期晋职晋级 are bars per person and year too.
  const rows = await barsCarriedOut(ctx.db.kysely, ['award_bar_person', 'promotion_bar_person', 'award_bar_unit', 'assessment_bar_person', 'promotion_delay_person'], q.year, ctx.actor);
  const people = await peopleByIds(ctx.db.kysely, rows.map((r) => r.subject_person_id));
  const personBars = new Map<string, { personId: string; name: string; unitName: string | null; awards: boolean; promotion: boolean; assessment?: boolean; cases: { caseId: string; number: string; citation: string }[] }>();
  const unitBars = new Map<string, { unitId: string; name: string; cases: { caseId: string; number: string; citation: string }[] }>();
  for (const r of rows) {
    const ref = { caseId: r.case_id, number: r.number, citation: r.citation };
    if (r.kind === 'award_bar_unit') {
      if (!r.unit_id) continue;
      const u = unitBars.get(r.unit_id) ?? { unitId: r.unit_id, name: r.unit_name ?? r.unit_id, cases: [] };
      u.cases.push(ref);
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
  return { year: q.year, people: [...personBars.values()], units: [...unitBars.values()] };
}
