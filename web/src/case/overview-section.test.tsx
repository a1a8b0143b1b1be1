// Walking a case just received (线索登记) at 1366×768: the overview's 关键日期 cell was empty — no
// date, no dash — and read as data that failed to load. It shows "—" until the case has a key
// date, then the dates.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { EMPTY_VOCABULARY, setVocabularyForTests } from '../lib/legal';
import { I18nProvider } from '../i18n/i18n';
import { OverviewSection } from './case-sections';
import type { CaseView } from './types';

vi.mock('./reporter-identity', () => ({ ReporterIdentity: () => null, RetaliationWarning: () => null }));

const kase = (over: Partial<CaseView>): CaseView =>
  ({
    id: 'c17',
    source: 'report',
    channel: 'online',
    receivedOn: '2026-12-05',
    acceptedOn: null,
    registeredOn: null,
    investigationStartedOn: null,
    decidedOn: null,
    closedOn: null,
    wc5: null,
    summary: '反映施工许可审批中要求提交法定要件以外的材料，导致项目延误。',
    reporter: null,
    subjects: [],
    team: [],
    endReason: null,
    replies: [],
    ...over,
  }) as unknown as CaseView;

/** the content cell next to the label 关键日期 */
const keyDatesCell = () => {
  const label = Array.from(document.querySelectorAll('.ant-descriptions-item-label')).find((l) => l.textContent === '关键日期');
  return label?.nextElementSibling?.textContent ?? null;
};

const show = (c: CaseView) =>
  render(
    <I18nProvider initial="zh">
      <MemoryRouter>
        <OverviewSection c={c} />
      </MemoryRouter>
    </I18nProvider>,
  );

describe('case overview', () => {
  beforeEach(() => setVocabularyForTests(EMPTY_VOCABULARY));

  it('Case overview (线索登记): 关键日期 reads "—" while the case has no key date', () => {
    show(kase({}));
    expect(keyDatesCell()).toBe('—');
  });

  it('Case overview: the key dates the case has are listed (受理, 立案), in Chinese date form', () => {
    show(kase({ acceptedOn: '2026-10-05', registeredOn: '2026-10-11' }));
    const text = keyDatesCell() ?? '';
    expect(text).toContain('2026年10月5日');
    expect(text).toContain('2026年10月11日');
  });
});
