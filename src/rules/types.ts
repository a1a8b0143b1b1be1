// Core types of the rules engine. Nothing here knows any measure's article numbers: a rule
// pack (src/rules/packs/<id>/) supplies the provisions, rules, ladder, parameters and
// priorities; the engine (engine.ts) only runs phases, combines proposals and reports.
import type {
  ConflictSchema,
  CompensationSchema,
  Facts,
  FormRangeSchema,
  FormRefSchema,
  MandatorySchema,
  Participant,
  TraceLineSchema,
  WarningSchema,
} from './schema';
import type { z } from 'zod';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** Responsibility of one person (FL-8 style): ordered none < as_appropriate < accountable < primary. */
export type ResponsibilityLevel = 'none' | 'as_appropriate' | 'accountable' | 'primary';
export const RESPONSIBILITY_RANK: Readonly<Record<ResponsibilityLevel, number>> = {
  none: 0,
  as_appropriate: 1,
  accountable: 2,
  primary: 3,
};
export const RESPONSIBILITY_BY_RANK: readonly ResponsibilityLevel[] = ['none', 'as_appropriate', 'accountable', 'primary'];

/** Treatment: the direction circumstances push the recommended range. */
export type Treatment = 'lighter_or_exempt' | 'lighter' | 'normal' | 'heavier';
/** A circumstance's effect. `lighter_or_exempt` and `lighter` point down, `heavier` up. */
export type Direction = 'lighter_or_exempt' | 'lighter' | 'heavier';

/** Severity band of a subject's case, chosen by the pack's band rules (max wins). */
export type Band = 'ordinary' | 'serious' | 'criminal';
export const BAND_RANK: Readonly<Record<Band, number>> = { ordinary: 0, serious: 1, criminal: 2 };

export type TraceOutcome =
  | 'selected' // the pack chosen for the conduct date
  | 'fired' // the rule applied
  | 'derived' // a fact the engine derived (never typed in)
  | 'not_applied' // the rule was claimed or considered but its condition does not hold
  | 'overridden' // the rule applied but a rule of higher priority prevails
  | 'conflict' // two rules of equal priority contradict each other
  | 'info'; // a finding recorded for the reader (e.g. who is not named)


export type WarningCode =
  | 'higher_law_limit' // a higher law limits what the pack's rule would do (e.g. recovery of compensation)
  | 'human_judgement' // the engine does not decide; a person must
  | 'precondition_not_met' // a claimed fault or circumstance lacks the condition its text requires
  | 'inconsistent_findings' // two findings cannot both be true
  | 'derived_only' // a typed value the engine derives itself was ignored
  | 'register_mismatch' // typed findings contradict the certificate register
  | 'missing_data'; // a rule applies but the facts lack someone or something it needs

/** Rank of a warning: errors first, then what needs a person's attention, then notes. */
export type WarningSeverity = 'error' | 'attention' | 'note';
export const DEFAULT_SEVERITY: Readonly<Record<WarningCode, WarningSeverity>> = {
  inconsistent_findings: 'error',
  register_mismatch: 'error',
  higher_law_limit: 'attention',
  human_judgement: 'attention',
  precondition_not_met: 'attention',
  missing_data: 'attention',
  derived_only: 'note',
};
export const SEVERITY_RANK: Readonly<Record<WarningSeverity, number>> = { error: 0, attention: 1, note: 2 };



// ---------------------------------------------------------------------------------------------
// Pack definition
// ---------------------------------------------------------------------------------------------

/**
 * How a provision (article or item) is accounted for:
 * - `rule`: encoded as a rule or as pack data (ladder, parameter) the engine applies;
 * - `workflow_guard`: enforced by the case workflow, not by the recommendation (see `guard`);
 * - `not_encoded`: deliberately not encoded, with the reason;
 * - `absent_in_source`: a number the source skips (kept so the numbering gap is explicit).
 */
export type Disposition = 'rule' | 'workflow_guard' | 'not_encoded' | 'absent_in_source';

export interface Provision {
  /** The citation, e.g. `FL-8(2)`; an article without item is `FL-8`. */
  readonly id: string;
  readonly measure: string;
  readonly article: number;
  /** Item number, or null for the article itself (its chapeau when it has items). */
  readonly item: number | null;
  /** Original Chinese text, verbatim from the source (empty only for `absent_in_source`). */
  readonly textZh: string;
  /** A faithful English gloss (not an official translation). */
  readonly en: string;
  readonly disposition: Disposition;
  /** `workflow_guard`: the step of the case workflow that enforces it. */
  readonly guard?: { readonly step: string; readonly zh: string; readonly en: string };
  /** `not_encoded` / `absent_in_source`: why. */
  readonly reason?: Bilingual;
}

/** What trace() needs of a citable provision: its id and original text. */
export interface RuleRef {
  readonly id: string;
  readonly textZh: string;
}

/** A provision of a higher law the pack cites (e.g. State Compensation Law art. 16). */
export interface HigherLawProvision {
  readonly id: string;
  readonly law: Bilingual;
  readonly article: string;
  readonly textZh: string;
  readonly en: string;
  readonly citation: string;
  readonly effectiveFrom: string;
}

export interface Measure {
  readonly id: string;
  readonly title: Bilingual;
  /** Article numbers as they appear in the source (gaps allowed, see `absent`). */
  readonly articles: readonly { readonly n: number; readonly items: number; readonly absent?: boolean }[];
}

/** One rung of the ordered ladder of forms of accountability (1 = lightest). */
export interface FormDef {
  readonly id: string;
  readonly rung: number;
  readonly zh: string;
  readonly en: string;
  /** Provisions that name this form. */
  readonly citations: readonly string[];
}

/** A value that changes over time (OpenFisca style): each entry applies from its date. */
export interface DatedValue<T> {
  readonly from: string;
  readonly value: T;
  readonly citations: readonly string[];
  readonly note: Bilingual;
}
export interface DatedParameter<T> {
  readonly id: string;
  readonly title: Bilingual;
  /** Ascending by `from`. */
  readonly values: readonly DatedValue<T>[];
}

export type DayKind = 'working' | 'calendar';
export interface DeadlineParameters {
  /** Transfer of a matter that is not the body's own, counted from acceptance. */
  readonly transferDays: number;
  readonly transferDayKind: DayKind;
  readonly transferFrom: 'acceptance';
  /** Completion of handling, counted from the start of the investigation. */
  readonly handlingDays: number;
  readonly handlingDayKind: DayKind;
  readonly handlingFrom: 'investigation_start';
  /** Provisions (and higher law) each deadline rests on. */
  readonly transferCitations: readonly string[];
  readonly handlingCitations: readonly string[];
  /**
   * When the last day of a (calendar-day) period falls on a holiday: keep it, or roll it to the
   * next working day; with the basis of the reading. Absent: keep.
   */
  readonly lastDayOnHoliday?: {
    readonly transfer: 'keep' | 'roll_forward';
    readonly handling: 'keep' | 'roll_forward';
    readonly citations: readonly string[];
    readonly note: Bilingual;
  };
}

/** `[lo, hi]` rungs of the ladder; rung 0 means exemption (no form) is available. */
export type RungRange = readonly [number, number];
export interface RangeCell {
  readonly lo: number;
  readonly hi: number;
  /** The provision the cell implements (shown in the trace). */
  readonly citation: string;
}
export interface BandRanges {
  readonly cells: Readonly<Record<Treatment, RangeCell>>;
  /**
   * For a subject held responsible only "as appropriate" the lower bound becomes
   * min(lo, asAppropriateLo); null keeps the cell unchanged (e.g. where a transfer is mandatory).
   */
  readonly asAppropriateLo: number | null;
}
export type RangeTable = Readonly<Record<Band, BandRanges>>;

export interface RepeatViolationParameter {
  /** Decided prior cases (held accountable) needed for "repeated" (the present one not counted). */
  readonly minPriorCases: number;
  /** Only prior conduct within this many years before the present conduct date counts. */
  readonly lookbackYears: number;
}

export interface PackParameters {
  readonly deadlines: DatedParameter<DeadlineParameters>;
  readonly formRanges: DatedParameter<RangeTable>;
  readonly repeatViolation?: DatedParameter<RepeatViolationParameter>;
  readonly compensationWeights?: DatedParameter<Readonly<Record<Exclude<ResponsibilityLevel, 'none'>, number>>>;
  /** Pack-specific extra parameters, documented by the pack. */
  readonly [name: string]: DatedParameter<unknown> | undefined;
}

/**
 * Priority table. Higher `priority` prevails; two effects of opposite direction (or two
 * allocations, see the engine) at the same top priority are a conflict.
 */
export interface PriorityEntry {
  readonly priority: number;
  readonly ruleIds: readonly string[];
  readonly label: Bilingual;
  /** Why this tier sits where it does, for docs and for the 'overridden' trace lines. */
  readonly why: Bilingual;
}

/**
 * An exception between two rules (Catala style): where `rule` names a person, `over`'s finding
 * for that same person gives way (e.g. FL-8(2) over FL-8(1): the approver's oversight makes the
 * handler's liability "as appropriate"). Data in the pack, never an `if` inside a rule.
 */
export interface ExceptionEntry {
  readonly rule: string;
  readonly over: string;
  readonly why: Bilingual;
}

/** What a pack's facts may cite in each slot. */
export interface PackVocabulary {
  readonly faults: readonly string[];
  readonly circumstances: readonly string[];
  readonly wrongCaseSources: readonly string[];
  /** Circumstances the engine derives itself; typed values are ignored with a warning. */
  readonly derivedOnly: readonly string[];
  /**
   * Consequences a decision may name beside the range (not rungs of the ladder): choosing them
   * is never a departure (issue 10 point 14: the departure rule reads them from the pack).
   */
  readonly consequenceForms?: readonly string[];
  /**
   * The rung of the ladder each form a decision may name stands for when two decisions about one
   * person are compared (lighter / heavier): a citation the ladder lists at several rungs is read
   * at the one the pack says (its execution). Consequences (`consequenceForms`) are not rungs.
   * Absent: decisions cannot be compared, and nothing is refused as heavier.
   */
  readonly formRungs?: Readonly<Record<string, number>>;
  /**
   * Higher law that forbids a heavier decision because the person stated a defence (陈述申辩) or
   * appealed (申诉): ids of `higherLaw` entries, cited when such a change is refused.
   */
  readonly noHeavierOnDefence?: readonly string[];
  /** How a decision is executed (tracked items, sanction kinds, referral items); absent: no execution vocabulary. */
  readonly execution?: PackExecution;
}

/** One kind of tracked execution item: its label and the forms of the decision that create it. */
export interface ExecutionKind {
  readonly zh: string;
  readonly en: string;
  /** the forms (citations) a decision item imposes that create an item of this kind */
  readonly forms: readonly string[];
  /** per person (or unit) and year: 当年 is the year of the decision */
  readonly perYear?: boolean;
  /** in effect the moment it is recorded (a bar): created done */
  readonly inEffectOnRecord?: boolean;
  /** a report or transfer to another body (WC-9(3), FL-12): completed when its receipt/result is recorded */
  readonly referral?: boolean;
  /** the wording of the measure per form, where forms of this kind differ (e.g. 停止执行职务 / 暂扣执法证) */
  readonly formLabels?: Readonly<Record<string, string>>;
}

export interface PackExecution {
  readonly kinds: Readonly<Record<string, ExecutionKind>>;
  /** the bars that follow by law from being held accountable (FL-14 in this pack) */
  readonly awardBars: { readonly citation: string; readonly person: string; readonly unit: string };
  /** recovery of the state compensation paid (FL-13 in this pack) */
  readonly recovery: {
    readonly citation: string;
    readonly kind: string;
    /** the item returning what was paid above the amount a later decision (WC-11 in this pack) leaves owed */
    readonly refund?: { readonly kind: string; readonly citation: string };
  };
  /** the execution item a referral duty becomes, per receiving body */
  readonly referrals: Readonly<Record<string, { readonly kind: string; readonly citation: string; readonly zh: string; readonly en: string }>>;
  /** kinds of formal sanction (处分) recorded when executing one */
  readonly sanctionKinds: Readonly<Record<string, { readonly zh: string; readonly en: string }>>;
  /** short labels of whole-article forms */
  readonly formShortLabels: Readonly<Record<string, string>>;
}

export type RulePhase = 'case' | 'derive' | 'assess' | 'consequences' | 'post';
export const PHASES: readonly RulePhase[] = ['case', 'derive', 'assess', 'consequences', 'post'];

/**
 * A rule module: one article or group of items. `implements` lists the provisions it
 * encodes (coverage checks every `rule` provision is implemented by some module).
 * `run` is absent for modules that are pure data (ladder, validity).
 */
export interface RuleModule {
  readonly name: string;
  readonly implements: readonly string[];
  readonly phase: RulePhase;
  readonly run?: (ctx: EvalContext) => void;
}

export interface RulePack {
  readonly id: string;
  readonly title: Bilingual;
  /** Validity: the pack applies to conduct on or after `from` (and on or before `to`, if set). */
  readonly validity: {
    readonly from: string;
    readonly to: string | null;
    readonly citations: readonly string[];
    readonly note: Bilingual;
  };
  readonly measures: readonly Measure[];
  readonly provisions: readonly Provision[];
  readonly higherLaw: readonly HigherLawProvision[];
  readonly ladder: readonly FormDef[];
  readonly parameters: PackParameters;
  readonly priorities: readonly PriorityEntry[];
  /** Exceptions between allocation rules (see ExceptionEntry); applied before the priority tiers. */
  readonly exceptions?: readonly ExceptionEntry[];
  readonly vocabulary: PackVocabulary;
  readonly modules: readonly RuleModule[];
  /** Provision cited for the responsibility "none" of a person no allocation rule names. */
  readonly unnamedCitation: string;
  /** Provision cited when the range of a subject held only "as appropriate" is widened downward. */
  readonly asAppropriateCitation: string;
  /** Labels of the measures used in reports, e.g. { FL: '《行政执法过错责任追究办法》' }. */
  readonly labels?: Readonly<Record<string, Bilingual>>;
}

// ---------------------------------------------------------------------------------------------
// Evaluation context (what rule modules read and write)
// ---------------------------------------------------------------------------------------------

export interface Allocation {
  readonly level: ResponsibilityLevel;
  readonly ruleId: string;
  readonly priority: number;
}
export interface Effect {
  readonly direction: Direction;
  readonly ruleId: string;
  readonly priority: number;
}

export type MandatoryKind =
  | 'judicial_transfer'
  | 'compensation_recovery'
  | 'award_bar_person'
  | 'award_bar_unit'
  | 'report_to_authorities'
  | 'disciplinary_sanction';





export interface LadderSlice {
  readonly min: FormRef | null;
  readonly max: FormRef | null;
  readonly permitted: FormRef[];
}

/** Bit of each participant role in SubjectState.roleBits (read once per evaluation). */
export const ROLE_BIT: Readonly<Record<Participant['roles'][number]['role'], number>> = {
  handler: 1,
  approver: 2,
  collective_member: 4,
  instructing_leader: 8,
  assigner: 16,
  direct_responsible: 32,
};

/**
 * ROLE_BIT[role] without a keyed lookup: read with a role that varies from call to call,
 * ROLE_BIT[role] is a megamorphic keyed load on the engine's hot path (issue 10). Same values.
 */
export function roleBit(role: keyof typeof ROLE_BIT): number {
  switch (role) {
    case 'handler':
      return ROLE_BIT.handler;
    case 'approver':
      return ROLE_BIT.approver;
    case 'collective_member':
      return ROLE_BIT.collective_member;
    case 'instructing_leader':
      return ROLE_BIT.instructing_leader;
    case 'assigner':
      return ROLE_BIT.assigner;
    default:
      return ROLE_BIT.direct_responsible;
  }
}

/** Mutable per-subject state during one evaluation. */
export interface SubjectState {
  readonly index: number;
  readonly p: Participant;
  /** p.unitId ?? null, read once. */
  readonly unitId: string | null;
  /** p.roles, read once. */
  readonly roles: Participant['roles'];
  readonly id: string;
  /** The participant's roles as bits (ROLE_BIT), read once: modules test roles without walking p.roles. */
  readonly roleBits: number;
  /** The participant's approval level (0 when not an approver). */
  readonly approverLevel: number;
  /** A subject with a finding of their own (p.subject !== false). */
  readonly isSubject: boolean;
  /** p.culpability as given (undefined when absent). */
  readonly culpability: Participant['culpability'];
  /** Not suspected of a crime (p.crimeSuspected !== true). */
  readonly shortOfCrime: boolean;
  /** p.enforcementStaff === false. */
  readonly notStaff: boolean;
  /** Effective fault citations (typed, minus dropped, plus derived). */
  faults: string[];
  /** Effective circumstance citations (typed, minus derived-only, plus derived). */
  circumstances: string[];
  /** Citations the engine derived for this subject (faults and circumstances). */
  derived: string[];
  /** Enforcement qualification on the conduct date: true/false from the register, null when no register. */
  qualified: boolean | null;
  allocations: Allocation[];
  effects: Effect[];
  band: Band;
  bandBasis: string[];
  // Resolved by the engine after the 'assess' phase:
  responsibility: ResponsibilityLevel;
  responsibilityBasis: string[];
  treatment: Treatment | null;
  treatmentBasis: string[];
  overridden: string[];
  range: FormRange | null;
  conflict: RuleConflict | null;
  // Written in the 'consequences' / 'post' phases:
  mandatory: MandatoryConsequence[];
  compensation: CompensationShare | null;
}

export interface WrongCaseState {
  isWrongCase: boolean;
  source: string | null;
  /** Whether the wrong-case measure's rules apply (its scope conditions hold). */
  trackApplies: boolean;
}

export interface EvalContext {
  readonly facts: Facts;
  readonly pack: CompiledPack;
  readonly conductDate: string;
  readonly subjects: readonly SubjectState[];
  readonly wrongCase: WrongCaseState;
  readonly caseConsequences: MandatoryConsequence[];
  /** Scratch space for a pack's modules (reset each evaluation). */
  readonly scratch: Record<string, unknown>;
  /** Parameter value in force on the conduct date. */
  param<T>(name: string): T;
  /**
   * Record a trace line. Pass the provision object itself (modules hold them) to skip the text
   * lookup, or its id (any provision or higher-law id of the pack).
   */
  trace(rule: string | RuleRef, outcome: TraceOutcome, subjectId: string | null, why: Bilingual): void;
  /** A warning, ranked by `severity` (default by code, DEFAULT_SEVERITY); an identical one is recorded once. */
  warn(code: WarningCode, subjectId: string | null, ruleIds: readonly string[], why: Bilingual, severity?: WarningSeverity): void;
  allocate(s: SubjectState, level: ResponsibilityLevel, ruleId: string): void;
  effect(s: SubjectState, direction: Direction, ruleId: string): void;
  band(s: SubjectState, band: Band, ruleId: string): void;
  conflict(s: SubjectState | null, ruleIds: readonly string[], why: Bilingual): void;
  mandatory(s: SubjectState | null, m: MandatoryConsequence): void;
  /** Issue 10 point 12: a policy parameter changed this result; recorded with the text-only result. */
  policy(note: PolicyNote): void;
}

/**
 * A result moved by a policy parameter of the pack (a reading the text does not fix: look-back,
 * count threshold, default shares…): the label, the result under the policy and the result by
 * the text alone, shown together wherever the result is shown.
 */
export interface PolicyNote {
  /** the parameter (and field) that decided, e.g. 'repeatViolation.lookbackYears' */
  parameter: string;
  subjectId: string | null;
  ruleIds: string[];
  /** the result under the policy parameter */
  policy: Bilingual;
  /** the result by the text alone */
  textOnly: Bilingual;
}

/** A pack prepared for fast evaluation (indexes built once, at load). */
export interface CompiledPack {
  readonly def: RulePack;
  readonly id: string;
  readonly provisionById: ReadonlyMap<string, Provision>;
  readonly higherLawById: ReadonlyMap<string, HigherLawProvision>;
  /** Text shown in trace lines for any citable id (provision or higher law). */
  textOf(id: string): string;
  priorityOf(ruleId: string): number;
  priorityEntryOf(ruleId: string): PriorityEntry | undefined;
  readonly faultSet: ReadonlySet<string>;
  readonly circumstanceSet: ReadonlySet<string>;
  readonly wrongCaseSourceSet: ReadonlySet<string>;
  readonly derivedOnlySet: ReadonlySet<string>;
  /** Modules grouped by phase, in declaration order. */
  readonly byPhase: Readonly<Record<RulePhase, readonly ((ctx: EvalContext) => void)[]>>;
  /** Precomputed ladder slice for rungs lo..hi (built once at load, shared by results). */
  slice(lo: number, hi: number): LadderSlice;
  readonly maxRung: number;
  readonly formById: ReadonlyMap<string, FormRef>;
}

export type TraceLine = z.infer<typeof TraceLineSchema>;
export type RuleWarning = z.infer<typeof WarningSchema>;
export type RuleConflict = z.infer<typeof ConflictSchema>;
export type MandatoryConsequence = z.infer<typeof MandatorySchema>;
export type CompensationShare = z.infer<typeof CompensationSchema>;
export type FormRef = z.infer<typeof FormRefSchema>;
export type FormRange = z.infer<typeof FormRangeSchema>;

export type { Facts, Participant };
