// Intake (线索登记) by the legal-affairs clerk: a report received by visit, letter or phone
// (FL-4, WC-9(1)), or a wrong-case signal from a WC-5 source linked to an original case. The
// input is checked with the server's own intake schema; the server's answers land on the fields.
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { Notice } from '../components/notice';
import { Link } from 'react-router-dom';
import { intakeSchema } from '../../../src/domain/cases/schemas';
import { useLegal } from '../lib/legal';
import { fieldErrors } from '../../../src/lib/validation';
import { useI18n } from '../i18n/i18n';
import { ApiError, post } from '../lib/api';
import { EP } from '../lib/endpoints';
import { useServerForm } from '../lib/use-server-form';
import { chinaDateOf } from '../lib/dates';
import { ErrorAlert } from '../components/error-alert';
import { DateInput } from '../components/inputs';
import { PersonSelect } from '../components/register-selects';
import { OriginalCaseSelect } from '../components/original-case-select';
import { Cite } from '../components/citation';
import { cleanInput, TRACK_OPTIONS } from '../case/action-specs';
import { CHANNEL_LABELS } from '../case/labels';
import type { IntakeOut } from '../case/types';

export function IntakeForm({ source }: { source: 'report' | 'wc5' }) {
  const legal = useLegal();
  const { t, term, pick } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, unplaced, run } = useServerForm(form);
  const [created, setCreated] = useState<IntakeOut | null>(null);
  const anonymous = Form.useWatch(['reporter', 'anonymous'], form);
  const today = chinaDateOf(new Date());

  const submit = (v: Record<string, unknown>) => {
    const input: Record<string, unknown> = { ...(cleanInput(v) as Record<string, unknown>), source };
    if (source === 'report') input.reporter = { anonymous: false, ...(input.reporter as object) };
    // The WC-5 source names the original case it concerns (the wrong case itself).
    if (source === 'wc5' && input.wc5 && input.originalCaseId) input.wc5 = { ...(input.wc5 as object), originalCaseId: input.originalCaseId };
    return run(async () => {
      const r = intakeSchema.safeParse(input);
      if (!r.success) {
        const fields = fieldErrors(r.error.issues as never);
        throw new ApiError(400, 'VALIDATION_FAILED', '输入不符合要求', 'The input is not valid', { fields });
      }
      setCreated(await post<IntakeOut>(EP.cases, input));
    });
  };

  if (created) {
    return (
      <Card>
        <Notice
          status="success"
          title={t('intake.created', { number: created.case.number })}
          subTitle={
            created.receiptCode ? (
              <Space orientation="vertical">
                <span>{t('casePage.receiptCode')}</span>
                <Typography.Text code copyable style={{ fontSize: 20 }} data-testid="receipt-code">
                  {created.receiptCode}
                </Typography.Text>
              </Space>
            ) : null
          }
          extra={
            <Space>
              <Link to={`/cases/${created.case.id}`}>
                <Button type="primary" data-testid="open-created-case">
                  {t('intake.openCase')}
                </Button>
              </Link>
              <Button
                onClick={() => {
                  setCreated(null);
                  form.resetFields();
                }}
              >
                {t('intake.another')}
              </Button>
            </Space>
          }
        />
      </Card>
    );
  }

  return (
    <Card title={source === 'report' ? t('intake.reportTitle') : t('intake.signalTitle')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={source === 'report' ? t('intake.reportHint') : t('intake.signalHint')} />
      <ErrorAlert error={error} fields={unplaced} />
      <Form
        form={form}
        layout="vertical"
        name={`intake-${source}`}
        onFinish={(v) => void submit(v)}
        initialValues={{
          receivedOn: today,
          tracks: source === 'wc5' ? ['WC'] : ['FL'],
          channel: source === 'report' ? 'visit' : undefined,
          reporter: { anonymous: false },
          // Opened from a WC-5 signal in the queue: the original case is already known.
          ...(source === 'wc5' && new URLSearchParams(window.location.search).get('originalCaseId') ? { originalCaseId: new URLSearchParams(window.location.search).get('originalCaseId') } : {}),
        }}
        style={{ maxWidth: 920 }}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="receivedOn" label={t('case.receivedOn')} rules={[{ required: true, message: t('auth.required', { field: t('case.receivedOn') }) }]}>
              <DateInput />
            </Form.Item>
          </Col>
          {source === 'report' ? (
            <Col span={8}>
              <Form.Item name="channel" label={t('intake.channel')} rules={[{ required: true, message: t('auth.required', { field: t('intake.channel') }) }]}>
                <Select options={(['visit', 'letter', 'phone'] as const).map((c) => ({ value: c, label: term(CHANNEL_LABELS[c]!) }))} />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={8}>
            <Form.Item name="tracks" label={t('case.tracks')}>
              <Checkbox.Group options={TRACK_OPTIONS.map((o) => ({ value: o.value, label: pick(o.label) }))} />
            </Form.Item>
          </Col>
        </Row>
        {source === 'report' ? (
          <Card size="small" title={t('intake.reporter')} style={{ marginBottom: 16 }}>
            <Form.Item name={['reporter', 'anonymous']} label={t('intake.anonymous')} valuePropName="checked">
              <Switch data-testid="intake-anonymous" />
            </Form.Item>
            {!anonymous ? (
              <Row gutter={16}>
                <Col span={8}>
                  <Form.Item name={['reporter', 'name']} label={t('intake.reporterName')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={['reporter', 'phone']} label={t('intake.phone')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={['reporter', 'idNumber']} label={t('intake.idNumber')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={['reporter', 'address']} label={t('intake.address')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={['reporter', 'organisation']} label={t('intake.organisation')}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
            ) : null}
          </Card>
        ) : (
          <Card size="small" title={<Cite id="WC-5" />} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col span={24}>
                <Form.Item name={['wc5', 'item']} label={t('intake.wc5Item')} rules={[{ required: true, message: t('auth.required', { field: t('intake.wc5Item') }) }]}>
                  <Select options={legal.wc5Sources.map(({ id, label }, i) => ({ value: i + 1, label: `${id} ${label}` }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['wc5', 'referenceNo']} label={t('intake.referenceNo')} rules={[{ required: true, message: t('auth.required', { field: t('intake.referenceNo') }) }]}>
                  <Input placeholder="如：渝府复〔2025〕18号" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['wc5', 'referenceDate']} label={t('intake.referenceDate')} rules={[{ required: true, message: t('auth.required', { field: t('intake.referenceDate') }) }]}>
                  <DateInput />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        )}
        <Form.Item name="summary" label={t('intake.summary')} rules={[{ required: true, message: t('auth.required', { field: t('intake.summary') }) }]}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="originalCaseId" label={t('intake.originalCase')} rules={source === 'wc5' ? [{ required: true, message: t('auth.required', { field: t('intake.originalCase') }) }] : []}>
              <OriginalCaseSelect allowClear />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="subjectPersonIds" label={t('intake.subjects')}>
              <PersonSelect multiple allowClear />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
          {t('intake.submit')}
        </Button>
      </Form>
    </Card>
  );
}
