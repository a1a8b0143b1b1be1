// Test factories for the rules engine: build valid facts stating only what a test cares about,
// evaluate them (checking the input against FactsSchema and the output against
// RecommendationSchema every time), and read the result. Used by src/rules/**/*.test.ts only.
import { compilePack } from './compile';
import { evaluate, type EvaluateOptions } from './index';
import { citationsIn } from './rule-ids';
import { FactsSchema, RecommendationSchema, type Facts, type Participant, type Recommendation } from './schema';
import type { EvaluatedRecommendation, SubjectRecommendation } from './schema';
import { REGISTERED_PACKS } from './registry';
import type { RulePack } from './types';

type Opinion = 'insisted' | 'agreed' | 'dissented' | 'silent';

export function person(id: string, over: Partial<Participant> = {}): Participant {
  return { id, name: `人员${id}`, unitId: 'u1', unitName: '执法支队', roles: [], ...over };
}
export function handler(id = 'H', over: Partial<Participant> = {}): Participant {
  return person(id, { roles: [{ role: 'handler' }], faults: ['FL-7(3)'], culpability: 'negligence', ...over });
}
export function approver(id: string, level: number, over: Partial<Participant> = {}): Participant {
  return person(id, { roles: [{ role: 'approver', level }], faults: ['FL-7(3)'], culpability: 'negligence', ...over });
}
export function member(id: string, opinion: Opinion, over: Partial<Participant> & { chair?: boolean } = {}): Participant {
  const { chair, ...rest } = over;
  return person(id, {
    roles: [{ role: 'collective_member', opinion, ...(chair ? { chair: true } : {}) }],
    ...rest,
  });
}

/** A valid fault case: one negligent handler whose error is the origin, ordinary consequences. */
export function facts(over: Partial<Facts> = {}): Facts {
  return {
    schemaVersion: 1,
    caseRef: 'T',
    conductDate: '2021-06-01',
    originalCase: { kind: 'penalty' },
    wrongCase: { isWrongCase: false },
    errorOrigins: ['handler'],
    consequences: {},
    participants: [handler()],
    ...over,
  };
}

/** A wrong case (WC-5(3), penalty) so the WC measure applies. */
export function wrongCase(over: Partial<Facts> = {}): Facts {
  return facts({ wrongCase: { isWrongCase: true, source: 'WC-5(3)' }, ...over });
}

export const SERIOUS: Facts['consequences'] = { adverse: true, serious: true };

/** Evaluate with schema checks on both sides and the citation check on the output. */
export function run(f: Facts, opts?: EvaluateOptions): Recommendation {
  const parsed = FactsSchema.parse(f);
  const rec = evaluate(parsed, opts);
  RecommendationSchema.parse(JSON.parse(JSON.stringify(rec)));
  const missing = uncitable(rec, opts?.packs ?? REGISTERED_PACKS);
  if (missing.length > 0) throw new Error(`output cites ids not in the pack: ${missing.join(', ')}`);
  return rec;
}

/** Evaluate and require an evaluated (ok or conflict) result. */
export function evaluated(f: Facts, opts?: EvaluateOptions): EvaluatedRecommendation {
  const rec = run(f, opts);
  if (rec.status === 'no_rules_in_force') throw new Error('no rules in force');
  return rec;
}

export function subject(rec: Recommendation, id: string): SubjectRecommendation {
  if (rec.status === 'no_rules_in_force') throw new Error('no rules in force');
  const s = rec.subjects.find((x) => x.subjectId === id);
  if (!s) throw new Error(`no subject ${id}`);
  return s;
}

export function traceOf(rec: Recommendation, ruleId: string, subjectId?: string | null) {
  return rec.trace.filter((t) => t.ruleId === ruleId && (subjectId === undefined || t.subjectId === subjectId));
}

export function warningsOf(rec: Recommendation, ruleId: string, subjectId?: string | null) {
  return rec.warnings.filter((w) => w.ruleIds.includes(ruleId) && (subjectId === undefined || w.subjectId === subjectId));
}

/** The forms permitted for a subject, as ladder ids (empty when no range). */
export function formIds(s: SubjectRecommendation): string[] {
  return s.forms ? s.forms.permitted.map((f) => f.id) : [];
}

/** Every citation in a result that its pack does not know (should be none). */
export function uncitable(rec: Recommendation, packs: readonly RulePack[]): string[] {
  if (rec.status === 'no_rules_in_force') return [];
  const pack = packs.find((p) => p.id === rec.pack.id);
  if (!pack) return [`pack ${rec.pack.id}`];
  const c = compilePack(pack);
  const known = (id: string): boolean => c.provisionById.has(id) || c.higherLawById.has(id);
  return [...new Set(citationsIn(rec).filter((id) => !known(id)))];
}
