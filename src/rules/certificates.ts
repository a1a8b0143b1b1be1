// Enforcement-certificate register (行政执法证): is a person qualified on a date?
// Generic: any pack that needs qualification (e.g. "enforcing without a certificate") asks here.
import type { Certificate } from './schema';

export type CertificateStatus = 'valid' | 'suspended' | 'revoked';

/**
 * Status of one certificate on `date`: the latest status change on or before it (valid before
 * any change; of two changes on the same day the later entry wins).
 */
export function statusOn(cert: Certificate, date: string): CertificateStatus | 'not_in_validity' {
  if (date < cert.validFrom || date > cert.validTo) return 'not_in_validity';
  let status: CertificateStatus = 'valid';
  let since = '';
  const h = cert.statusHistory;
  if (h) {
    for (let i = 0; i < h.length; i++) {
      const e = h[i]!;
      if (e.from <= date && e.from >= since) {
        status = e.status;
        since = e.from;
      }
    }
  }
  return status;
}

/**
 * Whether `holderId` held a valid certificate on `date`, according to the register.
 * Returns null when no register was supplied (nothing can be checked).
 */
export function qualifiedOn(register: readonly Certificate[] | undefined, holderId: string, date: string): boolean | null {
  if (!register) return null;
  for (let i = 0; i < register.length; i++) {
    const c = register[i]!;
    if (c.holderId === holderId && statusOn(c, date) === 'valid') return true;
  }
  return false;
}
