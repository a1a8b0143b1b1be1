// Every citation a recommendation carries (trace, warnings, conflicts, subjects, ranges, forms,
// mandatory consequences): used to check that each one exists in the pack that produced it.
import type { Recommendation } from './schema';

export function citationsIn(rec: Recommendation): string[] {
  const out: string[] = [];
  if (rec.status === 'no_rules_in_force') return out;
  if (rec.wrongCase.source) out.push(rec.wrongCase.source);
  for (const t of rec.trace) out.push(t.ruleId);
  for (const w of rec.warnings) out.push(...w.ruleIds);
  for (const c of rec.conflicts) out.push(...c.ruleIds);
  for (const m of rec.caseConsequences) out.push(...m.ruleIds);
  for (const s of rec.subjects) {
    out.push(...s.responsibilityBasis, ...s.treatmentBasis, ...s.overridden, ...s.bandBasis);
    out.push(...s.faults, ...s.circumstances, ...s.derived);
    for (const m of s.mandatory) out.push(...m.ruleIds);
    if (s.compensation) out.push(...s.compensation.ruleIds);
    if (s.conflict) out.push(...s.conflict.ruleIds);
    if (s.forms) {
      out.push(...s.forms.citations);
      for (const f of s.forms.permitted) out.push(...f.citations);
    }
  }
  return out;
}
