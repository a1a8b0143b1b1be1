// A page whose data failed to load: the coded error and a retry, never a blank page. A 403 or a
// missing endpoint gets its own calm wording.
import { Button, Typography } from 'antd';
import { Notice } from './notice';
import { ApiError } from '../lib/api';
import { colon, useI18n } from '../i18n/i18n';
import { ErrorAlert } from './error-alert';

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  if (error instanceof ApiError && error.status === 403) {
    // the server's words name the permission by its key (缺少权限 stats.read): behind 技术详情, with the code
    return (
      <Notice status="forbidden" title="403" subTitle={t('error.forbidden')}>
        <details data-testid="forbidden-details">
          <summary style={{ cursor: 'pointer', fontSize: 12, color: 'rgba(0,0,0,.62)' }}>{t('error.details')}</summary>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'zh' ? error.zh : error.en} · {t('error.code')}
            {colon(lang)}
            <span data-testid="error-code">{error.code}</span>
          </Typography.Text>
        </details>
      </Notice>
    );
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
