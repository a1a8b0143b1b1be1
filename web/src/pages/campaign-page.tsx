// One campaign: its scope and pool, the 双随机 draw (seed recorded, replayable), the results per
// file / unit / reviewer, the one-click WC-5(1) signal for a file judged wrong, and the report.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';
import { download, get, post } from '../lib/api';
import { formatDate } from '../lib/dates';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import { STATUS_COLORS, type CampaignSummary } from './campaigns-page';

type Grade = 'excellent' | 'pass' | 'fail';
interface Review {
  id: string;
  reviewerUserId: string;
  reviewerName: string;
  status: 'pending' | 'submitted';
  score: number | null;
  grade: Grade | null;
  veto: boolean;
  judgedWrong: boolean;
  conclusion: string | null;
  signalOutcomeId: string | null;
}
interface FileResult {
  fileId: string;
  ordinal: number;
  originalCaseId: string;
  number: string;
  title: string;
  unitName: string;
  reviews: Review[];
  score: number | null;
  grade: Grade | null;
  veto: boolean;
  judgedWrong: boolean;
}
interface Detail extends CampaignSummary {
  checklist: { name: string; excellentFrom: number; passFrom: number };
  maxScore: number;
  reviewerPool: { userId: string; name: string; unitName: string | null }[];
  fileResults: FileResult[];
  byUnit: { unitId: string; unitName: string; files: number; reviewed: number; meanScore: number | null; excellent: number; pass: number; fail: number; wrong: number }[];
  byReviewer: { userId: string; name: string; assigned: number; submitted: number; meanScore: number | null }[];
  abilities: { draw: boolean; close: boolean; openSignal: boolean };
}

export const GRADE_COLORS: Record<Grade, string> = { excellent: 'green', pass: 'blue', fail: 'red' };

export default function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const c = useApi<Detail>(`/api/v1/campaigns/${encodeURIComponent(id)}`);
  const [seed, setSeed] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [verified, setVerified] = useState<boolean | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      c.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const d = c.data;
  if (c.error && !d) return <LoadError error={c.error} onRetry={c.reload} />;
  if (!d) return <Card loading />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={d.name}
        extra={
          <Space>
            <Tag color={STATUS_COLORS[d.status]}>{t(`camp.status.${d.status}`)}</Tag>
            {d.status !== 'draft' ? (
              <>
                <Button onClick={() => void download(`/api/v1/campaigns/${d.id}/report.xlsx`, `${d.name}.xlsx`).catch(setError)}>{t('camp.reportXlsx')}</Button>
                <Button onClick={() => void download(`/api/v1/campaigns/${d.id}/report.pdf`, `${d.name}.pdf`).catch(setError)}>{t('camp.reportPdf')}</Button>
              </>
            ) : null}
          </Space>
        }
      >
        <ErrorAlert error={error} />
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('camp.kind')}>{t(d.kind === 'special' ? 'camp.special' : 'camp.routine')}</Descriptions.Item>
          <Descriptions.Item label={t('camp.period')}>{`${formatDate(d.scope.periodFrom)} — ${formatDate(d.scope.periodTo)}`}</Descriptions.Item>
          <Descriptions.Item label={t('camp.count')}>{d.scope.count ?? `${d.scope.percent}%`}</Descriptions.Item>
          <Descriptions.Item label={t('camp.perFile')}>{d.reviewersPerFile}</Descriptions.Item>
          <Descriptions.Item label={t('camp.reviewers')} span={2}>
            {d.reviewerPool.map((r) => `${r.name}（${r.unitName ?? '—'}）`).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('camp.checklist')} span={2}>
            {`${d.checklist.name}（${d.maxScore}）`}
          </Descriptions.Item>
          {d.seed ? (
            <Descriptions.Item label={t('camp.seedShown')} span={2}>
              <Space>
                <Typography.Text code data-testid="campaign-seed">
                  {d.seed}
                </Typography.Text>
                <Button size="small" data-testid="campaign-verify" onClick={() => void act(async () => setVerified((await get<{ reproducible: boolean }>(`/api/v1/campaigns/${d.id}/draw/verify`)).reproducible))}>
                  {t('camp.verify')}
                </Button>
              </Space>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {verified !== null ? <Alert style={{ marginTop: 12 }} type={verified ? 'success' : 'error'} title={t(verified ? 'camp.verified' : 'camp.notVerified')} /> : null}
        <Space style={{ marginTop: 12 }}>
          {d.abilities.draw ? (
            <>
              <Input style={{ width: 220 }} placeholder={t('camp.seed')} value={seed} onChange={(e) => setSeed(e.target.value.trim())} />
              <Button type="primary" loading={busy} data-testid="campaign-draw" onClick={() => void act(() => post(`/api/v1/campaigns/${d.id}/draw`, seed ? { seed } : {}))}>
                {t('camp.draw')}
              </Button>
            </>
          ) : null}
          {d.abilities.close ? (
            <Button loading={busy} onClick={() => void act(() => post(`/api/v1/campaigns/${d.id}/close`, { expectedVersion: d.version }))}>
              {t('camp.close')}
            </Button>
          ) : null}
        </Space>
      </Card>
      {d.status !== 'draft' ? (
        <>
          <Card title={t('camp.byFile')} size="small">
            <Table<FileResult>
              rowKey="fileId"
              size="small"
              pagination={false}
              dataSource={d.fileResults}
              data-testid="campaign-files"
              columns={[
                { title: '#', dataIndex: 'ordinal', width: 48 },
                { title: t('camp.caseNumber'), dataIndex: 'number' },
                { title: t('camp.unit'), dataIndex: 'unitName' },
                {
                  title: t('camp.reviewer'),
                  render: (_, f) => (
                    <Space orientation="vertical" size={2}>
                      {f.reviews.map((r) => (
                        <Space key={r.id} size={4} wrap>
                          <span>{r.reviewerName}</span>
                          {r.status === 'pending' ? <Tag>{t('camp.pending')}</Tag> : <Tag color={GRADE_COLORS[r.grade!]}>{`${r.score} ${t(`camp.grade.${r.grade!}`)}`}</Tag>}
                          {r.veto ? <Tag color="red">{t('camp.veto')}</Tag> : null}
                          {r.judgedWrong ? <Tag color="volcano">{t('camp.wrong')}</Tag> : null}
                          {r.signalOutcomeId ? <Tag color="purple">{t('camp.signalOpened')}</Tag> : null}
                          {r.judgedWrong && !r.signalOutcomeId && d.abilities.openSignal ? (
                            <Button
                              size="small"
                              danger
                              data-testid="open-signal"
                              loading={busy}
                              onClick={() =>
                                void act(async () => {
                                  await post(`/api/v1/reviews/${r.id}/open-signal`);
                                  void message.success(t('camp.signalOpened'));
                                })
                              }
                            >
                              {t('camp.openSignal')}
                            </Button>
                          ) : null}
                        </Space>
                      ))}
                    </Space>
                  ),
                },
                { title: t('camp.score'), dataIndex: 'score', render: (s: number | null) => s ?? '—' },
                { title: t('camp.grade'), dataIndex: 'grade', render: (g: Grade | null) => (g ? <Tag color={GRADE_COLORS[g]}>{t(`camp.grade.${g}`)}</Tag> : '—') },
              ]}
            />
          </Card>
          <Card title={t('camp.byUnit')} size="small">
            <Table
              rowKey="unitId"
              size="small"
              pagination={false}
              dataSource={d.byUnit}
              columns={[
                { title: t('camp.unit'), dataIndex: 'unitName' },
                { title: t('camp.files'), dataIndex: 'files' },
                { title: t('camp.mean'), dataIndex: 'meanScore', render: (s: number | null) => s ?? '—' },
                { title: t('camp.grade.excellent'), dataIndex: 'excellent' },
                { title: t('camp.grade.pass'), dataIndex: 'pass' },
                { title: t('camp.grade.fail'), dataIndex: 'fail' },
                { title: t('camp.wrong'), dataIndex: 'wrong' },
              ]}
            />
          </Card>
          <Card title={t('camp.byReviewer')} size="small">
            <Table
              rowKey="userId"
              size="small"
              pagination={false}
              dataSource={d.byReviewer}
              columns={[
                { title: t('camp.reviewer'), dataIndex: 'name' },
                { title: t('camp.assigned'), dataIndex: 'assigned' },
                { title: t('camp.submitted'), dataIndex: 'submitted' },
                { title: t('camp.mean'), dataIndex: 'meanScore', render: (s: number | null) => s ?? '—' },
              ]}
            />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
