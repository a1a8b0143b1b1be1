// The meetings of the decision body on a case (FL-15 委党委会会议, WC-9(3) 经委领导集体讨论,
// FL-5(4) 民主集中制): convene, record attendance and recusals, record opinions, each member
// confirms their own opinion (会签), the chair closes. Every rule is the server's
// (src/services/meetings); this panel offers the buttons and shows the refusals.
import { useState } from 'react';
import { App, Alert, Button, Card, Checkbox, Descriptions, Empty, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { z } from 'zod';
import type { meetingOut, memberOut } from '../../../src/services/meetings/schemas';
import { useLegal, type LegalVocabulary } from '../lib/legal';
import { parseFormsKey } from '../../../src/domain/meetings/tally';
import { useI18n } from '../i18n/i18n';
import { post } from '../lib/api';
import { useApi } from '../lib/use-api';
import { chinaDateOf } from '../lib/dates';
import { useSession } from '../session/session';
import { ErrorAlert } from '../components/error-alert';
import { DateInput } from '../components/inputs';
import type { CaseView } from './types';
import { useFocusReturn } from '../components/focus-return';
import { ASKED_REASON_FIELD, AskedReason, askedReasonOf, type AskedReasonKind } from './asked-reason';

export type Meeting = z.infer<typeof meetingOut>;
type BodyMember = z.infer<typeof memberOut>;
type Purpose = Meeting['purpose'];
type MeetingMember = Meeting['members'][number];

export const meetingsPath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}/meetings`;
const formOptions = (v: LegalVocabulary) => v.formIds.map((id) => ({ value: id, label: `${id} ${v.forms[id] ?? ''}` }));

/** The winning option of a meeting, in words (立案 / forms per subject / appeal outcome). */
export function resultText(m: Meeting, nameOf: (personId: string) => string, t: (k: never) => string): string {
  const tt = t as unknown as (k: string) => string;
  const r = m.result;
  if (!r) return '—';
  if (m.purpose === 'registration') return r.matter?.winner === 'register' ? tt('meet.register') : r.matter?.winner === 'not_register' ? tt('meet.notRegister') : tt('meet.noMajority');
  if (m.purpose === 'appeal') {
    const w = r.matter?.winner;
    if (!w) return tt('meet.noMajority');
    return w.startsWith('changed:') ? `${tt('meet.changed')}：${parseFormsKey(w.slice(8)).forms.join('、')}` : w === 'upheld' ? tt('meet.upheld') : tt('meet.revoked');
  }
  return (r.subjects ?? [])
    .map((s) => {
      if (!s.tally.winner) return `${nameOf(s.subjectPersonId)}：${tt('meet.noMajority')}`;
      const f = parseFormsKey(s.tally.winner);
      return `${nameOf(s.subjectPersonId)}：${f.noAccountability ? tt('decide.noAccountability') : f.forms.join('、')}`;
    })
    .join('；');
}

function opinionText(o: Record<string, unknown> | null, nameOf: (id: string) => string, tt: (k: string) => string): string {
  if (!o) return '—';
  const remark = typeof o.remark === 'string' && o.remark ? `（${o.remark}）` : '';
  if (o.purpose === 'registration') return (o.register ? tt('meet.register') : tt('meet.notRegister')) + remark;
  if (o.purpose === 'appeal') return `${tt(`meet.${String(o.outcome)}`)}${Array.isArray(o.forms) && o.forms.length ? `：${(o.forms as string[]).join('、')}` : ''}${remark}`;
  const items = (o.items as { subjectPersonId: string; noAccountability: boolean; forms: string[] }[] | undefined) ?? [];
  return items.map((i) => `${nameOf(i.subjectPersonId)}：${i.noAccountability ? tt('decide.noAccountability') : i.forms.join('、')}`).join('；') + remark;
}

/** The opinion form for one member: the fields depend on the meeting's purpose. */
function OpinionModal({ meeting, member, c, onClose, onSaved }: { meeting: Meeting; member: MeetingMember; c: CaseView; onClose: () => void; onSaved: () => void }) {
  const legal = useLegal();
  useFocusReturn();
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const subjects = c.subjects.filter((s) => (c.findings as { subjectPersonId: string }[]).some((f) => f.subjectPersonId === s.personId));
  const initial =
    member.opinion ??
    (meeting.purpose === 'registration' ? { register: true } : meeting.purpose === 'appeal' ? { outcome: 'upheld' } : { items: subjects.map((s) => ({ subjectPersonId: s.personId, noAccountability: false, forms: [] })) });
  const save = async (v: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/v1/meetings/${encodeURIComponent(meeting.id)}/opinions`, { ...v, userId: member.userId });
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('meet.recordOpinion')} · ${member.displayName}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('common.submit')} width={640}>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v as Record<string, unknown>)}>
        {meeting.purpose === 'registration' ? (
          <Form.Item name="register" label={t('meet.opinion')}>
            <Radio.Group options={[{ value: true, label: t('meet.register') }, { value: false, label: t('meet.notRegister') }]} />
          </Form.Item>
        ) : null}
        {meeting.purpose === 'appeal' ? (
          <>
            <Form.Item name="outcome" label={t('meet.opinion')}>
              <Radio.Group options={['upheld', 'changed', 'revoked'].map((o) => ({ value: o, label: t(`meet.${o}` as never) }))} />
            </Form.Item>
            <Form.Item name="forms" label={t('decide.forms')}>
              <Select mode="multiple" options={formOptions(legal)} optionFilterProp="label" />
            </Form.Item>
          </>
        ) : null}
        {meeting.purpose === 'decision' ? (
          <Form.List name="items">
            {(fields) =>
              fields.map((f, idx) => (
                <Card key={f.key} size="small" title={subjects[idx]?.name} style={{ marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'subjectPersonId']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[f.name, 'noAccountability']} label={t('decide.noAccountability')} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Switch />
                  </Form.Item>
                  <Form.Item name={[f.name, 'forms']} label={t('decide.forms')} style={{ marginBottom: 0 }}>
                    <Select mode="multiple" options={formOptions(legal)} optionFilterProp="label" data-testid={`opinion-forms-${idx}`} />
                  </Form.Item>
                </Card>
              ))
            }
          </Form.List>
        ) : null}
        <Form.Item name="remark" label={t('meet.remark')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ConveneForm({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const body = useApi<{ items: BodyMember[] }>('/api/v1/decision-body');
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // a reason the server asked for (meeting again, a late entry): null until it asks
  const [asked, setAsked] = useState<{ kind: AskedReasonKind; value: string } | null>(null);
  const purposes: Purpose[] = c.state === 'accepted' ? ['registration'] : c.state === 'findings_submitted' ? ['decision'] : ['decided', 'notified', 'executing'].includes(c.state) ? ['appeal'] : [];
  if (!purposes.length) return null;
  const pending = c.appeals.filter((a) => a.outcome === 'pending');
  const members = (body.data?.items ?? []).filter((m) => m.active && m.hasDeciderRole);
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/meetings', { ...v, caseId: c.id, ...(asked?.value.trim() ? { [ASKED_REASON_FIELD[asked.kind]]: asked.value.trim() } : {}) });
      form.resetFields();
      setAsked(null);
      onDone();
    } catch (e) {
      setError(e);
      const kind = askedReasonOf(e);
      if (kind && asked?.kind !== kind) setAsked({ kind, value: '' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('meet.convene')} style={{ marginBottom: 12 }}>
      <ErrorAlert error={error ?? body.error} />
      {asked ? <AskedReason kind={asked.kind} value={asked.value} onChange={(value) => setAsked({ ...asked, value })} /> : null}
      {body.data && members.length < 2 ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('meet.bodyTooSmall')} /> : null}
      <Form form={form} layout="inline" initialValues={{ purpose: purposes[0], heldOn: chinaDateOf(new Date()) }} onFinish={(v) => void submit(v as Record<string, unknown>)}>
        <Form.Item name="purpose" label={t('meet.purpose')}>
          <Select style={{ width: 140 }} options={purposes.map((p) => ({ value: p, label: t(`meet.purpose.${p}` as never) }))} />
        </Form.Item>
        <Form.Item name="heldOn" label={t('decide.date')} rules={[{ required: true }]}>
          <DateInput />
        </Form.Item>
        <Form.Item name="chairUserId" label={t('decide.chair')} rules={[{ required: true, message: t('auth.required', { field: t('decide.chair') }) }]}>
          <Select style={{ width: 200 }} options={members.map((m) => ({ value: m.userId, label: m.title ? `${m.displayName}（${m.title}）` : m.displayName }))} data-testid="meeting-chair" />
        </Form.Item>
        {purposes[0] === 'appeal' ? (
          <Form.Item name="appealId" label={t('meet.appeal')} rules={[{ required: true }]}>
            <Select style={{ width: 240 }} options={pending.map((a) => ({ value: a.id, label: `${a.subjectName} · ${a.kind === 'appeal' ? '申诉' : '陈述申辩'} · ${a.filedOn}` }))} />
          </Form.Item>
        ) : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="meeting-convene">
            {t('meet.convene')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function MeetingCard({ m, c, onChanged }: { m: Meeting; c: CaseView; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const tt = t as unknown as (k: string) => string;
  const { me } = useSession();
  const { modal } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<MeetingMember | null>(null);
  const [closeWithMissing, setCloseWithMissing] = useState(false);
  const [minutes, setMinutes] = useState(m.minutes ?? '');
  const myId = me?.user.id ?? '';
  // a meeting set aside for another (FL-15, reconvened) takes no more records, though never closed
  const setAside = m.carriedOutByStep === 'reconvened';
  const open = m.status === 'open' && !setAside;
  const recorder = Boolean(me?.user.roles.includes('clerk')) || myId === m.chairUserId;
  const nameOf = (pid: string) => c.subjects.find((s) => s.personId === pid)?.name ?? pid;
  const call = async (path: string, body: unknown = {}) => {
    setError(null);
    try {
      await post(`/api/v1/meetings/${encodeURIComponent(m.id)}/${path}`, body);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const recuse = (userId: string) => {
    let reason = '';
    modal.confirm({
      title: t('meet.recuse'),
      content: <Input.TextArea rows={2} placeholder={t('meet.recusalReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => call('attendance', { userId, attendance: 'recused', recusalReason: reason }),
    });
  };
  const q = m.quorum;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`meeting-${m.id}`}
      title={
        <Space wrap>
          <span>{t(`meet.purpose.${m.purpose}` as never)}</span>
          <span>{m.heldOn}</span>
          {setAside ? <Tag>{t('meet.setAside')}</Tag> : <Tag color={open ? 'gold' : 'green'}>{open ? t('meet.open') : t('meet.closed')}</Tag>}
          {m.carriedOutByStep && !setAside ? <Tag color="blue">{t('meet.carriedOut')}</Tag> : null}
        </Space>
      }
    >
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('decide.chair')}>{m.chairName}</Descriptions.Item>
        <Descriptions.Item label={t('meet.quorum')}>
          <Space>
            <span>{t('meet.quorumText', { eligible: q.eligible, recused: q.recused, present: q.present, required: q.required })}</span>
            <Tag color={q.quorate ? 'green' : 'red'}>{q.quorate ? t('meet.quorate') : t('meet.notQuorate')}</Tag>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('meet.result')}>{resultText(m, nameOf, t as never)}</Descriptions.Item>
      </Descriptions>
      {m.dualRoles.length ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('meet.dualRoles')} description={m.dualRoles.map((d) => (lang === 'zh' ? d.zh : d.en)).join('；')} /> : null}
      <Table<MeetingMember>
        size="small"
        rowKey="userId"
        pagination={false}
        dataSource={m.members}
        columns={[
          { title: t('meet.member'), render: (_v, r) => (r.title ? `${r.displayName}（${r.title}）` : r.displayName) },
          {
            title: t('meet.attendance'),
            render: (_v, r) =>
              r.attendance === 'recused' ? (
                <Space orientation="vertical" size={0}>
                  <Tag color="purple">{t('meet.recused')}</Tag>
                  <Typography.Text type="secondary">{r.recusalReason}</Typography.Text>
                </Space>
              ) : open && recorder && r.userId !== m.chairUserId ? (
                <Select
                  size="small"
                  value={r.attendance}
                  style={{ width: 100 }}
                  onChange={(v) => void call('attendance', { userId: r.userId, attendance: v })}
                  options={[
                    { value: 'present', label: t('meet.present') },
                    { value: 'absent', label: t('meet.absent') },
                  ]}
                />
              ) : (
                <Tag>{r.attendance === 'present' ? t('meet.present') : t('meet.absent')}</Tag>
              ),
          },
          { title: t('meet.opinion'), render: (_v, r) => opinionText(r.opinion, nameOf, tt) },
          {
            title: t('meet.cosign'),
            render: (_v, r) =>
              r.attendance !== 'present' ? '—' : r.confirmed ? <Tag color="green">{t('meet.confirmed')}</Tag> : m.missingConfirmations.includes(r.userId) ? <Tag color="red">{t('meet.missing')}</Tag> : <Tag>{t('meet.unconfirmed')}</Tag>,
          },
          {
            title: '',
            render: (_v, r) =>
              open ? (
                <Space wrap>
                  {r.attendance === 'present' && (recorder || r.userId === myId) ? (
                    <Button size="small" onClick={() => setEditing(r)}>
                      {t('meet.recordOpinion')}
                    </Button>
                  ) : null}
                  {r.userId === myId && r.attendance === 'present' && r.opinion && !r.confirmed ? (
                    <Button size="small" type="primary" data-testid="meeting-confirm" onClick={() => void call('confirm')}>
                      {t('meet.confirmMine')}
                    </Button>
                  ) : null}
                  {r.attendance !== 'recused' && (r.userId === myId || recorder) && r.userId !== m.chairUserId ? (
                    <Button size="small" danger onClick={() => recuse(r.userId)}>
                      {t('meet.recuse')}
                    </Button>
                  ) : null}
                </Space>
              ) : null,
          },
        ]}
      />
      {open && recorder ? (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea rows={2} value={minutes} placeholder={t('decide.minutes')} onChange={(e) => setMinutes(e.target.value)} />
          <Space wrap>
            <Button size="small" onClick={() => void call('minutes', { minutes })}>
              {t('meet.saveMinutes')}
            </Button>
            {myId === m.chairUserId ? (
              <>
                <Checkbox checked={closeWithMissing} onChange={(e) => setCloseWithMissing(e.target.checked)}>
                  {t('meet.closeWithMissing')}
                </Checkbox>
                <Button type="primary" size="small" data-testid="meeting-close" onClick={() => void call('close', { closeWithMissingConfirmations: closeWithMissing, ...(minutes ? { minutes } : {}) })}>
                  {t('meet.close')}
                </Button>
              </>
            ) : null}
          </Space>
        </Space>
      ) : m.minutes ? (
        <Typography.Paragraph style={{ marginTop: 8 }}>{m.minutes}</Typography.Paragraph>
      ) : null}
      {editing ? (
        <OpinionModal
          meeting={m}
          member={editing}
          c={c}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      ) : null}
    </Card>
  );
}

export function MeetingsPanel({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [tick, setTick] = useState(0);
  const list = useApi<{ items: Meeting[] }>(meetingsPath(c.id), { v: c.version, r: tick });
  const reload = () => setTick((n) => n + 1);
  const mayConvene = Boolean(me?.user.roles.some((r) => r === 'clerk' || r === 'decider'));
  return (
    <div>
      <Typography.Paragraph type="secondary">{t('meet.intro')}</Typography.Paragraph>
      {mayConvene ? <ConveneForm c={c} onDone={reload} /> : null}
      <ErrorAlert error={list.error} />
      {list.data && !list.data.items.length ? <Empty description={t('meet.none')} /> : null}
      {[...(list.data?.items ?? [])].reverse().map((m) => (
        <MeetingCard key={m.id} m={m} c={c} onChanged={reload} />
      ))}
    </div>
  );
}

/** For a case step: the closed meetings of this purpose whose result has not been carried out. */
export function MeetingSelect({ caseId, purpose, value, onChange, id, onMeeting }: { caseId: string; purpose: Purpose; value?: string; onChange?: (v: string) => void; id?: string; onMeeting?: (m: Meeting | null) => void }) {
  const { t } = useI18n();
  const list = useApi<{ items: Meeting[] }>(meetingsPath(caseId));
  const usable = (list.data?.items ?? []).filter((m) => m.purpose === purpose && m.status === 'closed' && !m.carriedOutByStep);
  return (
    <>
      <Select
        id={id}
        value={value}
        data-testid={`meeting-select-${purpose}`}
        placeholder={t('meet.pick')}
        notFoundContent={t('meet.noneClosed')}
        onChange={(v: string) => {
          onChange?.(v);
          onMeeting?.(usable.find((m) => m.id === v) ?? null);
        }}
        options={usable.map((m) => ({ value: m.id, label: `${m.heldOn} · ${m.chairName} · ${t('meet.quorumText', { eligible: m.quorum.eligible, recused: m.quorum.recused, present: m.quorum.present, required: m.quorum.required })}` }))}
      />
      <ErrorAlert error={list.error} />
    </>
  );
}
