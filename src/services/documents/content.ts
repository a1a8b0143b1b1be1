// The structured content of an official document (公文), stored as JSON per version and rendered
// to DOCX and PDF. Declared once (zod): the edit API validates with it, OpenAPI shows it, and the
// renderers take its type. Element names follow GB/T 9704-2012 (党政机关公文格式).
import { z } from 'zod';

const bi = (zh: string, en: string): { message: string } => ({ message: `${zh} / ${en}` });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式应为 YYYY-MM-DD', 'Date must be YYYY-MM-DD'));

export const SECRECY_LEVELS = ['秘密', '机密', '绝密'] as const;
export const URGENCY_LEVELS = ['加急', '特急'] as const;

export const PARAGRAPH_STYLES = ['body', 'h1', 'h2', 'plain', 'center'] as const;
export type ParagraphStyle = (typeof PARAGRAPH_STYLES)[number];

export const paragraphSchema = z.object({
  /**
   * body: 正文, first line indented two characters; h1: 一级标题 (一、…, 黑体); h2: 二级标题
   * (（一）…, 楷体); plain: no indent (笔录 questions and answers); center: centred.
   */
  style: z.enum(PARAGRAPH_STYLES).default('body'),
  text: z.string().max(20_000),
});
export type Paragraph = z.infer<typeof paragraphSchema>;

export const documentContentSchema = z
  .object({
    /** 发文机关标志 (red, above the 发文字号); null for forms and records */
    letterhead: z.string().trim().max(60).nullable(),
    /** 发文字号, e.g. 巴住建问决〔2025〕3号: the system's alone, set at issue from the kind's series (a numbered kind); null in every draft — an edit carrying one is refused (DOCUMENT_NUMBER_ASSIGNED) */
    docNumber: z.string().trim().max(60).nullable(),
    title: z.string().trim().min(1).max(200),
    /** 主送机关 (or the person addressed), without the trailing colon */
    addressee: z.string().trim().max(300).nullable(),
    /** a bordered two-column table (审批表, 笔录 header): label / value */
    fields: z.array(z.object({ label: z.string().trim().min(1).max(40), value: z.string().max(8_000) })).max(40).default([]),
    paragraphs: z.array(paragraphSchema).max(500),
    /** 附件说明: one line per attachment (numbered when more than one) */
    attachments: z.array(z.string().trim().min(1).max(300)).max(30).default([]),
    /** 落款: 发文机关署名 and 成文日期 */
    signature: z.object({ organ: z.string().trim().min(1).max(100), date }).nullable(),
    /** 版记: 抄送机关 */
    cc: z.string().trim().max(500).nullable().default(null),
    /** 版记: 印发机关和印发日期 (the date is set at issue) */
    printing: z.object({ organ: z.string().trim().min(1).max(100), date: date.nullable() }).nullable().default(null),
    /** 份号 (GB/T 9704-2012 §7.2.1): six digits, top left of the 版心, first line; for 涉密公文 */
    copyNo: z.string().trim().regex(/^\d{6}$/, bi('份号应为6位数字', 'The copy number is six digits')).nullable().default(null),
    /** 密级和保密期限 (§7.2.2): second line, e.g. 秘密★1年 */
    secrecy: z.object({ level: z.enum(SECRECY_LEVELS), period: z.string().trim().max(20).nullable() }).nullable().default(null),
    /** 紧急程度 (§7.2.3): third line */
    urgency: z.enum(URGENCY_LEVELS).nullable().default(null),
    /** 签发人 (§7.2.6): 上行文 — the number moves left, 签发人 right on its line */
    signer: z.string().trim().max(60).nullable().default(null),
  })
  .meta({ id: 'DocumentContent' });
export type DocumentContent = z.output<typeof documentContentSchema>;

/**
 * A content with every element but the title and the paragraphs left out (no letterhead, number,
 * addressee, fields, attachments, signature, 版记, 份号, 密级, 紧急程度 or 签发人): `parts` on top.
 */
export function plainContent(parts: Pick<DocumentContent, 'title' | 'paragraphs'> & Partial<DocumentContent>): DocumentContent {
  return {
    letterhead: null,
    docNumber: null,
    addressee: null,
    fields: [],
    attachments: [],
    signature: null,
    cc: null,
    printing: null,
    copyNo: null,
    secrecy: null,
    urgency: null,
    signer: null,
    ...parts,
  };
}

/** 成文日期 as GB/T 9704-2012 §7.3.5.3 writes it: full year, no leading zeros — 2025年10月10日. */
export function chineseDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Money in fen (分) as yuan with two decimals: 人民币12,345.60元. */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const y = Math.floor(abs / 100).toLocaleString('en-US');
  return `${neg ? '-' : ''}${y}.${String(abs % 100).padStart(2, '0')}元`;
}

/** A blank the drafter must fill before issue (issue refuses while one remains). */
export const BLANK_OPEN = '【待填写：';
export const blank = (what: string): string => `${BLANK_OPEN}${what}】`;

/** Every string of the content, for search, checks and redaction. */
export function contentStrings(c: DocumentContent): string[] {
  return [
    c.letterhead ?? '',
    c.docNumber ?? '',
    c.title,
    c.addressee ?? '',
    ...c.fields.flatMap((f) => [f.label, f.value]),
    ...c.paragraphs.map((p) => p.text),
    ...c.attachments,
    c.signature?.organ ?? '',
    c.cc ?? '',
    c.printing?.organ ?? '',
    c.signer ?? '',
  ];
}

/** The 版头 lines above the 发文机关标志: 份号, 密级★保密期限, 紧急程度 (GB/T 9704-2012 §7.2.1–7.2.3). */
export function headLines(c: Pick<DocumentContent, 'copyNo' | 'secrecy' | 'urgency'>): string[] {
  const out: string[] = [];
  if (c.copyNo) out.push(c.copyNo);
  if (c.secrecy) out.push(c.secrecy.period ? `${c.secrecy.level}★${c.secrecy.period}` : c.secrecy.level);
  if (c.urgency) out.push(c.urgency);
  return out;
}

/** Applies `fn` to every free-text string of the content (dates untouched). */
export function mapContentStrings(c: DocumentContent, fn: (s: string) => string): DocumentContent {
  const o = (s: string | null): string | null => (s === null ? null : fn(s));
  return {
    ...c,
    letterhead: o(c.letterhead),
    docNumber: o(c.docNumber),
    title: fn(c.title),
    addressee: o(c.addressee),
    fields: c.fields.map((f) => ({ label: fn(f.label), value: fn(f.value) })),
    paragraphs: c.paragraphs.map((p) => ({ ...p, text: fn(p.text) })),
    attachments: c.attachments.map(fn),
    signature: c.signature ? { ...c.signature, organ: fn(c.signature.organ) } : null,
    cc: o(c.cc),
    printing: c.printing ? { ...c.printing, organ: fn(c.printing.organ) } : null,
    signer: o(c.signer),
  };
}
