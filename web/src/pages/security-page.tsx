// 安全管理员 (security administrator): grant and revoke roles (三员分立 refusals shown as the
// server's Chinese sentences), unlock accounts, security settings, the grant history, and the
// system administrator's password resets waiting for approval (双人复核: approve or refuse).
import { useState } from 'react';
import { isPersonBound } from '../../../src/policies/roles';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { patch, post, put } from '../lib/api';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';
import { A } from '../account/strings';
import { ActionLink } from '../components/action-link';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  /** the register person the account is linked to: a casework role needs one (FL-5(1)) */
  personId: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  /** issue 11: the home organisation and the roles held in each organisation the caller administers */
  orgId?: string;
  memberships?: { orgId: string; roles: string[] }[];
  /** a reset by the system administrator waiting for approval (双人复核), or null */
  passwordReset?: { requestedBy: string; requestedAt: string; expiresAt: string } | null;
}
type OrgOption = { id: string; shortName: string };
interface LockRow {
  kind: 'user' | 'source';
  key: string;
  lockedAt: string;
  lockedUntil: string;
}
interface GrantRow {
  id: string;
  at: string;
  action: 'grant' | 'revoke';
  role: string;
  username: string | null;
  actorUsername: string | null;
  sourceIp: string | null;
}
type Settings = Record<'lockoutThreshold' | 'lockoutWindowMinutes' | 'lockoutMinutes' | 'sourceThreshold' | 'idleMinutes' | 'absoluteHours' | 'passwordMaxAgeDays', number> & { cookieSecure: boolean };

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

function RoleRow({ u, orgs, onSaved }: { u: UserRow; orgs: OrgOption[]; onSaved: () => void }) {
  const { pick, t } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  // issue 11: roles are granted per organisation (the home one by default)
  const [orgId, setOrgId] = useState<string | undefined>(u.orgId);
  const rolesIn = (id: string | undefined) => (id && u.memberships ? (u.memberships.find((m) => m.orgId === id)?.roles ?? []) : u.roles);
  const [roles, setRoles] = useState<string[]>(rolesIn(u.orgId));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const options = Object.entries(me?.roleLabels ?? {}).map(([value, label]) => ({ value, label: pick(label) }));
  const self = me?.user.id === u.id;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await put(`/api/v1/users/${u.id}/roles`, { roles, ...(orgId ? { orgId } : {}) });
      message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const resetTotp = async () => {
    try {
      await post(`/api/v1/users/${u.id}/totp-reset`);
      message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <Space wrap>
        {orgs.length > 1 ? (
          <Select
            value={orgId}
            style={{ minWidth: 140 }}
            aria-label={`${pick({ zh: '机构', en: 'Organisation' })} · ${u.username}`}
            data-testid={`roles-org-${u.username}`}
            options={orgs.map((o) => ({ value: o.id, label: o.shortName }))}
            onChange={(id: string) => {
              setOrgId(id);
              setRoles(rolesIn(id));
            }}
          />
        ) : null}
        {self ? (
          // one's own roles are not changed here (三员分立): shown as text, not as a greyed-out control
          <Space size={4} data-testid={`roles-${u.username}`}>
            {roles.map((r) => (
              <Tag key={r}>{options.find((o) => o.value === r)?.label ?? r}</Tag>
            ))}
          </Space>
        ) : (
          <Select mode="multiple" value={roles} onChange={setRoles} options={options} style={{ minWidth: 320 }} aria-label={`${pick({ zh: '角色', en: 'Roles' })} · ${u.username}`} data-testid={`roles-${u.username}`} />
        )}
        <Button type="primary" onClick={() => void save()} loading={busy} disabled={self}>
          {pick(A.saveRoles)}
        </Button>
        {u.totpEnabled && !self ? <ActionLink onClick={() => void resetTotp()}>{pick(A.resetTotp)}</ActionLink> : null}
      </Space>
      <ErrorAlert error={error} onClose={() => setError(null)} style={{ marginTop: 8 }} />
    </div>
  );
}

function Roles() {
  const { pick, t } = useI18n();
  const users = useApi<{ items: UserRow[] }>('/api/v1/users');
  const orgs = useApi<{ items: OrgOption[] }>('/api/v1/orgs');
  if (users.error && !users.data) return <LoadError error={users.error} onRetry={users.reload} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{pick(A.rolesHint)}</Typography.Paragraph>
      <Table<UserRow>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('auth.username'), dataIndex: 'username', width: 140 },
          {
            title: t('auth.displayName'),
            dataIndex: 'displayName',
            width: 160,
            render: (name: string, u) => (
              <Space direction="vertical" size={2}>
                <span>{name}</span>
                {/* FL-5(1): whether a casework role may be granted (an account without a role) or acts (one with it) */}
                {u.personId || !(u.roles.length === 0 || u.roles.some(isPersonBound)) ? null : (
                  <Tooltip title={pick(A.personLinkMissingDetail)}>
                    <Tag color={u.roles.length ? 'red' : undefined} data-testid={`no-person-${u.username}`}>
                      {pick(u.roles.length ? A.personLinkMissing : A.noPerson)}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('auth.roles'), key: 'roles', render: (_, u) => <RoleRow key={`${u.roles.join()}|${JSON.stringify(u.memberships ?? [])}`} u={u} orgs={orgs.data?.items ?? []} onSaved={users.reload} /> },
        ]}
      />
    </>
  );
}

/** The system administrator's resets of used accounts, waiting for this security administrator (双人复核). */
function Resets() {
  const { pick } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const users = useApi<{ items: UserRow[] }>('/api/v1/users');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (users.error && !users.data) return <LoadError error={users.error} onRetry={users.reload} />;
  const all = users.data?.items ?? [];
  const nameOf = (id: string) => all.find((u) => u.id === id)?.username ?? id;
  const waiting = all.filter((u) => u.passwordReset);
  const decide = async (u: UserRow, how: 'approve' | 'reject') => {
    setBusy(`${u.id}:${how}`);
    setError(null);
    try {
      await post(`/api/v1/users/${u.id}/password-reset/${how}`);
      message.success(pick(how === 'approve' ? A.resetApproved : A.resetRejected));
      users.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Typography.Paragraph type="secondary">{pick(A.resetsHint)}</Typography.Paragraph>
      <ErrorAlert error={error} onClose={() => setError(null)} style={{ marginBottom: 8 }} />
      <Table<UserRow>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={waiting}
        pagination={false}
        locale={{ emptyText: pick(A.noResets) }}
        columns={[
          { title: pick(A.grantUser), dataIndex: 'username' },
          { title: pick(A.resetRequestedBy), key: 'by', render: (_, u) => nameOf(u.passwordReset!.requestedBy) },
          { title: pick(A.resetRequestedAt), key: 'at', render: (_, u) => when(u.passwordReset!.requestedAt) },
          {
            title: pick(A.resetExpiresAt),
            key: 'until',
            render: (_, u) => (Date.parse(u.passwordReset!.expiresAt) <= Date.now() ? <Tag>{pick(A.resetExpired)}</Tag> : when(u.passwordReset!.expiresAt)),
          },
          {
            key: 'a',
            render: (_, u) => {
              // the server refuses these too: one's own account, one's own request, an expired request
              const mayApprove = u.id !== me?.user.id && u.passwordReset!.requestedBy !== me?.user.id && Date.parse(u.passwordReset!.expiresAt) > Date.now();
              return (
                <Space>
                  <Button size="small" type="primary" disabled={!mayApprove} loading={busy === `${u.id}:approve`} onClick={() => void decide(u, 'approve')} data-testid={`reset-approve-${u.username}`}>
                    {pick(A.resetApprove)}
                  </Button>
                  <Button size="small" danger loading={busy === `${u.id}:reject`} onClick={() => void decide(u, 'reject')} data-testid={`reset-reject-${u.username}`}>
                    {pick(A.resetReject)}
                  </Button>
                </Space>
              );
            },
          },
        ]}
      />
    </>
  );
}

function Locks() {
  const { pick } = useI18n();
  const locks = useApi<{ items: LockRow[] }>('/api/v1/security/locks');
  const [form] = Form.useForm<{ key: string }>();
  const { busy, error, unplaced, run } = useServerForm(form);
  const unlock = (kind: 'user' | 'source', key: string) => run(async () => (await post('/api/v1/security/unlock', { kind, key }), locks.reload()));
  if (locks.error && !locks.data) return <LoadError error={locks.error} onRetry={locks.reload} />;
  return (
    <>
      <ErrorAlert error={error} fields={unplaced} />
      <Table<LockRow>
        rowKey={(r) => `${r.kind}:${r.key}`}
        size="middle"
        loading={locks.loading}
        dataSource={locks.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: pick(A.noLocks) }}
        columns={[
          { title: pick(A.lockKind), dataIndex: 'kind', render: (k: string) => <Tag>{k === 'user' ? pick(A.kindUser) : pick(A.kindSource)}</Tag> },
          { title: pick(A.lockKey), dataIndex: 'key' },
          { title: pick(A.lockedUntil), dataIndex: 'lockedUntil', render: when },
          { key: 'a', render: (_, r) => <ActionLink onClick={() => void unlock(r.kind, r.key)}>{pick(A.unlock)}</ActionLink> },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 16 }} onFinish={(v) => void unlock('user', v.key)} name="unlock">
        <Form.Item name="key" rules={[{ required: true, message: pick(A.kindUser) }]}>
          <Input placeholder={pick(A.kindUser)} aria-label={pick(A.kindUser)} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {pick(A.unlock)}
        </Button>
      </Form>
    </>
  );
}

function SettingsForm() {
  const { pick, t } = useI18n();
  const { message } = App.useApp();
  const settings = useApi<Settings>('/api/v1/security/settings');
  const [form] = Form.useForm<Settings>();
  const { busy, error, unplaced, run } = useServerForm(form);
  if (settings.error && !settings.data) return <LoadError error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return null;
  const numbers = ['lockoutThreshold', 'lockoutWindowMinutes', 'lockoutMinutes', 'sourceThreshold', 'idleMinutes', 'absoluteHours', 'passwordMaxAgeDays'] as const;
  return (
    <>
      <ErrorAlert error={error} fields={unplaced} />
      <Form
        form={form}
        layout="vertical"
        name="securitySettings"
        initialValues={settings.data}
        style={{ maxWidth: 420 }}
        onFinish={(v) => run(async () => (await patch('/api/v1/security/settings', v), message.success(t('common.saved')), settings.reload()))}
      >
        {numbers.map((k) => (
          <Form.Item key={k} name={k} label={pick(A[k])} rules={[{ required: true, message: pick(A[k]) }]}>
            <InputNumber min={0} precision={0} style={{ width: 160 }} />
          </Form.Item>
        ))}
        <Form.Item name="cookieSecure" label={pick(A.cookieSecure)} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}

function Grants() {
  const { pick } = useI18n();
  const { me } = useSession();
  const grants = useApi<{ items: GrantRow[] }>('/api/v1/security/grants');
  if (grants.error && !grants.data) return <LoadError error={grants.error} onRetry={grants.reload} />;
  return (
    <Table<GrantRow>
      rowKey="id"
      size="middle"
      loading={grants.loading}
      dataSource={grants.data?.items ?? []}
      pagination={{ pageSize: 20 }}
      columns={[
        { title: pick(A.grantAt), dataIndex: 'at', render: when },
        { title: pick(A.grantAction), dataIndex: 'action', render: (a: string) => (a === 'grant' ? <Tag color="green">{pick(A.grant)}</Tag> : <Tag color="red">{pick(A.revokeRole)}</Tag>) },
        { title: pick(A.grantRole), dataIndex: 'role', render: (r: string) => pick(me?.roleLabels[r]) || r },
        { title: pick(A.grantUser), dataIndex: 'username' },
        { title: pick(A.grantBy), dataIndex: 'actorUsername' },
        { title: pick(A.source), dataIndex: 'sourceIp', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}

export default function SecurityPage() {
  const { pick } = useI18n();
  return (
    <Card title={pick(A.securityTitle)}>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'roles', label: pick(A.tabRoles), children: <Roles /> },
          { key: 'resets', label: pick(A.tabResets), children: <Resets /> },
          { key: 'locks', label: pick(A.tabLocks), children: <Locks /> },
          { key: 'settings', label: pick(A.tabSettings), children: <SettingsForm /> },
          { key: 'grants', label: pick(A.tabGrants), children: <Grants /> },
        ]}
      />
    </Card>
  );
}
