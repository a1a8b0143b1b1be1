import { describe, expect, it } from 'vitest';
import { isMediaType, mediaTypeOrOctetStream, sniffContentType } from './content-type';

const zipWith = (...names: string[]): Buffer => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), ...names.map((n) => Buffer.from(n))]);

describe('attachments are judged by their bytes (issue 9)', () => {
  it('FL-4: images, PDF and office documents are recognised whatever their name; anything else is not', () => {
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.mime).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe('image/png');
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))?.mime).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))?.label).toBe('office');
    expect(sniffContentType(zipWith('[Content_Types].xml', 'word/document.xml'))?.ext).toBe('docx');
    expect(sniffContentType(zipWith('[Content_Types].xml', 'xl/workbook.xml'))?.ext).toBe('xlsx');
    // a plain zip, an executable, a script, text: refused
    expect(sniffContentType(zipWith('payload.exe'))).toBeNull();
    expect(sniffContentType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffContentType(Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(sniffContentType(Buffer.from('just text'))).toBeNull();
  });
});

describe('an uploader-sent media type reaches a header only when valid (RFC 7231 §3.1.1.1)', () => {
  it('WC-9(2) evidence: type/subtype tokens with optional parameters pass; control characters, spaces, non-ASCII, no subtype do not', () => {
    for (const ok of ['text/plain', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain; charset=utf-8', 'text/plain;charset="utf-8"', 'image/svg+xml']) expect(isMediaType(ok), ok).toBe(true);
    for (const bad of ['text/plain\x01', 'text/plain\x7f', 'text/plain\r\nx-a: b', 'text plain', 'text/', '/plain', 'text', '文本/plain', 'text/plain; charset', `text/${'a'.repeat(300)}`, '']) expect(isMediaType(bad), JSON.stringify(bad)).toBe(false);
    expect(mediaTypeOrOctetStream('text/plain\x01')).toBe('application/octet-stream');
    expect(mediaTypeOrOctetStream(null)).toBe('application/octet-stream');
    expect(mediaTypeOrOctetStream('text/csv')).toBe('text/csv');
  });
});
