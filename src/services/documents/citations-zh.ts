// Citations in the words of an official document: `FL-8(2)` → 《行政执法过错责任追究办法》第八条第（二）项,
// with the original text from the rule pack (getRuleText) where a document quotes it.
import { CITATION_LABELS } from '../../domain/cases';
import { getRuleText } from '../../rules';
import { formatCitationZh } from '../../lib/citation-format';

export { MEASURE_TITLES, MEASURE_FULL_TITLES, chineseNumber, citationCodesToZh, firstCitationInFull } from '../../lib/citation-format';

/** `FL-8(2)` → 《行政执法过错责任追究办法》第八条第（二）项; `WC-13` → …第十三条 (the source's numbering, gap kept). */
export function citationZh(id: string, withTitle = true): string {
  return formatCitationZh(id, withTitle ? 'short' : 'none');
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
