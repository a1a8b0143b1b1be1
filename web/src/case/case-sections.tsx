// The case page's header parts and overview. Each section renders only what the API sent: a subject's view of the
// case has no report text, evidence, other subjects' findings or meeting opinions, and nothing
// here fills such gaps.
import { useState } from 'react';
import { Button, Card, Descriptions, List, Space, Steps, Tag, Typography } from 'antd';
import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { CITATION_LABELS } from '../../../src/domain/cases/citations';
import { useI18n } from '../i18n/i18n';
import { get } from '../lib/api';
import { EP } from '../lib/endpoints';
import { formatDate } from '../lib/dates';
import { Cite } from '../components/citation';
import { ErrorAlert } from '../components/error-alert';
import { CHANNEL_LABELS, MAIN_PATH, SOURCE_LABELS, STEP_LABELS } from './labels';
import type { CaseView, ReporterOut } from './types';

export function LifecycleSteps({ c }: { c: CaseView }) {
  const { term, pick } = useI18n();
  const idx = MAIN_PATH.indexOf(c.state as (typeof MAIN_PATH)[number]);
  const ended = idx < 0;
  // An ended case (not accepted, transferred, not registered) stops after the last step it took.
  const reached = ended ? (c.registeredOn ? 2 : c.acceptedOn ? 1 : 0) : idx;
  return (
    <Steps
      size="small"
      current={reached}
      status={ended ? 'error' : c.state === 'closed' ? 'finish' : 'process'}
      items={MAIN_PATH.map((s, i) => ({ title: pick(STEP_LABELS[s]!), content: ended && i === reached ? term({ zh: c.stateLabelZh, en: c.stateLabelEn }) : undefined }))}
      data-testid="lifecycle"
    />
  );
}

/** The reporter line's content (clerks only: the API sends `reporter` to no one else). */
function ReporterContent({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const [data, setData] = useState<ReporterOut['reporter'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!c.reporter?.present) return null;
  return (
    <>
      {c.reporter.anonymous ? (
        <Tag>{t('casePage.reporterAnonymous')}</Tag>
      ) : data ? (
        <Space wrap data-testid="reporter-identity">
          <span>{data.name}</span>
          {data.organisation ? <span>{data.organisation}</span> : null}
          {data.phone ? <span>{data.phone}</span> : null}
          {data.idNumber ? <span>{data.idNumber}</span> : null}
          {data.address ? <span>{data.address}</span> : null}
          {data.email ? <span>{data.email}</span> : null}
        </Space>
      ) : (
        <Space orientation="vertical" size={4}>
          <Space>
            <Tag icon={<LockOutlined />}>{t('casePage.reporterNamed')}</Tag>
            <Button
              size="small"
              icon={<EyeOutlined />}
              data-testid="reporter-show"
              onClick={() =>
                get<ReporterOut>(EP.caseReporter(c.id))
                  .then((r) => setData(r.reporter))
                  .catch(setError)
              }
            >
              {t('casePage.reporterShow')}
            </Button>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('casePage.reporterHint')}
          </Typography.Text>
          {error ? <ErrorAlert error={error} /> : null}
        </Space>
      )}
    </>
  );
}

export function OverviewSection({ c }: { c: CaseView }) {
  const { t, lang, term, pick } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={2} styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('case.source')}>{term(SOURCE_LABELS[c.source] ?? { zh: c.source, en: c.source })}</Descriptions.Item>
        <Descriptions.Item label={t('case.channel')}>{c.channel ? term(CHANNEL_LABELS[c.channel] ?? { zh: c.channel, en: c.channel }) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.receivedOn')}>{formatDate(c.receivedOn, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('casePage.keyDates')}>
          <Space wrap size={4}>
            {(
              [
                ['casePage.acceptedOn', c.acceptedOn],
                ['casePage.registeredOn', c.registeredOn],
                ['casePage.investigationStartedOn', c.investigationStartedOn],
                ['casePage.decidedOn', c.decidedOn],
                ['casePage.closedOn', c.closedOn],
              ] as const
            )
              .filter(([, d]) => d)
              .map(([k, d]) => (
                <Tag key={k}>
                  {t(k)} {formatDate(d, lang)}
                </Tag>
              ))}
          </Space>
        </Descriptions.Item>
        {c.wc5 ? (
          <Descriptions.Item label={t('casePage.wc5')} span={2}>
            <Cite id={c.wc5.citation} /> {CITATION_LABELS[c.wc5.citation]} · {t('casePage.ref')}：{c.wc5.referenceNo ?? '—'}
            {c.wc5.referenceDate ? `（${formatDate(c.wc5.referenceDate, lang)}）` : ''}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('case.summary')} span={2}>
          {c.summary !== null ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{c.summary}</Typography.Paragraph> : <Typography.Text type="secondary">{t('casePage.hidden')}</Typography.Text>}
        </Descriptions.Item>
        {/* `reporter` is sent only to clerks (reporter.read); no one else gets this line. */}
        {c.reporter?.present ? (
          <Descriptions.Item label={t('casePage.reporter')} span={2}>
            <ReporterContent c={c} />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('case.subjects')} span={2}>
          {c.subjects.length ? c.subjects.map((s) => <Tag key={s.personId}>{s.unitName ? `${s.name}（${s.unitName}）` : s.name}</Tag>) : '—'}
        </Descriptions.Item>
        {c.team.length ? (
          <Descriptions.Item label={t('casePage.team')} span={2}>
            {c.team.map((m) => (
              <Tag key={m.userId} color={m.lead ? 'blue' : undefined}>
                {m.displayName}
                {m.lead ? ` · ${t('casePage.teamLead')}` : ''}
              </Tag>
            ))}
          </Descriptions.Item>
        ) : null}
        {c.endReason ? (
          <Descriptions.Item label={t('casePage.endReason')} span={2}>
            {c.endReason}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {c.replies?.length ? (
        <Card size="small" title={t('casePage.replies')}>
          <List
            size="small"
            dataSource={c.replies}
            renderItem={(r) => (
              <List.Item>
                <Space align="start">
                  <Tag>{formatDate(r.repliedOn, lang)}</Tag>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{r.text}</span>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {lang === 'en' ? <Typography.Text type="secondary">{pick({ zh: '', en: 'Legal terms keep their Chinese original.' })}</Typography.Text> : null}
    </Space>
  );
}
