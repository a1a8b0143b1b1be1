// 「加载更多 / Load more」 under a paged list (the case's evidence): how many of how many are
// shown, and the button while there are more pages.
import { Button, Space, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from '../components/error-alert';
import type { EvidencePages } from './evidence-pages';

/** 「加载更多」 under a paged list: how many of how many are shown, and the button while there are more. */
export function LoadMore({ shown, total, pages }: { shown: number; total: number; pages: Pick<EvidencePages, 'hasMore' | 'loading' | 'error' | 'loadMore'> }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
      <Space>
        <Typography.Text type="secondary" data-testid="evidence-shown">
          {t('casePage.evShown', { shown, total })}
        </Typography.Text>
        {pages.hasMore ? (
          <Button size="small" onClick={pages.loadMore} loading={pages.loading} data-testid="evidence-load-more">
            {t('common.loadMore')}
          </Button>
        ) : null}
      </Space>
      {pages.error ? <ErrorAlert error={pages.error} /> : null}
    </Space>
  );
}
