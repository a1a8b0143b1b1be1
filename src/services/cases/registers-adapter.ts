// What the case workflow needs from the registers (src/services/registers): people, the
// original enforcement case's participants, certificates. Read-only queries over the register
// tables, and the one write the execution step makes (suspending a certificate, WC-10(4)),
// through the registers service.
import { AppError } from '../../errors';
import type { Tx } from '../../db/tx';
import { suspendCertificate } from '../registers';
import { validationError } from '../../lib/validation';
import { originalCaseExists, originalCaseParticipants, registerPeopleByIds, validCertificateIds } from '../../repositories/registers/register-reads';
import type { Q } from './repo';

export interface PersonRef {
  id: string;
  name: string;
  unitId: string;
  unitName: string | null;
  post: string | null;
}

export async function peopleByIds(q: Q, ids: readonly string[], orgId?: string): Promise<Map<string, PersonRef>> {
  return registerPeopleByIds(q, ids, orgId);
}

/** Every id must be a register person; otherwise VALIDATION_FAILED naming the field. */
export async function requirePeople(q: Q, ids: readonly string[], field: string, orgId?: string): Promise<Map<string, PersonRef>> {
  const found = await peopleByIds(q, ids, orgId);
  const issues = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ i }) => ({ code: 'custom', path: ids.length === 1 && !field.endsWith('s') ? [field] : [field, i], message: '登记册中无此人员 / No such person in the register' }));
  if (issues.length) throw validationError(issues);
  return found;
}

export async function requireOriginalCase(q: Q, id: string, field: string, orgId?: string): Promise<void> {
  if (!(await originalCaseExists(q, id, orgId))) throw validationError([{ code: 'custom', path: [field], message: '登记册中无此原执法案件 / No such original enforcement case in the register' }]);
}

export interface ParticipantRef {
  personId: string;
  role: string;
  level: number | null;
  opinion: string | null;
  isChair: boolean;
}

export async function originalParticipants(q: Q, originalCaseId: string): Promise<ParticipantRef[]> {
  return originalCaseParticipants(q, originalCaseId);
}

/**
 * Suspends the person's valid certificates (WC-10(4) 暂停执法（暂扣行政执法证）) through the
 * registers' in-transaction `suspendCertificate`, so the certificate history names this case and
 * the suspension commits or fails with the case step. Returns the certificate ids changed.
 */
export async function suspendCertificates(
  tx: Tx,
  args: { personId: string; certificateId?: string | undefined; caseId: string; reference: string; effectiveDate: string; reason: string; actorId: string | null; now: string },
): Promise<string[]> {
  const certs = (await validCertificateIds(tx, args.personId, args.certificateId)).map((id) => ({ id }));
  if (!certs.length) {
    throw new AppError('PRECONDITION_FAILED', {
      zh: '该人员没有可暂扣的有效行政执法证（WC-10(4)）',
      en: 'the person has no valid enforcement certificate to suspend (WC-10(4))',
    });
  }
  for (const c of certs) {
    await suspendCertificate(tx, { actorId: args.actorId, now: args.now }, c.id, { reason: args.reason, reference: args.reference, effectiveDate: args.effectiveDate, caseId: args.caseId });
  }
  return certs.map((c) => c.id);
}
