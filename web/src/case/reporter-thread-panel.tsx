// The thread with the reporter on the case page (issue 9; WC-9(1)), for the legal-affairs clerks:
// the details given on the public page, the reporter's messages and files, replies and questions,
// and the outcome drafts that acceptance, transfer, decision and closure leave — edited here and
// sent (FL-5(4): only what may be published; no names of the people concerned).
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Input, Radio, Space, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { ApiError, download, post } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { useApi } from '../lib/use-api';

interface ThreadMessage {
  id: string;
  from: 'reporter' | 'commission';
  kind: 'report' | 'message' | 'question' | 'outcome';
  body: string;
  at: string;
  status: 'draft' | 'sent';
  outcomeOf: string | null;
  attachments: { id: string; name: string; mime: string; size: number }[];
}

interface Thread {
  details: { who: string | null; when: string | null; where: string | null } | null;
  messages: ThreadMessage[];
}

const T = {
  zh: {
    details: '举报人填写的情况',
    who: '涉及谁',
    when: '时间',
    where: '地点',
    reporter: '举报人',
    commission: '本委',
    draft: '待发送的办理结果告知',
    draftHelp: '发送前可修改；只写可以公开的内容（FL-5(4)），不写被调查人的姓名和处理细节。',
    send: '发送给举报人',
    discard: '不发送',
    question: '提问',
    message: '回复',
    outcome: '办理结果告知',
    report: '举报时提交',
    compose: '给举报人写消息',
    kindMessage: '回复',
    kindQuestion: '提问（请举报人回答）',
    sendMessage: '发送',
    empty: '暂无往来消息',
    outcomeOf: { accept: '受理', not_accept: '不予受理', transfer: '转送', decline_registration: '不予立案', decide: '处理决定', close: '办结' } as Record<string, string>,
  },
  en: {
    details: 'What the reporter told us',
    who: 'Who',
    when: 'When',
    where: 'Where',
    reporter: 'Reporter',
    commission: 'Commission',
    draft: 'Outcome message awaiting sending',
    draftHelp: 'Edit before sending; say only what may be published (FL-5(4)) — no names of the people concerned, no sanctions.',
    send: 'Send to the reporter',
    discard: 'Do not send',
    question: 'Question',
    message: 'Reply',
    outcome: 'Outcome',
    report: 'With the report',
    compose: 'Write to the reporter',
    kindMessage: 'Reply',
    kindQuestion: 'Question (asks for an answer)',
    sendMessage: 'Send',
    empty: 'No messages yet',
    outcomeOf: { accept: 'acceptance', not_accept: 'not accepted', transfer: 'transfer', decline_registration: 'not registered', decide: 'decision', close: 'closure' } as Record<string, string>,
  },
};

function DraftEditor({ caseId, m, onDone, s }: { caseId: string; m: ThreadMessage; onDone(): void; s: (typeof T)['zh'] }) {
  const { lang } = useI18n();
  const [body, setBody] = useState(m.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: 'send' | 'discard') => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/v1/cases/${caseId}/reporter-thread/messages/${m.id}/${what}`, what === 'send' ? { body } : undefined);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? (lang === 'zh' ? e.zh : e.en) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid={`reporter-draft-${m.outcomeOf ?? ''}`}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
        {s.draftHelp}
      </Typography.Paragraph>
      <Input.TextArea rows={4} aria-label={s.draftHelp} value={body} onChange={(e) => setBody(e.target.value)} maxLength={8000} />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      <Space style={{ marginTop: 8 }} wrap>
        <Button type="primary" loading={busy} disabled={!body.trim()} onClick={() => void act('send')} data-testid="reporter-draft-send">
          {s.send}
        </Button>
        <Button loading={busy} onClick={() => void act('discard')}>
          {s.discard}
        </Button>
      </Space>
    </div>
  );
}

export function ReporterThreadPanel({ caseId, version }: { caseId: string; version: number }) {
  const { lang } = useI18n();
  const s = T[lang];
  const [tick, setTick] = useState(0);
  const thread = useApi<Thread>(`/api/v1/cases/${caseId}/reporter-thread`, { v: version, r: tick });
  const [kind, setKind] = useState<'message' | 'question'>('question');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reload = () => setTick((n) => n + 1);

  if (thread.error) return <Alert type="info" showIcon title={thread.error instanceof ApiError ? (lang === 'zh' ? thread.error.zh : thread.error.en) : String(thread.error)} />;
  const d = thread.data;
  if (!d) return <Card loading />;

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/v1/cases/${caseId}/reporter-thread/messages`, { kind, body });
      setBody('');
      reload();
    } catch (e) {
      setError(e instanceof ApiError ? (lang === 'zh' ? e.zh : e.en) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const kindTag = (m: ThreadMessage) =>
    m.kind === 'question' ? <Tag color="orange">{s.question}</Tag> : m.kind === 'outcome' ? <Tag color="green">{`${s.outcome} · ${s.outcomeOf[m.outcomeOf ?? ''] ?? ''}`}</Tag> : m.kind === 'report' ? <Tag>{s.report}</Tag> : null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="reporter-thread">
      {d.details && (d.details.who || d.details.when || d.details.where) && (
        <Descriptions size="small" bordered column={1} title={s.details}>
          {d.details.who && <Descriptions.Item label={s.who}>{d.details.who}</Descriptions.Item>}
          {d.details.when && <Descriptions.Item label={s.when}>{d.details.when}</Descriptions.Item>}
          {d.details.where && <Descriptions.Item label={s.where}>{d.details.where}</Descriptions.Item>}
        </Descriptions>
      )}
      {d.messages.length === 0 && <Empty description={s.empty} />}
      {d.messages.map((m) => (
        <Card
          key={m.id}
          size="small"
          data-testid={`reporter-message-${m.from}`}
          style={{ borderColor: m.status === 'draft' ? '#faad14' : undefined, background: m.from === 'reporter' ? '#f0f5ff' : undefined }}
          title={
            <Space size={6} wrap>
              <span>{m.from === 'reporter' ? s.reporter : s.commission}</span>
              {kindTag(m)}
              {m.status === 'draft' && <Tag color="gold">{s.draft}</Tag>}
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                {formatDateTime(m.at, lang)}
              </Typography.Text>
            </Space>
          }
        >
          {m.status === 'draft' ? <DraftEditor caseId={caseId} m={m} onDone={reload} s={s} /> : m.body && <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>}
          {m.attachments.map((a) => (
            <div key={a.id}>
              <Button type="link" size="small" icon={<PaperClipOutlined />} onClick={() => void download(`/api/v1/cases/${caseId}/reporter-thread/attachments/${a.id}`, a.name)} data-testid="reporter-attachment">
                {a.name}
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {Math.max(1, Math.round(a.size / 1024))} KB
              </Typography.Text>
            </div>
          ))}
        </Card>
      ))}
      <Card size="small" title={s.compose}>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as 'message' | 'question')} style={{ marginBottom: 8 }}>
          <Radio value="question">{s.kindQuestion}</Radio>
          <Radio value="message">{s.kindMessage}</Radio>
        </Radio.Group>
        <Input.TextArea rows={3} aria-label={s.compose} value={body} onChange={(e) => setBody(e.target.value)} maxLength={8000} data-testid="reporter-compose" />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
        <Button type="primary" style={{ marginTop: 8 }} loading={busy} disabled={!body.trim()} onClick={() => void send()} data-testid="reporter-compose-send">
          {s.sendMessage}
        </Button>
      </Card>
    </Space>
  );
}
