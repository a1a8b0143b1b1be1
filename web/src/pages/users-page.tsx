// User management (系统管理员): accounts and the register person an account belongs to (a subject
// sees own cases through it). Roles are shown, not edited: the 安全管理员 grants them (三员分立).
// A password reset of an account that has signed in before waits for the 安全管理员 (双人复核):
// shown here as awaiting until approved, refused or expired.
import { useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { isPersonBound } from '../../../src/policies/roles';
import { A, fill } from '../account/strings';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { patch, post } from '../lib/api';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';
import { PersonSelect } from '../components/register-selects';
import { ActionLink } from '../components/action-link';
import { useFocusReturn } from '../components/focus-return';


interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  personId: string | null;
  /** the linked register person as the register names it (FL-5(1): the administrator checks whose record it is) */
  person?: { name: string; unitName: string; employeeNo: string | null } | null;
  disabled: boolean;
  /** a reset waiting for the security administrator (双人复核), or null */
  passwordReset?: { requestedBy: string; requestedAt: string; expiresAt: string } | null;
}

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
const expired = (r: { expiresAt: string }) => Date.parse(r.expiresAt) <= Date.now();

interface UserForm {
  username: string;
  displayName: string;
  password?: string;
  personId?: string | null;
  disabled?: boolean;
}

export default function UsersPage() {
  const { t, pick } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const users = useApi<{ items: UserRow[] }>('/api/v1/users');
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  useFocusReturn(editing !== null);
  const [form] = Form.useForm<UserForm>();
  const { busy, error, unplaced, run, reset } = useServerForm(form);

  const open = (u: UserRow | 'new') => {
    reset();
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ username: u.username, displayName: u.displayName, personId: u.personId, disabled: u.disabled });
    setEditing(u);
  };

  const save = (v: UserForm) =>
    run(async () => {
      if (editing === 'new') {
        await post('/api/v1/users', { username: v.username, displayName: v.displayName, password: v.password, personId: v.personId || null });
      } else if (editing) {
        const saved = await patch<UserRow>(`/api/v1/users/${editing.id}`, {
          displayName: v.displayName,
          personId: v.personId || null,
          disabled: Boolean(v.disabled),
          ...(v.password ? { password: v.password } : {}),
        });
        // the server says whether the reset took effect or awaits the security administrator
        if (v.password && saved.passwordReset) {
          message.info(pick(A.resetRequested));
          setEditing(null);
          users.reload();
          return;
        }
      }
      message.success(t('common.saved'));
      setEditing(null);
      users.reload();
    });

  if (users.error && !users.data) return <LoadError error={users.error} onRetry={users.reload} />;
  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('users.new')}
        </Button>
      }
    >
      <Table<UserRow>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('auth.displayName'), dataIndex: 'displayName' },
          {
            title: t('users.person'),
            key: 'person',
            render: (_, u) =>
              u.person ? (
                <span data-testid={`person-of-${u.username}`}>
                  {u.person.name}
                  <Typography.Text type="secondary">
                    {' '}
                    {[u.person.unitName, u.person.employeeNo].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </span>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: t('auth.roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{pick(me?.roleLabels[r]) || r}</Tag>),
          },
          {
            title: t('users.status'),
            dataIndex: 'disabled',
            render: (d: boolean, u) => (
              <Space size={4} wrap>
                {d ? <Tag color="default">{t('users.disabled')}</Tag> : <Tag color="green">{t('users.active')}</Tag>}
                {!u.personId && u.roles.some(isPersonBound) ? (
                  <Tooltip title={pick(A.personLinkMissingDetail)}>
                    <Tag color="red" data-testid={`person-missing-${u.username}`}>
                      {pick(A.personLinkMissing)}
                    </Tag>
                  </Tooltip>
                ) : null}
                {u.passwordReset ? (
                  <Tag color={expired(u.passwordReset) ? 'default' : 'orange'} data-testid={`reset-pending-${u.username}`}>
                    {pick(expired(u.passwordReset) ? A.resetExpired : A.resetAwaiting)}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          { title: t('common.actions'), key: 'a', width: 100, render: (_, u) => <ActionLink onClick={() => open(u)}>{t('common.edit')}</ActionLink> },
        ]}
      />
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('users.new') : t('users.edit')}
        size={440}
        destroyOnHidden
        extra={
          <Space>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="user-save">
              {t('common.save')}
            </Button>
          </Space>
        }
      >
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={pick(A.usersRolesNote)} description={pick(A.policy)} />
        {editing && editing !== 'new' && editing.passwordReset && !expired(editing.passwordReset) ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={pick(A.resetAwaiting)}
            description={fill(pick(A.resetAwaitingDetail), { at: when(editing.passwordReset.requestedAt), until: when(editing.passwordReset.expiresAt) })}
          />
        ) : null}
        <ErrorAlert error={error} fields={unplaced} />
        <Form form={form} layout="vertical" onFinish={save} name="user">
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.required', { field: t('auth.username') }) }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="displayName" label={t('auth.displayName')} rules={[{ required: true, message: t('auth.required', { field: t('auth.displayName') }) }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="password"
            label={editing === 'new' ? t('auth.password') : t('users.newPassword')}
            rules={editing === 'new' ? [{ required: true, message: t('auth.required', { field: t('auth.password') }) }] : []}
            extra={editing !== 'new' ? pick(A.resetNeedsApproval) : undefined}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="personId" label={t('users.person')}>
            <PersonSelect allowClear />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="disabled" label={t('users.disable')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </Drawer>
    </Card>
  );
}
