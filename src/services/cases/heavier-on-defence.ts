// WC-11 (read with the higher law the pack names, e.g. 《行政处罚法》第四十五条第二款 APL-45,
// 《行政机关公务员处分条例》第四十八条 CSR-48): the commission's change on the person's own
// defence (陈述申辩) or appeal (申诉) is never heavier than the part it changes — a heavier form, the
// same forms and one more, being held accountable at all, or a larger recovery
// (src/rules/decision-check.ts#heavierOnChange, the pack's `formRungs`). Refused with
// DECISION_HEAVIER_ON_DEFENCE, nothing stored, where the decision body's meeting closes with such a
// result (src/services/meetings/meeting-service.ts#closeMeeting) and where the step carries it out
// (steps-decision.ts#decideAppeal): the body does not close a vote that will never be carried out.
import { parseFormsKey } from '../../domain/meetings/tally';
import { AppError } from '../../errors';
import { heavierOnChange } from '../../rules/decision-check';
import { inForceDecision, latestEvaluationRow } from '../../repositories/cases/case-repo';
import { appealOfCase, decisionItemRows } from '../../repositories/cases/decision-repo';
import { heavierRuleOf } from './recommendation';
import { peopleByIds } from './registers-adapter';
import { parseJson, type Q } from './repo';

/** A subject's part as decided: the decision item's columns. */
export interface StoredPart {
  subject_person_id: string;
  no_accountability: number;
  forms: string;
  compensation_fen: number | null;
}
/** The part the change would give the subject. */
export interface ChangedPart {
  noAccountability: boolean;
  forms: string[];
  compensationFen?: number | undefined;
}

export async function refuseHeavierOnDefence(q: Q, prev: StoredPart | undefined, next: ChangedPart | undefined, packId: string | null | undefined): Promise<void> {
  if (!prev || !next) return;
  const rule = heavierRuleOf(packId);
  if (!rule.formRungs) return;
  const before = { noAccountability: Number(prev.no_accountability) === 1, forms: parseJson<string[]>(prev.forms, []), compensationFen: prev.compensation_fen };
  const after = { noAccountability: next.noAccountability, forms: next.forms, compensationFen: next.compensationFen ?? null };
  const why = heavierOnChange(before, after, rule.formRungs);
  if (!why.length) return;
  const name = (await peopleByIds(q, [prev.subject_person_id])).get(prev.subject_person_id)?.name ?? prev.subject_person_id;
  const show = (it: typeof before): string => (it.noAccountability ? '不予追究' : it.forms.join('、')) + (it.compensationFen ? `，追偿 ${(it.compensationFen / 100).toFixed(2)} 元` : '');
  const law = rule.higherLaw.map((h) => h.citation).join('、');
  throw new AppError(
    'DECISION_HEAVIER_ON_DEFENCE',
    {
      zh: `${name}：因本人陈述申辩而变更的处理决定（${show(after)}）重于原决定（${show(before)}），不得加重（WC-11${law ? `；${law}` : ''}）`,
      en: `${name}: the decision changed on the person's own defence (${after.noAccountability ? 'no accountability' : after.forms.join(', ')}) is heavier than the one it changes (${before.noAccountability ? 'no accountability' : before.forms.join(', ')}); it may not be heavier (WC-11${rule.higherLaw.length ? `; ${rule.higherLaw.map((h) => h.id).join(', ')}` : ''})`,
    },
    { citation: 'WC-11', higherLaw: rule.higherLaw.map((h) => h.id), subjectPersonId: prev.subject_person_id, heavier: why, before: before, after: after, path: ['forms'] },
  );
}

/**
 * The majority result of a meeting on a defence or appeal (`changed:<forms key>`, `upheld`,
 * `revoked`), judged as the step that would carry it out judges it: against the subject's part of
 * the decision in force, with its recovery unchanged (the step may only lower it), under the pack
 * of the case's latest rules receipt.
 */
export async function refuseHeavierMeetingResult(q: Q, caseId: string, appealId: string | null, winner: string | null | undefined): Promise<void> {
  if (!appealId || !winner?.startsWith('changed:')) return;
  const appeal = await appealOfCase(q, caseId, appealId);
  const decision = await inForceDecision(q, caseId);
  if (!appeal || !decision) return;
  const prev = (await decisionItemRows(q, decision.id)).find((it) => it.subject_person_id === appeal.subject_person_id);
  if (!prev) return;
  const { noAccountability, forms } = parseFormsKey(winner.slice('changed:'.length));
  const packId = (await latestEvaluationRow(q, caseId))?.pack_id;
  await refuseHeavierOnDefence(q, prev, { noAccountability, forms, compensationFen: prev.compensation_fen ?? undefined }, packId);
}
