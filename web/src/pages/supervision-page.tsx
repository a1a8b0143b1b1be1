// WC-11: the page of an outside supervisory body (行政执法监督部门 / 纪检、监察部门). It lists only
// the appeal files sent to this body, shows each as the read-only snapshot frozen when it was sent
// (never the live case, never the reporter), and records the body's decision, which the
// commission then executes.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import { DateInput, FenInput } from '../components/inputs';
import { useServerForm } from '../lib/use-server-form';
import { download, post } from '../lib/api';
import { chinaDateOf, formatDate } from '../lib/dates';
import { useLegal } from '../lib/legal';
import { useFocusReturn } from '../components/focus-return';
import { ActionLink } from '../components/action-link';

interface Referral {
  id: string;
  caseNumber: string;
  appellantName: string;
  bodyName: string;
  letterNo: string;
  sentOn: string;
  outcome: 'pending' | 'upheld' | 'changed' | 'revoked';
  outcomeOn: string | null;
  executedOn: string | null;
  /** WC-11: the issued 申诉移送函 sent with the appeal (readable by this body) */
  letter: { documentId: string; version: number; docNumber: string | null; title: string } | null;
}
interface Snapshot {
  asOf: string;
  case: { number: string; tracks: string[]; receivedOn: string; decidedOn: string | null; wc5: { citation: string; referenceNo: string } | null };
  appellant: { name: string; unitName: string | null; post: string | null };
  findings: { faults?: string[]; narrative?: string }[];
  evidence: { id: string; kind: string; title: string; collectedOn: string; fromAppellant: boolean }[];
  decisions: { seq: number; status: string; decidedOn: string; forms: string[]; reason: string | null; noAccountability: boolean | null; basis: { citation: string; articleZh: string; textZh: string | null }[] }[];
  appeal: { filedOn: string; statement: string };
}
interface Detail extends Referral {
  snapshot: Snapshot;
  outcomeReason: string | null;
  outcomeForms: string[] | null;
}

function ReferralDrawer({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: () => void }) {
  const legal = useLegal();
  useFocusReturn();
  const { t, lang } = useI18n();
  const d = useApi<Detail>(`/api/v1/supervision/referrals/${encodeURIComponent(id)}`);
  const [form] = Form.useForm();
  const { busy, error, unplaced, run } = useServerForm(form);
  const outcome = Form.useWatch('outcome', form);
  const [letterError, setLetterError] = useState<unknown>(null);
  const s = d.data?.snapshot;
  return (
    <Drawer open size={760} title={t('sup.snapshot')} onClose={onClose} data-testid="referral-drawer">
      {/* the body scrolls: a focusable region lets the keyboard scroll it (WCAG 2.1.1) */}
      <div tabIndex={0} role="region" aria-label={t('sup.snapshot')} style={{ outline: 'none' }}>
      {d.error && !d.data ? <LoadError error={d.error} onRetry={d.reload} /> : null}
      {s && d.data ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('sup.case')}>{s.case.number}</Descriptions.Item>
            <Descriptions.Item label={t('sup.appellant')}>
              {s.appellant.name}（{s.appellant.unitName ?? ''} {s.appellant.post ?? ''}）
            </Descriptions.Item>
            <Descriptions.Item label={t('sup.letter')}>
              {d.data.letterNo}
              {d.data.letter ? (
                <Button
                  type="link"
                  size="small"
                  data-testid="referral-letter"
                  onClick={() => {
                    const l = d.data!.letter!;
                    void download(`/api/v1/documents/${encodeURIComponent(l.documentId)}/versions/${l.version}.pdf`, `${l.docNumber ?? ''} ${l.title}.pdf`).catch(setLetterError);
                  }}
                >
                  {t('sup.letterPdf')}
                </Button>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('sup.asOf')}>{formatDate(s.asOf, lang)}</Descriptions.Item>
          </Descriptions>
          {letterError ? <ErrorAlert error={letterError} /> : null}
          <Card size="small" title={t('sup.appeal')}>
            <Typography.Paragraph>{s.appeal.statement}</Typography.Paragraph>
          </Card>
          <Card size="small" title={t('sup.findings')}>
            {s.findings.map((f, i) => (
              <Typography.Paragraph key={i}>
                {(f.faults ?? []).map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
                {f.narrative}
              </Typography.Paragraph>
            ))}
          </Card>
          <Card size="small" title={t('sup.evidence')}>
            <List size="small" dataSource={s.evidence} renderItem={(e) => <List.Item>{`${e.title} · ${formatDate(e.collectedOn, lang)}${e.fromAppellant ? ` · ${t('sup.fromAppellant')}` : ''}`}</List.Item>} />
          </Card>
          <Card size="small" title={t('sup.decisions')}>
            {s.decisions.map((x) => (
              <div key={x.seq} style={{ marginBottom: 8 }}>
                <Typography.Text strong>
                  #{x.seq} {formatDate(x.decidedOn, lang)} {lang === 'zh' ? '（' : '('}{x.status === 'in_force' ? t('sup.inForce') : t('sup.superseded')}{lang === 'zh' ? '）：' : '): '}{x.noAccountability ? t('subject.noAccountability') : x.forms.map((f) => `${f} ${legal.forms[f] ?? ''}`.trim()).join(lang === 'zh' ? '、' : '; ')}
                </Typography.Text>
                <Typography.Paragraph style={{ margin: 0 }}>{x.reason}</Typography.Paragraph>
                {x.basis.map((b) => (
                  <Typography.Paragraph key={b.citation} type="secondary" style={{ margin: 0 }}>
                    {b.articleZh}：{b.textZh}
                  </Typography.Paragraph>
                ))}
              </div>
            ))}
          </Card>
          {d.data.outcome === 'pending' ? (
            <Card size="small" title={t('sup.decide')}>
              <ErrorAlert error={error} fields={unplaced} />
              <Form
                form={form}
                layout="vertical"
                name="supervision-decision"
                initialValues={{ decidedOn: chinaDateOf(new Date()) }}
                onFinish={(v) =>
                  void run(async () => {
                    await post(`/api/v1/supervision/referrals/${encodeURIComponent(id)}/decision`, v);
                    d.reload();
                    onDone();
                  })
                }
              >
                <Form.Item name="outcome" label={t('sup.outcome')} rules={[{ required: true }]}>
                  <Select
                    options={[
                      { value: 'upheld', label: t('sup.upheld') },
                      { value: 'changed', label: t('sup.changed') },
                      { value: 'revoked', label: t('sup.revoked') },
                    ]}
                  />
                </Form.Item>
                {outcome === 'changed' ? (
                  <Form.Item name="forms" label={t('sup.forms')} rules={[{ required: true }]}>
                    <Select mode="multiple" optionFilterProp="label" options={legal.formIds.map((f) => ({ value: f, label: `${f} ${legal.forms[f] ?? ''}` }))} />
                  </Form.Item>
                ) : null}
                {outcome === 'changed' ? (
                  <Form.Item name="compensationFen" label={t('sup.compensation')}>
                    <FenInput />
                  </Form.Item>
                ) : null}
                <Form.Item name="decidedOn" label={t('sup.decidedOn')} rules={[{ required: true }]}>
                  <DateInput />
                </Form.Item>
                <Form.Item name="reason" label={t('sup.reason')} rules={[{ required: true }]}>
                  <Input.TextArea rows={4} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="supervision-submit">
                  {t('common.submit')}
                </Button>
              </Form>
            </Card>
          ) : (
            <Alert type="success" showIcon title={`${t(`sup.${d.data.outcome}` as 'sup.upheld')} · ${formatDate(d.data.outcomeOn, lang)}${d.data.executedOn ? ` · ${t('sup.executed')} ${formatDate(d.data.executedOn, lang)}` : ''}`} description={d.data.outcomeReason} />
          )}
        </Space>
      ) : (
        <Card loading />
      )}
      </div>
    </Drawer>
  );
}

export default function SupervisionPage() {
  const { t, lang } = useI18n();
  const list = useApi<{ body: string | null; bodyName: string | null; items: Referral[] }>('/api/v1/supervision/referrals');
  const [open, setOpen] = useState<string | null>(null);
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card title={`${t('sup.title')}${list.data?.bodyName ? ` · ${list.data.bodyName}` : ''}`} data-testid="supervision-page">
      {list.data && !list.data.body ? <Alert type="warning" showIcon title={t('sup.noBody')} /> : null}
      <Table
        rowKey="id"
        loading={list.loading && !list.data}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('sup.case'), dataIndex: 'caseNumber', render: (n: string, r: Referral) => <ActionLink onClick={() => setOpen(r.id)} data-testid={`referral-open-${r.id}`}>{n}</ActionLink> },
          { title: t('sup.appellant'), dataIndex: 'appellantName' },
          { title: t('sup.letter'), dataIndex: 'letterNo' },
          { title: t('sup.sentOn'), dataIndex: 'sentOn', render: (v: string) => formatDate(v, lang) },
          { title: t('sup.outcome'), dataIndex: 'outcome', render: (o: Referral['outcome']) => <Tag color={o === 'pending' ? 'orange' : 'green'}>{t(`sup.${o}` as 'sup.pending')}</Tag> },
          { title: t('sup.executed'), dataIndex: 'executedOn', render: (v: string | null) => formatDate(v, lang) },
        ]}
      />
      {open ? <ReferralDrawer id={open} onClose={() => setOpen(null)} onDone={list.reload} /> : null}
    </Card>
  );
}
