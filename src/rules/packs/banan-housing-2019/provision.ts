// Helpers to declare provisions next to the code that encodes them. The citation is parsed
// into measure/article/item so the text and the id cannot drift apart.
import type { Bilingual, Provision } from '../../types';

function parse(id: string): { measure: string; article: number; item: number | null } {
  const m = /^([A-Z]+)-(\d+)(?:\((\d+)\))?$/.exec(id);
  if (!m) throw new Error(`bad citation ${id}`);
  return { measure: m[1]!, article: Number(m[2]), item: m[3] ? Number(m[3]) : null };
}

/** A provision encoded as a rule (or as pack data the engine applies). */
export function rule(id: string, textZh: string, en: string): Provision {
  return { id, ...parse(id), textZh, en, disposition: 'rule' };
}

/** A provision the case workflow enforces; `step` names where. */
export function guard(id: string, textZh: string, en: string, step: string, where: Bilingual): Provision {
  return { id, ...parse(id), textZh, en, disposition: 'workflow_guard', guard: { step, zh: where.zh, en: where.en } };
}

/** A provision deliberately not encoded, with the reason. */
export function notEncoded(id: string, textZh: string, en: string, reason: Bilingual): Provision {
  return { id, ...parse(id), textZh, en, disposition: 'not_encoded', reason };
}

/** A number the source skips. */
export function absent(id: string, reason: Bilingual): Provision {
  return { id, ...parse(id), textZh: '', en: '', disposition: 'absent_in_source', reason };
}

/** Shorthand for a bilingual reason. */
export const why = (zh: string, en: string): Bilingual => ({ zh, en });
