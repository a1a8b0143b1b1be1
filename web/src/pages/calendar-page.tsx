// The working-day calendar the deadlines are counted on (WC-9(1) working days; FL-16 calendar
// days), month by month.
import { useState } from 'react';
import { Card } from 'antd';
import { useI18n } from '../i18n/i18n';
import { chinaDateOf } from '../lib/dates';
import { MonthCalendar } from '../components/month-calendar';

export default function CalendarPage() {
  const { t } = useI18n();
  const today = chinaDateOf(new Date());
  const [ym, setYm] = useState({ year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) });
  return (
    <Card title={t('cal.title')} style={{ maxWidth: 900 }}>
      <MonthCalendar year={ym.year} month={ym.month} onMove={(year, month) => setYm({ year, month })} marks={{ [today]: t('date.today') }} />
    </Card>
  );
}
