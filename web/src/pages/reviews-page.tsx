// A reviewer's tasks (案卷评查) and the scoring form: the file as the register holds it, the
// campaign's checklist grouped 主体 / 事实证据 / 程序 / 法律适用 / 文书, deductions, 否决项 and a
// comment per item, the running score and grade, and the conclusion (错案 or not).
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';
import { post } from '../lib/api';
import { formatDate } from '../lib/dates';
import { useServerForm } from '../lib/use-server-form';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import { GRADE_COLORS } from './campaign-page';

type Grade = 'excellent' | 'pass' | 'fail';
interface Task {
  id: string;
  campaignName: string;
  campaignStatus: string;
  ordinal: number;
  number: string;
  title: string;
  unitName: string;
  status: 'pending' | 'submitted';
  score: number | null;
  grade: Grade | null;
}
interface Item {
  id: string;
  group: 'subject' | 'facts' | 'procedure' | 'law' | 'documents';
  text: string;
  points: number;
  veto: boolean;
}
interface ItemScore {
  itemId: string;
  deducted: number;
  vetoHit: boolean;
  comment: string | null;
}
interface ReviewDetail {
  review: { id: string; status: string; scores: ItemScore[] | null; judgedWrong: boolean; conclusion: string | null; score: number | null; grade: Grade | null; signalOutcomeId: string | null; version: number };
  campaignName: string;
  campaignStatus: string;
  checklist: { name: string; excellentFrom: number; passFrom: number; items: Item[] };
  maxScore: number;
  originalCase: {
    number: string;
    title: string;
    summary: string | null;
    unitName: string;
    decisionDate: string;
    counterpart: { name: string };
    handlers: { name: string }[];
    approvers: { name: string; level: number }[];
  };
}

function gradeOf(c: ReviewDetail['checklist'], score: number, veto: boolean): Grade {
  if (veto) return 'fail';
  if (score >= c.excellentFrom) return 'excellent';
  if (score >= c.passFrom) return 'pass';
  return 'fail';
}

function ScoringForm({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const r = useApi<ReviewDetail>(`/api/v1/reviews/${encodeURIComponent(id)}`);
  const [form] = Form.useForm();
  const { busy, error, unplaced, run } = useServerForm(form);
  const scores = Form.useWatch('scores', form) as ItemScore[] | undefined;
  const d = r.data;
  const initial = useMemo(() => {
    if (!d) return undefined;
    const prior = new Map((d.review.scores ?? []).map((s) => [s.itemId, s]));
    return {
      scores: d.checklist.items.map((it) => prior.get(it.id) ?? { itemId: it.id, deducted: 0, vetoHit: false, comment: null }),
      judgedWrong: d.review.judgedWrong,
      conclusion: d.review.conclusion,
    };
  }, [d]);
  if (r.error && !d) return <LoadError error={r.error} onRetry={r.reload} />;
  if (!d || !initial) return <Card loading />;
  const running = (scores ?? initial.scores).reduce((s, x, i) => s + (d.checklist.items[i]?.points ?? 0) - (Number(x?.deducted) || 0), 0);
  const veto = (scores ?? initial.scores).some((x) => x?.vetoHit);
  const g = gradeOf(d.checklist, running, veto);
  const locked = d.campaignStatus !== 'drawn' || Boolean(d.review.signalOutcomeId);
  const oc = d.originalCase;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={`${d.campaignName} · ${t('camp.file')}`} size="small">
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('camp.caseNumber')}>{oc.number}</Descriptions.Item>
          <Descriptions.Item label={t('camp.unit')}>{oc.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('camp.decisionDate')}>{formatDate(oc.decisionDate)}</Descriptions.Item>
          <Descriptions.Item label={t('camp.counterpart')}>{oc.counterpart.name}</Descriptions.Item>
          <Descriptions.Item label={t('camp.handlers')}>{oc.handlers.map((h) => h.name).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('camp.approvers')}>{oc.approvers.map((a) => a.name).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('camp.caseTitle')} span={2}>
            {oc.title}
            {oc.summary ? <Typography.Paragraph type="secondary">{oc.summary}</Typography.Paragraph> : null}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`${t('camp.checklist')}：${d.checklist.name}`} size="small">
        <Alert
          type={g === 'fail' ? 'error' : g === 'excellent' ? 'success' : 'info'}
          title={t('camp.running', { score: running, max: d.maxScore, grade: t(`camp.grade.${g}`) })}
          data-testid="running-score"
          style={{ marginBottom: 12 }}
        />
        <ErrorAlert error={error} fields={unplaced} />
        <Form
          form={form}
          name="review"
          initialValues={initial}
          disabled={locked}
          onFinish={(v) =>
            run(async () => {
              await post(`/api/v1/reviews/${id}/submit`, {
                scores: (v.scores as ItemScore[]).map((s) => ({ itemId: s.itemId, deducted: Number(s.deducted) || 0, vetoHit: Boolean(s.vetoHit), comment: s.comment || null })),
                judgedWrong: Boolean(v.judgedWrong),
                conclusion: v.conclusion || null,
                expectedVersion: d.review.version,
              });
              void message.success(t('camp.submitted'));
              r.reload();
            })
          }
        >
          <Table<Item>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.checklist.items}
            columns={[
              { title: t('camp.group'), dataIndex: 'group', width: 110, render: (gr: Item['group']) => <Tag>{t(`camp.group.${gr}`)}</Tag> },
              { title: t('camp.item'), render: (_, it) => `${it.id} ${it.text}` },
              { title: t('camp.points'), dataIndex: 'points', width: 60 },
              {
                title: t('camp.deducted'),
                width: 90,
                render: (_, it, i) => (
                  <>
                    <Form.Item name={['scores', i, 'itemId']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={['scores', i, 'deducted']} noStyle>
                      <InputNumber min={0} max={it.points} size="small" data-testid={`deduct-${it.id}`} />
                    </Form.Item>
                  </>
                ),
              },
              {
                title: t('camp.vetoHit'),
                width: 90,
                render: (_, it, i) =>
                  it.veto ? (
                    <Form.Item name={['scores', i, 'vetoHit']} valuePropName="checked" noStyle>
                      <Checkbox data-testid={`veto-${it.id}`} />
                    </Form.Item>
                  ) : null,
              },
              {
                title: t('camp.comment'),
                render: (_, _it, i) => (
                  <Form.Item name={['scores', i, 'comment']} noStyle>
                    <Input size="small" />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Form.Item name="judgedWrong" label={t('camp.judgedWrong')} valuePropName="checked" style={{ marginTop: 16 }}>
            <Switch data-testid="judged-wrong" />
          </Form.Item>
          <Form.Item name="conclusion" label={t('camp.conclusion')}>
            <Input.TextArea rows={3} data-testid="conclusion" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="review-submit">
            {t('camp.submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}

export default function ReviewsPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = useApi<{ items: Task[] }>(id ? null : '/api/v1/reviews');
  if (id) return <ScoringForm id={id} />;
  return (
    <Card title={t('camp.myTasks')}>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Task>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => navigate(`/reviews/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('camp.name'), dataIndex: 'campaignName', render: (n: string, r) => <Link to={`/reviews/${r.id}`}>{n}</Link> },
          { title: t('camp.caseNumber'), dataIndex: 'number' },
          { title: t('camp.unit'), dataIndex: 'unitName' },
          { title: t('camp.status'), dataIndex: 'status', render: (s: string, r) => (s === 'pending' ? <Tag>{t('camp.pending')}</Tag> : <Tag color={GRADE_COLORS[r.grade!]}>{`${r.score} ${t(`camp.grade.${r.grade!}`)}`}</Tag>) },
        ]}
      />
    </Card>
  );
}
