// The frame around every signed-in page: sider menu, header with breadcrumb, language switch
// and the user, in the manner of the Ant Design admin systems the users already know.
import { useState, type ReactNode } from 'react';
import { App, Avatar, Breadcrumb, Button, Dropdown, Grid, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import {
  AuditOutlined,
  BellOutlined,
  BarChartOutlined,
  CalendarOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  FormOutlined,
  InboxOutlined,
  LogoutOutlined,
  SafetyOutlined,
  TeamOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { trail, visibleMenu, type MenuEntry } from './menu';
import { NotificationBell } from '../components/notification-bell';
import { post } from '../lib/api';

/**
 * issue 11: the organisation this session acts in, for an account of several; switching applies
 * that organisation's roles and scope (POST /api/v1/auth/org) and reloads the session.
 */
export function OrgSwitcher() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const orgs = me?.orgs ?? [];
  if (orgs.length < 2) return null;
  const current = orgs.find((o) => o.current)?.id ?? me?.org?.id;
  return (
    <Select
      size="small"
      data-testid="org-switcher"
      aria-label={t('org.switch')}
      title={t('org.switch')}
      style={{ minWidth: 160 }}
      value={current}
      loading={busy}
      disabled={busy}
      options={orgs.map((o) => ({ value: o.id, label: o.shortName }))}
      onChange={(orgId: string) => {
        setBusy(true);
        post('/api/v1/auth/org', { orgId })
          .then(async () => {
            await refresh();
            message.success(`${t('org.switched')} ${orgs.find((o) => o.id === orgId)?.shortName ?? ''}`);
            navigate('/');
          })
          .catch(() => message.error(t('org.switch')))
          .finally(() => setBusy(false));
      }}
    />
  );
}

const ICONS: Record<string, ReactNode> = {
  inbox: <InboxOutlined />,
  file: <FileSearchOutlined />,
  form: <FormOutlined />,
  database: <DatabaseOutlined />,
  calendar: <CalendarOutlined />,
  chart: <BarChartOutlined />,
  team: <TeamOutlined />,
  audit: <AuditOutlined />,
  safety: <SafetyOutlined />,
  user: <UserOutlined />,
};

export function LanguageSwitch({ style }: { style?: React.CSSProperties }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      title={t('lang.switchTitle')}
      data-testid="lang-switch"
      style={style}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t('lang.switch')}
    </Button>
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const { t, pick } = useI18n();
  const { me, logout } = useSession();
  const loc = useLocation();
  const navigate = useNavigate();
  // A phone (narrower than antd's md, 768 px): the menu folds away entirely (its trigger stays),
  // the header keeps the title and the user's avatar only, so the page gets the whole width.
  const narrow = Grid.useBreakpoint().md === false;
  const [collapsed, setCollapsed] = useState(narrow);
  const menu = visibleMenu(me);
  const toItem = (e: MenuEntry): NonNullable<React.ComponentProps<typeof Menu>['items']>[number] => ({
    key: e.key,
    icon: e.icon ? ICONS[e.icon] : undefined,
    label: e.children ? t(e.label) : <Link to={e.key}>{t(e.label)}</Link>,
    children: e.children?.map(toItem),
  });
  const crumbs = trail(loc.pathname);
  const selected = crumbs.length ? crumbs[crumbs.length - 1]!.key : loc.pathname;
  // Issue 13 (8): one level-one heading per page, the page's own name. The public document pages
  // (/verify, /notices) carry their own h1.
  const ownHeading = loc.pathname === '/verify' || loc.pathname === '/notices';
  const pageTitle = crumbs.length ? t(crumbs[crumbs.length - 1]!.label) : t('app.title');
  const roleTags = (me?.user.roles ?? []).map((r) => pick(me?.roleLabels[r]) || r);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a
        className="skip-link"
        href="#main-content"
        data-testid="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        {t('a11y.skipToMain')}
      </a>
      <Layout.Sider
        width={216}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="md"
        collapsedWidth={narrow ? 0 : 80}
        onBreakpoint={(broken) => setCollapsed(broken)}
        data-testid="app-sider"
        theme="dark"
        // The menu stays in view while a long case page scrolls.
        style={{ background: '#14284b', position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: '0 18px', color: '#fff', overflow: 'hidden', whiteSpace: 'nowrap' }}>
          <span style={{ display: 'inline-flex', width: 28, height: 28, borderRadius: 6, background: '#a8071a', alignItems: 'center', justifyContent: 'center', fontWeight: 700, flex: 'none' }}>责</span>
          {!collapsed && <span style={{ fontSize: 15, fontWeight: 600, letterSpacing: 1 }}>{t('app.name')}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          // the collapse trigger is fixed over the sider's last 48 px: without this room the last
          // entries of a long menu (every submenu open, 1366×768) scroll no higher than under it
          style={{ background: 'transparent', borderInlineEnd: 0, paddingBottom: 48 }}
          selectedKeys={[selected]}
          defaultOpenKeys={crumbs.length > 1 ? [crumbs[0]!.key] : ['/intake', '/registers']}
          items={menu.map(toItem)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: narrow ? '0 8px' : '0 20px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, borderBottom: '1px solid #eceef2', height: 56, lineHeight: '56px' }}>
          {/* the title side gives way (ellipsis) to the user side, which never wraps: a long role name or organisation must not push the title out of the bar */}
          <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, minWidth: 0, flex: '1 1 auto', overflow: 'hidden', whiteSpace: 'nowrap' }} data-testid="header-title">
            <Typography.Text strong style={{ fontSize: 15, flex: 'none' }}>
              {t('app.title')}
            </Typography.Text>
            {narrow ? null : (
              <Typography.Text type="secondary" style={{ fontSize: 12, minWidth: 0 }} ellipsis={{ tooltip: me?.org?.name ?? t('app.org') }} className="org-name" data-testid="org-name">
                {me?.org?.name ?? t('app.org')}
              </Typography.Text>
            )}
          </div>
          <Space size={4} style={{ flex: 'none', whiteSpace: 'nowrap' }}>
            <OrgSwitcher />
            {me?.permissions.includes('notifications.own') ? <NotificationBell /> : null}
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'account', icon: <UserOutlined />, label: t('nav.account'), onClick: () => navigate('/account') },
                  ...(me?.permissions.includes('notifications.own') ? [{ key: 'notifications', icon: <BellOutlined />, label: t('nav.notifications'), onClick: () => navigate('/notifications') }] : []),
                  { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), onClick: () => void logout().then(() => navigate('/login')) },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu" style={{ height: 40 }} aria-label={me?.user.displayName}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f4e8c' }} />
                {narrow ? null : (
                  <>
                    <span style={{ marginInlineStart: 6 }}>{me?.user.displayName}</span>
                    {me?.org && (
                      <Tag style={{ marginInlineStart: 6, marginInlineEnd: 0 }} variant="outlined" data-testid="user-org">
                        {me.org.shortName}
                      </Tag>
                    )}
                    {roleTags.map((r) => (
                      <Tag key={r} title={r} style={{ marginInlineStart: 6, marginInlineEnd: 0, maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'middle' }} color="blue" variant="outlined">
                        {r}
                      </Tag>
                    ))}
                  </>
                )}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content id="main-content" tabIndex={-1} style={{ padding: narrow ? '8px 8px 16px' : '12px 20px 24px', minWidth: 0, outline: 'none' }}>
          <Breadcrumb
            style={{ marginBottom: 12 }}
            items={[{ title: <Link to="/">{t('nav.home')}</Link> }, ...crumbs.map((c) => ({ title: c.children ? t(c.label) : <Link to={c.key}>{t(c.label)}</Link> }))]}
          />
          {ownHeading ? null : (
            <h1 style={{ fontSize: 18, fontWeight: 600, margin: '0 0 12px', color: 'rgba(0, 0, 0, 0.88)' }} data-testid="page-title">
              {pageTitle}
            </h1>
          )}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
