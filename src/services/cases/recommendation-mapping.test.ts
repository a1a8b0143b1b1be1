// Every original-case kind of the registers reaches the engine as one of its kinds (issue 10
// point 10): 行政强制 as compulsory_measure keeps WC-6(6) and the wrong-case track.
import { describe, expect, it } from 'vitest';
import { CASE_KINDS } from '../../rules/schema';
import { ORIGINAL_CASE_KINDS } from '../registers/schemas';
import { KIND_MAP } from './recommendation-service';

describe('original-case kinds → engine kinds', () => {
  it('WC-6(6): every register kind maps to an engine kind other than "other"; 行政强制 is compulsory_measure', () => {
    for (const k of ORIGINAL_CASE_KINDS) {
      expect(CASE_KINDS).toContain(KIND_MAP[k]);
      expect(KIND_MAP[k]).not.toBe('other');
    }
    expect(KIND_MAP.compulsory).toBe('compulsory_measure');
  });
});
