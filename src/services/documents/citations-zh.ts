// Citations in the words of an official document: `FL-8(2)` → 《行政执法过错责任追究办法》第八条第（二）项,
// with the original text from the rule pack (getRuleText) where a document quotes it.
import { CITATION_LABELS } from '../../domain/cases';
import { getRuleText } from '../../rules';

export const MEASURE_TITLES: Record<string, string> = {
  FL: '《行政执法过错责任追究办法》',
  WC: '《行政执法错案责任倒查问责办法》',
  SCL: '《中华人民共和国国家赔偿法》',
  APL: '《中华人民共和国行政处罚法》',
};

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 13 → 十三, 21 → 二十一, 85 → 八十五 (article and item numbers). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

// WC-4, WC-5 and WC-10 number their items 1. 2. 3. in the source; the others use （一）（二）.
const ARABIC_ITEMS = new Set(['WC-4', 'WC-5', 'WC-10']);

/** `FL-8(2)` → 《行政执法过错责任追究办法》第八条第（二）项; `WC-13` → …第十三条 (the source's numbering, gap kept). */
export function citationZh(id: string, withTitle = true): string {
  const m = /^([A-Z]+)-(\d+)(?:\((\d+)\))?$/.exec(id);
  if (!m) return id;
  const [, measure, art, item] = m;
  const article = `第${chineseNumber(Number(art))}条`;
  const itemText = item ? (ARABIC_ITEMS.has(`${measure}-${art}`) ? `第${item}项` : `第（${chineseNumber(Number(item))}）项`) : '';
  return `${withTitle ? (MEASURE_TITLES[measure!] ?? measure) : ''}${article}${itemText}`;
}

/** Short label of an item (fault, circumstance, form) as the case forms show it. */
export const labelOf = (id: string): string => CITATION_LABELS[id] ?? id;

/** The original Chinese text of a citation (null when no pack knows it). */
export function articleText(id: string, packId?: string): string | null {
  const t = getRuleText(id, packId && packId !== 'none' ? { packId } : undefined) ?? getRuleText(id);
  return t?.textZh ?? null;
}

/** Sorts citations FL before WC before higher law, then by article and item number. */
export function sortCitations(ids: Iterable<string>): string[] {
  const order = (id: string): [number, number, number] => {
    const m = /^([A-Z]+)-(\d+)(?:\((\d+)\))?$/.exec(id);
    if (!m) return [9, 0, 0];
    return [['FL', 'WC', 'SCL', 'APL'].indexOf(m[1]!) + 1 || 8, Number(m[2]), Number(m[3] ?? 0)];
  };
  return [...new Set(ids)].sort((a, b) => {
    const x = order(a);
    const y = order(b);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

/**
 * Several citations as a document writes them, the measure named once per run:
 * 《行政执法过错责任追究办法》第六条第（二）项、第七条第（三）项和《行政执法错案责任倒查问责办法》第十一条.
 */
export function citationsZh(ids: readonly string[]): string {
  const groups: { measure: string; parts: string[] }[] = [];
  for (const id of ids) {
    const measure = /^([A-Z]+)-/.exec(id)?.[1] ?? id;
    const last = groups[groups.length - 1];
    if (last && last.measure === measure) last.parts.push(citationZh(id, false));
    else groups.push({ measure, parts: [citationZh(id, true)] });
  }
  return groups.map((g) => g.parts.join('、')).join('和');
}
