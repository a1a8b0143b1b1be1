// WC-11: a 申诉 recorded and neither sent to the outside body nor answered now waits on the clerks
// (refer_appeal is no longer optional: src/domain/cases/actions.ts), in any state it can be taken
// from — decided, notified, executing and closed. The queue reads whom a case waits on from
// cases.waits_* (written by every step from the case facts), so a case holding such an appeal
// from before keeps its old waits_clerk until its next step: a case under execution with nothing
// else for the clerk to do (its items done, the appeal blocking closure) stayed out of the
// clerk's queue. (A closed case can hold one only if the database ran the build of the same
// session that first took an appeal after closure; it is covered alike.) The rule only adds the
// clerk, so this sets waits_clerk on those cases and touches nothing else.
//
// The same session made the decision body wait only on a 陈述申辩 (decide_appeal reviews no 申诉: it
// goes to the outside body): after the decision the body's one step is decide_appeal, so a case
// decided, served or under execution holding no pending 陈述申辩 no longer waits on it.
//
// Plain SQL on purpose: 0620's note — no later migration reads cases through repository code (the
// case facts name columns later migrations may add). Both engines.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE cases SET waits_clerk = 1
    WHERE waits_clerk = 0
      AND state IN ('decided', 'notified', 'executing', 'closed')
      AND id IN (SELECT a.case_id FROM case_appeals a
                 WHERE a.kind = 'appeal' AND a.outcome = 'pending'
                   AND NOT EXISTS (SELECT 1 FROM appeal_referrals r WHERE r.appeal_id = a.id))`.execute(db);
  await sql`
    UPDATE cases SET waits_decider = 0
    WHERE waits_decider = 1
      AND state IN ('decided', 'notified', 'executing')
      AND NOT EXISTS (SELECT 1 FROM case_appeals a WHERE a.case_id = cases.id AND a.kind = 'defence' AND a.outcome = 'pending')`.execute(db);
}

export async function down(): Promise<void> {
  // nothing to undo: the next step of each case rewrites its waits from its facts
}
