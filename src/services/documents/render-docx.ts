// DOCX rendering (what users edit in Word), laid out after GB/T 9704-2012: A4, margins 37/28/35/26
// mm, 22 lines a page (docGrid linePitch 579 twips) of 28 characters (body runs condensed to a
// 15.75 pt pitch), 发文机关标志 in red, the red rule under the 发文字号, 版记 between
// rules, page numbers "— n —" outside (odd pages right, even pages left).
// Typefaces are the standard's own names, which government PCs have installed: 方正小标宋简体
// (title, letterhead), 仿宋_GB2312 (body), 黑体 (level-1 headings), 楷体_GB2312 (level-2), 宋体
// (page numbers). Word substitutes a default where one is missing; the PDF embeds stand-ins
// (render-pdf.ts).
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  WidthType,
  VerticalAlign,
} from 'docx';
import { chineseDate, headLines, mapContentStrings, type DocumentContent, type Paragraph as Para } from './content';
import { CHAR_PITCH, GRID, isFullWidth, SIZE } from './layout';

const FONT = { title: '方正小标宋简体', body: '仿宋_GB2312', h1: '黑体', h2: '楷体_GB2312', song: '宋体' };
const RED = 'E60012';
const twip = (mm: number): number => Math.round((mm * 1440) / 25.4);
const PAGE_W = twip(210);
const PAGE_H = twip(297);
const BODY_W = twip(156);
const LINE_PITCH_TWIP = Math.floor(twip(225) / GRID.lines); // 579
const CHAR_TWIP = (CHAR_PITCH * 20);
const half = (pt: number): number => pt * 2;

// 28 characters of 三号 (16 pt) in the 156 mm 版心 need a 15.79 pt pitch: body-size runs are
// condensed by 0.25 pt (Word's 字符间距 紧缩 0.25 磅), which Word, WPS and LibreOffice all honour.
// (A linesAndChars grid would do it too, but LibreOffice then spreads every Latin digit over a
// full cell.)
const BODY_CONDENSE_TWIPS = -5;

const run = (text: string, o: { font?: string; size?: number; bold?: boolean; color?: string } = {}): TextRun =>
  new TextRun({
    text,
    font: o.font ?? FONT.body,
    size: half(o.size ?? SIZE.body),
    ...((o.size ?? SIZE.body) === SIZE.body ? { characterSpacing: BODY_CONDENSE_TWIPS } : {}),
    ...(o.bold ? { bold: true } : {}),
    ...(o.color ? { color: o.color } : {}),
  });

const exact = { line: LINE_PITCH_TWIP, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const blankLine = (): Paragraph => new Paragraph({ spacing: exact, children: [run('')] });

/** Width of a string in twips at body size: full-width = one grid cell, others half. */
const widthTwip = (s: string, size = SIZE.body): number => [...s].reduce((t, c) => t + (isFullWidth(c) ? CHAR_TWIP : CHAR_TWIP / 2), 0) * (size / SIZE.body);

function paragraph(p: Para): Paragraph {
  const font = p.style === 'h1' ? FONT.h1 : p.style === 'h2' ? FONT.h2 : FONT.body;
  const indent = p.style === 'plain' || p.style === 'center' ? undefined : { firstLineChars: 200, firstLine: Math.round(2 * CHAR_TWIP) };
  return new Paragraph({
    spacing: exact,
    alignment: p.style === 'center' ? AlignmentType.CENTER : AlignmentType.BOTH,
    ...(indent ? { indent } : {}),
    children: p.text.split('\n').flatMap((line, i) => (i === 0 ? [run(line, { font })] : [new TextRun({ break: 1 }), run(line, { font })])),
  });
}

/** 份号, 密级和保密期限, 紧急程度 (GB/T 9704-2012 §7.2.1–7.2.3): 顶格, the first lines of the 版心. */
function head(c: DocumentContent): Paragraph[] {
  return headLines(c).map((l, i) => new Paragraph({ spacing: exact, children: [run(l, { font: i === 0 && c.copyNo ? FONT.body : FONT.h1 })] }));
}

function letterhead(c: DocumentContent): Paragraph[] {
  if (!c.letterhead) return [];
  const n = [...c.letterhead].length;
  const size = Math.min(36, Math.floor(((156 * 72) / 25.4 / n) * 0.95));
  return [
    new Paragraph({ spacing: { before: twip(35) - LINE_PITCH_TWIP, after: 0, line: Math.round(size * 20 * 1.2), lineRule: LineRuleType.EXACT }, alignment: AlignmentType.CENTER, children: [run(c.letterhead, { font: FONT.title, size, color: RED })] }),
    blankLine(),
    new Paragraph({
      spacing: { ...exact, after: LINE_PITCH_TWIP * 2 },
      // 发文字号之下 4 mm 处，与版心等宽的红色分隔线.
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: RED, space: 11 } },
      // 上行文 (§7.2.6): 发文字号居左空一字, 签发人居右空一字.
      ...(c.signer
        ? { alignment: AlignmentType.LEFT, indent: { left: CHAR_TWIP }, tabStops: [{ type: TabStopType.RIGHT, position: BODY_W - CHAR_TWIP }], children: [run(c.docNumber ?? ''), new TextRun({ children: [new Tab()] }), run('签发人：'), run(c.signer, { font: FONT.h2 })] }
        : { alignment: AlignmentType.CENTER, children: [run(c.docNumber ?? '')] }),
    }),
  ];
}

function fieldsTable(c: DocumentContent): (Table | Paragraph)[] {
  if (!c.fields.length) return [];
  const labelW = Math.round(7 * CHAR_TWIP);
  const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  return [
    new Table({
      width: { size: BODY_W, type: WidthType.DXA },
      columnWidths: [labelW, BODY_W - labelW],
      rows: c.fields.map(
        (f) =>
          new TableRow({
            children: [
              new TableCell({ borders, width: { size: labelW, type: WidthType.DXA }, verticalAlign: VerticalAlign.CENTER, children: [new Paragraph({ spacing: exact, alignment: AlignmentType.CENTER, children: [run(f.label, { font: FONT.h1 })] })] }),
              new TableCell({
                borders,
                width: { size: BODY_W - labelW, type: WidthType.DXA },
                children: (f.value || '').split('\n').map((l) => new Paragraph({ spacing: exact, children: [run(l)] })),
              }),
            ],
          }),
      ),
    }),
    blankLine(),
  ];
}

function attachments(c: DocumentContent): Paragraph[] {
  if (!c.attachments.length) return [];
  const many = c.attachments.length > 1;
  return [
    blankLine(),
    ...c.attachments.map(
      (a, i) =>
        new Paragraph({
          spacing: exact,
          indent: { left: Math.round(5 * CHAR_TWIP), hanging: i === 0 ? Math.round(3 * CHAR_TWIP) : 0 },
          children: [run(`${i === 0 ? '附件：' : ''}${many ? `${i + 1}．` : ''}${a}`)],
        }),
    ),
  ];
}

function signature(c: DocumentContent): Paragraph[] {
  if (!c.signature) return [];
  const date = chineseDate(c.signature.date);
  const dateRight = Math.round(4 * CHAR_TWIP); // 成文日期右空四字
  const organRight = Math.max(Math.round(2 * CHAR_TWIP), Math.round(dateRight + widthTwip(date) / 2 - widthTwip(c.signature.organ) / 2));
  return [
    blankLine(),
    blankLine(),
    new Paragraph({ spacing: exact, alignment: AlignmentType.RIGHT, indent: { right: organRight }, children: [run(c.signature.organ)] }),
    new Paragraph({ spacing: exact, alignment: AlignmentType.RIGHT, indent: { right: dateRight }, children: [run(date)] }),
  ];
}

/**
 * 版记: 抄送 and 印发机关/印发日期 between a thick rule above, thin rules between and a thick rule
 * below, 四号, one character in from each side. A borderless-sided table keeps the organ left and
 * the date right in Word, WPS and LibreOffice alike. (The PDF sets it at the foot of an even
 * page; in the DOCX it follows the text, where the typist moves it down.)
 */
function imprint(c: DocumentContent): (Paragraph | Table)[] {
  if (!c.cc && !c.printing) return [];
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const pad = { left: Math.round(CHAR_TWIP * (SIZE.small / SIZE.body)), right: Math.round(CHAR_TWIP * (SIZE.small / SIZE.body)), top: 0, bottom: 0 };
  const para = (text: string, align: (typeof AlignmentType)[keyof typeof AlignmentType]): Paragraph => new Paragraph({ spacing: exact, alignment: align, children: [run(text, { size: SIZE.small })] });
  const rows: TableRow[] = [];
  // 印发机关左空一字，印发日期右空一字: the organ's cell is padded left only, the date's right only.
  const LEFT_W = c.printing ? Math.min(Math.round(BODY_W * 0.75), Math.round(widthTwip(c.printing.organ, SIZE.small) + 1.5 * pad.left)) : Math.round(BODY_W / 2);
  const total = (c.cc ? 1 : 0) + (c.printing ? 1 : 0);
  const borders = (i: number) => ({ top: i === 0 ? thick : thin, bottom: i === total - 1 ? thick : thin, left: none, right: none });
  if (c.cc) {
    rows.push(new TableRow({ children: [new TableCell({ columnSpan: 2, margins: pad, borders: borders(0), children: [para(`抄送：${c.cc}。`.replace(/。。$/, '。'), AlignmentType.LEFT)] })] }));
  }
  if (c.printing) {
    const d = c.printing.date ? `${chineseDate(c.printing.date)}印发` : '\u3000\u3000年\u3000月\u3000日印发';
    const i = rows.length;
    rows.push(
      new TableRow({
        children: [
          new TableCell({ margins: { ...pad, right: 0 }, borders: borders(i), width: { size: LEFT_W, type: WidthType.DXA }, children: [para(c.printing.organ, AlignmentType.LEFT)] }),
          new TableCell({ margins: { ...pad, left: 0 }, borders: borders(i), width: { size: BODY_W - LEFT_W, type: WidthType.DXA }, children: [para(d, AlignmentType.RIGHT)] }),
        ],
      }),
    );
  }
  return [blankLine(), new Table({ width: { size: BODY_W, type: WidthType.DXA }, columnWidths: [LEFT_W, BODY_W - LEFT_W], rows })];
}

const pageNumberFooter = (align: 'left' | 'right'): Footer =>
  new Footer({
    children: [
      new Paragraph({
        alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: align === 'right' ? { right: Math.round(CHAR_TWIP) } : { left: Math.round(CHAR_TWIP) },
        children: [
          new TextRun({ text: '— ', font: FONT.song, size: half(SIZE.small) }),
          new TextRun({ children: [PageNumber.CURRENT], font: FONT.song, size: half(SIZE.small) }),
          new TextRun({ text: ' —', font: FONT.song, size: half(SIZE.small) }),
        ],
      }),
    ],
  });

export interface DocxOptions {
  draftMark?: string | null;
}

// Characters XML 1.0 does not allow (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE,
// U+FFFF). Input hygiene refuses them (src/lib/text-hygiene.ts); text stored before it did is
// dropped here, so every DOCX is well-formed (docx-wellformed.test.ts).
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const xmlSafe = (s: string): string => s.replace(XML_ILLEGAL, '');

export async function renderDocx(raw: DocumentContent, opts: DocxOptions): Promise<Buffer> {
  const c = mapContentStrings(raw, xmlSafe);
  if (opts.draftMark) opts = { ...opts, draftMark: xmlSafe(opts.draftMark) };
  const title = new Paragraph({ spacing: exact, alignment: AlignmentType.CENTER, children: [run(c.title, { font: FONT.title, size: SIZE.title })] });
  const numberUnderTitle = !c.letterhead && c.docNumber ? [new Paragraph({ spacing: exact, alignment: AlignmentType.CENTER, children: [run(c.docNumber)] })] : [];
  const addressee = c.addressee ? [blankLine(), new Paragraph({ spacing: exact, children: [run(`${c.addressee}：`)] }), ...(c.fields.length ? [blankLine()] : [])] : c.fields.length || c.paragraphs.length ? [blankLine()] : [];
  const header = opts.draftMark ? new Header({ children: [new Paragraph({ children: [new TextRun({ text: opts.draftMark, color: '888888', size: 21, font: FONT.h1 })] })] }) : undefined;
  const doc = new Document({
    creator: c.signature?.organ ?? 'Wenze 问责',
    title: c.title,
    lastModifiedBy: 'Wenze 问责',
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: FONT.body, size: half(SIZE.body) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_W, height: PAGE_H },
            margin: { top: twip(37), bottom: twip(35), left: twip(28), right: twip(26), header: twip(15), footer: twip(35 - 7 - 6) },
          },
          // 22 lines a page (line grid); the 28 characters a line come from the condensed body runs.
          grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH_TWIP },
        },
        ...(header ? { headers: { default: header, even: header } } : {}),
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: [
          ...head(c),
          ...letterhead(c),
          title,
          ...numberUnderTitle,
          ...addressee,
          ...fieldsTable(c),
          ...c.paragraphs.map(paragraph),
          ...attachments(c),
          ...signature(c),
          ...imprint(c),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
