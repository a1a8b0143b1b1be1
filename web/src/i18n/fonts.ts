// The font stack follows the language, for the sake of the curly quotes “ ” ‘ ’: Unicode has one
// code point for the Chinese and the English quote, and the font decides its width. A Chinese
// font draws it full-width (right in Chinese: “历史导入”); a Latin font draws it narrow (right
// in English: “Meetings”, the Commission’s). The old single stack let a CJK font draw English
// quotes full-width (Linux, where the first Latin fonts named are missing) and a Latin font draw
// Chinese quotes narrow (Windows, where Segoe UI comes first).
//   Chinese: the quotes alone from a Chinese font (the face 'Wenze CJK Quote' of index.html,
//            limited by unicode-range to U+2018/2019/201C/201D), everything else as before.
//   English: Latin fonts first, so letters, digits and quotes are Latin; Chinese characters in
//            English pages (the Chinese originals beside legal terms, names) fall back to the
//            Chinese fonts after them.
// Text known to be Chinese inside the English UI (an article's words) is marked lang="zh-CN" and
// given the Chinese stack where it is shown.
import type { Lang } from './i18n';

/** The Chinese fonts, in order of preference (macOS, Windows, Linux). */
const CJK = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC'";
/** Latin fonts with narrow typographic quotes (macOS, Windows, Android, Linux). */
const LATIN = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'Noto Sans', 'DejaVu Sans'";
/** The @font-face in web/index.html that gives the curly quotes alone from a Chinese font. */
export const CJK_QUOTE_FACE = 'Wenze CJK Quote';

export const FONT_STACKS: Record<Lang, string> = {
  zh: `'${CJK_QUOTE_FACE}', -apple-system, BlinkMacSystemFont, 'Segoe UI', ${CJK}, sans-serif`,
  en: `${LATIN}, ${CJK}, sans-serif`,
};

export function fontFamilyFor(lang: Lang): string {
  return FONT_STACKS[lang];
}
