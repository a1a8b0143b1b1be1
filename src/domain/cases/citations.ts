// The article items a user picks when recording findings and decisions. Ids follow the
// project's citation form (`FL-7(3)` = FL article 7, item (三)); short zh labels paraphrase the
// source (/work/shared/seed) and the rules engine shows the full original text.

import { REGISTERED_PACKS } from '../../rules/registry';
import type { PackExecution } from '../../rules/types';

// One home for the item vocabulary (issue 10 point 14): the ids and their wording come from the
// rule pack (its vocabulary and provisions' original text); nothing here lists items itself.
// The latest registered pack: adding a pack needs no change here.
const PACK = REGISTERED_PACKS[REGISTERED_PACKS.length - 1]!;
const byId = new Map(PACK.provisions.map((p) => [p.id, p] as const));
/** The provision's original text, without the closing punctuation of a list item. */
const label = (id: string): string => (byId.get(id)?.textZh ?? id).replace(/[；;。，,]?的?[；;。]?$/u, '').replace(/的$/u, '');
const labelled = (ids: readonly string[]): Record<string, string> => Object.fromEntries(ids.map((id) => [id, label(id)]));
const itemsOf = (article: string): string[] => PACK.provisions.filter((p) => p.item !== null && `${p.measure}-${p.article}` === article).map((p) => p.id);
const vocab = PACK.vocabulary;
const isArticle = (article: string) => (id: string): boolean => id.startsWith(`${article}(`) || id === article;

/** FL-7: faults for which enforcement staff are held responsible. */
export const FL7_FAULTS = labelled(vocab.faults.filter(isArticle('FL-7')));

/** WC-6: conduct for which staff are held responsible for a wrong case. */
export const WC6_FAULTS = labelled(vocab.faults.filter(isArticle('WC-6')));

/** FL-9 lighter; FL-10 heavier (the pack's derived-only items, e.g. repeated violations, are never typed). */
export const FL9_LIGHTER = labelled(vocab.circumstances.filter(isArticle('FL-9')));
export const FL10_HEAVIER = labelled(itemsOf('FL-10'));
/** The circumstances the system derives itself; a user may not type them in. */
export const DERIVED_CIRCUMSTANCES: readonly string[] = vocab.derivedOnly;

export const WC7_LIGHTER_OR_EXEMPT = labelled(vocab.circumstances.filter(isArticle('WC-7')));
/** WC-8 has no numbered items: persisting in the error, letting harm happen, obstructing the investigation. */
export const WC8_HEAVIER: Record<string, string> = labelled(vocab.circumstances.filter(isArticle('WC-8')));

/** WC-5: the sources from which a case is defined as a wrong case. */
export const WC5_SOURCES = labelled(vocab.wrongCaseSources);

/**
 * Forms of accountability a decision may impose, as citations. The rules engine orders them on
 * one ladder (lighter → heavier); here they are only the vocabulary of the decision form.
 */
export const ACCOUNTABILITY_FORMS: Record<string, string> = {
  ...labelled(itemsOf('FL-6')),
  // Short labels for the whole-article forms (the pack's; their full text is shown by the engine).
  ...(vocab.execution?.formShortLabels ?? {}),
  ...labelled(itemsOf('WC-10')),
};

/**
 * How a decision is executed: the tracked item kinds (labels, the forms creating them), the
 * consequences that follow by law, referral items and sanction kinds — the pack's data.
 */
export const EXECUTION_VOCABULARY: PackExecution = vocab.execution ?? {
  kinds: {},
  awardBars: { citation: '', person: '', unit: '' },
  recovery: { citation: '', kind: '' },
  referrals: {},
  sanctionKinds: {},
  formShortLabels: {},
};

export const FAULT_IDS = [...Object.keys(FL7_FAULTS), ...Object.keys(WC6_FAULTS)];
export const TYPED_CIRCUMSTANCE_IDS = [
  ...Object.keys(FL9_LIGHTER),
  ...Object.keys(FL10_HEAVIER).filter((k) => !DERIVED_CIRCUMSTANCES.includes(k)),
  ...Object.keys(WC7_LIGHTER_OR_EXEMPT),
  ...Object.keys(WC8_HEAVIER),
];
export const FORM_IDS = Object.keys(ACCOUNTABILITY_FORMS);

export const CITATION_LABELS: Record<string, string> = {
  ...FL7_FAULTS,
  ...WC6_FAULTS,
  ...FL9_LIGHTER,
  ...FL10_HEAVIER,
  ...WC7_LIGHTER_OR_EXEMPT,
  ...WC8_HEAVIER,
  ...WC5_SOURCES,
  ...ACCOUNTABILITY_FORMS,
};
