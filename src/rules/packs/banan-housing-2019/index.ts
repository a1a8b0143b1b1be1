// Rule pack `banan-housing-2019`: the two measures issued by the Banan District Housing and
// Urban-Rural Development Commission on 2019-11-25 (source: docs/rules/source/banan-housing-2019.txt)
//   FL 《行政执法过错责任追究办法》 — fault liability, articles 1–17;
//   WC 《行政执法错案责任倒查问责办法》 — wrong-case liability, articles 1–11 and 第十三条 (no 12).
// Every article and item appears exactly once in `provisions` as a rule, a workflow guard or a
// "not encoded, because …" entry (see coverage()). One module per article or group of items.
import type { Measure, Provision, RulePack } from '../../types';
import * as fl0105 from './fl-01-05-general';
import * as fl07 from './fl-07-faults';
import * as fl08 from './fl-08-allocation';
import * as fl09 from './fl-09-lighter';
import * as fl10 from './fl-10-heavier';
import * as fl1112 from './fl-11-12-bands';
import * as fl1314 from './fl-13-14-consequences';
import * as fl1517 from './fl-15-17-procedure';
import * as ladder from './forms-ladder';
import { HIGHER_LAW } from './higher-law';
import { PARAMETERS, rangeTable } from './parameters';
import { EXCEPTIONS, PRIORITIES } from './priorities';
import { why } from './provision';
import * as wc0105 from './wc-01-05-scope';
import * as wc06 from './wc-06-faults';
import * as wc0708 from './wc-07-08-circumstances';
import * as wc0913 from './wc-09-13-procedure';
import { EXECUTION } from './execution';

const MEASURES: readonly Measure[] = [
  {
    id: 'FL',
    title: why('《行政执法过错责任追究办法》', 'Measures on Liability for Administrative Enforcement Faults'),
    articles: [
      { n: 1, items: 0 },
      { n: 2, items: 0 },
      { n: 3, items: 0 },
      { n: 4, items: 0 },
      { n: 5, items: 5 },
      { n: 6, items: 6 },
      { n: 7, items: 8 },
      { n: 8, items: 6 },
      { n: 9, items: 2 },
      { n: 10, items: 7 },
      { n: 11, items: 0 },
      { n: 12, items: 0 },
      { n: 13, items: 0 },
      { n: 14, items: 0 },
      { n: 15, items: 0 },
      { n: 16, items: 0 },
      { n: 17, items: 0 },
    ],
  },
  {
    id: 'WC',
    title: why('《行政执法错案责任倒查问责办法》', 'Measures on Retrospective Accountability for Wrong Enforcement Cases'),
    articles: [
      { n: 1, items: 0 },
      { n: 2, items: 0 },
      { n: 3, items: 0 },
      { n: 4, items: 4 },
      { n: 5, items: 6 },
      { n: 6, items: 11 },
      { n: 7, items: 6 },
      { n: 8, items: 0 },
      { n: 9, items: 3 },
      { n: 10, items: 6 },
      { n: 11, items: 0 },
      { n: 12, items: 0, absent: true },
      { n: 13, items: 0 },
    ],
  },
];

const order = (p: Provision): number => (p.measure === 'FL' ? 0 : 10_000) + p.article * 100 + (p.item ?? 0);

const PROVISIONS: readonly Provision[] = [
  ...fl0105.provisions,
  ...ladder.provisions,
  ...fl07.provisions,
  ...fl08.provisions,
  ...fl09.provisions,
  ...fl10.provisions,
  ...fl1112.provisions,
  ...fl1314.provisions,
  ...fl1517.provisions,
  ...wc0105.provisions,
  ...wc06.provisions,
  ...wc0708.provisions,
  ...wc0913.provisions,
].sort((a, b) => order(a) - order(b));

export const bananHousing2019: RulePack = {
  id: 'banan-housing-2019',
  title: why(
    '重庆市巴南区住房和城乡建设委员会《行政执法过错责任追究办法》《行政执法错案责任倒查问责办法》（2019）',
    'Banan District Housing and Construction Commission: enforcement fault liability and wrong-case accountability measures (2019)',
  ),
  validity: {
    from: '2019-11-25',
    to: null,
    citations: ['FL-17', 'WC-13'],
    note: why(
      '两办法均“自印发之日起施行”，印发通知落款 2019年11月25日；未规定失效日期。',
      'Both measures take effect "on the day of issue"; the notice is dated 2019-11-25; no end date is set.',
    ),
  },
  measures: MEASURES,
  provisions: PROVISIONS,
  higherLaw: HIGHER_LAW,
  ladder: ladder.LADDER,
  parameters: PARAMETERS,
  priorities: PRIORITIES,
  exceptions: EXCEPTIONS,
  vocabulary: {
    faults: [
      ...['FL-7(1)', 'FL-7(2)', 'FL-7(3)', 'FL-7(4)', 'FL-7(5)', 'FL-7(6)', 'FL-7(7)', 'FL-7(8)'],
      ...['WC-6(1)', 'WC-6(2)', 'WC-6(3)', 'WC-6(4)', 'WC-6(5)', 'WC-6(6)', 'WC-6(7)', 'WC-6(8)', 'WC-6(9)', 'WC-6(10)', 'WC-6(11)'],
    ],
    circumstances: [
      'FL-9(1)',
      'FL-9(2)',
      ...['FL-10(1)', 'FL-10(2)', 'FL-10(3)', 'FL-10(4)', 'FL-10(5)', 'FL-10(7)'],
      ...['WC-7(1)', 'WC-7(2)', 'WC-7(3)', 'WC-7(4)', 'WC-7(5)', 'WC-7(6)'],
      'WC-8',
    ],
    wrongCaseSources: ['WC-5(1)', 'WC-5(2)', 'WC-5(3)', 'WC-5(4)', 'WC-5(5)', 'WC-5(6)'],
    derivedOnly: ['FL-10(6)'],
    // FL-13 (recovery of state compensation) and FL-14 (award bars) follow from being held
    // accountable and from the compensation paid; they are listed as consequences, not rungs.
    consequenceForms: ['FL-13', 'FL-14'],
    // WC-11 read with APL-45 / CSR-48: a change on the person's own defence or appeal is not heavier.
    formRungs: ladder.DECISION_FORM_RUNGS,
    noHeavierOnDefence: ['APL-45', 'CSR-48'],
    execution: EXECUTION,
  },
  modules: [
    // case: validity, is it a wrong case (WC-5) and does the wrong-case measure apply (WC-2)
    fl1517.validity,
    wc0105.wc05WrongCase,
    wc0105.wc02Scope,
    // derive: facts the engine derives itself
    wc06.wc06Register,
    fl10.fl10Repeat,
    wc0708.wc08Derive,
    // assess: faults, allocation, circumstances, bands
    ladder.formsLadder,
    rangeTable,
    wc0105.wc04Proportion,
    fl0105.fl0105,
    fl07.fl07Faults,
    wc06.wc06Faults,
    fl08.fl08Allocation,
    fl09.fl09Lighter,
    fl10.fl10Heavier,
    wc0708.wc07LighterOrExempt,
    wc0708.wc08Heavier,
    fl1112.bands,
    // consequences (after the engine resolved responsibility, treatment and range)
    fl07.fl07Basis,
    fl0105.fl02Basis,
    fl08.fl08Unnamed,
    fl08.fl08Origins,
    fl1112.fl12Transfer,
    // post: case-wide
    fl1314.fl13Compensation,
    fl1314.fl14Awards,
  ],
  unnamedCitation: 'FL-8',
  asAppropriateCitation: 'FL-8(2)',
  labels: {
    FL: why('《行政执法过错责任追究办法》', 'Measures on Liability for Administrative Enforcement Faults'),
    WC: why('《行政执法错案责任倒查问责办法》', 'Measures on Retrospective Accountability for Wrong Enforcement Cases'),
  },
};
