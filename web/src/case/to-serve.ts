// WC-11: the subjects the decision in force is still to be served on — every subject after the
// decision; after a decision changed on a subject's defence or appeal, that subject again (the
// others' service stands). The server's rule (src/domain/cases/service-in-force.ts) read on the
// case view, so the 送达 step offers only them.
import { serviceInForce } from '../../../src/domain/cases/service-in-force';
import type { CaseView } from './types';

export function subjectsToServe(c: Pick<CaseView, 'subjects' | 'decisions' | 'appeals' | 'notifications'>): CaseView['subjects'] {
  const inForce = c.decisions.find((d) => d.status === 'in_force');
  if (!inForce) return c.subjects;
  const decisions = c.decisions.map((d) => ({ id: d.id, seq: d.seq, appealId: c.appeals.find((a) => a.newDecisionId === d.id)?.id ?? null }));
  const inDecision = new Set(inForce.items.map((i) => i.subjectPersonId));
  return c.subjects.filter((s) => inDecision.has(s.personId) && serviceInForce(s.personId, decisions, c.appeals, c.notifications) === null);
}
