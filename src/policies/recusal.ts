// Recusal (回避) and the separation of investigation from decision (调查与决定分离): who must
// stand aside from a case, and why. One place for the rule, used by every case step (the guard
// in src/services/cases/impartiality.ts), by the list of steps offered to a user, by the choice
// of investigators (team candidates, WC-9(2)) and by anything that seats people on a case later
// (e.g. the members of a decision meeting): call `conflictsOf` / `separationConflicts`.
//
// The measures do not spell recusal out; it follows from FL-5(1) 实事求是、客观公正 and, by
// analogy, from 《行政处罚法》第四十三条. Each conflict source is a dated parameter of the rule
// pack in force (on by default): `impartialityParams(date)`.
//
// Every ground judged by register person (subject, original-case participant, declared relative)
// counts the records of one name in one unit as one officer (`sameOfficer`): the register has no ID
// number, and a namesake record a clerk makes with a typed employee number must not take the
// officer himself out of his own case (FL-5(1), red-team walk of the seventeenth session).
//
// This module is pure (no SQL); the facts are loaded by `loadRecusalFacts` in recusal-repo.ts.
import { AppError } from '../errors';
import { packInForce, type RulePack } from '../rules';
import { valueAt } from '../rules/params';
import { can, type Actor } from './roles';

export type ConflictSource = 'subject' | 'original_participant' | 'relationship' | 'reporter' | 'self_recusal' | 'challenge_granted' | 'investigation_team' | 'accepter';

export interface ImpartialitySwitch {
  enabled: boolean;
  basisZh: string;
  basisEn: string;
}

export interface ImpartialityParams {
  subject: ImpartialitySwitch;
  originalParticipant: ImpartialitySwitch;
  relationship: ImpartialitySwitch;
  reporter: ImpartialitySwitch;
  separationInvestigationDecision: ImpartialitySwitch;
  separationAccepterChair: ImpartialitySwitch;
  backdate: { days: number; basisZh: string; basisEn: string };
}

const RECUSAL: ImpartialitySwitch = { enabled: true, basisZh: 'FL-5(1)；参照《中华人民共和国行政处罚法》第四十三条', basisEn: 'FL-5(1); by analogy, Administrative Penalty Law art. 43' };
const SEPARATION: ImpartialitySwitch = { enabled: true, basisZh: 'FL-5(1)（调查与决定分离）', basisEn: 'FL-5(1) (investigation separate from decision)' };

/** Used only when no pack is in force on the date (before 2019-11-25): every safeguard on. */
export const DEFAULT_IMPARTIALITY: ImpartialityParams = {
  subject: RECUSAL,
  originalParticipant: RECUSAL,
  relationship: RECUSAL,
  reporter: RECUSAL,
  separationInvestigationDecision: SEPARATION,
  separationAccepterChair: SEPARATION,
  backdate: { days: 3, basisZh: 'FL-5(1)；程序正当', basisEn: 'FL-5(1); due process' },
};

const PARAM_NAMES = {
  subject: 'recusalSubject',
  originalParticipant: 'recusalOriginalParticipant',
  relationship: 'recusalRelationship',
  reporter: 'recusalReporter',
  separationInvestigationDecision: 'separationInvestigationDecision',
  separationAccepterChair: 'separationAccepterChair',
} as const;

/**
 * The safeguards of the rule pack in force on `onDate` (YYYY-MM-DD) among `packs` — the packs of
 * the case's organisation on that date (src/services/orgs/org-settings.ts#casePacksOn, #orgPacksOn);
 * without them, the deployment's registered packs.
 */
export function impartialityParams(onDate: string, packs?: readonly RulePack[]): ImpartialityParams {
  const pack = packInForce(onDate, packs ? { packs } : undefined);
  if (!pack) return DEFAULT_IMPARTIALITY;
  const out = { ...DEFAULT_IMPARTIALITY };
  for (const [key, name] of Object.entries(PARAM_NAMES) as [keyof typeof PARAM_NAMES, string][]) {
    const p = pack.parameters[name];
    const v = p ? valueAt(p, onDate) : undefined;
    if (v) out[key] = v.value as ImpartialitySwitch;
  }
  const b = pack.parameters.backdateDays;
  const bv = b ? valueAt(b, onDate) : undefined;
  if (bv) out.backdate = bv.value as ImpartialityParams['backdate'];
  return out;
}

export interface RelationshipFact {
  id: string;
  userId: string | null;
  personId: string | null;
  relatedPersonId: string;
  kind: string;
  note: string | null;
}

/** What recusal needs to know about a case (loaded by recusal-repo.ts). */
export interface RecusalFacts {
  caseId: string;
  tracks: readonly string[];
  subjectPersonIds: readonly string[];
  /** participants of the linked original enforcement case in FL-8 roles */
  participants: readonly { personId: string; role: string; isChair: boolean }[];
  /** active declared relationships touching a subject or a participant */
  relationships: readonly RelationshipFact[];
  /** the reporter, when the clerk linked the report to a member of staff */
  reporter: { userId: string | null; personId: string | null } | null;
  /** self-recusals in effect and granted challenges */
  recusals: readonly { id: string; userId: string; kind: 'self' | 'challenge'; reason: string }[];
  teamUserIds: readonly string[];
  /** who took the accept step */
  accepterUserId: string | null;
  /** register person id → name (subjects, participants, related people, and the namesakes below) */
  names: ReadonlyMap<string, string>;
  /**
   * register person id → the officer it is recorded as (its unit and folded name, `people.name_key`):
   * for the people above and every other record of the same name in the same unit. Records of one
   * officer key are one officer for every ground judged by register person (`sameOfficer`).
   */
  officerOf: ReadonlyMap<string, string>;
}

/**
 * FL-5(1): whether two register records are one officer as recusal judges it — the same record, or
 * two records of one name (folded, src/lib/person-name.ts) in one unit, whatever their employee
 * numbers. A clerk can register a namesake with a made-up employee number (the register has no ID
 * number): a case naming it must not let the officer himself judge it. Conservative: of two real
 * namesakes in one unit, both stand aside, and the body's other members act.
 */
export function sameOfficer(f: Pick<RecusalFacts, 'officerOf'>, a: string, b: string): boolean {
  if (a === b) return true;
  const k = f.officerOf.get(a);
  return k !== undefined && k === f.officerOf.get(b);
}

/** What a ground reads when it is the namesake's, not the record's own (told to the person it concerns only). */
const AS_NAMESAKE = { zh: '（同单位同名人员，回避时按同一人认定）', en: ' (a record of the same name in the same unit counts as the same officer)' };

/** The person checked: a user account and its register person, if any. */
export interface PersonActor {
  userId: string;
  personId: string | null;
  name: string;
}

export interface Conflict {
  source: ConflictSource;
  userId: string;
  name: string;
  reasonZh: string;
  reasonEn: string;
  basisZh: string;
  basisEn: string;
}

const ROLE_LABELS: Record<string, { zh: string; en: string }> = {
  handler: { zh: '原执法案件承办人', en: 'handler of the original case' },
  approver: { zh: '原执法案件批准人', en: 'approver of the original case' },
  deliberation_member: { zh: '原执法案件集体讨论成员', en: 'member of the original case’s collective deliberation' },
  deliberation_chair: { zh: '原执法案件集体讨论主持人', en: 'chair of the original case’s collective deliberation' },
  instructing_leader: { zh: '原执法案件授意或指使的负责人', en: 'leader who instructed the original case' },
  assigner: { zh: '原执法案件指派承办人的人员', en: 'person who assigned the original case' },
};

export const roleLabel = (role: string, isChair: boolean): { zh: string; en: string } =>
  ROLE_LABELS[role === 'deliberation_member' && isChair ? 'deliberation_chair' : role] ?? { zh: `原执法案件参与人（${role}）`, en: `participant of the original case (${role})` };

const KIND_LABELS: Record<string, { zh: string; en: string }> = {
  close_relative: { zh: '近亲属关系', en: 'a close-relative relationship' },
  other_interest: { zh: '其他利害关系', en: 'another interest' },
};
export const relationshipKindLabel = (k: string): { zh: string; en: string } => KIND_LABELS[k] ?? { zh: k, en: k };

/** Whom on the case a register person is — subject or original-case participant (labels) —, one officer's records of one name in one unit counted as one (`sameOfficer`). */
function standingOf(f: RecusalFacts, personId: string): { zh: string; en: string }[] {
  const out: { zh: string; en: string }[] = [];
  if (f.subjectPersonIds.some((s) => sameOfficer(f, s, personId))) out.push({ zh: '本案被调查人', en: 'a subject of this case' });
  for (const p of f.participants.filter((x) => sameOfficer(f, x.personId, personId))) out.push(roleLabel(p.role, p.isChair));
  return out;
}

/**
 * Every reason `who` must stand aside from the case (recusal sources only; separation is
 * `separationConflicts`). Empty when none. Disabled sources (pack parameters) are skipped.
 */
export function conflictsOf(f: RecusalFacts, who: PersonActor, params: ImpartialityParams = DEFAULT_IMPARTIALITY): Conflict[] {
  const out: Conflict[] = [];
  const add = (source: ConflictSource, sw: ImpartialitySwitch, zh: string, en: string): void => {
    out.push({ source, userId: who.userId, name: who.name, reasonZh: zh, reasonEn: en, basisZh: sw.basisZh, basisEn: sw.basisEn });
  };
  const pid = who.personId;
  // FL-5(1): the account's register person, or another record of its name in its unit (`sameOfficer`)
  const isMe = (id: string | null): boolean => pid !== null && id !== null && sameOfficer(f, id, pid);
  const tail = (id: string) => (id === pid ? { zh: '', en: '' } : AS_NAMESAKE);
  const subject = f.subjectPersonIds.find((s) => s === pid) ?? f.subjectPersonIds.find(isMe);
  if (subject && params.subject.enabled) add('subject', params.subject, `本案被调查人${tail(subject).zh}`, `a subject of this case${tail(subject).en}`);
  if (pid && params.originalParticipant.enabled) {
    for (const p of f.participants.filter((x) => isMe(x.personId))) {
      const r = roleLabel(p.role, p.isChair);
      add('original_participant', params.originalParticipant, `${r.zh}${tail(p.personId).zh}`, `${r.en}${tail(p.personId).en}`);
    }
  }
  if (params.relationship.enabled) {
    for (const r of f.relationships) {
      const mine = r.userId === who.userId || isMe(r.personId);
      const other = mine ? r.relatedPersonId : isMe(r.relatedPersonId) ? r.personId : null;
      if (!other) continue;
      const standing = standingOf(f, other);
      if (!standing.length) continue;
      const k = relationshipKindLabel(r.kind);
      const otherName = f.names.get(other) ?? other;
      add(
        'relationship',
        params.relationship,
        `与${standing.map((s) => s.zh).join('、')}${otherName}有申报的${k.zh}${r.note ? `（${r.note}）` : ''}`,
        `${k.en} with ${otherName}, ${standing.map((s) => s.en).join(', ')} (declared)`,
      );
    }
  }
  if (f.reporter && params.reporter.enabled && (f.reporter.userId === who.userId || (pid !== null && f.reporter.personId === pid))) {
    add('reporter', params.reporter, '本案举报人', 'the reporter of this case');
  }
  for (const r of f.recusals.filter((x) => x.userId === who.userId)) {
    const basis = { enabled: true, basisZh: RECUSAL.basisZh, basisEn: RECUSAL.basisEn };
    if (r.kind === 'self') add('self_recusal', basis, `已自行回避（${r.reason}）`, `has recused themselves (${r.reason})`);
    else add('challenge_granted', basis, `被调查人申请回避已获准许（${r.reason}）`, `a subject's challenge was granted (${r.reason})`);
  }
  return out;
}

/**
 * 调查与决定分离 for one person on the case's decision: a voter may not be a member of the
 * investigation team; a chair neither, nor the person who accepted the case.
 */
export function separationConflicts(f: RecusalFacts, who: PersonActor | string, role: 'voter' | 'chair', params: ImpartialityParams = DEFAULT_IMPARTIALITY): Conflict[] {
  const p: PersonActor = typeof who === 'string' ? { userId: who, personId: null, name: who } : who;
  const out: Conflict[] = [];
  const sw1 = params.separationInvestigationDecision;
  if (sw1.enabled && f.teamUserIds.includes(p.userId)) {
    out.push({ source: 'investigation_team', userId: p.userId, name: p.name, reasonZh: '本案调查组成员（调查与决定分离）', reasonEn: 'a member of this case’s investigation team (investigation separate from decision)', basisZh: sw1.basisZh, basisEn: sw1.basisEn });
  }
  const sw2 = params.separationAccepterChair;
  if (role === 'chair' && sw2.enabled && f.accepterUserId === p.userId) {
    out.push({ source: 'accepter', userId: p.userId, name: p.name, reasonZh: '本案受理人，不得主持本案决定', reasonEn: 'accepted this case, so may not chair its decision', basisZh: sw2.basisZh, basisEn: sw2.basisEn });
  }
  return out;
}

/** The dual roles a switched-off separation parameter lets through: recorded on the step. */
export function dualRoles(f: RecusalFacts, who: PersonActor, role: 'voter' | 'chair', params: ImpartialityParams): { zh: string; en: string }[] {
  const off: ImpartialityParams = {
    ...params,
    separationInvestigationDecision: { ...params.separationInvestigationDecision, enabled: !params.separationInvestigationDecision.enabled },
    separationAccepterChair: { ...params.separationAccepterChair, enabled: !params.separationAccepterChair.enabled },
  };
  return separationConflicts(f, who, role, off).map((c) => ({ zh: `${c.name}：${c.reasonZh}（该参数已关闭，记录双重身份）`, en: `${c.name}: ${c.reasonEn} (parameter switched off; dual role recorded)` }));
}

export const describeConflicts = (cs: readonly Conflict[]): { zh: string; en: string } => ({
  zh: cs.map((c) => `${c.name}（${c.reasonZh}；依据：${c.basisZh}）`).join('；'),
  en: cs.map((c) => `${c.name} (${c.reasonEn}; basis: ${c.basisEn})`).join('; '),
});

/** RECUSAL_REQUIRED naming the person, the reasons and the basis. */
export function recusalError(cs: readonly Conflict[], step: { zh: string; en: string }): AppError {
  const d = describeConflicts(cs);
  return new AppError(
    'RECUSAL_REQUIRED',
    { zh: `${d.zh}，应当回避，不得办理「${step.zh}」`, en: `${d.en} must recuse from "${step.en}"` },
    { conflicts: cs.map((c) => ({ source: c.source, userId: c.userId, name: c.name, reasonZh: c.reasonZh, reasonEn: c.reasonEn, basisZh: c.basisZh, basisEn: c.basisEn })) },
  );
}

/** SEPARATION_REQUIRED naming the person, the reason and the basis. */
export function separationError(cs: readonly Conflict[], step: { zh: string; en: string }): AppError {
  const d = describeConflicts(cs);
  return new AppError(
    'SEPARATION_REQUIRED',
    { zh: `${d.zh}，不得办理「${step.zh}」`, en: `${d.en} may not take "${step.en}"` },
    { conflicts: cs.map((c) => ({ source: c.source, userId: c.userId, name: c.name, reasonZh: c.reasonZh, reasonEn: c.reasonEn, basisZh: c.basisZh, basisEn: c.basisEn })) },
  );
}

// ---------------------------------------------------------------- access to the register

/** Anyone on staff may declare their own relationships; clerks and administrators anyone's. */
export function mayDeclareRelationshipFor(actor: Actor, target: { userId: string | null; personId: string | null }): boolean {
  if (!can(actor, 'relationships.declare')) return false;
  if (can(actor, 'relationships.manage')) return true;
  return (target.userId !== null && target.userId === actor.userId) || (target.personId !== null && target.personId === actor.personId && target.userId === null);
}

/** A relationship is withdrawn by whoever declared it, or by a clerk/administrator. */
export function mayWithdrawRelationship(actor: Actor, declaredBy: string): boolean {
  return can(actor, 'relationships.manage') || (can(actor, 'relationships.declare') && declaredBy === actor.userId);
}

/** How a ground to stand aside reads to anyone but the person it concerns (FL-5(1), FL-7(7)). */
export const NEUTRAL_GROUND = { zh: '依法应当回避', en: 'must stand aside by law' } as const;

/**
 * A ground as others may read it (a leader choosing the team, the members of a meeting, the
 * deputy's record on the timeline): every ground reads the same neutral way, without its reason —
 * a reason shown for the other grounds and withheld for the reporter's alone named the staff
 * reporter by elimination (FL-7(7); red-team walks: first "本案举报人", then "涉及举报人保护"
 * beside a name). The person it concerns is told their own ground as it is (`recusalError`).
 */
export function groundAsShownToOthers<T extends { source: ConflictSource; reasonZh: string; reasonEn: string }>(c: T): T {
  return { ...c, reasonZh: NEUTRAL_GROUND.zh, reasonEn: NEUTRAL_GROUND.en };
}

/**
 * A person's grounds as others may read them: one neutral entry whatever their number (how many
 * grounds a person has would tell a reporter ground apart from a subject's), none when there is none.
 */
export function groundsAsShownToOthers<T extends { source: ConflictSource; reasonZh: string; reasonEn: string }>(cs: readonly T[]): T[] {
  return cs.length ? [groundAsShownToOthers(cs[0]!)] : [];
}
