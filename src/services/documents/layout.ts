// The page of GB/T 9704-2012 《党政机关公文格式》, shared by the DOCX and PDF renderers:
// A4 paper; 版心 156 mm × 225 mm with 天头 (top margin) 37 mm and 订口 (left margin) 28 mm;
// 22 lines of 28 characters in 三号 (16 pt); title in 二号 (22 pt); 版记 and page numbers in
// 四号 (14 pt); page numbers 7 mm below the 版心, odd pages right and even pages left, each one
// character in from the edge, between em dashes (— 1 —).

export const MM = 72 / 25.4;
export const PAGE = { width: 210 * MM, height: 297 * MM };
export const MARGIN = { top: 37 * MM, left: 28 * MM, right: (210 - 28 - 156) * MM, bottom: (297 - 37 - 225) * MM };
export const BODY = { width: 156 * MM, height: 225 * MM };
export const GRID = { lines: 22, chars: 28 };
/** 版心 height / 22 lines ≈ 28.95 pt */
export const LINE_PITCH = BODY.height / GRID.lines;
/** 版心 width / 28 characters ≈ 15.79 pt */
export const CHAR_PITCH = BODY.width / GRID.chars;
export const SIZE = { body: 16, title: 22, small: 14 };
/** 发文机关标志: red; top edge 35 mm below the 版心's top edge (§7.2.4) */
export const LETTERHEAD = { color: '#E60012', offset: 35 * MM, maxSize: 36 };

/** Characters that may not begin a line (避头) or end one (避尾), per common Chinese typesetting. */
export const NO_LINE_START = new Set([...'，。、；：？！）》」』”’〕】…—%,.;:?!)]}·']);
export const NO_LINE_END = new Set([...'（《「『“‘〔【([{']);

/** Full-width (CJK, full-width punctuation) characters take one grid cell. */
export function isFullWidth(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c >= 0x1100 && !(c >= 0xff61 && c <= 0xffdc) && !(c >= 0x2000 && c <= 0x206f && ch !== '—' && ch !== '…' && ch !== '“' && ch !== '”' && ch !== '‘' && ch !== '’');
}

/** Units that never break: a run of ASCII letters/digits (a number, a date, a citation), or one character. */
export function unitsOf(text: string): string[] {
  return text.match(/[A-Za-z0-9.\-/%+]+|[\s\S]/gu) ?? [];
}

/**
 * Breaks text into lines of at most `width`, the first line `firstIndent` narrower, with 避头尾:
 * a unit that may not start a line pulls the previous unit down with it.
 * `advance(unit)` gives a unit's width.
 */
export function breakLines(text: string, width: number, advance: (unit: string) => number, firstIndent = 0): string[] {
  const out: string[] = [];
  for (const hard of text.split('\n')) {
    let line: string[] = [];
    let w = 0;
    let avail = (out.length === 0 ? width - firstIndent : width) + 0.01;
    const push = (): void => {
      out.push(line.join(''));
      line = [];
      w = 0;
      avail = width + 0.01;
    };
    for (const u of unitsOf(hard)) {
      const uw = advance(u);
      if (w + uw <= avail) {
        line.push(u);
        w += uw;
        continue;
      }
      if (uw > avail && /^[A-Za-z0-9.\-/%+]+$/.test(u) && u.length > 1) {
        // A run longer than the line is split by character.
        for (const ch of u) {
          const cw = advance(ch);
          if (w + cw > avail && line.length) push();
          line.push(ch);
          w += cw;
        }
        continue;
      }
      if (NO_LINE_START.has(u) && line.length > 1) {
        const prev = line.pop()!;
        push();
        line.push(prev);
        w = advance(prev);
      } else if (line.length) {
        let carry: string[] = [];
        while (line.length > 1 && NO_LINE_END.has(line[line.length - 1]!)) carry = [line.pop()!, ...carry];
        push();
        line.push(...carry);
        w = carry.reduce((s, c) => s + advance(c), 0);
      }
      line.push(u);
      w += uw;
    }
    out.push(line.join(''));
  }
  return out;
}
