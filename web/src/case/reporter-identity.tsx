// 身份保管 on the case page (issue 9 §4): the clerk asks to read the reporter's identity with a
// reason (or, in an emergency, takes it at once — loudly audited); while an approval is live the
// identity can be shown, with the time left. Also the FL-10(3) retaliation warning of the case.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import type { DictKey } from '../i18n/dict';
import { get, post } from '../lib/api';
import { EP } from '../lib/endpoints';
import { ErrorAlert } from '../components/error-alert';
import type { CaseView, ReporterOut } from './types';
import { useFocusReturn } from '../components/focus-return';

interface IdentityRequest {
  id: string;
  status: 'pending' | 'approved' | 'refused' | 'emergency' | 'expired';
  reason: string;
  requestedAt: string;
  expiresAt: string | null;
  decidedByName: string | null;
}

const leftOf = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, [active]);
  return now;
}

export function ReporterIdentity({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const [requests, setRequests] = useState<IdentityRequest[] | null>(null);
  const [canRequest, setCanRequest] = useState(false);
  const [data, setData] = useState<ReporterOut['reporter'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);
  useFocusReturn(open);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string; emergency?: boolean }>();

  const load = useCallback(() => {
    get<{ items: IdentityRequest[]; canRequest: boolean }>(EP.caseReporterRequests(c.id))
      .then((r) => {
        setRequests(r.items);
        setCanRequest(r.canRequest);
      })
      .catch(setError);
  }, [c.id]);
  useEffect(load, [load]);

  const live = requests?.find((r) => (r.status === 'approved' || r.status === 'emergency') && r.expiresAt && Date.parse(r.expiresAt) > Date.now());
  const pending = requests?.find((r) => r.status === 'pending');
  const now = useNow(Boolean(live));
  const expired = live?.expiresAt ? Date.parse(live.expiresAt) <= now : false;
  useEffect(() => {
    if (expired) {
      setData(null);
      load();
    }
  }, [expired, load]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await post(EP.caseReporterRequests(c.id), { reason: v.reason, emergency: Boolean(v.emergency) });
      setOpen(false);
      form.resetFields();
      load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={4} data-testid="reporter-custody">
      <Space wrap>
        {c.reporter?.anonymous ? <Tag>{t('casePage.reporterAnonymous')}</Tag> : <Tag icon={<LockOutlined />}>{t('casePage.reporterNamed')}</Tag>}
        {data ? (
          <Space wrap data-testid="reporter-identity">
            {data.name ? <span>{data.name}</span> : null}
            {data.organisation ? <span>{data.organisation}</span> : null}
            {data.phone ? <span>{data.phone}</span> : null}
            {data.idNumber ? <span>{data.idNumber}</span> : null}
            {data.address ? <span>{data.address}</span> : null}
            {data.email ? <span>{data.email}</span> : null}
          </Space>
        ) : live ? (
          <Button
            size="small"
            icon={<EyeOutlined />}
            data-testid="reporter-show"
            onClick={() =>
              get<ReporterOut>(EP.caseReporter(c.id))
                .then((r) => setData(r.reporter))
                .catch(setError)
            }
          >
            {t('idc.show')}
          </Button>
        ) : pending ? (
          <Tag color="processing" data-testid="reporter-request-pending">
            {t('idc.pending')}
          </Tag>
        ) : canRequest ? (
          <Button size="small" data-testid="reporter-request" onClick={() => setOpen(true)}>
            {t('idc.request')}
          </Button>
        ) : null}
        {live?.expiresAt ? (
          <Typography.Text type={live.status === 'emergency' ? 'danger' : 'secondary'} data-testid="reporter-timer">
            {live.status === 'emergency' ? `${t('idc.status.emergency')} · ` : ''}
            {t('idc.validUntil', { time: new Date(live.expiresAt).toLocaleTimeString(), left: leftOf(Date.parse(live.expiresAt) - now) })}
          </Typography.Text>
        ) : null}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('idc.hint')}
      </Typography.Text>
      {requests?.length ? (
        <Space wrap size={4}>
          {requests.slice(0, 5).map((r) => (
            <Tag key={r.id} color={r.status === 'refused' ? 'red' : r.status === 'emergency' ? 'volcano' : undefined}>
              {new Date(r.requestedAt).toLocaleString()} · {t(`idc.status.${r.status}` as DictKey)}
            </Tag>
          ))}
        </Space>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Modal open={open} title={t('idc.requestTitle')} onCancel={() => setOpen(false)} onOk={() => void submit()} okText={t('idc.submit')} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('idc.reason')} extra={t('idc.reasonHelp')} rules={[{ required: true, min: 4 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="reporter-request-reason" />
          </Form.Item>
          <Form.Item name="emergency" valuePropName="checked">
            <Checkbox data-testid="reporter-request-emergency">{t('idc.emergency')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** FL-10(3): shown to those who may read every case when a subject is a staff reporter under watch. */
export function RetaliationWarning({ caseId }: { caseId: string }) {
  const { pick } = useI18n();
  const [w, setW] = useState<{ citation: string; zh: string; en: string } | null>(null);
  useEffect(() => {
    get<{ warning: { citation: string; zh: string; en: string } | null }>(EP.caseRetaliationWarning(caseId))
      .then((r) => setW(r.warning))
      .catch(() => setW(null));
  }, [caseId]);
  if (!w) return null;
  return <Alert type="warning" showIcon data-testid="retaliation-warning" message={`${w.citation}`} description={pick({ zh: w.zh, en: w.en })} />;
}
