// Organisations (issue 11): the tree the system administrator administers, and the edit drawer
// of one organisation — name, letterhead, case and document numbering, decision body, recusal
// deputy, rule packs by date, its own settings (JSON, keyed like the deployment's), whether the
// public report page offers it. The version read is sent; a stale save reloads.
import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { LoadError } from '../components/page-errors';
import { FormDrawer } from '../registers/common';

interface Org {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  shortName: string;
  letterhead: string;
  casePrefix: string | null;
  caseNumberFormat: string;
  documentPrefix: string | null;
  decisionBody: string;
  deputyUserId: string | null;
  rulePacks: { packId: string; from: string | null }[];
  settings: Record<string, unknown>;
  acceptsReports: boolean;
  version: number;
}

interface UserRow {
  id: string;
  displayName: string;
  username: string;
  disabled: boolean;
  memberships?: { orgId: string; roles: string[] }[];
}

interface EditValues {
  name: string;
  shortName: string;
  letterhead: string;
  casePrefix: string;
  caseNumberFormat: string;
  documentPrefix: string;
  decisionBody: string;
  deputyUserId: string | null;
  rulePacks: { packId: string; from: Dayjs | null }[];
  settings: string;
  acceptsReports: boolean;
}

const blankToNull = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);

export default function OrgsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const orgs = useApi<{ ownId: string; items: Org[]; packIds: string[] }>('/api/v1/orgs');
  const users = useApi<{ items: UserRow[] } | UserRow[]>(can('users.manage') ? '/api/v1/users' : null);
  const [editing, setEditing] = useState<string | null>(null);
  const [form] = Form.useForm<EditValues>();
  const org = orgs.data?.items.find((o) => o.id === editing) ?? null;
  const userList: UserRow[] = Array.isArray(users.data) ? users.data : (users.data?.items ?? []);
  const packList = (orgs.data?.packIds ?? []).map((id) => ({ id }));

  useEffect(() => {
    if (!org) return;
    form.setFieldsValue({
      name: org.name,
      shortName: org.shortName,
      letterhead: org.letterhead,
      casePrefix: org.casePrefix ?? '',
      caseNumberFormat: org.caseNumberFormat,
      documentPrefix: org.documentPrefix ?? '',
      decisionBody: org.decisionBody,
      deputyUserId: org.deputyUserId,
      rulePacks: org.rulePacks.map((p) => ({ packId: p.packId, from: p.from ? dayjs(p.from) : null })),
      settings: Object.keys(org.settings).length ? JSON.stringify(org.settings, null, 2) : '',
      acceptsReports: org.acceptsReports,
    });
  }, [org, form]);

  const transform = (v: EditValues) => {
    let settings: Record<string, unknown> = {};
    try {
      settings = v.settings?.trim() ? (JSON.parse(v.settings) as Record<string, unknown>) : {};
    } catch {
      settings = { '': v.settings };
    }
    // keys the organisation no longer sets are removed (null), the rest replaced
    const removed = Object.fromEntries(Object.keys(org?.settings ?? {}).filter((k) => !(k in settings)).map((k) => [k, null]));
    return {
      version: org?.version,
      name: v.name,
      shortName: v.shortName,
      letterhead: v.letterhead,
      casePrefix: blankToNull(v.casePrefix),
      caseNumberFormat: v.caseNumberFormat,
      documentPrefix: blankToNull(v.documentPrefix),
      decisionBody: v.decisionBody,
      deputyUserId: v.deputyUserId ?? null,
      rulePacks: (v.rulePacks ?? []).filter((p) => p?.packId).map((p) => ({ packId: p.packId, from: p.from ? p.from.format('YYYY-MM-DD') : null })),
      settings: { ...removed, ...settings },
      acceptsReports: v.acceptsReports,
    };
  };

  if (orgs.error && !orgs.data) return <LoadError error={orgs.error} onRetry={orgs.reload} />;
  const nameOf = (id: string | null) => orgs.data?.items.find((o) => o.id === id)?.shortName ?? '';
  const members = userList.filter((u) => !u.disabled && (u.memberships ?? []).some((m) => m.orgId === editing));
  return (
    <Card title={t('org.title')} loading={orgs.loading && !orgs.data}>
      <Table
        size="small"
        rowKey="id"
        data-testid="org-table"
        dataSource={orgs.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('org.name'), dataIndex: 'name' },
          { title: t('org.parent'), dataIndex: 'parentId', render: (p: string | null) => nameOf(p) },
          { title: t('org.casePrefix'), dataIndex: 'casePrefix' },
          { title: t('org.decisionBody'), dataIndex: 'decisionBody' },
          { title: t('org.acceptsReports'), dataIndex: 'acceptsReports', render: (a: boolean, o: Org) => (a && o.casePrefix ? <Tag color="green">{t('org.yes')}</Tag> : <Tag>{t('org.no')}</Tag>) },
          {
            title: '',
            key: 'edit',
            render: (_: unknown, o: Org) =>
              can('orgs.manage') ? (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(o.id)} data-testid={`org-edit-${o.id}`}>
                  {t('common.edit')}
                </Button>
              ) : null,
          },
        ]}
      />
      <FormDrawer
        open={editing !== null}
        title={`${t('org.edit')} · ${org?.name ?? ''}`}
        form={form}
        name="org-edit"
        method="PATCH"
        path={editing ? `/api/v1/orgs/${editing}` : ''}
        width={640}
        transform={transform}
        onClose={() => setEditing(null)}
        onStale={orgs.reload}
        onSaved={() => {
          setEditing(null);
          orgs.reload();
        }}
      >
        <Form.Item name="name" label={t('org.name')} required>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('org.shortName')} required>
          <Input />
        </Form.Item>
        <Form.Item name="letterhead" label={t('org.letterhead')} required>
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="casePrefix" label={t('org.casePrefix')} style={{ flex: 1 }}>
            <Input placeholder="巴住建问" />
          </Form.Item>
          <Form.Item name="caseNumberFormat" label={t('org.caseNumberFormat')} extra={t('org.formatHelp')} style={{ flex: 2 }} required>
            <Input placeholder="{prefix}〔{year}〕{n}号" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="documentPrefix" label={t('org.documentPrefix')}>
          <Input />
        </Form.Item>
        <Form.Item name="decisionBody" label={t('org.decisionBody')} required>
          <Input />
        </Form.Item>
        <Form.Item name="deputyUserId" label={t('org.deputy')} extra={t('org.deputyHelp')}>
          <Select allowClear data-testid="org-deputy" options={members.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))} />
        </Form.Item>
        <Form.Item label={t('org.rulePacks')} extra={t('org.rulePacksHelp')}>
          <Form.List name="rulePacks">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'packId']} rules={[{ required: true }]}>
                      <Select style={{ width: 240 }} options={packList.map((p) => ({ value: p.id, label: p.id }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'from']}>
                      <DatePicker placeholder={t('org.packFrom')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('org.removePack')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ packId: packList[0]?.id, from: null })}>
                  {t('org.addPack')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="settings" label={t('org.settings')} extra={t('org.settingsHelp')}>
          <Input.TextArea rows={5} style={{ fontFamily: 'monospace' }} placeholder='{"deadlines.rollForward": {"handling": false}}' />
        </Form.Item>
        <Form.Item name="acceptsReports" label={t('org.acceptsReports')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FormDrawer>
    </Card>
  );
}
