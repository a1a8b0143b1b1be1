// The Excel buttons of a register read in the page's language: in English the export of the WC-5
// outcomes used to read "Export to Excel（错案结果与国家赔偿）" (Chinese name, full-width brackets).
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { I18nProvider } from '../i18n/i18n';
import { ExcelButtons } from './excel-import';

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
});
