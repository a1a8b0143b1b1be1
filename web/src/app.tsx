// The application: language, antd locale and theme, session, and the routes. Every page is a
// lazy chunk, so the first load carries only the shell and the page the user opened.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { I18nProvider, useI18n, type Lang } from './i18n/i18n';
import { fontFamilyFor } from './i18n/fonts';
import { SessionProvider, useSession } from './session/session';
import { ErrorBoundary } from './components/error-boundary';
import { AppLayout } from './layout/app-layout';
import { landingPath } from './layout/menu';

const LoginPage = lazy(() => import('./pages/login-page'));
const SetupPage = lazy(() => import('./pages/setup-page'));
const QueuePage = lazy(() => import('./pages/queue-page'));
const CaseListPage = lazy(() => import('./pages/case-list-page'));
const CasePage = lazy(() => import('./pages/case-page'));
const IntakeReportPage = lazy(() => import('./pages/intake-report-page'));
const IntakeSignalPage = lazy(() => import('./pages/intake-signal-page'));
const UnitsPage = lazy(() => import('./pages/units-page'));
const PeoplePage = lazy(() => import('./pages/people-page'));
const OriginalCasesPage = lazy(() => import('./pages/original-cases-page'));
const DecisionBodyPage = lazy(() => import('./pages/decision-body-page'));
const StatsPage = lazy(() => import('./pages/stats-page'));
const CalendarPage = lazy(() => import('./pages/calendar-page'));
const UsersPage = lazy(() => import('./pages/users-page'));
const OrgsPage = lazy(() => import('./pages/orgs-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));
const AccountPage = lazy(() => import('./pages/account-page'));
const SecurityPage = lazy(() => import('./pages/security-page'));
const SealPage = lazy(() => import('./pages/seal-page'));
const RestrictedPage = lazy(() => import('./pages/restricted-page'));
const SupervisionPage = lazy(() => import('./pages/supervision-page'));
const NotificationsPage = lazy(() => import('./pages/notifications-page'));
const IdentityRequestsPage = lazy(() => import('./pages/identity-requests-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));
const CampaignsPage = lazy(() => import('./pages/campaigns-page'));
const CampaignPage = lazy(() => import('./pages/campaign-page'));
const ReviewsPage = lazy(() => import('./pages/reviews-page'));
const AlertsPage = lazy(() => import('./pages/alerts-page'));
const ProfilePage = lazy(() => import('./pages/profile-page'));
const PublicReportPage = lazy(() => import('./pages/public-report-page'));
// Public (no account): 公文核验 and the FL-5(4) notices published to the public.
const VerifyPage = lazy(() => import('./pages/public-documents-page').then((m) => ({ default: m.VerifyPage })));
const NoticesPage = lazy(() => import('./pages/public-documents-page').then((m) => ({ default: m.NoticesPage })));

export const theme = {
  token: {
    colorPrimary: '#1f4e8c',
    borderRadius: 4,
    // Issue 13 (8): grey text meets WCAG AA contrast (4.5:1) on white and on the light greys of
    // table headers and cards: antd's default secondary/tertiary greys (0.45 alpha) reach 3.4:1.
    colorTextSecondary: 'rgba(0, 0, 0, 0.7)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    // Links in the brand blue (antd's default link blue #1677ff reaches 4.1:1), error red and the
    // tag colours one palette step darker (antd's step 7 of volcano/green/gold… is 3.4–4.4:1 on
    // the tag's light background). Both spellings: they share one CSS variable (--ant-green-7).
    colorLink: '#1f4e8c',
    colorError: '#cf1322',
    // The 'processing' status tag writes in the info blue on its light background.
    colorInfo: '#0958d9',
    // The success and warning status tags likewise (antd's #52c41a / #faad14 are 2.2:1 and less).
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    // …keeping antd's usual light backgrounds and borders (a dark seed would derive greyish ones).
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    red7: '#a8071a',
    'red-7': '#a8071a',
    volcano7: '#ad2102',
    'volcano-7': '#ad2102',
    orange7: '#ad4e00',
    'orange-7': '#ad4e00',
    gold7: '#874d00',
    'gold-7': '#874d00',
    yellow7: '#876800',
    'yellow-7': '#876800',
    lime7: '#3f6600',
    'lime-7': '#3f6600',
    green7: '#237804',
    'green-7': '#237804',
    cyan7: '#006d75',
    'cyan-7': '#006d75',
    blue7: '#003eb3',
    'blue-7': '#003eb3',
    geekblue7: '#1d39c4',
    'geekblue-7': '#1d39c4',
    purple7: '#391085',
    'purple-7': '#391085',
    magenta7: '#9e1068',
    'magenta-7': '#9e1068',
    // the Chinese stack; in English the Latin one (themeFor): see i18n/fonts.ts
    fontFamily: fontFamilyFor('zh'),
  },
};

/**
 * The theme in a language: the font stack follows it, for the width of the curly quotes
 * (i18n/fonts.ts). With `reducedMotion` (the user's system asks for less motion: WCAG 2.3.3),
 * antd's transitions are off: drawers, dialogs, menus and tabs change at once.
 */
export function themeFor(lang: Lang, reducedMotion = false): typeof theme & { token: { motion?: boolean } } {
  const token = { ...theme.token, ...(lang === 'zh' ? {} : { fontFamily: fontFamilyFor(lang) }), ...(reducedMotion ? { motion: false } : {}) };
  return lang === 'zh' && !reducedMotion ? theme : { ...theme, token };
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
/** Whether the user's system asks for reduced motion, following changes while the page is open. */
const reducedMotionQuery = (): MediaQueryList | null => (typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(REDUCED_MOTION) : null);
export function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => reducedMotionQuery()?.matches ?? false);
  useEffect(() => {
    const query = reducedMotionQuery();
    if (!query) return;
    const onChange = (e: MediaQueryListEvent) => setReduced(e.matches);
    setReduced(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 80, textAlign: 'center' }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}

function Page({ children }: { children: ReactNode }) {
  const loc = useLocation();
  return (
    <ErrorBoundary resetKey={loc.pathname}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

function Routed() {
  const { state, me } = useSession();
  const loc = useLocation();
  // issue 9: the public reporting page needs no account, signed in or not (FL-4)
  if (loc.pathname === '/report' || loc.pathname.startsWith('/report/')) {
    return (
      <Page>
        <PublicReportPage />
      </Page>
    );
  }
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') {
    const next = loc.pathname === '/login' || loc.pathname === '/setup' ? '' : loc.pathname + loc.search;
    return (
      <Page>
        <Routes>
          <Route path="/setup" element={state.needsSetup ? <SetupPage /> : <Navigate to="/login" replace />} />
          <Route path="/login" element={state.needsSetup ? <Navigate to="/setup" replace /> : <LoginPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/notices" element={<NoticesPage />} />
          <Route path="*" element={<Navigate to={state.needsSetup ? '/setup' : `/login${next ? `?next=${encodeURIComponent(next)}` : ''}`} replace />} />
        </Routes>
      </Page>
    );
  }
  if (me?.restriction) {
    // 身份鉴别: nothing else until the password is changed or the second factor is set up.
    return (
      <Page>
        <RestrictedPage />
      </Page>
    );
  }
  return (
    <AppLayout>
      <Page>
        <Routes>
          <Route path="/" element={<Navigate to={landingPath(me)} replace />} />
          <Route path="/login" element={<Navigate to={new URLSearchParams(loc.search).get('next') || landingPath(me)} replace />} />
          <Route path="/setup" element={<Navigate to={landingPath(me)} replace />} />
          <Route path="/queue" element={<QueuePage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/notices" element={<NoticesPage />} />
          <Route path="/cases" element={<CaseListPage />} />
          <Route path="/cases/:id" element={<CasePage />} />
          <Route path="/intake/report" element={<IntakeReportPage />} />
          <Route path="/intake/signal" element={<IntakeSignalPage />} />
          <Route path="/registers/units" element={<UnitsPage />} />
          <Route path="/registers/people" element={<PeoplePage />} />
          <Route path="/registers/original-cases" element={<OriginalCasesPage />} />
          <Route path="/registers/decision-body" element={<DecisionBodyPage />} />
          <Route path="/calendar" element={<CalendarPage />} />
          <Route path="/stats" element={<StatsPage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/orgs" element={<OrgsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/security" element={<SecurityPage />} />
          <Route path="/documents/seal" element={<SealPage />} />
          <Route path="/supervision" element={<SupervisionPage />} />
          <Route path="/campaigns" element={<CampaignsPage />} />
          <Route path="/campaigns/:id" element={<CampaignPage />} />
          <Route path="/reviews" element={<ReviewsPage />} />
          <Route path="/reviews/:id" element={<ReviewsPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/registers/people/:id/profile" element={<ProfilePage />} />
          <Route path="/profile/me" element={<ProfilePage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/identity-requests" element={<IdentityRequestsPage />} />
          <Route path="/retaliation-alerts" element={<IdentityRequestsPage alertsOnly />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Page>
    </AppLayout>
  );
}

function Localized({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const reducedMotion = usePrefersReducedMotion();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={themeFor(lang, reducedMotion)} wave={{ disabled: reducedMotion }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized>
        <ErrorBoundary>
          <BrowserRouter>
            <SessionProvider>
              <Routed />
            </SessionProvider>
          </BrowserRouter>
        </ErrorBoundary>
      </Localized>
    </I18nProvider>
  );
}
