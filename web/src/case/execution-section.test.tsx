import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { ExecutionSection } from './case-records';
import type { CaseView } from './types';

const item = (id: string, kind: string) => ({ id, kind, citation: 'FL-14', subjectPersonId: 'p1', subjectName: '王承办', year: 2026, unitId: null, amountFen: null, paidFen: 0, status: 'done', doneOn: '2026-11-20' });

describe('execution tab', () => {
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
});
