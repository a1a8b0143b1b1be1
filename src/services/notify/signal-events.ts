// WC-5(1)–(6): a new outcome recorded on an original case that has no accountability case yet
// is a signal the clerks must act on (open a case or record why not); they are told, inside the
// transaction that records the outcome.
import type { Tx } from '../../db/tx';
import type { Deps } from '../context';
import { pendingWc5Signals } from '../cases/wc5-signals';
import { signalMessage } from './messages';
import { notify } from './notify';
import { orgOfOriginalCase, usersWithRole } from './recipients';

export async function onWc5Outcome(deps: Pick<Deps, 'clock'>, tx: Tx, originalCaseId: string): Promise<void> {
  const [signal] = await pendingWc5Signals(tx, originalCaseId);
  if (!signal) return;
  const orgId = await orgOfOriginalCase(tx, originalCaseId);
  if (!orgId) return;
  await notify(tx, { kind: 'signal', level: 'warning', userIds: await usersWithRole(tx, 'clerk', orgId), message: signalMessage(signal), at: deps.clock.now().toISOString() });
}
