// How a server error looks to a user: the message in their language, the other language below,
// and the stable error code they can quote to support. Field errors a form could not place are
// listed with their field path.
import { Alert, Typography } from 'antd';
import { ApiError, type FieldError } from '../lib/api';
import { useI18n } from '../i18n/i18n';

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
          {other && other !== title ? <div>{other}</div> : null}
          {fields?.length ? (
            <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
              {fields.map((f, i) => (
                <li key={i}>
                  {f.path ? <Typography.Text code>{f.path}</Typography.Text> : null} {lang === 'zh' ? f.zh : f.en}
                </li>
              ))}
            </ul>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('error.code')}: <span data-testid="error-code">{code}</span>
          </Typography.Text>
        </div>
      }
    />
  );
}
