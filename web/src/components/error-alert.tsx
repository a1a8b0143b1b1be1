// How a server error looks to a user: the message in their language, as a sentence. Field errors
// a form could not place are listed as the server's sentences (each names its field by label).
// The stable error code and the other language stay behind 「技术详情」 for support (issue 13: no
// error code shown unless asked).
import { Alert, Typography } from 'antd';
import { ApiError, type FieldError } from '../lib/api';
import { colon, useI18n } from '../i18n/i18n';

export function errorText(err: unknown, lang: 'zh' | 'en'): { title: string; other: string; code: string } {
  if (err instanceof ApiError) return { title: lang === 'zh' ? err.zh : err.en, other: lang === 'zh' ? err.en : err.zh, code: err.code };
  const msg = err instanceof Error ? err.message : String(err);
  return { title: lang === 'zh' ? '系统错误' : 'Unexpected error', other: msg, code: 'CLIENT' };
}

export function ErrorAlert({ error, fields, onClose, style }: { error: unknown; fields?: FieldError[]; onClose?: () => void; style?: React.CSSProperties }) {
  const { lang, t } = useI18n();
  if (!error) return null;
  const { title, other, code } = errorText(error, lang);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16, ...style }}
      title={title}
      closable={onClose ? { onClose } : false}
      description={
        <div>
          {fields?.length ? (
            <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
              {fields.map((f, i) => (
                <li key={i}>
                  {lang === 'zh' ? f.zh : f.en}
                </li>
              ))}
            </ul>
          ) : null}
          <details style={{ marginTop: 4 }}>
            <summary style={{ cursor: 'pointer', fontSize: 12 }}>{t('error.details')}</summary>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {other && other !== title ? <div>{other}</div> : null}
              {t('error.code')}
              {colon(lang)}
              <span data-testid="error-code">{code}</span>
            </Typography.Text>
          </details>
        </div>
      }
    />
  );
}
