// Intake (线索登记): a report from anyone — named or anonymous, by visit, letter, phone or the
// online channel (FL-4: 鼓励公民、法人和其他组织积极举报; WC-9(1): 任何人均有权举报或投诉) — or
// a wrong-case source (WC-5) linked to an original enforcement case.
//
// The reporter's identity and contact go to their own table (case_reporters), sealed with the
// case's data key (src/crypto/report-seal.ts), never into the case body, its steps, the search
// index or the audit trail: a clerk reads them only with an approved request (the identity
// custodian, src/services/reporter/custodian.ts), and every read is audited. Every report gets a
// receipt code, shown once: 20 random base32 characters (100 bits), stored as an argon2id hash
// found through its first four characters (receipt_lookup, not secret; the other 80 bits stay
// behind the slow hash). With it the reporter follows up without an account (reporter-channel.ts).
import { randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { onCaseIntake } from '../notify/case-events';
import { intakeSchema, publicReportSchema, type CaseState, type IntakeInput, type Track } from '../../domain/cases';
import { sha256Hex } from '../../files/file-store';
import { chinaDate } from '../../lib/clock';
import { impartialityParams } from '../../policies/recusal';
import { checkTypedDate } from './impartiality';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { nowIso, type Ctx, type Deps } from '../context';
import { nextCaseNumber } from './case-numbers';
import { indexCase } from './search';
import { isSealedSource, storedSummary } from './report-text';
import { setCaseSummary } from './report-text-repo';
import { requireOriginalCase, requirePeople } from './registers-adapter';
import type { Q } from './repo';
import { insertSealedReporter } from '../reporter/identity-repo';
import { findCase, insertStep, refreshWaits } from '../../repositories/cases/case-repo';
import { caseIdByLegacyReceiptHash, insertCaseRow, insertSubject, receiptCandidates } from '../../repositories/cases/intake-repo';
import { recordRetaliationSignals } from '../reporter/retaliation';
import { autoLinkStaffReporter } from '../reporter/staff-match';
import { actorOrgId } from '../../policies/org-scope';
import { reportOrgFor } from '../orgs/org-service';
import { orgPacksOn } from '../orgs/org-settings';
import { findOrg } from '../orgs/org-repo';

const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** characters of a receipt code (5 bits each: 100 bits) */
export const RECEIPT_CODE_LENGTH = 20;
/** its first characters, stored in clear to find the row to verify (not part of the secret) */
const RECEIPT_LOOKUP_LENGTH = 4;
/** codes issued before migration 0180: 16 characters, SHA-256 */
const LEGACY_CODE_LENGTH = 16;

/** 20 random Crockford base32 characters (100 bits), shown as XXXXX-XXXXX-XXXXX-XXXXX. */
export function newReceiptCode(): string {
  const bytes = randomBytes(RECEIPT_CODE_LENGTH);
  let s = '';
  // 256 is a multiple of 32: no bias
  for (let i = 0; i < RECEIPT_CODE_LENGTH; i++) s += RECEIPT_ALPHABET[bytes[i]! % 32];
  return s.match(/.{5}/g)!.join('-');
}

/** Tolerates case, spaces, dashes and the usual confusions (O→0, I/L→1). */
export function normalizeReceiptCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

const legacyReceiptHash = (code: string): string => sha256Hex(`wenze-receipt:${normalizeReceiptCode(code)}`);

/** The stored form of a new receipt code: the lookup prefix and the argon2id hash. */
export async function receiptRecord(code: string): Promise<{ receipt_lookup: string; receipt_hash: string }> {
  const norm = normalizeReceiptCode(code);
  return { receipt_lookup: norm.slice(0, RECEIPT_LOOKUP_LENGTH), receipt_hash: await argonHash(`wenze-receipt:${norm}`) };
}

// verified when no row has the prefix, so that a miss costs the same as a wrong code
let decoyHash: Promise<string> | null = null;

/**
 * The case a receipt code opens, or null. Slow on purpose (argon2id); the routes that call it are
 * rate limited. The code never leaves this function: not logged, not audited.
 */
export async function caseIdForReceiptCode(q: Q, code: string): Promise<string | null> {
  const norm = normalizeReceiptCode(code);
  if (norm.length === LEGACY_CODE_LENGTH) {
    return caseIdByLegacyReceiptHash(q, legacyReceiptHash(norm));
  }
  if (norm.length !== RECEIPT_CODE_LENGTH || [...norm].some((c) => !RECEIPT_ALPHABET.includes(c))) return null;
  const rows = await receiptCandidates(q, norm.slice(0, RECEIPT_LOOKUP_LENGTH));
  const secret = `wenze-receipt:${norm}`;
  if (rows.length === 0) {
    decoyHash ??= argonHash('wenze-receipt:decoy');
    await argonVerify(await decoyHash, secret).catch(() => false);
    return null;
  }
  for (const r of rows) {
    if (r.receiptHash?.startsWith('$argon2') && (await argonVerify(r.receiptHash, secret).catch(() => false))) return r.caseId;
  }
  return null;
}

export interface IntakeResult {
  caseId: string;
  number: string;
  version: number;
  /** shown once; null when the source is not a report */
  receiptCode: string | null;
}

function defaultTracks(input: IntakeInput): Track[] {
  if (input.tracks) return [...new Set(input.tracks)].sort() as Track[];
  return input.source === 'wc5' ? ['WC'] : ['FL'];
}

export async function insertIntake(deps: Deps, tx: Tx, actorId: string | null, orgId: string, input: IntakeInput): Promise<IntakeResult> {
  const now = nowIso(deps);
  // Honest dates (issue 7): not in the future; more than the pack's limit back needs a reason.
  const today = chinaDate(deps.clock.now());
  const dateMarks = checkTypedDate(input.receivedOn, today, { zh: '收到线索日期', en: 'date received' }, 'receivedOn', input.backdateReason, impartialityParams(today, orgPacksOn(await findOrg(tx, orgId), today)));
  const subjects = input.subjectPersonIds ?? [];
  const people = await requirePeople(tx, subjects, 'subjectPersonIds', orgId);
  const originalCaseId = input.wc5?.originalCaseId ?? input.originalCaseId ?? null;
  if (originalCaseId) await requireOriginalCase(tx, originalCaseId, input.wc5?.originalCaseId ? 'wc5.originalCaseId' : 'originalCaseId', orgId);
  const { year, seq, orgSeq, number } = await nextCaseNumber(tx, orgId, Number(chinaDate(deps.clock.now()).slice(0, 4)));
  const id = newId();
  const tracks = defaultTracks(input);
  await insertCaseRow(tx, {
    id,
    number,
    year,
    seq,
    org_id: orgId,
    org_seq: orgSeq,
    state: 'intake' satisfies CaseState,
    tracks: JSON.stringify(tracks),
    source: input.source,
    channel: input.source === 'report' ? (input.channel ?? null) : null,
    // a report's text is sealed just below, once the case exists for its data key
    summary: isSealedSource(input.source) ? '' : input.summary,
    received_on: input.receivedOn,
    wc5_item: input.wc5?.item ?? null,
    wc5_reference_no: input.wc5?.referenceNo ?? null,
    wc5_reference_date: input.wc5?.referenceDate ?? null,
    original_case_id: originalCaseId,
    accepted_on: null,
    registered_on: null,
    investigation_started_on: null,
    decided_on: null,
    closed_on: null,
    end_reason: null,
    wrong_case: null,
    wrong_case_wc5_item: null,
    version: 1,
    created_by: actorId,
    created_at: now,
    updated_at: now,
    waits_clerk: 0,
    waits_leader: 0,
    waits_decider: 0,
    waits_team: 0,
    waits_subject: 0,
  });
  if (isSealedSource(input.source)) await setCaseSummary(tx, id, await storedSummary(tx, id, input.source, input.summary));
  for (const p of subjects) {
    await insertSubject(tx, { id: newId(), caseId: id, personId: p, unitId: people.get(p)?.unitId ?? null, addedAt: now, addedBy: actorId });
    // FL-10(3): a staff reporter made a subject (src/services/reporter/retaliation.ts)
    await recordRetaliationSignals(tx, { personId: p, trigger: 'made_subject', triggerCaseId: id, detail: null, actorId, now });
  }
  let receiptCode: string | null = null;
  if (input.source === 'report' && input.reporter) {
    receiptCode = newReceiptCode();
    const r = input.reporter;
    // Sealed with the case's own data key (src/crypto/report-seal.ts; issue 9 §3).
    await insertSealedReporter(
      tx,
      id,
      {
        anonymous: Boolean(r.anonymous),
        // An anonymous reporter may still leave a way to be reached; a name is dropped.
        name: r.anonymous ? null : (r.name ?? null),
        idNumber: r.anonymous ? null : (r.idNumber ?? null),
        phone: r.phone ?? null,
        address: r.address ?? null,
        email: r.email ?? null,
        organisation: r.organisation ?? null,
      },
      await receiptRecord(receiptCode),
      now,
    );
    // FL-10(3): a named reporter who is a member of staff is linked at once (staff-match.ts)
    await autoLinkStaffReporter(tx, id, orgId, actorId, now);
  }
  const citation = input.source === 'wc5' ? `WC-5(${input.wc5?.item})` : 'FL-4';
  const data = {
    source: input.source,
    tracks,
    channel: input.channel ?? null,
    receivedOn: input.receivedOn,
    anonymous: input.reporter?.anonymous ?? null,
    wc5: input.wc5 ?? null,
    originalCaseId,
    subjectPersonIds: subjects,
    stepDate: input.receivedOn,
    ...dateMarks,
  };
  await insertStep(tx, { id: newId(), caseId: id, action: 'intake', fromState: 'intake', toState: 'intake', citation, data, actorId, at: now });
  await indexCase(tx, deps.db.dialect, { id, number, source: input.source, summary: input.summary });
  // issue 14 point 5: whom the new case waits on (the step writer's one function)
  await refreshWaits(tx, (await findCase(tx, id))!);
  await appendAudit(tx, { actorId, action: 'case.intake', entityType: 'case', entityId: id, after: { number, state: 'intake', version: 1, citation, data }, at: now });
  await onCaseIntake(deps, tx, { caseId: id, number, source: input.source, actorId, receivedOn: input.receivedOn }); // notifications (issue 12), 内部时限
  return { caseId: id, number, version: 1, receiptCode };
}

/** A clerk records a report or a WC-5 source. */
export async function createCase(ctx: Ctx, raw: unknown): Promise<IntakeResult> {
  authorize(ctx.actor, 'cases.create');
  const input = parseInput(intakeSchema, raw);
  return inTransaction(ctx.db, (tx) => insertIntake(ctx, tx, ctx.actor.userId, actorOrgId(ctx.actor), input));
}

/** The public online channel (FL-4): no account. Returns the receipt code and nothing else. */
export async function submitPublicReport(deps: Deps, raw: unknown): Promise<{ receiptCode: string; receivedOn: string }> {
  const input = parseInput(publicReportSchema, raw);
  const receivedOn = chinaDate(deps.clock.now());
  const r = await inTransaction(deps.db, async (tx) =>
    insertIntake(deps, tx, null, await reportOrgFor(tx, input.orgId), { source: 'report', channel: 'online', receivedOn, summary: input.summary, reporter: input.reporter }),
  );
  return { receiptCode: r.receiptCode!, receivedOn };
}

// Reading the reporter's identity: the identity custodian (src/services/reporter/custodian.ts).
