// Random valid cases under banan-housing-2019 (fast-check), for the property tests and the
// engine equivalence fixture. Test-only; names no item id (the tests pass their lists in).
import fc from 'fast-check';
import { bananHousing2019 } from './packs/banan-housing-2019';
import type { Facts, Participant, ParticipantRole } from './schema';
import { ERROR_ORIGINS } from './schema';

const isoDate = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const role = (n: number): fc.Arbitrary<ParticipantRole> =>
  fc.oneof(
    fc.constant<ParticipantRole>({ role: 'handler' }),
    fc.integer({ min: 1, max: 3 }).map((level): ParticipantRole => ({ role: 'approver', level })),
    fc
      .record({ opinion: fc.constantFrom('insisted', 'agreed', 'dissented', 'silent' as const), chair: fc.boolean() })
      .map(({ opinion, chair }): ParticipantRole => ({ role: 'collective_member', opinion, ...(chair ? { chair } : {}) })),
    fc.constant<ParticipantRole>({ role: 'instructing_leader' }),
    fc.constant<ParticipantRole>({ role: 'direct_responsible' }),
    fc.integer({ min: 0, max: n - 1 }).map((i): ParticipantRole => ({ role: 'assigner', assignedIds: [`P${i}`] })),
  );

/** Roles of one person: at most one approver and one collective role (as FactsSchema requires). */
const roles = (n: number) =>
  fc.uniqueArray(role(n), { maxLength: 3, selector: (r) => (r.role === 'approver' || r.role === 'collective_member' ? r.role : JSON.stringify(r)) });

const participant = (i: number, n: number, circumstances: readonly string[]): fc.Arbitrary<Participant> =>
  fc.record({
    id: fc.constant(`P${i}`),
    name: fc.constant(`人员${i}`),
    unitId: fc.constantFrom('u1', 'u2'),
    roles: roles(n),
    faults: fc.subarray([...bananHousing2019.vocabulary.faults], { maxLength: 3 }),
    culpability: fc.constantFrom('intent', 'gross_negligence', 'negligence', 'none', 'undetermined' as const),
    circumstances: fc.subarray([...circumstances], { maxLength: 3 }),
    crimeSuspected: fc.boolean().map((b) => b && i === 0), // a crime for P0 only, to keep it rare
    subject: fc.integer({ min: 0, max: 4 }).map((k) => k > 0), // mostly subjects; some context-only participants
    priorCases: fc.array(
      fc.record({ ref: fc.constant(`R${i}`), decidedOn: isoDate('2017-01-01', '2026-12-31'), heldAccountable: fc.boolean() }),
      { maxLength: 2 },
    ),
  });

/** Random valid cases whose participants' circumstances are drawn from `circumstances`. */
export const factsArbOf = (circumstances: readonly string[]): fc.Arbitrary<Facts> =>
  fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    schemaVersion: fc.constant(1 as const),
    conductDate: isoDate('2019-11-25', '2026-12-31'),
    originalCase: fc.record({ kind: fc.constantFrom('penalty', 'licence', 'inspection' as const) }),
    wrongCase: fc.oneof(
      fc.constant({ isWrongCase: false }),
      fc.constantFrom(...bananHousing2019.vocabulary.wrongCaseSources).map((source) => ({ isWrongCase: true, source })),
    ),
    errorOrigins: fc.subarray([...ERROR_ORIGINS]),
    consequences: fc.record({
      adverse: fc.boolean(),
      serious: fc.boolean(),
      badInfluence: fc.boolean(),
      stateCompensation: fc.option(fc.record({ paid: fc.boolean(), amountYuan: fc.integer({ min: 0, max: 1_000_000 }) }), { nil: undefined }),
    }),
    participants: fc.tuple(...Array.from({ length: n }, (_, i) => participant(i, n, circumstances))),
    certificates: fc.option(
      fc.array(
        fc.record({
          holderId: fc.integer({ min: 0, max: n - 1 }).map((i) => `P${i}`),
          number: fc.constant('CQ'),
          validFrom: isoDate('2015-01-01', '2022-12-31'),
          validTo: isoDate('2023-01-01', '2030-12-31'),
        }),
        { maxLength: n },
      ),
      { nil: undefined },
    ),
  }),
) as fc.Arbitrary<Facts>;
