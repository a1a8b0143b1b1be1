// Kept so the many importers of the case area need not change at once: the SQL now lives in
// src/repositories/cases/ (rows, the aggregate loader) and who sees which case in
// src/policies/cases.ts. New code imports those modules directly.
import { AppError } from '../../errors';
import type { Actor } from '../../policies/roles';
import type { ActorFacts } from '../../domain/cases';

export { parseJson, type CaseRow } from '../../repositories/cases/case-rows';
export { currentFindings, findCase, inForceDecision, lockCase, type Q } from '../../repositories/cases/case-repo';
export { loadCaseFacts as loadFacts } from '../../repositories/cases/case-aggregate';
export { canSeeCase, visibleCasesFilter } from '../../policies/cases';

export const actorFactsOf = (a: Actor): ActorFacts => ({ userId: a.userId, roles: a.roles, personId: a.personId });

export const notFound = (): AppError => new AppError('NOT_FOUND', { zh: '案件不存在或无权查看', en: 'no such case, or not yours to see' });
