// The notification centre (issue 12): my notifications (all or unread, mark read), my delivery
// preferences (e-mail, webhook, muted kinds) and, for the system administrator, the
// installation's notification settings (internal targets 内部时限, escalation, robot webhook).
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, List, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { post, put } from '../lib/api';
import { EP } from '../lib/endpoints';
import { useApi } from '../lib/use-api';
import { useServerForm } from '../lib/use-server-form';
import { useSession } from '../session/session';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';
import { kindKey, LEVEL_COLOR, type NotificationItem } from '../components/notification-bell';

const KINDS = ['step_waiting', 'deadline', 'escalation', 'intake', 'signal', 'alert'] as const;
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

function NotificationList() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useApi<{ unread: number; items: NotificationItem[] }>(EP.notifications, { limit: 200, ...(unreadOnly ? { unread: 'true' } : {}) });
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  const markRead = async (id: string) => {
    await post(EP.notificationRead(id));
    list.reload();
  };
  return (
    <Card
      title={
        <Space>
          {t('ntf.tabList')}
          <Typography.Text type="secondary">{t('ntf.unread', { n: list.data?.unread ?? 0 })}</Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Checkbox checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} data-testid="ntf-unread-only">
            {t('ntf.onlyUnread')}
          </Checkbox>
          <Button onClick={() => void post(EP.notificationsReadAll).then(list.reload)} disabled={!list.data?.unread} data-testid="ntf-read-all">
            {t('ntf.markAllRead')}
          </Button>
        </Space>
      }
    >
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('ntf.none') }}
        renderItem={(n) => (
          <List.Item
            data-testid="ntf-row"
            actions={[
              n.link ? (
                <Button key="open" type="link" onClick={() => void (n.readAt ? Promise.resolve() : markRead(n.id)).then(() => navigate(n.link!))}>
                  {t('ntf.open')}
                </Button>
              ) : null,
              !n.readAt ? (
                <Button key="read" type="link" onClick={() => void markRead(n.id)}>
                  {t('ntf.markRead')}
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space size={6} wrap>
                  <Tag color={LEVEL_COLOR[n.level] ?? 'default'}>{t(kindKey(n.kind))}</Tag>
                  <Typography.Text strong={!n.readAt}>{pick({ zh: n.titleZh, en: n.titleEn })}</Typography.Text>
                </Space>
              }
              description={
                <Space direction="vertical" size={0}>
                  <span>{pick({ zh: n.bodyZh, en: n.bodyEn })}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {when(n.createdAt)}
                  </Typography.Text>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

interface Prefs {
  email: string | null;
  emailEnabled: boolean;
  webhookUrl: string | null;
  webhookEnabled: boolean;
  mutedKinds: string[];
}

function PreferencesForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const prefs = useApi<Prefs>(EP.notificationPrefs);
  const [form] = Form.useForm<Prefs>();
  const { busy, error, unplaced, run } = useServerForm(form);
  if (prefs.error && !prefs.data) return <LoadError error={prefs.error} onRetry={prefs.reload} />;
  if (!prefs.data) return <Card loading />;
  const save = (v: Prefs) =>
    run(async () => {
      await put(EP.notificationPrefs, { email: v.email || null, emailEnabled: Boolean(v.emailEnabled), webhookUrl: v.webhookUrl || null, webhookEnabled: Boolean(v.webhookEnabled), mutedKinds: v.mutedKinds ?? [] });
      void message.success(t('ntf.saved'));
      prefs.reload();
    });
  return (
    <Card title={t('ntf.tabPrefs')}>
      <Typography.Paragraph type="secondary">{t('ntf.prefs.intro')}</Typography.Paragraph>
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" initialValues={prefs.data} onFinish={(v) => void save(v)} style={{ maxWidth: 560 }} data-testid="ntf-prefs-form">
        <Form.Item name="email" label={t('ntf.prefs.email')}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item name="emailEnabled" label={t('ntf.prefs.emailEnabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="webhookUrl" label={t('ntf.prefs.webhookUrl')}>
          <Input placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" />
        </Form.Item>
        <Form.Item name="webhookEnabled" label={t('ntf.prefs.webhookEnabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="mutedKinds" label={t('ntf.prefs.muted')}>
          <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('ntf.save')}
        </Button>
      </Form>
    </Card>
  );
}

interface Settings {
  internalTargetDays: { accept: number; report_to_leader: number; appoint_team: number; start_investigation: number; notify: number };
  escalateToSupervisorAfterWorkingDays: number;
  orgWebhookUrl: string | null;
  orgWebhookKinds: string[];
  appUrl: string | null;
  outbox: Record<string, number>;
  orgId: string | null;
  inherited: boolean;
  /** 督办: whether this level sets the escalation threshold, and whose value it shows (null: the deployment default) */
  escalation: { editable: boolean; setBy: { id: string; name: string } | null };
}

/** The deployment-wide allow-list of webhook hosts and prefixes, one a line. */
function AllowListCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useApi<{ entries: string[]; editable: boolean }>(EP.webhookAllowList);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!list.data) return <Card loading={!list.error}>{list.error ? <ErrorAlert error={list.error} /> : null}</Card>;
  const value = text ?? list.data.entries.join('\n');
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await put(EP.webhookAllowList, { entries: value.split('\n').map((x) => x.trim()).filter(Boolean) });
      void message.success(t('ntf.saved'));
      setText(null);
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('ntf.allow.title')} data-testid="ntf-allow-list">
      <Typography.Paragraph type="secondary">{t('ntf.allow.intro')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Input.TextArea aria-label={t('ntf.allow.title')} value={value} onChange={(e) => setText(e.target.value)} rows={5} readOnly={!list.data.editable} placeholder={'oapi.dingtalk.com\nhttps://qyapi.weixin.qq.com/cgi-bin/webhook/send'} style={{ fontFamily: 'monospace', maxWidth: 560 }} />
      {list.data.editable ? (
        <div style={{ marginTop: 8 }}>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('ntf.save')}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

export function SettingsForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const settings = useApi<Settings>(EP.notificationSettings);
  const [form] = Form.useForm<Settings>();
  const { busy, error, unplaced, run } = useServerForm(form);
  if (settings.error && !settings.data) return <LoadError error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <Card loading />;
  // the escalation threshold is set by the supervising organisation above: sent only where this level sets it
  const escalation = settings.data.escalation;
  const save = (v: Settings) =>
    run(async () => {
      await put(EP.notificationSettings, {
        internalTargetDays: v.internalTargetDays,
        ...(escalation.editable ? { escalateToSupervisorAfterWorkingDays: v.escalateToSupervisorAfterWorkingDays } : {}),
        orgWebhookUrl: v.orgWebhookUrl || null,
        orgWebhookKinds: v.orgWebhookKinds ?? [],
        appUrl: v.appUrl || null,
      });
      void message.success(t('ntf.saved'));
      settings.reload();
    });
  return (
    <Card title={t('ntf.tabSettings')} extra={<Typography.Text type="secondary">{`${t('ntf.settings.outbox')}: ${Object.entries(settings.data.outbox).map(([k, n]) => `${k} ${n}`).join(' · ') || '—'}`}</Typography.Text>}>
      <Typography.Paragraph type="secondary">{t('ntf.settings.intro')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" data-testid="ntf-settings-scope">{settings.data.inherited ? t('ntf.settings.inherited') : t('ntf.settings.own')}</Typography.Paragraph>
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" initialValues={settings.data} onFinish={(v) => void save(v)} style={{ maxWidth: 560 }} data-testid="ntf-settings-form">
        {(['accept', 'report_to_leader', 'appoint_team', 'start_investigation', 'notify'] as const).map((k) => (
          <Form.Item key={k} name={['internalTargetDays', k]} label={t(`ntf.settings.${k}`)} rules={[{ required: true }]}>
            <InputNumber min={1} max={60} />
          </Form.Item>
        ))}
        {escalation.editable ? (
          <Form.Item name="escalateToSupervisorAfterWorkingDays" label={t('ntf.settings.escalate')} rules={[{ required: true }]} extra={t('ntf.settings.escalateForBelow')}>
            <InputNumber min={0} max={60} />
          </Form.Item>
        ) : (
          <Form.Item label={t('ntf.settings.escalate')} extra={escalation.setBy ? t('ntf.settings.escalateSetAbove', { name: escalation.setBy.name }) : t('ntf.settings.escalateDefault')} data-testid="ntf-escalate-readonly">
            <InputNumber value={settings.data.escalateToSupervisorAfterWorkingDays} disabled />
          </Form.Item>
        )}
        <Form.Item name="orgWebhookUrl" label={t('ntf.settings.orgWebhook')}>
          <Input />
        </Form.Item>
        <Form.Item name="orgWebhookKinds" label={t('ntf.settings.orgKinds')}>
          <Select mode="multiple" options={KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))} />
        </Form.Item>
        <Form.Item name="appUrl" label={t('ntf.settings.appUrl')}>
          <Input placeholder="https://wenze.example.gov.cn" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('ntf.save')}
        </Button>
      </Form>
    </Card>
  );
}

export default function NotificationsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const items = [
    { key: 'list', label: t('ntf.tabList'), children: <NotificationList /> },
    { key: 'prefs', label: t('ntf.tabPrefs'), children: <PreferencesForm /> },
    ...(can('settings.manage')
      ? [
          {
            key: 'settings',
            label: t('ntf.tabSettings'),
            children: (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <SettingsForm />
                <AllowListCard />
              </Space>
            ),
          },
        ]
      : []),
  ];
  return <Tabs items={items} destroyOnHidden />;
}
