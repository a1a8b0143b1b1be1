// The case page's header parts and overview. Each section renders only what the API sent: a subject's view of the
// case has no report text, evidence, other subjects' findings or meeting opinions, and nothing
// here fills such gaps.
import { Card, Descriptions, List, Space, Steps, Tag, Typography } from 'antd';
import { useLegal } from '../lib/legal';
import { useI18n } from '../i18n/i18n';
import { formatDate } from '../lib/dates';
import { Cite } from '../components/citation';
import { CHANNEL_LABELS, MAIN_PATH, SOURCE_LABELS, STEP_LABELS } from './labels';
import type { CaseView } from './types';
import { ReporterIdentity, RetaliationWarning } from './reporter-identity';

export function LifecycleSteps({ c }: { c: CaseView }) {
  const { term, pick } = useI18n();
  const idx = MAIN_PATH.indexOf(c.state as (typeof MAIN_PATH)[number]);
  const ended = idx < 0;
  // An ended case (not accepted, transferred, not registered) stops after the last step it took.
  const reached = ended ? (c.registeredOn ? 2 : c.acceptedOn ? 1 : 0) : idx;
  return (
    <Steps
      size="small"
      // eleven steps in one row: the titles go under the numbers so no word is broken (English)
      titlePlacement="vertical"
      current={reached}
      status={ended ? 'error' : c.state === 'closed' ? 'finish' : 'process'}
      items={MAIN_PATH.map((s, i) => ({ title: pick(STEP_LABELS[s]!), content: ended && i === reached ? term({ zh: c.stateLabelZh, en: c.stateLabelEn }) : undefined }))}
      data-testid="lifecycle"
    />
  );
}

export function OverviewSection({ c }: { c: CaseView }) {
  const legal = useLegal();
  const { t, lang, term, pick } = useI18n();
  const keyDates = (
    [
      ['casePage.acceptedOn', c.acceptedOn],
      ['casePage.registeredOn', c.registeredOn],
      ['casePage.investigationStartedOn', c.investigationStartedOn],
      ['casePage.decidedOn', c.decidedOn],
      ['casePage.closedOn', c.closedOn],
    ] as const
  ).filter(([, d]) => d);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <RetaliationWarning caseId={c.id} />
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('case.source')}>{term(SOURCE_LABELS[c.source] ?? { zh: c.source, en: c.source })}</Descriptions.Item>
        <Descriptions.Item label={t('case.channel')}>{c.channel ? term(CHANNEL_LABELS[c.channel] ?? { zh: c.channel, en: c.channel }) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.receivedOn')}>{formatDate(c.receivedOn, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('casePage.keyDates')}>
          {/* a case just received has none yet: a dash, not an empty cell that looks like missing data */}
          {keyDates.length ? (
            <Space wrap size={4} data-testid="key-dates">
              {keyDates.map(([k, d]) => (
                <Tag key={k}>
                  {t(k)} {formatDate(d, lang)}
                </Tag>
              ))}
            </Space>
          ) : (
            <span data-testid="key-dates">—</span>
          )}
        </Descriptions.Item>
        {c.wc5 ? (
          <Descriptions.Item label={t('casePage.wc5')} span={2}>
            <Cite id={c.wc5.citation} /> {legal.citationLabels[c.wc5.citation]} · {t('casePage.ref')}：{c.wc5.referenceNo ?? '—'}
            {c.wc5.referenceDate ? `（${formatDate(c.wc5.referenceDate, lang)}）` : ''}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('case.summary')} span={2}>
          {c.summary !== null ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{c.summary}</Typography.Paragraph> : <Typography.Text type="secondary">{t('casePage.hidden')}</Typography.Text>}
        </Descriptions.Item>
        {/* `reporter` is sent only to clerks (reporter.read); no one else gets this line. */}
        {c.reporter?.present ? (
          <Descriptions.Item label={t('casePage.reporter')} span={2}>
            <ReporterIdentity c={c} />
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
