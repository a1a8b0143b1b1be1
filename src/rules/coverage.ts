// Coverage: does every article and item of the pack's measures appear exactly once — as a
// rule (implemented by a module), a workflow guard (naming its step) or a "not encoded,
// because …" entry — and which tests cite it? Pure: the test index is passed in (see
// coverage-scan.ts for the scanner the CLI uses).
import { compilePack, PackDefinitionError } from './compile';
import type { Disposition, RulePack } from './types';

export interface TestRef {
  readonly file: string;
  readonly name: string;
}
/** Citation → tests whose name starts with it (e.g. `FL-8(2): last approver …`). */
export type TestIndex = ReadonlyMap<string, readonly TestRef[]>;

export interface CoverageEntry {
  readonly id: string;
  readonly measure: string;
  readonly article: number;
  readonly item: number | null;
  readonly disposition: Disposition;
  readonly textZh: string;
  readonly en: string;
  /** Modules that implement a `rule` provision. */
  readonly implementedBy: readonly string[];
  readonly guard: { readonly step: string; readonly zh: string; readonly en: string } | null;
  readonly reason: { readonly zh: string; readonly en: string } | null;
  readonly tests: readonly TestRef[];
}

export interface CoverageReport {
  readonly packId: string;
  readonly entries: readonly CoverageEntry[];
  /** Problems that make the pack incomplete: missing, duplicated or unimplemented provisions. */
  readonly unaccounted: readonly string[];
  /** Provisions (other than absent numbers) no test names. Informational. */
  readonly untested: readonly string[];
  readonly counts: Readonly<Record<Disposition, number>>;
  readonly ok: boolean;
}

/** Citations expected from the measures' outline (articles and their items). */
export function expectedCitations(pack: RulePack): { id: string; absent: boolean }[] {
  const out: { id: string; absent: boolean }[] = [];
  for (const m of pack.measures) {
    for (const a of m.articles) {
      out.push({ id: `${m.id}-${a.n}`, absent: a.absent === true });
      for (let i = 1; i <= a.items; i++) out.push({ id: `${m.id}-${a.n}(${i})`, absent: false });
    }
  }
  return out;
}

export function coverage(pack: RulePack, tests?: TestIndex): CoverageReport {
  const unaccounted: string[] = [];
  try {
    compilePack(pack); // duplicates, unknown ids, guards without a step, …
  } catch (e) {
    if (!(e instanceof PackDefinitionError)) throw e;
    unaccounted.push(`pack definition: ${e.message}`);
  }
  const implementedBy = new Map<string, string[]>();
  for (const m of pack.modules) {
    for (const id of m.implements) {
      const l = implementedBy.get(id) ?? [];
      if (!l.includes(m.name)) l.push(m.name);
      implementedBy.set(id, l);
    }
  }
  const byId = new Map(pack.provisions.map((p) => [p.id, p] as const));
  const untested: string[] = [];
  const counts: Record<Disposition, number> = { rule: 0, workflow_guard: 0, not_encoded: 0, absent_in_source: 0 };
  const entries: CoverageEntry[] = [];
  const expected = expectedCitations(pack);
  const expectedIds = new Set(expected.map((e) => e.id));

  for (const e of expected) {
    const p = byId.get(e.id);
    if (!p) {
      unaccounted.push(`${e.id}: not in the pack`);
      continue;
    }
    if (e.absent !== (p.disposition === 'absent_in_source')) {
      unaccounted.push(`${e.id}: outline and provision disagree on whether it exists in the source`);
    }
    const impl = implementedBy.get(p.id) ?? [];
    if (p.disposition === 'rule' && impl.length === 0) unaccounted.push(`${p.id}: a rule no module implements`);
    const t = tests?.get(p.id) ?? [];
    if (t.length === 0 && p.disposition !== 'absent_in_source') untested.push(p.id);
    counts[p.disposition]++;
    entries.push({
      id: p.id,
      measure: p.measure,
      article: p.article,
      item: p.item,
      disposition: p.disposition,
      textZh: p.textZh,
      en: p.en,
      implementedBy: impl,
      guard: p.guard ?? null,
      reason: p.reason ?? null,
      tests: t,
    });
  }
  for (const p of pack.provisions) {
    if (!expectedIds.has(p.id)) unaccounted.push(`${p.id}: in the pack but not in the measures' outline`);
  }
  return { packId: pack.id, entries, unaccounted, untested, counts, ok: unaccounted.length === 0 };
}

const CIT = String.raw`[A-Z]{1,8}-\d{1,3}(?:\(\d{1,3}\))?`;
const CITATION = new RegExp(CIT, 'g');
const LEADING = new RegExp(String.raw`^\s*(${CIT}(?:\s*(?:,|、|\/|\+|&|and|vs\.?)\s*${CIT})*)\s*:`);
const BEFORE_COLON = new RegExp(String.raw`(${CIT})\s*:`, 'g');

/**
 * The citations a test cites by name: the list it starts with (`FL-9(1), FL-9(2): …` → both)
 * and any citation followed by a colon elsewhere (`recommendation — FL-8(2): …`).
 */
export function citationsOfTestName(name: string): string[] {
  const out: string[] = [];
  const m = LEADING.exec(name);
  if (m) for (const c of m[1]!.match(CITATION) ?? []) out.push(c);
  for (const b of name.matchAll(BEFORE_COLON)) if (!out.includes(b[1]!)) out.push(b[1]!);
  return out;
}

/** Build a test index from (file, test name) pairs. */
export function indexTests(names: Iterable<TestRef>): TestIndex {
  const idx = new Map<string, TestRef[]>();
  for (const t of names) {
    for (const id of citationsOfTestName(t.name)) {
      const l = idx.get(id) ?? [];
      l.push(t);
      idx.set(id, l);
    }
  }
  return idx;
}
