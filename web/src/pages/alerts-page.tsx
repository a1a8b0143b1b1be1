// Early-intervention alerts (预警: 提醒 / 黄牌 / 红牌): the list, newest and most serious first,
// with 确认 / 由我负责 / 关闭 (closing asks what was done), and a check on demand.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Input, Modal, Select, Space, Table, Tag, Timeline } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { post } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import { JsonSettingDrawer } from '../components/json-setting-drawer';
import { useFocusReturn } from '../components/focus-return';

type Level = 'notice' | 'yellow' | 'red';
interface AlertRow {
  id: string;
  rule: string;
  ruleLabel: { zh: string; en: string };
  level: Level;
  personId: string | null;
  titleZh: string;
  titleEn: string;
  status: 'open' | 'acknowledged' | 'closed';
  ownerName: string | null;
  raisedAt: string;
  version: number;
  events: { action: string; note: string | null; actorName: string | null; at: string }[];
}

/** The rules of the current organisation, without the fields that say whose they are. */
const rulesOnly = (d: Record<string, unknown>) => {
  const { scope: _s, orgId: _o, inherited: _i, ...rules } = d;
  return rules;
};

export const LEVEL_COLORS: Record<Level, string> = { notice: 'blue', yellow: 'gold', red: 'red' };

export default function AlertsPage() {
  const { t, lang, pick } = useI18n();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string>('active');
  const list = useApi<{ items: AlertRow[] }>('/api/v1/alerts', { status });
  const [closing, setClosing] = useState<AlertRow | null>(null);
  useFocusReturn(Boolean(closing));
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const manage = can('alerts.manage');
  const [rules, setRules] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card
      title={t('alert.title')}
      extra={
        <Space>
          <Select
            aria-label={t('alert.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            options={(['active', 'open', 'acknowledged', 'closed'] as const).map((s) => ({ value: s, label: t(`alert.status.${s}`) }))}
          />
          <Button onClick={() => setRules(true)}>{t('alert.rules')}</Button>
          {manage ? (
            <Button
              onClick={() =>
                void act(async () => {
                  const r = await post<{ raised: number }>('/api/v1/alerts/evaluate');
                  void message.info(t('alert.raisedN', { n: r.raised }));
                })
              }
            >
              {t('alert.evaluate')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <ErrorAlert error={error} />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AlertRow>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        data-testid="alerts-table"
        expandable={{
          expandedRowRender: (a) => (
            <Timeline
              items={a.events.map((e, i) => ({ key: i, content: `${formatDateTime(e.at, lang)} ${e.actorName ?? ''} ${e.action}${e.note ? `：${e.note}` : ''}` }))}
            />
          ),
        }}
        columns={[
          { title: t('alert.level'), dataIndex: 'level', width: 90, render: (l: Level) => <Tag color={LEVEL_COLORS[l]}>{t(`alert.level.${l}`)}</Tag> },
          { title: t('alert.rule'), dataIndex: 'ruleLabel', render: (r: AlertRow['ruleLabel']) => pick(r) },
          {
            title: t('alert.content'),
            render: (_, a) => (a.personId ? <Link to={`/registers/people/${a.personId}/profile`}>{lang === 'zh' ? a.titleZh : a.titleEn}</Link> : lang === 'zh' ? a.titleZh : a.titleEn),
          },
          { title: t('alert.status'), dataIndex: 'status', width: 90, render: (s: AlertRow['status']) => t(`alert.status.${s}`) },
          { title: t('alert.owner'), dataIndex: 'ownerName', width: 100, render: (o: string | null) => o ?? '—' },
          { title: t('alert.raised'), dataIndex: 'raisedAt', width: 160, render: (x: string) => formatDateTime(x, lang) },
          {
            title: '',
            width: 220,
            render: (_, a) =>
              manage && a.status !== 'closed' ? (
                <Space size={4}>
                  {a.status === 'open' ? (
                    <Button size="small" onClick={() => void act(() => post(`/api/v1/alerts/${a.id}/acknowledge`, { expectedVersion: a.version }))}>
                      {t('alert.acknowledge')}
                    </Button>
                  ) : null}
                  <Button size="small" onClick={() => void act(() => post(`/api/v1/alerts/${a.id}/assign`, { ownerUserId: me?.user.id, expectedVersion: a.version }))}>
                    {t('alert.assignMe')}
                  </Button>
                  <Button size="small" danger onClick={() => (setNote(''), setClosing(a))}>
                    {t('alert.close')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {rules ? <JsonSettingDrawer<Record<string, unknown>> title={t('alert.rules')} path="/api/v1/alerts/rules" pick={rulesOnly} hint={`${t('alert.rulesOrgHint')} ${t('alert.rulesHint')}`} editable={manage} onClose={() => setRules(false)} /> : null}
      <Modal
        open={Boolean(closing)}
        title={t('alert.close')}
        onCancel={() => setClosing(null)}
        onOk={() =>
          void act(async () => {
            await post(`/api/v1/alerts/${closing!.id}/close`, { note, expectedVersion: closing!.version });
            setClosing(null);
          })
        }
      >
        <Input.TextArea rows={3} placeholder={t('alert.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Card>
  );
}
