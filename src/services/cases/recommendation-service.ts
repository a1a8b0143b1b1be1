// Issue 3 "Receipts": the rules engine's recommendation for a case, built from the case's data
// and stored with what it was given and which exact pack answered.
//
// Facts come from: the findings (faults, culpability, circumstances, consequences, role), the
// original enforcement case's participants in the registers (FL-8's allocation needs every
// handler, approver level, deliberation member and opinion, instructing leader, assigner), the
// certificate register (WC-6(2), FL-8(5): qualified on the conduct date — the engine checks),
// and each person's earlier decided cases in this system (FL-10(6) 多次发生违法违规行为 is derived
// by the engine from that history, never typed in by a user).
import { casePacksOn } from '../orgs/org-settings';
import { createHash } from 'node:crypto';
import { auditRead } from '../../audit/audit-read';
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { authorize } from '../../policies/roles';
import { evaluate, packInForce, parseFacts, type Facts, type Participant, type ParticipantRole, type Recommendation, type RulePack } from '../../rules';
import { getCertificateRegisterForPeople } from '../registers';
import { certificatesForFacts } from '../registers/certificate-status';
import type { OriginalCaseKindName } from '../registers/schemas';
import { nowIso, type Ctx } from '../context';
import { peopleByIds, originalParticipants } from './registers-adapter';
import { priorConductDates } from './compensation-repo';
import { currentFindings, parseJson, type CaseRow, type Q } from './repo';
import { loadCaseAggregate } from '../../repositories/cases/case-aggregate';
import { hasSubject, latestEvaluationRow, priorDecidedItems } from '../../repositories/cases/case-repo';
import { departures, insertEvaluation } from '../../repositories/cases/recommendation-repo';
import { originalCaseSummary, originalCompensations } from '../../repositories/registers/register-reads';
import { caseHidden, requireCaseAccess, subjectsShownTo } from '../../policies/cases';
import { historicalPriorCases } from '../../repositories/history/history-repo';
import type { ActionInput } from '../../domain/cases';

type FindingData = Omit<ActionInput<'FindingInput'>, 'expectedVersion'>;

/** Every original-case kind of the registers, mapped to the engine's kinds (行政强制 → compulsory_measure keeps WC-6(6)). */
export const KIND_MAP: Record<OriginalCaseKindName, Facts['originalCase']['kind']> = { penalty: 'penalty', licence: 'licence', inspection: 'inspection', compulsory: 'compulsory_measure' };

const ORIGIN_OF_ROLE: Record<string, Facts['errorOrigins'][number] | undefined> = {
  handler: 'handler',
  approver: 'approval_oversight',
  final_approver: 'approval_oversight',
  deliberation_chair: 'collective_decision',
  deliberation_insisting_member: 'collective_decision',
  instructing_leader: 'leader_instruction',
  assigner: 'unqualified_enforcement',
  direct_responsible: 'non_performance',
};

function rolesFromFinding(role: string, handlerIds: string[]): ParticipantRole[] {
  switch (role) {
    case 'handler':
      return [{ role: 'handler' }];
    case 'approver':
      return [{ role: 'approver', level: 1 }];
    case 'final_approver':
      return [{ role: 'approver', level: 20 }];
    case 'deliberation_chair':
      return [{ role: 'collective_member', opinion: 'insisted', chair: true }];
    case 'deliberation_insisting_member':
      return [{ role: 'collective_member', opinion: 'insisted' }];
    case 'instructing_leader':
      return [{ role: 'instructing_leader' }];
    case 'assigner':
      return handlerIds.length ? [{ role: 'assigner', assignedIds: handlerIds }] : [];
    case 'direct_responsible':
      return [{ role: 'direct_responsible' }];
    default:
      return [];
  }
}

/** The engine's facts for a case, from the case, the registers and the case history. */
export async function buildCaseFacts(q: Q, row: CaseRow, today: string): Promise<Facts> {
  // The case's own rows from the one aggregate loader; the registers' from theirs.
  const agg = await loadCaseAggregate(q, row);
  const findings = agg.findings.map((f) => ({ personId: f.subjectPersonId, data: f.data as unknown as FindingData }));
  const subjects = agg.subjects.map((s) => s.personId);
  const original = row.original_case_id ? await originalCaseSummary(q, row.original_case_id) : null;
  const parts = row.original_case_id ? await originalParticipants(q, row.original_case_id) : [];
  const handlerIds = [...new Set(parts.filter((p) => p.role === 'handler').map((p) => p.personId))];

  // One entry per person: register roles (FL-8) merged with what the findings add.
  const ids = [...new Set([...parts.map((p) => p.personId), ...subjects, ...findings.map((f) => f.personId)])];
  const people = await peopleByIds(q, ids);
  const rolesOf = new Map<string, ParticipantRole[]>();
  const add = (id: string, r: ParticipantRole): void => {
    const list = rolesOf.get(id) ?? [];
    if (r.role === 'approver') {
      const existing = list.find((x) => x.role === 'approver') as { level: number } | undefined;
      if (existing) {
        existing.level = Math.max(existing.level, r.level);
        return;
      }
    }
    if (r.role === 'collective_member' && list.some((x) => x.role === 'collective_member')) return;
    if (list.some((x) => x.role === r.role && r.role !== 'assigner')) return;
    rolesOf.set(id, [...list, r]);
  };
  for (const p of parts) {
    if (p.role === 'handler') add(p.personId, { role: 'handler' });
    else if (p.role === 'approver') add(p.personId, { role: 'approver', level: Math.min(20, Math.max(1, p.level ?? 1)) });
    else if (p.role === 'deliberation_member') add(p.personId, { role: 'collective_member', opinion: (p.opinion ?? 'silent') as 'insisted' | 'agreed' | 'dissented' | 'silent', ...(p.isChair ? { chair: true } : {}) });
    else if (p.role === 'instructing_leader') add(p.personId, { role: 'instructing_leader' });
    else if (p.role === 'assigner' && handlerIds.length) add(p.personId, { role: 'assigner', assignedIds: handlerIds });
  }
  for (const f of findings) {
    // The register is authoritative for the original case's roles; a finding adds only roles the
    // register cannot hold (直接责任人) or, for someone not in the register, the role found.
    const inRegister = parts.some((p) => p.personId === f.personId);
    if (!inRegister || f.data.roleInOriginalCase === 'direct_responsible') for (const r of rolesFromFinding(f.data.roleInOriginalCase, handlerIds)) add(f.personId, r);
  }

  // FL-10(6): each person's decided cases in this system, for the engine to derive repetition.
  const prior = await priorDecidedItems(q, row.id, ids, today);

  // FL-10(6) counts prior conduct by its conduct date (the lookback runs from the present
  // conduct), and the decision date both: each prior case's own finding gives the conduct date.
  const priorConduct = await priorConductDates(q, prior.map((x) => ({ caseId: x.case_id, personId: x.subject_person_id })));
  // Issue 12 point 5: decisions made before go-live and imported count exactly as decided ones.
  const imported = await historicalPriorCases(q, ids, today);

  const conductDates = findings.map((f) => f.data.conductDate).filter((d): d is string => Boolean(d)).sort();
  const conductDate = conductDates[0] ?? original?.decisionDate ?? row.received_on;
  const origins = [...new Set(findings.map((f) => ORIGIN_OF_ROLE[f.data.roleInOriginalCase]).filter((o): o is NonNullable<typeof o> => Boolean(o)))];
  const comp = row.original_case_id ? (await originalCompensations(q, row.original_case_id)).reduce((t, c) => t + c.amountFen, 0) : 0;
  const compFound = Math.max(0, ...findings.map((f) => f.data.consequences.stateCompensationFen ?? 0));
  const compensationFen = Math.max(comp, compFound);

  const register = await getCertificateRegisterForPeople(q, ids);
  const participants: Participant[] = ids.map((id) => {
    const f = findings.find((x) => x.personId === id)?.data;
    const p = people.get(id);
    return {
      id,
      name: p?.name ?? id,
      ...(p?.unitId ? { unitId: p.unitId } : {}),
      ...(p?.unitName ? { unitName: p.unitName } : {}),
      roles: rolesOf.get(id) ?? [],
      // Only a person with a finding is a subject; the others give context (FL-8 structure) only.
      subject: Boolean(f),
      ...(f
        ? {
            faults: f.faults,
            culpability: f.culpability,
            circumstances: f.circumstances,
            crimeSuspected: f.consequences.crimeSuspected ?? false,
            ...(f.consequences.disciplineSuspected ? { disciplineSuspected: true } : {}),
            ...(f.consequences.illegalitySuspected ? { illegalitySuspected: true } : {}),
            ...(f.enforcementStaff !== undefined ? { enforcementStaff: f.enforcementStaff } : {}),
          }
        : {}),
      priorCases: prior
        .filter((x) => x.subject_person_id === id)
        .map((x) => {
          const cd = priorConduct.get(`${x.case_id}|${id}`);
          return { ref: x.number, decidedOn: x.decided_on, ...(cd && cd <= x.decided_on ? { conductDate: cd } : {}), heldAccountable: Number(x.no_accountability) !== 1 };
        })
        .concat(
          imported
            .filter((x) => x.personId === id)
            .map((x) => ({ ref: x.caseNumber, decidedOn: x.decidedOn, ...(x.conductDate <= x.decidedOn ? { conductDate: x.conductDate } : {}), heldAccountable: !x.noAccountability })),
        ),
    };
  });

  const wrongSource = row.wrong_case_wc5_item ?? row.wc5_item;
  const isWrongCase = row.wrong_case !== null ? Number(row.wrong_case) === 1 : parseJson<string[]>(row.tracks, []).includes('WC') && row.wc5_item !== null;
  return parseFacts({
    schemaVersion: 1,
    caseRef: row.number,
    conductDate,
    decisionDate: row.decided_on ?? today,
    originalCase: { ...(original ? { ref: original.number, decisionDate: original.decisionDate } : {}), kind: KIND_MAP[(original?.kind ?? '') as OriginalCaseKindName] ?? 'other' },
    wrongCase: { isWrongCase, ...(isWrongCase && wrongSource ? { source: `WC-5(${wrongSource})` } : {}), ...(row.wc5_reference_no ? { reference: row.wc5_reference_no } : {}) },
    errorOrigins: origins,
    consequences: {
      adverse: findings.some((f) => f.data.consequences.harm !== 'none' || f.data.consequences.influence !== 'none'),
      serious: findings.some((f) => f.data.consequences.harm === 'serious'),
      // The pack's own bands: 不良影响 ('bad') is an adverse effect (不良后果, FL-8(6)/FL-9(1)), only
      // 影响恶劣 ('very_bad') is the FL-10/FL-11 band.
      badInfluence: findings.some((f) => f.data.consequences.influence === 'very_bad'),
      ...(compensationFen > 0 ? { stateCompensation: { paid: comp > 0, amountYuan: compensationFen / 100 } } : {}),
    },
    participants,
    certificates: register.flatMap((r) => certificatesForFacts(r.personId, r.certificates)),
  });
}

// The pack's content, functions included (their source), hashed once per pack object: the
// receipt names exactly the rules that answered.
const packHashes = new WeakMap<RulePack, string>();
export function packContentHash(pack: RulePack): string {
  let h = packHashes.get(pack);
  if (!h) {
    const seen = new WeakSet<object>();
    const body = JSON.stringify(pack, function (_k, v: unknown) {
      if (typeof v === 'function') return `fn:${v.toString()}`;
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[cycle]';
        seen.add(v);
        if (!Array.isArray(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
      }
      return v;
    });
    h = createHash('sha256').update(body).digest('hex');
    packHashes.set(pack, h);
  }
  return h;
}

/** The pack's version: its own `version` when it declares one, else the date it is in force from. */
export const packVersion = (pack: RulePack): string => (pack as RulePack & { version?: string }).version ?? `from-${pack.validity.from}`;

export interface RecommendationReceipt {
  id: string;
  caseId: string;
  evaluatedAt: string;
  actorId: string | null;
  pack: { id: string; version: string; hash: string } | null;
  inputs: Facts;
  output: Recommendation;
  /**
   * Issue 7 point 4: the subjects of the case with a current finding — the only people the
   * recommendation is for. Other participants of the original case are in the facts (FL-8
   * allocation needs them) but are "not a subject" (非本案被调查人), never accountable here.
   */
  findingSubjectIds?: string[];
}

const withSubjects = async (q: Q, r: RecommendationReceipt): Promise<RecommendationReceipt> => ({ ...r, findingSubjectIds: [...new Set((await currentFindings(q, r.caseId)).map((f) => f.subject_person_id))] });

async function requireFullView(ctx: Ctx, caseId: string): Promise<CaseRow> {
  const q = ctx.db.kysely;
  const { row, perspective } = await requireCaseAccess(q, ctx.actor, caseId);
  if (perspective !== 'full') throw caseHidden();
  return row;
}

/** Evaluates the case's facts and stores the receipt (audited on the case). */
export async function recommendForCase(ctx: Ctx, caseId: string): Promise<RecommendationReceipt> {
  authorize(ctx.actor, 'rules.evaluate');
  const today = chinaDate(ctx.clock.now());
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const { row, perspective } = await requireCaseAccess(tx, ctx.actor, caseId);
    if (perspective !== 'full') throw caseHidden();
    if (!row.original_case_id) {
      throw new AppError('PRECONDITION_FAILED', { zh: '案件未关联原执法案件，无法确定参与人（FL-8）', en: 'the case names no original enforcement case, so its participants are unknown (FL-8)' });
    }
    if (!(await hasSubject(tx, caseId))) throw new AppError('PRECONDITION_FAILED', { zh: '尚未确定被调查人', en: 'no subject yet' });
    return withSubjects(tx, await storeEvaluation(tx, ctx, row, today, now));
  });
}

/**
 * Issue 7 point 4: the decision step (and a decision meeting) evaluates the rules on the case's
 * current findings itself, inside its own transaction, and stores the receipt; nobody has to ask.
 */
export async function evaluateForCaseInTx(tx: Tx, ctx: Ctx, row: CaseRow): Promise<RecommendationReceipt> {
  if (!row.original_case_id) {
    throw new AppError('PRECONDITION_FAILED', { zh: '案件未关联原执法案件，无法形成规则引擎建议，不能作出处理决定（FL-8）', en: 'the case names no original enforcement case, so no recommendation can be made and no decision recorded (FL-8)' });
  }
  return storeEvaluation(tx, ctx, row, chinaDate(ctx.clock.now()), nowIso(ctx));
}

async function storeEvaluation(tx: Tx, ctx: Ctx, row: CaseRow, today: string, now: string): Promise<RecommendationReceipt> {
  const caseId = row.id;
  {
    const facts = await buildCaseFacts(tx, row, today);
    // issue 11: the rule packs the case's organisation applies on the conduct date
    const packs = await casePacksOn(tx, caseId, facts.conductDate);
    const output = evaluate(facts, { packs });
    const pack = output.status === 'no_rules_in_force' ? null : packInForce(facts.conductDate, { packs });
    const id = newId();
    const rec = {
      id,
      case_id: caseId,
      pack_id: pack?.id ?? 'none',
      pack_version: pack ? packVersion(pack) : 'none',
      pack_hash: pack ? packContentHash(pack) : 'none',
      inputs_json: JSON.stringify(facts),
      output_json: JSON.stringify(output),
      trace_json: JSON.stringify(output.trace),
      evaluated_at: now,
      actor_id: ctx.actor.userId,
    };
    await insertEvaluation(tx, rec);
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: 'case.recommendation',
      entityType: 'case',
      entityId: caseId,
      after: { evaluationId: id, packId: rec.pack_id, packVersion: rec.pack_version, packHash: rec.pack_hash, status: output.status },
      at: now,
    });
    return toReceipt(rec);
  }
}

function toReceipt(r: { id: string; case_id: string | null; pack_id: string; pack_version: string; pack_hash: string; inputs_json: string; output_json: string; evaluated_at: string; actor_id: string | null }): RecommendationReceipt {
  return {
    id: r.id,
    caseId: r.case_id ?? '',
    evaluatedAt: r.evaluated_at,
    actorId: r.actor_id,
    pack: r.pack_id === 'none' ? null : { id: r.pack_id, version: r.pack_version, hash: r.pack_hash },
    inputs: JSON.parse(r.inputs_json) as Facts,
    output: JSON.parse(r.output_json) as Recommendation,
  };
}

export async function latestRecommendationForCase(ctx: Ctx, caseId: string): Promise<RecommendationReceipt> {
  authorize(ctx.actor, 'cases.read');
  await requireFullView(ctx, caseId);
  const r = await latestEvaluationRow(ctx.db.kysely, caseId);
  if (!r) throw new AppError('NOT_FOUND', { zh: '本案尚无规则引擎建议', en: 'no recommendation for this case yet' });
  await auditRead(ctx, { action: 'case.recommendation.read', entityType: 'case', entityId: caseId, details: { evaluationId: r.id } });
  return withSubjects(ctx.db.kysely, toReceipt(r));
}

/** POST /api/v1/rules/evaluate: facts in, recommendation out (nothing stored). */
export function evaluateFacts(ctx: Ctx, raw: unknown): Recommendation {
  authorize(ctx.actor, 'rules.evaluate');
  return evaluate(parseFacts(raw));
}

/**
 * Decisions that departed from the recommended range, with the written reasons (issue 3: "the
 * departure is reported"). Superseded decisions are included and marked, so a departure
 * corrected on appeal stays visible.
 */
export async function departuresReport(ctx: Ctx, raw: { year?: number | undefined }) {
  authorize(ctx.actor, 'stats.read');
  // FL-5(1), FL-7(7): of a case the reader reads as its subject, only his own decision item is listed
  const rows = await departures(ctx.db.kysely, ctx.actor, raw.year, subjectsShownTo(ctx.actor).recordShown);
  const people = await peopleByIds(ctx.db.kysely, rows.map((r) => r.subjectPersonId));
  return {
    items: rows.map((r) => ({
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      decisionId: r.decisionId,
      decidedOn: r.decidedOn,
      decisionStatus: r.decisionStatus,
      ruleEvaluationId: r.ruleEvaluationId,
      subjectPersonId: r.subjectPersonId,
      subjectName: people.get(r.subjectPersonId)?.name ?? r.subjectPersonId,
      forms: r.forms,
      recommendedForms: r.recommendedForms,
      departedForms: r.departedForms,
      reason: r.departureReason ?? '',
    })),
  };
}
