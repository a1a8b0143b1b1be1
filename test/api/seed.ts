// A small, realistic world for the cross-cutting API tests: the case factories' original case and
// users (clerk, leader, decider, investigator, subject), an administrator, and cases at several
// stages — a named report, an anonymous one, a WC-5 source, one taken to notification (with
// evidence, findings and a decision). Returns every id worth putting into a path or a field.
import type { TestApp } from '../app';
import { driveCaseTo, performAction } from '../../src/services/cases';
import { DOCUMENT_KINDS, KIND_DEFS } from '../../src/services/documents/kinds';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld, type MadeCase, type MakeCaseOptions } from '../factories/cases';

export const ROLE_USERS = ['clerk', 'leader', 'investigator', 'decider', 'subject', 'admin', 'secadmin', 'auditor'] as const;
export type RoleUser = (typeof ROLE_USERS)[number];

export interface SeededWorld {
  w: CaseWorld;
  cases: { named: MadeCase; anonymous: MadeCase; wc5: MadeCase; notified: MadeCase };
  /** ids of every kind of record, for path parameters and id fields */
  ids: string[];
  /** path parameter values known to exist, by parameter name */
  known: Record<string, string[]>;
  /** ids by the route area that serves them: `cases`, `people`, `units`, `original-cases`, `certificates`, `users` */
  byArea: Record<string, string[]>;
}

/** One evidence file (an interview record with text), recorded by the investigator; the case must be under investigation. */
export async function addEvidence(w: CaseWorld, caseId: string): Promise<string> {
  const r = await performAction(
    w.ctx.investigator,
    caseId,
    'record_evidence',
    { expectedVersion: await versionOf(w, caseId), kind: 'interview_record', title: '询问笔录', source: '调查组询问承办人', collectedOn: '2025-09-01', textContent: '问：该案罚款依据是什么？答：按裁量基准。' },
    { file: { content: Buffer.from('询问笔录（扫描件）'), filename: '询问笔录.pdf', mimeType: 'application/pdf' } },
  );
  if (!r.created) throw new Error('record_evidence created nothing');
  return r.created.id;
}

/** A case taken through investigation with one evidence file, then on to `to`. */
export async function makeCaseWithEvidence(w: CaseWorld, to: 'investigating' | 'findings_submitted' | 'decided' | 'notified', opts: Omit<MakeCaseOptions, 'to'> = {}): Promise<MadeCase & { evidenceId: string }> {
  const made = await makeCase(w, { ...opts, to: 'investigating' });
  const evidenceId = await addEvidence(w, made.caseId);
  if (to !== 'investigating') await driveCaseTo(w.ctx, made.caseId, to);
  return { ...made, evidenceId };
}

/**
 * Every kind of 公文 the case allows, drafted by the clerk (per-subject kinds for `subjectId`),
 * issued where the clerk may. Returns the document ids.
 */
export async function draftAllDocuments(t: TestApp, caseId: string, subjectId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of DOCUMENT_KINDS) {
    const r = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload: { kind, ...(KIND_DEFS[kind].perSubject ? { subjectId } : {}) } });
    if (r.statusCode !== 201) continue;
    const d = r.json() as { id: string; currentVersion: number; allowedActions: string[] };
    ids.push(d.id);
    if (d.allowedActions.includes('issue')) await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${d.id}/issue`, payload: { expectedVersion: d.currentVersion } });
  }
  return ids;
}

export async function seedApiWorld(t: TestApp): Promise<SeededWorld> {
  const w = await setupCaseWorld(t);
  await t.addUser('admin', ['sysadmin']);
  await t.addUser('secadmin', ['secadmin']);
  await t.addUser('auditor', ['auditor']);
  // an account nobody signs in with, for the user-management routes to act on
  await t.addUser('spare', ['clerk']);
  const named = await makeCase(w, { to: 'registered' });
  const anonymous = await makeCase(w, { anonymous: true });
  const wc5 = await makeCase(w, { source: 'wc5', to: 'accepted' });
  const notified = await makeCaseWithEvidence(w, 'notified');
  const docIds = await draftAllDocuments(t, notified.caseId, w.fx.handler.id);
  const k = t.deps.db.kysely;
  const col = async (table: 'cases' | 'case_evidence' | 'people' | 'units' | 'original_cases' | 'enforcement_certificates'): Promise<string[]> =>
    (await k.selectFrom(table).select('id').execute()).map((r) => r.id);
  const known: Record<string, string[]> = {
    id: [...(await col('cases')), ...(await col('people')), ...(await col('units')), ...(await col('original_cases')), ...(await col('enforcement_certificates'))],
    evidenceId: await col('case_evidence'),
    receiptCode: [named.receiptCode, anonymous.receiptCode].filter((x): x is string => !!x),
    kind: ['people', 'original-cases'],
    year: ['2025'],
    docId: docIds,
    file: ['1.docx', '1.pdf', '2.pdf'],
  };
  const byArea: Record<string, string[]> = {
    cases: await col('cases'),
    people: await col('people'),
    units: await col('units'),
    'original-cases': await col('original_cases'),
    certificates: await col('enforcement_certificates'),
    documents: docIds,
    users: (await k.selectFrom('users').select('id').where('username', 'not in', [...ROLE_USERS]).execute()).map((r) => r.id),
  };
  const ids = [...new Set(Object.values(known).flat())];
  return { w, cases: { named, anonymous, wc5, notified }, ids, known, byArea };
}
