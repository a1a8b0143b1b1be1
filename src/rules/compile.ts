// Pack loading: validate a pack definition once and build the indexes evaluation uses, so
// the hot path does map lookups and array walks only. A malformed pack fails here, at load,
// with a message naming what is wrong — never half-way through a case.
import { checkParameter } from './params';
import type {
  CompiledPack,
  EvalContext,
  FormRef,
  LadderSlice,
  PriorityEntry,
  Provision,
  RulePack,
  RulePhase,
  Treatment,
  Band,
} from './types';
import { PHASES } from './types';

const CITATION = /^[A-Z]{1,8}-\d{1,3}(\(\d{1,3}\))?$/;
const TREATMENTS: readonly Treatment[] = ['lighter_or_exempt', 'lighter', 'normal', 'heavier'];
const BANDS: readonly Band[] = ['ordinary', 'serious', 'criminal'];

export class PackDefinitionError extends Error {
  constructor(packId: string, message: string) {
    super(`rule pack ${packId}: ${message}`);
    this.name = 'PackDefinitionError';
  }
}

const compiled = new WeakMap<RulePack, CompiledPack>();

/** Compile (once per pack object) and return the indexed pack. */
export function compilePack(def: RulePack): CompiledPack {
  const hit = compiled.get(def);
  if (hit) return hit;
  const c = build(def);
  compiled.set(def, c);
  return c;
}

/**
 * Law as data is immutable: the pack definition is frozen at load (functions excepted), so a
 * consumer that mutates a result's shared parts (pack title, ladder forms, citation lists)
 * gets an error instead of silently changing the rules for the next case.
 */
function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}

function build(def: RulePack): CompiledPack {
  deepFreeze(def);
  const fail = (m: string): never => {
    throw new PackDefinitionError(def.id, m);
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(def.validity.from)) fail('validity.from must be YYYY-MM-DD');
  if (def.validity.to !== null && def.validity.to < def.validity.from) fail('validity.to before validity.from');

  const provisionById = new Map<string, Provision>();
  for (const p of def.provisions) {
    if (!CITATION.test(p.id)) fail(`bad citation ${p.id}`);
    if (provisionById.has(p.id)) fail(`provision ${p.id} appears more than once`);
    if (p.disposition !== 'absent_in_source' && p.textZh.trim() === '') fail(`provision ${p.id} has no text`);
    if (p.disposition === 'workflow_guard' && !p.guard) fail(`workflow guard ${p.id} names no workflow step`);
    if ((p.disposition === 'not_encoded' || p.disposition === 'absent_in_source') && !p.reason) {
      fail(`${p.id} (${p.disposition}) gives no reason`);
    }
    provisionById.set(p.id, p);
  }
  const higherLawById = new Map(def.higherLaw.map((h) => [h.id, h] as const));
  for (const h of def.higherLaw) if (provisionById.has(h.id)) fail(`higher-law id ${h.id} clashes with a provision`);
  const known = (id: string): boolean => provisionById.has(id) || higherLawById.has(id);

  for (const id of def.validity.citations) if (!known(id)) fail(`validity cites unknown ${id}`);
  for (const id of [def.unnamedCitation, def.asAppropriateCitation]) if (!known(id)) fail(`cites unknown ${id}`);

  // Modules: every `implements` names a `rule` provision.
  const byPhase: Record<RulePhase, ((ctx: EvalContext) => void)[]> = {
    case: [],
    derive: [],
    assess: [],
    consequences: [],
    post: [],
  };
  for (const m of def.modules) {
    for (const id of m.implements) {
      const p = provisionById.get(id);
      if (!p) fail(`module ${m.name} implements unknown ${id}`);
      else if (p.disposition !== 'rule') fail(`module ${m.name} implements ${id}, which is a ${p.disposition}`);
    }
    if (!PHASES.includes(m.phase)) fail(`module ${m.name}: unknown phase ${m.phase}`);
    if (m.run) byPhase[m.phase].push(m.run);
  }

  // Priorities: each rule in at most one tier.
  const priority = new Map<string, number>();
  const entryOf = new Map<string, PriorityEntry>();
  for (const e of def.priorities) {
    for (const id of e.ruleIds) {
      if (!known(id)) fail(`priority table cites unknown ${id}`);
      if (priority.has(id)) fail(`priority table lists ${id} twice`);
      priority.set(id, e.priority);
      entryOf.set(id, e);
    }
  }

  // Exceptions: both rules known, no rule its own exception.
  for (const x of def.exceptions ?? []) {
    if (!known(x.rule) || !known(x.over)) fail(`exception cites unknown ${x.rule} / ${x.over}`);
    if (x.rule === x.over) fail(`exception ${x.rule} over itself`);
  }

  // Vocabulary.
  const vocab = def.vocabulary;
  for (const id of [...vocab.faults, ...vocab.circumstances, ...vocab.wrongCaseSources, ...vocab.derivedOnly]) {
    if (!provisionById.has(id)) fail(`vocabulary cites unknown ${id}`);
  }

  // Ladder: rungs 1..n, each citing known provisions.
  const ladder = [...def.ladder].sort((a, b) => a.rung - b.rung);
  ladder.forEach((f, i) => {
    if (f.rung !== i + 1) fail(`ladder rungs must be 1..n without gaps (found ${f.rung} at ${i + 1})`);
    for (const id of f.citations) if (!known(id)) fail(`ladder form ${f.id} cites unknown ${id}`);
  });
  const maxRung = ladder.length;
  // The rung a decision's form stands for (lighter / heavier between decisions): one the ladder cites it at.
  for (const [id, rung] of Object.entries(vocab.formRungs ?? {})) {
    if (!ladder.some((f) => f.rung === rung && f.citations.includes(id))) fail(`formRungs: the ladder does not cite ${id} at rung ${rung}`);
  }
  for (const id of vocab.noHeavierOnDefence ?? []) if (!higherLawById.has(id)) fail(`noHeavierOnDefence cites unknown higher law ${id}`);
  const forms: FormRef[] = ladder.map((f) =>
    Object.freeze({ id: f.id, rung: f.rung, zh: f.zh, en: f.en, citations: [...f.citations] }),
  );
  const formById = new Map(forms.map((f) => [f.id, f] as const));
  // Every slice lo..hi precomputed once: results share these (frozen) arrays.
  const slices: LadderSlice[][] = [];
  for (let lo = 0; lo <= maxRung; lo++) {
    const row: LadderSlice[] = [];
    for (let hi = 0; hi <= maxRung; hi++) {
      const from = Math.max(1, lo);
      const permitted = hi >= from ? forms.slice(from - 1, hi) : [];
      row.push(
        Object.freeze({
          min: permitted[0] ?? null,
          max: permitted[permitted.length - 1] ?? null,
          permitted: Object.freeze(permitted) as FormRef[],
        }),
      );
    }
    slices.push(row);
  }

  // Parameters: ascending dates, and the form-range table within the ladder.
  for (const [name, p] of Object.entries(def.parameters)) {
    if (!p) continue;
    try {
      checkParameter(p);
    } catch (e) {
      fail((e as Error).message);
    }
    for (const v of p.values) for (const id of v.citations) if (!known(id)) fail(`parameter ${name} cites unknown ${id}`);
  }
  for (const v of def.parameters.formRanges.values) {
    for (const band of BANDS) {
      const b = v.value[band];
      if (!b) fail(`formRanges (${v.from}) lacks band ${band}`);
      for (const t of TREATMENTS) {
        const cell = b.cells[t];
        if (!cell) fail(`formRanges (${v.from}) ${band}.${t} missing`);
        if (cell.lo < 0 || cell.hi > maxRung || cell.lo > cell.hi) fail(`formRanges ${band}.${t} out of the ladder`);
        if (!known(cell.citation)) fail(`formRanges ${band}.${t} cites unknown ${cell.citation}`);
      }
    }
  }
  if (def.parameters.deadlines.values.length === 0) fail('no deadline parameters');

  const text = new Map<string, string>();
  for (const h of def.higherLaw) text.set(h.id, h.textZh);
  for (const p of def.provisions) text.set(p.id, p.textZh);
  return {
    def,
    id: def.id,
    provisionById,
    higherLawById,
    textOf: function textOf(id: string) {
      return text.get(id) ?? '';
    },
    priorityOf: function priorityOf(id: string) {
      return priority.get(id) ?? 0;
    },
    priorityEntryOf: (id: string) => entryOf.get(id),
    faultSet: new Set(vocab.faults),
    circumstanceSet: new Set(vocab.circumstances),
    wrongCaseSourceSet: new Set(vocab.wrongCaseSources),
    derivedOnlySet: new Set(vocab.derivedOnly),
    byPhase,
    slice: (lo: number, hi: number) => slices[lo]![hi]!,
    maxRung,
    formById,
  };
}
