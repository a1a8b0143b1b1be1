// Declared relationships (近亲属 and other interests) of a register person, for 回避 (issue 7):
// listed in the person's drawer; staff declare their own, the legal-affairs section anyone's
// (the server decides; a refusal shows its message). Withdrawn ones stay on record.
import { useState } from 'react';
import { Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { post } from '../lib/api';
import { EP } from '../lib/endpoints';
import { formatDateTime } from '../lib/dates';
import { useApi } from '../lib/use-api';
import { useSession } from '../session/session';
import { ErrorAlert } from '../components/error-alert';

interface Relationship {
  id: string;
  personId: string | null;
  personName: string | null;
  userName: string | null;
  relatedPersonId: string;
  relatedPersonName: string;
  kind: string;
  kindZh: string;
  kindEn: string;
  note: string | null;
  declaredByName: string | null;
  declaredAt: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

export function RelationshipsCard({ personId }: { personId: string }) {
  const { pick, lang } = useI18n();
  const { can } = useSession();
  const rels = useApi<{ items: Relationship[] }>(can('relationships.read') ? '/api/v1/relationships' : null, { personId, includeWithdrawn: 'true' });
  const [q, setQ] = useState('');
  const people = useApi<{ items: { id: string; name: string }[] }>(can('relationships.declare') ? EP.people : null, { q: q || undefined, pageSize: 20 });
  const [related, setRelated] = useState<string | undefined>();
  const [kind, setKind] = useState('close_relative');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (!can('relationships.read')) return null;

  const declare = async () => {
    setError(null);
    try {
      await post('/api/v1/relationships', { personId, relatedPersonId: related, kind, ...(note ? { note } : {}) });
      setRelated(undefined);
      setNote('');
      rels.reload();
    } catch (e) {
      setError(e);
    }
  };
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await post(`/api/v1/relationships/${encodeURIComponent(id)}/withdraw`, { reason: pick({ zh: '撤回申报', en: 'withdrawn' }) });
      rels.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card size="small" title={pick({ zh: '申报的关系（回避）', en: 'Declared relationships (recusal)' })} data-testid="relationships">
      {error ? <ErrorAlert error={error} /> : null}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rels.data?.items ?? []}
        columns={[
          { title: pick({ zh: '人员', en: 'Person' }), render: (_: unknown, r: Relationship) => r.personName ?? r.userName ?? '—' },
          { title: pick({ zh: '关系人', en: 'Related person' }), dataIndex: 'relatedPersonName' },
          { title: pick({ zh: '关系', en: 'Kind' }), render: (_: unknown, r: Relationship) => <Tag>{pick({ zh: r.kindZh, en: r.kindEn })}</Tag> },
          { title: pick({ zh: '说明', en: 'Note' }), dataIndex: 'note' },
          { title: pick({ zh: '申报人 / 时间', en: 'Declared by / at' }), render: (_: unknown, r: Relationship) => `${r.declaredByName ?? ''} ${formatDateTime(r.declaredAt, lang)}` },
          {
            title: '',
            render: (_: unknown, r: Relationship) =>
              r.withdrawnAt ? (
                <Typography.Text type="secondary">{pick({ zh: '已撤回', en: 'withdrawn' })}</Typography.Text>
              ) : (
                <Popconfirm title={pick({ zh: '撤回该申报？', en: 'Withdraw this declaration?' })} onConfirm={() => withdraw(r.id)}>
                  <Button size="small">{pick({ zh: '撤回', en: 'Withdraw' })}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {can('relationships.declare') ? (
        <Space wrap style={{ marginTop: 8 }}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            style={{ width: 200 }}
            aria-label={pick({ zh: '关系人', en: 'Related person' })}
            placeholder={pick({ zh: '关系人（检索姓名）', en: 'Related person (search)' })}
            value={related}
            onChange={setRelated}
            options={(people.data?.items ?? []).filter((p) => p.id !== personId).map((p) => ({ value: p.id, label: p.name }))}
          />
          <Select
            style={{ width: 140 }}
            aria-label={pick({ zh: '关系类别', en: 'Kind of relationship' })}
            value={kind}
            onChange={setKind}
            options={[
              { value: 'close_relative', label: pick({ zh: '近亲属', en: 'close relative' }) },
              { value: 'other_interest', label: pick({ zh: '其他利害关系', en: 'other interest' }) },
            ]}
          />
          <Input style={{ width: 180 }} aria-label={pick({ zh: '说明', en: 'Note' })} value={note} onChange={(e) => setNote(e.target.value)} placeholder={pick({ zh: '说明（如：配偶）', en: 'Note (e.g. spouse)' })} />
          <Button type="primary" disabled={!related} onClick={declare}>
            {pick({ zh: '申报', en: 'Declare' })}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}
