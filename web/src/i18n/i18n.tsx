// Language: Chinese by default, English on request; the choice persists in localStorage.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { dict, type DictKey } from './dict';
import { citationCodesToZh } from '../../../src/lib/citation-format';

export type Lang = 'zh' | 'en';
export const LANG_STORAGE_KEY = 'wenze.lang';

/** A text the server sends in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The colon after a label: full-width in Chinese (预警数：16), a colon and a space in English (Alerts: 16). */
export const colon = (lang: Lang): string => (lang === 'zh' ? '：' : ': ');

export function readStoredLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function translate(lang: Lang, key: DictKey, vars?: Record<string, string | number>): string {
  // Issue 13 (2, 6): in Chinese the UI cites articles as the office does — 《办法》第X条第（X）项 —
  // never by the internal FL/WC code (which stays the compact tag beside forms and in the API).
  let s: string = lang === 'zh' ? citationCodesToZh(dict[key].zh) : dict[key][lang];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: DictKey, vars?: Record<string, string | number>): string;
  /** pick the current language of a server-sent bilingual text */
  pick(b: Bilingual | null | undefined): string;
  /**
   * A legal term: Chinese alone in Chinese; in English the English followed by the Chinese
   * original, which is the authoritative wording.
   */
  term(b: Bilingual | null | undefined): string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(initial ?? readStoredLang());
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      globalThis.localStorage?.setItem(LANG_STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      pick: (b) => (b ? (lang === 'zh' ? b.zh : b.en || b.zh) : ''),
      term: (b) => (b ? (lang === 'zh' || !b.en || b.en === b.zh ? b.zh : `${b.en} (${b.zh})`) : ''),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
