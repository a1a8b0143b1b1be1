import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { RecommendationPanel } from './recommendation-panel';
import { LADDER, RECOMMENDATION } from '../case/test-fixtures';

const show = (lang: 'zh' | 'en' = 'zh') =>
  render(
    <I18nProvider initial={lang}>
      <RecommendationPanel rec={RECOMMENDATION} ladder={LADDER} />
    </I18nProvider>,
  );

describe('recommendation panel', () => {
  it('issue 7 point 4: a participant of the original case who is not a subject with a finding appears as 非本案被调查人, not as accountable', () => {
    render(
      <I18nProvider initial="zh">
        <RecommendationPanel rec={RECOMMENDATION} ladder={LADDER} caseSubjectIds={['p-handler']} />
      </I18nProvider>,
    );
    expect(screen.queryByTestId('rec-subject-p-approver')).toBeNull();
    expect(screen.getByTestId('rec-not-subject')).toHaveTextContent('非本案被调查人');
    expect(screen.getByTestId('rec-not-subject-p-approver')).toBeInTheDocument();
    expect(screen.getByTestId('rec-subject-p-handler')).toBeInTheDocument();
  });

  it('FL-8(2): shows each subject\'s responsibility and treatment with their citations', () => {
    show();
    const approver = screen.getByTestId('rec-subject-p-approver');
    expect(within(approver).getByTestId('responsibility')).toHaveTextContent('主要责任');
    expect(within(approver).getByTestId('treatment')).toHaveTextContent('从轻');
    const cites = within(approver).getAllByTestId('citation').map((c) => c.getAttribute('data-citation'));
    expect(cites).toEqual(expect.arrayContaining(['FL-8(2)', 'FL-9(2)']));
    const handler = screen.getByTestId('rec-subject-p-handler');
    expect(within(handler).getByTestId('responsibility')).toHaveTextContent('酌情追究');
  });

  it('places the permitted range on the ladder: only the permitted rungs are marked, exemption only where available', () => {
    show();
    const approver = screen.getByTestId('rec-subject-p-approver');
    expect(within(approver).getByTestId('rung-FL-6(1)')).toHaveAttribute('data-permitted', 'true');
    expect(within(approver).getByTestId('rung-FL-6(2)')).toHaveAttribute('data-permitted', 'true');
    expect(within(approver).getByTestId('rung-FL-6(4)')).toHaveAttribute('data-permitted', 'false');
    expect(within(approver).getByTestId('rung-exempt')).toHaveAttribute('data-permitted', 'false');
    expect(within(approver).getByTestId('range-text')).toHaveTextContent('批评教育或在一定范围内通报批评 — 责令作出书面检讨');
    const handler = screen.getByTestId('rec-subject-p-handler');
    expect(within(handler).getByTestId('rung-exempt')).toHaveAttribute('data-permitted', 'true');
    expect(within(handler).getByTestId('rung-bar')).toHaveAttribute('data-permitted', 'true');
  });

  it('FL-14: lists mandatory consequences, marked conditional when exemption is still possible', () => {
    show();
    const m = within(screen.getByTestId('rec-subject-p-approver')).getByTestId('mandatory');
    expect(m).toHaveTextContent('当年不得评为先进个人');
    expect(m).toHaveTextContent('如予追究');
    expect(within(m).getByTestId('citation')).toHaveAttribute('data-citation', 'FL-14');
  });

  it('FL-13 with State Compensation Law art. 16: the higher-law warning is shown with both citations', () => {
    show();
    const w = screen.getByTestId('rec-warning');
    expect(w).toHaveTextContent('第十六条');
    expect(within(w).getAllByTestId('citation').map((c) => c.getAttribute('data-citation'))).toEqual(['FL-13', 'SCL-16']);
  });

  it('a citation shows the original Chinese article text when clicked', async () => {
    show();
    const cite = within(screen.getByTestId('rec-subject-p-approver')).getAllByTestId('citation').find((c) => c.getAttribute('data-citation') === 'FL-8(2)')!;
    fireEvent.click(cite);
    const popup = await screen.findByTestId('citation-text');
    expect(popup).toHaveTextContent('批准人对承办人的错误意见失察，主要追究批准人的过错责任');
  });

  it('in English, legal terms keep the Chinese original next to the English', () => {
    show('en');
    const approver = screen.getByTestId('rec-subject-p-approver');
    expect(within(approver).getByTestId('responsibility')).toHaveTextContent('Primary (主要责任)');
    expect(within(approver).getByTestId('range-text')).toHaveTextContent('Criticism and education, or a notice of criticism (批评教育或在一定范围内通报批评)');
  });

  it('without a recommendation says so instead of showing an empty panel', () => {
    render(
      <I18nProvider initial="zh">
        <RecommendationPanel rec={null} />
      </I18nProvider>,
    );
    expect(screen.getByText(/尚无处理建议/)).toBeInTheDocument();
  });

  it('issue 10 point 12: a result moved by a policy parameter shows the 政策参数 label and the text-only result beside it', () => {
    const rec = {
      ...RECOMMENDATION,
      policies: [
        {
          parameter: 'repeatViolation.lookbackYears',
          subjectId: 'p-handler',
          ruleIds: ['FL-10(6)', 'APL-36'],
          policy: { zh: '回溯期 2 年内已决案件 0 件：不认定 FL-10(6)（多次）。', en: '0 decided case(s) within the 2-year look-back: FL-10(6) not derived.' },
          textOnly: { zh: '仅依条文（“多次”不设期限）：已决案件 1 件，认定 FL-10(6)。', en: 'By the text alone: 1 decided case, FL-10(6) derived.' },
        },
      ],
    } as typeof RECOMMENDATION;
    render(
      <I18nProvider initial="zh">
        <RecommendationPanel rec={rec} ladder={LADDER} />
      </I18nProvider>,
    );
    const card = screen.getByTestId('rec-subject-p-handler');
    expect(within(card).getByTestId('rec-policy-label')).toHaveTextContent('政策参数');
    expect(within(card).getByTestId('rec-policy')).toHaveTextContent('不认定 FL-10(6)');
    expect(within(card).getByTestId('rec-policy-text-only')).toHaveTextContent('仅依条文');
    expect(within(card).getByTestId('rec-policy-text-only')).toHaveTextContent('认定 FL-10(6)');
    // Not on the other subject's card.
    expect(within(screen.getByTestId('rec-subject-p-approver')).queryByTestId('rec-policy')).toBeNull();
  });
});
