// Original enforcement cases (原执法案件) with their participants: handlers, approvers by level
// (FL-8(2): the last is the final approver), the collective deliberation with each member's
// opinion (FL-8(3)), instructing leaders (FL-8(4)) and assigners (FL-8(5)). A case is corrected
// in the same form, prefilled, sent whole with the version read (PUT; a stale one reloads).
// Excel import/export.
import { useEffect, useState } from 'react';
import { Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { get } from '../lib/api';
import { EP } from '../lib/endpoints';
import { formatDate } from '../lib/dates';
import { LoadError } from '../components/page-errors';
import { PersonSelect, UnitSelect } from '../components/register-selects';
import { DateInput } from '../components/inputs';
import { OriginalCaseView } from '../case/case-records';
import { FormDrawer, useRegisterLabels } from '../registers/common';
import { ExcelButtons } from '../registers/excel-import';
import { useFocusReturn } from '../components/focus-return';
import { ActionLink } from '../components/action-link';

interface Row {
  id: string;
  number: string;
  kind: string;
  title: string;
  unitName: string;
  decisionDate: string;
  counterpart: { name: string };
  wrong: boolean;
}

interface CaseForm {
  number: string;
  kind: string;
  title: string;
  summary?: string;
  unitId: string;
  decisionDate: string;
  counterpart: { name: string; type: string; idNo?: string };
  handlerIds: string[];
  approverIds: (string | undefined)[];
  hasDeliberation?: boolean;
  deliberation?: { date: string; chairId: string; members: { personId: string; opinion: string }[]; note?: string };
  instructingIds?: string[];
  assignerIds?: string[];
  correctionReason?: string;
}

/** The stored case as the registers return it (the parts the form edits). */
interface CaseFull {
  id: string;
  number: string;
  kind: string;
  title: string;
  summary: string | null;
  unitId: string;
  decisionDate: string;
  counterpart: { name: string; type: string; idNo: string | null };
  handlers: { personId: string }[];
  approvers: { personId: string; level: number }[];
  deliberation: { date: string; chairId: string; note: string | null; members: { personId: string; opinion: string }[] } | null;
  instructingLeaders: { personId: string }[];
  assigners: { personId: string }[];
  version: number;
}

/** The stored case → form values (the inverse of toInput). */
function toForm(c: CaseFull): CaseForm {
  return {
    number: c.number,
    kind: c.kind,
    title: c.title,
    summary: c.summary ?? undefined,
    unitId: c.unitId,
    decisionDate: c.decisionDate,
    counterpart: { name: c.counterpart.name, type: c.counterpart.type, idNo: c.counterpart.idNo ?? undefined },
    handlerIds: c.handlers.map((h) => h.personId),
    approverIds: [...c.approvers].sort((a, b) => a.level - b.level).map((a) => a.personId),
    hasDeliberation: Boolean(c.deliberation),
    deliberation: c.deliberation
      ? { date: c.deliberation.date, chairId: c.deliberation.chairId, note: c.deliberation.note ?? undefined, members: c.deliberation.members.map((m) => ({ personId: m.personId, opinion: m.opinion })) }
      : undefined,
    instructingIds: c.instructingLeaders.map((l) => l.personId),
    assignerIds: c.assigners.map((a) => a.personId),
  };
}

/** Form values → the registers' original case input (approver levels from the order). */
function toInput(v: CaseForm): unknown {
  return {
    number: v.number,
    kind: v.kind,
    title: v.title,
    summary: v.summary || null,
    unitId: v.unitId,
    decisionDate: v.decisionDate,
    counterpart: { name: v.counterpart?.name, type: v.counterpart?.type, idNo: v.counterpart?.idNo || null },
    handlers: (v.handlerIds ?? []).map((personId) => ({ personId })),
    approvers: (v.approverIds ?? []).filter(Boolean).map((personId, i) => ({ personId, level: i + 1 })),
    deliberation: v.hasDeliberation && v.deliberation ? { ...v.deliberation, note: v.deliberation.note || null } : null,
    instructingLeaders: (v.instructingIds ?? []).map((personId) => ({ personId })),
    assigners: (v.assignerIds ?? []).map((personId) => ({ personId })),
    ...(v.correctionReason ? { correctionReason: v.correctionReason } : {}),
  };
}

export default function OriginalCasesPage() {
  const { t, lang, term } = useI18n();
  const { can } = useSession();
  const labels = useRegisterLabels();
  const [filters, setFilters] = useState<Record<string, string | number | undefined>>({ page: 1 });
  const list = useApi<{ items: Row[]; total: number }>(EP.originalCases, { ...filters, pageSize: 20 });
  const [open, setOpen] = useState<string | null>(null);
  useFocusReturn(Boolean(open));
  const [creating, setCreating] = useState(false);
  /** the case being corrected, as read (its version is sent) */
  const [editing, setEditing] = useState<CaseFull | null>(null);
  const [viewKey, setViewKey] = useState(0);
  const [form] = Form.useForm<CaseForm>();
  const startEdit = async (id: string) => setEditing(await get<CaseFull>(`${EP.originalCases}/${id}`));
  useEffect(() => {
    if (editing) form.setFieldsValue(toForm(editing));
  }, [editing, form]);
  const hasDeliberation = Form.useWatch('hasDeliberation', form);
  const kindOptions = Object.entries(labels?.originalCaseKinds ?? {}).map(([value, l]) => ({ value, label: term(l) }));

  return (
    <Card title={t('reg.originalCases')}>
      {/* five buttons do not fit in the card's head beside its title (in English they squeezed the title out and ran past the edge): a toolbar that wraps */}
      <Space wrap style={{ marginBottom: 16 }} data-testid="original-cases-toolbar">
        <ExcelButtons kind="original-cases" canImport={can('registers.write')} onImported={list.reload} />
        <ExcelButtons kind="original-outcomes" label={t('excel.importOutcomes')} canImport={can('registers.write')} onImported={list.reload} />
        {can('registers.write') ? (
          <Button type="primary" data-testid="original-case-new" icon={<PlusOutlined />} onClick={() => (form.resetFields(), setCreating(true))}>
            {t('reg.newOriginalCase')}
          </Button>
        ) : null}
      </Space>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v) => setFilters({ ...v, page: 1 })}>
        <Form.Item name="q">
          <Input allowClear prefix={<SearchOutlined />} placeholder={`${t('reg.caseNumber')} / ${t('reg.caseTitle')} / ${t('reg.counterpart')}`} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="kind" label={t('reg.caseKind')}>
          <Select allowClear style={{ width: 130 }} options={kindOptions} />
        </Form.Item>
        <Form.Item name="year" label={t('case.year')}>
          <InputNumber min={2000} max={2100} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="wrong" label={t('reg.wrong')}>
          <Select allowClear style={{ width: 90 }} options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: Number(filters.page ?? 1), pageSize: 20, showSizeChanger: false, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (page) => setFilters((f) => ({ ...f, page })) }}
        columns={[
          { title: t('reg.caseNumber'), dataIndex: 'number', width: 200, render: (n: string, r) => <ActionLink onClick={() => setOpen(r.id)}>{n}</ActionLink> },
          { title: t('reg.caseKind'), dataIndex: 'kind', width: 110, render: (k: string) => term(labels?.originalCaseKinds[k] ?? { zh: k, en: k }) },
          { title: t('reg.caseTitle'), dataIndex: 'title' },
          { title: t('case.unit'), dataIndex: 'unitName', width: 180 },
          { title: t('reg.counterpart'), dataIndex: ['counterpart', 'name'], width: 200 },
          { title: t('reg.decisionDate'), dataIndex: 'decisionDate', width: 140, render: (d: string) => formatDate(d, lang) },
          { title: t('reg.wrong'), dataIndex: 'wrong', width: 90, render: (w: boolean) => (w ? <Tag color="red">{t('reg.wrong')}</Tag> : null) },
        ]}
      />
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(null)}
        size={820}
        title={t('reg.originalCases')}
        destroyOnHidden
        extra={
          open && can('registers.write') ? (
            <Button icon={<EditOutlined />} onClick={() => void startEdit(open)} data-testid="original-case-edit">
              {t('reg.editOriginalCase')}
            </Button>
          ) : null
        }
      >
        {open ? <OriginalCaseView key={viewKey} id={open} /> : null}
      </Drawer>
      <FormDrawer<CaseForm>
        open={creating || Boolean(editing)}
        title={editing ? `${t('reg.editOriginalCase')} · ${editing.number}` : t('reg.newOriginalCase')}
        form={form}
        name="original-case"
        method={editing ? 'PUT' : 'POST'}
        path={editing ? `${EP.originalCases}/${editing.id}` : EP.originalCases}
        transform={(v) => (editing ? { ...(toInput(v) as object), version: editing.version } : toInput(v))}
        width={760}
        onClose={() => (setCreating(false), setEditing(null))}
        onStale={() => editing && void startEdit(editing.id)}
        onSaved={() => {
          setCreating(false);
          setEditing(null);
          setViewKey((k) => k + 1);
          list.reload();
        }}
        initialValues={{ kind: 'penalty', counterpart: { name: '', type: 'organisation' }, approverIds: [undefined], handlerIds: [] }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="number" label={t('reg.caseNumber')} required>
              <Input placeholder="巴住建罚〔2025〕12号" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="kind" label={t('reg.caseKind')} required>
              <Select options={kindOptions} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="decisionDate" label={t('reg.decisionDate')} required>
              <DateInput />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('reg.caseTitle')} required>
          <Input />
        </Form.Item>
        <Form.Item name="summary" label={t('case.summary')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="unitId" label={t('case.unit')} required>
          <UnitSelect />
        </Form.Item>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name={['counterpart', 'name']} label={t('reg.counterpart')} required>
              <Input />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['counterpart', 'type']} label={t('reg.counterpartType')} required>
              <Select
                options={[
                  { value: 'organisation', label: term({ zh: '单位', en: 'Organisation' }) },
                  { value: 'person', label: term({ zh: '个人', en: 'Person' }) },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['counterpart', 'idNo']} label={t('reg.counterpartIdNo')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="handlerIds" label={t('reg.handlers')} required>
          <PersonSelect multiple />
        </Form.Item>
        <Form.List name="approverIds">
          {(fields, { add, remove }) => (
            <Form.Item label={t('reg.approvers')}>
              {fields.map((f, i) => (
                <Space key={f.key} style={{ display: 'flex', marginBottom: 6 }} align="baseline">
                  <Tag>{i + 1}</Tag>
                  <Form.Item name={f.name} noStyle>
                    <PersonSelect style={{ width: 420 }} allowClear />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add()}>
                {t('reg.addApprover')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="hasDeliberation" label={t('reg.hasDeliberation')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {hasDeliberation ? (
          <Card size="small" title={t('reg.deliberation')} style={{ marginBottom: 16 }}>
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name={['deliberation', 'date']} label={t('reg.deliberationDate')} required>
                  <DateInput />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name={['deliberation', 'chairId']} label={t('reg.chair')} required>
                  <PersonSelect />
                </Form.Item>
              </Col>
            </Row>
            <Form.List name={['deliberation', 'members']} initialValue={[{ opinion: 'agreed' }]}>
              {(fields, { add, remove }) => (
                <Form.Item label={t('reg.members')}>
                  {fields.map((f) => (
                    <Space key={f.key} style={{ display: 'flex', marginBottom: 6 }} align="baseline">
                      <Form.Item name={[f.name, 'personId']} noStyle>
                        <PersonSelect style={{ width: 300 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'opinion']} noStyle>
                        <Select style={{ width: 200 }} options={Object.entries(labels?.deliberationOpinions ?? {}).map(([value, l]) => ({ value, label: term(l) }))} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ opinion: 'agreed' })}>
                    {t('reg.addMember')}
                  </Button>
                </Form.Item>
              )}
            </Form.List>
          </Card>
        ) : null}
        <Form.Item name="instructingIds" label={t('reg.instructing')}>
          <PersonSelect multiple allowClear />
        </Form.Item>
        <Form.Item name="assignerIds" label={t('reg.assigners')}>
          <PersonSelect multiple allowClear />
        </Form.Item>
        {editing ? (
          <Form.Item name="correctionReason" label={t('reg.correctionReason')} extra={t('reg.correctionReasonHint')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        ) : null}
      </FormDrawer>
    </Card>
  );
}
