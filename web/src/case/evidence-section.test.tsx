// The evidence tab shows the case view's newest page and fetches the next pages with
// 「加载更多 / Load more」 (GET /cases/:id/evidence?cursor=…), each item once; a new case view
// (after a step) starts again from its own first page, the new item first.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import type { CaseView } from './types';
import * as Api from '../lib/api';
import { EvidenceSection } from './case-records';
import { useAllEvidence } from './evidence-pages';

const get = vi.fn();
const post = vi.fn();
vi.mock('../lib/api', async (orig) => ({ ...(await orig<typeof Api>()), get: (...a: unknown[]) => get(...a), post: (...a: unknown[]) => post(...a) }));

const item = (n: number) => ({
  id: `ev-${n}`,
  kind: 'document',
  title: `证据${n}`,
  source: '调查组',
  collectedOn: '2025-09-10',
  description: null,
  hasText: false,
  file: null,
  supersedesId: null,
  supersededById: null,
  correctionReason: null,
  recordedBy: null,
  recordedAt: `2025-09-10T01:0${n}:00.000Z`,
  disclosable: false,
  sourcePersonId: null,
});

const view = (over: Partial<CaseView>): CaseView => ({ id: 'case-1', version: 3, evidence: [item(5), item(4)], evidenceTotal: 4, evidenceNextCursor: 'cur-1', ...over }) as unknown as CaseView;

describe('evidence tab', () => {
  it('WC-9(2): shows the first page and the count, loads the next page with 加载更多 (each item once), and starts again from the new view after a step', async () => {
    get.mockReset();
    get.mockResolvedValueOnce({ items: [item(4), item(3), item(2)], total: 4, nextCursor: null });
    const first = view({});
    const { rerender } = render(
      <I18nProvider initial="zh">
        <EvidenceSection c={first} />
      </I18nProvider>,
    );
    expect(screen.getByText('证据5')).toBeInTheDocument();
    expect(screen.queryByText('证据3')).toBeNull();
    expect(screen.getByTestId('evidence-shown')).toHaveTextContent('已显示 2 条，共 4 条');
    fireEvent.click(screen.getByTestId('evidence-load-more'));
    await waitFor(() => expect(screen.getByText('证据3')).toBeInTheDocument());
    expect(get).toHaveBeenCalledWith('/api/v1/cases/case-1/evidence?cursor=cur-1', expect.anything());
    expect(screen.getAllByText('证据4')).toHaveLength(1);
    expect(screen.getByText('证据2')).toBeInTheDocument();
    expect(screen.getByTestId('evidence-shown')).toHaveTextContent('已显示 4 条，共 4 条');
    expect(screen.queryByTestId('evidence-load-more')).toBeNull();

    // a step answered with a new view: its first page, the new item first
    rerender(
      <I18nProvider initial="zh">
        <EvidenceSection c={view({ version: 4, evidence: [item(6), item(5)], evidenceTotal: 5, evidenceNextCursor: 'cur-2' })} />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.queryByText('证据2')).toBeNull());
    expect(screen.getByText('证据6')).toBeInTheDocument();
    expect(screen.getByTestId('evidence-shown')).toHaveTextContent('已显示 2 条，共 5 条');
    expect(screen.getByTestId('evidence-load-more')).toBeInTheDocument();
  });

  it('reads Load more in English', () => {
    render(
      <I18nProvider initial="en">
        <EvidenceSection c={view({})} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('evidence-load-more')).toHaveTextContent('Load more');
    expect(screen.getByTestId('evidence-shown')).toHaveTextContent('Showing 2 of 4');
  });

  it('FL-10(2): the correction picker reads every page (the largest page size) so it can offer every item, not only the view\'s first page', async () => {
    get.mockReset();
    get.mockResolvedValueOnce({ items: [item(5), item(4)], total: 3, nextCursor: 'cur-9' }).mockResolvedValueOnce({ items: [item(3)], total: 3, nextCursor: null });
    const { result } = renderHook(() => useAllEvidence('case-1', 3, true));
    await waitFor(() => expect(result.current.items?.map((e) => e.id)).toEqual(['ev-5', 'ev-4', 'ev-3']));
    expect(get.mock.calls.map((c) => c[0])).toEqual(['/api/v1/cases/case-1/evidence?limit=100', '/api/v1/cases/case-1/evidence?cursor=cur-9&limit=100']);
  });

  describe('WC-11, FL-7(7): disclosure to the subject', () => {
    const pending = { ...item(7), disclosureRequest: { requestedBy: 'u-inv', requestedAt: '2025-09-10T02:00:00.000Z' } };
    const shown = { ...item(8), disclosable: true };
    const page = (decide: boolean) => view({ evidence: [pending, shown], evidenceTotal: 2, evidenceNextCursor: null, abilities: { decideDisclosure: decide } } as never);

    it('FL-7(7), FL-10(3): the team sees a pending request and what is disclosed, and has no button to decide it', () => {
      render(
        <I18nProvider initial="zh">
          <EvidenceSection c={page(false)} />
        </I18nProvider>,
      );
      expect(screen.getByTestId('evidence-disclosure-request')).toHaveTextContent('申请向被调查人公开，待委法制科决定');
      expect(screen.getByTestId('evidence-disclosed')).toHaveTextContent('已向被调查人公开');
      expect(screen.queryByTestId('evidence-disclose')).toBeNull();
      expect(screen.queryByTestId('evidence-refuse-disclosure')).toBeNull();
    });

    it('FL-7(7), FL-10(3): the clerk discloses after confirming, or refuses, and the page reloads', async () => {
      post.mockReset();
      post.mockResolvedValue({ id: 'ev-7', disclosable: true, disclosureRequested: false });
      const onChanged = vi.fn();
      render(
        <I18nProvider initial="zh">
          <EvidenceSection c={page(true)} onChanged={onChanged} />
        </I18nProvider>,
      );
      fireEvent.click(screen.getByTestId('evidence-disclose'));
      fireEvent.click(await screen.findByTestId('evidence-disclose-confirm'));
      await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
      expect(post).toHaveBeenCalledWith('/api/v1/cases/case-1/evidence/ev-7/disclosure', { disclosable: true });
      fireEvent.click(screen.getByTestId('evidence-refuse-disclosure'));
      await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
      expect(post).toHaveBeenLastCalledWith('/api/v1/cases/case-1/evidence/ev-7/disclosure', { disclosable: false });
    });

    it('FL-7(7): a refusal of the check is shown in Chinese, the request stays for the clerk to refuse', async () => {
      post.mockReset();
      post.mockRejectedValue(new Api.ApiError(422, 'PRECONDITION_FAILED', '不满足办理条件：该证据的文字（含文件名）含有举报人身份信息，不得向被调查人公开', 'contains the reporter’s identity', { citation: 'FL-7(7)', field: 'disclosable' }));
      const onChanged = vi.fn();
      render(
        <I18nProvider initial="zh">
          <EvidenceSection c={page(true)} onChanged={onChanged} />
        </I18nProvider>,
      );
      fireEvent.click(screen.getByTestId('evidence-disclose'));
      fireEvent.click(await screen.findByTestId('evidence-disclose-confirm'));
      expect(await screen.findByText(/含有举报人身份信息/)).toBeInTheDocument();
      expect(onChanged).not.toHaveBeenCalled();
      expect(screen.getByTestId('evidence-refuse-disclosure')).toBeInTheDocument();
    });
  });
});
