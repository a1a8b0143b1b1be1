import { describe, expect, it } from 'vitest';
import { canTransition, certificateStatusOn, hasValidCertificateOn, type StatusChangeLike } from './certificate-status';

const cert = { validFrom: '2021-03-01', validTo: '2026-02-28' };

describe('certificateStatusOn: the status of a 行政执法证 on a date (WC-6(2), FL-8(5))', () => {
  it('is valid inside the validity period with no recorded change, including its first and last day', () => {
    expect(certificateStatusOn(cert, [], '2021-03-01')).toBe('valid');
    expect(certificateStatusOn(cert, [], '2024-06-15')).toBe('valid');
    expect(certificateStatusOn(cert, [], '2026-02-28')).toBe('valid');
  });

  it('is not_yet_valid before validFrom and expired after validTo', () => {
    expect(certificateStatusOn(cert, [], '2021-02-28')).toBe('not_yet_valid');
    expect(certificateStatusOn(cert, [], '2026-03-01')).toBe('expired');
  });

  it('a certificate without an end date never expires', () => {
    expect(certificateStatusOn({ validFrom: '2021-03-01', validTo: null }, [], '2099-01-01')).toBe('valid');
  });

  const history: StatusChangeLike[] = [
    { seq: 1, toStatus: 'suspended', effectiveDate: '2023-05-10' },
    { seq: 2, toStatus: 'valid', effectiveDate: '2023-11-10' },
    { seq: 3, toStatus: 'revoked', effectiveDate: '2025-01-20' },
  ];

  it('follows the history: a change takes effect from the start of its effective date', () => {
    expect(certificateStatusOn(cert, history, '2023-05-09')).toBe('valid');
    expect(certificateStatusOn(cert, history, '2023-05-10')).toBe('suspended');
    expect(certificateStatusOn(cert, history, '2023-11-09')).toBe('suspended');
    expect(certificateStatusOn(cert, history, '2023-11-10')).toBe('valid');
    expect(certificateStatusOn(cert, history, '2025-01-19')).toBe('valid');
    expect(certificateStatusOn(cert, history, '2025-01-20')).toBe('revoked');
  });

  it('a revocation outranks expiry; expiry outranks a suspension', () => {
    expect(certificateStatusOn(cert, history, '2027-01-01')).toBe('revoked');
    const suspendedOnly: StatusChangeLike[] = [{ seq: 1, toStatus: 'suspended', effectiveDate: '2025-06-01' }];
    expect(certificateStatusOn(cert, suspendedOnly, '2025-12-31')).toBe('suspended');
    expect(certificateStatusOn(cert, suspendedOnly, '2026-03-01')).toBe('expired');
  });

  it('two changes effective on the same day: the one recorded later wins, whatever the array order', () => {
    const sameDay: StatusChangeLike[] = [
      { seq: 2, toStatus: 'valid', effectiveDate: '2024-01-01' },
      { seq: 1, toStatus: 'suspended', effectiveDate: '2024-01-01' },
    ];
    expect(certificateStatusOn(cert, sameDay, '2024-01-01')).toBe('valid');
  });

  it('hasValidCertificateOn: any one valid certificate is enough', () => {
    const old = { validFrom: '2015-01-01', validTo: '2020-12-31', history: [] };
    const current = { validFrom: '2021-01-01', validTo: '2025-12-31', history: [{ seq: 1, toStatus: 'suspended' as const, effectiveDate: '2025-03-01' }] };
    expect(hasValidCertificateOn([old, current], '2019-06-01')).toBe(true);
    expect(hasValidCertificateOn([old, current], '2024-06-01')).toBe(true);
    expect(hasValidCertificateOn([old, current], '2025-06-01')).toBe(false);
    expect(hasValidCertificateOn([], '2024-06-01')).toBe(false);
  });
});

describe('certificate status transitions', () => {
  it('revoked is final', () => {
    expect(canTransition('revoked', 'valid')).toBe(false);
    expect(canTransition('revoked', 'suspended')).toBe(false);
  });
  it('a suspension ends by reinstatement or revocation; valid may be suspended or revoked; no change to the same status', () => {
    expect(canTransition('suspended', 'valid')).toBe(true);
    expect(canTransition('suspended', 'revoked')).toBe(true);
    expect(canTransition('valid', 'suspended')).toBe(true);
    expect(canTransition('valid', 'revoked')).toBe(true);
    expect(canTransition('valid', 'valid')).toBe(false);
    expect(canTransition('suspended', 'suspended')).toBe(false);
  });
});
