// 回避 on the case page (issue 7): the steps this user may not take and why (from the server's
// `recusalBlocked`), a deputy acting for the main leader, self-recusal for staff, a challenge
// (申请回避) by the subject or recorded by the clerk, and the decision of pending challenges by the
// main leader (or the deputy). The server enforces all of it; this only shows and asks.
import { useState } from 'react';
import { Alert, Button, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { post } from '../lib/api';
import { useApi } from '../lib/use-api';
import { useSession } from '../session/session';
import { ErrorAlert } from '../components/error-alert';
import type { CaseView } from './types';
import { useFocusReturn } from '../components/focus-return';

interface Recusal {
  id: string;
  kind: 'self' | 'challenge';
  userId: string;
  name: string;
  reason: string;
  filedByName: string;
  filedAt: string;
  status: 'in_effect' | 'pending' | 'granted' | 'refused';
  decidedByName: string | null;
  decisionReason: string | null;
  actingFor: string | null;
}

const STATUS: Record<Recusal['status'], { zh: string; en: string; color: string }> = {
  in_effect: { zh: '已回避', en: 'in effect', color: 'orange' },
  pending: { zh: '待决定', en: 'pending', color: 'blue' },
  granted: { zh: '准予回避', en: 'granted', color: 'orange' },
  refused: { zh: '驳回', en: 'refused', color: 'default' },
};

export function ImpartialityPanel({ c, onChanged }: { c: CaseView; onChanged: () => void }) {
  const { pick } = useI18n();
  const { me } = useSession();
  const user = me?.user;
  const roles = user?.roles ?? [];
  const staff = roles.some((r) => ['clerk', 'leader', 'investigator', 'decider'].includes(r));
  const list = useApi<{ items: Recusal[] }>(`/api/v1/cases/${encodeURIComponent(c.id)}/recusals`, { v: c.version });
  const [modal, setModal] = useState<null | 'self' | 'challenge' | { decide: Recusal }>(null);
  useFocusReturn(modal !== null);
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState<string | undefined>();
  const [subject, setSubject] = useState<string | undefined>();
  const [granted, setGranted] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mayChallenge = roles.includes('clerk') || (roles.includes('subject') && c.subjects.some((s) => s.personId === user?.personId));
  const mayDecide = roles.includes('leader') || Boolean(c.actingFor);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const base = `/api/v1/cases/${encodeURIComponent(c.id)}/recusals`;
      if (modal === 'self') await post(`${base}/self`, { reason });
      else if (modal === 'challenge') await post(`${base}/challenge`, { userId: target, reason, ...(subject ? { subjectPersonId: subject } : {}) });
      else if (modal) await post(`${base}/${modal.decide.id}/decide`, { granted, reason });
      setModal(null);
      setReason('');
      list.reload();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Whom one may challenge: the team (staff see it); a subject, who does not, picks among the
  // people who acted on the case (the timeline names them).
  const tl = useApi<{ items: { actorId: string | null; actorName: string }[] }>(modal === 'challenge' && !c.team.length ? `/api/v1/cases/${encodeURIComponent(c.id)}/timeline` : null);
  const actors = new Map<string, string>();
  for (const m of c.team) actors.set(m.userId, m.displayName);
  for (const e of tl.data?.items ?? []) if (e.actorId && e.actorId !== user?.id) actors.set(e.actorId, e.actorName);
  const items = list.data?.items ?? [];
  return (
    <div data-testid="impartiality-panel" style={{ marginTop: 12 }}>
      {c.actingFor ? <Alert type="info" showIcon style={{ marginBottom: 8 }} title={pick(c.actingFor)} data-testid="acting-for" /> : null}
      {c.recusalBlocked.length ? (
        <Alert
          type="warning"
          showIcon
          data-testid="recusal-blocked"
          title={pick({ zh: '您不能办理的步骤及原因', en: 'Steps you may not take, and why' })}
          description={
            <List
              size="small"
              dataSource={c.recusalBlocked}
              renderItem={(b) => (
                <List.Item key={b.action}>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>
                      {pick({ zh: b.labelZh, en: b.labelEn })} <Tag>{b.kind === 'recusal' ? pick({ zh: '回避', en: 'recusal' }) : pick({ zh: '调查与决定分离', en: 'separation' })}</Tag>
                    </Typography.Text>
                    {b.reasons.map((r, i) => (
                      <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>
                        {pick(r)}（{pick({ zh: r.basisZh, en: r.basisEn })}）
                      </Typography.Text>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          }
        />
      ) : null}
      {items.length ? (
        <List
          size="small"
          header={<Typography.Text strong>{pick({ zh: '回避情况', en: 'Recusals' })}</Typography.Text>}
          dataSource={items}
          renderItem={(r) => (
            <List.Item
              key={r.id}
              actions={r.status === 'pending' && mayDecide ? [<Button key="d" size="small" onClick={() => setModal({ decide: r })}>{pick({ zh: '决定', en: 'Decide' })}</Button>] : []}
            >
              <Space wrap size={4}>
                <Tag>{r.kind === 'self' ? pick({ zh: '自行回避', en: 'self-recusal' }) : pick({ zh: '申请回避', en: 'challenge' })}</Tag>
                <Typography.Text>{r.name}</Typography.Text>
                <Typography.Text type="secondary">{r.reason}</Typography.Text>
                <Tag color={STATUS[r.status].color}>{pick(STATUS[r.status])}</Tag>
                {r.decisionReason ? <Typography.Text type="secondary">{r.decisionReason}</Typography.Text> : null}
                {r.actingFor ? <Tag>{pick({ zh: '分管负责人代为决定', en: 'decided by the deputy' })}</Tag> : null}
              </Space>
            </List.Item>
          )}
        />
      ) : null}
      <Space style={{ marginTop: 8 }}>
        {staff ? (
          <Button size="small" onClick={() => setModal('self')} data-testid="self-recuse">
            {pick({ zh: '自行回避', en: 'Recuse myself' })}
          </Button>
        ) : null}
        {mayChallenge ? (
          <Button size="small" onClick={() => setModal('challenge')} data-testid="challenge">
            {pick({ zh: '申请回避', en: 'Challenge a person' })}
          </Button>
        ) : null}
      </Space>
      <Modal
        open={modal !== null}
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setModal(null)}
        title={modal === 'self' ? pick({ zh: '自行回避', en: 'Recuse myself' }) : modal === 'challenge' ? pick({ zh: '申请回避', en: 'Challenge' }) : pick({ zh: '决定回避申请', en: 'Decide the challenge' })}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          {error ? <ErrorAlert error={error} /> : null}
          {modal === 'challenge' ? (
            <>
              <Select
                style={{ width: '100%' }}
                placeholder={pick({ zh: '被申请回避的人员', en: 'Person challenged' })}
                value={target}
                onChange={setTarget}
                options={[...actors].map(([value, label]) => ({ value, label }))}
              />
              {roles.includes('clerk') ? (
                <Select style={{ width: '100%' }} placeholder={pick({ zh: '申请人（被调查人）', en: 'Filed by (subject)' })} value={subject} onChange={setSubject} options={c.subjects.map((s) => ({ value: s.personId, label: s.name }))} />
              ) : null}
            </>
          ) : null}
          {modal && typeof modal === 'object' ? (
            <Select
              style={{ width: '100%' }}
              value={granted ? 'g' : 'r'}
              onChange={(v) => setGranted(v === 'g')}
              options={[
                { value: 'g', label: pick({ zh: '准予回避', en: 'Grant' }) },
                { value: 'r', label: pick({ zh: '驳回', en: 'Refuse' }) },
              ]}
            />
          ) : null}
          <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={pick({ zh: '理由', en: 'Reason' })} />
        </Space>
      </Modal>
    </div>
  );
}
