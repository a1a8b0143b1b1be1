// A page whose data failed to load: the coded error and a retry, never a blank page. A 403 or a
// missing endpoint gets its own calm wording.
import { Button } from 'antd';
import { Notice } from './notice';
import { ApiError } from '../lib/api';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './error-alert';

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  if (error instanceof ApiError && error.status === 403) {
    return <Notice status="forbidden" title="403" subTitle={`${t('error.forbidden')} — ${lang === 'zh' ? error.zh : error.en}`} />;
  }
  if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND') {
    return <Notice status="info" title={t('common.notAvailable')} subTitle={<code>{error.zh.replace(/^[^：]*：/, '')}</code>} />;
  }
  return (
    <div>
      <ErrorAlert error={error} />
      {onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : null}
    </div>
  );
}
