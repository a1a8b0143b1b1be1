// Wenze rules engine — public API. A PURE module: no database, no clock, no I/O (except the
// node-only coverage scanner in coverage-scan.ts and the CLI helpers in cli.ts).
//
//   evaluate(facts, { packs? })           → Recommendation        facts in, recommendation + trace out
//   evaluateOrThrow(facts, { packs? })    → EvaluatedRecommendation, or throws RuleConflictError /
//                                           NoRulesInForceError (AppError codes RULE_CONFLICT / NO_RULES_IN_FORCE)
//   parseFacts(input: unknown)            → Facts                 zod check; throws AppError VALIDATION_FAILED
//   listPacks({ packs? })                 → PackSummary[]
//   packInForce(date, { packs? })         → RulePack | null       the pack for a conduct date
//   getRuleText(ruleId, { packId?, packs? }) → RuleText | null    original Chinese text + English gloss
//   coverage(pack?, tests?)               → CoverageReport        every article/item → rule / guard / not encoded
//   getDeadlineParameters(pack?, onDate?) → DeadlineInfo          e.g. { transferDays: 2, transferDayKind:
//                                           'working', handlingDays: 60, handlingDayKind: 'calendar', … }
//   FactsSchema, RecommendationSchema     zod 4 schemas; factsJsonSchema(), recommendationJsonSchema()
//                                           give the JSON Schema published in docs/rules/*.schema.json
//   renderReport(rec, lang)               the readable report (Chinese by default)
//
// Results: `status: 'ok'` (a recommendation per subject), `'conflict'` (two rules of equal
// priority contradict each other for some subject: listed in `conflicts`, that subject has no
// treatment or range), `'no_rules_in_force'` (the conduct predates every pack: no silent default).
// Every trace line, warning, mandatory consequence and range cites ids that exist in the pack
// (its provisions or the higher law it carries); getRuleText() resolves any of them.
//
// Performance: evaluate() does no schema parsing (call parseFacts() once on untrusted input);
// packs are compiled once and cached. See bench/rules.ts.
import { AppError } from '../errors';
import { compilePack } from './compile';
import { coverage as coverageOf, type CoverageReport, type TestIndex } from './coverage';
import { evaluateWith, packSet, selectPack, type EvaluateOptions } from './engine';
import { NoRulesInForceError, RuleConflictError } from './errors';
import { latestValue, valueAt } from './params';
import { REGISTERED_PACKS } from './registry';
import { FactsSchema, type EvaluatedRecommendation, type Facts, type Recommendation } from './schema';
import type { Bilingual, DeadlineParameters, Disposition, RulePack } from './types';

export { RuleConflictError, NoRulesInForceError } from './errors';
export {
  FactsSchema,
  RecommendationSchema,
  factsJsonSchema,
  recommendationJsonSchema,
  ERROR_ORIGINS,
  OPINIONS,
  CULPABILITIES,
} from './schema';
export type {
  Facts,
  Participant,
  ParticipantRole,
  Certificate,
  PriorCase,
  Recommendation,
  EvaluatedRecommendation,
  NoRulesInForceResult,
  SubjectRecommendation,
} from './schema';
export type { RulePack, Provision, DeadlineParameters, TraceLine, RuleWarning, RuleConflict, FormRef } from './types';
export type { CoverageReport, CoverageEntry, TestIndex, TestRef } from './coverage';
export type { EvaluateOptions } from './engine';
export { renderReport, explain } from './explain';
export { indexTests, citationsOfTestName, expectedCitations } from './coverage';
export { REGISTERED_PACKS } from './registry';

const packsOf = (opts?: { packs?: readonly RulePack[] }): readonly RulePack[] => opts?.packs ?? REGISTERED_PACKS;

/** Evaluate case facts under the pack in force on `facts.conductDate`. Pure and deterministic. */
export function evaluate(facts: Facts, opts?: EvaluateOptions): Recommendation {
  return evaluateWith(packSet(packsOf(opts)), facts);
}

/** Like evaluate(), but a conflict or "no rules in force" throws a typed AppError. */
export function evaluateOrThrow(facts: Facts, opts?: EvaluateOptions): EvaluatedRecommendation {
  const rec = evaluate(facts, opts);
  if (rec.status === 'no_rules_in_force') throw new NoRulesInForceError(rec.conductDate, rec.explanation);
  if (rec.status === 'conflict') throw new RuleConflictError(rec.conflicts);
  return rec;
}

/** Check untrusted input against FactsSchema. Throws AppError VALIDATION_FAILED listing the issues. */
export function parseFacts(input: unknown): Facts {
  const r = FactsSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new AppError(
    'VALIDATION_FAILED',
    {
      zh: issues.map((i) => `${i.path || '(根)'}：${i.message}`).join('；'),
      en: issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '),
    },
    { issues },
  );
}

export interface PackSummary {
  id: string;
  title: Bilingual;
  validFrom: string;
  validTo: string | null;
  validityCitations: readonly string[];
  provisions: number;
}

export function listPacks(opts?: { packs?: readonly RulePack[] }): PackSummary[] {
  return packsOf(opts).map((p) => ({
    id: p.id,
    title: p.title,
    validFrom: p.validity.from,
    validTo: p.validity.to,
    validityCitations: p.validity.citations,
    provisions: p.provisions.length,
  }));
}

/** The pack in force on a conduct date (YYYY-MM-DD), or null when none is. */
export function packInForce(date: string, opts?: { packs?: readonly RulePack[] }): RulePack | null {
  return selectPack(packSet(packsOf(opts)), date)?.def ?? null;
}

function findPack(pack: RulePack | string | undefined, packs: readonly RulePack[]): RulePack {
  if (pack && typeof pack !== 'string') return pack;
  const id = pack ?? packs[packs.length - 1]?.id;
  const p = packs.find((x) => x.id === id);
  if (!p) throw new AppError('NOT_FOUND', { zh: `规则包 ${String(id)}`, en: `rule pack ${String(id)}` });
  return p;
}

export interface RuleText {
  id: string;
  packId: string;
  kind: 'provision' | 'higher_law';
  /** Title of the measure or law. */
  source: Bilingual;
  textZh: string;
  en: string;
  disposition: Disposition | null;
  guard: { step: string; zh: string; en: string } | null;
  reason: Bilingual | null;
  citation: string | null;
}

/**
 * The original text of a citation (`FL-8(2)`, `WC-13`, `SCL-16`, …) with its English gloss and
 * how the pack accounts for it. Looks in `packId` if given, else in every registered pack.
 */
export function getRuleText(ruleId: string, opts?: { packId?: string; packs?: readonly RulePack[] }): RuleText | null {
  const packs = packsOf(opts).filter((p) => !opts?.packId || p.id === opts.packId);
  for (let i = packs.length - 1; i >= 0; i--) {
    const pack = packs[i]!;
    const c = compilePack(pack);
    const p = c.provisionById.get(ruleId);
    if (p) {
      const m = pack.measures.find((x) => x.id === p.measure);
      return {
        id: p.id,
        packId: pack.id,
        kind: 'provision',
        source: m?.title ?? { zh: p.measure, en: p.measure },
        textZh: p.textZh,
        en: p.en,
        disposition: p.disposition,
        guard: p.guard ?? null,
        reason: p.reason ?? null,
        citation: null,
      };
    }
    const h = c.higherLawById.get(ruleId);
    if (h) {
      return {
        id: h.id,
        packId: pack.id,
        kind: 'higher_law',
        source: h.law,
        textZh: h.textZh,
        en: h.en,
        disposition: null,
        guard: null,
        reason: null,
        citation: h.citation,
      };
    }
  }
  return null;
}

/**
 * Coverage of a pack (default: the latest registered). Pass a test index (coverage-scan.ts
 * `scanTests()`, node only) to list the tests citing each provision.
 */
export function coverage(pack?: RulePack | string, tests?: TestIndex): CoverageReport {
  return coverageOf(findPack(pack, REGISTERED_PACKS), tests);
}

export interface DeadlineInfo extends DeadlineParameters {
  packId: string;
  /** The date the parameter value applies from. */
  from: string;
  note: Bilingual;
}

/**
 * Deadline parameters of a pack (default: the latest registered), in force on `onDate`
 * (default: the most recent value). For the case workflow: which day-counting rule and how
 * many days for the transfer (from acceptance) and for handling (from investigation start).
 */
export function getDeadlineParameters(pack?: RulePack | string, onDate?: string): DeadlineInfo {
  const p = findPack(pack, REGISTERED_PACKS);
  const param = p.parameters.deadlines;
  const v = onDate ? valueAt(param, onDate) : latestValue(param);
  if (!v) {
    throw new AppError('NO_RULES_IN_FORCE', {
      zh: `规则包 ${p.id} 在 ${onDate ?? ''} 没有期限参数`,
      en: `rule pack ${p.id} has no deadline parameters on ${onDate ?? ''}`,
    });
  }
  return { ...v.value, packId: p.id, from: v.from, note: v.note };
}
