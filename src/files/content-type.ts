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

// A media type as a Content-Type header may carry it (RFC 7231 §3.1.1.1): type "/" subtype, each
// an RFC 7230 token, then optional `; name=value` parameters (value a token or a quoted string of
// visible ASCII). Anything else — a control character, a space inside a token, non-ASCII, no
// subtype — is not a header value Node will send (ERR_INVALID_CHAR) nor a type worth keeping.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"(?:[\\t !#-\\[\\]-~]|\\\\[\\t -~])*"))*$`);
export const OCTET_STREAM = 'application/octet-stream';
const MAX_MEDIA_TYPE = 255;

/** Whether `s` is a valid media type (RFC 7231 `type/subtype` with optional parameters), at most 255 characters. */
export function isMediaType(s: string): boolean {
  return s.length <= MAX_MEDIA_TYPE && MEDIA_TYPE.test(s);
}

/**
 * The media type an uploader sent, kept only when valid; otherwise `application/octet-stream`.
 * The type a browser sends is a hint about the bytes, not part of the evidence: a malformed one is
 * not worth refusing the file for, and must never reach a response header (a stored
 * `text/plain\u0001` made every download a 500). Used at upload and again at download, so a value
 * stored before the check is served safely too.
 */
export function mediaTypeOrOctetStream(s: string | null | undefined): string {
  return s && isMediaType(s) ? s : OCTET_STREAM;
}
