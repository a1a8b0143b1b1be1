// 内部时限: the measures require some steps to be taken "promptly" (及时) without a number of
// days — WC-9(1) 及时受理并答复; WC-9(2) 立案后及时报告委主要负责人、及时组成调查组展开调查; WC-11
// 处理决定及时送达. The Commission sets its own target in working days (settings.ts); a target
// starts when the case enters the state the step is taken from and is met by the step. Shown and reminded like the
// statutory deadlines, always marked internal.
import { computeDueDate } from '../../calendar/deadlines';
import { newId } from '../../lib/ids';
import { casesWithoutInternalTarget, hasOpenInternalTarget, insertInternalTarget, meetInternalTarget } from '../../repositories/notify/notify-repo';
import { inTransaction, type Tx } from '../../db/tx';
import { chinaDate } from '../../lib/clock';
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

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The date a step says it was taken (its `…On` field or stepDate), else today (China). */
export function stepDateOf(input: Record<string, unknown>, now: Date): string {
  if (isDate(input.stepDate)) return input.stepDate;
  for (const [k, v] of Object.entries(input)) if (k.endsWith('On') && isDate(v)) return v;
  return chinaDate(now);
}

/**
 * The targets a case lacks because it was already waiting in a target's starting state when the
 * target was added (a database made before it): started as if the target had existed, on the date
 * of the step that brought the case there, so a case parked before the upgrade is reminded like
 * any other. Run at every start (src/cli/start-hooks.ts); a case with the target, open or met, is
 * left alone, so a second run adds nothing. Returns how many cases it started targets on.
 */
export async function backfillInternalTargets(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  let n = 0;
  for (const kind of INTERNAL_TARGET_STEPS) {
    const state = INTERNAL_TARGETS[kind].startsIn;
    for (const c of await casesWithoutInternalTarget(deps.db.kysely, state, kind)) {
      const now = deps.clock.now();
      await inTransaction(deps.db, (tx) => updateInternalTargets(deps, tx, c.caseId, '', state, stepDateOf(c.stepData, now), now.toISOString()));
      n++;
    }
  }
  return n;
}
