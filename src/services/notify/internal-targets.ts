// 内部时限: the measures require some steps to be taken "promptly" (及时) without a number of
// days — WC-9(2) 立案后及时报告委主要负责人、及时指定调查组; WC-11 处理决定及时送达. The
// Commission sets its own target in working days (settings.ts); a target starts when the case
// enters the state the step is taken from and is met by the step. Shown and reminded like the
// statutory deadlines, always marked internal.
import { computeDueDate } from '../../calendar/deadlines';
import type { Tx } from '../../db/tx';
import { newId } from '../../lib/ids';
import { hasOpenInternalTarget, insertInternalTarget, meetInternalTarget } from '../../repositories/notify/notify-repo';
import { getWorkingCalendar } from '../calendar-service';
import type { Deps } from '../context';
import { orgOfCase } from './recipients';
import { INTERNAL_TARGETS, INTERNAL_TARGET_STEPS, readNotifySettings } from './settings';

export async function updateInternalTargets(deps: Pick<Deps, 'db'>, tx: Tx, caseId: string, action: string, to: string, on: string, now: string): Promise<void> {
  for (const kind of INTERNAL_TARGET_STEPS) if (INTERNAL_TARGETS[kind].metBy.includes(action)) await meetInternalTarget(tx, caseId, kind, on, now);
  for (const kind of INTERNAL_TARGET_STEPS) {
    const t = INTERNAL_TARGETS[kind];
    if (t.startsIn !== to) continue;
    if (await hasOpenInternalTarget(tx, caseId, kind)) continue;
    // the organisation's own target over the deployment default (issues 11, 12)
    const days = (await readNotifySettings(tx, await orgOfCase(tx, caseId))).internalTargetDays[kind];
    const due = computeDueDate(await getWorkingCalendar(deps, tx), on, { days, dayKind: 'working' });
    await insertInternalTarget(tx, { id: newId(), case_id: caseId, kind, citation: t.citation, days, start_date: on, due_date: due.date, provisional: due.provisional, created_at: now });
  }
}
