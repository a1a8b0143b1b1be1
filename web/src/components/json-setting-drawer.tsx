// A setting kept as one JSON document (案卷评查标准, 预警规则): shown as formatted JSON, edited
// in place, saved with PUT; the server validates it (zod) and answers with field messages.
import { useEffect, useState } from 'react';
import { App, Button, Drawer, Input, Space, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';
import { put } from '../lib/api';
import { ErrorAlert } from './error-alert';
import { useFocusReturn } from './focus-return';

export function JsonSettingDrawer<T>({ title, path, pick, hint, editable, onClose }: { title: string; path: string; pick: (d: T) => unknown; hint?: string; editable: boolean; onClose: () => void }) {
  useFocusReturn();
  const { t } = useI18n();
  const { message } = App.useApp();
  const d = useApi<T>(path);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (d.data) setText(JSON.stringify(pick(d.data), null, 2));
  }, [d.data, pick]);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await put(path, JSON.parse(text));
      void message.success(t('common.save'));
      d.reload();
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(`JSON: ${e.message}`) : e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open size={720} title={title} onClose={onClose}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
        <ErrorAlert error={error} />
        <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={28} readOnly={!editable} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        {editable ? (
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('common.save')}
          </Button>
        ) : null}
      </Space>
    </Drawer>
  );
}
