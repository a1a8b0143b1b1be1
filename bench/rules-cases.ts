// The cases of `npm run bench:rules` (bench/rules.ts), shared with the engine equivalence test
// (src/rules/engine-equivalence.test.ts): the realistic bench case and its rotating variants.
import { parseFacts, type Facts } from '../src/rules/index';

// A realistic case: a penalty revoked by a final judgment (WC-5(4)); the handler erred, two
// approval levels missed it, a leader had suggested the outcome, the handler's assigner let an
// officer with a suspended certificate co-handle, state compensation was paid, serious
// consequences; priors and a certificate register to check.
export const facts: Facts = parseFacts({
  schemaVersion: 1,
  caseRef: 'BENCH-1',
  conductDate: '2023-06-15',
  decisionDate: '2024-01-20',
  originalCase: { ref: '巴住建罚〔2023〕88号', kind: 'penalty', decisionDate: '2023-06-20' },
  wrongCase: { isWrongCase: true, source: 'WC-5(4)', reference: '(2023)渝0113行初100号' },
  errorOrigins: ['handler', 'approval_oversight', 'leader_instruction'],
  consequences: { adverse: true, serious: true, badInfluence: false, stateCompensation: { paid: true, amountYuan: 48000 } },
  participants: [
    {
      id: 'p1',
      name: '承办人甲',
      unitId: 'u1',
      unitName: '执法支队一大队',
      roles: [{ role: 'handler' }],
      faults: ['FL-7(3)', 'WC-6(5)'],
      culpability: 'gross_negligence',
      circumstances: ['FL-9(2)', 'FL-10(2)'],
      priorCases: [{ ref: 'WZ-2022-003', decidedOn: '2022-09-01', conductDate: '2022-03-01', heldAccountable: true }],
    },
    {
      id: 'p2',
      name: '协办人乙',
      unitId: 'u1',
      unitName: '执法支队一大队',
      roles: [{ role: 'handler' }],
      faults: ['FL-7(5)'],
      culpability: 'negligence',
    },
    {
      id: 'p3',
      name: '大队长丙',
      unitId: 'u1',
      unitName: '执法支队一大队',
      roles: [{ role: 'approver', level: 1 }, { role: 'assigner', assignedIds: ['p1', 'p2'] }],
      faults: ['FL-7(3)'],
      culpability: 'negligence',
    },
    {
      id: 'p4',
      name: '支队长丁',
      unitId: 'u2',
      unitName: '执法支队',
      roles: [{ role: 'approver', level: 2 }],
      faults: ['FL-7(3)'],
      culpability: 'gross_negligence',
      circumstances: ['WC-7(1)'],
    },
    {
      id: 'p5',
      name: '副主任戊',
      unitId: 'u3',
      unitName: '委领导',
      roles: [{ role: 'instructing_leader' }],
      faults: ['FL-7(1)'],
      culpability: 'intent',
      circumstances: ['FL-10(5)'],
    },
    {
      id: 'p6',
      name: '科员己',
      unitId: 'u1',
      unitName: '执法支队一大队',
      roles: [{ role: 'collective_member', opinion: 'silent' }],
    },
  ],
  certificates: [
    { holderId: 'p1', number: 'CQ-001', validFrom: '2020-01-01', validTo: '2025-12-31' },
    {
      holderId: 'p2',
      number: 'CQ-002',
      validFrom: '2020-01-01',
      validTo: '2025-12-31',
      statusHistory: [
        { status: 'suspended', from: '2023-05-01' },
        { status: 'valid', from: '2023-09-01' },
      ],
    },
    { holderId: 'p3', number: 'CQ-003', validFrom: '2019-01-01', validTo: '2024-12-31' },
    { holderId: 'p4', number: 'CQ-004', validFrom: '2019-01-01', validTo: '2024-12-31' },
  ],
});

// ---------------------------------------------------------------------------------------------
// Rotating cases (issue 10): variants of the bench case, so neither side sees one shape only.
// ---------------------------------------------------------------------------------------------
type P = Facts['participants'][number];
const tweak = (f: Facts, id: string, over: Partial<P>): Facts => ({ ...f, participants: f.participants.map((p) => (p.id === id ? { ...p, ...over } : p)) });
export const ROTATION: Facts[] = [
  facts,
  tweak(facts, 'p1', { culpability: 'intent' }),
  tweak(facts, 'p2', { faults: [] }),
  tweak(facts, 'p4', { subject: false }),
  tweak(facts, 'p5', { culpability: 'none' }),
  tweak(facts, 'p2', { enforcementStaff: false }),
  { ...facts, participants: facts.participants.filter((p) => p.id !== 'p4') },
  tweak(tweak(facts, 'p6', { roles: [{ role: 'collective_member', opinion: 'insisted', chair: true }] }), 'p3', { culpability: 'none' }),
];

