// The guard every case command passes, and the list of next actions sent with every case
// response — both computed from ACTION_DEFS so they cannot disagree.
import { ACTION_DEFS, ACTORSHIP_LABELS, CASE_ACTIONS, type ActionDef, type ActorFacts, type Actorship, type CaseAction, type CaseFacts, type Refusal, type StateRefusalCode } from './actions';
import { STATE_LABELS, type CaseState } from './states';
import type { ActionSchemaName } from './schemas';

export type TransitionCheck =
  | { ok: true; def: ActionDef; to: CaseState | 'same'; citation: string }
  | { ok: false; code: 'TRANSITION_NOT_ALLOWED' | 'TRANSITION_ROLE' | 'PRECONDITION_FAILED' | StateRefusalCode; zh: string; en: string; citation: string };

export const citationOf = (def: ActionDef, f: CaseFacts): string => (typeof def.citation === 'function' ? def.citation(f) : def.citation);
export const whoOf = (def: ActionDef, f: CaseFacts): readonly Actorship[] => (typeof def.who === 'function' ? def.who(f) : def.who);

/** The ways this actor relates to this case. */
export function actorships(f: CaseFacts, a: ActorFacts): Actorship[] {
  const out: Actorship[] = [];
  if (a.roles.includes('clerk')) out.push('clerk');
  if (a.roles.includes('leader')) out.push('leader');
  if (a.roles.includes('decider')) out.push('decider');
  if (a.roles.includes('investigator') && f.teamUserIds.includes(a.userId)) out.push('team_investigator');
  if (a.roles.includes('subject') && a.personId && f.subjectPersonIds.includes(a.personId)) out.push('case_subject');
  return out;
}

export function nextState(def: ActionDef, f: CaseFacts, input: Record<string, unknown>): CaseState {
  const to = typeof def.to === 'function' ? def.to(f, input) : def.to;
  return to === 'same' ? f.state : to;
}

/**
 * Checks, in order: the state allows the action (TRANSITION_NOT_ALLOWED, or the step's own code
 * where it names one for that state: `refusedIn`), the actor may take it
 * (TRANSITION_ROLE), the case's data meets its preconditions (PRECONDITION_FAILED). Each refusal
 * names the rule (citation) and says why in Chinese and English.
 */
export function checkTransition(f: CaseFacts, action: CaseAction, actor: ActorFacts): TransitionCheck {
  const def = ACTION_DEFS[action];
  const citation = citationOf(def, f);
  const label = `「${def.labelZh}」`;
  if (!def.from.includes(f.state)) {
    const own = def.refusedIn?.states.includes(f.state) ? def.refusedIn : null;
    if (own) return { ok: false, code: own.code, zh: `${label}：${own.zh}（${own.citation}）`, en: `"${def.labelEn}": ${own.en} (${own.citation})`, citation: own.citation };
    return {
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      zh: `案件处于「${STATE_LABELS[f.state].zh}」状态，不能${label}（${citation}）`,
      en: `a case in state "${STATE_LABELS[f.state].en}" cannot take "${def.labelEn}" (${citation})`,
      citation,
    };
  }
  const who = whoOf(def, f);
  const mine = actorships(f, actor);
  if (!who.some((w) => mine.includes(w))) {
    return {
      ok: false,
      code: 'TRANSITION_ROLE',
      zh: `${label}只能由${who.map((w) => ACTORSHIP_LABELS[w].zh).join('或')}办理（${citation}）`,
      en: `"${def.labelEn}" may only be taken by ${who.map((w) => ACTORSHIP_LABELS[w].en).join(' or ')} (${citation})`,
      citation,
    };
  }
  const refusal: Refusal | null = def.precondition ? def.precondition(f) : null;
  if (refusal) {
    return { ok: false, code: 'PRECONDITION_FAILED', zh: `${label}：${refusal.zh}（${refusal.citation}）`, en: `"${def.labelEn}": ${refusal.en} (${refusal.citation})`, citation: refusal.citation };
  }
  return { ok: true, def, to: typeof def.to === 'string' ? def.to : f.state, citation };
}

export interface AllowedAction {
  action: CaseAction;
  labelZh: string;
  labelEn: string;
  citation: string;
  needs: ActionSchemaName;
  /** set when state and role allow the step but the case's data does not yet (the UI may show it disabled) */
  blocked?: { zh: string; en: string; citation: string };
}

/** The actions this actor may take next on this case, from the same checks that guard them. */
export function allowedActions(f: CaseFacts, actor: ActorFacts, opts: { includeBlocked?: boolean } = {}): AllowedAction[] {
  const out: AllowedAction[] = [];
  for (const action of CASE_ACTIONS) {
    const r = checkTransition(f, action, actor);
    const def = ACTION_DEFS[action];
    const base = { action, labelZh: def.labelZh, labelEn: def.labelEn, citation: citationOf(def, f), needs: def.needs };
    if (r.ok) out.push(base);
    else if (r.code === 'PRECONDITION_FAILED' && opts.includeBlocked) out.push({ ...base, blocked: { zh: r.zh, en: r.en, citation: r.citation } });
  }
  return out;
}

/**
 * The actorships the case waits on now, whoever the actor (issue 14 point 5): `w` is in it when
 * some step the state allows, whose preconditions the case meets, is taken by `w` and is not
 * optional for `w`. For an actor, `allowedActions(f, a).filter(x => waitsOn(f, x.action, a))` is
 * non-empty exactly when one of `actorships(f, a)` is in this list — stored on the case row
 * (cases.waits_*) so the queue reads it through an index instead of every case's facts.
 */
export function waitingActorships(f: CaseFacts): Actorship[] {
  const out = new Set<Actorship>();
  for (const action of CASE_ACTIONS) {
    const def = ACTION_DEFS[action];
    if (def.optional === true || !def.from.includes(f.state)) continue;
    if (def.precondition && def.precondition(f)) continue;
    const optionalFor: readonly Actorship[] = Array.isArray(def.optional) ? def.optional : [];
    for (const w of whoOf(def, f)) if (!optionalFor.includes(w)) out.add(w);
  }
  return [...out];
}

/** Whether the case waits on this actor for the action (optional steps never make it wait). */
export function waitsOn(f: CaseFacts, action: CaseAction, actor: ActorFacts): boolean {
  const def = ACTION_DEFS[action];
  if (def.optional === true) return false;
  const optionalFor: readonly Actorship[] = Array.isArray(def.optional) ? def.optional : [];
  const mine = actorships(f, actor);
  return whoOf(def, f).some((w) => mine.includes(w) && !optionalFor.includes(w));
}

/**
 * The facts a step is judged on. A step that sets the tracks (立案 with `tracks`) is taken on the
 * fault track when FL is among them before or after it: FL-15 gives the registration of a fault
 * case to the 委党委会 — who may take it and whether a meeting must stand behind it — and a case
 * brought onto the fault track at registration is no exception.
 */
export function factsForStep(f: CaseFacts, action: CaseAction, input: Record<string, unknown>): CaseFacts {
  const tracks = Array.isArray(input.tracks) ? (input.tracks as unknown[]) : [];
  if (action === 'register' && tracks.includes('FL') && !f.tracks.includes('FL')) return { ...f, tracks: [...f.tracks, 'FL'] };
  return f;
}
