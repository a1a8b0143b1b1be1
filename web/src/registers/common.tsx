// Shared pieces of the register pages: the server's labels, and a drawer form that sends to the
// registers API and puts the server's field messages on the fields. An edit sends the version it
// was read at; when someone else saved first (CONFLICT_STALE) the message is shown and the
// caller reloads the record into the form (`onStale`).
import type { ReactNode } from 'react';
import { App, Button, Drawer, Form, Space, type FormInstance } from 'antd';
import type { Bilingual } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n';
import { api, ApiError } from '../lib/api';
import { useServerForm } from '../lib/use-server-form';
import { useApi } from '../lib/use-api';
import { ErrorAlert } from '../components/error-alert';
import { cleanInput } from '../case/action-specs';
import { useFocusReturn } from '../components/focus-return';

export interface RegisterLabels {
  unitKinds: Record<string, Bilingual>;
  certificateStatuses: Record<string, Bilingual>;
  certificateTransitions: Record<string, string[]>;
  originalCaseKinds: Record<string, Bilingual>;
  deliberationOpinions: Record<string, Bilingual>;
  participantRoles: Record<string, Bilingual>;
  wc5Sources: Record<string, Bilingual>;
}

export function useRegisterLabels(): RegisterLabels | undefined {
  return useApi<RegisterLabels>('/api/v1/registers/labels').data;
}

export const CERT_COLORS: Record<string, string> = { valid: 'green', suspended: 'orange', revoked: 'red', expired: 'default', not_yet_valid: 'blue' };

/** A drawer with a form that sends `transform(values)` to `method path`, then calls onSaved. */
export function FormDrawer<T extends object>({
  open,
  title,
  form,
  name,
  method,
  path,
  transform,
  onClose,
  onSaved,
  children,
  width = 520,
  initialValues,
  onStale,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<T>;
  name: string;
  method: 'POST' | 'PATCH' | 'PUT';
  path: string;
  transform?: (v: T) => unknown;
  onClose: () => void;
  onSaved: (r: unknown) => void;
  children: ReactNode;
  width?: number;
  initialValues?: Partial<T>;
  /** the record changed since it was read: reload it (the form is refilled by the caller) */
  onStale?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { busy, error, unplaced, run } = useServerForm(form);
  useFocusReturn(open);
  const submit = (v: T) =>
    run(async () => {
      try {
        const r = await api(method, path, { body: transform ? transform(v) : cleanInput(v) });
        message.success(t('common.saved'));
        onSaved(r);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'CONFLICT_STALE') onStale?.();
        throw e;
      }
    });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={width}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid={`${name}-save`}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} fields={unplaced} />
      <Form form={form} layout="vertical" name={name} onFinish={(v) => void submit(v)} initialValues={initialValues}>
        {children}
      </Form>
    </Drawer>
  );
}
