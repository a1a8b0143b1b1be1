// A reason the server asks for before it takes a step it would otherwise refuse: a late entry
// dated earlier than the day it is recorded (补录理由, FL-5(1) honest dates: BACKDATE_REASON_REQUIRED),
// or meeting again on a matter an earlier meeting has not been carried out on (FL-15:
// MEETING_RESULT_PENDING). The field appears only once the server has asked (its message, in the
// error above it, says why); the reason is sent with the next attempt and kept on the record.
import { Alert, Input } from 'antd';
import { ApiError } from '../lib/api';
import { useI18n } from '../i18n/i18n';

export type AskedReasonKind = 'backdate' | 'reconvene';

const CODES: Record<string, AskedReasonKind> = { BACKDATE_REASON_REQUIRED: 'backdate', MEETING_RESULT_PENDING: 'reconvene' };

/** Which reason an error asks for (null: none). */
export function askedReasonOf(e: unknown): AskedReasonKind | null {
  return e instanceof ApiError ? (CODES[e.code] ?? null) : null;
}

/** The field the reason travels in. */
export const ASKED_REASON_FIELD: Record<AskedReasonKind, 'backdateReason' | 'reconveneReason'> = { backdate: 'backdateReason', reconvene: 'reconveneReason' };

const TEXT = {
  backdate: {
    label: { zh: '补录理由', en: 'Reason for the earlier date' },
    hint: {
      zh: '此日期早于录入之日，或所涉期限在录入前已届满：请写明按何记录补录（如收文登记、会议记录），理由将记入案件时间线并计入补录统计。',
      en: 'The date is before the day of entry, or a deadline it meets had passed before this entry: say which record it is entered from (a register, the minutes). The reason is kept on the timeline and counted as a late entry.',
    },
  },
  reconvene: {
    label: { zh: '重新召开会议的理由', en: 'Reason for meeting again' },
    hint: {
      zh: '本案已有同一事项的会议尚未执行：请写明为何重新召开（如认定已变更、原会议不足法定人数）。原会议将标记为已另行召开，不能再据以办理。',
      en: 'A meeting on this matter has not been carried out: say why the body meets again (the findings changed, the earlier meeting was not quorate). The earlier meeting is marked as set aside and can no longer be carried out.',
    },
  },
} as const;

export function AskedReason({ kind, value, onChange }: { kind: AskedReasonKind; value: string; onChange: (v: string) => void }) {
  const { pick } = useI18n();
  const text = TEXT[kind];
  const id = `asked-reason-${kind}`;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={<label htmlFor={id}>{pick(text.label)}</label>}
      description={
        <>
          <div style={{ marginBottom: 8 }}>{pick(text.hint)}</div>
          <Input.TextArea id={id} data-testid={id} rows={2} maxLength={1000} value={value} onChange={(e) => onChange(e.target.value)} />
        </>
      }
    />
  );
}
