// Intake (线索登记): a report from anyone — named or anonymous, by visit, letter, phone or the
// online channel (FL-4: 鼓励公民、法人和其他组织积极举报; WC-9(1): 任何人均有权举报或投诉) — or
// a wrong-case source (WC-5) linked to an original enforcement case.
//
// The reporter's identity and contact go to their own table (case_reporters), never into the
// case body, its steps or the audit trail: only `reporter.read` (clerks) reads them, through
// readReporter, and every read is audited. Every report gets a receipt code, shown once; only
// its SHA-256 is stored. With it the reporter reads status and replies without an account.
import { randomBytes } from 'node:crypto';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { intakeSchema, publicReportSchema, PUBLIC_STATUS, type CaseState, type IntakeInput, type Track } from '../../domain/cases';
import { AppError } from '../../errors';
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
import { requireOriginalCase, requirePeople } from './registers-adapter';
import { actorOrgId, DEFAULT_ORG_ID } from '../../policies/org-scope';
import { canSeeCase, findCase, notFound } from './repo';

const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 random Crockford base32 characters (80 bits), shown as XXXX-XXXX-XXXX-XXXX. */
export function newReceiptCode(): string {
  const bytes = randomBytes(16);
  let s = '';
  for (let i = 0; i < 16; i++) s += RECEIPT_ALPHABET[bytes[i]! % 32];
  return s.match(/.{4}/g)!.join('-');
}

/** Tolerates case, spaces, dashes and the usual confusions (O→0, I/L→1). */
export function normalizeReceiptCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export const receiptHash = (code: string): string => sha256Hex(`wenze-receipt:${normalizeReceiptCode(code)}`);

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

async function insertIntake(deps: Deps, tx: Tx, actorId: string | null, orgId: string, input: IntakeInput): Promise<IntakeResult> {
  const now = nowIso(deps);
  // Honest dates (issue 7): not in the future; more than the pack's limit back needs a reason.
  const today = chinaDate(deps.clock.now());
  const dateMarks = checkTypedDate(input.receivedOn, today, { zh: '收到线索日期', en: 'date received' }, 'receivedOn', input.backdateReason, impartialityParams(today));
  const subjects = input.subjectPersonIds ?? [];
  const people = await requirePeople(tx, subjects, 'subjectPersonIds', orgId);
  const originalCaseId = input.wc5?.originalCaseId ?? input.originalCaseId ?? null;
  if (originalCaseId) await requireOriginalCase(tx, originalCaseId, input.wc5?.originalCaseId ? 'wc5.originalCaseId' : 'originalCaseId', orgId);
  const { year, seq, orgSeq, number } = await nextCaseNumber(tx, orgId, Number(chinaDate(deps.clock.now()).slice(0, 4)));
  const id = newId();
  const tracks = defaultTracks(input);
  await tx
    .insertInto('cases')
    .values({
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
      summary: input.summary,
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
    })
    .execute();
  for (const p of subjects) {
    await tx.insertInto('case_subjects').values({ id: newId(), case_id: id, person_id: p, unit_id: people.get(p)?.unitId ?? null, added_at: now, added_by: actorId }).execute();
  }
  let receiptCode: string | null = null;
  if (input.source === 'report' && input.reporter) {
    receiptCode = newReceiptCode();
    const r = input.reporter;
    await tx
      .insertInto('case_reporters')
      .values({
        case_id: id,
        anonymous: r.anonymous ? 1 : 0,
        // An anonymous reporter may still leave a way to be reached; a name is dropped.
        name: r.anonymous ? null : (r.name ?? null),
        id_number: r.anonymous ? null : (r.idNumber ?? null),
        phone: r.phone ?? null,
        address: r.address ?? null,
        email: r.email ?? null,
        organisation: r.organisation ?? null,
        receipt_hash: receiptHash(receiptCode),
        created_at: now,
      })
      .execute();
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
  await tx.insertInto('case_steps').values({ id: newId(), case_id: id, action: 'intake', from_state: 'intake', to_state: 'intake', citation, data: JSON.stringify(data), actor_id: actorId, at: now }).execute();
  await indexCase(tx, deps.db.dialect, { id, number, summary: input.summary });
  await appendAudit(tx, { actorId, action: 'case.intake', entityType: 'case', entityId: id, after: { number, state: 'intake', version: 1, citation, data }, at: now });
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
  const r = await inTransaction(deps.db, (tx) =>
    insertIntake(deps, tx, null, DEFAULT_ORG_ID, { source: 'report', channel: 'online', receivedOn, summary: input.summary, reporter: input.reporter }),
  );
  return { receiptCode: r.receiptCode!, receivedOn };
}

export interface PublicReportStatus {
  receivedOn: string;
  statusZh: string;
  statusEn: string;
  replies: { repliedOn: string; text: string }[];
}

/**
 * What a reporter sees with the receipt code: the coarse status and the replies addressed to
 * them — no case number, no names, no findings. Unknown codes are NOT_FOUND. Reads only.
 */
export async function publicReportStatus(deps: Deps, code: string): Promise<PublicReportStatus> {
  const norm = normalizeReceiptCode(code);
  if (norm.length !== 16) throw new AppError('NOT_FOUND');
  const row = await deps.db.kysely
    .selectFrom('case_reporters')
    .innerJoin('cases', 'cases.id', 'case_reporters.case_id')
    .select(['cases.id', 'cases.state', 'cases.received_on'])
    .where('case_reporters.receipt_hash', '=', receiptHash(norm))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const replies = await deps.db.kysely.selectFrom('case_replies').select(['replied_on', 'text']).where('case_id', '=', row.id).orderBy('replied_on').orderBy('created_at').execute();
  const st = PUBLIC_STATUS[row.state as CaseState];
  return { receivedOn: row.received_on, statusZh: st.zh, statusEn: st.en, replies: replies.map((r) => ({ repliedOn: r.replied_on, text: r.text })) };
}

export interface ReporterView {
  anonymous: boolean;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  organisation: string | null;
}

/** The reporter's identity and contact: `reporter.read` only; the read itself is audited. */
export async function readReporter(ctx: Ctx, caseId: string): Promise<ReporterView | null> {
  authorize(ctx.actor, 'reporter.read');
  return inTransaction(ctx.db, async (tx) => {
    const c = await findCase(tx, caseId);
    if (!c || !(await canSeeCase(tx, ctx.actor, caseId))) throw notFound();
    const r = await tx.selectFrom('case_reporters').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    await appendAudit(tx, { actorId: ctx.actor.userId, action: 'case.reporter.read', entityType: 'case', entityId: caseId, after: { found: Boolean(r) }, at: nowIso(ctx) });
    if (!r) return null;
    return { anonymous: Number(r.anonymous) === 1, name: r.name, idNumber: r.id_number, phone: r.phone, address: r.address, email: r.email, organisation: r.organisation };
  });
}
