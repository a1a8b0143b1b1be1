// One submit pattern for every form that talks to the server: a busy flag, the error to show,
// and the server's field messages placed on the form (those with no field are kept for the
// error banner). `run` wraps the request; `reset` clears the error when a form is reopened.
import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { useI18n } from '../i18n/i18n';
import type { FieldError } from './api';
import { applyServerErrors } from './form-errors';

export function useServerForm(form: Pick<FormInstance, 'setFields' | 'getFieldInstance'> | null) {
  const { lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const reset = useCallback(() => {
    setError(null);
    setUnplaced([]);
  }, []);
  const run = useCallback(
    async (request: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      setUnplaced([]);
      try {
        await request();
      } catch (e) {
        setError(e);
        setUnplaced(applyServerErrors(form, e, lang));
      } finally {
        setBusy(false);
      }
    },
    [form, lang],
  );
  return { busy, error, unplaced, run, reset };
}
