// The decision form (处理决定, FL-5(4), FL-15, WC-9(3)): the closed meeting it carries out (its
// majority fills the forms per subject), and per subject the forms chosen. Where a choice departs
// from the recommended range a written reason is required (the same rule the server enforces);
// transfers to judicial or discipline bodies (FL-12, WC-9(3)) and the compensation share to
// recover (FL-13) are recorded per subject.
import { useMemo } from 'react';
import { Alert, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Tag, Typography, type FormInstance } from 'antd';
import type { FormRange, FormRef } from '../../../src/rules/types';
import { useI18n } from '../i18n/i18n';
import { FenInput } from '../components/inputs';
import { departureFromAnswer, type DecisionItemValues } from './departure';
import { useDepartures, useLegal } from '../lib/legal';
import { MeetingSelect, type Meeting } from './meetings-panel';
import { parseFormsKey } from '../../../src/domain/meetings/tally';

export interface DecisionSubject {
  personId: string;
  name: string;
  range?: FormRange | null;
  /** WC-9(3)/FL-12 referral duties of the recommendation: each recorded as made (document no.) or waived (reason) */
  referrals?: { body: string; ruleIds: string[]; zh: string; en: string }[];
}

const BODY_LABEL: Record<string, { zh: string; en: string }> = {
  discipline_inspection: { zh: '纪检监察机关', en: 'Discipline inspection body' },
  supervision_commission: { zh: '监察委员会', en: 'Supervision commission' },
  judicial: { zh: '司法机关', en: 'Judicial organs' },
};

export interface DecisionValues {
  /** FL-15 / WC-9(3): the closed meeting whose majority result the decision carries out */
  meetingId: string;
  /** FL-5(4): the scope and channel of publication the decision sets */
  publicationScope?: 'commission' | 'system' | 'public';
  publicationChannel?: string;
  items: (DecisionItemValues & {
    transferJudicial?: boolean;
    transferDiscipline?: boolean;
    compensationFen?: number;
    compensationPercent?: number;
    reason?: string;
    referrals?: { body: string; madeOn?: string; documentRef?: string; waivedReason?: string }[];
  })[];
}

// The server's own message for this rule (src/errors.ts DEPARTURE_REASON_REQUIRED).
const DEPARTURE_REQUIRED = { zh: '处理方式超出建议范围，必须书面说明理由', en: 'A written reason is required for a form outside the recommended range' };

export function DecisionForm({
  form,
  caseId,
  subjects,
  ladder,
  onFinish,
}: {
  form: FormInstance<DecisionValues>;
  caseId: string;
  subjects: readonly DecisionSubject[];
  ladder?: readonly FormRef[];
  /** kept for callers; the date is the meeting's */
  today?: string;
  onFinish: (v: DecisionValues) => void;
}) {
  const { t, lang } = useI18n();
  // The decision records forms as citations (the pack's vocabulary, served by the API), ordered
  // by the ladder's rungs when the pack's ladder is known.
  const legal = useLegal();
  const formOptions = useMemo(() => {
    const rungOf = new Map<string, number>();
    for (const f of ladder ?? []) for (const c of f.citations) if (!rungOf.has(c)) rungOf.set(c, f.rung);
    return [...legal.formIds]
      .sort((a, b) => (rungOf.get(a) ?? 99) - (rungOf.get(b) ?? 99))
      .map((id) => ({ id, label: `${id} ${legal.forms[id] ?? ''}` }));
  }, [ladder, legal]);
  // The departure rule is the server's: asked for the items as they are drafted.
  const watched = Form.useWatch('items', form) as DecisionItemValues[] | undefined;
  const answers = useDepartures(watched, subjects.map((s) => s.range ?? null));

  // The meeting's majority per subject becomes the decision's forms (the server requires the match).
  const fillFromMeeting = (m: Meeting | null) => {
    for (const s of m?.result?.subjects ?? []) {
      const idx = subjects.findIndex((x) => x.personId === s.subjectPersonId);
      if (idx < 0 || !s.tally.winner) continue;
      const f = parseFormsKey(s.tally.winner);
      form.setFieldValue(['items', idx, 'noAccountability'], f.noAccountability);
      form.setFieldValue(['items', idx, 'forms'], f.forms);
    }
  };

  const initialValues: Partial<DecisionValues> = {
    items: subjects.map((s) => ({
      subjectPersonId: s.personId,
      noAccountability: false,
      forms: [],
      transferJudicial: false,
      transferDiscipline: false,
      ...(s.referrals?.length ? { referrals: s.referrals.map((r) => ({ body: r.body })) } : {}),
    })),
  };

  return (
    <Form form={form} layout="vertical" name="decide" initialValues={initialValues} onFinish={onFinish}>
      <Card size="small" title={t('meet.meeting')} style={{ marginBottom: 12 }}>
        <Form.Item name="meetingId" label={t('meet.meeting')} rules={[{ required: true, message: t('meet.pick') }]} extra={t('meet.fromMeeting')}>
          <MeetingSelect caseId={caseId} purpose="decision" onMeeting={fillFromMeeting} />
        </Form.Item>
        <Alert type="info" showIcon title={t('meet.receipt')} />
      </Card>

      <Card size="small" title={t('decide.publication')} style={{ marginBottom: 12 }}>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="publicationScope" label={t('decide.publicationScope')} rules={[{ required: true, message: t('decide.publicationScopeRequired') }]} style={{ marginBottom: 8 }}>
              <Select
                data-testid="publication-scope"
                options={(['commission', 'system', 'public'] as const).map((v) => ({ value: v, label: t(`decide.scope.${v}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="publicationChannel" label={t('decide.publicationChannel')} rules={[{ required: true, whitespace: true, message: t('decide.publicationChannelRequired') }]} style={{ marginBottom: 8 }}>
              <Input maxLength={100} placeholder={t('decide.publicationChannelHint')} data-testid="publication-channel" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary">{t('decide.publicationNote')}</Typography.Text>
      </Card>

      <Typography.Title level={5}>{t('decide.items')}</Typography.Title>
      <Form.List name="items">
        {(fields) =>
          fields.map((f, idx) => {
            const subject = subjects[idx];
            const answer = answers[idx] ?? null;
            const permitted = new Set<string>(answer?.permitted ?? []);
            return (
              <Card key={f.key} size="small" title={subject?.name} style={{ marginBottom: 12 }} data-testid={`decide-item-${idx}`}>
                <Form.Item name={[f.name, 'subjectPersonId']} hidden>
                  <Input />
                </Form.Item>
                <Form.Item name={[f.name, 'noAccountability']} label={t('decide.noAccountability')} valuePropName="checked" style={{ marginBottom: 8 }}>
                  <Switch />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => {
                    const item = (getFieldValue(['items', f.name]) ?? {}) as DecisionItemValues;
                    const dep = departureFromAnswer(answer);
                    return (
                      <>
                        {!item.noAccountability ? (
                          <Form.Item
                            name={[f.name, 'forms']}
                            label={t('decide.forms')}
                            rules={[
                              {
                                validator: (_r, v: string[] | undefined) =>
                                  getFieldValue(['items', f.name, 'noAccountability']) || (v && v.length) ? Promise.resolve() : Promise.reject(new Error(t('decide.formsOrExempt'))),
                              },
                            ]}
                          >
                            <Select
                              mode="multiple"
                              data-testid={`decide-forms-${idx}`}
                              optionFilterProp="label"
                              options={formOptions.map((o) => ({
                                value: o.id,
                                label: o.label,
                                title: o.label,
                              }))}
                              optionRender={(o) => (
                                <Space>
                                  <span>{o.label}</span>
                                  {permitted.has(String(o.value)) ? <Tag color="blue">{t('decide.recommended')}</Tag> : null}
                                </Space>
                              )}
                            />
                          </Form.Item>
                        ) : null}
                        {dep ? (
                          <Alert
                            type="warning"
                            showIcon
                            style={{ marginBottom: 8 }}
                            data-testid={`departure-${idx}`}
                            title={t('decide.outside')}
                            description={dep.exemptNotPermitted ? t('decide.exemptNotPermitted') : t('decide.outsideList', { list: dep.outside.join('、') })}
                          />
                        ) : null}
                        <Form.Item
                          name={[f.name, 'departureReason']}
                          label={t('decide.departureReason')}
                          required={Boolean(dep)}
                          hidden={!dep}
                          rules={[
                            {
                              validator: (_r, v: string | undefined) =>
                                dep && !(v ?? '').trim() ? Promise.reject(new Error(lang === 'zh' ? DEPARTURE_REQUIRED.zh : DEPARTURE_REQUIRED.en)) : Promise.resolve(),
                            },
                          ]}
                        >
                          <Input.TextArea rows={2} data-testid={`departure-reason-${idx}`} />
                        </Form.Item>
                      </>
                    );
                  }}
                </Form.Item>
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name={[f.name, 'transferJudicial']} valuePropName="checked" style={{ marginBottom: 4 }}>
                      <Checkbox>{t('decide.transferJudicial')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name={[f.name, 'transferDiscipline']} valuePropName="checked" style={{ marginBottom: 4 }}>
                      <Checkbox>{t('decide.transferDiscipline')}</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
                {(subjects[f.name]?.referrals ?? []).map((r, k) => (
                  <Card key={r.body} size="small" type="inner" data-testid={`referral-${r.body}`} style={{ marginBottom: 8 }} title={`${lang === 'zh' ? '报告／移送' : 'Referral'}：${(lang === 'zh' ? BODY_LABEL[r.body]?.zh : BODY_LABEL[r.body]?.en) ?? r.body}（${r.ruleIds.join('、')}）`}>
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                      {lang === 'zh' ? r.zh : r.en} {lang === 'zh' ? '须登记已报告（文书编号）或说明不报告的理由。' : 'Record it as made (document no.) or give the reason it is not made.'}
                    </Typography.Paragraph>
                    <Form.Item name={[f.name, 'referrals', k, 'body']} hidden>
                      <Input />
                    </Form.Item>
                    <Row gutter={12}>
                      <Col span={12}>
                        <Form.Item name={[f.name, 'referrals', k, 'documentRef']} label={lang === 'zh' ? '报告／移送文书编号' : 'Document no.'} style={{ marginBottom: 4 }}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name={[f.name, 'referrals', k, 'waivedReason']} label={lang === 'zh' ? '不报告的理由' : 'Reason not made'} style={{ marginBottom: 4 }}>
                          <Input.TextArea rows={1} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                ))}
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name={[f.name, 'compensationFen']} label={t('decide.compensation')}>
                      <FenInput />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item
                      name={[f.name, 'compensationPercent']}
                      label={lang === 'zh' ? '或按已支付赔偿的比例（%，FL-13）' : 'or as a share of the compensation paid (%, FL-13)'}
                      extra={lang === 'zh' ? '合计不得超过已支付的国家赔偿；与建议份额不同须说明理由' : 'Never more than the compensation paid in total; a share other than the default needs a reason'}
                    >
                      <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid={`compensation-percent-${f.name}`} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name={[f.name, 'reason']} label={t('decide.reason')} style={{ marginBottom: 0 }}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Card>
            );
          })
        }
      </Form.List>
    </Form>
  );
}
