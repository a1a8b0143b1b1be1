// FL-5(4) 在有关范围内及时公开: the decision record on the case page shows the scope of publication
// (公开范围) and the channel the decision set — in Chinese first, in English on request — and
// nothing where the decision set none (a decision changed on appeal keeps the first one's).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { EMPTY_VOCABULARY, setVocabularyForTests } from '../lib/legal';
import { I18nProvider, type Lang } from '../i18n/i18n';
import { DecisionsSection } from './case-records';
import type { CaseView } from './types';

type Decision = CaseView['decisions'][number];

const decision = (over: Partial<Decision>): Decision => ({
  id: 'd1',
  seq: 1,
  status: 'in_force',
  origin: 'meeting',
  supersedesId: null,
  decidedOn: '2025-09-10',
  ruleEvaluationId: null,
  meeting: null,
  publication: { scope: 'system', channel: '系统内文件印发' },
  items: [{ subjectPersonId: 'p1', subjectName: '王承办', noAccountability: false, forms: ['FL-6(2)'], departedForms: [], departureReason: null, transferJudicial: false, transferDiscipline: false, compensationFen: null, reason: null }],
  ...over,
});

const show = (decisions: Decision[], lang: Lang) =>
  render(
    <I18nProvider initial={lang}>
      <DecisionsSection c={{ decisions, notifications: [] } as unknown as CaseView} />
    </I18nProvider>,
  );

describe('decision record: the scope of publication (FL-5(4))', () => {
  beforeEach(() => setVocabularyForTests(EMPTY_VOCABULARY));
  afterEach(() => setVocabularyForTests(undefined));

  it('FL-5(4): the decision shows the 公开范围 and 公开渠道 it set, in Chinese', () => {
    show([decision({})], 'zh');
    const p = screen.getByTestId('decision-publication');
    expect(within(p).getByText('公开范围')).toBeInTheDocument();
    expect(within(p).getByText('系统内通报')).toBeInTheDocument();
    expect(within(p).getByText('公开渠道')).toBeInTheDocument();
    expect(within(p).getByText('系统内文件印发')).toBeInTheDocument();
  });

  it('FL-5(4): in English the scope reads as its English label', () => {
    show([decision({ publication: { scope: 'public', channel: '委门户网站' } })], 'en');
    const p = screen.getByTestId('decision-publication');
    expect(within(p).getByText('Scope of publication')).toBeInTheDocument();
    expect(within(p).getByText('To the public')).toBeInTheDocument();
    expect(within(p).getByText('委门户网站')).toBeInTheDocument();
  });

  it('FL-5(4): a decision changed on appeal sets no scope of its own: only the first decision shows one', () => {
    show([decision({}), decision({ id: 'd2', seq: 2, origin: 'appeal', supersedesId: 'd1', publication: null })], 'zh');
    expect(screen.getAllByTestId('decision')).toHaveLength(2);
    expect(screen.getAllByTestId('decision-publication')).toHaveLength(1);
  });
});
