// The case hooks: one call inside the transaction of a committed-to-be step or intake.
// A step that changes the case's state tells the people the case now waits on (not one who must
// stand aside from the step: the queue's rule); so does a 申诉 recorded after closure, which waits
// on the clerks until they send it to the outside body (WC-11). Every step starts and meets the
// internal targets (内部时限). A new report or WC-5 source tells the clerks.
import type { Tx } from '../../db/tx';
import type { CaseAction } from '../../domain/cases';
import { chinaDate } from '../../lib/clock';
import type { Deps } from '../context';
import { stepDateOf, updateInternalTargets } from './internal-targets';
import { intakeMessage, stepWaitingMessage } from './messages';
import { notify } from './notify';
import { orgOfCase, usersWithRole, waitingOn, type Waiting } from './recipients';

/**
 * Steps that keep the state but give someone a step to take, announced like a change of state:
 * a 申诉 recorded on a closed case (file_appeal) waits on the clerks to refer it (refer_appeal) —
 * otherwise nobody would be told, and a closed case is in no one's queue but for it (WC-11).
 */
const ANNOUNCED_IN_PLACE: ReadonlySet<CaseAction> = new Set<CaseAction>(['file_appeal']);

export async function onCaseStep(deps: Pick<Deps, 'db' | 'clock'>, tx: Tx, e: { caseId: string; number: string; action: string; from: string; to: string; input: Record<string, unknown>; actorId: string }): Promise<void> {
  const now = deps.clock.now();
  const at = now.toISOString();
  await updateInternalTargets(deps, tx, e.caseId, e.action, e.to, stepDateOf(e.input, now), at);
  if (e.from === e.to && !ANNOUNCED_IN_PLACE.has(e.action as CaseAction)) return;
  // one notify() per distinct set of steps (usually one: the clerks, the deciders, the team)
  const groups = new Map<string, { steps: Waiting['steps']; userIds: string[] }>();
  for (const w of await waitingOn(tx, e.caseId, { standAsideOn: chinaDate(now) })) {
    if (w.userId === e.actorId) continue;
    const key = w.steps.map((s) => s.action).join(',');
    const g = groups.get(key) ?? { steps: w.steps, userIds: [] };
    g.userIds.push(w.userId);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    await notify(tx, { kind: 'step_waiting', level: 'info', userIds: g.userIds, caseId: e.caseId, message: stepWaitingMessage({ caseId: e.caseId, number: e.number }, g.steps), at });
  }
}

export async function onCaseIntake(deps: Pick<Deps, 'db' | 'clock'>, tx: Tx, c: { caseId: string; number: string; source: string; actorId: string | null; receivedOn: string }): Promise<void> {
  // WC-9(1) 及时受理: the internal target starts on the day the report was received
  await updateInternalTargets(deps, tx, c.caseId, 'intake', 'intake', c.receivedOn, deps.clock.now().toISOString());
  const orgId = await orgOfCase(tx, c.caseId);
  if (!orgId) return;
  const clerks = (await usersWithRole(tx, 'clerk', orgId)).filter((id) => id !== c.actorId);
  await notify(tx, { kind: 'intake', level: 'info', userIds: clerks, caseId: c.caseId, message: intakeMessage(c), at: deps.clock.now().toISOString() });
}
