// A second rule pack for the tests of per-organisation packs (issue 11 point 3): the Banan pack
// with other procedural parameters — a step may be dated 10 days back without a reason (3 in
// the Banan pack), a meeting needs 3 members present (2), the defence period is 10 calendar days
// (5 working days). It starts one day after the Banan pack (two packs may not start on one day).
// A test registers it by mocking src/rules/registry (vi.mock), then lets one organisation choose it.
import { bananHousing2019 } from '../../src/rules/packs/banan-housing-2019';
import type { DatedParameter, RulePack } from '../../src/rules/types';

const first = <T>(p: DatedParameter<T>, value: T): DatedParameter<T> => ({ ...p, values: [{ ...p.values[0]!, value }] });
const P = bananHousing2019.parameters;

export const VARIANT_PACK_ID = 'banan-variant-test';

export const variantPack: RulePack = {
  ...bananHousing2019,
  id: VARIANT_PACK_ID,
  validity: { ...bananHousing2019.validity, from: '2019-11-26' },
  parameters: {
    ...P,
    backdateDays: first(P.backdateDays as DatedParameter<{ days: number; basisZh: string; basisEn: string }>, { days: 10, basisZh: '测试：10 日', basisEn: 'test: 10 days' }),
    meetingQuorum: first(P.meetingQuorum as DatedParameter<Record<string, unknown>>, { moreThanFraction: 0.5, countRecusedOut: true, minPresent: 3, majorityOfPresent: true }),
    defencePeriod: first(P.defencePeriod as DatedParameter<{ days: number; dayKind: string }>, { days: 10, dayKind: 'calendar' }),
  } as RulePack['parameters'],
};
