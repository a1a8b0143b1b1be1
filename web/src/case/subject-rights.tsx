// What the subject sees before 陈述申辩 (WC-11; issue 7 point 6): the findings about them, the
// evidence disclosed to them (and what they handed in), the decision with its reasons and basis
// (each cited article with its Chinese text), and the deadline to respond. The server's one
// visibility policy decides what is in the case view; this card only shows it.
import { Alert, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { fontFamilyFor } from '../i18n/fonts';
import { formatDate } from '../lib/dates';
import { EVIDENCE_KIND_LABELS } from './labels';
import { useLegal } from '../lib/legal';
import type { CaseView } from './types';
import { useEvidencePages } from './evidence-pages';
import { LoadMore } from './load-more';

/** The forms decided, each with its words (FL-6(1) 批评教育或在一定范围内通报批评): the officer reads what was decided, not a code. */
export function formsText(forms: readonly string[], words: Record<string, string>): string {
  return forms.map((f) => (words[f] ? `${f} ${words[f]}` : f)).join('；');
}

export function SubjectRightsCard({ c }: { c: CaseView }) {
  const { t, pick, lang } = useI18n();
  const legal = useLegal();
  const decision = c.decisions.find((d) => d.status === 'in_force');
  const items = decision?.items ?? [];
  // WC-11: every item disclosed to the subject, the newest page first and the rest on request
  const evidence = useEvidencePages(c);
  return (
    <Card title={t('subject.rightsTitle')} size="small" data-testid="subject-rights">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {c.respondBy?.waived ? (
          <Alert
            type="info"
            showIcon
            data-testid="subject-waived"
            title={t('subject.waived', { date: formatDate(c.respondBy.notifiedOn, lang) })}
            description={`${t('subject.waiverNote')}：${c.respondBy.waiverNote ?? '—'} · ${t('subject.waivedEffect')} · ${c.respondBy.citation}`}
          />
        ) : c.respondBy ? (
          <Alert
            type="warning"
            showIcon
            data-testid="subject-deadline"
            title={t('subject.deadline', { date: formatDate(c.respondBy.dueDate, lang), days: String(c.respondBy.days) })}
            description={`${t('subject.servedOn')} ${formatDate(c.respondBy.notifiedOn, lang)} · ${c.respondBy.dayKind === 'working' ? t('subject.workingDays') : t('subject.calendarDays')} · ${c.respondBy.citation}`}
          />
        ) : null}
        <div>
          <Typography.Title level={5}>{t('subject.myFindings')}</Typography.Title>
          {c.findings.length ? (
            <List
              size="small"
              dataSource={c.findings}
              renderItem={(f) => (
                <List.Item data-testid="subject-finding">
                  <Space orientation="vertical" size={2}>
                    <Space wrap>
                      {(f.faults ?? []).map((x) => (
                        <Tag key={x} color="red">
                          {x}
                        </Tag>
                      ))}
                    </Space>
                    <Typography.Paragraph style={{ margin: 0 }}>{f.narrative}</Typography.Paragraph>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('subject.noFindings')} />
          )}
        </div>
        <div>
          <Typography.Title level={5}>{t('subject.disclosedEvidence')}</Typography.Title>
          <List
            size="small"
            dataSource={evidence.items}
            locale={{ emptyText: t('subject.noEvidence') }}
            renderItem={(e) => (
              <List.Item data-testid="subject-evidence">
                <Space wrap>
                  <Tag>{EVIDENCE_KIND_LABELS[e.kind] ? pick(EVIDENCE_KIND_LABELS[e.kind]!) : e.kind}</Tag>
                  <Typography.Text strong>{e.title}</Typography.Text>
                  <Typography.Text type="secondary">{formatDate(e.collectedOn, lang)}</Typography.Text>
                  {e.sourcePersonId ? <Tag color="blue">{t('subject.handedIn')}</Tag> : null}
                </Space>
              </List.Item>
            )}
          />
          {evidence.total > evidence.items.length ? <LoadMore shown={evidence.items.length} total={evidence.total} pages={evidence} /> : null}
        </div>
        <div>
          <Typography.Title level={5}>{t('subject.decision')}</Typography.Title>
          {items.length ? (
            items.map((it) => (
              <Descriptions key={it.subjectPersonId} size="small" column={1} bordered data-testid="subject-decision">
                <Descriptions.Item label={t('subject.decidedOn')}>{decision ? formatDate(decision.decidedOn, lang) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('subject.forms')}>{it.noAccountability ? t('subject.noAccountability') : formsText(it.forms, legal.forms)}</Descriptions.Item>
                <Descriptions.Item label={t('subject.reasons')}>{it.reason ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('subject.basis')}>
                  <Space orientation="vertical" size={4}>
                    {(it.basis ?? []).map((b) => (
                      <div key={b.citation}>
                        <Typography.Text strong>{b.articleZh}</Typography.Text>
                        <Typography.Text type="secondary"> {b.label}</Typography.Text>
                        {/* the article's Chinese words, in Chinese quotes and a Chinese font in the English UI too (i18n/fonts.ts) */}
                        {b.textZh ? (
                          <Typography.Paragraph lang="zh-CN" style={{ margin: 0, fontFamily: fontFamilyFor('zh') }}>
                            “{b.textZh}”
                          </Typography.Paragraph>
                        ) : null}
                      </div>
                    ))}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
            ))
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('subject.noDecision')} />
          )}
        </div>
      </Space>
    </Card>
  );
}
