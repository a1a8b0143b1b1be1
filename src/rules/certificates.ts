// Enforcement-certificate register (行政执法证): is a person qualified on a date?
// The ONE implementation of "status of a certificate on a date": the rules engine (WC-6(2),
// FL-8(5)) and the registers (src/services/registers/certificate-status.ts delegates here) both
// answer with it, and a test compares the two call paths (certificates.test.ts).
import type { Certificate } from './schema';

export type CertificateStatus = 'valid' | 'suspended' | 'revoked';
/** What a certificate's status is on a date. Only 'valid' means the holder could lawfully enforce. */
export type CertificateStatusOnDate = CertificateStatus | 'expired' | 'not_yet_valid';

export interface StatusChangeOnDate {
  readonly status: CertificateStatus;
  /** effective from the start of this date */
  readonly from: string;
}

/**
 * The status on `date`, from the validity period and the status changes in recording order
 * (of two changes effective on the same day the later recorded wins).
 * Precedence, most specific first: before `validFrom` → 'not_yet_valid'; a revocation in effect
 * → 'revoked'; after `validTo` → 'expired' (the last day is still valid); a suspension in effect
 * → 'suspended'; otherwise 'valid'. `validTo` null: no end date.
 */
export function certificateStatusOnDate(
  validFrom: string,
  validTo: string | null,
  history: readonly StatusChangeOnDate[] | undefined,
  date: string,
): CertificateStatusOnDate {
  if (date < validFrom) return 'not_yet_valid';
  let status: CertificateStatus = 'valid';
  let since = '';
  if (history) {
    for (let i = 0; i < history.length; i++) {
      const e = history[i]!;
      if (e.from <= date && e.from >= since) {
        status = e.status;
        since = e.from;
      }
    }
  }
  if (status === 'revoked') return 'revoked';
  if (validTo !== null && date > validTo) return 'expired';
  return status;
}

/** Status of one certificate of the facts on `date` ('not_in_validity' outside its period). */
export function statusOn(cert: Certificate, date: string): CertificateStatus | 'not_in_validity' {
  const s = certificateStatusOnDate(cert.validFrom, cert.validTo, cert.statusHistory, date);
  return s === 'expired' || s === 'not_yet_valid' ? 'not_in_validity' : s;
}

/**
 * Whether `holderId` held a valid certificate on `date`, according to the register.
 * Returns null when no register was supplied (nothing can be checked).
 */
export function qualifiedOn(register: readonly Certificate[] | undefined, holderId: string, date: string): boolean | null {
  if (!register) return null;
  for (let i = 0; i < register.length; i++) {
    const c = register[i]!;
    if (c.holderId === holderId && certificateStatusOnDate(c.validFrom, c.validTo, c.statusHistory, date) === 'valid') return true;
  }
  return false;
}
