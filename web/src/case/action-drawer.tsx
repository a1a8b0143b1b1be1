// One drawer for every case step. The step, its label and its citation come from the case's
// `allowedActions` (the server's state machine); the form is chosen by the input schema the
// server names (`needs`). Input is checked with the very schema the server uses, producing the
// same field messages, then sent; the server's own VALIDATION_FAILED answer lands on the same
// fields. A step refused by the server shows its coded error in Chinese and English.
import { useEffect, useMemo, useState } from 'react';
import { App, Alert, Button, Checkbox, Drawer, Form, Input, Select, Space, Switch, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ACTION_SCHEMAS, type ActionSchemaName } from '../../../src/domain/cases/schemas';
import { subjectsToServe } from './to-serve';
import { useLegal, type LegalVocabulary } from '../lib/legal';
import { validationError } from '../../../src/lib/validation';
import type { FormRef } from '../../../src/rules/types';
import { useI18n, type Bilingual } from '../i18n/i18n';
import { ApiError, api, get, type FieldError } from '../lib/api';
import { EP } from '../lib/endpoints';
import { applyServerErrors, toNamePath } from '../lib/form-errors';
import { chinaDateOf } from '../lib/dates';
import { ErrorAlert } from '../components/error-alert';
import { DateInput, FenInput } from '../components/inputs';
import { PersonSelect, UnitSelect } from '../components/register-selects';
import { OriginalCaseSelect } from '../components/original-case-select';
import { StepDocumentsHint } from './documents-panel';
import { Cite } from '../components/citation';
import { ACTION_FIELDS, TRACK_OPTIONS, cleanInput, getPath, setPath, type FieldSpec } from './action-specs';
import { DecisionForm, type DecisionSubject, type DecisionValues } from './decision-form';
import { MeetingSelect } from './meetings-panel';
import { CULPABILITY_LABELS, HARM_LABELS, INFLUENCE_LABELS, ROLE_IN_CASE_LABELS } from './labels';
import type { ActionResult, AllowedAction, CaseView } from './types';
import type { Recommendation } from '../components/recommendation-panel';
import { useFocusReturn } from '../components/focus-return';
import { useAllEvidence } from './evidence-pages';
import { AskedReason, askedReasonOf } from './asked-reason';

const L = (zh: string, en: string): Bilingual => ({ zh, en });
const opts = (m: Record<string, string>) => Object.entries(m).map(([value, zh]) => ({ value, label: L(`${value} ${zh}`, `${value} ${zh}`) }));
/** Options of a field whose items come from the pack (through the API). */
const vocabularyOptions = (v: LegalVocabulary, which: 'faults' | 'circumstances' | 'sanctionKinds') =>
  which === 'faults'
    ? opts(v.faults)
    : which === 'sanctionKinds'
      ? Object.entries(v.sanctionKinds).map(([value, k]) => ({ value, label: L(k.zh, `${k.en[0]!.toUpperCase()}${k.en.slice(1)} (${k.zh})`) }))
      : opts(Object.fromEntries(v.typedCircumstanceIds.map((id) => [id, v.circumstances[id] ?? id])));
const bopts = (m: Record<string, Bilingual>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** FL-7 / WC-6 faults, FL-2 culpability, FL-8 role, FL-9/FL-10/WC-7/WC-8 circumstances, consequences. */
const FINDING_FIELDS: FieldSpec[] = [
  { name: 'subjectPersonId', kind: 'subject', label: L('被调查人', 'Subject'), required: true },
  { name: 'faults', kind: 'multiselect', label: L('过错行为（FL-7、WC-6）', 'Faults (FL-7, WC-6)'), default: [], vocabulary: 'faults' },
  {
    name: 'enforcementStaff',
    kind: 'switch',
    label: L('是行政执法人员（FL-3）', 'Enforcement staff (FL-3)'),
    help: L('执法辅助人员等非行政执法人员请关闭：本办法不追究其本人责任，指派其执法者可能依 FL-8(5) 承担责任', 'Turn off for an enforcement auxiliary or other non-enforcement staff: the measure does not hold them; whoever assigned them to enforce may answer under FL-8(5)'),
    default: true,
  },
  { name: 'culpability', kind: 'select', label: L('主观过错（FL-2）', 'Culpability (FL-2)'), required: true, options: bopts(CULPABILITY_LABELS) },
  { name: 'roleInOriginalCase', kind: 'select', label: L('在原执法案件中的角色（FL-8）', 'Role in the original case (FL-8)'), required: true, options: bopts(ROLE_IN_CASE_LABELS) },
  {
    name: 'circumstances',
    kind: 'multiselect',
    label: L('情节（FL-9、FL-10、WC-7、WC-8）', 'Circumstances (FL-9, FL-10, WC-7, WC-8)'),
    help: L('可不填（无情节）；FL-10(6)“多次发生违法违规行为”由系统根据历史案件自动认定，无需填写', 'May be left empty (no circumstances); FL-10(6) "repeated violations" is derived from the history, not typed'),
    default: [],
    vocabulary: 'circumstances',
  },
  { name: 'consequences.harm', kind: 'select', label: L('危害后果', 'Harm'), required: true, default: 'none', options: bopts(HARM_LABELS) },
  { name: 'consequences.influence', kind: 'select', label: L('影响', 'Influence'), required: true, default: 'none', options: bopts(INFLUENCE_LABELS) },
  { name: 'consequences.stateCompensationFen', kind: 'fen', label: L('已支付的国家赔偿（FL-13）', 'State compensation paid (FL-13)') },
  { name: 'consequences.crimeSuspected', kind: 'switch', label: L('涉嫌犯罪（FL-12，移送司法机关）', 'Crime suspected (FL-12, judicial organs)'), default: false },
  { name: 'consequences.disciplineSuspected', kind: 'switch', label: L('涉嫌违纪（WC-9(3)，报告纪检监察机关）', 'Breach of discipline suspected (WC-9(3), discipline inspection body)'), default: false },
  { name: 'consequences.illegalitySuspected', kind: 'switch', label: L('涉嫌职务违法（WC-9(3)，报告监察委员会）', 'Illegal act in office suspected (WC-9(3), supervision commission)'), default: false },
  { name: 'consequences.description', kind: 'textarea', label: L('后果说明', 'Consequences described') },
  { name: 'conductDate', kind: 'date', label: L('行为发生日期（据以选用规则）', 'Date of the conduct (selects the rules in force)') },
  { name: 'narrative', kind: 'textarea', label: L('认定的事实', 'Facts found'), required: true },
];

const TEAM_FIELDS: FieldSpec[] = [{ name: 'appointedOn', kind: 'date', label: L('指派日期', 'Appointed on'), required: true, defaultToday: true }];

function fieldsOf(needs: string): FieldSpec[] | null {
  if (needs === 'FindingInput') return FINDING_FIELDS;
  if (needs === 'AppointTeamInput') return TEAM_FIELDS;
  return ACTION_FIELDS[needs as ActionSchemaName] ?? null;
}

interface UserLite {
  id: string;
  displayName: string;
  username: string;
  /** conflicts of interest that bar this person from the team (WC-9(2)), from the server */
  conflicts: { zh: string; en: string }[];
}

/**
 * A candidate as the team's chooser reads them: one who must stand aside is marked so, in the
 * server's neutral words and without a reason (FL-5(1), FL-7(7): a reason shown for some grounds
 * and not for the reporter's named the reporter), never "利害关系" or another kind of ground.
 */
export function teamCandidateLabel(u: Pick<UserLite, 'displayName' | 'username' | 'conflicts'>, lang: 'zh' | 'en'): string {
  const name = `${u.displayName}（${u.username}）`;
  const ground = u.conflicts[0];
  if (!ground) return name;
  return `${name} — ${lang === 'zh' ? `${ground.zh}，不可选` : `${ground.en}, cannot be chosen`}`;
}

/**
 * Team members (WC-9(2)): the leader picks from the investigators the server lists for this case;
 * those who must stand aside are marked (`teamCandidateLabel`) and cannot be chosen (the server
 * refuses them too). A chooser who must stand aside himself is refused the list (RECUSAL_REQUIRED,
 * shown as the warning below).
 */
function TeamMembers({ caseId, value, onChange, id }: { caseId: string; value?: { userId: string; lead: boolean }[]; onChange?: (v: { userId: string; lead: boolean }[]) => void; id?: string }) {
  const { t, lang } = useI18n();
  const [users, setUsers] = useState<UserLite[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<{ items: { userId: string; username: string; displayName: string; conflicts: { zh: string; en: string }[] }[] }>(`/api/v1/cases/${encodeURIComponent(caseId)}/team-candidates`)
      .then((r) => setUsers(r.items.map((u) => ({ id: u.userId, username: u.username, displayName: u.displayName, conflicts: u.conflicts }))))
      .catch((e: unknown) => setError(e));
  }, [caseId]);
  const members = value ?? [];
  if (!users && !error) return <Select loading disabled style={{ width: '100%' }} />;
  if (error) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="team-members-unavailable"
        title={lang === 'zh' ? '无法读取可选的调查人员名单' : 'Cannot list the investigators to choose from'}
        description={error instanceof ApiError ? (lang === 'zh' ? error.zh : error.en) : String(error)}
      />
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        id={id}
        mode="multiple"
        data-testid="team-members"
        value={members.map((m) => m.userId)}
        optionFilterProp="label"
        options={(users ?? []).map((u) => ({
          value: u.id,
          disabled: u.conflicts.length > 0,
          label: teamCandidateLabel(u, lang),
        }))}
        onChange={(ids: string[]) => onChange?.(ids.map((id, i) => ({ userId: id, lead: members.find((m) => m.userId === id)?.lead ?? i === 0 })))}
      />
      {members.map((m) => (
        <Checkbox key={m.userId} checked={m.lead} onChange={(e) => onChange?.(members.map((x) => (x.userId === m.userId ? { ...x, lead: e.target.checked } : x)))}>
          {(users ?? []).find((u) => u.id === m.userId)?.displayName ?? m.userId} · {t('casePage.teamLead')}
        </Checkbox>
      ))}
    </Space>
  );
}

/** The control for a field. Form.Item injects id, value and onChange: they are passed through. */
/**
 * The item a correction supersedes (FL-10(2)): every current (not yet corrected) item of the case,
 * whichever page of the list it is on — read through the evidence list endpoint, searchable by title.
 */
function EvidencePicker({ c, ...control }: { c: CaseView } & Record<string, unknown>) {
  const { t } = useI18n();
  const all = useAllEvidence(c.id, c.version, true);
  const options = (all.items ?? []).filter((e) => !e.supersededById).map((e) => ({ value: e.id, label: `${e.title}（${e.collectedOn}）` }));
  return (
    <>
      <Select {...control} allowClear showSearch optionFilterProp="label" loading={all.items === null && !all.error} placeholder={all.items === null ? t('casePage.evPickerLoading') : undefined} options={options} data-testid="evidence-picker" />
      {all.error ? <ErrorAlert error={all.error} /> : null}
    </>
  );
}

function FieldInput({ spec, c, ...control }: { spec: FieldSpec; c: CaseView; id?: string; value?: never; onChange?: never; checked?: never }) {
  // Option labels already name the Chinese term in their English text: shown as written.
  const { t, pick } = useI18n();
  const legal = useLegal();
  const p = control as Record<string, never>;
  switch (spec.kind) {
    case 'date':
      return <DateInput {...p} />;
    case 'text':
      return <Input {...p} />;
    case 'textarea':
      return <Input.TextArea {...p} rows={3} />;
    case 'tracks':
      return <Checkbox.Group {...p} options={TRACK_OPTIONS.map((o) => ({ value: o.value, label: pick(o.label) }))} />;
    case 'select':
    case 'multiselect':
      return (
        <Select
          {...p}
          mode={spec.kind === 'multiselect' ? 'multiple' : undefined}
          allowClear={!spec.required}
          optionFilterProp="label"
          options={(spec.vocabulary ? vocabularyOptions(legal, spec.vocabulary) : (spec.options ?? [])).map((o) => ({ value: o.value, label: pick(o.label) }))}
        />
      );
    case 'person':
      return <PersonSelect {...p} allowClear />;
    case 'persons':
      return <PersonSelect {...p} multiple allowClear />;
    case 'subject':
      return <Select {...p} options={(spec.toServe ? subjectsToServe(c) : c.subjects).map((s) => ({ value: s.personId, label: s.unitName ? `${s.name}（${s.unitName}）` : s.name }))} />;
    case 'appeal':
      return (
        <Select
          {...p}
          options={c.appeals
            .filter((a) => a.outcome === 'pending')
            .map((a) => ({ value: a.id, label: `${a.subjectName} · ${a.kind === 'appeal' ? '申诉' : '陈述申辩'} · ${a.filedOn}` }))}
        />
      );
    case 'executionItem':
    case 'recoveryItem':
      return (
        <Select
          {...p}
          options={c.executionItems
            .filter((e) => e.status === 'open' && (spec.kind !== 'recoveryItem' || e.kind === 'compensation_recovery'))
            .map((e) => ({ value: e.id, label: `${e.subjectName} · ${e.citation} ${legal.executionKinds[e.kind] ? pick(legal.executionKinds[e.kind]!) : (legal.forms[e.citation] ?? e.kind)}${e.amountFen ? ` · ${(e.amountFen / 100).toFixed(2)} 元` : ''}` }))}
        />
      );
    case 'evidence':
      return <EvidencePicker {...p} c={c} />;
    case 'forms':
      return <Select {...p} mode="multiple" optionFilterProp="label" options={legal.formIds.map((id) => ({ value: id, label: `${id} ${legal.forms[id] ?? ''}` }))} />;
    case 'fen':
      return <FenInput {...p} />;
    case 'meeting':
      return <MeetingSelect {...(p as object)} caseId={c.id} purpose={spec.meetingPurpose ?? 'decision'} />;
    case 'unit':
      return <UnitSelect {...p} />;
    case 'originalCase':
      return <OriginalCaseSelect {...p} allowClear />;
    case 'switch':
      return <Switch {...p} />;
    default:
      return <Input {...p} placeholder={t('common.none')} />;
  }
}

/** A step's starting values: today for its dates, its declared defaults, and the case's subject when
 *  there is only one to choose (a subject filing 陈述申辩 sees only themself in the list). */
export function initialValuesOf(fields: readonly FieldSpec[], today: string, subjects: readonly { personId: string }[] = []): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.defaultToday) setPath(v, f.name, today);
    else if (f.default !== undefined) setPath(v, f.name, f.default);
    else if (f.kind === 'subject' && subjects.length === 1) setPath(v, f.name, subjects[0]!.personId);
  }
  return v;
}

/** The kinds of field chosen from a list or a calendar: their empty message says 请选择, not 请输入. */
const CHOSEN: ReadonlySet<FieldSpec['kind']> = new Set(['date', 'tracks', 'select', 'multiselect', 'person', 'persons', 'subject', 'appeal', 'executionItem', 'recoveryItem', 'unit', 'originalCase', 'evidence', 'forms', 'meeting']);
export function requiredMessage(f: FieldSpec, label: string, lang: 'zh' | 'en'): string {
  if (lang === 'en') return CHOSEN.has(f.kind) ? `Please choose “${label}”` : `Please fill in “${label}”`;
  return CHOSEN.has(f.kind) ? `请选择${label}` : `请输入${label}`;
}

/** Validate as the server does: the step's own zod schema, the same bilingual field messages. */
export function checkLikeServer(needs: string, input: unknown): ApiError | null {
  const schema = (ACTION_SCHEMAS as Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }>)[needs];
  if (!schema) return null;
  const r = schema.safeParse(input);
  if (r.success) return null;
  // the very message the server would answer (its fields name themselves by label: never the raw path such as "members：")
  const e = validationError((r.error?.issues ?? []) as never);
  return new ApiError(400, 'VALIDATION_FAILED', e.zh, e.en, e.details);
}

export function ActionDrawer({
  c,
  action,
  recommendation,
  ladder,
  onClose,
  onDone,
  onOpenDocuments,
}: {
  c: CaseView;
  action: AllowedAction | null;
  recommendation?: Recommendation | null;
  ladder?: readonly FormRef[];
  onClose: () => void;
  /** issue 13: the step that needs a document (送达, 答复, 转送, 移送) offers it in place */
  onOpenDocuments?: () => void;
  onDone: (r: ActionResult, a: AllowedAction) => void;
}) {
  useFocusReturn(Boolean(action));
  const { t, lang, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [decideForm] = Form.useForm<DecisionValues>();
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  // a reason the server asked for (a late entry's 补录理由): null until it asks
  const [reason, setReason] = useState<string | null>(null);
  const today = chinaDateOf(new Date());
  const needs = action?.needs ?? '';
  const fields = action ? fieldsOf(needs) : null;
  const isDecide = needs === 'DecideInput';

  useEffect(() => {
    setError(null);
    setUnplaced([]);
    setFiles([]);
    setReason(null);
    form.resetFields();
    decideForm.resetFields();
    // WC-11: the 送达 step chooses among those still to be served (one: chosen already)
    if (fields) form.setFieldsValue(initialValuesOf(fields, today, fields.some((f) => f.toServe) ? subjectsToServe(c) : c.subjects));
    // Reset only when another step is opened, not on every render of the same step.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action?.action]);

  const decisionSubjects: DecisionSubject[] = useMemo(() => {
    const recSubjects = recommendation && recommendation.status !== 'no_rules_in_force' ? recommendation.subjects : [];
    return c.subjects.map((s) => {
      const r = recSubjects.find((x) => x.subjectId === s.personId);
      // WC-9(3)/FL-12: each referral duty with its receiving body, to be recorded as made or waived.
      const referrals = (r?.mandatory ?? []).filter((m) => m.body).map((m) => ({ body: m.body!, ruleIds: m.ruleIds, zh: m.zh, en: m.en }));
      return { personId: s.personId, name: s.name, range: r?.forms ?? null, referrals };
    });
  }, [c.subjects, recommendation]);

  const submit = async (values: Record<string, unknown>) => {
    if (!action) return;
    setBusy(true);
    setError(null);
    setUnplaced([]);
    const input = { ...(cleanInput(values) as Record<string, unknown>), expectedVersion: c.version, ...(reason?.trim() ? { backdateReason: reason.trim() } : {}) };
    const target = isDecide ? decideForm : form;
    try {
      const local = checkLikeServer(needs, input);
      if (local) throw local;
      let r: ActionResult;
      const file = files[0]?.originFileObj;
      if (needs === 'EvidenceInput' && file) {
        const fd = new FormData();
        for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== null) fd.append(k, String(v));
        fd.append('file', file, file.name);
        r = await api<ActionResult>('POST', EP.caseEvidenceUpload(c.id), { body: fd });
      } else {
        r = await api<ActionResult>('POST', EP.caseAction(c.id, action.action), { body: input });
      }
      message.success(t('casePage.stepDone', { label: pick({ zh: action.labelZh, en: action.labelEn }) }));
      onDone(r, action);
    } catch (e) {
      setError(e);
      if (askedReasonOf(e) === 'backdate' && reason === null) setReason('');
      // the team picker is a compound control without an instance of its own: its field is known all the same
      const known = (name: (string | number)[]) => name.length > 0 && (target.getFieldInstance(name) !== undefined || (needs === 'AppointTeamInput' && name[0] === 'members'));
      setUnplaced(applyServerErrors(target, e, lang, { known }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={Boolean(action)}
      onClose={onClose}
      size={isDecide ? 820 : 560}
      destroyOnHidden
      title={
        action ? (
          // the step's name on one line, its citation under it (a long Chinese citation squeezed the name into a column)
          <Space orientation="vertical" size={0}>
            <span style={{ whiteSpace: 'nowrap' }}>{pick({ zh: action.labelZh, en: action.labelEn })}</span>
            <Cite id={action.citation} />
          </Space>
        ) : null
      }
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} data-testid="action-submit" onClick={() => (isDecide ? decideForm.submit() : form.submit())}>
            {isDecide ? t('decide.submit') : t('common.submit')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} fields={unplaced} />
      {reason !== null ? <AskedReason kind="backdate" value={reason} onChange={setReason} /> : null}
      {action && onOpenDocuments ? <StepDocumentsHint action={action.action} onOpen={onOpenDocuments} /> : null}
      {action && isDecide ? (
        <DecisionForm form={decideForm} caseId={c.id} subjects={decisionSubjects} ladder={ladder} today={today} onFinish={(v) => void submit(v as unknown as Record<string, unknown>)} />
      ) : action && fields ? (
        <Form form={form} layout="vertical" name={`action-${action.action}`} onFinish={(v) => void submit(v)}>
          {fields.map((f) => (
            <Form.Item noStyle shouldUpdate key={f.name}>
              {({ getFieldsValue }) => {
                if (f.showIf && getPath(getFieldsValue(true), f.showIf.name) !== f.showIf.equals) return null;
                if (f.showIfItemKind) {
                  const kind = c.executionItems.find((e) => e.id === getPath(getFieldsValue(true), 'itemId'))?.kind;
                  if (!kind || !f.showIfItemKind.includes(kind)) return null;
                }
                return (
                  <Form.Item
                    name={toNamePath(f.name)}
                    label={pick(f.label)}
                    required={f.required}
                    valuePropName={f.kind === 'switch' ? 'checked' : 'value'}
                    extra={f.help ? pick(f.help) : undefined}
                    rules={f.required ? [{ required: true, message: requiredMessage(f, pick(f.label), lang) }] : []}
                  >
                    <FieldInput spec={f} c={c} />
                  </Form.Item>
                );
              }}
            </Form.Item>
          ))}
          {needs === 'AppointTeamInput' ? (
            <Form.Item
              name="members"
              label={lang === 'zh' ? '调查组成员（首位默认为组长）' : 'Members (the first is the lead by default)'}
              required
              rules={[{ type: 'array', required: true, min: 1, message: lang === 'zh' ? '请选择调查组成员' : 'Choose the team members' }]}
            >
              <TeamMembers caseId={c.id} />
            </Form.Item>
          ) : null}
          {needs === 'EvidenceInput' ? (
            <Form.Item label={lang === 'zh' ? '文件（可选，系统保存其校验值以防篡改）' : 'File (optional; its checksum is kept)'}>
              <Upload beforeUpload={() => false} maxCount={1} fileList={files} onChange={({ fileList }) => setFiles(fileList)}>
                <Button icon={<UploadOutlined />}>{lang === 'zh' ? '选择文件' : 'Choose a file'}</Button>
              </Upload>
            </Form.Item>
          ) : null}
        </Form>
      ) : action ? (
        <Typography.Text type="secondary">{needs}</Typography.Text>
      ) : null}
    </Drawer>
  );
}
