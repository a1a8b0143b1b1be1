// WC-11 陈述和申辩 before execution. The measure gives the subject the right to state a defence;
// the pack's `defencePeriod` reads a period into it (5 working days from service, by analogy with
// the Administrative Penalty Law) and says the commission may execute after it. So execution does
// not start while any served subject's period is still running — unless that subject stated a
// defence (or appealed) and it was reviewed (the outside body's decision executed), or waived it in
// writing at service (kept on the service record). A defence waiting for review holds execution.
// Before (found by a red-team walk), a decision served in the morning was executed the same day:
// the certificate suspended before the officer could answer.
// The period runs from the service of the decision IN FORCE on each subject whose execution is to
// start: a decision changed on a subject's defence or appeal is served on that subject again, and
// their period runs anew from that service (found by a red-team walk: a changed decision was
// executed the day it was made, never served). A service of an older decision does not count.
import { AppError } from '../../errors';
import { serviceInForce } from '../../domain/cases';
import { serviceFactsOfCase } from '../../repositories/cases/decision-repo';
import { getPeopleByIds } from '../registers';
import type { Deps } from '../context';
import type { Q } from './repo';
import type { StepCtx } from './step-types';
import { respondByOf } from './subject-rights';

/**
 * Why execution may not start on `startedOn` for the subjects of the decision in force whose
 * execution has not started (all of them before execution; during it, a subject whose part was
 * changed): the first one not served with it, served after that day, or whose period holds it.
 */
export async function defencePeriodBlock(
  deps: Pick<Deps, 'db'>,
  q: Q,
  caseId: string,
  decisionId: string,
  startedOn: string,
): Promise<{ zh: string; en: string; details: Record<string, unknown> } | null> {
  const f = await serviceFactsOfCase(q, caseId, decisionId);
  const blocks: { personId: string; zh: string; en: string; dueDate?: string }[] = [];
  for (const personId of f.unexecuted) {
    const inForce = serviceInForce(personId, f.decisions, f.appeals, f.notifications);
    if (!inForce) {
      blocks.push({ personId, zh: '尚未送达现行处理决定（含陈述申辩、申诉权利告知）', en: ' has not been served the decision in force (with the rights notice)' });
      continue;
    }
    const n = inForce.service;
    if (startedOn < n.notifiedOn) {
      blocks.push({ personId, zh: `于 ${n.notifiedOn} 才送达现行处理决定，执行不能早于送达`, en: ` was served the decision in force on ${n.notifiedOn}; execution cannot precede service` });
      continue;
    }
    if (n.defenceWaived) continue;
    const own = inForce.defences;
    // a 陈述申辩 is reviewed here before execution; a 申诉 to the outside body does not stop it (nor
    // count as the defence) until that body's decision is executed
    if (own.some((d) => d.kind === 'defence' && d.outcome === 'pending')) {
      blocks.push({ personId, zh: '的陈述申辩尚未复核', en: "'s defence has not been reviewed yet" });
      continue;
    }
    if (own.some((d) => d.outcome !== 'pending')) continue;
    const due = await respondByOf(deps, q, caseId, n.notifiedOn);
    if (due && startedOn <= due.dueDate) {
      const kind = due.dayKind === 'working' ? { zh: '个工作日', en: ' working days' } : { zh: '日', en: ' days' };
      blocks.push({
        personId,
        zh: `的陈述申辩期限（自 ${n.notifiedOn} 送达起 ${due.days}${kind.zh}）至 ${due.dueDate} 届满，其间未陈述申辩也未书面放弃`,
        en: `'s period to state a defence (${due.days}${kind.en} from service on ${n.notifiedOn}) runs until ${due.dueDate}, with no defence stated nor waived in writing`,
        dueDate: due.dueDate,
      });
    }
  }
  if (!blocks.length) return null;
  const names = new Map((await getPeopleByIds(q, blocks.map((b) => b.personId))).map((p) => [p.id, p.name]));
  const first = blocks[0]!;
  const who = names.get(first.personId) ?? first.personId;
  return {
    zh: `${who}${first.zh}；执行处理决定须在送达且期满后（或复核陈述申辩后）开始（WC-11）`,
    en: `${who}${first.en}: execution starts after service and the period (or after the defence is reviewed) (WC-11)`,
    details: { citation: 'WC-11', subjectPersonId: first.personId, ...(first.dueDate ? { dueDate: first.dueDate } : {}) },
  };
}

export async function assertDefencePeriodRun(s: StepCtx, decisionId: string, startedOn: string): Promise<void> {
  const block = await defencePeriodBlock(s.ctx, s.tx, s.row.id, decisionId, startedOn);
  if (block) throw new AppError('PRECONDITION_FAILED', { zh: block.zh, en: block.en }, block.details);
}
