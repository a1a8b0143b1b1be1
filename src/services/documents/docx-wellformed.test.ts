// 等保2.0 数据完整性 / 入侵防范: every official document produced is well-formed XML, whatever
// text it carries. Each of the 13 kinds is generated from a real decided case whose free text is
// replaced by fuzzed strings (fast-check: XML-special characters, the controls that pass input
// hygiene, emoji, CJK, BOM, line separators …), rendered to DOCX, unzipped, and every XML part
// parsed by a strict, conforming XML parser (saxes). Input hygiene (src/lib/text-hygiene.ts)
// refuses what XML cannot hold; the renderer drops such characters from older stored data too.
import JSZip from 'jszip';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase, type DocCase } from '../../../test/factories/documents';
import { textProblemOf } from '../../lib/text-hygiene';
import { findCase } from '../cases/repo';
import { loadCaseDocFacts, type CaseDocFacts } from './case-facts';
import { mapContentStrings } from './content';
import { generateDraft } from './generate';
import { DOCUMENT_KINDS } from './kinds';
import { renderDocx } from './render-docx';

const RUNS = Number(process.env.DOCX_FUZZ_RUNS ?? 20);

const hostileChar = fc.oneof(
  fc.constantFrom('<', '>', '&', '"', "'", ']]>', '<!--', '&amp;', '&#0;', '\t', '\n', '\r', '\r\n', '\u0085', '\u0080', '\u009f', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200f', '\ufffd', '😀', '👨‍👩‍👧', '𠮷', '问责', '〔2025〕', 'ｗ'),
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
);
/** Text that passes input hygiene (what a user can get into the database). */
const hostileText = fc
  .array(hostileChar, { minLength: 1, maxLength: 12 })
  .map((a) => a.join(''))
  .filter((s) => textProblemOf(s) === null && s.length > 0);

/** The facts with their free text replaced by fuzzed strings (ids, dates and codes kept). */
function fuzzFacts(f: CaseDocFacts, next: () => string): CaseDocFacts {
  const people = new Map([...f.people].map(([id, p]) => [id, { ...p, name: next() }]));
  return {
    ...f,
    organ: next(),
    people,
    reporter: f.reporter ? { ...f.reporter, name: next(), address: next(), organisation: next() } : null,
    replies: f.replies.map((r) => ({ ...r, text: next() })),
    team: f.team.map((m) => ({ ...m, displayName: next(), personName: next() })),
    original: f.original ? { ...f.original, title: next(), counterpartName: next(), unitName: next() } : null,
    evidence: f.evidence.map((e) => ({ ...e, title: next(), source: next(), description: next(), text: next(), recordedByName: next() })),
    findings: f.findings.map((x) => ({ ...x, data: Object.fromEntries(Object.entries(x.data).map(([k, v]) => [k, typeof v === 'string' && /reason|text|fact|description|statement|opinion|summary|basis/i.test(k) ? next() : v])) as typeof x.data })),
    decision: f.decision
      ? {
          ...f.decision,
          meeting: { ...f.decision.meeting, chair: next(), minutes: next(), attendees: (f.decision.meeting.attendees ?? []).map(() => ({ name: next(), opinion: next() })) },
          items: f.decision.items.map((i) => ({ ...i, reason: next(), departureReason: i.departureReason === null ? null : next() })),
        }
      : null,
  };
}

async function assertWellFormed(docx: Buffer, label: string): Promise<number> {
  const zip = await JSZip.loadAsync(docx);
  let parts = 0;
  for (const name of Object.keys(zip.files)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = await zip.file(name)!.async('string');
    const parser = new SaxesParser({ xmlns: true, position: true });
    let error: Error | null = null;
    parser.on('error', (e) => {
      error ??= e;
    });
    parser.write(xml).close();
    expect(error, `${label} ${name}: ${String(error)}`).toBeNull();
    parts++;
  }
  return parts;
}

describe.each(engines)('等保2.0 数据完整性: every DOCX kind is well-formed XML after fuzzed input (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let c: DocCase;
  let facts: CaseDocFacts;
  let transferFacts: CaseDocFacts;
  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
    c = await makeDecidedCase(w, { compensationFen: 120_000, transferJudicial: true, transferDiscipline: true });
    const row = (await findCase(t.deps.db.kysely, c.caseId))!;
    facts = await loadCaseDocFacts(t.deps.db.kysely, row, '2025-09-10');
    // WC-11: the appeal hand-off letter needs an appeal pending and not yet sent
    facts = { ...facts, appeals: [{ id: 'appeal-1', subjectPersonId: w.fx.handler.id, decisionId: facts.decision!.id, body: 'supervision', filedOn: '2025-09-05', outcome: 'pending', referred: false }] };
    // WC-11: the 送达回证 goes with an issued document to serve
    facts = { ...facts, issuedDocuments: [{ id: 'doc-1', kind: 'decision_notice', title: '行政执法过错责任追究决定书', docNumber: '巴住建问决〔2025〕1号', issuedOn: '2025-09-08', subjectPersonId: w.fx.handler.id, addressee: null }] };
    // WC-9(1): the transfer letter needs a case marked for transfer
    const tr = await makeCase(w, { to: 'transferred', drive: { transfer: true } });
    transferFacts = await loadCaseDocFacts(t.deps.db.kysely, (await findCase(t.deps.db.kysely, tr.caseId))!, '2025-09-10');
  });
  afterAll(async () => t.close());

  it('数据完整性: every kind, fuzzed facts and fuzzed text in every position, parse as XML', async () => {
    const produced = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 64, maxLength: 64 }), async (pool) => {
        let i = 0;
        const next = (): string => pool[i++ % pool.length]!;
        const fuzzed = fuzzFacts(facts, next);
        const fuzzedTransfer = fuzzFacts(transferFacts, next);
        for (const kind of DOCUMENT_KINDS) {
          const draft = generateDraft(kind, kind === 'transfer_letter' ? fuzzedTransfer : fuzzed, { subjectId: w.fx.handler.id, evidenceId: c.interviewEvidenceId });
          // and fuzz around every string of the content as well (what a drafter edits)
          const content = mapContentStrings(draft.content, (s) => `${next()}${s}${next()}`);
          const parts = await assertWellFormed(await renderDocx(content, { draftMark: next() }), kind);
          expect(parts).toBeGreaterThan(3);
          produced.add(kind);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect([...produced].sort()).toEqual([...DOCUMENT_KINDS].sort());
    // CPU only (20 runs × every kind rendered): ~17 s alone, over 30 s beside the browser tests on two cores
  }, 120_000);

  it('数据完整性: text stored before input hygiene (U+FFFE, C0 controls, lone surrogates) still renders a well-formed DOCX', async () => {
    const draft = generateDraft('decision_notice', facts, { subjectId: w.fx.handler.id });
    const content = mapContentStrings(draft.content, (s) => `${s}\uffff\ufffe\u0001\u001b\ud800\ufdd0`);
    await assertWellFormed(await renderDocx(content, { draftMark: '草稿\u0007' }), 'legacy');
  });
});
