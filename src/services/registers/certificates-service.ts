// Enforcement certificates (行政执法证) and their status history. The history is append-only:
// each change records from → to, the date it takes effect, the reason, the document it rests on,
// the accountability case that ordered it (WC-10(4) 暂停执法（暂扣行政执法证）) and who recorded it.
// The status on any date is computed from the history (certificate-status.ts), so the rules
// engine can ask whether an officer held a valid certificate on the conduct date (WC-6(2), FL-8(5)).
import { ctxForRecord, rawId } from '../orgs/acting-in';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import type { Database } from '../../db/schema';
import type { CertificateStatus } from '../../db/tables/registers';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { findCase } from '../../repositories/cases/case-repo';
import { canSeeCase, caseNamingOnPerson, CASE_WITHHELD } from '../../policies/cases';
import type { Actor } from '../../policies/roles';
import { recordOrgId } from '../orgs/org-repo';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import {
  certificateNumberTaken,
  certificateRow,
  certificateRowsOfPerson,
  certificateRowWithPerson,
  certificatesOfPeople,
  chunks,
  holderInScope,
  insertCertificateRow,
  insertStatusChangeRow,
  openCasesReadingCertificatesOf,
  searchCertificates,
  statusChangeRows,
  updateCertificateAtVersion,
  type CertRow,
  type ChangeRow,
} from '../../repositories/registers/certificates-repo';
import type { Ctx } from '../context';
import {
  canTransition,
  certificateStatusOn,
  CERTIFICATE_TRANSITIONS,
  firstAnswerChange,
  suspendedOnOrAfter,
  validityHolds,
  type CertificateWithHistoryLike,
} from './certificate-status';
import { TERMINAL_STATES } from '../../domain/cases/states';
import { assertAccountNotRecused } from '../cases/impartiality';
import {
  assertUpdated,
  checkVersion,
  duplicateError,
  guardDuplicate,
  queryOf,
  refError,
  txActorOf,
  type CorrectionNeed,
  type DbOrTx,
  type InTxActor,
  assertNotOwnRecord,
} from './internal';
import {
  certificateCreateSchema,
  certificateGetQuerySchema,
  certificatesQuerySchema,
  certificateStatusChangeSchema,
  certificateUpdateSchema,
  CERTIFICATE_STATUS_LABELS,
  type CertificateCreateInput,
  type CertificateDetail,
  type CertificateStatusChange,
  type CertificateStatusChangeInput,
  type CertificateSummary,
} from './schemas';


const CERT = { zh: '执法证号', en: 'Certificate number' };

/** A certificate as stored, with its full status history: what other services and the rules engine read. */
export interface CertificateRecord {
  id: string;
  number: string;
  personId: string;
  issuingAuthority: string;
  validFrom: string;
  validTo: string | null;
  /** the status after the latest recorded change */
  status: CertificateStatus;
  version: number;
  /** in recording order (seq ascending) */
  history: CertificateStatusChange[];
}

export interface PersonCertificates {
  personId: string;
  /** null when no such person is registered */
  personName: string | null;
  certificates: CertificateRecord[];
}

const toChange = (r: ChangeRow): CertificateStatusChange => ({
  id: r.id,
  seq: Number(r.seq),
  fromStatus: r.from_status,
  toStatus: r.to_status,
  effectiveDate: r.effective_date,
  reason: r.reason,
  reference: r.reference,
  caseId: r.case_id,
  actorId: r.actor_id,
  recordedAt: r.recorded_at,
});

const toRecord = (r: CertRow, history: CertificateStatusChange[]): CertificateRecord => ({
  id: r.id,
  number: r.number,
  personId: r.person_id,
  issuingAuthority: r.issuing_authority,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  status: r.status,
  version: Number(r.version),
  history,
});

function toSummary(r: CertRow & { person_name: string }, history: readonly CertificateStatusChange[], date: string): CertificateSummary {
  return {
    id: r.id,
    number: r.number,
    personId: r.person_id,
    personName: r.person_name,
    issuingAuthority: r.issuing_authority,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    statusOn: certificateStatusOn({ validFrom: r.valid_from, validTo: r.valid_to }, history, date),
    statusDate: date,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function historiesOf(q: Kysely<Database>, certIds: readonly string[]): Promise<Map<string, CertificateStatusChange[]>> {
  const out = new Map<string, CertificateStatusChange[]>(certIds.map((id) => [id, []]));
  for (const r of await statusChangeRows(q, certIds)) out.get(r.certificate_id)?.push(toChange(r));
  return out;
}

/** Certificates of one person with history, status on `date` ('YYYY-MM-DD'). */
export async function certificatesOfPerson(q: Kysely<Database>, personId: string, date: string): Promise<CertificateDetail[]> {
  const rows = await certificateRowsOfPerson(q, personId);
  const hist = await historiesOf(q, rows.map((r) => r.id));
  return rows.map((r) => {
    const history = hist.get(r.id) ?? [];
    return { ...toSummary(r, history, date), history };
  });
}

/**
 * FL-5(1), FL-7(7): the holder's certificates as this reader may be shown them. A status change a
 * case ordered (WC-10(4) 暂扣, its end, its reversal) names that case — id, reference, a reason
 * quoting its number — only to a reader who reads the case in full, or to the holder himself
 * (src/policies/cases.ts#caseNamingOnPerson); to anyone else the change stays (status, date) with
 * the neutral reason 问责处理决定 and no case. A hand-typed reason or reference quoting the number
 * of a case of the holder that the reader may not be named has it replaced by 另案.
 */
export async function certificatesShownTo(q: Kysely<Database>, actor: Actor, personId: string, certs: CertificateDetail[]): Promise<CertificateDetail[]> {
  const naming = await caseNamingOnPerson(q, actor, personId, certs.flatMap((c) => c.history.map((h) => h.caseId)));
  return certs.map((c) => ({
    ...c,
    history: c.history.map((h) =>
      h.caseId && !naming.names(h.caseId) ? { ...h, reason: CASE_WITHHELD.reason, reference: null, caseId: null } : { ...h, reason: naming.scrub(h.reason), reference: h.reference === null ? null : naming.scrub(h.reference) },
    ),
  }));
}

/** The certificates (by id) as `certificatesShownTo` shows them to the account writing; as stored to an in-process writer. */
async function shownToWriter(q: Kysely<Database>, by: InTxActor, personId: string, certs: CertificateDetail[]): Promise<Map<string, CertificateDetail>> {
  const shown = by.actor ? await certificatesShownTo(q, by.actor, personId, certs) : certs;
  return new Map(shown.map((c) => [c.id, c]));
}

/** One certificate as `certificatesShownTo` shows it. */
async function certificateShownTo(q: Kysely<Database>, actor: Actor, cert: CertificateDetail): Promise<CertificateDetail> {
  return (await certificatesShownTo(q, actor, cert.personId, [cert]))[0]!;
}

/**
 * Per person, every certificate with its full status history — for the rules engine (WC-6(2),
 * FL-8(5): did the officer hold a valid certificate on the conduct date? use
 * `certificateStatusOn` / `hasValidCertificateOn`) and the case workflow. Returns one entry per
 * distinct requested id, in request order. No authorization: the calling service has done its own.
 * On SQLite, pass the `Tx` when called inside a transaction.
 */
export async function getCertificateRegisterForPeople(dbOrTx: DbOrTx, personIds: readonly string[]): Promise<PersonCertificates[]> {
  const q = queryOf(dbOrTx);
  const ids = [...new Set(personIds)];
  const { names, certs } = await certificatesOfPeople(q, ids);
  const hist = await historiesOf(q, certs.map((c) => c.id));
  return ids.map((personId) => ({
    personId,
    personName: names.get(personId) ?? null,
    certificates: certs.filter((c) => c.person_id === personId).map((c) => toRecord(c, hist.get(c.id) ?? [])),
  }));
}

/** One certificate with its history (no authorization; for other services). */
export async function getCertificateRecord(dbOrTx: DbOrTx, certId: string): Promise<CertificateRecord | null> {
  const q = queryOf(dbOrTx);
  const row = await certificateRow(q, certId);
  if (!row) return null;
  return toRecord(row, (await historiesOf(q, [row.id])).get(row.id) ?? []);
}

export async function listCertificates(ctx: Ctx, rawQuery: unknown = {}): Promise<{ items: CertificateSummary[]; total: number }> {
  authorize(ctx.actor, 'registers.read');
  const q = parseInput(certificatesQuerySchema, rawQuery);
  const k = ctx.db.kysely;
  const { rows, total } = await searchCertificates(k, ctx.db.dialect, { orgScope: ctx.actor.orgScope, personId: q.personId, status: q.status, text: q.q, page: q.page, pageSize: q.pageSize });
  const hist = await historiesOf(k, rows.map((r) => r.id));
  const today = chinaDate(ctx.clock.now());
  return { items: rows.map((r) => toSummary(r, hist.get(r.id) ?? [], today)), total };
}

/** One certificate with its history; its status on `?on=YYYY-MM-DD` (default: today in China). */
export async function getCertificate(ctx: Ctx, id: string, rawQuery: unknown = {}): Promise<CertificateDetail> {
  authorize(ctx.actor, 'registers.read');
  const q = parseInput(certificateGetQuerySchema, rawQuery);
  return certificateShownTo(ctx.db.kysely, ctx.actor, await readDetail(ctx.db.kysely, id, q.on ?? chinaDate(ctx.clock.now()), ctx.actor.orgScope));
}

async function readDetail(q: Kysely<Database>, id: string, date: string, orgScope?: readonly string[]): Promise<CertificateDetail> {
  const row = await certificateRowWithPerson(q, id, orgScope);
  if (!row) throw new AppError('NOT_FOUND', { zh: `执法证 ${id}`, en: `certificate ${id}` });
  const history = (await historiesOf(q, [id])).get(id) ?? [];
  return { ...toSummary(row, history, date), history };
}

export async function createCertificate(callerCtx: Ctx, raw: unknown): Promise<CertificateDetail> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'people', rawId(raw, 'personId'));
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(certificateCreateSchema, raw);
  return certificateShownTo(ctx.db.kysely, ctx.actor, await inTransaction(ctx.db, (tx) => createCertificateInTx(tx, txActorOf(ctx), input)));
}

/**
 * Registers a certificate (status valid) inside the caller's transaction. A certificate that was
 * later suspended or revoked is recorded by adding those changes afterwards, in date order.
 */
export async function createCertificateInTx(tx: Tx, by: InTxActor, raw: CertificateCreateInput): Promise<CertificateDetail> {
  const input = parseInput(certificateCreateSchema, raw);
  const person = await holderInScope(tx, input.personId, by.orgScope);
  if (!person) throw refError(['personId'], '持证人不存在', 'the holder is not a registered person');
  // FL-5(1): a new certificate for oneself (after a revocation: 须另行核发新证) is registered by another keeper
  assertNotOwnRecord(by, input.personId, { zh: '执法证（登记新证）', en: 'enforcement certificate (a new one)' });
  if (!person.active) throw refError(['personId'], '持证人已停用（离岗），不能登记新证', 'the holder is inactive; no new certificate can be registered');
  // WC-10(4), FL-6(3): while a certificate of the holder is suspended, a new one would undo the
  // sanction by hand (found by a red-team walk): none is registered before the suspension ends.
  // Judged from the recorded changes alone — a validity cut short read 'expired' mid-suspension
  // (a second walk) — and a suspension ordered to start later counts too.
  const today = chinaDate(new Date(by.now));
  const suspended = (await certificatesOfPerson(tx, input.personId, today))
    .map((c) => ({ c, from: suspendedOnOrAfter(c.history, today) }))
    .filter((x): x is { c: CertificateDetail; from: string } => x.from !== null);
  if (suspended.length) {
    // FL-5(1), FL-7(7): the refusal names the case that ordered the suspension as the history would to the writer
    const shown = await shownToWriter(tx, by, input.personId, suspended.map(({ c }) => c));
    const named = suspended.map(({ c, from }) => {
      const ordered = [...(shown.get(c.id) ?? c).history].reverse().find((h) => h.toStatus === 'suspended' && h.effectiveDate <= from);
      return { number: c.number, from, reference: ordered?.reference ?? null };
    });
    throw new AppError(
      'PRECONDITION_FAILED',
      {
        zh: `持证人的执法证 ${named.map((n) => `${n.number}（${n.from} 起暂扣${n.reference ? `，依 ${n.reference}` : ''}）`).join('、')} 正在暂扣期内或将被暂扣，期满前不能登记新证，无论该证有效期如何（WC-10(4)、FL-6(3)）`,
        en: `the holder's certificate ${named.map((n) => `${n.number} (suspended from ${n.from}${n.reference ? `, under ${n.reference}` : ''})`).join(', ')} is or will be suspended; no new certificate before the suspension ends, whatever its validity (WC-10(4), FL-6(3))`,
      },
      { field: 'personId', citation: 'WC-10(4)' },
    );
  }
  await ensureNumberFree(tx, input.number, null);
  const row: CertRow = {
    id: newId(),
    org_id: person.orgId,
    number: input.number,
    person_id: input.personId,
    issuing_authority: input.issuingAuthority,
    valid_from: input.validFrom,
    valid_to: input.validTo ?? null,
    status: 'valid',
    version: 1,
    created_at: by.now,
    updated_at: by.now,
  };
  const resting = await qualificationCorrection(tx, by, input.personId, null, { validFrom: row.valid_from, validTo: row.valid_to, history: [] }, input.correctionReason);
  await guardDuplicate(CERT, input.number, () => insertCertificateRow(tx, row));
  const out = await readDetail(tx, row.id, chinaDate(new Date(by.now)));
  await appendAudit(tx, { actorId: by.actorId, action: 'certificate.create', entityType: 'certificate', entityId: row.id, after: auditView(out), at: by.now });
  await recordQualificationCorrection(tx, by, resting, 'create', null, out, input.correctionReason);
  return out;
}

/** Corrects the certificate's data (number, issuing authority, validity). Status changes go through `changeCertificateStatus`. */
export async function updateCertificate(callerCtx: Ctx, id: string, raw: unknown): Promise<CertificateDetail> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'enforcement_certificates', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(certificateUpdateSchema, raw);
  const by = txActorOf(ctx);
  return certificateShownTo(ctx.db.kysely, ctx.actor, await inTransaction(ctx.db, (tx) => updateCertificateInTx(tx, by, id, input)));
}

/** Corrects a certificate inside the caller's transaction (spreadsheet update): same checks and audit as the API. */
export async function updateCertificateInTx(tx: Tx, by: InTxActor, id: string, raw: z.input<typeof certificateUpdateSchema>): Promise<CertificateDetail> {
  const input = parseInput(certificateUpdateSchema, raw);
  const date = chinaDate(new Date(by.now));
  const before = await readDetail(tx, id, date, by.orgScope);
  checkVersion(before.version, input.version);
  assertNotOwnRecord(by, before.personId, { zh: '执法证', en: 'enforcement certificate' });
  const validFrom = input.validFrom ?? before.validFrom;
  const validTo = input.validTo !== undefined ? input.validTo : before.validTo;
  if (validTo !== null && validTo < validFrom) throw refError(['validTo'], '有效期止不得早于有效期起', 'the end of validity cannot be before its start');
  const firstChange = before.history[0];
  if (firstChange && validFrom > firstChange.effectiveDate) {
    throw refError(['validFrom'], `有效期起不得晚于已记录的第一次状态变更（${firstChange.effectiveDate}）`, `validFrom must not be after the first recorded status change (${firstChange.effectiveDate})`);
  }
  // WC-10(4), FL-6(3): a status change a case ordered is the decision's, not the register's: a
  // validity moved so that the change falls outside it (cut short mid-suspension, a red-team
  // walk: it then read 'expired' and a new certificate was registered) is refused. What the
  // decision executed changes through the case (WC-11 review, a superseding decision).
  for (const [i, h] of before.history.entries()) {
    if (!h.caseId || !validityHolds(before, h.effectiveDate) || validityHolds({ validFrom, validTo }, h.effectiveDate)) continue;
    // FL-5(1), FL-7(7): the case is named as the history would name it to the writer
    const reference = (await shownToWriter(tx, by, before.personId, [before])).get(before.id)?.history[i]?.reference ?? null;
    throw new AppError(
      'PRECONDITION_FAILED',
      {
        zh: `执法证自 ${h.effectiveDate} 起「${CERTIFICATE_STATUS_LABELS[h.toStatus].zh}」系问责案件决定执行的结果${reference ? `（${reference}）` : ''}；有效期不得改得不再包含该日，应通过该案件的复核或变更决定处理（WC-10(4)、FL-6(3)）`,
        en: `the certificate became ${h.toStatus} on ${h.effectiveDate} by executing an accountability decision${reference ? ` (${reference})` : ''}; its validity may not be changed to leave that day out — that goes through the case (WC-10(4), FL-6(3))`,
      },
      { field: validTo !== null && h.effectiveDate > validTo ? 'validTo' : 'validFrom', citation: 'WC-10(4)' },
    );
  }
  const resting = await qualificationCorrection(tx, by, before.personId, before, { validFrom, validTo, history: before.history }, input.correctionReason);
  if (input.number !== undefined && input.number !== before.number) await ensureNumberFree(tx, input.number, id);
  const patch = {
    ...(input.number !== undefined ? { number: input.number } : {}),
    ...(input.issuingAuthority !== undefined ? { issuing_authority: input.issuingAuthority } : {}),
    ...(input.validFrom !== undefined ? { valid_from: input.validFrom } : {}),
    ...(input.validTo !== undefined ? { valid_to: input.validTo } : {}),
  };
  assertUpdated(await guardDuplicate(CERT, input.number ?? before.number, () => updateCertificateAtVersion(tx, id, before.version, patch, by.now)));
  const after = await readDetail(tx, id, date, by.orgScope);
  await appendAudit(tx, { actorId: by.actorId, action: 'certificate.update', entityType: 'certificate', entityId: id, before: auditView(before), after: auditView(after), at: by.now });
  await recordQualificationCorrection(tx, by, resting, 'update', before, after, input.correctionReason);
  return after;
}

/** Suspends (暂扣), reinstates (恢复) or revokes (吊销/注销) a certificate, with reason and effective date. */
export async function changeCertificateStatus(callerCtx: Ctx, id: string, raw: unknown): Promise<CertificateDetail> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'enforcement_certificates', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(certificateStatusChangeSchema, raw);
  // A change typed by hand (found by a red-team walk): not dated ahead — a far-future date froze
  // the certificate against every later change, a case's suspension included — and naming only a
  // case of the certificate's organisation the actor may read. A case's own execution records its
  // period (the day the certificate is valid again may be ahead) through changeCertificateStatusInTx.
  const today = chinaDate(ctx.clock.now());
  if (input.effectiveDate > today) throw refError(['effectiveDate'], `生效日期不得晚于今天（${today}）`, `the effective date must not be after today (${today})`);
  const out = await inTransaction(ctx.db, async (tx) => {
    if (input.caseId) {
      const certOrg = await recordOrgId(tx, 'enforcement_certificates', id);
      const c = await findCase(tx, input.caseId);
      if (!c || c.org_id !== certOrg || !(await canSeeCase(tx, ctx.actor, input.caseId))) throw refError(['caseId'], '本机构无此问责案件', 'no such accountability case of this organisation');
    }
    // A change typed by hand, dated back over the conduct date of an open case that reads the
    // holder's certificate, changes that case's facts (WC-6(2), FL-8(5)): reason, recusal, record.
    // (A case's own execution records its ordered changes through changeCertificateStatusInTx.)
    const by = txActorOf(ctx);
    const before = await readDetail(tx, id, today, by.orgScope);
    const last = before.history[before.history.length - 1];
    const planned = { toStatus: input.to, effectiveDate: input.effectiveDate, seq: (last?.seq ?? 0) + 1 };
    const resting = await qualificationCorrection(tx, by, before.personId, before, { validFrom: before.validFrom, validTo: before.validTo, history: [...before.history, planned] }, input.correctionReason);
    const out = (await changeCertificateStatusInTx(tx, by, id, input)).certificate;
    await recordQualificationCorrection(tx, by, resting, 'status', before, out, input.correctionReason);
    return out;
  });
  return certificateShownTo(ctx.db.kysely, ctx.actor, out);
}

export interface StatusChangeResult {
  certificate: CertificateDetail;
  change: CertificateStatusChange;
}

/**
 * Records a status change inside the caller's transaction. Guarded: revoked is final; the only
 * ways out of a suspension are reinstatement and revocation; changes take effect in date order
 * (an effective date before the latest recorded one, or before the certificate's validFrom, is
 * refused). Audited as `certificate.suspend` / `certificate.reinstate` / `certificate.revoke`.
 */
export async function changeCertificateStatusInTx(tx: Tx, by: InTxActor, certId: string, raw: CertificateStatusChangeInput): Promise<StatusChangeResult> {
  const input = parseInput(certificateStatusChangeSchema, raw);
  const today = chinaDate(new Date(by.now));
  const before = await readDetail(tx, certId, today, by.orgScope);
  checkVersion(before.version, input.version);
  assertNotOwnRecord(by, before.personId, { zh: '执法证', en: 'enforcement certificate' });
  const from = before.status;
  if (!canTransition(from, input.to)) {
    const allowed = CERTIFICATE_TRANSITIONS[from];
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      {
        zh: `执法证当前为「${CERTIFICATE_STATUS_LABELS[from].zh}」，不能改为「${CERTIFICATE_STATUS_LABELS[input.to].zh}」${from === 'revoked' ? '（吊销/注销后不能恢复，须另行核发新证）' : ''}`,
        en: `the certificate is ${from}; it cannot become ${input.to}${from === 'revoked' ? ' (revocation is final: issue a new certificate)' : ''}`,
      },
      { from, to: input.to, allowed },
    );
  }
  const last = before.history[before.history.length - 1];
  if (last && input.effectiveDate < last.effectiveDate) {
    throw refError(['effectiveDate'], `生效日期不得早于上一次状态变更的生效日期（${last.effectiveDate}）`, `the effective date must not be before the previous change's (${last.effectiveDate})`);
  }
  if (input.effectiveDate < before.validFrom) {
    throw refError(['effectiveDate'], `生效日期不得早于发证有效期起（${before.validFrom}）`, `the effective date must not be before the certificate's validFrom (${before.validFrom})`);
  }
  const row: ChangeRow = {
    id: newId(),
    certificate_id: certId,
    seq: (last?.seq ?? 0) + 1,
    from_status: from,
    to_status: input.to,
    effective_date: input.effectiveDate,
    reason: input.reason,
    reference: input.reference,
    case_id: input.caseId ?? null,
    actor_id: by.actorId,
    recorded_at: by.now,
  };
  assertUpdated(await updateCertificateAtVersion(tx, certId, before.version, { status: input.to }, by.now));
  await insertStatusChangeRow(tx, row);
  const after = await readDetail(tx, certId, today);
  const action = input.to === 'suspended' ? 'certificate.suspend' : input.to === 'revoked' ? 'certificate.revoke' : 'certificate.reinstate';
  await appendAudit(tx, {
    actorId: by.actorId,
    action,
    entityType: 'certificate',
    entityId: certId,
    before: auditView(before),
    after: { ...auditView(after), change: toChange(row) },
    at: by.now,
  });
  return { certificate: after, change: toChange(row) };
}

export interface SuspendCertificateInput {
  reason: string;
  /** the document ordering it, e.g. the handling decision number */
  reference?: string | null;
  /** 'YYYY-MM-DD' */
  effectiveDate: string;
  /** the accountability case whose decision is executed */
  caseId?: string | null;
}

/**
 * WC-10(4) 暂停执法（暂扣行政执法证）: suspends a certificate inside the caller's transaction —
 * the case workflow calls this when it executes a decision, so the suspension and the case's own
 * step commit or fail together. The caller authorizes its own action. Refused with
 * TRANSITION_NOT_ALLOWED when the certificate is already suspended or revoked.
 */
export async function suspendCertificate(tx: Tx, by: InTxActor, certId: string, input: SuspendCertificateInput): Promise<StatusChangeResult> {
  return changeCertificateStatusInTx(tx, by, certId, {
    to: 'suspended',
    reason: input.reason,
    reference: input.reference ?? null,
    effectiveDate: input.effectiveDate,
    caseId: input.caseId ?? null,
  });
}

/** The same-shaped record in audit rows, without the derived status-on-date. */
function auditView(c: CertificateDetail): Record<string, unknown> {
  return {
    id: c.id,
    number: c.number,
    personId: c.personId,
    issuingAuthority: c.issuingAuthority,
    validFrom: c.validFrom,
    validTo: c.validTo,
    status: c.status,
    version: c.version,
  };
}

async function ensureNumberFree(q: Kysely<Database>, number: string, exceptId: string | null): Promise<void> {
  if (await certificateNumberTaken(q, number, exceptId)) throw duplicateError(CERT, number);
}

export { chunks };


export interface TimedSuspensionInput {
  reason: string;
  reference?: string | null;
  /** first day suspended ('YYYY-MM-DD') */
  from: string;
  /** last day suspended; the certificate is valid again from the next day */
  to: string;
  caseId?: string | null;
}

/**
 * FL-6(3) 停止执行职务 / WC-10(4) 暂停执法（暂扣行政执法证） for a period: records the suspension
 * effective `from` and the reinstatement effective the day after `to`, both naming the case — so
 * the status on any date (certificateStatusOn) is suspended within the period and valid again
 * after it, with no later step needed. Inside the caller's transaction.
 */
export async function suspendCertificateForPeriod(tx: Tx, by: InTxActor, certId: string, input: TimedSuspensionInput): Promise<{ suspension: CertificateStatusChange; reinstatement: CertificateStatusChange }> {
  if (input.to < input.from) throw refError(['suspendTo'], '暂扣期限止不得早于起', 'the suspension cannot end before it starts');
  const s = await changeCertificateStatusInTx(tx, by, certId, { to: 'suspended', reason: input.reason, reference: input.reference ?? null, effectiveDate: input.from, caseId: input.caseId ?? null });
  const next = new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const r = await changeCertificateStatusInTx(tx, by, certId, {
    to: 'valid',
    reason: `暂扣期满恢复（${input.from} 至 ${input.to}）`,
    reference: input.reference ?? null,
    effectiveDate: next,
    caseId: input.caseId ?? null,
  });
  return { suspension: s.change, reinstatement: r.change };
}

/**
 * Ends a suspension early (a superseded decision, WC-11): records 'suspended' → 'valid' effective
 * `effectiveDate`, even when a reinstatement at the period's end is already recorded (the status
 * on a date takes the latest effective change, so the early end prevails in between). Nothing is
 * recorded, and null returned, when the certificate is not suspended on that date (period over,
 * or revoked). Audited as `certificate.reinstate`.
 */
export async function endSuspensionEarlyInTx(tx: Tx, by: InTxActor, certId: string, input: { effectiveDate: string; reason: string; reference?: string | null; caseId?: string | null }): Promise<CertificateStatusChange | null> {
  const before = await readDetail(tx, certId, input.effectiveDate, by.orgScope);
  if (certificateStatusOn({ validFrom: before.validFrom, validTo: before.validTo }, before.history, input.effectiveDate) !== 'suspended') return null;
  const last = before.history[before.history.length - 1];
  const row: ChangeRow = {
    id: newId(),
    certificate_id: certId,
    seq: (last?.seq ?? 0) + 1,
    from_status: 'suspended',
    to_status: 'valid',
    effective_date: input.effectiveDate,
    reason: input.reason,
    reference: input.reference ?? null,
    case_id: input.caseId ?? null,
    actor_id: by.actorId,
    recorded_at: by.now,
  };
  const status: CertificateStatus = before.status === 'revoked' ? 'revoked' : 'valid';
  assertUpdated(await updateCertificateAtVersion(tx, certId, before.version, { status }, by.now));
  await insertStatusChangeRow(tx, row);
  const after = await readDetail(tx, certId, input.effectiveDate);
  await appendAudit(tx, { actorId: by.actorId, action: 'certificate.reinstate', entityType: 'certificate', entityId: certId, before: auditView(before), after: { ...auditView(after), change: toChange(row) }, at: by.now });
  return toChange(row);
}


// ---------- the facts open cases read (WC-6(2), FL-8(5)) ----------

interface Resting {
  holderPersonId: string;
  cases: { id: string; number: string; from: string }[];
}

/** The latest date an open case may take as the conduct date: the findings', the original case's decision date, the day received. */
function readsUpTo(c: { receivedOn: string; originalDecisionDate: string | null; conductDates: string[] }): string {
  return [c.receivedOn, c.originalDecisionDate, ...c.conductDates].filter((d): d is string => Boolean(d)).sort().at(-1)!;
}

/**
 * The certificate register answers, for an open accountability case, whether the holder — its
 * subject, or the handler of its original case — was qualified on the conduct date (WC-6(2);
 * FL-8(5) makes whoever assigned an unqualified handler liable). A certificate registered or
 * changed so that this answer changes on a date the case reads (a red-team walk back-dated one
 * to 2020 and the assigner's FL-8(5) vanished) changes the case's facts: it needs a correction
 * reason, is refused to whoever must stand aside on that case (FL-5(1)), and is kept on its
 * timeline. Null when no open case's answer changes.
 */
async function qualificationCorrection(
  tx: Tx,
  by: InTxActor,
  holderPersonId: string,
  before: CertificateWithHistoryLike | null,
  after: CertificateWithHistoryLike,
  reason: string | null | undefined,
): Promise<Resting | null> {
  const need = await qualificationCorrectionNeed(tx, holderPersonId, before, after);
  if (!need) return null;
  if (!reason) throw refError(['correctionReason'], need.zh, need.en);
  if (by.actorId) {
    const today = chinaDate(new Date(by.now));
    for (const c of need.cases) await assertAccountNotRecused(tx, by.actorId, today, c.id, { zh: `更正执法证登记（${c.number}）`, en: `Correct the certificate register (${c.number})` });
  }
  return { holderPersonId, cases: need.cases };
}

/**
 * The open cases whose qualification answer a certificate write (`before` → `after`; `before`
 * null for a new certificate) changes, each from the first date it changes, with the sentence
 * asking for the correction reason; null when none. No authorization and no refusal: the write
 * (`qualificationCorrection`) and the spreadsheet import's preview (a row's own error) both ask it.
 */
export async function qualificationCorrectionNeed(
  dbOrTx: DbOrTx,
  holderPersonId: string,
  before: CertificateWithHistoryLike | null,
  after: CertificateWithHistoryLike,
): Promise<(CorrectionNeed & { cases: Resting['cases'] }) | null> {
  const cases = [];
  for (const c of await openCasesReadingCertificatesOf(queryOf(dbOrTx), holderPersonId, TERMINAL_STATES)) {
    const from = firstAnswerChange(before, after, readsUpTo(c));
    if (from) cases.push({ id: c.id, number: c.number, from });
  }
  if (!cases.length) return null;
  const numbers = cases.map((c) => `${c.number}（${c.from}）`).join('、');
  return {
    cases,
    zh: `未结问责案件 ${numbers} 按证照登记认定持证人在行为发生日是否具有执法资格（WC-6(2)、FL-8(5)）；本次登记改变了括号所示日期起的认定，须说明更正理由，理由记入上述案件`,
    en: `open accountability case(s) ${numbers} read from this register whether the holder was qualified on the conduct date (WC-6(2), FL-8(5)); this entry changes that from the date shown: it needs a correction reason, kept on those cases`,
  };
}

const describeCert = (c: CertificateDetail | null): string | null =>
  c
    ? `有效期 ${c.validFrom} 至 ${c.validTo ?? '长期'}${c.history.length ? `；状态变更：${c.history.map((h) => `${h.effectiveDate} 起${CERTIFICATE_STATUS_LABELS[h.toStatus].zh}`).join('、')}` : ''}`
    : null;

async function recordQualificationCorrection(
  tx: Tx,
  by: InTxActor,
  resting: Resting | null,
  change: 'create' | 'update' | 'status',
  before: CertificateDetail | null,
  after: CertificateDetail,
  reason: string | null | undefined,
): Promise<void> {
  for (const c of resting?.cases ?? []) {
    await appendAudit(tx, {
      actorId: by.actorId,
      action: 'case.certificate.corrected',
      entityType: 'case',
      entityId: c.id,
      after: {
        data: {
          certificateId: after.id,
          certificateNumber: after.number,
          holderPersonId: resting!.holderPersonId,
          holderName: after.personName,
          certificateChange: change,
          answerChangedFrom: c.from,
          beforeZh: describeCert(before),
          afterZh: describeCert(after),
          reason,
        },
      },
      at: by.now,
    });
  }
}
