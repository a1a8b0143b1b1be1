// The parts of a document taken from a record that no edit may change (FL-5(4), FL-15, WC-9(3)). The 会议纪要
// states the meeting's record — date, chair, who attended, who was absent, who stood aside and
// why, the quorum, each member's opinion, the result — and an issued minutes that contradicted
// the closed meeting would be an official document against the body's own record. The generator
// marks those parts (`Draft.pinned`: field labels, and paragraphs by their place, each with what it
// states); every write of a version (edit, issue) compares them with the parts generated from
// the record as it stands now. Its text is the record's whole: the closing paragraph (what the
// meeting asks of the legal-affairs section) is generated too, and no paragraph may be added —
// what else the meeting discussed is written in the meeting's own minutes (会议记录的纪要) before
// it closes, and comes into the document from there. The title and the 版记 stay editable.
// The 处理决定书 likewise states the decision in force (WC-9(3), FL-15): the meeting that took it
// and the articles it rests on, what is decided, its reason, the award bar (FL-14) and the rights
// (WC-11) are pinned to the decision record; the addressee's description and the facts as found
// stay the drafter's words. An issued notice never says other than what the body decided: its
// record paragraphs close the text (held from the end), so nothing is added after them.
// The 立案审批表's case number, date accepted, officers and the committee's opinion are the
// registration record's (FL-15): it never states a registration the committee did not make.
import { AppError } from '../../errors';
import { BLANK_OPEN, type DocumentContent, type Paragraph } from './content';
import type { DocumentKind } from './kinds';

export interface Bi {
  zh: string;
  en: string;
}

/** The kinds with parts taken from a record, and the record each takes them from. */
export const PINNED_RECORDS = {
  meeting_minutes: { zh: '会议记录', en: 'meeting record' },
  decision_notice: { zh: '处理决定', en: 'decision record' },
  registration_approval: { zh: '立案记录', en: 'registration record' },
} as const satisfies Partial<Record<DocumentKind, Bi>>;
export type PinnedKind = keyof typeof PINNED_RECORDS;
export const isPinnedKind = (kind: DocumentKind): kind is PinnedKind => kind in PINNED_RECORDS;

/** Where the pinned parts sit in a generated content and what each states. */
export interface PinnedLayout {
  /** the record they come from (会议记录) */
  source: Bi;
  /** the table fields taken from the record, by label */
  fields: { label: string; name: Bi }[];
  /** the paragraphs taken from the record, by their place in the generated text: what each states */
  paragraphs: { index: number; name: Bi }[];
  /**
   * Where the record's paragraphs are held: 'start' (default) — at their place from the top, so the
   * drafter adds after them (the 会议纪要's closing words); 'end' — at their place from the bottom,
   * so the drafter words and adds paragraphs above them (the 处理决定书's facts as found) and nothing
   * follows them: a paragraph after the rights notice would add to what the body decided;
   * 'whole' — every paragraph is the record's, at its place, and none is added (the 会议纪要: a
   * paragraph the meeting did not record would put words in the body's mouth).
   */
  anchor?: 'start' | 'end' | 'whole';
}

/** The pinned parts as the record gives them now. */
export interface PinnedParts {
  source: Bi;
  fields: { label: string; value: string; name: Bi }[];
  paragraphs: { index: number; paragraph: Paragraph; name: Bi }[];
  anchor: 'start' | 'end' | 'whole';
  /** the number of paragraphs of the generated content (for the 'end' anchor) */
  total: number;
}

/** Where each record paragraph must stand in `content` (its index there). */
export function pinnedPlaces(content: DocumentContent, parts: PinnedParts): number[] {
  const shift = parts.anchor === 'end' ? content.paragraphs.length - parts.total : 0;
  return parts.paragraphs.map((e) => e.index + shift);
}

/** What a paragraph added after an end-anchored record block is called in a refusal. */
const AFTER_RECORD: Bi = { zh: '记录段落之后另加的段落', en: 'a paragraph added after the record’s paragraphs' };
/** What a paragraph added to a text that is the record's whole is called in a refusal. */
const ADDED_TO_RECORD: Bi = { zh: '记录之外另加的段落', en: 'a paragraph the record does not hold' };

/** The pinned parts of a freshly generated content. */
export function pinnedPartsOf(content: DocumentContent, layout: PinnedLayout): PinnedParts {
  return {
    source: layout.source,
    fields: layout.fields.map((f) => ({ label: f.label, name: f.name, value: content.fields.find((x) => x.label === f.label)?.value ?? '' })),
    paragraphs: layout.paragraphs.map(({ index, name }) => ({ index, paragraph: content.paragraphs[index]!, name })),
    anchor: layout.anchor ?? 'start',
    total: content.paragraphs.length,
  };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `text` is the record's `expected`: the same text, or — where the record left a blank the
 * drafter must fill (【待填写：…】) — the same text with each blank filled by something.
 */
function sameAsRecord(text: string, expected: string): boolean {
  if (text === expected) return true;
  if (!expected.includes(BLANK_OPEN)) return false;
  const parts = expected.split(/【待填写：[^】]*】/);
  return new RegExp(`^${parts.map(escapeRe).join('[\\s\\S]+')}$`).test(text);
}

/**
 * What in `content` disagrees with the record's parts: each pinned field present once with the
 * record's value, and each of the record's paragraphs in its place, unchanged in text and style.
 * Returns what each differing part states (empty: the content agrees with the record).
 */
export function pinnedMismatches(content: DocumentContent, parts: PinnedParts): Bi[] {
  const out: Bi[] = [];
  for (const f of parts.fields) {
    const found = content.fields.filter((x) => x.label === f.label);
    if (found.length !== 1 || found[0]!.value !== f.value) out.push(f.name);
  }
  const places = pinnedPlaces(content, parts);
  const agrees = (e: PinnedParts['paragraphs'][number], at: number): boolean => {
    const got = at >= 0 ? content.paragraphs[at] : undefined;
    return Boolean(got && got.style === e.paragraph.style && sameAsRecord(got.text, e.paragraph.text));
  };
  parts.paragraphs.forEach((e, i) => {
    if (!agrees(e, places[i]!)) out.push(e.name);
  });
  const extra = content.paragraphs.length - parts.total;
  if (parts.anchor === 'whole' && extra !== 0) {
    // the record's paragraphs all there, with others added among or after them: name the addition
    if (extra > 0) {
      for (let k = 0; k + extra <= content.paragraphs.length; k++) {
        const at = (i: number): number => (i < k ? i : i + extra);
        if (parts.paragraphs.every((e) => agrees(e, at(e.index)))) return [ADDED_TO_RECORD];
      }
    }
    if (!out.length) out.push(ADDED_TO_RECORD);
  }
  if (out.length && parts.anchor === 'end') {
    // the record's block intact but followed by added paragraphs: say so, not that every part moved
    for (let k = 1; k <= content.paragraphs.length; k++) {
      if (parts.paragraphs.every((e, i) => agrees(e, places[i]! - k))) return [AFTER_RECORD];
    }
    // paragraphs added inside the block: the record's paragraphs above them stand at their place
    // from the top, those below from the bottom — name the first one pushed down
    const top = parts.paragraphs.map((e) => agrees(e, e.index));
    const j = top.indexOf(false);
    if (j > 0 && parts.paragraphs.every((e, i) => (i < j ? top[i] : agrees(e, places[i]!)))) return [parts.paragraphs[j]!.name];
  }
  const seen = new Set<string>();
  return out.filter((n) => (seen.has(n.zh) ? false : (seen.add(n.zh), true)));
}

const listZh = (xs: Bi[]): string => xs.map((x) => x.zh).join('、');
const listEn = (xs: Bi[]): string => xs.map((x) => x.en).join(', ');

/** An edit that changes what the record states (FL-5(4), FL-15). */
export function pinnedEditRefused(parts: PinnedParts, off: Bi[]): AppError {
  return new AppError(
    'DOCUMENT_RECORD_PINNED',
    { zh: `${listZh(off)}来自${parts.source.zh}，须与之一致（FL-5(4)、FL-15）`, en: `${listEn(off)}: taken from the ${parts.source.en}, must agree with it (FL-5(4), FL-15)` },
    { fields: off.map((x) => x.zh), fieldsEn: off.map((x) => x.en), source: parts.source.zh, citation: 'FL-15' },
  );
}

/** A draft whose record changed after it was drafted (or no longer yields it): draft anew. */
export function recordChangedRefused(source: Bi, off: Bi[], why?: Bi): AppError {
  const what = why ?? { zh: `不一致之处：${listZh(off)}`, en: `it differs in: ${listEn(off)}` };
  return new AppError(
    'DOCUMENT_RECORD_CHANGED',
    { zh: `起草后${source.zh}已变更，${what.zh}；请根据${source.zh}重新起草（FL-5(4)、FL-15）`, en: `the ${source.en} changed after this draft — ${what.en}; draft it anew from the record (FL-5(4), FL-15)` },
    { fields: off.map((x) => x.zh), fieldsEn: off.map((x) => x.en), source: source.zh, citation: 'FL-15' },
  );
}
