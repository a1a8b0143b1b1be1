import { describe, expect, it } from 'vitest';
import { sniffContentType } from './content-type';

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
