// The legal vocabulary the web shows and offers (issue 10 point 14): read from the rule pack
// (src/domain/cases/citations.ts reads the pack) and served by GET /api/v1/rules/vocabulary, so
// the web holds no item list, label or period of its own.
import { ACCOUNTABILITY_FORMS, CITATION_LABELS, EXECUTION_VOCABULARY, FL10_HEAVIER, FL7_FAULTS, FL9_LIGHTER, FORM_IDS, TYPED_CIRCUMSTANCE_IDS, WC5_SOURCES, WC6_FAULTS, WC7_LIGHTER_OR_EXEMPT, WC8_HEAVIER } from '../../domain/cases/citations';
import { REGISTERED_PACKS } from '../../rules/registry';
import { consequenceForms } from './recommendation';

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
  /** execution item kinds (labels, the forms that create them, referral items) — the pack's */
  executionKinds: Record<string, { zh: string; en: string; forms: string[]; referral: boolean }>;
  /** kinds of formal sanction (处分) recorded when executing one */
  sanctionKinds: Record<string, { zh: string; en: string }>;
}

let cached: LegalVocabulary | undefined;

// issue 11, kept: the pickers' vocabulary is the latest registered pack's (one list for the web
// bundle); every item submitted is checked against the pack of the case's organisation on the
// date (legal-input-check.ts), so an item that pack lacks is refused there with its field named.
// Pickers per organisation's pack would serve this per organisation (not needed while the
// registered packs share one vocabulary).
export function legalVocabulary(): LegalVocabulary {
  return (cached ??= {
    packId: REGISTERED_PACKS[REGISTERED_PACKS.length - 1]!.id,
    faults: { ...FL7_FAULTS, ...WC6_FAULTS },
    circumstances: { ...FL9_LIGHTER, ...FL10_HEAVIER, ...WC7_LIGHTER_OR_EXEMPT, ...WC8_HEAVIER },
    typedCircumstanceIds: [...TYPED_CIRCUMSTANCE_IDS],
    forms: { ...ACCOUNTABILITY_FORMS },
    formIds: [...FORM_IDS],
    consequenceForms: [...consequenceForms()],
    citationLabels: { ...CITATION_LABELS },
    wc5Sources: Object.entries(WC5_SOURCES).map(([id, label]) => ({ id, label })),
    executionKinds: Object.fromEntries(Object.entries(EXECUTION_VOCABULARY.kinds).map(([k, v]) => [k, { zh: v.zh, en: v.en, forms: [...v.forms], referral: Boolean(v.referral) }])),
    sanctionKinds: { ...EXECUTION_VOCABULARY.sanctionKinds },
  });
}
