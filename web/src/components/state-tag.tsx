import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';
import { STATE_COLORS, TRACK_LABELS } from '../case/labels';

export function StateTag({ state, zh, en }: { state: string; zh: string; en: string }) {
  const { term } = useI18n();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="state-tag" data-state={state}>
      {term({ zh, en })}
    </Tag>
  );
}

export function TrackTags({ tracks }: { tracks: readonly string[] }) {
  const { term } = useI18n();
  return (
    <>
      {tracks.map((t) => (
        <Tag key={t} color={t === 'FL' ? 'volcano' : 'purple'} variant="outlined">
          {t} {term(TRACK_LABELS[t] ?? { zh: t, en: t })}
        </Tag>
      ))}
    </>
  );
}
