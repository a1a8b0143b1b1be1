// Inputs that store what the API takes: dates as 'YYYY-MM-DD' strings (China dates), money as
// integer fen (分) while the user types yuan (元).
import { DatePicker, InputNumber } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../i18n/i18n';

export function DateInput({ value, onChange, id, disabled }: { value?: string | null; onChange?: (v: string | undefined) => void; id?: string; disabled?: boolean }) {
  const { lang } = useI18n();
  return (
    <DatePicker
      id={id}
      disabled={disabled}
      style={{ width: '100%' }}
      format={lang === 'zh' ? 'YYYY年M月D日' : 'YYYY-MM-DD'}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
    />
  );
}

/** Money in fen (分), typed as yuan (元) with two decimals. */
export function FenInput({ value, onChange, id, disabled }: { value?: number | null; onChange?: (v: number | undefined) => void; id?: string; disabled?: boolean }) {
  return (
    <InputNumber<number>
      id={id}
      disabled={disabled}
      style={{ width: '100%' }}
      min={0}
      precision={2}
      suffix="元"
      value={value === undefined || value === null ? null : value / 100}
      onChange={(yuan) => onChange?.(yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100))}
    />
  );
}

export { formatFen } from '../lib/money';
