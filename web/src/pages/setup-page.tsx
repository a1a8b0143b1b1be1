// First run: the server says no account exists yet (`/api/v1/setup/status`), so the three
// administrators (三员分立: 系统管理员, 安全管理员, 安全审计员) are created here in one request.
// The server validates (password policy, three different accounts); its messages land on the fields.
import { Alert, Button, Divider, Form, Input } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useSession, type SetupAccount } from '../session/session';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { A } from '../account/strings';
import { AuthFrame } from './auth-frame';

const KINDS = ['sysadmin', 'secadmin', 'auditor'] as const;
type Kind = (typeof KINDS)[number];
const KIND_LABEL: Record<Kind, { zh: string; en: string }> = {
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  secadmin: { zh: '安全管理员', en: 'Security administrator' },
  auditor: { zh: '安全审计员', en: 'Security auditor' },
};

type SetupValues = Record<Kind, SetupAccount & { confirm: string }>;

export default function SetupPage() {
  const { t, pick } = useI18n();
  const { setup } = useSession();
  const [form] = Form.useForm<SetupValues>();
  const { busy, error, unplaced, run } = useServerForm(form);

  const submit = (v: SetupValues) =>
    run(() =>
      setup({
        sysadmin: { username: v.sysadmin.username, displayName: v.sysadmin.displayName, password: v.sysadmin.password },
        secadmin: { username: v.secadmin.username, displayName: v.secadmin.displayName, password: v.secadmin.password },
        auditor: { username: v.auditor.username, displayName: v.auditor.displayName, password: v.auditor.password },
      }),
    );

  return (
    <AuthFrame title={pick(A.setupTitle)}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={pick(A.setupHint)} description={pick(A.policy)} />
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="setup">
        {KINDS.map((k) => (
          <div key={k}>
            <Divider titlePlacement="start">{pick(KIND_LABEL[k])}</Divider>
            <Form.Item name={[k, 'username']} label={t('auth.username')} rules={[{ required: true, message: t('auth.required', { field: t('auth.username') }) }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name={[k, 'displayName']} label={t('auth.displayName')} rules={[{ required: true, message: t('auth.required', { field: t('auth.displayName') }) }]}>
              <Input />
            </Form.Item>
            <Form.Item name={[k, 'password']} label={t('auth.password')} rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name={[k, 'confirm']}
              label={t('auth.passwordConfirm')}
              dependencies={[[k, 'password']]}
              rules={[
                { required: true, message: t('auth.required', { field: t('auth.passwordConfirm') }) },
                ({ getFieldValue }) => ({
                  validator: (_r, value) => (!value || getFieldValue([k, 'password']) === value ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </div>
        ))}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
          {pick(A.setupSubmit)}
        </Button>
      </Form>
    </AuthFrame>
  );
}
