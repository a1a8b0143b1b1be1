// The frame on a phone and with a long role name: on a narrow screen (< 768 px) the menu folds
// away and the header keeps only the title and the avatar (at 390 px the 216 px menu and the
// header's name, organisation and role tags used to squeeze the page into a column ~150 px wide);
// on a desktop a long role tag is cut with an ellipsis (the supervisor's 外部监督机关（…）
// pushed the system's title onto two lines over the top of the bar).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';

const ROLE = '外部监督机关（执法监督部门、纪检监察机关）';
vi.mock('../session/session', () => ({
  useSession: () => ({
    me: { user: { id: 'u', username: 'supervisor', displayName: '区司法局行政执法监督科', roles: ['supervisor'], personId: null }, roleLabels: { supervisor: { zh: ROLE, en: 'Outside supervisory body' } }, permissions: [], org: { id: 'o1', name: '重庆市巴南区住房和城乡建设委员会', shortName: '区住建委' }, orgs: [] },
    can: () => false,
    logout: async () => undefined,
  }),
}));

let width = 1366;
const original = window.matchMedia;
function setWidth(w: number) {
  width = w;
  window.matchMedia = ((query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*([\d.]+)px/.exec(query);
    const matches = (!min || width >= Number(min[1])) && (!max || width <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false };
  }) as typeof window.matchMedia;
}

async function show() {
  const { AppLayout } = await import('./app-layout');
  return render(
    <I18nProvider initial="zh">
      <App>
        <MemoryRouter initialEntries={['/supervision']}>
          <AppLayout>
            <p>page</p>
          </AppLayout>
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
}

describe('app frame widths', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await import('./app-layout');
  }, 120_000);
  afterEach(() => {
    window.matchMedia = original;
  });

  it('Layout: on a desktop the user, organisation and role show, the role tag cut with an ellipsis, the title never wrapping', async () => {
    setWidth(1366);
    await show();
    const menu = screen.getByTestId('user-menu');
    expect(menu.textContent).toContain('区司法局行政执法监督科');
    const tag = screen.getByTitle(ROLE);
    expect(tag.style.textOverflow).toBe('ellipsis');
    expect(tag.style.maxWidth).toBe('180px');
    expect(screen.getByTestId('header-title').style.whiteSpace).toBe('nowrap');
    expect(screen.getByTestId('org-name')).toBeInTheDocument();
    expect(screen.getByTestId('app-sider').style.width).toBe('216px');
  });

  it('Layout: on a phone (390 px) the menu folds to nothing and the header keeps the title and the avatar only', async () => {
    setWidth(390);
    await show();
    await vi.waitFor(() => expect(screen.getByTestId('app-sider').style.width).toBe('0px'));
    const menu = screen.getByTestId('user-menu');
    expect(menu.textContent).not.toContain('区司法局行政执法监督科');
    expect(screen.queryByTitle(ROLE)).toBeNull();
    expect(screen.queryByTestId('org-name')).toBeNull();
    // the user menu still names who is signed in, for a screen reader
    expect(menu.getAttribute('aria-label')).toBe('区司法局行政执法监督科');
  });
});
