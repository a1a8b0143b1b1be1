// A stand-in seal image for tests: a red ring with a red star on a transparent background, as a
// PNG written here (zlib + CRC32), so no image file or library is needed.
import { deflateSync } from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A size × size RGBA PNG of a round red seal. */
export function sealPng(size = 240): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const c = size / 2;
  const star = (x: number, y: number): boolean => {
    // a five-pointed star of radius 0.3·size: inside when the polar radius is under the star's outline
    const dx = x - c;
    const dy = y - c;
    const r = Math.hypot(dx, dy);
    const a = Math.atan2(dy, dx) + Math.PI / 2;
    const k = (((a % ((2 * Math.PI) / 5)) + (2 * Math.PI) / 5) % ((2 * Math.PI) / 5)) / ((2 * Math.PI) / 5);
    const outline = size * 0.3 * (0.45 + 0.55 * Math.abs(1 - 2 * k));
    return r < outline;
  };
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - c, y - c);
      const on = (r < size * 0.48 && r > size * 0.42) || star(x, y);
      const o = row + 1 + x * 4;
      raw[o] = 0xd0;
      raw[o + 1] = 0x10;
      raw[o + 2] = 0x10;
      raw[o + 3] = on ? 0xe0 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
