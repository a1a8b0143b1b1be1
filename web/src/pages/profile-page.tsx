// The officer profile (人员档案): posts over time, certificates with history, original cases
// taken part in with WC-5 outcomes, accountability cases as subject, decisions and execution,
// FL-14 award bars and alerts — as much as the server lets this viewer see; Excel export.
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { download } from '../lib/api';
import { formatDate, formatDateTime } from '../lib/dates';
import { useLegal } from '../lib/legal';
import { formatFen } from '../lib/money';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import { LEVEL_COLORS } from './alerts-page';
import { useRegisterLabels } from '../registers/common';

interface Profile {
  person: { id: string; name: string; unitName: string; post: string | null; employeeNo: string | null; active: boolean };
  posts: { effectiveDate: string; fromUnitName: string | null; toUnitName: string | null; fromPost: string | null; toPost: string | null; reason: string }[];
  certificates: { id: string; number: string; validFrom: string; validTo: string | null; statusOn: string; history: { effectiveDate: string; fromStatus: string; toStatus: string; reason: string }[] }[];
  originalCases: { caseId: string; number: string; title: string; decisionDate: string; roles: string[]; outcomes: { source: string; referenceNo: string; referenceDate: string }[] }[];
  accountabilityCases: { caseId: string; number: string; stateLabel: { zh: string; en: string }; receivedOn: string; decidedOn: string | null; closedOn: string | null }[];
  sanctions: { caseId: string; caseNumber: string; decidedOn: string; noAccountability: boolean; forms: string[]; status: string }[];
  execution: { caseNumber: string; kind: string; citation: string; year: number | null; amountFen?: number | null; status: string; doneOn: string | null }[];
  awardBars: { caseNumber: string; year: number | null; status: string }[];
  importedHistory: { decisionId: string; caseNumber: string; title: string | null; decidedOn: string; noAccountability: boolean; forms: string[]; awardBarYear: number | null; imported: true }[] | null;
  alerts: { id: string; level: 'notice' | 'yellow' | 'red'; titleZh: string; titleEn: string; status: string; raisedAt: string }[] | null;
}

const none = (t: (k: 'profile.none') => string) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.none')} />;

export default function ProfilePage() {
  const params = useParams();
  const { me } = useSession();
  const { t, lang, term } = useI18n();
  const legal = useLegal();
  // /profile/me: the signed-in person's own profile (a subject reaches theirs this way)
  const id = params.id ?? me?.user.personId ?? '';
  const p = useApi<Profile>(id ? `/api/v1/people/${encodeURIComponent(id)}/profile` : null);
  const [error, setError] = useState<unknown>(null);
  const labels = useRegisterLabels();
  const d = p.data;
  if (!id) return <Empty description={t('profile.noPerson')} />;
  if (p.error && !d) return <LoadError error={p.error} onRetry={p.reload} />;
  if (!d) return <Card loading />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="profile-page">
      <Card
        title={`${t('profile.title')} · ${d.person.name}`}
        extra={<Button onClick={() => void download(`/api/v1/people/${d.person.id}/profile.xlsx`, `${d.person.name}.xlsx`).catch(setError)}>{t('profile.export')}</Button>}
      >
        <ErrorAlert error={error} />
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('camp.unit')}>{d.person.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('reg.post')}>{d.person.post ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('reg.employeeNo')}>{d.person.employeeNo ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      {d.alerts ? (
        <Card size="small" title={t('profile.alerts')}>
          {d.alerts.length
            ? d.alerts.map((a) => (
                <div key={a.id}>
                  <Tag color={LEVEL_COLORS[a.level]}>{t(`alert.level.${a.level}`)}</Tag>
                  {lang === 'zh' ? a.titleZh : a.titleEn} <Typography.Text type="secondary">{formatDateTime(a.raisedAt, lang)}</Typography.Text>
                </div>
              ))
            : none(t)}
        </Card>
      ) : null}
      <Card size="small" title={t('profile.cases')}>
        {d.accountabilityCases.length ? (
          <Table
            rowKey="caseId"
            size="small"
            pagination={false}
            dataSource={d.accountabilityCases}
            data-testid="profile-cases"
            columns={[
              { title: t('camp.caseNumber'), dataIndex: 'number', render: (n: string, c) => <Link to={`/cases/${c.caseId}`}>{n}</Link> },
              { title: t('camp.status'), dataIndex: 'stateLabel', render: (s: Profile['accountabilityCases'][number]['stateLabel']) => term(s) },
              { title: t('camp.decisionDate'), dataIndex: 'decidedOn', render: (x: string | null) => formatDate(x, lang) || '—' },
            ]}
          />
        ) : (
          none(t)
        )}
      </Card>
      <Card size="small" title={`${t('profile.sanctions')} / ${t('profile.execution')}`}>
        {d.sanctions.length || d.execution.length ? (
          <Timeline
            items={[
              ...d.sanctions.map((s, i) => ({ key: `s${i}`, content: `${formatDate(s.decidedOn, lang)} ${s.caseNumber}：${s.noAccountability ? t('profile.noAccountability') : s.forms.join('、')}${s.status === 'in_force' ? '' : '（已被变更）'}` })),
              ...d.execution.map((e, i) => ({ key: `e${i}`, color: e.status === 'done' ? 'green' : 'gray', content: `${e.caseNumber}：${legal.executionKinds[e.kind] ? term(legal.executionKinds[e.kind]!) : e.kind}（${e.citation}）${e.year ? ` ${e.year}` : ''}${e.amountFen ? ` · ${formatFen(e.amountFen)}` : ''} · ${e.status}${e.doneOn ? ` ${formatDate(e.doneOn, lang)}` : ''}` })),
            ]}
          />
        ) : (
          none(t)
        )}
      </Card>
      {d.importedHistory ? (
        <Card size="small" title={t('profile.imported')} data-testid="profile-imported">
          {d.importedHistory.length ? (
            <>
              <Typography.Paragraph type="secondary">{t('profile.importedHint')}</Typography.Paragraph>
              <Table
                rowKey="decisionId"
                size="small"
                pagination={false}
                dataSource={d.importedHistory}
                columns={[
                  {
                    title: t('camp.caseNumber'),
                    dataIndex: 'caseNumber',
                    render: (n: string) => (
                      <span>
                        {n} <Tag color="gold">{t('profile.importedTag')}</Tag>
                      </span>
                    ),
                  },
                  { title: t('camp.decisionDate'), dataIndex: 'decidedOn', render: (x: string) => formatDate(x, lang) },
                  { title: t('profile.sanctions'), dataIndex: 'forms', render: (f: string[], h) => (h.noAccountability ? t('profile.noAccountability') : f.join('、')) },
                  { title: t('profile.awardBars'), dataIndex: 'awardBarYear', render: (y: number | null) => y ?? '—' },
                ]}
              />
            </>
          ) : (
            none(t)
          )}
        </Card>
      ) : null}
      <Card size="small" title={t('profile.awardBars')}>
        {d.awardBars.length ? d.awardBars.map((b, i) => <Tag key={i} color="red">{`${b.year ?? ''} · ${b.caseNumber} · ${b.status}`}</Tag>) : none(t)}
      </Card>
      <Card size="small" title={t('profile.originalCases')}>
        <Table
          rowKey="caseId"
          size="small"
          pagination={false}
          dataSource={d.originalCases}
          columns={[
            { title: t('camp.caseNumber'), dataIndex: 'number' },
            { title: t('camp.caseTitle'), dataIndex: 'title' },
            { title: t('camp.decisionDate'), dataIndex: 'decisionDate', render: (x: string) => formatDate(x, lang) },
            { title: t('profile.outcomes'), dataIndex: 'outcomes', render: (o: Profile['originalCases'][number]['outcomes']) => o.map((x) => <Tag key={x.referenceNo} color="volcano">{`${x.source} ${x.referenceNo}`}</Tag>) },
          ]}
        />
      </Card>
      <Card size="small" title={t('profile.certificates')}>
        {d.certificates.length
          ? d.certificates.map((c) => (
              <div key={c.id} style={{ marginBottom: 8 }}>
                <Typography.Text strong>{c.number}</Typography.Text> {formatDate(c.validFrom, lang)} — {c.validTo ? formatDate(c.validTo, lang) : '长期'} <Tag>{term(labels?.certificateStatuses[c.statusOn] ?? { zh: c.statusOn, en: c.statusOn })}</Tag>
                {c.history.map((h, i) => (
                  <div key={i} style={{ marginInlineStart: 16 }}>
                    {`${formatDate(h.effectiveDate, lang)} ${term(labels?.certificateStatuses[h.fromStatus] ?? { zh: h.fromStatus, en: h.fromStatus })} → ${term(labels?.certificateStatuses[h.toStatus] ?? { zh: h.toStatus, en: h.toStatus })} · ${h.reason}`}
                  </div>
                ))}
              </div>
            ))
          : none(t)}
      </Card>
      <Card size="small" title={t('profile.posts')}>
        {d.posts.length ? (
          <Timeline items={d.posts.map((x, i) => ({ key: i, content: `${formatDate(x.effectiveDate, lang)} ${x.fromUnitName ?? ''} ${x.fromPost ?? ''} → ${x.toUnitName ?? ''} ${x.toPost ?? ''} · ${x.reason}` }))} />
        ) : (
          none(t)
        )}
      </Card>
    </Space>
  );
}
