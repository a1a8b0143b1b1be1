// Legal facts for the web (issue 10 point 14): the item vocabulary (faults, circumstances, forms,
// wrong-case sources, their labels) and the departure rule come from the API
// (GET /api/v1/rules/vocabulary, POST /api/v1/rules/departures), which reads the rule pack. The
// web holds no item list, label or rule of its own: until the answer arrives, lists are empty.
import { useEffect, useState } from 'react';
import { get, post } from './api';
import { EP } from './endpoints';

export interface LegalVocabulary {
  packId: string;
  faults: Record<string, string>;
  circumstances: Record<string, string>;
  typedCircumstanceIds: string[];
  forms: Record<string, string>;
  formIds: string[];
  consequenceForms: string[];
  citationLabels: Record<string, string>;
  wc5Sources: { id: string; label: string }[];
  /** execution item kinds: labels, the forms that create them, whether a referral item */
  executionKinds: Record<string, { zh: string; en: string; forms: string[]; referral: boolean }>;
  /** kinds of formal sanction (处分) */
  sanctionKinds: Record<string, { zh: string; en: string }>;
}

export const EMPTY_VOCABULARY: LegalVocabulary = { packId: '', faults: {}, circumstances: {}, typedCircumstanceIds: [], forms: {}, formIds: [], consequenceForms: [], citationLabels: {}, wc5Sources: [], executionKinds: {}, sanctionKinds: {} };

let cache: LegalVocabulary | undefined;
let pending: Promise<LegalVocabulary> | undefined;

/** Loads the vocabulary once per page load (shared by every component). */
export function loadVocabulary(): Promise<LegalVocabulary> {
  if (cache) return Promise.resolve(cache);
  // quiet401: a page that merely shows labels never signs anyone out.
  pending ??= get<LegalVocabulary>(EP.rulesVocabulary, { quiet401: true })
    .then((v) => (cache = v))
    .finally(() => (pending = undefined));
  return pending;
}

/** The pack's vocabulary (empty until loaded). */
export function useLegal(): LegalVocabulary {
  const [v, setV] = useState<LegalVocabulary>(cache ?? EMPTY_VOCABULARY);
  useEffect(() => {
    if (cache) return;
    let live = true;
    loadVocabulary()
      .then((x) => live && setV(x))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return v;
}

/** For tests: set (or clear) the loaded vocabulary. */
export function setVocabularyForTests(v: LegalVocabulary | undefined): void {
  cache = v;
}

export interface DepartureItem {
  noAccountability?: boolean | undefined;
  forms?: string[] | undefined;
}

export interface DepartureRange {
  permitted: { citations: string[] }[];
  exemptionAvailable: boolean;
}

export interface DepartureAnswer {
  /** the server's departure codes: form citations outside the range, 'NO_ACCOUNTABILITY' */
  departures: string[];
  /** every citation the range permits (consequence forms included) */
  permitted: string[];
}

/**
 * The departure rule, asked of the server for the draft items (the decision step's own rule,
 * src/rules/decision-check.ts): one answer per item, refreshed when the items change.
 */
export function useDepartures(items: readonly DepartureItem[] | undefined, ranges: readonly (DepartureRange | null | undefined)[]): (DepartureAnswer | null)[] {
  const body = {
    items: ranges.map((range, i) => ({
      noAccountability: Boolean(items?.[i]?.noAccountability),
      forms: items?.[i]?.forms ?? [],
      range: range ? { permitted: range.permitted.map((p) => ({ citations: p.citations })), exemptionAvailable: range.exemptionAvailable } : null,
    })),
  };
  const key = JSON.stringify(body);
  const [answer, setAnswer] = useState<{ key: string; items: (DepartureAnswer | null)[] }>({ key: '', items: [] });
  useEffect(() => {
    let live = true;
    post<{ items: DepartureAnswer[] }>(EP.rulesDepartures, JSON.parse(key) as unknown)
      .then((r) => live && setAnswer({ key, items: r.items }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key]);
  return answer.items;
}
