// The engine core: pick the pack in force on the conduct date, run the pack's rule modules
// phase by phase, resolve each subject's responsibility, treatment and range of forms by the
// pack's priority table, and assemble the recommendation with its trace.
//
// Pure: no database, clock or I/O. Deterministic: the same facts give the same result,
// subjects in input order. The core names no article: everything legal comes from the pack.
import { AppError } from '../errors';
import { compilePack } from './compile';
import { explain } from './explain';
import { plus } from './lists';
import { valueAt } from './params';
import type { Facts, Recommendation } from './schema';
import type {
  Allocation,
  Band,
  Bilingual,
  CompensationShare,
  CompiledPack,
  Direction,
  Effect,
  FormRange,
  Participant,
  EvalContext,
  MandatoryConsequence,
  PolicyNote,
  ResponsibilityLevel,
  RuleConflict,
  RulePack,
  RulePhase,
  RuleWarning,
  SubjectState,
  TraceLine,
  TraceOutcome,
  Treatment,
  WarningCode,
  WarningSeverity,
  WrongCaseState,
  RangeCell,
  RangeTable,
  RuleRef,
} from './types';
import { BAND_RANK, DEFAULT_SEVERITY, RESPONSIBILITY_BY_RANK, RESPONSIBILITY_RANK, ROLE_BIT, SEVERITY_RANK, roleBit } from './types';

// ---------------------------------------------------------------------------------------------
// Registry of packs and selection by date
// ---------------------------------------------------------------------------------------------

export interface PackSet {
  readonly packs: readonly CompiledPack[];
}

const packSets = new WeakMap<readonly RulePack[], PackSet>();

/** Compile a list of packs (once per list object) and check their validity periods. */
let lastList: readonly RulePack[] | null = null;
let lastSet: PackSet | null = null;

export function packSet(list: readonly RulePack[]): PackSet {
  // The same list (the registered packs) on every call: skip the WeakMap.
  if (list === lastList) return lastSet!;
  const hit = packSets.get(list);
  if (hit) {
    lastList = list;
    lastSet = hit;
  }
  if (hit) return hit;
  const packs = list.map(compilePack);
  const ids = new Set<string>();
  const starts = new Set<string>();
  for (const p of packs) {
    if (ids.has(p.id)) throw new Error(`rule pack ${p.id} registered twice`);
    if (starts.has(p.def.validity.from)) throw new Error(`two rule packs start on ${p.def.validity.from}`);
    ids.add(p.id);
    starts.add(p.def.validity.from);
  }
  const set = { packs };
  packSets.set(list, set);
  lastList = list;
  lastSet = set;
  return set;
}

/**
 * The pack in force on `date`: among packs whose validity covers the date, the one that took
 * effect last (a later pack supersedes an open-ended earlier one). Null when none is in force.
 */
let lastSelection: { set: PackSet; date: string; pack: CompiledPack | null } | null = null;

export function selectPack(set: PackSet, date: string): CompiledPack | null {
  // Cases come one conduct date at a time: the last answer is kept.
  const last = lastSelection;
  if (last !== null && last.set === set && last.date === date) return last.pack;
  let best: CompiledPack | null = null;
  for (const p of set.packs) {
    const v = p.def.validity;
    if (v.from <= date && (v.to === null || date <= v.to) && (!best || v.from > best.def.validity.from)) best = p;
  }
  lastSelection = { set, date, pack: best };
  return best;
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/**
 * What the engine builds once per pack and reuses for every case: the 'selected' line, the
 * validity citations, and the texts of the lines it writes itself (cached by rule, winner and
 * tier). Held by the last pack used (one comparison per case), otherwise found in a WeakMap.
 */
interface PackRuntime {
  readonly pack: CompiledPack;
  /** The 'selected' trace line's text (the conduct date is in the result). */
  readonly selected: Bilingual;
  readonly validityRefs: readonly RuleRef[];
  readonly allocationTexts: Map<string, Map<string, Map<number, Bilingual>>>;
  readonly effectTexts: Map<string, Map<string, Map<number, Bilingual>>>;
  readonly rangeLines: Map<string, Map<number, RuleRef & Bilingual>>;
  /** The last range line of each cell of the range table, [not widened, widened]: one lookup per subject. */
  readonly cellLines: Map<RangeCell, (CellLine | undefined)[]>;
  /** The result's `pack` (the same for every result of the pack: frozen). */
  readonly summary: Evaluated['pack'];
  /** The parameter values in force on paramDate, by name (filled as modules read them). */
  paramDate: string;
  /** The longest trace of the pack so far: the size a new evaluation's trace array starts at. */
  traceHint: number;
  readonly params: Map<string, unknown>;
}

interface CellLine {
  readonly lo: number;
  readonly treatment: Treatment;
  readonly line: RuleRef & Bilingual;
}

const runtimes = new WeakMap<CompiledPack, PackRuntime>();
let lastRuntime: PackRuntime | null = null;

function runtimeOf(pack: CompiledPack): PackRuntime {
  if (lastRuntime !== null && lastRuntime.pack === pack) return lastRuntime;
  let rt = runtimes.get(pack);
  if (!rt) {
    const v = pack.def.validity;
    const to = v.to ?? '';
    rt = {
      pack,
      selected: {
        zh: `行为发生日在规则包 ${pack.id} 的有效期内（${v.from} 起${to ? `至 ${to}` : ''}），适用该规则包。${v.note.zh}`,
        en: `The conduct date falls within rule pack ${pack.id}'s validity (from ${v.from}${to ? ` to ${to}` : ''}); that pack applies. ${v.note.en}`,
      },
      validityRefs: v.citations.map((id) => ({ id, textZh: pack.textOf(id) })),
      allocationTexts: new Map(),
      effectTexts: new Map(),
      rangeLines: new Map(),
      cellLines: new Map(),
      summary: Object.freeze({ id: pack.id, title: pack.def.title, validFrom: v.from, validTo: v.to }),
      paramDate: '',
      traceHint: 0,
      params: new Map(),
    };
    runtimes.set(pack, rt);
  }
  lastRuntime = rt;
  return rt;
}

// A person's allocation and effect lists are internal (not in the result) and mostly empty:
// every subject starts on these shared empty lists and gets its own on the first write.
const NO_ALLOCATIONS = Object.freeze([]) as unknown as Allocation[];
const NO_EFFECTS = Object.freeze([]) as unknown as SubjectState['effects'];
/**
 * The same for the lists the engine writes (bases, overridden, mandatory): a list gets its own
 * array on its first element, sized to it (an empty array's first push allocates 17 slots), and
 * assemble() gives a result a fresh empty array for a list still empty.
 */
const NONE = Object.freeze([]) as unknown as string[];
const NO_MANDATORY = Object.freeze([]) as unknown as MandatoryConsequence[];
const NO_POLICIES = Object.freeze([]) as unknown as PolicyNote[];

/** Add `v` to a list of the engine's (NONE until its first element); returns the list. */
function withUnique(list: string[], v: string): string[] {
  // A loop, not includes(): the lists hold zero to three ids and the builtin call costs more.
  for (let i = 0; i < list.length; i++) if (list[i] === v) return list;
  return plus(list, v);
}

/**
 * A subject's state during an evaluation, which is also the subject's object in the result
 * (issue 10: no per-subject copy at the end). Its own properties are exactly the result's
 * fields, in the result's order (what JSON.stringify, spreads and toEqual see); the evaluation's
 * own state is in private fields behind accessors on the prototype, so it is not part of the
 * result. assemble() gives each list still empty an array of its own.
 */
class Subject implements SubjectState {
  declare subjectId: string;
  declare name: string;
  declare unitId: string | null;
  declare responsibility: ResponsibilityLevel;
  declare responsibilityBasis: string[];
  declare treatment: Treatment | null;
  declare treatmentBasis: string[];
  declare overridden: string[];
  declare band: Band;
  declare bandBasis: string[];
  declare forms: FormRange | null;
  declare faults: string[];
  declare circumstances: string[];
  declare derived: string[];
  declare mandatory: MandatoryConsequence[];
  declare compensation: CompensationShare | null;
  declare conflict: RuleConflict | null;
  readonly #index: number;
  readonly #p: Participant;
  readonly #roles: Participant['roles'];
  readonly #roleBits: number;
  readonly #approverLevel: number;
  readonly #isSubject: boolean;
  readonly #culpability: Participant['culpability'];
  readonly #shortOfCrime: boolean;
  readonly #notStaff: boolean;
  #qualified: boolean | null = null;
  #allocations: Allocation[] = NO_ALLOCATIONS;
  #effects: Effect[] = NO_EFFECTS;

  constructor(index: number, p: Participant, roles: Participant['roles'], roleBits: number, approverLevel: number) {
    this.#index = index;
    this.#p = p;
    this.#roles = roles;
    this.#roleBits = roleBits;
    this.#approverLevel = approverLevel;
    // Read once (participants come in many shapes: reading them in every module is a slow,
    // polymorphic property access each time; each property is read once here).
    const faults = p.faults;
    const circumstances = p.circumstances;
    this.#isSubject = p.subject !== false;
    this.#culpability = p.culpability;
    this.#shortOfCrime = p.crimeSuspected !== true;
    this.#notStaff = p.enforcementStaff === false;
    this.subjectId = p.id;
    this.name = p.name;
    this.unitId = p.unitId ?? null;
    this.responsibility = 'none';
    this.responsibilityBasis = NONE;
    this.treatment = null;
    this.treatmentBasis = NONE;
    this.overridden = NONE;
    this.band = 'ordinary';
    this.bandBasis = NONE;
    this.forms = null;
    this.faults = faults ? faults.slice() : [];
    this.circumstances = circumstances ? circumstances.slice() : [];
    this.derived = NONE;
    this.mandatory = NO_MANDATORY;
    this.compensation = null;
    this.conflict = null;
  }

  get index(): number {
    return this.#index;
  }
  get p(): Participant {
    return this.#p;
  }
  get roles(): Participant['roles'] {
    return this.#roles;
  }
  get id(): string {
    return this.subjectId;
  }
  get roleBits(): number {
    return this.#roleBits;
  }
  get approverLevel(): number {
    return this.#approverLevel;
  }
  get isSubject(): boolean {
    return this.#isSubject;
  }
  get culpability(): Participant['culpability'] {
    return this.#culpability;
  }
  get shortOfCrime(): boolean {
    return this.#shortOfCrime;
  }
  get notStaff(): boolean {
    return this.#notStaff;
  }
  get qualified(): boolean | null {
    return this.#qualified;
  }
  set qualified(v: boolean | null) {
    this.#qualified = v;
  }
  get allocations(): Allocation[] {
    return this.#allocations;
  }
  set allocations(v: Allocation[]) {
    this.#allocations = v;
  }
  get effects(): Effect[] {
    return this.#effects;
  }
  set effects(v: Effect[]) {
    this.#effects = v;
  }
  get range(): FormRange | null {
    return this.forms;
  }
  set range(v: FormRange | null) {
    this.forms = v;
  }
}

class Evaluation implements EvalContext {
  /**
   * The trace so far: lines[0..nLines), which becomes the result's trace. A new array each
   * evaluation, sized by the longest trace of the pack so far (so the ~60 lines of a case do not
   * regrow it) and cut to its length at the end: issue 10, a buffer kept from one evaluation to
   * the next is old-generation memory, and every new line stored in it went through the slow
   * path of the write barrier (and was copied out again).
   */
  readonly lines: TraceLine[];
  nLines = 0;
  /** The warnings so far: warnings[0..nWarnings), a new array each evaluation (ranked() orders them into the result's). */
  readonly warnings: RuleWarning[];
  nWarnings = 0;
  readonly conflicts: RuleConflict[] = [];
  // Lists of the result, grown at their exact size (plus()).
  caseConsequences: MandatoryConsequence[] = NO_MANDATORY;
  policies: PolicyNote[] = NO_POLICIES;
  readonly scratch: Record<string, unknown> = {};
  readonly subjects: Subject[];
  readonly wrongCase: WrongCaseState;
  readonly conductDate: string;

  constructor(
    readonly pack: CompiledPack,
    readonly facts: Facts,
    readonly rt: PackRuntime,
  ) {
    this.conductDate = facts.conductDate;
    this.lines = new Array<TraceLine>(rt.traceHint);
    this.warnings = [];
    this.wrongCase = {
      isWrongCase: facts.wrongCase.isWrongCase,
      source: facts.wrongCase.source ?? null,
      trackApplies: false,
    };
    const ps = facts.participants;
    const subjects: Subject[] = [];
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      // Read the participant's roles and flags once (participants come in many shapes: reading
      // them in every module is a slow, polymorphic property access each time).
      const rs = p.roles;
      let roleBits = 0;
      let approverLevel = 0;
      for (let j = 0; j < rs.length; j++) {
        const r = rs[j]!;
        if (r.role === 'approver' && (roleBits & ROLE_BIT.approver) === 0) approverLevel = r.level;
        roleBits |= roleBit(r.role);
      }
      subjects.push(new Subject(i, p, rs, roleBits, approverLevel));
    }
    this.subjects = subjects;
  }

  param<T>(name: string): T {
    // The values in force on the conduct date, kept by the pack's runtime for the last date
    // (cases come one conduct date at a time).
    const rt = this.rt;
    if (rt.paramDate !== this.conductDate) {
      rt.paramDate = this.conductDate;
      rt.params.clear();
    }
    const hit = rt.params.get(name);
    if (hit !== undefined) return hit as T;
    const p = this.pack.def.parameters[name];
    const v = p ? valueAt(p, this.conductDate) : undefined;
    if (!v) throw new Error(`rule pack ${this.pack.id}: parameter ${name} has no value on ${this.conductDate}`);
    rt.params.set(name, v.value);
    return v.value as T;
  }

  trace(rule: string | RuleRef, outcome: TraceOutcome, subjectId: string | null, why: Bilingual): void {
    if (typeof rule === 'string') {
      this.lines[this.nLines++] = { ruleId: rule, subjectId, outcome, textZh: this.pack.textOf(rule), zh: why.zh, en: why.en };
    } else {
      this.lines[this.nLines++] = { ruleId: rule.id, subjectId, outcome, textZh: rule.textZh, zh: why.zh, en: why.en };
    }
  }

  warn(code: WarningCode, subjectId: string | null, ruleIds: readonly string[], why: Bilingual, severity?: WarningSeverity): void {
    const ws = this.warnings;
    const n = this.nWarnings;
    for (let i = 0; i < n; i++) {
      const w = ws[i]!;
      if (w.code === code && w.subjectId === subjectId && w.zh === why.zh && sameIds(w.ruleIds, ruleIds)) return;
    }
    this.nWarnings = n + 1;
    ws[n] = ({ code, severity: severity ?? defaultSeverity(code), subjectId, ruleIds: ruleIds as string[], zh: why.zh, en: why.en });
  }

  allocate(s: SubjectState, level: ResponsibilityLevel, ruleId: string): void {
    s.allocations = plus(s.allocations, { level, ruleId, priority: this.pack.priorityOf(ruleId) });
  }

  effect(s: SubjectState, direction: Direction, ruleId: string): void {
    s.effects = plus(s.effects, { direction, ruleId, priority: this.pack.priorityOf(ruleId) });
  }

  band(s: SubjectState, band: Band, ruleId: string): void {
    if (bandRank(band) > bandRank(s.band)) {
      s.band = band;
      s.bandBasis = NONE;
    }
    if (band === s.band) s.bandBasis = plus(s.bandBasis, ruleId);
  }

  conflict(s: SubjectState | null, ruleIds: readonly string[], why: Bilingual): void {
    const c: RuleConflict = { subjectId: s ? s.id : null, ruleIds: ruleIds as string[], zh: why.zh, en: why.en };
    this.conflicts.push(c);
    if (s && !s.conflict) s.conflict = c;
    for (let i1_ = 0, a1_ = ruleIds; i1_ < a1_.length; i1_++) { const id = a1_[i1_]!; this.trace(id, 'conflict', c.subjectId, why); }
  }

  mandatory(s: SubjectState | null, m: MandatoryConsequence): void {
    if (s) s.mandatory = plus(s.mandatory, m);
    else this.caseConsequences = plus(this.caseConsequences, m);
  }

  policy(note: PolicyNote): void {
    this.policies = plus(this.policies, note);
  }

  /** Run a phase's modules (the phase's list read by name at the call: a keyed read by phase was megamorphic). */
  run(fns: CompiledPack['byPhase'][RulePhase]): void {
    for (let i = 0; i < fns.length; i++) fns[i]!(this);
  }
}

// The ranks of types.ts read by a switch: a table read with a key that varies (ROLE_BIT[role],
// BAND_RANK[band], …) is a megamorphic keyed load on the hot path (issue 10). Same values.
function bandRank(b: Band): number {
  return b === 'ordinary' ? BAND_RANK.ordinary : b === 'serious' ? BAND_RANK.serious : BAND_RANK.criminal;
}
function responsibilityRank(l: ResponsibilityLevel): number {
  return l === 'none'
    ? RESPONSIBILITY_RANK.none
    : l === 'as_appropriate'
      ? RESPONSIBILITY_RANK.as_appropriate
      : l === 'accountable'
        ? RESPONSIBILITY_RANK.accountable
        : RESPONSIBILITY_RANK.primary;
}
function defaultSeverity(c: WarningCode): WarningSeverity {
  switch (c) {
    case 'inconsistent_findings':
      return DEFAULT_SEVERITY.inconsistent_findings;
    case 'register_mismatch':
      return DEFAULT_SEVERITY.register_mismatch;
    case 'higher_law_limit':
      return DEFAULT_SEVERITY.higher_law_limit;
    case 'human_judgement':
      return DEFAULT_SEVERITY.human_judgement;
    case 'precondition_not_met':
      return DEFAULT_SEVERITY.precondition_not_met;
    case 'missing_data':
      return DEFAULT_SEVERITY.missing_data;
    case 'derived_only':
      return DEFAULT_SEVERITY.derived_only;
  }
}
/** The range table's band and cell read by name (a keyed read with a varying key is megamorphic). */
function bandOf(t: RangeTable, b: Band): RangeTable[Band] {
  return b === 'ordinary' ? t.ordinary : b === 'serious' ? t.serious : t.criminal;
}
function cellOf(b: RangeTable[Band], t: Treatment): RangeCell {
  const c = b.cells;
  return t === 'normal' ? c.normal : t === 'lighter' ? c.lighter : t === 'heavier' ? c.heavier : c.lighter_or_exempt;
}
function severityRank(w: WarningSeverity): number {
  return w === 'error' ? SEVERITY_RANK.error : w === 'attention' ? SEVERITY_RANK.attention : SEVERITY_RANK.note;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Options of evaluate(). */
export interface EvaluateOptions {
  /** The packs to choose from (default: the registered packs, src/rules/registry.ts). */
  packs?: readonly RulePack[];
}

/**
 * Evaluate case facts. `facts` must conform to FactsSchema (use parseFacts() on untrusted
 * input first); citations are checked against the vocabulary of the pack in force and an
 * unknown one throws AppError VALIDATION_FAILED. Never throws for a legal outcome: a conflict
 * is `status: 'conflict'`, no pack is `status: 'no_rules_in_force'`.
 */
export function evaluateWith(set: PackSet, facts: Facts): Recommendation {
  const pack = selectPack(set, facts.conductDate);
  if (!pack) return noRulesInForce(set, facts);
  const rt = runtimeOf(pack);
  const ev = new Evaluation(pack, facts, rt);
  // On the subjects' copies of the typed citations (a participant's own properties are read once).
  const derivedTyped = checkVocabulary(pack, ev.subjects, facts);

  const sel = rt.selected;
  const refs = rt.validityRefs;
  for (let i = 0; i < refs.length; i++) ev.trace(refs[i]!, 'selected', null, sel);
  if (derivedTyped) dropDerivedOnly(ev);
  const phases = pack.byPhase;
  ev.run(phases.case);
  ev.run(phases.derive);
  ev.run(phases.assess);
  const table = ev.param<RangeTable>('formRanges');
  for (let i2_ = 0, a2_ = ev.subjects; i2_ < a2_.length; i2_++) { const s = a2_[i2_]!; resolveSubject(ev, s, table); }
  ev.run(phases.consequences);
  ev.run(phases.post);
  return assemble(ev);
}

function noRulesInForce(set: PackSet, facts: Facts): Recommendation {
  const packs = set.packs.map((p) => ({
    id: p.id,
    title: { zh: p.def.title.zh, en: p.def.title.en },
    validFrom: p.def.validity.from,
    validTo: p.def.validity.to,
  }));
  const list = packs.map((p) => `${p.id}（${p.validFrom} 起${p.validTo ? `至 ${p.validTo}` : ''}）`).join('、') || '无';
  const listEn = packs.map((p) => `${p.id} (from ${p.validFrom}${p.validTo ? ` to ${p.validTo}` : ''})`).join(', ') || 'none';
  return {
    status: 'no_rules_in_force',
    conductDate: facts.conductDate,
    caseRef: facts.caseRef ?? null,
    packs,
    warnings: [],
    trace: [],
    explanation: {
      zh: `行为发生日 ${facts.conductDate} 没有有效的规则包（已登记：${list}），不作任何建议，请人工依据当时有效的规定处理。`,
      en: `No rule pack was in force on the conduct date ${facts.conductDate} (registered: ${listEn}); no recommendation is made — decide under the rules in force at the time.`,
    },
  };
}

/** Throws on a citation the pack does not know; returns whether a derived-only circumstance was typed in. */
function checkVocabulary(pack: CompiledPack, subjects: readonly Subject[], facts: Facts): boolean {
  let bad: string[] | null = null;
  let derivedTyped = false;
  const derivedOnly = pack.derivedOnlySet;
  const anyDerivedOnly = derivedOnly.size > 0;
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i]!;
    for (let i3_ = 0, a3_ = s.faults; i3_ < a3_.length; i3_++) { const f = a3_[i3_]!; if (!pack.faultSet.has(f)) (bad ??= []).push(`${s.id}: fault ${f}`); }
    for (let i4_ = 0, a4_ = s.circumstances; i4_ < a4_.length; i4_++) {
      const c = a4_[i4_]!;
      if (anyDerivedOnly && derivedOnly.has(c)) derivedTyped = true;
      else if (!pack.circumstanceSet.has(c)) (bad ??= []).push(`${s.id}: circumstance ${c}`);
    }
  }
  const src = facts.wrongCase.source;
  if (src !== undefined && !pack.wrongCaseSourceSet.has(src)) (bad ??= []).push(`wrong-case source ${src}`);
  if (bad !== null) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `规则包 ${pack.id} 中没有这些条款：${bad.join('；')}`, en: `not in rule pack ${pack.id}: ${bad.join('; ')}` },
      { pack: pack.id, unknown: bad },
    );
  }
  return derivedTyped;
}

/** Circumstances the pack derives itself are ignored when typed in (with a warning). */
function dropDerivedOnly(ev: Evaluation): void {
  const set = ev.pack.derivedOnlySet;
  if (set.size === 0) return;
  for (let i5_ = 0, a5_ = ev.subjects; i5_ < a5_.length; i5_++) {
    const s = a5_[i5_]!;
    const cs = s.circumstances;
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      if (set.has(c)) {
        cs.splice(i, 1);
        ev.warn('derived_only', s.id, [c], {
          zh: `${c} 由系统根据已决案件记录自动认定，不接受手工填写；已忽略填写值。`,
          en: `${c} is derived from the subject's decided cases, never typed in; the typed value was ignored.`,
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Resolution: responsibility, treatment, range
// ---------------------------------------------------------------------------------------------

function pushUnique(arr: string[], v: string): void {
  if (!arr.includes(v)) arr.push(v);
}

function resolveSubject(ev: Evaluation, s: SubjectState, table: RangeTable): void {
  resolveResponsibility(ev, s);
  if (s.responsibility === 'none') return;
  if (!resolveTreatment(ev, s)) return;
  resolveRange(ev, s, table);
}

/**
 * Allocations of the highest priority tier decide; within the tier a person answers in every
 * capacity in which a rule names them, so the highest level wins (they accumulate, they do
 * not contradict). Allocations of lower tiers that would have said more are 'overridden'.
 */
function resolveResponsibility(ev: Evaluation, s: SubjectState): void {
  // A participant with no finding of their own only gives context: never held responsible.
  if (!s.isSubject) {
    s.allocations = NO_ALLOCATIONS;
    s.responsibility = 'none';
    s.responsibilityBasis = withUnique(s.responsibilityBasis, ev.pack.def.unnamedCitation);
    ev.trace(ev.pack.def.unnamedCitation, 'info', s.id, NOT_A_SUBJECT);
    return;
  }
  applyExceptions(ev, s);
  const al = s.allocations;
  if (al.length === 0) {
    s.responsibility = 'none';
    s.responsibilityBasis = withUnique(s.responsibilityBasis, ev.pack.def.unnamedCitation);
    return;
  }
  let top = -Infinity;
  let rank = 0;
  for (let i = 0; i < al.length; i++) {
    const a = al[i]!;
    const r = responsibilityRank(a.level);
    if (a.priority > top) {
      top = a.priority;
      rank = r;
    } else if (a.priority === top && r > rank) rank = r;
  }
  s.responsibility = RESPONSIBILITY_BY_RANK[rank]!;
  for (let i6_ = 0, a6_ = al; i6_ < a6_.length; i6_++) {
    const a = a6_[i6_]!;
    if (a.priority === top && responsibilityRank(a.level) === rank) s.responsibilityBasis = withUnique(s.responsibilityBasis, a.ruleId);
  }
  for (let i7_ = 0, a7_ = al; i7_ < a7_.length; i7_++) {
    const a = a7_[i7_]!;
    if (a.priority < top && responsibilityRank(a.level) !== rank) overriddenAllocation(ev, s, a, top);
  }
}

const NOT_A_SUBJECT: Bilingual = {
  zh: '此人是原执法案件的参与人，但不是有责任认定的被调查人：仅作为背景（批准层级、指派关系），不作追究建议。',
  en: 'This person took part in the original case but is not a subject with a finding of their own: context only (approval levels, assignments), no recommendation.',
};

/**
 * The pack's exceptions (Catala style): where the excepting rule names this person, the
 * allocations of the rule it excepts give way, shown as 'overridden' with the pack's reason.
 */
const exceptionTexts = new WeakMap<object, Bilingual>();
/** The 'gives way' trace text of an exception of the pack, built once per exception. */
function exceptionText(x: { rule: string; over: string; why: Bilingual }): Bilingual {
  let w = exceptionTexts.get(x);
  if (!w) {
    w = { zh: `${x.over} 对此人的认定让位于 ${x.rule}（例外规则）：${x.why.zh}`, en: `${x.over}'s finding for this person gives way to ${x.rule} (exception): ${x.why.en}` };
    exceptionTexts.set(x, w);
  }
  return w;
}

function applyExceptions(ev: Evaluation, s: SubjectState): void {
  const xs = ev.pack.def.exceptions;
  if (!xs || xs.length === 0 || s.allocations.length < 2) return;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    const al = s.allocations;
    let named = false;
    let excepted = false;
    for (let i = 0; i < al.length; i++) {
      const id = al[i]!.ruleId;
      if (id === x.rule) named = true;
      else if (id === x.over) excepted = true;
    }
    if (!named || !excepted) continue;
    // Drop the excepted rule's allocations (order kept; a new short list: setting an array's
    // length is a runtime call).
    let kept = NO_ALLOCATIONS;
    for (let i = 0; i < al.length; i++) if (al[i]!.ruleId !== x.over) kept = plus(kept, al[i]!);
    s.allocations = kept;
    ev.trace(x.over, 'overridden', s.id, exceptionText(x));
  }
}

function overriddenAllocation(ev: Evaluation, s: SubjectState, a: Allocation, top: number): void {
  ev.trace(a.ruleId, 'overridden', s.id, overriddenAllocationText(ev.rt, a.ruleId, s.responsibilityBasis[0]!, top));
}

/** The trace text of an allocation overridden by a higher tier, built once per pack, rule, winner and tier. */
function overriddenAllocationText(rt: PackRuntime, ruleId: string, winner: string, top: number): Bilingual {
  const pack = rt.pack;
  const byRule = rt.allocationTexts;
  let byWinner = byRule.get(ruleId);
  if (!byWinner) byRule.set(ruleId, (byWinner = new Map()));
  let m = byWinner.get(winner);
  if (!m) byWinner.set(winner, (m = new Map()));
  const key = top;
  let w = m.get(key);
  if (!w) {
    const entry = pack.priorityEntryOf(winner);
    w = {
      zh: `${ruleId} 对此人的认定被 ${winner} 排除（优先级 ${top}${entry ? `：${entry.why.zh}` : ''}）。`,
      en: `${ruleId}'s allocation for this person is overridden by ${winner} (priority ${top}${entry ? `: ${entry.why.en}` : ''}).`,
    };
    m.set(key, w);
  }
  return w;
}

const DOWN = (d: Direction): boolean => d !== 'heavier';

/**
 * Effects of the highest priority tier decide the treatment. Opposite directions inside that
 * tier are a conflict (returns false). Lower-tier effects pointing the same way join the basis
 * (lighter + lighter-or-exempt = lighter-or-exempt); pointing the other way they are overridden.
 */
function resolveTreatment(ev: Evaluation, s: SubjectState): boolean {
  if (s.conflict) return false;
  const ef = s.effects;
  if (ef.length === 0) {
    s.treatment = 'normal';
    return true;
  }
  let top = -Infinity;
  for (let i8_ = 0, a8_ = ef; i8_ < a8_.length; i8_++) { const e = a8_[i8_]!; if (e.priority > top) top = e.priority; }
  let up: string | null = null;
  let down: string | null = null;
  for (let i9_ = 0, a9_ = ef; i9_ < a9_.length; i9_++) {
    const e = a9_[i9_]!;
    if (e.priority !== top) continue;
    if (DOWN(e.direction)) down ??= e.ruleId;
    else up ??= e.ruleId;
  }
  if (up && down) {
    const ups: string[] = [];
    const downs: string[] = [];
    for (let i10_ = 0, a10_ = ef; i10_ < a10_.length; i10_++) { const e = a10_[i10_]!; if (e.priority === top) pushUnique(DOWN(e.direction) ? downs : ups, e.ruleId); }
    const ids = [...ups, ...downs];
    ev.conflict(s, ids, {
      zh: `同一优先级（${top}）的规则方向相反：${ups.join('、')} 要求从重，${downs.join('、')} 允许从轻或免于追究；规则包未规定何者优先，须人工判断。`,
      en: `Rules of the same priority (${top}) point in opposite directions: ${ups.join(', ')} require heavier treatment, ${downs.join(', ')} allow lighter treatment or exemption; the pack does not rank them, a person must decide.`,
    });
    return false;
  }
  const goesDown = down !== null;
  let exempt = false;
  for (let i11_ = 0, a11_ = ef; i11_ < a11_.length; i11_++) {
    const e = a11_[i11_]!;
    if (DOWN(e.direction) === goesDown) {
      s.treatmentBasis = withUnique(s.treatmentBasis, e.ruleId);
      if (e.direction === 'lighter_or_exempt') exempt = true;
    }
  }
  s.treatment = goesDown ? (exempt ? 'lighter_or_exempt' : 'lighter') : 'heavier';
  const winner = s.treatmentBasis[0]!;
  for (let i12_ = 0, a12_ = ef; i12_ < a12_.length; i12_++) {
    const e = a12_[i12_]!;
    if (DOWN(e.direction) === goesDown) continue;
    s.overridden = withUnique(s.overridden, e.ruleId);
    ev.trace(e.ruleId, 'overridden', s.id, overriddenEffectText(ev.rt, e.ruleId, winner, top, e.priority));
  }
  return true;
}

/** The trace text of an effect overridden by the winning direction, built once per pack, rules and tiers. */
function overriddenEffectText(rt: PackRuntime, ruleId: string, winner: string, top: number, priority: number): Bilingual {
  const pack = rt.pack;
  const byRule = rt.effectTexts;
  let byWinner = byRule.get(ruleId);
  if (!byWinner) byRule.set(ruleId, (byWinner = new Map()));
  let m = byWinner.get(winner);
  if (!m) byWinner.set(winner, (m = new Map()));
  const key = top * 4096 + priority;
  let w = m.get(key);
  if (!w) {
    const entry = pack.priorityEntryOf(winner);
    w = {
      zh: `${ruleId} 成立，但被 ${winner} 排除：${entry ? entry.why.zh : `优先级 ${top} 高于 ${priority}`}`,
      en: `${ruleId} holds but is overridden by ${winner}: ${entry ? entry.why.en : `priority ${top} over ${priority}`}`,
    };
    m.set(key, w);
  }
  return w;
}

const TREATMENT_ZH: Record<Treatment, string> = {
  lighter_or_exempt: '从轻或免于追究',
  lighter: '从轻处理',
  normal: '一般处理',
  heavier: '从重处理',
};
const TREATMENT_EN: Record<Treatment, string> = {
  lighter_or_exempt: 'lighter treatment or exemption',
  lighter: 'lighter treatment',
  normal: 'normal treatment',
  heavier: 'heavier treatment',
};

const CITES: string[] = [];
function addCite(n: number, id: string): number {
  for (let i = 0; i < n; i++) if (CITES[i] === id) return n;
  CITES[n] = id;
  return n + 1;
}

function resolveRange(ev: Evaluation, s: SubjectState, table: RangeTable): void {
  const treatment = s.treatment!;
  const band = bandOf(table, s.band);
  const cell = cellOf(band, treatment);
  let lo = cell.lo;
  // Collected in a reused buffer (cites[0..n)), then copied at its exact size.
  CITES[0] = cell.citation;
  let n = 1;
  for (let i13_ = 0, a13_ = s.bandBasis; i13_ < a13_.length; i13_++) { const id = a13_[i13_]!; n = addCite(n, id); }
  for (let i14_ = 0, a14_ = s.treatmentBasis; i14_ < a14_.length; i14_++) { const id = a14_[i14_]!; n = addCite(n, id); }
  if (s.responsibility === 'as_appropriate' && band.asAppropriateLo !== null && band.asAppropriateLo < lo) {
    lo = band.asAppropriateLo;
    n = addCite(n, ev.pack.def.asAppropriateCitation);
  }
  const citations = n === 1 ? [CITES[0]!] : n === 2 ? [CITES[0]!, CITES[1]!] : n === 3 ? [CITES[0]!, CITES[1]!, CITES[2]!] : CITES.slice(0, n);
  const hi = cell.hi;
  const sl = ev.pack.slice(lo, hi);
  s.range = {
    exemptionAvailable: lo === 0,
    min: sl.min,
    max: sl.max,
    minRung: lo,
    maxRung: hi,
    permitted: sl.permitted,
    citations,
  };
  const widened = lo !== cell.lo;
  const k = widened ? 1 : 0;
  let lines = ev.rt.cellLines.get(cell);
  if (!lines) ev.rt.cellLines.set(cell, (lines = [undefined, undefined]));
  const hit = lines[k];
  let line: RuleRef & Bilingual;
  if (hit !== undefined && hit.lo === lo && hit.treatment === treatment) line = hit.line;
  else lines[k] = { lo, treatment, line: (line = rangeLine(ev.rt, cell.citation, treatment, lo, hi, widened)) };
  ev.trace(line, 'fired', s.id, line);
}

const TREATMENT_INDEX: Record<Treatment, number> = { lighter_or_exempt: 0, lighter: 1, normal: 2, heavier: 3 };

/** The range trace line (citation, its text, why), built once per cell and range and pack. */
function rangeLine(
  rt: PackRuntime,
  citation: string,
  treatment: Treatment,
  lo: number,
  hi: number,
  widened: boolean,
): RuleRef & Bilingual {
  const pack = rt.pack;
  const byCell = rt.rangeLines;
  let cache = byCell.get(citation);
  if (!cache) byCell.set(citation, (cache = new Map()));
  const key = ((TREATMENT_INDEX[treatment] * 64 + lo) * 64 + hi) * 2 + (widened ? 1 : 0);
  let w = cache.get(key);
  if (!w) {
    const sl = pack.slice(lo, hi);
    const from = lo === 0 ? '免于追究' : (sl.min?.zh ?? '');
    const fromEn = lo === 0 ? 'exemption' : (sl.min?.en ?? '');
    w = {
      id: citation,
      textZh: pack.textOf(citation),
      zh: `${TREATMENT_ZH[treatment]}：可选处理方式为「${from}」至「${sl.max?.zh ?? ''}」${widened ? '（酌情追究，下限放宽）' : ''}。`,
      en: `${TREATMENT_EN[treatment]}: permitted forms from "${fromEn}" to "${sl.max?.en ?? ''}"${widened ? ' (held as appropriate: lower bound widened)' : ''}.`,
    };
    cache.set(key, w);
  }
  return w;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function assemble(ev: Evaluation): Recommendation {
  // The subjects are the result's objects: each list still empty gets an array of its own.
  const subjects = ev.subjects;
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i]!;
    if (s.responsibilityBasis === NONE) s.responsibilityBasis = [];
    if (s.treatmentBasis === NONE) s.treatmentBasis = [];
    if (s.overridden === NONE) s.overridden = [];
    if (s.bandBasis === NONE) s.bandBasis = [];
    if (s.derived === NONE) s.derived = [];
    if (s.mandatory === NO_MANDATORY) s.mandatory = [];
  }
  return new EvaluatedResult(
    ev.conflicts.length > 0 ? 'conflict' : 'ok',
    ev.rt.summary,
    ev.conductDate,
    ev.facts.caseRef ?? null,
    ev.wrongCase,
    subjects,
    ev.caseConsequences === NO_MANDATORY ? [] : ev.caseConsequences,
    ev.conflicts,
    // Ranked: errors, then what needs attention, then notes (stable within a rank).
    ranked(ev),
    ev.policies === NO_POLICIES ? [] : ev.policies,
    takeTrace(ev),
  );
}

/** The evaluation's trace, cut to its length (the next evaluation's array is sized by the longest so far). */
function takeTrace(ev: Evaluation): TraceLine[] {
  const t = ev.lines;
  if (ev.nLines > ev.rt.traceHint) ev.rt.traceHint = Math.min(ev.nLines, 256);
  if (t.length !== ev.nLines) t.length = ev.nLines;
  return t;
}

/** Warnings by severity rank, stable within a rank (a pass per rank: no comparator sort). */
function ranked(ev: Evaluation): RuleWarning[] {
  const ws = ev.warnings;
  const n = ev.nWarnings;
  const out: RuleWarning[] = [];
  for (let r = 0; r < 3; r++) for (let i = 0; i < n; i++) if (severityRank(ws[i]!.severity) === r) out.push(ws[i]!);
  return out;
}

type Evaluated = Extract<Recommendation, { status: 'ok' | 'conflict' }>;

/**
 * An evaluated result. Plain data, except that the explanation text is rendered on first read
 * and cached: most callers store the structured result and never read it. `toJSON()` includes
 * it, so the serialised result is exactly RecommendationSchema.
 */
class EvaluatedResult implements Evaluated {
  #explanation: { zh: string; en: string } | undefined;
  constructor(
    readonly status: Evaluated['status'],
    readonly pack: Evaluated['pack'],
    readonly conductDate: string,
    readonly caseRef: string | null,
    readonly wrongCase: Evaluated['wrongCase'],
    readonly subjects: Evaluated['subjects'],
    readonly caseConsequences: Evaluated['caseConsequences'],
    readonly conflicts: Evaluated['conflicts'],
    readonly warnings: Evaluated['warnings'],
    readonly policies: NonNullable<Evaluated['policies']>,
    readonly trace: Evaluated['trace'],
  ) {}

  get explanation(): { zh: string; en: string } {
    return (this.#explanation ??= explain(this));
  }

  toJSON(): Evaluated {
    return {
      status: this.status,
      pack: this.pack,
      conductDate: this.conductDate,
      caseRef: this.caseRef,
      wrongCase: this.wrongCase,
      subjects: this.subjects,
      caseConsequences: this.caseConsequences,
      conflicts: this.conflicts,
      warnings: this.warnings,
      policies: this.policies,
      trace: this.trace,
      explanation: this.explanation,
    };
  }
}
