// PDF rendering of a document's content, laid out after GB/T 9704-2012 on its 22 × 28 grid
// (layout.ts). pdfkit embeds a subset of each font, so the PDF shows the same on any machine.
//
// Font substitution (the standard's typefaces are commercial and absent on Linux servers; the
// PDF uses Debian's fonts-noto-cjk, which .ci/run installs):
//   标题 二号小标宋体      → Noto Serif CJK SC Bold, 22 pt
//   正文 三号仿宋体        → Noto Serif CJK SC Regular, 16 pt
//   一级标题 黑体          → Noto Sans CJK SC Regular
//   二级标题 楷体          → Noto Serif CJK SC Bold (fonts-noto-cjk has no Kai typeface)
//   版记、页码 四号仿宋/宋体 → Noto Serif CJK SC Regular, 14 pt
// The DOCX names the standard's typefaces, which users' Word installations have (render-docx.ts).
// Set WENZE_CJK_FONT_DIR to use another folder holding the same four .ttc files.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors';
import { chineseDate, headLines, type DocumentContent, type Paragraph } from './content';
import { BODY, CHAR_PITCH, GRID, LETTERHEAD, LINE_PITCH, MARGIN, MM, PAGE, SIZE, breakLines, isFullWidth } from './layout';

const FONT_FILES = {
  serif: ['NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  serifBold: ['NotoSerifCJK-Bold.ttc', 'NotoSerifCJKsc-Bold'],
  sans: ['NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
} as const;
type FontName = keyof typeof FONT_FILES;

// The parsed fonts, once per process. pdfkit would otherwise parse each .ttc again for every
// document (its cmap, glyph and layout tables: ~0.3 s of a 0.45 s render); a fontkit font is
// read-only for pdfkit (each document builds its own subset from it), so one serves every render.
const fontCache = new Map<FontName, fontkit.Font>();
function fontData(name: FontName): fontkit.Font {
  let f = fontCache.get(name);
  if (!f) {
    const dir = process.env.WENZE_CJK_FONT_DIR ?? '/usr/share/fonts/opentype/noto';
    const file = path.join(dir, FONT_FILES[name][0]);
    let b: Buffer;
    try {
      b = fs.readFileSync(file);
    } catch {
      throw new AppError('INTERNAL', { zh: `缺少中文字体 ${file}（请安装 fonts-noto-cjk）`, en: `Chinese font missing: ${file} (install fonts-noto-cjk)` });
    }
    f = fontkit.create(b, FONT_FILES[name][1]) as fontkit.Font;
    fontCache.set(name, f);
  }
  return f;
}

export interface PdfOptions {
  /** marks every page as a draft (not yet issued) */
  draftMark?: string | null;
  /** PDF metadata dates: from the injected clock, so a version renders the same bytes each time */
  createdAt: Date;
  /** the organisation's seal image (PNG or JPEG), placed over the 署名 and 成文日期 at issue */
  seal?: Buffer | null;
}

/** 印章 diameter as printed (the commission's round seal, 42 mm). */
export const SEAL_SIZE = 42 * MM;

type Doc = InstanceType<typeof PDFDocument>;

class Writer {
  line = 0;
  /** where the 落款 was written: page (0-based), the centre x of the 成文日期 and the top of the 署名 line */
  signatureAt: { page: number; centerX: number; organTop: number; dateTop: number } | null = null;
  /** 1-based pages that carry no page number (blank, or the 版记 alone) */
  readonly unnumbered = new Set<number>();
  constructor(readonly doc: Doc) {}

  private widths = new Map<string, number>();
  advance(font: FontName, size: number, unit: string): number {
    if (unit.length === 1 && isFullWidth(unit)) return (CHAR_PITCH * size) / SIZE.body;
    const key = `${font}|${size}|${unit}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.doc.font(font).fontSize(size);
      w = this.doc.widthOfString(unit);
      this.widths.set(key, w);
    }
    return w;
  }

  lines(text: string, font: FontName, size: number, width: number, firstIndent = 0): string[] {
    return breakLines(text, width, (u) => this.advance(font, size, u), firstIndent);
  }

  /** y of the top of grid line i on the page */
  y(i: number): number {
    return MARGIN.top + i * LINE_PITCH;
  }

  ensure(n: number): void {
    if (this.line + n > GRID.lines) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.line = 0;
  }

  /** Draws one line of text at grid line `this.line` from x, justified to `justifyTo` width when given. */
  draw(text: string, x: number, font: FontName, size: number, opts: { justifyTo?: number; color?: string; y?: number } = {}): void {
    if (!text) return;
    const doc = this.doc;
    doc.font(font).fontSize(size).fillColor(opts.color ?? '#000000');
    const chars = [...text];
    const natural = chars.reduce((s, c) => s + this.advance(font, size, c), 0);
    let spacing = (CHAR_PITCH * size) / SIZE.body - size;
    // Natural glyph widths at this size: full-width glyphs are one em.
    const glyphs = chars.reduce((s, c) => s + (isFullWidth(c) ? size : this.advance(font, size, c)), 0);
    if (opts.justifyTo !== undefined && chars.length > 1) spacing = (opts.justifyTo - glyphs) / (chars.length - 1);
    else if (natural <= 0) spacing = 0;
    const y = opts.y ?? this.y(this.line) + (LINE_PITCH - size) / 2;
    doc.text(text, x, y, { lineBreak: false, characterSpacing: spacing });
  }

  width(text: string, font: FontName, size: number): number {
    return [...text].reduce((s, c) => s + this.advance(font, size, c), 0);
  }
}

function paragraphFont(style: Paragraph['style']): FontName {
  if (style === 'h1') return 'sans';
  if (style === 'h2') return 'serifBold';
  return 'serif';
}

/** Writes a paragraph on the grid: first line indented two characters (except plain/center), justified. */
function writeParagraph(w: Writer, text: string, style: Paragraph['style'], opts: { indentChars?: number; hangChars?: number } = {}): void {
  const font = paragraphFont(style);
  const indent = (opts.indentChars ?? (style === 'plain' || style === 'center' ? 0 : 2)) * CHAR_PITCH;
  const hang = (opts.hangChars ?? 0) * CHAR_PITCH;
  const lines = w.lines(text, font, SIZE.body, BODY.width - hang, indent - hang);
  lines.forEach((l, i) => {
    w.ensure(1);
    const x0 = MARGIN.left + (i === 0 ? indent : hang);
    if (style === 'center') {
      w.draw(l, MARGIN.left + (BODY.width - w.width(l, font, SIZE.body)) / 2, font, SIZE.body);
    } else {
      const last = i === lines.length - 1;
      w.draw(l, x0, font, SIZE.body, last ? {} : { justifyTo: MARGIN.left + BODY.width - x0 });
    }
    w.line++;
  });
}

/** 份号, 密级和保密期限, 紧急程度: 顶格 on the first three lines of the 版心 (黑体; 份号 in Arabic digits). */
function writeHead(w: Writer, c: DocumentContent): void {
  const lines = headLines(c);
  lines.forEach((l, i) => {
    w.draw(l, MARGIN.left, i === 0 && c.copyNo ? 'serif' : 'sans', SIZE.body, { y: w.y(i) + (LINE_PITCH - SIZE.body) / 2 });
  });
  if (!c.letterhead) w.line = lines.length ? lines.length + 1 : 0;
}

function writeLetterhead(w: Writer, c: DocumentContent): void {
  const doc = w.doc;
  if (!c.letterhead) return;
  const n = [...c.letterhead].length;
  const size = Math.min(LETTERHEAD.maxSize, (BODY.width / n) * 0.95);
  doc.font('serifBold').fontSize(size).fillColor(LETTERHEAD.color);
  const tw = doc.widthOfString(c.letterhead);
  const top = MARGIN.top + LETTERHEAD.offset;
  doc.text(c.letterhead, MARGIN.left + (BODY.width - tw) / 2, top, { lineBreak: false });
  // 发文字号: 发文机关标志下空二行, centred; red line 4 mm below it, as wide as the 版心.
  const numberTop = top + size * 1.2 + 2 * LINE_PITCH;
  if (c.signer) {
    // 上行文 (§7.2.6): 发文字号居左空一字, 签发人居右空一字 (“签发人：”仿宋, the name 楷体).
    if (c.docNumber) w.draw(c.docNumber, MARGIN.left + CHAR_PITCH, 'serif', SIZE.body, { y: numberTop });
    const label = '签发人：';
    const nameW = w.width(c.signer, 'serifBold', SIZE.body);
    const right = MARGIN.left + BODY.width - CHAR_PITCH;
    w.draw(c.signer, right - nameW, 'serifBold', SIZE.body, { y: numberTop });
    w.draw(label, right - nameW - w.width(label, 'serif', SIZE.body), 'serif', SIZE.body, { y: numberTop });
  } else if (c.docNumber) {
    const nw = w.width(c.docNumber, 'serif', SIZE.body);
    w.draw(c.docNumber, MARGIN.left + (BODY.width - nw) / 2, 'serif', SIZE.body, { y: numberTop });
  }
  const ruleY = numberTop + SIZE.body * 1.2 + 4 * MM;
  doc.save().moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + BODY.width, ruleY).lineWidth(1).strokeColor(LETTERHEAD.color).stroke().restore();
  // Title 红色分隔线下空二行.
  w.line = Math.ceil((ruleY - MARGIN.top) / LINE_PITCH) + 2;
}

function writeTitle(w: Writer, c: DocumentContent): void {
  // A title that wraps is balanced (梯形/菱形, §7.3.2): the narrowest width that needs no more lines.
  let lines = w.lines(c.title, 'serifBold', SIZE.title, BODY.width);
  for (let width = BODY.width - SIZE.title; lines.length > 1 && width > BODY.width / 2; width -= SIZE.title) {
    const narrower = w.lines(c.title, 'serifBold', SIZE.title, width);
    if (narrower.length > lines.length) break;
    lines = narrower;
  }
  for (const l of lines) {
    w.ensure(1);
    w.draw(l, MARGIN.left + (BODY.width - w.width(l, 'serifBold', SIZE.title)) / 2, 'serifBold', SIZE.title);
    w.line++;
  }
  // Without a letterhead, a number (e.g. a form's) goes right under the title.
  if (!c.letterhead && c.docNumber) {
    w.ensure(1);
    const nw = w.width(c.docNumber, 'serif', SIZE.body);
    w.draw(c.docNumber, MARGIN.left + (BODY.width - nw) / 2, 'serif', SIZE.body);
    w.line++;
  }
}

function writeFields(w: Writer, c: DocumentContent): void {
  if (!c.fields.length) return;
  const doc = w.doc;
  const labelW = 7 * CHAR_PITCH;
  const pad = CHAR_PITCH / 2;
  const valueW = BODY.width - labelW - 2 * pad;
  const stroke = (x1: number, y1: number, x2: number, y2: number): void => {
    doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(0.75).strokeColor('#000000').stroke().restore();
  };
  w.ensure(1);
  let segTop = w.y(w.line);
  stroke(MARGIN.left, segTop, MARGIN.left + BODY.width, segTop);
  for (const f of c.fields) {
    const labelLines = w.lines(f.label, 'sans', SIZE.body, labelW - 2 * pad);
    const valueLines = w.lines(f.value || '\u3000', 'serif', SIZE.body, valueW - pad);
    const n = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < n; i++) {
      if (w.line >= GRID.lines) {
        // Close this page's part of the table and continue it on the next page.
        const bottom = w.y(w.line);
        stroke(MARGIN.left, segTop, MARGIN.left, bottom);
        stroke(MARGIN.left + labelW, segTop, MARGIN.left + labelW, bottom);
        stroke(MARGIN.left + BODY.width, segTop, MARGIN.left + BODY.width, bottom);
        stroke(MARGIN.left, bottom, MARGIN.left + BODY.width, bottom);
        w.newPage();
        segTop = w.y(0);
        stroke(MARGIN.left, segTop, MARGIN.left + BODY.width, segTop);
      }
      if (labelLines[i]) w.draw(labelLines[i]!, MARGIN.left + pad, 'sans', SIZE.body);
      if (valueLines[i]) w.draw(valueLines[i]!, MARGIN.left + labelW + pad, 'serif', SIZE.body);
      w.line++;
    }
    stroke(MARGIN.left, w.y(w.line), MARGIN.left + BODY.width, w.y(w.line));
  }
  const bottom = w.y(w.line);
  stroke(MARGIN.left, segTop, MARGIN.left, bottom);
  stroke(MARGIN.left + labelW, segTop, MARGIN.left + labelW, bottom);
  stroke(MARGIN.left + BODY.width, segTop, MARGIN.left + BODY.width, bottom);
  w.line++;
}

function writeAttachments(w: Writer, c: DocumentContent): void {
  if (!c.attachments.length) return;
  w.line++; // 正文下空一行
  const many = c.attachments.length > 1;
  c.attachments.forEach((a, i) => {
    const text = `${i === 0 ? '附件：' : ''}${many ? `${i + 1}．` : ''}${a}`;
    // Later items align with the first item's text (2 + 3 characters in).
    writeParagraph(w, i === 0 ? text : text, 'plain', { indentChars: i === 0 ? 2 : 5, hangChars: 5 });
  });
}

function writeSignature(w: Writer, c: DocumentContent): void {
  if (!c.signature) return;
  const date = chineseDate(c.signature.date);
  // Keep 署名 and 成文日期 together with room for the seal above them (印章顶端上距正文一行之内).
  // Where the page is nearly full, close the gap to one line before turning the page: the
  // standard does not want a 落款 alone on a page (§7.3.5).
  if (w.line + 4 <= GRID.lines) w.line += 2;
  else if (w.line + 3 <= GRID.lines) w.line += 1;
  else w.newPage();
  const right = MARGIN.left + BODY.width;
  const dateW = w.width(date, 'serif', SIZE.body);
  const dateX = right - 4 * CHAR_PITCH - dateW; // 成文日期右空四字
  const organW = w.width(c.signature.organ, 'serif', SIZE.body);
  // 发文机关署名以成文日期为准居中; never past the right edge.
  const organX = Math.max(MARGIN.left, Math.min(dateX + dateW / 2 - organW / 2, right - 2 * CHAR_PITCH - organW));
  w.signatureAt = { page: w.doc.bufferedPageRange().count - 1, centerX: dateX + dateW / 2, organTop: w.y(w.line), dateTop: w.y(w.line + 1) };
  w.draw(c.signature.organ, organX, 'serif', SIZE.body);
  w.line++;
  w.draw(date, dateX, 'serif', SIZE.body);
  w.line++;
}

/**
 * 印章 (GB/T 9704-2012 §7.3.5.1): 端正、居中下压发文机关署名和成文日期，使发文机关署名和成文日期居印章
 * 中心偏下位置 — centred on the 成文日期, its centre at the top of the 署名 line, so both lines
 * fall in its lower half.
 */
function writeSeal(w: Writer, seal: Buffer | null | undefined): void {
  if (!seal || !w.signatureAt) return;
  const at = w.signatureAt;
  w.doc.switchToPage(at.page);
  const centreY = at.organTop + LINE_PITCH * 0.35;
  w.doc.save().opacity(0.9);
  w.doc.image(seal, at.centerX - SEAL_SIZE / 2, centreY - SEAL_SIZE / 2, { width: SEAL_SIZE, height: SEAL_SIZE });
  w.doc.restore();
}

/** 版记 at the foot of the last page: 抄送 and 印发机关/印发日期 between rules (thick–thin–thick). */
function writeImprint(w: Writer, c: DocumentContent): void {
  if (!c.cc && !c.printing) return;
  const doc = w.doc;
  const ccLines = c.cc ? w.lines(`抄送：${c.cc}。`.replace(/。。$/, '。'), 'serif', SIZE.small, BODY.width - 2 * CHAR_PITCH) : [];
  const needed = ccLines.length + (c.printing ? 1 : 0);
  // 版记 goes at the foot of the last side of the sheet, an even page (§7.4, §7.5): where the text
  // ends on an odd page or leaves no room, it moves to the next even page; pages that hold only
  // the 版记 (or are blank before it) carry no page number.
  const page = (): number => doc.bufferedPageRange().count;
  if (w.line + needed + 1 > GRID.lines || page() % 2 === 1) {
    do {
      w.newPage();
      w.unnumbered.add(page());
    } while (page() % 2 === 1);
  }
  const first = GRID.lines - needed;
  const rule = (y: number, weight: number): void => {
    doc.save().moveTo(MARGIN.left, y).lineTo(MARGIN.left + BODY.width, y).lineWidth(weight).strokeColor('#000000').stroke().restore();
  };
  rule(w.y(first), 0.35 * MM * 2.83);
  let line = first;
  ccLines.forEach((l, i) => {
    w.line = line;
    w.draw(l, MARGIN.left + CHAR_PITCH + (i === 0 ? 0 : 3 * CHAR_PITCH * (SIZE.small / SIZE.body)), 'serif', SIZE.small);
    line++;
  });
  if (c.printing) {
    if (ccLines.length) rule(w.y(line), 0.25 * MM * 2.83);
    w.line = line;
    w.draw(c.printing.organ, MARGIN.left + CHAR_PITCH, 'serif', SIZE.small);
    const d = c.printing.date ? `${chineseDate(c.printing.date)}印发` : '\u3000\u3000年\u3000月\u3000日印发';
    w.draw(d, MARGIN.left + BODY.width - CHAR_PITCH - w.width(d, 'serif', SIZE.small), 'serif', SIZE.small);
    line++;
  }
  rule(w.y(line), 0.35 * MM * 2.83);
  w.line = GRID.lines;
}

function writePageNumbers(w: Writer, draftMark: string | null | undefined): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const n = i + 1;
    if (w.unnumbered.has(n)) continue;
    const text = `— ${n} —`;
    doc.font('serif').fontSize(SIZE.small).fillColor('#000000');
    const tw = doc.widthOfString(text);
    const y = MARGIN.top + BODY.height + 7 * MM;
    const x = n % 2 === 1 ? MARGIN.left + BODY.width - CHAR_PITCH - tw : MARGIN.left + CHAR_PITCH;
    doc.text(text, x, y, { lineBreak: false });
    if (draftMark) {
      doc.font('sans').fontSize(10.5).fillColor('#888888');
      doc.text(draftMark, MARGIN.left, MARGIN.top - 14 * MM, { lineBreak: false });
    }
  }
}

export async function renderPdf(c: DocumentContent, opts: PdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN.top, left: MARGIN.left, right: MARGIN.right, bottom: 0 },
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: c.title, Author: c.signature?.organ ?? '', Creator: 'Wenze 问责', Producer: 'Wenze 问责', CreationDate: opts.createdAt, ModDate: opts.createdAt },
    lang: 'zh-CN',
    displayTitle: true,
  } as ConstructorParameters<typeof PDFDocument>[0]);
  for (const name of Object.keys(FONT_FILES) as FontName[]) doc.registerFont(name, fontData(name) as unknown as Buffer, FONT_FILES[name][1]); // pdfkit ≥0.16 takes a fontkit font (its typings say a path or bytes)
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc);
  writeHead(w, c);
  writeLetterhead(w, c);
  writeTitle(w, c);
  if (c.addressee) {
    w.line++; // 标题下空一行
    writeParagraph(w, `${c.addressee}：`, 'plain');
    if (c.fields.length) w.line++;
  } else if (c.fields.length || c.paragraphs.length) {
    w.line++;
  }
  writeFields(w, c);
  for (const para of c.paragraphs) writeParagraph(w, para.text, para.style);
  writeAttachments(w, c);
  writeSignature(w, c);
  writeImprint(w, c);
  writePageNumbers(w, opts.draftMark);
  writeSeal(w, opts.seal);
  doc.end();
  return done;
}

export const PDF_PAGE = PAGE;
