// Issue 10 point 13: an appeal that reopens a decision re-runs the recommendation on the case's
// current data and stores a receipt, so each decision names the receipt it was checked against.
// (The meetings work makes the first decision evaluate its own receipt; this is the same store
// for the appeal path, inside the step's transaction.)
import { appendAudit } from '../../audit/audit-writer';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { evaluate, packInForce } from '../../rules';
import { buildCaseFacts, packContentHash, packVersion } from './recommendation-service';
import type { StepCtx } from './step-types';

/** Evaluates the case now and stores the receipt (audited); null when the case names no original case. */
export async function rerunRecommendationInStep(s: StepCtx): Promise<string | null> {
  if (!s.row.original_case_id) return null;
  const facts = await buildCaseFacts(s.tx, s.row, chinaDate(s.ctx.clock.now()));
  const output = evaluate(facts);
  const pack = output.status === 'no_rules_in_force' ? null : packInForce(facts.conductDate);
  const id = newId();
  const rec = {
    id,
    case_id: s.row.id,
    pack_id: pack?.id ?? 'none',
    pack_version: pack ? packVersion(pack) : 'none',
    pack_hash: pack ? packContentHash(pack) : 'none',
    inputs_json: JSON.stringify(facts),
    output_json: JSON.stringify(output),
    trace_json: JSON.stringify(output.trace),
    evaluated_at: s.now,
    actor_id: s.ctx.actor.userId,
  };
  await s.tx.insertInto('rule_evaluations').values(rec).execute();
  await appendAudit(s.tx, {
    actorId: s.ctx.actor.userId,
    action: 'case.recommendation',
    entityType: 'case',
    entityId: s.row.id,
    after: { evaluationId: id, packId: rec.pack_id, packVersion: rec.pack_version, packHash: rec.pack_hash, status: output.status, reason: 'appeal' },
    at: s.now,
  });
  return id;
}
