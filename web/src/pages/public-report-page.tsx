// The public reporting page (issue 9; FL-4, WC-9(1)): no account. What can be reported and how the
// reporter is protected; the form (anonymous by default) with files; the anti-abuse proof of work
// solved in a Web Worker; the receipt code shown once. The follow-up tab opens the thread with the
// code — held in this page's memory only, sent in a POST body, never put in the URL or storage.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Result, Select, Space, Switch, Tabs, Tag, Typography, Upload, type UploadFile } from 'antd';
import { CopyOutlined, PaperClipOutlined, TranslationOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { ApiError, get, post } from '../lib/api';
import { solveChallenge } from '../public/solve-challenge';
import { fill, publicTexts, type PublicTexts } from '../public/texts';

const MAX_FILES = 5;
const MAX_MB = 10;
const ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp';

function errorText(err: unknown, lang: 'zh' | 'en'): string {
  if (err instanceof ApiError) return lang === 'zh' ? err.zh : err.en;
  return lang === 'zh' ? '提交失败，请稍后重试' : 'Sending failed; try again later';
}

/** antd Upload kept as a plain list of chosen files (nothing is sent until the form is). */
function FilePicker({ s, files, onChange, testId }: { s: PublicTexts; files: UploadFile[]; onChange(f: UploadFile[]): void; testId: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div data-testid={testId}>
      <Upload
        multiple
        accept={ACCEPT}
        fileList={files}
        beforeUpload={() => false}
        onChange={({ fileList }) => {
          const tooBig = fileList.find((f) => (f.size ?? 0) > MAX_MB * 1024 * 1024);
          const kept = fileList.filter((f) => (f.size ?? 0) <= MAX_MB * 1024 * 1024).slice(0, MAX_FILES);
          setProblem(tooBig ? fill(s.fileTooBig, { name: tooBig.name, mb: MAX_MB }) : fileList.length > MAX_FILES ? fill(s.tooManyFiles, { max: MAX_FILES }) : null);
          onChange(kept);
        }}
      >
        <Button icon={<PaperClipOutlined />}>{s.addFile}</Button>
      </Upload>
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginTop: 8 }} />}
    </div>
  );
}

function appendFiles(fd: FormData, files: UploadFile[]): void {
  for (const f of files) if (f.originFileObj) fd.append('files', f.originFileObj, f.name);
}

interface ReportValues {
  /** issue 11: the commission addressed (GET /api/v1/public/orgs) */
  orgId?: string;
  what: string;
  who?: string;
  when?: string;
  where?: string;
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

function ReportForm({ s }: { s: PublicTexts }) {
  const { lang } = useI18n();
  const [form] = Form.useForm<ReportValues>();
  const [anonymous, setAnonymous] = useState(true);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [phase, setPhase] = useState<'idle' | 'checking' | 'sending'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  // issue 11: the commissions accepting reports; the choice is asked only when there are several
  const [orgs, setOrgs] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    let live = true;
    get<{ items: { id: string; name: string }[] }>('/api/v1/public/orgs').then(
      (r) => live && setOrgs(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const submit = async (v: ReportValues) => {
    setError(null);
    try {
      setPhase('checking');
      const proof = await solveChallenge();
      setPhase('sending');
      const reporter = anonymous
        ? { anonymous: true, phone: v.phone || undefined, email: v.email || undefined, address: v.address || undefined }
        : { anonymous: false, name: v.name, phone: v.phone || undefined, email: v.email || undefined, address: v.address || undefined };
      const fd = new FormData();
      fd.append('proof', proof);
      const orgId = v.orgId ?? (orgs.length === 1 ? orgs[0]!.id : undefined);
      fd.append('report', JSON.stringify({ ...(orgId ? { orgId } : {}), what: v.what, who: v.who || undefined, when: v.when || undefined, where: v.where || undefined, reporter }));
      appendFiles(fd, files);
      const r = await post<{ receiptCode: string }>('/api/v1/public/reports/form', fd);
      form.resetFields();
      setFiles([]);
      setReceipt(r.receiptCode);
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setPhase('idle');
    }
  };

  if (receipt) {
    return (
      <Result
        status="success"
        title={s.receivedTitle}
        subTitle={s.receiptLabel}
        extra={
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text data-testid="receipt-code" copyable={false} style={{ fontSize: 20, fontFamily: 'monospace', letterSpacing: 1, wordBreak: 'break-all' }} strong>
              {receipt}
            </Typography.Text>
            <Alert type="warning" showIcon title={s.receiptAdvice} style={{ textAlign: 'left' }} />
            <Space wrap style={{ justifyContent: 'center' }}>
              <Button
                icon={<CopyOutlined />}
                onClick={() => {
                  void navigator.clipboard?.writeText(receipt).then(() => setCopied(true), () => undefined);
                }}
              >
                {copied ? s.copied : s.copy}
              </Button>
              <Button type="primary" data-testid="receipt-saved" onClick={() => setReceipt(null)}>
                {s.savedIt}
              </Button>
            </Space>
          </Space>
        }
      />
    );
  }

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={phase !== 'idle'}>
      {orgs.length > 1 && (
        <Form.Item name="orgId" label={s.commission} extra={s.commissionHelp} rules={[{ required: true, message: s.commissionRequired }]}>
          <Select data-testid="report-org" options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
      )}
      <Form.Item name="what" label={s.what} extra={s.whatHelp} rules={[{ required: true, whitespace: true, message: s.required }]}>
        <Input.TextArea data-testid="report-what" rows={5} maxLength={8000} />
      </Form.Item>
      <Form.Item name="who" label={s.who} extra={s.whoHelp}>
        <Input data-testid="report-who" maxLength={1000} />
      </Form.Item>
      <Space.Compact block style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item name="when" label={s.when} style={{ flex: '1 1 140px' }}>
          <Input data-testid="report-when" maxLength={200} />
        </Form.Item>
        <Form.Item name="where" label={s.where} style={{ flex: '1 1 160px' }}>
          <Input data-testid="report-where" maxLength={500} />
        </Form.Item>
      </Space.Compact>
      <Form.Item label={s.anonymous} extra={anonymous ? s.anonymousOn : s.anonymousOff}>
        <Switch data-testid="report-anonymous" aria-label={s.anonymous} checked={anonymous} onChange={setAnonymous} />
      </Form.Item>
      {!anonymous && (
        <Form.Item name="name" label={s.name} rules={[{ required: true, whitespace: true, message: s.nameRequired }]}>
          <Input data-testid="report-name" maxLength={100} autoComplete="name" />
        </Form.Item>
      )}
      <Form.Item name="phone" label={s.phone} extra={s.contactHelp}>
        <Input data-testid="report-phone" maxLength={40} inputMode="tel" autoComplete="tel" />
      </Form.Item>
      <Form.Item name="email" label={s.email}>
        <Input maxLength={200} inputMode="email" autoComplete="email" />
      </Form.Item>
      <Form.Item name="address" label={s.address}>
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item label={s.files} extra={fill(s.filesHelp, { max: MAX_FILES, mb: MAX_MB })}>
        <FilePicker s={s} files={files} onChange={setFiles} testId="report-files" />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="report-error" />}
      {phase !== 'idle' && <Alert type="info" showIcon title={phase === 'checking' ? s.checking : s.sending} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" size="large" block loading={phase !== 'idle'} data-testid="report-submit">
        {s.submit}
      </Button>
    </Form>
  );
}

interface FollowUp {
  receivedOn: string;
  status: string;
  statusZh: string;
  statusEn: string;
  transferredTo: string | null;
  replies: { kind: string; repliedOn: string; text: string }[];
  messages: { id: string; from: 'reporter' | 'commission'; kind: string; body: string; at: string; attachments: { id: string; name: string; size: number }[] }[];
}

function FollowUpPanel({ s }: { s: PublicTexts }) {
  const { lang } = useI18n();
  const [code, setCode] = useState('');
  const [data, setData] = useState<FollowUp | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [sentNote, setSentNote] = useState(false);

  const load = async (c = code) => {
    setBusy(true);
    setError(null);
    try {
      setData(await post<FollowUp>('/api/v1/public/reports/follow-up', { receiptCode: c }));
    } catch (err) {
      setData(null);
      setError(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const fd = new FormData();
      fd.append('receiptCode', code);
      fd.append('body', answer);
      appendFiles(fd, files);
      await post('/api/v1/public/reports/messages', fd);
      setAnswer('');
      setFiles([]);
      setSentNote(true);
      await load();
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  if (!data) {
    return (
      <Form layout="vertical" onFinish={() => void load()}>
        <Typography.Paragraph type="secondary">{s.signedOutHint}</Typography.Paragraph>
        <Form.Item label={s.codeLabel}>
          <Input data-testid="follow-code" value={code} onChange={(e) => setCode(e.target.value)} placeholder={s.codePlaceholder} autoComplete="off" spellCheck={false} size="large" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="follow-error" />}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={!code.trim()} data-testid="follow-open">
          {s.open}
        </Button>
      </Form>
    );
  }

  const kindTag = (k: string) => (k === 'question' ? <Tag color="orange">{s.kindQuestion}</Tag> : k === 'outcome' ? <Tag color="green">{s.kindOutcome}</Tag> : k === 'report' ? <Tag>{s.kindReport}</Tag> : null);
  return (
    <div>
      <Card size="small" data-testid="follow-status">
        <Typography.Text type="secondary">{s.statusLabel}</Typography.Text>
        <div style={{ fontSize: 18, fontWeight: 600, margin: '4px 0' }}>{lang === 'zh' ? data.statusZh : data.statusEn}</div>
        <div>
          {s.receivedOn}: {data.receivedOn}
        </div>
        {data.transferredTo && (
          <div>
            {s.transferredTo}: {data.transferredTo}
          </div>
        )}
      </Card>
      {data.replies.length > 0 && (
        <>
          <Divider titlePlacement="start">{s.replies}</Divider>
          {data.replies.map((r, i) => (
            <Card size="small" key={i} style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{r.repliedOn}</Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
            </Card>
          ))}
        </>
      )}
      <Divider titlePlacement="start">{s.messages}</Divider>
      <div data-testid="follow-messages">
        {data.messages.length === 0 && <Typography.Text type="secondary">{s.noMessages}</Typography.Text>}
        {data.messages.map((m) => (
          <Card size="small" key={m.id} style={{ marginBottom: 8, marginLeft: m.from === 'reporter' ? 24 : 0, marginRight: m.from === 'reporter' ? 0 : 24, background: m.from === 'reporter' ? '#f0f5ff' : '#fff' }}>
            <Space size={4} wrap>
              <Typography.Text strong>{m.from === 'reporter' ? s.fromMe : s.fromCommission}</Typography.Text>
              {kindTag(m.kind)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {new Date(m.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}
              </Typography.Text>
            </Space>
            {m.body && <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{m.body}</div>}
            {m.attachments.map((a) => (
              <div key={a.id} style={{ fontSize: 13 }}>
                <PaperClipOutlined /> {a.name}
              </div>
            ))}
          </Card>
        ))}
      </div>
      <Divider titlePlacement="start">{s.answerTitle}</Divider>
      <Input.TextArea data-testid="answer-body" rows={3} maxLength={8000} value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder={s.answer} />
      <div style={{ margin: '8px 0' }}>
        <FilePicker s={s} files={files} onChange={setFiles} testId="answer-files" />
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {sentNote && <Alert type="success" showIcon title={s.sent} style={{ marginBottom: 12 }} data-testid="answer-sent" />}
      <Space wrap>
        <Button type="primary" loading={busy} disabled={!answer.trim() && files.length === 0} onClick={() => void send()} data-testid="answer-send">
          {s.send}
        </Button>
        <Button
          onClick={() => {
            setData(null);
            setCode('');
            setSentNote(false);
          }}
        >
          {s.leave}
        </Button>
      </Space>
    </div>
  );
}

export default function PublicReportPage() {
  const { lang, setLang } = useI18n();
  const s = publicTexts(lang);
  const loc = useLocation();
  const navigate = useNavigate();
  const tab = loc.pathname.startsWith('/report/follow-up') ? 'follow' : 'report';
  return (
    <div style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <div style={{ background: '#1f4e8c', color: '#fff', padding: '12px 16px' }}>
        <div style={{ maxWidth: 760, margin: '0 auto', display: 'flex', alignItems: 'center', gap: 12 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <h1 style={{ fontSize: 18, fontWeight: 600, margin: 0, color: '#fff' }}>{s.title}</h1>
            <div style={{ fontSize: 12, opacity: 0.85 }}>{s.org}</div>
          </div>
          <Button type="text" icon={<TranslationOutlined />} style={{ color: '#fff' }} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="public-lang">
            {s.lang}
          </Button>
        </div>
      </div>
      <div style={{ maxWidth: 760, margin: '0 auto', padding: 12 }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => navigate(k === 'follow' ? '/report/follow-up' : '/report')}
          items={[
            {
              key: 'report',
              label: s.tabReport,
              children: (
                <Space orientation="vertical" style={{ width: '100%' }} size={12}>
                  <Card size="small" title={s.whatTitle}>
                    <Typography.Paragraph style={{ marginBottom: 0 }}>{s.whatBody}</Typography.Paragraph>
                  </Card>
                  <Card size="small" title={s.protectTitle}>
                    <Typography.Paragraph style={{ marginBottom: 0 }}>{s.protectBody}</Typography.Paragraph>
                  </Card>
                  <Card title={s.formTitle}>
                    <ReportForm s={s} />
                  </Card>
                </Space>
              ),
            },
            {
              key: 'follow',
              label: s.tabFollow,
              children: (
                <Card title={s.followTitle}>
                  <FollowUpPanel s={s} />
                </Card>
              ),
            },
          ]}
        />
      </div>
    </div>
  );
}
