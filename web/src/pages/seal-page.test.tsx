// Issue 11 / issue 13 (4): each organisation has its own seal and signing certificate. The page
// names the organisation whose seal it shows; an administrator over several organisations picks
// one, and what it changes is that organisation's (orgId on every request).
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

const ORGS = [
  { id: 'o1', name: '重庆市巴南区住房和城乡建设委员会', shortName: '区住建委' },
  { id: 'o2', name: '重庆市巴南区交通运输委员会', shortName: '区交通委' },
];
const infoOf = (orgId: string) => {
  const org = ORGS.find((o) => o.id === orgId)!;
  return {
    org: { id: org.id, name: org.name },
    seal: null,
    certificate: { id: `k-${org.id}`, subject: `CN=Wenze Document Seal, O=X, OU=${org.id}, C=CN`, sha256: 'ab'.repeat(32), notAfter: '2035-09-01T00:00:00.000Z', createdAt: '2025-09-01T00:00:00.000Z', sm2PublicKey: '04' },
  };
};
let scopeSize = 2;
const post = vi.fn(async () => ({}));
vi.mock('../lib/use-api', () => ({
  useApi: (url: string | null, query?: { orgId?: string }) => ({
    data: url === '/api/v1/orgs' ? { items: ORGS } : url ? infoOf(query?.orgId ?? 'o1') : undefined,
    error: null,
    loading: false,
    reload: () => undefined,
    replace: () => undefined,
  }),
}));
vi.mock('../lib/api', async (orig) => ({ ...(await orig<Record<string, unknown>>()), post: (...a: unknown[]) => post(...(a as [])), put: vi.fn(async () => ({})) }));
vi.mock('../session/session', () => ({ useSession: () => ({ me: { roleLabels: {}, org: { id: 'o1', name: ORGS[0]!.name, shortName: '区住建委', scopeSize } }, can: () => true }) }));

async function show() {
  const { default: SealPage } = await import('./seal-page');
  return render(
    <I18nProvider initial="zh">
      <App>
        <MemoryRouter>
          <SealPage />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

describe('seal page: each organisation’s own seal and certificate (issue 11, issue 13 (4))', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./seal-page');
  }, 120_000);
  beforeEach(() => post.mockClear());

  it('issue 11: an administrator of one organisation sees whose seal it is, with no organisation to pick', async () => {
    scopeSize = 1;
    await show();
    expect(screen.getByTestId('seal-org-name').textContent).toBe('重庆市巴南区住房和城乡建设委员会');
    expect(screen.queryByTestId('seal-org')).toBeNull();
    scopeSize = 2;
  });

  it('issue 11: an administrator over several organisations picks one; the certificate shown and the one it makes are that organisation’s', async () => {
    await show();
    expect(screen.getByTestId('certificate-info').textContent).toContain('OU=o1');
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '选择单位' }));
    fireEvent.click(await screen.findByTitle('重庆市巴南区交通运输委员会'));
    await waitFor(() => expect(screen.getByTestId('certificate-info').textContent).toContain('OU=o2'));
    fireEvent.click(screen.getByTestId('signing-key-generate'));
    fireEvent.click(await screen.findByRole('button', { name: /^生\s?成$/ }));
    await waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/documents/signing-key', { orgId: 'o2' }));
  });
});
