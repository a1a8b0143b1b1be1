// The bell in the header (issue 12): unread count, the latest notifications in a popover, a
// click opens the case and marks the notification read. The count is polled once a minute.
import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, List, Popover, Space, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import type { DictKey } from '../i18n/dict';
import { get, post } from '../lib/api';
import { EP } from '../lib/endpoints';

export interface NotificationItem {
  id: string;
  kind: string;
  level: string;
  caseId: string | null;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export const LEVEL_COLOR: Record<string, string> = { info: 'blue', warning: 'orange', urgent: 'red' };
export const kindKey = (k: string): DictKey => `ntf.kind.${k}` as DictKey;

export function NotificationBell() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<NotificationItem[]>([]);
  const [open, setOpen] = useState(false);

  const refresh = useCallback(() => {
    get<{ unread: number }>(EP.notificationsUnread)
      .then((r) => setUnread(r.unread))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 60_000);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => {
    if (!open) return;
    get<{ unread: number; items: NotificationItem[] }>(`${EP.notifications}?limit=10`)
      .then((r) => {
        setItems(r.items);
        setUnread(r.unread);
      })
      .catch(() => undefined);
  }, [open]);

  const openItem = async (n: NotificationItem) => {
    if (!n.readAt) {
      const r = await post<{ unread: number }>(EP.notificationRead(n.id)).catch(() => null);
      if (r) setUnread(r.unread);
    }
    setOpen(false);
    if (n.link) navigate(n.link);
  };

  const content = (
    <div style={{ width: 380 }} data-testid="notification-popover">
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('ntf.none') }}
        renderItem={(n) => (
          <List.Item style={{ cursor: 'pointer', opacity: n.readAt ? 0.6 : 1 }} onClick={() => void openItem(n)} data-testid="notification-item">
            <List.Item.Meta
              title={
                <Space size={4}>
                  <Tag color={LEVEL_COLOR[n.level] ?? 'default'}>{t(kindKey(n.kind))}</Tag>
                  <Typography.Text strong={!n.readAt}>{pick({ zh: n.titleZh, en: n.titleEn })}</Typography.Text>
                </Space>
              }
              description={pick({ zh: n.bodyZh, en: n.bodyEn })}
            />
          </List.Item>
        )}
      />
      <div style={{ textAlign: 'right', paddingTop: 8 }}>
        <Button
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('ntf.all')}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" title={t('ntf.bell')}>
      <Button type="text" aria-label={t('ntf.bell')} title={unread ? t('ntf.unread', { n: unread }) : t('ntf.bell')} data-testid="notification-bell" style={{ height: 40 }}>
        <Badge count={unread} size="small" data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
