// The case page: header with state, tracks and deadlines (countdown, days late, provisional),
// the lifecycle, the next steps the server allows this user (allowedActions — never a client
// copy of the rules), and the sections: overview and parties, original case, timeline, evidence,
// findings, recommendation, decisions, defence and appeals, execution.
import { lazy, Suspense, useState } from 'react';
import { App, Badge, Button, Card, Descriptions, Space, Tabs, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { ApiError, post } from '../lib/api';
import { useSession } from '../session/session';
import { ErrorAlert } from '../components/error-alert';
import { EP } from '../lib/endpoints';
import { formatDate, formatDateTime } from '../lib/dates';
import { useApi } from '../lib/use-api';
import { LoadError } from '../components/page-errors';
import { DeadlineDisplay } from '../components/deadline-display';
import { StateTag, TrackTags } from '../components/state-tag';
import { RecommendationPanel, type Recommendation } from '../components/recommendation-panel';
import { CitationProvider } from '../components/citation';
import { LifecycleSteps, OverviewSection } from '../case/case-sections';
import { ImpartialityPanel } from '../case/impartiality-panel';
import { MeetingsPanel } from '../case/meetings-panel';
import { SubjectRightsCard } from '../case/subject-rights';
import { ReporterThreadPanel } from '../case/reporter-thread-panel';
import { formatCitationZh } from '../../../src/lib/citation-format';

// The records behind the other tabs load when a tab is first opened.
const records = () => import('../case/case-records');
const OriginalCaseSection = lazy(() => records().then((m) => ({ default: m.OriginalCaseSection })));
const TimelineSection = lazy(() => records().then((m) => ({ default: m.TimelineSection })));
const EvidenceSection = lazy(() => records().then((m) => ({ default: m.EvidenceSection })));
const FindingsSection = lazy(() => records().then((m) => ({ default: m.FindingsSection })));
const DecisionsSection = lazy(() => records().then((m) => ({ default: m.DecisionsSection })));
const AppealsSection = lazy(() => records().then((m) => ({ default: m.AppealsSection })));
const ExecutionSection = lazy(() => records().then((m) => ({ default: m.ExecutionSection })));
const DocumentsPanel = lazy(() => import('../case/documents-panel').then((m) => ({ default: m.DocumentsPanel })));
import type { AllowedAction, CaseView } from '../case/types';
import type { FormRef } from '../../../src/rules/types';

// The step forms (antd Form, date pickers, the server's zod schemas) load when a step is opened,
// so the case page itself stays light.
const ActionDrawer = lazy(() => import('../case/action-drawer').then((m) => ({ default: m.ActionDrawer })));

/** The stored rules-engine receipt (src/server/routes/cases-rules.ts). */
interface RecommendationReceipt {
  id: string;
  evaluatedAt: string;
  pack: { id: string; version: string; hash: string } | null;
  output: Recommendation;
  /** subjects with a current finding: the only people recommended for (issue 7 point 4) */
  findingSubjectIds?: string[];
}

function RecommendationTab({ c, rec, ladder, onEvaluated }: { c: CaseView; rec: ReturnType<typeof useApi<RecommendationReceipt>>; ladder?: readonly FormRef[]; onEvaluated: () => void }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missing = rec.error instanceof ApiError && rec.error.status === 404;
  const evaluate = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(EP.caseRecommendation(c.id));
      onEvaluated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const button = can('rules.evaluate') ? (
    <Button type="primary" ghost loading={busy} onClick={() => void evaluate()} data-testid="rec-evaluate">
      {rec.data ? t('rec.reevaluate') : t('rec.evaluate')}
    </Button>
  ) : null;
  if (rec.error && !missing) return <LoadError error={rec.error} onRetry={rec.reload} />;
  if (!rec.data && rec.loading) return <Card loading />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={error} />
      <Space>
        {button}
        {rec.data ? (
          <Typography.Text type="secondary">
            {t('rec.evaluatedAt')} {formatDateTime(rec.data.evaluatedAt, lang)}
          </Typography.Text>
        ) : null}
        {rec.data?.pack ? (
          <details data-testid="rec-pack-detail">
            <summary style={{ cursor: 'pointer', color: '#595959' }}>{t('error.details')}</summary>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rec.pack')} {rec.data.pack.id} ({rec.data.pack.version}) · {t('casePage.evHash')} {rec.data.pack.hash}
            </Typography.Text>
          </details>
        ) : null}
      </Space>
      <RecommendationPanel rec={rec.data?.output ?? null} ladder={ladder} caseSubjectIds={rec.data?.findingSubjectIds} />
    </Space>
  );
}

function Loading({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Card loading variant="borderless" />}>{children}</Suspense>;
}

export default function CasePage() {
  const { id = '' } = useParams();
  const { t, lang, pick } = useI18n();
  const session = useSession();
  const { can } = session;
  const { message } = App.useApp();
  const kase = useApi<CaseView>(EP.case(id));
  const [action, setAction] = useState<AllowedAction | null>(null);
  const [tab, setTab] = useState('overview');
  const c = kase.data;
  const seesFull = Boolean(c && c.summary !== null);
  const [recTick, setRecTick] = useState(0);
  const rec = useApi<RecommendationReceipt>(c && seesFull ? EP.caseRecommendation(id) : null, { v: c?.version, r: recTick });
  // The pack's whole ladder, so the permitted range is shown in place on it.
  const packId = rec.data?.pack?.id;
  const ladder = useApi<{ packId: string; items: FormRef[] }>(packId ? `/api/v1/rules/packs/${encodeURIComponent(packId)}/ladder` : null);

  if (kase.error && !c) return <LoadError error={kase.error} onRetry={kase.reload} />;
  if (!c) return <Card loading />;

  const actions = c.allowedActions;
  const tabs = [
    { key: 'overview', label: t('casePage.overview'), children: <OverviewSection c={c} /> },
    seesFull ? { key: 'original', label: t('casePage.original'), children: <Loading><OriginalCaseSection c={c} /></Loading> } : null,
    { key: 'timeline', label: t('casePage.timeline'), children: <Loading><TimelineSection caseId={c.id} version={c.version} /></Loading> },
    seesFull ? { key: 'evidence', label: <Badge count={c.evidenceTotal} overflowCount={999} size="small" offset={[8, -2]} color="#1f4e8c">{t('casePage.evidence')}</Badge>, children: <Loading><EvidenceSection c={c} onChanged={kase.reload} /></Loading> } : null,
    { key: 'findings', label: t('casePage.findings'), children: <Loading><FindingsSection c={c} /></Loading> },
    seesFull ? { key: 'recommendation', label: t('casePage.recommendation'), children: <RecommendationTab c={c} rec={rec} ladder={ladder.data?.items} onEvaluated={() => setRecTick((n) => n + 1)} /> } : null,
    seesFull ? { key: 'meetings', label: t('casePage.meetings'), children: <MeetingsPanel c={c} /> } : null,
    { key: 'decisions', label: t('casePage.decisions'), children: <Loading><DecisionsSection c={c} /></Loading> },
    { key: 'appeals', label: t('casePage.appeals'), children: <Loading><AppealsSection c={c} /></Loading> },
    { key: 'execution', label: t('casePage.execution'), children: <Loading><ExecutionSection c={c} /></Loading> },
    // issue 9: the two-way thread with the reporter (clerks)
    seesFull && c.source === 'report' && session.can('reporter.thread')
      ? { key: 'reporter', label: <span data-testid="tab-reporter">{t('casePage.reporterThread')}</span>, children: <ReporterThreadPanel caseId={c.id} version={c.version} /> }
      : null,
    can('documents.read') ? { key: 'documents', label: pick({ zh: '公文', en: 'Documents' }), children: <Loading><DocumentsPanel c={c} /></Loading> } : null,
  ].filter((x): x is NonNullable<typeof x> => x !== null);

  return (
    <CitationProvider texts={{}}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="case-page">
        <Card
          title={
            <Space size={10} wrap>
              <Typography.Text strong style={{ fontSize: 17 }} data-testid="case-number">
                {c.number}
              </Typography.Text>
              <StateTag state={c.state} zh={c.stateLabelZh} en={c.stateLabelEn} />
              <TrackTags tracks={c.tracks} />
            </Space>
          }
          extra={
            <Space>
              <Tooltip title={t('casePage.refresh')}>
                <Button icon={<ReloadOutlined />} onClick={kase.reload} aria-label={t('casePage.refresh')} data-version={c.version} />
              </Tooltip>
            </Space>
          }
        >
          <LifecycleSteps c={c} />
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('case.receivedOn')}>{formatDate(c.receivedOn, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('case.subjects')}>{c.subjects.map((s) => s.name).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('casePage.team')}>{c.team.map((m) => m.displayName).join('、') || '—'}</Descriptions.Item>
          </Descriptions>
          {c.deadlines.length ? (
            <div style={{ marginTop: 4 }} data-testid="case-deadlines">
              <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
                {t('case.deadlines')}
              </Typography.Text>
              <Space orientation="vertical" size={4}>
                {c.deadlines.map((d) => (
                  <DeadlineDisplay key={d.kind} d={d} />
                ))}
              </Space>
            </div>
          ) : null}
          <div style={{ marginTop: 16, paddingTop: 12, borderTop: '1px solid #f0f0f0' }}>
            <Space wrap>
              <Typography.Text strong>{t('casePage.actions')}：</Typography.Text>
              {actions.length ? (
                actions.map((a) =>
                  a.blocked ? (
                    <Tooltip key={a.action} title={`${pick(a.blocked)}`}>
                      <Button disabled data-testid={`action-${a.action}`}>
                        {pick({ zh: a.labelZh, en: a.labelEn })}
                      </Button>
                    </Tooltip>
                  ) : (
                    <Button key={a.action} type={a.action === 'reply' ? 'default' : 'primary'} ghost={a.action !== 'reply'} data-testid={`action-${a.action}`} onClick={() => setAction(a)}>
                      {pick({ zh: a.labelZh, en: a.labelEn })}
                      <Typography.Text type="secondary" style={{ fontSize: 11, marginInlineStart: 6 }} data-citation={a.citation}>
                        {lang === 'zh' ? formatCitationZh(a.citation, 'none') : a.citation}
                      </Typography.Text>
                    </Button>
                  ),
                )
              ) : (
                <Typography.Text type="secondary">{t('casePage.noActions')}</Typography.Text>
              )}
            </Space>
          </div>
          <ImpartialityPanel c={c} onChanged={kase.reload} />
        </Card>
        {!seesFull ? <SubjectRightsCard c={c} /> : null}
        <Card styles={{ body: { paddingTop: 4 } }}>
          {/* Issue 13 (8): every tab in view at 1366 px, English included — antd's overflow menu puts a
              button inside the tablist, which screen readers and axe-core refuse. */}
          <Tabs activeKey={tab} onChange={setTab} items={tabs} tabBarGutter={lang === 'zh' ? 28 : 12} />
        </Card>
        {action ? (
          <Suspense fallback={null}>
            <ActionDrawer
          c={c}
          action={action}
          recommendation={rec.data?.output ?? null}
          ladder={ladder.data?.items}
          onClose={() => setAction(null)}
          onOpenDocuments={() => {
            setAction(null);
            setTab('documents');
          }}
          onDone={(r) => {
            setAction(null);
            // the step's answer is the case view as this user may see it, built after the step
            // (the same builder as GET /cases/:id): shown as is, not loaded a second time
            kase.replace(r.case);
            if (r.case.version !== c.version + 1) message.info(t('casePage.stale'));
          }}
            />
          </Suspense>
        ) : null}
      </Space>
    </CitationProvider>
  );
}
