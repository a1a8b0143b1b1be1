// The embedded PAdES signature's CMS is padded with zero bytes up to the placeholder's size; the
// verifier takes exactly the DER the header announces (src/services/documents/signing.ts#cmsDer).
// Stripping trailing zeros instead cut every signature whose own last byte is 0x00 (one in 256),
// so a genuine issued document failed verification now and then.
import { describe, expect, it } from 'vitest';
import { cmsDer } from './signing';

/** A DER SEQUENCE holding one OCTET STRING with these bytes (long-form lengths when needed). */
function sequenceOf(payload: Buffer): Buffer {
  const len = (n: number) => (n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));
  const octet = Buffer.concat([Buffer.from([0x04]), len(payload.length), payload]);
  return Buffer.concat([Buffer.from([0x30]), len(octet.length), octet]);
}

describe('issued documents: the signature container is read by its DER length (verification)', () => {
  it('a signature whose last bytes are 0x00 keeps them when the padding is removed', () => {
    for (const size of [10, 200, 600]) {
      const payload = Buffer.alloc(size, 0xab);
      payload[size - 1] = 0x00;
      payload[size - 2] = 0x00;
      const der = sequenceOf(payload);
      const padded = Buffer.concat([der, Buffer.alloc(300)]);
      expect(cmsDer(padded)?.equals(der)).toBe(true);
    }
  });

  it('bytes that are not a DER SEQUENCE, or announce more than there is, give null', () => {
    expect(cmsDer(Buffer.from([0x04, 0x01, 0x00]))).toBeNull();
    expect(cmsDer(Buffer.from([0x30, 0x82, 0xff, 0xff, 0x00]))).toBeNull();
    expect(cmsDer(Buffer.alloc(0))).toBeNull();
  });
});
