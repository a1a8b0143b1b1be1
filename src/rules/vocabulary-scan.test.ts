// One home for every legal fact (issue 10 point 14): lists of item ids (FL-/WC- vocabularies) and
// the periods of the measures (2 日 / 60 天) appear only in the rule pack. Code elsewhere reads
// them from the pack. The allow-list names the places that only display or reference them
// (documents, demo data, test fixtures), each with its reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CITE = String.raw`['"\x60](?:FL|WC|SCL|APL)-\d+(?:\(\d+\))?['"\x60]`;
const PATTERNS: { name: string; re: RegExp; only?: RegExp }[] = [
  { name: 'a list of three or more item ids', re: new RegExp(String.raw`\[\s*(?:${CITE}\s*,\s*){2,}${CITE}`, 'g') },
  { name: 'an item list generated from a prefix', re: /\bitems\(\s*['"](?:FL|WC)-\d+/g },
  { name: 'a period of the measures', re: /days:\s*(?:60|2)\b|60\s*天内|2\s*日内/g },
  // Execution lists (issue 10): which forms suspend a certificate, change a post, bar awards … —
  // the pack's vocabulary.execution; a two-item list or a form compared by id is such a list too.
  { name: 'a list of two item ids', re: new RegExp(String.raw`\[\s*${CITE}\s*,\s*${CITE}\s*\]`, 'g') },
  { name: 'a form or item compared by its id', re: new RegExp(String.raw`[=!]==\s*${CITE}`, 'g'), only: /^src\/services\/cases\/(steps-execution|referral-execution)\.ts$|^src\/domain\/cases\/citations\.ts$/ },
];

/** Files that only display or reference legal text, and why they may. */
const ALLOW: Record<string, string> = {
  'src/services/documents/generate.ts': 'document templates quote the measures verbatim',
  'src/services/documents/citations-zh.ts': 'document footers list the articles a document cites',
  'src/ops/demo/cases.ts': 'demo data',
  'src/rules/testing.ts': 'test factories',
  'web/src/case/test-fixtures.ts': 'test fixtures',
  'src/services/registers/schemas.ts': 'the register enum of WC-5 sources; checked equal to the pack below',
  'src/lib/citation-format.ts': 'typography of citations: which articles number their items 1. 2. 3. in the source text (not a list of items)',
};

function walk(dir: string, out: string[]): void {
  for (const n of readdirSync(dir)) {
    if (n === 'node_modules' || n.startsWith('.')) continue;
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(n) && !/\.test\.tsx?$/.test(n)) out.push(p);
  }
}

const stripComments = (s: string): string => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('one home for every legal fact', () => {
  it('FL/WC item lists and the measures\' periods appear only in the rule pack (scan of src and web/src)', () => {
    const files: string[] = [];
    walk(path.join(ROOT, 'src'), files);
    walk(path.join(ROOT, 'web', 'src'), files);
    const found: string[] = [];
    for (const f of files) {
      const rel = path.relative(ROOT, f).split(path.sep).join('/');
      if (rel.startsWith('src/rules/packs/') || rel.includes('/__fixtures__/') || ALLOW[rel]) continue;
      const src = stripComments(readFileSync(f, 'utf8'));
      for (const p of PATTERNS) for (const m of p.only && !p.only.test(rel) ? [] : src.matchAll(p.re)) found.push(`${rel}: ${p.name}: ${m[0].slice(0, 60)}`);
    }
    expect(found).toEqual([]);
  });

  it('the web reads legal facts through the API: no web/src file imports the item vocabulary, the pack, or the departure rule, nor names an item-vocabulary constant', () => {
    // Issue 10 point 14: GET /api/v1/rules/vocabulary and POST /api/v1/rules/departures serve them
    // (web/src/lib/legal.ts); a type-only import is no legal fact and is allowed.
    const FORBIDDEN_MODULES = [/src\/domain\/cases\/citations['"]/, /src\/rules\/decision-check['"]/, /src\/rules\/packs\//, /src\/rules\/registry['"]/, /src\/calendar\/deadlines['"]/];
    const FORBIDDEN_NAMES = /\b(ACCOUNTABILITY_FORMS|FORM_IDS|CITATION_LABELS|FL7_FAULTS|WC6_FAULTS|FL9_LIGHTER|FL10_HEAVIER|WC7_LIGHTER_OR_EXEMPT|WC8_HEAVIER|TYPED_CIRCUMSTANCE_IDS|WC5_SOURCES|departuresOf|CONSEQUENCE_FORMS|EXECUTION_VOCABULARY|SANCTION_KINDS|EXECUTION_KIND_LABELS)\b/g;
    const files: string[] = [];
    walk(path.join(ROOT, 'web', 'src'), files);
    const found: string[] = [];
    for (const f of files) {
      const rel = path.relative(ROOT, f).split(path.sep).join('/');
      if (ALLOW[rel]) continue;
      const src = stripComments(readFileSync(f, 'utf8'));
      for (const m of src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+(['"][^'"]+['"])/gm)) {
        if (FORBIDDEN_MODULES.some((re) => re.test(m[1]!))) found.push(`${rel}: imports ${m[1]}`);
      }
      for (const m of src.matchAll(FORBIDDEN_NAMES)) found.push(`${rel}: names ${m[1]}`);
      // A literal 'FL-13'/'FL-14' list, or a labelled item (id: '…text…'), is vocabulary too.
      for (const m of src.matchAll(/['"](?:FL|WC)-\d+(?:\(\d+\))?['"]\s*:\s*['"][^'"]{4,}['"]/g)) found.push(`${rel}: labels an item: ${m[0].slice(0, 50)}`);
    }
    expect(found).toEqual([]);
  });

  it('WC-5: the register\'s list of wrong-case sources is exactly the pack\'s', async () => {
    const { WC5_SOURCES } = await import('../services/registers/schemas');
    const { bananHousing2019 } = await import('./packs/banan-housing-2019');
    expect([...WC5_SOURCES]).toEqual([...bananHousing2019.vocabulary.wrongCaseSources]);
  });
});
