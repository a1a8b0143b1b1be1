import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { App } from 'antd';
import { I18nProvider } from '../i18n/i18n';
import type { CaseView } from './types';

const CONTENT: { docNumber: string | null } & Record<string, unknown> = {
  letterhead: '重庆市巴南区住房和城乡建设委员会党委会会议纪要',
  docNumber: null,
  title: '关于巴住建问〔2025〕1号案件处理决定的会议纪要',
  addressee: null,
  fields: [
    { label: '时间', value: '2025年9月1日' },
    { label: '主持', value: '张主任' },
    { label: '出席', value: '张主任、李委员' },
    { label: '议题', value: '研究巴住建问〔2025〕1号案件处理决定' },
  ],
  paragraphs: [
    { style: 'body', text: '2025年9月1日，张主任主持召开委党委会会议……现纪要如下：' },
    { style: 'h1', text: '一、与会人员意见' },
    { style: 'body', text: '李委员：王承办：责令作出书面检讨' },
    { style: 'body', text: '会议要求委法制科将处理决定书送达被追究人员。' },
  ],
  attachments: [],
  signature: { organ: '重庆市巴南区住房和城乡建设委员会', date: '2025-09-01' },
  cc: '委领导',
  printing: { organ: '委办公室', date: null },
};

let stale = false;
/** the places of the paragraphs taken from the record (the minutes: the leading ones) */
let pinnedParagraphs = [0, 1, 2];
const summary = { id: 'd1', caseId: 'c1', kind: 'meeting_minutes', kindLabelZh: '会议纪要', kindLabelEn: 'Decision meeting minutes', citation: 'FL-5(4)', subject: null, title: CONTENT.title, status: 'draft', currentVersion: 1, issuedVersion: null, docNumber: null, issuedOn: null, allowedActions: ['edit', 'issue'] };
const detail = () => ({
  ...summary,
  issuedPdfSha256: null,
  versions: [{ number: 1, content: CONTENT, pdfSha256: 'x', docxSha256: 'y', note: null, createdAt: '2025-09-01T02:00:00.000Z' }],
  warnings: [],
  seal: null,
  servedDocumentId: null,
  services: [],
  pinned: { source: { zh: '会议记录', en: 'meeting record' }, fields: ['时间', '主持', '出席'], paragraphs: pinnedParagraphs, stale },
});

// stable answers (a new object each render would re-run the drawer's effects without end)
const answers = new Map<string, unknown>();
const answer = (key: string, make: () => unknown) => answers.get(key) ?? (answers.set(key, make()), answers.get(key));
vi.mock('../lib/use-api', () => ({
  useApi: (path: string | null) => ({
    data: path?.startsWith('/api/v1/documents/') ? answer(`detail-${stale}-${pinnedParagraphs.join()}-${CONTENT.docNumber}`, detail) : answer('list', () => ({ items: [summary], draftableKinds: [] })),
    error: null,
    loading: false,
    reload: () => undefined,
  }),
}));

const put = vi.fn(async () => ({}));
vi.mock('../lib/api', async (importOriginal) => ({ ...(await importOriginal<Record<string, unknown>>()), put: (...a: unknown[]) => put(...(a as [])) }));

const CASE = { id: 'c1', version: 9, state: 'decided' } as unknown as CaseView;

async function openMinutes() {
  const { DocumentsPanel } = await import('./documents-panel');
  render(
    <I18nProvider initial="zh">
      <App>
        <DocumentsPanel c={CASE} />
      </App>
    </I18nProvider>,
  );
  fireEvent.click(screen.getByTestId('document-open-meeting_minutes'));
}

describe('documents panel: the meeting minutes', () => {
  it('FL-5(4), FL-15: the date, chair, attendance and the record’s paragraphs are read-only, noted as from the meeting record (会议记录); a field or paragraph the record does not pin (here the topic and the last paragraph) stays editable', async () => {
    stale = false;
    await openMinutes();
    for (const i of [0, 1, 2]) expect(screen.getByTestId(`document-field-${i}`)).toHaveAttribute('readonly');
    expect(screen.getByTestId('document-field-3')).not.toHaveAttribute('readonly');
    for (const i of [0, 1, 2]) expect(screen.getByTestId(`document-paragraph-${i}`)).toHaveAttribute('readonly');
    expect(screen.getByTestId('document-paragraph-3')).not.toHaveAttribute('readonly');
    expect(screen.getByTestId('document-pinned-note')).toHaveTextContent('来自会议记录');
    expect(screen.getAllByText('来自会议记录，不能在此修改')).toHaveLength(6);
  });

  it('WC-9(3), FL-15: record paragraphs anywhere in the text are read-only in their place, the drafter’s paragraphs around them stay editable (as in the 处理决定书)', async () => {
    stale = false;
    pinnedParagraphs = [1, 3];
    await openMinutes();
    for (const i of [1, 3]) expect(screen.getByTestId(`document-paragraph-${i}`)).toHaveAttribute('readonly');
    for (const i of [0, 2]) expect(screen.getByTestId(`document-paragraph-${i}`)).not.toHaveAttribute('readonly');
    expect(screen.getByTestId('document-pinned-note')).toHaveTextContent('标明“来自会议记录”的字段和正文2段依据会议记录生成');
    expect(screen.getByTestId('document-pinned-note').textContent).not.toContain('{source}');
    pinnedParagraphs = [0, 1, 2];
  });

  it('FL-15: a record that pins fields only (as the 立案审批表) is named as fields, not “正文0段”', async () => {
    stale = false;
    pinnedParagraphs = [];
    await openMinutes();
    const note = screen.getByTestId('document-pinned-note').textContent ?? '';
    expect(note).toContain('标明“来自会议记录”的字段依据会议记录生成');
    expect(note).not.toContain('0段');
    for (const i of [0, 1, 2, 3]) expect(screen.getByTestId(`document-paragraph-${i}`)).not.toHaveAttribute('readonly');
    pinnedParagraphs = [0, 1, 2];
  });

  it('FL-15: a draft that no longer agrees with the meeting record says to draft it anew', async () => {
    stale = true;
    await openMinutes();
    expect(screen.getByTestId('document-pinned-stale')).toHaveTextContent('起草后会议记录已变更');
  });
});

describe('documents panel: the 发文字号', () => {
  it('GB/T 9704-2012 §7.2.4: the document number is read-only, noted as assigned at issue from the organisation’s series, and a save sends none — a number typed into an older draft included', async () => {
    stale = false;
    CONTENT.docNumber = '巴住建问决〔2025〕1号';
    put.mockClear();
    await openMinutes();
    const input = screen.getByTestId('document-number');
    expect(input).toBeDisabled();
    expect(input).toHaveValue('巴住建问决〔2025〕1号');
    expect(screen.getByText('发文字号由系统在印发时按本单位该类公文的序列编排，不可填写或修改')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('document-save'));
    await vi.waitFor(() => expect(put).toHaveBeenCalled());
    const [, body] = put.mock.calls[0] as unknown as [string, { content: { docNumber: string | null } }];
    expect(body.content.docNumber).toBeNull();
    CONTENT.docNumber = null;
  });
});
