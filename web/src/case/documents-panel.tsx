// The case page's 公文 tab (issue 13 point 1): the kinds the server says can be drafted now (and why
// not), drafting from the case data, editing in a form with a live PDF preview rendered by the
// server, issue (number, seal, signature, frozen), DOCX/PDF download, print, the versions, and for
// documents that are served the 送达回证 records. Every ability comes from the server
// (allowedActions, draftableKinds); nothing here decides what is allowed.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, Popconfirm, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { download, post, put } from '../lib/api';
import { applyServerErrors } from '../lib/form-errors';
import { chinaDateOf, formatDate, formatDateTime } from '../lib/dates';
import { useApi } from '../lib/use-api';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';
import { formatCitationZh } from '../../../src/lib/citation-format';
import type { CaseView } from './types';
import { useFocusReturn } from '../components/focus-return';

type Bi = { zh: string; en: string };
type Status = 'draft' | 'issued' | 'superseded';

interface DraftableKind {
  kind: string;
  zh: string;
  en: string;
  citation: string;
  perSubject: boolean;
  available: boolean;
  reason: Bi | null;
  subjects: { personId: string; name: string }[];
}

interface Summary {
  id: string;
  caseId: string;
  kind: string;
  kindLabelZh: string;
  kindLabelEn: string;
  citation: string;
  subject: { personId: string; name: string } | null;
  title: string;
  status: Status;
  currentVersion: number;
  issuedVersion: number | null;
  docNumber: string | null;
  issuedOn: string | null;
  allowedActions: ('edit' | 'issue' | 'correct')[];
}

interface Content {
  letterhead: string | null;
  docNumber: string | null;
  title: string;
  addressee: string | null;
  fields: { label: string; value: string }[];
  paragraphs: { style: string; text: string }[];
  attachments: string[];
  signature: { organ: string; date: string } | null;
  cc: string | null;
  printing: { organ: string; date: string | null } | null;
  copyNo?: string | null;
  secrecy?: { level: string; period: string | null } | null;
  urgency?: string | null;
  signer?: string | null;
}

interface ServiceRecord {
  id: string;
  method: string;
  methodZh: string;
  servedOn: string;
  place: string | null;
  recipientName: string;
  outcome: 'signed' | 'refused';
  refusalReason: string | null;
  witnesses: { name: string; unit?: string }[];
  servers: string[];
  note: string | null;
}

interface Detail extends Summary {
  issuedPdfSha256: string | null;
  versions: { number: number; content: Content; pdfSha256: string; docxSha256: string; note: string | null; createdAt: string }[];
  warnings: Bi[];
  seal: { sealSha256: string | null; signed: boolean; sm2Signed: boolean } | null;
  servedDocumentId: string | null;
  services: ServiceRecord[];
  /** FL-5(4), FL-15: the field labels and leading paragraphs taken from a record (会议纪要: the meeting record); stale: no longer agrees with it */
  pinned?: { source: Bi; fields: string[]; paragraphs: number[]; stale: boolean } | null;
}

const SERVABLE = new Set(['acceptance_receipt', 'reply_letter', 'transfer_letter', 'decision_notice', 'judicial_transfer', 'discipline_transfer', 'compensation_notice', 'appeal_referral_letter']);

const T = {
  draftNew: { zh: '起草公文', en: 'Draft a document' },
  kind: { zh: '公文种类', en: 'Kind' },
  subject: { zh: '被追究人员', en: 'Person concerned' },
  served: { zh: '送达的公文', en: 'Document served' },
  draft: { zh: '根据案件数据起草', en: 'Draft from the case data' },
  notNow: { zh: '暂不能起草', en: 'Not available yet' },
  none: { zh: '本案尚无公文', en: 'No documents yet' },
  title: { zh: '标题', en: 'Title' },
  number: { zh: '发文字号', en: 'Document number' },
  status: { zh: '状态', en: 'Status' },
  version: { zh: '稿次', en: 'Draft' },
  issuedOn: { zh: '印发日期', en: 'Issued on' },
  open: { zh: '打开', en: 'Open' },
  draftS: { zh: '草稿', en: 'Draft' },
  issuedS: { zh: '已印发', en: 'Issued' },
  supersededS: { zh: '已更正', en: 'Superseded' },
  edit: { zh: '修改', en: 'Edit' },
  addressee: { zh: '主送', en: 'Addressee' },
  paragraph: { zh: '正文第{n}段', en: 'Paragraph {n}' },
  fromRecord: { zh: '来自{source}，不能在此修改', en: 'From the {source} ({sourceZh}); not editable here' },
  pinnedNote: {
    zh: '标明“来自{source}”的{parts}依据{source}生成（FL-5(4)、FL-15），印发的文书须与之一致，不能在此修改；其余内容可以修改。',
    en: 'The {parts} marked “from the {source}” come from the {source} ({sourceZh}, FL-5(4), FL-15); the issued document must agree with it, so they cannot be changed here. The rest can be edited.',
  },
  pinnedStale: {
    zh: '起草后{source}已变更，本稿与之不符，不能保存或印发。请重新起草。',
    en: 'The {source} ({sourceZh}) changed after this draft: it no longer agrees and cannot be saved or issued. Draft it anew.',
  },
  attachments: { zh: '附件说明（每行一件）', en: 'Attachments (one a line)' },
  organ: { zh: '发文机关署名', en: 'Issuing organ' },
  date: { zh: '成文日期', en: 'Date of the document' },
  cc: { zh: '抄送', en: 'Copy to' },
  note: { zh: '修改说明（可选）', en: 'Note on this edit (optional)' },
  save: { zh: '保存为新稿', en: 'Save as a new draft' },
  preview: { zh: '预览', en: 'Preview' },
  previewHint: { zh: '预览随修改自动更新（未保存的修改带“预览”标记）', en: 'The preview follows your edits (unsaved edits are marked 预览)' },
  issue: { zh: '印发', en: 'Issue' },
  issueConfirm: { zh: '印发后内容冻结，编发文字号，加盖电子印章并签名。确定印发？', en: 'Issuing freezes the content, numbers it, seals and signs it. Issue now?' },
  downloadDocx: { zh: '下载 DOCX', en: 'Download DOCX' },
  downloadPdf: { zh: '下载 PDF', en: 'Download PDF' },
  print: { zh: '打印', en: 'Print' },
  history: { zh: '修改记录', en: 'Drafts' },
  issuedMark: { zh: '印发稿', en: 'issued' },
  sealed: { zh: '已加盖电子印章并签名，任何PDF阅读器可检验是否被改动', en: 'Sealed and signed: any PDF reader shows whether it was altered' },
  signedNoSeal: { zh: '已电子签名（尚未上传单位印章图像）', en: 'Signed (no seal image uploaded yet)' },
  sm2: { zh: '另附SM2国密签名', en: 'with an SM2 signature' },
  verifyLink: { zh: '公文核验页', en: 'verification page' },
  services: { zh: '送达记录', en: 'Service records' },
  recordService: { zh: '记录送达', en: 'Record service' },
  method: { zh: '送达方式', en: 'Method' },
  servedOn: { zh: '送达日期', en: 'Date served' },
  place: { zh: '送达地点', en: 'Place' },
  recipient: { zh: '受送达人', en: 'Recipient' },
  outcome: { zh: '签收情况', en: 'Receipt' },
  signed: { zh: '受送达人签收', en: 'Signed by the recipient' },
  refused: { zh: '拒绝签收', en: 'Refused to sign' },
  refusalReason: { zh: '拒收事由', en: 'Reason for refusal' },
  witnesses: { zh: '见证人（每行一人：姓名 单位）', en: 'Witnesses (one a line: name unit)' },
  servers: { zh: '送达人（以顿号分隔）', en: 'Served by (separated by 、)' },
  noServices: { zh: '尚无送达记录', en: 'Not served yet' },
  warnings: { zh: '起草提示', en: 'For the drafter' },
  needDraft: { zh: '本步骤需要的公文', en: 'Documents this step needs' },
} satisfies Record<string, Bi>;

const METHODS: { value: string; label: Bi }[] = [
  { value: 'direct', label: { zh: '直接送达', en: 'In person (直接送达)' } },
  { value: 'lodged', label: { zh: '留置送达', en: 'Left with witnesses (留置送达)' } },
  { value: 'mail', label: { zh: '邮寄送达', en: 'By post (邮寄送达)' } },
  { value: 'entrusted', label: { zh: '委托送达', en: 'Entrusted (委托送达)' } },
];

const fileUrl = (id: string, n: number, ext: 'pdf' | 'docx', inline = false) => `/api/v1/documents/${id}/versions/${n}.${ext}${inline ? '?inline=1' : ''}`;

/** 《行政执法过错责任追究办法》第六条第（四）项 with the code as a compact tag. */
export function CitationZh({ id }: { id: string }) {
  return (
    <span>
      {formatCitationZh(id)}
      <Tag style={{ marginInlineStart: 4, fontSize: 11 }} data-citation={id}>
        {id}
      </Tag>
    </span>
  );
}

function StatusTag({ s }: { s: Status }) {
  const { pick } = useI18n();
  const color = s === 'issued' ? 'green' : s === 'draft' ? 'gold' : 'default';
  return (
    <Tag color={color} data-testid="document-status" data-status={s}>
      {pick(s === 'issued' ? T.issuedS : s === 'draft' ? T.draftS : T.supersededS)}
    </Tag>
  );
}

/** The PDF shown inline: a stored version, or the server's render of unsaved edits. */
function PdfPreview({ src, title }: { src: string | null; title: string }) {
  if (!src) return <Card loading style={{ height: 640 }} />;
  return <iframe src={src} title={title} data-testid="document-preview" style={{ width: '100%', height: 720, border: '1px solid #d9d9d9', borderRadius: 6, background: '#fff' }} />;
}

function DraftNew({ caseId, kinds, onDrafted }: { caseId: string; kinds: DraftableKind[]; onDrafted: (d: Detail) => void }) {
  const { pick } = useI18n();
  const [kind, setKind] = useState<string | undefined>();
  const [subjectId, setSubjectId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const k = kinds.find((x) => x.kind === kind);
  const submit = async () => {
    if (!k) return;
    setBusy(true);
    setError(null);
    try {
      const d = await post<Detail>(`/api/v1/cases/${caseId}/documents`, { kind: k.kind, ...(k.perSubject && subjectId ? { subjectId } : {}) });
      onDrafted(d);
      setKind(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={pick(T.draftNew)}>
      <ErrorAlert error={error} />
      <Space wrap align="start">
        <Select
          id="document-kind"
          aria-label={pick(T.kind)}
          placeholder={pick(T.kind)}
          style={{ width: 300 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setSubjectId(kinds.find((x) => x.kind === v)?.subjects[0]?.personId);
          }}
          showSearch={{ filterOption: (input, o) => String((o as { search?: string } | undefined)?.search ?? '').includes(input.trim()) }}
          // Those the case has what they need for come first.
          options={[...kinds].sort((a, b) => Number(b.available) - Number(a.available)).map((x) => ({
            value: x.kind,
            search: `${x.zh} ${x.en}`,
            disabled: !x.available,
            label: x.available ? (
              <span data-kind={x.kind}>{pick({ zh: x.zh, en: x.en })}</span>
            ) : (
              <Tooltip title={x.reason ? pick(x.reason) : pick(T.notNow)}>
                <span data-kind={x.kind}>
                  {pick({ zh: x.zh, en: x.en })}（{pick(T.notNow)}）
                </span>
              </Tooltip>
            ),
          }))}
        />
        {k?.perSubject ? (
          <Select id="document-subject" aria-label={pick(T.subject)} style={{ width: 200 }} value={subjectId} onChange={setSubjectId} options={k.subjects.map((s) => ({ value: s.personId, label: s.name }))} />
        ) : null}
        <Button type="primary" disabled={!k?.available} loading={busy} onClick={() => void submit()} data-testid="document-draft">
          {pick(T.draft)}
        </Button>
      </Space>
      {k ? (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">
            <CitationZh id={k.citation} />
          </Typography.Text>
        </div>
      ) : null}
      <ul style={{ marginTop: 8, marginBottom: 0, paddingInlineStart: 18 }} data-testid="document-unavailable">
        {kinds
          .filter((x) => !x.available && x.reason)
          .map((x) => (
            <li key={x.kind}>
              <Typography.Text type="secondary">
                {pick({ zh: x.zh, en: x.en })}：{pick(x.reason!)}
              </Typography.Text>
            </li>
          ))}
      </ul>
    </Card>
  );
}

type FormValues = {
  title: string;
  docNumber?: string;
  addressee?: string;
  fields: { label: string; value: string }[];
  paragraphs: { style: string; text: string }[];
  attachments?: string;
  organ?: string;
  date?: string;
  cc?: string;
  note?: string;
  copyNo?: string;
  secrecyLevel?: string;
  secrecyPeriod?: string;
  urgency?: string;
  signer?: string;
};

const toForm = (c: Content): FormValues => ({
  title: c.title,
  docNumber: c.docNumber ?? undefined,
  addressee: c.addressee ?? '',
  fields: c.fields,
  paragraphs: c.paragraphs,
  attachments: c.attachments.join('\n'),
  organ: c.signature?.organ ?? '',
  date: c.signature?.date ?? '',
  cc: c.cc ?? '',
  copyNo: c.copyNo ?? '',
  secrecyLevel: c.secrecy?.level ?? undefined,
  secrecyPeriod: c.secrecy?.period ?? '',
  urgency: c.urgency ?? undefined,
  signer: c.signer ?? '',
});

const fromForm = (base: Content, v: FormValues): Content => ({
  ...base,
  title: v.title,
  // the 发文字号 is the system's, given at issue: a draft never carries one (a number typed into a draft saved before that rule is dropped here)
  docNumber: null,
  addressee: base.addressee === null && !v.addressee?.trim() ? null : (v.addressee ?? ''),
  fields: (v.fields ?? base.fields).map((f, i) => ({ label: base.fields[i]?.label ?? f.label, value: f.value ?? '' })),
  paragraphs: (v.paragraphs ?? base.paragraphs).map((p, i) => ({ style: base.paragraphs[i]?.style ?? p.style ?? 'body', text: p.text ?? '' })),
  attachments: (v.attachments ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean),
  signature: base.signature ? { organ: v.organ?.trim() || base.signature.organ, date: v.date || base.signature.date } : null,
  cc: base.cc === null && !v.cc?.trim() ? null : (v.cc ?? null),
  // GB/T 9704-2012 §7.2 版头 elements: empty means absent
  copyNo: v.copyNo?.trim() || null,
  secrecy: v.secrecyLevel ? { level: v.secrecyLevel, period: v.secrecyPeriod?.trim() || null } : null,
  urgency: v.urgency || null,
  signer: v.signer?.trim() || null,
});

function ServiceForm({ doc, onSaved }: { doc: Detail; onSaved: () => void }) {
  const { pick, lang } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const today = chinaDateOf(new Date());
  const method = Form.useWatch('method', form) as string | undefined;
  const submit = async (v: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      const witnesses = (v.witnesses ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [name, ...unit] = l.split(/\s+/);
          return unit.length ? { name: name!, unit: unit.join(' ') } : { name: name! };
        });
      await post(`/api/v1/documents/${doc.id}/services`, {
        method: v.method,
        servedOn: v.servedOn,
        recipientName: v.recipientName,
        outcome: v.outcome,
        servers: (v.servers ?? '')
          .split(/[、,，\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        witnesses,
        ...(v.place ? { place: v.place } : {}),
        ...(v.refusalReason ? { refusalReason: v.refusalReason } : {}),
      });
      form.resetFields();
      onSaved();
    } catch (e) {
      setError(e);
      applyServerErrors(form, e, lang);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" name="service" initialValues={{ method: 'direct', outcome: 'signed', servedOn: today, recipientName: doc.subject?.name ?? '' }} onFinish={(v) => void submit(v as Record<string, string>)}>
      <ErrorAlert error={error} />
      <Space wrap>
        <Form.Item name="method" label={pick(T.method)} required>
          <Select style={{ width: 220 }} options={METHODS.map((m) => ({ value: m.value, label: pick(m.label) }))} />
        </Form.Item>
        <Form.Item name="servedOn" label={pick(T.servedOn)} required>
          <Input type="date" max={today} />
        </Form.Item>
        <Form.Item name="recipientName" label={pick(T.recipient)} required>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="place" label={pick(T.place)}>
          <Input style={{ width: 240 }} />
        </Form.Item>
      </Space>
      <Form.Item name="outcome" label={pick(T.outcome)} required>
        <Radio.Group>
          <Radio value="signed">{pick(T.signed)}</Radio>
          <Radio value="refused">{pick(T.refused)}</Radio>
        </Radio.Group>
      </Form.Item>
      {method === 'lodged' ? (
        <>
          <Form.Item name="refusalReason" label={pick(T.refusalReason)} required>
            <Input />
          </Form.Item>
          <Form.Item name="witnesses" label={pick(T.witnesses)} required>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      ) : null}
      <Form.Item name="servers" label={pick(T.servers)} required>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="service-submit">
        {pick(T.recordService)}
      </Button>
    </Form>
  );
}

/** FL-5(4): the issued 公开通报 is published — scope, channel and date recorded on the case. */
function PublicationForm({ doc }: { doc: Detail }) {
  const { pick, lang } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ scopeZh: string; channel: string; publishedOn: string | null }[]>([]);
  const today = chinaDateOf(new Date());
  const submit = async (v: { scope: string; channel: string; publishedOn?: string }) => {
    setError(null);
    try {
      const r = await post<{ items: { scopeZh: string; channel: string; publishedOn: string | null; documentId: string | null }[] }>(`/api/v1/cases/${doc.caseId}/publications`, { scope: v.scope, channel: v.channel, documentId: doc.id, ...(v.publishedOn ? { publishedOn: v.publishedOn } : {}) });
      setDone(r.items.filter((x) => x.documentId === doc.id));
    } catch (e) {
      setError(e);
      applyServerErrors(form, e, lang);
    }
  };
  return (
    <Card size="small" title={pick({ zh: '公开（《行政执法过错责任追究办法》第五条第（四）项）', en: 'Publication (FL-5(4))' })} style={{ marginTop: 16 }}>
      <ErrorAlert error={error} />
      {done.length ? (
        <ul data-testid="publication-records">
          {done.map((d, i) => (
            <li key={i}>
              {d.scopeZh} · {d.channel} · {d.publishedOn ?? ''}
            </li>
          ))}
        </ul>
      ) : null}
      <Form form={form} layout="inline" name="publication" initialValues={{ scope: 'public', publishedOn: today }} onFinish={(v) => void submit(v as { scope: string; channel: string; publishedOn?: string })}>
        <Form.Item name="scope" label={pick({ zh: '范围', en: 'Scope' })}>
          <Select style={{ width: 140 }} options={[{ value: 'commission', label: '委内通报' }, { value: 'system', label: '系统内通报' }, { value: 'public', label: '向社会公开' }]} />
        </Form.Item>
        <Form.Item name="channel" label={pick({ zh: '渠道', en: 'Channel' })} rules={[{ required: true, message: pick({ zh: '请填写公开渠道', en: 'Enter the channel' }) }]}>
          <Input style={{ width: 160 }} placeholder="委门户网站" />
        </Form.Item>
        <Form.Item name="publishedOn" label={pick({ zh: '公开日期', en: 'Date' })}>
          <Input type="date" max={today} />
        </Form.Item>
        <Button htmlType="submit">{pick({ zh: '记录公开', en: 'Record' })}</Button>
      </Form>
    </Card>
  );
}

function ServiceList({ items }: { items: ServiceRecord[] }) {
  const { pick } = useI18n();
  if (!items.length) return <Typography.Text type="secondary">{pick(T.noServices)}</Typography.Text>;
  return (
    <ul style={{ paddingInlineStart: 18 }} data-testid="service-records">
      {items.map((s) => (
        <li key={s.id}>
          {s.servedOn} · {s.methodZh} · {s.recipientName} · {s.outcome === 'signed' ? pick(T.signed) : `${pick(T.refused)}（${s.refusalReason ?? ''}）`}
          {s.witnesses.length ? ` · 见证人：${s.witnesses.map((w) => w.name).join('、')}` : ''} · 送达人：{s.servers.join('、')}
        </li>
      ))}
    </ul>
  );
}

function DocumentDrawer({ docId, onClose, onChanged }: { docId: string; onClose: () => void; onChanged: () => void }) {
  useFocusReturn();
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const doc = useApi<Detail>(`/api/v1/documents/${docId}`);
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'' | 'save' | 'issue'>('');
  const [preview, setPreview] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const d = doc.data;
  const latest = d?.versions[d.versions.length - 1];
  const editable = Boolean(d?.allowedActions.includes('edit'));
  const shownVersion = d ? (d.issuedVersion ?? latest?.number ?? 1) : 1;
  // FL-5(4), FL-15, WC-9(3): what a document takes from a record is shown, not edited (the server refuses it too)
  const pinned = d?.pinned ?? null;
  // what is pinned, named as it is: fields, paragraphs or both (a 立案审批表 pins fields only, a 处理决定书 paragraphs only)
  const nFields = pinned?.fields.length ?? 0;
  const nParas = pinned?.paragraphs.length ?? 0;
  const parts = {
    zh: [nFields ? '字段' : '', nParas ? `正文${nParas}段` : ''].filter(Boolean).join('和'),
    en: [nFields ? 'fields' : '', nParas ? `${nParas} paragraph${nParas > 1 ? 's' : ''}` : ''].filter(Boolean).join(' and '),
  };
  const withSource = (t: Bi): string =>
    pick({
      zh: t.zh.replaceAll('{source}', pinned?.source.zh ?? '').replaceAll('{parts}', parts.zh),
      en: t.en.replaceAll('{source}', pinned?.source.en ?? '').replaceAll('{sourceZh}', pinned?.source.zh ?? '').replaceAll('{parts}', parts.en),
    });

  useEffect(() => {
    if (!d || !latest) return;
    form.setFieldsValue(toForm(latest.content));
    setPreview(fileUrl(d.id, latest.number, 'pdf', true));
    // Reset the form when another version is loaded, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d?.id, latest?.number]);

  useEffect(() => () => {
    if (preview?.startsWith('blob:')) URL.revokeObjectURL(preview);
  }, [preview]);

  const refreshPreview = () => {
    if (!d || !latest || !editable) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const content = fromForm(latest.content, form.getFieldsValue(true));
      void fetch(`/api/v1/documents/${d.id}/preview`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content }) })
        .then(async (r) => (r.ok ? setPreview(URL.createObjectURL(await r.blob())) : undefined))
        .catch(() => undefined);
    }, 700);
  };

  const save = async () => {
    if (!d || !latest) return;
    setBusy('save');
    setError(null);
    try {
      const v = form.getFieldsValue(true);
      await put<Detail>(`/api/v1/documents/${d.id}`, { expectedVersion: d.currentVersion, content: fromForm(latest.content, v), ...(v.note ? { note: v.note } : {}) });
      message.success(pick({ zh: '已保存为新稿', en: 'Saved as a new draft' }));
      doc.reload();
      onChanged();
    } catch (e) {
      setError(e);
      applyServerErrors(form, e, lang);
    } finally {
      setBusy('');
    }
  };

  const issue = async () => {
    if (!d) return;
    setBusy('issue');
    setError(null);
    try {
      const r = await post<Detail>(`/api/v1/documents/${d.id}/issue`, { expectedVersion: d.currentVersion });
      message.success(pick({ zh: `已印发${r.docNumber ? `：${r.docNumber}` : ''}`, en: `Issued${r.docNumber ? `: ${r.docNumber}` : ''}` }));
      doc.reload();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  const print = () => {
    if (!d) return;
    // The browser's PDF viewer prints the exact file (seal and signature included).
    const w = window.open(fileUrl(d.id, shownVersion, 'pdf', true), '_blank');
    if (!w) message.info(pick({ zh: '请允许弹出窗口后再打印', en: 'Allow pop-ups to print' }));
    else w.opener = null;
  };

  return (
    <Drawer open onClose={onClose} size={1280} destroyOnHidden title={d ? `${d.kindLabelZh}${d.docNumber ? ` ${d.docNumber}` : ''}` : ' '} data-testid="document-drawer">
      {doc.error && !d ? <LoadError error={doc.error} onRetry={doc.reload} /> : null}
      {!d || !latest ? (
        <Card loading />
      ) : (
        <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
          <div style={{ flex: '0 0 520px', maxWidth: 520 }}>
            <ErrorAlert error={error} />
            {d.warnings.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={pick(T.warnings)} description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{d.warnings.map((w, i) => <li key={i}>{pick(w)}</li>)}</ul>} /> : null}
            <Space wrap style={{ marginBottom: 12 }}>
              <StatusTag s={d.status} />
              <Typography.Text type="secondary">
                <CitationZh id={d.citation} />
              </Typography.Text>
            </Space>
            {d.seal ? (
              <Alert
                type="success"
                showIcon
                icon={<SafetyCertificateOutlined />}
                style={{ marginBottom: 12 }}
                data-testid="document-sealed"
                title={`${pick(d.seal.sealSha256 ? T.sealed : T.signedNoSeal)}${d.seal.sm2Signed ? `，${pick(T.sm2)}` : ''}`}
                description={
                  d.docNumber ? (
                    <a href={`/verify?number=${encodeURIComponent(d.docNumber)}`} target="_blank" rel="noreferrer">
                      {pick(T.verifyLink)}
                    </a>
                  ) : null
                }
              />
            ) : null}
            <Space wrap style={{ marginBottom: 12 }}>
              {d.allowedActions.includes('issue') ? (
                <Popconfirm title={pick(T.issueConfirm)} onConfirm={() => void issue()} okButtonProps={{ 'data-testid': 'document-issue-confirm' } as never}>
                  <Button type="primary" loading={busy === 'issue'} data-testid="document-issue">
                    {pick(T.issue)}
                  </Button>
                </Popconfirm>
              ) : null}
              <Button icon={<DownloadOutlined />} data-testid="document-download-docx" onClick={() => void download(fileUrl(d.id, shownVersion, 'docx'), `${d.title}.docx`)}>
                {pick(T.downloadDocx)}
              </Button>
              <Button icon={<FilePdfOutlined />} data-testid="document-download-pdf" onClick={() => void download(fileUrl(d.id, shownVersion, 'pdf'), `${d.title}.pdf`)}>
                {pick(T.downloadPdf)}
              </Button>
              <Button icon={<PrinterOutlined />} data-testid="document-print" onClick={print}>
                {pick(T.print)}
              </Button>
            </Space>
            {editable ? (
              <Form form={form} layout="vertical" name="document" onValuesChange={refreshPreview}>
                <Typography.Paragraph type="secondary">{pick(T.previewHint)}</Typography.Paragraph>
                {latest.content.letterhead ? (
                  <Card size="small" title={pick({ zh: '版头要素（GB/T 9704—2012，按需填写）', en: 'Head elements (GB/T 9704-2012, as required)' })} style={{ marginBottom: 16 }}>
                    <Space wrap>
                      <Form.Item name="copyNo" label={pick({ zh: '份号', en: 'Copy no. (份号)' })} rules={[{ pattern: /^(\d{6})?$/, message: pick({ zh: '份号应为6位数字', en: 'Six digits' }) }]}>
                        <Input style={{ width: 110 }} maxLength={6} />
                      </Form.Item>
                      <Form.Item name="secrecyLevel" label={pick({ zh: '密级', en: 'Classification (密级)' })}>
                        <Select style={{ width: 110 }} allowClear options={['秘密', '机密', '绝密'].map((x) => ({ value: x, label: x }))} />
                      </Form.Item>
                      <Form.Item name="secrecyPeriod" label={pick({ zh: '保密期限', en: 'Period (保密期限)' })}>
                        <Input style={{ width: 100 }} />
                      </Form.Item>
                      <Form.Item name="urgency" label={pick({ zh: '紧急程度', en: 'Urgency (紧急程度)' })}>
                        <Select style={{ width: 110 }} allowClear options={['加急', '特急'].map((x) => ({ value: x, label: x }))} />
                      </Form.Item>
                      <Form.Item name="signer" label={pick({ zh: '签发人（上行文）', en: 'Signed off by (签发人, upward documents)' })}>
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                    </Space>
                  </Card>
                ) : null}
                <Form.Item name="title" label={pick(T.title)} rules={[{ required: true, message: pick({ zh: '请填写标题', en: 'Enter the title' }) }]}>
                  <Input />
                </Form.Item>
                {latest.content.docNumber !== null || latest.content.letterhead ? (
                  <Form.Item
                    name="docNumber"
                    label={pick(T.number)}
                    extra={pick({ zh: '发文字号由系统在印发时按本单位该类公文的序列编排，不可填写或修改', en: 'The number is assigned at issue from the organisation’s series for this kind; it cannot be typed or changed' })}
                  >
                    <Input disabled placeholder={pick({ zh: '印发时自动编号', en: 'numbered at issue' })} data-testid="document-number" />
                  </Form.Item>
                ) : null}
                {latest.content.addressee !== null ? (
                  <Form.Item name="addressee" label={pick(T.addressee)}>
                    <Input />
                  </Form.Item>
                ) : null}
                {pinned ? (
                  <Alert
                    type={pinned.stale ? 'warning' : 'info'}
                    showIcon
                    style={{ marginBottom: 12 }}
                    data-testid={pinned.stale ? 'document-pinned-stale' : 'document-pinned-note'}
                    title={withSource(pinned.stale ? T.pinnedStale : T.pinnedNote)}
                  />
                ) : null}
                {latest.content.fields.map((f, i) => {
                  const fixed = pinned?.fields.includes(f.label) ?? false;
                  return (
                    <Form.Item key={`f${i}`} name={['fields', i, 'value']} label={f.label} extra={fixed ? withSource(T.fromRecord) : undefined}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} readOnly={fixed} data-testid={`document-field-${i}`} />
                    </Form.Item>
                  );
                })}
                {latest.content.paragraphs.map((p, i) => {
                  const fixed = pinned?.paragraphs.includes(i) ?? false;
                  return (
                    <Form.Item key={`p${i}`} name={['paragraphs', i, 'text']} label={pick({ zh: T.paragraph.zh.replace('{n}', String(i + 1)), en: T.paragraph.en.replace('{n}', String(i + 1)) })} extra={fixed ? withSource(T.fromRecord) : undefined}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 10 }} readOnly={fixed} data-testid={`document-paragraph-${i}`} />
                    </Form.Item>
                  );
                })}
                <Form.Item name="attachments" label={pick(T.attachments)}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
                </Form.Item>
                {latest.content.signature ? (
                  <Space>
                    <Form.Item name="organ" label={pick(T.organ)}>
                      <Input style={{ width: 300 }} />
                    </Form.Item>
                    <Form.Item name="date" label={pick(T.date)}>
                      <Input type="date" />
                    </Form.Item>
                  </Space>
                ) : null}
                {latest.content.cc !== null ? (
                  <Form.Item name="cc" label={pick(T.cc)}>
                    <Input />
                  </Form.Item>
                ) : null}
                <Form.Item name="note" label={pick(T.note)}>
                  <Input />
                </Form.Item>
                <Button type="primary" ghost loading={busy === 'save'} onClick={() => void save()} data-testid="document-save">
                  {pick(T.save)}
                </Button>
              </Form>
            ) : null}
            {d.status !== 'draft' && (SERVABLE.has(d.kind) || d.kind === 'service_receipt') ? (
              <Card size="small" title={pick(T.services)} style={{ marginTop: 16 }} data-testid="document-services">
                <ServiceList items={d.services} />
                <ServiceForm doc={d} onSaved={() => { doc.reload(); onChanged(); }} />
              </Card>
            ) : null}
            {d.kind === 'publication_notice' && d.status === 'issued' ? <PublicationForm doc={d} /> : null}
            <Card size="small" title={pick(T.history)} style={{ marginTop: 16 }}>
              <Table
                size="small"
                rowKey="number"
                pagination={false}
                dataSource={[...d.versions].reverse()}
                data-testid="document-versions"
                columns={[
                  { title: pick(T.version), dataIndex: 'number', render: (n: number) => <span>{lang === 'zh' ? `第${n}稿` : `Draft ${n}`}{n === d.issuedVersion ? <Tag color="green" style={{ marginInlineStart: 4 }}>{pick(T.issuedMark)}</Tag> : null}</span> },
                  { title: pick({ zh: '说明', en: 'Note' }), dataIndex: 'note', render: (s: string | null) => s ?? '' },
                  { title: pick({ zh: '时间', en: 'Time' }), dataIndex: 'createdAt', render: (s: string) => formatDateTime(s, lang) },
                  {
                    title: '',
                    key: 'files',
                    render: (_: unknown, v: { number: number }) => (
                      <Space size={4}>
                        <Button size="small" type="link" onClick={() => setPreview(fileUrl(d.id, v.number, 'pdf', true))}>
                          {pick(T.preview)}
                        </Button>
                        <Button size="small" type="link" onClick={() => void download(fileUrl(d.id, v.number, 'docx'), `${d.title}.docx`)}>
                          DOCX
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            </Card>
          </div>
          <div style={{ flex: 1, minWidth: 0, position: 'sticky', top: 0 }}>
            <PdfPreview src={preview} title={`${pick(T.preview)} ${d.title}`} />
          </div>
        </div>
      )}
    </Drawer>
  );
}

/** The case page's 公文 tab. `focusKinds`: the kinds a step needs, offered first (from the step drawer). */
export function DocumentsPanel({ c }: { c: CaseView }) {
  const { pick, lang } = useI18n();
  const list = useApi<{ items: Summary[]; draftableKinds: DraftableKind[] }>(`/api/v1/cases/${c.id}/documents`, { v: c.version });
  const [open, setOpen] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const kinds = useMemo(() => list.data?.draftableKinds ?? [], [list.data]);
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Card loading variant="borderless" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="documents-panel">
      {kinds.length ? (
        <DraftNew
          caseId={c.id}
          kinds={kinds}
          onDrafted={(d) => {
            list.reload();
            setOpen(d.id);
          }}
        />
      ) : null}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        locale={{ emptyText: pick(T.none) }}
        dataSource={items}
        data-testid="documents-table"
        columns={[
          { title: pick(T.kind), dataIndex: 'kindLabelZh', render: (_: string, r: Summary) => pick({ zh: r.kindLabelZh, en: r.kindLabelEn }) },
          { title: pick(T.title), dataIndex: 'title', render: (s: string, r: Summary) => `${s}${r.subject ? `（${r.subject.name}）` : ''}` },
          { title: pick(T.number), dataIndex: 'docNumber', render: (s: string | null) => s ?? '—' },
          { title: pick(T.status), dataIndex: 'status', render: (s: Status) => <StatusTag s={s} /> },
          { title: pick(T.version), dataIndex: 'currentVersion' },
          { title: pick(T.issuedOn), dataIndex: 'issuedOn', render: (s: string | null) => (s ? formatDate(s, lang) : '—') },
          {
            title: '',
            key: 'open',
            render: (_: unknown, r: Summary) => (
              <Button size="small" onClick={() => setOpen(r.id)} data-testid={`document-open-${r.kind}`}>
                {pick(r.allowedActions.includes('edit') ? T.edit : T.open)}
              </Button>
            ),
          },
        ]}
      />
      {open ? (
        <DocumentDrawer
          docId={open}
          onClose={() => setOpen(null)}
          onChanged={() => list.reload()}
        />
      ) : null}
    </Space>
  );
}

/** The kinds of document a case step needs, to offer them in place from the step drawer. */
export const STEP_DOCUMENTS: Record<string, string[]> = {
  notify: ['decision_notice', 'service_receipt'],
  reply: ['reply_letter'],
  transfer: ['transfer_letter'],
  refer_appeal: ['appeal_referral_letter'],
};

export function StepDocumentsHint({ action, onOpen }: { action: string; onOpen: () => void }) {
  const { pick } = useI18n();
  const kinds = STEP_DOCUMENTS[action];
  if (!kinds) return null;
  const names: Record<string, Bi> = {
    decision_notice: { zh: '处理决定书', en: 'decision notice' },
    service_receipt: { zh: '送达回证', en: 'proof of service' },
    reply_letter: { zh: '答复函', en: 'reply letter' },
    transfer_letter: { zh: '转送函', en: 'transfer letter' },
    appeal_referral_letter: { zh: '申诉移送函', en: 'appeal hand-off letter' },
  };
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="step-documents"
      title={`${pick(T.needDraft)}：${kinds.map((k) => pick(names[k] ?? { zh: k, en: k })).join('、')}`}
      action={
        <Button size="small" onClick={onOpen} data-testid="step-documents-open">
          {pick({ zh: '起草 / 打印', en: 'Draft / print' })}
        </Button>
      }
    />
  );
}
