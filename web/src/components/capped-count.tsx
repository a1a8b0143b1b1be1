// A count the server stops at a cap (issue 14 point 5: the queue's counts are exact up to 999):
// above it "999+", with the words "more than 999" as its tooltip and accessible name.
import { Tooltip } from 'antd';
import { useI18n } from '../i18n/i18n';

export function CappedCount({ count, capped, testId }: { count: number; capped: boolean; testId?: string }) {
  const { t } = useI18n();
  if (!capped) return <span data-testid={testId}>{count}</span>;
  const words = t('queue.moreThan', { n: count });
  return (
    <Tooltip title={words}>
      <span aria-label={words} title={words} data-testid={testId}>
        {`${count}+`}
      </span>
    </Tooltip>
  );
}
