// The rules engine's recommendation, as the decision body reads it before deciding: for each
// subject the responsibility (FL-8), the treatment (FL-9/FL-10, WC-7/WC-8), the permitted range
// on the one ordered ladder of forms, the consequences that must follow (FL-12, FL-13, FL-14),
// and the warnings (e.g. State Compensation Law art. 16 limiting FL-13). Every line carries its
// citations; each citation shows the original Chinese article text on hover or click.
import { Alert, Card, Collapse, Descriptions, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import type { FormRange, FormRef, ResponsibilityLevel, Treatment } from '../../../src/rules/types';
import type { Recommendation, SubjectRecommendation, EvaluatedRecommendation } from '../../../src/rules/schema';
import { useI18n } from '../i18n/i18n';
import { Cite, Cites, CitationProvider, type CitationText } from './citation';

export type { Recommendation, SubjectRecommendation };
type MandatoryConsequence = SubjectRecommendation['mandatory'][number];

export interface RecommendationExtras {
  /** the pack's whole ladder, lightest first, to place the range on it */
  ladder?: readonly FormRef[];
  /** original texts of citations, beyond those the trace carries */
  citations?: Record<string, CitationText>;
}

const RESP_COLOR: Record<ResponsibilityLevel, string> = { primary: 'red', accountable: 'volcano', as_appropriate: 'orange', none: 'default' };
const TREAT_COLOR: Record<Treatment, string> = { lighter_or_exempt: 'green', lighter: 'cyan', normal: 'blue', heavier: 'magenta' };

function textsOf(rec: Recommendation, extra?: Record<string, CitationText>): Record<string, CitationText> {
  const out: Record<string, CitationText> = {};
  for (const l of rec.trace) if (l.textZh && !out[l.ruleId]) out[l.ruleId] = { textZh: l.textZh };
  return { ...out, ...(extra ?? {}) };
}

export function Ladder({ range, ladder }: { range: FormRange; ladder?: readonly FormRef[] }) {
  const { t, term } = useI18n();
  const rungs = ladder && ladder.length ? ladder : range.permitted;
  const permitted = new Set(range.permitted.map((f) => f.id));
  return (
    <div data-testid="ladder">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'stretch' }}>
        <Tooltip title={t('rec.exemptionAvailable')}>
          <div
            data-testid="rung-exempt"
            data-permitted={range.exemptionAvailable ? 'true' : 'false'}
            style={rungStyle(range.exemptionAvailable)}
          >
            {range.exemptionAvailable ? '免于追究 ✓' : '免于追究'}
          </div>
        </Tooltip>
        {rungs.map((f) => (
          <Tooltip key={f.id} title={<Cites ids={f.citations} />}>
            <div data-testid={`rung-${f.id}`} data-permitted={permitted.has(f.id) ? 'true' : 'false'} style={rungStyle(permitted.has(f.id))}>
              <div style={{ fontSize: 11, opacity: 0.75 }}>{f.rung}</div>
              {term(f)}
            </div>
          </Tooltip>
        ))}
      </div>
    </div>
  );
}

function rungStyle(on: boolean): React.CSSProperties {
  return {
    padding: '4px 8px',
    borderRadius: 4,
    fontSize: 12,
    maxWidth: 150,
    lineHeight: 1.35,
    border: `1px solid ${on ? '#1f4e8c' : '#d9d9d9'}`,
    background: on ? '#e6eefa' : '#fafafa',
    color: on ? '#14284b' : '#666',
    fontWeight: on ? 600 : 400,
  };
}

function Consequence({ m }: { m: MandatoryConsequence }) {
  const { t, pick } = useI18n();
  return (
    <li data-testid="mandatory">
      {pick(m)} <Cites ids={m.ruleIds} color="purple" />
      {m.conditional ? <Tag>{t('rec.conditional')}</Tag> : null}
      {m.year ? <Tag>{m.year}</Tag> : null}
    </li>
  );
}

function SubjectCard({ s, rec, ladder }: { s: SubjectRecommendation; rec: EvaluatedRecommendation; ladder?: readonly FormRef[] }) {
  const { t, term, pick } = useI18n();
  const warnings = rec.warnings.filter((w) => w.subjectId === s.subjectId);
  return (
    <Card size="small" title={s.name} style={{ marginBottom: 12 }} data-testid={`rec-subject-${s.subjectId}`}>
      {s.conflict ? (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t('rec.conflict')} description={<>{pick(s.conflict)} <Cites ids={s.conflict.ruleIds} /></>} />
      ) : null}
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 150 } }}>
        <Descriptions.Item label={t('rec.responsibility')}>
          <Tag color={RESP_COLOR[s.responsibility as ResponsibilityLevel]} data-testid="responsibility">
            {t(`resp.${s.responsibility}`)}
          </Tag>
          <Cites ids={s.responsibilityBasis} />
        </Descriptions.Item>
        {s.band !== 'ordinary' ? (
          <Descriptions.Item label={t('rec.band')}>
            {t(`band.${s.band}`)} <Cites ids={s.bandBasis} />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('rec.treatment')}>
          {s.treatment ? (
            <Tag color={TREAT_COLOR[s.treatment as Treatment]} data-testid="treatment">
              {t(`treat.${s.treatment}`)}
            </Tag>
          ) : (
            '—'
          )}
          <Cites ids={s.treatmentBasis} />
        </Descriptions.Item>
        <Descriptions.Item label={t('rec.range')}>
          {s.forms ? (
            <Space orientation="vertical" size={6} style={{ width: '100%' }}>
              <div data-testid="range-text">
                {s.forms.min ? term(s.forms.min) : s.forms.exemptionAvailable ? '免于追究' : '—'}
                {s.forms.max && s.forms.max.id !== s.forms.min?.id ? ` — ${term(s.forms.max)}` : ''}{' '}
                <Cites ids={s.forms.citations} />
              </div>
              <Ladder range={s.forms} ladder={ladder} />
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {s.mandatory.length ? (
          <Descriptions.Item label={t('rec.mandatory')}>
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {s.mandatory.map((m, i) => (
                <Consequence key={i} m={m} />
              ))}
            </ul>
          </Descriptions.Item>
        ) : null}
        {s.compensation ? (
          <Descriptions.Item label={t('rec.compensation')}>
            {s.compensation.recoverable
              ? t('rec.compRecoverable', { share: `${s.compensation.indicativeAmountYuan.toLocaleString('zh-CN')} 元`, upTo: `${s.compensation.upToYuan.toLocaleString('zh-CN')} 元` })
              : t('rec.compNotRecoverable')}{' '}
            <Cites ids={s.compensation.ruleIds} />
            {/* Why recovery is or is not allowed from this person (SCL-16); absent on older receipts. */}
            {(s.compensation as { reason?: { zh: string; en: string } }).reason ? (
              <div data-testid="rec-compensation-reason">{pick((s.compensation as { reason: { zh: string; en: string } }).reason)}</div>
            ) : null}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {warnings.map((w, i) => (
        <Alert
          key={i}
          // Ranked by the engine: error / needs attention / note (older receipts: attention).
          type={(w as { severity?: string }).severity === 'error' ? 'error' : (w as { severity?: string }).severity === 'note' ? 'info' : 'warning'}
          showIcon
          style={{ marginTop: 8 }}
          data-testid="rec-warning"
          title={pick(w)}
          description={<Cites ids={w.ruleIds} color="orange" />}
        />
      ))}
      <PolicyNotes notes={(rec.policies ?? []).filter((n) => n.subjectId === s.subjectId)} />
    </Card>
  );
}

type PolicyNote = NonNullable<EvaluatedRecommendation['policies']>[number];

/**
 * Issue 10 point 12: a result moved by a policy parameter of the pack, labelled 政策参数 / policy,
 * with the result by the text alone beside it (absent on older receipts).
 */
function PolicyNotes({ notes }: { notes: readonly PolicyNote[] }) {
  const { lang, pick } = useI18n();
  if (!notes.length) return null;
  return (
    <>
      {notes.map((n, i) => (
        <Alert
          key={i}
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="rec-policy"
          title={
            <>
              <Tag color="purple" data-testid="rec-policy-label">
                {lang === 'zh' ? '政策参数' : 'Policy parameter'}
              </Tag>
              {pick(n.policy)}
            </>
          }
          description={
            <>
              <div data-testid="rec-policy-text-only">
                {lang === 'zh' ? '仅依条文：' : 'By the text alone: '}
                {pick(n.textOnly)}
              </div>
              <Typography.Text type="secondary">
                {lang === 'zh' ? '参数' : 'Parameter'} {n.parameter}
              </Typography.Text>{' '}
              <Cites ids={n.ruleIds} color="purple" />
            </>
          }
        />
      ))}
    </>
  );
}

/** Participants no allocation rule names (FL-8): listed together, with the basis. */
function NotNamed({ subjects }: { subjects: readonly SubjectRecommendation[] }) {
  const { t } = useI18n();
  if (!subjects.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={t('rec.notNamed')} data-testid="rec-not-named">
      <Space wrap>
        {subjects.map((s) => (
          <span key={s.subjectId} data-testid={`rec-subject-${s.subjectId}`}>
            <Tag data-testid="responsibility">{s.name}</Tag>
            <Cites ids={s.responsibilityBasis} />
          </span>
        ))}
      </Space>
    </Card>
  );
}

/**
 * Issue 7 point 4: people in the engine's facts who are not subjects of this case with a finding
 * (e.g. an approver of the original case): shown as 非本案被调查人, never as accountable.
 */
function NotSubjects({ subjects }: { subjects: readonly SubjectRecommendation[] }) {
  const { t } = useI18n();
  if (!subjects.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={t('rec.notSubject')} data-testid="rec-not-subject">
      <Space wrap>
        {subjects.map((s) => (
          <Tag key={s.subjectId} data-testid={`rec-not-subject-${s.subjectId}`}>
            {s.name}
          </Tag>
        ))}
      </Space>
    </Card>
  );
}

export function RecommendationPanel({ rec, ladder, citations, caseSubjectIds }: { rec: Recommendation | null | undefined; caseSubjectIds?: readonly string[] | undefined } & RecommendationExtras) {
  const { t, pick } = useI18n();
  if (!rec) return <Empty description={t('rec.none')} />;
  const caseWarnings = rec.warnings.filter((w) => !w.subjectId);
  return (
    <CitationProvider texts={textsOf(rec, citations)}>
      <div data-testid="recommendation-panel">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('rec.engineNote')}
          {rec.status !== 'no_rules_in_force' ? (
            <Tag style={{ marginInlineStart: 8 }} data-testid="rec-pack">
              {t('rec.pack')} {pick(rec.pack.title)} ({rec.pack.id})
            </Tag>
          ) : null}
        </Typography.Paragraph>
        <Alert type={rec.status === 'ok' ? 'info' : 'error'} showIcon style={{ marginBottom: 12 }} data-testid="rec-explanation" title={pick(rec.explanation)} />
        {caseWarnings.map((w, i) => (
          <Alert key={i} type="warning" showIcon style={{ marginBottom: 8 }} data-testid="rec-warning" title={pick(w)} description={<Cites ids={w.ruleIds} color="orange" />} />
        ))}
        {rec.status !== 'no_rules_in_force' ? <PolicyNotes notes={(rec.policies ?? []).filter((n) => !n.subjectId)} /> : null}
        {rec.status !== 'no_rules_in_force' && rec.caseConsequences.length ? (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={t('rec.mandatory')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {rec.caseConsequences.map((m, i) => (
                  <Consequence key={i} m={m} />
                ))}
              </ul>
            }
          />
        ) : null}
        {rec.status !== 'no_rules_in_force' ? (
          <>
            {rec.subjects
              .filter((s) => (s.responsibility !== 'none' || s.conflict) && (!caseSubjectIds || caseSubjectIds.includes(s.subjectId)))
              .map((s) => (
                <SubjectCard key={s.subjectId} s={s} rec={rec} ladder={ladder} />
              ))}
            <NotNamed subjects={rec.subjects.filter((s) => s.responsibility === 'none' && !s.conflict && (!caseSubjectIds || caseSubjectIds.includes(s.subjectId)))} />
            {caseSubjectIds ? <NotSubjects subjects={rec.subjects.filter((s) => !caseSubjectIds.includes(s.subjectId))} /> : null}
          </>
        ) : null}
        <Collapse
          size="small"
          items={[
            {
              key: 'trace',
              label: `${t('rec.trace')} (${rec.trace.length})`,
              children: (
                <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="rec-trace">
                  {rec.trace.map((l, i) => (
                    <li key={i} style={{ marginBottom: 4, color: l.outcome === 'not_applied' || l.outcome === 'overridden' ? '#666' : undefined }}>
                      <Cite id={l.ruleId} /> <Tag>{t(`trace.${l.outcome}`)}</Tag>
                      {l.subjectId ? <Typography.Text type="secondary">[{(rec.status !== 'no_rules_in_force' ? rec.subjects.find((s) => s.subjectId === l.subjectId)?.name : null) ?? l.subjectId}] </Typography.Text> : null}
                      {pick(l)}
                    </li>
                  ))}
                </ol>
              ),
            },
          ]}
        />
      </div>
    </CitationProvider>
  );
}
