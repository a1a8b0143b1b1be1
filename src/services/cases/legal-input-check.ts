// The legal vocabulary of a step's input, checked on the server against the rule pack of the
// case's organisation on the date (issue 10 point 14). The step schemas
// (src/domain/cases/schemas.ts, also run by the web before sending) check only the form of a
// citation, so the web bundles no pack; which items exist is the pack's, read here.
import { FAULT_IDS, FORM_IDS, TYPED_CIRCUMSTANCE_IDS, DERIVED_CIRCUMSTANCES, EXECUTION_VOCABULARY } from '../../domain/cases/citations';
import type { ActionSchemaName } from '../../domain/cases';
import { validationError } from '../../lib/validation';
import { packInForce } from '../../rules';
import { REGISTERED_PACKS } from '../../rules/registry';
import type { RulePack } from '../../rules/types';

interface Ids {
  faults: ReadonlySet<string>;
  circumstances: ReadonlySet<string>;
  derived: readonly string[];
  forms: ReadonlySet<string>;
  sanctionKinds: ReadonlySet<string>;
}

const LATEST = REGISTERED_PACKS[REGISTERED_PACKS.length - 1]!;
const cache = new WeakMap<RulePack, Ids>();

function idsOf(pack: RulePack): Ids {
  let ids = cache.get(pack);
  if (!ids) {
    const v = pack.vocabulary;
    ids =
      pack === LATEST
        ? { faults: new Set(FAULT_IDS), circumstances: new Set(TYPED_CIRCUMSTANCE_IDS), derived: DERIVED_CIRCUMSTANCES, forms: new Set(FORM_IDS), sanctionKinds: new Set(Object.keys(EXECUTION_VOCABULARY.sanctionKinds)) }
        : {
            faults: new Set(v.faults),
            circumstances: new Set(v.circumstances.filter((c) => !v.derivedOnly.includes(c))),
            derived: v.derivedOnly,
            forms: new Set([...pack.ladder.flatMap((f) => f.citations), ...(v.consequenceForms ?? [])]),
            sanctionKinds: new Set(Object.keys(v.execution?.sanctionKinds ?? {})),
          };
    cache.set(pack, ids);
  }
  return ids;
}

type Issue = { code: 'custom'; path: (string | number)[]; message: string };

/**
 * Refuses (VALIDATION_FAILED, zh + en, with the path) an item id the pack in force on `date` among
 * `packs` does not know: faults, circumstances (a derived-only one is never typed), forms of
 * accountability, kinds of sanction.
 */
export function checkLegalInput(needs: ActionSchemaName, input: Record<string, unknown>, packs: readonly RulePack[], date: string): void {
  const pack = packInForce(date, { packs }) ?? packs[packs.length - 1] ?? LATEST;
  const ids = idsOf(pack);
  const issues: Issue[] = [];
  const each = (path: (string | number)[], list: unknown, known: ReadonlySet<string>, zh: string, en: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((x, k) => {
      if (typeof x === 'string' && !known.has(x)) issues.push({ code: 'custom', path: [...path, k], message: `${zh}：${x}（规则包 ${pack.id}） / ${en}: ${x} (rule pack ${pack.id})` });
    });
  };
  if (needs === 'FindingInput') {
    each(['faults'], input.faults, ids.faults, '不是规则包中的过错条目', 'not a fault item of the rule pack');
    const circ = Array.isArray(input.circumstances) ? input.circumstances : [];
    if (circ.some((c) => typeof c === 'string' && !ids.circumstances.has(c))) {
      issues.push({
        code: 'custom',
        path: ['circumstances'],
        message: `情节须为规则包中的从轻、从重条目；${ids.derived.join('、')} 由系统根据历史自动认定 / Circumstances must be items of the rule pack; ${ids.derived.join(', ')} is derived from the history`,
      });
    }
  } else if (needs === 'DecideInput' && Array.isArray(input.items)) {
    input.items.forEach((it: { forms?: unknown }, k) => each(['items', k, 'forms'], it?.forms, ids.forms, '不是规则包中的问责方式', 'not a form of accountability of the rule pack'));
  } else if (needs === 'AppealOutcomeInput') {
    each(['forms'], input.forms, ids.forms, '不是规则包中的问责方式', 'not a form of accountability of the rule pack');
  } else if (needs === 'CompleteExecutionInput' && typeof input.sanctionKind === 'string' && !ids.sanctionKinds.has(input.sanctionKind)) {
    issues.push({ code: 'custom', path: ['sanctionKind'], message: `不是规则包中的处分种类：${input.sanctionKind} / not a kind of sanction of the rule pack: ${input.sanctionKind}` });
  }
  if (issues.length) throw validationError(issues);
}
