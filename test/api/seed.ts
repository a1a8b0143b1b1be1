// A small, realistic world for the cross-cutting API tests: the case factories' original case and
// users (clerk, leader, decider, investigator, subject), an administrator, and cases at several
// stages — a named report, an anonymous one, a WC-5 source, one taken to notification (with
// evidence, findings and a decision). Returns every id worth putting into a path or a field.
import type { TestApp } from '../app';
import { makeCase, setupCaseWorld, type CaseWorld, type MadeCase } from '../factories/cases';

export const ROLE_USERS = ['clerk', 'leader', 'investigator', 'decider', 'subject', 'admin'] as const;
export type RoleUser = (typeof ROLE_USERS)[number];

export interface SeededWorld {
  w: CaseWorld;
  cases: { named: MadeCase; anonymous: MadeCase; wc5: MadeCase; notified: MadeCase };
  /** ids of every kind of record, for path parameters and id fields */
  ids: string[];
  /** path parameter values known to exist, by parameter name */
  known: Record<string, string[]>;
}

export async function seedApiWorld(t: TestApp): Promise<SeededWorld> {
  const w = await setupCaseWorld(t);
  await t.addUser('admin', ['admin']);
  const named = await makeCase(w, { to: 'registered' });
  const anonymous = await makeCase(w, { anonymous: true });
  const wc5 = await makeCase(w, { source: 'wc5', to: 'accepted' });
  const notified = await makeCase(w, { to: 'notified' });
  const k = t.deps.db.kysely;
  const col = async (table: 'cases' | 'case_evidence' | 'people' | 'units' | 'original_cases' | 'enforcement_certificates'): Promise<string[]> =>
    (await k.selectFrom(table).select('id').execute()).map((r) => r.id);
  const known: Record<string, string[]> = {
    id: [...(await col('cases')), ...(await col('people')), ...(await col('units')), ...(await col('original_cases')), ...(await col('enforcement_certificates'))],
    evidenceId: await col('case_evidence'),
    receiptCode: [named.receiptCode, anonymous.receiptCode].filter((x): x is string => !!x),
    kind: ['people', 'original-cases'],
    year: ['2025'],
  };
  const ids = [...new Set(Object.values(known).flat())];
  return { w, cases: { named, anonymous, wc5, notified }, ids, known };
}
