// The case's records, shown per tab and loaded when a tab is first opened: the original case
// (approval chain, deliberation), timeline, evidence, findings, decisions, appeals, execution.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, List, Modal, Popconfirm, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { useLegal } from '../lib/legal';
import { useI18n } from '../i18n/i18n';
import { download, get, post } from '../lib/api';
import { EP } from '../lib/endpoints';
import { formatDate, formatDateTime } from '../lib/dates';
import { useApi } from '../lib/use-api';
import { Cite, Cites } from '../components/citation';
import { ErrorAlert } from '../components/error-alert';
import { formatFen } from '../lib/money';
import {
  APPEAL_OUTCOME_LABELS,
  CULPABILITY_LABELS,
  EVIDENCE_KIND_LABELS,
  EXEC_STATUS_LABELS,
  HARM_LABELS,
  INFLUENCE_LABELS,
  NOTIFY_METHOD_LABELS,
  ROLE_IN_CASE_LABELS,
} from './labels';
import type { CaseView, Timeline as TimelineData } from './types';
import { useFocusReturn } from '../components/focus-return';
import { useEvidencePages } from './evidence-pages';
import { LoadMore } from './load-more';

interface OriginalCase {
  id: string;
  number: string;
  kind: string;
  title: string;
  unitName: string;
  decisionDate: string;
  counterpart: { name: string; type: string; idNo: string | null };
  summary: string | null;
  handlers: { personId: string; name: string }[];
  approvers: { personId: string; name: string; level: number; final: boolean }[];
  deliberation: { date: string; chairId: string; chairName: string; note: string | null; members: { personId: string; name: string; opinion: string; isChair: boolean }[] } | null;
  instructingLeaders: { personId: string; name: string; note: string | null }[];
  assigners: { personId: string; name: string; note: string | null }[];
  outcomes: { id: string; source: string; referenceNo: string; referenceDate: string; effect: string | null }[];
}

const OPINION: Record<string, { zh: string; en: string; color: string }> = {
  insisted: { zh: '坚持错误意见', en: 'Insisted on the wrong opinion', color: 'red' },
  agreed: { zh: '同意', en: 'Agreed', color: 'orange' },
  dissented: { zh: '反对（记录在案）', en: 'Dissented (on record)', color: 'green' },
  silent: { zh: '未表态', en: 'Did not state a view', color: 'default' },
};

/** The original enforcement case drawn as the approval chain and the collective deliberation. */
export function OriginalCaseSection({ c }: { c: CaseView }) {
  const { t } = useI18n();
  if (!c.originalCaseId) return <Empty description={t('casePage.noOriginal')} />;
  return <OriginalCaseView id={c.originalCaseId} />;
}

export function OriginalCaseView({ id }: { id: string }) {
  const { t, lang, term } = useI18n();
  const oc = useApi<OriginalCase>(EP.originalCase(id));
  if (oc.error) return <ErrorAlert error={oc.error} />;
  const d = oc.data;
  if (!d) return <Card loading />;
  const chain = [
    ...d.handlers.map((h) => ({ key: `h-${h.personId}`, title: h.name, content: t('casePage.handler'), final: false })),
    ...[...d.approvers]
      .sort((a, b) => a.level - b.level)
      .map((a) => ({ key: `a-${a.personId}`, title: a.name, content: a.final ? `${t('casePage.approverLevel', { n: a.level })} · ${t('casePage.finalApprover')}` : t('casePage.approverLevel', { n: a.level }), final: a.final })),
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="original-case">
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('reg.caseNumber')}>{d.number}</Descriptions.Item>
        <Descriptions.Item label={t('casePage.decisionDate')}>{formatDate(d.decisionDate, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('reg.caseTitle')} span={2}>
          {d.title}
          {d.summary ? ` — ${d.summary}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.unit')}>{d.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('casePage.counterpart')}>{d.counterpart.name}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('casePage.approvalChain')}>
        <Steps
          type="dot"
          current={chain.length - 1}
          items={chain.map((s) => ({ title: s.final ? <Typography.Text strong style={{ color: '#a8071a' }}>{s.title}</Typography.Text> : s.title, content: s.content }))}
          data-testid="approval-chain"
        />
      </Card>
      {d.deliberation ? (
        <Card size="small" title={`${t('casePage.deliberation')} · ${formatDate(d.deliberation.date, lang)}`}>
          <Space wrap>
            {d.deliberation.members.map((m) => (
              <Tag key={m.personId} color={OPINION[m.opinion]?.color} style={{ padding: '4px 8px' }}>
                {m.name}
                {m.isChair ? `（${t('casePage.chair')}）` : ''} · {term(OPINION[m.opinion] ?? { zh: m.opinion, en: m.opinion })}
              </Tag>
            ))}
          </Space>
          {d.deliberation.note ? <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{d.deliberation.note}</Typography.Paragraph> : null}
        </Card>
      ) : null}
      {d.instructingLeaders.length || d.assigners.length ? (
        <Descriptions bordered size="small" column={1}>
          {d.instructingLeaders.length ? <Descriptions.Item label={t('casePage.instructing')}>{d.instructingLeaders.map((x) => x.name).join('、')}</Descriptions.Item> : null}
          {d.assigners.length ? <Descriptions.Item label={t('casePage.assigner')}>{d.assigners.map((x) => x.name).join('、')}</Descriptions.Item> : null}
        </Descriptions>
      ) : null}
      {d.outcomes.length ? (
        <Alert
          type="warning"
          showIcon
          title={t('casePage.wc5')}
          description={d.outcomes.map((o) => (
            <div key={o.id}>
              <Cite id={o.source} /> {o.referenceNo}（{formatDate(o.referenceDate, lang)}）
            </div>
          ))}
        />
      ) : null}
    </Space>
  );
}

export function TimelineSection({ caseId, version }: { caseId: string; version: number }) {
  const { lang, pick } = useI18n();
  const tl = useApi<TimelineData>(EP.caseTimeline(caseId), { v: version });
  if (tl.error) return <ErrorAlert error={tl.error} />;
  return (
    <Timeline
      data-testid="timeline"
      items={(tl.data?.items ?? []).map((e) => ({
        key: e.seq,
        color: e.action.includes('reporter.read') ? 'orange' : 'blue',
        title: <Typography.Text type="secondary">{formatDateTime(e.at, lang)}</Typography.Text>,
        content: (
          <div data-testid="timeline-item">
            <Space wrap size={4}>
              <Typography.Text strong>{pick({ zh: e.labelZh, en: e.labelEn })}</Typography.Text>
              {e.citation ? <Cite id={e.citation} /> : null}
              <Typography.Text type="secondary">{e.actorName}</Typography.Text>
            </Space>
            {(e.marks ?? []).map((m, i) => (
              <div key={i} data-testid={`timeline-mark-${m.kind}`}>
                <Typography.Text type={m.kind === 'backdated' ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
                  {pick({ zh: m.zh, en: m.en })}
                </Typography.Text>
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}

interface EvidenceRow {
  id: string;
  kind: string;
  title: string;
  source: string;
  collectedOn: string;
  description: string | null;
  hasText: boolean;
  file: { sha256: string; name: string; size: number; mimeType: string } | null;
  supersedesId: string | null;
  supersededById: string | null;
  correctionReason: string | null;
  recordedAt: string;
  /** shown to the subject before 陈述申辩 (WC-11) */
  disclosable?: boolean;
  /** a team investigator asked to show it to the subject; a legal-affairs clerk decides (FL-7(7)) */
  disclosureRequest?: { requestedBy: string; requestedAt: string } | null;
}

/**
 * WC-11, FL-7(7), FL-10(3): whether an item is shown to the subject, a pending request to show
 * it, and — for a legal-affairs clerk — the decision. The server checks the item's texts and file
 * name for the reporter's identity when the clerk discloses it and refuses with a reason (shown here).
 */
function EvidenceDisclosure({ caseId, ev, decides, onChanged }: { caseId: string; ev: EvidenceRow; decides: boolean; onChanged?: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = (disclosable: boolean) => {
    setBusy(true);
    setError(null);
    post(EP.caseEvidenceDisclosure(caseId, ev.id), { disclosable })
      .then(() => onChanged?.())
      .catch(setError)
      .finally(() => setBusy(false));
  };
  if (ev.disclosable) return <Tag color="green" data-testid="evidence-disclosed">{t('casePage.evDisclosed')}</Tag>;
  if (!ev.disclosureRequest) return null;
  return (
    <Space orientation="vertical" size={2} data-testid="evidence-disclosure-request">
      <Space wrap size={4}>
        <Tag color="gold">{t('casePage.evDisclosureRequested')}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('casePage.evDisclosureRequestedOn', { at: formatDateTime(ev.disclosureRequest.requestedAt, lang) })}
        </Typography.Text>
      </Space>
      {decides ? (
        <Space size={4}>
          <Popconfirm title={t('casePage.evDiscloseConfirm')} onConfirm={() => decide(true)} okButtonProps={{ 'data-testid': 'evidence-disclose-confirm' } as never}>
            <Button size="small" type="primary" loading={busy} data-testid="evidence-disclose">
              {t('casePage.evDisclose')}
            </Button>
          </Popconfirm>
          <Button size="small" loading={busy} onClick={() => decide(false)} data-testid="evidence-refuse-disclosure">
            {t('casePage.evRefuseDisclosure')}
          </Button>
        </Space>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
    </Space>
  );
}

function EvidencePreview({ caseId, ev }: { caseId: string; ev: EvidenceRow }) {
  const { t } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<string | null>(null);
  useFocusReturn(Boolean(preview));
  const url = EP.caseEvidenceFile(caseId, ev.id);
  // The server sends files as attachments; a preview reads the bytes and shows them here.
  const openPreview = () =>
    fetch(url, { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.blob();
      })
      .then((b) => setPreview(URL.createObjectURL(new Blob([b], { type: ev.file!.mimeType }))))
      .catch(setError);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {ev.file ? (
        <Space wrap>
          <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(url, ev.file!.name).catch(setError)}>
            {ev.file.name}（{Math.ceil(ev.file.size / 1024)} KB）
          </Button>
          {ev.file.mimeType.startsWith('image/') || ev.file.mimeType === 'application/pdf' ? (
            <Button size="small" icon={<EyeOutlined />} onClick={() => void openPreview()}>
              {t('common.preview')}
            </Button>
          ) : null}
          <details>
            <summary style={{ cursor: 'pointer', color: '#595959', fontSize: 12 }}>{t('casePage.evHash')}</summary>
            <Typography.Text type="secondary" copyable={{ text: ev.file.sha256 }} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="evidence-hash">
              SHA-256 {ev.file.sha256}
            </Typography.Text>
          </details>
        </Space>
      ) : null}
      {ev.hasText ? (
        text === null ? (
          <Button
            size="small"
            type="link"
            style={{ padding: 0 }}
            onClick={() =>
              get<{ textContent: string | null }>(EP.caseEvidenceText(caseId, ev.id))
                .then((r) => setText(r.textContent ?? ''))
                .catch(setError)
            }
          >
            {t('casePage.evText')}
          </Button>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8, marginBottom: 0 }}>{text}</Typography.Paragraph>
        )
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Modal
        open={Boolean(preview)}
        width={900}
        footer={null}
        title={ev.file?.name}
        onCancel={() => {
          if (preview) URL.revokeObjectURL(preview);
          setPreview(null);
        }}
      >
        {preview && ev.file?.mimeType.startsWith('image/') ? <img src={preview} alt={ev.title} style={{ maxWidth: '100%' }} /> : null}
        {preview && ev.file?.mimeType === 'application/pdf' ? <iframe src={preview} title={ev.title} style={{ width: '100%', height: '70vh', border: 0 }} /> : null}
      </Modal>
    </Space>
  );
}

export function EvidenceSection({ c, onChanged }: { c: CaseView; onChanged?: () => void }) {
  const { t, lang, term } = useI18n();
  // the view carries the newest page; 「加载更多」 fetches the next ones
  const pages = useEvidencePages(c);
  const rows = pages.items as EvidenceRow[];
  // every item opens expanded, those loaded later too; the reader may fold any
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  if (!rows.length) return <Empty description={t('casePage.noEvidence')} />;
  return (
    <>
    <Table<EvidenceRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      expandable={{
        expandedRowRender: (ev) => <EvidencePreview caseId={c.id} ev={ev} />,
        // only items with a file or a text have something to open (no empty rows under the others)
        rowExpandable: (ev) => Boolean(ev.file || ev.hasText),
        expandedRowKeys: rows.filter((r) => !folded.has(r.id)).map((r) => r.id),
        onExpand: (open, ev) =>
          setFolded((f) => {
            const n = new Set(f);
            if (open) n.delete(ev.id);
            else n.add(ev.id);
            return n;
          }),
      }}
      columns={[
        {
          title: t('casePage.evidence'),
          dataIndex: 'title',
          render: (v: string, ev) => (
            <Space orientation="vertical" size={0}>
              <Space>
                <Typography.Text delete={Boolean(ev.supersededById)}>{v}</Typography.Text>
                {ev.supersededById ? <Tag>{t('casePage.evSuperseded')}</Tag> : null}
              </Space>
              {ev.description ? <Typography.Text type="secondary">{ev.description}</Typography.Text> : null}
              {ev.correctionReason ? <Typography.Text type="warning">{ev.correctionReason}</Typography.Text> : null}
              <EvidenceDisclosure caseId={c.id} ev={ev} decides={Boolean(c.abilities?.decideDisclosure)} onChanged={onChanged} />
            </Space>
          ),
        },
        { title: t('casePage.evKind'), dataIndex: 'kind', width: 140, render: (k: string) => term(EVIDENCE_KIND_LABELS[k] ?? { zh: k, en: k }) },
        { title: t('casePage.evSource'), dataIndex: 'source', width: 200 },
        { title: t('casePage.evCollected'), dataIndex: 'collectedOn', width: 140, render: (d: string) => formatDate(d, lang) },
      ]}
    />
    <LoadMore shown={rows.length} total={pages.total} pages={pages} />
    </>
  );
}

interface FindingRow {
  id: string;
  subjectPersonId: string;
  subjectName: string;
  faults: string[];
  culpability: string;
  roleInOriginalCase: string;
  circumstances: string[];
  consequences: Record<string, unknown>;
  conductDate?: string;
  narrative: string;
}

/** The findings' verdict on WC-5 in the page's language (it read "认定为错案 / Wrong case" in both). */
export function wrongCaseTitle(wc: { isWrongCase: boolean; wc5Item?: number | string | null }, lang: 'zh' | 'en'): string {
  const item = `WC-5${wc.wc5Item ? `(${wc.wc5Item})` : ''}`;
  if (lang === 'zh') return wc.isWrongCase ? `认定为错案（${item}）` : '不认定为错案';
  return wc.isWrongCase ? `Wrong case (错案) (${item})` : 'Not a wrong case (不认定为错案)';
}

export function FindingsSection({ c }: { c: CaseView }) {
  const legal = useLegal();
  const { t, lang, term } = useI18n();
  const rows = c.findings as FindingRow[];
  if (!rows.length) return <Empty description={t('casePage.noFindings')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {c.wrongCase ? (
        <Alert
          type={c.wrongCase.isWrongCase ? 'warning' : 'info'}
          showIcon
          title={wrongCaseTitle(c.wrongCase, lang)}
        />
      ) : null}
      {rows.map((f) => (
        <Card key={f.id} size="small" title={f.subjectName} data-testid="finding">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('casePage.faults')} span={2}>
              {f.faults.length ? f.faults.map((x) => (
                <div key={x}>
                  <Cite id={x} /> {legal.citationLabels[x]}
                </div>
              )) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('casePage.culpability')}>{term(CULPABILITY_LABELS[f.culpability] ?? { zh: f.culpability, en: f.culpability })}</Descriptions.Item>
            <Descriptions.Item label={t('casePage.roleInCase')}>{term(ROLE_IN_CASE_LABELS[f.roleInOriginalCase] ?? { zh: f.roleInOriginalCase, en: f.roleInOriginalCase })}</Descriptions.Item>
            <Descriptions.Item label={t('casePage.circumstances')} span={2}>
              {f.circumstances.length ? <Cites ids={f.circumstances} /> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('casePage.consequences')} span={2}>
              {term(HARM_LABELS[String(f.consequences.harm)] ?? { zh: String(f.consequences.harm ?? '—'), en: String(f.consequences.harm ?? '—') })} ·{' '}
              {term(INFLUENCE_LABELS[String(f.consequences.influence)] ?? { zh: String(f.consequences.influence ?? '—'), en: String(f.consequences.influence ?? '—') })}
              {typeof f.consequences.stateCompensationFen === 'number' ? ` · 国家赔偿 ${formatFen(f.consequences.stateCompensationFen)}` : ''}
              {f.consequences.crimeSuspected ? ' · 涉嫌犯罪' : ''}
            </Descriptions.Item>
            {f.conductDate ? <Descriptions.Item label={lang === 'zh' ? '行为日期' : 'Conduct date'}>{formatDate(f.conductDate, lang)}</Descriptions.Item> : null}
            <Descriptions.Item label={t('casePage.narrative')} span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{f.narrative}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ))}
    </Space>
  );
}

export function DecisionsSection({ c }: { c: CaseView }) {
  const legal = useLegal();
  const { t, lang, term } = useI18n();
  if (!c.decisions.length) return <Empty description={t('casePage.noDecisions')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {[...c.decisions].reverse().map((d) => {
        const meeting = d.meeting as { date?: string; chair?: string; attendees?: { name: string; opinion: string }[]; minutes?: string } | null;
        return (
          <Card
            key={d.id}
            size="small"
            data-testid="decision"
            title={
              <Space>
                <span>
                  {t('casePage.decisions')} #{d.seq} · {formatDate(d.decidedOn, lang)}
                </span>
                <Tag color={d.status === 'in_force' ? 'green' : 'default'}>{d.status === 'in_force' ? t('casePage.inForce') : t('casePage.superseded')}</Tag>
                {d.origin === 'appeal' ? <Tag color="purple">{lang === 'zh' ? '申诉后变更' : 'Changed on appeal'}</Tag> : null}
              </Space>
            }
          >
            {meeting ? (
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 8 }}>
                <Descriptions.Item label={t('decide.date')}>{formatDate(meeting.date ?? null, lang)}</Descriptions.Item>
                <Descriptions.Item label={t('decide.chair')}>{meeting.chair}</Descriptions.Item>
                <Descriptions.Item label={t('decide.attendees')} span={2}>
                  <Space orientation="vertical" size={0}>
                    {(meeting.attendees ?? []).map((a, i) => (
                      <span key={i}>
                        {a.name}：{a.opinion}
                      </span>
                    ))}
                  </Space>
                </Descriptions.Item>
                {meeting.minutes ? (
                  <Descriptions.Item label={t('decide.minutes')} span={2}>
                    {meeting.minutes}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            ) : null}
            {d.publication ? (
              // FL-5(4): the scope (公开范围) and channel of publication the decision set
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 8 }} data-testid="decision-publication">
                <Descriptions.Item label={t('decide.publicationScope')}>{t(`decide.scope.${d.publication.scope}`)}</Descriptions.Item>
                <Descriptions.Item label={t('decide.publicationChannel')}>{d.publication.channel}</Descriptions.Item>
              </Descriptions>
            ) : null}
            <Table
              size="small"
              pagination={false}
              rowKey="subjectPersonId"
              dataSource={d.items}
              columns={[
                { title: t('case.subject'), dataIndex: 'subjectName', width: 120 },
                {
                  title: t('decide.forms'),
                  dataIndex: 'forms',
                  render: (forms: string[], it) =>
                    it.noAccountability ? (
                      <Tag color="green">{t('decide.noAccountability')}</Tag>
                    ) : (
                      forms.map((f) => (
                        <div key={f}>
                          <Cite id={f} color={it.departedForms.includes(f) ? 'red' : undefined} /> {legal.forms[f]}
                        </div>
                      ))
                    ),
                },
                {
                  title: t('casePage.departed'),
                  dataIndex: 'departureReason',
                  width: 220,
                  render: (r: string | null, it) => (it.departedForms.length || r ? <Typography.Text type="danger">{r ?? '—'}</Typography.Text> : '—'),
                },
                {
                  title: lang === 'zh' ? '移送' : 'Transfers',
                  key: 'tr',
                  width: 140,
                  render: (_v, it) => (
                    <Space wrap size={2}>
                      {it.transferJudicial ? <Tag color="red">{term({ zh: '移送司法机关', en: 'Judicial' })}</Tag> : null}
                      {it.transferDiscipline ? <Tag color="volcano">{term({ zh: '移送纪检监察', en: 'Discipline' })}</Tag> : null}
                    </Space>
                  ),
                },
                { title: t('rec.compensation'), dataIndex: 'compensationFen', width: 120, render: (f: number | null) => (f ? formatFen(f) : '—') },
              ]}
            />
          </Card>
        );
      })}
      {c.notifications.length ? (
        <Card size="small" title={t('casePage.notifications')}>
          <List
            size="small"
            dataSource={c.notifications}
            renderItem={(n) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <span>
                    {n.subjectName} · {formatDate(n.notifiedOn, lang)} · {term(NOTIFY_METHOD_LABELS[n.method] ?? { zh: n.method, en: n.method })}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('casePage.rights')}：{n.rightsText}
                  </Typography.Text>
                  {n.defenceWaived ? (
                    <Typography.Text style={{ fontSize: 12 }} data-testid="notification-waived">
                      <Tag color="orange">{t('casePage.defenceWaived')}</Tag>
                      {n.waiverNote}
                    </Typography.Text>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Space>
  );
}

export function AppealsSection({ c }: { c: CaseView }) {
  const { t, lang, term } = useI18n();
  if (!c.appeals.length) return <Empty description={t('casePage.noAppeals')} />;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={c.appeals}
      columns={[
        { title: t('case.subject'), dataIndex: 'subjectName', width: 110 },
        { title: lang === 'zh' ? '类型' : 'Kind', dataIndex: 'kind', width: 110, render: (k: string) => (k === 'appeal' ? term({ zh: '申诉', en: 'Appeal' }) : term({ zh: '陈述申辩', en: 'Defence' })) },
        { title: lang === 'zh' ? '提出日期' : 'Filed', dataIndex: 'filedOn', width: 130, render: (d: string) => formatDate(d, lang) },
        { title: lang === 'zh' ? '内容' : 'Statement', dataIndex: 'statement' },
        {
          title: lang === 'zh' ? '申诉处理结果' : 'Outcome of the appeal',
          dataIndex: 'outcome',
          width: 200,
          render: (o: string, a) => (
            <Space orientation="vertical" size={0}>
              <Tag color={o === 'pending' ? 'orange' : o === 'upheld' ? 'blue' : 'purple'}>{term(APPEAL_OUTCOME_LABELS[o] ?? { zh: o, en: o })}</Tag>
              {a.outcomeReason ? <Typography.Text type="secondary">{a.outcomeReason}</Typography.Text> : null}
            </Space>
          ),
        },
      ]}
    />
  );
}

export function ExecutionSection({ c }: { c: CaseView }) {
  const legal = useLegal();
  const { t, lang, term } = useI18n();
  if (!c.executionItems.length) return <Empty description={t('casePage.noExecution')} />;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={c.executionItems}
      columns={[
        { title: t('case.subject'), dataIndex: 'subjectName', width: 110 },
        {
          title: lang === 'zh' ? '事项' : 'Item',
          dataIndex: 'citation',
          render: (ci: string, e) => (
            <span>
              {/* the item's own kind (FL-14 gives two: the person's bar and the unit's), else the form's text */}
              <Cite id={ci} /> {legal.executionKinds[e.kind] ? term(legal.executionKinds[e.kind]!) : (legal.forms[ci] ?? e.kind)}
              {e.year ? ` · ${e.year}` : ''}
            </span>
          ),
        },
        {
          title: t('casePage.amount'),
          dataIndex: 'amountFen',
          width: 200,
          // a refund (退还, FL-13 after WC-11) is money the commission returns: its amount, not paid / due
          render: (a: number | null, e) => (!a ? '—' : e.kind === 'compensation_refund' ? `${lang === 'zh' ? '应退还' : 'to refund'} ${formatFen(a)}` : `${formatFen(e.paidFen)} / ${formatFen(a)}`),
        },
        { title: t('users.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={s === 'done' ? 'green' : s === 'open' ? 'orange' : 'default'}>{term(EXEC_STATUS_LABELS[s] ?? { zh: s, en: s })}</Tag> },
        { title: lang === 'zh' ? '完成日期' : 'Done on', dataIndex: 'doneOn', width: 140, render: (d: string | null) => formatDate(d, lang) },
        // 执行情况: what was recorded when the item was carried out (issue 13: the note was not shown)
        { title: lang === 'zh' ? '执行情况' : 'How it was carried out', dataIndex: 'result', render: (r: Record<string, unknown> | null) => executionResultText(r, lang) || '—' },
      ]}
    />
  );
}

/** The recorded result of an execution item in words: body, document number, dates, post, note. */
export function executionResultText(r: Record<string, unknown> | null, lang: 'zh' | 'en'): string {
  if (!r) return '';
  const str = (k: string): string | null => (typeof r[k] === 'string' && (r[k] as string).trim() ? (r[k] as string) : null);
  const zh = lang === 'zh';
  const parts: string[] = [];
  const sanction = str('sanctionKindZh');
  if (sanction) parts.push(sanction);
  // a referral recorded as made (WC-9(3), FL-12): its body and document until the receipt is recorded
  const referral = r.referral && typeof r.referral === 'object' ? (r.referral as Record<string, unknown>) : null;
  const refStr = (k: string): string | null => (referral && typeof referral[k] === 'string' && (referral[k] as string).trim() ? (referral[k] as string) : null);
  const body = str('imposingBody') ?? str('receivingBody') ?? refStr('bodyZh');
  if (body) parts.push(zh ? `机关：${body}` : `body: ${body}`);
  const no = str('decisionNo') ?? str('letterNo') ?? str('noticeNo') ?? refStr('documentRef');
  if (no) parts.push(zh ? `文号：${no}` : `no. ${no}`);
  const received = str('receivedOn');
  if (received && referral) parts.push(zh ? `回执：${received}` : `receipt ${received}`);
  const post = str('newPost');
  if (post) parts.push(zh ? `新岗位：${post}` : `new post: ${post}`);
  // a certificate suspension records from/to beside the certificates
  const suspension = Array.isArray(r.certificateIds);
  const from = suspension ? str('from') : null;
  const to = suspension ? str('to') : null;
  if (from) parts.push(zh ? `暂扣：${from}${to ? ` 至 ${to}` : ''}` : `suspended ${from}${to ? ` to ${to}` : ''}`);
  if (typeof r.refundedFen === 'number') {
    parts.push(zh ? `已退还 ${formatFen(r.refundedFen)}` : `refunded ${formatFen(r.refundedFen)}`);
    const voucher = str('voucherRef');
    if (voucher) parts.push(zh ? `凭证：${voucher}` : `voucher: ${voucher}`);
  } else if (typeof r.paidFen === 'number') parts.push(zh ? `已缴 ${formatFen(r.paidFen)}` : `paid ${formatFen(r.paidFen)}`);
  const note = str('note');
  if (note) parts.push(note);
  return parts.join(zh ? '；' : '; ');
}
