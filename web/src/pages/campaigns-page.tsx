// 案卷评查 (WC-5(1) 例行或专项执法监督): the campaigns, and a new campaign — scope (period, units,
// kinds of original case, a number or a percentage of files) and the reviewer pool. The draw
// (双随机) and the results are on the campaign's own page.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Drawer, Form, Input, InputNumber, Radio, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { post } from '../lib/api';
import { formatDate } from '../lib/dates';
import { useServerForm } from '../lib/use-server-form';
import { LoadError } from '../components/page-errors';
import { ErrorAlert } from '../components/error-alert';
import { DateInput } from '../components/inputs';
import { UnitSelect } from '../components/register-selects';
import { useRegisterLabels } from '../registers/common';
import { JsonSettingDrawer } from '../components/json-setting-drawer';
import { useFocusReturn } from '../components/focus-return';

export interface CampaignSummary {
  id: string;
  name: string;
  kind: 'routine' | 'special';
  status: 'draft' | 'drawn' | 'closed';
  scope: { periodFrom: string; periodTo: string; unitIds: string[]; kinds: string[]; count: number | null; percent: number | null };
  reviewersPerFile: number;
  seed: string | null;
  files: number;
  reviewsSubmitted: number;
  reviewsTotal: number;
  version: number;
  createdAt: string;
}

const pickChecklist = (d: { checklist: unknown }) => d.checklist;

export const STATUS_COLORS = { draft: 'default', drawn: 'processing', closed: 'success' } as const;

function NewCampaign({ onClose, onSaved }: { onClose: () => void; onSaved: (id: string) => void }) {
  useFocusReturn();
  const { t, term } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, unplaced, run } = useServerForm(form);
  const reviewers = useApi<{ items: { userId: string; name: string; personName: string | null; unitName: string | null; usable: boolean }[] }>('/api/v1/campaigns/reviewers');
  const labels = useRegisterLabels();
  const year = new Date().getFullYear();
  return (
    <Drawer open size={640} title={t('camp.new')} onClose={onClose} data-testid="campaign-new">
      <ErrorAlert error={error} fields={unplaced} />
      <Form
        form={form}
        layout="vertical"
        name="campaign"
        initialValues={{ kind: 'routine', periodFrom: `${year}-01-01`, periodTo: `${year}-12-31`, count: 10, reviewersPerFile: 1, unitIds: [], kinds: [] }}
        onFinish={(v) =>
          run(async () => {
            const body = {
              name: v.name,
              kind: v.kind,
              scope: { periodFrom: v.periodFrom, periodTo: v.periodTo, unitIds: v.unitIds ?? [], kinds: v.kinds ?? [], ...(v.percent ? { percent: v.percent } : { count: v.count }) },
              reviewerUserIds: v.reviewerUserIds ?? [],
              reviewersPerFile: v.reviewersPerFile,
            };
            const c = await post<{ id: string }>('/api/v1/campaigns', body);
            onSaved(c.id);
          })
        }
      >
        <Form.Item name="name" label={t('camp.name')} required>
          <Input placeholder="2025年度行政处罚案卷评查" />
        </Form.Item>
        <Form.Item name="kind" label={t('camp.kind')}>
          <Radio.Group options={[{ value: 'routine', label: t('camp.routine') }, { value: 'special', label: t('camp.special') }]} />
        </Form.Item>
        <Space>
          <Form.Item name="periodFrom" label={`${t('camp.period')} ${t('camp.from')}`} required>
            <DateInput />
          </Form.Item>
          <Form.Item name="periodTo" label={t('camp.to')} required>
            <DateInput />
          </Form.Item>
        </Space>
        <Form.List name="unitIds">
          {(fields, { add, remove }) => (
            <Form.Item label={t('camp.units')}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key}>
                    <Form.Item name={f.name} noStyle>
                      <UnitSelect style={{ width: 360 }} />
                    </Form.Item>
                    <Button size="small" onClick={() => remove(f.name)}>
                      −
                    </Button>
                  </Space>
                ))}
                <Button size="small" onClick={() => add()}>
                  +
                </Button>
              </Space>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="kinds" label={t('camp.kinds')}>
          <Select mode="multiple" allowClear options={Object.entries(labels?.originalCaseKinds ?? {}).map(([k, v]) => ({ value: k, label: term(v) }))} />
        </Form.Item>
        <Space>
          <Form.Item name="count" label={t('camp.count')}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="percent" label={t('camp.percent')}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="reviewersPerFile" label={t('camp.perFile')}>
            <InputNumber min={1} max={5} />
          </Form.Item>
        </Space>
        <Form.Item name="reviewerUserIds" label={t('camp.reviewers')} required>
          <Select
            mode="multiple"
            data-testid="campaign-reviewers"
            loading={reviewers.loading}
            options={(reviewers.data?.items ?? []).map((r) => ({ value: r.userId, disabled: !r.usable, label: `${r.name}（${r.unitName ?? '—'}）` }))}
            optionFilterProp="label"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="campaign-create">
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}

export default function CampaignsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useApi<{ items: CampaignSummary[] }>('/api/v1/campaigns');
  const [creating, setCreating] = useState(false);
  const [checklist, setChecklist] = useState(false);
  return (
    <Card
      title={t('camp.title')}
      extra={
        <Space>
          <Button onClick={() => setChecklist(true)}>{t('camp.checklist')}</Button>
          {can('campaigns.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-new-open">
              {t('camp.new')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<CampaignSummary>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => navigate(`/campaigns/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('camp.name'), dataIndex: 'name', render: (n: string, r) => <Link to={`/campaigns/${r.id}`}>{n}</Link> },
          { title: t('camp.kind'), dataIndex: 'kind', render: (k: string) => t(k === 'special' ? 'camp.special' : 'camp.routine') },
          { title: t('camp.period'), render: (_, r) => `${formatDate(r.scope.periodFrom)} — ${formatDate(r.scope.periodTo)}` },
          { title: t('camp.status'), dataIndex: 'status', render: (s: CampaignSummary['status']) => <Tag color={STATUS_COLORS[s]}>{t(`camp.status.${s}`)}</Tag> },
          { title: t('camp.files'), dataIndex: 'files' },
          { title: t('camp.progress'), render: (_, r) => `${r.reviewsSubmitted} / ${r.reviewsTotal}` },
        ]}
      />
      {checklist ? (
        <JsonSettingDrawer<{ checklist: unknown }>
          title={t('camp.checklist')}
          path="/api/v1/campaigns/checklist"
          pick={pickChecklist}
          hint={t('camp.checklistHint')}
          editable={can('campaigns.manage')}
          onClose={() => setChecklist(false)}
        />
      ) : null}
      {creating ? <NewCampaign onClose={() => setCreating(false)} onSaved={(id) => navigate(`/campaigns/${id}`)} /> : null}
    </Card>
  );
}
