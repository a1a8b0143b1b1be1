import { Button } from 'antd';
import { Notice } from '../components/notice';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Notice
      status="info"
      title="404"
      subTitle={t('error.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
