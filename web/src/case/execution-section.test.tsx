import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_VOCABULARY, setVocabularyForTests } from '../lib/legal';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { ExecutionSection, executionResultText } from './case-records';
import type { CaseView } from './types';

const item = (id: string, kind: string) => ({ id, kind, citation: 'FL-14', subjectPersonId: 'p1', subjectName: '王承办', year: 2026, unitId: null, amountFen: null, paidFen: 0, status: 'done', doneOn: '2026-11-20' });

describe('execution tab', () => {
  // The item kinds and their labels come from the API (the pack's vocabulary.execution).
  beforeEach(() =>
    setVocabularyForTests({
      ...EMPTY_VOCABULARY,
      executionKinds: {
        award_bar_person: { zh: '当年不得评先（个人）', en: 'No award this year (person)', forms: [], referral: false },
        award_bar_unit: { zh: '当年不得评先（单位）', en: 'No award this year (unit)', forms: [], referral: false },
        discipline_transfer: { zh: '移送纪检监察机关', en: 'Transfer to the discipline bodies', forms: [], referral: true },
        compensation_refund: { zh: '退还已追偿的赔偿费用', en: 'Refund of compensation recovered (退还)', forms: [], referral: false },
      },
    }),
  );
  afterEach(() => setVocabularyForTests(undefined));

  it('FL-14: the person’s award bar and the unit’s are two rows that say which is which', () => {
    const c = { executionItems: [item('e1', 'award_bar_person'), item('e2', 'award_bar_unit')] } as unknown as CaseView;
    render(
      <I18nProvider initial="zh">
        <ExecutionSection c={c} />
      </I18nProvider>,
    );
    expect(screen.getByText(/当年不得评先（个人）/)).toBeInTheDocument();
    expect(screen.getByText(/当年不得评先（单位）/)).toBeInTheDocument();
  });

  it('the 执行情况 column says what was recorded: body, document number, post, suspension, note', () => {
    expect(executionResultText({ sanctionKindZh: '警告', imposingBody: '区纪委监委', decisionNo: '巴纪〔2026〕3号', note: '已归档' }, 'zh')).toBe('警告；机关：区纪委监委；文号：巴纪〔2026〕3号；已归档');
    expect(executionResultText({ certificateIds: ['c1'], from: '2026-11-01', to: '2027-02-01', note: null }, 'zh')).toBe('暂扣：2026-11-01 至 2027-02-01');
    expect(executionResultText({ newPost: '综合科科员', note: null }, 'en')).toBe('new post: 综合科科员');
    expect(executionResultText(null, 'zh')).toBe('');
    // WC-9(3): a referral recorded as made shows its body and document, then the receipt
    expect(executionResultText({ referral: { body: 'discipline_inspection', bodyZh: '纪检监察机关', documentRef: '巴住建问报〔2025〕1号' } }, 'zh')).toBe('机关：纪检监察机关；文号：巴住建问报〔2025〕1号');
    expect(executionResultText({ referral: { bodyZh: '纪检监察机关', documentRef: '巴住建问报〔2025〕1号' }, receivedOn: '2025-09-30', receivingBody: '纪检监察机关', letterNo: '巴住建问报〔2025〕1号', note: '已立案' }, 'zh')).toBe('机关：纪检监察机关；文号：巴住建问报〔2025〕1号；回执：2025-09-30；已立案');
    const c = { executionItems: [{ ...item('e3', 'sanction'), citation: 'FL-6(5)', result: { sanctionKindZh: '记过', imposingBody: '区纪委监委', note: null } }] } as unknown as CaseView;
    render(
      <I18nProvider initial="zh">
        <ExecutionSection c={c} />
      </I18nProvider>,
    );
    expect(screen.getByText('记过；机关：区纪委监委')).toBeInTheDocument();
  });

  it('FL-13/WC-11: a refund item (退还) shows the amount to return, then what was returned and its voucher; recording it asks for the amount and the voucher', async () => {
    const refund = { ...item('e4', 'compensation_refund'), citation: 'WC-11', year: null, amountFen: 300_000, status: 'open', doneOn: null, result: { paidTotalFen: 500_000, owedFen: 200_000, note: '已缴纳 5000.00 元，现应追偿 2000.00 元，应退还 3000.00 元' } };
    const c = { executionItems: [refund] } as unknown as CaseView;
    render(
      <I18nProvider initial="zh">
        <ExecutionSection c={c} />
      </I18nProvider>,
    );
    expect(screen.getByText(/退还已追偿的赔偿费用/)).toBeInTheDocument();
    expect(screen.getByText('应退还 3,000.00 元')).toBeInTheDocument();
    expect(executionResultText({ refundedFen: 300_000, voucherRef: '巴住建财退〔2025〕3号', note: null }, 'zh')).toBe('已退还 3,000.00 元；凭证：巴住建财退〔2025〕3号');
    const { ACTION_FIELDS } = await import('./action-specs');
    const forRefund = ACTION_FIELDS.CompleteExecutionInput!.filter((f) => f.showIfItemKind?.includes('compensation_refund')).map((f) => [f.name, Boolean(f.required)]);
    expect(forRefund).toEqual([
      ['amountFen', true],
      ['voucherRef', false],
      ['evidenceId', false],
    ]);
  });
});

describe('findings: the WC-5 verdict', () => {
  it('WC-5: the verdict reads in the page language only (not "认定为错案 / Wrong case" in Chinese)', async () => {
    const { wrongCaseTitle } = await import('./case-records');
    expect(wrongCaseTitle({ isWrongCase: true, wc5Item: 4 }, 'zh')).toBe('认定为错案（WC-5(4)）');
    expect(wrongCaseTitle({ isWrongCase: false, wc5Item: null }, 'zh')).toBe('不认定为错案');
    expect(wrongCaseTitle({ isWrongCase: true, wc5Item: 4 }, 'en')).toBe('Wrong case (错案) (WC-5(4))');
  });
});
