// Qualification on a date has one implementation (src/rules/certificates.ts). The engine's path
// (register → Facts.certificates → qualifiedOn, used for WC-6(2) and FL-8(5)) and the registers'
// path (hasValidCertificateOn, used by the register screens and the workflow) must agree on
// every date for every history — including same-day changes recorded out of date order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificatesForFacts, hasValidCertificateOn } from '../services/registers/certificate-status';
import { qualifiedOn } from './certificates';

const day = (n: number): string => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

const change = fc.record({
  toStatus: fc.constantFrom('valid' as const, 'suspended' as const, 'revoked' as const),
  effectiveDate: fc.integer({ min: 0, max: 60 }).map(day),
  seq: fc.integer({ min: 1, max: 1000 }),
});
const cert = fc.record({
  number: fc.constantFrom('CQ-1', 'CQ-2'),
  validFrom: fc.integer({ min: 0, max: 30 }).map(day),
  validTo: fc.option(fc.integer({ min: 30, max: 60 }).map(day), { nil: null }),
  history: fc.uniqueArray(change, { maxLength: 5, selector: (h) => h.seq }),
});

describe('qualification on a date: one implementation, two call paths', () => {
  it('WC-6(2)/FL-8(5): the engine and the register agree whether a person held a valid certificate on any date', () => {
    fc.assert(
      fc.property(fc.array(cert, { maxLength: 3 }), fc.integer({ min: -5, max: 70 }).map(day), (certs, date) => {
        const facts = certificatesForFacts('P', certs);
        expect(qualifiedOn(facts, 'P', date)).toBe(hasValidCertificateOn(certs, date));
      }),
      { numRuns: 500 },
    );
  });

  it('WC-6(2): of two changes effective the same day, the later recorded wins on both paths', () => {
    const certs = [
      {
        number: 'CQ-1',
        validFrom: '2020-01-01',
        validTo: null,
        history: [
          { toStatus: 'valid' as const, effectiveDate: '2020-03-01', seq: 2 },
          { toStatus: 'suspended' as const, effectiveDate: '2020-03-01', seq: 1 },
        ],
      },
    ];
    expect(hasValidCertificateOn(certs, '2020-03-02')).toBe(true);
    expect(qualifiedOn(certificatesForFacts('P', certs), 'P', '2020-03-02')).toBe(true);
  });
});
