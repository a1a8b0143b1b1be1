// 内部时限: the measures require some steps to be taken "promptly" (及时) without a number of
// days — WC-9(2) 立案后及时报告委主要负责人、及时指定调查组; WC-11 处理决定及时送达. The
// Commission sets its own target in working days (settings.ts); a target starts when the case
// enters the state the step is taken from and is met by the step. Shown and reminded like the
// statutory deadlines, always marked internal.
import { computeDueDate } from '../../calendar/deadlines';
import type { Tx } from '../../db/tx';
import { newId } from '../../lib/ids';
import { getWorkingCalendar } from '../calendar-service';
import type { Deps } from '../context';
import { caseOrgId } from '../orgs/org-repo';
import { INTERNAL_TARGETS, INTERNAL_TARGET_STEPS, readNotifySettings } from './settings';

export async function updateInternalTargets(deps: Pick<Deps, 'db'>, tx: Tx, caseId: string, action: string, to: string, on: string, now: string): Promise<void> {
  if ((INTERNAL_TARGET_STEPS as readonly string[]).includes(action)) {
    await tx.updateTable('case_internal_targets').set({ met_on: on, updated_at: now }).where('case_id', '=', caseId).where('kind', '=', action).where('met_on', 'is', null).execute();
  }
  for (const kind of INTERNAL_TARGET_STEPS) {
    const t = INTERNAL_TARGETS[kind];
    if (t.startsIn !== to) continue;
    const existing = await tx.selectFrom('case_internal_targets').select('id').where('case_id', '=', caseId).where('kind', '=', kind).where('met_on', 'is', null).executeTakeFirst();
    if (existing) continue;
    // issue 11: the target the case's organisation set, else the deployment's
    const days = (await readNotifySettings(tx, await caseOrgId(tx, caseId))).internalTargetDays[kind];
    const due = computeDueDate(await getWorkingCalendar(deps, tx), on, { days, dayKind: 'working' });
    await tx
      .insertInto('case_internal_targets')
      .values({ id: newId(), case_id: caseId, kind, citation: t.citation, days, start_date: on, due_date: due.date, provisional: due.provisional ? 1 : 0, met_on: null, created_at: now, updated_at: now })
      .execute();
  }
}
