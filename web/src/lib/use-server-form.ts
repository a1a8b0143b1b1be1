// One submit pattern for every form that talks to the server: a busy flag, the error to show,
// and the server's field messages placed on the form (those with no field are kept for the
// error banner). `run` wraps the request; `reset` clears the error when a form is reopened.
import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { useI18n } from '../i18n/i18n';
import { ApiError, type FieldError } from './api';
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
        const unplaced = applyServerErrors(form, e, lang);
        // Every field message sits under its field: the box above says so, in words, rather than
        // repeating the first one (which names the field by the server's general label).
        const allPlaced = e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.fields.length > 0 && unplaced.length === 0;
        setError(allPlaced ? new ApiError(e.status, e.code, `输入不符合要求：请按各项下方的提示修改（共 ${e.fields.length} 处）。`, `Some entries need correcting: see the message under each field (${e.fields.length}).`, e.details) : e);
        setUnplaced(unplaced);
      } finally {
        setBusy(false);
      }
    },
    [form, lang],
  );
  return { busy, error, unplaced, run, reset };
}
