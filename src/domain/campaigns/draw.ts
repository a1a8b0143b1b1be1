// 双随机 (random files, random reviewers) for a supervision campaign (WC-5(1) 例行或专项执法
// 监督). Pure and deterministic: the same seed, candidates and pool give the same draw, so the
// recorded seed lets anyone replay and audit it.
//
// 1. Files: a partial Fisher–Yates shuffle of the candidates (sorted by id) takes `sampleSize`.
// 2. Reviewers per file, in draw order: the eligible reviewers are the pool minus anyone of the
//    file's own unit and anyone who took part in the original case (承办、审批、集体讨论…);
//    among them, those with the fewest files so far, one picked at random (load evened out).
import { prngFromSeed } from '../../lib/prng';

export interface DrawCandidate {
  originalCaseId: string;
  unitId: string;
  /** register people who took part in the original case */
  participantPersonIds: string[];
}

export interface DrawReviewer {
  userId: string;
  personId: string;
  unitId: string;
}

export interface DrawInput {
  seed: string;
  candidates: DrawCandidate[];
  pool: DrawReviewer[];
  sampleSize: number;
  reviewersPerFile: number;
}

export interface DrawnFile {
  originalCaseId: string;
  unitId: string;
  reviewerUserIds: string[];
}

export type DrawOutcome = { ok: true; files: DrawnFile[] } | { ok: false; originalCaseId: string; eligible: number };

/** Why a reviewer may not review a file (null: may). */
export function reviewerConflict(file: Pick<DrawCandidate, 'unitId' | 'participantPersonIds'>, r: DrawReviewer): 'same_unit' | 'participant' | null {
  if (r.unitId === file.unitId) return 'same_unit';
  if (file.participantPersonIds.includes(r.personId)) return 'participant';
  return null;
}

export function drawCampaign(input: DrawInput): DrawOutcome {
  const rng = prngFromSeed(input.seed);
  const candidates = [...input.candidates].sort((a, b) => cmp(a.originalCaseId, b.originalCaseId));
  const pool = [...input.pool].sort((a, b) => cmp(a.userId, b.userId));
  const n = Math.min(input.sampleSize, candidates.length);
  for (let i = 0; i < n; i++) {
    const j = i + rng.below(candidates.length - i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const load = new Map(pool.map((r) => [r.userId, 0]));
  const files: DrawnFile[] = [];
  for (const c of candidates.slice(0, n)) {
    const chosen: string[] = [];
    let eligible = pool.filter((r) => reviewerConflict(c, r) === null);
    if (eligible.length < input.reviewersPerFile) return { ok: false, originalCaseId: c.originalCaseId, eligible: eligible.length };
    for (let k = 0; k < input.reviewersPerFile; k++) {
      const least = Math.min(...eligible.map((r) => load.get(r.userId)!));
      const lightest = eligible.filter((r) => load.get(r.userId) === least);
      const pick = lightest[rng.below(lightest.length)]!;
      chosen.push(pick.userId);
      load.set(pick.userId, least + 1);
      eligible = eligible.filter((r) => r.userId !== pick.userId);
    }
    files.push({ originalCaseId: c.originalCaseId, unitId: c.unitId, reviewerUserIds: chosen });
  }
  return { ok: true, files };
}

/** How many files a scope asks for: a number, or a percentage of the candidates rounded up. */
export function sampleSizeOf(scope: { count?: number | null; percent?: number | null }, candidates: number): number {
  if (scope.count) return Math.min(scope.count, candidates);
  if (scope.percent) return Math.min(candidates, Math.ceil((candidates * scope.percent) / 100));
  return 0;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
