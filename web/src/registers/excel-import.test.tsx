// The Excel buttons of a register read in the page's language: in English the export of the WC-5
// outcomes used to read "Export to Excel（错案结果与国家赔偿）" (Chinese name, full-width brackets).
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { I18nProvider } from '../i18n/i18n';
import { ExcelButtons, RowOutcome } from './excel-import';

function show(lang: 'zh' | 'en') {
  return render(
    <I18nProvider initial={lang}>
      <App>
        <ExcelButtons kind="original-outcomes" label="x" canImport={false} onImported={() => {}} />
        <ExcelButtons kind="decisions" label="y" canImport={false} onImported={() => {}} />
      </App>
    </I18nProvider>,
  );
}

describe('register Excel buttons', () => {
  it('Registers (English): the export button names what it exports in English, without Chinese brackets', () => {
    show('en');
    expect(screen.getByTestId('excel-export-original-outcomes').textContent).toBe('Export to Excel (WC-5 outcomes and compensation)');
    expect(screen.getByTestId('excel-export-decisions').textContent).toBe('Export to Excel (past decisions)');
  });

  it('Registers (Chinese): the export button keeps the Chinese name in Chinese brackets', () => {
    show('zh');
    expect(screen.getByTestId('excel-export-original-outcomes').textContent).toBe('导出 Excel（错案结果与国家赔偿）');
  });

  const correctionRow = (reason: string | null) => ({
    row: 2,
    key: '巴住建罚〔2025〕12号',
    ok: reason !== null,
    action: reason !== null ? ('changed' as const) : ('invalid' as const),
    changes: reason !== null ? [{ column: '集体讨论参加人及意见', from: 'E1:坚持错误意见', to: 'E1:反对' }] : [],
    corrections: [{ fact: 'original_case' as const, cases: ['巴住建问〔2025〕1号'], reason, zh: '更正未结问责案件 巴住建问〔2025〕1号 所依据的原执法案件事实（FL-5(1)、FL-8），理由记入上述案件', en: 'Corrects facts of the original case that open accountability case(s) 巴住建问〔2025〕1号 rest on (FL-5(1), FL-8); the reason is kept on them' }],
    errors: reason !== null ? [] : [{ column: '更正理由', path: 'correctionReason', code: 'correction_reason_required', zh: '本行须填写“更正理由”：未结问责案件 巴住建问〔2025〕1号 …', en: 'This row needs its 更正理由 (correction reason): open accountability case(s) 巴住建问〔2025〕1号 …' }],
  });

  it('FL-5(1), FL-8: the update preview marks a row that corrects an open case’s fact, naming the case and its 更正理由', () => {
    render(
      <I18nProvider initial="zh">
        <RowOutcome row={correctionRow('会议记录载明其当场反对')} update />
      </I18nProvider>,
    );
    expect(screen.getByText('更正案件事实')).toBeTruthy();
    const text = screen.getByTestId('excel-correction-2').textContent;
    expect(text).toContain('巴住建问〔2025〕1号');
    expect(text).toContain('更正理由：会议记录载明其当场反对');
  });

  it('FL-5(1), FL-8 (English): a row needing a 更正理由 without one shows the row’s own error under its column', () => {
    render(
      <I18nProvider initial="en">
        <RowOutcome row={correctionRow(null)} update />
      </I18nProvider>,
    );
    expect(screen.getByText('更正理由')).toBeTruthy();
    expect(screen.getByText(/This row needs its 更正理由/).textContent).toContain('巴住建问〔2025〕1号');
    expect(screen.queryByTestId('excel-correction-2')).toBeNull();
  });
});
