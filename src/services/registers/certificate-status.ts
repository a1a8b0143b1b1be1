// Pure rules of the enforcement certificate (行政执法证): which status changes are allowed, and
// what the status was on a given date. No database, no clock — the rules engine and the case
// workflow use these to check WC-6(2) (行政执法人员无《行政执法证》实施行政处罚) and FL-8(5)
// (不具备执法资格的人员执法) on the conduct date.
import type { CertificateStatus } from '../../db/tables/registers';
import type { CertificateStatusOn } from './schemas';
import { certificateStatusOnDate } from '../../rules/certificates';

/**
 * Allowed recorded transitions. Revocation (吊销/注销) is final: a revoked certificate is never
 * valid again — a person who qualifies anew gets a new certificate with a new number.
 * A suspension (暂扣, WC-10(4)) ends by reinstatement (恢复) or revocation.
 */
export const CERTIFICATE_TRANSITIONS: Readonly<Record<CertificateStatus, readonly CertificateStatus[]>> = {
  valid: ['suspended', 'revoked'],
  suspended: ['valid', 'revoked'],
  revoked: [],
};

export const canTransition = (from: CertificateStatus, to: CertificateStatus): boolean => CERTIFICATE_TRANSITIONS[from].includes(to);

export interface CertificateValidity {
  validFrom: string;
  /** null: no end date */
  validTo: string | null;
}

export interface StatusChangeLike {
  toStatus: CertificateStatus;
  effectiveDate: string;
  /** order of recording; breaks ties between changes effective on the same day */
  seq: number;
}

/**
 * The certificate's status on `date` ('YYYY-MM-DD', a China date), from its validity period and
 * its recorded status changes (each takes effect from the start of its effective date).
 *
 * Precedence, most specific first: before `validFrom` → 'not_yet_valid'; a revocation in effect
 * → 'revoked'; after `validTo` → 'expired' (the last day of validity is still valid); a
 * suspension in effect → 'suspended'; otherwise 'valid'. Only 'valid' means the holder could
 * lawfully enforce on that date.
 */
export function certificateStatusOn(cert: CertificateValidity, history: readonly StatusChangeLike[], date: string): CertificateStatusOn {
  // One implementation (src/rules/certificates.ts): the engine answers WC-6(2)/FL-8(5) with it too.
  return certificateStatusOnDate(cert.validFrom, cert.validTo, inRecordingOrder(history), date);
}

/** The history as the engine reads it: status changes in recording (seq) order. */
function inRecordingOrder(history: readonly StatusChangeLike[]): { status: CertificateStatus; from: string }[] {
  return [...history].sort((a, b) => a.seq - b.seq).map((h) => ({ status: h.toStatus, from: h.effectiveDate }));
}

/**
 * A person's register entries as the rules engine's facts take them (Facts.certificates):
 * validTo null becomes an open end, the history goes in recording order.
 */
export function certificatesForFacts(personId: string, certs: readonly (CertificateWithHistoryLike & { number: string })[]) {
  return certs.map((c) => ({
    holderId: personId,
    number: c.number,
    validFrom: c.validFrom,
    validTo: c.validTo ?? '9999-12-31',
    statusHistory: inRecordingOrder(c.history),
  }));
}

export interface CertificateWithHistoryLike extends CertificateValidity {
  history: readonly StatusChangeLike[];
}

/** True when at least one of the person's certificates was valid on `date` (WC-6(2), FL-8(5)). */
export function hasValidCertificateOn(certs: readonly CertificateWithHistoryLike[], date: string): boolean {
  return certs.some((c) => certificateStatusOn(c, c.history, date) === 'valid');
}

const nextDay = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The status its recorded changes alone give the certificate on `date`, its validity period
 * ignored: what a decision ordered (WC-10(4) 暂扣) stays ordered whatever the validity says —
 * `certificateStatusOn` ranks expiry above a suspension, so a validity cut short read 'expired'
 * in the middle of a suspension (a red-team walk).
 */
export function orderedStatusOn(history: readonly StatusChangeLike[], date: string): CertificateStatus {
  const s = certificateStatusOnDate('0000-01-01', null, inRecordingOrder(history), date);
  return s === 'expired' || s === 'not_yet_valid' ? 'valid' : s;
}

/**
 * The first day, on or after `date`, on which the recorded changes hold the certificate
 * suspended — running now, or ordered to start later (a decision's period may start ahead);
 * null when none.
 */
export function suspendedOnOrAfter(history: readonly StatusChangeLike[], date: string): string | null {
  const days = [date, ...history.map((h) => h.effectiveDate).filter((d) => d > date)].sort();
  return days.find((d) => orderedStatusOn(history, d) === 'suspended') ?? null;
}

/** Whether the certificate's validity period holds `date`. */
export const validityHolds = (c: CertificateValidity, date: string): boolean => c.validFrom <= date && (c.validTo === null || date <= c.validTo);

/** What the register answers the rules about the holder on a date (WC-6(2), FL-8(5)): none, valid, suspended, revoked. */
const answerOn = (c: CertificateWithHistoryLike | null, date: string): string => {
  if (!c) return 'none';
  const s = certificateStatusOn(c, c.history, date);
  return s === 'expired' || s === 'not_yet_valid' ? 'none' : s;
};

/**
 * The first date, up to `upTo`, on which the register's answer about this certificate differs
 * between `before` (null: not registered) and `after`; null when it is the same on every such
 * date. The answer only changes at a validity bound or a recorded change, so those dates are the
 * ones compared.
 */
export function firstAnswerChange(before: CertificateWithHistoryLike | null, after: CertificateWithHistoryLike, upTo: string): string | null {
  const days = new Set<string>();
  for (const c of [before, after]) {
    if (!c) continue;
    days.add(c.validFrom);
    if (c.validTo !== null) days.add(nextDay(c.validTo));
    for (const h of c.history) days.add(h.effectiveDate);
  }
  return [...days].sort().find((d) => d <= upTo && answerOn(before, d) !== answerOn(after, d)) ?? null;
}
