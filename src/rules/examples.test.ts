// The four worked examples of docs (rule-examples.md), as JSON in docs/rules/examples/, judged
// exactly as a careful legal-affairs officer would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFacts } from './index';
import { evaluated, formIds, subject } from './testing';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/rules/examples');
const example = (file: string) => evaluated(parseFacts(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))));
const cited = (rec: ReturnType<typeof example>) => new Set(rec.trace.map((t) => t.ruleId));

describe('worked examples', () => {
  it('E1 (WC-5(3), FL-8(2), FL-14): approver B primary, handler A as appropriate, normal treatment, award bars', () => {
    const rec = example('e1-approver-missed-handler-error.json');
    expect(rec.status).toBe('ok');
    expect(rec.wrongCase).toEqual({ isWrongCase: true, source: 'WC-5(3)', trackApplies: true });
    const a = subject(rec, 'A');
    const b = subject(rec, 'B');
    expect(b).toMatchObject({ responsibility: 'primary', treatment: 'normal' });
    expect(a).toMatchObject({ responsibility: 'as_appropriate', treatment: 'normal' });
    for (const s of [a, b]) expect(s.mandatory.find((m) => m.kind === 'award_bar_person')).toMatchObject({ ruleIds: ['FL-14'], conditional: false });
    expect(rec.caseConsequences).toEqual([expect.objectContaining({ kind: 'award_bar_unit', unitId: 'u-zhifa' })]);
    const ids = cited(rec);
    for (const id of ['WC-5(3)', 'FL-7(3)', 'WC-6(5)', 'FL-8(2)', 'FL-14']) expect(ids).toContain(id);
    // Only notes (e.g. no certificate register to check FL-8(5)/WC-6(2) against).
    expect(rec.warnings.filter((w) => w.severity !== 'note')).toEqual([]);
  });

  it('E2 (FL-8(3)): C (chair) and D (insisted) accountable, E (dissent on record) none, F not named — none and flagged', () => {
    const rec = example('e2-collective-decision.json');
    expect(subject(rec, 'C').responsibility).toBe('accountable');
    expect(subject(rec, 'D').responsibility).toBe('accountable');
    expect(subject(rec, 'E').responsibility).toBe('none');
    expect(subject(rec, 'F').responsibility).toBe('none');
    expect(rec.warnings.filter((w) => w.code === 'human_judgement').map((w) => w.subjectId)).toEqual(['F']);
  });

  it('E3 (FL-9(1), FL-9(2)): lighter — only criticism and education, self-examination or notice of criticism', () => {
    const rec = example('e3-minor-slip-corrected.json');
    const g = subject(rec, 'G');
    expect(g).toMatchObject({ responsibility: 'accountable', treatment: 'lighter', treatmentBasis: ['FL-9(1)', 'FL-9(2)'] });
    expect(formIds(g)).toEqual(['criticism_education', 'written_self_examination', 'notice_of_criticism']);
    expect(cited(rec)).toContain('FL-7(5)');
  });

  it('E4 (FL-10(1), FL-10(2), WC-8, FL-11, FL-13, FL-14): heavier; FL-11 and WC-10 forms; H bears the ¥30,000; no FL-12', () => {
    const rec = example('e4-serious-obstruction.json');
    const h = subject(rec, 'H');
    expect(h).toMatchObject({ responsibility: 'accountable', band: 'serious', treatment: 'heavier' });
    expect(h.treatmentBasis).toEqual(['FL-10(1)', 'FL-10(2)', 'WC-8']);
    // FL-10 fires because its precondition holds (serious consequences / bad influence, no crime).
    expect(rec.trace.find((t) => t.ruleId === 'FL-10(2)')?.zh).toContain('后果严重或影响恶劣');
    // FL-11 forms and WC-10 forms including suspension of the certificate.
    expect(formIds(h)).toEqual(['no_assessment_delayed_promotion', 'suspension', 'removal_from_post', 'disciplinary_sanction']);
    expect(h.forms?.permitted.flatMap((f) => f.citations)).toEqual(expect.arrayContaining(['FL-11', 'WC-10(4)', 'WC-10(5)', 'WC-10(6)']));
    // FL-13: recovery allowed (intent), the whole ¥30,000 is H's share.
    expect(h.compensation).toEqual({ recoverable: true, shareRatio: 1, indicativeAmountYuan: 30_000, upToYuan: 30_000, ruleIds: ['FL-13', 'SCL-16'], reason: expect.objectContaining({ zh: expect.stringContaining('故意') }) });
    expect(rec.warnings.some((w) => w.code === 'higher_law_limit')).toBe(false);
    // SCL-16's second sentence: intent → 处分 duty.
    expect(h.mandatory.map((m) => m.kind)).toEqual(['compensation_recovery', 'disciplinary_sanction', 'award_bar_person']);
    expect(h.mandatory.some((m) => m.kind === 'judicial_transfer')).toBe(false);
    expect(cited(rec)).not.toContain('FL-12');
  });
});
