// Readings of the case facts shared by this pack's modules, each named after the words of
// the measures it stands for.
import type { EvalContext, SubjectState } from '../../types';
import { roleBit, type ROLE_BIT } from '../../types';

/** 后果严重或影响恶劣 (FL-10, FL-11, FL-7(2)). */
export function seriousOrBadInfluence(ctx: EvalContext): boolean {
  const c = ctx.facts.consequences;
  return c.serious === true || c.badInfluence === true;
}

/** 不良后果 (FL-7(4)–(6), FL-8(6)): any adverse consequence; implied by serious or bad influence. */
export function adverseConsequences(ctx: EvalContext): boolean {
  const c = ctx.facts.consequences;
  return c.adverse === true || c.serious === true || c.badInfluence === true;
}

/** 尚未构成犯罪 / 虽未构成犯罪: this person's conduct is not suspected to be a crime. */
export function shortOfCrime(s: SubjectState): boolean {
  return s.shortOfCrime;
}

/** Whether the participant has `role` (read from the roles once per evaluation, SubjectState.roleBits). */
export function hasRole(s: SubjectState, role: keyof typeof ROLE_BIT): boolean {
  return (s.roleBits & roleBit(role)) !== 0;
}

/** Remove one citation from a subject's effective list (the list is the subject's own copy). */
export function drop(list: string[], id: string): void {
  const i = list.indexOf(id);
  if (i >= 0) list.splice(i, 1);
}
