// How a citation reads in Chinese — `FL-6(4)` → 《行政执法过错责任追究办法》第六条第（四）项 — with no
// imports, so the web app formats citations with the very same function as the documents.
// The FL/WC code stays the identifier in the API and the compact tag in the UI; official text and
// the UI's default wording use the Chinese form (issue 13 point 2).

/** The measures' titles as the 2019 notice of the commission issues them (their own short titles). */
export const MEASURE_TITLES: Record<string, string> = {
  FL: '《行政执法过错责任追究办法》',
  WC: '《行政执法错案责任倒查问责办法》',
  SCL: '《中华人民共和国国家赔偿法》',
  APL: '《中华人民共和国行政处罚法》',
};

/** The full official titles, with the issuing organ, as the first citation of an official document writes them. */
export const MEASURE_FULL_TITLES: Record<string, string> = {
  FL: '《重庆市巴南区住房和城乡建设委员会行政执法过错责任追究办法》',
  WC: '《重庆市巴南区住房和城乡建设委员会行政执法错案责任倒查问责办法》',
  SCL: MEASURE_TITLES.SCL!,
  APL: MEASURE_TITLES.APL!,
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

export const CITATION_CODE = /^([A-Z]+)-(\d+)(?:\((\d+)\))?$/;
/** A citation code inside running text (the measures this system cites). */
export const CITATION_IN_TEXT = /\b(FL|WC|SCL|APL)-(\d{1,3})(?:\((\d{1,2})\))?/g;

export type TitleForm = 'short' | 'full' | 'none';

/** `FL-8(2)` → 《行政执法过错责任追究办法》第八条第（二）项; `WC-13` → …第十三条 (the source's numbering, gap kept). */
export function formatCitationZh(id: string, form: TitleForm = 'short'): string {
  const m = CITATION_CODE.exec(id);
  if (!m) return id;
  const [, measure, art, item] = m;
  const article = `第${chineseNumber(Number(art))}条`;
  const itemText = item ? (ARABIC_ITEMS.has(`${measure}-${art}`) ? `第${item}项` : `第（${chineseNumber(Number(item))}）项`) : '';
  const title = form === 'none' ? '' : ((form === 'full' ? MEASURE_FULL_TITLES : MEASURE_TITLES)[measure!] ?? measure);
  return `${title}${article}${itemText}`;
}

/**
 * Every citation code left in a text, in its Chinese form: 调离执法岗位（FL-6(4)） →
 * 调离执法岗位（《行政执法过错责任追究办法》第六条第（四）项）. A run of codes joined by 、 names the
 * measure once: FL-6(2)、FL-7(3) → 《…》第六条第（二）项、第七条第（三）项.
 */
export function citationCodesToZh(text: string): string {
  let lastMeasure: string | null = null;
  let lastEnd = -1;
  return text.replace(CITATION_IN_TEXT, (code: string, measure: string, _a: string, _i: string, offset: number) => {
    const between = lastEnd >= 0 ? text.slice(lastEnd, offset) : null;
    const sameRun = lastMeasure === measure && (between === '、' || between === '，');
    lastMeasure = measure;
    lastEnd = offset + code.length;
    return formatCitationZh(code, sameRun ? 'none' : 'short');
  });
}

/** The first citation of each measure in a series of texts gets the full official title (in place). */
export function firstCitationInFull(texts: string[]): string[] {
  const done = new Set<string>();
  return texts.map((t) => {
    let out = t;
    for (const [m, short] of Object.entries(MEASURE_TITLES)) {
      if (done.has(m) || !out.includes(short)) continue;
      const full = MEASURE_FULL_TITLES[m]!;
      done.add(m);
      if (full !== short) out = out.replace(short, full);
    }
    return out;
  });
}
