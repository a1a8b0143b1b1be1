// The roster of the decision body (委党委会成员名册, FL-15): who sits on it decides a meeting's
// chair, quorum and majority. Everyone who reads the registers sees it — each member's register
// person, since when, and the members taken off with who, when and why. Only the legal-affairs
// clerk (`decisionBody.manage`) changes it: he adds an account the server offers
// (`/decision-body/candidates`: an active account holding the decider role, never himself) and
// takes a member off, with a reason when the server says a case waits for the body
// (`/decision-body/awaiting`; the change itself is judged again by the server, whose refusal shows
// on the form). His own membership he cannot change: the button says why, and the server refuses.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n, type Bilingual } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { ApiError, patch, post } from '../lib/api';
import { useServerForm } from '../lib/use-server-form';
import { formatDate, formatDateTime } from '../lib/dates';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';
import { useFocusReturn } from '../components/focus-return';

interface RegisterPerson {
  name: string;
  unitName: string;
  post: string | null;
}

export interface RosterRow {
  id: string;
  orgId: string;
  userId: string;
  displayName: string;
  person: RegisterPerson | null;
  title: string | null;
  sortOrder: number;
  onRoster: boolean;
  active: boolean;
  hasDeciderRole: boolean;
  addedAt: string;
  deactivatedAt: string | null;
  deactivatedByName: string | null;
  deactivationReason: string | null;
}

interface Candidate {
  userId: string;
  displayName: string;
  person: RegisterPerson | null;
  formerMember: boolean;
}

interface Awaiting {
  reasonRequired: boolean;
  /** the first five; `more`: there are others */
  caseNumbers: string[];
  more: boolean;
}

export const BODY = '/api/v1/decision-body';

const S = {
  title: { zh: '委党委会成员名册', en: 'Decision body (委党委会) roster' },
  intro: {
    zh: '立案和处理决定由委党委会会议确定（FL-15）：名册上的成员决定会议的主持人、应到人数和多数。名册由委法制科维护，每次增减都记入审计记录；任何人不得变更本人的成员身份。',
    en: 'Registration and decisions are made at the meeting of the 委党委会 (FL-15): the members on this roster make a meeting’s chair, quorum and majority. The legal-affairs clerk keeps the roster, every change is audited, and nobody changes their own membership.',
  },
  readOnly: { zh: '只读：名册由委法制科维护', en: 'Read-only: kept by the legal-affairs clerk' },
  add: { zh: '增加成员', en: 'Add a member' },
  remove: { zh: '减少成员', en: 'Take off' },
  current: { zh: '现任成员', en: 'Members' },
  former: { zh: '已减少的成员', en: 'Members taken off' },
  order: { zh: '序号', en: 'No.' },
  name: { zh: '姓名', en: 'Name' },
  unit: { zh: '单位', en: 'Unit' },
  post: { zh: '职务', en: 'Post' },
  bodyTitle: { zh: '党委会职务', en: 'Title on the body' },
  since: { zh: '在册起始', en: 'Member since' },
  status: { zh: '状态', en: 'Status' },
  counts: { zh: '计入会议', en: 'Counts at meetings' },
  disabled: { zh: '账号已停用：不计入会议', en: 'Account disabled: not counted' },
  noRole: { zh: '无委党委会成员角色：不计入会议', en: 'No decider role: not counted' },
  noPerson: { zh: '账号未关联人员台账', en: 'Account not linked to the register' },
  account: { zh: '账号', en: 'Account' },
  removedAt: { zh: '减少时间', en: 'Taken off' },
  removedBy: { zh: '经办人', en: 'By' },
  reason: { zh: '减少理由', en: 'Reason' },
  noReason: { zh: '未写明（当时无案件待审议）', en: 'None given (no case was waiting)' },
  noMembers: { zh: '名册上没有成员：委党委会无法开会', en: 'Nobody is on the roster: the body cannot meet' },
  ownTooltip: { zh: '不得变更本人的委党委会成员身份，须由其他法制科人员办理（FL-15）', en: 'Nobody changes their own membership of the body: another legal-affairs clerk does it (FL-15)' },
  waits: { zh: '本单位有案件待委党委会审议', en: 'A case of the organisation waits for the decision body' },
  waitsDetail: {
    zh: '案件{numbers}待委党委会审议：减少成员会改变其会议的主持人、应到人数和多数，须写明理由；理由与时间、经办人记入名册和审计记录。',
    en: 'Waiting for the body: {numbers}. Taking a member off changes who may chair and vote on them, so it needs a reason, kept with the time and the clerk on the roster and in the audit.',
  },
  removeTitle: { zh: '减少委党委会成员：{name}', en: 'Take {name} off the decision body' },
  removeOk: { zh: '减少成员', en: 'Take off' },
  removed: { zh: '已从名册中减少', en: 'Taken off the roster' },
  reasonHelpOptional: { zh: '选填：目前没有案件待委党委会审议', en: 'Optional: no case waits for the body now' },
  reasonRequired: { zh: '请填写减少理由', en: 'Please give the reason' },
  addTitle: { zh: '增加委党委会成员', en: 'Add a member to the decision body' },
  who: { zh: '人员', en: 'Person' },
  whoRequired: { zh: '请选择人员', en: 'Please choose the person' },
  whoHelp: {
    zh: '只列出本单位持有“委党委会成员”角色的有效账号（角色由安全管理员授予），不含现任成员；本人不在其列。',
    en: 'Only active accounts of the organisation holding the decision-body member role (granted by the security administrator), not on the roster now; never yourself.',
  },
  noCandidates: {
    zh: '没有可增加的人员：须先由安全管理员为其账号授予“委党委会成员”角色',
    en: 'Nobody to add: the security administrator first grants the account the decision-body member role',
  },
  formerMember: { zh: '曾为成员', en: 'Former member' },
  titlePlaceholder: { zh: '如：委党委委员、副主任', en: 'e.g. 委党委委员、副主任' },
  added: { zh: '已列入名册', en: 'Added to the roster' },
  org: { zh: '机构', en: 'Organisation' },
} satisfies Record<string, Bilingual>;

const fill = (s: string, v: Record<string, string>): string => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

/** 巴住建问〔2026〕5号、巴住建问〔2026〕8号等 — the numbers the server listed, and that there are others */
const numbersOf = (a: Awaiting, lang: string): string => a.caseNumbers.join(lang === 'zh' ? '、' : ', ') + (a.more ? (lang === 'zh' ? '等' : ' and others') : '');

/** The register person as one line: 秦德明 办公室 · 副主任 (or the account's name when not linked). */
function PersonCell({ row, testId }: { row: { displayName: string; person: RegisterPerson | null }; testId?: string }) {
  const { pick } = useI18n();
  if (!row.person)
    return (
      <Space size={4} wrap data-testid={testId}>
        {row.displayName}
        <Tag>{pick(S.noPerson)}</Tag>
      </Space>
    );
  return (
    <span data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      {row.person.name}
    </span>
  );
}

export default function DecisionBodyPage() {
  const { pick, lang, t } = useI18n();
  const { can, me } = useSession();
  const clerk = can('decisionBody.manage');
  const roster = useApi<{ items: RosterRow[] }>(BODY);
  const awaiting = useApi<Awaiting>(clerk ? `${BODY}/awaiting` : null);
  // issue 11: a reader over several organisations sees whose body each member sits on
  const severalOrgs = (me?.org?.scopeSize ?? 1) > 1;
  const orgs = useApi<{ items: { id: string; shortName: string }[] }>(severalOrgs ? '/api/v1/orgs' : null);
  const orgName = (id: string): string => orgs.data?.items.find((o) => o.id === id)?.shortName ?? id;
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<RosterRow | null>(null);
  const myId = me?.user.id ?? '';

  if (roster.error && !roster.data) return <LoadError error={roster.error} onRetry={roster.reload} />;
  const rows = roster.data?.items ?? [];
  const current = rows.filter((r) => r.onRoster);
  const former = rows.filter((r) => !r.onRoster);
  const changed = () => {
    roster.reload();
    awaiting.reload();
  };
  const orgColumn = severalOrgs ? [{ title: pick(S.org), key: 'org', render: (_: unknown, r: RosterRow) => orgName(r.orgId) }] : [];
  const personColumns = [
    { title: pick(S.name), key: 'name', render: (_: unknown, r: RosterRow) => <PersonCell row={r} testId={`member-name-${r.userId}`} /> },
    { title: pick(S.unit), key: 'unit', render: (_: unknown, r: RosterRow) => r.person?.unitName ?? '—' },
    { title: pick(S.post), key: 'post', render: (_: unknown, r: RosterRow) => r.person?.post || '—' },
  ];

  return (
    <Card
      title={pick(S.title)}
      data-testid="decision-body-page"
      extra={
        clerk ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="member-add">
            {pick(S.add)}
          </Button>
        ) : (
          <Tag data-testid="roster-read-only">{pick(S.readOnly)}</Tag>
        )
      }
    >
      <Typography.Paragraph type="secondary">{pick(S.intro)}</Typography.Paragraph>
      {clerk && awaiting.data?.reasonRequired ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={pick(S.waits)}
          description={fill(pick(S.waitsDetail), { numbers: numbersOf(awaiting.data, lang) })}
          data-testid="roster-awaiting"
        />
      ) : null}
      <ErrorAlert error={awaiting.error} />
      <Typography.Title level={5}>{pick(S.current)}</Typography.Title>
      <Table<RosterRow>
        rowKey="id"
        size="middle"
        loading={roster.loading}
        dataSource={current}
        pagination={false}
        locale={{ emptyText: <Empty description={pick(S.noMembers)} /> }}
        data-testid="roster-current"
        columns={[
          // the body's order (sortOrder), counted from one
          { title: pick(S.order), key: 'order', width: 64, render: (_: unknown, __: RosterRow, i: number) => i + 1 },
          ...orgColumn,
          ...personColumns,
          { title: pick(S.bodyTitle), dataIndex: 'title', render: (v: string | null) => v || '—' },
          { title: pick(S.since), dataIndex: 'addedAt', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v, lang)}</span> },
          {
            title: pick(S.status),
            key: 'status',
            render: (_, r) =>
              !r.active ? (
                <Tag color="red">{pick(S.disabled)}</Tag>
              ) : !r.hasDeciderRole ? (
                <Tag color="orange">{pick(S.noRole)}</Tag>
              ) : (
                <Tag color="green">{pick(S.counts)}</Tag>
              ),
          },
          ...(clerk
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 96,
                  render: (_: unknown, r: RosterRow) =>
                    r.userId === myId ? (
                      <Tooltip title={pick(S.ownTooltip)}>
                        {/* a disabled button fires no mouse events: the span carries the tooltip */}
                        <span tabIndex={0} data-testid={`member-remove-own-${r.userId}`}>
                          <Button size="small" danger disabled style={{ pointerEvents: 'none' }}>
                            {pick(S.remove)}
                          </Button>
                        </span>
                      </Tooltip>
                    ) : (
                      <Button size="small" danger onClick={() => setRemoving(r)} data-testid={`member-remove-${r.userId}`}>
                        {pick(S.remove)}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {former.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {pick(S.former)}
          </Typography.Title>
          <Table<RosterRow>
            rowKey="id"
            size="middle"
            dataSource={former}
            pagination={false}
            data-testid="roster-former"
            columns={[
              ...orgColumn,
              ...personColumns,
              { title: pick(S.removedAt), dataIndex: 'deactivatedAt', render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang)}</span> },
              { title: pick(S.removedBy), dataIndex: 'deactivatedByName', render: (v: string | null) => v ?? '—' },
              {
                title: pick(S.reason),
                dataIndex: 'deactivationReason',
                render: (v: string | null, r) => <span data-testid={`former-reason-${r.userId}`}>{v ?? <Typography.Text type="secondary">{r.deactivatedAt ? pick(S.noReason) : '—'}</Typography.Text>}</span>,
              },
            ]}
          />
        </>
      ) : null}
      {clerk ? <AddMember open={adding} onClose={() => setAdding(false)} onDone={changed} /> : null}
      {clerk ? <RemoveMember row={removing} awaiting={awaiting.data ?? null} onAsked={awaiting.reload} onClose={() => setRemoving(null)} onDone={changed} /> : null}
    </Card>
  );
}

function AddMember({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { pick, t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId?: string; title?: string }>();
  const { busy, error, unplaced, run, reset } = useServerForm(form);
  const candidates = useApi<{ items: Candidate[] }>(open ? `${BODY}/candidates` : null);
  useFocusReturn(open);
  const items = candidates.data?.items ?? [];
  const label = (c: Candidate) => (c.person ? [c.person.name, c.person.unitName, c.person.post].filter(Boolean).join(' · ') : `${c.displayName}（${pick(S.noPerson)}）`);
  const submit = (v: { userId?: string; title?: string }) =>
    run(async () => {
      await post(BODY, { userId: v.userId, ...(v.title?.trim() ? { title: v.title.trim() } : {}) });
      message.success(pick(S.added));
      form.resetFields();
      onClose();
      onDone();
    });
  return (
    <Modal
      open={open}
      title={pick(S.addTitle)}
      width={640}
      onCancel={onClose}
      afterOpenChange={(o) => (o ? reset() : form.resetFields())}
      okText={pick(S.add)}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, disabled: candidates.data !== undefined && !items.length, 'data-testid': 'member-add-ok' } as never}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert error={error ?? candidates.error} fields={unplaced} />
      {candidates.data && !items.length ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={pick(S.noCandidates)} data-testid="no-candidates" /> : null}
      <Form form={form} layout="vertical" name="member-add" onFinish={(v) => void submit(v)}>
        <Form.Item name="userId" label={pick(S.who)} rules={[{ required: true, message: pick(S.whoRequired) }]} extra={pick(S.whoHelp)}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={candidates.loading}
            options={items.map((c) => ({ value: c.userId, label: label(c), title: label(c), former: c.formerMember }))}
            optionRender={(o) => (
              <Space size={6} style={{ whiteSpace: 'normal' }}>
                <span>{o.label}</span>
                {o.data.former ? <Tag>{pick(S.formerMember)}</Tag> : null}
              </Space>
            )}
            data-testid="member-add-person"
          />
        </Form.Item>
        <Form.Item name="title" label={pick(S.bodyTitle)}>
          <Input maxLength={100} placeholder={pick(S.titlePlaceholder)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RemoveMember({ row, awaiting, onAsked, onClose, onDone }: { row: RosterRow | null; awaiting: Awaiting | null; onAsked: () => void; onClose: () => void; onDone: () => void }) {
  const { pick, lang, t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const { busy, error, unplaced, run, reset } = useServerForm(form);
  useFocusReturn(row !== null);
  const required = Boolean(awaiting?.reasonRequired);
  const name = row ? (row.person?.name ?? row.displayName) : '';
  const submit = (v: { reason?: string }) =>
    run(async () => {
      if (!row) return;
      try {
        await patch(`${BODY}/${row.id}`, { active: false, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) });
      } catch (e) {
        // a case came to wait for the body since the page asked: ask again, so the field says so too
        if (e instanceof ApiError && e.fields.some((f) => f.path === 'reason')) onAsked();
        throw e;
      }
      message.success(pick(S.removed));
      onClose();
      onDone();
    });
  return (
    <Modal
      open={row !== null}
      title={fill(pick(S.removeTitle), { name })}
      width={600}
      onCancel={onClose}
      afterOpenChange={(o) => (o ? reset() : form.resetFields())}
      okText={pick(S.removeOk)}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'member-remove-ok' } as never}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {row ? (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={pick(S.unit)}>{row.person?.unitName ?? pick(S.noPerson)}</Descriptions.Item>
          <Descriptions.Item label={pick(S.post)}>{row.person?.post || '—'}</Descriptions.Item>
          <Descriptions.Item label={pick(S.bodyTitle)}>{row.title || '—'}</Descriptions.Item>
          <Descriptions.Item label={pick(S.since)}>{formatDate(row.addedAt, lang)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {required && awaiting ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={fill(pick(S.waitsDetail), { numbers: numbersOf(awaiting, lang) })} data-testid="remove-awaiting" />
      ) : null}
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" name="member-remove" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={pick(S.reason)}
          required={required}
          rules={required ? [{ required: true, whitespace: true, message: pick(S.reasonRequired) }] : []}
          extra={required ? undefined : pick(S.reasonHelpOptional)}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="member-remove-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
