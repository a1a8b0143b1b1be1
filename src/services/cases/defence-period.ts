// WC-11 陈述和申辩 before execution. The measure gives the subject the right to state a defence;
// the pack's `defencePeriod` reads a period into it (5 working days from service, by analogy with
// the Administrative Penalty Law) and says the commission may execute after it. So execution does
// not start while any served subject's period is still running — unless that subject stated a
// defence (or appealed) and it was reviewed (the outside body's decision executed), or waived it in
// writing at service (kept on the service record). A defence waiting for review holds execution.
// Before (found by a red-team walk), a decision served in the morning was executed the same day:
// the certificate suspended before the officer could answer.
import { AppError } from '../../errors';
import { defenceFactsOfDecision } from '../../repositories/cases/decision-repo';
import { getPeopleByIds } from '../registers';
import type { Deps } from '../context';
import type { Q } from './repo';
import type { StepCtx } from './step-types';
import { respondByOf } from './subject-rights';

/** Why execution may not start on `startedOn` (the first served subject whose period holds it), or null. */
export async function defencePeriodBlock(
  deps: Pick<Deps, 'db'>,
  q: Q,
  caseId: string,
  decisionId: string,
  startedOn: string,
): Promise<{ zh: string; en: string; details: Record<string, unknown> } | null> {
  const { served, defences } = await defenceFactsOfDecision(q, decisionId);
  const blocks: { personId: string; zh: string; en: string; dueDate?: string }[] = [];
  for (const n of served) {
    if (n.waived) continue;
    const own = defences.filter((d) => d.subjectPersonId === n.subjectPersonId);
    // a 陈述申辩 is reviewed here before execution; a 申诉 to the outside body does not stop it (nor
    // count as the defence) until that body's decision is executed
    if (own.some((d) => d.kind === 'defence' && d.outcome === 'pending')) {
      blocks.push({ personId: n.subjectPersonId, zh: '的陈述申辩尚未复核', en: "'s defence has not been reviewed yet" });
      continue;
    }
    if (own.some((d) => d.outcome !== 'pending')) continue;
    const due = await respondByOf(deps, q, caseId, n.notifiedOn);
    if (due && startedOn <= due.dueDate) {
      const kind = due.dayKind === 'working' ? { zh: '个工作日', en: ' working days' } : { zh: '日', en: ' days' };
      blocks.push({
        personId: n.subjectPersonId,
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
    zh: `${who}${first.zh}；执行处理决定须在期满后（或复核陈述申辩后）开始（WC-11）`,
    en: `${who}${first.en}: execution starts after it (or after the defence is reviewed) (WC-11)`,
    details: { citation: 'WC-11', subjectPersonId: first.personId, ...(first.dueDate ? { dueDate: first.dueDate } : {}) },
  };
}

export async function assertDefencePeriodRun(s: StepCtx, decisionId: string, startedOn: string): Promise<void> {
  const block = await defencePeriodBlock(s.ctx, s.tx, s.row.id, decisionId, startedOn);
  if (block) throw new AppError('PRECONDITION_FAILED', { zh: block.zh, en: block.en }, block.details);
}
