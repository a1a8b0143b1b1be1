// The subject's rights before 陈述申辩 (WC-11; issue 7 point 6): the basis of the decision in
// Chinese (each cited article with its text from the rule pack) and the deadline to respond
// (the pack's `defencePeriod`, counted from service of the decision on the working calendar) —
// the pack the case's organisation applies on the day of service (issue 11).
import { computeDueDate } from '../../calendar/deadlines';
import { packInForce } from '../../rules';
import { casePacksOn } from '../orgs/org-settings';
import { valueAt } from '../../rules/params';
import { getWorkingCalendar } from '../calendar-service';
import type { Deps } from '../context';
import { articleText, citationZh, labelOf, sortCitations } from '../documents/citations-zh';
import type { Q } from './repo';

export interface BasisEntry {
  citation: string;
  /** 《…办法》第六条第（三）项 */
  articleZh: string;
  label: string;
  textZh: string | null;
}

/** The articles a decision item rests on: its forms and the faults and circumstances of the finding. */
export function basisOf(forms: readonly string[], finding: { faults?: unknown; circumstances?: unknown } | null): BasisEntry[] {
  const ids = new Set<string>(forms);
  for (const f of (finding?.faults as string[] | undefined) ?? []) ids.add(f);
  for (const c of (finding?.circumstances as string[] | undefined) ?? []) ids.add(c);
  return sortCitations(ids).map((c) => ({ citation: c, articleZh: citationZh(c), label: labelOf(c), textZh: articleText(c) }));
}

export interface RespondBy {
  notifiedOn: string;
  dueDate: string;
  days: number;
  dayKind: 'working' | 'calendar';
  citation: string;
  provisional: boolean;
  /** WC-11: the subject waived the defence in writing at service: the period is not theirs to run */
  waived: boolean;
  /** where the waiver is written (e.g. the 送达回证) */
  waiverNote: string | null;
}

/** The deadline to state a defence, from the day the decision was served (null when not served). */
export async function respondByOf(
  deps: Pick<Deps, 'db'>,
  q: Q,
  caseId: string,
  notifiedOn: string | null,
  waiver: { defenceWaived: boolean; waiverNote: string | null } = { defenceWaived: false, waiverNote: null },
): Promise<RespondBy | null> {
  if (!notifiedOn) return null;
  const pack = packInForce(notifiedOn, { packs: await casePacksOn(q, caseId, notifiedOn) });
  const param = pack?.parameters.defencePeriod as Parameters<typeof valueAt<{ days: number; dayKind: 'working' | 'calendar' }>>[0] | undefined;
  const v = param ? valueAt(param, notifiedOn)?.value : undefined;
  if (!v) return null;
  const cal = await getWorkingCalendar(deps, q === deps.db.kysely ? undefined : (q as never));
  const due = computeDueDate(cal, notifiedOn, { days: v.days, dayKind: v.dayKind });
  return { notifiedOn, dueDate: due.date, days: v.days, dayKind: v.dayKind, citation: 'WC-11', provisional: due.provisional, waived: waiver.defenceWaived, waiverNote: waiver.waiverNote };
}
