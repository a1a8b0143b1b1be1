// People with their enforcement certificates (行政执法证): status today, validity, and the
// append-only status history; certificates are added and their status changed here (a WC-10(4)
// suspension ordered by a case arrives through the case's execution step). A person's data and a
// certificate's number, authority and validity are corrected here (edit drawers sending the version
// read; a stale one reloads the form). Excel import/export.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Descriptions, Drawer, Empty, Form, Input, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { EP } from '../lib/endpoints';
import { formatDate, formatDateTime } from '../lib/dates';
import { LoadError } from '../components/page-errors';
import { UnitSelect } from '../components/register-selects';
import { DateInput } from '../components/inputs';
import { CERT_COLORS, FormDrawer, useRegisterLabels } from '../registers/common';
import { ExcelButtons } from '../registers/excel-import';
import { RelationshipsCard } from '../registers/relationships';
import { useFocusReturn } from '../components/focus-return';
import { ActionLink } from '../components/action-link';

interface PersonRow {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  post: string | null;
  employeeNo: string | null;
  phone: string | null;
  email: string | null;
  /** 确认为不同人员的理由 (FL-5(1)): why this record and another of its name in its unit are two people */
  sameNameReason: string | null;
  active: boolean;
  version: number;
}
interface Cert {
  id: string;
  number: string;
  issuingAuthority: string;
  validFrom: string;
  validTo: string | null;
  status: string;
  statusOn: string;
  statusDate: string;
  version: number;
  history: { id: string; seq: number; fromStatus: string; toStatus: string; effectiveDate: string; reason: string; reference: string | null; caseId: string | null; recordedAt: string }[];
}
interface PersonDetail extends PersonRow {
  certificates: Cert[];
}
interface Involvement {
  caseId: string;
  number: string;
  title: string;
  decisionDate: string;
  roles: string[];
}

function PersonDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t, lang, term } = useI18n();
  const { can } = useSession();
  const labels = useRegisterLabels();
  const person = useApi<PersonDetail>(id ? EP.person(id) : null);
  useFocusReturn(Boolean(id));
  const involved = useApi<{ items: Involvement[] } | Involvement[]>(id ? `${EP.person(id)}/original-cases` : null);
  // 调离执法岗位 (FL-6(4), WC-10(5)) and every other post change, with the case that ordered it.
  const posts = useApi<{ items: { id: string; fromUnitName: string | null; toUnitName: string | null; fromPost: string | null; toPost: string | null; effectiveDate: string; reason: string; reversesId: string | null }[] }>(
    id ? `${EP.person(id)}/post-history` : null,
  );
  const [addCert, setAddCert] = useState(false);
  const [changing, setChanging] = useState<Cert | null>(null);
  const [certForm] = Form.useForm();
  const [statusForm] = Form.useForm();
  const [editForm] = Form.useForm();
  const [correctForm] = Form.useForm();
  const [editing, setEditing] = useState(false);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const p = person.data;
  const correctingCert = p?.certificates.find((c) => c.id === correcting) ?? null;
  // Prefill, and refill after a reload (a stale save reloads the person: the form shows what is stored now).
  useEffect(() => {
    if (editing && p) editForm.setFieldsValue({ name: p.name, unitId: p.unitId, post: p.post, employeeNo: p.employeeNo, phone: p.phone, email: p.email });
  }, [editing, p, editForm]);
  useEffect(() => {
    if (correctingCert) correctForm.setFieldsValue({ number: correctingCert.number, issuingAuthority: correctingCert.issuingAuthority, validFrom: correctingCert.validFrom, validTo: correctingCert.validTo });
  }, [correctingCert, correctForm]);
  const invItems = Array.isArray(involved.data) ? involved.data : (involved.data?.items ?? []);
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={720}
      title={p ? `${p.name} · ${p.unitName}` : ''}
      destroyOnHidden
      extra={
        p ? (
          <Space>
            {can('profiles.read') ? <Link to={`/registers/people/${p.id}/profile`} data-testid="open-profile">{t('profile.open')}</Link> : null}
            {can('registers.write') ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit">
                {t('common.edit')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {/* the body scrolls: a focusable region lets a reader without edit rights scroll it by keyboard */}
      <div tabIndex={0} role="region" aria-label={p ? p.name : t('reg.people')} style={{ outline: 'none' }}>
      {person.error ? <LoadError error={person.error} /> : null}
      {p ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('reg.employeeNo')}>{p.employeeNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('reg.post')}>{p.post ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('reg.phone')}>{p.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('reg.email')}>{p.email ?? '—'}</Descriptions.Item>
            {p.sameNameReason ? (
              <Descriptions.Item label={t('reg.sameNameReason')} span={2}>
                {p.sameNameReason}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Card
            size="small"
            title={t('reg.certificates')}
            extra={
              can('registers.write') ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => (certForm.resetFields(), setAddCert(true))}>
                  {t('reg.addCert')}
                </Button>
              ) : null
            }
          >
            {p.certificates.length ? (
              p.certificates.map((c) => (
                <Card key={c.id} size="small" type="inner" style={{ marginBottom: 8 }} data-testid="certificate">
                  <Space wrap>
                    <Typography.Text strong>{c.number}</Typography.Text>
                    <Tag color={CERT_COLORS[c.statusOn]}>{term(labels?.certificateStatuses[c.statusOn] ?? { zh: c.statusOn, en: c.statusOn })}</Tag>
                    <span>
                      {formatDate(c.validFrom, lang)} — {c.validTo ? formatDate(c.validTo, lang) : t('reg.longTerm')}
                    </span>
                    <Typography.Text type="secondary">{c.issuingAuthority}</Typography.Text>
                    {can('registers.write') ? (
                      <Button size="small" icon={<EditOutlined />} onClick={() => setCorrecting(c.id)} data-testid="certificate-correct">
                        {t('reg.correctCert')}
                      </Button>
                    ) : null}
                    {can('registers.write') && labels?.certificateTransitions[c.status]?.length ? (
                      <Button size="small" onClick={() => (statusForm.resetFields(), setChanging(c))}>
                        {t('reg.changeStatus')}
                      </Button>
                    ) : null}
                  </Space>
                  {c.history.length ? (
                    <Timeline
                      style={{ marginTop: 12, marginBottom: -16 }}
                      items={c.history.map((h) => ({
                        key: h.id,
                        color: CERT_COLORS[h.toStatus],
                        content: (
                          <span>
                            {formatDate(h.effectiveDate, lang)} {term(labels?.certificateStatuses[h.fromStatus] ?? { zh: h.fromStatus, en: h.fromStatus })} →{' '}
                            {term(labels?.certificateStatuses[h.toStatus] ?? { zh: h.toStatus, en: h.toStatus })} · {h.reason}
                            {h.reference ? ` · ${h.reference}` : ''}
                            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                              {formatDateTime(h.recordedAt, lang)}
                            </Typography.Text>
                          </span>
                        ),
                      }))}
                    />
                  ) : null}
                </Card>
              ))
            ) : (
              <Empty description={t('reg.noCert')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card size="small" title={t('people.postHistory')} data-testid="post-history">
            {posts.data?.items.length ? (
              <Timeline
                items={posts.data.items.map((h) => ({
                  color: h.reversesId ? 'green' : 'orange',
                  children: (
                    <span>
                      {formatDate(h.effectiveDate, lang)}：{h.fromUnitName ?? ''} {h.fromPost ?? '—'} → {h.toUnitName ?? ''} {h.toPost ?? '—'}
                      <Typography.Text type="secondary"> {h.reason}</Typography.Text>
                    </span>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card size="small" title={t('reg.involvements')}>
            <Table
              size="small"
              rowKey="caseId"
              pagination={false}
              dataSource={invItems}
              columns={[
                { title: t('reg.caseNumber'), dataIndex: 'number' },
                { title: t('reg.caseTitle'), dataIndex: 'title' },
                { title: t('reg.decisionDate'), dataIndex: 'decisionDate', render: (d: string) => formatDate(d, lang) },
                { title: t('casePage.roleInCase'), dataIndex: 'roles', render: (r: string[]) => r.map((x) => <Tag key={x}>{term(labels?.participantRoles[x] ?? { zh: x, en: x })}</Tag>) },
              ]}
            />
          </Card>
          <RelationshipsCard personId={p.id} />
        </Space>
      ) : (
        <Card loading />
      )}
      <FormDrawer
        open={addCert}
        title={t('reg.addCert')}
        form={certForm}
        name="certificate"
        method="POST"
        path={EP.certificates}
        transform={(v: Record<string, unknown>) => ({ ...v, personId: id, validTo: v.validTo || null })}
        onClose={() => setAddCert(false)}
        onSaved={() => (setAddCert(false), person.reload())}
      >
        <Form.Item name="number" label={t('reg.certNumber')} required>
          <Input />
        </Form.Item>
        <Form.Item name="issuingAuthority" label={t('reg.certAuthority')} required>
          <Input />
        </Form.Item>
        <Form.Item name="validFrom" label={t('reg.validFrom')} required>
          <DateInput />
        </Form.Item>
        <Form.Item name="validTo" label={t('reg.validTo')}>
          <DateInput />
        </Form.Item>
        <Form.Item name="correctionReason" label={t('reg.correctionReason')} extra={t('reg.certCorrectionReasonHint')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormDrawer>
      <FormDrawer
        open={editing}
        title={`${t('common.edit')} · ${p?.name ?? ''}`}
        form={editForm}
        name="person-edit"
        method="PATCH"
        path={id ? EP.person(id) : ''}
        transform={(v: Record<string, unknown>) => ({ ...v, post: v.post || null, employeeNo: v.employeeNo || null, phone: v.phone || null, email: v.email || null, postChangeReason: v.postChangeReason || undefined, sameNameReason: v.sameNameReason || undefined, version: p?.version })}
        onClose={() => setEditing(false)}
        onStale={person.reload}
        onSaved={() => {
          setEditing(false);
          person.reload();
          onChanged();
        }}
      >
        <Form.Item name="name" label={t('reg.name')} required>
          <Input />
        </Form.Item>
        <Form.Item name="unitId" label={t('case.unit')} required>
          <UnitSelect />
        </Form.Item>
        <Form.Item name="post" label={t('reg.post')}>
          <Input />
        </Form.Item>
        <Form.Item name="employeeNo" label={t('reg.employeeNo')}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('reg.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('reg.email')}>
          <Input />
        </Form.Item>
        <Form.Item name="postChangeReason" label={t('reg.postChangeReason')} extra={t('reg.postChangeReasonHint')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Form.Item name="sameNameReason" label={t('reg.sameNameReason')} extra={t('reg.sameNameReasonHint')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormDrawer>
      <FormDrawer
        open={Boolean(correctingCert)}
        title={`${t('reg.correctCert')} · ${correctingCert?.number ?? ''}`}
        form={correctForm}
        name="certificate-correct"
        method="PATCH"
        path={correctingCert ? `${EP.certificates}/${correctingCert.id}` : ''}
        transform={(v: Record<string, unknown>) => ({ ...v, validTo: v.validTo || null, version: correctingCert?.version })}
        onClose={() => setCorrecting(null)}
        onStale={person.reload}
        onSaved={() => (setCorrecting(null), person.reload())}
      >
        <Form.Item name="number" label={t('reg.certNumber')} required>
          <Input />
        </Form.Item>
        <Form.Item name="issuingAuthority" label={t('reg.certAuthority')} required>
          <Input />
        </Form.Item>
        <Form.Item name="validFrom" label={t('reg.validFrom')} required>
          <DateInput />
        </Form.Item>
        <Form.Item name="validTo" label={t('reg.validTo')}>
          <DateInput />
        </Form.Item>
        <Form.Item name="correctionReason" label={t('reg.correctionReason')} extra={t('reg.certCorrectionReasonHint')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormDrawer>
      <FormDrawer
        open={Boolean(changing)}
        title={`${t('reg.changeStatus')} · ${changing?.number ?? ''}`}
        form={statusForm}
        name="certificate-status"
        method="POST"
        path={changing ? `${EP.certificates}/${changing.id}/status` : ''}
        transform={(v: Record<string, unknown>) => ({ ...v, version: changing?.version })}
        onClose={() => setChanging(null)}
        onSaved={() => (setChanging(null), person.reload())}
      >
        <Form.Item name="to" label={t('reg.toStatus')} required>
          <Select options={(labels?.certificateTransitions[changing?.status ?? ''] ?? []).map((s) => ({ value: s, label: term(labels?.certificateStatuses[s] ?? { zh: s, en: s }) }))} />
        </Form.Item>
        <Form.Item name="effectiveDate" label={t('reg.effectiveDate')} required>
          <DateInput />
        </Form.Item>
        <Form.Item name="reason" label={t('reg.reason')} required>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="reference" label={t('reg.reference')}>
          <Input />
        </Form.Item>
        <Form.Item name="correctionReason" label={t('reg.correctionReason')} extra={t('reg.certCorrectionReasonHint')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormDrawer>
      </div>
    </Drawer>
  );
}

export default function PeoplePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [filters, setFilters] = useState<{ q?: string; unitId?: string; page: number }>({ page: 1 });
  const people = useApi<{ items: PersonRow[]; total: number }>(EP.people, { ...filters, pageSize: 20 });
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const [filterForm] = Form.useForm();

  return (
    <Card
      title={t('reg.people')}
      extra={
        <Space>
          <ExcelButtons kind="people" canImport={can('registers.write')} onImported={people.reload} />
          {can('registers.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => (form.resetFields(), setCreating(true))}>
              {t('reg.newPerson')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Form form={filterForm} layout="inline" style={{ marginBottom: 16 }} onFinish={(v) => setFilters({ q: v.q || undefined, unitId: v.unitId || undefined, page: 1 })}>
        <Form.Item name="q">
          <Input allowClear prefix={<SearchOutlined />} placeholder={`${t('reg.name')} / ${t('reg.employeeNo')} / ${t('reg.post')}`} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="unitId" label={t('case.unit')}>
          <UnitSelect allowClear style={{ width: 220 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      {people.error ? <LoadError error={people.error} onRetry={people.reload} /> : null}
      <Table<PersonRow>
        rowKey="id"
        size="middle"
        loading={people.loading}
        dataSource={people.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: filters.page, pageSize: 20, showSizeChanger: false, total: people.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (page) => setFilters((f) => ({ ...f, page })) }}
        columns={[
          { title: t('reg.name'), dataIndex: 'name', render: (n: string, r) => <ActionLink onClick={() => setOpen(r.id)}>{r.active ? n : <Typography.Text delete>{n}</Typography.Text>}</ActionLink> },
          { title: t('reg.employeeNo'), dataIndex: 'employeeNo' },
          { title: t('case.unit'), dataIndex: 'unitName' },
          { title: t('reg.post'), dataIndex: 'post' },
          { title: t('reg.phone'), dataIndex: 'phone' },
        ]}
      />
      <PersonDrawer id={open} onClose={() => setOpen(null)} onChanged={people.reload} />
      <FormDrawer open={creating} title={t('reg.newPerson')} form={form} name="person" method="POST" path={EP.people} onClose={() => setCreating(false)} onSaved={() => (setCreating(false), people.reload())}>
        <Form.Item name="name" label={t('reg.name')} required>
          <Input />
        </Form.Item>
        <Form.Item name="unitId" label={t('case.unit')} required>
          <UnitSelect />
        </Form.Item>
        <Form.Item name="post" label={t('reg.post')}>
          <Input />
        </Form.Item>
        <Form.Item name="employeeNo" label={t('reg.employeeNo')}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('reg.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('reg.email')}>
          <Input />
        </Form.Item>
        <Form.Item name="sameNameReason" label={t('reg.sameNameReason')} extra={t('reg.sameNameReasonHint')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormDrawer>
    </Card>
  );
}
