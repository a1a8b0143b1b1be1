// What a file is, read from its first bytes (magic numbers), never from its name or the MIME
// type the browser sent (issue 9: attachments "types checked by content"). The reporter channel
// accepts images, PDF and office documents; anything else is refused.
export interface SniffedType {
  mime: string;
  /** the extension a download is given */
  ext: string;
  label: 'image' | 'pdf' | 'office';
}

const startsWith = (b: Buffer, sig: number[], at = 0): boolean => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, at: number, len: number): string => b.subarray(at, at + len).toString('latin1');

/** The zip central names that mark an OOXML document (Word, Excel, PowerPoint). */
function ooxmlKind(b: Buffer): SniffedType | null {
  // Local file headers carry the entry names in clear; an OOXML package has [Content_Types].xml
  // and its main part under word/, xl/ or ppt/.
  const s = b.toString('latin1');
  if (!s.includes('[Content_Types].xml')) return null;
  if (s.includes('word/')) return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', label: 'office' };
  if (s.includes('xl/')) return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', label: 'office' };
  if (s.includes('ppt/')) return { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', label: 'office' };
  return null;
}

export function sniffContentType(b: Buffer): SniffedType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg', label: 'image' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png', label: 'image' };
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return { mime: 'image/gif', ext: 'gif', label: 'image' };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { mime: 'image/webp', ext: 'webp', label: 'image' };
  if (ascii(b, 4, 4) === 'ftyp' && ['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(ascii(b, 8, 4))) return { mime: 'image/heic', ext: 'heic', label: 'image' };
  if (ascii(b, 0, 5) === '%PDF-') return { mime: 'application/pdf', ext: 'pdf', label: 'pdf' };
  // OLE2 compound file: the old .doc / .xls / .ppt
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { mime: 'application/x-ole-storage', ext: 'doc', label: 'office' };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    // OpenDocument: the first entry is `mimetype`, stored, holding the type
    if (ascii(b, 30, 8) === 'mimetype') {
      const t = ascii(b, 38, 60);
      if (t.startsWith('application/vnd.oasis.opendocument.text')) return { mime: 'application/vnd.oasis.opendocument.text', ext: 'odt', label: 'office' };
      if (t.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return { mime: 'application/vnd.oasis.opendocument.spreadsheet', ext: 'ods', label: 'office' };
      if (t.startsWith('application/vnd.oasis.opendocument.presentation')) return { mime: 'application/vnd.oasis.opendocument.presentation', ext: 'odp', label: 'office' };
    }
    return ooxmlKind(b);
  }
  return null;
}
